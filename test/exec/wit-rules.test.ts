/**
 * What the WIT says a call may do once, or may not do, on the hosts: a 0.3
 * TCP socket's `receive` and `send` ("may be called only once per socket";
 * "at most once"), and the immutable headers of a request or response
 * (wasi:http 0.2.12 and 0.3.0: `set`, `append` and `delete` fail with
 * `header-error.immutable`), the fields methods and errors, and an `own`
 * argument moving its resource (a later use traps). Each used to succeed
 * here, where a runtime refuses it.
 */
import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import { out } from './hostile/helpers.js';

const body = (r: Awaited<ReturnType<typeof run03>>): string =>
  r.trace.filter((e) => e.ch === 'http.response' && e.text.startsWith('body ')).map((e) => e.text.slice(5)).join('');

test("0.3 tcp: a second `receive` gives a closed stream and err(invalid-state); a second `send` err(invalid-state), its bytes never sent (the peer echoes the first send's only); the first ones work", async () => {
  const r = await run03(
    loadFixture('tcp-client', process.cwd()),
    0,
    `import { resolveAddresses } from 'wasi:sockets/ip-name-lookup@0.3.0';
import { TcpSocket } from 'wasi:sockets/types@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const enc = new TextEncoder();
const dec = new TextDecoder();
export const run = { async run() {
  const [address] = await resolveAddresses('kv.example');
  const socket = TcpSocket.create('ipv4');
  await socket.connect({ tag: 'ipv4', val: { port: 6379, address: address.val } });
  const [incoming, received] = socket.receive();
  const sent = socket.send((async function* () { yield* enc.encode('PING\\r\\n'); })());
  const sentAgain = socket.send((async function* () { yield* enc.encode('AGAIN\\r\\n'); })());
  const [incomingAgain, receivedAgain] = socket.receive();
  const again = [];
  for await (const b of incomingAgain) again.push(b);
  const bytes = [];
  for await (const b of incoming) bytes.push(b);
  const line = [JSON.stringify(dec.decode(Uint8Array.from(bytes))), JSON.stringify(await sent), JSON.stringify(await received),
    again.length, JSON.stringify(await receivedAgain), JSON.stringify(await sentAgain)].join(' ') + '\\n';
  await writeViaStream((async function* () { yield* enc.encode(line); })());
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(out(r.trace)).toBe(
    '"PING\\\\r\\\\n" {"tag":"ok"} {"tag":"ok"} 0 {"tag":"err","val":{"tag":"invalid-state"}} {"tag":"err","val":{"tag":"invalid-state"}}\\n',
  );
});

/** 0.2 guest text: a GET to the http-proxy scenario's upstream, its response as `upstream`. */
const GET_UPSTREAM02 = `  const req = new OutgoingRequest(new Fields());
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority('origin.example');
  req.setPathWithQuery('/docs/readme?v=2');
  const future = handle(req, undefined);
  future.subscribe().block();
  const upstream = future.get().val.val;`;
/** 0.2 guest text: the handler's response, `seen` joined as its body. */
const REPLY02 = `  const response = new OutgoingResponse(new Fields());
  const b = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const o = b.write();
  o.blockingWriteAndFlush(enc.encode(seen.join(', ')));
  o[Symbol.dispose]();
  OutgoingBody.finish(b, undefined);`;

/** What a mutation of `fields` gave: `ok`, or the error's payload tag. */
const TRY = `const tryIt = (what, f) => { try { f(); return what + ' ok'; } catch (e) { return what + ' ' + e.payload?.tag; } };`;

test('0.3 http: the headers of a request or response (get-headers, and the fields it was made with) are immutable; new and cloned fields are not', async () => {
  const r = await run03(
    loadFixture('http-hello', process.cwd()),
    0,
    `import { Fields, Response } from 'wasi:http/types@0.3.0';
const enc = new TextEncoder();
${TRY}
export const handler = { async handle(request) {
  const v = enc.encode('v');
  const seen = [tryIt('request delete', () => request.getHeaders().delete('accept'))];
  const fields = new Fields();
  seen.push(tryIt('new append', () => fields.append('x-a', v)));
  let done;
  const all = new Promise((resolve) => (done = resolve));
  const [response] = Response.new(fields, (async function* () { yield* enc.encode((await all).join(', ')); })(), Promise.resolve({ tag: 'ok', val: undefined }));
  seen.push(tryIt('response set', () => response.getHeaders().set('x-b', [v])));
  seen.push(tryIt('clone append', () => response.getHeaders().clone().append('x-d', v)));
  done(seen);
  return response;
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(body(r)).toBe('request delete immutable, new append ok, response set immutable, clone append ok');
});

test('0.2 http: incoming and outgoing headers() are immutable as the WIT says; new and cloned fields are not', async () => {
  const r = await run02(
    loadFixture('http-hello', process.cwd()),
    0,
    `import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
const enc = new TextEncoder();
${TRY}
export const incomingHandler = { handle(request, responseOut) {
  const v = enc.encode('v');
  const seen = [tryIt('request delete', () => request.headers().delete('accept'))];
  const fields = new Fields();
  seen.push(tryIt('new append', () => fields.append('x-a', v)));
  const response = new OutgoingResponse(fields);
  seen.push(tryIt('response set', () => response.headers().set('x-b', [v])));
  seen.push(tryIt('clone append', () => response.headers().clone().append('x-d', v)));
  const b = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const o = b.write();
  o.blockingWriteAndFlush(enc.encode(seen.join(', ')));
  o[Symbol.dispose]();
  OutgoingBody.finish(b, undefined);
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(body(r)).toBe('request delete immutable, new append ok, response set immutable, clone append ok');
});

test("0.2 http: an upstream response's headers() and its trailers (future-trailers.get) are immutable", async () => {
  const r = await run02(
    loadFixture('http-proxy', process.cwd()),
    0,
    `import { Fields, OutgoingRequest, OutgoingResponse, OutgoingBody, IncomingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';
const enc = new TextEncoder();
${TRY}
export const incomingHandler = { handle(request, responseOut) {
  const v = enc.encode('v');
${GET_UPSTREAM02}
  const seen = [tryIt('headers append', () => upstream.headers().append('x-a', v))];
  const inBody = upstream.consume();
  const input = inBody.stream();
  for (;;) { try { input.blockingRead(1024n); } catch (e) { if (e.payload?.tag === 'closed') break; throw e; } }
  const trailers = IncomingBody.finish(inBody);
  trailers.subscribe().block();
  const t = trailers.get().val.val;
  seen.push(tryIt('trailers delete', () => t.delete('x-digest')));
${REPLY02}
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(body(r)).toBe('headers append immutable, trailers delete immutable');
});

/** What each fields call gave, in order: a JSON of its result (values as text), or the error's payload tag. */
const FIELDS_PROBE = `const dec = new TextDecoder();
const show = (r) => Array.isArray(r) ? r.map((e) => Array.isArray(e) ? [e[0], dec.decode(e[1])] : dec.decode(e)) : r;
const probe = (f) => { try { return JSON.stringify(show(f()) ?? null); } catch (e) { return 'err ' + e.payload?.tag; } };`;

test('0.3 fields: the WIT method set (get-and-delete gives the values it deletes), names kept in their casing and compared case-insensitively, bad or forbidden names and values refused as preview3-shim refuses them', async () => {
  const r = await run03(
    loadFixture('http-hello', process.cwd()),
    0,
    `import { Fields, Response } from 'wasi:http/types@0.3.0';
const enc = new TextEncoder();
${FIELDS_PROBE}
export const handler = { async handle(request) {
  const v = (s) => enc.encode(s);
  const f = Fields.fromList([['X-Trace', v('a')], ['Accept', v('text/plain')]]);
  const seen = [
    probe(() => f.append('x-trace', v('b'))),
    probe(() => f.copyAll()),
    probe(() => f.get('X-TRACE')),
    probe(() => f.has('x-trace')),
    probe(() => f.getAndDelete('x-TRACE')),
    probe(() => f.has('X-Trace')),
    probe(() => f.getAndDelete('x-absent')),
    probe(() => f.set('Content-Type', [v('text/plain')])),
    probe(() => f.copyAll()),
    probe(() => f.append('bad name', v('x'))),
    probe(() => f.append('x-ok', v('a\\nb'))),
    probe(() => f.set('Transfer-Encoding', [v('chunked')])),
    probe(() => f.delete('host')),
    probe(() => Fields.fromList([['connection', v('close')]])),
    probe(() => request.getHeaders().getAndDelete('accept')),
    probe(() => request.getHeaders().get('Accept')),
  ];
  const [response] = Response.new(new Fields(), (async function* () { yield* enc.encode(seen.join(' | ')); })(), Promise.resolve({ tag: 'ok', val: undefined }));
  return response;
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(body(r)).toBe(
    [
      'null',
      '[["X-Trace","a"],["Accept","text/plain"],["X-Trace","b"]]',
      '["a","b"]',
      'true',
      '["a","b"]',
      'false',
      '[]',
      'null',
      '[["Accept","text/plain"],["Content-Type","text/plain"]]',
      'err invalid-syntax',
      'err invalid-syntax',
      'err forbidden',
      'err forbidden',
      'err forbidden',
      'err immutable',
      '["text/plain"]',
    ].join(' | '),
  );
});

test('0.2 fields: names kept in their casing (an appended value its own, as preview2-shim) and compared case-insensitively; bad names and values, and preview2-shim\'s forbidden names, refused', async () => {
  const r = await run02(
    loadFixture('http-hello', process.cwd()),
    0,
    `import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
const enc = new TextEncoder();
${FIELDS_PROBE}
export const incomingHandler = { handle(request, responseOut) {
  const v = (s) => enc.encode(s);
  const f = Fields.fromList([['X-Trace', v('a')]]);
  const seen = [
    probe(() => f.append('x-trace', v('b'))),
    probe(() => f.entries()),
    probe(() => f.get('X-TRACE')),
    probe(() => f.delete('X-TRACE')),
    probe(() => f.has('x-trace')),
    probe(() => f.append('bad name', v('x'))),
    probe(() => f.set('x-ok', [v('a\\rb')])),
    probe(() => f.set('Host', [v('a.example')])),
    probe(() => f.set('Upgrade', [v('h2c')])),
    probe(() => f.entries()),
    probe(() => f.getAndDelete),
  ];
  const response = new OutgoingResponse(new Fields());
  const b = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const o = b.write();
  o.blockingWriteAndFlush(enc.encode(seen.join(' | ')));
  o[Symbol.dispose]();
  OutgoingBody.finish(b, undefined);
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(body(r)).toBe(
    [
      'null',
      '[["X-Trace","a"],["x-trace","b"]]',
      '["a","b"]',
      'null',
      'false',
      'err invalid-syntax',
      'err invalid-syntax',
      'err forbidden',
      'null',
      '[["Upgrade","h2c"]]',
      'null',
    ].join(' | '),
  );
});

/** A guest that reports on stdout how far it got, so a trap shows where it hit. */
const MOVES03 = (body: string) => `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const enc = new TextEncoder();
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
const say = (line) => writeViaStream((async function* () { yield* enc.encode(line + '\\n'); })());
export const run = { async run() {
${body}
} };`;

describe('an own argument moves its resource: a later use of the handle traps, as in a component (caught or not)', () => {
  test('0.3: fields given to Request.new, read afterwards', async () => {
    const r = await run03(
      loadFixture('cli-hello', process.cwd()),
      0,
      MOVES03(`  const fields = new Fields();
  fields.append('x-a', enc.encode('1'));
  const [req] = Request.new(fields, undefined, ok(), undefined);
  await say('made ' + req.getHeaders().has('x-a'));
  try { fields.get('x-a'); } catch (e) { await say('caught'); }
  await say('after');`),
    );
    expect(r.verdict).toMatch(/^trap: the guest used a resource handle it no longer owns: it was moved into Request\.new\(\.\.\.\)/);
    expect(out(r.trace)).toBe('made true\\n');
  });

  test('0.3: a response used after Response.consumeBody took it; one read before is fine', async () => {
    const r = await run03(
      loadFixture('http-proxy', process.cwd()),
      0,
      `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
export const handler = { async handle(request) {
  const [req] = Request.new(new Fields(), undefined, ok(), undefined);
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority('origin.example');
  req.setPathWithQuery('/docs/readme?v=2');
  const upstream = await send(req);
  const status = upstream.getStatusCode();
  const [body, trailers] = Response.consumeBody(upstream, ok());
  const [response] = Response.new(new Fields(), body, trailers);
  response.setStatusCode(upstream.getStatusCode() + status);
  return response;
} };`,
    );
    expect(r.verdict).toMatch(/^trap: .* it was moved into Response\.consumeBody\(\.\.\.\)/);
  });

  test('0.2: dropping what a call took (an outgoing body after OutgoingBody.finish), or dropping a stream twice, does nothing (jco empties the dispose of what it moves or drops)', async () => {
    const r = await run02(
      loadFixture('http-hello', process.cwd()),
      0,
      `import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
const enc = new TextEncoder();
export const incomingHandler = { handle(request, responseOut) {
  const response = new OutgoingResponse(new Fields());
  const b = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const o = b.write();
  o.blockingWriteAndFlush(enc.encode('hi'));
  o[Symbol.dispose]();
  o[Symbol.dispose]();
  OutgoingBody.finish(b, undefined);
  b[Symbol.dispose]();
} };`,
    );
    expect(r.verdict).toBeNull();
  });

  test('0.3: every resource can be dropped (jco gives each one a [Symbol.dispose]); dropping a response Response.consumeBody took, or dropping one twice, does nothing', async () => {
    const r = await run03(
      loadFixture('http-proxy', process.cwd()),
      0,
      `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
export const handler = { async handle(request) {
  const [req] = Request.new(new Fields(), undefined, ok(), undefined);
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority('origin.example');
  req.setPathWithQuery('/docs/readme?v=2');
  const upstream = await send(req);
  const [body, trailers] = Response.consumeBody(upstream, ok());
  upstream[Symbol.dispose]();
  upstream[Symbol.dispose]();
  const extra = new Fields();
  extra[Symbol.dispose]();
  extra[Symbol.dispose]();
  const [response] = Response.new(new Fields(), body, trailers);
  return response;
} };`,
    );
    expect(r.verdict).toBeNull();
  });

  test('0.3: a request used after send; a second send of it', async () => {
    for (const after of ['req.getMethod();', 'await send(req);']) {
      const r = await run03(
        loadFixture('http-proxy', process.cwd()),
        0,
        `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
export const handler = { async handle(request) {
  const [req] = Request.new(new Fields(), undefined, ok(), undefined);
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority('origin.example');
  req.setPathWithQuery('/docs/readme?v=2');
  const upstream = await send(req);
  ${after}
  const [response] = Response.new(new Fields(), undefined, ok());
  return response;
} };`,
      );
      expect(r.verdict).toMatch(/^trap: .* it was moved into send\(\.\.\.\)/);
    }
  });

  test('0.2: fields given to new OutgoingRequest; an outgoing body finished twice; an output stream used after its drop; a response set in the outparam\'s result', async () => {
    const cases: Array<[string, RegExp]> = [
      ["const f = new Fields(); const req = new OutgoingRequest(f); f.has('x');", /moved into new OutgoingRequest\(\.\.\.\)/],
      ['OutgoingBody.finish(b, undefined); OutgoingBody.finish(b, undefined);', /moved into OutgoingBody\.finish\(\.\.\.\)/],
      ["o[Symbol.dispose](); o.blockingWriteAndFlush(enc.encode('late'));", /it was dropped/],
      // Inside a result<outgoing-response, error-code>: the response moves with the outparam.
      ['response.statusCode();', /moved into ResponseOutparam\.set\(\.\.\.\)/],
    ];
    for (const [code, why] of cases) {
      const r = await run02(
        loadFixture('http-hello', process.cwd()),
        0,
        `import { Fields, OutgoingRequest, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
const enc = new TextEncoder();
export const incomingHandler = { handle(request, responseOut) {
  const response = new OutgoingResponse(new Fields());
  const b = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const o = b.write();
  o.blockingWriteAndFlush(enc.encode('hi'));
  if (${JSON.stringify(code)}.startsWith('o[')) { ${code} }
  o[Symbol.dispose]();
  ${code.startsWith('o[') ? '' : code}
  if (!${JSON.stringify(code)}.startsWith('OutgoingBody')) OutgoingBody.finish(b, undefined);
} };`,
      );
      expect(r.verdict).toMatch(/^trap: the guest used a resource handle it no longer owns/);
      expect(r.verdict).toMatch(why);
    }
  });

  test('what is not moved stays: a method\'s self, a borrow<> (poll\'s pollables), two headers() handles: dropping one leaves the other', async () => {
    const r = await run02(
      loadFixture('http-hello', process.cwd()),
      0,
      `import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
import { poll } from 'wasi:io/poll@0.2.12';
const enc = new TextEncoder();
export const incomingHandler = { handle(request, responseOut) {
  const h1 = request.headers();
  const h2 = request.headers();
  h1[Symbol.dispose]();
  const seen = [h2.has('accept'), h2.has('accept')];
  const response = new OutgoingResponse(new Fields());
  const b = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const o = b.write();
  const p = o.subscribe();
  poll([p]);
  poll([p]);
  p[Symbol.dispose]();
  o.blockingWriteAndFlush(enc.encode(seen.join(' ')));
  o[Symbol.dispose]();
  OutgoingBody.finish(b, undefined);
} };`,
    );
    expect(r.verdict).toBeNull();
    expect(body(r)).toBe('true true');
  });
});

test("0.2 http: what the WIT gives at most once: an incoming request's consume, an incoming body's stream, a future-trailers' get (then an error)", async () => {
  const r = await run02(
    loadFixture('http-proxy', process.cwd()),
    0,
    `import { Fields, OutgoingRequest, OutgoingResponse, OutgoingBody, IncomingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';
const enc = new TextEncoder();
const tryIt = (what, f) => { try { const v = f(); return what + ' ' + (v && typeof v === 'object' && 'tag' in v ? v.tag : 'ok'); } catch (e) { return what + ' err'; } };
export const incomingHandler = { handle(request, responseOut) {
  const seen = [tryIt('consume', () => request.consume()), tryIt('consume again', () => request.consume())];
${GET_UPSTREAM02}
  const inBody = upstream.consume();
  const input = inBody.stream();
  seen.push(tryIt('stream again', () => inBody.stream()));
  for (;;) { try { input.blockingRead(1024n); } catch (e) { if (e.payload?.tag === 'closed') break; throw e; } }
  input[Symbol.dispose]();
  const trailers = IncomingBody.finish(inBody);
  trailers.subscribe().block();
  seen.push(tryIt('get', () => trailers.get()), tryIt('get again', () => trailers.get()));
${REPLY02}
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(body(r)).toBe('consume ok, consume again err, stream again err, get ok, get again err');
});

/**
 * A failed call's error reaches the guest as jco's guest bindings throw it, on
 * both hosts: a `ComponentError` (an `Error`) whose `payload` is the error,
 * the bare `tag` undefined (src/exec/errors.ts; ComponentizeJS builds 0.2
 * guests with the same bindings). A handler that throws such an error on
 * answers with its `payload`, as jco's bindings read an export's throw.
 * (fixtures.test.ts: a port reading the bare shape diverges.)
 */
import { loadFixture, run02, run03, type Fixture } from '../../src/exec/fixture.js';
import { out } from './hostile/helpers.js';

/** An http entry with no upstream: every send fails with `DNS-error`. */
function noUpstream(): Fixture {
  const fx = loadFixture('http-proxy', process.cwd());
  return { ...fx, scenario: { entry: 'http', request: { method: 'GET', path: '/', headers: [] } } };
}

const guest = (onError: string): string => `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
export const handler = {
  async handle() {
    const [req] = Request.new(new Fields(), undefined, ok(), undefined);
    req.setAuthority('nowhere.example');
    let seen;
    try {
      await send(req);
      seen = 'sent';
    } catch (e) {
      ${onError}
    }
    const [response] = Response.new(new Fields(), (async function* () { yield* new TextEncoder().encode(seen); })(), ok());
    return response;
  },
};
`;

const lines = (r: Awaited<ReturnType<typeof run03>>): string[] => r.trace.filter((e) => e.ch === 'http.response').map((e) => e.text);

test("a failed send rejects with an Error whose payload is the error-code; the bare tag is undefined", async () => {
  const r = await run03(noUpstream(), 0, guest("seen = [e instanceof Error, e.payload.tag, String(e.tag), Object.keys(e).join(','), e.message].join(' | ');"));
  expect(r.verdict).toBeNull();
  expect(lines(r)).toContain('body true | DNS-error | undefined | payload | [object Object] (see error.payload)');
});

test("a handler throwing the caught error on answers with its payload's error-code, as jco's bindings read an export's throw", async () => {
  const r = await run03(noUpstream(), 0, guest('throw e;'));
  expect(r.verdict).toBeNull();
  expect(lines(r)).toEqual(['error DNS-error']);
});

test('tcp send and receive on an unconnected socket: no result to throw, the error is their future\'s, `err(invalid-state)` (the WIT)', async () => {
  const fx = { ...loadFixture('cli-hello', process.cwd()), scenario: { entry: 'cli' as const } };
  const r = await run03(
    fx,
    0,
    `import { TcpSocket } from 'wasi:sockets/types@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() {
  const socket = TcpSocket.create('ipv4');
  const [data, received] = socket.receive();
  const bytes = [];
  for await (const b of data) bytes.push(b);
  const sent = await socket.send((async function* () { yield 1; })());
  const line = [bytes.length, JSON.stringify(await received), JSON.stringify(sent)].join(' ') + '\\n';
  await writeViaStream((async function* () { yield* new TextEncoder().encode(line); })());
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text)).toEqual(['0 {"tag":"err","val":{"tag":"invalid-state"}} {"tag":"err","val":{"tag":"invalid-state"}}\\n']);
});

test('a handler throwing an Error with no payload fails the run, as jco\'s bindings throw it on (getErrorPayload); it is no error-code response', async () => {
  const r = await run03(noUpstream(), 0, guest("throw new Error('boom');"));
  expect(r.verdict).toMatch(/^guest-error: .*boom/);
  expect(lines(r)).toEqual(['none']);
});

describe('the 0.2 host', () => {
  const files = () => loadFixture('wc-files', process.cwd());
  const IMPORTS = `import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
const enc = new TextEncoder();
const say = (text) => getStdout().blockingWriteAndFlush(enc.encode(text + '\\n'));
`;

  test("a stream's `closed`, an enum error-code and a `result` with no error type: each a ComponentError whose payload is the error", async () => {
    const r = await run02(
      files(),
      0,
      `${IMPORTS}import { Fields, OutgoingResponse } from 'wasi:http/types@0.2.12';
const seen = (e) => [e instanceof Error, String(e.tag), JSON.stringify(e.payload), 'payload' in e, Object.keys(e).join(','), e.message].join(' ');
export const run = { run() {
  const [[root]] = getDirectories();
  const input = root.openAt({}, 'docs/empty.txt', {}, {}).readViaStream(0n);
  try { input.blockingRead(10n); } catch (e) { say(seen(e)); }
  try { root.openAt({}, 'missing.txt', {}, {}); } catch (e) { say(seen(e)); }
  const response = new OutgoingResponse(new Fields());
  response.body();
  try { response.body(); } catch (e) { say(seen(e)); }
} };`,
    );
    expect(r.verdict).toBeNull();
    expect(out(r.trace).split('\\n')).toEqual([
      'true undefined {"tag":"closed"} true payload [object Object] (see error.payload)',
      'true undefined "no-entry" true  no-entry',
      // The payload is there (`'payload' in e`), undefined: JSON.stringify gives nothing.
      'true undefined  true payload undefined (see error.payload)',
      '',
    ]);
  });

  const readLoop = (closed: string): string => `${IMPORTS}export const run = { run() {
  const [[root]] = getDirectories();
  const input = root.openAt({}, 'docs/a.txt', {}, {}).readViaStream(0n);
  let n = 0;
  for (;;) {
    try {
      n += input.blockingRead(4n).length;
    } catch (e) {
      if (${closed}) break;
      throw e;
    }
  }
  say(n + ' bytes');
} };`;

  test("a read loop testing `e.payload.tag === 'closed'` ends at the stream's end", async () => {
    const r = await run02(files(), 0, readLoop("e.payload.tag === 'closed'"));
    expect(r.verdict).toBeNull();
    expect(out(r.trace)).toBe('24 bytes\\n');
  });

  test("a read loop testing the bare `e.tag === 'closed'` never sees it (undefined, as in a ComponentizeJS build): it throws the error on, and `run` returns err", async () => {
    const r = await run02(files(), 0, readLoop("e.tag === 'closed'"));
    // jco's bindings take the ComponentError thrown out of `run` as its `err` (exit 1), as file-copy built by ComponentizeJS did.
    expect(r.verdict).toBeNull();
    expect(r.trace.find((e) => e.ch === 'exit')?.text).toBe('1');
    expect(out(r.trace)).toBe('');
  });

  test('a trap the WIT names stays a trap, which the guest cannot catch: poll of an empty list, a second response-outparam.set', async () => {
    const polled = await run02(files(), 0, `import { poll } from 'wasi:io/poll@0.2.12';
export const run = { run() { try { poll([]); } catch {} } };`);
    expect(polled.verdict).toMatch(/^trap: poll: an empty list/);
    const http = loadFixture('http-hello', process.cwd());
    const set = await run02(http, 0, `import { Fields, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';
export const incomingHandler = { handle(request, out) {
  ResponseOutparam.set(out, { tag: 'ok', val: new OutgoingResponse(new Fields()) });
  try { ResponseOutparam.set(out, { tag: 'ok', val: new OutgoingResponse(new Fields()) }); } catch {}
} };`);
    // The outparam was moved into the first set (an own): the second use of its handle traps.
    expect(set.verdict).toMatch(/^trap: .*moved into ResponseOutparam\.set\(/);
  });
});

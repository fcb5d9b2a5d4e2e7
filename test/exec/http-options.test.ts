/**
 * `wasi:http` request options (src/exec/http-options.ts), 0.2 and 0.3, in the
 * shapes real clients use: 0.2 hands a `RequestOptions` to
 * `outgoing-handler.handle`, 0.3 to `Request.new`. A slow upstream answers
 * after its first-byte timeout, or pauses in its body longer than the
 * between-bytes timeout: the request fails, or its body ends, with
 * `connection-read-timeout`, on both versions; a port that drops the options
 * is caught.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, run02, run03, type Fixture } from '../../src/exec/fixture.js';
import { validateFixture } from '../../src/exec/validate.js';
import { out } from './hostile/helpers.js';

/** One upstream: its head 200 ms after the request, then each body chunk 300 ms after the one before (the first after the head). */
function slowUpstream(): Fixture {
  const fx = loadFixture('stream-error-vs-close', process.cwd());
  return {
    ...fx,
    scenario: {
      entry: 'cli',
      args: ['client', 'slow.example'],
      upstreams: { 'slow.example': [{ path: '/slow', latencyMs: 200, chunkGapMs: 300, body: ['one ', 'two'] }] },
    },
  };
}

// The 0.2 client (also built into a real component by the agreement test) asks three times: no timeout, a first-byte
// timeout under the head latency, a between-bytes timeout under the gap.
const GUEST02 = readFileSync(join(process.cwd(), 'test/exec/components/http-client-options/component-0.2.js'), 'utf8');
const ASKS = `[['none', 0, 0], ['first-byte 100 ms', 100, 0], ['between-bytes 250 ms', 0, 250]]`;

const guest03 = (withOptions: boolean): string => `import { Fields, Request, RequestOptions, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const enc = new TextEncoder();
const MS = 1000000n;
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
async function fetchText(firstByteMs, betweenBytesMs) {
  const options = new RequestOptions();
  if (firstByteMs) options.setFirstByteTimeout(BigInt(firstByteMs) * MS);
  if (betweenBytesMs) options.setBetweenBytesTimeout(BigInt(betweenBytesMs) * MS);
  const [req] = Request.new(new Fields(), undefined, ok(), ${withOptions ? 'options' : 'undefined'});
  req.setScheme({ tag: 'HTTP' });
  req.setAuthority('slow.example');
  req.setPathWithQuery('/slow');
  const held = req.getOptions() ?? options;
  const seen = [held.getFirstByteTimeout(), held.getBetweenBytesTimeout()].map((d) => (d === undefined ? '-' : String(d / MS))).join('/');
  let response;
  try {
    response = await send(req);
  } catch (e) {
    return seen + ' error ' + e.payload.tag;
  }
  const [body, trailers] = Response.consumeBody(response, ok());
  let text = '';
  for await (const b of body) text += String.fromCharCode(b);
  const end = await trailers;
  return seen + ' "' + text + '"' + (end.tag === 'err' ? ' error ' + end.val.tag : '');
}
async function* report() {
  for (const [what, fb, bb] of ${ASKS}) yield* enc.encode(what + ': ' + (await fetchText(fb, bb)) + '\\n');
}
export const run = { async run() { await writeViaStream(report()); } };
`;

const EXPECTED = ['none: -/- "one two"', 'first-byte 100 ms: 100/- error connection-read-timeout', 'between-bytes 250 ms: -/250 "" error connection-read-timeout'].map((l) => `${l}\\n`).join('');

test('0.2: a first-byte timeout fails the request, a between-bytes timeout ends the body', async () => {
  const r = await run02(slowUpstream(), 0, GUEST02);
  expect(r.verdict).toBeNull();
  expect(out(r.trace)).toBe(EXPECTED);
});

test('0.3: the same through Request.new(..., options) and client.send; the request holds its options, immutable', async () => {
  const r = await run03(slowUpstream(), 0, guest03(true));
  expect(r.verdict).toBeNull();
  expect(out(r.trace)).toBe(EXPECTED);
  const frozen = await run03(
    slowUpstream(),
    0,
    `import { Fields, Request, RequestOptions } from 'wasi:http/types@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() {
  const options = new RequestOptions();
  const [req] = Request.new(new Fields(), undefined, Promise.resolve({ tag: 'ok', val: undefined }), options);
  let said = 'set';
  try { req.getOptions().setConnectTimeout(5n); } catch (e) { said = e.payload.tag; }
  // \`options\` itself was moved into Request.new (an own): using it now would trap.
  await writeViaStream((async function* () { yield* new TextEncoder().encode(said + ' ' + String(req.getOptions().getConnectTimeout()) + '\\n'); })());
} };`,
  );
  expect(frozen.verdict).toBeNull();
  expect(out(frozen.trace)).toBe('immutable undefined\\n');
});

test('validate: the 0.2 client against its 0.3 port agrees; a port that drops the options diverges', async () => {
  const base = slowUpstream();
  const dir = mkdtempSync(join(tmpdir(), 'wm-http-options-'));
  try {
    writeFileSync(join(dir, 'guest-0.2.js'), GUEST02);
    writeFileSync(join(dir, 'guest-0.3.js'), guest03(true));
    writeFileSync(join(dir, 'dropped.js'), guest03(false));
    const fx = { ...base, guest02: join(dir, 'guest-0.2.js'), guest03: join(dir, 'guest-0.3.js') };
    const same = await validateFixture(fx, 4);
    expect(same.report ?? 'ok').toBe('ok');
    expect(same.ok).toBe(true);
    const dropped = await validateFixture({ ...fx, name: `${fx.name} (port dropped.js)`, guest03: join(dir, 'dropped.js') }, 4);
    expect(dropped.ok).toBe(false);
    expect(`${dropped.divergence!.left!.ch}: ${dropped.divergence!.left!.text}`).toBe('stdout: first-byte 100 ms: 100/- error connection-read-timeout\\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

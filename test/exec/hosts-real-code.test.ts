/**
 * What real code calls that the hosts lacked: on 0.2, `[Symbol.dispose]()` on
 * resources (jco's examples, ComponentizeJS's tests and wasmCloud's code drop
 * handles that way), a descriptor's `read`, `write` and `read-directory`, and
 * a body written before the response is set; on 0.3, `read-directory` and
 * opening a folder.
 */
import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import { out } from './hostile/helpers.js';

const IMPORTS = `import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
const enc = new TextEncoder();
const dec = new TextDecoder();
`;
const fx = () => loadFixture('wc-files', process.cwd());

test('every 0.2 resource can be dropped with [Symbol.dispose](); a write to a dropped output stream uses a handle the guest no longer owns: a trap', async () => {
  const r = await run02(
    fx(),
    0,
    `${IMPORTS}export const run = { run() {
      const o = getStdout();
      const [[root]] = getDirectories();
      const p = subscribeDuration(1n);
      for (const x of [p, root]) x[Symbol.dispose]();
      o.blockingWriteAndFlush(enc.encode('before\\n'));
      o[Symbol.dispose]();
      try { o.blockingWriteAndFlush(enc.encode('after\\n')); } catch (e) { getStdout().blockingWriteAndFlush(enc.encode('closed: ' + e.payload.tag + '\\n')); }
    } };`,
  );
  expect(r.verdict).toMatch(/^trap: the guest used a resource handle it no longer owns: it was dropped/);
  expect(out(r.trace)).toBe('before\\n');
});

test('descriptor.write, read and read-directory', async () => {
  const r = await run02(
    fx(),
    0,
    `${IMPORTS}export const run = { run() {
      const [[root]] = getDirectories();
      const f = root.openAt({}, 'new.txt', { create: true }, {});
      const n = f.write(enc.encode('hello world'), 0n);
      f.write(enc.encode('WORLD'), 6n);
      const [bytes, end] = f.read(100n, 0n);
      const [part, partEnd] = f.read(5n, 0n);
      const names = [];
      const entries = root.readDirectory();
      for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) names.push(e.type + ' ' + e.name);
      let notDir = '';
      try { f.readDirectory(); } catch (e) { notDir = e.payload; }
      getStdout().blockingWriteAndFlush(enc.encode([n, dec.decode(bytes), end, dec.decode(part), partEnd, names.join(','), notDir].join('|') + '\\n'));
    } };`,
  );
  expect(r.verdict).toBeNull();
  // wc-files has /docs/a.txt, /docs/empty.txt and /docs/b.md: the root holds the folder docs and the new file.
  expect(out(r.trace)).toBe('11|hello WORLD|true|hello|false|directory docs,regular-file new.txt|not-directory\\n');
});

test("a 0.2 handler that writes and finishes its body before setting the response (0.2's usual order) agrees with the 0.3 port", async () => {
  const http = loadFixture('http-hello', process.cwd());
  const src = `import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';
const enc = new TextEncoder();
export const incomingHandler = {
  handle(request, responseOut) {
    const name = (request.pathWithQuery() ?? '').split('name=')[1] ?? 'nobody';
    const response = new OutgoingResponse(Fields.fromList([['content-type', enc.encode('text/plain')]]));
    response.setStatusCode(200);
    const body = response.body();
    const out = body.write();
    out.blockingWriteAndFlush(enc.encode(\`hello, \${name}\\n\`));
    out.blockingWriteAndFlush(enc.encode(\`you asked for \${request.pathWithQuery()}\\n\`));
    out[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};`;
  for (const seed of [0, 1, 2]) {
    const late = await run02(http, seed, src);
    const port = await run03(http, seed);
    expect(late.verdict).toBeNull();
    expect(late.trace.map((e) => `${e.ch}: ${e.text}`)).toEqual(port.trace.map((e) => `${e.ch}: ${e.text}`));
    expect(late.trace.findIndex((e) => e.text.startsWith('status'))).toBeLessThan(late.trace.findIndex((e) => e.text.startsWith('body')));
  }
});

test('0.3 read-directory: a stream of entries by name, and a future that says how the listing ended', async () => {
  const r = await run03(
    fx(),
    0,
    `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const enc = new TextEncoder();
export const run = { async run() {
  const [[root]] = getDirectories();
  const docs = await root.openAt({}, 'docs', {}, {});
  const lines = [];
  for (const dir of [root, docs]) {
    const [entries, done] = dir.readDirectory();
    const names = [];
    for await (const e of entries) names.push(e.type.tag + ' ' + e.name);
    lines.push(names.join(',') + ' ' + (await done).tag);
  }
  const file = await docs.openAt({}, 'a.txt', {}, {});
  const [none, failed] = file.readDirectory();
  let n = 0;
  for await (const _ of none) n++;
  const f = await failed;
  lines.push(n + ' ' + f.tag + ' ' + f.val.tag);
  await writeViaStream((async function* () { yield* enc.encode(lines.join('\\n') + '\\n'); })());
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(out(r.trace)).toBe('directory docs ok\\nregular-file a.txt,regular-file b.md,regular-file empty.txt ok\\n0 err not-directory\\n');
});

test("a run that returns err ends with exit status 1 on both hosts, as on wasmtime and jco's hosts (not as the executor's failure)", async () => {
  // `run: func() -> result` has no error payload; jco's bindings throw an err result's payload: undefined.
  const a = await run02(fx(), 0, `${IMPORTS}export const run = { run() { getStdout().blockingWriteAndFlush(enc.encode('no input\\n')); throw undefined; } };`);
  const b = await run03(fx(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { await writeViaStream((async function* () { yield* new TextEncoder().encode('no input\\n'); })()); throw undefined; } };`);
  for (const r of [a, b]) {
    expect(r.verdict).toBeNull();
    expect(r.trace.find((e) => e.ch === 'exit')?.text).toBe('1');
    expect(out(r.trace)).toBe('no input\\n');
  }
});

test("a run that throws a caught ComponentError on returns err (exit 1), as jco's bindings take it; an Error with no payload fails the run", async () => {
  const rethrow = await run02(fx(), 0, `${IMPORTS}export const run = { run() {
  const [[root]] = getDirectories();
  try { root.openAt({}, 'missing.txt', {}, {}); } catch (e) { throw e; }
} };`);
  expect(rethrow.verdict).toBeNull();
  expect(rethrow.trace.find((e) => e.ch === 'exit')?.text).toBe('1');
  const bug = await run02(fx(), 0, `export const run = { run() { throw new TypeError('a bug'); } };`);
  expect(bug.verdict).toMatch(/^guest-error: TypeError: a bug/);
});

test('a 0.2 handler that throws a caught ComponentError on fails the run: `handle` returns no result, so no err (a trap in a component), not exit 1', async () => {
  const r = await run02(loadFixture('http-hello', process.cwd()), 0, `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
export const incomingHandler = { handle() {
  const [[root]] = getDirectories();
  try { root.openAt({}, 'missing.txt', {}, {}); } catch (e) { throw e; }
} };`);
  expect(r.verdict).toMatch(/^guest-error: .*no-entry/);
  expect(r.trace.filter((e) => e.ch === 'exit').map((e) => e.text)).not.toContain('1');
});

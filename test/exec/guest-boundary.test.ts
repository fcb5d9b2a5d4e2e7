/**
 * The 0.3 host's boundary: guests hand over any AsyncIterable<number> as a
 * stream<u8> and any PromiseLike as a future (jco's guest shapes), and get
 * the same shapes back; the runtime's own ends stay underneath.
 */
import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import type { TraceEvent } from '../../src/exec/trace.js';

const cat = () => loadFixture('cat', process.cwd());
const hello = () => loadFixture('http-hello', process.cwd());
const stdout = (t: TraceEvent[]) => t.filter((e) => e.ch === 'stdout').map((e) => e.text).join('');

describe('0.3 guest boundary', () => {
  test("a host stream handed straight back (stdin's stream to stdout) is moved, and the port still matches 0.2", async () => {
    const src = `import { readViaStream } from 'wasi:cli/stdin@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { const [input] = readViaStream(); const r = await writeViaStream(input); if (r.tag !== 'ok') throw new Error('x'); } };`;
    for (const seed of [0, 1, 2]) {
      const b = await run03(cat(), seed, src);
      expect(b.verdict).toBeNull();
      expect(b.trace).toEqual((await run02(cat(), seed)).trace);
    }
  });

  test('a producer may yield Uint8Array runs of bytes as well as numbers (as preview3-shim accepts)', async () => {
    const b = await run03(cat(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { await writeViaStream((async function* () { yield 104; yield new TextEncoder().encode('i\\n'); yield [111, 107, 10]; })()); } };`);
    expect(b.verdict).toBeNull();
    expect(stdout(b.trace)).toBe('hi\\nok\\n');
  });

  test("a hand-written async iterator's results of any shape the membrane copies give their bytes, promised or not", async () => {
    const b = await run03(cat(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const results = [
  { value: 104, done: false },
  { done: false, value: 105, note: 'an extra key' },
  Object.defineProperty({ done: false }, 'value', { get: () => 33, enumerable: true }),
  Object.assign(Object.create(null), { value: 10, done: false }),
];
export const run = { async run() {
  let i = 0;
  // Every other result is returned as it is rather than in a promise (an iterator may do that; the host awaits it).
  const next = () => (i < results.length ? results[i++] : { done: true, value: undefined });
  const r = await writeViaStream({ [Symbol.asyncIterator]: () => ({ next: () => (i % 2 === 0 ? Promise.resolve(next()) : next()) }) });
  if (r.tag !== 'ok') throw new Error('stdout failed');
} };`);
    expect(b.verdict).toBeNull();
    expect(stdout(b.trace)).toBe('hi!\\n');
  });

  test('a producer yielding something that is not a byte traps with a clear verdict', async () => {
    const b = await run03(cat(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { await writeViaStream((async function* () { yield 300; })()); } };`);
    expect(b.verdict).toMatch(/^trap: stdout: a stream<u8> element must be an integer 0\.\.255, got 300/);
  });

  test('a producer that throws ends the run as a guest error naming the stream', async () => {
    const b = await run03(cat(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { await writeViaStream((async function* () { yield 1; throw new Error('disk on fire'); })()); } };`);
    expect(b.verdict).toMatch(/^guest-error: .*producer of stdout.*disk on fire/);
  });

  test('a future the guest rejects instead of resolving is a failed write (futures-must-write)', async () => {
    const b = await run03(hello(), 0, `import { Fields, Response } from 'wasi:http/types@0.3.0';
export const handler = { async handle() { const [r] = Response.new(new Fields(), undefined, Promise.reject(new Error('no trailers'))); return r; } };`);
    expect(b.verdict).toMatch(/^guest-error: .*response trailers.*rejected instead of writing a value.*no trailers/);
  });

  test("a host stream read with next() by hand: every byte in order, done for good at the end, and no second reader", async () => {
    const b = await run03(cat(), 0, `import { readViaStream } from 'wasi:cli/stdin@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() {
  const [input] = readViaStream();
  const it = input[Symbol.asyncIterator]();
  let second = 'none';
  try { input[Symbol.asyncIterator](); } catch (e) { second = e.message; }
  const got = [];
  for (let r = await it.next(); !r.done; r = await it.next()) got.push(r.value);
  const after = [await it.next(), await it.next()].map((r) => r.done + ':' + r.value).join(',');
  await writeViaStream((async function* () { yield* new TextEncoder().encode(got.length + ' ' + typeof got[0] + ' ' + after + ' ' + second + '\\n'); yield* got; })());
} };`);
    expect(b.verdict).toBeNull();
    // The trace shows a newline as \\n.
    const text = 'first line\nsecond line\nthird, no newline';
    expect(stdout(b.trace)).toBe(`${text.length} number true:undefined,true:undefined this stream is already being read (a stream<u8> has one reader)\n${text}`.replace(/\n/g, '\\n'));
  });

  test('breaking out of for-await drops the readable end: the writer sees the reader gone', async () => {
    const b = await run03(cat(), 0, `import { readViaStream } from 'wasi:cli/stdin@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() {
  const [input] = readViaStream();
  async function* firstLine() { for await (const b of input) { yield b; if (b === 10) break; } }
  await writeViaStream(firstLine());
} };`);
    expect(b.verdict).toBeNull();
    expect(stdout(b.trace)).toBe('first line\\n');
  });

  test('a stream<u8> argument that is not an AsyncIterable traps', async () => {
    const b = await run03(cat(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { await writeViaStream(new TextEncoder().encode('hi')); } };`);
    expect(b.verdict).toMatch(/^trap: stdout: a stream<u8> must be an AsyncIterable<number>/);
  });
});

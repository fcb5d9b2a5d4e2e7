/**
 * Prototype pollution of shared built-ins: a guest that patches
 * `Object.prototype`, `Array.prototype`, `Promise.prototype.then`, `JSON`,
 * `Uint8Array`, `TextEncoder` and friends patches only its own realm. The
 * host's built-ins stay as they were, the host still reads the guest's
 * values correctly, and the next run (in the same worker) starts from clean
 * built-ins.
 */
import { loadFixture } from '../../../src/exec/fixture.js';
import { validateFixture } from '../../../src/exec/validate.js';
import { out, ROOMY, run } from './helpers.js';
import { marker, noTrace, payload } from './payload.js';

/** Pollution of what the guest's values are made of: the host must still read them exactly. */
const POLLUTE_DATA = `
Object.prototype.polluted = 'yes';
Object.prototype.$ = 'h';
Object.prototype.id = 1;
Object.defineProperty(Object.prototype, 'tag', { get() { return 'err'; }, set() {}, configurable: true });
Object.defineProperty(Object.prototype, 'then', { get() { return undefined; }, configurable: true });
Object.defineProperty(Object.prototype, 'done', { get() { return true; }, configurable: true });
Array.prototype[Symbol.iterator] = function* () { yield 'polluted'; };
Uint8Array.from = () => new Uint8Array([33]);
TextEncoder.prototype.encode = () => new Uint8Array([33]);
String.prototype.toString = () => 'polluted';
Number.prototype.valueOf = () => 33;
Symbol.asyncIterator;
`;

/** Pollution of the built-ins the guest's own side of the membrane uses: it breaks only the guest's run. */
const POLLUTE_ALL = `${POLLUTE_DATA}
Array.prototype.push = function () { return 0; };
Array.prototype.map = function () { return ['polluted']; };
Promise.prototype.then = function () { return this; };
JSON.parse = () => ({ polluted: true });
JSON.stringify = () => '"polluted"';
Function.prototype.call = function () { return 'polluted'; };
Function.prototype.apply = function () { return 'polluted'; };
Reflect.apply = () => 'polluted';
`;

const W03 = `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';\n`;
/** Writes its bytes with none of the patched built-ins (a plain object as the async iterator). */
const WRITE = `function write(bytes) { let i = 0; return writeViaStream({ [Symbol.asyncIterator]() { return { next() { return i < bytes.length ? { done: false, value: bytes[i++] } : { done: true, value: undefined }; } }; } }); }\n`;

describe('hostile guests: prototype pollution', () => {
  const hostUntouched = (): void => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).tag).toBeUndefined();
    expect([1, 2].push(3)).toBe(3);
    expect([...[1, 2]]).toEqual([1, 2]);
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
    expect(new TextEncoder().encode('a')).toEqual(new Uint8Array([97]));
    expect(typeof Promise.resolve(1).then(() => 1)).toBe('object');
  };

  test("patched prototypes of the guest's values: the host still reads them exactly, and its own built-ins are untouched", async () => {
    const m = marker();
    const t0 = performance.now();
    try {
      const src = `${W03}${payload(m.path)}${WRITE}${POLLUTE_DATA}\nexport const run = { async run() { for (const x of [writeViaStream, globalThis]) attempt('after pollution', x); const r = await write([111, 107, 10]); if (!Object.hasOwn(r, 'tag')) throw new Error('no result'); } };`;
      const r = await run('0.3', src, ROOMY);
      expect(r.verdict).toBeNull();
      // The trace shows bytes escaped.
      expect(out(r.trace)).toBe('ok\\n');
      noTrace(m.path);
      hostUntouched();
    } finally {
      m.done();
      if (process.env.WM_TIMES) process.stderr.write(`hostile pollution | patched prototypes of values | ${Math.round(performance.now() - t0)} ms\n`);
    }
  });

  test("patched built-ins of the guest's own side of the membrane: only the guest's run fails, with a verdict", async () => {
    const m = marker();
    const t0 = performance.now();
    try {
      const src = `${W03}${payload(m.path)}${WRITE}${POLLUTE_ALL}\nexport const run = { async run() { for (const x of [writeViaStream, globalThis]) attempt('after pollution', x); await write([111, 107, 10]); } };`;
      const r = await run('0.3', src, ROOMY);
      expect(r.verdict).toMatch(/^(guest-error|trap): /);
      expect(out(r.trace)).toBe('');
      noTrace(m.path);
      hostUntouched();
    } finally {
      m.done();
      if (process.env.WM_TIMES) process.stderr.write(`hostile pollution | patched built-ins of the membrane | ${Math.round(performance.now() - t0)} ms\n`);
    }
  });

  test('the next run in the same worker starts from clean built-ins', async () => {
    await run('0.3', `${POLLUTE_ALL}\nexport const run = { async run() {} };`, ROOMY);
    const src = `${W03}${WRITE}const clean = ({}).polluted === undefined && [].push(1) === 1 && JSON.stringify({ a: 1 }) === '{"a":1}' && typeof Promise.prototype.then === 'function' && new TextEncoder().encode('a')[0] === 97;\nexport const run = { async run() { await write(clean ? [99, 108, 101, 97, 110] : [100, 105, 114, 116, 121]); } };`;
    const r = await run('0.3', src, ROOMY);
    expect(r.verdict).toBeNull();
    expect(out(r.trace)).toBe('clean');
  });

  test('after a polluting guest, fixtures still validate and a wrong port is still caught', async () => {
    await run('0.3', `${POLLUTE_ALL}\nexport const run = { async run() {} };`, ROOMY);
    expect((await validateFixture(loadFixture('cli-hello', process.cwd()), 3)).ok).toBe(true);
    const wrong = await validateFixture(loadFixture('fixtures/components/cli-hello/wrong/writes-swapped.js', process.cwd()), 3);
    expect(wrong.ok).toBe(false);
  });
});

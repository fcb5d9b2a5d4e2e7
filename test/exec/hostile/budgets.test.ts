/**
 * Hostile guests against the budgets: sync and async infinite loops, memory
 * and output bombs, task floods, a never-resolving promise. Each run must end
 * with its verdict (small budgets from helpers.ts keep them short), and the
 * tool must go on validating fixtures afterwards.
 */
import { loadFixture } from '../../../src/exec/fixture.js';
import { validateFixture } from '../../../src/exec/validate.js';
import { out, ROOMY, run, SMALL } from './helpers.js';

const W03 = `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';\nimport { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';\n`;
const W02 = `import { getStdout } from 'wasi:cli/stdout@0.2.12';\nimport { getDirectories } from 'wasi:filesystem/preopens@0.2.12';\n`;

const cases: Array<[string, '0.2' | '0.3', string, RegExp]> = [
  ['sync infinite loop in run (0.2)', '0.2', `export const run = { run() { for (;;) {} } };`, /^budget: cpu: /],
  ['sync infinite loop in run (0.3)', '0.3', `export const run = { async run() { for (;;) {} } };`, /^budget: cpu: /],
  ['infinite loop at load time', '0.3', `for (;;) {}\nexport const run = { async run() {} };`, /^budget: cpu: /],
  ['infinite loop in a getter the host reads', '0.3', `export const run = { get run() { for (;;) {} } };`, /^budget: cpu: /],
  ['infinite loop after a catch of the first interrupt', '0.3', `export const run = { async run() { for (;;) { try { for (;;) {} } catch {} } } };`, /^budget: cpu: /],
  ['async infinite loop: for (;;) await null', '0.3', `export const run = { async run() { for (;;) await null; } };`, /^budget: cpu: /],
  ['a promise-job flood that never calls the host', '0.3', `export const run = { async run() { const f = () => Promise.resolve().then(f); f(); await new Promise(() => {}); } };`, /^budget: cpu: /],
  ['exponential recursion', '0.3', `function f(n) { return n === 0 ? 0 : f(n - 1) + f(n - 1); }\nexport const run = { async run() { f(60); } };`, /^budget: cpu: /],
  ['an infinite loop inside a stream producer', '0.3', `${W03}export const run = { async run() { await writeViaStream((async function* () { yield 65; for (;;) {} })()); } };`, /^budget: cpu: /],
  ['catastrophic regex backtracking', '0.3', `export const run = { async run() { /(a+)+$/.test('a'.repeat(60) + 'b'); } };`, /^budget: cpu: /],
  // QuickJS polls its interrupt handler (where the heap is measured) by operation count, and allocations are slow
  // operations: a bomb often reaches the CPU budget, or the watchdog, before the next poll. Either way it ends, in
  // the worker, whose memory goes with it (docs/executor.md, "what it does not guard against").
  ['memory bomb: byte arrays kept (0.3)', '0.3', `export const run = { async run() { const keep = []; for (;;) keep.push(new Uint8Array(1 << 16)); } };`, /^budget: (memory|cpu): /],
  ['memory bomb: byte arrays kept (0.2)', '0.2', `export const run = { run() { const keep = []; for (;;) keep.push(new Uint8Array(1 << 16)); } };`, /^budget: (memory|cpu): /],
  ['memory bomb: one huge allocation', '0.3', `export const run = { async run() { new ArrayBuffer(2 ** 30); } };`, /^budget: memory: /],
  ['memory bomb: arrays of numbers kept', '0.3', `export const run = { async run() { const a = []; for (;;) a.push(new Array(4096).fill(7)); } };`, /^budget: (memory|cpu): /],
  ['memory bomb: distinct strings kept', '0.2', `export const run = { run() { const keep = []; for (let i = 0; ; i++) keep.push('x'.repeat(1 << 16) + i); } };`, /^budget: (memory|cpu): /],
  ['memory bomb caught by the guest, then allocating on', '0.3', `export const run = { async run() { const keep = []; for (;;) { try { keep.push(new Uint8Array(1 << 20)); } catch {} } } };`, /^budget: (memory|cpu): /],
  ['output flood through a 0.2 stream', '0.2', `${W02}export const run = { run() { const o = getStdout(); const b = new Uint8Array(4096).fill(65); for (;;) o.blockingWriteAndFlush(b); } };`, /^budget: output: /],
  ['output flood through a 0.3 stream', '0.3', `${W03}export const run = { async run() { await writeViaStream((async function* () { const b = new Uint8Array(4096).fill(65); for (;;) yield b; })()); } };`, /^budget: output: /],
  ['a file write at offset 2^40', '0.2', `${W02}export const run = { run() { const [[d]] = getDirectories(); const f = d.openAt({}, 'big', { create: true }, {}); f.writeViaStream(1n << 40n).blockingWriteAndFlush(new Uint8Array([1])); } };`, /^budget: output: /],
  ['a task flood: timers never awaited', '0.3', `${W03}export const run = { async run() { for (;;) waitFor(1000000n); } };`, /^budget: tasks: /],
  ['a never-resolving promise', '0.3', `export const run = { async run() { await new Promise(() => {}); } };`, /^deadlock: /],
  ['deep recursion', '0.3', `function f() { return f() + 1; }\nexport const run = { async run() { f(); } };`, /^guest-error: .*(stack|recursion)/i],
];

describe('hostile guests: budgets', () => {
  test.each(cases)('%s ends with its verdict', async (_what, version, src, verdict) => {
    // Bombs that are not about time get the default CPU budget, so a loaded machine cannot turn them into cpu verdicts.
    const r = await run(version, src, /cpu|memory/.test(verdict.source) ? SMALL : ROOMY);
    expect(r.verdict).toMatch(verdict);
    if (process.env.WM_TIMES) process.stderr.write(`hostile budget | ${_what} | ${r.verdict?.slice(0, 40)} | ${Math.round(r.ms)} ms\n`);
    // The output budget was charged before anything was written past it.
    expect(out(r.trace).length).toBeLessThanOrEqual(SMALL.outputBytes!);
  });

  test('after every bomb above, the tool still validates a fixture', async () => {
    const v = await validateFixture(loadFixture('cat', process.cwd()), 3);
    expect(v.ok).toBe(true);
  });

  test('a budget hit by both versions is never a pass', async () => {
    // Which seed first spends more than 1 ms depends on the machine's load; that one does, and stops the validation.
    const v = await validateFixture(loadFixture('cli-hello', process.cwd()), 8, {}, { cpuMs: 1 });
    expect(v.ok).toBe(false);
    expect(v.budget).toMatch(/^budget: cpu: /);
    expect(v.report).toMatch(new RegExp(`^BUDGET\\s+cli-hello at seed ${v.seed}: `));
  });
});

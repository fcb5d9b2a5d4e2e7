/**
 * Guest images (sandbox.ts): a guest is compiled once per worker and every run
 * starts from the image's pristine memory. Hostile guests must not carry
 * anything from one run (seed) into the next, and a seed must still give the
 * same trace however many runs of the guest came before it.
 */
import { readFileSync } from 'node:fs';
import { loadFixture, run02, run03, type RunResult } from '../../src/exec/fixture.js';

const fx = () => loadFixture('cli-hello', process.cwd());

/** What a run can see of earlier runs: globals, patched prototypes and built-ins, a module-level counter, Math.random. */
const LOOK = `
  const seen = [
    String(globalThis.__runs ?? 0),
    typeof Array.prototype.leak,
    typeof Object.prototype.leak,
    String(JSON.stringify([]) === '[]'),
    String(typeof TextEncoder.prototype.leak),
    String(moduleRuns),
    String(Math.random()),
  ].join(' ');
  globalThis.__runs = (globalThis.__runs ?? 0) + 1;
  JSON.stringify = () => 'patched';
  Array.prototype.leak = 1;
  Object.prototype.leak = 2;
  TextEncoder.prototype.leak = 3;
  moduleRuns++;
`;

const guest03 = `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
let moduleRuns = 0;
export const run = { async run() {
  ${LOOK}
  async function* out() { yield* new TextEncoder().encode(seen + '\\n'); }
  await writeViaStream(out());
} };`;

const guest02 = `import { getStdout } from 'wasi:cli/stdout@0.2.12';
let moduleRuns = 0;
export const run = { run() {
  ${LOOK}
  getStdout().blockingWriteAndFlush(new TextEncoder().encode(seen + '\\n'));
} };`;

const stdout = (r: { trace: { ch: string; text: string }[] }): string[] => r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text);

describe('guest images', () => {
  test.each([
    ['0.3', run03, guest03],
    ['0.2', run02, guest02],
  ] as const)('a %s guest that stores state globally does not see it in the next seed\'s run', async (_v, run, src) => {
    const lines: string[] = [];
    for (const seed of [0, 1, 2, 0]) {
      const r = await run(fx(), seed, src);
      expect(r.verdict).toBeNull();
      lines.push(...stdout(r));
    }
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^0 undefined undefined true undefined 0 /);
    // The image is the same, so is its realm: Math.random starts from the same seed in every run.
    expect(new Set(lines).size).toBe(1);
  });

  test('the same seed gives the same trace, with runs of other seeds and other guests in between', async () => {
    const f = loadFixture('http-stream-transform', process.cwd());
    const first = await run03(f, 3);
    await run03(f, 4);
    await run02(f, 3);
    await run03(fx(), 3, guest03);
    const again = await run03(f, 3);
    expect(again.trace).toEqual(first.trace);
    expect(first.verdict).toBeNull();
  });

  test.each(['cat', 'http-fanout', 'tcp-echo'])('%s: runs from a reused image give the traces of runs from fresh images', async (name) => {
    // A fresh image per run: the source made unique by a comment (images are kept per source text).
    const f = loadFixture(name, process.cwd());
    const src = readFileSync(f.guest03, 'utf8');
    for (let seed = 0; seed < 4; seed++) {
      const reused = await run03(f, seed);
      const fresh = await run03(f, seed, `${src}\n// fresh ${seed}`);
      expect(reused.trace).toEqual(fresh.trace);
    }
  });

  test('a run that recursed deep (its stack written far down) leaves the next runs as from a fresh image', async () => {
    // Recursion a thousand calls deep (hundreds of KiB of the Wasm stack), the look at its bottom; the same guest from
    // fresh images (a unique comment each) must print the same lines, seed after seed.
    const deep = `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
let moduleRuns = 0;
function down(n, f) { return n === 0 ? f() : 1 + down(n - 1, f); }
export const run = { async run() {
  let seen;
  const depth = down(1000, () => { ${LOOK.replace('const seen =', 'seen =')} return 0; });
  seen += ' ' + depth;
  async function* out() { yield* new TextEncoder().encode(seen + '\\n'); }
  await writeViaStream(out());
} };`;
    const lines: string[] = [];
    for (const seed of [0, 1, 0]) {
      const reused = await run03(fx(), seed, deep);
      const fresh = await run03(fx(), seed, `${deep}\n// fresh ${seed}`);
      expect(reused.verdict).toBeNull();
      // Math.random's state is each image's own.
      const noRandom = (r: RunResult) => JSON.stringify(r.trace).replace(/ 0\.\d+ /g, ' R ');
      expect(noRandom(reused)).toBe(noRandom(fresh));
      lines.push(...stdout(reused));
    }
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^0 undefined undefined true undefined 0 \S+ 1000\b/);
    expect(new Set(lines).size).toBe(1);
  });

  test('a run stopped by a budget does not hand its state to the next run of the same guest', async () => {
    // Looks (and leaves its marks), then computes for a while: stopped under a 20 ms budget, finished under the default.
    const slow = guest03.replace('async function* out()', 'for (let i = 0; i < 1e7; i++) {}\n  async function* out()');
    const stopped = await run03(fx(), 0, slow, { limits: { cpuMs: 20 } });
    expect(stopped.verdict).toMatch(/^budget: cpu/);
    const after = await run03(fx(), 0, slow);
    expect(after.verdict).toBeNull();
    expect(stdout(after)[0]).toMatch(/^0 undefined undefined true undefined 0 /);
  });
});

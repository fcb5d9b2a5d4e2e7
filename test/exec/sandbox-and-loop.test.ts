import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import { EventLoop } from '../../src/exec/loop.js';
import { Runaway, Deadlock } from '../../src/exec/errors.js';
import { toScript } from '../../src/exec/sandbox.js';

const fx = () => loadFixture('cli-hello', process.cwd());

describe('guest sandbox', () => {
  test.each([
    ['process', `export const run = { run() { process.exit(3); } };`, /touched 'process'/],
    ['require', `export const run = { run() { require('fs'); } };`, /touched 'require'/],
    ['fetch', `export const run = { async run() { await fetch('http://x'); } };`, /touched 'fetch'/],
    ['node:fs import', `import { readFileSync } from 'node:fs';\nexport const run = { run() {} };`, /imports 'node:fs', which is not one of its world's imports/],
  ])('a guest reaching for %s fails with a clear sandbox verdict', async (_what, src, msg) => {
    const v02 = await run02(fx(), 0, src.replace('async run', 'run').replace('await ', ''));
    expect(v02.verdict).toMatch(/^sandbox: /);
    expect(v02.verdict).toMatch(msg);
    const v03 = await run03(fx(), 0, src);
    expect(v03.verdict).toMatch(/^sandbox: /);
  });

  test('a violation caught by the guest is still the verdict', async () => {
    const r = await run03(fx(), 0, `export const run = { async run() { try { process.env; } catch {} } };`);
    expect(r.verdict).toMatch(/^sandbox: .*'process'/);
  });

  test('the ESM subset becomes a script over __import/__exports', () => {
    const s = toScript(`import { a, b as c } from 'wasi:x/y@0.3.0';\nexport const run = 1;`, 'g.js');
    expect(s).toContain(`const { a, b: c } = __import("wasi:x/y@0.3.0");`);
    expect(s).toContain(`__exports["run"] = run;`);
  });
});

describe('event loop and verdicts', () => {
  test('an hour of virtual time runs in milliseconds', async () => {
    const src = `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';
export const run = { async run() { for (let i = 0; i < 60; i++) await waitFor(60n * 1000000000n); } };`;
    const t0 = Date.now();
    const r = await run03(fx(), 0, src);
    expect(r.verdict).toBeNull();
    expect(r.virtualMs).toBe(3600 * 1000);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test('virtual-time budget: a run that would sleep past it is a runaway', async () => {
    const f = { ...fx(), scenario: { ...fx().scenario, budget: { virtualMs: 1000 } } };
    const r = await run03(f, 0, `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';
export const run = { async run() { await waitFor(5n * 1000000000n); } };`);
    expect(r.verdict).toMatch(/^runaway: virtual-time budget exceeded/);
  });

  test('step budget: a 0.2 guest spinning on a non-blocking poll is a runaway, not a hang', async () => {
    const f = { ...fx(), scenario: { ...fx().scenario, budget: { steps: 5000 } } };
    const r = await run02(f, 0, `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
export const run = { run() { const p = subscribeDuration(1000000n); while (true) p.ready(); } };`);
    expect(r.verdict).toMatch(/^runaway: step budget exceeded/);
  });

  test('deadlock: a 0.3 guest whose stream producer awaits what nobody will do gets a deadlock verdict', async () => {
    const r = await run03(fx(), 0, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() { await writeViaStream((async function* () { await new Promise(() => {}); yield 1; })()); } };`);
    expect(r.verdict).toMatch(/^deadlock: deadlock detected: wasi:cli\/run\.run waits/);
  });

  test('deadlock: a 0.2 guest blocking on stdin that never ends is a deadlock', () => {
    const loop = new EventLoop(0);
    expect(() => loop.runUntil(() => false, 'stdin blocking-read')).toThrow(Deadlock);
  });

  test('seeds change the order of same-instant events, and the same seed repeats it', () => {
    const order = (seed: number) => {
      const loop = new EventLoop(seed);
      const seen: number[] = [];
      for (let i = 0; i < 6; i++) loop.after(10, `e${i}`, () => seen.push(i));
      while (loop.step());
      return seen.join();
    };
    expect(order(3)).toBe(order(3));
    expect(new Set([0, 1, 2, 3, 4, 5, 6, 7].map(order)).size).toBeGreaterThan(1);
    expect(() => {
      const l = new EventLoop(0, { maxSteps: 3, maxTimeNs: 1e12 });
      for (let i = 0; i < 5; i++) l.post('x', () => {});
      while (l.step());
    }).toThrow(Runaway);
  });
});

/**
 * The isolated runner (isolate.ts) hands its worker the next run while the
 * current one runs. Runs asked for together must be answered each with its
 * own result, as when asked for one at a time, and a run its budget stops
 * must not disturb the run handed over behind it.
 */
import { loadFixture, run02, run03, type RunResult } from '../../src/exec/fixture.js';

const fx = () => loadFixture('cat', process.cwd());
const plain = (r: RunResult) => JSON.stringify(r);

describe('isolated runs handed over ahead', () => {
  test('runs asked for together give the results of runs asked for one at a time', async () => {
    const seeds = [0, 1, 2, 3];
    const alone: string[] = [];
    for (const s of seeds) for (const run of [run02, run03]) alone.push(plain(await run(fx(), s)));
    const together = await Promise.all(seeds.flatMap((s) => [run02(fx(), s), run03(fx(), s)]));
    expect(together.map(plain)).toEqual(alone);
    // Different seeds give different schedules for cat, so a result answered to the wrong request would show.
    expect(new Set(alone).size).toBeGreaterThan(2);
  });

  test('a run stopped by its budget leaves the run behind it as it would be alone', async () => {
    const spin = `export const run = { async run() { for (;;) {} } };`;
    const expected = plain(await run03(fx(), 5));
    const [stopped, after] = await Promise.all([run03(fx(), 0, spin, { limits: { cpuMs: 200 } }), run03(fx(), 5)]);
    expect(stopped.verdict).toMatch(/^budget: cpu: /);
    expect(plain(after)).toBe(expected);
  });
});

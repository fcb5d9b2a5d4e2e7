/**
 * Validation: run both versions of a fixture on the same world for seeds
 * 0..N-1 and compare their canonical traces. The first seed on which they
 * differ is reported with the first divergent event and both traces side by
 * side around it; that seed reproduces it (`--seeds` starts at 0).
 */
import { loadFixture, run02, run03, type Fixture, type RunResult } from './fixture.js';
import type { Limits } from './limits.js';
import { firstDivergence, sideBySide, type Divergence, type TraceEvent } from './trace.js';

export interface FixtureVerdict {
  fixture: string;
  ok: boolean;
  seedsRun: number;
  seed?: number;
  divergence?: Divergence;
  report?: string;
  traces?: { v02: TraceEvent[]; v03: TraceEvent[] };
  /** Set when a run was stopped by a budget: its verdict (`budget: cpu: ...`). */
  budget?: string;
  /** Set when the executor itself could not run a version (`host-error: ...`, e.g. an import the host lacks): no verdict on the port. */
  error?: string;
}

/** One version's run of a fixture on a seed: the sandboxed JS guest by default, or e.g. a real component. */
export type Runner = (fx: Fixture, seed: number) => RunResult | Promise<RunResult>;

export interface Runners {
  v02?: Runner;
  v03?: Runner;
}

/**
 * A budget verdict (limits.ts) is never a pass, even when both versions hit
 * it: it says the run was stopped, not what the component does.
 */
export async function validateFixture(fx: Fixture, seeds = 8, runners: Runners = {}, limits?: Partial<Limits>, onSeed?: (done: number, total: number) => void): Promise<FixtureVerdict> {
  const v02 = runners.v02 ?? ((f: Fixture, s: number) => run02(f, s, undefined, { limits }));
  const v03 = runners.v03 ?? ((f: Fixture, s: number) => run03(f, s, undefined, { limits }));
  // The isolated runs queue in one worker: asked for together, the 0.3 run starts as soon as the 0.2 run is answered.
  // Runners of the caller's own (which may run in this thread) are called one after the other.
  const together = runners.v02 === undefined && runners.v03 === undefined;
  // Isolated runs are asked for one seed ahead, so the worker starts the next seed while this thread compares the
  // last one's traces (a verdict found at a seed leaves at most that one seed's runs unused).
  const ask = (seed: number): Promise<[RunResult, RunResult]> => {
    const both = Promise.all([v02(fx, seed), v03(fx, seed)]);
    both.catch(() => {});
    return both;
  };
  let ahead = together && seeds > 0 ? ask(0) : null;
  for (let seed = 0; seed < seeds; seed++) {
    onSeed?.(seed, seeds);
    const current = ahead;
    ahead = together && seed + 1 < seeds ? ask(seed + 1) : null;
    const [a, b] = current ? await current : [await v02(fx, seed), await v03(fx, seed)];
    // The executor could not run a version (an import its host lacks, a worker that died): that says nothing about
    // the port, so it is neither a pass nor a divergence, even when both versions fail the same way.
    const broken = [['0.2', a], ['0.3', b]].find(([, r]) => (r as RunResult).verdict?.startsWith('host-error: ')) as [string, RunResult] | undefined;
    if (broken) {
      const report = [`CANNOT RUN ${fx.name} at seed ${seed}: the ${broken[0]} version did not run on this executor`, `  0.2: ${a.verdict ?? 'finished'}`, `  0.3: ${b.verdict ?? 'finished'}`].join('\n');
      return { fixture: fx.name, ok: false, seedsRun: seed + 1, seed, report, error: broken[1].verdict!, traces: { v02: a.trace, v03: b.trace } };
    }
    const budget = [['0.2', a], ['0.3', b]].find(([, r]) => (r as RunResult).verdict?.startsWith('budget: ')) as [string, RunResult] | undefined;
    if (budget) {
      const report = [
        `BUDGET   ${fx.name} at seed ${seed}: the ${budget[0]} run was stopped`,
        `  0.2: ${a.verdict ?? 'finished'}`,
        `  0.3: ${b.verdict ?? 'finished'}`,
        `reproduce: wasi-migrate validate ${fx.guest03.endsWith('/guest-0.3.js') ? fx.dir : fx.guest03} --seeds ${seed + 1}   (seed ${seed}); raise the budget with --cpu-ms, --memory-mb, --output-bytes or --tasks`,
      ].join('\n');
      return { fixture: fx.name, ok: false, seedsRun: seed + 1, seed, report, budget: budget[1].verdict!, traces: { v02: a.trace, v03: b.trace } };
    }
    const d = firstDivergence(a.trace, b.trace);
    if (d) {
      const ev = (e: TraceEvent | null) => (e ? `${e.ch}: ${e.text}  (at ${e.atMs}ms)` : '(no event: trace ended)');
      const report = [
        `DIVERGED ${fx.name} at seed ${seed}, event #${d.index}`,
        `  0.2: ${ev(d.left)}`,
        `  0.3: ${ev(d.right)}`,
        sideBySide(a.trace, b.trace, d.index),
        `reproduce: wasi-migrate validate ${fx.guest03.endsWith('/guest-0.3.js') ? fx.dir : fx.guest03} --seeds ${seed + 1}   (seed ${seed})`,
      ].join('\n');
      return { fixture: fx.name, ok: false, seedsRun: seed + 1, seed, divergence: d, report, traces: { v02: a.trace, v03: b.trace } };
    }
  }
  return { fixture: fx.name, ok: true, seedsRun: seeds };
}

export async function validateTargets(targets: string[], seeds: number, root?: string, limits?: Partial<Limits>): Promise<FixtureVerdict[]> {
  const out: FixtureVerdict[] = [];
  for (const t of targets) out.push(await validateFixture(loadFixture(t, root), seeds, {}, limits));
  return out;
}

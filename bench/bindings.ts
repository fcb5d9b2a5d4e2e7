/**
 * Rewriting a generated project of 500 TypeScript files that call WASI 0.2
 * through jco's bindings (bindings-project.ts): time and peak memory of the
 * code rewriter, each stage in a fresh process (bindings-worker.ts), median
 * of BENCH_ITERATIONS (default 3) runs. The peer, measured in the same run on
 * the same project, is `tsc --noEmit`: a type check is the least work any
 * tool that understands the project does.
 *
 * A rewriter that fails fails the suite: no other stage stands in for it.
 * BENCH_BINDINGS_FILES changes the project size.
 *
 * BENCH_BASELINE_BIN=<another build's bin/wasi-migrate> also runs that
 * build's rewrite stage (its dist/bench/bindings-worker.js) on the same
 * project, interleaved with ours and the peer (ours, baseline, tsc, ours,
 * ...), so that a loaded machine slows all three alike; it reports the
 * baseline's figures against the same peer and the median of the per-run
 * ratios ours / baseline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './bindings-project.js';
import type { Stage, StageResult } from './bindings-worker.js';
import { iterations, median, type Figure } from './figure.js';

const WORKER = fileURLToPath(new URL('./bindings-worker.js', import.meta.url));

const BASELINE = process.env.BENCH_BASELINE_BIN;

function runStage(stage: Stage, dir: string, worker = WORKER): StageResult {
  const r = spawnSync(process.execPath, [worker, stage, dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    throw new Error(`stage ${stage} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 8).join(' | ')}`);
  }
  return JSON.parse(line) as StageResult;
}

type Measured = { ms: number; mb: number; detail: string; runs: StageResult[] };

function summary(runs: StageResult[]): Measured {
  return { ms: median(runs.map((r) => r.ms)), mb: median(runs.map((r) => r.maxRssMB)), detail: runs[0]!.detail, runs };
}

/** Ours, the baseline build (when given) and the peer, one run of each per iteration, interleaved. */
function measure(dir: string, n: number, baselineWorker: string | undefined): { ours: Measured; peer: Measured; base?: Measured } {
  const ours: StageResult[] = [];
  const base: StageResult[] = [];
  const peer: StageResult[] = [];
  for (let i = 0; i < n; i++) {
    ours.push(runStage('rewrite', dir));
    if (baselineWorker) base.push(runStage('rewrite', dir, baselineWorker));
    peer.push(runStage('tsc', dir));
  }
  return { ours: summary(ours), peer: summary(peer), base: baselineWorker ? summary(base) : undefined };
}

export async function run(): Promise<Figure[]> {
  const n = iterations(3);
  const count = Number(process.env.BENCH_BINDINGS_FILES) || 500;
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-bench-bindings-'));
  try {
    const project = await generateProject(dir, count);
    const baselineWorker = BASELINE && path.resolve(path.dirname(BASELINE), '..', 'dist', 'bench', 'bindings-worker.js');
    const { ours, peer, base } = measure(dir, n, baselineWorker);
    const label = `rewrite, ${count} TS files (${project.wasiFiles} import WASI 0.2; ${ours.detail}), median of ${n}`;
    const figures: Figure[] = [
      { name: `${label}: time`, value: ours.ms, unit: 'ms', peer: { name: 'tsc --noEmit, same project', value: peer.ms } },
      { name: `${label}: peak RSS`, value: ours.mb, unit: 'MB', peer: { name: 'tsc --noEmit, same project', value: peer.mb } },
    ];
    if (base) {
      const ratio = (f: (r: StageResult) => number) => median(ours.runs.map((r, i) => f(r) / f(base.runs[i]!)));
      figures.push(
        { name: `  baseline build (BENCH_BASELINE_BIN; ${base.detail}): time`, value: base.ms, unit: 'ms', peer: { name: 'tsc --noEmit, same project', value: peer.ms } },
        { name: `  baseline build (BENCH_BASELINE_BIN): peak RSS`, value: base.mb, unit: 'MB', peer: { name: 'tsc --noEmit, same project', value: peer.mb } },
        { name: '  ours / baseline build, median of per-iteration ratios: time', value: ratio((r) => r.ms), unit: 'x' },
        { name: '  ours / baseline build, median of per-iteration ratios: peak RSS', value: ratio((r) => r.maxRssMB), unit: 'x' },
      );
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

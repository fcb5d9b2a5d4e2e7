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

function runStage(stage: Stage, dir: string): StageResult {
  const r = spawnSync(process.execPath, [WORKER, stage, dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    throw new Error(`stage ${stage} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(0, 8).join(' | ')}`);
  }
  return JSON.parse(line) as StageResult;
}

function measure(stage: Stage, dir: string, n: number): { ms: number; mb: number; detail: string } {
  const runs = Array.from({ length: n }, () => runStage(stage, dir));
  return { ms: median(runs.map((r) => r.ms)), mb: median(runs.map((r) => r.maxRssMB)), detail: runs[0]!.detail };
}

export async function run(): Promise<Figure[]> {
  const n = iterations(3);
  const count = Number(process.env.BENCH_BINDINGS_FILES) || 500;
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-bench-bindings-'));
  try {
    const project = await generateProject(dir, count);
    const ours = measure('rewrite', dir, n);
    const peer = measure('tsc', dir, n);
    const label = `rewrite, ${count} TS files (${project.wasiFiles} import WASI 0.2; ${ours.detail}), median of ${n}`;
    return [
      { name: `${label}: time`, value: ours.ms, unit: 'ms', peer: { name: 'tsc --noEmit, same project', value: peer.ms } },
      { name: `${label}: peak RSS`, value: ours.mb, unit: 'MB', peer: { name: 'tsc --noEmit, same project', value: peer.mb } },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

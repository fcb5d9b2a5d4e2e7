/**
 * Shared by the hostile-guest suite: small budgets so every
 * bounded run ends quickly, and runners for either WASI version.
 */
import { loadFixture, run02, run03, type RunResult } from '../../../src/exec/fixture.js';
import type { Limits } from '../../../src/exec/limits.js';
import type { TraceEvent } from '../../../src/exec/trace.js';

export { marker, noTrace, payload } from './payload.js';

/** Budgets small enough that every bomb ends within half a second of CPU (3.5 s of real time for the watchdog). */
export const SMALL: Partial<Limits> = { cpuMs: 500, memoryMb: 32, outputBytes: 64 * 1024, tasks: 200 };
/** For the escape attempts, which must finish: the default CPU time, small everything else. */
export const ROOMY: Partial<Limits> = { ...SMALL, cpuMs: 10_000 };

export const cli = () => loadFixture('cli-hello', process.cwd());
export const http = () => loadFixture('http-hello', process.cwd());

export async function run(version: '0.2' | '0.3', src: string, limits: Partial<Limits> = SMALL, fx = cli()): Promise<RunResult & { ms: number }> {
  const t0 = performance.now();
  const r = version === '0.2' ? await run02(fx, 0, src, { limits }) : await run03(fx, 0, src, { limits });
  return { ...r, ms: performance.now() - t0 };
}

export const out = (t: TraceEvent[], ch = 'stdout') => t.filter((e) => e.ch === ch).map((e) => e.text).join('');

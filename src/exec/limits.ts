/**
 * Per-run budgets a guest cannot escape (see docs/executor.md):
 *
 * - cpu: real milliseconds a run may spend computing (virtual time is the
 *   scenario's own budget, in loop.ts). Checked by QuickJS's interrupt
 *   handler while guest code runs, and by the host between loop steps.
 * - memory: the guest's QuickJS heap, in MiB (QuickJS's malloc limit).
 * - output: bytes the run may write to stdout, stderr, files and the HTTP
 *   response body, counted before the host allocates anything for them.
 * - tasks: promises pending across the boundary at once (host calls the
 *   guest has not seen settle, guest promises the host waits on).
 *
 * Exceeding one ends the run with a `budget: <what>` verdict; the run's
 * seed is in the validate report that shows it.
 */
import { ExecError } from './errors.js';

export interface Limits {
  cpuMs: number;
  memoryMb: number;
  outputBytes: number;
  tasks: number;
}

/** Fixtures need a few ms, a few MiB, a few KiB and a few dozen pending promises; these leave wide room on a loaded machine. */
export const DEFAULT_LIMITS: Limits = { cpuMs: 10_000, memoryMb: 128, outputBytes: 16 * 1024 * 1024, tasks: 10_000 };

export type BudgetKind = 'cpu' | 'memory' | 'output' | 'tasks';

export class BudgetExceeded extends ExecError {
  constructor(
    readonly budget: BudgetKind,
    message: string,
  ) {
    super('budget', `${budget}: ${message}`);
  }
}

export function limitsOf(partial: Partial<Limits> | undefined): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>) {
    const v = partial?.[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`budget ${k} must be a positive number, got ${String(v)}`);
    out[k] = v;
  }
  return out;
}

/** Counts output bytes against the budget; `charge` throws before the host writes or allocates. */
export class OutputMeter {
  used = 0;
  constructor(readonly limit: number) {}
  charge(n: number, what: string): void {
    if (n <= 0) return;
    this.used += n;
    if (this.used > this.limit) throw new BudgetExceeded('output', `${what} would bring the run's output to ${this.used} bytes, over the ${this.limit}-byte budget (--output-bytes)`);
  }
}

const threadCpu = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
/**
 * Milliseconds of this thread's CPU time (Node 23.9+), so a loaded machine
 * does not spend a guest's budget; real time where Node lacks it.
 */
export function cpuClock(): number {
  if (!threadCpu) return performance.now();
  const u = threadCpu.call(process);
  return (u.user + u.system) / 1000;
}

/** What `cpuClock` counts, for verdicts. */
export const CLOCK = threadCpu ? 'CPU time' : 'real time';

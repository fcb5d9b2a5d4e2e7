/**
 * Runs of sandboxed JS guests happen in a worker thread, watched from here.
 *
 * QuickJS's interrupt handler enforces the cpu budget inside the guest, but
 * it is polled by operation count: a guest whose operations are each slow
 * (huge fills, allocations near the heap limit, proxy traps, compiles) can
 * run far past the budget between two polls. The watchdog here does not
 * depend on the guest: if a run has not answered `cpuMs` plus a grace after
 * it was sent, the worker is terminated (which stops even a tight Wasm loop)
 * and the run ends with `budget: cpu`. A worker that dies (the host side of
 * a run out of memory) ends the run with `budget: memory`. The next run gets
 * a fresh worker.
 *
 * The worker loads the compiled `dist/src/exec/run-worker.js`: `npm run
 * build` (or `npm install`, whose `prepare` builds) must have run; `npm
 * test` builds first.
 */
import { compiledFile } from '../util/package-root.js';
import { Worker } from 'node:worker_threads';
import type { Fixture, RunResult } from './fixture.js';
import type { ComponentRef } from './real-component.js';
import { type Limits, limitsOf } from './limits.js';
import { canonical } from './trace.js';

export interface RunRequest {
  version: '0.2' | '0.3';
  fx: Fixture;
  seed: number;
  source?: string;
  limits?: Partial<Limits>;
  /** Run this transpiled real component (real-component.ts) instead of the fixture's JS guest. */
  component?: ComponentRef;
}

/**
 * The watchdog's real-time allowance: three times the cpu budget plus two
 * seconds, as the in-guest check counts the worker's CPU time and a loaded
 * machine gives it less than real time (the in-guest check normally fires first).
 */
const GRACE_MS = 2000;
const watchdogMs = (cpuMs: number): number => 3 * cpuMs + GRACE_MS;
/** Host-side heap of the worker: what a guest can make the host allocate in one run. */
const HOST_HEAP_MB = 1024;
/**
 * A real component's linear memory lives outside the worker's heap limit and
 * grows while it computes without calling the host (where its memory budget
 * is checked). While one runs, the process's resident memory is polled: past
 * what it was when the run began plus the budget plus this much (the host
 * side, jco's glue and the compiled modules), the worker is terminated.
 */
export const componentRssSlackMb = 512;
const RSS_POLL_MS = 20;

/** dist/src/exec/run-worker.js, from the compiled module or from the TypeScript source (tests). */
function workerFile(): string {
  const built = compiledFile('src/exec/run-worker.js');
  if (!built) throw new Error(`dist/src/exec/run-worker.js is missing: run \`npm run build\` first (isolated guest runs load the compiled worker)`);
  return built;
}

interface Pending {
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
  req: RunRequest;
}

class Isolate {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Array<{ id: number; p: Pending }> = [];
  private current: { id: number; p: Pending; timer: NodeJS.Timeout; poll?: NodeJS.Timeout } | null = null;

  run(req: RunRequest): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, p: { resolve, reject, req } });
      this.next();
    });
  }

  private spawn(): Worker {
    const w = new Worker(workerFile(), { resourceLimits: { maxOldGenerationSizeMb: HOST_HEAP_MB } });
    w.on('message', (m: { id: number; result?: RunResult; error?: string }) => {
      const c = this.current;
      if (!c || c.id !== m.id) return;
      clearTimeout(c.timer);
      clearInterval(c.poll);
      this.current = null;
      if (m.result) c.p.resolve(m.result);
      else c.p.reject(new Error(m.error ?? 'the run failed'));
      this.next();
    });
    const died = (why: string, memory: boolean): void => {
      if (this.worker !== w) return;
      this.worker = null;
      const c = this.current;
      this.current = null;
      if (c) {
        clearTimeout(c.timer);
        clearInterval(c.poll);
        c.p.resolve(stopped(memory ? `budget: memory: the run's host side ran out of memory (${why})` : `host-error: the run's worker died (${why})`));
      }
      this.next();
    };
    w.on('error', (e: Error & { code?: string }) => died(e.message, e.code === 'ERR_WORKER_OUT_OF_MEMORY'));
    w.on('exit', (code) => died(`exit code ${code}`, false));
    // An idle worker does not keep the process alive; a run in flight does, through its watchdog timer.
    w.unref();
    return w;
  }

  private next(): void {
    if (this.current || this.queue.length === 0) return;
    const { id, p } = this.queue.shift()!;
    let limits: Limits;
    try {
      limits = limitsOf(p.req.limits);
    } catch (e) {
      p.reject(e as Error);
      this.next();
      return;
    }
    this.worker ??= this.spawn();
    const w = this.worker;
    const stop = (verdict: string): void => {
      const c = this.current;
      if (c?.id !== id) return;
      clearTimeout(c.timer);
      clearInterval(c.poll);
      this.current = null;
      this.worker = null;
      void w.terminate();
      p.resolve(stopped(verdict));
      this.next();
    };
    const timer = setTimeout(
      () => stop(`budget: cpu: the run did not finish within ${watchdogMs(limits.cpuMs)} ms of real time (3 x --cpu-ms ${limits.cpuMs} + ${GRACE_MS}); the watchdog stopped it`),
      watchdogMs(limits.cpuMs),
    );
    let poll: NodeJS.Timeout | undefined;
    if (p.req.component) {
      const ceiling = process.memoryUsage.rss() + (limits.memoryMb + componentRssSlackMb) * 1024 * 1024;
      poll = setInterval(() => {
        const rss = process.memoryUsage.rss();
        if (rss > ceiling) stop(`budget: memory: the process grew to ${Math.round(rss / 2 ** 20)} MiB while the component ran, over its ${limits.memoryMb} MiB budget (--memory-mb) plus ${componentRssSlackMb} MiB for the host; the watchdog stopped it`);
      }, RSS_POLL_MS);
      poll.unref();
    }
    this.current = { id, p, timer, poll };
    w.postMessage({ id, req: { ...p.req, limits } });
  }
}

/** The result of a run stopped from outside: its verdict, nothing the guest did (the world died with the worker). */
function stopped(verdict: string): RunResult {
  return { trace: canonical([{ ch: 'verdict', text: verdict, atMs: 0 }, { ch: 'exit', text: '0', atMs: 0 }]), verdict, steps: 0, virtualMs: 0 };
}

let isolate: Isolate | null = null;

/** One isolated run, queued behind earlier ones (one worker per process). */
export function runIsolated(req: RunRequest): Promise<RunResult> {
  isolate ??= new Isolate();
  return isolate.run(req);
}


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
 * The worker runs one request at a time, in order, and is handed the next
 * sandboxed run while it runs the current one, so it starts that run as soon
 * as it answered (no idle round trip between runs; a worker waiting for its
 * next request was an eighth of its time in `validate`). The watchdog of a
 * run handed over early starts when it becomes the current run here (when the
 * answer before it arrives), a message's latency after the worker began it.
 * A run handed over early to a worker that dies or is stopped never started
 * there (the worker is busy with the current run until then): it goes back to
 * the head of the queue, for the next worker. A real component's run is
 * handed over only once it is current, as its memory poll starts from the
 * process's size when the run began.
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

interface Queued {
  id: number;
  p: Pending;
  /** The request as posted (limits resolved). */
  msg: { id: number; req: RunRequest };
}

class Isolate {
  private worker: Worker | null = null;
  private nextId = 1;
  private queue: Queued[] = [];
  private current: { id: number; p: Pending; timer: NodeJS.Timeout; poll?: NodeJS.Timeout } | null = null;
  /** Posted to the worker behind the current run, not yet current (no watchdog yet). */
  private ahead: Queued | null = null;

  run(req: RunRequest): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      let limits: Limits;
      try {
        limits = limitsOf(req.limits);
      } catch (e) {
        reject(e as Error);
        return;
      }
      this.queue.push({ id, p: { resolve, reject, req }, msg: { id, req: { ...req, limits } } });
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
      this.requeueAhead();
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

  /** The run handed over early never started on a worker that is gone: it is first in line for the next one. */
  private requeueAhead(): void {
    if (this.ahead) this.queue.unshift(this.ahead);
    this.ahead = null;
  }

  private next(): void {
    if (!this.current) {
      const q = this.ahead ?? this.queue.shift();
      if (!q) return;
      const posted = this.ahead !== null;
      this.ahead = null;
      this.begin(q, posted);
    }
    // Hand the worker the next sandboxed run now, so it starts it as soon as it answered the current one.
    if (this.current && !this.ahead && this.worker && this.queue.length > 0 && !this.queue[0].p.req.component) {
      this.ahead = this.queue.shift()!;
      this.worker.postMessage(this.ahead.msg);
    }
  }

  /** `q` becomes the current run: its watchdog (and memory poll) start; posted unless it was handed over already. */
  private begin(q: Queued, posted: boolean): void {
    const { id, p } = q;
    const limits = q.msg.req.limits as Limits;
    this.worker ??= this.spawn();
    const w = this.worker;
    const stop = (verdict: string): void => {
      const c = this.current;
      if (c?.id !== id) return;
      clearTimeout(c.timer);
      clearInterval(c.poll);
      this.current = null;
      this.worker = null;
      this.requeueAhead();
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
    if (!posted) w.postMessage(q.msg);
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


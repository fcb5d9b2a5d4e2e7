/**
 * The packages of one `wit` run spread over the machine's cores: each worker
 * thread runs whole packages (migrate, prove idempotency, validate with the
 * real wit-parser: run.ts's checkPackage, the same code) while the calling
 * thread runs others. Migration, not wit-parser, is most of a run's time
 * (issue 18's profile), so a thread that only checked would wait on this one.
 *
 * Every thread claims the next package from one shared counter (Atomics on a
 * SharedArrayBuffer), so no thread waits for another to hand it work: the
 * calling thread is busy migrating and reads messages only between packages,
 * and a worker fed by it sat idle a third of a run (cpu profile, 1,000
 * files). A worker posts each report back; whatever a worker claimed and did
 * not report (it failed, or a package threw there) runs on the calling
 * thread at the end, which gives the verdict it would have had in a run of
 * one thread.
 *
 * Workers start only where a core is free (workerCount).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { compiledFile } from '../util/package-root.js';
import { textParserModules } from '../validate/wit-parser.js';
import type { PackageOnDisk } from './load.js';
import { unpackReport, type PostedReport } from './report-transfer.js';
import type { PackageReport, RunOptions } from './run.js';

/** What a worker needs of RunOptions (the callback stays here). */
export type WorkerOptions = Pick<RunOptions, 'validate' | 'bump' | 'features'>;

/** A worker's start-up data: the run's packages, its options, the shared counter of claimed packages, and the compiled wasm of the calling thread's wit-parser. */
export interface WorkerData {
  readonly opts: WorkerOptions;
  readonly pkgs: readonly PackageOnDisk[];
  readonly counter: SharedArrayBuffer;
  /** textParserModules of the calling thread (empty: the worker compiles its own). */
  readonly textParser: readonly (readonly [string, WebAssembly.Module])[];
}

/** What a worker posts: a package it started, a package's report (or that it threw), or that it claims no more. */
export type WorkerMessage = { start: number } | { done: number; report?: PostedReport } | { finished: true };

/**
 * Workers to start beside the calling thread: one per core that is free, at
 * most one per PACKAGES_PER_WORKER packages; WASI_MIGRATE_WORKERS sets the
 * number (0: everything on this thread). A core is taken by what other processes run
 * now (othersRunning) or by the load average, whichever is lower: a
 * worker costs about a second of CPU time to warm up (its own modules, JIT
 * and wasm-tools instance), so on a machine with no free core it only adds
 * work. (The 1-minute load average alone kept a 2-core machine at no worker
 * for a minute after any other process had run, a benchmark's own peer too.)
 */
export function workerCount(packages: number): number {
  const set = Number.parseInt(process.env.WASI_MIGRATE_WORKERS ?? '', 10);
  const asked = Number.isInteger(set) && set >= 0;
  const free = asked ? set : Math.floor(availableParallelism() - 1 - Math.min(loadavg()[0]!, othersRunning() ?? Infinity));
  return Math.max(0, Math.min(free, Math.floor(packages / (asked ? 2 : PACKAGES_PER_WORKER))));
}

/**
 * A worker's warm-up against what it takes off the calling thread, measured
 * on 2 quiet cores (`npm run bench wit-check`, 0.2 trees): with one worker,
 * 67 packages took 1.06-1.24x the time of the calling thread alone, and 669
 * packages 0.98x. Below this many packages no worker is started unasked.
 */
const PACKAGES_PER_WORKER = 400;

/**
 * Threads of other processes running or runnable now (Linux: `/proc/loadavg`'s
 * running count less this process's own running threads, V8's compiler
 * threads among them): the median of SAMPLES reads 1 ms apart, as one read
 * catches a busy machine between time slices now and then. Undefined where
 * /proc cannot be read.
 */
function othersRunning(): number | undefined {
  const seen: number[] = [];
  const pause = new Int32Array(new SharedArrayBuffer(4));
  try {
    for (let k = 0; k < SAMPLES; k++) {
      if (k) Atomics.wait(pause, 0, 0, 1);
      const running = Number.parseInt(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]!.split('/')[0]!, 10);
      if (!Number.isInteger(running)) return undefined;
      let own = 0;
      for (const t of readdirSync('/proc/self/task')) {
        // `pid (comm) S ...`: the state follows the last `)` (a thread's name may hold one).
        const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
        if (stat[stat.lastIndexOf(')') + 2] === 'R') own++;
      }
      seen.push(Math.max(0, running - Math.max(own, 1)));
    }
  } catch {
    return undefined;
  }
  return seen.sort((a, b) => a - b)[SAMPLES >> 1];
}

const SAMPLES = 5;

/**
 * The worker's entry: beside this module (the CLI's bundle has its own,
 * which loads the chunks the calling thread loaded; dist/src/migrate/ the
 * compiled one), else the compiled one (under jest this module is the
 * TypeScript source). Undefined when not built.
 */
function workerFile(): string | URL | undefined {
  const beside = new URL('./package-worker.js', import.meta.url);
  if (beside.protocol === 'file:' && existsSync(fileURLToPath(beside))) return beside;
  return compiledFile('src/migrate/package-worker.js');
}

/**
 * Runs `local` over every package on this thread, beside `workers` worker
 * threads, each thread claiming the next package from a shared counter;
 * reports in package order. `onStart(i)` hears each package as a thread
 * starts it (a worker's, when this thread next reads its messages).
 */
export async function runPool(
  pkgs: readonly PackageOnDisk[],
  opts: WorkerOptions,
  workers: number,
  local: (pkg: PackageOnDisk) => Promise<PackageReport>,
  onStart: (i: number) => void,
): Promise<PackageReport[]> {
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const reports: (PackageReport | undefined)[] = new Array<PackageReport | undefined>(pkgs.length);
  const file = workerFile();
  const started: Worker[] = [];
  const finished: Promise<void>[] = [];
  // The wasm wit-parser runs on, compiled once here (the CLI started that at its start) and shared.
  const textParser = file && workers > 0 && opts.validate !== false ? await textParserModules() : [];
  for (let k = 0; file && k < workers; k++) {
    const w = new Worker(file, { workerData: { opts, pkgs, counter, textParser } satisfies WorkerData });
    started.push(w);
    finished.push(
      new Promise<void>((resolve) => {
        w.on('message', (m: WorkerMessage) => {
          if ('start' in m) onStart(m.start);
          // The report crossed threads packed (report-transfer.ts), and with the caller's own package object.
          else if ('done' in m) {
            if (m.report) reports[m.done] = unpackReport(m.report, pkgs[m.done]!);
          } else resolve();
        });
        w.on('error', () => resolve());
        w.on('exit', () => resolve());
      }),
    );
  }
  try {
    for (let i = Atomics.add(next, 0, 1); i < pkgs.length; i = Atomics.add(next, 0, 1)) {
      onStart(i);
      reports[i] = await local(pkgs[i]!);
      // Let the workers' messages in (this thread's own awaits are microtasks only).
      if (started.length) await new Promise(setImmediate);
    }
    await Promise.all(finished);
    // What a worker claimed and did not report: here, as in a run of one thread.
    for (let i = 0; i < pkgs.length; i++) reports[i] ??= await local(pkgs[i]!);
    return reports as PackageReport[];
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
}

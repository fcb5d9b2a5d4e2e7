/**
 * The packages of one `wit` run spread over the machine's cores, in one of
 * two ways (workerCount says how many workers; run.ts picks the way):
 *
 * - One worker (runWithChecker): this thread migrates every package and the
 *   worker runs their checks by the real wit-parser (check-worker.ts), this
 *   thread going on to the next package meanwhile. On 2 cores this is the
 *   cheaper way (issue 18, per-thread CPU time on the 1,000-file trees):
 *   the worker's warm-up is small (no migration code to compile again, and
 *   wit-parser's wasm comes compiled from this thread), where a worker
 *   migrating packages of its own compiled and optimised all of that code a
 *   second time, 0.3-0.6 s of CPU, on a machine whose second core already
 *   runs V8's compilers and collector for this thread (0.6-1 s of a run).
 * - More workers (runPool): each thread runs whole packages (migrate, prove
 *   idempotency, validate: run.ts's checkPackage, the same code), claiming
 *   the next package from one shared counter (Atomics on a
 *   SharedArrayBuffer), so no thread waits for another to hand it work. A
 *   worker posts each report back (packed: report-transfer.ts); whatever a
 *   worker claimed and did not report (it failed, or a package threw there)
 *   runs on the calling thread at the end, which gives the verdict it would
 *   have had in a run of one thread.
 *
 * Either way a worker gets the wasm this thread compiled for wit-parser
 * (wit-parser.ts textParserModules) and loads one bundled file
 * (scripts/bundle-cli.mjs), reports keep package order, and a verdict is
 * always the real wit-parser's (the worker's, or this thread's when the
 * worker cannot answer). Workers start only where a core is free
 * (workerCount).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { compiledFile } from '../util/package-root.js';
import { inOrderAhead } from '../util/in-order.js';
import { textParserModules, validateWit, type ValidateOpts, type ValidateResult, type WitInput } from '../validate/wit-parser.js';
import type { PackageOnDisk } from './load.js';
import { unpackReport, type PostedReport } from './report-transfer.js';
import type { PackageReport, RunOptions } from './run.js';
import type { WitCheck } from './validate.js';

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
 * Workers to start beside the calling thread: none below CHECKER_FROM
 * packages, nor with fewer than two free cores; else one per core that is
 * free, at most one (the checker) below
 * 2 x PACKAGES_PER_WORKER packages and one per PACKAGES_PER_WORKER above;
 * WASI_MIGRATE_WORKERS sets the number (0: everything on this thread). A
 * core is taken by what other processes run now (othersRunning) or by the
 * load average, whichever is lower: on a machine with no free core a worker
 * only adds work. (The 1-minute load average alone kept a 2-core machine at
 * no worker for a minute after any other process had run, a benchmark's own
 * peer too.)
 */
export function workerCount(packages: number): number {
  const set = Number.parseInt(process.env.WASI_MIGRATE_WORKERS ?? '', 10);
  if (Number.isInteger(set) && set >= 0) return Math.min(set, Math.floor(packages / 2));
  if (packages < CHECKER_FROM) return 0;
  // Fewer than two cores beside this thread's: none can be free enough, whatever else runs (no need to look).
  if (availableParallelism() - 1 < 2) return 0;
  const free = Math.floor(availableParallelism() - 1 - Math.min(loadavg()[0]!, othersRunning() ?? Infinity));
  // One free core is not enough: V8's compiler and collector threads use it already (see CHECKER_FROM).
  if (free < 2) return 0;
  return Math.min(free, Math.max(1, Math.floor(packages / PACKAGES_PER_WORKER)));
}

/**
 * Packages from which the checker starts unasked: its warm-up (about 0.1 s
 * of CPU on the free core) against the checks it takes off this thread
 * (about 5 ms a package), measured as per-thread CPU time on 2 cores
 * (perf, `wit --check` of generated 0.3 trees): at 9 packages the run took
 * more CPU in all and this thread saved less than the worker spent; at 25
 * about even; at 85, this thread 0.87 -> 0.51 s for 0.24 s more in all.
 * In wall-clock time on 2 quiet cores (load under 1, five interleaved pairs,
 * the bench's 1,000-file trees) the checker gained nothing: 0.2 tree 1.56 s
 * with it, 1.48 s without; 0.3 tree 1.11 s and 1.09 s. The second core is
 * V8's (its compiler and collector threads), so unasked a worker starts only
 * where two cores are free (workerCount); WASI_MIGRATE_WORKERS=1 asks for it.
 */
const CHECKER_FROM = 40;

/**
 * Whole-package workers' warm-up (each compiles the migration code again)
 * against what they take off the calling thread, measured on 2 quiet cores
 * (`npm run bench wit-check`, 0.2 trees): with one such worker, 67 packages
 * took 1.06-1.24x the time of the calling thread alone, and 669 packages
 * 0.98x.
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
 * A check posted to check-worker.ts, and its answer. The texts of `files`
 * are numbers in the worker's table of texts, to which `texts` adds the
 * ones this request is the first to hold: the deps most packages of a run
 * vendor (the official WASI packages) cross to the worker once, not once
 * per package (copying them for each was a tenth of this thread's time on
 * the bench's 0.2 tree).
 */
export interface CheckRequest {
  readonly id: number;
  readonly input: { path: string } | { files: Record<string, number> };
  readonly texts: readonly string[];
  readonly opts: ValidateOpts;
}
export type CheckReply = { id: number; result: ValidateResult } | { id: number; error: string };

/**
 * Runs `local` over every package on this thread, in order, while one worker
 * thread runs their checks by the real wit-parser (check-worker.ts): `local`
 * is handed a WitCheck that posts the check there, and this thread goes on
 * to the next package meanwhile, up to IN_FLIGHT packages ahead of the
 * oldest unfinished one. Reports in package order. The worker batches the
 * checks that wait for it (check-worker.ts). A check the worker cannot
 * answer (it failed to start, or died) runs here: the same validateWit on
 * the same input.
 */
export async function runWithChecker(
  pkgs: readonly PackageOnDisk[],
  local: (pkg: PackageOnDisk, check: WitCheck) => Promise<PackageReport>,
  onStart: (i: number) => void,
): Promise<PackageReport[]> {
  const file = entryFile('check-worker.js');
  const textParser = file ? await textParserModules() : [];
  const w = file ? new Worker(file, { workerData: { textParser } satisfies CheckerData }) : undefined;
  const waiting = new Map<number, (r: CheckReply | undefined) => void>();
  let alive = w !== undefined;
  const gone = () => {
    alive = false;
    for (const answer of waiting.values()) answer(undefined);
    waiting.clear();
  };
  w?.on('message', (m: CheckReply) => {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  w?.on('error', gone);
  w?.on('exit', gone);
  let ids = 0;
  // The worker's table of texts, as this thread numbers them (in the order they were sent).
  const sent = new Map<string, number>();
  const check: WitCheck = async (input, opts = {}) => {
    const reply = alive
      ? await new Promise<CheckReply | undefined>((answer) => {
          const id = ids++;
          waiting.set(id, answer);
          w!.postMessage({ id, opts, ...numbered(input, sent) } satisfies CheckRequest);
        })
      : undefined;
    if (!reply) return validateWit(input, opts);
    if ('error' in reply) throw new Error(reply.error);
    return reply.result;
  };
  try {
    return await inOrderAhead(pkgs.length, IN_FLIGHT, (i) => {
      onStart(i);
      return local(pkgs[i]!, check);
    });
  } finally {
    w?.removeAllListeners('exit');
    await w?.terminate();
  }
}

/** `input` with its texts as numbers in `sent` (the worker's table), and the texts `sent` gains. */
function numbered(input: WitInput, sent: Map<string, number>): Pick<CheckRequest, 'input' | 'texts'> {
  if (!('files' in input)) return { input, texts: [] };
  const files: Record<string, number> = {};
  const texts: string[] = [];
  for (const [path, text] of Object.entries(input.files)) {
    let k = sent.get(text);
    if (k === undefined) {
      sent.set(text, (k = sent.size));
      texts.push(text);
    }
    files[path] = k;
  }
  return { input: { files }, texts };
}

/**
 * Packages this thread migrates ahead of the oldest whose check is not
 * answered: all of a run of the bench's size (the checker batches what
 * waits for it, so a backlog there costs calls nothing; this thread never
 * stops for it).
 */
const IN_FLIGHT = 128;

/** The checker's start-up data: the compiled wasm of this thread's wit-parser. */
export interface CheckerData {
  readonly textParser: readonly (readonly [string, WebAssembly.Module])[];
}

/**
 * The worker's entry: beside this module (the CLI's bundle has its own,
 * which loads the chunks the calling thread loaded; dist/src/migrate/ the
 * compiled one), else the compiled one (under jest this module is the
 * TypeScript source). Undefined when not built.
 */
function entryFile(name: string): string | URL | undefined {
  const beside = new URL(`./${name}`, import.meta.url);
  if (beside.protocol === 'file:' && existsSync(fileURLToPath(beside))) return beside;
  return compiledFile(`src/migrate/${name}`);
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
  const file = entryFile('package-worker.js');
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

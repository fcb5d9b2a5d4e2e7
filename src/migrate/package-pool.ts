/**
 * The packages of one `wit` run spread over the machine's cores: each worker
 * thread runs whole packages (migrate, prove idempotency, validate with the
 * real wit-parser: run.ts's checkPackage, the same code) while the calling
 * thread runs others. Migration, not wit-parser, is most of a run's time
 * (issue 18's profile), so a thread that only checked would wait on this one.
 *
 * Workers start only where a core is free (workerCount). A worker keeps
 * two packages in hand, so it need not wait while this thread migrates. Should a worker fail (or a package throw there), its
 * packages run on the calling thread, which gives the verdict they would
 * have had in a run of one thread.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compiledFile } from '../util/package-root.js';
import type { PackageOnDisk } from './load.js';
import type { PackageReport, RunOptions } from './run.js';

/** What a worker needs of RunOptions (the callback stays here). */
export type WorkerOptions = Pick<RunOptions, 'validate' | 'bump' | 'features'>;

export interface PackageWorker {
  /** Packages sent and not yet answered. */
  readonly inFlight: number;
  run(pkg: PackageOnDisk): Promise<PackageReport>;
  close(): Promise<void>;
}

/**
 * Workers to start beside the calling thread: one per core that is free
 * (`cores - 1 - load average`, as `make -l` judges it), at most one per two
 * packages; WASI_MIGRATE_WORKERS sets the number (0: everything on this
 * thread). A worker costs about a second of CPU time to warm up (its own
 * modules, JIT and wasm-tools instance, measured on 1,000 files), so on a
 * machine with no free core it makes a run slower, not faster.
 */
export function workerCount(packages: number): number {
  const set = Number.parseInt(process.env.WASI_MIGRATE_WORKERS ?? '', 10);
  const free = Number.isInteger(set) && set >= 0 ? set : Math.floor(availableParallelism() - 1 - loadavg()[0]!);
  return Math.max(0, Math.min(free, Math.floor(packages / 2)));
}

interface Job {
  readonly pkg: PackageOnDisk;
  readonly resolve: (r: PackageReport) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * A worker running checkPackage with `opts`; `local` runs a package on this
 * thread (the fallback). Undefined when the worker file is not built.
 */
export function packageWorker(opts: WorkerOptions, local: (pkg: PackageOnDisk) => Promise<PackageReport>): PackageWorker | undefined {
  const file = compiledFile('src/migrate/package-worker.js');
  if (!file) return undefined;
  let worker: Worker | undefined = new Worker(file, { workerData: opts });
  worker.unref();
  const jobs = new Map<number, Job>();
  let next = 0;
  const here = (j: Job) => void local(j.pkg).then(j.resolve, j.reject);
  const fail = () => {
    worker = undefined;
    const left = [...jobs.values()];
    jobs.clear();
    for (const j of left) here(j);
  };
  worker.on('message', (m: { id: number; report?: PackageReport; error?: string }) => {
    const j = jobs.get(m.id);
    if (!j) return;
    jobs.delete(m.id);
    if (jobs.size === 0) worker?.unref();
    // The report crossed threads as a copy: give back the caller's own package object.
    if (m.report) j.resolve({ ...m.report, pkg: j.pkg });
    else here(j);
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  return {
    get inFlight() {
      return jobs.size;
    },
    run: (pkg) =>
      new Promise<PackageReport>((resolve, reject) => {
        const job = { pkg, resolve, reject };
        if (!worker) return here(job);
        const id = next++;
        jobs.set(id, job);
        worker.ref();
        worker.postMessage({ id, pkg });
      }),
    close: async () => {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/**
 * validateWit on a worker thread, so the real wit-parser checks one package
 * while the main thread migrates the next (src/migrate/run.ts). The verdict
 * is validateWit's own: the same code, on another thread. Should the worker
 * fail, its pending and later requests run on the calling thread.
 */
import { compiledFile } from '../util/package-root.js';
import { Worker } from 'node:worker_threads';
import { validateWit, type ValidateOpts, type ValidateResult, type WitInput } from './wit-parser.js';

/** A validateWit that may run elsewhere. */
export type WitCheck = (input: WitInput, opts?: ValidateOpts) => Promise<ValidateResult>;

interface Job {
  readonly input: WitInput;
  readonly opts: ValidateOpts;
  readonly resolve: (r: ValidateResult) => void;
  readonly reject: (e: Error) => void;
}

/** A worker running validateWit; `close()` ends it. Undefined when the worker file is not built. */
export function witParserWorker(): { check: WitCheck; close(): Promise<void> } | undefined {
  const file = compiledFile('src/validate/wit-parser-worker.js');
  if (!file) return undefined;
  let worker: Worker | undefined = new Worker(file);
  worker.unref();
  const jobs = new Map<number, Job>();
  let next = 0;
  const here = (j: Job) => validateWit(j.input, j.opts).then(j.resolve, j.reject);
  const fail = () => {
    worker = undefined;
    const left = [...jobs.values()];
    jobs.clear();
    for (const j of left) void here(j);
  };
  worker.on('message', (m: { id: number; result?: ValidateResult; error?: string }) => {
    const j = jobs.get(m.id);
    if (!j) return;
    jobs.delete(m.id);
    if (jobs.size === 0) worker?.unref();
    if (m.error !== undefined) j.reject(new Error(m.error));
    else j.resolve(m.result!);
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  return {
    check: (input, opts = {}) =>
      new Promise<ValidateResult>((resolve, reject) => {
        const job = { input, opts, resolve, reject };
        if (!worker) return void here(job);
        const id = next++;
        jobs.set(id, job);
        worker.ref();
        worker.postMessage({ id, input, opts });
      }),
    close: async () => {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

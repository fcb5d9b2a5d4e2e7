/**
 * Worker entry of package-pool.ts: claims the run's packages from the shared
 * counter one at a time and runs checkPackage (run.ts) on each, posting its
 * report, until none is left.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerData, WorkerMessage } from './package-pool.js';
import { packReport } from './report-transfer.js';
import { checkPackage } from './run.js';
import { preloadTextParser, shareTextParser } from '../validate/wit-parser.js';

const { opts, pkgs, counter, textParser } = workerData as WorkerData;
const next = new Int32Array(counter);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
// wit-parser's instance loads while the first package migrates (as main.ts does on the calling thread), from the wasm the calling thread compiled.
if (opts.validate !== false) {
  await shareTextParser(textParser);
  preloadTextParser();
}
for (let i = Atomics.add(next, 0, 1); i < pkgs.length; i = Atomics.add(next, 0, 1)) {
  post({ start: i });
  try {
    post({ done: i, report: packReport(await checkPackage(pkgs[i]!, opts)) });
  } catch {
    // The calling thread runs it again.
    post({ done: i });
  }
}
post({ finished: true });

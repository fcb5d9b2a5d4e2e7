/**
 * Worker entry of package-pool.ts: runs checkPackage (run.ts) for the
 * calling thread, one package at a time, in arrival order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PackageOnDisk } from './load.js';
import type { WorkerOptions } from './package-pool.js';
import { checkPackage } from './run.js';

const opts = workerData as WorkerOptions;
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: { id: number; pkg: PackageOnDisk }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: m.id, report: await checkPackage(m.pkg, opts) });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
});

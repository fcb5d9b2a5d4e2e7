/**
 * Worker entry of WitParserWorker (wit-parser-pool.ts): runs validateWit for
 * the main thread, one request at a time, in arrival order.
 */
import { parentPort } from 'node:worker_threads';
import { validateWit, type ValidateOpts, type WitInput } from './wit-parser.js';

let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: { id: number; input: WitInput; opts: ValidateOpts }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: m.id, result: await validateWit(m.input, m.opts) });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
});

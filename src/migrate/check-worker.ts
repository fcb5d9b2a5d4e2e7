/**
 * Worker entry of package-pool.ts's runWithChecker: runs the real
 * wit-parser checks (validateWit) that the calling thread posts, one at a
 * time, in the order they come, on the wasm the calling thread compiled;
 * posts each verdict back, or the error the check threw, and counts it in
 * `answered` (which the calling thread reads to see how far behind it is).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckerData, CheckReply, CheckRequest } from './package-pool.js';
import { preloadTextParser, shareTextParser, validateWit } from '../validate/wit-parser.js';

const { textParser, answered } = workerData as CheckerData;
await shareTextParser(textParser);
preloadTextParser();
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (m: CheckRequest) => {
  queue = queue.then(async () => {
    let reply: CheckReply;
    try {
      reply = { id: m.id, result: await validateWit(m.input, m.opts) };
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(reply);
    Atomics.add(answered, 0, 1);
  });
});

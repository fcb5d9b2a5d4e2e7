/**
 * The worker thread isolated runs happen in (isolate.ts): one request at a
 * time, answered with the run's plain-data result.
 */
import { parentPort } from 'node:worker_threads';
import { run02InThread, run03InThread } from './fixture.js';
import type { RunRequest } from './isolate.js';

parentPort!.on('message', async (msg: { id: number; req: RunRequest }) => {
  const { version, fx, seed, source, limits } = msg.req;
  try {
    const run = version === '0.2' ? run02InThread : run03InThread;
    const result = await run(fx, seed, source ?? undefined, { limits });
    parentPort!.postMessage({ id: msg.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});

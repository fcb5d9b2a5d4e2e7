/**
 * The worker thread isolated runs happen in (isolate.ts): one request at a
 * time (a sandboxed JS guest, or a real component), answered with the run's
 * plain-data result.
 */
import { parentPort } from 'node:worker_threads';
import { run02InThread, run03InThread } from './fixture.js';
import type { RunRequest } from './isolate.js';

parentPort!.on('message', async (msg: { id: number; req: RunRequest }) => {
  const { version, fx, seed, source, limits, component } = msg.req;
  try {
    let result;
    if (component) {
      // Loaded only for real components: it needs jco, which sandboxed runs do not.
      const { runComponentInThread } = await import('./real-component.js');
      result = await runComponentInThread(version, fx, seed, component, limits);
    } else {
      const run = version === '0.2' ? run02InThread : run03InThread;
      result = await run(fx, seed, source ?? undefined, { limits });
    }
    parentPort!.postMessage({ id: msg.id, result });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});

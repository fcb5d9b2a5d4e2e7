/**
 * The worker thread isolated runs happen in (isolate.ts): one request at a
 * time, in the order they came (a sandboxed JS guest, or a real component),
 * each answered with the run's plain-data result. The next request may come
 * while a run is in progress; it waits for that run's answer.
 */
import { parentPort } from 'node:worker_threads';
import { run02InThread, run03InThread } from './fixture.js';
import type { RunRequest } from './isolate.js';
import type { RunResult } from './fixture.js';

async function answer(msg: { id: number; req: RunRequest }): Promise<void> {
  const { version, fx, seed, source, limits, component } = msg.req;
  try {
    let result: RunResult;
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
}

/** The runs asked for, one after another. */
let runs: Promise<void> = Promise.resolve();
parentPort!.on('message', (msg: { id: number; req: RunRequest }) => {
  runs = runs.then(() => answer(msg));
});

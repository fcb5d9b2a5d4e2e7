/**
 * Worker entry of package-pool.ts's runWithChecker: runs the real
 * wit-parser checks that the calling thread posts, on the wasm the calling
 * thread compiled, and posts each verdict back, or the error the check
 * threw. The checks that came in while a call ran
 * are asked for in one turn, so trees of the same deps share one call
 * (src/validate/batch.ts): the further this thread falls behind the calling
 * one, the more each call checks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckerData, CheckReply, CheckRequest } from './package-pool.js';
import { batchingValidateWit } from '../validate/batch.js';
import { preloadTextParser, shareTextParser } from '../validate/wit-parser.js';

const { textParser } = workerData as CheckerData;
await shareTextParser(textParser);
preloadTextParser();
const check = batchingValidateWit();
// The texts the calling thread has sent, by number (CheckRequest).
const texts: string[] = [];
parentPort!.on('message', (m: CheckRequest) => {
  texts.push(...m.texts);
  const input = 'files' in m.input ? { files: Object.fromEntries(Object.entries(m.input.files).map(([path, k]) => [path, texts[k]!])) } : m.input;
  check(input, m.opts).then(
    (result) => reply({ id: m.id, result }),
    (e: unknown) => reply({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});

function reply(r: CheckReply): void {
  parentPort!.postMessage(r);
}

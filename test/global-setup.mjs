/**
 * jest globalSetup: stop the whole run at once when the test corpus is missing
 * (one message: where it looked, WASI_MIGRATE_CORPUS, `npm run corpus`),
 * instead of every suite that reads it failing on its own. Then a fresh
 * folder for this run's component builds (WASI_MIGRATE_BUILD_CACHE, read by
 * src/exec/component-build.ts; the test workers inherit it), removed by
 * test/global-teardown.mjs: a component several suites build from the same
 * inputs is built once per run.
 *
 * Plain ESM on the compiled helper (dist/src/util/corpus.js, from
 * src/util/corpus.ts): jest loads globalSetup outside its module system, where
 * the tests' `.js` -> `.ts` mapping does not apply. `npm test` compiles first.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  let missingCorpusMessage;
  try {
    ({ missingCorpusMessage } = await import('../dist/src/util/corpus.js'));
  } catch (e) {
    process.stderr.write(`\njest globalSetup: cannot load dist/src/util/corpus.js (${e.message}); run \`npm run build\` first (npm test does)\n\n`);
    process.exit(1);
  }
  const message = missingCorpusMessage();
  if (message !== undefined) {
    process.stderr.write(`\n${message}\n\n`);
    process.exit(1);
  }
  process.env.WASI_MIGRATE_BUILD_CACHE = mkdtempSync(join(tmpdir(), 'wasi-migrate-builds-'));
}

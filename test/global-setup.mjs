/**
 * jest globalSetup: stop the whole run at once when the test corpus is missing
 * (one message: where it looked, WASI_MIGRATE_CORPUS, `npm run corpus`),
 * instead of every suite that reads it failing on its own.
 *
 * Plain ESM on the compiled helper (dist/src/util/corpus.js, from
 * src/util/corpus.ts): jest loads globalSetup outside its module system, where
 * the tests' `.js` -> `.ts` mapping does not apply. `npm test` compiles first.
 */
export default async function globalSetup() {
  let missingCorpusMessage;
  try {
    ({ missingCorpusMessage } = await import('../dist/src/util/corpus.js'));
  } catch (e) {
    process.stderr.write(`\njest globalSetup: cannot load dist/src/util/corpus.js (${e.message}); run \`npm run build\` first (npm test does)\n\n`);
    process.exit(1);
  }
  const message = missingCorpusMessage();
  if (message === undefined) return;
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

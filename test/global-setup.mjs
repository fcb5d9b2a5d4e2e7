// Before any suite: stop the whole run at once, with one instruction, when the
// test corpus is missing (instead of failing suite by suite). Reads the built
// dist/ (`npm test` builds first).
import { existsSync } from 'node:fs';

export default async function globalSetup() {
  const built = new URL('../dist/src/util/corpus.js', import.meta.url);
  if (!existsSync(built)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const { corpusMissing } = await import(built.href);
  const why = corpusMissing();
  if (why) {
    const e = new Error(`\n${why}\n`);
    e.stack = e.message;
    throw e;
  }
}

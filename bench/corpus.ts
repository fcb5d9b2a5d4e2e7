import { existsSync } from 'node:fs';
import { corpusPath } from '../src/util/corpus.js';

/** The WASI corpus (`<version>/<package>/*.wit`) inside the test corpus (src/util/corpus.ts). */
export function corpusDir(): string {
  const dir = corpusPath('wasi');
  if (!existsSync(dir)) throw new Error(`WASI corpus not found at ${dir}: set WASI_MIGRATE_CORPUS, or run npm run corpus`);
  return dir;
}

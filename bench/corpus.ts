import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The WASI corpus (`<version>/<package>/*.wit`): WASI_CORPUS if set, else
 * `../shared/corpus/wasi` beside the repository (this file runs from
 * dist/bench/, so the repository is two levels up), else from the cwd.
 */
export function corpusDir(): string {
  const candidates = [
    process.env.WASI_CORPUS,
    path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/corpus/wasi'),
    path.resolve(process.cwd(), '../shared/corpus/wasi'),
  ].filter((c): c is string => !!c);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`WASI corpus not found (set WASI_CORPUS); looked in: ${candidates.join(', ')}`);
  return found;
}

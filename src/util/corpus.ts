/**
 * The test corpus (real WIT and code others wrote; `../shared/corpus` in this
 * workspace, README there): `$WASI_MIGRATE_CORPUS` when set, else
 * `../shared/corpus` beside the project. `npm run corpus` fetches it for
 * anyone else (src/corpus/main.ts); `npm test` stops at once when it is
 * missing (test/global-setup.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.js';

export function corpusDir(): string {
  if (process.env.WASI_MIGRATE_CORPUS) return path.resolve(process.env.WASI_MIGRATE_CORPUS);
  return path.resolve(packageRoot(), '..', 'shared', 'corpus');
}

/** A path inside the corpus: `corpusPath('wasi', '0.3.0')`. */
export function corpusPath(...parts: string[]): string {
  return path.join(corpusDir(), ...parts);
}

/** Why the corpus cannot be used, or null: the message `npm test` stops with. */
export function corpusMissing(): string | null {
  const dir = corpusDir();
  if (existsSync(path.join(dir, 'wasi')) && existsSync(path.join(dir, 'wit-parser-ui'))) return null;
  return [
    `the test corpus is missing: ${dir} has no wasi/ and wit-parser-ui/ folders.`,
    process.env.WASI_MIGRATE_CORPUS ? `WASI_MIGRATE_CORPUS=${process.env.WASI_MIGRATE_CORPUS} names it.` : 'Set WASI_MIGRATE_CORPUS to a folder holding it, or put it at ../shared/corpus beside the project.',
    'Fetch it with: WASI_MIGRATE_CORPUS=<folder> npm run corpus  (see README, "Running the tests outside this workspace").',
  ].join('\n');
}

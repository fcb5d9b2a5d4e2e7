/**
 * Where the test corpus lives: the one place that decides it.
 *
 * `$WASI_MIGRATE_CORPUS` when set, else `../shared/corpus` beside the
 * repository (packageRoot(): works from src/ under jest and from dist/src/).
 * Layout: `wasi/<release>/<package>/*.wit`, `wit-parser-ui/`, `thirdparty/`.
 * `npm run corpus` fetches it (see README, "Running the tests outside this workspace").
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from './package-root.js';

/** The corpus root (absolute): `$WASI_MIGRATE_CORPUS`, else `../shared/corpus` beside the repository. */
export function corpusRoot(): string {
  const env = process.env.WASI_MIGRATE_CORPUS;
  return env ? resolve(env) : resolve(packageRoot(), '..', 'shared', 'corpus');
}

/** A path inside the corpus, e.g. `corpusPath('wasi', '0.3.0')`. */
export function corpusPath(...parts: string[]): string {
  return join(corpusRoot(), ...parts);
}

/**
 * Undefined when the corpus root is a folder; otherwise the message that stops
 * the test run (jest globalSetup): where it looked and how to get the corpus.
 */
export function missingCorpusMessage(): string | undefined {
  const root = corpusRoot();
  if (existsSync(root) && statSync(root).isDirectory()) return undefined;
  const how = process.env.WASI_MIGRATE_CORPUS
    ? `WASI_MIGRATE_CORPUS is set to ${process.env.WASI_MIGRATE_CORPUS}`
    : 'WASI_MIGRATE_CORPUS is not set, so the default beside the repository was used';
  return [
    `wasi-migrate tests: the test corpus is missing: ${root} is not a folder (${how}).`,
    'The tests read real WIT (official WASI releases, wit-parser\'s UI suite, third-party trees) from it.',
    'Fetch it with:',
    '  WASI_MIGRATE_CORPUS=/path/to/corpus npm run corpus',
    'then run the tests with the same WASI_MIGRATE_CORPUS set.',
  ].join('\n');
}

/**
 * The folder of wasi-migrate's own package.json, found upwards from this
 * module: it runs from src/ under jest, from dist/src/ in a clone, and from
 * node_modules/wasi-migrate/dist/src/ when installed from the npm tarball.
 * Files the tool ships beside its code (official-wit/) are found from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function find(): { root: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wasi-migrate' && pkg.version) return (cached = { root: dir, version: pkg.version });
    } catch {
      // no package.json here: keep going up
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`wasi-migrate: no package.json named wasi-migrate above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** Absolute path of the wasi-migrate package (the folder holding its package.json). */
export function packageRoot(): string {
  return find().root;
}

/** wasi-migrate's version, from its package.json. */
export function packageVersion(): string {
  return find().version;
}

/**
 * A compiled module of this package, `dist/<rel>` (e.g. `src/exec/run-worker.js`),
 * as a worker thread loads it: the same file from dist/ and from the
 * TypeScript sources under jest. Undefined when it is not built.
 */
export function compiledFile(rel: string): string | undefined {
  const file = path.join(packageRoot(), 'dist', rel);
  return existsSync(file) ? file : undefined;
}

/**
 * Finding package roots on disk and reading a package with its deps/ and
 * deps.toml. The reading itself is the one loader of trees on disk,
 * `readPackageTree` in src/wit/loader.ts (symlinks, special files and bytes
 * are checked there); this module only adds the migration engine's view.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { LoadError, readPackageTree } from '../wit/loader.js';
import { scanDeps, type PackageInput } from './engine.js';

export { LoadError };

/** A path that holds no WIT package: a user error (exit 2), as an unreadable one is. */
export class NoPackageError extends Error {}

export interface PackageOnDisk {
  /** Absolute package root (the folder holding the .wit files and deps/). */
  readonly root: string;
  /** Only this file of the root, when the user named a single .wit file. */
  readonly only?: string;
  readonly label: string;
}

const SKIP = new Set(['deps', 'node_modules', '.git', 'target', 'dist']);

/**
 * A `.wit` file, a package folder, or a folder holding several packages
 * (every folder with `.wit` entries outside deps/). Symlinked folders are
 * not followed while looking for packages. A path that is missing or
 * unreadable is a LoadError.
 */
export function findPackages(p: string): PackageOnDisk[] {
  const abs = path.resolve(p);
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    throw new LoadError('no such file or directory', p);
  }
  if (!st.isDirectory() && !(st.isSymbolicLink() && isDirFollowed(abs))) return [{ root: path.dirname(abs), only: path.basename(abs), label: p }];
  const out: PackageOnDisk[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      // With each entry's type (as lstat gives it): no lstat per entry.
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new LoadError(`cannot list: ${(e as NodeJS.ErrnoException).code ?? e}`, dir);
    }
    if (entries.some((e) => e.name.endsWith('.wit'))) {
      out.push({ root: dir, label: path.relative(process.cwd(), dir) || '.' });
      return;
    }
    for (const n of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      if (SKIP.has(n) || n.startsWith('.')) continue;
      walk(path.join(dir, n));
    }
  };
  walk(abs);
  return out;
}

function isDirFollowed(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink() && readdirSync(p) !== undefined;
  } catch {
    return false;
  }
}

export function loadPackage(pkg: PackageOnDisk): PackageInput {
  const tree = readPackageTree(pkg.root, { only: pkg.only });
  return { label: pkg.label, files: tree.files, deps: scanDeps(tree.depFiles), depFiles: tree.depFiles, extraFiles: tree.extraFiles, depEntries: tree.depEntries, depManifests: tree.depManifests, shownRoot: path.relative(process.cwd(), pkg.root).split(path.sep).join('/') || '.' };
}

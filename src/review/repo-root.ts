/**
 * Where the working directory sits in its repository, for output that names
 * files relative to the repository root (SARIF's `%SRCROOT%`). The root is
 * the nearest folder at or above the working directory holding `.git` (a
 * folder, or a file in a worktree or submodule); with none, the working
 * directory itself is taken as the root.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** `/`-separated path from the repository root to `cwd` (`''` when `cwd` is the root or in no repository). */
export function cwdInRepo(cwd: string = process.cwd()): string {
  const real = realpathSync(cwd);
  for (let d = real; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return path.relative(d, real).split(path.sep).join('/');
    if (path.dirname(d) === d) return '';
  }
}

/** Finding package roots on disk and reading a package with its deps/ and deps.toml. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scanDeps, type PackageInput } from './engine.js';

export interface PackageOnDisk {
  /** Absolute package root (the folder holding the .wit files and deps/). */
  readonly root: string;
  /** Only this file of the root, when the user named a single .wit file. */
  readonly only?: string;
  readonly label: string;
}

const SKIP = new Set(['deps', 'node_modules', '.git', 'target', 'dist']);

/** A `.wit` file, a package folder, or a folder holding several packages (every folder with .wit files outside deps/). */
export function findPackages(p: string): PackageOnDisk[] {
  const abs = path.resolve(p);
  if (!existsSync(abs)) throw new Error(`no such file or directory: ${p}`);
  if (statSync(abs).isFile()) return [{ root: path.dirname(abs), only: path.basename(abs), label: p }];
  const out: PackageOnDisk[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort();
    if (names.some((n) => n.endsWith('.wit') && statSync(path.join(dir, n)).isFile())) {
      out.push({ root: dir, label: path.relative(process.cwd(), dir) || '.' });
      return;
    }
    for (const n of names) {
      if (SKIP.has(n) || n.startsWith('.')) continue;
      const q = path.join(dir, n);
      if (statSync(q).isDirectory()) walk(q);
    }
  };
  walk(abs);
  return out;
}

function readTree(root: string, rel: string, out: Record<string, string>): void {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  if (statSync(abs).isFile()) {
    out[rel] = readFileSync(abs, 'utf8');
    return;
  }
  for (const n of readdirSync(abs).sort()) readTree(root, `${rel}/${n}`, out);
}

export function loadPackage(pkg: PackageOnDisk): PackageInput {
  const files: Record<string, string> = {};
  const names = pkg.only ? [pkg.only] : readdirSync(pkg.root).filter((n) => n.endsWith('.wit')).sort();
  for (const n of names) files[n] = readFileSync(path.join(pkg.root, n), 'utf8');
  const depFiles: Record<string, string> = {};
  const extraFiles: Record<string, string> = {};
  if (!pkg.only) {
    readTree(pkg.root, 'deps', depFiles);
    if (existsSync(path.join(pkg.root, 'deps.toml'))) extraFiles['deps.toml'] = readFileSync(path.join(pkg.root, 'deps.toml'), 'utf8');
    if (existsSync(path.join(pkg.root, 'deps.lock'))) extraFiles['deps.lock'] = readFileSync(path.join(pkg.root, 'deps.lock'), 'utf8');
  }
  return { label: pkg.label, files, deps: scanDeps(depFiles), depFiles, extraFiles };
}

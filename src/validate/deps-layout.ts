/**
 * Builds the `deps/` layout wit-parser expects around a package that lives
 * beside its dependencies (as the WASI corpus does: one folder per package),
 * in a private temp dir. Files are COPIED there: jco's preview2-shim
 * filesystem refuses to follow symlinks ("Operation not permitted (os error
 * 63)"), so a symlinked layout does not work.
 *
 *   <tmp>/<file>.wit        copy of the package's own .wit files
 *   <tmp>/deps/<name>       copy of each sibling package (a dir, or a .wit file)
 */
import { mkdtemp, readdir, readFile, rm, stat, cp, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface DepsLayout {
  /** The package dir to hand to wit-parser. */
  dir: string;
  /** Removes the temp dir. */
  dispose(): Promise<void>;
}

/**
 * `main`: a package dir or a single .wit file. `deps`: dependency name -> a
 * package dir or .wit file. Extra deps that the package does not use are
 * harmless to wit-parser.
 */
export async function makeDepsLayout(main: string, deps: Record<string, string>): Promise<DepsLayout> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wasi-migrate-deps-'));
  try {
    const mainAbs = path.resolve(main);
    if ((await stat(mainAbs)).isDirectory()) {
      for (const n of await readdir(mainAbs)) {
        if (n.endsWith('.wit')) await cp(path.join(mainAbs, n), path.join(dir, n));
      }
    } else {
      await cp(mainAbs, path.join(dir, path.basename(mainAbs)));
    }
    if (Object.keys(deps).length) await mkdir(path.join(dir, 'deps'));
    for (const [name, target] of Object.entries(deps)) {
      const abs = path.resolve(target);
      const isDir = (await stat(abs)).isDirectory();
      const linkName = isDir || name.endsWith('.wit') ? name : `${name}.wit`;
      await cp(abs, path.join(dir, 'deps', linkName), { recursive: true, dereference: true });
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A corpus-style version dir (`<root>/<pkg>/*.wit`, or jco's
 * `<root>/wasi-<pkg>/package.wit`): the package plus, as deps, the siblings it
 * uses, transitively (found from `ns:name/` and `ns:name@` references in the
 * text; `all: true` takes every sibling instead). wit-parser parses every
 * package under deps/, so unused ones would only add time.
 */
export async function siblingLayout(versionDir: string, pkg: string, opts: { all?: boolean } = {}): Promise<DepsLayout> {
  const siblings = new Map<string, string>();
  for (const n of (await readdir(versionDir)).sort()) {
    const p = path.join(versionDir, n);
    if ((await stat(p)).isDirectory()) siblings.set(n, p);
  }
  const main = path.join(versionDir, pkg);
  if (!existsSync(main)) throw new Error(`no package ${pkg} in ${versionDir}`);
  const deps: Record<string, string> = {};
  if (opts.all) {
    for (const [n, p] of siblings) if (n !== pkg) deps[n] = p;
    return makeDepsLayout(main, deps);
  }
  const byPackageName = new Map<string, string>(); // `name` of `ns:name` -> sibling dir name
  for (const n of siblings.keys()) byPackageName.set(n.replace(/^wasi-/, ''), n);
  const todo = [pkg];
  const seen = new Set(todo);
  while (todo.length) {
    const dir = siblings.get(todo.pop()!)!;
    for (const f of await readdir(dir)) {
      if (!f.endsWith('.wit')) continue;
      const text = (await readFile(path.join(dir, f), 'utf8')).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
      for (const m of text.matchAll(/\b[a-z][a-z0-9-]*:([a-z][a-z0-9-]*)[/@]/g)) {
        const sib = byPackageName.get(m[1]!);
        if (sib && !seen.has(sib)) {
          seen.add(sib);
          todo.push(sib);
          deps[sib] = siblings.get(sib)!;
        }
      }
    }
  }
  return makeDepsLayout(main, deps);
}

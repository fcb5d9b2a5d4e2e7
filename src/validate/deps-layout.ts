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
import { mkdtemp, readdir, rm, stat, cp, mkdir } from 'node:fs/promises';
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

/** A corpus-style version dir (`<root>/<pkg>/*.wit`): the package plus every sibling as deps. */
export async function siblingLayout(versionDir: string, pkg: string): Promise<DepsLayout> {
  const deps: Record<string, string> = {};
  for (const n of (await readdir(versionDir)).sort()) {
    const p = path.join(versionDir, n);
    if (n !== pkg && (await stat(p)).isDirectory()) deps[n] = p;
  }
  const main = path.join(versionDir, pkg);
  if (!existsSync(main)) throw new Error(`no package ${pkg} in ${versionDir}`);
  return makeDepsLayout(main, deps);
}

/**
 * Building a real component from JavaScript, with componentize-qjs (QuickJS;
 * 0.3 components, and 0.2 ones with `--sync`) or ComponentizeJS
 * (`@bytecodealliance/componentize-js`, SpiderMonkey; 0.2 components,
 * http ones too). Both are development dependencies: the tests build their
 * components with them; running one needs only real-component.ts and
 * jco-transpile.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { witDirFor } from '../jco/types.js';

const require_ = createRequire(import.meta.url);

export interface BuildOptions {
  /** The world's WIT file; its WASI deps come from the vendored official WIT (`witDirFor`). */
  witFile?: string;
  /** Or a WIT folder used as it is, its deps/ included (a project's own tree, at the versions its code imports). */
  witDir?: string;
  world: string;
  /**
   * The component's JavaScript: for componentize-qjs in its dialect (default-import interfaces, u64 as number,
   * option as null); for ComponentizeJS in jco's guest binding shapes (named imports, bigint u64), as the fixtures'
   * `guest-0.2.js` are written.
   */
  sourceFile: string;
  /** componentize-qjs `--sync`: no component-model async ABI (0.2 components). Ignored by ComponentizeJS (0.2 only). */
  sync: boolean;
  /** Default componentize-qjs. */
  toolchain?: 'componentize-qjs' | 'componentize-js';
  /** Where the .wasm goes (a temp folder: build artifacts never go into the repo). */
  outDir: string;
}

/** JavaScript + WIT world -> component bytes, written to `<outDir>/<world>.wasm`. */
export async function buildComponent(o: BuildOptions): Promise<string> {
  if (!o.witDir && !o.witFile) throw new Error('buildComponent: witFile or witDir is needed');
  const dir = o.witDir ?? witDirFor(o.witFile!, join(o.outDir, `${o.world}-wit`)).dir;
  mkdirSync(o.outDir, { recursive: true });
  const out = join(o.outDir, `${o.world}.wasm`);
  const cached = buildCacheFile(o, dir);
  if (cached && existsSync(cached)) {
    copyFileSync(cached, out);
    return out;
  }
  const component = o.toolchain === 'componentize-js' ? await componentizeJs(o, dir) : await componentizeQjs(o, dir);
  writeFileSync(out, component);
  if (cached) {
    // Whole or not at all: another test worker may be reading or writing the same entry.
    const part = `${cached}.${process.pid}.part`;
    writeFileSync(part, component);
    renameSync(part, cached);
  }
  return out;
}

/**
 * The build cache of one test run: `npm test`'s jest globalSetup (test/global-setup.mjs) points
 * WASI_MIGRATE_BUILD_CACHE at a fresh folder, removed when the run ends, so a component that several suites build
 * from the same inputs (fixtures/components/cli-hello's 0.2 guest, for one) is built once per run. Unset (a build
 * outside jest): no cache. An entry is named by a hash of everything the component's bytes come from: the
 * toolchain, the versions of every installed package (node_modules/.package-lock.json, npm's record of what is
 * installed) and of Node, the world, `sync`, the source's path and text, and every file of the WIT folder it is
 * built from (path and text).
 */
function buildCacheFile(o: BuildOptions, witDir: string): string | undefined {
  const root = process.env.WASI_MIGRATE_BUILD_CACHE;
  if (!root || !existsSync(root)) return undefined;
  const h = createHash('sha256');
  const part = (label: string, value: string | Buffer) => {
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    h.update(`${label}\0${bytes.length}\0`).update(bytes);
  };
  part('toolchain', o.toolchain ?? 'componentize-qjs');
  part('installed', installedPackages());
  part('node', process.version);
  part('world', o.world);
  part('sync', String(o.sync));
  part('source path', o.sourceFile);
  part('source', readFileSync(o.sourceFile));
  for (const f of filesUnder(witDir)) {
    part('wit path', relative(witDir, f).split(sep).join('/'));
    part('wit', readFileSync(f));
  }
  return join(root, `${h.digest('hex')}.wasm`);
}

let installed: string | undefined;
/** What is installed: npm's hidden lock file beside the toolchains (every package's version), or their own versions. */
function installedPackages(): string {
  if (installed !== undefined) return installed;
  const modules = dirname(dirname(require_.resolve('componentize-qjs')));
  const lock = join(modules, '.package-lock.json');
  if (existsSync(lock)) return (installed = readFileSync(lock, 'utf8'));
  const version = (pkg: string) => (JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')) as { version: string }).version;
  return (installed = `componentize-qjs ${version('componentize-qjs')}, componentize-js ${version('@bytecodealliance/componentize-js')}`);
}

/** Every file under `dir`, sorted by path. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

async function componentizeQjs(o: BuildOptions, witDir: string): Promise<Uint8Array> {
  const { componentize } = require_('componentize-qjs') as {
    componentize(opts: { witPath: string; jsSource: string; jsPath?: string; world?: string; sync?: boolean }): Promise<{ component: Uint8Array }>;
  };
  return (await componentize({ witPath: witDir, jsSource: readFileSync(o.sourceFile, 'utf8'), jsPath: o.sourceFile, world: o.world, sync: o.sync })).component;
}

/**
 * ComponentizeJS 0.23. Its splicer (a jco-transpiled component) reads the WIT
 * through preview2-shim's filesystem, expecting the preopen of `/` that
 * preview2-shim 0.17 gave by default; it does not depend on preview2-shim (a
 * devDependency of its own), so it gets this project's 0.26, which preopens
 * nothing: "reading file <wit>: No such file or directory". We preopen `/`.
 */
async function componentizeJs(o: BuildOptions, witDir: string): Promise<Uint8Array> {
  const fs = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(p: Record<string, string>): void };
  fs._setPreopens({ '/': '/' });
  const { componentize } = (await import('@bytecodealliance/componentize-js')) as unknown as {
    componentize(opts: { sourcePath: string; witPath: string; worldName: string }): Promise<{ component: Uint8Array }>;
  };
  return (await componentize({ sourcePath: o.sourceFile, witPath: witDir, worldName: o.world })).component;
}

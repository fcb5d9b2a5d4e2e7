/**
 * Building a real component from JavaScript, with componentize-qjs (QuickJS;
 * 0.3 components, and 0.2 ones with `--sync`) or ComponentizeJS
 * (`@bytecodealliance/componentize-js`, SpiderMonkey; 0.2 components,
 * http ones too). Both are development dependencies: the tests build their
 * components with them; running one needs only real-component.ts and
 * jco-transpile.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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
  const component = o.toolchain === 'componentize-js' ? await componentizeJs(o, dir) : await componentizeQjs(o, dir);
  mkdirSync(o.outDir, { recursive: true });
  const out = join(o.outDir, `${o.world}.wasm`);
  writeFileSync(out, component);
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

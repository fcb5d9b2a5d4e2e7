/**
 * Building a real component from JavaScript with componentize-qjs (a
 * development dependency: the tests build their components with it; running
 * one needs only real-component.ts and jco-transpile).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { witDirFor } from '../jco/types.js';

const require_ = createRequire(import.meta.url);

export interface BuildOptions {
  witFile: string;
  world: string;
  /** The component's JavaScript, written for componentize-qjs (default-import interfaces, u64 as number, option as null). */
  sourceFile: string;
  /** componentize-qjs `--sync`: no component-model async ABI (0.2 components). */
  sync: boolean;
  /** Where the .wasm goes (a temp folder: build artifacts never go into the repo). */
  outDir: string;
}

/** componentize-qjs: JavaScript + WIT world -> component bytes, written to `<outDir>/<world>.wasm`. */
export async function buildComponent(o: BuildOptions): Promise<string> {
  const { componentize } = require_('componentize-qjs') as {
    componentize(opts: { witPath: string; jsSource: string; jsPath?: string; world?: string; sync?: boolean }): Promise<{ component: Uint8Array }>;
  };
  const { dir } = witDirFor(o.witFile, join(o.outDir, `${o.world}-wit`));
  const { component } = await componentize({ witPath: dir, jsSource: readFileSync(o.sourceFile, 'utf8'), jsPath: o.sourceFile, world: o.world, sync: o.sync });
  mkdirSync(o.outDir, { recursive: true });
  const out = join(o.outDir, `${o.world}.wasm`);
  writeFileSync(out, component);
  return out;
}

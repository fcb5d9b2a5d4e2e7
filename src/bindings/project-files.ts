/**
 * Project files beside the code that name WASI 0.2 interfaces: a
 * `tsconfig.json` whose `paths` map a `wasi:<pkg>/<iface>@0.2.x` specifier
 * to jco's generated declarations. The code now imports the 0.3.0 specifier
 * (renamed where the WASI API map moved the interface), and jco generates
 * the 0.3 declarations under the new interface's file name, so each such key
 * and its `wasi-<pkg>-<iface>.d.ts` target follow. The file is edited as
 * text: its comments and layout stay.
 *
 * Also what the project files say about the build: whether the project
 * bundles its modules (then the port's helpers can live in one module), and
 * how its relative imports must end.
 */
import { ts } from 'ts-morph';
import { ifaceIn03 } from './code/wasi-imports.js';

const KEY = /"wasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)@0\.2\.[0-9]+(?:-[0-9A-Za-z.-]+)?"(\s*:\s*\[)([^\]]*)\]/g;

/** The tsconfig text with its 0.2 `paths` entries moved to 0.3.0, and a note per entry moved; undefined when nothing names 0.2. */
export function tsconfigPaths(text: string): { text: string; notes: { line: number; note: string }[] } | undefined {
  const notes: { line: number; note: string }[] = [];
  const seen = new Set<string>();
  const out = text.replace(KEY, (whole, pkg: string, iface: string, colon: string, targets: string, at: number) => {
    const to = ifaceIn03(`wasi:${pkg}/${iface}`);
    const key = `${to}@0.3.0`;
    // Two 0.2 keys for one 0.3 interface: the first one moves, the others are left for the user.
    if (seen.has(key)) return whole;
    seen.add(key);
    const newIface = to.slice(to.indexOf('/') + 1);
    const moved = targets.replace(new RegExp(`wasi-${pkg}-${iface}\\.d\\.ts`, 'g'), `wasi-${pkg}-${newIface}.d.ts`);
    notes.push({ line: text.slice(0, at).split('\n').length, note: `tsconfig paths: wasi:${pkg}/${iface}@0.2 -> ${key} (the specifier the code imports now, and jco's declarations for it)` });
    return `"${key}"${colon}${moved}]`;
  });
  return notes.length ? { text: out, notes } : undefined;
}

const BUNDLER = /^(?:rolldown|rollup|esbuild|webpack|vite|tsup|parcel|@rollup\/.*|@vercel\/ncc)$/;
const BUNDLER_CONFIG = /^(?:rolldown|rollup|webpack|vite|esbuild|tsup)\.config\.[cm]?[jt]s$/;

/**
 * Does the project bundle its modules before componentizing? Then the
 * helpers a port needs can live in one module of the project and be
 * imported where used (a guest that is handed to the componentizer as one
 * file cannot import anything but its world). Read from a bundler's config
 * file in the project folder, or a bundler among package.json's
 * dependencies. `names`: the folder's file names; `packageJson`: its text.
 */
export function bundles(names: readonly string[], packageJson: string | undefined): boolean {
  if (names.some((n) => BUNDLER_CONFIG.test(n))) return true;
  if (!packageJson) return false;
  try {
    const pkg = JSON.parse(packageJson) as Record<string, unknown>;
    const deps = ['dependencies', 'devDependencies'].flatMap((k) => Object.keys((pkg[k] as Record<string, string> | undefined) ?? {}));
    return deps.some((d) => BUNDLER.test(d));
  } catch {
    return false;
  }
}

/** What a relative import of a TypeScript module ends with under this tsconfig: `.js` where Node's resolution needs it (node16, nodenext), else nothing. */
export function relativeImportExt(tsconfig: string | undefined): '' | '.js' {
  return tsconfig && /"moduleResolution"\s*:\s*"node(?:16|next)"/i.test(tsconfig) ? '.js' : '';
}

/**
 * The compiler options a tsconfig's text sets, its `extends` followed from
 * `root` (its files are not listed: only the options are wanted); undefined
 * when the text does not parse.
 */
export function tsconfigOptions(text: string, root: string): ts.CompilerOptions | undefined {
  const read = ts.parseConfigFileTextToJson('tsconfig.json', text);
  if (read.error || typeof read.config !== 'object' || read.config === null) return undefined;
  return ts.parseJsonConfigFileContent(read.config, { ...ts.sys, readDirectory: () => [] }, root).options;
}

/**
 * jco's own TypeScript declaration generator (`generateHostTypes` /
 * `generateGuestTypes` of @bytecodealliance/jco-transpile, the code behind
 * `jco types` and `jco guest-types`), called in-process, and the folders of
 * official WASI WIT it needs beside a world.
 *
 * - jco-transpile reads WIT through its own nested preview2-shim, whose
 *   filesystem has no preopened directories until someone sets them (the
 *   reason the jco 1.35 CLI `types` command fails): `setPreopens` of the
 *   wit-parser bridge sets `/` once on that very shim instance.
 * - A world's `wasi:*` dependencies must be on disk beside it; official-wit/ has the
 *   official WIT for 0.2.10, 0.2.12 and 0.3.0, so `witDirFor` copies the
 *   world file and the `deps/<pkg>/package.wit` its references need.
 *   Versions not vendored are rewritten to 0.2.12 (the 0.2.x line is
 *   additive), and that rewrite is reported.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jcoTranspilePath, setPreopens, shimPath, type FeatureSet } from '../validate/wit-parser.js';
import { officialWitRoot, SHIPPED_VERSIONS } from '../wit/official.js';

export interface WitDir {
  /** The folder: the world file plus `deps/<pkg>/package.wit`. */
  dir: string;
  /** `wasi:cli@0.2.3 -> 0.2.12` for each version not vendored. */
  rewritten: string[];
}

/**
 * A temp folder holding `witFile` and, as deps, the official jco-shipped WIT
 * of every `wasi:<pkg>@<version>` the file names, and of the packages those
 * use in turn (e.g. http 0.2 uses io, clocks, cli...).
 */
export function witDirFor(witFile: string, into = mkdtempSync(join(tmpdir(), 'wasi-migrate-wit-'))): WitDir {
  const shipped: readonly string[] = SHIPPED_VERSIONS;
  const builtin = officialWitRoot();
  const rewritten: string[] = [];
  const pick = (v: string): string => {
    if (shipped.includes(v)) return v;
    const to = v.startsWith('0.2.') ? '0.2.12' : v;
    if (!shipped.includes(to)) throw new Error(`${witFile}: no official WASI WIT for ${v} is vendored (official-wit/ has ${shipped.join(', ')})`);
    return to;
  };
  const refs = /\bwasi:([a-z][a-z0-9-]*)(?:\/[a-z][\w-]*)?@(\d+\.\d+\.\d+)/g;
  const retarget = (text: string, where: string): string =>
    text.replace(refs, (m, pkg: string, v: string) => {
      const to = pick(v);
      if (to === v) return m;
      const note = `wasi:${pkg}@${v} -> ${to} (${where})`;
      if (!rewritten.includes(note)) rewritten.push(note);
      return m.replace(`@${v}`, `@${to}`);
    });
  mkdirSync(join(into, 'deps'), { recursive: true });
  writeFileSync(join(into, basename(witFile)), retarget(readFileSync(witFile, 'utf8'), basename(witFile)));
  const todo = [...readFileSync(join(into, basename(witFile)), 'utf8').matchAll(refs)].map((m) => [m[1], m[2]] as const);
  const done = new Set<string>();
  while (todo.length) {
    const [pkg, v] = todo.pop()!;
    const key = `${pkg}@${v}`;
    if (done.has(key)) continue;
    done.add(key);
    const src = join(builtin, v, `wasi-${pkg}`, 'package.wit');
    if (!existsSync(src)) throw new Error(`${witFile}: official-wit/ has no WIT for wasi:${pkg}@${v}`);
    const dest = join(into, 'deps', `${pkg}-${v}`);
    mkdirSync(dest, { recursive: true });
    copyFileSync(src, join(dest, 'package.wit'));
    for (const m of readFileSync(src, 'utf8').matchAll(refs)) todo.push([m[1], m[2]]);
  }
  return { dir: into, rewritten };
}

/** Write jco's guest types for `world` of `witFile` into `outDir`; returns the files written (relative paths). */
export async function writeGuestTypes(witFile: string, world: string, outDir: string): Promise<string[]> {
  const { dir } = witDirFor(witFile);
  const files = await generateTypes({ witPath: dir, world, flavour: { kind: 'guest' } });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(outDir, rel)), { recursive: true });
    writeFileSync(join(outDir, rel), text);
  }
  return Object.keys(files);
}

/** How a declaration tree was generated: `jco guest-types`, or `jco types` (with or without `--instantiation`). */
export type TypesFlavour =
  | { readonly kind: 'guest' }
  | { readonly kind: 'host'; readonly instantiation?: 'async' | 'sync' };

export interface TypesRequest {
  /** A package folder (its `.wit` files and `deps/`) or one `.wit` file. */
  readonly witPath: string;
  /** World name as wit-parser selects it (`kv`, or `acme:kv/kv`). */
  readonly world: string;
  /** Base name of the world's `.d.ts` (jco's `--name`); jco uses the world name when absent. */
  readonly name?: string;
  readonly flavour: TypesFlavour;
  /** Active `@unstable` features (default: jco's, none). */
  readonly features?: FeatureSet;
}

interface JcoTypegen {
  generateHostTypes(witPath: string, opts: Record<string, unknown>): Promise<Record<string, Uint8Array>>;
  generateGuestTypes(witPath: string, opts: Record<string, unknown>): Promise<Record<string, Uint8Array>>;
}

let loaded: Promise<JcoTypegen> | undefined;

function typegen(): Promise<JcoTypegen> {
  loaded ??= (async () => {
    const transpileEntry = jcoTranspilePath();
    await setPreopens(transpileEntry);
    return (await import(pathToFileURL(transpileEntry).href)) as JcoTypegen;
  })();
  return loaded;
}

/** jco's declaration files for the request: path relative to the output folder (`kv.d.ts`, `interfaces/wasi-io-poll.d.ts`) to text. */
export async function generateTypes(req: TypesRequest): Promise<Record<string, string>> {
  const jco = await typegen();
  const witPath = shimPath(req.witPath);
  const opts: Record<string, unknown> = { worldName: req.world };
  if (req.name) opts.name = req.name;
  if (req.features) opts.features = req.features;
  let bytes: Record<string, Uint8Array>;
  if (req.flavour.kind === 'guest') bytes = await jco.generateGuestTypes(witPath, opts);
  else {
    if (req.flavour.instantiation) opts.instantiation = req.flavour.instantiation;
    bytes = await jco.generateHostTypes(witPath, opts);
  }
  const dec = new TextDecoder();
  return Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, dec.decode(v)]));
}

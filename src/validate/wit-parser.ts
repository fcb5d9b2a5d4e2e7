/**
 * Bridge to the REAL wit-parser (Rust, wit-parser 0.259) as jco 1.35 ships
 * it: `componentEmbed` of `@bytecodealliance/jco-transpile/wasm-tools` (0.15,
 * the package jco's CLI itself re-exports), a jco-transpiled build of
 * wasm-tools running on preview2-shim.
 *
 * Facts this module is built on (measured with jco 1.35.0, preview2-shim 0.26.1):
 *
 * - `componentEmbed({ witPath, dummy: true, world })` parses and resolves the
 *   package at `witPath` (a dir with `deps/`, or one .wit file), then selects
 *   the world. With preview2-shim 0.26 the WASI filesystem has no preopens, so
 *   `_setPreopens({ '/': '/' })` must be called first on the SAME shim
 *   instance the wasm-tools build imports (jco-transpile has its own nested
 *   copy of preview2-shim, so we resolve it from jco-transpile's location).
 * - `componentEmbed({ witSource, dummy: true })` takes WIT source text with no
 *   file at all, but only ONE file: it cannot see `deps/` or sibling files.
 *   We use it for single-file inputs and for locating syntax errors.
 * - The errors carry NO `--> file:line:col`: wit-parser 0.259 as built here
 *   renders only the message. Worse, for a directory the message is only the
 *   top context ("failed to parse package: DIR"), the cause is dropped. We
 *   recover the cause from jco's bindgen build (`generateTypes`, which formats
 *   the whole anyhow chain) and find the place ourselves: syntax errors exactly
 *   (shortest failing prefix, by bisection over `witSource`), resolution
 *   errors by searching for the name the message quotes (`locatedBy`).
 * - A Rust panic (e.g. `witPath` that does not exist) traps and poisons the
 *   instance ("cannot enter component instance"); we avoid the known panics
 *   and re-instantiate after any trap.
 */
import nodeModule, { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { existsSync, statSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { oneText, typeNodeBound } from './one-text.js';
import { memoByText } from '../util/text-memo.js';
import { stripComments } from '../wit/text-scan.js';

export type WitInput = { path: string } | { files: Record<string, string> };

export type ValidateResult =
  | { ok: true }
  | {
      ok: false;
      message: string;
      file?: string;
      line?: number;
      col?: number;
      /** How file/line/col were found: `parser` = from the parser itself (exact); `name-search` = first use of the name the message quotes (a best guess). */
      locatedBy?: 'parser' | 'name-search';
    };

// ---------------------------------------------------------------- jco loading


interface EmbedOpts {
  witSource?: string;
  witPath?: string;
  dummy?: boolean;
  world?: string;
  features?: JcoFeatures;
}

/** Features active in wit-parser (`@unstable(feature = x)` gates): a list, or every feature. */
export type JcoFeatures = { tag: 'list'; val: string[] } | { tag: 'all' };
/** The same, as the CLI's --features/--all-features give it. */
export type FeatureSet = JcoFeatures;
interface WasmToolsModule {
  $init: Promise<void>;
  tools: { componentEmbed(opts: EmbedOpts): Uint8Array };
}
interface BindgenModule {
  $init: Promise<void>;
  generateTypes(name: string, opts: { wit: { tag: 'path'; val: string }; world?: string; features?: FeatureSet }): unknown;
}

const req = createRequire(import.meta.url);

/** `@bytecodealliance/jco-transpile`'s main entry (a declared dependency: wasm-tools and jco's type generator). */
export function jcoTranspilePath(): string {
  try {
    return req.resolve('@bytecodealliance/jco-transpile');
  } catch (e) {
    throw new Error(`@bytecodealliance/jco-transpile is not installed (npm install @bytecodealliance/jco-transpile): ${(e as Error).message}`);
  }
}

/** jco-transpile's `wasm-tools` entry. */
function wasmToolsEntry(): string {
  return req.resolve('@bytecodealliance/jco-transpile/wasm-tools');
}

let generation = 0;
let toolsPromise: Promise<WasmToolsModule['tools']> | undefined;
let memoryToolsPromise: Promise<WasmToolsModule['tools']> | undefined;
let bindgenPromise: Promise<BindgenModule> | undefined;
let preopensSet = false;

/**
 * Give the preview2-shim that `entry` (a module of jco-transpile) resolves the
 * preopen `/`, once per process: wasm-tools and jco's type generator read
 * WIT through that same shim instance.
 */
export async function setPreopens(entry: string): Promise<void> {
  if (preopensSet) return;
  const shim = createRequire(entry).resolve('@bytecodealliance/preview2-shim/filesystem');
  const fsShim = (await import(pathToFileURL(shim).href)) as { _setPreopens(p: Record<string, string>): void };
  fsShim._setPreopens({ '/': '/' });
  preopensSet = true;
}

/**
 * The path to hand jco's wasm builds for an existing `p`: its real path.
 * preview2-shim refuses a path that runs through a symlink ("Operation not
 * permitted") and wasm-tools panics on that: a tree under a symlinked folder
 * (macOS's tmpdir, a linked checkout) came out as "wit-parser crashed".
 */
export function shimPath(p: string): string {
  return existsSync(p) ? realpathSync(p) : p;
}

/** jco-transpile's vendored wasm-tools module (what its `wasm-tools` entry wraps). */
function vendorUrl(): URL {
  return new URL('../vendor/wasm-tools.js', pathToFileURL(wasmToolsEntry()));
}

/**
 * The wasm-tools instance that reads files (`witPath`), on preview2-shim. We
 * import jco-transpile's vendor module directly so that, after a trap, a new
 * URL (`?instance=N`) gives a fresh instance sharing the same shim.
 */
function loadTools(): Promise<WasmToolsModule['tools']> {
  toolsPromise ??= (async () => {
    await setPreopens(wasmToolsEntry());
    const vendor = vendorUrl();
    return instantiate(generation === 0 ? vendor.href : `${vendor.href}?instance=${generation}`);
  })();
  return toolsPromise;
}

async function instantiate(url: string): Promise<WasmToolsModule['tools']> {
  const mod = (await import(url)) as WasmToolsModule;
  await mod.$init;
  return mod.tools;
}

/** Node's in-thread module hooks (22.15+, 23.5+), when this Node has them. */
type RegisterHooks = (hooks: { resolve(specifier: string, context: { parentURL?: string }, next: (s: string, c: object) => unknown): unknown }) => unknown;

let leanHooked: string | null | undefined;

/**
 * The URL of a wasm-tools instance whose WASI imports are lean-wasi.ts rather
 * than preview2-shim: the same vendor module under `?memory`, its
 * `@bytecodealliance/preview2-shim/*` imports redirected by a resolve hook,
 * and its `node:fs/promises` (wasm-read.ts: the core wasm read in one call);
 * the hook touches no other import. Null where Node has no in-thread hooks (or
 * lean-wasi.js is not built beside this module, or WASI_MIGRATE_JCO_HOST
 * is `preview2-shim`): then text goes to the preview2-shim instance too.
 */
function memoryInstanceUrl(): string | null {
  if (leanHooked !== undefined) return leanHooked;
  leanHooked = null;
  const registerHooks = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  // `../validate/`: the same file from dist/src/validate/ and from the CLI's bundle beside it (scripts/bundle-cli.mjs).
  const lean = new URL('../validate/lean-wasi.js', import.meta.url);
  // WASI_MIGRATE_JCO_HOST=preview2-shim keeps every instance on preview2-shim (a comparison, a suspect host).
  if (process.env.WASI_MIGRATE_JCO_HOST === 'preview2-shim') return null;
  if (typeof registerHooks !== 'function' || lean.protocol !== 'file:' || !existsSync(lean)) return null;
  const prefix = `${vendorUrl().href}?memory`;
  // Its fs/promises reads the core wasm in one call (wasm-read.ts says why).
  const read = new URL('../validate/wasm-read.js', import.meta.url);
  const redirect = existsSync(read) ? read.href : undefined;
  registerHooks({
    resolve: (specifier, context, next) => {
      if (!context.parentURL?.startsWith(prefix)) return next(specifier, context);
      if (specifier.startsWith('@bytecodealliance/preview2-shim/')) return { url: lean.href, format: 'module', shortCircuit: true };
      if (specifier === 'node:fs/promises' && redirect) return { url: redirect, format: 'module', shortCircuit: true };
      return next(specifier, context);
    },
  });
  leanHooked = prefix;
  return leanHooked;
}

/** The instance for WIT handed over as text: lean-wasi's where Node allows, else the file-reading one. */
function loadMemoryTools(): Promise<WasmToolsModule['tools']> {
  const prefix = memoryInstanceUrl();
  if (prefix === null) return loadTools();
  memoryToolsPromise ??= instantiate(`${prefix}=${generation}`);
  return memoryToolsPromise;
}

/**
 * Starts loading the instance that checks WIT text (its 2.4 MB of wasm
 * compile on a background thread), for a caller that knows it will check
 * some and has other work to do first. A failure surfaces at the first check.
 */
export function preloadTextParser(): void {
  loadMemoryTools().catch(() => {
    memoryToolsPromise = undefined;
    toolsPromise = undefined;
  });
}

/**
 * Settles once preloadTextParser's wasm is being compiled (wasm-read.ts read
 * it), or its instance has loaded or failed, whichever comes first; at once
 * when nothing was preloaded or the instance is not lean-wasi's (whose read
 * cannot be seen). For a caller about to do work that never yields: the
 * compile then runs on V8's threads beside it. Never rejects.
 */
export async function textParserCompiling(): Promise<void> {
  const loading = memoryToolsPromise;
  if (!loading || memoryInstanceUrl() === null) return;
  const read = wasmRead().then((m) => m.coreWasmRead);
  await Promise.race([read, loading]).catch(() => undefined);
}

/** wasm-read.ts, the module the lean instance reads its core wasm through (the same URL the resolve hook hands it). */
function wasmRead(): Promise<typeof import('./wasm-read.js')> {
  return import(new URL('../validate/wasm-read.js', import.meta.url).href) as Promise<typeof import('./wasm-read.js')>;
}

/**
 * The compiled modules of this thread's text-checking instance, for a worker
 * thread (shareTextParser there): loads the instance if need be. Empty where
 * that instance is not lean-wasi's (its compile cannot be seen) or failed to
 * load: the worker then compiles its own. Never rejects.
 */
export async function textParserModules(): Promise<[string, WebAssembly.Module][]> {
  if (memoryInstanceUrl() === null) return [];
  try {
    await loadMemoryTools();
    return await (await wasmRead()).compiledModules();
  } catch {
    return [];
  }
}

/**
 * Hands this thread's loader the modules another thread compiled
 * (textParserModules there): this thread's text-checking instance is made
 * from them rather than compiled again. To be called before that instance
 * loads.
 */
export async function shareTextParser(modules: readonly (readonly [string, WebAssembly.Module])[]): Promise<void> {
  if (!modules.length || memoryInstanceUrl() === null) return;
  (await wasmRead()).useCompiled(modules);
}

/** Which host the in-memory wasm-tools instance runs on in this process (for tests and benchmarks). */
export function memoryHost(): 'lean-wasi' | 'preview2-shim' {
  return memoryInstanceUrl() === null ? 'preview2-shim' : 'lean-wasi';
}

function loadBindgen(): Promise<BindgenModule> {
  bindgenPromise ??= (async () => {
    const entry = wasmToolsEntry();
    await setPreopens(entry);
    const url = new URL('../vendor/js-component-bindgen-component.js', pathToFileURL(entry)).href;
    const mod = (await import(url)) as BindgenModule;
    await mod.$init;
    return mod;
  })();
  return bindgenPromise;
}

type Outcome = { ok: true } | { ok: false; message: string };

async function embed(opts: EmbedOpts): Promise<Outcome> {
  // A path is read through preview2-shim; text needs no file system.
  const onText = opts.witPath === undefined && memoryInstanceUrl() !== null;
  const tools = await (onText ? loadMemoryTools() : loadTools());
  try {
    tools.componentEmbed({ ...opts, dummy: true });
    return { ok: true };
  } catch (e) {
    if (isCrash(e)) {
      // The instance is poisoned after a trap, and after a stack overflow in its wasm (a RangeError: a later call saw
      // "out of bounds memory access", its stack pointer left astray): drop it, the next call makes a new one.
      generation++;
      if (onText) memoryToolsPromise = undefined;
      else toolsPromise = undefined;
      return { ok: false, message: `wit-parser crashed (${e.message})` };
    }
    return { ok: false, message: errorText(e) };
  }
}

/** A trap, or a stack overflow in the wasm (a RangeError): the instance cannot be trusted afterwards. */
function isCrash(e: unknown): e is Error {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'payload' in e && typeof (e as { payload: unknown }).payload === 'string') {
    return (e as { payload: string }).payload;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * One raw `componentEmbed({ witPath | witSource, dummy: true, world })` call on
 * jco's wasm-tools: parse + resolve + world selection + dummy module embed.
 * No diagnosis on failure. For benchmarks and callers that pick the world.
 */
export function jcoEmbed(opts: {
  witPath?: string;
  witSource?: string;
  world?: string;
  features?: JcoFeatures;
}): Promise<{ ok: true } | { ok: false; message: string }> {
  return embed(opts);
}

/**
 * The cause wit-parser gives for a package folder it fails to parse (wasm-tools
 * reports only "failed to parse package: DIR"; jco's bindgen build prints the
 * chain). Undefined when it cannot be recovered.
 */
export async function jcoPackageCause(witPath: string): Promise<string | undefined> {
  const full = await causeChain(witPath, 'failed to parse package');
  return full === undefined ? undefined : lastCause(full);
}

/** Preloads jco (e.g. before timing); otherwise the first validation pays it. */
export async function warmUp(): Promise<void> {
  await Promise.all([loadTools(), loadMemoryTools()]);
}

// ------------------------------------------------------------- public API

export interface ValidateOpts {
  /** The one world to embed (default: every world of the main package). */
  world?: string;
  /** Active `@unstable` features (default: none, as wit-parser's own default). */
  features?: FeatureSet;
}

function feat(opts: ValidateOpts): { features?: FeatureSet } {
  return opts.features ? { features: opts.features } : {};
}

/**
 * Validates a WIT package with the real wit-parser.
 *
 * World choice (componentEmbed needs exactly one world): with `opts.world`
 * we use it. Otherwise we embed every world the main package declares (the
 * whole package and its deps are parsed and resolved on each call; the world
 * step adds the world elaboration checks, `include` conflicts and the like).
 * A package with no world at all is resolved and then rejected with "The
 * main package `x` contains no worlds": that error comes after a successful
 * parse and resolve, so we count it as valid. That needs no synthetic world,
 * so no file is ever rewritten and the error positions stay the user's.
 */
export async function validateWit(input: WitInput, opts: ValidateOpts = {}): Promise<ValidateResult> {
  if ('path' in input) return validatePath(path.resolve(input.path), opts);
  const names = Object.keys(input.files);
  const witFiles = names.filter((n) => n.endsWith('.wit'));
  // Fast path: one file and no deps -> witSource, no temp dir.
  if (witFiles.length === 1 && names.length === 1) {
    const name = witFiles[0]!;
    const text = input.files[name]!;
    return finish(await embedAllWorlds({ witSource: text, ...feat(opts) }, [text], opts.world), async (message) =>
      locate(message, [{ file: name, text }]),
    );
  }
  // From memory when one text is provably read as the tree is (one-text.ts). Only an accept is
  // taken from it: a rejection is checked again on disk, for wit-parser's own message and place.
  const r = await embedInMemory(input.files, opts);
  if (r?.ok) return r;
  // Loaded here, not with this module: node:fs/promises brings ~30 of Node's own modules (streams, readline), a few ms of every start-up.
  const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
  const dir = await mkdtemp(path.join(tmpdir(), 'wasi-migrate-wit-'));
  try {
    for (const [rel, text] of Object.entries(input.files)) {
      if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) throw new Error(`file name must be relative: ${rel}`);
      const abs = path.join(dir, rel);
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, text);
    }
    const r = await validatePath(dir, opts);
    if (!r.ok) {
      r.message = r.message.split(dir + path.sep).join('').split(dir).join('.');
      if (r.file?.startsWith(dir)) r.file = path.relative(dir, r.file);
    }
    return r;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The most type definitions a tree may make for one empty-world call to stand
 * for a call per world. Parse and resolve elaborate every world of a package,
 * whichever is selected (`Resolve::push`); what the selected world adds is
 * wit-component's dummy module and metadata, which flatten the world's
 * signatures. That refuses nothing a resolve accepts (a differential over
 * about 14,500 per-world calls on wit-parser's UI suite, the WASI releases,
 * the third-party trees and 4,800 random packages found no case), but it
 * recurses along chains of types: jco's build overflows its stack on a chain
 * of about 5,200 records each holding the last, passed and returned (also of
 * `type tN = tuple<tN-1>`), which resolve alone walks; 5,000 passed, on a
 * first call as after many. A tree with fewer type definitions than this
 * (typeNodeBound) has no chain that long; a larger one is embedded world by
 * world. (Chains of plain aliases, options, lists, results and futures
 * overflow resolve itself, from about 7,800 links: the same refusal either
 * way.)
 */
export const EMPTY_WORLD_MAX_TYPES = 1500;

/**
 * The tree's verdict from memory, when it can be had (oneText): accepted or
 * not by wit-parser, every world of the main package included. Without a
 * world asked for, and with few enough types (EMPTY_WORLD_MAX_TYPES), one
 * call selects an empty world added to the main package, under a name the
 * tree does not use; else each world is embedded in turn.
 */
async function embedInMemory(files: Readonly<Record<string, string>>, opts: ValidateOpts): Promise<Outcome | undefined> {
  if (opts.world === undefined && typeNodeBound(files) <= EMPTY_WORLD_MAX_TYPES) {
    const texts = Object.values(files);
    let name = 'wasi-migrate-check';
    for (let k = 2; texts.some((t) => t.includes(name)); k++) name = `wasi-migrate-check${k}`;
    const text = oneText(files, { emptyWorld: name });
    if (text !== undefined) return embed({ witSource: text, world: name, ...feat(opts) });
  }
  const text = oneText(files);
  if (text === undefined) return undefined;
  const mainTexts = Object.keys(files).filter((n) => n.endsWith('.wit') && !n.includes('/')).sort().map((n) => files[n]!);
  return embedAllWorlds({ witSource: text, ...feat(opts) }, mainTexts, opts.world);
}

async function validatePath(abs: string, opts: ValidateOpts): Promise<ValidateResult> {
  if (!existsSync(abs)) return { ok: false, message: `no such file or directory: ${abs}`, file: abs };
  // wit-parser gets the real path (shimPath); what is reported names the user's.
  const real = shimPath(abs);
  const r = await validateReal(real, opts);
  if (r.ok || real === abs) return r;
  const file = r.file !== undefined && r.file.startsWith(real) ? abs + r.file.slice(real.length) : r.file;
  return { ...r, message: r.message.split(real).join(abs), ...(file === undefined ? {} : { file }) };
}

async function validateReal(abs: string, opts: ValidateOpts): Promise<ValidateResult> {
  const mainFiles = packageFiles(abs);
  const outcome = await embedAllWorlds(
    { witPath: abs, ...feat(opts) },
    mainFiles.map((f) => f.text),
    opts.world,
  );
  return finish(outcome, async (message) => {
    const cause = await causeChain(abs, message, opts.features);
    const full = cause ?? message;
    // The chain names the package dir that failed ("failed to parse package: DIR").
    const m = /failed to parse package: (.+)/.exec(full);
    const pkgDir = m ? m[1]!.trim() : abs;
    const files = existsSync(pkgDir) ? packageFiles(pkgDir) : mainFiles;
    const located = await locate(lastCause(full), files.length ? files : mainFiles);
    return { ...located, message: full };
  });
}

async function finish(
  outcome: Outcome,
  diagnose: (message: string) => Promise<Omit<Extract<ValidateResult, { ok: false }>, 'ok'>>,
): Promise<ValidateResult> {
  if (outcome.ok) return outcome;
  return { ok: false, ...(await diagnose(outcome.message)) };
}

const NO_WORLDS = /^The main package `[^`]*` contains no worlds$/;

async function embedAllWorlds(base: EmbedOpts, texts: string[], world: string | undefined): Promise<Outcome> {
  if (world !== undefined) return embed({ ...base, world });
  const worlds = worldNames(texts);
  if (worlds.length === 0) {
    const r = await embed(base);
    return !r.ok && NO_WORLDS.test(r.message) ? { ok: true } : r;
  }
  for (const w of worlds) {
    const r = await embed({ ...base, world: w });
    if (!r.ok) return r;
  }
  return { ok: true };
}

/**
 * World names declared at the top level of a package's files (comments stripped; nested `package x { }` blocks are
 * not looked into), as wit-parser's world specifier takes them: with the `%` written (`%async`: a keyword without
 * it does not parse as a specifier, and the tree was refused).
 */
export function worldNames(texts: string[]): string[] {
  const out = new Set<string>();
  for (const t of texts) for (const w of worldsOf(t)) out.add(w);
  return [...out];
}

/** A line or block comment (block comments do not nest here). */
const COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\//g;

// Offsets do not matter here: each comment becomes one space (whitespace, as its blanked-out form is to this pattern), and a text without `world` has none.
// Only worlds outside braces are the file's own: a world inside a nested `package x { ... }` block belongs to that
// package, and naming it for the main package made wit-parser refuse valid trees ("World `w1` not found in package
// `foo:root`", 6 of wit-parser's own passing cases). WIT block comments nest, which COMMENT does not follow: a text
// with a nested one keeps the scan of every `world`, whose worst case is a refusal, never an accept.
const worldsOf = memoByText((text) => {
  if (!text.includes('world')) return [];
  let nested = false;
  const code = text.replace(COMMENT, (c) => {
    if (c.startsWith('/*') && c.indexOf('/*', 2) >= 0) nested = true;
    return ' ';
  });
  const out: string[] = [];
  let depth = 0;
  let at = 0;
  for (const m of code.matchAll(/(?:^|[;}\s])world\s+(%?[a-z][a-z0-9-]*)\s*\{/g)) {
    for (; at < m.index; at++) depth += code[at] === '{' ? 1 : code[at] === '}' ? -1 : 0;
    // The match may start with the `}` that closes a block.
    const closes = m[0].startsWith('}') ? 1 : 0;
    if (nested || depth - closes === 0) out.push(m[1]!);
  }
  return out;
});

interface SourceFile {
  file: string;
  text: string;
}

function packageFiles(p: string): SourceFile[] {
  const st = statSync(p);
  if (st.isFile()) return [{ file: p, text: readFileSync(p, 'utf8') }];
  return readdirSync(p)
    .filter((n) => n.endsWith('.wit'))
    .sort()
    .map((n) => ({ file: path.join(p, n), text: readFileSync(path.join(p, n), 'utf8') }));
}

// --------------------------------------------------------------- diagnosis

/** wasm-tools drops the cause of "failed to parse package"; jco's bindgen build prints the whole chain. */
async function causeChain(abs: string, message: string, features?: FeatureSet): Promise<string | undefined> {
  if (!/^failed to parse package/.test(message)) return undefined;
  const bindgen = await loadBindgen();
  try {
    bindgen.generateTypes('validate', { wit: { tag: 'path', val: abs }, ...(features ? { features } : {}) });
    return undefined;
  } catch (e) {
    if (isCrash(e)) {
      bindgenPromise = undefined;
      return undefined;
    }
    const text = errorText(e);
    // "reading WIT dir at [..]\n\nCaused by:\n    0: failed to parse package: DIR\n    1: cause"
    const causes = [...text.matchAll(/^\s+(?:\d+: )?(.+)$/gm)].map((m) => m[1]!.trim());
    const idx = causes.findIndex((c) => c.startsWith('failed to parse package'));
    return idx >= 0 ? causes.slice(idx).join(': ') : undefined;
  }
}

function lastCause(full: string): string {
  const m = /^failed to parse package: .+?: (.+)$/s.exec(full);
  return m ? m[1]! : full;
}

async function locate(
  cause: string,
  files: SourceFile[],
): Promise<Omit<Extract<ValidateResult, { ok: false }>, 'ok'>> {
  // 1. Syntax errors: the file that fails alone with the same message, then
  //    the shortest prefix of it that still fails so: the error token ends there.
  for (const f of files) {
    const alone = await embed({ witSource: f.text });
    if (alone.ok || alone.message !== cause) continue;
    let lo = 0;
    let hi = f.text.length; // fails with `cause` at hi
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = await embed({ witSource: f.text.slice(0, mid) });
      if (!r.ok && r.message === cause) hi = mid;
      else lo = mid + 1;
    }
    // A syntax error stops the parser at `hi`: text appended there is never
    // read. A resolution error needs the whole item, so junk appended to the
    // prefix turns it into a syntax error instead: then fall through to name search.
    const probe = await embed({ witSource: f.text.slice(0, hi) + '\n@@ }}} junk' });
    if (probe.ok || probe.message !== cause) {
      const named = nameSearch(cause, [f]);
      if (named) return named;
      break;
    }
    const found = /found `([^`]*)`/.exec(cause);
    let offset = hi;
    if (found && f.text.slice(hi - found[1]!.length, hi) === found[1]) offset = hi - found[1]!.length;
    else if (hi > 0) offset = hi - 1;
    return { message: cause, file: f.file, ...lineCol(f.text, offset), locatedBy: 'parser' };
  }
  // 2. Resolution errors: first use of a name the message quotes.
  return nameSearch(cause, files) ?? { message: cause, ...(files.length === 1 ? { file: files[0]!.file } : {}) };
}

function nameSearch(cause: string, files: SourceFile[]): Omit<Extract<ValidateResult, { ok: false }>, 'ok'> | undefined {
  for (const name of [...cause.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)) {
    const last = name.split(/[/.:]/).filter(Boolean).pop() ?? name;
    if (!/^[a-z][a-z0-9-]*$/i.test(last)) continue;
    for (const f of files) {
      const code = stripComments(f.text);
      const re = new RegExp(`(?<![A-Za-z0-9-])%?${last.replace(/-/g, '\\-')}(?![A-Za-z0-9-])`, 'g');
      const m = re.exec(code);
      if (m) return { message: cause, file: f.file, ...lineCol(f.text, m.index), locatedBy: 'name-search' };
    }
  }
  return undefined;
}

/** 1-based line and column (in UTF-16 code units), as an editor shows them. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

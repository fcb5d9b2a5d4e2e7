/**
 * The resolved model of a package being migrated, for the rules and for the
 * review's API list: the package's files with their deps, and, for a
 * `wasi:*` package it references that no dep provides, jco's official WIT as a
 * stand-in (see withOfficialDeps: 0.2.x is 0.2.12 relabelled). A package that
 * does not resolve gives the reason instead, never an exception.
 */
import { loadTexts, groupPackages, SourceError, type PackageSource } from '../wit/loader.js';
import { parseFile } from '../wit/parser.js';
import { resolveDeps, resolveOnDeps, resolvePackages, type ResolvedDeps } from '../wit/resolve.js';
import * as M from '../wit/model.js';
import type * as S from '../wit/syntax.js';
import type { PackageModel, WitFile } from '../../rules/types.js';
import { withOfficialDeps } from './validate.js';
import { Lru, memoByText } from '../util/text-memo.js';
import { declarations, stripComments, wasiRefs } from '../wit/text-scan.js';
import { byCodeUnit } from '../util/order.js';

export interface ResolvedSide {
  readonly packages: M.Package[];
  readonly resolve: M.Resolve;
}

type Texts = { path: string; text: string }[];

/** Splits a package's files into its main `.wit` files and one group per `deps/<dir>` or `deps/<file>.wit`. */
function splitFiles(files: Readonly<Record<string, string>>): { main: Texts; deps: Texts[] } {
  const main: Texts = [];
  const groups = new Map<string, Texts>();
  for (const p of Object.keys(files).sort(byCodeUnit)) {
    if (!p.endsWith('.wit')) continue;
    if (!p.startsWith('deps/')) {
      main.push({ path: p, text: files[p]! });
      continue;
    }
    const parts = p.split('/');
    const key = parts.length === 2 ? p : parts.slice(0, 2).join('/');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ path: p, text: files[p]! });
  }
  return { main, deps: [...groups.values()] };
}

/**
 * The dep groups the rules' model resolves a package against: its deps and
 * the official stand-ins withOfficialDeps adds, which depend only on the deps
 * and on the `wasi:*` ids the main files reference. Cached by the deps object
 * (the engine hands every phase the same one until a phase changes the deps)
 * and those ids: most phases of a package edit its main files, few change
 * what they reference.
 */
function depGroups(parsed: readonly WitFile[], depFiles: Readonly<Record<string, string>>): Texts[] {
  const refs = new Set<string>();
  for (const f of parsed) for (const id of wasiRefs(f.text)) refs.add(id);
  const key = [...refs].sort().join(' ');
  let byRefs = depGroupsCache.get(depFiles);
  if (!byRefs) depGroupsCache.set(depFiles, (byRefs = new Map()));
  let groups = byRefs.get(key);
  if (!groups) {
    const mainTexts: Record<string, string> = {};
    for (const f of parsed) mainTexts[f.path] = f.text;
    groups = splitFiles(withOfficialDeps(mainTexts, depFiles)).deps;
    byRefs.set(key, groups);
  }
  return groups;
}

const depGroupsCache = new WeakMap<Readonly<Record<string, string>>, Map<string, Texts[]>>();

/**
 * Every `@unstable` feature is active: the rules and the API list see a gated
 * package whole (as the real wit-parser check does by default). `docs: false`
 * leaves the root's doc text out of the model (resolve.ts; same diagnostics).
 */
function resolveSources(root: readonly PackageSource[], depGroups: readonly Texts[], docs = true): ResolvedSide | { error: string } {
  const pre = resolvedDeps(depGroups);
  const r = pre ? resolveOnDeps(root, pre, { docs }) : resolvePackages(root, parsedDeps(depGroups), { allFeatures: true, docs });
  if (r.diagnostics.length || !r.resolve) {
    const d = r.diagnostics[0];
    return { error: d ? `${d.file}:${d.line}:${d.col}: ${d.message}` : 'resolution failed' };
  }
  return { packages: r.root, resolve: r.resolve };
}

/**
 * Resolves a package's files (`x.wit` main, `deps/<dir>/...` or `deps/x.wit`
 * deps) in memory, as they are (no stand-ins). Deps are parsed through the
 * dep cache: the review resolves each package before and after, with the
 * official stand-ins the rules' model already parsed.
 */
export function resolveFiles(files: Readonly<Record<string, string>>): ResolvedSide | { error: string } {
  const { main, deps } = splitFiles(files);
  try {
    const r = loadTexts(main);
    if (r.diagnostics.length) {
      const d = r.diagnostics[0]!;
      throw new Error(`${d.file}:${d.line}:${d.col}: ${d.message}`);
    }
    return resolveSources(r.packages, deps);
  } catch (e) {
    if (e instanceof SourceError || e instanceof Error) return { error: e.message };
    throw e;
  }
}

/**
 * Parses a dep file through a run-wide cache by path and text: the same deps
 * (and the official stand-ins) are read again at every phase of every
 * package. Syntax trees are never mutated, so one tree serves every reader of
 * that text. (A package's own files go through its ParseScope, engine.ts.)
 */
export function parseCached(path: string, text: string): ReturnType<typeof parseFile> {
  // By text, then path: no key string built from a whole text (hashing and copying it on every lookup).
  let byPath = parseCache.get(text);
  if (!byPath) parseCache.set(text, (byPath = new Map()));
  let r = byPath.get(path);
  if (!r) byPath.set(path, (r = parseFile({ path, text })));
  return r;
}

const parseCache = new Lru<string, Map<string, ReturnType<typeof parseFile>>>(512);

function parsedDep(path: string, text: string): S.File {
  const r = parseCached(path, text);
  if (r.diagnostics.length || !r.file) {
    const d = r.diagnostics[0];
    throw new Error(d ? `${d.file}:${d.line}:${d.col}: ${d.message}` : `${path}: does not parse`);
  }
  return r.file;
}

/**
 * The deps resolved once per set of dep texts (resolve.ts, resolveDeps): every
 * phase of a package, its idempotency run and the review resolve the package
 * against the same deps, most of them the official WASI packages. Undefined
 * when the deps do not resolve alone: then they are resolved with the root,
 * as before, for the same error.
 */
function resolvedDeps(groups: readonly Texts[]): ResolvedDeps | undefined {
  const known = resolvedByGroups.get(groups);
  if (known) return known.deps;
  const deps = resolvedDepsByText(groups);
  resolvedByGroups.set(groups, { deps });
  return deps;
}

/** resolvedDeps by the groups object (depGroups hands a package's phases the same one): no dep file looked up again. */
const resolvedByGroups = new WeakMap<readonly Texts[], { deps: ResolvedDeps | undefined }>();

function resolvedDepsByText(groups: readonly Texts[]): ResolvedDeps | undefined {
  const files = groups.map((g) => g.map((t) => parsedDep(t.path, t.text)));
  const key = files.map((g) => g.map(fileId).join(',')).join(';');
  if (!depsCache.has(key)) depsCache.set(key, resolveDeps(files.flatMap((g) => groupPackages(g)), { allFeatures: true }));
  return depsCache.get(key);
}

const depsCache = new Lru<string, ResolvedDeps | undefined>(64);
const fileIds = new WeakMap<S.File, number>();
let nextFileId = 0;

function fileId(f: S.File): number {
  let id = fileIds.get(f);
  if (id === undefined) fileIds.set(f, (id = nextFileId++));
  return id;
}

/** The packages of each dep group (one `deps/<dir>` or `deps/<file>.wit`), parsed through the cache. */
function parsedDeps(groups: readonly Texts[]): PackageSource[] {
  return groups.flatMap((g) => groupPackages(g.map((t) => parsedDep(t.path, t.text))));
}

/**
 * The model the rules read: the main package resolved from the very syntax
 * trees the rules walk (so a model item's `origin.node` is the node a rule
 * holds), with its deps and official stand-ins for `wasi:*` references no dep
 * provides. Without the main package's doc text: the rules read names and
 * types, and a package resolves again after every phase that edits it
 * (turning its doc comments into text was an eighth of each resolution).
 */
export function resolveForRules(parsed: readonly WitFile[], depFiles: Readonly<Record<string, string>>): PackageModel | { error: string } {
  try {
    const r = resolveSources(groupPackages(parsed.map((f) => f.file)), depGroups(parsed, depFiles), false);
    if ('error' in r) return r;
    const main = r.packages[0]!;
    return { resolve: r.resolve, packageId: M.packageId(main.name), package: main };
  } catch (e) {
    if (e instanceof SourceError || e instanceof Error) return { error: e.message };
    throw e;
  }
}

/**
 * The packages of the deps the rules' model resolves against (depGroups: the
 * deps and the official stand-ins), each resolved alone with the dep groups
 * it may need: what a rule needs to follow a foreign `use` without resolving
 * the package itself. A lookup by id (`wasi:clocks@0.2.0`), undefined for an
 * id those groups do not resolve (the model then decides).
 *
 * Each id is resolved with the groups that declare its `ns:name` and, in
 * turn, those declaring any `ns:name` that these name in a path
 * (`ns:name/...`), found in the texts with comments blanked: the packages it
 * can reach. That set is the same for every package of a run whose deps
 * vendor the same releases, whatever else each vendors, so it is resolved
 * once (resolvedDepsByText's cache) where the whole deps set was resolved
 * once per set of deps (the bench's 0.2 tree: 24 sets, each resolving the
 * same few WASI packages again). The search may find more than a package
 * needs, never to harm: a package resolves against the packages it names
 * alone. Finding too few leaves the id unresolved, so the model decides.
 */
export function depPackagesForRules(parsed: readonly WitFile[], depFiles: Readonly<Record<string, string>>): DepPackages {
  const groups = depGroups(parsed, depFiles);
  let lookup = lookups.get(groups);
  if (!lookup) lookups.set(groups, (lookup = depLookup(groups)));
  return lookup;
}

/** A dep package by id, resolved (see depPackagesForRules). */
export interface DepPackages {
  get(id: string): M.Package | undefined;
}

const lookups = new WeakMap<readonly Texts[], DepPackages>();

function depLookup(groups: readonly Texts[]): DepPackages {
  const declares = groups.map((g) => new Set(g.flatMap((t) => declarations(t.text).map((d) => `${d.namespace}:${d.name}`))));
  const known = new Map<string, M.Package | undefined>();
  return {
    get(id) {
      if (known.has(id)) return known.get(id);
      let pkg: M.Package | undefined;
      try {
        pkg = resolvedDepsByText(reach(groups, declares, nsName(id)))?.packagesById.get(id);
      } catch (e) {
        if (!(e instanceof SourceError || e instanceof Error)) throw e;
      }
      known.set(id, pkg);
      return pkg;
    },
  };
}

/** `ns:name` of an id (`ns:name@version`). */
const nsName = (id: string) => id.replace(/@.*$/, '');

/** The groups declaring `start`, and those declaring any `ns:name` that a group already taken names in a path; in their order. */
function reach(groups: readonly Texts[], declares: readonly Set<string>[], start: string): Texts[] {
  const taken = new Set<number>();
  const todo = [start];
  const seen = new Set(todo);
  while (todo.length) {
    const name = todo.pop()!;
    declares.forEach((names, k) => {
      if (!names.has(name) || taken.has(k)) return;
      taken.add(k);
      for (const t of groups[k]!) {
        for (const n of pathNames(t.text)) {
          if (!seen.has(n)) {
            seen.add(n);
            todo.push(n);
          }
        }
      }
    });
  }
  return groups.filter((_, k) => taken.has(k));
}

/** A WIT identifier, with or without `%`, captured without it (letters, digits and `-`; a wider net than kebab case does no harm). */
const ID = '%?([A-Za-z][A-Za-z0-9-]*)';

/** `ns:name` of every package path a text holds (`ns:name/`, comments blanked). */
const pathNames = memoByText((text) => [...new Set([...stripComments(text).matchAll(new RegExp(`(?<![A-Za-z0-9-%])${ID}\\s*:\\s*${ID}\\s*/`, 'g'))].map((m) => `${m[1]}:${m[2]}`))]);

/**
 * The resolver: from the packages of a load (loader.ts) to the typed model
 * (model.ts). It follows wit-parser's resolution: packages in dependency
 * order, names per package and per file, `use` and `include` across
 * packages, feature gates, world elaboration (interfaces a world needs are
 * imported), and the checks wit-parser makes, each reported at the span it
 * reports.
 */
import { diagnostic, type Diagnostic, type SourceFile } from './diagnostics.js';
import { docsText, loadPath, SourceError, type PackageSource } from './loader.js';
import * as M from './model.js';
import type * as S from './syntax.js';

export interface ResolveOptions {
  /** Features whose `@unstable(feature = ...)` items are active. */
  readonly features?: readonly string[];
  /** Activate every feature. */
  readonly allFeatures?: boolean;
  /**
   * `false`: the model's `docs` stay undefined (doc comments are never turned
   * into text). Docs take no part in any check, so diagnostics are the same;
   * for readers of names and types only (the migration rules' model).
   */
  readonly docs?: boolean;
}

export interface ResolveResult {
  /** Present when resolution succeeded. */
  readonly resolve?: M.Resolve;
  /** The root path's own packages (not its deps), in the model. */
  readonly root: M.Package[];
  readonly syntax: readonly S.File[];
  readonly files: readonly SourceFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the tree could not be read (a LoadError: unreadable, refused, not UTF-8), not when its WIT is wrong. */
  readonly refused?: boolean;
}

/** Parses and resolves a `.wit` file or a package folder (with `deps/`). Never throws on bad WIT. */
export function resolvePath(path: string, options: ResolveOptions = {}, extraDeps: readonly string[] = []): ResolveResult {
  let loaded;
  try {
    loaded = loadPath(path, extraDeps);
  } catch (e) {
    if (e instanceof SourceError) return { root: [], syntax: [], files: [], diagnostics: [toDiagnostic(e, path)] };
    throw e;
  }
  if (loaded.diagnostics.length > 0) {
    return { root: [], syntax: loaded.syntax, files: loaded.files, diagnostics: loaded.diagnostics, refused: loaded.refused };
  }
  const r = resolvePackages(loaded.root, loaded.deps, options);
  return { ...r, syntax: loaded.syntax, files: loaded.files };
}

/** Resolves already-grouped packages: `root` are the packages the user pointed at, `deps` what they may use. */
export function resolvePackages(
  root: readonly PackageSource[],
  deps: readonly PackageSource[],
  options: ResolveOptions = {},
): { resolve?: M.Resolve; root: M.Package[]; diagnostics: Diagnostic[] } {
  return resolveWith(new Resolver(options), root, deps);
}

function resolveWith(r: Resolver, root: readonly PackageSource[], deps: readonly PackageSource[]): { resolve?: M.Resolve; root: M.Package[]; diagnostics: Diagnostic[] } {
  try {
    const rootModels = r.run(root, deps);
    return { resolve: r.model, root: rootModels, diagnostics: [] };
  } catch (e) {
    if (e instanceof SourceError) return { root: [], diagnostics: [toDiagnostic(e, root[0]?.files[0]?.path ?? '')] };
    throw e;
  }
}

function toDiagnostic(e: SourceError, fallbackPath: string): Diagnostic {
  if (e.file) return diagnostic(e.file, e.offset, e.length, e.message);
  return { file: fallbackPath, line: 1, col: 1, message: e.message, offset: 0, length: 0, severity: 'error' };
}

// ---------------------------------------------------------------------------

interface LocalDecl {
  readonly file: SourceFile;
  readonly item: S.Interface | S.World;
}

/** Names visible inside an interface or world body. */
type Scope = Map<string, ScopeEntry>;
type ScopeEntry = { kind: 'type'; def: M.TypeDef } | { kind: 'func' } | { kind: 'gated' };

/**
 * Dependencies resolved once, to resolve many roots against (resolveOnDeps):
 * what the resolver holds after resolving them alone. Resolving a package
 * changes only that package's own model objects, so the deps' share is
 * copied, never redone.
 */
export interface ResolvedDeps {
  readonly sources: readonly PackageSource[];
  readonly options: ResolveOptions;
  readonly model: M.Resolve;
  readonly packagesById: ReadonlyMap<string, M.Package>;
  readonly gatedOut: ReadonlySet<string>;
}

/** The deps resolved alone; undefined when they do not resolve so (one of them needs a root package, or is wrong). */
export function resolveDeps(deps: readonly PackageSource[], options: ResolveOptions = {}): ResolvedDeps | undefined {
  const r = new Resolver(options);
  try {
    r.run([], deps);
  } catch (e) {
    if (e instanceof SourceError) return undefined;
    throw e;
  }
  return r.snapshot(deps, options);
}

/**
 * resolvePackages(root, deps.sources, deps.options), with the deps' resolution
 * taken from `deps`: the same order, checks and errors (the packages are
 * ordered and checked together as before; only the deps' resolving is skipped).
 */
export function resolveOnDeps(
  root: readonly PackageSource[],
  deps: ResolvedDeps,
  opts: Pick<ResolveOptions, 'docs'> = {},
): { resolve?: M.Resolve; root: M.Package[]; diagnostics: Diagnostic[] } {
  return resolveWith(new Resolver({ ...deps.options, ...opts }, deps), root, deps.sources);
}

class Resolver {
  readonly model: M.Resolve;
  private readonly packagesById: Map<string, M.Package>;
  /** Gated-out interfaces and worlds by package id and name, to tell "excluded" from "does not exist". */
  private readonly gatedOut: Set<string>;
  private readonly features: Set<string>;
  private readonly allFeatures: boolean;
  private readonly docs: boolean;
  /** Dep packages already resolved (resolveOnDeps), by source. */
  private readonly done = new Map<PackageSource, M.Package>();

  constructor(options: ResolveOptions, from?: ResolvedDeps) {
    this.features = new Set(options.features ?? []);
    this.allFeatures = options.allFeatures ?? false;
    this.docs = options.docs ?? true;
    const m = from?.model;
    this.model = { packages: [...(m?.packages ?? [])], interfaces: [...(m?.interfaces ?? [])], worlds: [...(m?.worlds ?? [])], types: [...(m?.types ?? [])] };
    this.packagesById = new Map(from?.packagesById ?? []);
    this.gatedOut = new Set(from?.gatedOut ?? []);
    if (from) for (const p of from.sources) this.done.set(p, this.packagesById.get(sourcePackageId(p))!);
  }

  snapshot(sources: readonly PackageSource[], options: ResolveOptions): ResolvedDeps {
    return { sources, options, model: this.model, packagesById: this.packagesById, gatedOut: this.gatedOut };
  }

  run(root: readonly PackageSource[], deps: readonly PackageSource[]): M.Package[] {
    const all = [...deps, ...root];
    const byId = new Map<string, PackageSource>();
    for (const p of all) {
      const id = sourcePackageId(p);
      const prev = byId.get(id);
      if (prev) {
        throw new SourceError(`package \`${id}\` is defined in two different locations`, p.files[0], p.name.span.start, 0);
      }
      byId.set(id, p);
    }
    const order = this.packageOrder(all, byId);
    const models = new Map<PackageSource, M.Package>();
    for (const p of order) models.set(p, this.done.get(p) ?? this.resolvePackage(p));
    return root.map((p) => models.get(p)!);
  }

  // ---- packages ----

  private packageOrder(all: readonly PackageSource[], byId: Map<string, PackageSource>): PackageSource[] {
    return toposort(
      all,
      (p) =>
        foreignRefs(p).map((ref) => {
          const id = syntaxPackageId(ref.path.package);
          const dep = byId.get(id);
          if (!dep) {
            const known = [...byId.keys()].sort().join(', ');
            throw new SourceError(
              `package '${id}' not found. known packages: ${known}`,
              ref.file, ref.path.package.span.start, ref.path.span.end - ref.path.package.span.start,
            );
          }
          return { node: dep, ref };
        }),
      (_from, e) =>
        new SourceError(
          `package \`${sourcePackageId(e.node)}\` creates a dependency cycle`,
          e.ref.file, e.ref.path.span.start, e.ref.path.span.end - e.ref.path.span.start,
        ),
    );
  }

  private resolvePackage(src: PackageSource): M.Package {
    const pkg: M.Package = {
      name: {
        namespace: src.name.namespace.name,
        name: src.name.name.name,
        version: src.name.version?.text,
      },
      docs: src.docs,
      interfaces: new Map(),
      worlds: new Map(),
      files: src.files,
    };
    const pkgId = M.packageId(pkg.name);
    this.packagesById.set(pkgId, pkg);
    this.model.packages.push(pkg);
    return new PackageResolver(this, pkg, src).run();
  }

  // ---- shared services for PackageResolver ----

  /** Set while `beforeGates` resolves as wit-parser's first pass does: every gate open. */
  gatesOpen = false;

  isActive(attributes: readonly S.Attribute[]): boolean {
    if (this.allFeatures || this.gatesOpen) return true;
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i]!;
      if (a.kind === 'unstable' && !this.features.has(a.feature.name)) return false;
    }
    return true;
  }

  /** The doc text of collected comments (undefined with `docs: false`). */
  docsOf(docs: S.Docs): string | undefined {
    return this.docs ? docsText(docs) : undefined;
  }

  markGated(pkg: M.Package, name: string): void {
    this.gatedOut.add(`${M.packageId(pkg.name)}/${name}`);
  }

  isGated(pkg: M.Package, name: string): boolean {
    return this.gatedOut.has(`${M.packageId(pkg.name)}/${name}`);
  }

  packageById(id: string): M.Package | undefined {
    return this.packagesById.get(id);
  }
}

/** Every `ns:pkg/name` reference in a package, with its file. */
interface ForeignRef {
  readonly file: SourceFile;
  readonly path: S.UsePath & { kind: 'package' };
  /** What the reference needs the name to be. */
  readonly want: 'interface' | 'world';
}

/**
 * Memoised by source: a source's syntax never changes, and the deps resolved
 * once (resolveOnDeps) are ordered again with every root resolved on them,
 * their references walked each time.
 */
function foreignRefs(p: PackageSource): readonly ForeignRef[] {
  let refs = foreignRefsOf.get(p);
  if (!refs) foreignRefsOf.set(p, (refs = collectForeignRefs(p)));
  return refs;
}

const foreignRefsOf = new WeakMap<PackageSource, readonly ForeignRef[]>();

function collectForeignRefs(p: PackageSource): ForeignRef[] {
  const out: ForeignRef[] = [];
  const add = (file: SourceFile, path: S.UsePath, want: 'interface' | 'world' = 'interface') => {
    if (path.kind === 'package') out.push({ file, path, want });
  };
  const fromInterfaceItems = (file: SourceFile, items: readonly S.InterfaceItem[]) => {
    for (const it of items) if (it.kind === 'use') add(file, it.path);
  };
  for (const { file, item } of p.items) {
    if (item.kind === 'top-use') add(file, item.path);
    else if (item.kind === 'interface') fromInterfaceItems(file, item.items);
    else {
      for (const w of item.items) {
        if (w.kind === 'use') add(file, w.path);
        else if (w.kind === 'include') add(file, w.path, 'world');
        else if (w.kind === 'import' || w.kind === 'export') {
          const e = w.extern;
          if (e.kind === 'path' || e.kind === 'implements') add(file, e.path);
          else if (e.kind === 'interface') fromInterfaceItems(file, e.items);
        }
      }
    }
  }
  return out;
}

/**
 * Orders nodes so each comes after its dependencies, keeping declaration order
 * otherwise. On a cycle, reports as wit-parser's toposort does: the first node
 * (in the given order) left over, and its first dependency also left over.
 */
function toposort<N, E extends { node: N }>(nodes: readonly N[], deps: (n: N) => E[], onCycle: (from: N, edge: E) => Error): N[] {
  const edges = new Map(nodes.map((n) => [n, deps(n)]));
  const out: N[] = [];
  const done = new Set<N>();
  const visiting = new Set<N>();
  let cycle = false;
  const visit = (n: N) => {
    if (done.has(n) || cycle) return;
    if (visiting.has(n)) {
      cycle = true;
      return;
    }
    visiting.add(n);
    for (const e of edges.get(n) ?? []) visit(e.node);
    visiting.delete(n);
    if (!cycle) {
      done.add(n);
      out.push(n);
    }
  };
  for (const n of nodes) visit(n);
  if (!cycle) return out;
  // Find what is left once everything outside a cycle is peeled off.
  const remaining = new Map(nodes.map((n) => [n, (edges.get(n) ?? []).length]));
  const dependents = new Map<N, N[]>();
  for (const [n, es] of edges) {
    for (const e of es) {
      const list = dependents.get(e.node);
      if (list) list.push(n);
      else dependents.set(e.node, [n]);
    }
  }
  const queue = nodes.filter((n) => remaining.get(n) === 0);
  while (queue.length > 0) {
    const t = queue.pop()!;
    for (const u of dependents.get(t) ?? []) {
      const c = remaining.get(u)! - 1;
      remaining.set(u, c);
      if (c === 0) queue.push(u);
    }
  }
  for (const n of nodes) {
    if (remaining.get(n) === 0) continue;
    const e = (edges.get(n) ?? []).find((x) => (remaining.get(x.node) ?? 0) > 0);
    if (e) throw onCycle(n, e);
  }
  throw new Error('toposort: cycle not found');
}

/** `ns:name@version` as written (the key packages are resolved under: `ResolvedDeps.packagesById`). */
export function syntaxPackageId(n: S.PackageName): string {
  return `${n.namespace.name}:${n.name.name}${n.version ? `@${n.version.text}` : ''}`;
}

function sourcePackageId(p: PackageSource): string {
  return syntaxPackageId(p.name);
}

function externName(e: S.Extern): { span: S.Span } {
  return e.kind === 'path' ? e.path : e.name;
}

function err(file: SourceFile, node: { span: S.Span }, message: string): SourceError {
  return new SourceError(message, file, node.span.start, node.span.end - node.span.start);
}

function stabilityOf(attributes: readonly S.Attribute[]): M.Stability {
  if (attributes.length === 0) return UNKNOWN;
  let since: string | undefined;
  let feature: string | undefined;
  let deprecated: string | undefined;
  for (const a of attributes) {
    if (a.kind === 'since') since = a.version.text;
    else if (a.kind === 'unstable') feature = a.feature.name;
    else deprecated = a.version.text;
  }
  if (feature !== undefined) return deprecated ? { kind: 'unstable', feature, deprecated } : { kind: 'unstable', feature };
  if (since !== undefined) return deprecated ? { kind: 'stable', since, deprecated } : { kind: 'stable', since };
  return UNKNOWN;
}

const UNKNOWN: M.Stability = Object.freeze({ kind: 'unknown' });

const NO_DOCS: S.Docs = Object.freeze({ comments: [] });

function sameStability(a: M.Stability, b: M.Stability): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return a.kind === b.kind;
  if (a.kind === 'stable') return b.kind === 'stable' && a.since === b.since && a.deprecated === b.deprecated;
  return b.kind === 'unstable' && a.feature === b.feature && a.deprecated === b.deprecated;
}

/** A stability as wit-parser's messages print it (Rust `Debug` of `Stability`). */
function stabilityDebug(s: M.Stability): string {
  const version = (v: string) => {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?(?:\+(.*))?$/.exec(v);
    if (!m) return v;
    const pre = m[4] ? `, pre: Prerelease("${m[4]}")` : '';
    const build = m[5] ? `, build: BuildMetadata("${m[5]}")` : '';
    return `Version { major: ${m[1]}, minor: ${m[2]}, patch: ${m[3]}${pre}${build} }`;
  };
  const dep = (d?: string) => (d ? `Some(${version(d)})` : 'None');
  if (s.kind === 'unknown') return 'Unknown';
  if (s.kind === 'stable') return `Stable { since: ${version(s.since)}, deprecated: ${dep(s.deprecated)} }`;
  return `Unstable { feature: "${s.feature}", deprecated: ${dep(s.deprecated)} }`;
}

// ---------------------------------------------------------------------------

/**
 * Type definitions that a later `use` of their name replaces. wit-parser's
 * first pass maps each name to its last definer, so such a type is never
 * resolved or checked (its body may name what does not exist) and every
 * reference means the `use`d type. `checkDuplicateNames` refuses the other
 * orders. Marked per package, before anything reads the items.
 */
const replaced = new WeakSet<S.TypeDef>();

function markReplaced(items: readonly (S.InterfaceItem | S.WorldItem)[]): void {
  const used = new Set<string>();
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    if (it.kind === 'use') for (const n of it.names) used.add((n.as ?? n.name).name);
    else if (it.kind === 'type' && used.has(it.name.name)) replaced.add(it);
    else if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'interface') markReplaced(it.extern.items);
  }
}

/** Errors of what wit-parser checks only after the gates apply (see `beforeGates`). */
const LATER_CHECKS = /excluded due to its feature|not found in package|not defined in interface|contains a `borrow<T>` which is not supported|mismatch in stability/;

class PackageResolver {
  private readonly decls = new Map<string, LocalDecl>();
  /** Per-file names from top-level `use`. */
  private readonly fileUses = new Map<SourceFile, Map<string, { iface: M.Interface; node: S.TopUse }>>();
  private readonly state = new Map<LocalDecl, 'visiting' | 'done'>();

  constructor(
    private readonly r: Resolver,
    private readonly pkg: M.Package,
    private readonly src: PackageSource,
  ) {}

  /**
   * wit-parser interns a package's anonymous types (`list<u8>`, `option<t>`,
   * ...) by structure. One first made inside a gated-out type definition is
   * excluded with it, and every later use of the same structure then refers to
   * an excluded type. Key (see `anonKey`) to whether its first maker was excluded.
   */
  anon = new Map<string, boolean>();

  run(): M.Package {
    for (const { item } of this.src.items) if (item.kind !== 'top-use') markReplaced(item.items);
    this.checkSince();
    this.checkForeignKinds();
    // Declare names first: items may be used before they are written.
    for (const { file, item } of this.src.items) {
      if (item.kind === 'top-use') continue;
      const name = item.name.name;
      if (this.decls.has(name)) throw err(file, item.name, `duplicate item named \`${name}\``);
      this.decls.set(name, { file, item });
    }
    // Each file's own interface and world names, for the clash check of its top-level `use`s.
    const fileDecls = new Map<SourceFile, Map<string, S.Interface | S.World>>();
    for (const { file, item } of this.src.items) {
      if (item.kind === 'top-use') continue;
      let m = fileDecls.get(file);
      if (!m) fileDecls.set(file, (m = new Map()));
      if (!m.has(item.name.name)) m.set(item.name.name, item);
    }
    for (const { file, item } of this.src.items) {
      if (item.kind !== 'top-use') continue;
      const iface = this.resolveInterfacePath(file, item.path);
      const name = (item.as ?? item.path.name).name;
      let uses = this.fileUses.get(file);
      if (!uses) this.fileUses.set(file, (uses = new Map()));
      if (uses.has(name)) throw err(file, item.as ?? item.path.name, `name \`${name}\` is defined more than once`);
      const clash = fileDecls.get(file)?.get(name);
      if (clash) throw err(file, clash.name, `duplicate name \`${name}\` in this file`);
      uses.set(name, { iface, node: item });
    }
    // Each declaration after what it uses; a cycle is reported at the declaration it runs into.
    const order = toposort(
      [...this.decls.values()],
      (d) => this.localDeps(d).map((node) => ({ node })),
      (_from, e) => err(e.node.file, e.node.item.name, `interface or world \`${e.node.item.name.name}\` depends on itself`),
    );
    for (const d of order) if (d.item.kind === 'interface') this.ensure(d);
    for (const d of order) if (d.item.kind === 'world') this.ensure(d);
    return this.pkg;
  }

  /**
   * `@since` versions (attribute sets wit-parser refuses, such as `@since`
   * twice, are the parser's): `@since` may not name a version newer than the
   * package's own; wit-parser points at the gated item.
   */
  private checkSince(): void {
    const own = this.pkg.name.version;
    for (const { file, item } of this.src.items) {
      if (item.kind === 'top-use' && item.attributes.length > 0) {
        const a = item.attributes[0]!;
        throw new SourceError('attributes not allowed on top-level use', file, a.span.start, a.span.end - a.span.start);
      }
    }
    let unreleased: SourceError | undefined;
    const check = (file: SourceFile, attrs: readonly S.Attribute[], at: { span: S.Span }) => {
      for (const a of attrs) {
        if (a.kind !== 'since' || unreleased) continue;
        if (!own || compareSemver(a.version.text, own) > 0) {
          unreleased = err(
            file, at,
            `feature gate cannot reference unreleased version ${a.version.text} of package [${M.packageId(this.pkg.name)}] (current version ${own ?? 'none'})`,
          );
        }
      }
    };
    // wit-parser checks versions as it keeps items: every type (a `use` makes
    // some) and every interface, wherever it is; a function only in an
    // interface the features keep; a world's imports, exports and includes
    // only in a world they keep. A `use` that names no type has no version.
    const active = (attrs: readonly S.Attribute[]) => this.r.isActive(attrs);
    const walkIface = (file: SourceFile, items: readonly S.InterfaceItem[], kept: boolean) => {
      for (const it of items) {
        if (it.kind === 'use' && it.names.length === 0) continue;
        if (it.kind === 'func') {
          if (kept) check(file, it.attributes, it.name);
          continue;
        }
        if (it.kind === 'type' && replaced.has(it)) continue;
        check(file, it.attributes, it.kind === 'use' ? it.path : it.name);
        if (kept && it.kind === 'type' && it.def === 'resource') for (const f of it.funcs) check(file, f.attributes, f.name);
      }
    };
    for (const { file, item } of this.src.items) {
      check(file, item.attributes, item.kind === 'top-use' ? item.path : item.name);
      if (item.kind === 'interface') walkIface(file, item.items, active(item.attributes));
      else if (item.kind === 'world') {
        const kept = active(item.attributes);
        for (const w of item.items) {
          const at = w.kind === 'use' || w.kind === 'include' ? w.path : w.kind === 'type' ? w.name : externName(w.extern);
          if (w.kind === 'type' && replaced.has(w)) continue;
          if (w.kind === 'use') {
            if (w.names.length > 0) check(file, w.attributes, at);
          } else if (w.kind === 'type' || kept || ((w.kind === 'import' || w.kind === 'export') && w.extern.kind === 'interface')) {
            check(file, w.attributes, at);
          }
          // A world's resource methods are functions of the world.
          if (kept && w.kind === 'type' && w.def === 'resource') for (const f of w.funcs) check(file, f.attributes, f.name);
          if ((w.kind === 'import' || w.kind === 'export') && w.extern.kind === 'interface') walkIface(file, w.extern.items, active(w.attributes));
        }
      }
    }
    if (unreleased) throw unreleased;
  }

  /**
   * wit-parser takes a foreign name to be what its first reference needs (an
   * interface for `use`, `import`, `export`; a world for `include`) before it
   * looks at the other package: a later reference that needs the other kind
   * is refused there.
   */
  private checkForeignKinds(): void {
    const first = new Map<string, 'interface' | 'world'>();
    for (const { file, path, want } of foreignRefs(this.src)) {
      const key = `${syntaxPackageId(path.package)}/${path.name.name}`;
      const had = first.get(key);
      if (had === undefined) first.set(key, want);
      else if (had !== want) throw err(file, path.name, `name \`${path.name.name}\` is defined as ${had === 'world' ? 'a world' : 'an interface'}, not ${want === 'world' ? 'a world' : 'an interface'}`);
    }
  }

  /** Resolves a local interface or world once, after what it depends on. */
  private ensure(d: LocalDecl): void {
    const s = this.state.get(d);
    if (s === 'done' || s === 'visiting') return;
    this.state.set(d, 'visiting');
    for (const dep of this.localDeps(d)) {
      // wit-parser names the later-declared member of a cycle, at its name.
      if (this.state.get(dep) === 'visiting') throw err(dep.file, dep.item.name, `interface or world \`${dep.item.name.name}\` depends on itself`);
      this.ensure(dep);
    }
    const { file, item } = d;
    const active = this.r.isActive(item.attributes);
    if (!active || this.closesGate(item.items)) {
      this.beforeGates(() => (item.kind === 'interface' ? this.resolveInterface(file, item, item.name.name, item.items, item.attributes) : new WorldResolver(this, file, item).run(true)));
    }
    if (!active) {
      this.r.markGated(this.pkg, item.name.name);
      if (item.kind === 'interface') this.checkGatedInterface(file, item.items);
      else this.checkGatedWorld(file, item);
    } else if (item.kind === 'interface') {
      this.pkg.interfaces.set(item.name.name, this.resolveInterface(file, item, item.name.name, item.items, item.attributes));
    } else {
      this.pkg.worlds.set(item.name.name, new WorldResolver(this, file, item).run());
    }
    this.state.set(d, 'done');
  }

  /**
   * A gated-out interface is still resolved by wit-parser before its gate
   * drops it: its names must exist (its own and those its `use`s take), and
   * each of its types (a `use`d name is one) that the active features keep
   * is then a type whose interface is gone.
   */
  checkGatedInterface(file: SourceFile, items: readonly S.InterfaceItem[]): void {
    const item = { items };
    checkDuplicateNames(file, item.items);
    const names = new Set<string>();
    for (const it of item.items) {
      if (it.kind === 'type') names.add(it.name.name);
      else if (it.kind === 'use') for (const n of it.names) names.add((n.as ?? n.name).name);
    }
    checkNamesExist(file, item.items, (n) => names.has(n));
    const from = new Map<S.Use, M.Interface | undefined>();
    for (const it of item.items) if (it.kind === 'use' && it.path.kind === 'local') from.set(it, this.usedNamesExist(file, it));
    for (const it of item.items) {
      if (!this.r.isActive(it.attributes) || (it.kind === 'type' && replaced.has(it))) continue;
      if (it.kind === 'type') {
        throw err(file, it.name, 'found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is');
      }
      if (it.kind !== 'use' || it.names.length === 0) continue;
      const source = from.get(it);
      const excluded = it.path.kind === 'local' && it.names.find((n) => !source?.types.has(n.name.name));
      if (excluded) throw err(file, excluded.name, 'found a reference to a type which is excluded due to its feature not being activated');
      throw err(file, it.names[0]!.as ?? it.names[0]!.name, 'found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is');
    }
  }

  /**
   * A world the features drop: wit-parser still resolves it (`beforeGates`),
   * then keeps none of it; a type of it that no gate of its own drops is a
   * type whose world is gone.
   */
  checkGatedWorld(file: SourceFile, world: S.World): void {
    for (const it of world.items) {
      if (!this.r.isActive(it.attributes)) continue;
      const at = it.kind === 'type' ? (replaced.has(it) ? undefined : it.name) : it.kind === 'use' && it.names.length > 0 ? it.names[0]!.as ?? it.names[0]!.name : undefined;
      if (at) throw err(file, at, 'found a reference to a world which is excluded due to its feature not being activated; this type is not gated by a feature but its world is');
    }
  }

  /** Whether the features drop any item of an interface's or world's items, at any depth. */
  private closesGate(items: readonly (S.InterfaceItem | S.WorldItem)[]): boolean {
    return items.some(
      (it) =>
        !this.r.isActive(it.attributes) ||
        (it.kind === 'type' && it.def === 'resource' && it.funcs.some((f) => !this.r.isActive(f.attributes))) ||
        ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'interface' && this.closesGate(it.extern.items)),
    );
  }

  /**
   * wit-parser resolves every item of an interface or world before any gate
   * applies (its first pass knows no features): names must exist, keys may
   * not clash, handles name resources, variants have cases, types are not
   * cyclic. So one the features drop, or one with items they drop, is
   * resolved once more here with every gate open, and what that adds to the
   * model is cut off again. What that first pass does not look at is left to
   * the real one: interfaces the features drop (a reference to one is fine
   * there), foreign names, includes.
   */
  private beforeGates(check: () => void): void {
    const { model } = this.r;
    const kept = [model.interfaces.length, model.worlds.length, model.types.length] as const;
    const anon = this.anon;
    this.anon = new Map();
    this.r.gatesOpen = true;
    try {
      check();
    } catch (e) {
      if (!(e instanceof SourceError) || !LATER_CHECKS.test(e.message)) throw e;
    } finally {
      this.r.gatesOpen = false;
      this.anon = anon;
      model.interfaces.length = kept[0];
      model.worlds.length = kept[1];
      model.types.length = kept[2];
    }
  }

  /**
   * The names a local `use` takes must exist in its interface, gated or not
   * (wit-parser resolves them before gates apply). Returns the interface, or
   * undefined when the active features exclude it.
   */
  usedNamesExist(file: SourceFile, it: S.Use): M.Interface | undefined {
    let iface: M.Interface;
    try {
      iface = this.resolveInterfacePath(file, it.path);
    } catch (e) {
      if (e instanceof SourceError && /excluded due to its feature/.test(e.message)) return undefined;
      throw e;
    }
    const node = iface.origin?.node as { items?: readonly S.InterfaceItem[] } | undefined;
    const declared = new Set<string>(iface.types.keys());
    for (const x of node?.items ?? []) if (x.kind === 'type') declared.add(x.name.name);
    for (const n of it.names) if (!declared.has(n.name.name)) throw err(file, n.name, `name \`${n.name.name}\` does not exist`);
    return iface;
  }

  /** Local interfaces and worlds a declaration refers to, each checked to be of the kind the reference needs. */
  private localDeps(d: LocalDecl): LocalDecl[] {
    const out: LocalDecl[] = [];
    const add = (path: S.UsePath, want: 'interface' | 'world') => {
      if (path.kind !== 'local') return;
      const n = path.name.name;
      const uses = this.fileUses.get(d.file);
      if (uses?.has(n)) return;
      const dep = this.decls.get(n);
      if (!dep) throw err(d.file, path.name, `interface or world \`${n}\` does not exist`);
      if (dep.item.kind !== want) {
        throw err(d.file, path.name, `name \`${n}\` is defined as ${dep.item.kind === 'world' ? 'a world' : 'an interface'}, not ${want === 'world' ? 'a world' : 'an interface'}`);
      }
      out.push(dep);
    };
    const fromItems = (items: readonly S.InterfaceItem[]) => {
      for (const it of items) if (it.kind === 'use') add(it.path, 'interface');
    };
    if (d.item.kind === 'interface') fromItems(d.item.items);
    else {
      for (const w of d.item.items) {
        if (w.kind === 'use') add(w.path, 'interface');
        else if (w.kind === 'include') add(w.path, 'world');
        else if (w.kind === 'import' || w.kind === 'export') {
          const e = w.extern;
          if (e.kind === 'path' || e.kind === 'implements') add(e.path, 'interface');
          else if (e.kind === 'interface') fromItems(e.items);
        }
      }
    }
    return out;
  }

  // ---- names ----

  /** Finds the interface a use path names, or throws wit-parser's error for it. */
  resolveInterfacePath(file: SourceFile, path: S.UsePath): M.Interface {
    if (path.kind === 'package') {
      const id = syntaxPackageId(path.package);
      const pkg = this.r.packageById(id);
      if (!pkg) throw err(file, path.package, `package '${id}' not found`);
      const iface = pkg.interfaces.get(path.name.name);
      if (iface) return iface;
      if (this.r.isGated(pkg, path.name.name)) {
        throw err(file, path.name, 'found a reference to a interface which is excluded due to its feature not being activated');
      }
      throw err(file, path.name, `interface '${path.name.name}' not found in package '${id}'`);
    }
    const name = path.name.name;
    const used = this.fileUses.get(file)?.get(name);
    if (used) return used.iface;
    const decl = this.decls.get(name);
    if (!decl) throw err(file, path.name, `interface or world \`${name}\` does not exist`);
    if (decl.item.kind === 'world') throw err(file, path.name, `name \`${name}\` is defined as a world, not an interface`);
    this.ensure(decl);
    const iface = this.pkg.interfaces.get(name);
    if (!iface) throw err(file, path.name, 'found a reference to a interface which is excluded due to its feature not being activated');
    return iface;
  }

  resolveWorldPath(file: SourceFile, path: S.UsePath): M.World {
    if (path.kind === 'package') {
      const id = syntaxPackageId(path.package);
      const pkg = this.r.packageById(id);
      if (!pkg) throw err(file, path.package, `package '${id}' not found`);
      const w = pkg.worlds.get(path.name.name);
      if (w) return w;
      if (this.r.isGated(pkg, path.name.name)) throw err(file, path.name, 'found a reference to a world which is excluded due to its feature not being activated');
      throw err(file, path.name, `world '${path.name.name}' not found in package '${id}'`);
    }
    const name = path.name.name;
    const decl = this.decls.get(name);
    if (!decl) throw err(file, path.name, `interface or world \`${name}\` does not exist`);
    if (decl.item.kind === 'interface') throw err(file, path.name, `name \`${name}\` is defined as an interface, not a world`);
    this.ensure(decl);
    const w = this.pkg.worlds.get(name);
    if (!w) throw err(file, path.name, 'found a reference to a world which is excluded due to its feature not being activated');
    return w;
  }

  // ---- interfaces ----

  resolveInterface(
    file: SourceFile,
    node: S.Interface | (S.Extern & { kind: 'interface' }),
    name: string | undefined,
    items: readonly S.InterfaceItem[],
    attributes: readonly S.Attribute[],
    docs?: S.Docs,
  ): M.Interface {
    const iface: M.Interface = {
      name,
      package: this.pkg,
      docs: this.r.docsOf(docs ?? ('docs' in node ? node.docs : NO_DOCS)),
      stability: stabilityOf(attributes),
      types: new Map(),
      functions: new Map(),
      origin: { file, node },
    };
    this.r.model.interfaces.push(iface);
    const tr = new TypeResolver(this, file, { kind: 'interface', interface: iface });
    tr.declare(items);
    tr.define(items);
    for (const def of tr.declared) iface.types.set(def.name!, def);
    for (const f of tr.functions(items)) iface.functions.set(f.name, f);
    tr.checkInactiveUses(items, false);
    return iface;
  }

  get resolver(): Resolver {
    return this.r;
  }
  get package(): M.Package {
    return this.pkg;
  }
}

// ---------------------------------------------------------------------------

/** Resolves the type definitions, `use`s and functions of one interface or world body. */
class TypeResolver {
  readonly scope: Scope = new Map();
  readonly declared: M.TypeDef[] = [];
  private readonly pending = new Map<M.TypeDef, { item: S.TypeDef | S.UseName; use?: S.Use }>();

  constructor(
    private readonly pr: PackageResolver,
    private readonly file: SourceFile,
    private readonly owner: Exclude<M.TypeOwner, undefined>,
  ) {}

  private get model(): M.Resolve {
    return this.pr.resolver.model;
  }

  private newType(def: Omit<M.TypeDef, 'docs' | 'stability'> & Partial<Pick<M.TypeDef, 'docs' | 'stability'>>): M.TypeDef {
    // Written out, not spread: a spread copy keeps spare property slots, and big inputs hold millions of types.
    const t: M.TypeDef = { name: def.name, kind: def.kind, owner: def.owner, docs: def.docs, stability: def.stability ?? UNKNOWN, origin: def.origin };
    this.model.types.push(t);
    return t;
  }

  private static ids = new WeakMap<object, number>();
  private static nextId = 0;
  private static idOf(o: object): number {
    let id = TypeResolver.ids.get(o);
    if (id === undefined) TypeResolver.ids.set(o, (id = TypeResolver.nextId++));
    return id;
  }

  /** A name as `anonKey` keys it: the type it names here, or the name in this scope when a gate removed it. */
  private readonly nameKey = (id: S.Id): string => {
    const e = this.scope.get(id.name);
    return e?.kind === 'type' ? `#${TypeResolver.idOf(e.def)}` : `#${TypeResolver.idOf(this.scope)}.${id.name}`;
  };

  /** An anonymous type made here (by an item the features keep, or by a function): interned as wit-parser does. */
  private intern(t: S.Type): void {
    const key = anonKey(t, this.nameKey);
    const excluded = this.pr.anon.get(key);
    if (excluded === true) throw err(this.file, t, 'found a reference to a type which is excluded due to its feature not being activated');
    if (excluded === undefined) this.pr.anon.set(key, false);
  }

  /** The anonymous types a gated-out item would make: `excluded` for a type definition, not for a function. */
  private internGatedOut(types: readonly (S.Type | undefined)[], excluded: boolean, below = false): void {
    for (const t of types) {
      if (!t) continue;
      anonKey(t, this.nameKey, (key, node) => {
        if (below && node === t) return;
        if (!this.pr.anon.has(key)) this.pr.anon.set(key, excluded);
      });
    }
  }

  /** Duplicates were refused by `checkDuplicateNames` and replaced types are not declared: a name already bound stays, unless gated out. */
  private bind(nameNode: S.Id, entry: ScopeEntry): void {
    const n = nameNode.name;
    if (this.scope.has(n) && this.scope.get(n)!.kind !== 'gated') return;
    this.scope.set(n, entry);
  }

  /** First pass: every type name (own definitions and `use`d names) gets a TypeDef to refer to. */
  declare(items: readonly (S.InterfaceItem | S.WorldItem)[]): void {
    checkDuplicateNames(this.file, items);
    for (const it of items) {
      if (it.kind === 'use') {
        if (!this.pr.resolver.isActive(it.attributes)) {
          for (const n of it.names) this.scope.set((n.as ?? n.name).name, { kind: 'gated' });
          continue;
        }
        for (const n of it.names) {
          const nameNode = n.as ?? n.name;
          const def = this.newType({
            name: nameNode.name,
            kind: { kind: 'type', type: 'u32' },
            owner: this.owner,
            stability: stabilityOf(it.attributes),
            origin: { file: this.file, node: n },
          });
          this.bind(nameNode, { kind: 'type', def });
          this.declared.push(def);
          this.pending.set(def, { item: n, use: it });
        }
      } else if (it.kind === 'type') {
        if (replaced.has(it)) continue;
        if (!this.pr.resolver.isActive(it.attributes)) {
          this.scope.set(it.name.name, { kind: 'gated' });
          continue;
        }
        const def = this.newType({
          name: it.name.name,
          kind: { kind: 'resource' },
          owner: this.owner,
          docs: this.pr.resolver.docsOf(it.docs),
          stability: stabilityOf(it.attributes),
          origin: { file: this.file, node: it },
        });
        this.bind(it.name, { kind: 'type', def });
        this.declared.push(def);
        this.pending.set(def, { item: it });
      } else if (it.kind === 'func') {
        if (!this.pr.resolver.isActive(it.attributes)) continue;
        this.bind(it.name, { kind: 'func' });
      }
    }
  }

  /** Second pass: give each declared type its kind, then check for cycles. */
  define(items: readonly (S.InterfaceItem | S.WorldItem)[]): void {
    for (const it of items) {
      if (it.kind === 'use' && it.names.length === 0 && this.pr.resolver.isActive(it.attributes)) this.pr.resolveInterfacePath(this.file, it.path);
    }
    // A name missing from a local interface is an error of wit-parser's first pass (`usedNamesExist`); from a foreign one, of a later pass.
    const sources = new Map<S.Use, M.Interface>();
    const sourceOf = (use: S.Use) => {
      let from = sources.get(use);
      if (!from) {
        from = (use.path.kind === 'local' ? this.pr.usedNamesExist(this.file, use) : undefined) ?? this.pr.resolveInterfacePath(this.file, use.path);
        sources.set(use, from);
      }
      return from;
    };
    for (const [def, { item, use }] of this.pending) {
      if (use) {
        const from = sourceOf(use);
        const target = from.types.get((item as S.UseName).name.name);
        if (!target) {
          const n = (item as S.UseName).name;
          throw err(this.file, n, `type \`${n.name}\` not defined in interface`);
        }
        def.kind = { kind: 'type', type: target };
      }
    }
    const defOf = new Map<S.TypeDef, M.TypeDef>();
    for (const [def, { item, use }] of this.pending) if (!use) defOf.set(item as S.TypeDef, def);
    for (const it of items) {
      if (it.kind !== 'type' || replaced.has(it)) continue;
      const def = defOf.get(it);
      if (!def) {
        this.internGatedOut(typeDefTypes(it), true, it.def === 'alias');
        continue;
      }
      this.context = it.name;
      def.kind = this.typeDefKind(it);
    }
    this.context = undefined;
    this.checkCycles();
    checkNamesExist(this.file, items, (n) => this.scope.has(n), (attrs) => !this.pr.resolver.isActive(attrs));
  }

  /**
   * A gated-out `use` still names types that must exist (wit-parser resolves
   * it before dropping it); in a world, wit-parser then refuses the `use`
   * itself as a reference to an excluded type.
   */
  checkInactiveUses(items: readonly (S.InterfaceItem | S.WorldItem)[], inWorld: boolean): void {
    for (const it of items) {
      if (this.pr.resolver.isActive(it.attributes)) continue;
      // A world's gated-out type is still one of its imports when wit-parser drops it.
      if (inWorld && it.kind === 'type' && !replaced.has(it)) {
        throw err(this.file, it.name, 'found a reference to a type which is excluded due to its feature not being activated');
      }
      // Foreign paths are resolved after the gates are applied: an inactive one is never looked at.
      if (it.kind !== 'use' || it.path.kind !== 'local') continue;
      if (this.pr.usedNamesExist(this.file, it) === undefined) continue;
      if (inWorld && it.names.length > 0) {
        throw err(this.file, it.names[0]!.name, 'found a reference to a type which is excluded due to its feature not being activated');
      }
    }
  }

  private typeDefKind(t: S.TypeDef): M.TypeDefKind {
    switch (t.def) {
      case 'resource':
        return { kind: 'resource' };
      case 'alias':
        return this.kindOf(t.type);
      case 'record':
        return {
          kind: 'record',
          fields: t.fields.map((f) => {
            this.context = f.name;
            return { name: f.name.name, type: this.type(f.type), docs: this.pr.resolver.docsOf(f.docs) };
          }),
        };
      case 'flags':
        return { kind: 'flags', flags: t.flags.map((f) => ({ name: f.name.name, docs: this.pr.resolver.docsOf(f.docs) })) };
      case 'variant':
        if (t.cases.length === 0) throw err(this.file, t.name, 'empty variant');
        return {
          kind: 'variant',
          cases: t.cases.map((c) => ({ name: c.name.name, type: c.type ? this.type(c.type) : undefined, docs: this.pr.resolver.docsOf(c.docs) })),
        };
      case 'enum':
        if (t.cases.length === 0) throw err(this.file, t.name, 'empty enum');
        return { kind: 'enum', cases: t.cases.map((c) => ({ name: c.name.name, docs: this.pr.resolver.docsOf(c.docs) })) };
    }
  }

  /** The kind of an anonymous type expression (a named reference becomes an alias). */
  private kindOf(t: S.Type): M.TypeDefKind {
    switch (t.kind) {
      case 'primitive':
        return { kind: 'type', type: t.name };
      case 'name':
        return { kind: 'type', type: this.lookup(t.name) };
      case 'list':
        return t.size !== undefined
          ? { kind: 'fixed-length-list', element: this.type(t.element), size: t.size }
          : { kind: 'list', element: this.type(t.element) };
      case 'map': {
        const key = this.type(t.key);
        if (!isValidMapKey(key)) {
          throw err(this.file, t, 'invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string');
        }
        return { kind: 'map', key, value: this.type(t.value) };
      }
      case 'option':
        return { kind: 'option', type: this.type(t.type) };
      case 'result':
        return { kind: 'result', ok: t.ok && this.type(t.ok), err: t.err && this.type(t.err) };
      case 'tuple':
        return { kind: 'tuple', types: t.types.map((x) => this.type(x)) };
      case 'future':
        return { kind: 'future', type: t.type && this.type(t.type) };
      case 'stream':
        return { kind: 'stream', type: t.type && this.type(t.type) };
      case 'own':
      case 'borrow': {
        const target = this.lookup(t.name);
        if (resourceOf(target) === undefined) throw err(this.file, t.name, `type \`${t.name.name}\` used in a handle must be a resource`);
        return { kind: 'handle', handle: t.kind, resource: target };
      }
    }
  }

  /** A type expression as used in a field, parameter or result. */
  type(t: S.Type): M.Type {
    const kind = this.kindOf(t);
    // A resource named where a value goes means `own<resource>`, as in wit-parser.
    if (t.kind === 'name' && kind.kind === 'type' && typeof kind.type === 'object' && resourceOf(kind.type)) {
      return this.newType({ name: undefined, kind: { kind: 'handle', handle: 'own', resource: kind.type }, owner: undefined, origin: { file: this.file, node: t } });
    }
    if (kind.kind === 'type') return kind.type;
    this.intern(t);
    return this.newType({ name: undefined, kind, owner: undefined, origin: { file: this.file, node: t } });
  }

  /** The name of the item being resolved: wit-parser reports a reference to a gated-out type there. */
  private context: S.Id | undefined;

  private lookup(name: S.Id): M.TypeDef {
    const e = this.scope.get(name.name);
    if (!e) throw err(this.file, name, `name \`${name.name}\` does not exist`);
    if (e.kind === 'gated') throw err(this.file, this.context ?? name, 'found a reference to a type which is excluded due to its feature not being activated');
    if (e.kind === 'func') throw err(this.file, name, `name \`${name.name}\` is not a type`);
    return e.def;
  }

  /**
   * A type may not contain itself. Reported as wit-parser's topological sort
   * does: the first type (in declaration order) left in a cycle, at its first
   * reference to another type left in the cycle, naming that type.
   */
  private checkCycles(): void {
    const local = new Set(this.declared);
    const deps = new Map<M.TypeDef, { def: M.TypeDef; at: S.Id }[]>();
    for (const [def, { item, use }] of this.pending) {
      deps.set(def, use ? [] : referencedNames(item as S.TypeDef).flatMap((id) => {
        const e = this.scope.get(id.name);
        return e?.kind === 'type' && local.has(e.def) ? [{ def: e.def, at: id }] : [];
      }));
    }
    const remaining = new Map([...deps].map(([k, v]) => [k, v.length]));
    const dependents = new Map<M.TypeDef, M.TypeDef[]>();
    for (const [k, v] of deps) {
      for (const d of v) {
        const list = dependents.get(d.def);
        if (list) list.push(k);
        else dependents.set(d.def, [k]);
      }
    }
    const queue = [...deps.keys()].filter((k) => remaining.get(k) === 0);
    while (queue.length > 0) {
      const t = queue.pop()!;
      for (const u of dependents.get(t) ?? []) {
        const n = remaining.get(u)! - 1;
        remaining.set(u, n);
        if (n === 0) queue.push(u);
      }
    }
    for (const [k, v] of deps) {
      if (remaining.get(k) === 0) continue;
      const d = v.find((x) => remaining.get(x.def)! > 0);
      if (d) throw err(this.file, d.at, `type \`${d.at.name}\` depends on itself`);
    }
  }

  functions(items: readonly (S.InterfaceItem | S.WorldItem)[]): M.Function[] {
    const out: M.Function[] = [];
    for (const it of items) {
      if (it.kind === 'func') {
        if (!this.pr.resolver.isActive(it.attributes)) {
          this.internGatedOut([...it.func.params.map((p) => p.type), it.func.result], false);
          continue;
        }
        out.push(this.func(it.name.name, { kind: 'freestanding' }, it.func, it, it.docs, it.attributes, it.name));
      } else if (it.kind === 'type' && it.def === 'resource') {
        const gated = !this.pr.resolver.isActive(it.attributes);
        const entry = this.scope.get(it.name.name);
        const seen = new Set<string>();
        for (const f of it.funcs) {
          if (!this.pr.resolver.isActive(f.attributes)) continue;
          if (gated || entry?.kind !== 'type') {
            throw err(this.file, f.name, 'found a reference to a type which is excluded due to its feature not being activated');
          }
          const resource = entry.def;
          const plain = f.kind === 'constructor' ? '[constructor]' : f.name.name;
          if (seen.has(plain)) throw err(this.file, f.name, `duplicate function name \`${f.name.name}\``);
          seen.add(plain);
          const mangled =
            f.kind === 'constructor' ? `[constructor]${it.name.name}` : `[${f.kind}]${it.name.name}.${f.name.name}`;
          out.push(this.func(mangled, { kind: f.kind, resource }, f.func, f, f.docs, f.attributes, f.name));
        }
      }
    }
    return out;
  }

  func(
    name: string,
    kind: M.FunctionKind,
    f: S.Func,
    node: S.NamedFunc | S.ResourceFunc | S.Extern,
    docs: S.Docs,
    attributes: readonly S.Attribute[],
    nameNode: S.Id,
  ): M.Function {
    const stab = stabilityOf(attributes);
    this.context = nameNode;
    const params: { name: string; type: M.Type }[] = [];
    const seen = new Set<string>();
    if (kind.kind === 'method') {
      params.push({ name: 'self', type: this.newType({ name: undefined, kind: { kind: 'handle', handle: 'borrow', resource: kind.resource }, owner: undefined }) });
    }
    for (const p of f.params) {
      if (seen.has(p.name.name)) throw err(this.file, p.name, `param \`${p.name.name}\` is defined more than once`);
      seen.add(p.name.name);
      params.push({ name: p.name.name, type: this.type(p.type) });
    }
    let result: M.Type | undefined;
    if (kind.kind === 'constructor') {
      const own = this.newType({ name: undefined, kind: { kind: 'handle', handle: 'own', resource: kind.resource }, owner: undefined });
      if (f.result) {
        if (f.result.kind !== 'result') throw err(this.file, f.result, 'if a constructor return type is declared it must be a `result`');
        const okNode = f.result.ok;
        const ok = okNode && this.type(okNode);
        if (!ok || !(ok === kind.resource || (typeof ok === 'object' && ok.kind.kind === 'handle' && ok.kind.handle === 'own' && ok.kind.resource === kind.resource))) {
          throw err(this.file, okNode ?? f.result, 'the `ok` type must be the resource being constructed');
        }
        const errT = f.result.err && this.type(f.result.err);
        result = this.newType({ name: undefined, kind: { kind: 'result', ok: own, err: errT }, owner: undefined });
      } else {
        result = own;
      }
    } else if (f.result) {
      result = this.type(f.result);
      if (containsBorrow(result)) {
        throw err(this.file, nameNode, `function \`${name}\` returns a type which contains a \`borrow<T>\` which is not supported`);
      }
    }
    return {
      name,
      kind,
      async: f.async,
      params,
      result,
      docs: this.pr.resolver.docsOf(docs),
      stability: stab,
      origin: { file: this.file, node },
    };
  }
}

function resourceOf(t: M.TypeDef): M.TypeDef | undefined {
  const seen = new Set<M.TypeDef>();
  let cur: M.TypeDef = t;
  while (!seen.has(cur)) {
    seen.add(cur);
    if (cur.kind.kind === 'resource') return cur;
    if (cur.kind.kind === 'type' && typeof cur.kind.type === 'object') cur = cur.kind.type;
    else return undefined;
  }
  return undefined;
}

function containsBorrow(t: M.Type, seen?: Set<M.TypeDef>): boolean {
  if (typeof t === 'string') return false;
  if (!seen) seen = new Set();
  else if (seen.has(t)) return false;
  seen.add(t);
  const k = t.kind;
  if (k.kind === 'handle') return k.handle === 'borrow';
  if (k.kind === 'resource') return false;
  return childTypes(k).some((c) => containsBorrow(c, seen));
}

/** The types a kind refers to directly. */
/**
 * The structural key of a type expression, as wit-parser's interning of
 * anonymous types sees it (named types by `nameKey`); `visit` gets each
 * anonymous node below and including `t`, innermost first.
 */
function anonKey(t: S.Type, nameKey: (id: S.Id) => string, visit?: (key: string, node: S.Type) => void): string {
  const k = (x: S.Type | undefined) => (x ? anonKey(x, nameKey, visit) : '_');
  let key: string;
  switch (t.kind) {
    case 'primitive': return t.name;
    case 'name': return nameKey(t.name);
    case 'list': key = t.size !== undefined ? `list<${k(t.element)};${t.size}>` : `list<${k(t.element)}>`; break;
    case 'map': key = `map<${k(t.key)},${k(t.value)}>`; break;
    case 'option': key = `option<${k(t.type)}>`; break;
    case 'result': key = `result<${k(t.ok)},${k(t.err)}>`; break;
    case 'tuple': key = `tuple<${t.types.map((x) => k(x)).join(',')}>`; break;
    case 'future': key = `future<${k(t.type)}>`; break;
    case 'stream': key = `stream<${k(t.type)}>`; break;
    case 'own': case 'borrow': key = `${t.kind}<${nameKey(t.name)}>`; break;
  }
  visit?.(key, t);
  return key;
}

/** The same kind with each child type mapped (the kind itself when nothing changes). */
function mapKind(k: M.TypeDefKind, f: (t: M.Type) => M.Type): M.TypeDefKind {
  const kids = childTypes(k);
  const mapped = kids.map(f);
  if (mapped.every((t, i) => t === kids[i])) return k;
  let i = 0;
  const next = () => mapped[i++]!;
  switch (k.kind) {
    case 'record': return { kind: 'record', fields: k.fields.map((x) => ({ ...x, type: next() })) };
    case 'resource': case 'flags': case 'enum': return k;
    case 'handle': return { kind: 'handle', handle: k.handle, resource: next() as M.TypeDef };
    case 'tuple': return { kind: 'tuple', types: k.types.map(next) };
    case 'variant': return { kind: 'variant', cases: k.cases.map((c) => (c.type ? { ...c, type: next() } : c)) };
    case 'option': return { kind: 'option', type: next() };
    case 'result': return { kind: 'result', ...(k.ok !== undefined ? { ok: next() } : {}), ...(k.err !== undefined ? { err: next() } : {}) };
    case 'list': return { kind: 'list', element: next() };
    case 'fixed-length-list': return { kind: 'fixed-length-list', element: next(), size: k.size };
    case 'map': return { kind: 'map', key: next(), value: next() };
    case 'future': return { kind: 'future', type: next() };
    case 'stream': return { kind: 'stream', type: next() };
    case 'type': return { kind: 'type', type: next() };
  }
}

export function childTypes(k: M.TypeDefKind): M.Type[] {
  switch (k.kind) {
    case 'record': return k.fields.map((f) => f.type);
    case 'resource': case 'flags': case 'enum': return [];
    case 'handle': return [k.resource];
    case 'tuple': return [...k.types];
    case 'variant': return k.cases.flatMap((c) => (c.type ? [c.type] : []));
    case 'option': return [k.type];
    case 'result': return [k.ok, k.err].filter((x): x is M.Type => x !== undefined);
    case 'list': case 'fixed-length-list': return [k.element];
    case 'map': return [k.key, k.value];
    case 'future': case 'stream': return k.type ? [k.type] : [];
    case 'type': return [k.type];
  }
}

/**
 * wit-parser resolves the names of every item, gated out or not, before it
 * drops what the active features exclude: a name an inactive item uses must
 * exist. `only` picks the items to check (by their attributes; all by default).
 */
function checkNamesExist(
  file: SourceFile,
  items: readonly (S.InterfaceItem | S.WorldItem)[],
  exists: (name: string) => boolean,
  only: (attributes: readonly S.Attribute[]) => boolean = () => true,
): void {
  const check = (ids: S.Id[]) => {
    for (const id of ids) if (!exists(id.name)) throw err(file, id, `name \`${id.name}\` does not exist`);
  };
  const funcNames = (f: S.Func) => {
    const out: S.Id[] = [];
    for (const p of f.params) typeNames(p.type, out);
    typeNames(f.result, out);
    return out;
  };
  for (const it of items) {
    if (it.kind === 'type') {
      if (replaced.has(it)) continue;
      if (only(it.attributes)) check(referencedNames(it));
      if (it.def === 'resource') {
        const whole = only(it.attributes);
        for (const f of it.funcs) if (whole || only(f.attributes)) check(funcNames(f.func));
      }
    } else if (it.kind === 'func') {
      if (only(it.attributes)) check(funcNames(it.func));
    }
  }
}

/**
 * A namespace's names, checked as wit-parser does before any gate drops an
 * item: a `use`d name may not repeat an earlier `use`d name or function, a
 * type or function may not repeat any earlier name (so a `use` after a type
 * of the same name passes and replaces it, see `replaced`, and a type after
 * such a `use` does not).
 */
function checkDuplicateNames(file: SourceFile, items: readonly (S.InterfaceItem | S.WorldItem)[]): void {
  const used = new Set<string>();
  const funcs = new Set<string>();
  const all = new Set<string>();
  const dup = (id: S.Id) => err(file, id, `name \`${id.name}\` is defined more than once`);
  for (const it of items) {
    if (it.kind === 'use') {
      for (const n of it.names) {
        const id = n.as ?? n.name;
        if (used.has(id.name) || funcs.has(id.name)) throw dup(id);
        used.add(id.name);
        all.add(id.name);
      }
    } else if (it.kind === 'type' || it.kind === 'func') {
      if (all.has(it.name.name)) throw dup(it.name);
      all.add(it.name.name);
      if (it.kind === 'func') funcs.add(it.name.name);
    }
  }
}

/** The type expressions a type definition holds (an alias: its one type). */
function typeDefTypes(t: S.TypeDef): (S.Type | undefined)[] {
  switch (t.def) {
    case 'alias': return [t.type];
    case 'record': return t.fields.map((f) => f.type);
    case 'variant': return t.cases.map((c) => c.type);
    default: return [];
  }
}

function typeNames(x: S.Type | undefined, out: S.Id[]): void {
  if (!x) return;
  switch (x.kind) {
    case 'name': case 'own': case 'borrow': out.push(x.name); break;
    case 'list': typeNames(x.element, out); break;
    case 'map': typeNames(x.key, out); typeNames(x.value, out); break;
    case 'option': case 'future': case 'stream': typeNames(x.type, out); break;
    case 'result': typeNames(x.ok, out); typeNames(x.err, out); break;
    case 'tuple': for (const t of x.types) typeNames(t, out); break;
    case 'primitive': break;
  }
}

/** Every name a type definition's body refers to, in source order. */
function referencedNames(t: S.TypeDef): S.Id[] {
  const out: S.Id[] = [];
  const walk = (x: S.Type | undefined): void => {
    if (!x) return;
    switch (x.kind) {
      case 'name': case 'own': case 'borrow': out.push(x.name); break;
      case 'list': walk(x.element); break;
      case 'map': walk(x.key); walk(x.value); break;
      case 'option': case 'future': case 'stream': walk(x.type); break;
      case 'result': walk(x.ok); walk(x.err); break;
      case 'tuple': x.types.forEach(walk); break;
      case 'primitive': break;
    }
  };
  switch (t.def) {
    case 'alias': walk(t.type); break;
    case 'record': t.fields.forEach((f) => walk(f.type)); break;
    case 'variant': t.cases.forEach((c) => walk(c.type)); break;
    default: break;
  }
  return out;
}

function isValidMapKey(t: M.Type): boolean {
  let cur: M.Type = t;
  while (typeof cur === 'object' && cur.kind.kind === 'type') cur = cur.kind.type;
  return typeof cur === 'string' && ['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'char', 'string'].includes(cur);
}

/**
 * Orders versions as Rust's `semver::Version` does (wit-parser's): major,
 * minor, patch as integers; a pre-release before the release, its dot parts
 * numeric-before-alphanumeric; then build metadata, which counts too.
 */
export function compareSemver(a: string, b: string): number {
  if (a === b) return 0;
  // Every `@since` of a package is compared with the package's version, at every resolve of it: memoised.
  const key = `${a} ${b}`;
  let c = semverOrder.get(key);
  if (c === undefined) {
    if (semverOrder.size >= 4096) semverOrder.clear();
    semverOrder.set(key, (c = compareSemverUncached(a, b)));
  }
  return c;
}

const semverOrder = new Map<string, number>();

function compareSemverUncached(a: string, b: string): number {
  const split = (v: string) => {
    const plus = v.indexOf('+');
    const core = plus < 0 ? v : v.slice(0, plus);
    const build = plus < 0 ? '' : v.slice(plus + 1);
    const dash = core.indexOf('-');
    return {
      nums: (dash < 0 ? core : core.slice(0, dash)).split('.').map((x) => BigInt(x)),
      pre: dash < 0 ? '' : core.slice(dash + 1),
      build,
    };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! < y.nums[i]! ? -1 : 1;
  if (x.pre !== y.pre) {
    if (x.pre === '') return 1;
    if (y.pre === '') return -1;
    return compareIdentifiers(x.pre, y.pre);
  }
  if (x.build === y.build) return 0;
  if (x.build === '') return -1;
  if (y.build === '') return 1;
  return compareIdentifiers(x.build, y.build);
}

/** Dot-separated identifiers: numeric ones by value (then length), before alphanumeric ones, which compare as text. */
function compareIdentifiers(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const bx = BigInt(x);
      const by = BigInt(y);
      if (bx !== by) return bx < by ? -1 : 1;
      return x.length - y.length;
    }
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

// ---------------------------------------------------------------------------

/** Resolves one world: its own items, includes, and the interfaces it needs (elaboration). */
class WorldResolver {
  private readonly world: M.World;

  constructor(
    private readonly pr: PackageResolver,
    private readonly file: SourceFile,
    private readonly node: S.World,
  ) {
    this.world = {
      name: node.name.name,
      package: pr.package,
      docs: pr.resolver.docsOf(node.docs),
      stability: stabilityOf(node.attributes),
      imports: [],
      exports: [],
      origin: { file, node },
    };
  }

  /** The world, or with `beforeGates` only the checks of wit-parser's first pass (no includes, nothing kept). */
  run(beforeGates = false): M.World {
    const r = this.pr.resolver;
    r.model.worlds.push(this.world);
    this.checkKeysBeforeGates();
    const tr = new TypeResolver(this.pr, this.file, { kind: 'world', world: this.world });
    const items = this.node.items.filter((i) => r.isActive(i.attributes));
    const typeItems = items.filter((i): i is S.TypeDef | S.Use => i.kind === 'type' || i.kind === 'use');
    // Names of world-level functions and inline interfaces share the world's namespace with types.
    tr.declare(this.node.items.filter((i): i is S.TypeDef | S.Use => i.kind === 'type' || i.kind === 'use'));
    tr.define(typeItems);
    checkNamesExist(this.file, this.node.items.filter((i) => i.kind === 'type'), (n) => tr.scope.has(n), (attrs) => !r.isActive(attrs));
    tr.checkInactiveUses(this.node.items, true);
    // An inline interface of a gated-out import or export is a gated-out interface.
    for (const it of this.node.items) {
      if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'interface' && !r.isActive(it.attributes)) {
        this.pr.checkGatedInterface(this.file, it.extern.items);
      }
    }

    const imports = new Keyed(this.file, 'import');
    const exports = new Keyed(this.file, 'export');

    // `use` in a world imports the interface the types come from.
    for (const it of typeItems) {
      if (it.kind === 'use') {
        this.addUsedInterface(imports, this.pr.resolveInterfacePath(this.file, it.path), stabilityOf(it.attributes));
      }
    }
    for (const def of tr.declared) {
      imports.add({ kind: 'name', name: def.name! }, { kind: 'type', type: def }, def.origin?.node as { span: S.Span } | undefined);
    }
    for (const f of tr.functions(typeItems)) {
      imports.add({ kind: 'name', name: f.name }, { kind: 'function', function: f }, (f.origin?.node as S.ResourceFunc).name);
    }

    for (const it of items) {
      if (it.kind !== 'import' && it.kind !== 'export') continue;
      const target = it.kind === 'import' ? imports : exports;
      const e = it.extern;
      const stab = stabilityOf(it.attributes);
      switch (e.kind) {
        case 'path': {
          target.addInterface(this.pr.resolveInterfacePath(this.file, e.path), e.path, stab);
          break;
        }
        case 'implements': {
          const iface = this.pr.resolveInterfacePath(this.file, e.path);
          target.add({ kind: 'name', name: e.name.name }, { kind: 'interface', interface: iface, stability: stab }, e.name);
          break;
        }
        case 'func': {
          const f = tr.func(e.name.name, { kind: 'freestanding' }, e.func, e, it.docs, it.attributes, e.name);
          target.add({ kind: 'name', name: e.name.name }, { kind: 'function', function: f }, e.name);
          break;
        }
        case 'interface': {
          const iface = this.pr.resolveInterface(this.file, e, undefined, e.items, it.attributes, it.docs);
          target.add({ kind: 'name', name: e.name.name }, { kind: 'interface', interface: iface, stability: stab }, e.name);
          break;
        }
      }
    }
    if (beforeGates) return this.world;
    for (const it of items) {
      if (it.kind !== 'include') continue;
      this.include(it, imports, exports);
    }
    this.elaborate(imports, exports);
    this.world.imports.push(...imports.entries);
    this.world.exports.push(...exports.entries);
    return this.world;
  }

  /**
   * wit-parser keys a world's imports and exports before any gate drops one:
   * two items of one name (types first, then imports and exports in order),
   * or one interface named twice, clash even when a feature removes one.
   */
  private checkKeysBeforeGates(): void {
    for (const what of ['import', 'export'] as const) {
      const names = new Map<string, { name: string; kind: string }>();
      const typeNames = new Set<string>();
      const paths = new Set<string>();
      const key = (id: S.Id, kind: string) => {
        const prev = names.get(id.name.toLowerCase());
        // A `use` of a type's name takes its place (`checkDuplicateNames` refuses the other orders).
        if (prev && kind === 'use' && typeNames.has(id.name)) return;
        if (prev && prev.name !== id.name) {
          throw err(this.file, id, `${what} \`${id.name}\` conflicts with ${what} \`${prev.name}\` (kebab-case identifiers are case-insensitive)`);
        }
        if (prev) throw err(this.file, id, `${what} \`${id.name}\` conflicts with prior ${prev.kind} of same name`);
        names.set(id.name.toLowerCase(), { name: id.name, kind: kind === 'use' ? 'type' : kind });
      };
      if (what === 'import') {
        for (const it of this.node.items) {
          if (it.kind === 'type') {
            key(it.name, 'type');
            typeNames.add(it.name.name);
          } else if (it.kind === 'use') for (const n of it.names) key(n.as ?? n.name, 'use');
        }
      }
      for (const it of this.node.items) {
        if (it.kind !== what) continue;
        const e = it.extern;
        if (e.kind === 'path') {
          const p = e.path.kind === 'local' ? e.path.name.name : `${syntaxPackageId(e.path.package)}/${e.path.name.name}`;
          if (paths.has(p)) throw err(this.file, e.path, `interface cannot be ${what}ed more than once`);
          paths.add(p);
        } else {
          key(e.name, e.kind === 'func' ? 'func' : 'interface');
        }
      }
    }
  }

  /**
   * `use` in a world imports the interface, with the `use`'s stability
   * (elaborate puts its dependencies before it). wit-parser adds it while
   * elaborating, after includes: an include of the interface decides it.
   */
  private addUsedInterface(target: Keyed, iface: M.Interface, stability: M.Stability): void {
    target.addUsed(iface, stability);
  }

  private include(it: S.Include, imports: Keyed, exports: Keyed): void {
    const from = this.pr.resolveWorldPath(this.file, it.path);
    const external = from.package !== this.pr.package;
    const renames = new Map<string, S.IncludeName>();
    for (const w of it.with) renames.set(w.name.name, w);
    const into = this.cloneWorldTypes(from, (name) => renames.get(name)?.as.name ?? name);
    const used = new Set<string>();
    const copy = (src: readonly M.WorldEntry[], target: Keyed) => {
      for (const source of src) {
        const e = into(source);
        let key = e.key;
        if (key.kind === 'name') {
          const rn = renames.get(key.name);
          if (rn) {
            used.add(key.name);
            key = { kind: 'name', name: rn.as.name };
            if (e.item.kind === 'function') {
              target.add(key, { kind: 'function', function: { ...e.item.function, name: rn.as.name } }, it.path);
              continue;
            }
          }
        }
        if (key.kind === 'interface' && e.item.kind === 'interface') {
          // A stable interface met through another package's world loses its stability (wit-parser's `merge_include_stability`).
          const dropped = external && e.item.stability.kind === 'stable';
          if (!target.hasInterface(key.interface)) target.add(key, dropped ? { ...e.item, stability: { kind: 'unknown' } } : e.item, it.path, true);
          else target.mergeStability(key.interface, dropped ? undefined : e.item.stability, it.path);
        } else if (key.kind === 'interface') {
          if (!target.hasInterface(key.interface)) target.add(key, e.item, it.path, true);
        } else {
          target.add(key, e.item, it.path);
        }
      }
    };
    copy(from.imports, imports);
    copy(from.exports, exports);
    for (const w of it.with) {
      if (!used.has(w.name.name)) {
        throw err(this.file, it.path, `no import or export kebab-name \`${w.name.name}\`. Note that an ID does not support renaming`);
      }
    }
  }

  /**
   * An include gives the including world its own copy of each of the
   * included world's types (renamed as `with` says), and its functions
   * re-pointed at the copies, resource functions renamed with their resource
   * (wit-parser's `resolve_include`). Returns the entry mapping.
   */
  private cloneWorldTypes(from: M.World, rename: (name: string) => string): (e: M.WorldEntry) => M.WorldEntry {
    const model = this.pr.resolver.model;
    const copies = new Map<M.TypeDef, M.TypeDef>();
    for (const e of from.imports) {
      if (e.item.kind !== 'type' || e.item.type.owner?.kind !== 'world' || e.item.type.owner.world !== from) continue;
      const t = e.item.type;
      const copy: M.TypeDef = { ...t, name: rename(t.name!), owner: { kind: 'world', world: this.world } };
      copies.set(t, copy);
      model.types.push(copy);
    }
    if (copies.size === 0) return (e) => e;
    const anon = new Map<M.TypeDef, M.TypeDef>();
    const map = (t: M.Type): M.Type => {
      if (typeof t === 'string') return t;
      const c = copies.get(t) ?? anon.get(t);
      if (c) return c;
      if (t.name !== undefined) return t;
      const kind = mapKind(t.kind, map);
      if (kind === t.kind) return t;
      const n: M.TypeDef = { ...t, kind };
      anon.set(t, n);
      model.types.push(n);
      return n;
    };
    for (const c of copies.values()) c.kind = mapKind(c.kind, map);
    const fn = (f: M.Function): M.Function => {
      const kind = f.kind.kind === 'freestanding' ? f.kind : { kind: f.kind.kind, resource: map(f.kind.resource) as M.TypeDef };
      const params = f.params.map((p) => ({ name: p.name, type: map(p.type) }));
      const result = f.result === undefined ? undefined : map(f.result);
      const changed = kind !== f.kind && kind.kind !== 'freestanding' && f.kind.kind !== 'freestanding' && kind.resource !== f.kind.resource;
      if (!changed && params.every((p, i) => p.type === f.params[i]!.type) && result === f.result) return f;
      const name = kind.kind === 'freestanding' ? f.name : f.name.replace(/^(\[[a-z]+\])[^.]+/, `$1${kind.resource.name!}`);
      return { ...f, name, kind, params, ...(result === undefined ? {} : { result }) };
    };
    return (e) => {
      if (e.item.kind === 'type') {
        const c = copies.get(e.item.type);
        return c ? { key: e.key, item: { kind: 'type', type: c } } : e;
      }
      if (e.item.kind !== 'function') return e;
      const f = fn(e.item.function);
      if (f === e.item.function) return e;
      return { key: e.key.kind === 'name' && e.key.name === e.item.function.name ? { kind: 'name', name: f.name } : e.key, item: { kind: 'function', function: f } };
    };
  }

  /**
   * Every interface an imported or exported interface uses types from must be
   * imported too (unless exported), before it; wit-parser does the same.
   */
  private elaborate(imports: Keyed, exports: Keyed): void {
    const order: M.WorldEntry[] = [];
    const placed = new Set<M.Interface>();
    const byInterface = new Map<M.Interface, M.WorldEntry>();
    for (const x of imports.entries) if (x.key.kind === 'interface' && !byInterface.has(x.key.interface)) byInterface.set(x.key.interface, x);
    /** Puts an interface's import after the imports of what it depends on (iteratively: chains can be long). */
    const place = (root: M.Interface) => {
      if (placed.has(root)) return;
      placed.add(root);
      const stack: { i: M.Interface; deps: M.Interface[]; next: number }[] = [{ i: root, deps: directInterfaceDeps(root), next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next < top.deps.length) {
          const d = top.deps[top.next++]!;
          if (!placed.has(d)) {
            placed.add(d);
            stack.push({ i: d, deps: directInterfaceDeps(d), next: 0 });
          }
          continue;
        }
        stack.pop();
        const i = top.i;
        order.push(byInterface.get(i) ?? { key: { kind: 'interface', interface: i }, item: { kind: 'interface', interface: i, stability: i.stability } });
      }
    };
    for (const e of imports.entries) {
      if (e.item.kind === 'interface' && e.key.kind === 'interface') place(e.item.interface);
      else {
        const deps = e.item.kind === 'interface' ? directInterfaceDeps(e.item.interface) : e.item.kind === 'function' ? typeInterfaceDeps(e.item.function) : [];
        deps.forEach(place);
        order.push(e);
      }
    }
    const exported = new Set(exports.entries.flatMap((e) => (e.key.kind === 'interface' ? [e.key.interface] : [])));
    // An interface that gets imported cannot depend on one that is exported: some interface an export
    // depends on, not exported itself, depends on an exported one. Memoised per interface (linear).
    const reachesExported = memoOverDeps((d, below) => exported.has(d) || below);
    const bad = memoOverDeps((d, below) => (!exported.has(d) && reachesExported(d)) || below);
    for (const e of exports.entries) {
      if (e.item.kind !== 'interface') continue;
      if (directInterfaceDeps(e.item.interface).some(bad)) {
        const name = e.key.kind === 'name' ? e.key.name : `${M.packageId(e.item.interface.package.name)}/${e.item.interface.name}`;
        throw err(this.file, this.node.name, `interface \`${name}\` transitively depends on an interface in incompatible ways`);
      }
    }
    // What exports depend on, and is not exported itself, is imported: each interface visited once over all exports
    // (a node seen for an earlier export had all it reaches placed then), dependencies first.
    const visited = new Set<M.Interface>();
    const visitDeps = (root: M.Interface) => {
      const stack: { deps: M.Interface[]; next: number; of?: M.Interface }[] = [{ deps: directInterfaceDeps(root), next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.next < top.deps.length) {
          const d = top.deps[top.next++]!;
          if (!visited.has(d)) {
            visited.add(d);
            stack.push({ deps: directInterfaceDeps(d), next: 0, of: d });
          }
          continue;
        }
        stack.pop();
        if (top.of && !exported.has(top.of)) place(top.of);
      }
    };
    for (const e of exports.entries) {
      if (e.item.kind === 'interface') visitDeps(e.item.interface);
      else if (e.item.kind === 'function') {
        for (const d of typeInterfaceDeps(e.item.function)) {
          if (!exported.has(d)) place(d);
          visitDeps(d);
        }
      }
    }
    imports.entries.splice(0, imports.entries.length, ...order);
  }
}

/**
 * `f(i)` for every interface, where `below` is true when `f` holds for some
 * direct dependency of `i`: memoised, iterative (dependency chains can be
 * thousands long). The interface graph has no cycles.
 */
function memoOverDeps(f: (i: M.Interface, below: boolean) => boolean): (i: M.Interface) => boolean {
  const memo = new Map<M.Interface, boolean>();
  return (root) => {
    const stack: { i: M.Interface; deps: M.Interface[]; next: number; below: boolean }[] = [];
    const push = (i: M.Interface) => stack.push({ i, deps: directInterfaceDeps(i), next: 0, below: false });
    if (!memo.has(root)) push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const d = top.deps[top.next++]!;
        const known = memo.get(d);
        if (known === undefined) push(d);
        else top.below ||= known;
        continue;
      }
      stack.pop();
      const v = f(top.i, top.below);
      memo.set(top.i, v);
      if (stack.length > 0) stack[stack.length - 1]!.below ||= v;
    }
    return memo.get(root)!;
  };
}

/** Interfaces whose types an interface uses, directly. */
function directInterfaceDeps(i: M.Interface): M.Interface[] {
  const out = new Set<M.Interface>();
  for (const t of i.types.values()) {
    if (t.kind.kind === 'type' && typeof t.kind.type === 'object') {
      const o = t.kind.type.owner;
      if (o?.kind === 'interface' && o.interface !== i) out.add(o.interface);
    }
  }
  return [...out];
}

/** All interfaces an interface depends on, transitively, dependencies first. */
export function interfaceDeps(i: M.Interface, seen = new Set<M.Interface>()): M.Interface[] {
  const out: M.Interface[] = [];
  for (const d of directInterfaceDeps(i)) {
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(...interfaceDeps(d, seen), d);
  }
  return out;
}

/** Interfaces owning the named types a world-level function refers to. */
function typeInterfaceDeps(f: M.Function): M.Interface[] {
  const out = new Set<M.Interface>();
  const walk = (t: M.Type | undefined, seen: Set<M.TypeDef>) => {
    if (!t || typeof t === 'string' || seen.has(t)) return;
    seen.add(t);
    if (t.owner?.kind === 'interface') {
      out.add(t.owner.interface);
      return;
    }
    for (const c of childTypes(t.kind)) walk(c, seen);
  };
  const seen = new Set<M.TypeDef>();
  for (const p of f.params) walk(p.type, seen);
  walk(f.result, seen);
  return [...out];
}

/** The imports or exports of a world under construction, with wit-parser's conflict checks. */
class Keyed {
  readonly entries: M.WorldEntry[] = [];
  private readonly names = new Map<string, M.WorldEntry>();

  constructor(
    private readonly file: SourceFile,
    private readonly what: 'import' | 'export',
  ) {}

  /** Index in entries of the first entry keyed by each interface (entries only grow or are replaced in place). */
  private readonly byInterface = new Map<M.Interface, number>();

  hasInterface(i: M.Interface): boolean {
    return this.byInterface.has(i);
  }

  private readonly explicit = new Set<M.Interface>();

  private pushInterface(entry: M.WorldEntry & { key: { kind: 'interface' } }): void {
    if (!this.byInterface.has(entry.key.interface)) this.byInterface.set(entry.key.interface, this.entries.length);
    this.entries.push(entry);
  }

  /** Interfaces imported only by a world-level `use` so far (see `WorldResolver.addUsedInterface`). */
  private readonly used = new Set<M.Interface>();

  addUsed(iface: M.Interface, stability: M.Stability): void {
    if (this.hasInterface(iface)) return;
    this.used.add(iface);
    this.pushInterface({ key: { kind: 'interface', interface: iface }, item: { kind: 'interface', interface: iface, stability } });
  }

  /** An interface named in an import or export: twice is an error, after an implicit import it is fine. */
  addInterface(iface: M.Interface, at: { span: S.Span }, stab: M.Stability): void {
    if (this.explicit.has(iface)) throw err(this.file, at, `interface cannot be ${this.what}ed more than once`);
    this.explicit.add(iface);
    this.used.delete(iface);
    const i = this.byInterface.get(iface);
    const entry = { key: { kind: 'interface' as const, interface: iface }, item: { kind: 'interface' as const, interface: iface, stability: stab } };
    if (i !== undefined) this.entries[i] = entry;
    else this.pushInterface(entry);
  }

  /**
   * An interface the world already has, met again through `include`: an
   * unknown stability takes the incoming one, two known ones must be equal
   * (wit-parser's `update_stability`, with `from` the included item's);
   * `undefined` drops the stability the world had for it.
   */
  mergeStability(iface: M.Interface, from: M.Stability | undefined, at: { span: S.Span }): void {
    const i = this.byInterface.get(iface)!;
    const entry = this.entries[i]!;
    if (entry.item.kind !== 'interface') return;
    if (this.used.delete(iface)) {
      this.entries[i] = { key: entry.key, item: { ...entry.item, stability: from ?? { kind: 'unknown' } } };
      return;
    }
    if (from === undefined) {
      this.entries[i] = { key: entry.key, item: { ...entry.item, stability: { kind: 'unknown' } } };
      return;
    }
    const into = entry.item.stability;
    if (from.kind === 'unknown' || sameStability(from, into)) return;
    if (into.kind === 'unknown') {
      this.entries[i] = { key: entry.key, item: { ...entry.item, stability: from } };
      return;
    }
    throw err(this.file, at, `mismatch in stability from '${stabilityDebug(from)}' to '${stabilityDebug(into)}'`);
  }

  add(key: M.WorldKey, item: M.WorldItem, at: { span: S.Span } | undefined, allowSame = false): void {
    if (key.kind === 'interface') {
      if (allowSame && this.hasInterface(key.interface)) return;
      this.pushInterface({ key, item });
      return;
    }
    const prev = this.names.get(key.name) ?? this.names.get(key.name.toLowerCase());
    if (prev && prev.key.kind === 'name' && prev.key.name !== key.name && !key.name.includes(']')) {
      throw err(this.file, at ?? { span: { start: 0, end: 0 } }, `${this.what} \`${key.name}\` conflicts with ${this.what} \`${prev.key.name}\` (kebab-case identifiers are case-insensitive)`);
    }
    if (prev) {
      if (allowSame && prev.item === item) return;
      const kind = prev.item.kind === 'function' ? 'func' : prev.item.kind;
      throw err(this.file, at ?? { span: { start: 0, end: 0 } }, `${this.what} \`${key.name}\` conflicts with prior ${kind} of same name`);
    }
    const entry = { key, item };
    this.names.set(key.name, entry);
    this.names.set(key.name.toLowerCase(), entry);
    this.entries.push(entry);
  }
}


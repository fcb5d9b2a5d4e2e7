/** Helpers shared by the rules: walking the syntax tree, spans of whole lines, scopes, what names resolve to. */
import { T } from '../src/wit/lexer.js';
import type * as M from '../src/wit/model.js';
import { syntaxPackageId } from '../src/wit/resolve.js';
import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { decidedAt } from '../src/wit/decided.js';
import { isShipped, officialWitPackages, officialWitText, type WasiVersion } from '../src/wit/official.js';
import { parseFile } from '../src/wit/parser.js';
import { fillMessage, type MessageData, type Messages } from '../src/util/messages.js';

export function src(f: WitFile, span: Span): string {
  return f.text.slice(span.start, span.end);
}

/** An interface-like scope: a named interface, or an inline `import x: interface { ... }` in a world. */
export interface Scope {
  readonly file: WitFile;
  readonly name: string;
  readonly items: readonly S.InterfaceItem[];
  readonly node: S.Interface | S.Extern;
}

/**
 * A nested `package wasi:x { ... }` block: a WASI package vendored inline, as
 * `wasm-tools component wit` and `jco wit` print a component's WIT. Not the
 * package's own code: the shape rules leave it alone, and rule 17 replaces
 * it as a whole, as rule 9 does a vendored deps/ folder.
 */
export const isInlineWasi = (n: S.NestedPackage): boolean => n.name.namespace.name === 'wasi';

/** A file's own top-level items: its package's, and those of each nested block but an inline WASI package (isInlineWasi). */
export function ownItems(f: WitFile): S.TopItem[] {
  const nested = f.file.nested.filter((n) => !isInlineWasi(n));
  return nested.length ? [...f.file.items, ...nested.flatMap((n) => n.items)] : [...f.file.items];
}

/**
 * Every scope of the files, in file order: each interface, and each inline
 * interface a world imports or exports. Made once per parse (the engine
 * hands every rule of a phase, and every phase that changed nothing, the
 * same files array), as every rule walks them.
 */
export function scopes(files: readonly WitFile[]): readonly Scope[] {
  const known = scopeLists.get(files);
  if (known) return known;
  const list: Scope[] = [];
  for (const f of files) {
    for (const it of ownItems(f)) {
      if (it.kind === 'interface') {
        list.push({ file: f, name: it.name.name, items: it.items, node: it });
        markDecided(f, it.items, isDecided(f, it));
      }
      if (it.kind === 'world') {
        for (const wi of it.items) {
          if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern.kind === 'interface') {
            list.push({ file: f, name: wi.extern.name.name, items: wi.extern.items, node: wi.extern });
            markDecided(f, wi.extern.items, isDecided(f, wi));
          }
        }
      }
    }
  }
  scopeLists.set(files, list);
  return list;
}

const scopeLists = new WeakMap<readonly WitFile[], readonly Scope[]>();

/**
 * Resources and free functions a team decided to keep as they are: a
 * `// wasi-migrate(decided): why` comment above one (or on its first line),
 * above one of a resource's functions, or above its interface. The shape
 * rules never see them (resources, scopeFuncs and funcGroups leave them
 * out), so they stay as written, and leftovers.ts lets `--check` pass for
 * the same comment. Names they use stay (rules that count uses read the
 * scope's items, which keep them). Filled by scopes(), where every rule starts.
 */
const decidedNodes = new WeakSet<object>();

function markDecided(f: WitFile, items: readonly S.InterfaceItem[], all: boolean): void {
  for (const it of items) {
    if (it.kind === 'type' && it.def === 'resource' && (all || isDecided(f, it) || it.funcs.some((m) => isDecided(f, m)))) decidedNodes.add(it);
    else if (it.kind === 'func' && (all || isDecided(f, it))) decidedNodes.add(it);
  }
}

/** A decided marker on a node's first line or in the comments above it (src/wit/decided.ts). */
export function isDecided(f: WitFile, node: { span: Span }): boolean {
  return decidedAt(f.text, node.span.start);
}

export function* worlds(files: readonly WitFile[]): Generator<{ file: WitFile; world: S.World }> {
  for (const f of files) {
    for (const it of ownItems(f)) {
      if (it.kind === 'world') yield { file: f, world: it };
    }
  }
}

/** A function of a scope or of a resource. */
export interface FuncRef {
  readonly name: S.Id;
  readonly func: S.Func;
  readonly item: S.NamedFunc | S.ResourceFunc;
  readonly kind: 'func' | 'method' | 'static' | 'constructor';
}

/** The free functions of a scope, less those decided (decidedNodes). */
export function scopeFuncs(items: readonly S.InterfaceItem[]): FuncRef[] {
  return items.filter((i): i is S.NamedFunc => i.kind === 'func' && !decidedNodes.has(i)).map((i) => ({ name: i.name, func: i.func, item: i, kind: 'func' }));
}

export function resourceFuncs(r: S.Resource): FuncRef[] {
  return r.funcs.map((i) => ({ name: i.name, func: i.func, item: i, kind: i.kind }));
}

/**
 * The shape of a 0.2 future (rule 2 ports or reports each): a method handing out the pollable (\`subscribe\`, or any
 * method returning one), only one such, and a getter \`-> option<...>\` (\`get\` first), a getter of the value itself
 * beside it alone, or a static completion
 * \`finish: static func(this: r) -> t\`, the getter with no \`blocking-\` twin (rule 6's). By shape, not by name.
 * \`isPoll\` says whether a type is the scope's pollable.
 */
export function futureShape(r: S.Resource, isPoll: (t: S.Type | undefined) => boolean): { sub: FuncRef; get: FuncRef } | undefined {
  const fs = resourceFuncs(r);
  const sub = pollableMethod(fs, isPoll);
  // Several methods handing out pollables (\`subscribe-resize\`, \`subscribe-frame\`, each with its getter) make a
  // resource of several event sources, not one future: rule 3 reports each.
  if (!sub || fs.filter((x) => x.kind === 'method' && x.func.params.length === 0 && isPoll(x.func.result)).length > 1) return undefined;
  // A getter of the value itself, to call once the pollable is ready (wasmcp's \`future-elicit-result.elicit-result\`),
  // when it is the resource's only other method and the resource's name says it completes once: without that name
  // it may be a readiness-signalled operation (\`receive -> result<...>\`, rule 12's) or a probe (a watcher's \`changed\`).
  const other = fs.length === 2 ? fs.find((x) => x !== sub) : undefined;
  const valueGetter = other?.kind === 'method' && !other.func.params.length && other.func.result && other.func.result.kind !== 'option' && !isPoll(other.func.result) && toldAsFuture(r.name.name) ? other : undefined;
  const getters = fs.filter((x) => x !== sub && x.kind === 'method' && x.func.params.length === 0 && (x.func.result?.kind === 'option' || x === valueGetter));
  const finishers = fs.filter((x) => x !== sub && x.kind === 'static' && x.func.params.length === 1 && !!x.func.result && (x.func.params[0]!.type.kind === 'name' || x.func.params[0]!.type.kind === 'own') && (x.func.params[0]!.type as { name: S.Id }).name.name === r.name.name);
  // \`subscribe-x\` announced what \`get-x\` (or \`x\`) gives: that function is the getter, and when it is none
  // (\`wait: func() -> result<...>\` retried on would-block) the resource is no future, whatever other getters it has.
  const m = /^subscribe-(.+)$/.exec(sub.name.name);
  const announced = m ? fs.find((x) => x !== sub && (x.name.name === `get-${m[1]}` || x.name.name === m[1])) : undefined;
  const get = announced ? [...getters, ...finishers].find((x) => x === announced) : (getters.find((x) => x.name.name === 'get') ?? getters[0] ?? finishers[0]);
  // A getter with a \`blocking-\` twin is one half of an operation offered twice (rule 6's), not a future's \`get\`.
  if (!get || fs.some((x) => x.name.name === `blocking-${get.name.name}`)) return undefined;
  return { sub, get };
}

/** A resource whose name says it completes once (\`future-x\`, \`pending-x\`, \`x-promise\`). */
export function toldAsFuture(name: string): boolean {
  return name.split('-').some((w) => w === 'future' || w === 'pending' || w === 'promise');
}

/** A resource's method handing out its pollable: \`subscribe\` returning a named type, or any method of no parameters returning a pollable. */
export function pollableMethod(fs: readonly FuncRef[], isPoll: (t: S.Type | undefined) => boolean): FuncRef | undefined {
  return fs.find((x) => x.kind === 'method' && x.func.params.length === 0 && ((x.name.name === 'subscribe' && x.func.result?.kind === 'name') || isPoll(x.func.result)));
}

/** The resources of a scope, less those decided (decidedNodes). */
export function resources(items: readonly S.InterfaceItem[]): S.Resource[] {
  return items.filter((i): i is S.Resource => i.kind === 'type' && i.def === 'resource' && !decidedNodes.has(i));
}

/** Every group of functions that can hold pairs or twins: the scope's free functions, and each resource's. */
export function funcGroups(scope: Scope): { resource?: S.Resource; funcs: FuncRef[] }[] {
  return [{ funcs: scopeFuncs(scope.items) }, ...resources(scope.items).map((r) => ({ resource: r, funcs: resourceFuncs(r) }))];
}

/** Calls `cb` on a type and every type nested in it. */
export function walkType(t: S.Type, cb: (t: S.Type) => void): void {
  cb(t);
  switch (t.kind) {
    case 'list': walkType(t.element, cb); break;
    case 'map': walkType(t.key, cb); walkType(t.value, cb); break;
    case 'option': walkType(t.type, cb); break;
    case 'result': if (t.ok) walkType(t.ok, cb); if (t.err) walkType(t.err, cb); break;
    case 'tuple': t.types.forEach((x) => walkType(x, cb)); break;
    case 'future': case 'stream': if (t.type) walkType(t.type, cb); break;
    default: break;
  }
}

/** The root types an interface item mentions. */
export function itemTypes(item: S.InterfaceItem | S.ResourceFunc): S.Type[] {
  if (item.kind !== 'type') return item.kind === 'use' ? [] : funcTypes(item.func);
  switch (item.def) {
    case 'alias': return [item.type];
    case 'record': return item.fields.map((f) => f.type);
    case 'variant': return item.cases.flatMap((c) => (c.type ? [c.type] : []));
    case 'resource': {
      const out: S.Type[] = [];
      for (const f of item.funcs) {
        for (const p of f.func.params) out.push(p.type);
        if (f.func.result) out.push(f.func.result);
      }
      return out;
    }
    default: return [];
  }
}

export function funcTypes(f: S.Func): S.Type[] {
  const out: S.Type[] = [];
  for (const p of f.params) out.push(p.type);
  if (f.result) out.push(f.result);
  return out;
}

/** Every type node (nested ones included) in a scope's items. */
export function allTypes(items: readonly S.InterfaceItem[]): S.Type[] {
  const out: S.Type[] = [];
  for (const it of items) for (const t of itemTypes(it)) walkType(t, (x) => out.push(x));
  return out;
}

/** The name a type refers to (`foo`, `own<foo>`, `borrow<foo>`), if any. */
export function refName(t: S.Type): string | undefined {
  return t.kind === 'name' || t.kind === 'own' || t.kind === 'borrow' ? t.name.name : undefined;
}

/** Names used in a scope's types, counted. */
export function nameUses(items: readonly S.InterfaceItem[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of allTypes(items)) {
    const n = refName(t);
    if (n) m.set(n, (m.get(n) ?? 0) + 1);
  }
  return m;
}

/** A wasi:io 0.2 item (`pollable`, `input-stream`, `error`, ...) known in a scope under a local name. */
export type IoName = IoUse | IoAlias;

interface IoBase {
  /** The wasi:io interface that defines the item (`poll`, `streams`, `error`; `streams.{error}` is `error`'s). */
  readonly iface: string;
  /** The name in wasi:io. */
  readonly name: string;
  /** The local name (after `as`, or the alias's name). */
  readonly local: string;
}

/** Brought in by a `use`: of wasi:io itself (`direct`), or of a local interface that re-exports it. */
export interface IoUse extends IoBase {
  readonly kind: 'use';
  readonly use: S.Use;
  readonly useName: S.UseName;
  readonly direct: boolean;
}

/** Defined as `type x = ...;` naming a wasi:io item (directly or through other aliases). */
export interface IoAlias extends IoBase {
  readonly kind: 'alias';
  readonly alias: S.Alias;
}

export function isWasi02(p: S.PackageName): boolean {
  return p.namespace.name === 'wasi' && (p.version === undefined || /^0\.2\./.test(p.version.text));
}

/** Per wasi:io 0.2 interface of the vendored official WIT, the names it takes with \`use\` from another of its interfaces. */
const ioUses = new Map<WasiVersion, Map<string, Map<string, { iface: string; name: string }>>>();

/**
 * The wasi:io 0.2 interface that defines `name` as taken from `iface` (`use wasi:io/streams@0.2.0.{error}` is the io
 * error: `streams` takes it with `use error.{error};`), as the official WIT of that release (0.2.12's when it is not
 * vendored) says, and as the model resolves it (ioTarget).
 */
function ioOrigin(iface: string, name: string, version: string | undefined): string {
  const v: WasiVersion = isShipped(version) && version.startsWith('0.2.') ? version : '0.2.12';
  let uses = ioUses.get(v);
  if (!uses) {
    uses = new Map();
    for (const i of parseFile({ path: officialWitPackages(v).io!, text: officialWitText(v, 'io')! }).file?.items ?? []) {
      if (i.kind !== 'interface') continue;
      const m = new Map<string, { iface: string; name: string }>();
      for (const u of i.items) if (u.kind === 'use' && u.path.kind === 'local') for (const n of u.names) m.set((n.as ?? n.name).name, { iface: u.path.name.name, name: n.name.name });
      uses.set(i.name.name, m);
    }
    ioUses.set(v, uses);
  }
  const seen = new Set<string>();
  let at = { iface, name };
  while (!seen.has(at.iface)) {
    seen.add(at.iface);
    at = uses.get(at.iface)?.get(at.name) ?? at;
  }
  return at.iface;
}

/** The `use wasi:io/...@0.2.x.{...}` names of a scope, from the syntax alone. */
export function ioNames(items: readonly (S.InterfaceItem | S.WorldItem)[]): IoUse[] {
  const out: IoUse[] = [];
  for (const it of items) {
    if (it.kind !== 'use' || it.path.kind !== 'package') continue;
    const p = it.path.package;
    if (p.namespace.name !== 'wasi' || p.name.name !== 'io' || !isWasi02(p)) continue;
    for (const n of it.names) out.push({ kind: 'use', iface: ioOrigin(it.path.name.name, n.name.name, p.version?.text), name: n.name.name, local: (n.as ?? n.name).name, use: it, useName: n, direct: true });
  }
  return out;
}

/**
 * Whether a scope uses WASI 0.2, the signal the convention rules (6, 11) take for "this is 0.2 code": a \`use\` of a WASI
 * 0.2 package, written with its path or through a file-level \`use wasi:x/y@0.2.z as a;\` (\`use a.{...}\`), or a
 * wasi:io 0.2 name arriving another way (ioNamesIn).
 */
export function usesWasi02(ctx: RuleContext, scope: Scope): boolean {
  const tops = new Set<string>();
  for (const it of ownItems(scope.file)) if (it.kind === 'top-use' && it.path.kind === 'package' && isWasi02(it.path.package)) tops.add((it.as ?? it.path.name).name);
  const direct = scope.items.some((it) => it.kind === 'use' && (it.path.kind === 'package' ? isWasi02(it.path.package) : tops.has(it.path.name.name)));
  return direct || ioNamesIn(ctx, scope).length > 0;
}

/** A wasi:io 0.2 package name. */
export const isIo02 = (p: S.PackageName): boolean => isIoPackage(p) && isWasi02(p);

/** A file's file-level \`use\`s of a wasi:io 0.2 interface (\`use wasi:io/streams@0.2.12 as s;\`), by the name the file knows each by. */
export function ioTopUses(f: WitFile): Map<string, S.TopUse> {
  const out = new Map<string, S.TopUse>();
  for (const it of ownItems(f)) if (it.kind === 'top-use' && it.path.kind === 'package' && isIo02(it.path.package)) out.set((it.as ?? it.path.name).name, it);
  return out;
}

/**
 * The wasi:io 0.2 names of a world's own \`use\`s: those of wasi:io itself
 * (ioNames), and those taken through a file-level \`use\` of a wasi:io 0.2
 * interface in the world's file (\`use wasi:io/streams@0.2.12 as s;\` then,
 * in the world, \`use s.{output-stream};\`): the syntax settles both, so a
 * world's own functions are ported through either, as an interface's are.
 */
export function worldIoNames(f: WitFile, world: S.World): IoUse[] {
  const out: IoUse[] = ioNames(world.items);
  const tops = ioTopUses(f);
  if (!tops.size) return out;
  for (const it of world.items) {
    if (it.kind !== 'use' || it.path.kind !== 'local') continue;
    const top = tops.get(it.path.name.name);
    if (!top || top.path.kind !== 'package') continue;
    for (const n of it.names) out.push({ kind: 'use', iface: ioOrigin(top.path.name.name, n.name.name, top.path.package.version?.text), name: n.name.name, local: (n.as ?? n.name).name, use: it, useName: n, direct: false });
  }
  return out;
}

const interfaceIndex = new WeakMap<M.Resolve, Map<object, M.Interface>>();

/** The resolved interface of a scope (the model was resolved from the same syntax nodes), when the package resolved. */
function modelInterface(ctx: RuleContext, scope: Scope): M.Interface | undefined {
  const model = ctx.model;
  if (!model) return undefined;
  let index = interfaceIndex.get(model.resolve);
  if (!index) {
    index = new Map();
    for (const i of model.resolve.interfaces) if (i.origin) index.set(i.origin.node, i);
    interfaceIndex.set(model.resolve, index);
  }
  return index.get(scope.node);
}

/**
 * The wasi:io 0.2 item a type finally names, following `use`s and `type`
 * aliases; undefined for anything else, and for wasi:io's own items when the
 * package being migrated is wasi:io (its names are not foreign there).
 */
function ioTarget(t: M.TypeDef, self: M.Package | undefined): { iface: string; name: string } | undefined {
  const seen = new Set<M.TypeDef>();
  let cur = t;
  while (cur.kind.kind === 'type' && typeof cur.kind.type !== 'string' && !seen.has(cur)) {
    seen.add(cur);
    cur = cur.kind.type;
  }
  const owner = cur.owner;
  if (owner?.kind !== 'interface' || owner.interface.name === undefined || cur.name === undefined) return undefined;
  const pkg = owner.interface.package;
  const p = pkg.name;
  if (pkg === self || p.namespace !== 'wasi' || p.name !== 'io' || (p.version !== undefined && !/^0\.2\./.test(p.version))) return undefined;
  return { iface: owner.interface.name, name: cur.name };
}

/**
 * Every wasi:io 0.2 name of a scope: its own `use wasi:io/...` names, and,
 * when the package resolves, names that reach wasi:io through a local
 * interface's re-export (`use io-types.{pollable as p}`) or a `type` alias.
 * Without a model, only the direct uses (what the syntax proves).
 */
export function ioNamesIn(ctx: RuleContext, scope: Scope): readonly IoName[] {
  // Once per scope and parse of the package, as modelMayAddIo: the rules ask again for each scope, and for each
  // function they may port (io02Left), with the same files, deps and model (a phase that edits parses anew).
  let known = ioNamesByFiles.get(ctx.files);
  if (!known) ioNamesByFiles.set(ctx.files, (known = new WeakMap()));
  let out = known.get(scope.node);
  if (!out) {
    const names: IoName[] = ioNames(scope.items);
    if (mayReachIo(ctx, scope) && modelMayAddIo(ctx, scope)) names.push(...modelIoNames(ctx, scope, new Set(names.map((n) => n.local))));
    known.set(scope.node, (out = names));
  }
  return out;
}

const ioNamesByFiles = new WeakMap<readonly WitFile[], WeakMap<object, readonly IoName[]>>();

/** The wasi:io 0.2 names the model finds in a scope beyond the `known` local names (none when the package does not resolve). */
export function modelIoNames(ctx: RuleContext, scope: Scope, known: ReadonlySet<string>): IoName[] {
  const iface = modelInterface(ctx, scope);
  if (!iface) return [];
  const out: IoName[] = [];
  for (const [local, t] of iface.types) {
    if (known.has(local)) continue;
    const target = ioTarget(t, ctx.model!.package);
    if (!target) continue;
    const node = t.origin?.node;
    for (const it of scope.items) {
      if (it.kind === 'use' && it.names.some((n) => n === node)) {
        out.push({ kind: 'use', ...target, local, use: it, useName: node as S.UseName, direct: false });
      } else if (it === node && it.kind === 'type' && it.def === 'alias') {
        out.push({ kind: 'alias', ...target, local, alias: it });
      }
    }
  }
  return out;
}

/** A foreign package that may hand out wasi:io 0.2 names: anything but wasi:io itself and the WASI 0.3 packages (which have none). */
function mayReexportIo(p: S.PackageName): boolean {
  if (p.namespace.name !== 'wasi') return true;
  return p.name.name !== 'io' && !/^0\.3\./.test(p.version?.text ?? '');
}

const foreignUsers = new WeakMap<readonly WitFile[], boolean>();

/** Whether any interface of the package `use`s a foreign package that may re-export wasi:io (direct wasi:io uses included). */
function packageSeesIo(files: readonly WitFile[]): boolean {
  let v = foreignUsers.get(files);
  if (v === undefined) {
    const seen = (p: S.PackageName) => mayReexportIo(p) || (p.name.name === 'io' && isWasi02(p));
    // A file-level \`use wasi:io/streams@0.2.0 as streams;\` counts too: an interface's \`use streams.{...}\` then reaches wasi:io.
    v =
      [...scopes(files)].some((s) => s.items.some((it) => it.kind === 'use' && it.path.kind === 'package' && seen(it.path.package))) ||
      files.some((f) => ownItems(f).some((it) => it.kind === 'top-use' && it.path.kind === 'package' && seen(it.path.package)));
    foreignUsers.set(files, v);
  }
  return v;
}

/**
 * Whether a scope can know a wasi:io name other than through a direct `use`:
 * it `use`s a foreign package that may re-export one, or it has a local
 * `use` or a `type` alias and the package sees wasi:io somewhere. Only then
 * is the model worth resolving (most scopes of most packages: never).
 */
function mayReachIo(ctx: RuleContext, scope: Scope): boolean {
  let local = false;
  for (const it of scope.items) {
    if (it.kind === 'use') {
      if (it.path.kind === 'package') {
        if (mayReexportIo(it.path.package)) return true;
      } else local = true;
    } else if (it.kind === 'type' && it.def === 'alias') local = true;
  }
  return local && packageSeesIo(ctx.files);
}

/**
 * Whether the model may find a wasi:io name in a scope that its direct uses
 * do not give: some local name of the scope, followed through `use`s and
 * `type x = y` aliases, may end at a wasi:io item, as ioTarget follows it in
 * the model. Decided without resolving the package: a foreign `use` is looked
 * up in the deps resolved alone (the very type definitions the model's chain
 * runs through), a local one in the syntax of the interface it names. False
 * only when every chain provably ends elsewhere (a record, a resource, a
 * builtin type, a foreign item that is not wasi:io's): then ioNamesIn's answer
 * is its direct uses, as it is with the model (which would add nothing) or
 * without one (a package that does not resolve). True whenever unsure: the
 * model answers then. Most 0.2 packages `use` only plain types of other WASI
 * packages (`wasi:clocks/...{instant}`): no resolution of the package after
 * each phase that edits it.
 */
export function modelMayAddIo(ctx: RuleContext, scope: Scope): boolean {
  // Once per scope and parse of the package (each rule asks again for each scope; a phase that edits it parses anew).
  let known = mayAddByFiles.get(ctx.files);
  if (!known) mayAddByFiles.set(ctx.files, (known = new WeakMap()));
  let v = known.get(scope.node);
  if (v === undefined) known.set(scope.node, (v = mayAddIo(ctx, scope)));
  return v;
}

const mayAddByFiles = new WeakMap<readonly WitFile[], WeakMap<object, boolean>>();

function mayAddIo(ctx: RuleContext, scope: Scope): boolean {
  // Names in a nested `package x { }` block resolve in that package; wasi:io's own names are not foreign (ioTarget).
  if (ctx.files.some((f) => f.file.nested.length > 0 || isIoPackage(f.file.package?.name))) return true;
  const direct = new Set(ioNames(scope.items).map((n) => n.local));
  for (const it of scope.items) {
    if (it.kind === 'use') {
      for (const n of it.names) if (!direct.has((n.as ?? n.name).name) && useReachesIo(ctx, scope.file, it.path, n.name.name, 0)) return true;
    } else if (it.kind === 'type' && it.def === 'alias' && typeReachesIo(ctx, scope.file, scope.items, it.type, 0)) return true;
  }
  return false;
}

/** Links followed before a chain counts as unsure (wit-parser refuses cycles; a long chain is only given to the model). */
const CHAIN_LIMIT = 32;

const isIoPackage = (p: S.PackageName | undefined): boolean => p?.namespace.name === 'wasi' && p.name.name === 'io';

/** Whether the item `name` that `use <path>.{name}` brings in may end at a wasi:io item (true: unsure). */
function useReachesIo(ctx: RuleContext, file: WitFile, path: S.UsePath, name: string, depth: number): boolean {
  return definitionReachesIo(ctx, useDefinition(ctx.files, file, path, name, depth), depth);
}

/** Whether the local type `name` of an interface's items may end at a wasi:io item (true: unsure). */
function nameReachesIo(ctx: RuleContext, file: WitFile, items: readonly (S.InterfaceItem | S.WorldItem)[], name: string, depth: number): boolean {
  return definitionReachesIo(ctx, nameDefinition(ctx.files, file, items, name, depth), depth);
}

/**
 * Whether a name's definition by the syntax (nameDefinition) may end at a wasi:io item (true: unsure): one the syntax
 * does not settle; a foreign one in wasi:io, or one the deps read here do not hold (a versionless reference, a
 * missing dep: the model says); an alias of a name that may.
 */
function definitionReachesIo(ctx: RuleContext, d: NameDefinition | undefined, depth: number): boolean {
  if (!d) return true;
  if (d.kind === 'foreign') {
    if (isIoPackage(d.package)) return true;
    const t = ctx.depPackages?.get(syntaxPackageId(d.package))?.interfaces.get(d.iface)?.types.get(d.name);
    return !t || ioTarget(t, undefined) !== undefined;
  }
  return d.def.def === 'alias' && typeReachesIo(ctx, d.file, d.items, d.def.type, depth + 1);
}

/**
 * What the type name \`name\` of an interface's (or a world's) items is, by the syntax alone: the \`type\` item of the
 * package that defines it, through any chain of local \`use\`s (\`use api.{inbox as box}\`), with the file and items
 * around it; or a \`use\` of another package (\`foreign\`, not followed). Undefined when the syntax does not settle
 * it, as the resolver would: a name defined twice or not at all, a file-level \`use ... as x\` that may shadow an
 * interface \`x\`, an interface name two interfaces share, a \`use\` of the package by its own full name, a nested
 * \`package x { }\` block anywhere, a chain longer than CHAIN_LIMIT.
 */
export type NameDefinition =
  | { readonly kind: 'type'; readonly def: S.TypeDef; readonly file: WitFile; readonly items: readonly (S.InterfaceItem | S.WorldItem)[] }
  | { readonly kind: 'foreign'; readonly package: S.PackageName; readonly iface: string; readonly name: string };

export function nameDefinition(files: readonly WitFile[], file: WitFile, items: readonly (S.InterfaceItem | S.WorldItem)[], name: string, depth = 0): NameDefinition | undefined {
  if (depth > CHAIN_LIMIT || files.some((f) => f.file.nested.length > 0)) return undefined;
  let found: NameDefinition | undefined;
  let count = 0;
  for (const it of items) {
    if (it.kind === 'type' && it.name.name === name) {
      count++;
      found = { kind: 'type', def: it, file, items };
    } else if (it.kind === 'use') {
      for (const n of it.names) {
        if ((n.as ?? n.name).name !== name) continue;
        count++;
        found = useDefinition(files, file, it.path, n.name.name, depth);
      }
    }
  }
  return count === 1 ? found : undefined;
}

function useDefinition(files: readonly WitFile[], file: WitFile, path: S.UsePath, name: string, depth: number): NameDefinition | undefined {
  if (path.kind === 'package') {
    const p = path.package;
    // The package's own items by their full name: the resolver's to say.
    if (files.some((f) => f.file.package?.name.namespace.name === p.namespace.name && f.file.package.name.name.name === p.name.name)) return undefined;
    return { kind: 'foreign', package: p, iface: path.name.name, name };
  }
  // `use x.{...}`: a file-level `use ... as x` would win over the package's interface `x`.
  if (file.file.items.some((it) => it.kind === 'top-use' && (it.as ?? it.path.name).name === path.name.name)) return undefined;
  const targets = files.flatMap((f) => f.file.items.filter((it): it is S.Interface => it.kind === 'interface' && it.name.name === path.name.name).map((it) => ({ f, it })));
  if (targets.length !== 1) return undefined;
  return nameDefinition(files, targets[0]!.f, targets[0]!.it.items, name, depth + 1);
}

/** Whether a `type x = <t>` alias may end at a wasi:io item: only a plain name is followed (`own<r>`, `list<r>` are types of their own). */
function typeReachesIo(ctx: RuleContext, file: WitFile, items: readonly (S.InterfaceItem | S.WorldItem)[], t: S.Type, depth: number): boolean {
  return t.kind === 'name' && nameReachesIo(ctx, file, items, t.name.name, depth);
}

/** Local names under which the wasi:io item `iface.name` is known in a scope (see ioNamesIn). */
export function ioLocals(ctx: RuleContext, scope: Scope, iface: string, name: string): Set<string> {
  return localsOf(ioNamesIn(ctx, scope), iface, name);
}

/** The local names under which `names` hold wasi:io's `iface.name` (\`input-stream\` as \`in\`). */
export function localsOf(names: readonly IoName[], iface: string, name: string): Set<string> {
  return new Set(names.filter((n) => n.iface === iface && n.name === name).map((n) => n.local));
}

/** Whether a type names (`x`, `own<x>`, `borrow<x>`) one of `locals`. */
export function namesOneOf(t: S.Type | undefined, locals: ReadonlySet<string>): boolean {
  return !!t && (t.kind === 'name' || t.kind === 'own' || t.kind === 'borrow') && locals.has(t.name.name);
}

/** Whether another scope of the package `use`s the item `name` of `scope` (`use <scope>.{name}`). */
export function usedByOtherScopes(all: readonly Scope[], scope: Scope, name: string): boolean {
  return all.some((s) => s !== scope && s.items.some((it) => it.kind === 'use' && pathNames(it.path, scope) && it.names.some((n) => n.name.name === name)));
}

/**
 * Whether a \`use\` path names the scope's interface: by its name (\`use t.{...}\`), or, for one of a nested
 * \`package x:y@v { }\` block, which the file's other packages reach by path, as \`x:y/t@v\`.
 */
export function pathNames(path: S.UsePath, scope: Scope): boolean {
  if (path.name.name !== scope.name) return false;
  if (path.kind === 'local') return true;
  const at = scope.node.span.start;
  const b = scope.file.file.nested.find((n) => n.span.start <= at && at < n.span.end);
  return !!b && b.name.namespace.name === path.package.namespace.name && b.name.name.name === path.package.name.name && b.name.version?.text === path.package.version?.text;
}

/** Type names defined in or `use`d into a scope (local names). */
export function scopeTypeNames(items: readonly S.InterfaceItem[]): Set<string> {
  const s = new Set<string>();
  for (const it of items) {
    if (it.kind === 'type') s.add(it.name.name);
    if (it.kind === 'use') for (const n of it.names) s.add((n.as ?? n.name).name);
  }
  return s;
}

/**
 * The scope's own error type (a local name): `error-code`, `errno` or `error`
 * when defined in the scope (a `type error = string` alias too) or `use`d into
 * it, and not wasi:io's `error`; else undefined.
 */
export function errorType(items: readonly S.InterfaceItem[]): string | undefined {
  const io = new Set(ioNames(items).map((n) => n.local));
  const names = scopeTypeNames(items);
  for (const cand of ['error-code', 'errno', 'error']) if (names.has(cand) && !io.has(cand)) return cand;
  return undefined;
}

/**
 * The scope's own type definitions \`name\`'s reaches, itself included (what its records, variants and aliases hold,
 * and what those hold): none of them may name it (wit-parser: "type \`x\` depends on itself"). A resource ends the
 * walk: a handle makes no cycle.
 */
export function typesReached(items: readonly S.InterfaceItem[], name: string): Set<string> {
  const defs = new Map<string, S.InterfaceItem>();
  for (const it of items) if (it.kind === 'type' && it.def !== 'resource') defs.set(it.name.name, it);
  const out = new Set<string>();
  const visit = (n: string): void => {
    const it = defs.get(n);
    if (!it || out.has(n)) return;
    out.add(n);
    for (const root of itemTypes(it)) walkType(root, (t) => {
      const r = refName(t);
      if (r) visit(r);
    });
  };
  visit(name);
  return out;
}

/** The whole lines of an item (its docs included), newline included, for deleting it. */
/**
 * Where an item's own text starts: its docs, less a comment that trails the
 * line before (\`get-now: func() -> u64; // nanoseconds\`, or \`/* ... *\/\`).
 * The parser counts every comment since the last token among the next item's
 * docs, but that one belongs to its line: a marker written above it went
 * above the wrong item, and a deletion from it took the other line's comment.
 */
export function itemStart(f: WitFile, node: { span: Span; docs?: S.Docs }): number {
  const t = f.text;
  let s = node.docs?.span?.start ?? node.span.start;
  while (s < node.span.start && (t.startsWith('//', s) || t.startsWith('/*', s)) && !/^[ \t]*$/.test(t.slice(t.lastIndexOf('\n', s - 1) + 1, s))) {
    const end = t.startsWith('//', s) ? t.indexOf('\n', s) : t.indexOf('*/', s + 2) + 2;
    if (end < 2 || end >= node.span.start) return node.span.start;
    s = end + /^\s*/.exec(t.slice(end, node.span.start))![0].length;
  }
  // A block of plain `//` lines that a blank line parts from what follows is a heading over a section
  // (`// ---- reading ----`), not this item's: wit-parser takes only `///` and `/** */` as docs. A marker
  // written above it went above the heading, and a deletion from it took the heading of the items after.
  for (let m; (m = SECTION_HEADING.exec(t.slice(s, node.span.start))); ) s += m[0].length;
  return s;
}

/** Plain `//` comment lines (not `///`), then one or more blank lines, then the next line's indentation. */
const SECTION_HEADING = /^\/\/(?!\/)[^\n]*\n(?:[ \t]*\/\/(?!\/)[^\n]*\n)*(?:[ \t]*\r?\n)+[ \t]*/;

export function lineSpan(f: WitFile, node: { span: Span; docs?: S.Docs }): Span {
  const t = f.text;
  let start = itemStart(f, node);
  let end = node.span.end;
  const ls = t.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(t.slice(ls, start))) start = ls;
  const nl = t.indexOf('\n', end);
  const le = nl < 0 ? t.length : nl;
  // A \`//\` comment after the item on its line is the item's: it goes with it.
  if (/^[ \t]*(\/\/.*)?$/.test(t.slice(end, le))) end = nl < 0 ? t.length : nl + 1;
  // When the item sat between a blank line (or the opening brace) and a blank
  // line, the blank after it goes too, so no double blank line or blank first
  // line is left behind.
  if (start === ls && end > 0 && t[end - 1] === '\n') {
    const prevStart = t.lastIndexOf('\n', Math.max(0, start - 2)) + 1;
    const prev = start === 0 ? '' : t.slice(prevStart, start - 1);
    const nextEnd = t.indexOf('\n', end);
    const next = nextEnd < 0 ? undefined : t.slice(end, nextEnd);
    if (next !== undefined && /^[ \t]*$/.test(next) && (/^[ \t]*$/.test(prev) || /\{[ \t]*$/.test(prev))) end = nextEnd + 1;
  }
  return { start, end };
}

export function deleteItem(f: WitFile, node: { span: Span; docs?: S.Docs }, note?: string): RuleEdit {
  return { file: f.path, span: lineSpan(f, node), text: '', note };
}

/** The index of the file's first token starting at or after `offset` (tokens tile the text in order: a binary search). */
export function firstTokenAt(f: WitFile, offset: number): number {
  const toks = f.file.tokens;
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks.start(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the first token of `kind` starting in [from, before) is; -1 when none. */
export function tokenIn(f: WitFile, from: number, before: number, kind: T): number {
  const toks = f.file.tokens;
  for (let i = firstTokenAt(f, from); i < toks.length && toks.start(i) < before; i++) if (toks.kind(i) === kind) return toks.start(i);
  return -1;
}

/** Where the `(` of a function's parameter list is. */
export function openParen(f: WitFile, func: S.Func): number {
  const at = tokenIn(f, func.span.start, Infinity, T.LeftParen);
  if (at < 0) throw new Error('no ( in func');
  return at;
}

/** Where the `func` keyword of a function is (to insert `async ` before it). */
export function funcKeyword(f: WitFile, func: S.Func): number {
  const at = tokenIn(f, func.span.start, Infinity, T.Func);
  if (at < 0) throw new Error('no func keyword');
  return at;
}

/** Span from the end of the `)` of the params to the end of the result type: ` -> T` (empty span when no result). */
export function resultArrowSpan(f: WitFile, func: S.Func): Span {
  if (!func.result) return { start: func.span.end, end: func.span.end };
  let arrow = -1;
  const toks = f.file.tokens;
  for (let i = firstTokenAt(f, func.span.start); i < toks.length && toks.start(i) < func.result.span.start; i++) if (toks.kind(i) === T.RArrow) arrow = toks.start(i);
  let start = arrow;
  while (start > 0 && /[ \t]/.test(f.text[start - 1]!)) start--;
  return { start, end: func.result.span.end };
}

/**
 * A rule's way to raise its review messages (src/util/messages.ts), as
 * typescript-eslint's `context.report({ messageId, data })`: `review` puts the
 * note above an item (before its docs), `reviewAt` at an offset of a file.
 */
export function reviewer<const M extends Messages>(messages: M) {
  type Id = keyof M & string;
  const reviewAt = (file: string, offset: number, messageId: Id, data?: MessageData): ReviewNote =>
    ({ file, offset, messageId, ...(data ? { data } : {}), message: fillMessage(messages[messageId]!, data) });
  return {
    review: (f: WitFile, node: { span: Span; docs?: S.Docs }, messageId: Id, data?: MessageData) => reviewAt(f.path, itemStart(f, node), messageId, data),
    reviewAt,
  };
}

/** Normalised text of a node (whitespace and comments dropped) for comparing shapes. */
export function norm(f: WitFile, span: Span): string {
  return src(f, span).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '').replace(/,\)/g, ')');
}

export function paramsText(f: WitFile, func: S.Func): string {
  return func.params.map((p) => norm(f, p.span)).join(',');
}

/** A function's parameter types, without their names (\`string,list<u8>\`). */
export function paramTypes(f: WitFile, func: S.Func): string {
  return func.params.map((p) => norm(f, p.type.span)).join(',');
}

export function isResult(t: S.Type | undefined): t is Extract<S.Type, { kind: 'result' }> {
  return t?.kind === 'result';
}

export function hasName(items: readonly { name: S.Id }[], name: string): boolean {
  return items.some((i) => i.name.name === name);
}

/** Whether any of `types`, or a type nested in one, is `pred`'s. */
export function hasType(types: readonly S.Type[], pred: (t: S.Type) => boolean): boolean {
  let hit = false;
  for (const t of types) walkType(t, (x) => { hit ||= pred(x); });
  return hit;
}

/**
 * Whether `span` of file `path` lies in what an earlier rule of this run
 * wrote (RuleContext.changed): a future or stream made of a 0.2 resource,
 * as opposed to one the package already had.
 */
export function writtenThisRun(ctx: RuleContext, path: string, span: Span): boolean {
  return (ctx.changed[path] ?? []).some((s) => s.start <= span.start && span.end <= s.end);
}

/** The first name among `locals` a type mentions, at any depth. */
export function mentionOf(types: readonly S.Type[], locals: ReadonlySet<string>): string | undefined {
  let found: string | undefined;
  for (const t of types) walkType(t, (x) => { const n = refName(x); if (!found && n && locals.has(n)) found = n; });
  return found;
}

/**
 * The wasi:io 0.2 name a function's signature would still hold once the
 * rules that run later have ported what they port (an `input-stream`
 * parameter becomes `stream<u8>`): any wasi:io name in its result, and any
 * but `input-stream` in its parameters. A rule that is about to make the
 * function async, or to put its types in a `stream`/`future`, leaves it 0.2
 * and reports it instead when this is defined: 0.2 and 0.3 never mix in one
 * signature.
 */
export function io02Left(ctx: RuleContext, scope: Scope, func: S.Func): string | undefined {
  const all = new Set(ioNamesIn(ctx, scope).map((n) => n.local));
  return mentionOf(func.result ? [func.result] : [], all) ?? io02InParams(ctx, scope, func);
}

/**
 * Whether a function's result is one of the wasi:io 0.2 streams \`streams\` (local names) as rules 4 and 5 port it:
 * \`-> input-stream\`, or \`-> result<input-stream, e>\` with \`e\` holding none of them. A rule that runs before
 * them finds it ported by the end of the run, not left 0.2.
 */
export function streamResult(func: S.Func, streams: ReadonlySet<string>): boolean {
  const r = func.result;
  const s = r?.kind === 'result' ? r.ok : r;
  if (!s || (s.kind !== 'name' && s.kind !== 'own') || !streams.has(s.name.name)) return false;
  return r?.kind !== 'result' || !r.err || !mentionOf([r.err], streams);
}

/**
 * io02Left for a rule that keeps the function's types as they are (merges twins, makes a future of a resource it
 * holds, makes its result async): what is 0.2 in them at the end of the run, once the rules after it ported what they
 * port. Not left: an \`input-stream\` or \`output-stream\` result rules 4 and 5 port (streamResult; an output-stream
 * one only with no \`data\` parameter, which rule 5 would need), an \`input-stream\` parameter (rule 4), and wasi:io's
 * \`error\`, which rule 7 replaces wherever nothing else of wasi:io stays beside it (and where something does, that is
 * the name said). Counting them left kept the function 0.2 in the first run, and a second run found them ported and
 * changed it: not idempotent, exit 2.
 */
export function io02LeftAfterRun(ctx: RuleContext, scope: Scope, func: S.Func): string | undefined {
  const names = ioNamesIn(ctx, scope).filter((n) => !(n.iface === 'error' && n.name === 'error'));
  const of = (name: string) => new Set(names.filter((n) => n.iface === 'streams' && n.name === name).map((n) => n.local));
  const [inputs, outputs] = [of('input-stream'), of('output-stream')];
  const all = new Set(names.map((n) => n.local));
  const notInputs = new Set(names.filter((n) => !inputs.has(n.local)).map((n) => n.local));
  const r = func.result;
  const err = r?.kind === 'result' && r.err ? [r.err] : [];
  // Rule 4 ports an input-stream result, and the input-stream parameters beside it, where nothing else of wasi:io is.
  if (streamResult(func, inputs)) return mentionOf(err, all) ?? mentionOf(func.params.map((p) => p.type), notInputs);
  // Rule 5 ports an output-stream result where its parameters and error hold nothing of wasi:io (an input-stream too:
  // rule 4 keeps one beside an output-stream result).
  if (streamResult(func, outputs) && !func.params.some((p) => p.name.name === 'data')) return mentionOf([...err, ...func.params.map((p) => p.type)], all);
  return mentionOf(r ? [r] : [], all) ?? mentionOf(func.params.map((p) => p.type), notInputs);
}

/** A function in rule 5's port of \`-> result<output-stream, e>\`: \`(data: stream<u8>) -> future<result<_, e>>\`. */
export function portedWriter(func: S.Func): boolean {
  const [p, ...more] = func.params;
  const r = func.result;
  return !!p && !more.length && p.type.kind === 'stream' && r?.kind === 'future' && r.type?.kind === 'result' && !r.type.ok;
}

/** The error type of a function in rule 4's port of \`-> result<input-stream, e>\`: \`-> tuple<stream<u8>, future<result<_, e>>>\`. */
export function portedReaderErr(func: S.Func): S.Type | undefined {
  const r = func.result;
  if (r?.kind !== 'tuple' || r.types.length !== 2) return undefined;
  const [s, fut] = r.types as [S.Type, S.Type];
  const out = fut.kind === 'future' ? fut.type : undefined;
  return s.kind === 'stream' && s.type?.kind === 'primitive' && s.type.name === 'u8' && out?.kind === 'result' && !out.ok ? out.err : undefined;
}

/** The wasi:io 0.2 name a function's parameters would still hold once rule 4 ported their `input-stream`s. */
export function io02InParams(ctx: RuleContext, scope: Scope, func: S.Func): string | undefined {
  const notPorted = new Set(ioNamesIn(ctx, scope).filter((n) => n.name !== 'input-stream').map((n) => n.local));
  return mentionOf(func.params.map((p) => p.type), notPorted);
}

/**
 * The file a note about the whole package goes at the top of: the one whose
 * \`package\` line already has comments above it, else the first that has a
 * \`package\` line, else the first. wit-parser reads every comment above a
 * \`package\` line as the package's docs and refuses docs on the \`package\`
 * lines of two files: a marker written above the first file's while another
 * file's had a comment made the tree invalid. A file without one (bulwark's
 * \`environment.wit\`, an interface alone) would put the note above its first
 * item, where it reads as that item's.
 */
export function packageNoteFile(files: readonly WitFile[]): WitFile {
  return files.find((f) => (f.file.package?.docs.comments.length ?? 0) > 0) ?? files.find((f) => f.file.package) ?? files[0]!;
}

/**
 * The text lines of the comments above an item (`///` docs, block comments,
 * and plain `//` lines, which many hand-written WIT files use as their docs),
 * without the comment markers. wasi-migrate's own markers are not text of
 * the item: a rule that moves the lines writes them nowhere.
 */
export function docLines(d: S.Docs | undefined): string[] {
  const out: string[] = [];
  for (const c of d?.comments ?? []) {
    if (/^\/\/\s*wasi-migrate\(/.test(c)) continue;
    if (c.startsWith('//')) out.push(c.slice(c.startsWith('///') ? 3 : 2).replace(/\s+$/, '').replace(/^ /, ''));
    else for (const l of c.replace(/^\/\*\*?/, '').replace(/\*\/\s*$/, '').split('\n')) out.push(l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  }
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * The comment marker for lines a rule writes into an item's comments: `///`
 * (wit-parser's docs) when any of `docs` is a doc comment, or when none has
 * a comment at all; `//` when the comments involved are all plain ones (a
 * file that writes its docs as `//` gets its moved lines the same way, not
 * as `/// // ...`, and they do not turn into docs the bindings carry).
 */
export function commentMarker(...docs: readonly (S.Docs | undefined)[]): '///' | '//' {
  const all = docs.flatMap((d) => d?.comments ?? []).filter((c) => !/^\/\/\s*wasi-migrate\(/.test(c));
  if (!all.length) return '///';
  return all.some((c) => c.startsWith('///') || (c.startsWith('/**') && !c.startsWith('/**/'))) ? '///' : '//';
}

/**
 * Moves the docs of a removed resource (its own, and those of its methods
 * that `parts` names) onto an item that now holds what replaced it: they
 * are added at the end of the item's doc comment, under a line naming the
 * resource, so nothing its authors wrote is lost. Undefined when there is
 * nothing to move.
 */
export function movedDocs(f: WitFile, target: { span: Span; docs?: S.Docs }, removed: S.Resource, parts: readonly FuncRef[], note: string): RuleEdit | undefined {
  const own = docLines(removed.docs);
  const fromParts = parts.flatMap((p) => {
    const l = docLines(p.item.docs);
    return l.length ? [`\`${p.name.name}\`: ${l[0]}`, ...l.slice(1)] : [];
  });
  if (!own.length && !fromParts.length) return undefined;
  return docsAdded(f, target, [`From the removed resource \`${removed.name.name}\`:`, ...own, ...fromParts], [removed.docs, ...parts.map((p) => p.item.docs)], note);
}

/**
 * An edit adding `lines` at the end of `target`'s doc comment (after a blank
 * doc line when it has one), at its indentation, in the comment marker of
 * its docs or of `from` (the docs the lines came from): movedDocs' and
 * foldedDocs' insertion.
 */
function docsAdded(f: WitFile, target: { span: Span; docs?: S.Docs }, lines: readonly string[], from: readonly (S.Docs | undefined)[], note: string): RuleEdit {
  const ls = f.text.lastIndexOf('\n', target.span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(f.text.slice(ls))![0];
  const all = [...(docLines(target.docs).length ? [''] : []), ...lines];
  const mark = commentMarker(target.docs, ...from);
  return { file: f.path, span: { start: ls, end: ls }, text: all.map((l) => `${indent}${mark}${l ? ` ${l}` : ''}\n`).join(''), note };
}

/**
 * A `use` written one name per line (`{`, then each name on its own line with
 * its comma and maybe a trailing comment, then `}` on a line of its own), as
 * hand-written lists often are: each name's lines (comment lines right above
 * it included) and what follows it on its line (`,   // why`). Undefined for
 * any other layout. Rules that drop or rename names keep those comments with
 * it: rejoining the names on one line lost them.
 */
export interface UseLines {
  /** Indentation of the names. */
  readonly indent: string;
  /** Indentation of the closing `}` line. */
  readonly close: string;
  /** Per name: its lines (comment lines above it included) and the text after it on its line. */
  readonly names: ReadonlyMap<S.UseName, { readonly span: Span; readonly suffix: string; readonly above: string }>;
}

export function useLines(f: WitFile, use: { names: readonly S.UseName[]; span: Span }): UseLines | undefined {
  const t = f.text;
  if (!use.names.length) return undefined;
  const lineStart = (o: number) => t.lastIndexOf('\n', o - 1) + 1;
  const lineEnd = (o: number) => {
    const nl = t.indexOf('\n', o);
    return nl < 0 ? t.length : nl;
  };
  const first = use.names[0]!;
  // `{` ends the line before the first name.
  const open = t.lastIndexOf('{', first.span.start);
  if (open < use.span.start || !/^[ \t]*(\/\/[^\n]*)?$/.test(t.slice(open + 1, lineEnd(open)))) return undefined;
  const names = new Map<S.UseName, { span: Span; suffix: string; above: string }>();
  let prevEnd = lineEnd(open) + 1;
  let indent: string | undefined;
  for (const n of use.names) {
    const ls = lineStart(n.span.start);
    const lead = t.slice(ls, n.span.start);
    if (!/^[ \t]*$/.test(lead)) return undefined;
    const le = lineEnd(n.span.end);
    const suffix = t.slice(n.span.end, le);
    if (!/^[ \t]*,?[ \t]*(\/\/[^\n]*)?$/.test(suffix)) return undefined;
    // Only comment lines (or blank ones) between the previous name's line and this one.
    const between = t.slice(prevEnd, ls);
    if (between && !/^([ \t]*(\/\/[^\n]*)?\n)*$/.test(between)) return undefined;
    indent ??= lead;
    names.set(n, { span: { start: prevEnd, end: Math.min(le + 1, t.length) }, suffix, above: between });
    prevEnd = le + 1;
  }
  // `}` starts the line after the last name (comment lines between are not handled).
  const close = t.indexOf('}', prevEnd);
  if (close < 0 || close > use.span.end || !/^[ \t]*$/.test(t.slice(prevEnd, close))) return undefined;
  return { indent: indent ?? '', close: t.slice(prevEnd, close), names };
}

/** A comment, as a regular expression's source: a line comment, or a block comment on one line or several. */
const COMMENT = String.raw`(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)`;
/** Between a wrapped list's \`{\` and its first name: the end of the \`{\` line, comment lines, the name's indent (captured), comments before it. */
const WRAP_LEAD = new RegExp(String.raw`^[ \t]*\n(?:[ \t]*(?:${COMMENT}[ \t]*)*\n)*([ \t]*)(?:${COMMENT}[ \t]*)*$`);
/** Between its last name and \`}\`: comments and a comma (captured) on the name's line, comment lines, the \`}\` line's indent (captured). */
const WRAP_TAIL = new RegExp(String.raw`^[ \t]*(?:${COMMENT}[ \t]*)*(,?)[ \t]*(?:${COMMENT}[ \t]*)*\n(?:[ \t]*(?:${COMMENT}[ \t]*)*\n)*([ \t]*)$`);

/**
 * A `use` list wrapped onto lines of its own, several names to a line (`{` ends its line, `}` starts one,
 * `use wasi:http/types@0.2.0.{\n    a, b, c\n};`): the names' indent, the `}` line's, and whether the last
 * name has a comma after it, for a rule that writes the list anew to keep that layout. Undefined for a list on
 * one line, or one name per line (useLines), or one with comments outside its names' lines.
 */
export function useWrap(f: WitFile, use: { names: readonly S.UseName[]; span: Span }): { indent: string; close: string; comma: boolean } | undefined {
  const t = f.text;
  if (!use.names.length) return undefined;
  const first = use.names[0]!;
  const last = use.names[use.names.length - 1]!;
  const open = t.lastIndexOf('{', first.span.start);
  if (open < use.span.start) return undefined;
  // Comments before the first name (lines of their own, or before it on its line) and after the last (on its line,
  // or lines of their own before \`}\`) are the names' (useNameComments): the layout is read around them.
  const lead = WRAP_LEAD.exec(t.slice(open + 1, first.span.start));
  const close = t.indexOf('}', last.span.end);
  if (!lead || close < 0 || close > use.span.end) return undefined;
  const tail = WRAP_TAIL.exec(t.slice(last.span.end, close));
  return tail ? { indent: lead[1]!, close: tail[2]!, comma: tail[1] === ',' } : undefined;
}

/**
 * The comments written inside a `use` list that useLines does not read (names
 * on one line, `{pollable (a block comment), poll}`): per name, those written
 * before it (`before`: for the first, those between `{` and it) and those
 * after it (`after`: the last name's, up to the list's `}`). Between two names,
 * a comment before the comma, or after it on the comma's line when the next
 * name starts a later line (`a, // why a`), is the first's; one after the
 * comma on the next name's line (`a, /* why b *\/ b`), or on a line between,
 * is the next's. Rules that drop, move or rename names write them back with
 * joinUseNames: rejoining the bare names lost them, and a comment written
 * before a name that moved stayed with the name before it.
 */
export function useNameComments(f: WitFile, use: { names: readonly S.UseName[]; span: Span }): { before: Map<S.UseName, string[]>; after: Map<S.UseName, string[]> } {
  const t = f.text;
  const before = new Map<S.UseName, string[]>();
  const after = new Map<S.UseName, string[]>();
  if (!use.names.length) return { before, after };
  const close = t.lastIndexOf('}', use.span.end);
  const open = t.lastIndexOf('{', use.names[0]!.span.start);
  const tokens = (a: number, b: number) => (b > a ? [...t.slice(a, b).matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|,|\n/g)].map((m) => m[0]) : []);
  before.set(use.names[0]!, tokens(open + 1, use.names[0]!.span.start).filter((x) => x.startsWith('/')));
  use.names.forEach((n, i) => {
    const next = use.names[i + 1];
    const toks = tokens(n.span.end, next ? next.span.start : close);
    const own: string[] = [];
    const its: string[] = [];
    const comma = toks.indexOf(',');
    const rest = comma < 0 ? [] : toks.slice(comma + 1);
    const nl = rest.indexOf('\n');
    // After the comma on its line: the first name's when the next name starts a later line.
    const trailing = nl < 0 ? 0 : nl;
    for (const [j, x] of toks.entries()) {
      if (!x.startsWith('/')) continue;
      if (!next || comma < 0 || j < comma || j - comma - 1 < trailing) own.push(x);
      else its.push(x);
    }
    after.set(n, own);
    if (next) before.set(next, its);
  });
  return { before, after };
}

/**
 * Writes a `use` list's names with their comments (useNameComments): a name's
 * block comments follow it before its comma, its line comments after the comma,
 * each ending its line (the next name then starts on a new line at `indent`,
 * the list's `}` at `close`); comments in `before` precede the name. With
 * no comment at all this is `names.join(', ')`.
 */
export function joinUseNames(items: readonly { text: string; before?: readonly string[]; after?: readonly string[] }[], indent: string, close: string): string {
  let out = '';
  items.forEach((it, i) => {
    const last = i === items.length - 1;
    for (const c of it.before ?? []) out += c.startsWith('//') ? `${c}\n${indent}` : `${c} `;
    out += it.text;
    const block = (it.after ?? []).filter((c) => c.startsWith('/*'));
    const line = (it.after ?? []).filter((c) => c.startsWith('//'));
    if (block.length) out += ` ${block.join(' ')}`;
    if (!last || line.length) out += ',';
    for (const c of line) out += ` ${c}\n${last ? close : indent}`;
    if (!last && !line.length) out += ' ';
  });
  return out;
}

/**
 * Keeps the docs of functions a fold removes (`finish-x` folded into `x`, a
 * `blocking-x` merged into `x`): their doc lines, and the trailing comment of
 * their line, are added at the end of the kept function's doc comment, after
 * a blank doc line, as movedDocs does for a removed resource: the two halves
 * are one function now, so what was written for either describes it (words
 * of removed machinery in them are docs-follow's to report). Undefined when
 * they have none.
 */
export function foldedDocs(f: WitFile, target: { span: Span; docs?: S.Docs }, gone: readonly FuncRef[], note: string): RuleEdit | undefined {
  const t = f.text;
  const parts = gone.flatMap((g) => {
    const le = t.indexOf('\n', g.item.span.end);
    const trailing = /^[ \t]*\/\/(?!\s*wasi-migrate\()\/?\s?(.*?)\s*$/.exec(t.slice(g.item.span.end, le < 0 ? t.length : le))?.[1];
    return [...docLines(g.item.docs), ...(trailing ? [trailing] : [])];
  });
  return parts.length ? docsAdded(f, target, parts, gone.map((g) => g.item.docs), note) : undefined;
}

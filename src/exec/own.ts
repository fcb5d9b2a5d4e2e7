/**
 * Which arguments of a host call move a resource: "passing an `own<T>`
 * transfers it" (the Component Model's canonical ABI, `lift_own`: the handle
 * is removed from the caller's table, and a later use of it traps). Read off
 * the official WIT of the version a host implements (`official-wit/`), by
 * the signature, never by a function's name: a parameter whose type holds a
 * resource not under `borrow<>` (the resource itself, an alias of it such as
 * `headers`, an `option`, `result`, tuple, record, variant or list of it).
 *
 * Values are walked in jco's JavaScript shapes, the ones a guest passes:
 * a record an object with camelCase fields, a tuple or list an array, an
 * `option<T>` `T | undefined` (a nested option `{ tag: 'some', val }`), a
 * `result` or variant `{ tag, val }`.
 */
import { loadTexts } from '../wit/loader.js';
import type * as M from '../wit/model.js';
import { officialWitPackages, type WasiVersion } from '../wit/official.js';
import { resolvePackages } from '../wit/resolve.js';
import { readFileSync } from 'node:fs';

/** A function's parameters that may hold an owned resource: their position and type (the others hold none). */
export type OwnParams = ReadonlyArray<readonly [index: number, type: M.Type]>;

/** One imported interface's calls as jco names them: free functions, and per resource class its constructor, statics and methods. */
export interface InterfaceOwns {
  readonly functions: ReadonlyMap<string, OwnParams>;
  readonly resources: ReadonlyMap<string, { ctor?: OwnParams; statics: ReadonlyMap<string, OwnParams>; methods: ReadonlyMap<string, OwnParams> }>;
}

/** jco's name of a WIT name: `get-and-delete` -> `getAndDelete`; `outgoing-body` (a class) -> `OutgoingBody`. */
const camel = (s: string): string => s.replace(/^%/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string): string => camel(s).replace(/^[a-z]/, (c) => c.toUpperCase());

/** Follows aliases (`type headers = fields`, a `use`d name). */
function unalias(t: M.Type): M.Type {
  while (typeof t !== 'string' && t.kind.kind === 'type') t = t.kind.type;
  return t;
}

const holdsMemo = new Map<M.TypeDef, boolean>();

/** Whether a value of `t` may carry an owned resource handle. */
function holdsOwn(t0: M.Type): boolean {
  const t = unalias(t0);
  if (typeof t === 'string') return false;
  const known = holdsMemo.get(t);
  if (known !== undefined) return known;
  holdsMemo.set(t, false);
  const k = t.kind;
  let r = false;
  switch (k.kind) {
    case 'resource':
      r = true;
      break;
    case 'handle':
      r = k.handle === 'own';
      break;
    case 'record':
      r = k.fields.some((f) => holdsOwn(f.type));
      break;
    case 'tuple':
      r = k.types.some(holdsOwn);
      break;
    case 'variant':
      r = k.cases.some((c) => c.type !== undefined && holdsOwn(c.type));
      break;
    case 'option':
      r = holdsOwn(k.type);
      break;
    case 'result':
      r = (k.ok !== undefined && holdsOwn(k.ok)) || (k.err !== undefined && holdsOwn(k.err));
      break;
    case 'list':
    case 'fixed-length-list':
      r = holdsOwn(k.element);
      break;
    case 'map':
      r = holdsOwn(k.key) || holdsOwn(k.value);
      break;
    // A stream's or future's ends move by the runtime's own rules (bindings.ts); enums and flags hold nothing.
    default:
      r = false;
  }
  holdsMemo.set(t, r);
  return r;
}

/** Every owned resource in `v`, a value of type `t` in jco's shapes, appended to `out`. */
export function ownedIn(t0: M.Type, v: unknown, out: unknown[]): void {
  if (v === undefined || v === null || !holdsOwn(t0)) return;
  const t = unalias(t0) as M.TypeDef;
  const k = t.kind;
  const tagged = v as { tag?: unknown; val?: unknown };
  switch (k.kind) {
    case 'resource':
    case 'handle':
      if (typeof v === 'object' || typeof v === 'function') out.push(v);
      return;
    case 'record':
      for (const f of k.fields) ownedIn(f.type, (v as Record<string, unknown>)[camel(f.name)], out);
      return;
    case 'tuple':
      if (Array.isArray(v)) k.types.forEach((e, i) => ownedIn(e, v[i], out));
      return;
    case 'list':
    case 'fixed-length-list':
      if (Array.isArray(v)) for (const e of v) ownedIn(k.element, e, out);
      return;
    case 'option': {
      // jco: `option<T>` is `T | undefined`, but `option<option<T>>` is `{ tag: 'some', val } | { tag: 'none' }` outside.
      const inner = unalias(k.type);
      if (typeof inner !== 'string' && inner.kind.kind === 'option') {
        if (tagged.tag === 'some') ownedIn(k.type, tagged.val, out);
        return;
      }
      ownedIn(k.type, v, out);
      return;
    }
    case 'result': {
      const c = tagged.tag === 'ok' ? k.ok : tagged.tag === 'err' ? k.err : undefined;
      if (c !== undefined) ownedIn(c, tagged.val, out);
      return;
    }
    case 'variant': {
      const c = k.cases.find((x) => x.name === tagged.tag);
      if (c?.type !== undefined) ownedIn(c.type, tagged.val, out);
      return;
    }
    case 'map':
      if (v instanceof Map) for (const [a, b] of v) (ownedIn(k.key, a, out), ownedIn(k.value, b, out));
      return;
  }
}

function ownParams(f: M.Function, skipSelf: boolean): OwnParams {
  const out: Array<readonly [number, M.Type]> = [];
  f.params.forEach((p, i) => {
    // A method's `self` is a borrow; jco passes the others from 0.
    if (skipSelf && i === 0) return;
    if (holdsOwn(p.type)) out.push([skipSelf ? i - 1 : i, p.type]);
  });
  return out;
}

function interfaceOwns(i: M.Interface): InterfaceOwns {
  const functions = new Map<string, OwnParams>();
  const resources = new Map<string, { ctor?: OwnParams; statics: Map<string, OwnParams>; methods: Map<string, OwnParams> }>();
  const res = (r: M.TypeDef) => {
    const name = pascal(r.name ?? '');
    let e = resources.get(name);
    if (!e) resources.set(name, (e = { statics: new Map(), methods: new Map() }));
    return e;
  };
  for (const f of i.functions.values()) {
    const k = f.kind;
    if (k.kind === 'freestanding') functions.set(camel(f.name), ownParams(f, false));
    else if (k.kind === 'constructor') res(k.resource).ctor = ownParams(f, false);
    else if (k.kind === 'static') res(k.resource).statics.set(camel(f.name.slice(f.name.indexOf('.') + 1)), ownParams(f, false));
    else res(k.resource).methods.set(camel(f.name.slice(f.name.indexOf('.') + 1)), ownParams(f, true));
  }
  return { functions, resources };
}

const byVersion = new Map<WasiVersion, Map<string, InterfaceOwns>>();

/** The official interfaces of a WASI version, keyed as the hosts key their imports (`wasi:http/types@0.3.0`); resolved once per process. */
function officialOwns(version: WasiVersion): Map<string, InterfaceOwns> {
  let m = byVersion.get(version);
  if (m) return m;
  m = new Map();
  const packages = Object.values(officialWitPackages(version)).flatMap((p) => loadTexts([{ path: p, text: readFileSync(p, 'utf8') }]).packages);
  const r = resolvePackages(packages, [], { allFeatures: true, docs: false });
  if (!r.resolve) throw new Error(`the official WASI ${version} WIT does not resolve: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  for (const i of r.resolve.interfaces) {
    const p = i.package.name;
    if (i.name) m.set(`${p.namespace}:${p.name}/${i.name}@${p.version}`, interfaceOwns(i));
  }
  byVersion.set(version, m);
  return m;
}

/** The calls of an import (`wasi:http/types@0.3.0`) that move resources, or undefined for an interface no official WIT has. */
export function importOwns(key: string): InterfaceOwns | undefined {
  const v = /@(\d+\.\d+\.\d+)$/.exec(key)?.[1];
  if (v !== '0.2.12' && v !== '0.2.10' && v !== '0.3.0') return undefined;
  return officialOwns(v).get(key);
}

/** A call that moves resources: what to call it in a trap message, and its parameters that may hold them. */
export interface MovingCall {
  readonly label: string;
  readonly params: OwnParams;
}

type ResourceOwns = InterfaceOwns['resources'] extends ReadonlyMap<string, infer R> ? R : never;

/**
 * The host functions and resource classes of an import object (a host's
 * `wasi:http/types@0.3.0` -> `{ Fields, Request, ... }`), each with what its
 * calls move, by identity: the guest calls them through handles.
 */
export class ImportOwns {
  private readonly fns = new WeakMap<object, { name: string; params: OwnParams }>();
  private readonly classes = new WeakMap<object, { name: string; res: ResourceOwns }>();

  constructor(imports: Readonly<Record<string, unknown>>) {
    for (const [key, m] of Object.entries(imports)) {
      const o = importOwns(key);
      if (!o || !m || typeof m !== 'object') continue;
      for (const [name, v] of Object.entries(m)) {
        if (typeof v !== 'function') continue;
        const res = o.resources.get(name);
        if (res) this.classes.set(v, { name, res });
        else {
          const params = o.functions.get(name);
          if (params) this.fns.set(v, { name, params });
        }
      }
    }
  }

  /** The WIT resource `o` is an instance of (its class or a base class is an import's resource class), if any. */
  resourceOf(o: unknown): { name: string; res: ResourceOwns } | undefined {
    if (o === null || typeof o !== 'object') return undefined;
    for (let p = Object.getPrototypeOf(o) as { constructor?: unknown } | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as typeof p) {
      const c = typeof p.constructor === 'function' ? this.classes.get(p.constructor) : undefined;
      if (c) return c;
    }
    return undefined;
  }

  /** What calling `method` (the membrane's names: `@@call`, `@@new`, `static:f`, a method) on `target` moves, if it takes an own anywhere. */
  moving(target: unknown, method: string): MovingCall | undefined {
    if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
    let label: string | undefined;
    let params: OwnParams | undefined;
    if (method === '@@call') {
      const f = this.fns.get(target);
      [label, params] = [f && `${f.name}(...)`, f?.params];
    } else if (method === '@@new' || method.startsWith('static:')) {
      const c = this.classes.get(target);
      if (c) [label, params] = method === '@@new' ? [`new ${c.name}(...)`, c.res.ctor] : [`${c.name}.${method.slice(7)}(...)`, c.res.statics.get(method.slice(7))];
    } else {
      const c = this.resourceOf(target);
      if (c) [label, params] = [`${c.name}.${method}(...)`, c.res.methods.get(method)];
    }
    return label && params?.length ? { label, params } : undefined;
  }
}

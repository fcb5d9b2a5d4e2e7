/**
 * A name-based canonical form of a resolved WIT package set, so our model can
 * be compared with wit-parser's `Resolve` JSON, whose links are arena indices.
 * Both sides are turned into the same plain JSON: interfaces and worlds keyed
 * by qualified name, named types referred to as `owner.name`, anonymous types
 * written out in full.
 */
import * as M from '../wit/model.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Canonical {
  packages: Record<string, Json>;
  interfaces: Record<string, Json>;
  worlds: Record<string, Json>;
}

// ---- wit-parser JSON ----

interface RJson {
  worlds: any[];
  interfaces: any[];
  types: any[];
  packages: any[];
}

export function canonicalFromWitParserJson(r: RJson): Canonical {
  const pkgName = (i: number) => r.packages[i].name as string;
  const ifaceId = (i: number): string => {
    const x = r.interfaces[i];
    if (x.name != null) return `${pkgName(x.package)}/${x.name}`;
    // Anonymous: named by the world item that holds it.
    for (const w of r.worlds) {
      for (const dir of ['imports', 'exports']) {
        for (const [k, v] of Object.entries<any>(w[dir])) {
          if (v.interface && v.interface.id === i) return `${pkgName(w.package)}/${w.name}#${dir}:${k}`;
        }
      }
    }
    return `<anonymous interface ${i}>`;
  };
  const ownerId = (o: any): string =>
    o == null ? '' : 'interface' in o ? ifaceId(o.interface) : `${pkgName(r.worlds[o.world].package)}/${r.worlds[o.world].name}`;

  const type = (t: any): Json => {
    if (typeof t === 'string') return t;
    const def = r.types[t];
    if (def.name != null) return `${ownerId(def.owner)}.${def.name}`;
    return kind(def.kind);
  };
  const docs = (d: any): Json => (d && d.contents != null ? d.contents : null);
  const stability = (s: any): Json => {
    if (!s || s === 'unknown') return null;
    if (s.stable) return { since: s.stable.since, deprecated: s.stable.deprecated ?? null };
    if (s.unstable) return { feature: s.unstable.feature, deprecated: s.unstable.deprecated ?? null };
    return null;
  };
  const kind = (k: any): Json => {
    if (k === 'resource') return { resource: true };
    const [tag, v] = Object.entries<any>(k)[0];
    switch (tag) {
      case 'record': return { record: v.fields.map((f: any) => ({ name: f.name, type: type(f.type), docs: docs(f.docs) })) };
      case 'handle': {
        const [h, id] = Object.entries<any>(v)[0];
        return { handle: h, of: type(id) };
      }
      case 'flags': return { flags: v.flags.map((f: any) => ({ name: f.name, docs: docs(f.docs) })) };
      case 'tuple': return { tuple: v.types.map(type) };
      case 'variant': return { variant: v.cases.map((c: any) => ({ name: c.name, type: c.type == null ? null : type(c.type), docs: docs(c.docs) })) };
      case 'enum': return { enum: v.cases.map((c: any) => ({ name: c.name, docs: docs(c.docs) })) };
      case 'option': return { option: type(v) };
      case 'result': return { result: { ok: v.ok == null ? null : type(v.ok), err: v.err == null ? null : type(v.err) } };
      case 'list': return { list: type(v) };
      case 'fixed-length-list': return { 'fixed-length-list': [type(v[0]), v[1]] };
      case 'map': return { map: [type(v[0]), type(v[1])] };
      case 'future': return { future: v == null ? null : type(v) };
      case 'stream': return { stream: v == null ? null : type(v) };
      case 'type': return { type: type(v) };
      default: return { unknown: tag };
    }
  };
  const func = (f: any): Json => {
    let kindJ: Json;
    let isAsync = false;
    if (typeof f.kind === 'string') {
      isAsync = f.kind.startsWith('async-');
      kindJ = 'freestanding';
    } else {
      let [tag, id] = Object.entries<any>(f.kind)[0];
      if (tag.startsWith('async-')) {
        isAsync = true;
        tag = tag.slice(6);
      }
      kindJ = { [tag]: type(id) };
    }
    return {
      name: f.name,
      kind: kindJ,
      async: isAsync,
      params: f.params.map((p: any) => ({ name: p.name, type: type(p.type) })),
      result: f.result == null ? null : type(f.result),
      docs: docs(f.docs),
      stability: stability(f.stability),
    };
  };
  const iface = (x: any): Json => ({
    docs: docs(x.docs),
    stability: stability(x.stability),
    types: Object.fromEntries(Object.entries<any>(x.types).map(([n, t]) => [n, typeDef(r.types[t])])),
    functions: Object.fromEntries(Object.entries<any>(x.functions).map(([n, f]) => [n, func(f)])),
  });
  const typeDef = (t: any): Json => ({ kind: kind(t.kind), docs: docs(t.docs), stability: stability(t.stability) });
  const worldItems = (items: Record<string, any>): Json =>
    Object.fromEntries(
      Object.entries(items).map(([k, v]) => {
        const key = /^interface-\d+$/.test(k) ? `interface ${ifaceId(Number(k.slice(10)))}` : k;
        let item: Json;
        if (v.interface) item = { interface: ifaceId(v.interface.id), stability: stability(v.interface.stability) };
        else if (v.function) item = { function: func(v.function) };
        else item = { type: type(v.type) };
        return [key, item];
      }),
    );

  const out: Canonical = { packages: {}, interfaces: {}, worlds: {} };
  for (const p of r.packages) {
    out.packages[p.name] = {
      docs: docs(p.docs),
      interfaces: Object.keys(p.interfaces).sort(),
      worlds: Object.keys(p.worlds).sort(),
    };
  }
  r.interfaces.forEach((x, i) => (out.interfaces[ifaceId(i)] = iface(x)));
  for (const w of r.worlds) {
    out.worlds[`${pkgName(w.package)}/${w.name}`] = {
      docs: docs(w.docs),
      stability: stability(w.stability),
      imports: worldItems(w.imports),
      exports: worldItems(w.exports),
    };
  }
  return out;
}

// ---- our model ----

export function canonicalFromModel(r: M.Resolve): Canonical {
  const ifaceIds = new Map<M.Interface, string>();
  for (const w of r.worlds) {
    for (const [dir, entries] of [['imports', w.imports], ['exports', w.exports]] as const) {
      for (const e of entries) {
        if (e.item.kind === 'interface' && e.item.interface.name === undefined && e.key.kind === 'name') {
          ifaceIds.set(e.item.interface, `${M.packageId(w.package.name)}/${w.name}#${dir}:${e.key.name}`);
        }
      }
    }
  }
  const ifaceId = (i: M.Interface) =>
    i.name !== undefined ? `${M.packageId(i.package.name)}/${i.name}` : ifaceIds.get(i) ?? '<anonymous interface>';
  const ownerId = (o: M.TypeOwner) =>
    o === undefined ? '' : o.kind === 'interface' ? ifaceId(o.interface) : `${M.packageId(o.world.package.name)}/${o.world.name}`;
  const docs = (d: string | undefined): Json => d ?? null;
  const stability = (s: M.Stability): Json =>
    s.kind === 'stable' ? { since: s.since, deprecated: s.deprecated ?? null } : s.kind === 'unstable' ? { feature: s.feature, deprecated: s.deprecated ?? null } : null;
  const type = (t: M.Type): Json => (typeof t === 'string' ? t : t.name !== undefined ? `${ownerId(t.owner)}.${t.name}` : kind(t.kind));
  const opt = (t: M.Type | undefined): Json => (t === undefined ? null : type(t));
  const kind = (k: M.TypeDefKind): Json => {
    switch (k.kind) {
      case 'record': return { record: k.fields.map((f) => ({ name: f.name, type: type(f.type), docs: docs(f.docs) })) };
      case 'resource': return { resource: true };
      case 'handle': return { handle: k.handle, of: type(k.resource) };
      case 'flags': return { flags: k.flags.map((f) => ({ name: f.name, docs: docs(f.docs) })) };
      case 'tuple': return { tuple: k.types.map(type) };
      case 'variant': return { variant: k.cases.map((c) => ({ name: c.name, type: opt(c.type), docs: docs(c.docs) })) };
      case 'enum': return { enum: k.cases.map((c) => ({ name: c.name, docs: docs(c.docs) })) };
      case 'option': return { option: type(k.type) };
      case 'result': return { result: { ok: opt(k.ok), err: opt(k.err) } };
      case 'list': return { list: type(k.element) };
      case 'fixed-length-list': return { 'fixed-length-list': [type(k.element), k.size] };
      case 'map': return { map: [type(k.key), type(k.value)] };
      case 'future': return { future: opt(k.type) };
      case 'stream': return { stream: opt(k.type) };
      case 'type': return { type: type(k.type) };
    }
  };
  const func = (f: M.Function): Json => ({
    name: f.name,
    kind: f.kind.kind === 'freestanding' ? 'freestanding' : { [f.kind.kind]: type(f.kind.resource) },
    async: f.async,
    params: f.params.map((p) => ({ name: p.name, type: type(p.type) })),
    result: opt(f.result),
    docs: docs(f.docs),
    stability: stability(f.stability),
  });
  const worldItems = (entries: readonly M.WorldEntry[]): Json =>
    Object.fromEntries(
      entries.map((e) => {
        const key = e.key.kind === 'interface' ? `interface ${ifaceId(e.key.interface)}` : e.key.name;
        const it = e.item;
        const item: Json =
          it.kind === 'interface'
            ? { interface: ifaceId(it.interface), stability: stability(it.stability) }
            : it.kind === 'function'
              ? { function: func(it.function) }
              : { type: type(it.type) };
        return [key, item];
      }),
    );
  const out: Canonical = { packages: {}, interfaces: {}, worlds: {} };
  for (const p of r.packages) {
    out.packages[M.packageId(p.name)] = { docs: docs(p.docs), interfaces: [...p.interfaces.keys()].sort(), worlds: [...p.worlds.keys()].sort() };
  }
  for (const i of r.interfaces) {
    out.interfaces[ifaceId(i)] = {
      docs: docs(i.docs),
      stability: stability(i.stability),
      types: Object.fromEntries([...i.types].map(([n, t]) => [n, { kind: kind(t.kind), docs: docs(t.docs), stability: stability(t.stability) }])),
      functions: Object.fromEntries([...i.functions].map(([n, f]) => [n, func(f)])),
    };
  }
  for (const w of r.worlds) {
    out.worlds[`${M.packageId(w.package.name)}/${w.name}`] = {
      docs: docs(w.docs),
      stability: stability(w.stability),
      imports: worldItems(w.imports),
      exports: worldItems(w.exports),
    };
  }
  return out;
}

/** Stable JSON text with object keys sorted, for comparison and for showing differences. */
export function stableJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** The first path at which two canonical values differ, for a readable failure. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (stableJson(a) === stableJson(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of [...keys].sort()) {
      const d = firstDifference((a as any)[k], (b as any)[k], `${path}/${k}`);
      if (d) return d;
    }
  }
  return `${path || '/'}: ours ${JSON.stringify(a)?.slice(0, 300)} vs wit-parser ${JSON.stringify(b)?.slice(0, 300)}`;
}

/**
 * What callers of a WIT package see change: computed from the resolved models
 * of the package before and after migration (our resolver, each side with its
 * own deps), never from the text. Functions that became async, parameters and
 * results whose type changed, types, interfaces and world entries renamed,
 * moved, removed or added, with what replaces them where the WASI API map or
 * the shape of the change says so.
 */
import * as M from '../../wit/model.js';
import { resolveFiles } from '../../migrate/package-model.js';
import { WASI_API_MAP } from '../../../rules/wasi-api-map.js';
import type { ApiChange, ApiDiff } from '../model.js';

/** WIT text of a type as a caller reads it in a signature: named types by name. */
function typeText(t: M.Type | undefined): string {
  if (t === undefined) return '_';
  if (typeof t === 'string') return t;
  if (t.name !== undefined) return t.name;
  const k = t.kind;
  switch (k.kind) {
    case 'handle':
      return k.handle === 'borrow' ? `borrow<${typeText(k.resource)}>` : typeText(k.resource);
    case 'tuple':
      return `tuple<${k.types.map(typeText).join(', ')}>`;
    case 'option':
      return `option<${typeText(k.type)}>`;
    case 'result':
      return k.ok === undefined && k.err === undefined ? 'result' : `result<${typeText(k.ok)}${k.err !== undefined ? `, ${typeText(k.err)}` : ''}>`;
    case 'list':
      return `list<${typeText(k.element)}>`;
    case 'fixed-length-list':
      return `list<${typeText(k.element)}, ${k.size}>`;
    case 'map':
      return `map<${typeText(k.key)}, ${typeText(k.value)}>`;
    case 'future':
      return k.type === undefined ? 'future' : `future<${typeText(k.type)}>`;
    case 'stream':
      return k.type === undefined ? 'stream' : `stream<${typeText(k.type)}>`;
    case 'type':
      return typeText(k.type);
    default:
      return k.kind;
  }
}

/** A named type's definition, as text, for comparing shapes (fields, cases, flags). */
function definitionText(t: M.TypeDef): string {
  const k = t.kind;
  switch (k.kind) {
    case 'record':
      return `record { ${k.fields.map((f) => `${f.name}: ${typeText(f.type)}`).join(', ')} }`;
    case 'variant':
      return `variant { ${k.cases.map((c) => (c.type === undefined ? c.name : `${c.name}(${typeText(c.type)})`)).join(', ')} }`;
    case 'enum':
      return `enum { ${k.cases.map((c) => c.name).join(', ')} }`;
    case 'flags':
      return `flags { ${k.flags.map((f) => f.name).join(', ')} }`;
    case 'resource':
      return 'resource';
    case 'type':
      return typeof k.type !== 'string' && k.type.name !== undefined ? qualifiedType(k.type) : typeText(k.type);
    default:
      return typeText({ ...t, name: undefined } as M.TypeDef);
  }
}

function ifaceId(i: M.Interface, version = true): string {
  const p = i.package.name;
  return `${p.namespace}:${p.name}/${i.name ?? '(inline)'}${version && p.version ? `@${p.version}` : ''}`;
}

/** `wasi:clocks/monotonic-clock@0.2.0.duration` for a type owned by an interface. */
function qualifiedType(t: M.TypeDef): string {
  return t.owner?.kind === 'interface' ? `${ifaceId(t.owner.interface)}.${t.name}` : (t.name ?? typeText(t));
}

/** Drops `@x.y.z` (and a pre-release tag) from ids such as `wasi:io/poll@0.2.0.pollable`. */
function unversioned(id: string): string {
  return id.replace(/@\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+)?/g, '');
}

function signature(f: M.Function): string {
  const params = f.params.filter((p, i) => !(f.kind.kind === 'method' && i === 0 && p.name === 'self'));
  const head = f.kind.kind === 'constructor' ? 'constructor' : `${f.async ? 'async ' : ''}func`;
  return `${head}(${params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ')})${f.result !== undefined && f.kind.kind !== 'constructor' ? ` -> ${typeText(f.result)}` : ''}`;
}

/** `bucket.get` for `[method]bucket.get`, `bucket.constructor` for `[constructor]bucket`. */
function shortName(f: M.Function): string {
  const m = /^\[(method|static|constructor)\]([^.]+)(?:\.(.+))?$/.exec(f.name);
  if (!m) return f.name;
  return m[1] === 'constructor' ? `${m[2]}.constructor` : `${m[2]}.${m[3]}`;
}

/** What the WASI API map says replaces a 0.2 item (`wasi:io/poll.pollable`), if anything. */
function mapped(key: string): { replacement?: string; note?: string } {
  const e = WASI_API_MAP[unversioned(key)];
  if (!e || e.status === 'same') return {};
  return { ...(e.to ? { replacement: e.to } : {}), ...(e.note ? { note: e.note } : {}) };
}

/** Names a removed function's successor may have: `x` for `start-x`/`finish-x`/`blocking-x`, `wait-x` (or the clocks' names) for `subscribe-x`. */
function successorNames(fn: string): string[] {
  const m = /^(?:start-|finish-|blocking-)(.+)$/.exec(fn);
  if (m) return [m[1]!];
  // The clock pair's 0.3 names (pollable-functions follows wasi:clocks), then the generic `wait-x`.
  if (fn === 'subscribe-duration') return ['wait-for'];
  if (fn === 'subscribe-instant') return ['wait-until'];
  const s = /^subscribe-(.+)$/.exec(fn);
  return s ? [`wait-${s[1]}`, s[1]!] : [];
}

function compareFunctions(where: string, before: ReadonlyMap<string, M.Function>, after: ReadonlyMap<string, M.Function>, out: ApiChange[]): void {
  const afterByShort = new Map([...after.values()].map((f) => [shortName(f), f]));
  const replacedBy = new Map<string, M.Function[]>();
  for (const [name, b] of before) {
    const a = after.get(name);
    const item = `${where}.${shortName(b)}`;
    if (!a) {
      const short = shortName(b);
      const [owner, fn] = short.includes('.') ? [short.slice(0, short.indexOf('.') + 1), short.slice(short.indexOf('.') + 1)] : ['', short];
      const twin = successorNames(fn)
        .map((n) => afterByShort.get(owner + n))
        .find((f) => f !== undefined);
      if (twin) {
        const list = replacedBy.get(twin.name) ?? [];
        list.push(b);
        replacedBy.set(twin.name, list);
        out.push({ kind: 'removed', item, before: signature(b), replacement: `${where}.${shortName(twin)}` });
      } else if (fn === 'subscribe' && owner) {
        const asyncs = [...after.values()].filter((f) => f.async && shortName(f).startsWith(owner)).map((f) => `${where}.${shortName(f)}`);
        out.push({ kind: 'removed', item, before: signature(b), note: asyncs.length ? `no pollable: await ${asyncs.join(', ')}` : 'no pollable in 0.3' });
      } else {
        out.push({ kind: 'removed', item, before: signature(b), ...mapped(item) });
      }
      continue;
    }
    if (a.async && !b.async) out.push({ kind: 'became-async', item, before: signature(b), after: signature(a) });
    const bp = b.params;
    const ap = a.params;
    if (bp.length !== ap.length || bp.some((p, i) => p.name !== ap[i]!.name)) {
      const list = (ps: typeof bp) => ps.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ') || '(none)';
      out.push({ kind: 'type-changed', item, part: 'params', before: list(bp), after: list(ap) });
    } else {
      bp.forEach((p, i) => {
        const x = typeText(p.type);
        const y = typeText(ap[i]!.type);
        if (x !== y) out.push({ kind: 'type-changed', item, part: `param ${p.name}`, before: x, after: y });
      });
    }
    const rb = b.result === undefined ? undefined : typeText(b.result);
    const ra = a.result === undefined ? undefined : typeText(a.result);
    if (rb !== ra && b.kind.kind !== 'constructor') out.push({ kind: 'type-changed', item, part: 'result', before: rb ?? '(none)', after: ra ?? '(none)' });
  }
  for (const [name, a] of after) {
    if (before.has(name)) continue;
    const item = `${where}.${shortName(a)}`;
    const folded = replacedBy.get(name);
    if (folded && a.async) out.push({ kind: 'became-async', item, before: folded.map((f) => `${shortName(f).split('.').pop()}: ${signature(f)}`).join(' + '), after: signature(a) });
    else out.push({ kind: 'added', item, after: signature(a) });
  }
}

function compareTypes(where: string, before: M.Interface, after: M.Interface, out: ApiChange[]): void {
  for (const [name, b] of before.types) {
    const item = `${where}.${name}`;
    const a = after.types.get(name);
    if (!a) {
      const target = b.kind.kind === 'type' && typeof b.kind.type !== 'string' ? qualifiedType(b.kind.type) : undefined;
      out.push({ kind: 'removed', item, before: definitionText(b), ...mapped(target ?? item) });
      continue;
    }
    const x = definitionText(b);
    const y = definitionText(a);
    if (x === y) continue;
    // A `use` that now points at another interface: the type moved (a new version alone is not a change for callers).
    if (b.kind.kind === 'type' && a.kind.kind === 'type') {
      if (unversioned(x) !== unversioned(y)) out.push({ kind: 'moved', item, before: x, replacement: y });
      continue;
    }
    out.push({ kind: 'type-changed', item, part: 'definition', before: x, after: y });
  }
  for (const [name, a] of after.types) if (!before.types.has(name)) out.push({ kind: 'added', item: `${where}.${name}`, after: definitionText(a) });
}

/**
 * What a world's caller (or the guest, for an import) sees change inside a WASI
 * interface the world imports or exports, from the WASI API map: each function,
 * type or resource of the 0.2 interface as resolved that 0.3.0 renamed, removed,
 * or put in another interface than the one the interface itself went to (a move
 * along with the interface is the world entry's own line; the methods of a
 * removed resource go with its line). Listed once per interface, however many
 * worlds hold it.
 */
function wasiInterfaceItems(ib: M.Interface, after: (iface: string) => string | undefined, seen: Set<string>, out: ApiChange[], own?: { readonly by: string }): void {
  const id = ifaceId(ib);
  const key = unversioned(id);
  const entry = WASI_API_MAP[key];
  if (entry?.kind !== 'interface' || entry.status === 'removed' || seen.has(id)) return;
  seen.add(id);
  const goesTo = entry.to ?? key;
  // `wasi:clocks/system-clock.instant` with the version of the 0.3 interface the package holds: `wasi:clocks/system-clock@0.3.0.instant`.
  const versioned = (to: string): string => {
    const dot = to.indexOf('.');
    const iface = dot < 0 ? to : to.slice(0, dot);
    const v = after(iface);
    return v ? `${v}${to.slice(iface.length)}` : to;
  };
  // Reached through a \`use\` (no world entry of its own says where the interface went): its own line first.
  if (own) out.push({ kind: 'moved', item: id, replacement: versioned(goesTo), note: `used by ${own.by}` });
  const names = [...ib.types.keys(), ...[...ib.functions.values()].map(shortName)];
  for (const name of names) {
    const m = WASI_API_MAP[`${key}.${name}`];
    if (!m || m.status === 'same') continue;
    if (m.status === 'moved' && m.to === `${goesTo}.${name}`) continue;
    // The methods of a removed resource go with it: its own line says so.
    const owner = name.includes('.') ? WASI_API_MAP[`${key}.${name.slice(0, name.indexOf('.'))}`] : undefined;
    if (owner?.status === 'removed') continue;
    const item = `${id}.${name}`;
    const note = m.note ? { note: m.note } : {};
    if (m.status === 'removed' || !m.to) out.push({ kind: 'removed', item, ...note });
    else out.push({ kind: m.status, item, replacement: versioned(m.to), ...note });
  }
}

function entryName(e: M.WorldEntry): string {
  return e.key.kind === 'name' ? e.key.name : ifaceId(e.key.interface);
}

/** The interfaces a world holds after migration, by unversioned id: what wasiInterfaceItems versions a replacement by. */
function inWorld(after: ReadonlyMap<string, M.WorldEntry>): (iface: string) => string | undefined {
  return (iface) => {
    const e = after.get(iface);
    return e ? entryName(e) : undefined;
  };
}

/** The interface a type a package's interface \`use\`s is owned by: \`wasi:clocks/wall-clock@0.2.3\` for its \`datetime\`. */
function usedFrom(t: M.TypeDef): M.Interface | undefined {
  const k = t.kind;
  return k.kind === 'type' && typeof k.type !== 'string' && k.type.owner?.kind === 'interface' ? k.type.owner.interface : undefined;
}

/**
 * The WASI interfaces a package's interface \`use\`s that the port moved (its \`use\` now names another interface or
 * version): what changed inside each, as for a world's import of it (wasiInterfaceItems). A package of interfaces
 * alone (no world) has no import to hang those on, yet its callers reach the WASI interface through it.
 */
function usedWasiInterfaces(where: string, ib: M.Interface, ia: M.Interface, seen: Set<string>, out: ApiChange[]): void {
  const now = new Map<string, string>();
  const moved: M.Interface[] = [];
  for (const [name, b] of ib.types) {
    const from = usedFrom(b);
    const a = ia.types.get(name);
    const to = a ? usedFrom(a) : undefined;
    if (!from || !to || ifaceId(from) === ifaceId(to)) continue;
    now.set(unversioned(ifaceId(to)), ifaceId(to));
    if (!moved.includes(from)) moved.push(from);
  }
  for (const from of moved) wasiInterfaceItems(from, (iface) => now.get(iface), seen, out, { by: where });
}

function compareWorld(where: string, b: M.World, a: M.World, seen: Set<string>, out: ApiChange[]): void {
  for (const dir of ['imports', 'exports'] as const) {
    const verb = dir === 'imports' ? 'import' : 'export';
    const after = new Map(a[dir].map((e) => [unversioned(entryName(e)), e]));
    // Every entry: a world may hold one interface at two versions (\`wasi:cli/environment@0.2.0\` and \`@0.2.3\`),
    // which the port may merge into one (each says where it went) or keep (wasi:io 0.2.2 beside 0.2.3: unchanged).
    const before = new Set(b[dir].map((e) => unversioned(entryName(e))));
    const had = new Set(b[dir].map(entryName));
    const exact = new Map(a[dir].map((e) => [entryName(e), e]));
    const newer = (key: string) => a[dir].find((e) => unversioned(entryName(e)) === key && !had.has(entryName(e)));
    // The entries after the port that an entry before it went to.
    const targets = new Set<M.WorldEntry>();
    for (const eb of b[dir]) {
      const key = unversioned(entryName(eb));
      const ea = exact.get(entryName(eb)) ?? newer(key) ?? after.get(key);
      const item = `${where} ${verb} ${entryName(eb)}`;
      if (!ea) {
        const to = eb.key.kind === 'interface' ? WASI_API_MAP[key] : undefined;
        const moved = to?.to && after.has(to.to);
        if (moved) out.push({ kind: 'moved', item, replacement: `${verb} ${entryName(after.get(to.to!)!)}` });
        else out.push({ kind: 'removed', item, ...(eb.key.kind === 'interface' ? mapped(key) : {}) });
        if (moved && eb.key.kind === 'interface') wasiInterfaceItems(eb.key.interface, inWorld(after), seen, out);
        continue;
      }
      if (entryName(ea) !== entryName(eb)) out.push({ kind: 'moved', item, replacement: `${verb} ${entryName(ea)}` });
      targets.add(ea);
      if (eb.key.kind === 'interface' && entryName(ea) !== entryName(eb)) wasiInterfaceItems(eb.key.interface, inWorld(after), seen, out);
      if (eb.item.kind === 'function' && ea.item.kind === 'function') {
        compareFunctions(`${where} ${verb}`, new Map([[eb.item.function.name, eb.item.function]]), new Map([[ea.item.function.name, ea.item.function]]), out);
      }
    }
    // New: neither held before at that version nor where an entry went (a 0.3.0 import beside a 0.2 one kept).
    for (const ea of a[dir]) {
      if (had.has(entryName(ea)) || targets.has(ea)) continue;
      const key = unversioned(entryName(ea));
      const movedHere = [...before].some((k) => !after.has(k) && WASI_API_MAP[k]?.to === key);
      if (!movedHere) out.push({ kind: 'added', item: `${where} ${verb} ${entryName(ea)}` });
    }
  }
}

/** The caller-level changes between two resolutions of the same package(s). */
function diffPackages(before: readonly M.Package[], after: readonly M.Package[]): ApiChange[] {
  const out: ApiChange[] = [];
  const seen = new Set<string>();
  const key = (p: M.Package) => `${p.name.namespace}:${p.name.name}`;
  const uses: [string, M.Interface, M.Interface][] = [];
  const afterPkgs = new Map(after.map((p) => [key(p), p]));
  for (const pb of before) {
    const pa = afterPkgs.get(key(pb));
    if (!pa) {
      out.push({ kind: 'removed', item: M.packageId(pb.name) });
      continue;
    }
    if (pb.name.version !== pa.name.version) out.push({ kind: 'moved', item: M.packageId(pb.name), replacement: M.packageId(pa.name) });
    for (const [name, ib] of pb.interfaces) {
      const where = `${key(pb)}/${name}`;
      const ia = pa.interfaces.get(name);
      if (!ia) {
        out.push({ kind: 'removed', item: where });
        continue;
      }
      compareTypes(where, ib, ia, out);
      compareFunctions(where, ib.functions, ia.functions, out);
      uses.push([where, ib, ia]);
    }
    for (const name of pa.interfaces.keys()) if (!pb.interfaces.has(name)) out.push({ kind: 'added', item: `${key(pa)}/${name}` });
    for (const [name, wb] of pb.worlds) {
      const where = `${key(pb)}/${name}`;
      const wa = pa.worlds.get(name);
      if (!wa) out.push({ kind: 'removed', item: `world ${where}` });
      else compareWorld(`world ${where}`, wb, wa, seen, out);
    }
    for (const name of pa.worlds.keys()) if (!pb.worlds.has(name)) out.push({ kind: 'added', item: `world ${key(pa)}/${name}` });
  }
  // After the worlds: a WASI interface a world imports is listed under its import line, not again here.
  for (const [where, ib, ia] of uses) usedWasiInterfaces(where, ib, ia, seen, out);
  return out;
}

/** Resolves both sides and diffs them; a side that does not resolve makes the list "not computed", with the reason. */
export function apiDiff(beforeFiles: Readonly<Record<string, string>>, afterFiles: Readonly<Record<string, string>>, notes: readonly string[] = []): ApiDiff {
  const b = resolveFiles(beforeFiles);
  if ('error' in b) return { ok: false, reason: `the package before migration does not resolve: ${b.error}` };
  const a = resolveFiles(afterFiles);
  if ('error' in a) return { ok: false, reason: `the migrated package does not resolve: ${a.error}` };
  return { ok: true, changes: diffPackages(b.packages, a.packages), ...(notes.length ? { notes } : {}) };
}

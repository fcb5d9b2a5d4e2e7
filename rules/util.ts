/** Helpers shared by the rules: walking the syntax tree, spans of whole lines, scopes. */
import { T } from '../src/wit/lexer.js';
import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { RuleEdit, ReviewNote, WitFile } from './types.js';

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

export function* scopes(files: readonly WitFile[]): Generator<Scope> {
  for (const f of files) {
    const tops = [...f.file.items, ...f.file.nested.flatMap((n) => n.items)];
    for (const it of tops) {
      if (it.kind === 'interface') yield { file: f, name: it.name.name, items: it.items, node: it };
      if (it.kind === 'world') {
        for (const wi of it.items) {
          if ((wi.kind === 'import' || wi.kind === 'export') && wi.extern.kind === 'interface') {
            yield { file: f, name: wi.extern.name.name, items: wi.extern.items, node: wi.extern };
          }
        }
      }
    }
  }
}

export function* worlds(files: readonly WitFile[]): Generator<{ file: WitFile; world: S.World }> {
  for (const f of files) {
    for (const it of [...f.file.items, ...f.file.nested.flatMap((n) => n.items)]) {
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

export function scopeFuncs(items: readonly S.InterfaceItem[]): FuncRef[] {
  return items.filter((i): i is S.NamedFunc => i.kind === 'func').map((i) => ({ name: i.name, func: i.func, item: i, kind: 'func' }));
}

export function resourceFuncs(r: S.Resource): FuncRef[] {
  return r.funcs.map((i) => ({ name: i.name, func: i.func, item: i, kind: i.kind }));
}

export function resources(items: readonly S.InterfaceItem[]): S.Resource[] {
  return items.filter((i): i is S.Resource => i.kind === 'type' && i.def === 'resource');
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
    case 'resource': return item.funcs.flatMap((f) => funcTypes(f.func));
    default: return [];
  }
}

export function funcTypes(f: S.Func): S.Type[] {
  return [...f.params.map((p) => p.type), ...(f.result ? [f.result] : [])];
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

/** A `use wasi:io/<iface>@0.2.x.{...}` name brought into a scope. */
export interface IoName {
  readonly iface: string;
  /** The name in wasi:io (`pollable`, `input-stream`, `error`, ...). */
  readonly name: string;
  /** The local name (after `as`). */
  readonly local: string;
  readonly use: S.Use;
  readonly useName: S.UseName;
}

export function isWasi02(p: S.PackageName): boolean {
  return p.namespace.name === 'wasi' && (p.version === undefined || /^0\.2\./.test(p.version.text));
}

export function ioNames(items: readonly S.InterfaceItem[]): IoName[] {
  const out: IoName[] = [];
  for (const it of items) {
    if (it.kind !== 'use' || it.path.kind !== 'package') continue;
    const p = it.path.package;
    if (p.namespace.name !== 'wasi' || p.name.name !== 'io' || !isWasi02(p)) continue;
    for (const n of it.names) out.push({ iface: it.path.name.name, name: n.name.name, local: (n.as ?? n.name).name, use: it, useName: n });
  }
  return out;
}

/** Local name of the wasi:io item `iface.name` in a scope, if it is used there. */
export function ioLocal(items: readonly S.InterfaceItem[], iface: string, name: string): string | undefined {
  return ioNames(items).find((n) => n.iface === iface && n.name === name)?.local;
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

/** The scope's own error type (a local name): `error-code` when in scope and not from wasi:io, else undefined. */
export function errorType(items: readonly S.InterfaceItem[]): string | undefined {
  const io = new Set(ioNames(items).map((n) => n.local));
  const names = scopeTypeNames(items);
  for (const cand of ['error-code', 'errno']) if (names.has(cand) && !io.has(cand)) return cand;
  return undefined;
}

/** The whole lines of an item (its docs included), newline included, for deleting it. */
export function lineSpan(f: WitFile, node: { span: Span; docs?: S.Docs }): Span {
  const t = f.text;
  let start = node.docs?.span?.start ?? node.span.start;
  let end = node.span.end;
  const ls = t.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(t.slice(ls, start))) start = ls;
  const nl = t.indexOf('\n', end);
  const le = nl < 0 ? t.length : nl;
  if (/^[ \t]*$/.test(t.slice(end, le))) end = nl < 0 ? t.length : nl + 1;
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

/** Where the `(` of a function's parameter list is. */
export function openParen(f: WitFile, func: S.Func): number {
  for (const tok of f.file.tokens) if (tok.start >= func.span.start && tok.kind === T.LeftParen) return tok.start;
  throw new Error('no ( in func');
}

/** Where the `func` keyword of a function is (to insert `async ` before it). */
export function funcKeyword(f: WitFile, func: S.Func): number {
  for (const tok of f.file.tokens) if (tok.start >= func.span.start && tok.kind === T.Func) return tok.start;
  throw new Error('no func keyword');
}

/** Span from the end of the `)` of the params to the end of the result type: ` -> T` (empty span when no result). */
export function resultArrowSpan(f: WitFile, func: S.Func): Span {
  if (!func.result) return { start: func.span.end, end: func.span.end };
  let arrow = -1;
  for (const tok of f.file.tokens) {
    if (tok.start >= func.span.start && tok.start < func.result.span.start && tok.kind === T.RArrow) arrow = tok.start;
  }
  let start = arrow;
  while (start > 0 && /[ \t]/.test(f.text[start - 1]!)) start--;
  return { start, end: func.result.span.end };
}

export function review(f: WitFile, node: { span: Span; docs?: S.Docs }, message: string): ReviewNote {
  return { file: f.path, offset: node.docs?.span?.start ?? node.span.start, message };
}

/** Normalised text of a node (whitespace and comments dropped) for comparing shapes. */
export function norm(f: WitFile, span: Span): string {
  return src(f, span).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '').replace(/,\)/g, ')');
}

export function paramsText(f: WitFile, func: S.Func): string {
  return func.params.map((p) => norm(f, p.span)).join(',');
}

export function isResult(t: S.Type | undefined): t is Extract<S.Type, { kind: 'result' }> {
  return t?.kind === 'result';
}

export function hasName(items: readonly { name: S.Id }[], name: string): boolean {
  return items.some((i) => i.name.name === name);
}

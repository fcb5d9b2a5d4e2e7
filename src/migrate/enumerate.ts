/**
 * Enumerates the items of a WIT package directory with our parser: every
 * interface, world, type, resource and function (resource methods as
 * `iface.resource.method`, constructors as `iface.resource.constructor`).
 * Keys: `wasi:clocks/wall-clock` (interface or world), `wasi:clocks/wall-clock.datetime`
 * (type or function), `wasi:http/types.fields.get` (resource function).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from '../wit/parser.js';
import type * as S from '../wit/syntax.js';
import type { ItemKind } from '../../rules/api-map-entry.js';

export interface Item {
  readonly key: string;
  readonly kind: ItemKind;
}

export function enumerateTexts(texts: readonly { path: string; text: string }[]): Item[] {
  const out: Item[] = [];
  let pkg = '';
  const files: S.File[] = [];
  for (const t of texts) {
    const r = parseFile(t);
    if (!r.file) throw new Error(`cannot parse ${t.path}`);
    files.push(r.file);
    if (r.file.package) pkg = `${r.file.package.name.namespace.name}:${r.file.package.name.name.name}`;
  }
  for (const f of files) {
    for (const it of f.items) {
      if (it.kind === 'world') out.push({ key: `${pkg}/${it.name.name}`, kind: 'world' });
      if (it.kind !== 'interface') continue;
      const base = `${pkg}/${it.name.name}`;
      out.push({ key: base, kind: 'interface' });
      for (const x of it.items) {
        if (x.kind === 'func') out.push({ key: `${base}.${x.name.name}`, kind: 'function' });
        if (x.kind === 'type') {
          out.push({ key: `${base}.${x.name.name}`, kind: x.def === 'resource' ? 'resource' : 'type' });
          if (x.def === 'resource') for (const m of x.funcs) out.push({ key: `${base}.${x.name.name}.${m.name.name}`, kind: 'function' });
        }
      }
    }
  }
  return out;
}

/** Items of a package folder (`<dir>/*.wit`) or a single package file. */
export function enumerateDir(dir: string): Item[] {
  const st = statSync(dir);
  const names = st.isFile() ? [dir] : readdirSync(dir).filter((n) => n.endsWith('.wit')).sort().map((n) => path.join(dir, n));
  return enumerateTexts(names.map((p) => ({ path: p, text: readFileSync(p, 'utf8') })));
}

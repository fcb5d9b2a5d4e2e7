/**
 * Fidelity: for WASI 0.2.12, run the generic rules (1-7 and the later shape
 * rules; not 8-10, which use the API map, deps or flags) on each
 * official package and compare, function by function, with the authors' own
 * 0.3.0: did it become async where theirs did, did stream<> and future<> land
 * where theirs did. The API map only pairs the names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GENERIC, pipeline } from '../../rules/index.js';
import { WASI_API_MAP } from '../../rules/wasi-api-map.js';
import { parseFile } from '../wit/parser.js';
import type * as S from '../wit/syntax.js';
import { migratePackage } from './engine.js';

interface Shape { async: boolean; stream: boolean; future: boolean }

function shapes(files: Record<string, string>): Map<string, Shape> {
  const out = new Map<string, Shape>();
  const parsed = Object.entries(files).map(([p, text]) => ({ text, f: parseFile({ path: p, text }).file }));
  const decl = parsed.find((x) => x.f?.package)?.f?.package;
  const pkg = decl ? `${decl.name.namespace.name}:${decl.name.name.name}` : '';
  for (const { text, f } of parsed) {
    if (!f) continue;
    const shape = (fn: S.Func): Shape => {
      const t = text.slice(fn.span.start, fn.span.end);
      return { async: fn.async, stream: /\bstream</.test(t), future: /\bfuture</.test(t) };
    };
    for (const it of f.items) {
      if (it.kind !== 'interface') continue;
      const base = `${pkg}/${it.name.name}`;
      for (const x of it.items) {
        if (x.kind === 'func') out.set(`${base}.${x.name.name}`, shape(x.func));
        if (x.kind === 'type' && x.def === 'resource') for (const m of x.funcs) out.set(`${base}.${x.name.name}.${m.name.name}`, shape(m.func));
      }
    }
  }
  return out;
}

const CLOCK: Record<string, string> = { 'subscribe-duration': 'wait-for', 'subscribe-instant': 'wait-until' };

export interface Fidelity { agree: number; total: number; disagreements: string[] }

export function fidelity(corpus: string, ruleNumbers: readonly number[] = GENERIC): Fidelity {
  const ours = new Map<string, Shape>();
  const theirs = new Map<string, Shape>();
  const read = (dir: string) => Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.wit')).map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
  for (const p of readdirSync(path.join(corpus, '0.2.12'))) {
    if (p === 'io') continue;
    const res = migratePackage({ label: p, files: read(path.join(corpus, '0.2.12', p)), deps: [], depFiles: {}, extraFiles: {} }, pipeline(ruleNumbers));
    for (const [k, v] of shapes(res.files)) ours.set(k, v);
  }
  for (const p of readdirSync(path.join(corpus, '0.3.0'))) for (const [k, v] of shapes(read(path.join(corpus, '0.3.0', p)))) theirs.set(k, v);
  let agree = 0;
  let total = 0;
  const disagreements: string[] = [];
  for (const [key, e] of Object.entries(WASI_API_MAP)) {
    if (e.kind !== 'function' || e.status === 'removed' || key.startsWith('wasi:io/')) continue;
    const target = e.to ?? key;
    const t = theirs.get(target);
    if (!t) continue;
    const parts = key.split('.');
    const last = parts[parts.length - 1]!;
    const m = /^(?:start|finish)-(.+)$/.exec(last);
    const ourName = (Object.hasOwn(CLOCK, last) ? CLOCK[last] : undefined) ?? (m ? m[1]! : last);
    const o = ours.get([...parts.slice(0, -1), ourName].join('.'));
    // The pair counts once, under start- (found or not).
    if (m && last.startsWith('finish-') && (o || Object.hasOwn(WASI_API_MAP, [...parts.slice(0, -1), `start-${m[1]}`].join('.')))) continue;
    total++;
    if (!o) {
      disagreements.push(`${key}: not found in our output (as ${ourName}); theirs ${fmt(t)}`);
      continue;
    }
    if (o.async === t.async && o.stream === t.stream && o.future === t.future) agree++;
    else disagreements.push(`${key} -> ${target}: ours ${fmt(o)}, theirs ${fmt(t)}`);
  }
  return { agree, total, disagreements };
}

function fmt(s: Shape): string {
  return [s.async ? 'async' : 'sync', s.stream ? 'stream' : '', s.future ? 'future' : ''].filter(Boolean).join('+');
}

/**
 * Release candidates: every package of one `wasi-rc/<rc>` folder migrated as
 * a user package (the whole pipeline), then compared item by item with the
 * official 0.3.0 (`<official>/<name>`): every interface, world, type, function
 * and resource method of either side, by its text with docs, gates and
 * layout dropped (so names, `async` and types count, comments do not). An item
 * only one side has is a disagreement.
 */
export function rcFidelity(rcDir: string, officialDir: string): Fidelity {
  const read = (dir: string) => Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.wit')).map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
  const ours = new Map<string, string>();
  const theirs = new Map<string, string>();
  for (const p of readdirSync(rcDir).sort()) {
    const extraFiles = Object.fromEntries(readdirSync(path.join(rcDir, p)).filter((n) => n === 'deps.toml').map((n) => [n, readFileSync(path.join(rcDir, p, n), 'utf8')]));
    const res = migratePackage({ label: p, files: read(path.join(rcDir, p)), deps: [], depFiles: {}, extraFiles }, pipeline());
    for (const [k, v] of witItems(res.files)) ours.set(k, v);
  }
  for (const p of readdirSync(officialDir)) for (const [k, v] of witItems(read(path.join(officialDir, p)))) theirs.set(k, v);
  let agree = 0;
  const disagreements: string[] = [];
  const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
  for (const k of keys) {
    const o = ours.get(k);
    const t = theirs.get(k);
    if (o === t) agree++;
    else disagreements.push(`${k}: ours ${o ?? '(missing)'}, theirs ${t ?? '(missing)'}`);
  }
  return { agree, total: keys.length, disagreements };
}

/** Items of a package by key (`wasi:pkg@v/iface.item`), each as its normalised text. */
export function witItems(files: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const flat = (text: string, span: S.Span) =>
    text
      .slice(span.start, span.end)
      .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '')
      .replace(/@(since|unstable|deprecated)\s*\([^)]*\)/g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([(){}<>,;:.=])\s*/g, '$1')
      .replace(/,([)}>])/g, '$1')
      .trim();
  const parsed = Object.entries(files).map(([p, text]) => ({ text, f: parseFile({ path: p, text }).file }));
  const d = parsed.find((x) => x.f?.package)?.f?.package?.name;
  const pkg = d ? `${d.namespace.name}:${d.name.name}@${d.version?.text ?? ''}` : '';
  for (const { text, f } of parsed) {
    if (!f) continue;
    for (const it of f.items) {
      if (it.kind === 'top-use') continue;
      const base = `${pkg}/${it.name.name}`;
      if (it.kind === 'world') {
        out.set(base, `world{${it.items.map((w) => flat(text, w.span)).sort().join(';')}}`);
        continue;
      }
      out.set(base, `interface{${it.items.filter((x) => x.kind === 'use').map((x) => flat(text, x.span)).sort().join(';')}}`);
      for (const x of it.items) {
        if (x.kind === 'use') continue;
        if (x.kind === 'type' && x.def === 'resource') {
          out.set(`${base}.${x.name.name}`, `resource`);
          for (const m of x.funcs) out.set(`${base}.${x.name.name}.${m.kind === 'constructor' ? 'constructor' : m.name.name}`, flat(text, m.span));
          continue;
        }
        if (x.kind === 'type' && (x.def === 'enum' || x.def === 'variant' || x.def === 'flags')) {
          const cases = x.def === 'flags' ? x.flags : x.cases;
          out.set(`${base}.${x.name.name}`, `${x.def} ${x.name.name}{${cases.map((c) => flat(text, c.span)).sort().join(',')}}`);
          continue;
        }
        out.set(`${base}.${x.name.name}`, flat(text, x.span));
      }
    }
  }
  return out;
}

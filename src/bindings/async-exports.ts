/**
 * The WIT half of an export the code port made async (issue 16 class 4):
 * in `migrate`, which changes the WIT and the code in one run, the world's
 * sync `func` the JavaScript export implements becomes an `async func`, so
 * the code and its world agree, and the package is checked again by the
 * real wit-parser as it will be written. Which exports, and in which world,
 * the code rewriter says (code/world-exports.ts, `exportsOfFile`).
 */
import type { PackageReport } from '../migrate/run.js';
import { validateResult } from '../migrate/validate.js';
import type { FeatureSet } from '../validate/wit-parser.js';
import { parseFile } from '../wit/parser.js';
import type * as S from '../wit/syntax.js';
import type { AsyncExport } from './code/world-exports.js';

/** Where `async ` goes, per file, for each of `wanted` that `files` declare as a sync func. */
function syncFuncsNamed(files: Readonly<Record<string, string>>, wanted: readonly AsyncExport[]): Map<string, { at: number; name: string }[]> {
  const parsed = Object.entries(files).flatMap(([path, text]) => {
    const f = path.endsWith('.wit') ? parseFile({ path, text }).file : undefined;
    return f ? [{ path, items: [...f.items, ...f.nested.flatMap((n) => n.items)] }] : [];
  });
  const out = new Map<string, { at: number; name: string }[]>();
  const add = (world: string, path: string, func: S.Func, name: string) => {
    if (func.async || !wanted.some((w) => w.world === world && w.wit === name)) return;
    const list = out.get(path) ?? [];
    if (!list.some((p) => p.at === func.span.start)) list.push({ at: func.span.start, name });
    out.set(path, list);
  };
  const interfaces = new Map(parsed.flatMap((p) => p.items.filter((i): i is S.Interface => i.kind === 'interface').map((i) => [i.name.name, { path: p.path, iface: i }] as const)));
  for (const { path, items } of parsed) {
    for (const w of items) {
      if (w.kind !== 'world') continue;
      const world = w.name.name;
      for (const it of w.items) {
        if (it.kind !== 'export') continue;
        const e = it.extern;
        if (e.kind === 'func') {
          add(world, path, e.func, e.name.name);
        } else if (e.kind === 'interface') {
          for (const f of e.items) if (f.kind === 'func') add(world, path, f.func, `${e.name.name}.${f.name.name}`);
        } else if (e.kind === 'path' && e.path.kind === 'local') {
          const found = interfaces.get(e.path.name.name);
          if (found) for (const f of found.iface.items) if (f.kind === 'func') add(world, found.path, f.func, `${found.iface.name.name}.${f.name.name}`);
        }
      }
    }
  }
  return out;
}

/**
 * The other half of a port that made sync exports async (`wanted`, as
 * `migrateCode` reports them): in the migrated WIT package whose world
 * declares one, the export becomes an `async func`, so the code and its world agree
 * (issue 16 class 4; the code's review item says so). The package's output
 * is then checked again by the real wit-parser, as it will be written; an
 * output that no longer validates is an error of that package, and nothing
 * is written.
 */
export async function asyncExportsInWit(reports: readonly PackageReport[], wanted: readonly AsyncExport[], opts: { validate?: boolean; features?: FeatureSet } = {}): Promise<PackageReport[]> {
  if (!wanted.length) return [...reports];
  return Promise.all(
    reports.map(async (r) => {
      if (!r.result || r.errors.length) return r;
      const points = syncFuncsNamed(r.result.files, wanted);
      if (!points.size) return r;
      const files = { ...r.result.files };
      const changes = [...r.result.changes];
      const edits = [...r.result.edits];
      for (const [path, at] of points) {
        const before = files[path]!;
        let text = before;
        for (const p of [...at].sort((a, b) => b.at - a.at)) text = `${text.slice(0, p.at)}async ${text.slice(p.at)}`;
        files[path] = text;
        const i = changes.findIndex((c) => c.path === path);
        if (i >= 0) changes[i] = { ...changes[i]!, after: text, rules: [...new Set([...changes[i]!.rules, RULE])] };
        else changes.push({ path, before, after: text, rules: [RULE] });
        for (const p of at) {
          const line = text.slice(0, p.at).split('\n').length;
          edits.push({ rule: RULE, file: path, line, note: `\`${p.name}\` is an \`async func\`: the port of its JavaScript export awaits a WASI 0.3 call` });
        }
      }
      const result = { ...r.result, files, changes: changes.sort((a, b) => a.path.localeCompare(b.path)), edits };
      const errors = [...r.errors];
      if (opts.validate !== false) {
        const v = await validateResult(result, { features: opts.features });
        if (!v.ok) errors.push(`with the exports the port made async: ${v.message}`);
      }
      return { ...r, result, errors };
    }),
  );
}

const RULE = 'bindings/async-callers';

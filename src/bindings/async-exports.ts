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
import { exportedSyncFuncs, type AsyncExport } from './code/world-exports.js';
import { byCodeUnit } from '../util/order.js';

/** Where `async ` goes, per file, for each of `wanted` that `files` declare as a sync func. */
function syncFuncsNamed(files: Readonly<Record<string, string>>, wanted: readonly AsyncExport[]): Map<string, { at: number; name: string }[]> {
  const out = new Map<string, { at: number; name: string }[]>();
  for (const f of exportedSyncFuncs(files)) {
    if (!wanted.some((w) => w.world === f.world.name.name && w.wit === f.wit)) continue;
    const list = out.get(f.path) ?? [];
    // An interface exported by two worlds is one declaration: one `async`.
    if (!list.some((p) => p.at === f.func.span.start)) list.push({ at: f.func.span.start, name: f.wit });
    out.set(f.path, list);
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
      const result = { ...r.result, files, changes: changes.sort((a, b) => byCodeUnit(a.path, b.path)), edits };
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

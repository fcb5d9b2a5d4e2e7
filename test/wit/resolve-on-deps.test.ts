/**
 * resolveOnDeps (deps resolved once, many roots resolved against them) must
 * give what resolvePackages gives for the same packages: the same errors at
 * the same places, and the same resolved packages (compared in the
 * name-based canonical form of the conformance suite). With `docs: false`
 * (the migration rules' model) the errors are the same and the packages are
 * the same but for their doc text.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadPath } from '../../src/wit/loader.js';
import { resolveDeps, resolveOnDeps, resolvePackages, type ResolveOptions } from '../../src/wit/resolve.js';
import { canonicalFromModel, stableJson } from '../../src/conformance/canonical.js';
import { siblingLayout } from '../../src/validate/deps-layout.js';
import { corpusPath } from '../../src/util/corpus.js';

const dirs = (d: string) => readdirSync(d).filter((n) => statSync(path.join(d, n)).isDirectory()).sort().map((n) => path.join(d, n));

/** Both ways on one tree; undefined when its deps do not resolve alone (then resolvePackages is used anyway). */
function both(dir: string, options: ResolveOptions) {
  const loaded = loadPath(dir);
  if (loaded.diagnostics.length) return undefined;
  const pre = resolveDeps(loaded.deps, options);
  if (!pre) return undefined;
  const shown = (r: ReturnType<typeof resolvePackages>, docs = true) => ({
    diagnostics: r.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.col}: ${d.message}`),
    model: r.resolve ? (docs ? stableJson(canonicalFromModel(r.resolve)) : JSON.stringify(canonicalFromModel(r.resolve), (k, v) => (k === 'docs' ? undefined : v))) : undefined,
    root: r.root.map((p) => `${p.name.namespace}:${p.name.name}`),
  });
  const full = resolvePackages(loaded.root, loaded.deps, options);
  return { full: shown(full), onDeps: shown(resolveOnDeps(loaded.root, pre)), fullNoDocs: shown(full, false), noDocs: shown(resolveOnDeps(loaded.root, pre, { docs: false }), false) };
}

describe('resolveOnDeps agrees with resolvePackages', () => {
  const ui = corpusPath('wit-parser-ui');
  const trees = [...dirs(ui).filter((d) => path.basename(d) !== 'parse-fail'), ...dirs(path.join(ui, 'parse-fail'))];
  for (const options of [{}, { allFeatures: true }] as ResolveOptions[]) {
    test(`wit-parser's UI suite folders, valid and failing (${options.allFeatures ? 'all features' : 'no features'})`, () => {
      let compared = 0;
      let failing = 0;
      for (const dir of trees) {
        const r = both(dir, options);
        if (!r) continue;
        compared++;
        if (r.full.diagnostics.length) failing++;
        expect({ dir: path.relative(ui, dir), ...r.onDeps }).toEqual({ dir: path.relative(ui, dir), ...r.full });
        expect({ dir: path.relative(ui, dir), ...r.noDocs }).toEqual({ dir: path.relative(ui, dir), ...r.fullNoDocs });
      }
      expect(compared).toBeGreaterThan(30);
      expect(failing).toBeGreaterThan(5);
    });
  }

  test('every WASI corpus package with the siblings it uses', async () => {
    const root = corpusPath('wasi');
    let compared = 0;
    for (const release of dirs(root)) {
      for (const pkg of dirs(release)) {
        const layout = await siblingLayout(release, path.basename(pkg));
        try {
          const r = both(layout.dir, { allFeatures: true });
          expect(r).toBeDefined();
          expect(r!.onDeps).toEqual(r!.full);
          expect(r!.noDocs).toEqual(r!.fullNoDocs);
          expect(r!.full.diagnostics).toEqual([]);
          compared++;
        } finally {
          await layout.dispose();
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });
});

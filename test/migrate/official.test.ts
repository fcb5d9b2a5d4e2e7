/**
 * Every official package of 0.2.0, 0.2.3, 0.2.6 and 0.2.12, migrated as if it
 * were a user package (the generic rules, its wasi:* references pointed at
 * 0.3.0), gives output the real wit-parser accepts. Rule 9 is left out: with
 * it, a package named as WASI's own at 0.2 is a copy, left as written
 * (vendored-deps' wasiCopy), and the shape rules would not run. What the output still
 * references at the old version (a `wasi:io` use left for review) is checked
 * against the real text of that release from the corpus, vendored in deps/
 * beside the output; 0.3.0 comes from jco's official WIT (a listed stand-in).
 * Nothing is relabelled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../rules/index.js';
import { migratePackage } from '../../src/migrate/engine.js';
import { validateFiles } from '../../src/migrate/validate.js';
import { corpusPath } from '../../src/util/corpus.js';

const corpus = corpusPath('wasi');
const cases: [string, string][] = [];
for (const v of ['0.2.0', '0.2.3', '0.2.6', '0.2.12']) for (const p of readdirSync(path.join(corpus, v)).sort()) cases.push([v, p]);

it.each(cases)('wasi %s %s', async (v, p) => {
  const dir = path.join(corpus, v, p);
  const files: Record<string, string> = {};
  for (const n of readdirSync(dir).filter((x) => x.endsWith('.wit'))) files[n] = readFileSync(path.join(dir, n), 'utf8');
  const res = migratePackage({ label: `${p}@${v}`, files, deps: [], depFiles: {}, extraFiles: {} }, pipeline().filter((ph) => ph[0]!.id !== 'vendored-deps'));
  if (p !== 'random') expect(res.changes.length).toBeGreaterThan(0);
  // The other packages of the same release, as a user would vendor them.
  const vendored: Record<string, string> = {};
  for (const q of readdirSync(path.join(corpus, v)).sort()) {
    if (q === p) continue;
    for (const n of readdirSync(path.join(corpus, v, q)).filter((x) => x.endsWith('.wit'))) vendored[`deps/${q}/${n}`] = readFileSync(path.join(corpus, v, q, n), 'utf8');
  }
  const r = await validateFiles(res.files, { ...vendored, ...res.depFiles });
  expect(r).toEqual({ ok: true });
});

/**
 * Every official package of 0.2.0, 0.2.3, 0.2.6 and 0.2.12, migrated as if it
 * were a user package (the generic rules, its wasi:* references pointed at
 * 0.3.0; deps are jco's official WIT), gives output the real wit-parser accepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { migrateInput } from '../../src/migrate/run.js';
import { validateFiles } from '../../src/migrate/validate.js';

const corpus = '/work/shared/corpus/wasi';
const cases: [string, string][] = [];
for (const v of ['0.2.0', '0.2.3', '0.2.6', '0.2.12']) for (const p of readdirSync(path.join(corpus, v)).sort()) cases.push([v, p]);

it.each(cases)('wasi %s %s', async (v, p) => {
  const dir = path.join(corpus, v, p);
  const files: Record<string, string> = {};
  for (const n of readdirSync(dir).filter((x) => x.endsWith('.wit'))) files[n] = readFileSync(path.join(dir, n), 'utf8');
  const res = migrateInput({ label: `${p}@${v}`, files, deps: [], depFiles: {}, extraFiles: {} });
  if (p !== 'random') expect(res.changes.length).toBeGreaterThan(0);
  const r = await validateFiles(res.files, res.depFiles);
  expect(r).toEqual({ ok: true });
});

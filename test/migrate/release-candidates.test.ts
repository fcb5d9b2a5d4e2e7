/**
 * WASI 0.3 release candidates migrated as user packages against the official
 * 0.3.0, item by item (what `npm run fidelity` prints per rc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { rcFidelity, witItems } from '../../src/migrate/fidelity.js';
import { corpusPath } from '../../src/util/corpus.js';

const rcRoot = corpusPath('thirdparty', 'wasi-rc');
const official = corpusPath('wasi', '0.3.0');
const rcs = readdirSync(rcRoot).sort();

it('the corpus holds the three published release candidates', () => {
  expect(rcs).toEqual(['0.3.0-rc-2026-01-06', '0.3.0-rc-2026-02-09', '0.3.0-rc-2026-03-15']);
});

it.each(rcs)('%s migrates to the official 0.3.0, item by item', (rc) => {
  const r = rcFidelity(path.join(rcRoot, rc), official);
  expect(r.total).toBeGreaterThan(200);
  expect(r.disagreements).toEqual([]);
  expect(r.agree).toBe(r.total);
});

it('the measure sees item changes: rc-2026-01-06 with only its versions moved does not match', () => {
  const ours = new Map<string, string>();
  const theirs = new Map<string, string>();
  const dir = path.join(rcRoot, '0.3.0-rc-2026-01-06');
  for (const p of readdirSync(dir)) {
    const files = Object.fromEntries(readdirSync(path.join(dir, p)).filter((n) => n.endsWith('.wit')).map((n) => [n, readFileSync(path.join(dir, p, n), 'utf8').split('0.3.0-rc-2026-01-06').join('0.3.0')]));
    for (const [k, v] of witItems(files)) ours.set(k, v);
    const off = Object.fromEntries(readdirSync(path.join(official, p)).filter((n) => n.endsWith('.wit')).map((n) => [n, readFileSync(path.join(official, p, n), 'utf8')]));
    for (const [k, v] of witItems(off)) theirs.set(k, v);
  }
  const differ = [...theirs.keys()].filter((k) => ours.get(k) !== theirs.get(k));
  expect(differ).toEqual(expect.arrayContaining(['wasi:cli@0.3.0/stdout.write-via-stream', 'wasi:sockets@0.3.0/types.error-code', 'wasi:random@0.3.0/random.get-random-bytes', 'wasi:filesystem@0.3.0/types.descriptor.read-directory']));
});

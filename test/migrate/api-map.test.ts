/** The WASI API map covers every 0.2.12 item (enumerated by our parser) and every target exists in jco's official 0.3.0 WIT. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WASI_API_MAP } from '../../rules/wasi-api-map.js';
import { enumerateDir, enumerateTexts } from '../../src/migrate/enumerate.js';
import { officialWitPackages } from '../../src/wit/official.js';
import { corpusPath } from '../../src/util/corpus.js';

const corpus = corpusPath('wasi');
const pkgs = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'];

it.each(['0.2.0', '0.2.3', '0.2.6', '0.2.12'])('covers 100%% of the %s items', (v) => {
  const items = pkgs.flatMap((p) => enumerateDir(path.join(corpus, v, p)));
  expect(items.length).toBeGreaterThan(200);
  const missing = items.filter((i) => !WASI_API_MAP[i.key] || WASI_API_MAP[i.key]!.kind !== i.kind).map((i) => i.key);
  expect(missing).toEqual([]);
});

it('every target exists in the official 0.3.0 WIT shipped by jco', () => {
  const official = officialWitPackages('0.3.0');
  const keys = new Set<string>();
  for (const p of Object.values(official)) {
    // jco ships one package.wit per package; interfaces of it are enumerated like the corpus.
    for (const i of enumerateTexts([{ path: p, text: readFileSync(p, 'utf8') }])) keys.add(i.key);
  }
  expect(keys.size).toBeGreaterThan(150);
  const bad = Object.entries(WASI_API_MAP).filter(([, e]) => e.to && !keys.has(e.to)).map(([k, e]) => `${k} -> ${e.to}`);
  expect(bad).toEqual([]);
  const removedWithoutNote = Object.entries(WASI_API_MAP).filter(([, e]) => e.status === 'removed' && !e.note).map(([k]) => k);
  expect(removedWithoutNote).toEqual([]);
});

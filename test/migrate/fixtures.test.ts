/** Every fixture migrates to its expected output, is idempotent, and the real wit-parser accepts the output. */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { loadPackage } from '../../src/migrate/load.js';
import { migrateInput } from '../../src/migrate/run.js';
import { validateFiles } from '../../src/migrate/validate.js';
import { corpusPath } from '../../src/util/corpus.js';

const root = path.resolve('fixtures/wit');
const names = readdirSync(root).filter((n) => existsSync(path.join(root, n, 'input'))).sort();

function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    if (statSync(path.join(dir, r)).isDirectory()) Object.assign(out, tree(dir, r));
    else out[r] = readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

it('has at least 12 fixtures, each with expected output', () => {
  expect(names.length).toBeGreaterThanOrEqual(12);
  for (const n of names) expect(existsSync(path.join(root, n, 'expected'))).toBe(true);
});

/** `options.json` beside input/ holds the flags a fixture runs with (`{ "bump": "0.2.0" }`). */
function options(name: string): { bump?: string } {
  const p = path.join(root, name, 'options.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as { bump?: string }) : {};
}

/** `deps/` holding the official packages of every 0.2 release the files reference (from ../shared/corpus/wasi), as a user vendors them. */
function releaseDeps(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const versions = new Set([...Object.values(files).join('\n').matchAll(/\bwasi:[a-z-]+\/[a-z-]+@(0\.2\.\d+)/g)].map((m) => m[1]!));
  for (const v of versions) {
    const dir = corpusPath('wasi', v);
    if (!existsSync(dir)) continue;
    for (const q of readdirSync(dir).sort()) for (const n of readdirSync(path.join(dir, q)).filter((x) => x.endsWith('.wit'))) out[`deps/wasi-${q}-${v}/${n}`] = readFileSync(path.join(dir, q, n), 'utf8');
  }
  return out;
}

describe.each(names)('fixture %s', (name) => {
  const input = path.join(root, name, 'input');
  const { bump } = options(name);
  const res = migrateInput(loadPackage({ root: input, label: name }), bump);
  it('migrates to expected/', () => {
    const got: Record<string, string> = { ...tree(input) };
    for (const c of res.changes) {
      if (c.after === undefined) delete got[c.path];
      else got[c.path] = c.after;
    }
    expect(got).toEqual(tree(path.join(root, name, 'expected')));
  });
  it('changes something (every fixture is a 0.2 package)', () => {
    expect(res.changes.length).toBeGreaterThan(0);
  });
  it('expected/ has nothing left to migrate', () => {
    const again = migrateInput(loadPackage({ root: path.join(root, name, 'expected'), label: name }), bump);
    expect(again.changes).toEqual([]);
  });
  it('output is accepted by the real wit-parser', async () => {
    // A wasi:io 0.2 use left for review is checked against the real text of that release (the corpus), vendored beside the output.
    const r = await validateFiles(res.files, { ...releaseDeps(res.files), ...res.depFiles });
    expect(r).toEqual({ ok: true });
  });
});

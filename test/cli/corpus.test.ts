/**
 * Issue 11's proof on WIT nobody here wrote: every tree of
 * ../shared/corpus/thirdparty/wit and every wit/ of .../thirdparty/code,
 * copied to a temp git repo. `wit --write` either exits 2 having written
 * nothing, or exits 0 and the real wit-parser accepts the written tree as it
 * is on disk, with no stand-in the report does not list. Then `--check`
 * exits 0 only if no 0.2 reference, wasi:io use or review marker remains
 * (scanned here with the test's own patterns, not the tool's).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readPackageTree } from '../../src/wit/loader.js';
import { declaredPackages, treeAsWritten } from '../../src/migrate/validate.js';
import { validateWit } from '../../src/validate/wit-parser.js';
import { cleanTmps, cli, git, requireBuiltCli, tmp, tree } from '../review/helpers.js';
import { corpusPath } from '../../src/util/corpus.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const CORPUS = corpusPath('thirdparty');
const trees: [string, string][] = [
  ...readdirSync(path.join(CORPUS, 'wit')).sort().map((n): [string, string] => [`wit/${n}`, path.join(CORPUS, 'wit', n)]),
  // Every wit/ of a code project: at its root or one folder down (tcp-echo's component/ and service/).
  ...readdirSync(path.join(CORPUS, 'code'))
    .sort()
    .flatMap((n) => ['', ...readdirSync(path.join(CORPUS, 'code', n)).sort().filter((d) => !d.startsWith('.') && d !== 'node_modules')].map((d) => path.join(n, d, 'wit')))
    .filter((rel) => existsSync(path.join(CORPUS, 'code', rel)))
    .map((rel): [string, string] => [`code/${rel}`, path.join(CORPUS, 'code', rel)]),
];

/** Lines (comments aside) that still hold 0.2: a `wasi:*@0.2` reference, any `wasi:io`, or a review marker. */
function oldLeft(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [f, text] of Object.entries(files)) {
    if (!f.endsWith('.wit')) continue;
    text.split('\n').forEach((line, i) => {
      // The main package's own `package ...;` line is its version, not a use of 0.2.
      const code = !f.startsWith('deps/') && /^\s*package\s+[^{]*;\s*$/.test(line) ? '' : line.replace(/\/\/.*$/, '');
      if (/wasi-migrate\(review\)/.test(line) || /\bwasi:io\b/.test(code) || /\bwasi:[a-z-]+(\/[a-z-]+)?@0\.2\./.test(code)) out.push(`${f}:${i + 1}`);
    });
  }
  return out;
}

const rows: string[] = [];
afterAll(() => process.stdout.write(`corpus (tree | write exit | valid as written | check exit | left):\n${rows.join('\n')}\n`));

it.each(trees)('%s', async (name, src) => {
  const repo = tmp();
  git(repo, 'init', '-q');
  const dir = path.join(repo, 't');
  cpSync(src, dir, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', dir]); // shared/ is read-only; a user's checkout is not
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'corpus');
  const before = tree(dir);
  const w = cli(repo, ['wit', 't', '--write', '--format', 'json'], {}, 300000);
  expect([0, 2]).toContain(w.code);
  if (w.code === 2) {
    expect(tree(dir)).toEqual(before);
    const why = (JSON.parse(w.out || '{"units":[]}') as { units: { errors: string[] }[] }).units.flatMap((u) => u.errors)[0] ?? w.err.split('\n')[0] ?? '';
    rows.push(`${name} | 2 | - | - | ${why.slice(0, 200)}`);
    return;
  }
  const doc = JSON.parse(w.out) as { units: { root: string; standIns: string[] }[] };
  // Every package written, as it is on disk now, through the real wit-parser.
  let valid = true;
  for (const u of doc.units) {
    const root = path.join(repo, u.root);
    const t = readPackageTree(root);
    const asWritten = treeAsWritten(t.files, t.depFiles, declaredPackages(t.depFiles));
    expect(asWritten.missing).toEqual([]);
    for (const s of asWritten.standIns) expect(u.standIns).toContain(s);
    const r = await validateWit({ files: asWritten.files }, { features: { tag: 'all' } });
    expect(r).toEqual({ ok: true });
    valid &&= r.ok;
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'migrated', '--allow-empty');
  const c = cli(repo, ['wit', 't', '--check']);
  const left = oldLeft(tree(dir));
  if (c.code === 0) expect(left).toEqual([]);
  else expect(c.code).toBe(1);
  // The tool and the test agree on whether anything is left.
  expect(c.code === 1).toBe(left.length > 0 || /does-not-parse|invalid/.test(c.out));
  rows.push(`${name} | 0 | ${valid ? 'yes' : 'no'} | ${c.code} | ${left.length} line(s)${left.length ? ` (${left.slice(0, 2).join(', ')})` : ''}`);
}, 600000);

// wkg keeps its lock in the project folder above wit/; a migrated tree's lock must not pin the 0.2 packages it dropped.
it('a wkg project (tcp-echo service): wkg.lock beside wit/ loses the 0.2 entries; a second --write changes nothing', () => {
  const repo = tmp();
  git(repo, 'init', '-q');
  const project = path.join(repo, 'service');
  cpSync(path.join(CORPUS, 'code', 'wasmcloud-service-tcp-echo', 'service'), project, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', project]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'corpus');
  const w = cli(repo, ['wit', 'service/wit', '--write']);
  expect(w.code).toBe(0);
  expect(w.out).toContain('service/wkg.lock:5 [vendored-deps] wkg.lock: `wasi:cli@0.2.0`, `wasi:io@0.2.0`, `wasi:sockets@0.2.3` removed');
  const lock = readFileSync(path.join(project, 'wkg.lock'), 'utf8');
  expect(lock).toMatch(/^version = 1$/m);
  expect(lock).not.toMatch(/"=?0\.2\./);
  // The folders wkg named for 0.2 carry the 0.3.0 name now.
  expect(readdirSync(path.join(project, 'wit', 'deps')).sort()).toEqual(['wasi-cli-0.3.0', 'wasi-clocks-0.3.0', 'wasi-filesystem-0.3.0', 'wasi-random-0.3.0', 'wasi-sockets-0.3.0']);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'migrated');
  const before = tree(project);
  expect(cli(repo, ['wit', 'service/wit', '--write']).code).toBe(0);
  expect(tree(project)).toEqual(before);
  expect(cli(repo, ['wit', 'service/wit', '--check']).code).toBe(0);
}, 300000);

/**
 * Issue 13's proof on trees nobody here wrote. Every `wasi-rc/<rc>` package
 * is migrated as a user package through the CLI (one run over the folder, in
 * a temp git repo): the written tree is accepted by the real wit-parser as it
 * is on disk (official 0.3.0 packages it references but does not vendor are
 * added beside it, as a user's `wit-deps` would), a second `--write` changes
 * nothing, `--check` exits 0 and nothing of 0.2 or of an rc is left, and the
 * written packages equal the official 0.3.0 item by item (names, async,
 * types), printed per rc. Every third-party tree (thirdparty/wit, each wit/
 * of thirdparty/code) migrates in process and a second run over the output
 * finds nothing to do.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { witItems } from '../../src/migrate/fidelity.js';
import { findPackages, loadPackage } from '../../src/migrate/load.js';
import { migrateInput } from '../../src/migrate/run.js';
import { validateWit } from '../../src/validate/wit-parser.js';
import { isWasiPackage, officialWitText } from '../../src/wit/official.js';
import { cleanTmps, cli, git, requireBuiltCli, tmp, tree } from '../review/helpers.js';
import { corpusPath } from '../../src/util/corpus.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const CORPUS = corpusPath('thirdparty');
const OFFICIAL = corpusPath('wasi', '0.3.0');
const RCS = readdirSync(path.join(CORPUS, 'wasi-rc')).sort();

function readWit(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.wit')).map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
}

describe('wasi-rc packages migrated as user packages', () => {
  let repo = '';
  let first: ReturnType<typeof cli> | undefined;
  const rows: string[] = [];
  beforeAll(() => {
    repo = tmp();
    git(repo, 'init', '-q');
    cpSync(path.join(CORPUS, 'wasi-rc'), path.join(repo, 'rc'), { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', path.join(repo, 'rc')]);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'rc');
    first = cli(repo, ['wit', 'rc', '--write']);
  }, 600000);
  afterAll(() => process.stdout.write(`wasi-rc against the official 0.3.0, item by item:\n${rows.join('\n')}\n`));

  it('`wit --write` over the folder exits 0; a second run changes nothing; --check exits 0', () => {
    expect({ code: first!.code, err: first!.err }).toEqual({ code: 0, err: '' });
    const written = tree(path.join(repo, 'rc'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'migrated');
    const again = cli(repo, ['wit', 'rc', '--write']);
    expect(again.code).toBe(0);
    expect(tree(path.join(repo, 'rc'))).toEqual(written);
    expect(cli(repo, ['wit', 'rc', '--check']).code).toBe(0);
    const left = Object.entries(written).filter(([p, t]) => p.endsWith('.wit') && /0\.3\.0-rc-|wasi:[a-z-]+\/[a-z-]+@0\.2\.|wasi-migrate\(review\)|\bwasi:io\b/.test(t)).map(([p]) => p);
    expect(left).toEqual([]);
  }, 600000);

  it.each(RCS)('%s: valid as written, and equal to the official 0.3.0 item by item', async (rc) => {
    const ours = new Map<string, string>();
    const theirs = new Map<string, string>();
    for (const p of readdirSync(path.join(repo, 'rc', rc)).sort()) {
      const files = readWit(path.join(repo, 'rc', rc, p));
      // The package as written, with the official 0.3.0 packages it references beside it.
      const all: Record<string, string> = { ...files };
      for (let added = true; added; ) {
        added = false;
        const refs = new Set([...Object.values(all).join('\n').matchAll(/\bwasi:([a-z]+)\/[a-z-]+@0\.3\.0\b/g)].map((m) => m[1]!));
        for (const n of refs) {
          if (n === p || all[`deps/${n}/package.wit`]) continue;
          all[`deps/${n}/package.wit`] = officialWitText('0.3.0', n)!;
          added = true;
        }
      }
      expect(await validateWit({ files: all })).toEqual({ ok: true });
      for (const [k, v] of witItems(files)) ours.set(k, v);
      for (const [k, v] of witItems(readWit(path.join(OFFICIAL, p)))) theirs.set(k, v);
    }
    const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
    const differ = keys.filter((k) => ours.get(k) !== theirs.get(k));
    rows.push(`  ${rc}: ${keys.length - differ.length}/${keys.length} items equal`);
    expect(keys.length).toBeGreaterThan(200);
    expect(differ).toEqual([]);
  }, 120000);
});

const trees = [
  ...readdirSync(path.join(CORPUS, 'wit')).sort().map((n) => path.join(CORPUS, 'wit', n)),
  ...readdirSync(path.join(CORPUS, 'code'))
    .sort()
    .flatMap((n) => ['', ...readdirSync(path.join(CORPUS, 'code', n)).filter((d) => !d.startsWith('.') && d !== 'node_modules')].map((d) => path.join(CORPUS, 'code', n, d, 'wit')))
    .filter((p) => existsSync(p)),
];

it.each(trees.map((t) => [path.relative(CORPUS, t), t] as const))('%s: migrates, and a second run over the output finds nothing to do', (_name, dir) => {
  for (const pkg of findPackages(dir)) {
    // migrateInput runs the pipeline a second time over its own output and throws when that changes anything.
    expect(() => migrateInput(loadPackage(pkg))).not.toThrow();
  }
}, 120000);

// Every \`wasi:\` package the third-party trees declare or name is a WASI package (a proposal with no 0.3 release
// such as wasi:config or wasi:otel included), so rule 8 and --check never call a real one unknown.
it('every wasi: package the third-party trees name is a known WASI package', () => {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(path.join(dir, e.name));
      else if (e.isFile() && e.name.endsWith('.wit')) for (const m of readFileSync(path.join(dir, e.name), 'utf8').matchAll(/\bwasi:([a-z][a-z0-9-]*)[/@;]/g)) names.add(m[1]!);
    }
  };
  walk(CORPUS);
  expect(names.size).toBeGreaterThan(5);
  expect([...names].filter((n) => !isWasiPackage(n))).toEqual([]);
});

/**
 * `wasi-migrate wit --write` safety and `--bump`, as a user runs them: the built CLI
 * (bin/wasi-migrate -> dist/) in a child process, on copies of fixtures in temp git repos
 * whose names hold spaces and non-ASCII characters.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dirtyRefusal } from '../../src/migrate/run.js';

const REPO = process.cwd();
const BIN = path.join(REPO, 'bin', 'wasi-migrate');
const KV = path.join(REPO, 'fixtures', 'wit', 'kv-store');
const GATED = path.join(REPO, 'fixtures', 'wit', 'gated-notifier');

/** A folder and a file name git would C-quote in plain `--porcelain` output. */
const PKG = 'my pkg ü';
const FILE = 'störe file.wit';

function wit(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'wit', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const tmps: string[] = [];
afterAll(() => tmps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A git repo holding kv-store's input as `<PKG>/<FILE>`; committed unless told otherwise. */
function repo(commit = true): { root: string; file: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-write-'));
  tmps.push(root);
  git(root, 'init', '-q');
  cpSync(path.join(KV, 'input'), path.join(root, PKG), { recursive: true });
  renameSync(path.join(root, PKG, 'store.wit'), path.join(root, PKG, FILE));
  if (commit) {
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'init');
  }
  return { root, file: path.join(root, PKG, FILE) };
}

const input = readFileSync(path.join(KV, 'input', 'store.wit'), 'utf8');
const expected = readFileSync(path.join(KV, 'expected', 'store.wit'), 'utf8');
const shown = path.join(PKG, FILE);

describe('--write refuses target files git would lose work in', () => {
  it('a modified file: refused, named exactly (spaces, non-ASCII, no quoting), nothing written', () => {
    const { root, file } = repo();
    writeFileSync(file, input + '\n');
    const r = wit(root, PKG, '--write');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`  ${shown} (modified)\n`);
    expect(r.err).not.toContain('"');
    expect(readFileSync(file, 'utf8')).toBe(input + '\n');
    const ok = wit(root, PKG, '--write', '--allow-dirty');
    expect(ok.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(input + '\n');
  });

  it('an untracked file is refused as cargo fix does (git has no copy to go back to)', () => {
    const { root, file } = repo(false);
    const r = wit(root, PKG, '--write');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`  ${shown} (untracked)\n`);
    expect(readFileSync(file, 'utf8')).toBe(input);
  });

  it('a staged rename is refused under its new name', () => {
    const { root } = repo();
    const moved = path.join(PKG, 'nëw name.wit');
    git(root, 'mv', shown, moved);
    const r = wit(root, PKG, '--write');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`  ${moved} (staged)\n`);
    expect(r.err).not.toContain(`${shown} (`);
  });

  it('an ignored file and a clean committed file are written', () => {
    const ignored = repo(false);
    writeFileSync(path.join(ignored.root, '.gitignore'), `${PKG}/\n`);
    expect(wit(ignored.root, PKG, '--write').code).toBe(0);
    expect(readFileSync(ignored.file, 'utf8')).toBe(expected);

    const clean = repo();
    const r = wit(clean.root, PKG, '--write');
    expect(r.code).toBe(0);
    expect(readFileSync(clean.file, 'utf8')).toBe(expected);
    expect(git(clean.root, 'status', '--porcelain')).toMatch(/^ M /);
  });

  it('paths are shown relative to the working directory when run from inside the package', () => {
    const { root, file } = repo();
    writeFileSync(file, input + '\n');
    const r = wit(path.join(root, PKG), '.', '--write');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`  ${FILE} (modified)\n`);
  });

  it('a working directory removed under the run: the dirty file is named by its full path, no internal error', () => {
    const { file } = repo();
    writeFileSync(file, input + '\n');
    const gone = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-cwd-'));
    const back = process.cwd();
    process.chdir(gone);
    rmSync(gone, { recursive: true });
    try {
      expect(dirtyRefusal([file], false)).toBe(`refusing to write files with uncommitted changes (use --allow-dirty):\n  ${file} (modified)`);
    } finally {
      process.chdir(back);
    }
  });

  it('a target folder another run deletes while the check looks at it: no internal error', async () => {
    // Two writers of one tree (test/util/txn.test.ts): the first deleted deps/io between the second's test that the
    // folder exists and its realpath of it ("internal error: ENOENT ... lstat .../deps/io"). Here a child makes and
    // removes the folder as fast as it can while the check resolves thousands of targets in it.
    const root = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-write-'));
    tmps.push(root);
    const gone = path.join(root, 'deps', 'io');
    const churn = spawn(process.execPath, ['-e', `const fs = require('fs'); for (;;) { try { fs.mkdirSync(${JSON.stringify(gone)}, { recursive: true }); fs.rmdirSync(${JSON.stringify(gone)}); } catch {} }`], { stdio: 'ignore' });
    try {
      while (!existsSync(path.join(root, 'deps'))) await new Promise((r) => setTimeout(r, 10));
      expect(dirtyRefusal(Array.from({ length: 3000 }, (_, i) => path.join(gone, `f${i}.wit`)), false)).toBeUndefined();
    } finally {
      churn.kill('SIGKILL');
    }
  });
});

describe('--bump <version> (rule 10)', () => {
  const pkg = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-bump-'));
    tmps.push(d);
    cpSync(path.join(GATED, 'input'), path.join(d, 'notifier'), { recursive: true });
    return path.join(d, 'notifier');
  };
  const want = readFileSync(path.join(GATED, 'expected', 'notifier.wit'), 'utf8');

  it('dry run shows gates following the new version; --write gives the expected output; --check is then clean', () => {
    const p = pkg();
    const dry = wit(p, '.', '--bump', '0.2.0');
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('+package acme:notifier@0.2.0;');
    expect(dry.out).toContain('+    @since(version = 0.2.0)');
    expect(dry.out).toMatch(/gates: \d+ edit/);
    expect(wit(p, '.', '--write', '--allow-no-vcs', '--bump', '0.2.0').code).toBe(0);
    expect(readFileSync(path.join(p, 'notifier.wit'), 'utf8')).toBe(want);
    expect(wit(p, '.', '--check', '--bump', '0.2.0').code).toBe(0);
  });

  it('without --bump the gates stay', () => {
    const p = pkg();
    expect(wit(p, '.', '--write', '--allow-no-vcs').code).toBe(0);
    const out = readFileSync(path.join(p, 'notifier.wit'), 'utf8');
    expect(out).toContain('package acme:notifier@0.1.1;');
    expect(out).not.toContain('0.2.0)');
  });

  it('a version that is not semver is an error and nothing is written', () => {
    const p = pkg();
    const before = readFileSync(path.join(p, 'notifier.wit'), 'utf8');
    const r = wit(p, '.', '--write', '--allow-no-vcs', '--bump', 'next');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--bump "next" is not a semver version');
    expect(readFileSync(path.join(p, 'notifier.wit'), 'utf8')).toBe(before);
  });
});

describe('--write and the deps folders it empties', () => {
  // A release's wit folder copied whole into deps/ brings wit-deps's deps.toml / deps.lock; when its 0.3.0 text goes
  // to another folder (here the 0.2.0 copy's), a folder of those alone was left, which wit-parser rejects
  // (/tmp/s44/wprobe6/spin-platform: `failed to parse dependency directory`).
  it('a release-candidate copy replaced elsewhere goes with its wit-deps manifests: no folder without .wit is left', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-emptied-'));
    tmps.push(d);
    const file = (p: string, text: string) => {
      mkdirSync(path.dirname(path.join(d, p)), { recursive: true });
      writeFileSync(path.join(d, p), text);
    };
    // Two interfaces: one at two versions would be two instances merged into one, a review of its own (versionsMerged).
    file('app.wit', 'package t:app;\n\nworld app {\n  import wasi:random/random@0.2.0;\n  import wasi:random/insecure@0.3.0-rc-2026-03-15;\n}\n');
    file('deps/random/random.wit', 'package wasi:random@0.2.0;\n\ninterface random {\n  get-random-u64: func() -> u64;\n}\n');
    file('deps/random-rc/random.wit', 'package wasi:random@0.3.0-rc-2026-03-15;\n\ninterface insecure {\n  get-insecure-random-u64: func() -> u64;\n}\n');
    file('deps/random-rc/deps.toml', 'io = "https://example.invalid/io.tar.gz"\n');
    file('deps/random-rc/deps.lock', '[io]\nsha256 = "0"\n');
    const dry = wit(d, '.');
    expect(dry.out).toMatch(/deps\/random-rc\/deps\.toml/);
    expect(wit(d, '.', '--write', '--allow-no-vcs').code).toBe(0);
    expect(existsSync(path.join(d, 'deps', 'random-rc'))).toBe(false);
    expect(readdirSync(path.join(d, 'deps', 'random'))).toEqual(['package.wit']);
    expect(wit(d, '.', '--check').code).toBe(0);
  });

  it('a folder left with other files and no .wit is left for a human, and --check fails on it (wit-parser rejects it)', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-witless-'));
    tmps.push(d);
    const file = (p: string, text: string) => {
      mkdirSync(path.dirname(path.join(d, p)), { recursive: true });
      writeFileSync(path.join(d, p), text);
    };
    file('app.wit', 'package t:app;\n\nworld app {\n  import wasi:random/random@0.2.0;\n  import wasi:random/random@0.3.0-rc-2026-03-15;\n}\n');
    file('deps/random/random.wit', 'package wasi:random@0.2.0;\n\ninterface random {\n  get-random-u64: func() -> u64;\n}\n');
    file('deps/random-rc/random.wit', 'package wasi:random@0.3.0-rc-2026-03-15;\n\ninterface random {\n  get-random-u64: func() -> u64;\n}\n');
    file('deps/random-rc/README.md', '# wasi-random\n');
    const w = wit(d, '.', '--write', '--allow-no-vcs');
    expect(w.out).toContain('deps/random-rc holds no .wit file once written');
    expect(readdirSync(path.join(d, 'deps', 'random-rc'))).toEqual(['README.md']);
    const check = wit(d, '.', '--check');
    expect(check.code).toBe(1);
    // It names what is left and what to do with it: the run deletes no file it did not read (README.md may be the team's).
    expect(check.out).toContain('deps/random-rc holds no .wit file, only README.md: wit-parser rejects a deps folder without one (failed to parse dependency directory), and wasi-migrate deletes no file it did not read: delete deps/random-rc, or move that file out of deps/');
  });
});

/**
 * `wasi-migrate wit` as a user runs it: the built CLI (bin/wasi-migrate -> dist/) in a
 * child process, on copies of fixtures in temp dirs (the repo's fixtures are never touched).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ruleById } from '../../rules/index.js';

const REPO = process.cwd();
const BIN = path.join(REPO, 'bin', 'wasi-migrate');
const MAIN = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
const FIXTURE = path.join(REPO, 'fixtures', 'wit', 'kv-store');
const FILE = 'store.wit';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function wit(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, 'wit', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmps: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-wit-cli-'));
  tmps.push(d);
  return d;
}

/** Copies fixtures/wit/kv-store/<which> to <dir>/kv and returns that folder. */
function copy(which: 'input' | 'expected', dir = tmp()): string {
  const dest = path.join(dir, 'kv');
  cpSync(path.join(FIXTURE, which), dest, { recursive: true });
  return dest;
}

const read = (pkg: string, f = FILE): Buffer => readFileSync(path.join(pkg, f));
const fixture = (which: 'input' | 'expected'): Buffer => readFileSync(path.join(FIXTURE, which, FILE));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=wit-cli-test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A temp git repo holding a committed copy of the input: a clean tree. */
function cleanRepo(): { repo: string; pkg: string } {
  const repo = tmp();
  const pkg = copy('input', repo);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'input');
  expect(git(repo, 'status', '--porcelain')).toBe('');
  return { repo, pkg };
}

const RULES = ['fold-start-finish', 'io-removal', 'wasi-references'];

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the CLI first (npm install, or npx tsc -p .)`);
});

afterAll(() => {
  for (const d of tmps) rmSync(d, { recursive: true, force: true });
});

describe('wasi-migrate wit (built CLI, child process)', () => {
  test('dry run: exit 1, a unified diff naming the rules, and no file changed on disk', () => {
    const dir = tmp();
    const pkg = copy('input', dir);
    const before = read(pkg);
    const r = wit(dir, 'kv');
    expect(r.code).toBe(1);
    expect(r.out).toContain('--- a/kv/store.wit');
    expect(r.out).toMatch(/^\+\+\+ b\/kv\/store\.wit\trules: fold-start-finish, io-removal, wasi-references$/m);
    expect(r.out).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(r.out).toContain('\n-    start-get: func(key: string) -> result<_, error-code>;\n');
    expect(r.out).toContain('\n+    get: async func(key: string) -> result<option<list<u8>>, error-code>;\n');
    expect(r.out).toContain('kv: 1 file(s) to change');
    for (const rule of RULES) expect(r.out).toMatch(new RegExp(`^  ${rule}: \\d+ edit\\(s\\)$`, 'm'));
    expect(read(pkg).equals(before)).toBe(true);
    expect(readdirSync(pkg)).toEqual([FILE]);
  });

  test('--check: exit 1 on the 0.2 input, exit 0 on the expected 0.3 output; neither is modified', () => {
    const input = copy('input');
    const r1 = wit(path.dirname(input), 'kv', '--check');
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('kv: 1 file(s) to change');
    expect(r1.out).not.toContain('+++');
    expect(read(input).equals(fixture('input'))).toBe(true);

    const expected = copy('expected');
    const r2 = wit(path.dirname(expected), 'kv', '--check');
    expect(r2.code).toBe(0);
    expect(r2.out).toContain('kv: nothing to migrate');
    expect(read(expected).equals(fixture('expected'))).toBe(true);
  });

  test('--write outside any git repo: refused without --allow-no-vcs; with it exit 0, files equal the expected output, then --check gives 0', () => {
    const dir = tmp();
    const pkg = copy('input', dir);
    const inGit = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf8' });
    if (inGit.status === 0) throw new Error(`${os.tmpdir()} is inside a git work tree: this test needs a temp dir outside git`);
    const refused = wit(dir, 'kv', '--write');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--allow-no-vcs');
    expect(read(pkg).equals(fixture('input'))).toBe(true);
    const r = wit(dir, 'kv', '--write', '--allow-no-vcs');
    expect(r.code).toBe(0);
    expect(r.out).toContain('wrote 1 file(s)');
    expect(read(pkg).equals(fixture('expected'))).toBe(true);
    expect(readdirSync(pkg)).toEqual([FILE]); // no leftover temp files
    expect(wit(dir, 'kv', '--check').code).toBe(0);
  });

  test('--write in a clean git repo: exit 0, files equal the expected output, then --check gives 0', () => {
    const { repo, pkg } = cleanRepo();
    const r = wit(repo, 'kv', '--write');
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('uncommitted');
    expect(read(pkg).equals(fixture('expected'))).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe(' M kv/store.wit\n');
    expect(wit(repo, 'kv', '--check').code).toBe(0);
  });

  test('dirty tree: --write refuses and writes nothing; with --allow-dirty it writes', () => {
    const { repo, pkg } = cleanRepo();
    const local = '// local edit, not committed\n';
    writeFileSync(path.join(pkg, FILE), Buffer.concat([fixture('input'), Buffer.from(local)]));
    const dirty = read(pkg);

    const refused = wit(repo, 'kv', '--write');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('uncommitted changes');
    expect(refused.err).toContain('--allow-dirty');
    expect(refused.err).toContain(path.join('kv', FILE));
    expect(refused.out).not.toContain('wrote');
    expect(read(pkg).equals(dirty)).toBe(true);
    expect(readdirSync(pkg)).toEqual([FILE]);

    const allowed = wit(repo, 'kv', '--write', '--allow-dirty');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('wrote 1 file(s)');
    // The migration applied, and the user's uncommitted edit survived it.
    expect(read(pkg).toString('utf8')).toBe(fixture('expected').toString('utf8') + local);
    expect(wit(repo, 'kv', '--check').code).toBe(0);
  });

  test('--json (alias of --format json): one JSON document; every edit names a registered rule id', () => {
    const dir = tmp();
    const pkg = copy('input', dir);
    const r = wit(dir, 'kv', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as {
      schema: string;
      units: { label: string; root: string; files: { path: string; status: string; rules: string[]; before?: string; after?: string }[]; edits: { rule: string; file: string; line: number }[]; errors: string[]; warnings: string[] }[];
      written: number;
    };
    expect(doc.schema).toBe('wasi-migrate/review@1');
    expect(doc.written).toBe(0);
    expect(doc.units).toHaveLength(1);
    const p = doc.units[0];
    expect(p.label).toBe('kv');
    expect(p.root).toBe('kv');
    expect(p.errors).toEqual([]);
    expect(p.files).toHaveLength(1);
    expect(p.files[0]).toMatchObject({ path: FILE, status: 'modified', rules: RULES });
    expect(p.files[0].before).toBe(fixture('input').toString('utf8'));
    expect(p.files[0].after).toBe(fixture('expected').toString('utf8'));
    expect(p.edits.length).toBeGreaterThan(0);
    for (const e of p.edits) {
      expect(typeof e.rule).toBe('string');
      expect(ruleById(e.rule)).toBeDefined();
      expect(p.files[0].rules).toContain(e.rule);
      expect(e.file).toBe(FILE);
      expect(e.line).toBeGreaterThan(0);
    }
    expect(new Set(p.edits.map((e) => e.rule))).toEqual(new Set(RULES));
    expect(read(pkg).equals(fixture('input'))).toBe(true);
    // The alias and the option give the same document.
    expect(wit(dir, 'kv', '--format', 'json').out).toBe(r.out);
  });

  // wprobe6 (stop 44): `--check` and `--write` print the summary only and skip the API comparison; their summary
  // said "0 API changes" where the dry run of the same tree counts them.
  test('text: --check names no API count it did not make; the dry run counts them', () => {
    const dir = tmp();
    copy('input', dir);
    expect(wit(dir, 'kv').out).toMatch(/^summary: .*, [1-9]\d* API changes?, /m);
    const check = wit(dir, 'kv', '--check');
    expect(check.out + check.err).toMatch(/^summary: /m);
    expect(check.out + check.err).not.toMatch(/API change/);
  });

  test('text: summary first, then the diff with one `# rule: why` line per reason before each hunk', () => {
    const dir = tmp();
    copy('input', dir);
    const r = wit(dir, 'kv');
    expect(r.out.indexOf('summary: 1 unit, 1 file to change')).toBe(0);
    expect(r.out.indexOf('kv: 1 file(s) to change')).toBeLessThan(r.out.indexOf('--- a/kv/store.wit'));
    expect(r.out).toMatch(/^changes for callers:$/m);
    expect(r.out).toMatch(/^    became async: acme:kv\/store\.bucket\.get: /m);
    // Each hunk header is preceded by its reasons, each naming a rule that touched the file.
    const lines = r.out.split('\n');
    const hunks = lines.flatMap((l, i) => (l.startsWith('@@ ') ? [i] : []));
    expect(hunks.length).toBeGreaterThan(0);
    for (const i of hunks) {
      const why = lines[i - 1]!;
      expect(why).toMatch(/^# [a-z-]+: \S/);
      expect(RULES).toContain(why.slice(2, why.indexOf(':')));
    }
    expect(r.out).not.toContain('\u001b['); // NO_COLOR is set (and stdout is a pipe)
  });

  test('--format sarif and --format html --out: exit codes kept, html written atomically to the file only', () => {
    const dir = tmp();
    copy('input', dir);
    const sarif = wit(dir, 'kv', '--format', 'sarif');
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.out) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    for (const res of log.runs[0].results) expect(RULES).toContain(res.ruleId);

    const html = wit(dir, 'kv', '--format', 'html', '--out', 'review.html');
    expect(html.code).toBe(1);
    expect(html.out).toBe('');
    expect(html.err).toContain('review written to review.html');
    const page = readFileSync(path.join(dir, 'review.html'), 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('class="hunk"');
    expect(readdirSync(dir).sort()).toEqual(['kv', 'review.html']); // no temp file left

    const expected = copy('expected');
    expect(wit(path.dirname(expected), 'kv', '--format', 'sarif').code).toBe(0);
  });

  test("--explain prints a rule's docs (exit 0); an unknown id lists the known ones (exit 2)", () => {
    const dir = tmp();
    const ok = wit(dir, '--explain', 'fold-start-finish');
    expect(ok.code).toBe(0);
    const rule = ruleById('fold-start-finish')!;
    expect(ok.out).toContain(`fold-start-finish (${rule.kind})`);
    expect(ok.out).toContain(rule.summary);
    expect(ok.out).toContain(rule.docs.trim().split('\n')[0]!);
    const bad = wit(dir, '--explain', 'no-such-rule');
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('unknown rule `no-such-rule`');
    for (const id of RULES) expect(bad.err).toContain(`  ${id}\n`);
    const none = wit(dir);
    expect(none.code).toBe(2);
    expect(none.err).toContain('name at least one path');
  });

  test('syntax error: exit 2 with file:line:col, and nothing written even with --write', () => {
    const dir = tmp();
    const pkg = copy('input', dir);
    const broken = fixture('input').toString('utf8').replace('start-get: func(key: string)', 'start-get: func(key string)');
    expect(broken).not.toBe(fixture('input').toString('utf8'));
    writeFileSync(path.join(pkg, FILE), broken);

    const dry = wit(dir, 'kv');
    expect(dry.code).toBe(2);
    // Line 13, column 25 is where `string` stands in place of `: string`.
    // (Where it is printed, stdout or stderr, is not pinned here: see the report.)
    expect(dry.out + dry.err).toContain('store.wit:13:25');
    expect(dry.out).not.toContain('+++');

    const w = wit(dir, 'kv', '--write');
    expect(w.code).toBe(2);
    expect(w.out + w.err).toContain('store.wit:13:25');
    expect(w.out).not.toContain('wrote');
    expect(read(pkg).toString('utf8')).toBe(broken);
    expect(readdirSync(pkg)).toEqual([FILE]);

    const j = wit(dir, 'kv', '--json', '--write');
    expect(j.code).toBe(2);
    const doc = JSON.parse(j.out) as { units: { status: string; errors: string[] }[]; written: number };
    expect(doc.written).toBe(0);
    expect(doc.units[0].status).toBe('error');
    expect(doc.units[0].errors[0]).toContain('store.wit:13:25');
    expect(read(pkg).toString('utf8')).toBe(broken);
  });
});

test('the same report in any locale: files, edits and changes in code-unit order (Danish sorts aa.wit last, Lithuanian y before j)', () => {
  const pkg = path.join(tmp(), 'p');
  cpSync(path.join(process.cwd(), '..', 'shared', 'corpus', 'wasi', '0.2.0', 'clocks'), path.join(pkg, 'deps', 'clocks'), { recursive: true });
  for (const n of ['z', 'y', 'j', 'aa', 'B']) {
    writeFileSync(path.join(pkg, `${n}.wit`), `package a:b@0.1.0;\ninterface i-${n.toLowerCase()} {\n  use wasi:clocks/monotonic-clock@0.2.0.{instant};\n  f: func() -> instant;\n}\n`);
  }
  const runs = ['en_US.UTF-8', 'da_DK.UTF-8', 'lt_LT.UTF-8'].map((locale) => {
    const r = spawnSync(process.execPath, [BIN, 'wit', '--format', 'json', 'p'], { cwd: path.dirname(pkg), encoding: 'utf8', env: { ...process.env, LC_ALL: locale, LANG: locale } });
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 1, err: '' });
    return r.stdout;
  });
  expect(runs[1]).toBe(runs[0]);
  expect(runs[2]).toBe(runs[0]);
  const unit = (JSON.parse(runs[0]!) as { units: { edits: { file: string }[] }[] }).units[0]!;
  const main = [...new Set(unit.edits.map((e) => e.file).filter((f) => !f.startsWith('deps/')))];
  expect(main).toEqual(['B.wit', 'aa.wit', 'j.wit', 'y.wit', 'z.wit']);
});

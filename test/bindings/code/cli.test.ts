/**
 * `wasi-migrate bindings` and `wasi-migrate migrate` as a user runs them: the
 * built CLI (bin/wasi-migrate -> dist/) in a child process, on temp copies of
 * fixture guests (the repo's fixtures are never touched).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, git, MAIN, REPO, requireBuiltCli, tmp } from '../../review/helpers.js';

const GUEST = path.join(REPO, 'fixtures', 'components', 'http-fanout', 'guest-0.2.js');

/** A project folder `app/` with the fanout guest as src/app.js, committed in a fresh git repo. */
function project(): { repo: string; app: string; file: string } {
  const repo = tmp();
  const app = path.join(repo, 'app');
  mkdirSync(path.join(app, 'src'), { recursive: true });
  cpSync(GUEST, path.join(app, 'src', 'app.js'));
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'input');
  return { repo, app, file: path.join(app, 'src', 'app.js') };
}

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

describe('wasi-migrate bindings (built CLI, child process)', () => {
  test('dry run: exit 1, a diff naming the transforms, nothing written', () => {
    const { repo, file } = project();
    const before = readFileSync(file, 'utf8');
    const r = cli(repo, ['bindings', 'app']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('--- a/app/src/app.js');
    expect(r.out).toMatch(/^\+\+\+ b\/app\/src\/app\.js\trules: .*bindings\/futures/m);
    expect(r.out).toContain("+import { send } from 'wasi:http/client@0.3.0';");
    expect(r.out).toContain('-import { poll } from \'wasi:io/poll@0.2.12\';');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('--write in a clean repo: exit 0, the file is the 0.3 code; then --check gives 0', () => {
    const { repo, file } = project();
    expect(cli(repo, ['bindings', 'app', '--check']).code).toBe(1);
    const r = cli(repo, ['bindings', 'app', '--write']);
    expect(r.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('export const handler = {\n  async handle(request) {');
    expect(after).not.toMatch(/@0\.2\.\d+/);
    expect(git(repo, 'status', '--porcelain')).toBe(' M app/src/app.js\n');
    expect(cli(repo, ['bindings', 'app', '--check']).code).toBe(0);
  });

  test('a tsconfig.json names the project (JavaScript included through allowJs)', () => {
    const { repo, app } = project();
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowJs: true, noEmit: true }, include: ['src'] }));
    const r = cli(repo, ['bindings', 'app/tsconfig.json', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { units: { files: { path: string }[] }[] };
    const paths = doc.units.flatMap((u) => u.files.map((c) => c.path));
    expect(paths).toEqual(['src/app.js']);
  });

  test('dirty tree: --write refuses (exit 2) and writes nothing; --allow-dirty writes', () => {
    const { repo, file } = project();
    writeFileSync(file, readFileSync(file, 'utf8') + '// local edit\n');
    const dirty = readFileSync(file, 'utf8');
    const refused = cli(repo, ['bindings', 'app', '--write']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('uncommitted changes');
    expect(readFileSync(file, 'utf8')).toBe(dirty);
    expect(cli(repo, ['bindings', 'app', '--write', '--allow-dirty']).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('// local edit\n');
    expect(readFileSync(file, 'utf8')).not.toBe(dirty);
  });

  test('a missing project: exit 2 with the path in the message', () => {
    const r = cli(tmp(), ['bindings', 'nowhere']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nowhere');
  });

  test('--explain prints a transform\'s docs', () => {
    const r = cli(tmp(), ['bindings', '--explain', 'bindings/input-streams']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('for await');
  });
});

describe('wasi-migrate migrate (built CLI, child process)', () => {
  /** The fanout fixture as a project: its 0.2 world in wit/, its guest in src/. */
  function fanoutProject(witText?: string): { repo: string; app: string } {
    const { repo, app } = project();
    mkdirSync(path.join(app, 'wit'));
    const world = readFileSync(path.join(REPO, 'fixtures/components/http-fanout/world.wit'), 'utf8');
    writeFileSync(path.join(app, 'wit', 'world.wit'), witText ?? world.replace(/\nworld http-fanout-0-3 \{[^}]*\}\n/, '\n'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'wit');
    return { repo, app };
  }

  test('dry run: one review for the WIT and the code; --write writes both; --check then gives 0', () => {
    const { repo, app } = fanoutProject();
    const r = cli(repo, ['migrate', 'app']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('--- a/app/wit/world.wit');
    expect(r.out).toContain('--- a/app/src/app.js');
    const w = cli(repo, ['migrate', 'app', '--write']);
    expect(w.code).toBe(0);
    expect(readFileSync(path.join(app, 'wit', 'world.wit'), 'utf8')).toContain('import wasi:http/client@0.3.0;');
    expect(readFileSync(path.join(app, 'src', 'app.js'), 'utf8')).toContain("from 'wasi:http/client@0.3.0'");
    expect(cli(repo, ['migrate', 'app', '--check']).code).toBe(0);
  });

  test('WIT that does not parse: exit 2 and nothing written, the code included', () => {
    const { repo, app } = fanoutProject('package fixtures:broken;\n\nworld w {\n  import wasi:http/types@0.2.12\n}\n');
    const code = readFileSync(path.join(app, 'src', 'app.js'), 'utf8');
    const r = cli(repo, ['migrate', 'app', '--write']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nothing written');
    expect(readFileSync(path.join(app, 'src', 'app.js'), 'utf8')).toBe(code);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});

test('`wit --check` starts without loading ts-morph or TypeScript', () => {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(MAIN)});
    const { main } = await import(${JSON.stringify(MAIN)});
    await main(['wit', ${JSON.stringify(path.join(REPO, 'fixtures/wit/kv-store/expected'))}, '--check']);
    const heavy = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](typescript|ts-morph|@ts-morph)[\\\\/]/.test(k));
    process.stderr.write('HEAVY=' + JSON.stringify(heavy));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30000 });
  expect(r.stderr).toContain('HEAVY=[]');
  // The check is able to see them: the bindings command does load them.
  const r2 = spawnSync(process.execPath, ['--input-type=module', '-e', script.replace(`'wit', ${JSON.stringify(path.join(REPO, 'fixtures/wit/kv-store/expected'))}, '--check'`, `'bindings', '/nonexistent-project'`)], { encoding: 'utf8', timeout: 30000 });
  expect(r2.stderr).toMatch(/HEAVY=\[".*ts-morph/);
});

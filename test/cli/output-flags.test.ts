/**
 * Output conventions of the ecosystem: `--patch -` writes the patch to stdout
 * (and nothing else: the review goes to stderr) so it pipes into `git apply`;
 * `--color auto|always|never` with NO_COLOR and FORCE_COLOR as Node and
 * chalk read them; `--wit` paths relative to the working directory.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, FIXTURES, git, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

/** A committed repo holding the kv-store 0.2 package under p/. */
function repo(): string {
  const root = tmp();
  cpSync(path.join(FIXTURES, 'kv-store', 'input'), path.join(root, 'p'), { recursive: true });
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'init');
  return root;
}

const ESC = /\x1b\[/;

describe('--patch -', () => {
  test('stdout is exactly a patch that git applies; the review is on stderr', () => {
    const root = repo();
    const r = cli(root, ['wit', 'p', '--patch', '-']);
    expect(r.code).toBe(1); // a dry run with pending changes
    expect(r.out).toMatch(/^diff --git a\/p\/store\.wit b\/p\/store\.wit\n/);
    expect(r.out).not.toMatch(/^summary:/m);
    expect(r.err).toMatch(/^summary: 1 unit, 1 file to change/m);
    expect(r.err).not.toMatch(/patch written to/);
    execFileSync('git', ['apply', '--check', '-'], { cwd: root, input: r.out });
    execFileSync('git', ['apply', '-'], { cwd: root, input: r.out });
    // Applied, the tree is what --write would have written: nothing left to migrate.
    expect(cli(root, ['wit', 'p', '--check']).code).toBe(0);
  });

  test('--patch=- is the same', () => {
    const root = repo();
    expect(cli(root, ['wit', 'p', '--patch=-']).out).toBe(cli(root, ['wit', 'p', '--patch', '-']).out);
  });
});

describe('--color', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) => cli(repo(), ['wit', 'p', ...args], { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env }).out;
  test.each([
    ['auto, not a terminal', [], {}, false],
    ['always', ['--color', 'always'], {}, true],
    ['always beats NO_COLOR', ['--color', 'always'], { NO_COLOR: '1' }, true],
    ['never beats FORCE_COLOR', ['--color', 'never'], { FORCE_COLOR: '1' }, false],
    ['auto with FORCE_COLOR=1', [], { FORCE_COLOR: '1' }, true],
    ['auto with FORCE_COLOR=0', [], { FORCE_COLOR: '0' }, false],
    ['auto: NO_COLOR beats FORCE_COLOR', [], { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ] as Array<[string, string[], NodeJS.ProcessEnv, boolean]>)('%s', (_what, args, env, coloured) => {
    const out = run(args, env);
    expect(out).toMatch(/^summary:|\x1b\[[0-9;]*msummary:/);
    expect(ESC.test(out)).toBe(coloured);
  });

  test('an unknown mode is refused with the choices', () => {
    const r = cli(repo(), ['wit', 'p', '--color', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Invalid values:[\s\S]*Argument: color, Given: "sometimes", Choices: "auto", "always", "never"/);
  });
});

describe('--wit', () => {
  /** A project (proj/) whose WIT lives outside it (defs/), both under one folder. */
  function layout(): string {
    const root = tmp();
    mkdirSync(path.join(root, 'proj', 'src'), { recursive: true });
    writeFileSync(path.join(root, 'proj', 'src', 'a.ts'), 'export const x = 1;\n');
    writeFileSync(path.join(root, 'proj', 'tsconfig.json'), '{ "compilerOptions": { "strict": true }, "include": ["src"] }\n');
    cpSync(path.join(FIXTURES, 'kv-store', 'input'), path.join(root, 'defs'), { recursive: true });
    return root;
  }

  test('is read relative to the working directory, not to the project', () => {
    const root = layout();
    const fromRoot = cli(root, ['migrate', 'proj', '--wit', 'defs']);
    expect(fromRoot.err).not.toMatch(/no such WIT folder/);
    expect(fromRoot.out).toMatch(/^defs: 1 file\(s\) to change/m);
    const fromProject = cli(path.join(root, 'proj'), ['migrate', '.', '--wit', '../defs']);
    expect(fromProject.out).toMatch(/^\.\.\/defs: 1 file\(s\) to change/m);
    // Relative to the project it would be proj/defs, which does not exist.
    const wrong = cli(root, ['migrate', 'proj', '--wit', '../defs']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/no such WIT folder: \.\.\/defs/);
  });
});

describe('--quiet', () => {
  test('wit: no text review, the exit code says it; JSON and patches are still written; errors still shown', () => {
    const root = repo();
    const dry = cli(root, ['wit', 'p', '--quiet']);
    expect([dry.code, dry.out, dry.err]).toEqual([1, '', '']);
    expect(cli(root, ['wit', 'p', '--check', '-q']).code).toBe(1);
    const json = cli(root, ['wit', 'p', '-q', '--format', 'json']);
    expect(JSON.parse(json.out)).toHaveProperty('summary');
    const patch = cli(root, ['wit', 'p', '-q', '--patch', '-']);
    expect(patch.out).toMatch(/^diff --git /);
    expect(patch.err).toBe('');
    // The review is made for a file asked for even with nothing printed (finishRun skips it only then).
    const toFile = cli(root, ['wit', 'p', '-q', '--patch', 'out.patch']);
    expect([toFile.code, toFile.out, toFile.err]).toEqual([1, '', '']);
    expect(readFileSync(path.join(root, 'out.patch'), 'utf8')).toBe(patch.out);
    const missing = cli(root, ['wit', 'nowhere', '-q']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nowhere/);
    const written = cli(root, ['wit', 'p', '--write', '-q']);
    expect([written.code, written.out]).toEqual([0, '']);
    expect(cli(root, ['wit', 'p', '--check', '-q'])).toMatchObject({ code: 0, out: '' });
  });

  test('parse and validate: no ok lines; a divergence is still reported', () => {
    expect(cli(process.cwd(), ['parse', 'official-wit/0.3.0/wasi-clocks', '-q'])).toMatchObject({ code: 0, out: '', err: '' });
    expect(cli(process.cwd(), ['validate', 'cat', '--seeds', '1', '-q'])).toMatchObject({ code: 0, out: '' });
    const wrong = cli(process.cwd(), ['validate', 'fixtures/components/cli-hello/wrong/writes-swapped.js', '--seeds', '1', '--quiet']);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/^DIVERGED cli-hello/);
  });
});

describe('--out and --patch are written by the transaction that writes the tree', () => {
  test('a symlinked --out is written through (the link stays); a --patch under a file: exit 2 naming it, no stack, nothing left', () => {
    const root = repo();
    writeFileSync(path.join(root, 'reviews.json'), 'old');
    symlinkSync('reviews.json', path.join(root, 'review.json'));
    const r = cli(root, ['wit', 'p', '--format', 'json', '--out', 'review.json']);
    expect(r.code).toBe(1);
    expect(lstatSync(path.join(root, 'review.json')).isSymbolicLink()).toBe(true); // a plain file replaced it before
    expect(JSON.parse(readFileSync(path.join(root, 'reviews.json'), 'utf8'))).toHaveProperty('summary');
    const bad = cli(root, ['wit', 'p', '--patch', 'reviews.json/x.patch']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`error: cannot write the review: reviews.json/x.patch: ${path.join(root, 'reviews.json')} is not a folder: refused`);
    expect(bad.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(root).sort()).toEqual(['.git', 'p', 'review.json', 'reviews.json']);
  });
});

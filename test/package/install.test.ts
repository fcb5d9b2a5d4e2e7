/**
 * wasi-migrate as a user gets it: `npm pack` (its `prepack` builds dist/) in a
 * copy of the project, the tarball installed with `--omit=dev` into an empty
 * folder outside the project, and every command run through `npx` from there,
 * on the Node that runs the tests and on any other Node >= 20 on PATH (the
 * system one). Nothing of the clone is reachable from the installed package:
 * no dev dependency, no ../shared, no build step.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let user: string; // the empty project the tarball is installed into
let files: string[]; // the tarball's files, relative to package/

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** PATH without this project's node_modules/.bin (so `node` is what the user has, not our node@24 dev dependency). */
function userPath(): string {
  return (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.startsWith(REPO)).join(path.delimiter);
}

function npx(cwd: string, args: string[], nodeDir?: string): Run {
  const PATH = nodeDir ? `${nodeDir}${path.delimiter}${userPath()}` : `${path.dirname(process.execPath)}${path.delimiter}${userPath()}`;
  const r = spawnSync(npm, ['exec', '--no', '--', 'wasi-migrate', ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH, NO_COLOR: '1', NODE_PATH: '' }, timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-package-'));
  // A copy of the project (never its own dist/: other suites read that one while this packs).
  const copy = path.join(work, 'src-copy');
  cpSync(REPO, copy, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|\.git|test-output)$/.test(src) });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  const packed = execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const info = JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  files = info[0].files.map((f) => f.path);
  user = path.join(work, 'user-project');
  mkdirSync(user);
  writeFileSync(path.join(user, 'package.json'), '{ "name": "user-project", "version": "1.0.0", "private": true }\n');
  execFileSync(npm, ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, info[0].filename)], { cwd: user, stdio: 'pipe', env: { ...process.env, PATH: userPath() } });
}, 600000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the built CLI and official WIT, and no tests, bench, fixtures or sources', () => {
  expect(files).toContain('bin/wasi-migrate');
  expect(files).toContain('dist/src/cli/main.js');
  expect(files).toContain('official-wit/SHA256SUMS');
  expect(files).toContain('official-wit/0.3.0/wasi-http/package.wit');
  expect(files.filter((f) => /^(test|bench|fixtures|src|rules|scripts)\/|^dist\/(bench|test)\/|\.map$|\.test\.js$/.test(f))).toEqual([]);
});

test('every package the shipped code imports is a runtime dependency', () => {
  const pkg = JSON.parse(readFileSync(path.join(user, 'node_modules', 'wasi-migrate', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const declared = new Set(Object.keys(pkg.dependencies));
  const builtins = new Set(builtinModules);
  const missing = new Set<string>();
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const text = readFileSync(path.join(user, 'node_modules', 'wasi-migrate', f), 'utf8');
    // Static imports and re-exports, import(), require() and require.resolve() of a string.
    for (const m of text.matchAll(/(?:^\s*import\b[^'";]*?\bfrom\s*|^\s*export\b[^'";]*?\bfrom\s*|\bimport\s*\(\s*|\brequire_?\s*\(\s*|\.resolve\(\s*)'([^'\s]+)'/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        // A relative import must land on a file the tarball ships (none of the files left out of it).
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec));
        if (!files.includes(target)) missing.add(`${f}: ${spec} (not in the tarball)`);
        continue;
      }
      if (!/^(?:@[a-z0-9._-]+\/)?[a-z0-9][a-z0-9._-]*(?:\/[\w./-]+)?$/.test(spec)) continue; // not a module specifier (e.g. text in a message)
      if (spec.startsWith('node:') || builtins.has(spec)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!declared.has(name)) missing.add(`${f}: ${spec}`);
    }
  }
  expect([...missing]).toEqual([]);
  // ...and they are installed without dev dependencies: jco's CLI and TypeScript as a package are not.
  expect(existsSync(path.join(user, 'node_modules', '@bytecodealliance', 'jco'))).toBe(false);
  expect(existsSync(path.join(user, 'node_modules', 'typescript'))).toBe(false);
});

/** Every Node on the user's PATH (and the one running the tests), by folder, with its major version. */
function nodes(): { dir: string; major: number }[] {
  const dirs = [path.dirname(process.execPath), ...userPath().split(path.delimiter)];
  const seen = new Set<string>();
  const out: { dir: string; major: number }[] = [];
  for (const dir of dirs) {
    const exe = path.join(dir, 'node');
    if (!existsSync(exe)) continue;
    const real = realpathSync(exe);
    if (seen.has(real)) continue;
    seen.add(real);
    const v = execFileSync(exe, ['--version'], { encoding: 'utf8' }).trim();
    out.push({ dir, major: Number(/^v(\d+)/.exec(v)?.[1]) });
  }
  return out;
}

const NODES = nodes();
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

test.each(NODES)('--version and -h of the installed package on the node in $dir (Node $major)', ({ dir, major }) => {
  expect(major).toBeGreaterThanOrEqual(20);
  const v = npx(user, ['--version'], dir);
  expect(v.err).toBe('');
  expect(v.out.trim()).toBe(VERSION);
  expect(v.code).toBe(0);
  const h = npx(user, ['-h'], dir);
  expect(h.code).toBe(0);
  expect(h.out).toMatch(/wasi-migrate wit/);
});

// Every command, on the oldest Node found (the system one, when the tests run on the node@24 dev dependency).
const OLDEST = [...NODES].sort((a, b) => a.major - b.major)[0];

describe(`the installed package, from a folder outside the project, on the node in ${OLDEST.dir} (Node ${OLDEST.major})`, () => {
  const run = (args: string[], cwd = user) => npx(cwd, args, OLDEST.dir);
  const scratch = () => mkdtempSync(path.join(user, 'run-')); // the user's own project, where npx finds the installed bin

  test('wit --check: 1 with changes pending on a 0.2 package, 0 on its migrated form', () => {
    const d = scratch();
    cpSync(path.join(REPO, 'fixtures', 'wit', 'kv-store', 'input'), path.join(d, 'in'), { recursive: true });
    cpSync(path.join(REPO, 'fixtures', 'wit', 'kv-store', 'expected'), path.join(d, 'done'), { recursive: true });
    const pending = run(['wit', 'in', '--check'], d);
    expect(pending.err).toBe('');
    expect(pending.out).toMatch(/fold-start-finish/);
    expect(pending.code).toBe(1);
    const done = run(['wit', 'done', '--check'], d);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
  });

  test('parse: 0 on valid WIT, 1 with file:line:col and a caret on an error', () => {
    const d = scratch();
    cpSync(path.join(REPO, 'fixtures', 'wit', 'multi-file', 'input'), path.join(d, 'ok'), { recursive: true });
    expect(run(['parse', 'ok'], d).code).toBe(0);
    writeFileSync(path.join(d, 'bad.wit'), 'package a:b;\ninterface i {\n  type foo = bar;\n}\n');
    const bad = run(['parse', 'bad.wit'], d);
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toMatch(/bad\.wit:3:\d+/);
    expect(bad.out + bad.err).toMatch(/\^/);
    expect(bad.out + bad.err).not.toMatch(/\n\s+at /);
  });

  test('bindings <tsconfig.json> ports a project that calls jco 0.2 bindings', () => {
    const d = scratch();
    mkdirSync(path.join(d, 'src'));
    cpSync(path.join(REPO, 'fixtures', 'components', 'http-hello', 'guest-0.2.js'), path.join(d, 'src', 'guest.js'));
    writeFileSync(path.join(d, 'tsconfig.json'), '{ "compilerOptions": { "allowJs": true, "checkJs": true, "noEmit": true }, "include": ["src"] }\n');
    const r = run(['bindings', 'tsconfig.json', '--check'], d);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/bindings\/specifiers: 1 edit/);
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(d, 'src', 'guest.js'), 'utf8')).toBe(readFileSync(path.join(REPO, 'fixtures', 'components', 'http-hello', 'guest-0.2.js'), 'utf8'));
  });

  test('validate runs a fixture named by path', () => {
    const d = scratch();
    cpSync(path.join(REPO, 'fixtures', 'components', 'timer-worker'), path.join(d, 'timer-worker'), { recursive: true });
    const r = run(['validate', 'timer-worker', '--seeds', '2'], d);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^ok\s+timer-worker \(2 seeds\)/);
    expect(r.code).toBe(0);
  });
});

test('nothing was written into the project while packing', () => {
  expect(readdirSync(REPO).filter((f) => f.endsWith('.tgz'))).toEqual([]);
});

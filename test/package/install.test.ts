/**
 * wasi-migrate as a user gets it: `npm pack` (its `prepare` builds dist/) in a
 * copy of the project, the tarball installed with `--omit=dev` into an empty
 * folder outside the project, and every command run through `npx` from there,
 * on the Node that runs the tests and on any other Node >= 20 on PATH (the
 * system one). Nothing of the clone is reachable from the installed package:
 * no dev dependency, no ../shared, no build step.
 */
import ts from 'typescript';
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

/**
 * The text with every template literal blanked out (same length, lines kept): the transforms' cases hold
 * whole guest modules in template strings, and their `import ... from './lines.js'` lines are text, not imports.
 */
function withoutTemplates(text: string): string {
  const sf = ts.createSourceFile('x.js', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  // In one pass, in source order (a template's own templates are inside its span): the CLI bundle's chunks are
  // 600-700 kB with thousands of templates, and re-joining the whole text per template took 30 s.
  const parts: string[] = [];
  let at = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) {
      const start = n.getStart(sf);
      parts.push(text.slice(at, start), text.slice(start, n.getEnd()).replace(/[^\n]/g, ' '));
      at = n.getEnd();
    } else ts.forEachChild(n, visit);
  };
  visit(sf);
  parts.push(text.slice(at));
  return parts.join('');
}

test('every package the shipped code imports is a runtime dependency', () => {
  const pkg = JSON.parse(readFileSync(path.join(user, 'node_modules', 'wasi-migrate', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const declared = new Set(Object.keys(pkg.dependencies));
  const builtins = new Set(builtinModules);
  const missing = new Set<string>();
  for (const f of files.filter((x) => x.endsWith('.js') || x.endsWith('.d.ts'))) {
    const text = withoutTemplates(readFileSync(path.join(user, 'node_modules', 'wasi-migrate', f), 'utf8'));
    // Static imports and re-exports, import(), require() and require.resolve() of a string.
    for (const m of text.matchAll(/(?:^\s*import\b[^'";]*?\bfrom\s*|^\s*export\b[^'";]*?\bfrom\s*|\bimport\s*\(\s*|\brequire_?\s*\(\s*|\.resolve\(\s*)'([^'\s]+)'/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        // A relative import must land on a file the tarball ships (none of the files left out of it).
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), f.endsWith('.d.ts') ? spec.replace(/\.js$/, '.d.ts') : spec));
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

  test('the library API: import { parseWit, migrateWit, migrateBindings, validate } from wasi-migrate, typed by its .d.ts', () => {
    const d = scratch();
    cpSync(path.join(REPO, 'fixtures', 'wit', 'kv-store', 'input'), path.join(d, 'kv'), { recursive: true });
    mkdirSync(path.join(d, 'proj', 'src'), { recursive: true });
    cpSync(path.join(REPO, 'fixtures', 'components', 'http-hello', 'guest-0.2.js'), path.join(d, 'proj', 'src', 'guest.js'));
    cpSync(path.join(REPO, 'fixtures', 'components', 'timer-worker'), path.join(d, 'timer-worker'), { recursive: true });
    const program = `import { parseWit, migrateWit, migrateBindings, validate, version } from 'wasi-migrate';
const parsed = parseWit('kv');
const [kv] = await migrateWit(['kv']);
const bindings = await migrateBindings('proj');
const [verdict] = await validate(['timer-worker'], { seeds: 2 });
const out: string[] = [version(), String(parsed.diagnostics.length), kv!.result!.changes.map((c) => c.path).join(','), String(kv!.errors.length), bindings.changes.map((c) => c.path).join(','), String(verdict!.ok)];
console.log(out.join(' '));
`;
    writeFileSync(path.join(d, 'use.mts'), program);
    // The .d.ts types it (the real tsc, strict, resolving 'wasi-migrate' through the package's exports)...
    writeFileSync(path.join(d, 'tsconfig.json'), JSON.stringify({ compilerOptions: { noEmit: true, strict: true, skipLibCheck: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [] }, files: ['use.mts'] }));
    const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: d, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // ...and it runs (types stripped by hand: the same program as JavaScript).
    writeFileSync(path.join(d, 'use.mjs'), program.replace('const out: string[] =', 'const out =').replace(/!\./g, '.'));
    const r = spawnSync(path.join(OLDEST.dir, 'node'), ['use.mjs'], { cwd: d, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`${VERSION} 1 store.wit 0 src/guest.js true`);
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

/**
 * action.yml's steps, run the way the runner runs them: each `run:` string of
 * the composite action in bash, with the step's `env:` (inputs substituted),
 * `GITHUB_ACTION_PATH` at this project, `RUNNER_TEMP`, and the `GITHUB_OUTPUT`
 * and `GITHUB_PATH` files, in a temp git repository holding 0.2 WIT in `wit/`.
 * (`actions/setup-node` and `upload-sarif` are GitHub's own actions: not run here.)
 */
describe('the GitHub Action (action.yml) and the pre-commit hooks, in a temp repository', () => {
  interface Step {
    name: string;
    run?: string;
    uses?: string;
    env: Record<string, string>;
  }
  /** The composite steps of action.yml: name, run or uses, env (just this file's simple YAML shapes). */
  function actionSteps(): Step[] {
    const text = readFileSync(path.join(REPO, 'action.yml'), 'utf8');
    const steps: Step[] = [];
    let inEnv = false;
    for (const line of text.slice(text.indexOf('\n  steps:')).split('\n').slice(1)) {
      let m: RegExpExecArray | null;
      if ((m = /^ {4}- (?:name|uses): (.*)$/.exec(line))) {
        steps.push({ name: m[1]!, env: {}, ...(line.includes('uses:') ? { uses: m[1]! } : {}) });
        inEnv = false;
      } else if ((m = /^ {6}(name|run|uses|env|shell|id|if|with):\s*(.*)$/.exec(line))) {
        const step = steps[steps.length - 1]!;
        inEnv = m[1] === 'env';
        if (m[1] === 'name') step.name = m[2]!;
        if (m[1] === 'uses') step.uses = m[2]!;
        if (m[1] === 'run') step.run = m[2]!.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
      } else if (inEnv && (m = /^ {8}([A-Z_]+): (.*)$/.exec(line))) steps[steps.length - 1]!.env[m[1]!] = m[2]!;
    }
    return steps;
  }

  function runner(repo: string) {
    const temp = mkdtempSync(path.join(work, 'runner-temp-'));
    const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_PATH: path.join(temp, 'path') };
    writeFileSync(files.GITHUB_OUTPUT, '');
    writeFileSync(files.GITHUB_PATH, '');
    const outputs = (): Record<string, string> => Object.fromEntries(readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return {
      outputs,
      run(step: Step, inputs: Record<string, string>): Run {
        writeFileSync(files.GITHUB_OUTPUT, '');
        // `${{ inputs.x }}` and `${{ steps.check.outputs.y }}` as the runner expands them.
        const env = Object.fromEntries(
          Object.entries(step.env).map(([k, v]) => [k, v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, n: string) => inputs[n] ?? '').replace(/\$\{\{ steps\.check\.outputs\.([\w-]+) \}\}/g, (_m, n: string) => inputs[`check.${n}`] ?? '')]),
        );
        const added = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean).reverse();
        const PATH = [...added, OLDEST.dir, userPath()].join(path.delimiter);
        const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env, ...files, PATH, RUNNER_TEMP: temp, GITHUB_ACTION_PATH: REPO, GITHUB_WORKSPACE: repo, NO_COLOR: '1' }, timeout: 300000 });
        return { code: r.status, out: r.stdout, err: r.stderr };
      },
    };
  }

  function repoWithWit(): string {
    const repo = mkdtempSync(path.join(work, 'repo-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    cpSync(path.join(REPO, 'fixtures', 'wit', 'kv-store', 'input'), path.join(repo, 'wit'), { recursive: true });
    return repo;
  }

  test('action.yml: setup-node, install, check, upload-sarif, verdict; its shell steps are scripts/action.sh', () => {
    const steps = actionSteps();
    expect(steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/setup-node@v4',
      '"$GITHUB_ACTION_PATH/scripts/action.sh" install',
      '"$GITHUB_ACTION_PATH/scripts/action.sh" check',
      'github/codeql-action/upload-sarif@v3',
      '"$GITHUB_ACTION_PATH/scripts/action.sh" verdict',
    ]);
    expect(readFileSync(path.join(REPO, 'action.yml'), 'utf8')).toMatch(/using: composite/);
  });

  test('pending changes: SARIF written with repository-relative URIs, outputs set, the job fails; after the migration it passes', () => {
    const steps = actionSteps().filter((s) => s.run);
    const repo = repoWithWit();
    const gh = runner(repo);
    const inputs: Record<string, string> = { paths: 'wit', package: path.join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!), sarif: '', 'fail-on-pending': 'true' };
    const install = gh.run(steps[0]!, inputs);
    expect(install.err).not.toMatch(/npm error/);
    expect(install.code).toBe(0);
    expect(install.out.trim().split('\n').pop()).toBe(VERSION);

    const check = gh.run(steps[1]!, inputs);
    expect(check.code).toBe(0); // pending is not an error: the verdict step decides
    const out = gh.outputs();
    expect(out).toMatchObject({ pending: 'true', 'exit-code': '1' });
    const sarif = JSON.parse(readFileSync(out.sarif!, 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    for (const r of sarif.runs[0]!.results) expect(r.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'wit/store.wit', uriBaseId: '%SRCROOT%' });
    const verdict = gh.run(steps[2]!, { ...inputs, 'check.pending': out.pending! });
    expect(verdict.code).toBe(1);
    expect(verdict.out).toMatch(/^::error::/m);
    expect(gh.run(steps[2]!, { ...inputs, 'check.pending': out.pending!, 'fail-on-pending': 'false' }).code).toBe(0);

    // Migrated WIT: nothing pending, the job passes.
    rmSync(path.join(repo, 'wit'), { recursive: true });
    cpSync(path.join(REPO, 'fixtures', 'wit', 'kv-store', 'expected'), path.join(repo, 'wit'), { recursive: true });
    expect(gh.run(steps[1]!, inputs).code).toBe(0);
    expect(gh.outputs()).toMatchObject({ pending: 'false', 'exit-code': '0' });
    expect(gh.run(steps[2]!, { ...inputs, 'check.pending': 'false' }).code).toBe(0);

    // WIT that does not parse is an error whatever fail-on-pending says.
    writeFileSync(path.join(repo, 'wit', 'store.wit'), 'package a:b;\ninterface i {\n  type foo = ;\n}\n');
    const broken = gh.run(steps[1]!, inputs);
    expect(broken.code).toBe(2);
    expect(gh.outputs()['exit-code']).toBe('2');
  });

  test('.pre-commit-hooks.yaml: the check hook fails while changes are pending, the fix hook migrates', () => {
    const text = readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
    const hooks = text.split(/^- /m).slice(1).map((h) => ({
      id: /^id: (.*)$/m.exec(h)![1]!,
      entry: /^ {2}entry: (.*)$/m.exec(h)![1]!,
      args: JSON.parse(/^ {2}args: (.*)$/m.exec(h)![1]!.replace(/(\w[\w/.-]*)/g, '"$1"')) as string[],
      language: /^ {2}language: (.*)$/m.exec(h)![1]!,
      passFilenames: /^ {2}pass_filenames: (.*)$/m.exec(h)?.[1],
    }));
    expect(hooks.map((h) => [h.id, h.language, h.passFilenames])).toEqual([
      ['wasi-migrate-check', 'node', 'false'],
      ['wasi-migrate-fix', 'node', 'false'],
    ]);
    const repo = repoWithWit();
    const hook = (id: string) => {
      const h = hooks.find((x) => x.id === id)!;
      const [cmd, ...rest] = h.entry.split(' ');
      // pre-commit runs `entry args...` with the hook's node environment on PATH.
      const r = spawnSync(cmd!, [...rest, ...h.args], { cwd: repo, encoding: 'utf8', env: { ...process.env, PATH: [path.join(user, 'node_modules', '.bin'), OLDEST.dir, userPath()].join(path.delimiter), NO_COLOR: '1' } });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    expect(hook('wasi-migrate-check').code).toBe(1);
    const fix = hook('wasi-migrate-fix');
    expect(fix.err).toBe('');
    expect(readFileSync(path.join(repo, 'wit', 'store.wit'), 'utf8')).toBe(readFileSync(path.join(REPO, 'fixtures', 'wit', 'kv-store', 'expected', 'store.wit'), 'utf8'));
    expect(hook('wasi-migrate-check').code).toBe(0);
  });
});

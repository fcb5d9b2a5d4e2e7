/**
 * Issue 11: every verdict the CLI prints is one the real toolchain agrees
 * with, and bad trees are refused with a message, never a hang or a stack.
 * The built CLI in a child process, on trees written to temp folders.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateWit } from '../../src/validate/wit-parser.js';
import { BIN, cleanTmps, cli, FIXTURES, git, requireBuiltCli, tmp, tree } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const JCO = path.join(process.cwd(), 'official-wit'); // jco 1.35's snapshot of the official WASI WIT, vendored
const official = (v: string, name: string) => readFileSync(path.join(JCO, v, `wasi-${name}`, 'package.wit'), 'utf8');

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** A committed git repo holding `files` under `p/`; returns the repo root. */
function repo(files: Record<string, string>): string {
  const root = tmp();
  git(root, 'init', '-q');
  write(path.join(root, 'p'), files);
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'init');
  return root;
}

/** The defect-1 tree: a vendored clocks@0.2.3 that another vendored package still uses. */
const CLOCKS_023 = {
  'a.wit': 'package a:b@0.1.0;\ninterface i { use wasi:clocks/wall-clock@0.2.3.{datetime}; stamp: func() -> datetime; }\n',
  'deps/x/x.wit': 'package x:y@0.1.0;\ninterface t { use wasi:clocks/wall-clock@0.2.3.{datetime}; now: func() -> datetime; }\n',
  'deps/clocks/package.wit': official('0.2.12', 'clocks').split('@0.2.12').join('@0.2.3'),
  'deps/io/package.wit': official('0.2.12', 'io').split('@0.2.12').join('@0.2.3'),
};

describe('validated tree = written tree', () => {
  it('a vendored package another kept package still uses: never an ok the real wit-parser refutes', async () => {
    const root = repo(CLOCKS_023);
    const before = tree(root);
    const r = cli(root, ['wit', 'p', '--write']);
    if (r.code === 0) {
      // Written: the tree on disk, exactly as it is, must validate (every reference here is vendored).
      expect(await validateWit({ path: path.join(root, 'p') }, { features: { tag: 'all' } })).toEqual({ ok: true });
    } else {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/wasi:clocks@0\.2\.3/);
      expect(r.err).toMatch(/rule `[a-z-]+`/);
      expect(tree(root)).toEqual(before);
    }
  });

  it('stand-ins are official releases at exactly the referenced version, and the report lists them', () => {
    const root = repo({ 'store.wit': readFileSync(path.join(FIXTURES, 'kv-store', 'input', 'store.wit'), 'utf8') });
    const r = cli(root, ['wit', 'p', '--format', 'json']);
    expect(r.code).toBe(1);
    const unit = JSON.parse(r.out).units[0];
    expect(unit.errors).toEqual([]);
    expect(unit.standIns).toEqual(expect.arrayContaining(['wasi:clocks@0.3.0']));
    for (const s of unit.standIns) expect(s).toMatch(/@0\.3\.0$/);
  });

  it('a reference jco ships no text for at that version is never relabelled: exit 2, nothing written', () => {
    // wasi:clocks@0.2.3 is not vendored; the output keeps it (a review item): no 0.2.12 stands in for it.
    const files = { 'a.wit': 'package a:b@0.1.0;\ninterface i { use wasi:clocks/wall-clock@0.2.3.{datetime}; stamp: func() -> datetime; }\n' };
    const root = repo(files);
    const r = cli(root, ['wit', 'p', '--write']);
    if (r.code === 0) {
      expect(readFileSync(path.join(root, 'p', 'a.wit'), 'utf8')).not.toMatch(/@0\.2\.3/);
    } else {
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/wasi:clocks@0\.2\.3` is referenced but is not in deps\//);
      expect(readFileSync(path.join(root, 'p', 'a.wit'), 'utf8')).toBe(files['a.wit']);
    }
  });
});

describe('--check never goes green early', () => {
  const IO_LEFT = {
    // `error` of wasi:io is used by a record field: no rule rewrites it, so a wasi:io use stays (a review item).
    'a.wit':
      'package a:b@0.1.0;\ninterface i {\n  use wasi:io/error@0.2.12.{error};\n  record failure { cause: error }\n  f: func() -> failure;\n}\n',
    'deps/io/package.wit': official('0.2.12', 'io'),
  };

  it('wasi:io left after --write: --check exits 1 and names the places; a decided marker accepts them', () => {
    const root = repo(IO_LEFT);
    const w = cli(root, ['wit', 'p', '--write']);
    expect(w.code).toBe(0);
    git(root, 'commit', '-qam', 'migrated');
    const c = cli(root, ['wit', 'p', '--check']);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/left for a human: \d+ places? \(a\.wit:\d+ /);
    // The team decides: every review marker becomes a decided one.
    const file = path.join(root, 'p', 'a.wit');
    writeFileSync(file, readFileSync(file, 'utf8').split('wasi-migrate(review)').join('wasi-migrate(decided)'));
    const d = cli(root, ['wit', 'p', '--check']);
    expect(d.out).not.toMatch(/review-marker/);
  });

  it('a deps/ file that does not parse: exit 1, not "nothing to migrate"', () => {
    const root = repo({ 'a.wit': 'package a:b@0.1.0;\ninterface i { f: func(); }\n', 'deps/x/x.wit': 'package x:y@0.1.0;\ninterface t { f: func( }\n' });
    const c = cli(root, ['wit', 'p', '--check']);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/does-not-parse/);
  });

  it('a main file that does not parse: exit 2, its error at a path that opens from where the command ran', () => {
    const root = repo({ 'nested/a.wit': 'package a:b@0.1.0;\ninterface i {\n  f: func(\n}\n' });
    const c = cli(path.join(root, 'p'), ['wit', 'nested', '--check']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('  --> nested/a.wit:4:1\n  |\n4 | }\n  | ^');
  });

  it('a clean 0.3 package passes', () => {
    const root = repo({ 'a.wit': 'package a:b@0.1.0;\ninterface i { f: async func() -> u32; }\n' });
    expect(cli(root, ['wit', 'p', '--check']).code).toBe(0);
  });

  it('a process that ends while the check still waits (on a wasm compile nothing keeps alive) is an error, not a silent 0', () => {
    // Node ends a process whose event loop is empty, pending promises or not (nodejs/node#36616). A compile that never
    // settles and holds nothing open stands in for one: the run waits on wit-parser's instance until nothing is left.
    const root = repo({ 'a.wit': 'package a:b@0.1.0;\ninterface i { f: async func() -> u32; }\n' });
    const never = path.join(root, 'never-compiles.mjs');
    writeFileSync(never, 'WebAssembly.compile = () => new Promise(() => {});\n');
    const r = cli(root, ['wit', 'p', '--check'], { NODE_OPTIONS: `--import=${pathToFileURL(never).href}` });
    expect({ code: r.code, out: r.out }).toEqual({ code: 2, out: '' });
    expect(r.err).toMatch(/^internal error: the process ended before the command finished/m);
  });
});

describe('--check counts review markers left in code', () => {
  it('bindings --check: 1 while a marker is in the code, 0 once it is decided', () => {
    const root = tmp();
    git(root, 'init', '-q');
    write(root, { 'src/a.ts': 'export function f(): number {\n  // wasi-migrate(review): the poll loop was left as it is\n  return 1;\n}\n' });
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'init');
    const c = cli(root, ['bindings', '.', '--check']);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/src\/a\.ts:2 \[review-marker\]/);
    const file = path.join(root, 'src', 'a.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('wasi-migrate(review)', 'wasi-migrate(decided)'));
    expect(cli(root, ['bindings', '.', '--check']).code).toBe(0);
  });
});

describe('@unstable packages are validated with their features active', () => {
  const GATED = `package a:b@0.1.0;
@unstable(feature = exp)
interface i {
  use wasi:io/poll@0.2.12.{pollable};
  resource op {
    subscribe: func() -> pollable;
    get: func() -> option<result<u32, string>>;
  }
  start: func() -> op;
}
@unstable(feature = exp)
world w { export i; }
`;
  it('no "output not validated", and the removed resource shows in the API list', () => {
    const root = repo({ 'a.wit': GATED, 'deps/io/package.wit': official('0.2.12', 'io') });
    const r = cli(root, ['wit', 'p', '--format', 'json']);
    expect(r.code).toBe(1);
    const unit = JSON.parse(r.out).units[0];
    expect(unit.errors).toEqual([]);
    expect(unit.warnings.join('\n')).not.toMatch(/not validated/);
    expect(unit.api.ok).toBe(true);
    expect(unit.api.changes.length).toBeGreaterThan(0);
  });
});

describe('filesystem hygiene: refused with a message, no hang, no stack', () => {
  const base = () => {
    const root = tmp();
    write(path.join(root, 'p'), { 'a.wit': 'package a:b@0.1.0;\ninterface i { f: func(); }\n' });
    return root;
  };
  const refused = (root: string, re: RegExp) => {
    const r = cli(root, ['wit', 'p', '--check']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  it('a symlink out of the package root', () => {
    const root = base();
    mkdirSync(path.join(root, 'p', 'deps'));
    symlinkSync('/', path.join(root, 'p', 'deps', 'root'));
    refused(root, /symlink leads out of the package root/);
  });

  it('symlink loops inside deps/', () => {
    const root = base();
    mkdirSync(path.join(root, 'p', 'deps'));
    symlinkSync('..', path.join(root, 'p', 'deps', 'up'));
    symlinkSync('../deps', path.join(root, 'p', 'deps', 'down'));
    refused(root, /symlink loop/);
  });

  it('a FIFO, a device link and a folder named *.wit', () => {
    const fifo = base();
    execFileSync('mkfifo', [path.join(fifo, 'p', 'x.wit')]);
    refused(fifo, /not a regular file \(a FIFO\)/);
    const dev = base();
    symlinkSync('/dev/zero', path.join(dev, 'p', 'z.wit'));
    refused(dev, /refused/);
    const dir = base();
    mkdirSync(path.join(dir, 'p', 'x.wit'));
    refused(dir, /a folder named like a WIT file/);
  });

  it('a file larger than the loader reads (in the package, in deps/, through a link): refused by its size, not read', () => {
    // Sparse: 300 MiB that take no disk and no time to make; read, they would take the memory.
    const big = (file: string) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '');
      truncateSync(file, 300 * 1024 * 1024);
    };
    const own = base();
    big(path.join(own, 'p', 'big.wit'));
    refused(own, /big\.wit: 314572800 bytes, larger than the 256 MiB a \.wit file may be: refused/);
    const dep = base();
    big(path.join(dep, 'p', 'deps', 'x', 'big.wit'));
    refused(dep, /deps\/x\/big\.wit: 314572800 bytes, larger than the 256 MiB/);
    const linked = base();
    big(path.join(linked, 'p', 'deps', 'real', 'big.bin'));
    symlinkSync('real/big.bin', path.join(linked, 'p', 'deps', 'big.wit'));
    refused(linked, /deps\/big\.wit: 314572800 bytes, larger than the 256 MiB/);
  });

  it('a dangling link', () => {
    const root = base();
    symlinkSync('nowhere.txt', path.join(root, 'p', 'b.wit'));
    refused(root, /dangling symlink/);
  });

  it('an unreadable file: exit 2 naming it, no stack, nothing written', () => {
    const root = base();
    write(path.join(root, 'p'), { 'b.wit': 'package a:b@0.1.0;\ninterface j { g: func(); }\n' });
    // root reads every file whatever its mode: as root, the CLI runs without the capabilities that override file modes.
    const asRoot = process.getuid?.() === 0;
    chmodSync(path.join(root, 'p', 'b.wit'), 0o000);
    const run = (args: string[]) => {
      const r = asRoot
        ? spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, BIN, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
        : spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, err: r.stderr };
    };
    const before = readFileSync(path.join(root, 'p', 'a.wit'), 'utf8');
    for (const args of [['wit', 'p', '--check'], ['wit', 'p', '--write', '--allow-no-vcs'], ['parse', 'p']]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/b\.wit: cannot read: permission denied/);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(path.join(root, 'p', 'a.wit'), 'utf8')).toBe(before);
    chmodSync(path.join(root, 'p', 'b.wit'), 0o644);
  });

  it('invalid UTF-8 is an error at file:line:col', () => {
    const root = base();
    writeFileSync(path.join(root, 'p', 'b.wit'), Buffer.concat([Buffer.from('package a:b@0.1.0;\ninterface j { /* '), Buffer.from([0xff, 0xfe]), Buffer.from(' */ }\n')]));
    refused(root, /b\.wit:2:18: stream did not contain valid UTF-8/);
  });
});

describe('writes keep what the file was', () => {
  const KV = () => readFileSync(path.join(FIXTURES, 'kv-store', 'input', 'store.wit'), 'utf8');

  it('CRLF stays CRLF (inserted lines too), the mode stays, a symlinked target is written through', () => {
    const root = tmp();
    git(root, 'init', '-q');
    write(path.join(root, 'real'), { 'store.wit': KV().replace(/\n/g, '\r\n') });
    chmodSync(path.join(root, 'real', 'store.wit'), 0o600);
    mkdirSync(path.join(root, 'p'));
    symlinkSync('../real/store.wit', path.join(root, 'p', 'store.wit'));
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'init');
    // The link points out of the package root: refused, nothing written.
    const out = cli(root, ['wit', 'p', '--write']);
    expect(out.code).toBe(2);
    // Inside the root: written through.
    const inside = path.join(root, 'real');
    mkdirSync(path.join(inside, 'sub'));
    symlinkSync('../store.wit', path.join(inside, 'sub', 'link.wit'));
    const r = cli(root, ['wit', 'real', '--write', '--allow-dirty']);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(root, 'real', 'store.wit'), 'utf8');
    expect(text).toMatch(/async func/);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(statSync(path.join(root, 'real', 'store.wit')).mode & 0o777).toBe(0o600);
  });

  it('CRLF: the review markers a rule inserts end in CRLF too', () => {
    const root = tmp();
    git(root, 'init', '-q');
    const src = path.join(FIXTURES, 'multi-file', 'input');
    for (const f of readdirSync(src).filter((n) => n.endsWith('.wit'))) write(path.join(root, 'p'), { [f]: readFileSync(path.join(src, f), 'utf8').replace(/\n/g, '\r\n') });
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'init');
    expect(cli(root, ['wit', 'p', '--write']).code).toBe(0);
    const texts = readdirSync(path.join(root, 'p')).filter((n) => n.endsWith('.wit')).map((n) => readFileSync(path.join(root, 'p', n), 'utf8'));
    expect(texts.join('')).toMatch(/wasi-migrate\(review\)[^\n]*\r\n/);
    for (const t of texts) expect(t.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('a read-only target is refused and nothing is written', () => {
    const root = repo({ 'store.wit': KV() });
    chmodSync(path.join(root, 'p', 'store.wit'), 0o444);
    const before = tree(root);
    const r = cli(root, ['wit', 'p', '--write']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/read-only: refused/);
    expect(tree(root)).toEqual(before);
  });

  it('outside a git work tree: refused unless --allow-no-vcs', () => {
    const root = tmp();
    write(path.join(root, 'p'), { 'store.wit': KV() });
    const r = cli(root, ['wit', 'p', '--write']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/outside a git work tree.*--allow-no-vcs/);
    expect(readFileSync(path.join(root, 'p', 'store.wit'), 'utf8')).toBe(KV());
    expect(cli(root, ['wit', 'p', '--write', '--allow-no-vcs']).code).toBe(0);
    expect(readFileSync(path.join(root, 'p', 'store.wit'), 'utf8')).not.toBe(KV());
  });

  it('--out or --patch that cannot be written: checked first, the tree is not touched', () => {
    const root = repo({ 'store.wit': KV() });
    const before = tree(root);
    for (const flag of ['--out', '--patch']) {
      // A folder in the way that is a file: nothing can create it.
      const r = cli(root, ['wit', 'p', '--write', flag, path.join(root, 'p', 'store.wit', 'x')]);
      expect(r.code).toBe(2);
      expect(tree(root)).toEqual(before);
    }
    expect(readdirSync(path.join(root, 'p'))).toEqual(['store.wit']);
  });
});

describe('exit codes and errors', () => {
  it('a folder with no WIT: exit 2', () => {
    const root = tmp();
    mkdirSync(path.join(root, 'empty'));
    const r = cli(root, ['wit', 'empty']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no WIT package here/);
  });

  it('a path that does not exist: exit 2, no stack trace', () => {
    const r = cli(tmp(), ['wit', '/nonexistent']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no such file or directory/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('migrate on a project without wit/: exit 2', () => {
    const root = tmp();
    write(root, { 'src/a.ts': 'export const x = 1;\n' });
    const r = cli(root, ['migrate', '.']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no wit\/ folder/);
  });

  it('validate --seeds must be a positive integer', () => {
    for (const bad of ['abc', '0', '-3', '1.5']) {
      const r = cli(process.cwd(), ['validate', 'fixtures/components/cli-hello', '--seeds', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: --seeds must be a positive integer/);
      expect(r.err).not.toMatch(/internal error/);
    }
  });

  it('bindings on a folder with no code: exit 2', () => {
    const root = tmp();
    write(root, { 'README.md': 'no code here\n' });
    const r = cli(root, ['bindings', '.']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no TypeScript or JavaScript code here/);
  });

  it('bindings on a binary .ts: exit 2 at file:line:col, the file untouched', () => {
    const root = tmp();
    const bytes = Buffer.concat([Buffer.from('export const x = "'), Buffer.from([0xc3, 0x28]), Buffer.from('";\n')]);
    write(root, { 'tsconfig.json': '{ "include": ["src"] }\n' });
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'a.ts'), bytes);
    const r = cli(root, ['bindings', '.', '--write', '--allow-no-vcs']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/a\.ts:1:19: stream did not contain valid UTF-8/);
    expect(readFileSync(path.join(root, 'src', 'a.ts'))).toEqual(bytes);
    expect(existsSync(path.join(root, '.wasi-migrate-txn'))).toBe(false);
  });
});

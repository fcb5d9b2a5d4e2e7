import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateWit, warmUp, lineCol, worldNames } from '../../src/validate/wit-parser.js';
import { officialWitDir, officialWitPackages } from '../../src/wit/official.js';
import { siblingLayout } from '../../src/validate/deps-layout.js';
import { generateTypes } from '../../src/jco/types.js';
import { corpusPath } from '../../src/util/corpus.js';

const CORPUS = corpusPath('wasi');

const VALID = `package test:kv@0.1.0;

interface store {
  get: func(key: string) -> option<list<u8>>;
  set: func(key: string, value: list<u8>);
}

world kv {
  import store;
}
`;

beforeAll(async () => {
  await warmUp();
});

describe('validateWit on in-memory files', () => {
  test('a valid single-file package passes', async () => {
    expect(await validateWit({ files: { 'kv.wit': VALID } })).toEqual({ ok: true });
  });

  test('a valid multi-file package with deps/ passes', async () => {
    const r = await validateWit({
      files: {
        'world.wit': 'package test:app;\n\nworld app {\n  import test:dep/api;\n}\n',
        'deps/dep/api.wit': 'package test:dep;\n\ninterface api {\n  ping: func() -> u32;\n}\n',
      },
    });
    expect(r).toEqual({ ok: true });
  });

  test('a package with no world is valid when it resolves', async () => {
    expect(await validateWit({ files: { 'i.wit': 'package a:b;\ninterface i { f: func(); }\n' } })).toEqual({ ok: true });
  });

  test('a syntax error reports file, line and column', async () => {
    const text = 'package a:b;\n\ninterface i {\n  f: func(x: u32 -> u8;\n}\n';
    const r = await validateWit({ files: { 'bad.wit': text } });
    expect(r).toMatchObject({ ok: false, message: "expected ')', found `->`", file: 'bad.wit', line: 4, col: 18, locatedBy: 'parser' });
  });

  test('a syntax error in one file of a multi-file package', async () => {
    const r = await validateWit({
      files: {
        'a.wit': 'package a:b;\n\ninterface i {\n  f: func();\n}\n',
        'b.wit': 'package a:b;\n\nworld w {\n  import i;\n  export j: interface {\n    g: func() -> ;\n  }\n}\n',
      },
    });
    expect(r).toMatchObject({ ok: false, file: 'b.wit', line: 6, col: 18, locatedBy: 'parser' });
    if (!r.ok) expect(r.message).toContain('failed to parse package: .');
  });

  test('an unknown name reports where it is used', async () => {
    const text = 'package a:b;\n\n// nope is mentioned in a comment\ninterface i {\n  f: func(x: u32) -> nope;\n}\n';
    const r = await validateWit({ files: { 'bad.wit': text } });
    expect(r).toMatchObject({ ok: false, message: 'name `nope` does not exist', file: 'bad.wit', line: 5, col: 22, locatedBy: 'name-search' });
  });

  test('an unknown world is an error, and the instance survives it', async () => {
    const r = await validateWit({ files: { 'kv.wit': VALID } }, { world: 'zzz' });
    expect(r.ok).toBe(false);
    expect(await validateWit({ files: { 'kv.wit': VALID } }, { world: 'kv' })).toEqual({ ok: true });
  });

  test('a stack overflow in wit-component is a refusal, and the next check gets a sound instance', async () => {
    // Resolves (wit-parser accepts it), but flattening the signature recurses once per alias: the wasm's stack runs out.
    const chain = Array.from({ length: 10000 }, (_, i) => `  type t${i} = tuple<${i ? `t${i - 1}` : ''}>;`).join('\n');
    const deep = `package a:b;\n\ninterface i {\n${chain}\n}\n\nworld u {\n  use i.{t9999};\n  import g: func(x: t9999);\n}\n`;
    for (let k = 0; k < 4; k++) {
      const r = await validateWit({ files: { 'deep.wit': deep } });
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^wit-parser crashed \(Maximum call stack size exceeded\)/) });
      expect(await validateWit({ files: { 'kv.wit': VALID } })).toEqual({ ok: true });
      expect((await validateWit({ files: { 'bad.wit': 'package a:b;\nworld w { import nope; }\n' } })).ok).toBe(false);
    }
  });

  test('a missing path is an error, not a crash', async () => {
    const r = await validateWit({ path: '/nonexistent/wit' });
    expect(r.ok).toBe(false);
    expect(await validateWit({ files: { 'kv.wit': VALID } })).toEqual({ ok: true });
  });

  test('a missing dependency is reported', async () => {
    const r = await validateWit({ files: { 'w.wit': 'package a:b;\nworld w { import wasi:clocks/types@0.3.0; }\n', 'x.wit': 'package a:b;\n' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("package 'wasi:clocks@0.3.0' not found");
  });
});

describe('validateWit on a path through a symlink', () => {
  // preview2-shim refuses such a path and wasm-tools panicked on the refusal ("wit-parser crashed"): macOS's tmpdir is one.
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-link-'));
    mkdirSync(path.join(dir, 'real'));
    writeFileSync(path.join(dir, 'real', 'kv.wit'), VALID);
    writeFileSync(path.join(dir, 'real', 'bad.wit'), 'package test:kv@0.1.0;\n\ninterface more {\n  f: func() -> nope;\n}\n');
    mkdirSync(path.join(dir, 'good'));
    writeFileSync(path.join(dir, 'good', 'kv.wit'), VALID);
    symlinkSync(path.join(dir, 'good'), path.join(dir, 'linked-good'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'linked-bad'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a valid package under a symlinked folder passes', async () => {
    expect(await validateWit({ path: path.join(dir, 'linked-good') })).toEqual({ ok: true });
    expect(await validateWit({ path: path.join(dir, 'linked-good', 'kv.wit') })).toEqual({ ok: true });
  });

  test("jco's declarations are generated from there too", async () => {
    const files = await generateTypes({ witPath: path.join(dir, 'linked-good'), world: 'kv', flavour: { kind: 'guest' } });
    expect(Object.keys(files)).toContain('interfaces/test-kv-store.d.ts');
  });

  test('an error there names the path as the user gave it', async () => {
    const r = await validateWit({ path: path.join(dir, 'linked-bad') });
    expect(r).toMatchObject({ ok: false, file: path.join(dir, 'linked-bad', 'bad.wit'), line: 4 });
    if (!r.ok) expect(r.message).not.toContain(`${path.sep}real`);
  });
});

test('lineCol is 1-based', () => {
  expect(lineCol('ab\ncd', 0)).toEqual({ line: 1, col: 1 });
  expect(lineCol('ab\ncd', 4)).toEqual({ line: 2, col: 2 });
});

describe('official WIT shipped by jco', () => {
  test('officialWitDir finds each version', () => {
    for (const v of ['0.2.10', '0.2.12', '0.3.0'] as const) expect(existsSync(officialWitDir(v))).toBe(true);
  });

  const pkgs03 = Object.keys(officialWitPackages('0.3.0'));
  test('jco ships the six 0.3.0 packages', () => {
    expect(pkgs03).toEqual(['cli', 'clocks', 'filesystem', 'http', 'random', 'sockets']);
  });

  test.each(pkgs03)('0.3.0 %s validates with its siblings as deps', async (pkg) => {
    const layout = await siblingLayout(officialWitDir('0.3.0'), `wasi-${pkg}`);
    try {
      expect(await validateWit({ path: layout.dir })).toEqual({ ok: true });
    } finally {
      await layout.dispose();
    }
  });
});

const corpus0212 = path.join(CORPUS, '0.2.12');
const corpusPkgs = existsSync(corpus0212) ? readdirSync(corpus0212).sort() : [];
(corpusPkgs.length ? describe : describe.skip)('corpus 0.2.12', () => {
  test.each(corpusPkgs)('%s validates with its siblings as deps', async (pkg) => {
    const layout = await siblingLayout(corpus0212, pkg);
    try {
      expect(await validateWit({ path: layout.dir })).toEqual({ ok: true });
    } finally {
      await layout.dispose();
    }
  });
});

describe('worlds of nested package blocks', () => {
  const UI = corpusPath('wit-parser-ui');
  // wit-parser's own passing cases whose file holds worlds in nested `package x { ... }` blocks: those worlds are the
  // nested packages', and naming them for the main package made wit-parser refuse each case.
  const cases = ['packages-multiple-nested.wit', 'packages-nested-colliding-decl-names.wit', 'packages-nested-internal-references.wit', 'packages-nested-with-semver.wit', 'packages-single-nested.wit'];

  test.each(cases)('%s (a wit-parser passing case) is accepted', async (name) => {
    expect(existsSync(path.join(UI, `${name}.json`))).toBe(true);
    expect(await validateWit({ path: path.join(UI, name) })).toEqual({ ok: true });
  });

  test('only the worlds outside braces are the main package\'s', () => {
    expect(worldNames(['package a:b;\nworld top {}\npackage c:d {\n  world inner { import x; }\n}\n// world commented {}\n'])).toEqual(['top']);
    // A world right after a closing brace is outside it.
    expect(worldNames(['package a:b;\ninterface i {}world after {}\n'])).toEqual(['after']);
    // A keyword is a world name only as `%async`, and only so does wit-parser select it.
    expect(worldNames(['package a:b;\nworld %async {}\nworld %plain {}\n'])).toEqual(['%async', '%plain']);
  });

  test('a world named by a keyword (`%async`) is checked, not refused', async () => {
    const text = 'package a:b;\nworld %async {\n  import f: func();\n}\n';
    expect(await validateWit({ files: { 'x.wit': text } })).toEqual({ ok: true });
    expect((await validateWit({ files: { 'x.wit': text.replace('func()', 'func() -> nope') } })).ok).toBe(false);
  });

  test('a world of the main package is still embedded: one wit-parser refuses is refused', async () => {
    const text = 'package a:b;\nworld w { import missing; }\npackage c:d {\n  world inner {}\n}\n';
    expect((await validateWit({ files: { 'x.wit': text } })).ok).toBe(false);
  });
});

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { validateWit, officialWitDir, officialWitPackages, warmUp, lineCol } from '../../src/validate/wit-parser.js';
import { siblingLayout } from '../../src/validate/deps-layout.js';
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

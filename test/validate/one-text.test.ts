/**
 * oneText (src/validate/one-text.ts) hands wit-parser a tree as one text
 * instead of files on disk, with comments left out where that is safe. An
 * accept from it must be an accept on disk: here both forms go to the real
 * wit-parser (jco's componentEmbed, the same worlds) over the WASI corpus
 * and wit-parser's own UI suite, and the trees where merging would change
 * the verdict must not be merged at all.
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMPTY_WORLD_MAX_TYPES, jcoEmbed, validateWit, warmUp, worldNames } from '../../src/validate/wit-parser.js';
import { siblingLayout } from '../../src/validate/deps-layout.js';
import { oneText, typeNodeBound } from '../../src/validate/one-text.js';
import { corpusPath } from '../../src/util/corpus.js';
import { findPackages, loadPackage } from '../../src/migrate/load.js';
import { migrateInput } from '../../src/migrate/run.js';
import { declaredPackages, treeAsWritten } from '../../src/migrate/validate.js';

type Files = Record<string, string>;

/** Every .wit file under dir, by relative path. */
function readTree(dir: string, rel = ''): Files {
  const out: Files = {};
  for (const n of readdirSync(path.join(dir, rel)).sort()) {
    const p = rel ? `${rel}/${n}` : n;
    if (statSync(path.join(dir, p)).isDirectory()) Object.assign(out, readTree(dir, p));
    else if (n.endsWith('.wit')) out[p] = readFileSync(path.join(dir, p), 'utf8');
  }
  return out;
}

const NO_WORLDS = /^The main package `[^`]*` contains no worlds$/;

/** wit-parser's verdict on one input, every world of the main files embedded (as validateWit does). */
async function verdict(input: { witPath: string } | { witSource: string }, mainTexts: string[], features?: { tag: 'all' }): Promise<boolean> {
  const worlds = worldNames(mainTexts);
  if (!worlds.length) {
    const r = await jcoEmbed({ ...input, ...(features ? { features } : {}) });
    return r.ok || NO_WORLDS.test(r.message);
  }
  for (const world of worlds) if (!(await jcoEmbed({ ...input, world, ...(features ? { features } : {}) })).ok) return false;
  return true;
}

async function onDisk(files: Files, features?: { tag: 'all' }): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'one-text-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return await verdict({ witPath: dir }, mainTexts(files), features);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many `//` the texts hold: fewer in the one text than in the files means comments were left out. */
const slashes = (texts: string[]) => texts.reduce((n, t) => n + t.split('//').length - 1, 0);

const mainTexts = (files: Files) => Object.keys(files).filter((p) => !p.includes('/')).sort().map((p) => files[p]!);

/** The verdict of one call selecting an empty world added to the one text (as validateWit makes it for a tree of few types). */
async function emptyWorldVerdict(files: Files, features?: { tag: 'all' }): Promise<boolean> {
  const world = 'zz-empty-world';
  const text = oneText(files, { emptyWorld: world })!;
  expect(text).toContain(`world ${world} {}`);
  return (await jcoEmbed({ witSource: text, world, ...(features ? { features } : {}) })).ok;
}

/**
 * The verdicts on disk and merged (every world embedded), and merged with one empty world selected, when oneText
 * merges the tree; undefined when it does not.
 */
async function both(files: Files, features?: { tag: 'all' }): Promise<{ disk: boolean; memory: boolean; emptyWorld: boolean } | undefined> {
  const text = oneText(files);
  if (text === undefined) return undefined;
  return {
    disk: await onDisk(files, features),
    memory: await verdict({ witSource: text }, mainTexts(files), features),
    emptyWorld: await emptyWorldVerdict(files, features),
  };
}

beforeAll(async () => {
  await warmUp();
});

describe('one text agrees with the tree on disk', () => {
  test('every WASI corpus package with the siblings it uses: merged, and accepted both ways', async () => {
    const root = corpusPath('wasi');
    const seen: string[] = [];
    for (const release of readdirSync(root).filter((r) => statSync(path.join(root, r)).isDirectory())) {
      for (const pkg of readdirSync(path.join(root, release)).filter((p) => statSync(path.join(root, release, p)).isDirectory())) {
        const layout = await siblingLayout(path.join(root, release), pkg);
        try {
          const files = readTree(layout.dir);
          const r = await both(files);
          expect({ pkg: `${release}/${pkg}`, r }).toEqual({ pkg: `${release}/${pkg}`, r: { disk: true, memory: true, emptyWorld: true } });
          // Every comment left out, the main files' and the deps' (no WASI file has one before its header).
          expect({ pkg: `${release}/${pkg}`, comments: slashes([oneText(files)!]) }).toEqual({ pkg: `${release}/${pkg}`, comments: 0 });
          expect(slashes(Object.values(files))).toBeGreaterThan(0);
          // Checked with one call on an empty world (validateWit).
          expect({ pkg: `${release}/${pkg}`, under: typeNodeBound(files) <= EMPTY_WORLD_MAX_TYPES }).toEqual({ pkg: `${release}/${pkg}`, under: true });
          seen.push(`${release}/${pkg}`);
        } finally {
          await layout.dispose();
        }
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(30);
  });

  interface UiCase {
    readonly name: string;
    readonly files: Files;
    /** A parse-fail case. */
    readonly failing: boolean;
  }

  /** wit-parser's UI suite: valid and parse-fail cases, files and folders. */
  function uiTrees(): UiCase[] {
    const ui = corpusPath('wit-parser-ui');
    const trees: UiCase[] = [];
    for (const base of [ui, path.join(ui, 'parse-fail')]) {
      for (const n of readdirSync(base).sort()) {
        const p = path.join(base, n);
        const failing = base !== ui;
        if (statSync(p).isDirectory()) {
          if (n !== 'parse-fail') trees.push({ name: path.relative(ui, p), files: readTree(p), failing });
        } else if (n.endsWith('.wit')) trees.push({ name: path.relative(ui, p), files: { [n]: readFileSync(p, 'utf8') }, failing });
      }
    }
    return trees;
  }

  /**
   * Wherever merged: the same verdict as on disk, and an accept only for a case the suite has as passing (comments
   * change no verdict, so one added to every line keeps a failing case failing). Returns the counts for the caller.
   */
  async function checkUi(trees: UiCase[]) {
    const n = { merged: 0, accepted: 0, stripped: 0, failingStripped: 0, gatedWorlds: 0 };
    const wrong: string[] = [];
    for (const t of trees) {
      const r = await both(t.files);
      if (!r) continue;
      n.merged++;
      if (r.disk) n.accepted++;
      if (r.disk !== r.memory) wrong.push(`${t.name}: on disk ${r.disk ? 'accepted' : 'rejected'}, merged ${r.memory ? 'accepted' : 'rejected'}`);
      // A world gated off by a feature is not there to select: the per-world check refuses a tree wit-parser accepts
      // (a passing case of the suite, accepted on disk with every feature on), which the empty world does not.
      if (!r.disk && r.emptyWorld && !t.failing && (await onDisk(t.files, { tag: 'all' }))) n.gatedWorlds++;
      else if (r.disk !== r.emptyWorld) wrong.push(`${t.name}: on disk ${r.disk ? 'accepted' : 'rejected'}, merged with an empty world ${r.emptyWorld ? 'accepted' : 'rejected'}`);
      if (r.memory && t.failing) wrong.push(`${t.name}: a parse-fail case, accepted merged`);
      if (slashes([oneText(t.files)!]) < slashes(Object.values(t.files))) {
        n.stripped++;
        if (t.failing) n.failingStripped++;
      }
    }
    expect(wrong).toEqual([]);
    return n;
  }

  test("wit-parser's UI suite: wherever merged, the same verdict, and accepted only if a passing case", async () => {
    const trees = uiTrees();
    const n = await checkUi(trees);
    // Most of the suite is merged (the rest goes to disk), valid and invalid trees among them.
    expect(n.merged).toBeGreaterThan(trees.length / 2);
    expect(n.accepted).toBeGreaterThan(20);
    expect(n.merged - n.accepted).toBeGreaterThan(20);
    // Few of its comments can go (most are a `// parse-fail` before the header): the next test adds some.
    expect(n.failingStripped).toBeGreaterThanOrEqual(3);
    // feature-gates.wit is one such.
    expect(n.gatedWorlds).toBeGreaterThanOrEqual(1);
  });

  test("third-party trees, as they are and as the migration writes them: wherever merged, the same verdict", async () => {
    // As `wit --check` hands them over: with the stand-ins treeAsWritten adds, every feature on.
    const all = { tag: 'all' } as const;
    const n = { trees: 0, merged: 0, accepted: 0 };
    const wrong: string[] = [];
    for (const dir of ['wit', 'code']) {
      for (const pkg of findPackages(path.join(corpusPath('thirdparty'), dir))) {
        const input = loadPackage(pkg);
        const res = migrateInput(input);
        const vendored = declaredPackages(input.depFiles);
        for (const [side, t] of [['input', treeAsWritten(input.files, input.depFiles, vendored)], ['output', treeAsWritten(res.files, res.depFiles, vendored)]] as const) {
          if (t.missing.length) continue;
          n.trees++;
          const r = await both(t.files, all);
          if (!r) continue;
          n.merged++;
          if (r.disk) n.accepted++;
          if (r.memory !== r.disk || r.emptyWorld !== r.disk) wrong.push(`${pkg.label} (${side}): ${JSON.stringify(r)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(n.trees).toBeGreaterThanOrEqual(20);
    expect(n.merged).toBeGreaterThan(n.trees / 2);
    expect(n.accepted).toBeGreaterThan(n.merged / 2);
  }, 120_000);

  test('the UI suite with a line comment ending every line: the same verdicts, the comments left out', async () => {
    const commented = (files: Files): Files =>
      Object.fromEntries(Object.entries(files).map(([p, t]) => [p, t.replace(/\n/g, ' // note\n')]));
    const trees = uiTrees().map((t) => ({ ...t, files: commented(t.files) }));
    const n = await checkUi(trees);
    expect(n.merged).toBeGreaterThan(trees.length / 2);
    expect(n.stripped).toBeGreaterThan(n.merged * 0.9);
    expect(n.failingStripped).toBeGreaterThan(100);
  });
});

describe('trees whose merge could change the verdict are not merged', () => {
  const dep = { 'deps/dep/api.wit': 'package test:dep;\ninterface api { type t = u32; }\n' };
  const cases: { name: string; files: Files }[] = [
    {
      // Top-level `use` is scoped to its file: b.wit never imported `api`.
      name: 'a top-level use in one file of several',
      files: { 'a.wit': 'package test:app;\nuse test:dep/api;\n', 'b.wit': 'interface i { use api.{t}; }\nworld w { import i; }\n', ...dep },
    },
    {
      name: 'two package headers with doc comments',
      files: { 'a.wit': '/// one\npackage test:app;\nworld w {}\n', 'b.wit': '/// two\npackage test:app;\ninterface i {}\n' },
    },
    {
      // Every comment before an item is its docs to wit-parser, not only `///` and `/**`.
      name: 'two package headers with plain comments',
      files: { 'a.wit': '// one\npackage test:app;\nworld w {}\n', 'b.wit': '/* two */\npackage test:app;\ninterface i {}\n' },
    },
    {
      // wit-parser panics on `/**/` as the header's docs; merged, it would precede the `use`, which keeps no docs.
      name: 'an empty block comment before the header',
      files: { 'a.wit': '/**/\npackage test:app;\nuse test:dep/api;\nworld w {}\n', ...dep },
    },
    {
      // The lexer refuses it anywhere, comments included.
      name: 'a comment holding a bidirectional override',
      files: { 'a.wit': 'package test:app;\n// \u202e\nworld w {}\n' },
    },
    {
      name: 'an attribute on a nested package',
      files: { 'a.wit': 'package test:app;\nworld w {}\n@since(version = 1.0.0)\npackage test:other@1.0.0 { interface i {} }\n' },
    },
    {
      name: 'headers that differ',
      files: { 'a.wit': 'package test:app;\nworld w {}\n', 'b.wit': 'package test:other;\ninterface i {}\n' },
    },
    {
      // wit-parser reads deps/<dir>/*.wit only: the deeper file is not there for it.
      name: 'a dep file deeper than deps/<dir>/',
      files: { 'a.wit': 'package test:app;\nworld w { import test:dep/api; }\n', 'deps/dep/sub/api.wit': dep['deps/dep/api.wit'] },
    },
  ];
  for (const c of cases) {
    test(`${c.name}: rejected on disk, and left to the disk check`, async () => {
      expect(await onDisk(c.files)).toBe(false);
      expect(oneText(c.files)).toBeUndefined();
    });
  }

  test('a top-level use in a single-file package is merged, and agrees', async () => {
    const files = { 'a.wit': 'package test:app;\nuse test:dep/api;\ninterface i { use api.{t}; }\nworld w { import i; }\n', ...dep };
    expect(await both(files)).toEqual({ disk: true, memory: true, emptyWorld: true });
  });
});

describe('comments are left out only where that is safe', () => {
  const kept = async (files: Files, comments: string[], gone: string[] = []) => {
    const text = oneText(files)!;
    for (const c of comments) expect(text).toContain(c);
    for (const c of gone) expect(text).not.toContain(c);
    const r = await both(files);
    expect(r!.memory).toBe(r!.disk);
    expect(r!.emptyWorld).toBe(r!.disk);
  };

  test('plain line comments go, their line ends stay, runs of white space shrink to one', async () => {
    const files = {
      'a.wit': 'package test:app // in the header\n;\n/// the world\nworld w { // w\r\n  import i; }\n// last',
      'b.wit': 'interface i {}\n',
    };
    await kept(files, ['world w { \r\n import i; }\n'], ['the world', '// w', 'last', '  ']);
  });

  test('a file with a comment holding a non-ASCII character is kept as written', async () => {
    await kept({ 'a.wit': 'package test:app;\n/// the world\nworld w {}\n// café\n' }, ['/// the world', '// café']);
  });

  test('a file with a block comment is kept as written', async () => {
    await kept({ 'a.wit': 'package test:app;\n/// the world\nworld w {}\n/* block */\n' }, ['/// the world', '/* block */']);
  });

  test('comments before a package header, top-level or nested, stay; the rest of the file goes', async () => {
    await kept(
      {
        'a.wit':
          '/// the app\npackage test:app;\n/// the world\nworld w { import test:dep/api; }\n' +
          '/// other\n// more\npackage test:other { /// i\ninterface i {} }\n',
        'deps/dep.wit': '// the dep\npackage test:dep;\n/// api\ninterface api {}\n',
      },
      ['/// the app', '/// other\n// more\n', '// the dep'],
      ['the world', '/// i', '/// api'],
    );
  });
});

describe('one call on an empty world stands for a call per world only where no chain of types is long', () => {
  const dep = { 'deps/dep/api.wit': 'package test:dep;\ninterface api { type t = u32; }\n' };
  /** A package whose world passes a chain of `n` types, `shape` each link, with a dep (so oneText merges it). */
  const chain = (shape: 'record' | 'tuple' | 'use', n: number): Files => {
    let items = '';
    if (shape === 'use') {
      items = 'interface i0 { record t { a: u8 } }\n';
      for (let k = 1; k <= n; k++) items += `interface i${k} { use i${k - 1}.{t}; }\n`;
      items += `interface f { use i${n}.{t}; f: func(x: t); }\n`;
    } else {
      let defs = shape === 'record' ? 'record t0 { a: u8 }\n' : 'type t0 = u8;\n';
      for (let k = 1; k <= n; k++) defs += shape === 'record' ? `record t${k} { a: t${k - 1} }\n` : `type t${k} = tuple<t${k - 1}>;\n`;
      items = `interface f {\n${defs}f: func(x: t${n}) -> t${n};\n}\n`;
    }
    return { 'a.wit': `package test:app;\n${items}world w { import test:dep/api; export f; }\n`, ...dep };
  };

  test('the bound counts every link of a chain', () => {
    for (const shape of ['record', 'tuple', 'use'] as const) expect(typeNodeBound(chain(shape, 700))).toBeGreaterThanOrEqual(700);
    // Anonymous types: each `<` is one.
    expect(typeNodeBound({ 'a.wit': 'package a:b;\ninterface i { f: func(x: option<list<tuple<u8>>>); }\n' })).toBe(3);
  });

  test('a long chain is embedded world by world: the verdict of a call per world on disk', async () => {
    // From about 5,200 links the world's flattening overflows jco's stack, and from about 7,800 resolve's does too
    // (later once the wasm has been optimised): across that range validateWit must give the per-world verdict.
    for (const shape of ['record', 'tuple'] as const) {
      for (const n of [5400, 6500, 9000]) {
        const files = chain(shape, n);
        expect(typeNodeBound(files)).toBeGreaterThan(EMPTY_WORLD_MAX_TYPES);
        const r = await validateWit({ files });
        expect({ shape, n, ok: r.ok }).toEqual({ shape, n, ok: await onDisk(files) });
      }
    }
  }, 120_000);

  test('a chain under the bound is accepted by every world and by the empty world', async () => {
    for (const shape of ['record', 'tuple', 'use'] as const) {
      const files = chain(shape, 400);
      expect(typeNodeBound(files)).toBeLessThanOrEqual(EMPTY_WORLD_MAX_TYPES);
      expect({ shape, r: await both(files) }).toEqual({ shape, r: { disk: true, memory: true, emptyWorld: true } });
      expect((await validateWit({ files })).ok).toBe(true);
    }
  });

  test("the empty world's name is one the tree does not use", async () => {
    const files = { 'a.wit': 'package test:app;\nworld wasi-migrate-check { import test:dep/api; }\nworld wasi-migrate-check2 {}\n', ...dep };
    expect(await validateWit({ files })).toEqual({ ok: true });
    // A refusal still comes with wit-parser's message and place (from disk).
    const bad = { ...files, 'b.wit': 'package test:app;\ninterface i { f: func(x: nope); }\n' };
    const r = await validateWit({ files: bad });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : `${r.file}:${r.line}`).toBe('b.wit:2');
  });
});

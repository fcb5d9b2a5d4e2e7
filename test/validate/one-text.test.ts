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
import { jcoEmbed, warmUp, worldNames } from '../../src/validate/wit-parser.js';
import { siblingLayout } from '../../src/validate/deps-layout.js';
import { oneText } from '../../src/validate/one-text.js';
import { corpusPath } from '../../src/util/corpus.js';

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
async function verdict(input: { witPath: string } | { witSource: string }, mainTexts: string[]): Promise<boolean> {
  const worlds = worldNames(mainTexts);
  if (!worlds.length) {
    const r = await jcoEmbed(input);
    return r.ok || NO_WORLDS.test(r.message);
  }
  for (const world of worlds) if (!(await jcoEmbed({ ...input, world })).ok) return false;
  return true;
}

async function onDisk(files: Files): Promise<boolean> {
  const dir = mkdtempSync(path.join(tmpdir(), 'one-text-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return await verdict({ witPath: dir }, mainTexts(files));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many `//` the texts hold: fewer in the one text than in the files means comments were left out. */
const slashes = (texts: string[]) => texts.reduce((n, t) => n + t.split('//').length - 1, 0);

const mainTexts = (files: Files) => Object.keys(files).filter((p) => !p.includes('/')).sort().map((p) => files[p]!);

/** Both verdicts, when oneText merges the tree; undefined when it does not. */
async function both(files: Files): Promise<{ disk: boolean; memory: boolean } | undefined> {
  const text = oneText(files);
  if (text === undefined) return undefined;
  return { disk: await onDisk(files), memory: await verdict({ witSource: text }, mainTexts(files)) };
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
          expect({ pkg: `${release}/${pkg}`, r }).toEqual({ pkg: `${release}/${pkg}`, r: { disk: true, memory: true } });
          // Every comment left out, the main files' and the deps' (no WASI file has one before its header).
          expect({ pkg: `${release}/${pkg}`, comments: slashes([oneText(files)!]) }).toEqual({ pkg: `${release}/${pkg}`, comments: 0 });
          expect(slashes(Object.values(files))).toBeGreaterThan(0);
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
    const n = { merged: 0, accepted: 0, stripped: 0, failingStripped: 0 };
    const wrong: string[] = [];
    for (const t of trees) {
      const r = await both(t.files);
      if (!r) continue;
      n.merged++;
      if (r.disk) n.accepted++;
      if (r.disk !== r.memory) wrong.push(`${t.name}: on disk ${r.disk ? 'accepted' : 'rejected'}, merged ${r.memory ? 'accepted' : 'rejected'}`);
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
  });

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
    expect(await both(files)).toEqual({ disk: true, memory: true });
  });
});

describe('comments are left out only where that is safe', () => {
  const kept = async (files: Files, comments: string[], gone: string[] = []) => {
    const text = oneText(files)!;
    for (const c of comments) expect(text).toContain(c);
    for (const c of gone) expect(text).not.toContain(c);
    const r = await both(files);
    expect(r!.memory).toBe(r!.disk);
  };

  test('plain line comments go, their line ends stay', async () => {
    const files = {
      'a.wit': 'package test:app // in the header\n;\n/// the world\nworld w { // w\r\n  import i; }\n// last',
      'b.wit': 'interface i {}\n',
    };
    await kept(files, ['world w { \r\n  import i; }\n'], ['the world', '// w', 'last']);
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

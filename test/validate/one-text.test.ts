/**
 * oneText (src/validate/one-text.ts) hands wit-parser a tree as one text
 * instead of files on disk. An accept from it must be an accept on disk:
 * here both forms go to the real wit-parser (jco's componentEmbed, the same
 * worlds) over the WASI corpus and wit-parser's own UI suite, and the trees
 * where merging would change the verdict must not be merged at all.
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
          const r = await both(readTree(layout.dir));
          expect({ pkg: `${release}/${pkg}`, r }).toEqual({ pkg: `${release}/${pkg}`, r: { disk: true, memory: true } });
          seen.push(`${release}/${pkg}`);
        } finally {
          await layout.dispose();
        }
      }
    }
    expect(seen.length).toBeGreaterThanOrEqual(30);
  });

  test("wit-parser's UI suite (valid and parse-fail, files and folders): wherever merged, the same verdict", async () => {
    const ui = corpusPath('wit-parser-ui');
    const trees: { name: string; files: Files }[] = [];
    for (const base of [ui, path.join(ui, 'parse-fail')]) {
      for (const n of readdirSync(base).sort()) {
        const p = path.join(base, n);
        if (statSync(p).isDirectory()) {
          if (n !== 'parse-fail') trees.push({ name: path.relative(ui, p), files: readTree(p) });
        } else if (n.endsWith('.wit')) trees.push({ name: path.relative(ui, p), files: { [n]: readFileSync(p, 'utf8') } });
      }
    }
    let merged = 0;
    let accepted = 0;
    const disagree: string[] = [];
    for (const t of trees) {
      const r = await both(t.files);
      if (!r) continue;
      merged++;
      if (r.disk) accepted++;
      if (r.disk !== r.memory) disagree.push(`${t.name}: on disk ${r.disk ? 'accepted' : 'rejected'}, merged ${r.memory ? 'accepted' : 'rejected'}`);
    }
    expect(disagree).toEqual([]);
    // Most of the suite is merged (the rest goes to disk), valid and invalid trees among them.
    expect(merged).toBeGreaterThan(trees.length / 2);
    expect(accepted).toBeGreaterThan(20);
    expect(merged - accepted).toBeGreaterThan(20);
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

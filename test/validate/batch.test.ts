/**
 * batchingValidateWit (src/validate/batch.ts) checks the trees of a run that
 * vendor the same deps in one wit-parser call. Each tree's verdict must be
 * the one validateWit gives it alone: here both run over components sharing
 * the official WASI 0.3.0 deps, valid and broken, over trees that name one
 * another's packages (which a shared call would resolve and a tree alone
 * not), and over the third-party code trees as they are and as migrated.
 */
import path from 'node:path';
import { batchingValidateWit } from '../../src/validate/batch.js';
import { jcoEmbed, validateWit, warmUp, type ValidateResult } from '../../src/validate/wit-parser.js';
import { officialWitText } from '../../src/wit/official.js';
import { findPackages, loadPackage } from '../../src/migrate/load.js';
import { migrateInput } from '../../src/migrate/run.js';
import { declaredPackages, treeAsWritten } from '../../src/migrate/validate.js';
import { corpusPath } from '../../src/util/corpus.js';
import { Mulberry32 } from '../../src/util/mulberry32.js';

type Files = Record<string, string>;
const ALL = { features: { tag: 'all' as const } };

/** The official 0.3.0 packages as deps/ folders. */
const deps: Files = Object.fromEntries(
  ['cli', 'clocks', 'filesystem', 'http', 'random', 'sockets'].map((n) => [`deps/wasi-${n}-0.3.0/package.wit`, officialWitText('0.3.0', n)!]),
);

/** A component package `ns:app` with these items, and the shared deps. */
const component = (ns: string, items: string, version = ''): Files => ({
  'app.wit': `package ${ns}:app${version};\n\n${items}\n`,
  ...deps,
});

const service = (ns: string) =>
  component(ns, `interface api {\n  record entry {\n    key: string,\n    value: list<u8>,\n  }\n  get: async func(key: string) -> option<entry>;\n}\n\nworld service {\n  import wasi:clocks/monotonic-clock@0.3.0;\n  export api;\n  export wasi:http/handler@0.3.0;\n}\n`);

/** Every tree checked alone (validateWit) and all of them through one batching check; the calls the batch made. */
async function bothWays(trees: Files[]): Promise<{ alone: ValidateResult[]; batched: ValidateResult[]; calls: number; accepted: number }> {
  const alone: ValidateResult[] = [];
  for (const files of trees) alone.push(await validateWit({ files }, ALL));
  let calls = 0;
  let accepted = 0;
  const check = batchingValidateWit(async (o) => {
    calls++;
    const r = await jcoEmbed(o);
    if (r.ok) accepted++;
    return r;
  });
  const batched = await Promise.all(trees.map((files) => check({ files }, ALL)));
  return { alone, batched, calls, accepted };
}

beforeAll(async () => {
  await warmUp();
});

describe('a batch gives each tree its own verdict', () => {
  test('twelve components sharing the WASI deps: one call, all accepted', async () => {
    const trees = Array.from({ length: 12 }, (_, k) => service(`comp${k}`));
    const r = await bothWays(trees);
    expect(r.batched).toEqual(r.alone);
    expect(r.alone.every((v) => v.ok)).toBe(true);
    expect(r.calls).toBe(1);
  });

  test('broken components among valid ones: the batch is refused, and each tree gets its own verdict and message', async () => {
    const trees = Array.from({ length: 8 }, (_, k) => service(`comp${k}`));
    trees[2] = component('comp2', 'world service {\n  import wasi:clocks/no-such-interface@0.3.0;\n}\n');
    trees[5] = component('comp5', 'interface api {\n  f: func(x: nope);\n}\n');
    const r = await bothWays(trees);
    expect(r.batched).toEqual(r.alone);
    expect(r.alone.map((v) => v.ok)).toEqual([true, true, false, true, true, false, true, true]);
  });

  test('a component that uses another batched component: refused alone, so refused batched', async () => {
    const user = component('user', 'interface consumer {\n  use comp0:app/api.{entry};\n  f: func() -> entry;\n}\n\nworld w {\n  export consumer;\n}\n');
    const trees = [service('comp0'), user, service('comp1')];
    const r = await bothWays(trees);
    expect(r.alone.map((v) => v.ok)).toEqual([true, false, true]);
    expect(r.batched).toEqual(r.alone);
    // Written with `%` and spaces, the name is still seen.
    const escaped = component('user', 'interface consumer {\n  use %comp0 : %app/api.{entry};\n  f: func() -> entry;\n}\n');
    const r2 = await bothWays([service('comp0'), escaped]);
    expect(r2.batched).toEqual(r2.alone);
    expect(r2.alone[1]!.ok).toBe(false);
    // A comment between the tokens of the name hides it from a text search: such a tree is checked alone.
    for (const comment of ['/* x */', '// é\n']) {
      const hidden = component('user', `interface consumer {\n  use comp0${comment}:app/api.{entry};\n  f: func() -> entry;\n}\n`);
      const r3 = await bothWays([service('comp0'), hidden]);
      expect(r3.alone[1]!.ok).toBe(false);
      expect(r3.batched).toEqual(r3.alone);
    }
  });

  test('deps that name a component: each tree gets its own verdict', async () => {
    const extra: Files = { 'deps/extra/extra.wit': 'package ext:dep;\n\ninterface uses {\n  use comp0:app/api.{entry};\n}\n' };
    const trees = [0, 1, 2].map((k) => ({ ...service(`comp${k}`), ...extra }));
    const r = await bothWays(trees);
    expect(r.batched).toEqual(r.alone);
  });

  test('two versions of one package name, and two trees of one name: each its own verdict', async () => {
    const trees = [component('comp', 'interface a {}', '@1.0.0'), component('comp', 'interface a {}', '@2.0.0'), service('comp'), service('other')];
    const r = await bothWays(trees);
    expect(r.batched).toEqual(r.alone);
    expect(r.alone.every((v) => v.ok)).toBe(true);
  });

  test('trees of one name, as components made from one template are: one call, each its own verdict', async () => {
    const trees = Array.from({ length: 10 }, (_, k) => component('component', `interface api${k} {\n  f: func() -> u${k % 2 ? 32 : 64};\n}\n\nworld w {\n  export api${k};\n  import wasi:clocks/monotonic-clock@0.3.0;\n}\n`));
    const r = await bothWays(trees);
    expect(r.alone.every((v) => v.ok)).toBe(true);
    expect(r.batched).toEqual(r.alone);
    expect(r.calls).toBe(1);
  });

  test('a tree that names its own package, whose namespace wit-parser refuses, or whose deps declare its package: its own verdict', async () => {
    const own = (items: string, version = '') => component('comp', items, version);
    const declaring = (header: string): Files => ({ 'deps/x/x.wit': `package ${header};\n\ninterface b {}\n` });
    // Each beside two valid trees of the same deps: a batch that renamed the trap away would accept all three.
    const traps: [Files, Files][] = [
      // Its own package at another version: not found alone.
      [own('interface a {\n  use comp:app/b@2.0.0.{t};\n}\n\ninterface b {\n  type t = u32;\n}\n', '@1.0.0'), {}],
      // Its own package at its version: a dependency cycle alone, written with `%` and spaces too.
      [own('interface a {\n  type t = u32;\n}\n\ninterface b {\n  use %comp : app/a@1.0.0.{t};\n}\n', '@1.0.0'), {}],
      [own('interface a {\n  type t = u32;\n}\n\nworld w {\n  import comp:app/a;\n}\n'), {}],
      // A namespace wit-parser refuses (mixed case; our lexer takes it): renamed, it would be gone.
      [{ 'app.wit': 'package Comp:app;\n\ninterface a {\n  type t = u32;\n}\n\nworld w {\n  export a;\n}\n', ...deps }, {}],
      // Deps that declare the tree's own package ("defined in two different locations" alone), with a comment in the name too.
      [own('interface a {}\n'), declaring('comp:app')],
      [own('interface a {}\n'), declaring('comp /* x */ : app')],
    ];
    for (const [trap, extra] of traps) {
      const trees = [{ ...service('other'), ...extra }, { ...trap, ...extra }, { ...service('third'), ...extra }];
      const r = await bothWays(trees);
      expect(r.alone.map((v) => v.ok)).toEqual([true, false, true]);
      expect(r.batched).toEqual(r.alone);
    }
    // A comment hides a reference to its own package from the renaming: a cycle alone, refused batched too.
    for (const comment of ['/* x */', '// é\n']) {
      const hidden = own(`interface a {\n  type t = u32;\n}\n\ninterface b {\n  use comp${comment}:app/a.{t};\n}\n`);
      const r = await bothWays([service('other'), hidden, service('third')]);
      expect(r.alone.map((v) => v.ok)).toEqual([true, false, true]);
      expect(r.batched).toEqual(r.alone);
    }
    // Comments elsewhere in a main package (kept in the text: not plain ASCII) do not keep it out of a batch.
    const commented = own('// Ünïcode: kept as written.\ninterface a {\n  /* a block */\n  type t = u32;\n}\n');
    const rc = await bothWays([service('other'), commented, service('third')]);
    expect(rc.batched).toEqual(rc.alone);
    expect(rc.alone.every((v) => v.ok)).toBe(true);
    expect(rc.calls).toBe(1);
    // Names like the namespace that are no package path (a field, a parameter, a function): left as they are.
    const look = own('interface a {\n  type app = u32;\n  record r {\n    comp: app,\n  }\n  comp: func(comp: app) -> app;\n}\n');
    const r = await bothWays([service('comp'), look, service('comp')]);
    expect(r.batched).toEqual(r.alone);
    expect(r.alone.every((v) => v.ok)).toBe(true);
    expect(r.calls).toBe(1);
  });

  test('the third-party trees, as they are and as migrated, checked together: the verdicts of each alone', async () => {
    const trees: Files[] = [];
    for (const dir of ['wit', 'code']) {
      for (const pkg of findPackages(path.join(corpusPath('thirdparty'), dir))) {
        const input = loadPackage(pkg);
        const vendored = declaredPackages(input.depFiles);
        const res = migrateInput(input);
        for (const t of [treeAsWritten(input.files, input.depFiles, vendored), treeAsWritten(res.files, res.depFiles, vendored)]) {
          if (!t.missing.length) trees.push(t.files);
        }
      }
    }
    expect(trees.length).toBeGreaterThanOrEqual(20);
    const r = await bothWays(trees);
    expect(r.batched).toEqual(r.alone);
    // Some of them share their deps, their names apart: checked together (4 shared calls for 26 trees when written).
    expect(r.calls).toBeGreaterThan(0);
  }, 120_000);

  test('random components naming one another, missing packages and broken syntax: 40 rounds, each tree its own verdict', async () => {
    // Seeded: the same rounds on every run.
    const prng = new Mulberry32(0x5eed);
    const rand = () => prng.next();
    const pick = <T>(xs: readonly T[]): T => xs[prng.int(xs.length)]!;
    const name = (k: number) => (rand() < 0.2 ? `%c${k} : %app` : `c${k}:app`);
    let trees = 0;
    let calls = 0;
    let accepted = 0;
    for (let round = 0; round < 40; round++) {
      const shared: Files = {
        'deps/a/types.wit': 'package dep:a@1.0.0;\n\ninterface types {\n  record rec {\n    n: u32,\n  }\n}\n',
        'deps/b/more.wit': `package dep:b;\n\ninterface more {\n  use dep:a/types@1.0.0.{rec};\n${rand() < 0.25 ? `  use ${name(prng.int(6))}/api.{t};\n` : ''}}\n`,
      };
      const group: Files[] = [];
      for (let k = 0; k < 6; k++) {
        const own = rand() < 0.15 ? prng.int(6) : k;
        const version = pick(['', '', '@1.0.0', '@2.0.0']);
        const lines = ['interface api {', '  use dep:a/types@1.0.0.{rec};', '  type t = rec;'];
        const kind = rand();
        if (kind < 0.12) lines.push(`  use ${name(prng.int(8))}/api.{t as other};`);
        else if (kind < 0.15) lines.push('  use dep:zz/missing.{x};');
        else if (kind < 0.17) lines.push('  f: func(x: nope);');
        else if (kind < 0.19) lines.push('  f: func(x: u32');
        lines.push('}', '', 'world w {', '  export api;');
        if (rand() < 0.1) lines.push(`  import ${name(prng.int(8))}/api;`);
        if (rand() < 0.2) lines.push('  import dep:b/more;');
        lines.push('}');
        group.push({ 'app.wit': `package c${own}:app${version};\n\n${lines.join('\n')}\n`, ...shared });
      }
      const r = await bothWays(group);
      expect({ round, verdicts: r.batched }).toEqual({ round, verdicts: r.alone });
      trees += group.length;
      calls += r.calls;
      accepted += r.accepted;
    }
    expect(trees).toBe(240);
    // Batches were tried, and some accepted (each tree of those taking the batch's verdict).
    expect(calls).toBeGreaterThan(20);
    expect(accepted).toBeGreaterThan(5);
  }, 120_000);
});

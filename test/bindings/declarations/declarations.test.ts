/**
 * migrateDeclarations on temp projects whose declaration trees were made by
 * real jco from 0.2 WIT: the result must be, byte for byte, what jco
 * generates from the WIT as `wasi-migrate wit --write` migrates it.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateDeclarations, RULE } from '../../../src/bindings/declarations/index.js';
import type { TypesFlavour } from '../../../src/jco/types.js';
import { runMigration, writeReports } from '../../../src/migrate/run.js';
import { applyChanges, cleanup, generateInto, readTree, tmp, vendorWit } from './project.js';

afterAll(cleanup);

const KV = path.resolve('fixtures/wit/kv-store/input');
const APP = path.resolve('fixtures/bindings/declarations-http/wit');

/** The project's WIT migrated by the `wit --write` code path, in a folder of its own. */
async function migratedWit(projectWit: string): Promise<string> {
  const dir = path.join(tmp(), 'wit');
  cpSync(projectWit, dir, { recursive: true });
  const reports = await runMigration([dir], { validate: false });
  for (const r of reports) expect(r.errors).toEqual([]);
  writeReports(reports);
  return dir;
}

interface Case {
  name: string;
  wit: string;
  world: string;
  flavour: TypesFlavour;
  /** Where the tree lives in the project. */
  out: string;
  /** The review the WIT migration leaves, which the tree's result must carry. */
  witReview?: RegExp;
}

const cases: Case[] = [
  { name: 'kv-store, jco guest-types', wit: KV, world: 'kv', flavour: { kind: 'guest' }, out: 'types' },
  { name: 'kv-store, jco types --instantiation async', wit: KV, world: 'kv', flavour: { kind: 'host', instantiation: 'async' }, out: 'src/gen' },
  { name: 'kv-store, jco types --instantiation sync', wit: KV, world: 'kv', flavour: { kind: 'host', instantiation: 'sync' }, out: 'gen' },
  { name: 'http app, jco types', wit: APP, world: 'app', flavour: { kind: 'host' }, out: 'bindings', witReview: /wit\/app\.wit:\d+: `subscribe` was removed/ },
  { name: 'http app, jco guest-types', wit: APP, world: 'app', flavour: { kind: 'guest' }, out: 'types/generated', witReview: /wit\/app\.wit:\d+: `subscribe` was removed/ },
];

describe.each(cases)('$name', ({ wit, world, flavour, out, witReview }) => {
  let project: string;
  let old: Record<string, string>;
  let expected: Record<string, string>;
  beforeAll(async () => {
    project = tmp();
    vendorWit(wit, path.join(project, 'wit'));
    old = await generateInto(path.join(project, 'wit'), world, flavour, path.join(project, out));
    const dir = await migratedWit(path.join(project, 'wit'));
    expected = await generateInto(dir, world, flavour, path.join(tmp(), 'expected'));
  });

  it('brings the tree to exactly what jco generates for the migrated WIT, and leaves the WIT alone', async () => {
    const witBefore = readTree(path.join(project, 'wit'));
    const res = await migrateDeclarations(project);
    expect(res.changes.length).toBeGreaterThan(0);
    for (const c of res.changes) expect(c.rules).toEqual([RULE]);
    if (witReview) {
      expect(res.reviews).toHaveLength(1);
      expect(res.reviews[0]!.message).toMatch(witReview);
    } else expect(res.reviews).toEqual([]);
    // The 0.2 plumbing goes away as files.
    expect(res.changes.filter((c) => c.after === undefined).map((c) => c.path)).toContain(`${out}/interfaces/wasi-io-poll.d.ts`);
    applyChanges(project, res.changes);
    const got = readTree(path.join(project, out));
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [rel, text] of Object.entries(expected)) expect(`${rel}\n${got[rel]}`).toBe(`${rel}\n${text}`);
    expect(readTree(path.join(project, 'wit'))).toEqual(witBefore);
    // Nothing of the old tree survives by accident: every old-only file was deleted.
    for (const rel of Object.keys(old)) if (!(rel in expected)) expect(got[rel]).toBeUndefined();
  });

  it('finds nothing to do on a second run', async () => {
    const again = await migrateDeclarations(project);
    expect(again.changes).toEqual([]);
    expect(again.reviews).toEqual([]);
  });

  it('gives the same tree when the WIT was migrated on disk first (wit --write, then bindings)', async () => {
    const p = tmp();
    vendorWit(wit, path.join(p, 'wit'));
    await generateInto(path.join(p, 'wit'), world, flavour, path.join(p, out));
    writeReports(await runMigration([path.join(p, 'wit')], { validate: false }));
    const res = await migrateDeclarations(p);
    applyChanges(p, res.changes);
    expect(readTree(path.join(p, out))).toEqual(expected);
  });
});

describe('trees it cannot or should not migrate as they are', () => {
  it('reports a tree whose WIT cannot be found and changes nothing', async () => {
    const project = tmp();
    const wit = path.join(tmp(), 'wit');
    vendorWit(KV, wit);
    await generateInto(wit, 'kv', { kind: 'guest' }, path.join(project, 'types'));
    const res = await migrateDeclarations(project);
    expect(res.changes).toEqual([]);
    expect(res.reviews).toHaveLength(1);
    expect(res.reviews[0]).toMatchObject({ rule: RULE, file: 'types/kv.d.ts', line: 1 });
    expect(res.reviews[0]!.message).toMatch(/no WIT found for world acme:kv\/kv@0\.1\.0/);
    // The tree still declares WASI 0.2 for code that will import 0.3: left for a human (`--check` fails), at its
    // first line naming 0.2, until a decision above that line accepts it.
    expect(res.remaining).toEqual([{ kind: 'wasi-0.2', file: 'types/kv.d.ts', line: expect.any(Number), message: expect.stringMatching(/^a WASI 0\.2 reference: .*@0\.2\.0/) }]);
    const f = path.join(project, 'types', 'kv.d.ts');
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.splice(res.remaining![0]!.line - 1, 0, '// wasi-migrate(decided): regenerated by our build from the WIT it keeps elsewhere');
    writeFileSync(f, lines.join('\n'));
    expect((await migrateDeclarations(project)).remaining ?? []).toEqual([]);
  });

  it('finds the WIT in a folder the caller names', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'contracts', 'kv'));
    await generateInto(path.join(project, 'contracts', 'kv'), 'kv', { kind: 'guest' }, path.join(project, 'types'));
    writeFileSync(path.join(project, 'contracts', 'README'), 'not WIT');
    const res = await migrateDeclarations(project, { wit: ['contracts'] });
    expect(res.reviews).toEqual([]);
    expect(res.changes.map((c) => c.path)).toContain('types/interfaces/wasi-clocks-types.d.ts');
  });

  it('reads the package line of the WIT as tokens, as wit-parser does: spaced, with a comment between, or broken over lines', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'guest' }, path.join(project, 'types'));
    const f = path.join(project, 'wit', 'store.wit');
    const solid = readFileSync(f, 'utf8');
    const expected = await migrateDeclarations(project);
    expect(expected.reviews).toEqual([]);
    expect(expected.changes.length).toBeGreaterThan(0);
    for (const header of ['package acme : kv @ 0.1.0;', 'package acme:/* the store */kv@0.1.0;', 'package acme:kv\n  @0.1.0;']) {
      writeFileSync(f, solid.replace('package acme:kv@0.1.0;', header));
      const res = await migrateDeclarations(project);
      expect({ header, reviews: res.reviews }).toEqual({ header, reviews: [] });
      expect(res.changes).toEqual(expected.changes);
    }
  });

  it('reads the worlds of the WIT as wit-parser does: a gate on the world\'s own line, an escaped name; not a nested package\'s world', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'guest' }, path.join(project, 'types'));
    const f = path.join(project, 'wit', 'store.wit');
    const solid = readFileSync(f, 'utf8');
    const expected = await migrateDeclarations(project);
    expect(expected.changes.length).toBeGreaterThan(0);
    for (const line of ['@since(version = 0.1.0) world kv {', 'world %kv {', '/* the store */ world kv {']) {
      writeFileSync(f, solid.replace('world kv {', line));
      const res = await migrateDeclarations(project);
      expect({ line, reviews: res.reviews }).toEqual({ line, reviews: [] });
      expect(res.changes).toEqual(expected.changes);
    }
    // A world of that name in another package of the file is not this package's: the tree's world is not found here.
    writeFileSync(f, `${solid.replace('world kv {', 'world store-only {')}\npackage acme:other {\n  world kv {\n  }\n}\n`);
    const res = await migrateDeclarations(project);
    expect(res.changes).toEqual([]);
    expect(res.reviews.map((r) => r.message)).toEqual([expect.stringMatching(/no WIT found for world acme:kv\/kv@0\.1\.0/)]);
  });

  it('reports a tree whose WIT does not parse and changes nothing', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'guest' }, path.join(project, 'types'));
    const f = path.join(project, 'wit', 'store.wit');
    writeFileSync(f, readFileSync(f, 'utf8').replace('subscribe: func() -> pollable;', 'subscribe: func() -> pollable'));
    const res = await migrateDeclarations(project);
    expect(res.changes).toEqual([]);
    expect(res.reviews).toHaveLength(1);
    expect(res.reviews[0]!.message).toMatch(/^the WIT of wit does not migrate: .*wit\/store\.wit:\d+:\d+: .*declaration tree left as it is$/);
  });

  it('reports hand edits that the regenerated files do not keep', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'host' }, path.join(project, 'gen'));
    const f = path.join(project, 'gen', 'interfaces', 'acme-kv-store.d.ts');
    writeFileSync(f, readFileSync(f, 'utf8').replace('static open(name: string): Bucket;', 'static open(name: string): Bucket; // cached per name'));
    const res = await migrateDeclarations(project);
    expect(res.changes.map((c) => c.path)).toContain('gen/interfaces/acme-kv-store.d.ts');
    const review = res.reviews.find((r) => r.file === 'gen/interfaces/acme-kv-store.d.ts');
    expect(review?.message).toMatch(/not what jco generates/);
  });

  it('keeps a tree without its world file without one, matched to its world by its interface files', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'guest' }, path.join(project, 'types'));
    rmSync(path.join(project, 'types', 'kv.d.ts'));
    const res = await migrateDeclarations(project);
    expect(res.reviews).toEqual([]);
    expect(res.changes.every((c) => c.path.startsWith('types/interfaces/'))).toBe(true);
    applyChanges(project, res.changes);
    const expected = await generateInto(await migratedWit(path.join(project, 'wit')), 'kv', { kind: 'guest' }, path.join(tmp(), 'e'));
    const want = Object.fromEntries(Object.entries(expected).filter(([k]) => k.startsWith('interfaces/')));
    expect(readTree(path.join(project, 'types'))).toEqual(want);
  });

  it('leaves the output of jco transpile as it is, with a review item', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'host', instantiation: 'async' }, path.join(project, 'dist', 'kv'));
    writeFileSync(path.join(project, 'dist', 'kv', 'kv.js'), 'export async function instantiate() {}\n');
    const res = await migrateDeclarations(project);
    expect(res.changes).toEqual([]);
    expect(res.reviews).toEqual([{ rule: RULE, file: 'dist/kv/kv.d.ts', line: 1, messageId: 'transpiled', message: expect.stringMatching(/jco transpile/) }]);
    // A build's output, made again from the migrated component: not left for a human.
    expect(res.remaining ?? []).toEqual([]);
  });

  it('leaves trees with no WASI 0.2 in them alone', async () => {
    const project = tmp();
    const wit = path.join(project, 'wit');
    mkdirSync(wit, { recursive: true });
    writeFileSync(path.join(wit, 'calc.wit'), 'package acme:calc@1.0.0;\n\ninterface ops {\n  add: func(a: u32, b: u32) -> u32;\n}\n\nworld calc {\n  export ops;\n}\n');
    await generateInto(wit, 'calc', { kind: 'host' }, path.join(project, 'gen'));
    // Stale on purpose: still not this tool's business.
    writeFileSync(path.join(project, 'gen', 'interfaces', 'acme-calc-ops.d.ts'), '/** @module Interface acme:calc/ops@1.0.0 **/\nexport function add(a: number): number;\n');
    expect(await migrateDeclarations(project)).toEqual({ changes: [], reviews: [] });
  });
});

describe('one walk finds the trees and the hand-written declarations', () => {
  const HAND = 'declare module "wasi:cli/environment@0.2.3" {\n  export function getEnvironment(): Array<[string, string]>;\n}\n';

  // The trees' walk followed symlinked folders (a link to the project itself: ELOOP, the whole run failed).
  it('follows no symlinked folder: a link back into the project is no loop', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    await generateInto(path.join(project, 'wit'), 'kv', { kind: 'guest' }, path.join(project, 'types'));
    symlinkSync('.', path.join(project, 'again'));
    const res = await migrateDeclarations(project);
    expect(res.reviews).toEqual([]);
    expect(res.changes.length).toBeGreaterThan(0);
    expect(res.changes.every((c) => c.path.startsWith('types/'))).toBe(true);
  });

  // The trees' walk searched dot-folders and the hand-written declarations' skipped them; that one skipped build
  // output, which the trees' walk searches (jco transpile writes there).
  it('searches build output for both, and dot-folders for neither', async () => {
    const project = tmp();
    vendorWit(KV, path.join(project, 'wit'));
    for (const dir of ['out', '.cache']) {
      await generateInto(path.join(project, 'wit'), 'kv', { kind: 'guest' }, path.join(project, dir, 'types'));
      writeFileSync(path.join(project, dir, 'wasi.d.ts'), HAND);
    }
    const res = await migrateDeclarations(project);
    expect(res.changes.length).toBeGreaterThan(0);
    expect(res.changes.every((c) => c.path.startsWith('out/types/'))).toBe(true);
    expect(res.reviews.map((r) => [r.messageId, r.file, r.line])).toEqual([['handWritten', 'out/wasi.d.ts', 1]]);
  });
});

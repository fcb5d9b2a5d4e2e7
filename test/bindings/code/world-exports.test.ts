/**
 * Issue 16 class 4, the world boundary: a port that has to make an exported
 * function async, where the world exports it as a sync `func`, is never a
 * silent mismatch: the function carries a review item naming the WIT export.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import { exportsOfFile, syncExportsOf, worldExports, wasiExports02Of, wasiExportsOf } from '../../../src/bindings/code/world-exports.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wm-exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(path.join(dir, 'world.wit'), `package my:app@0.1.0;

interface api {
  do-thing: func() -> string;
  later: async func() -> string;
}

world app {
  import wasi:http/outgoing-handler@0.2.12;
  export get-result: func() -> string;
  export ready: async func() -> string;
  export api;
  export inline: interface {
    fetch-it: func() -> u16;
  }
}
`);

const guest = `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

function status() {
  const future = handle(new OutgoingRequest(new Fields()));
  future.subscribe().block();
  return future.get().val.val.status();
}

export function getResult() {
  return String(status());
}

export const api = {
  doThing() {
    return String(status());
  },
};

export function helper() {
  return status();
}
`;

it('lists the sync exports of every world by their JavaScript names, with the packages the world imports from', () => {
  const all = worldExports([dir]).syncExports;
  expect(all.map((e) => [e.js, e.wit, e.world])).toEqual([
    ['getResult', 'get-result', 'app'],
    ['api.doThing', 'api.do-thing', 'app'],
    ['inline.fetchIt', 'inline.fetch-it', 'app'],
  ]);
  expect([...all[0]!.imports!]).toEqual(['wasi:http']);
});

it("lists a resource's methods and static funcs of an exported interface as jco's class has them, its constructor and async methods not", () => {
  const files = {
    'world.wit': `package my:app@0.1.0;

interface api {
  resource my-counter {
    constructor();
    inc-by: func(n: u32);
    total: async func() -> u32;
    merge: static func(a: borrow<my-counter>, b: borrow<my-counter>) -> my-counter;
  }
}

world app {
  export api;
}
`,
  };
  expect(syncExportsOf(files).map((e) => [e.js, e.wit])).toEqual([
    ['api.MyCounter.incBy', 'api.my-counter.inc-by'],
    ['api.MyCounter.merge', 'api.my-counter.merge'],
  ]);
});

it('a file can implement only a world that imports from every package it imports from', () => {
  const all = [
    { js: 'getResult', wit: 'get-result', world: 'plain', imports: new Set(['wasi:cli']) },
    { js: 'getResult', wit: 'get-result', world: 'web', imports: new Set(['wasi:cli', 'wasi:http']) },
    { js: 'getResult', wit: 'get-result', world: 'composed' },
  ];
  expect(exportsOfFile(all, new Set(['wasi:http'])).get('getResult')).toEqual({ wit: 'get-result', worlds: ['web', 'composed'] });
  expect(exportsOfFile(all.slice(0, 2), new Set(['wasi:http'])).get('getResult')).toEqual({ wit: 'get-result', worlds: ['web'] });
});

it('an export that must become async is reviewed with the WIT export it breaks; a function the world does not export is not', () => {
  const r = migrateCode({ 'guest.js': guest }, { syncExports: worldExports([dir]).syncExports });
  const text = r.files['guest.js']!;
  expect(text).toContain('export async function getResult()');
  expect(text).toContain('async doThing()');
  expect(text).toContain('export async function helper()');
  const msgs = r.reviews.filter((x) => x.rule === 'bindings/async-callers').map((x) => x.message);
  expect(msgs).toEqual([
    '`getResult` now awaits a WASI 0.3 call, but world `app` exports `get-result` as a sync `func`: make it an `async func` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand',
    '`api.doThing` now awaits a WASI 0.3 call, but world `app` exports `api.do-thing` as a sync `func`: make it an `async func` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand',
  ]);
  expect(r.asyncExports).toEqual([]);
  // Each review sits on the line of its function (the marker is the line above it).
  for (const rv of r.reviews.filter((x) => x.rule === 'bindings/async-callers')) {
    expect(text.split('\n')[rv.line - 1]).toContain('wasi-migrate(review)');
  }
});

it('when the run changes the WIT too, the exports it makes async are named with their world', () => {
  const r = migrateCode({ 'guest.js': guest }, { syncExports: worldExports([dir]).syncExports, changesWit: true });
  expect(r.asyncExports).toEqual([
    { world: 'app', wit: 'get-result' },
    { world: 'app', wit: 'api.do-thing' },
  ]);
  expect(r.reviews.filter((x) => x.rule === 'bindings/async-callers').map((x) => x.message)[0]).toBe(
    "`getResult` now awaits a WASI 0.3 call, so world `app`'s `get-result` becomes an `async func` in the WIT: the component's callers now await it (or keep the export sync by hand)",
  );
});

it('a world that exports a WASI interface imports from its package and what it uses: a file using wasi:http/types and wasi:io there implements it', () => {
  const files = { 'wit/world.wit': `package my:app;

interface api {
  read-it: func() -> string;
}

world app {
  import wasi:filesystem/preopens@0.2.12;
  export api;
  export wasi:http/incoming-handler@0.2.12;
}
` };
  expect(exportsOfFile(syncExportsOf(files), new Set(['wasi:filesystem', 'wasi:http', 'wasi:io'])).get('api.readIt')).toEqual({ wit: 'api.read-it', worlds: ['app'] });
  expect(exportsOfFile(syncExportsOf(files), new Set(['my:other'])).get('api.readIt')).toBeUndefined();
  // wasi:cli/run uses nothing: a world exporting it does not import wasi:http.
  const run = { 'wit/world.wit': files['wit/world.wit'].replace('wasi:http/incoming-handler', 'wasi:cli/run') };
  expect(exportsOfFile(syncExportsOf(run), new Set(['wasi:filesystem', 'wasi:http'])).get('api.readIt')).toBeUndefined();
  const guest = `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { Fields } from 'wasi:http/types@0.2.12';

export const api = {
  readIt() {
    const [[dir]] = getDirectories();
    return String(dir.stat().size);
  },
};

export const headers = () => new Fields();
`;
  const r = migrateCode({ 'guest.js': guest }, { syncExports: syncExportsOf(files), changesWit: true });
  expect(r.files['guest.js']).toContain('async readIt()');
  expect(r.asyncExports).toEqual([{ world: 'app', wit: 'api.read-it' }]);
});

it('the same module as a bundler writes it (every name a `var` or a function, exported by one list) gets the same reviews', () => {
  const bundled = `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';
function status() {
  const future = handle(new OutgoingRequest(new Fields()));
  future.subscribe().block();
  return future.get().val.val.status();
}
function getResult() {
  return String(status());
}
var api = {
  doThing() {
    return String(status());
  }
};
function helper() {
  return status();
}
export {
  api,
  getResult,
  helper
};
`;
  const r = migrateCode({ 'guest.js': bundled }, { syncExports: worldExports([dir]).syncExports });
  expect(r.reviews.filter((x) => x.rule === 'bindings/async-callers').map((x) => x.message.split(':')[0])).toEqual([
    '`getResult` now awaits a WASI 0.3 call, but world `app` exports `get-result` as a sync `func`',
    '`api.doThing` now awaits a WASI 0.3 call, but world `app` exports `api.do-thing` as a sync `func`',
  ]);
});

it('the WASI interfaces a world exports, also through an include of wasi:cli/command or wasi:http/proxy; an export of another `run` does not count', () => {
  const world = (body: string) => ({ 'wit/world.wit': `package my:app;\n\nworld app {\n${body}\n}\n` });
  expect([...wasiExportsOf(world('  export wasi:cli/run@0.2.4;'))]).toEqual(['wasi:cli/run']);
  expect([...wasiExportsOf(world('  export wasi:cli/run@0.3.0;'))]).toEqual(['wasi:cli/run']);
  expect([...wasiExportsOf(world('  include wasi:cli/command@0.2.3;'))]).toEqual(['wasi:cli/run']);
  expect([...wasiExportsOf(world('  include wasi:http/proxy@0.2.3;\n  export wasi:http/incoming-handler@0.2.3;'))]).toEqual(['wasi:http/incoming-handler']);
  expect([...wasiExportsOf(world('  import wasi:cli/run@0.2.4;'))]).toEqual([]);
  expect([...wasiExportsOf(world('  export run: interface {\n    run: func();\n  }'))]).toEqual([]);
  expect([...wasiExportsOf(world('  export my:other/run@1.0.0;'))]).toEqual([]);
  // Without such a world, a module exporting a `run` object and importing nothing from WASI is not touched.
  const guest = { 'guest.ts': 'export const run = {\n  run(): void {},\n};\n' };
  expect(migrateCode(guest, { wasiExports: wasiExportsOf(world('  export run: interface {\n    run: func();\n  }')) }).changes).toEqual([]);
  expect(migrateCode(guest, { wasiExports: wasiExportsOf(world('  export wasi:cli/run@0.2.4;')) }).files['guest.ts']).toContain('async run(): Promise<void>');
});

it('the WASI interfaces a world exports at a 0.2 version; a run the transform cannot port is reported only where 0.2 is in play', () => {
  const world = (body: string) => ({ 'wit/world.wit': `package my:app;\n\nworld app {\n${body}\n}\n` });
  expect([...wasiExports02Of(world('  export wasi:cli/run@0.2.4;'))]).toEqual(['wasi:cli/run']);
  expect([...wasiExports02Of(world('  include wasi:cli/command@0.2.3;'))]).toEqual(['wasi:cli/run']);
  expect([...wasiExports02Of(world('  export wasi:cli/run@0.3.0;'))]).toEqual([]);
  expect([...wasiExports02Of(world('  include wasi:cli/command@0.3.0;'))]).toEqual([]);
  expect([...wasiExports02Of(world('  export wasi:cli/run;'))]).toEqual([]);
  const opaque = { 'guest.ts': "import { makeRun } from 'cli-kit';\n\nexport const run = makeRun();\n" };
  const member = { 'guest.ts': "import { makeRunFn } from 'cli-kit';\n\nexport const run = {\n  run: makeRunFn(),\n};\n" };
  const opts = (body: string) => ({ wasiExports: wasiExportsOf(world(body)), wasiExports02: wasiExports02Of(world(body)) });
  // A project already on 0.3 (its world exports wasi:cli/run@0.3.0, its code imports 0.3.0): no review, on this run or any other.
  for (const files of [opaque, member]) {
    expect(migrateCode(files, opts('  export wasi:cli/run@0.3.0;'))).toMatchObject({ changes: [], reviews: [] });
    const withWasi03 = { 'guest.ts': `import { getArguments } from 'wasi:cli/environment@0.3.0';\n${files['guest.ts']}export const args = getArguments;\n` };
    expect(migrateCode(withWasi03, opts('  export wasi:cli/run@0.3.0;'))).toMatchObject({ changes: [], reviews: [] });
    expect(migrateCode(files, opts('  export wasi:cli/run@0.2.4;')).reviews.map((r) => r.messageId)).toEqual([files === opaque ? 'opaqueRun' : 'runNotAFunction']);
  }
  // A module that imports WASI 0.2 and exports a `run` of its own, in a project whose worlds export no wasi:cli/run: not that export.
  const helper = { 'guest.ts': "import { getArguments } from 'wasi:cli/environment@0.2.3';\nimport { promisify } from 'node:util';\nimport { exec } from 'node:child_process';\n\nexport const run = promisify(exec);\nexport const args = getArguments;\n" };
  const noRun = world('  import wasi:cli/environment@0.2.3;');
  expect(migrateCode(helper, { syncExports: syncExportsOf(noRun), wasiExports: wasiExportsOf(noRun), wasiExports02: wasiExports02Of(noRun) }).reviews).toEqual([]);
});

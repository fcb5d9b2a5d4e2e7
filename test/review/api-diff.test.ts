/**
 * The caller-level change list, computed from the resolved models of a real
 * migration (fixtures/wit, rules and resolver as shipped), and the unit's
 * honest "not computed" when a side does not resolve.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scanDeps } from '../../src/migrate/engine.js';
import { migrateInput, type PackageReport } from '../../src/migrate/run.js';
import type { ApiChange } from '../../src/review/model.js';
import { witReviewReport } from '../../src/review/wit/report.js';
import { FIXTURES } from './helpers.js';

/** Migrates one fixture's input in memory (no validation, nothing written) and returns its API list. */
function api(files: Record<string, string>, label = 'pkg') {
  const input = { label, files, depFiles: {}, extraFiles: {}, deps: scanDeps({}) };
  const report: PackageReport = { pkg: { root: path.join('/nowhere', label), label }, result: migrateInput(input), errors: [], warnings: [], remaining: [], standIns: [] };
  return witReviewReport([report], { cwd: '/nowhere' }).units[0]!.api!;
}

const fixture = (name: string, file: string) => ({ [file]: readFileSync(path.join(FIXTURES, name, 'input', file), 'utf8') });
const find = (changes: readonly ApiChange[], kind: ApiChange['kind'], item: string) => changes.filter((c) => c.kind === kind && c.item === item);

test('kv-store: start/finish pairs became async funcs, the old names point at them, the pollable and wasi:io are gone, imports moved to 0.3.0', () => {
  const a = api(fixture('kv-store', 'store.wit'));
  if (!a.ok) throw new Error(a.reason);
  const c = a.changes;
  expect(find(c, 'became-async', 'acme:kv/store.bucket.get')).toEqual([
    {
      kind: 'became-async',
      item: 'acme:kv/store.bucket.get',
      before: 'start-get: func(key: string) -> result<_, error-code> + finish-get: func() -> result<option<list<u8>>, error-code>',
      after: 'async func(key: string) -> result<option<list<u8>>, error-code>',
    },
  ]);
  expect(find(c, 'removed', 'acme:kv/store.bucket.start-get')[0]!.replacement).toBe('acme:kv/store.bucket.get');
  expect(find(c, 'removed', 'acme:kv/store.bucket.finish-set')[0]!.replacement).toBe('acme:kv/store.bucket.set');
  expect(find(c, 'removed', 'acme:kv/store.pollable')[0]!.note).toMatch(/pollables are gone/);
  expect(find(c, 'moved', 'acme:kv/store.duration')[0]!.replacement).toBe('wasi:clocks/types@0.3.0.duration');
  expect(find(c, 'moved', 'world acme:kv/kv import wasi:clocks/monotonic-clock@0.2.0')[0]!.replacement).toBe('import wasi:clocks/monotonic-clock@0.3.0');
  expect(find(c, 'removed', 'world acme:kv/kv import wasi:io/poll@0.2.0')).toHaveLength(1);
  // `open` kept its signature: not listed.
  expect(c.filter((x) => x.item.endsWith('bucket.open'))).toEqual([]);
  expect(a.notes!.join('\n')).toContain('wasi:io@0.2.0');
});

test('transcoder: parameter and result types that changed, old type and new type', () => {
  const a = api(fixture('transcoder', 'transcoder.wit'));
  if (!a.ok) throw new Error(a.reason);
  expect(find(a.changes, 'type-changed', 'acme:media/transcoder.decode')).toEqual([
    { kind: 'type-changed', item: 'acme:media/transcoder.decode', part: 'param src', before: 'input-stream', after: 'stream<u8>' },
    { kind: 'type-changed', item: 'acme:media/transcoder.decode', part: 'result', before: 'result<input-stream, error-code>', after: 'tuple<stream<u8>, future<result<_, error-code>>>' },
  ]);
  const enc = find(a.changes, 'type-changed', 'acme:media/transcoder.encode-into');
  expect(enc.map((e) => [e.part, e.after])).toEqual([
    ['params', expect.stringMatching(/^data: stream<u8>, /)],
    ['result', 'future<result<_, error-code>>'],
  ]);
});

test('a package that does not resolve gets "not computed" with the reason, not a guess', () => {
  const text = [
    'package acme:broken@0.1.0;',
    'interface api {',
    '  use wasi:io/poll@0.2.0.{pollable};',
    '  use acme:elsewhere/things@1.0.0.{thing};',
    '  resource job {',
    '    start-run: func(t: thing) -> result<_, string>;',
    '    finish-run: func() -> result<u32, string>;',
    '    subscribe: func() -> pollable;',
    '  }',
    '}',
    '',
  ].join('\n');
  const a = api({ 'api.wit': text });
  expect(a.ok).toBe(false);
  if (a.ok) return;
  expect(a.reason).toMatch(/^the package before migration does not resolve: /);
  expect(a.reason).toContain('acme:elsewhere');
});

test('a WASI interface a world imports: what 0.3.0 renamed, removed or put elsewhere inside it (the API map), once however many worlds hold it', () => {
  const text = [
    'package acme:app@0.1.0;',
    'world app {',
    '  import wasi:cli/environment@0.2.3;',
    '  import wasi:clocks/wall-clock@0.2.3;',
    '  import wasi:clocks/monotonic-clock@0.2.3;',
    '  import wasi:sockets/ip-name-lookup@0.2.3;',
    '}',
    'world tool {',
    '  import wasi:cli/environment@0.2.3;',
    '}',
    '',
  ].join('\n');
  const a = api({ 'app.wit': text });
  if (!a.ok) throw new Error(a.reason);
  const c = a.changes;
  expect(find(c, 'renamed', 'wasi:cli/environment@0.2.3.initial-cwd')).toEqual([
    { kind: 'renamed', item: 'wasi:cli/environment@0.2.3.initial-cwd', replacement: 'wasi:cli/environment@0.3.0.get-initial-cwd' },
  ]);
  expect(find(c, 'renamed', 'wasi:clocks/wall-clock@0.2.3.datetime')[0]!.replacement).toBe('wasi:clocks/system-clock@0.3.0.instant');
  expect(find(c, 'moved', 'wasi:clocks/monotonic-clock@0.2.3.duration')[0]!.replacement).toBe('wasi:clocks/types@0.3.0.duration');
  // `now` went with its interface (the world entry's own `moved` line says so); `get-arguments` is the same.
  expect(c.filter((x) => x.item.endsWith('wall-clock@0.2.3.now') || x.item.endsWith('.get-arguments'))).toEqual([]);
  // A removed resource is one line; its methods go with it.
  expect(find(c, 'removed', 'wasi:sockets/ip-name-lookup@0.2.3.resolve-address-stream')).toHaveLength(1);
  expect(c.filter((x) => x.item.startsWith('wasi:sockets/ip-name-lookup@0.2.3.resolve-address-stream.'))).toEqual([]);
  // Where the entry sits: right after the world's own line for the interface.
  const i = c.findIndex((x) => x.item === 'world acme:app/app import wasi:cli/environment@0.2.3');
  expect(c[i + 1]!.item).toBe('wasi:cli/environment@0.2.3.initial-cwd');
});

// wfix5 #4: a package of interfaces alone, whose `use` of a WASI interface the port moved, listed the `use`d type's
// move and nothing of the WASI functions its callers reach through it (`resolution`, now `get-resolution`).
test('a WASI interface a package\'s interface uses: what changed inside it, once, under a line saying where it went', () => {
  const text = [
    'package acme:lib@0.1.0;',
    'interface stamps {',
    '  use wasi:clocks/wall-clock@0.2.3.{datetime};',
    '  stamp: func() -> datetime;',
    '}',
    'interface more-stamps {',
    '  use wasi:clocks/wall-clock@0.2.3.{datetime};',
    '  stamp: func() -> datetime;',
    '}',
    '',
  ].join('\n');
  const a = api({ 'lib.wit': text });
  if (!a.ok) throw new Error(a.reason);
  const c = a.changes;
  expect(find(c, 'moved', 'wasi:clocks/wall-clock@0.2.3')).toEqual([{ kind: 'moved', item: 'wasi:clocks/wall-clock@0.2.3', replacement: 'wasi:clocks/system-clock@0.3.0', note: 'used by acme:lib/stamps' }]);
  expect(find(c, 'renamed', 'wasi:clocks/wall-clock@0.2.3.resolution')).toEqual([
    { kind: 'renamed', item: 'wasi:clocks/wall-clock@0.2.3.resolution', replacement: 'wasi:clocks/system-clock@0.3.0.get-resolution', note: 'returns a duration' },
  ]);
  expect(find(c, 'renamed', 'wasi:clocks/wall-clock@0.2.3.datetime')).toHaveLength(1);
  // `now` went with its interface: the interface's line says so.
  expect(c.filter((x) => x.item.endsWith('wall-clock@0.2.3.now'))).toEqual([]);
});

test('a WASI interface a world imports and an interface uses is listed under the import only', () => {
  const text = [
    'package acme:app@0.1.0;',
    'interface stamps {',
    '  use wasi:clocks/wall-clock@0.2.3.{datetime};',
    '  stamp: func() -> datetime;',
    '}',
    'world app {',
    '  import wasi:clocks/wall-clock@0.2.3;',
    '  export stamps;',
    '}',
    '',
  ].join('\n');
  const a = api({ 'app.wit': text });
  if (!a.ok) throw new Error(a.reason);
  expect(a.changes.filter((x) => x.item === 'wasi:clocks/wall-clock@0.2.3')).toEqual([]);
  expect(find(a.changes, 'renamed', 'wasi:clocks/wall-clock@0.2.3.resolution')).toHaveLength(1);
});

// wprobe7 (/tmp/s45/wprobe7/multiver): a world importing one WASI interface at two versions, merged by the port into
// one 0.3.0 import, listed only the later version's move; the 0.2.0 import vanished from the list.
test('one WASI interface imported at two versions: each import says where it went', () => {
  const text = [
    'package acme:app@0.1.0;',
    'world app {',
    '  import wasi:cli/environment@0.2.0;',
    '  import wasi:cli/environment@0.2.3;',
    '  import wasi:io/streams@0.2.0;',
    '  import wasi:io/streams@0.2.3;',
    '}',
    '',
  ].join('\n');
  const a = api({ 'app.wit': text });
  if (!a.ok) throw new Error(a.reason);
  const c = a.changes;
  for (const v of ['0.2.0', '0.2.3']) {
    expect(find(c, 'moved', `world acme:app/app import wasi:cli/environment@${v}`)[0]!.replacement).toBe('import wasi:cli/environment@0.3.0');
    expect(find(c, 'removed', `world acme:app/app import wasi:io/streams@${v}`)).toHaveLength(1);
  }
});

// wasi-cloud-core (/tmp/s45/wprobe7/cloud-core): a world holding wasi:io 0.2.2 (blobstore's) and 0.2.3 (http's), both
// kept by the port: the first fix of the list above said the 0.2.2 import moved to 0.2.3. Neither moved: neither is listed.
test('one interface held at two versions, both kept: nothing listed for it', () => {
  const text = [
    'package acme:app@0.1.0;',
    'interface old-jobs {',
    '  use wasi:io/poll@0.2.0.{pollable};',
    '  resource job { subscribe: func() -> pollable; }',
    '}',
    'interface jobs {',
    '  use wasi:io/poll@0.2.3.{pollable};',
    '  resource job { subscribe: func() -> pollable; }',
    '}',
    'world app {',
    '  import old-jobs;',
    '  import jobs;',
    '}',
    '',
  ].join('\n');
  const a = api({ 'app.wit': text });
  if (!a.ok) throw new Error(a.reason);
  expect(a.changes.filter((x) => /import wasi:io\/poll@0\.2\.[03]$/.test(x.item))).toEqual([]);
});

// wasi-cloud-core's http-service world includes wasi:http/imports@0.2.3 (kept: 0.3.0 has no such world) and
// wasi:http/proxy@0.2.3 (now wasi:http/service@0.3.0): after the port it imports wasi:http/types at 0.2.3 and 0.3.0.
test('an interface the port adds at 0.3.0 beside the same one kept at 0.2: the 0.3.0 import is added, the 0.2 one stays', () => {
  const text = [
    'package acme:app@0.1.0;',
    'world app {',
    '  include wasi:http/imports@0.2.3;',
    '  include wasi:http/proxy@0.2.3;',
    '}',
    '',
  ].join('\n');
  const a = api({ 'app.wit': text });
  if (!a.ok) throw new Error(a.reason);
  const c = a.changes;
  expect(find(c, 'moved', 'world acme:app/app import wasi:http/types@0.2.3')).toEqual([]);
  expect(find(c, 'added', 'world acme:app/app import wasi:http/types@0.3.0')).toHaveLength(1);
});

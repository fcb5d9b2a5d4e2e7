/**
 * leftovers (src/migrate/leftovers.ts): the places of WASI 0.2 a tree still
 * holds, the `--check` gate's second half. Lines are read with their
 * comments blanked, so what a comment holds is never a place; a decided
 * marker accepts its line, or the whole file above the `package` line.
 */
import { leftovers } from '../../src/migrate/leftovers.js';

/** Each place as `file:line kind shown`, where `shown` is what the message quotes of the line (after its reason). */
const places = (files: Record<string, string>) =>
  leftovers(files).map((r) => `${r.file}:${r.line} ${r.kind} ${r.kind === 'review-marker' ? r.message.slice(r.message.indexOf('wasi-migrate(review)')) : r.message.slice(r.message.indexOf(': ') + 2)}`);

test('a marker, a wasi:io use and a 0.2 reference, each on its line; a decided one is not a place', () => {
  const text = [
    'package my:app@0.1.0;',
    '',
    'interface api {',
    '  // wasi-migrate(review): look at this',
    '  use wasi:io/poll@0.2.0.{pollable};',
    '  use wasi:clocks/monotonic-clock@0.2.3.{instant};',
    '  // wasi-migrate(decided): kept on purpose',
    '  use wasi:cli/environment@0.2.3.{get-environment};',
    '}',
  ].join('\n');
  expect(places({ 'app.wit': text })).toEqual([
    'app.wit:4 review-marker wasi-migrate(review): look at this',
    'app.wit:5 wasi-io use wasi:io/poll@0.2.0.{pollable};',
    'app.wit:6 wasi-0.2 use wasi:clocks/monotonic-clock@0.2.3.{instant};',
  ]);
});

test('a path written with white space or a comment between its tokens (wit-parser takes them) is a place all the same', () => {
  const text = [
    'package my:app@0.1.0;',
    '',
    'interface api {',
    '  use wasi : io / poll @0.2.0.{pollable};',
    '  use wasi:/* host */clocks/monotonic-clock@0.2.3.{instant};',
    '  use wasi:cli /environment @ 0.2.3.{get-environment};',
    '}',
  ].join('\n');
  expect(places({ 'app.wit': text })).toEqual([
    'app.wit:4 wasi-io use wasi : io / poll @0.2.0.{pollable};',
    'app.wit:5 wasi-0.2 use wasi:          clocks/monotonic-clock@0.2.3.{instant};',
    'app.wit:6 wasi-0.2 use wasi:cli /environment @ 0.2.3.{get-environment};',
  ]);
  // Broken across lines: the place is where the path starts.
  const broken = ['package my:app@0.1.0;', 'interface api {', '  use wasi:', '    io/poll@0.2.0.{pollable};', '  use wasi:clocks/ // the host clock', '    monotonic-clock@0.2.3.{instant};', '}'].join('\n');
  expect(places({ 'app.wit': broken })).toEqual([
    'app.wit:3 wasi-io use wasi: io/poll@0.2.0.{pollable};',
    'app.wit:5 wasi-0.2 use wasi:clocks/ monotonic-clock@0.2.3.{instant};',
  ]);
});

// WIT probe p16/p27 (/tmp/s49/wprobe): wit-parser reads \`%io\` as \`io\`; the scans read only unescaped names, so
// \`use wasi:%io/streams@0.2.3\` and a \`wasi:%keyvalue\` draft were no places.
test('a path with %-escaped names is a place as written plain, and a decision keeps its escaped vendored copy', () => {
  const text = ['package my:app@0.1.0;', '', 'interface api {', '  use wasi:%io/streams@0.2.3.{input-stream};', '  use %wasi:%clocks/%monotonic-clock@0.2.3.{instant};', '  use wasi:', '    %cli/environment@0.2.3.{get-environment};', '}'].join('\n');
  expect(places({ 'app.wit': text })).toEqual([
    'app.wit:4 wasi-io use wasi:%io/streams@0.2.3.{input-stream};',
    'app.wit:5 wasi-0.2 use %wasi:%clocks/%monotonic-clock@0.2.3.{instant};',
    'app.wit:6 wasi-0.2 use wasi: %cli/environment@0.2.3.{get-environment};',
  ]);
  const app = (decided: boolean) => ['package my:app@0.1.0;', '', 'world app {', ...(decided ? ['  // wasi-migrate(decided): the host keeps the draft'] : []), '  import wasi:%keyvalue/store@0.2.0-draft;', '}', ''].join('\n');
  const dep = { 'deps/keyvalue/store.wit': 'package wasi:%keyvalue@0.2.0-draft;\n\ninterface store {\n  get: func(key: string) -> option<list<u8>>;\n}\n' };
  expect(places({ 'app.wit': app(true), ...dep })).toEqual([]);
  expect(places({ 'app.wit': app(false), ...dep }).map((p) => p.split(' ').slice(0, 2).join(' '))).toEqual(['app.wit:4 wasi-0.2', 'deps/keyvalue/store.wit:1 wasi-0.2']);
});

test('comments are no places, whatever their line ends; a line a comment only starts on is read up to it', () => {
  const text = ['package my:app;', '/* use wasi:io/poll@0.2.0.{pollable};', 'still wasi:io */ interface a {', '  type t = u32; // wasi:io@0.2.0', '  use wasi:io/poll@0.2.0.{pollable}; /* after', '  */', '}'].join('\r\n');
  expect(places({ 'app.wit': text })).toEqual(['app.wit:5 wasi-io use wasi:io/poll@0.2.0.{pollable};']);
});

test("a main file's own 0.2 `package` line is its version, a dep's is a place", () => {
  const text = 'package wasi:clocks@0.2.3;\n\ninterface c {\n  type instant = u64;\n}\n';
  expect(places({ 'clocks.wit': text })).toEqual([]);
  expect(places({ 'deps/clocks/clocks.wit': text })).toEqual(['deps/clocks/clocks.wit:1 wasi-0.2 package wasi:clocks@0.2.3;']);
});

// credibil/wrt's messaging world (/tmp/s46/wprobe8 wrt-messaging): with its include of wasi:messaging@0.2.0-draft
// decided, --check still listed the vendored copy's `package` line, so passing meant writing a marker into a
// vendored file, which the next fetch overwrites (and a wit-deps lock no longer matches).
test("a decided reference to a proposal with no 0.3 release accepts its vendored copy's `package` line, not a released package's", () => {
  const app = (decided: boolean) => ['package my:app@0.1.0;', '', 'world app {', ...(decided ? ['  // wasi-migrate(decided): the host still provides the draft'] : []), '  include wasi:messaging/imports@0.2.0-draft;', '  // wasi-migrate(decided): kept with it', '  import wasi:clocks/monotonic-clock@0.2.3;', '}', ''].join('\n');
  const deps = {
    'deps/messaging/world.wit': 'package wasi:messaging@0.2.0-draft;\n\nworld imports {\n  import producer;\n}\n',
    'deps/messaging/producer.wit': 'interface producer {\n  send: func(topic: string, body: list<u8>);\n}\n',
    'deps/clocks/clocks.wit': 'package wasi:clocks@0.2.3;\n\ninterface monotonic-clock {\n  type instant = u64;\n}\n',
  };
  expect(places({ 'app.wit': app(true), ...deps })).toEqual(['deps/clocks/clocks.wit:1 wasi-0.2 package wasi:clocks@0.2.3;']);
  expect(places({ 'app.wit': app(false), ...deps })).toEqual([
    'app.wit:4 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): include wasi:messaging/imports@0.2.0-draft;',
    'deps/clocks/clocks.wit:1 wasi-0.2 package wasi:clocks@0.2.3;',
    'deps/messaging/world.wit:1 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): package wasi:messaging@0.2.0-draft;',
  ]);
  // Another version of the proposal is not what the decision keeps.
  expect(places({ 'app.wit': app(true).replace('@0.2.0-draft;', '@0.2.0-draft2;'), 'deps/messaging/world.wit': deps['deps/messaging/world.wit'] })).toEqual(['deps/messaging/world.wit:1 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): package wasi:messaging@0.2.0-draft;']);
});

// wit-parser reads a \`package\` line as tokens (white space and comments between them, over lines): the decided
// reference kept the vendored copy's \`package wasi:messaging@0.2.0-draft;\` only written solid (wfuzz UNFIXED 2), and a
// main file's own 0.2 header broken across lines was a place, where written on one line it is the package's version.
test("a dep's `package` line and a main file's own are read as tokens, however written", () => {
  const app = ['package my:app@0.1.0;', '', 'world app {', '  // wasi-migrate(decided): the host still provides the draft', '  include wasi:messaging/imports@0.2.0-draft;', '}', ''].join('\n');
  const dep = (header: string) => ({ 'app.wit': app, 'deps/messaging/world.wit': `${header}\n\nworld imports {\n  import producer;\n}\n`, 'deps/messaging/producer.wit': 'interface producer {\n  send: func(topic: string, body: list<u8>);\n}\n' });
  for (const header of ['package wasi : messaging @ 0.2.0-draft ;', 'package wasi:/* the draft */messaging@0.2.0-draft;', 'package wasi:\n  messaging@0.2.0-draft;', 'package\n  wasi:messaging@0.2.0-draft;']) {
    expect([header, places(dep(header))]).toEqual([header, []]);
  }
  // The decided reference broken across lines, too.
  expect(places({ ...dep('package wasi:messaging@0.2.0-draft;'), 'app.wit': app.replace('include wasi:messaging/', 'include wasi:\n    messaging/') })).toEqual([]);
  // Another version is still not what the decision keeps, however written.
  expect(places(dep('package wasi : messaging @ 0.2.0-draft2 ;'))).toEqual(['deps/messaging/world.wit:1 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): package wasi : messaging @ 0.2.0-draft2 ;']);
  // A nested block of that package is a copy of it too; of another version, not.
  expect(places(dep('package wasi:messaging@0.2.0-draft {\n  interface extra {}\n}'))).toEqual([]);
  expect(places(dep('package wasi:messaging@0.2.0-draft2 {\n  interface extra {}\n}'))).toEqual(['deps/messaging/world.wit:1 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): package wasi:messaging@0.2.0-draft2 {']);
  const own = (header: string) => ({ 'clocks.wit': `${header}\n\ninterface c {\n  type instant = u64;\n}\n` });
  for (const header of ['package wasi : clocks @ 0.2.3;', 'package wasi:\n  clocks@0.2.3;', 'package\nwasi:clocks@0.2.3;', 'package wasi:clocks/* x */@0.2.3;']) {
    expect([header, places(own(header))]).toEqual([header, []]);
  }
  // What follows the header on its line is still read.
  expect(places(own('package wasi:clocks@0.2.3; interface d { use wasi:io/poll@0.2.3.{pollable}; }'))).toEqual(['clocks.wit:1 wasi-io interface d { use wasi:io/poll@0.2.3.{pollable}; }']);
});

test('a decided marker above the `package` line accepts the whole file; the line is found with comments blanked', () => {
  const dep = (header: string) => ['// wasi-migrate(decided): another dep still needs it', header, '', 'interface poll {', '  use wasi:io/streams@0.2.0.{input-stream};', '}', ''].join('\n');
  expect(places({ 'deps/io/poll.wit': dep('package wasi:io@0.2.0;') })).toEqual([]);
  expect(places({ 'deps/io/poll.wit': dep('/* io */ package wasi:io@0.2.0;') })).toEqual([]);
  // A `package` inside a comment is no package line: the marker is above nothing, and every place stays.
  expect(places({ 'deps/io/poll.wit': dep('/* package wasi:io@0.2.0; */') })).toEqual(['deps/io/poll.wit:5 wasi-io use wasi:io/streams@0.2.0.{input-stream};']);
});

// A component's WIT as \`wasm-tools component wit\` prints it holds each package it uses as a nested block
// (/tmp/s49/wprobe/p4): with the import of wasi:keyvalue@0.2.0-draft decided, --check still listed the block's
// \`package\` line, and a marker above a kept nested block accepted that line, not what the block holds.
test('a decided reference keeps a nested block of its proposal, and a marker above a nested block accepts the block', () => {
  const text = [
    'package my:app@0.1.0;',
    '',
    'world app {',
    '  // wasi-migrate(decided): the host still serves the draft',
    '  import wasi:keyvalue/store@0.2.0-draft;',
    '}',
    '',
    'package wasi:keyvalue@0.2.0-draft {',
    '  interface store {',
    '    get: func(key: string) -> option<list<u8>>;',
    '  }',
    '}',
    '',
    '// wasi-migrate(decided): the blobstore draft still needs it',
    'package wasi:io@0.2.0 {',
    '  interface streams {',
    '    use wasi:io/error@0.2.0.{error};',
    '    resource input-stream { }',
    '  }',
    '}',
    '',
    'package wasi:blobstore@0.2.0-draft {',
    '  interface container {',
    '    use wasi:io/streams@0.2.0.{input-stream};',
    '  }',
    '}',
    '',
  ].join('\n');
  expect(places({ 'app.wit': text })).toEqual([
    'app.wit:22 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): package wasi:blobstore@0.2.0-draft {',
    'app.wit:24 wasi-io use wasi:io/streams@0.2.0.{input-stream};',
  ]);
  // Undecided, each place is listed.
  expect(places({ 'app.wit': text.replace(/ *\/\/ wasi-migrate\(decided\).*\n/g, '') }).map((p) => p.split(' ')[0])).toEqual(['app.wit:4', 'app.wit:7', 'app.wit:13', 'app.wit:15', 'app.wit:20', 'app.wit:22']);
});

// A WIT probe (/tmp/s49/wprobe/p21): the file's header is blank in a main file's code lines, so the first nested
// block's \`package\` line was taken for it, and a marker above that block accepted the whole file: \`wit --check\`
// exited 0 after --write with the package's own wasi:io use, its review markers and an inline wasi:io block left.
test('a decided marker above a nested block does not accept the rest of the file', () => {
  const text = [
    'package my:app@0.1.0;',
    '',
    'interface api {',
    '  // wasi-migrate(review): port by hand',
    '  use wasi:io/poll@0.2.3.{pollable};',
    '}',
    '',
    '// wasi-migrate(decided): the host serves the draft',
    'package wasi:keyvalue@0.2.0-draft {',
    '  interface store {',
    '    use wasi:io/poll@0.2.3.{pollable};',
    '  }',
    '}',
    '',
    'package wasi:io@0.2.3 {',
    '  interface poll {',
    '    resource pollable;',
    '  }',
    '}',
    '',
  ].join('\n');
  expect(places({ 'app.wit': text })).toEqual([
    'app.wit:4 review-marker wasi-migrate(review): port by hand',
    'app.wit:5 wasi-io use wasi:io/poll@0.2.3.{pollable};',
    'app.wit:15 wasi-io package wasi:io@0.2.3 {',
  ]);
  // Above the file's own header, it still accepts the file, and in a file of nested blocks only, the first block.
  expect(places({ 'app.wit': `// wasi-migrate(decided): all of it\n${text}` })).toEqual([]);
  expect(places({ 'deps/kv/kv.wit': text.slice(text.indexOf('// wasi-migrate(decided)')) })).toEqual(['deps/kv/kv.wit:8 wasi-io package wasi:io@0.2.3 {']);
});

test('a 0.2 reference to a proposal 0.3.0 has no release of says there is nothing to move it to', () => {
  const text = ['package my:app@0.1.0;', '', 'world app {', '  import wasi:nn/inference@0.2.0-rc-2024-10-28;', '  import wasi:clocks/monotonic-clock@0.2.3;', '}'].join('\n');
  const [nn, clocks] = leftovers({ 'app.wit': text });
  expect(nn!.message).toBe('a WASI 0.2 reference (wasi:nn has no 0.3 release to move to: if the component keeps it, mark it `// wasi-migrate(decided): why`): import wasi:nn/inference@0.2.0-rc-2024-10-28;');
  expect(clocks!.message).toBe('a WASI 0.2 reference: import wasi:clocks/monotonic-clock@0.2.3;');
});

// wit-parser's own tests include invented packages (`wasi:foo/imports@0.2.3`): they were called proposals with no
// 0.3 release; a proposal the tool ships no WIT of (wasi:config) still is one.
test('a 0.2 reference to a package no WASI release or proposal has is called unknown, not a proposal', () => {
  const text = ['package my:app@0.1.0;', '', 'world app {', '  include wasi:foo/imports@0.2.3;', '  import wasi:config/store@0.2.0-draft;', '}'].join('\n');
  const [foo, config] = leftovers({ 'app.wit': text });
  expect(foo!.message).toBe('a WASI 0.2 reference (wasi:foo is no WASI package wasi-migrate knows: if the component keeps it, mark it `// wasi-migrate(decided): why`): include wasi:foo/imports@0.2.3;');
  expect(config!.message).toBe('a WASI 0.2 reference (wasi:config has no 0.3 release to move to: if the component keeps it, mark it `// wasi-migrate(decided): why`): import wasi:config/store@0.2.0-draft;');
});

// wasi-logging's drafts are numbered below 0.2 (`wasi:logging@0.1.0-draft`): wasi-references reported an import of it
// as it reports `wasi:config@0.2.0-draft` (noRelease), but once that marker was deleted --check passed, and the
// vendored copy's `package` line was no place either (/tmp/s47/wprobe9 logging). A package 0.3.0 has (a made-up
// \`wasi:clocks@0.1.0\`) is left to the map, as wasi-references leaves it.
test('a reference older than 0.2 to a proposal with no 0.3 release is a place as a 0.2 draft is, and a decision keeps its vendored copy', () => {
  const app = (decided: boolean) => ['package my:app@0.1.0;', '', 'world app {', ...(decided ? ['  // wasi-migrate(decided): the host serves this draft'] : []), '  import wasi:logging/logging@0.1.0-draft;', '  import wasi:clocks/wall-clock@0.1.0;', '}', ''].join('\n');
  const dep = { 'deps/logging/world.wit': 'package wasi:logging@0.1.0-draft;\n\nworld imports {\n  import logging;\n}\n', 'deps/logging/logging.wit': 'interface logging {\n  log: func(message: string);\n}\n' };
  expect(places({ 'app.wit': app(false), ...dep })).toEqual([
    'app.wit:4 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): import wasi:logging/logging@0.1.0-draft;',
    'deps/logging/world.wit:1 wasi-0.2 if the component keeps it, mark it `// wasi-migrate(decided): why`): package wasi:logging@0.1.0-draft;',
  ]);
  expect(leftovers({ 'app.wit': app(false) })[0]!.message).toBe('a WASI reference older than 0.2 (wasi:logging has no 0.3 release to move to: if the component keeps it, mark it `// wasi-migrate(decided): why`): import wasi:logging/logging@0.1.0-draft;');
  expect(places({ 'app.wit': app(true), ...dep })).toEqual([]);
  // The main package's own `package` line is its version.
  expect(places({ 'logging.wit': dep['deps/logging/world.wit'] })).toEqual([]);
});

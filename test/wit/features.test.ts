/** Each WIT feature the issue lists, parsed and resolved, checked through the model. */
import * as M from '../../src/wit/model.js';
import { print } from '../../src/wit/printer.js';
import { resolveOk, resolveTexts } from './helpers.js';

const iface = (r: M.Resolve, name: string, pkg?: string): M.Interface => {
  const i = r.interfaces.find((x) => x.name === name && (!pkg || M.packageId(x.package.name) === pkg));
  if (!i) throw new Error(`no interface ${name}`);
  return i;
};
const world = (r: M.Resolve, name: string): M.World => r.worlds.find((w) => w.name === name)!;
const typeName = (t: M.Type | undefined): string =>
  t === undefined ? '-' : typeof t === 'string' ? t : (t.name ?? describeKind(t.kind));
function describeKind(k: M.TypeDefKind): string {
  switch (k.kind) {
    case 'list': return `list<${typeName(k.element)}>`;
    case 'fixed-length-list': return `list<${typeName(k.element)}, ${k.size}>`;
    case 'option': return `option<${typeName(k.type)}>`;
    case 'result': return `result<${typeName(k.ok)}, ${typeName(k.err)}>`;
    case 'tuple': return `tuple<${k.types.map(typeName).join(', ')}>`;
    case 'future': return `future<${typeName(k.type)}>`;
    case 'stream': return `stream<${typeName(k.type)}>`;
    case 'handle': return `${k.handle}<${typeName(k.resource)}>`;
    case 'map': return `map<${typeName(k.key)}, ${typeName(k.value)}>`;
    case 'type': return typeName(k.type);
    default: return k.kind;
  }
}
const keyName = (e: M.WorldEntry): string =>
  e.key.kind === 'name' ? e.key.name : `${M.packageId(e.key.interface.package.name)}/${e.key.interface.name}`;

test('several `package a:b@1.2.3 { }` blocks in one file, referring to each other', () => {
  // wit-parser wants a `package` header even in a file of nested blocks.
  const r = resolveOk(`
package foo:root;
package foo:one@1.2.3 {
  interface types { type id = u64; }
}
package foo:two@0.1.0 {
  interface api {
    use foo:one/types@1.2.3.{id};
    get: func() -> id;
  }
  world w { import api; }
}
`);
  expect(r.packages.map((p) => M.packageId(p.name)).sort()).toEqual(['foo:one@1.2.3', 'foo:root', 'foo:two@0.1.0']);
  const api = iface(r, 'api');
  expect(M.packageId(api.package.name)).toBe('foo:two@0.1.0');
  const id = api.types.get('id')!;
  expect(id.kind).toMatchObject({ kind: 'type' });
  expect(((id.kind as { type: M.TypeDef }).type).owner).toMatchObject({ kind: 'interface' });
  expect(typeName(api.functions.get('get')!.result)).toBe('id');
  // The world imports api and, elaborated, the types interface it uses.
  expect(world(r, 'w').imports.map(keyName).sort()).toEqual(['foo:one@1.2.3/types', 'foo:two@0.1.0/api']);
});

test('use with `as`, at top level and inside interfaces and worlds', () => {
  const r = resolveOk(`
package a:b;
use other as renamed;
interface other { type t = u32; record r { x: u8 } }
interface i {
  use renamed.{t as tee, r};
  f: func(a: tee) -> r;
}
world w {
  use other.{t as wt};
  import f: func(x: wt);
}
`);
  const i = iface(r, 'i');
  expect([...i.types.keys()]).toEqual(['tee', 'r']);
  const tee = i.types.get('tee')!;
  expect(tee.kind.kind).toBe('type');
  const target = (tee.kind as { type: M.TypeDef }).type;
  expect(target.name).toBe('t');
  expect(target.owner).toMatchObject({ kind: 'interface', interface: iface(r, 'other') });
  expect(i.functions.get('f')!.params.map((p) => typeName(p.type))).toEqual(['tee']);
  const w = world(r, 'w');
  expect(w.imports.map(keyName)).toEqual(['a:b/other', 'wt', 'f']);
});

test('include with renames', () => {
  const r = resolveOk(`
package a:b;
world base {
  import a: func();
  export b: func();
}
world top {
  include base with { a as a2, b as b2 }
}
`);
  const top = world(r, 'top');
  expect(top.imports.map(keyName)).toEqual(['a2']);
  expect(top.exports.map(keyName)).toEqual(['b2']);
});

test('resources with constructor, methods, static and async functions', () => {
  const r = resolveOk(`
package a:b;
interface i {
  resource conn {
    constructor(addr: string);
    send: func(data: list<u8>) -> result;
    recv: async func() -> list<u8>;
    open: static func(addr: string) -> conn;
    open-async: static async func() -> own<conn>;
  }
  top: async func();
  sync: func();
}
`);
  const i = iface(r, 'i');
  const conn = i.types.get('conn')!;
  expect(conn.kind.kind).toBe('resource');
  const fns = [...i.functions.values()].map((f) => [f.name, f.kind.kind, f.async]);
  expect(fns).toEqual([
    ['[constructor]conn', 'constructor', false],
    ['[method]conn.send', 'method', false],
    ['[method]conn.recv', 'method', true],
    ['[static]conn.open', 'static', false],
    ['[static]conn.open-async', 'static', true],
    ['top', 'freestanding', true],
    ['sync', 'freestanding', false],
  ]);
  for (const f of i.functions.values()) if (f.kind.kind !== 'freestanding') expect(f.kind.resource).toBe(conn);
  // A method takes `self: borrow<conn>` first; a constructor returns own<conn>.
  const send = i.functions.get('[method]conn.send')!;
  expect(send.params.map((p) => [p.name, typeName(p.type)])).toEqual([['self', 'borrow<conn>'], ['data', 'list<u8>']]);
  expect(typeName(i.functions.get('[constructor]conn')!.result)).toBe('own<conn>');
});

test('types: list, fixed-length list, option, tuple, all result forms, future/stream, borrow/own, error-context', () => {
  const r = resolveOk(`
package a:b;
interface t {
  resource res;
  record all {
    l: list<u8>,
    fixed: list<u32, 4>,
    o: option<string>,
    tu: tuple<u8, s64, char>,
    r0: result,
    r1: result<u32>,
    r2: result<_, string>,
    r3: result<u32, string>,
    f0: future,
    f1: future<u8>,
    s0: stream,
    s1: stream<list<u8>>,
    e: error-context,
    o2: own<res>,
  }
  take: func(b: borrow<res>);
}
`);
  const i = iface(r, 't');
  const all = i.types.get('all')!;
  expect(all.kind.kind).toBe('record');
  const fields = (all.kind as Extract<M.TypeDefKind, { kind: 'record' }>).fields.map((f) => [f.name, typeName(f.type)]);
  expect(fields).toEqual([
    ['l', 'list<u8>'],
    ['fixed', 'list<u32, 4>'],
    ['o', 'option<string>'],
    ['tu', 'tuple<u8, s64, char>'],
    ['r0', 'result<-, ->'],
    ['r1', 'result<u32, ->'],
    ['r2', 'result<-, string>'],
    ['r3', 'result<u32, string>'],
    ['f0', 'future<->'],
    ['f1', 'future<u8>'],
    ['s0', 'stream<->'],
    ['s1', 'stream<list<u8>>'],
    ['e', 'error-context'],
    ['o2', 'own<res>'],
  ]);
  const fixed = (all.kind as Extract<M.TypeDefKind, { kind: 'record' }>).fields[1]!.type as M.TypeDef;
  expect(fixed.kind).toMatchObject({ kind: 'fixed-length-list', size: 4, element: 'u32' });
  expect(typeName(i.functions.get('take')!.params[0]!.type)).toBe('borrow<res>');
});

test('variants, enums, flags and aliases', () => {
  const r = resolveOk(`
package a:b;
interface t {
  variant v { none, some(u32), other(list<string>) }
  enum e { a, b, c }
  flags f { read, write }
  type alias = v;
}
`);
  const i = iface(r, 't');
  expect([...i.types.values()].map((t) => [t.name, t.kind.kind])).toEqual([
    ['v', 'variant'], ['e', 'enum'], ['f', 'flags'], ['alias', 'type'],
  ]);
  const v = i.types.get('v')!.kind as Extract<M.TypeDefKind, { kind: 'variant' }>;
  expect(v.cases.map((c) => [c.name, typeName(c.type)])).toEqual([['none', '-'], ['some', 'u32'], ['other', 'list<string>']]);
  expect((i.types.get('f')!.kind as Extract<M.TypeDefKind, { kind: 'flags' }>).flags.map((f) => f.name)).toEqual(['read', 'write']);
});

test('%-escaped identifiers name keywords', () => {
  const r = resolveOk(`
package %package:%interface;
interface %world {
  record %record { %type: u8 }
  %func: func(%use: %record);
}
world %export { export %world; }
`);
  expect(M.packageId(r.packages[0]!.name)).toBe('package:interface');
  const i = iface(r, 'world');
  expect([...i.types.keys()]).toEqual(['record']);
  expect(i.functions.get('func')!.params[0]!.name).toBe('use');
  expect(world(r, 'export').exports.map(keyName)).toEqual(['package:interface/world']);
});

test('semver versions with pre-release and build parts', () => {
  const r = resolveOk(`
package a:root;
package a:dep@1.0.0-rc.1+build.5 {
  interface x { f: func(); }
}
package a:b@0.2.0-alpha.0 {
  world w { import a:dep/x@1.0.0-rc.1+build.5; }
}
`);
  expect(r.packages.map((p) => p.name.version).filter(Boolean).sort()).toEqual(['0.2.0-alpha.0', '1.0.0-rc.1+build.5']);
  expect(world(r, 'w').imports.map(keyName)).toEqual(['a:dep@1.0.0-rc.1+build.5/x']);
});

describe('gates', () => {
  const text = `
package a:b@1.0.0;

@since(version = 1.0.0)
interface stable {
  @since(version = 1.0.0)
  @deprecated(version = 1.0.0)
  old: func();
  @unstable(feature = shiny)
  new: func();
}

@unstable(feature = shiny)
interface experimental { f: func(); }

world w {
  @since(version = 1.0.0)
  import stable;
  @unstable(feature = shiny)
  import experimental;
}
`;

  test('inactive features leave gated items out; stability is recorded', () => {
    const r = resolveOk(text);
    const s = iface(r, 'stable');
    expect(s.stability).toEqual({ kind: 'stable', since: '1.0.0' });
    expect([...s.functions.keys()]).toEqual(['old']);
    expect(s.functions.get('old')!.stability).toEqual({ kind: 'stable', since: '1.0.0', deprecated: '1.0.0' });
    expect(r.interfaces.map((i) => i.name)).not.toContain('experimental');
    expect(world(r, 'w').imports.map(keyName)).toEqual(['a:b@1.0.0/stable']);
  });

  test('an active feature brings them in', () => {
    for (const r of [resolveOk(text, { features: ['shiny'] }), resolveOk(text, { allFeatures: true })]) {
      const s = iface(r, 'stable');
      expect([...s.functions.keys()]).toEqual(['old', 'new']);
      expect(s.functions.get('new')!.stability).toEqual({ kind: 'unstable', feature: 'shiny' });
      expect(iface(r, 'experimental').stability).toEqual({ kind: 'unstable', feature: 'shiny' });
      expect(world(r, 'w').imports.map(keyName)).toEqual(['a:b@1.0.0/stable', 'a:b@1.0.0/experimental']);
    }
  });
});

test('doc comments (/// and /** */) become docs; plain and nested block comments are collected as wit-parser does', () => {
  const r = resolveOk(`
package a:b;
/// Line docs.
/// Second line.
interface i {
  /** Block docs. */
  f: func();
  /* plain /* nested */ comment */
  g: func();
  //  two
  //    four
  h: func();
}
`);
  const i = iface(r, 'i');
  expect(i.docs).toBe('Line docs.\nSecond line.');
  const docs = Object.fromEntries([...i.functions.values()].map((f) => [f.name, f.docs]));
  // wit-parser (resolve.rs `docs`): strip `/**`..`*/` or leading slashes, trim the end,
  // then remove the least leading whitespace of the non-empty entries.
  expect(docs).toEqual({ f: 'Block docs.', g: '* plain /* nested */ comment */', h: 'two\n  four' });
});

test('a multi-line /** */ doc keeps its lines as wit-parser gives them', () => {
  // wit-parser: the one entry is "\n   * multi\n   *   line" (after trim_end); its leading
  // whitespace ("\n   ", 4 bytes) is not 4 spaces, so nothing is stripped; `lines()` then joins.
  const r = resolveOk('package a:b;\ninterface i {\n  /**\n   * multi\n   *   line\n   */\n  k: func();\n}\n');
  expect(iface(r, 'i').functions.get('k')!.docs).toBe('\n   * multi\n   *   line');
});

test('worlds: imports and exports of interfaces, inline interfaces, functions, types', () => {
  const r = resolveOk(`
package a:b;
interface api { f: func(); }
world w {
  import api;
  import inline: interface { g: func() -> u8; }
  export run: func(args: list<string>) -> result;
  type handle = u32;
  import h: func() -> handle;
  export api;
}
`);
  const w = world(r, 'w');
  expect(w.imports.map((e) => [keyName(e), e.item.kind])).toEqual([
    // wit-parser resolves a world's `use`s and types before its imports and exports.
    ['handle', 'type'], ['a:b/api', 'interface'], ['inline', 'interface'], ['h', 'function'],
  ]);
  expect(w.exports.map((e) => [keyName(e), e.item.kind])).toEqual([['run', 'function'], ['a:b/api', 'interface']]);
  const inline = w.imports[2]!.item as Extract<M.WorldItem, { kind: 'interface' }>;
  expect(inline.interface.name).toBeUndefined();
  expect([...inline.interface.functions.keys()]).toEqual(['g']);
});

test('a folder package with deps/ (folder and single-file deps), use and include across packages', () => {
  const r = resolveTexts({
    'main.wit': 'package app:main;\nworld app {\n  include dep:w/base;\n  import dep:io/streams@0.1.0;\n}\n',
    'deps/io/streams.wit': 'package dep:io@0.1.0;\ninterface streams { resource input-stream; }\n',
    'deps/w.wit': 'package dep:w;\nworld base { import dep:io/streams@0.1.0; export run: func(); }\n',
  });
  expect(r.diagnostics).toEqual([]);
  expect(r.root.map((p) => M.packageId(p.name))).toEqual(['app:main']);
  const app = world(r.resolve!, 'app');
  expect(app.imports.map(keyName)).toEqual(['dep:io@0.1.0/streams']);
  expect(app.exports.map(keyName)).toEqual(['run']);
  // Packages come in dependency order.
  expect(r.resolve!.packages.map((p) => M.packageId(p.name))).toEqual(['dep:io@0.1.0', 'dep:w', 'app:main']);
  for (const f of r.syntax) expect(print(f)).toBe(f.source.text);
});

test('model items link to their syntax node and span', () => {
  const text = 'package a:b;\ninterface i {\n  record r { x: u8 }\n  f: func(a: r);\n}\n';
  const r = resolveOk(text);
  const i = iface(r, 'i');
  const rec = i.types.get('r')!;
  const recSpan = (rec.origin!.node as { span: { start: number; end: number } }).span;
  expect(rec.origin!.file.text.slice(recSpan.start, recSpan.end)).toBe('record r { x: u8 }');
  const iSpan = (i.origin!.node as { span: { start: number; end: number } }).span;
  expect(text.slice(iSpan.start, iSpan.end)).toMatch(/^interface i \{[\s\S]*\}$/);
});

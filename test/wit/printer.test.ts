/** Printing gives the input back byte for byte; an edit to one node changes only that node's bytes. */
import { parseFile } from '../../src/wit/parser.js';
import { applyEdits, print } from '../../src/wit/printer.js';
import type * as S from '../../src/wit/syntax.js';
import { corpusName, corpusWitFiles, read, resolveOk } from './helpers.js';

function parseOk(text: string, path = 'x.wit'): S.File {
  const r = parseFile({ path, text });
  expect(r.diagnostics).toEqual([]);
  expect(r.file).toBeDefined();
  return r.file!;
}

describe('print round trip', () => {
  test.each(corpusWitFiles().map((f) => [corpusName(f), f]))('%s', (_n, f) => {
    const text = read(f);
    expect(print(parseOk(text, f))).toBe(text);
  });

  const tricky = [
    'package a:b;\r\ninterface i {\r\n  /// doc\r\n  f: func();\r\n}\r\n',
    '\ufeffpackage a:b;\n',
    'package a:b; /* a /* b */ c */ interface %interface { %type: func(); }',
    '// 🎉 ünïcödé\npackage a:b@1.0.0-alpha.1+sha.5;\n\n\n   ',
    'package a:b { interface i {} }\npackage c:d { interface j {} }\n',
  ];
  test.each(tricky)('tricky %#', (text) => {
    expect(print(parseOk(text))).toBe(text);
  });

  test('a file that does not parse still keeps every token (recovery keeps the tree lossless)', () => {
    const text = 'package a:b;\ninterface i {\n  f: func(;\n  g: func();\n}\n';
    const r = parseFile({ path: 'x.wit', text });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.file && print(r.file)).toBe(text);
  });
});

/** Finds a freestanding function by name in an interface. */
function funcIn(file: S.File, iface: string, name: string): S.NamedFunc {
  const i = [...file.items, ...file.nested.flatMap((n) => n.items)].find(
    (it): it is S.Interface => it.kind === 'interface' && it.name.name === iface,
  );
  const f = i?.items.find((it): it is S.NamedFunc => it.kind === 'func' && it.name.name === name);
  if (!f) throw new Error(`no function ${iface}.${name}`);
  return f;
}

describe('edits', () => {
  const text = [
    'package a:b@1.0.0;',
    '',
    '/// The store.',
    'interface store {',
    '  /// Gets a value.',
    '  get: func(key: string) -> option<list<u8>>;   // trailing',
    '  set: func(key: string, value: list<u8>);',
    '}',
    '',
    'world w {',
    '  import store;',
    '}',
    '',
  ].join('\r\n');

  test('renaming a function via its name span changes exactly those bytes', () => {
    const file = parseOk(text);
    const f = funcIn(file, 'store', 'get');
    expect(text.slice(f.name.span.start, f.name.span.end)).toBe('get');
    const out = applyEdits(text, [{ span: f.name.span, text: 'fetch-value' }]);
    expect(out.slice(0, f.name.span.start)).toBe(text.slice(0, f.name.span.start));
    expect(out.slice(f.name.span.start + 'fetch-value'.length)).toBe(text.slice(f.name.span.end));
    expect(out.length).toBe(text.length - 3 + 'fetch-value'.length);

    // The edited text parses, prints back, and the model has the new name and not the old.
    expect(print(parseOk(out))).toBe(out);
    const model = resolveOk(out);
    const store = model.interfaces.find((i) => i.name === 'store')!;
    expect([...store.functions.keys()]).toEqual(['fetch-value', 'set']);
    expect(store.functions.get('fetch-value')!.docs).toBe('Gets a value.');
  });

  test('the model links back to the span that was edited', () => {
    const model = resolveOk(text);
    const fn = model.interfaces.find((i) => i.name === 'store')!.functions.get('set')!;
    const node = fn.origin!.node as S.NamedFunc;
    expect(text.slice(node.name.span.start, node.name.span.end)).toBe('set');
    expect(fn.origin!.file.text.slice(node.span.start, node.span.end)).toBe('set: func(key: string, value: list<u8>);');
  });

  test('two edits in one pass, at either end of the file', () => {
    const file = parseOk(text);
    const pkg = file.package!.name.version!;
    const set = funcIn(file, 'store', 'set');
    const out = applyEdits(text, [
      { span: set.name.span, text: 'put' },
      { span: pkg.span, text: '2.0.0' },
    ]);
    expect(out).toBe(text.replace('@1.0.0', '@2.0.0').replace('  set: func', '  put: func'));
  });

  test('a deletion of one item and an insertion at the same point', () => {
    const file = parseOk(text);
    const set = funcIn(file, 'store', 'set');
    const out = applyEdits(text, [
      { span: set.span, text: '' },
      { span: { start: set.span.start, end: set.span.start }, text: 'del: func();' },
    ]);
    expect(out).toBe(text.replace('set: func(key: string, value: list<u8>);', 'del: func();'));
    expect([...resolveOk(out).interfaces[0]!.functions.keys()]).toEqual(['get', 'del']);
  });

  test('overlapping edits throw', () => {
    expect(() =>
      applyEdits('abcdef', [
        { span: { start: 1, end: 4 }, text: 'x' },
        { span: { start: 2, end: 5 }, text: 'y' },
      ]),
    ).toThrow(/overlapping/);
  });

  test('renaming every function of every WASI file changes only the names', () => {
    const files = corpusWitFiles().filter((f) => corpusName(f).startsWith('wasi/'));
    let renamed = 0;
    for (const f of files) {
      const src = read(f);
      const file = parseOk(src, f);
      const edits: { span: S.Span; text: string }[] = [];
      for (const it of [...file.items, ...file.nested.flatMap((n) => n.items)]) {
        if (it.kind !== 'interface') continue;
        for (const m of it.items) if (m.kind === 'func') edits.push({ span: m.name.span, text: `x-${m.name.name}` });
      }
      const out = applyEdits(src, edits);
      // Removing the inserted prefixes gives back the original.
      let back = out;
      for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) {
        const at = e.span.start + 2 * edits.filter((o) => o.span.start < e.span.start).length;
        expect(back.slice(at, at + 2)).toBe('x-');
        back = back.slice(0, at) + back.slice(at + 2);
      }
      expect(back).toBe(src);
      expect(print(parseOk(out, f))).toBe(out);
      renamed += edits.length;
    }
    expect(renamed).toBeGreaterThan(100);
  });
});

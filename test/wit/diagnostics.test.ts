/** Diagnostics: `file:line:col`, the source line, a caret under the span; several errors where the parser recovers. */
import { parseFile } from '../../src/wit/parser.js';
import { locate, render, type Diagnostic } from '../../src/wit/diagnostics.js';
import { resolveTexts } from './helpers.js';

function parseErrors(text: string, path = 'x.wit'): readonly Diagnostic[] {
  return parseFile({ path, text }).diagnostics;
}

/** 1-based code-point column of the first occurrence of needle on its line. */
function colOf(text: string, needle: string): { line: number; col: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: [...before[before.length - 1]!].length + 1 };
}

describe('render', () => {
  test('file:line:col, the source line, a caret under the span', () => {
    const text = 'package a:b;\ninterface i {\n  f: func(x: u32) -> ;\n}\n';
    const [d, ...rest] = parseErrors(text, 'dir/x.wit');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'dir/x.wit', ...colOf(text, ';\n}'), severity: 'error' });
    expect(render(d!, text)).toBe(
      [
        'error: expected a type, found \';\'',
        '  --> dir/x.wit:3:22',
        '  |',
        '3 |   f: func(x: u32) -> ;',
        '  |                      ^',
      ].join('\n'),
    );
  });

  test('a multi-character span gets a caret and dashes', () => {
    const text = 'package a:b;\ninterface i {\n  f: func(x: nope);\n}\n';
    const r = resolveTexts({ 'x.wit': text }, {}, 'x.wit');
    const d = r.diagnostics[0]!;
    expect([d.line, d.col, d.message]).toEqual([3, 14, 'name `nope` does not exist']);
    const lines = render(d, text).split('\n');
    expect(lines[1]).toMatch(/--> .*x\.wit:3:14$/);
    expect(lines[3]).toBe('3 |   f: func(x: nope);');
    expect(lines[4]).toBe('  |              ^---');
  });

  test('columns count code points; the caret keeps tabs so it lines up', () => {
    const text = 'package a:b;\ninterface i {\n\t/* ü🎉 */ f: func(x: u32) -> ;\n}\n';
    const [d] = parseErrors(text);
    const line = text.split('\n')[2]!;
    const col = [...line].indexOf(';') + 1;
    expect([d!.line, d!.col]).toEqual([3, col]);
    expect(d!.offset).toBe(text.lastIndexOf(';', text.indexOf('\n}')));
    const out = render(d!, text).split('\n');
    expect(out[3]).toBe(`3 | ${line}`);
    // The caret line: a tab where the source has one, spaces elsewhere, caret under the ';'.
    expect(out[4]).toBe(`  | \t${' '.repeat(col - 2)}^`);
  });

  test('CRLF: the column ignores the CR and the rendered line drops it', () => {
    const text = 'package a:b;\r\ninterface i {\r\n  f: func(;\r\n}\r\n';
    const [d] = parseErrors(text);
    expect([d!.line, d!.col]).toEqual([3, 11]);
    const out = render(d!, text).split('\n');
    expect(out[3]).toBe('3 |   f: func(;');
    expect(out[4]).toBe('  |           ^');
  });

  test('a line number with more digits widens the gutter', () => {
    const text = 'package a:b;\n' + '\n'.repeat(10) + 'interface i { f: func(; }\n';
    const [d] = parseErrors(text);
    expect(d!.line).toBe(12);
    const out = render(d!, text).split('\n');
    expect(out.slice(2)).toEqual(['   |', '12 | interface i { f: func(; }', '   |                       ^']);
  });

  test('without the text, only the head', () => {
    const d: Diagnostic = { file: 'f.wit', line: 2, col: 5, message: 'm', offset: 0, length: 0, severity: 'error' };
    expect(render(d, undefined)).toBe('error: m\n  --> f.wit:2:5');
  });

  test('locate at the very end of a file without a trailing newline', () => {
    const src = { path: 'x', text: 'ab\ncd' };
    expect(locate(src, 5)).toEqual({ line: 2, col: 3 });
    expect(locate(src, 0)).toEqual({ line: 1, col: 1 });
    expect(locate(src, 3)).toEqual({ line: 2, col: 1 });
  });
});

describe('errors and their locations', () => {
  test('lexical error: unterminated block comment points at its start', () => {
    const text = 'package a:b;\ninterface i { f: func(); }\n/* open';
    expect(parseErrors(text).map((d) => [d.line, d.col, d.message])).toEqual([[3, 1, 'unterminated block comment']]);
  });

  test('an error at end of file points just past the last character', () => {
    const text = 'package a:b;\ninterface i {\n  f: func() -> u32';
    const ds = parseErrors(text);
    expect(ds.length).toBeGreaterThanOrEqual(1);
    expect([ds[0]!.line, ds[0]!.col, ds[0]!.message]).toEqual([3, 19, "expected ';', found eof"]);
  });

  test('resolver errors carry a location too', () => {
    const r = resolveTexts({ 'x.wit': 'package a:b;\nworld w { import c:d/e; }\n' }, {}, 'x.wit');
    expect(r.diagnostics.map((d) => [d.line, d.col])).toEqual([[2, 18]]);
    expect(r.diagnostics[0]!.message).toMatch(/package 'c:d' not found/);
  });

  // wit-parser refuses these with no place ("cannot specify @since twice"): the parser names the attribute that breaks
  // the set, once the file has parsed, so a syntax error later in the file still comes first, as in wit-parser.
  test('an attribute set wit-parser refuses is a parse error at the attribute that breaks it', () => {
    const twice = 'package a:b@0.2.0;\ninterface i {\n  @since(version = 0.2.0)\n  @since(version = 0.2.0)\n  f: func();\n}\n';
    expect(parseErrors(twice).map((d) => [d.line, d.col, d.message])).toEqual([[4, 3, 'cannot specify @since twice']]);
    const mixed = 'package a:b@0.2.0;\nworld w {\n  @unstable(feature = x)\n  @since(version = 0.2.0)\n  import f: func();\n}\n';
    expect(parseErrors(mixed).map((d) => [d.line, d.col, d.message])).toEqual([[4, 3, 'cannot specify both @since and @unstable']]);
    const later = twice + 'interface j {\n  g: func()\n}\n';
    const ds = parseErrors(later);
    expect([ds[0]!.line, ds[0]!.col, ds[0]!.message]).toEqual([9, 1, "expected ';', found '}'"]);
    expect(ds.filter((d) => d.message.includes('@since'))).toEqual([]);
  });

  test('a file with no package header is reported, not thrown', () => {
    const r = resolveTexts({ 'x.wit': 'interface i {}\n' }, {}, 'x.wit');
    expect(r.resolve).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.line, d.col, d.message])).toEqual([
      [1, 1, 'no `package` header was found in any WIT file for this package'],
    ]);
  });
});

describe('recovery: several errors in one run', () => {
  test('two bad items in two interfaces', () => {
    const text = 'package a:b;\ninterface i {\n  f: func(;\n  ok: func();\n}\ninterface j {\n  g: func() -> ;\n}\n';
    expect(parseErrors(text).map((d) => [d.line, d.col, d.message])).toEqual([
      [3, 11, "expected an identifier or string, found ';'"],
      [7, 16, "expected a type, found ';'"],
    ]);
  });

  test('two bad items in one interface, and one in a world', () => {
    const text = [
      'package a:b;',
      'interface i {',
      '  f: func(x: u32);',
      '  type t = ;',
      '  g: func(;',
      '}',
      'world w { import x: func(; export y: func(); }',
      'interface k { type = u8; }',
      '',
    ].join('\n');
    expect(parseErrors(text).map((d) => [d.line, d.col])).toEqual([
      [4, 12],
      [5, 11],
      [7, 26],
      [8, 20],
    ]);
  });

  test('errors in two files of one package are all reported', () => {
    const r = resolveTexts({
      'a.wit': 'package a:b;\ninterface i { f: func(; }\n',
      'b.wit': 'interface j { type = u8; }\n',
    });
    expect(r.diagnostics.map((d) => [d.file.split('/').pop(), d.line, d.col])).toEqual([
      ['a.wit', 2, 23],
      ['b.wit', 1, 20],
    ]);
  });

  test('recovery does not invent errors after a good item', () => {
    const text = 'package a:b;\ninterface i { f: func(; }\ninterface j { g: func(); }\nworld w { import j; }\n';
    expect(parseErrors(text)).toHaveLength(1);
  });
});

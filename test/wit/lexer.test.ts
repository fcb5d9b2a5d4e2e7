/** The lexer tiles its input: every byte belongs to exactly one token, in order. */
import { KEYWORDS, lex, lexPacked, T, type Token } from '../../src/wit/lexer.js';
import { WitError } from '../../src/wit/diagnostics.js';
import { corpusName, corpusWitFiles, read } from './helpers.js';

function expectTiles(text: string): Token[] {
  const tokens = lex(text);
  expect(tokens.length).toBeGreaterThan(0);
  // Contiguous, non-empty (only Eof is empty), Eof last at the end: checked in one pass, reported once.
  const gaps: string[] = [];
  let at = 0;
  tokens.forEach((t, i) => {
    if (t.start !== at) gaps.push(`token ${i} starts at ${t.start}, previous ended at ${at}`);
    if (t.end <= t.start && t.kind !== T.Eof) gaps.push(`token ${i} (${T[t.kind]}) is empty`);
    at = t.end;
  });
  expect(gaps).toEqual([]);
  const last = tokens[tokens.length - 1]!;
  expect([T[last.kind], last.start, last.end]).toEqual(['Eof', text.length, text.length]);
  expect(tokens.map((t) => text.slice(t.start, t.end)).join('')).toBe(text);
  return tokens;
}

const kinds = (text: string) => lex(text).map((t) => [T[t.kind], text.slice(t.start, t.end)]);

describe('lexer tiles corpus files', () => {
  const files = corpusWitFiles();
  test('the corpus is there', () => expect(files.length).toBeGreaterThan(150));
  test.each(files.map((f) => [corpusName(f), f]))('%s', (_n, f) => {
    expectTiles(read(f));
  });
});

describe('lexer tiles tricky inputs', () => {
  const tricky: Record<string, string> = {
    empty: '',
    'only whitespace': ' \t\n  \n',
    CRLF: 'package a:b;\r\n\r\ninterface i {\r\n  f: func();\r\n}\r\n',
    'CRLF inside a line comment': '// a comment\r\npackage a:b;\r\n',
    BOM: '\ufeffpackage a:b;\ninterface i {}\n',
    'BOM then CRLF': '\ufeff\r\npackage a:b;\r\n',
    'nested block comments': 'package a:b; /* outer /* inner /* deeper */ */ still outer */ interface i {}',
    'block comment holding // and *': '/* // not a line comment * / ** */package a:b;',
    '%-ids': 'package a:b;\ninterface %interface { %type: func(%func: %u32); }\n',
    'unicode in comments': '// héllo wörld — ✓ 🎉 日本語\npackage a:b; /* 🦀 nested /* ü */ */\n/// doc 🎉\ninterface i {}\n',
    'doc comments': '/// one\n/** two */\npackage a:b;\n',
    'line comment at eof without newline': 'package a:b;\n// end',
    'semver pre-release and build': 'package a:b@1.2.3-rc.1+build.5-x;',
    'arrows and minus': 'f: func() -> result<_, u8>; a-b -c',
    'string literal with escape': 'use "a\\"b";',
    'integers and fixed lists': 'type t = list<u8, 16>;',
    tabs: '\tpackage\ta:b;\t\n',
  };
  test.each(Object.entries(tricky))('%s', (_n, text) => {
    expectTiles(text);
  });

  test('a BOM is its own whitespace token', () => {
    expect(kinds('\ufeffpackage')[0]).toEqual(['Whitespace', '\ufeff']);
  });

  test('CRLF is whitespace', () => {
    expect(kinds('a\r\nb')).toEqual([['Id', 'a'], ['Whitespace', '\r\n'], ['Id', 'b'], ['Eof', '']]);
  });

  test('a nested block comment is one comment token', () => {
    const text = '/* a /* b */ c */x';
    expect(kinds(text)).toEqual([['Comment', '/* a /* b */ c */'], ['Id', 'x'], ['Eof', '']]);
  });

  test('a line comment takes its newline', () => {
    expect(kinds('// hi\nx')).toEqual([['Comment', '// hi\n'], ['Id', 'x'], ['Eof', '']]);
  });

  test('%-escaped keywords are explicit ids, plain ones keywords', () => {
    expect(kinds('%interface interface %error-context error-context')).toEqual([
      ['ExplicitId', '%interface'], ['Whitespace', ' '], ['Interface', 'interface'], ['Whitespace', ' '],
      ['ExplicitId', '%error-context'], ['Whitespace', ' '], ['ErrorContext', 'error-context'], ['Eof', ''],
    ]);
  });

  test('each keyword is its keyword; the same letters longer, shorter, in capitals or after a non-ASCII letter are identifiers', () => {
    for (const [word, kind] of KEYWORDS) {
      expect(kinds(word)).toEqual([[T[kind], word], ['Eof', '']]);
      for (const other of [`${word}x`, `${word}-a`, `x${word}`, word.toUpperCase(), `é${word}`, word.slice(0, -1)]) {
        if (!other || KEYWORDS.has(other)) continue;
        expect(kinds(other)).toEqual([['Id', other], ['Eof', '']]);
      }
    }
  });

  test('a token list stays as it was when other texts are lexed after it, a long one among them', () => {
    const first = 'package a:b;\ninterface i { f: func(x: u32) -> string; }\n';
    const tokens = lexPacked(first);
    const before = [...tokens];
    // More tokens than the lexer's kept arrays start with (1,024): they grow while this text is lexed.
    const long = 'type t = u8;\n'.repeat(2000);
    expectTiles(long);
    lexPacked('world w {}');
    expect([...tokens]).toEqual(before);
    expect(kinds(first)).toEqual(before.map((t) => [T[t.kind], first.slice(t.start, t.end)]));
  });

  test('punctuation and the arrow', () => {
    expect(lex('->-<>{}();:,.=*@/+').map((t) => T[t.kind])).toEqual([
      'RArrow', 'Minus', 'LessThan', 'GreaterThan', 'LeftBrace', 'RightBrace', 'LeftParen', 'RightParen',
      'Semicolon', 'Colon', 'Comma', 'Period', 'Equals', 'Star', 'At', 'Slash', 'Plus', 'Eof',
    ]);
  });

  test('offsets are UTF-16 offsets, astral characters included', () => {
    const text = '/* 🎉 */x';
    const toks = lex(text);
    expect(toks[1]).toEqual({ kind: T.Id, start: text.indexOf('x'), end: text.length });
  });
});

describe('lexical errors throw WitError at the right offset', () => {
  const bad: [string, string, number][] = [
    ['unterminated block comment', 'package a:b;\n/* open /* nested */', 13],
    ['unterminated string', 'use "abc', 8],
    ['control code', 'package a:b;\u0001', 12],
    ['bidi override', '// \u202e\n', 3],
    ['unexpected character', 'package a:b; #', 13],
  ];
  test.each(bad)('%s', (_n, text, offset) => {
    let err: unknown;
    try {
      lex(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WitError);
    expect((err as WitError).offset).toBe(offset);
  });
});

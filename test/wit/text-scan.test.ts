/**
 * src/wit/text-scan.ts reads comments, references and declarations of a WIT
 * text without parsing it, by hand (no regex over a blanked copy). Each must
 * give exactly what the patterns it replaced give over the regex-blanked text
 * (`//` to the newline, `/*` to the first `*\/`, an unclosed `/*` left alone,
 * newlines kept), on the corpus, the official WIT and random texts made of
 * the characters that matter.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { declaredIn, stripComments, wasiRefs } from '../../src/wit/text-scan.js';

const byRegex = (text: string) =>
  text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (c) => (c.includes('\n') ? c.replace(/[^\n]/g, ' ') : ' '.repeat(c.length)));

function witFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? witFiles(p) : n.endsWith('.wit') ? [p] : [];
  });
}

/** `count` texts of fewer than `pieces` pieces of `alphabet`, the same for a seed, each with a unique suffix (the functions are memoised by text). */
function* randomTexts(alphabet: readonly string[], seed: number, pieces: number, count = 50000): Generator<string> {
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < count; k++) {
    let text = '';
    for (let n = Math.floor(next() * pieces); n > 0; n--) text += alphabet[Math.floor(next() * alphabet.length)];
    yield `${text} ${k}`;
  }
}

test('the corpus and the official WIT: the same text as the regex', () => {
  const files = [...witFiles(path.resolve('../shared/corpus')), ...witFiles(path.resolve('official-wit'))];
  expect(files.length).toBeGreaterThan(100);
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    expect({ f, out: stripComments(text) }).toEqual({ f, out: byRegex(text) });
  }
});

test('random texts of slashes, stars and newlines: the same text as the regex', () => {
  const alphabet = ['/', '*', '\n', '\r', 'a', ' ', '/*', '*/', '//'];
  for (const text of randomTexts(alphabet, 7, 20)) {
    if (stripComments(text) !== byRegex(text)) expect({ text, out: stripComments(text) }).toEqual({ text, out: byRegex(text) });
  }
});

/** wasiRefs by definition: the reference pattern (white space allowed between a path's tokens, a name `%`-escaped or not) over the regex-blanked text. */
const refsByRegex = (text: string) => [
  ...new Set([...byRegex(text).matchAll(/\bwasi\s*:\s*%?([a-z][a-z0-9-]*)\s*\/\s*%?[a-z][a-z0-9-]*\s*@\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)/g)].map((m) => `wasi:${m[1]}@${m[2]}`)),
];

test('wasiRefs on the corpus and the official WIT: the references the pattern finds in the blanked text', () => {
  const files = [...witFiles(path.resolve('../shared/corpus')), ...witFiles(path.resolve('official-wit'))];
  let found = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    expect({ f, refs: wasiRefs(text) }).toEqual({ f, refs: refsByRegex(text) });
    found += wasiRefs(text).length;
  }
  expect(found).toBeGreaterThan(100);
});

test('wasiRefs on random texts of references, comment marks and newlines: the same references', () => {
  const alphabet = ['wasi:io/streams@0.2.0', 'wasi:', 'io', 'cli/', '/', '*', '\n', '@0.3.0', '@0.2.1', '-rc-1', '.x', 'a', ' ', '/*', '*/', '//', '%e', '%', 'x@1.2.3'];
  let withRefs = 0;
  for (const text of randomTexts(alphabet, 11, 16)) {
    const want = refsByRegex(text);
    if (want.length) withRefs++;
    if (JSON.stringify(wasiRefs(text)) !== JSON.stringify(want)) expect({ text, refs: wasiRefs(text) }).toEqual({ text, refs: want });
  }
  expect(withRefs).toBeGreaterThan(1000);
});

/** The pattern over the text itself, comments read as code: what a comment between a path's tokens hides. */
const refsIgnoringComments = (text: string) => [...text.matchAll(/\bwasi\s*:\s*%?([a-z][a-z0-9-]*)\s*\/\s*%?[a-z][a-z0-9-]*\s*@\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)/g)].map((m) => `wasi:${m[1]}@${m[2]}`);

test('wasiRefs on random paths with comments between and around their tokens: the same references', () => {
  // Paths written token by token with random fillers between the tokens: white space, block and line
  // comments, comment marks never closed, and now and then a token dropped or a `;` (a broken path).
  // Many hold a path only the blanked text reads (a comment between its tokens), which the text itself hides.
  const tokens = ['wasi', ':', 'io', '/', 'streams', '@', '0.2.0', '-rc'];
  const fillers = ['', '', ' ', '\n', '/* c */', '/*\n*/', '// x\n', '/*', '*/', '/', ';', 'x'];
  let seed = 5;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  let hidden = 0;
  for (let k = 0; k < 20000; k++) {
    let text = '';
    for (let paths = 1 + Math.floor(next() * 3); paths > 0; paths--) {
      for (const t of tokens) text += (next() < 0.05 ? '' : t) + (next() < 0.5 ? pick(fillers) : '');
      text += pick([' ', ';\n', '.{x};', '']);
    }
    text += ` ${k}`;
    const want = refsByRegex(text);
    if (want.some((r) => !refsIgnoringComments(text).includes(r))) hidden++;
    if (JSON.stringify(wasiRefs(text)) !== JSON.stringify(want)) expect({ text, refs: wasiRefs(text) }).toEqual({ text, refs: want });
  }
  expect(hidden).toBeGreaterThan(1000);
});

test('wasiRefs examples', () => {
  expect(wasiRefs('use wasi:io/streams@0.2.0.{x}; // wasi:cli/env@0.2.1')).toEqual(['wasi:io@0.2.0']);
  // White space and comments between a path's tokens, as wit-parser allows them.
  expect(wasiRefs('use wasi :\n  io / streams @0.2.0.{x};\nimport wasi:/* c */clocks/wall-clock@0.2.3;')).toEqual(['wasi:io@0.2.0', 'wasi:clocks@0.2.3']);
  expect(wasiRefs('/* wasi:io/streams@0.2.0 */wasi:clocks/x@0.2.3\n/* never closed wasi:io/poll@0.2.2')).toEqual(['wasi:clocks@0.2.3', 'wasi:io@0.2.2']);
  // `%`-escaped names, read by wit-parser without the `%`.
  expect(wasiRefs('use wasi:%io/streams@0.2.3.{x};\nimport %wasi:%clocks/%wall-clock@0.2.0;')).toEqual(['wasi:io@0.2.3', 'wasi:clocks@0.2.0']);
});

test('examples', () => {
  expect(stripComments('a // b\nc')).toBe('a     \nc');
  expect(stripComments('a /* b\nc */ d')).toBe('a     \n     d');
  expect(stripComments('a /* never closed // x')).toBe('a /* never closed     ');
  expect(stripComments('/*/ x */')).toBe('        ');
});

/** declaredIn by a pattern: the declarations (as tokens: spaces between them, words in either case) in the regex-blanked text. */
const declaredByRegex = (text: string) =>
  new Set(
    [...byRegex(text).matchAll(/\bpackage\s+%?([A-Za-z][A-Za-z0-9-]*)\s*:\s*%?([A-Za-z][A-Za-z0-9-]*)(?:\s*@\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?))?\s*[;{]/g)].map(
      (m) => `${m[1]}:${m[2]}${m[3] ? `@${m[3]}` : ''}`,
    ),
  );

test('declaredIn on the corpus and the official WIT: the declarations the pattern finds in the blanked text', () => {
  const files = [...witFiles(path.resolve('../shared/corpus')), ...witFiles(path.resolve('official-wit'))];
  let found = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const got = new Set(declaredIn(text));
    expect({ f, ids: [...got] }).toEqual({ f, ids: [...declaredByRegex(text)] });
    found += got.size;
  }
  expect(found).toBeGreaterThan(100);
});

test('declaredIn on random texts of declarations, comment marks and newlines: the same declarations', () => {
  const alphabet = ['package', 'package a:b', ' ', '\n', 'a', 'A', ':', '%b', 'b', '@1.2.3', '@', '-rc', ';', '{', '/', '*', '/*', '*/', '//', 'x'];
  let withIds = 0;
  for (const text of randomTexts(alphabet, 13, 16)) {
    const want = [...declaredByRegex(text)];
    if (want.length) withIds++;
    const got = [...new Set(declaredIn(text))];
    if (JSON.stringify(got) !== JSON.stringify(want)) expect({ text, ids: got }).toEqual({ text, ids: want });
  }
  expect(withIds).toBeGreaterThan(1000);
});

test('declaredIn examples: the header and nested blocks, as tokens, comments aside', () => {
  expect(declaredIn('package a:b@1.0.0;\npackage wasi:io@0.2.0 { }\n// package c:d;\n')).toEqual(['a:b@1.0.0', 'wasi:io@0.2.0']);
  expect(declaredIn('package a : b @ 0.2.0 ;')).toEqual(['a:b@0.2.0']);
  expect(declaredIn('package %my:HTTP;')).toEqual(['my:HTTP']);
  expect(declaredIn('package a:b /* docs */ { }')).toEqual(['a:b']);
});

/**
 * stripComments (engine.ts) blanks comments with a hand-written scanner; the
 * rules, the deps scan and the stand-in search read its output. It must give
 * exactly what the regex it replaced gives (`//` to the newline, `/*` to the
 * first `*\/`, an unclosed `/*` left alone, newlines kept), on the corpus and
 * on random texts made of the characters that matter.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { stripComments } from '../../src/migrate/engine.js';

const byRegex = (text: string) =>
  text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (c) => (c.includes('\n') ? c.replace(/[^\n]/g, ' ') : ' '.repeat(c.length)));

function witFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? witFiles(p) : n.endsWith('.wit') ? [p] : [];
  });
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
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 50000; k++) {
    let text = '';
    for (let n = Math.floor(next() * 20); n > 0; n--) text += alphabet[Math.floor(next() * alphabet.length)];
    // A unique suffix: the function is memoised by text.
    text += ` ${k}`;
    if (stripComments(text) !== byRegex(text)) expect({ text, out: stripComments(text) }).toEqual({ text, out: byRegex(text) });
  }
});

test('examples', () => {
  expect(stripComments('a // b\nc')).toBe('a     \nc');
  expect(stripComments('a /* b\nc */ d')).toBe('a     \n     d');
  expect(stripComments('a /* never closed // x')).toBe('a /* never closed     ');
  expect(stripComments('/*/ x */')).toBe('        ');
});

/**
 * Where a `// wasi-migrate(decided): why` marker decides a place, layout by
 * layout, as each of the three callers of its one reader (src/wit/decided.ts)
 * sees it: `--check`'s leftovers (the place is a line), the engine (it raises
 * no review again at a decided review's offset, the item's doc start) and the
 * shape rules (isDecided, an item). The place is one `use wasi:io` line,
 * which all three read. Each had its own reader before; where they disagreed,
 * the row says what each said then as [leftovers, engine, rules].
 */
import { leftovers } from '../../src/migrate/leftovers.js';
import { decidedAt } from '../../src/wit/decided.js';
import { isDecided, itemStart } from '../../rules/util.js';
import { parseFile } from '../../src/wit/parser.js';
import type * as S from '../../src/wit/syntax.js';

const M = '// wasi-migrate(decided): kept';
const USE = 'use wasi:io/poll@0.2.0.{pollable};';

/** Layout name, the lines before `f` in interface `i`, and whether the `use` is decided. */
const LAYOUTS: [string, string, boolean][] = [
  ['absent', `  ${USE}`, false],
  ['on the same line', `  ${USE} ${M}`, true],
  ['directly above', `  ${M}\n  ${USE}`, true],
  // was [false, true, true]: comments and blank lines up to the code before are the item's, as its docs are
  ['above, a blank line between', `  ${M}\n\n  ${USE}`, true],
  // was [false, true, true]
  ['above, two blank lines between', `  ${M}\n\n\n  ${USE}`, true],
  ['above, in a one-line /* */', `  /* wasi-migrate(decided): kept */\n  ${USE}`, true],
  // was [false, true, true]
  ['above, in a /* */ whose second line has no star', `  /* wasi-migrate(decided): kept\n     because */\n  ${USE}`, true],
  // was [true, false, true]
  ['above, in a /** */ of starred lines', `  /**\n   * wasi-migrate(decided): kept\n   */\n  ${USE}`, true],
  ['below a /// doc', `  /// doc\n  ${M}\n  ${USE}`, true],
  ['above a /// doc', `  ${M}\n  /// doc\n  ${USE}`, true],
  ['in a /// doc', `  /// wasi-migrate(decided): kept\n  ${USE}`, true],
  ['with text around it', `  // see wasi-migrate(decided) above, no colon\n  ${USE}`, true],
  ['two lines above, a comment between', `  ${M}\n  // other\n  ${USE}`, true],
  ['two lines above, a review marker between', `  ${M}\n  // wasi-migrate(review): x\n  ${USE}`, true],
  // was [true, true, true]: the review marker's own advice (wasi-references' noRelease) decided it
  ['above, quoted in a review marker', `  // wasi-migrate(review): keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it\n  ${USE}`, false],
  ['two lines above, code between', `  ${M}\n  g: func();\n  ${USE}`, false],
  // was [true, false, false]
  ['above, a line of code between that starts with /* */', `  ${M}\n  /* c */ g: func();\n  ${USE}`, false],
  ['trailing the line of code before (//)', `  g: func(); ${M}\n  ${USE}`, false],
  // was [false, true, true]: a comment trailing a line of code is that line's
  ['trailing the line of code before (/* */)', `  g: func(); /* wasi-migrate(decided): kept */\n  ${USE}`, false],
  ['after the item, on the line below', `  ${USE}\n  ${M}`, false],
  ['before the item on its line, in /* */', `  /* wasi-migrate(decided) */ ${USE}`, true],
  ['above, tab-indented', `\t${M}\n\t${USE}`, true],
];

/** Layouts read again with CRLF line ends. */
const CRLF = ['on the same line', 'directly above', 'above, a blank line between', 'above, in a /* */ whose second line has no star', 'above, in a /** */ of starred lines'];

function readers(text: string): [boolean, boolean, boolean] {
  const line = text.split(/\r?\n/).findIndex((l) => l.includes(USE)) + 1;
  const file = parseFile({ path: 'a.wit', text }).file!;
  const iface = file.items.find((x): x is S.Interface => x.kind === 'interface')!;
  const use = iface.items.find((x) => x.kind === 'use')!;
  const f = { path: 'a.wit', text, file };
  return [!leftovers({ 'a.wit': text }).some((r) => r.line === line), decidedAt(text, itemStart(f, use)), isDecided(f, use)];
}

const wit = (lines: string) => `package my:p@0.1.0;\n\ninterface i {\n${lines}\n  f: func();\n}\n`;

test.each(LAYOUTS)('decided marker %s: %s', (_, lines, decided) => {
  expect(readers(wit(lines))).toEqual([decided, decided, decided]);
});

test.each(CRLF)('CRLF, decided marker %s', (name) => {
  const [, lines, decided] = LAYOUTS.find(([n]) => n === name)!;
  expect(readers(wit(lines).replace(/\n/g, '\r\n'))).toEqual([decided, decided, decided]);
});

test('a review marker is accepted by a decided marker anywhere in the same comments, above or below it', () => {
  const text = (a: string, b: string) => wit(`  ${a}\n  ${b}\n  g: func();`);
  const review = '// wasi-migrate(review): keep or port g';
  expect(leftovers({ 'a.wit': text(M, review) })).toEqual([]);
  expect(leftovers({ 'a.wit': text(review, M) })).toEqual([]); // listed before: only the lines above were read
  expect(leftovers({ 'a.wit': text(review, '// other') }).map((r) => r.kind)).toEqual(['review-marker']);
});

test('a text that starts with blank lines: the walk up ends at its start', () => {
  expect(decidedAt('\nuse x;\n', 1)).toBe(false);
  expect(decidedAt('\n\n// wasi-migrate(decided): kept\n\nuse x;\n', 34)).toBe(true);
});

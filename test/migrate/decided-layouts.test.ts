/**
 * Where a `// wasi-migrate(decided): why` marker decides a place, layout by
 * layout, as each of its three readers sees it: `--check`'s leftovers (the
 * place is a line), the engine (it raises no review again at a decided
 * review's offset, the item's doc start) and the shape rules (isDecided, an
 * item). The place is one `use wasi:io` line, which all three read.
 */
import { leftovers } from '../../src/migrate/leftovers.js';
import { decidedAt } from '../../src/migrate/edits.js';
import { isDecided, itemStart } from '../../rules/util.js';
import { parseFile } from '../../src/wit/parser.js';
import type * as S from '../../src/wit/syntax.js';

const M = '// wasi-migrate(decided): kept';
const USE = 'use wasi:io/poll@0.2.0.{pollable};';

/** Layout name, the lines before `f` in interface `i`, and what [leftovers, engine, rules] say. */
const LAYOUTS: [string, string, [boolean, boolean, boolean]][] = [
  ['absent', `  ${USE}`, [false, false, false]],
  ['on the same line', `  ${USE} ${M}`, [true, true, true]],
  ['directly above', `  ${M}\n  ${USE}`, [true, true, true]],
  ['above, a blank line between', `  ${M}\n\n  ${USE}`, [false, true, true]],
  ['above, two blank lines between', `  ${M}\n\n\n  ${USE}`, [false, true, true]],
  ['above, in a one-line /* */', `  /* wasi-migrate(decided): kept */\n  ${USE}`, [true, true, true]],
  ['above, in a /* */ whose second line has no star', `  /* wasi-migrate(decided): kept\n     because */\n  ${USE}`, [false, true, true]],
  ['above, in a /** */ of starred lines', `  /**\n   * wasi-migrate(decided): kept\n   */\n  ${USE}`, [true, false, true]],
  ['below a /// doc', `  /// doc\n  ${M}\n  ${USE}`, [true, true, true]],
  ['above a /// doc', `  ${M}\n  /// doc\n  ${USE}`, [true, true, true]],
  ['in a /// doc', `  /// wasi-migrate(decided): kept\n  ${USE}`, [true, true, true]],
  ['with text around it', `  // see wasi-migrate(decided) above, no colon\n  ${USE}`, [true, true, true]],
  ['two lines above, a comment between', `  ${M}\n  // other\n  ${USE}`, [true, true, true]],
  ['two lines above, a review marker between', `  ${M}\n  // wasi-migrate(review): x\n  ${USE}`, [true, true, true]],
  ['two lines above, code between', `  ${M}\n  g: func();\n  ${USE}`, [false, false, false]],
  ['above, a line of code between that starts with /* */', `  ${M}\n  /* c */ g: func();\n  ${USE}`, [true, false, false]],
  ['trailing the line of code before (//)', `  g: func(); ${M}\n  ${USE}`, [false, false, false]],
  ['trailing the line of code before (/* */)', `  g: func(); /* wasi-migrate(decided): kept */\n  ${USE}`, [false, true, true]],
  ['after the item, on the line below', `  ${USE}\n  ${M}`, [false, false, false]],
  ['before the item on its line, in /* */', `  /* wasi-migrate(decided) */ ${USE}`, [true, true, true]],
  ['above, tab-indented', `\t${M}\n\t${USE}`, [true, true, true]],
];

const CRLF: [string, [boolean, boolean, boolean]][] = [
  ['on the same line', [true, true, true]],
  ['directly above', [true, true, true]],
  ['above, a blank line between', [false, true, true]],
  ['above, in a /* */ whose second line has no star', [false, true, true]],
  ['above, in a /** */ of starred lines', [true, false, true]],
];

function readers(text: string): [boolean, boolean, boolean] {
  const line = text.split(/\r?\n/).findIndex((l) => l.includes(USE)) + 1;
  const file = parseFile({ path: 'a.wit', text }).file!;
  const iface = file.items.find((x): x is S.Interface => x.kind === 'interface')!;
  const use = iface.items.find((x) => x.kind === 'use')!;
  const f = { path: 'a.wit', text, file };
  return [!leftovers({ 'a.wit': text }).some((r) => r.line === line), decidedAt(text, itemStart(f, use)), isDecided(f, use)];
}

const wit = (lines: string) => `package my:p@0.1.0;\n\ninterface i {\n${lines}\n  f: func();\n}\n`;

test.each(LAYOUTS)('decided marker %s: [leftovers, engine, rules]', (_, lines, today) => {
  expect(readers(wit(lines))).toEqual(today);
});

test.each(CRLF)('CRLF, decided marker %s: [leftovers, engine, rules]', (name, today) => {
  const lines = LAYOUTS.find(([n]) => n === name)![1];
  expect(readers(wit(lines).replace(/\n/g, '\r\n'))).toEqual(today);
});

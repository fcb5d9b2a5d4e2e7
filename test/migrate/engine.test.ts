import { apply, EditConflict, insertMarkers, keepCommentColumns, mergeEdits, tidyDeletions } from '../../src/migrate/edits.js';
import { migratePackage } from '../../src/migrate/engine.js';
import { validateFiles, validateResult } from '../../src/migrate/validate.js';
import type { Rule } from '../../rules/types.js';

const a: Rule = { id: 'rule-a', number: 90, summary: '', docs: '', kind: 'mechanical', cases: [], apply: (c) => ({ edits: [{ file: c.files[0]!.path, span: { start: 0, end: 7 }, text: 'package' }], reviews: [] }) };
const b: Rule = { ...a, id: 'rule-b', apply: (c) => ({ edits: [{ file: c.files[0]!.path, span: { start: 3, end: 9 }, text: 'x' }], reviews: [] }) };
const breaker: Rule = { ...a, id: 'breaker', apply: (c) => ({ edits: [{ file: c.files[0]!.path, span: { start: c.files[0]!.text.indexOf('u32'), end: c.files[0]!.text.indexOf('u32') + 3 }, text: 'no-such-type' }], reviews: [] }) };

it('overlapping edits of two rules in one phase are a conflict naming both', () => {
  expect(() => mergeEdits('f.wit', [{ rule: 'rule-a', span: { start: 0, end: 5 }, text: '' }, { rule: 'rule-b', span: { start: 3, end: 8 }, text: '' }])).toThrow(EditConflict);
  expect(() => migratePackage({ label: 'x', files: { 'a.wit': 'package a:b;\n' }, deps: [], depFiles: {}, extraFiles: {} }, [[a, b]])).toThrow(/rule-a.*rule-b/);
});

it('lines deleted last in a body take the blank line before them; elsewhere blank lines stay', () => {
  const text = 'interface i {\n  f: func();\n\n  use a.{b};\n  use c.{d};\n}\n\ninterface j {\n  use a.{b};\n\n  g: func();\n}\n';
  const line = (s: string, from = 0) => ({ start: text.indexOf(s, from) - 2, end: text.indexOf(s, from) + s.length + 1 });
  const del = (span: { start: number; end: number }) => ({ rule: 'r', span, text: '' });
  // Two adjacent deletions before `}`: the blank before the first goes.
  const last = tidyDeletions(text, mergeEdits('f.wit', [del(line('use a.{b};')), del(line('use c.{d};'))]));
  expect(apply(text, last)).toBe('interface i {\n  f: func();\n}\n\ninterface j {\n  use a.{b};\n\n  g: func();\n}\n');
  // A deletion followed by more items, in the middle of a body: nothing else goes.
  const middle = tidyDeletions(text, [del(line('use c.{d};'))]);
  expect(apply(text, middle)).toBe('interface i {\n  f: func();\n\n  use a.{b};\n}\n\ninterface j {\n  use a.{b};\n\n  g: func();\n}\n');
  // A blank line another edit touches stays.
  const blank = text.indexOf('\n\n') + 1;
  const touched = tidyDeletions(text, mergeEdits('f.wit', [{ rule: 'q', span: { start: blank, end: blank + 1 }, text: '\n' }, del(line('use a.{b};')), del(line('use c.{d};'))]));
  expect(touched.map((e) => e.span)).toEqual([{ start: blank, end: blank + 1 }, line('use a.{b};'), line('use c.{d};')]);
});

it('lines deleted first in a body take the blank line after them', () => {
  // Two adjacent deletions (an import and a use of one rule's phase) right after \`{\`: each alone saw a
  // neighbour that was not blank, so the blank line after them was left as the body's first line.
  const text = 'world w {\n  import a:b/c;\n  use a:b/c.{d};\n\n  export e;\n}\n\ninterface j {\n  use a.{b};\n\n  g: func();\n}\n';
  const line = (s: string, from = 0) => ({ start: text.indexOf(s, from) - 2, end: text.indexOf(s, from) + s.length + 1 });
  const del = (span: { start: number; end: number }) => ({ rule: 'r', span, text: '' });
  const run = tidyDeletions(text, mergeEdits('f.wit', [del(line('import a:b/c;')), del(line('use a:b/c.{d};'))]));
  expect(apply(text, run)).toBe('world w {\n  export e;\n}\n\ninterface j {\n  use a.{b};\n\n  g: func();\n}\n');
  // One deletion alone, too (the rules' own spans already take it: rules/util.ts lineSpan).
  const one = tidyDeletions(text, [del(line('use a.{b};'))]);
  expect(apply(text, one)).toBe('world w {\n  import a:b/c;\n  use a:b/c.{d};\n\n  export e;\n}\n\ninterface j {\n  g: func();\n}\n');
  // A blank line another edit touches stays.
  const blank = text.indexOf('\n\n') + 1;
  const touched = tidyDeletions(text, mergeEdits('f.wit', [del(line('import a:b/c;')), del(line('use a:b/c.{d};')), { rule: 'q', span: { start: blank, end: blank + 1 }, text: '\n' }]));
  expect(touched.map((e) => e.span)).toEqual([line('import a:b/c;'), line('use a:b/c.{d};'), { start: blank, end: blank + 1 }]);
});

it('an edit before a lined-up trailing comment keeps the comment in its column, down to one space', () => {
  const text = 'a: x;      // one\nbb: y; // two\nc: z;  // three\n';
  const at = (s: string, t: string) => ({ rule: 'r', span: { start: text.indexOf(s), end: text.indexOf(s) + s.length }, text: t });
  // Two longer: six spaces become four. Shorter, after one space: not a column, left. Four longer after two spaces: one space at least.
  const out = keepCommentColumns(text, [at('x', 'xyz'), at('y', ''), at('z', 'zzzzzz')]);
  expect(apply(text, out)).toBe('a: xyz;    // one\nbb: ; // two\nc: zzzzzz; // three\n');
  // Still one edit per change.
  expect(out).toHaveLength(3);
});

it('two items with the same review message: each record names its own marker line, in a first run and in a second', () => {
  const same: Rule = { ...a, id: 'same', apply: (c) => ({ edits: [], reviews: [...c.files[0]!.text.matchAll(/f\d: func/g)].map((m) => ({ file: c.files[0]!.path, offset: m.index!, messageId: 'lookHere', message: 'look here' })) }) };
  const text = 'package a:b;\ninterface i {\n  f1: func();\n}\ninterface j {\n  type x = u32;\n  f2: func();\n}\n';
  const first = migratePackage({ label: 'x', files: { 'a.wit': text }, deps: [], depFiles: {}, extraFiles: {} }, [[same]]);
  const out = first.files['a.wit']!;
  const markerLines = out.split('\n').flatMap((l, i) => (l.includes('wasi-migrate(review): look here') ? [i + 1] : []));
  expect(markerLines).toEqual([3, 8]);
  expect(first.reviews.map((r) => r.line)).toEqual([3, 8]);
  const second = migratePackage({ label: 'x', files: { 'a.wit': out }, deps: [], depFiles: {}, extraFiles: {} }, [[same]]);
  expect(second.files['a.wit']).toBe(out);
  expect(second.reviews.map((r) => r.line)).toEqual([3, 8]);
});

it('markers are not repeated on a second run', () => {
  const text = 'interface i {\n  f: func();\n}\n';
  const once = insertMarkers(text, [{ offset: text.indexOf('f:'), message: 'look' }]);
  expect(once).toBe('interface i {\n  // wasi-migrate(review): look\n  f: func();\n}\n');
  expect(insertMarkers(once, [{ offset: once.indexOf('// wasi'), message: 'look' }])).toBe(once);
});

it('the real wit-parser rejects invalid output, and the rule that made it is named', async () => {
  const files = { 'a.wit': 'package a:b;\ninterface i {\n  f: func() -> u32;\n}\n' };
  expect(await validateFiles(files, {})).toEqual({ ok: true });
  const res = migratePackage({ label: 'x', files, deps: [], depFiles: {}, extraFiles: {} }, [[breaker]]);
  const v = await validateResult(res);
  expect(v.ok).toBe(false);
  expect(v.rule).toBe('breaker');
});

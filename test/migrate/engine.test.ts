import { EditConflict, insertMarkers, mergeEdits } from '../../src/migrate/edits.js';
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

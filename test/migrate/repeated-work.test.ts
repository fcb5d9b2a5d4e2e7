/**
 * Work the migration does once, not again for each rule or phase (issue 18):
 * what a rule asks of a parse is answered once per parse, and a phase that
 * changed nothing shares the snapshot of the phase before it.
 */
import { migratePackage, type PackageInput } from '../../src/migrate/engine.js';
import type { Rule, RuleContext } from '../../rules/types.js';
import { ioNamesIn, scopes, type IoName } from '../../rules/util.js';

const input = (text: string): PackageInput => ({ label: 'x', files: { 'a.wit': text }, deps: [], depFiles: {}, extraFiles: {} });

const PKG = `package my:app@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface api {
  use io-types.{pollable as p};
  type tick = p;
  ready: func() -> tick;
}
`;

function rule(id: string, apply: (ctx: RuleContext) => void, edit?: { from: string; to: string }): Rule {
  const edits = (f: RuleContext['files'][number]) => {
    const at = edit ? f.text.indexOf(edit.from) : -1;
    return at >= 0 ? [{ file: f.path, span: { start: at, end: at + edit!.from.length }, text: edit!.to }] : [];
  };
  return { id, number: 99, summary: '', docs: '', kind: 'mechanical', cases: [], apply: (ctx) => (apply(ctx), { edits: edits(ctx.files[0]!), reviews: [] }) };
}

it('ioNamesIn answers each scope once per parse: every rule of a phase, and every phase that changed nothing, gets the same list', () => {
  const lists: (readonly IoName[])[][] = [];
  const ask = (ctx: RuleContext) => lists.push(scopes(ctx.files).map((s) => ioNamesIn(ctx, s)));
  migratePackage(input(PKG), [[rule('a', ask), rule('b', ask)], [rule('c', ask, { from: 'ready', to: 'go' })], [rule('d', ask)]]);
  const [a, b, c, d] = lists as [(readonly IoName[])[], (readonly IoName[])[], (readonly IoName[])[], (readonly IoName[])[]];
  expect(a.map((l) => l.map((n) => n.local))).toEqual([['pollable'], ['p', 'tick']]);
  // Same phase, same parse: the very lists.
  a.forEach((l, i) => expect(b[i]).toBe(l));
  // The phase after one that changed nothing reads the same parse: the same lists again.
  a.forEach((l, i) => expect(c[i]).toBe(l));
  // Phase c edited the file: a new parse, asked afresh (same answer).
  a.forEach((l, i) => expect(d[i]).not.toBe(l));
  expect(d.map((l) => l.map((n) => n.local))).toEqual([['pollable'], ['p', 'tick']]);
});

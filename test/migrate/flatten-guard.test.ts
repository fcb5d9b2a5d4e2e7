/**
 * A tree whose Canonical ABI flattening would never finish in wit-component
 * (nested fixed-size lists of elements with no flat value) fails the check
 * at once, saying why, instead of hanging in wit-parser's synchronous call;
 * fixed-size lists that flatten quickly are still checked by wit-parser.
 */
import { validateTree } from '../../src/migrate/validate.js';

const tree = (body: string) => ({ 'a.wit': `package a:b;\n\ninterface i {\n${body}\n}\n\nworld w {\n  import i;\n}\n` });

it('nested fixed-size lists of zero-width elements are refused before wit-parser, with the reason', async () => {
  // Issue 18's research: wit-component was still flattening this after 60 s.
  const files = tree('  record e {}\n  type big = list<list<e, 4000000000>, 4000000000>;\n  g: func(x: big);');
  const r = (await validateTree(files, {})).result;
  expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^not checked: flattening `big` takes wit-component about 1\.6e\+19 steps .*it would not finish$/) });
});

it('fixed-size lists that flatten quickly go to wit-parser as before', async () => {
  const files = tree('  type many = list<u8, 4000000000>;\n  type few = list<tuple<>, 1000>;\n  f: func(x: many, y: few);');
  expect((await validateTree(files, {})).result).toEqual({ ok: true });
  // wit-parser still has the last word: a broken tree with a fixed-size list is its refusal.
  const bad = tree('  type many = list<nope, 4>;');
  const r = (await validateTree(bad, {})).result;
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.message).not.toMatch(/^not checked/);
});

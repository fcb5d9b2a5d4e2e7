/** Reading wit-deps lock files: which span holds which dependency's entry. */
import { lockEntries } from '../../rules/vendored-deps.js';

const names = (text: string) => lockEntries(text).map((e) => [e.name, text.slice(e.span.start, e.span.end)]);

it('finds [name] tables up to the next header, comments before the first one left out', () => {
  const text = '# generated\n[clocks]\nurl = "u"\n\n["io"]\nsha256 = "x"\n';
  expect(names(text)).toEqual([
    ['clocks', '[clocks]\nurl = "u"\n\n'],
    ['io', '["io"]\nsha256 = "x"\n'],
  ]);
});

it('finds inline tables, and keys inside a table are not entries', () => {
  const text = 'io = { url = "u", sha256 = "a" }\n\'random\' = { path = "p" }\n[util]\nsub = { x = 1 }\n';
  expect(names(text)).toEqual([
    ['io', 'io = { url = "u", sha256 = "a" }\n'],
    ['random', '\'random\' = { path = "p" }\n'],
    ['util', '[util]\nsub = { x = 1 }\n'],
  ]);
});

it('an array-of-tables header ends the entry before it and is not an entry itself', () => {
  const text = '[a]\nx = 1\n[[b]]\ny = 2\n';
  expect(names(text)).toEqual([['a', '[a]\nx = 1\n']]);
});

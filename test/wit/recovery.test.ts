/** Recovery inside a resource body: one bad method gives one error, the rest of the file still parses. */
import { parseFile } from '../../src/wit/parser.js';

test('a bad method in a resource is reported once, and the following items still parse', () => {
  const text = [
    'package a:b;',
    'interface i {',
    '  resource r {',
    '    start-get: func(key string) -> u32;',
    '    finish-get: func() -> u32;',
    '  }',
    '  after: func();',
    '}',
    '',
  ].join('\n');
  const r = parseFile({ path: 'x.wit', text });
  expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(["4:25 expected ':', found keyword `string`"]);
  const iface = r.file!.items[0];
  if (iface.kind !== 'interface') throw new Error('expected an interface');
  expect(iface.items.map((it) => ('name' in it ? it.name.name : it.kind))).toEqual(['r', 'after']);
  const res = iface.items[0];
  expect(res.kind === 'type' && res.def === 'resource' ? res.funcs.map((f) => f.name.name) : []).toEqual(['finish-get']);
});

/**
 * The port does not depend on how a file is formatted, and writes in the
 * file's own style. Every transform case's input is formatted again by
 * Prettier in the styles real code is written in (Prettier's default: double
 * quotes and semicolons; StandardJS: single quotes, no semicolons; and no
 * semicolons with double quotes), then ported:
 *
 * - the port is the one the case's own input gets, token for token (quotes,
 *   semicolons and trailing commas aside), with as many review items from
 *   the same transforms: a shape matched by its formatting (`'ok'` but not
 *   `"ok"`, `x.block();` but not `x.block()`) missed the other styles;
 * - the output is in the file's style: Prettier formatting it in that style
 *   changes no token but parentheses, trailing commas and type-member
 *   separators (layout is the file's own business; quotes and semicolons are
 *   what a reader sees as foreign);
 * - a second run over it changes nothing.
 */
import * as prettier from 'prettier';
import { catalogue } from '../../../src/bindings/code/index.js';
import { caseFiles } from '../../../src/bindings/code/cases.js';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import { tokens } from './tokens.js';

const STYLES = {
  'prettier default (double quotes, semicolons)': { semi: true, singleQuote: false },
  'standard (single quotes, no semicolons)': { semi: false, singleQuote: true },
  'no semicolons, double quotes': { semi: false, singleQuote: false },
} as const;

const isCode = (p: string) => /\.[mc]?[jt]sx?$/.test(p);
const parser = (p: string) => (/\.[mc]?tsx?$/.test(p) ? 'typescript' : 'babel');


async function restyle(files: Record<string, string>, style: prettier.Options): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [p, text] of Object.entries(files)) out[p] = isCode(p) ? await prettier.format(text, { ...style, parser: parser(p), printWidth: 100, trailingComma: 'all' }) : text;
  return out;
}

const cases = catalogue.flatMap((t) => t.cases.map((c) => [t.id, c.name, c] as const));

/** The port of a case's own input, made once per case: every style compares with the same one. */
const originals = new Map<(typeof cases)[number][2], ReturnType<typeof migrateCode>>();
function originalOf(c: (typeof cases)[number][2]): ReturnType<typeof migrateCode> {
  let r = originals.get(c);
  if (!r) originals.set(c, (r = migrateCode(caseFiles(c.before))));
  return r;
}

describe.each(Object.entries(STYLES))('a case written in the %s style', (_style, style) => {
  it.each(cases)('%s: %s', async (_id, _name, c) => {
    const input = await restyle(caseFiles(c.before), style);
    const original = originalOf(c);
    const run = migrateCode(input);
    const paths = Object.keys(input).filter(isCode);
    // The same port as the case's own input gets.
    for (const p of paths) expect([p, tokens(p, run.files[p]!, true)]).toEqual([p, tokens(p, original.files[p]!, true)]);
    const summary = (r: typeof run) => r.reviews.map((x) => x.rule).sort();
    expect(summary(run)).toEqual(summary(original));
    // In the file's style.
    for (const p of paths) {
      const formatted = await prettier.format(run.files[p]!, { ...style, parser: parser(p), printWidth: 100, trailingComma: 'all' });
      expect([p, tokens(p, run.files[p]!, false)]).toEqual([p, tokens(p, formatted, false)]);
    }
    // Nothing left for a second run.
    expect(migrateCode(run.files).changes).toEqual([]);
  });
});

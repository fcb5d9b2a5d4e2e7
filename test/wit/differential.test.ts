/**
 * Differential check against the REAL wit-parser (issue 12): a seeded run of
 * mutated corpus files and grammar-generated packages (src/fuzz/differential.ts)
 * through our parse + resolve and through jco's wit-parser, same features on
 * both sides. Every input must get the same accept/reject verdict; where both
 * reject a syntax error, the first error must be at wit-parser's line:col.
 * `npm run fuzz -- --differential --count 50000` runs the same for longer.
 */
import { makeDiffCase, report, runDifferential } from '../../src/fuzz/differential.js';
import { loadSources } from '../../src/fuzz/mutate.js';
import { corpusRoot } from '../../src/util/corpus.js';

const SEED = 20240531;
const COUNT = Number(process.env.DIFFERENTIAL_COUNT) || 2000;

test(`${COUNT} inputs: our parser and wit-parser agree on accept/reject and on where a syntax error is`, async () => {
  const sources = loadSources(corpusRoot());
  const s = await runDifferential(sources, { count: COUNT, seed: SEED, minimise: true, locations: true });
  const lines = report(s);
  process.stdout.write(lines.join('\n') + '\n');
  expect(s.disagreements.map((d) => `${d.klass}\n${d.minimal ?? ''}`)).toEqual([]);
  // The inputs must exercise both verdicts and wit-parser's syntax errors.
  expect(s.agreeAccept).toBeGreaterThan(COUNT / 20);
  expect(s.agreeReject).toBeGreaterThan(COUNT / 4);
  const located = s.locSame + s.locDiffer;
  expect(located).toBeGreaterThan(COUNT / 5);
  expect(s.locSame / located).toBeGreaterThanOrEqual(0.99);
  // Traps are counted apart, never as agreement.
  expect(s.agreeAccept + s.agreeReject + s.traps + s.disagreements.length).toBe(COUNT);
}, 600_000);

test('a differential case is reproducible from (seed, index), and features follow the gates in the text', () => {
  const sources = loadSources(corpusRoot());
  for (const i of [0, 9, 123, 1999]) {
    const a = makeDiffCase(sources, SEED, i);
    const b = makeDiffCase(sources, SEED, i);
    expect([b.source.name, b.text, b.ops, b.features]).toEqual([a.source.name, a.text, a.ops, a.features]);
  }
  const kinds = new Set(Array.from({ length: 300 }, (_, i) => makeDiffCase(sources, SEED, i).ops[0]!.replace(/[@(].*/, '')));
  for (const k of ['generated', 'keyword', 'attribute', 'version', 'nest-append', 'cut-token']) expect([...kinds].some((x) => x.startsWith(k))).toBe(true);
});

/**
 * The metamorphic run of the `wit` command's verdicts (src/fuzz/verdicts.ts),
 * small and seeded: real 0.2 trees rewritten in ways that keep their meaning,
 * the built CLI on each, its verdicts checked against jco's wit-parser and
 * against the unmutated tree's. `npm run fuzz -- --verdicts --count 300` runs
 * the same for longer.
 */
import { validateWit } from '../../src/validate/wit-parser.js';
import { compareVerdicts, leftovers, loadInputs, makeVerdictCase, runVerdicts, VERDICT_OPS, type Verdict } from '../../src/fuzz/verdicts.js';
import { corpusRoot } from '../../src/util/corpus.js';
import { requireBuiltCli } from '../review/helpers.js';

const SEED = 20261216;
const COUNT = Number(process.env.VERDICT_FUZZ_COUNT) || 5;

beforeAll(requireBuiltCli);

test(`${COUNT} mutated trees and their inputs: every verdict is one wit-parser and the unmutated tree agree with`, async () => {
  const inputs = loadInputs(corpusRoot());
  const run = await runVerdicts(inputs, { seed: SEED, count: COUNT });
  expect(run.failures.map((f) => `case ${f.index} ${f.input} ${f.ops.join(' ')}\n${f.violations.join('\n')}`)).toEqual([]);
  expect(run.invalidInputs).toEqual([]);
  expect(run.cases).toBe(COUNT);
}, 300_000);

test('spaced package paths (`wasi : io/ streams`, the spacing mutation) on wasi:filesystem 0.2.0 keep the verdict', async () => {
  // Named, not left to the seed: rule 9 once deleted a dep such a path still needed (--write exit 0 -> 2).
  const inputs = loadInputs(corpusRoot());
  const at = inputs.findIndex((i) => i.name === 'wasi/0.2.0/filesystem');
  const run = await runVerdicts(inputs, { seed: SEED, from: at, count: 1, ops: ['spacing'] });
  expect(run.failures.map((f) => `case ${f.index} ${f.input} ${f.ops.join(' ')}\n${f.violations.join('\n')}`)).toEqual([]);
  expect(run.cases).toBe(1);
}, 300_000);

test('cases are reproducible from (seed, index), every mutation is exercised, and the mutated trees stay valid WIT', async () => {
  const inputs = loadInputs(corpusRoot());
  expect(inputs.filter((i) => i.name.startsWith('wasi/0.2.')).length).toBeGreaterThanOrEqual(28);
  expect(inputs.filter((i) => i.name.startsWith('thirdparty/')).length).toBeGreaterThanOrEqual(7);
  const ops = new Set<string>();
  for (let i = 0; i < 300; i++) for (const op of makeVerdictCase(inputs, SEED, i).ops) ops.add(op.replace(/\(.*$/s, ''));
  expect([...ops].sort()).toEqual([...VERDICT_OPS].sort());
  for (const i of [0, 7, 40, 123]) {
    const a = makeVerdictCase(inputs, SEED, i);
    const b = makeVerdictCase(inputs, SEED, i);
    expect([...b.tree]).toEqual([...a.tree]);
    expect(b.ops).toEqual(a.ops);
  }
  // The mutations keep the input valid (a rejected input would test nothing): in memory, a sample.
  for (let i = 0; i < 40; i++) {
    const c = makeVerdictCase(inputs, SEED + 1, i);
    if (c.input.name === 'thirdparty/spin') continue; // large; the runs check it
    const r = await validateWit({ files: Object.fromEntries(c.tree) }, { features: { tag: 'all' } });
    expect([c.input.name, c.ops, r]).toEqual([c.input.name, c.ops, { ok: true }]);
  }
}, 300_000);

test('the checks see what they are for: 0.2 left in code, review markers, a changed verdict', () => {
  const t = (text: string) => new Map([['a.wit', text]]);
  expect(leftovers(t('package a:b;\ninterface i { use wasi : io / streams@0.2.0.{input-stream}; }\n'))).toHaveLength(2);
  expect(leftovers(t('package a:b;\ninterface i { use wasi:clocks/wall-clock@0.2.3.{datetime}; }\n'))).toHaveLength(1);
  expect(leftovers(t('package a:b;\n// wasi:io@0.2.0 was here\ninterface i { }\n'))).toEqual([]);
  expect(leftovers(t('package a:b;\n// wasi-migrate(review): decide\ninterface i { }\n'))).toHaveLength(1);
  const v: Verdict = { write: 1, check: 1, edits: { 'io-removal': 2 }, reviews: {} };
  expect(compareVerdicts(v, { ...v })).toBeUndefined();
  expect(compareVerdicts(v, { ...v, edits: { 'io-removal': 1 } })).toMatch(/^4: .*io-removal: 2 -> 1/);
  expect(compareVerdicts(v, { ...v, check: 0 })).toMatch(/--check exit 1 -> 0/);
  // Items reordered where a world merged some (thirdparty/spin's platform, seeds 4901 and 4903): counts may differ, rules not.
  const m: Verdict = { ...v, edits: { 'wasi-references': 21 }, merged: true };
  expect(compareVerdicts(m, { ...m, edits: { 'wasi-references': 19 } }, ['reorder-members(world.wit:platform)'])).toBeUndefined();
  expect(compareVerdicts(m, { ...m, edits: {} }, ['reorder-members(world.wit:platform)'])).toMatch(/wasi-references: 21 -> 0/);
  expect(compareVerdicts({ ...m, merged: undefined }, { ...m, edits: { 'wasi-references': 19 } }, ['reorder-members(world.wit:platform)'])).toMatch(/21 -> 19/);
});

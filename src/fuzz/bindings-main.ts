/**
 * `npm run fuzz:bindings [-- --count N] [--seed S] [--from I] [--only NAME]`: the
 * bindings verdict fuzzer (bindings-check.ts) for longer, after `npm run build`
 * (it runs the built CLI). Prints each case and a summary; on a violation it
 * keeps the mutated project and writes the reproduction under
 * test-output/fuzz/bindings/, and exits 1. Case i of seed S is rebuilt
 * by `--seed S --from i --count 1`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberArg as num, stringArg as arg } from './args.js';
import { baselines, corpusInputs, disposeTypeCache, fixtureInputs, makeBindingsCase, runBindingsCase } from './bindings-check.js';

const count = num('count', 200);
const seed = num('seed', Date.now() % 1e9);
const from = num('from', 0);
const only = arg('only');
const outDir = join(process.cwd(), 'test-output', 'fuzz', 'bindings');
const inputs = [...fixtureInputs(), ...corpusInputs()].filter((i) => !only || i.name.includes(only));
console.log(`fuzz:bindings: cases ${from}..${from + count - 1}, seed ${seed}, ${inputs.length} inputs`);
const t0 = Date.now();
const used = [...new Set(Array.from({ length: count }, (_, k) => makeBindingsCase(inputs, seed, from + k).input))];
const base = await baselines(used);
console.log(`  baselines: ${[...base.values()].filter((v) => v?.done).length}/${used.length} done as they are (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
let failed = 0;
let done = 0;
try {
  for (let i = from; i < from + count; i++) {
    const c = makeBindingsCase(inputs, seed, i);
    const r = await runBindingsCase(c, true, base.get(c.input));
    const violations = r.violations;
    if (r.verdict?.done) done++;
    const line = `case ${i} ${c.input.name} [${r.mutated.ops.join(' ')}]${r.mutated.pure ? ' pure' : ''}: ${r.verdict ? (r.verdict.done ? 'done' : `${r.verdict.reviews.length} review(s)`) : 'no verdict'}`;
    if (violations.length) {
      failed++;
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, `seed-${seed}-case-${i}.txt`);
      writeFileSync(
        file,
        [
          `seed ${seed} case ${i} (case seed ${c.seed}): ${c.input.name}, ${c.input.entry}`,
          `mutations: ${r.mutated.ops.join(' ')}${r.mutated.pure ? ' (pure)' : ''}`,
          `reproduce: npm run fuzz:bindings -- --seed ${seed} --from ${i} --count 1`,
          `project kept at: ${r.dir}`,
          '',
          ...violations,
          '',
          '--- the mutated module:',
          r.mutated.text,
        ].join('\n'),
      );
      console.log(`FAIL ${line}\n  ${violations.map((v) => v.split('\n').slice(0, 4).join('\n  ')).join('\n  ')}\n  saved ${file}`);
    } else console.log(`  ok ${line}`);
  }
} finally {
  disposeTypeCache();
}
console.log(`fuzz:bindings: ${count} cases, seed ${seed}: ${done} done, ${count - done} left reviews; ${failed} violation(s) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exitCode = failed > 0 ? 1 : 0;

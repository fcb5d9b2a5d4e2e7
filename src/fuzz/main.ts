/**
 * `npm run fuzz [-- --count N] [--seed S] [--limit-ms MS]`: the mutation test
 * (mutate.ts) for longer. Prints progress and a summary; on any violation it
 * saves the input and its reproduction under test-output/fuzz/ and exits 1.
 * Case i of seed S is rebuilt by `makeCase(loadSources(corpus), S, i)`.
 *
 * `npm run fuzz -- --differential [--count N] [--seed S] [--no-minimise]`:
 * the differential run against the real wit-parser (differential.ts). Exits 1
 * on any accept/reject disagreement; the minimised inputs go to
 * test-output/fuzz/differential-seed-S.txt.
 *
 * `npm run fuzz -- --verdicts [--count N] [--seed S] [--from I] [--input SUBSTR] [--ops a,b]`:
 * the metamorphic run of the `wit` command's verdicts (verdicts.ts): meaning-
 * keeping rewrites of real 0.2 trees, the built CLI on each (build first).
 * Exits 1 on any violation; every failing case (seed, index, input,
 * mutations, violations) goes to test-output/fuzz/verdicts-seed-S.txt, and
 * `--count 1 --from I` reruns case I alone; `--ops` applies only those
 * mutations (each case applies all of them that apply).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { report, runDifferential } from './differential.js';
import { checkCase, loadSources, makeCase, Workspace } from './mutate.js';
import { loadInputs, runVerdicts, VERDICT_OPS, type VerdictOp } from './verdicts.js';
import { corpusRoot } from '../util/corpus.js';
import { numberArg as arg } from './args.js';


if (process.argv.includes('--differential')) {
  await differentialMain();
} else if (process.argv.includes('--verdicts')) {
  await verdictsMain();
} else {
  mutationMain();
}

async function differentialMain(): Promise<void> {
  const count = arg('count', 2000);
  const seed = arg('seed', Date.now() % 1e9);
  const sources = loadSources(corpusRoot());
  console.log(`fuzz --differential: ${count} inputs, seed ${seed}, ${sources.length} corpus files, against jco's wit-parser`);
  const s = await runDifferential(sources, {
    count,
    seed,
    minimise: !process.argv.includes('--no-minimise'),
    locations: !process.argv.includes('--no-locations'),
    onProgress: (done, sum) =>
      console.log(
        `  ${done}/${count}  ${(sum.ms / 1000).toFixed(1)} s  ${sum.disagreements.length} disagreements, ${sum.traps} traps, ` +
          `location ${sum.locSame}/${sum.locSame + sum.locDiffer}`,
      ),
    onDisagreement: (d) => console.log(`  DISAGREE case ${d.index} ${d.klass}`),
  });
  const lines = report(s);
  const outDir = join(process.cwd(), 'test-output', 'fuzz');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `differential-seed-${seed}.txt`);
  writeFileSync(out, [...lines, '', 'location differences (first 50):', ...s.locExamples, ''].join('\n'));
  console.log(lines.join('\n'));
  console.log(`  report: ${out}`);
  process.exitCode = s.disagreements.length > 0 ? 1 : 0;
}

async function verdictsMain(): Promise<void> {
  const count = arg('count', 300);
  const seed = arg('seed', Date.now() % 1e9);
  const from = arg('from', 0);
  const i = process.argv.indexOf('--input');
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  const o = process.argv.indexOf('--ops');
  const ops = o >= 0 ? (process.argv[o + 1] ?? '').split(',') : undefined;
  const unknown = ops?.filter((x) => !(VERDICT_OPS as readonly string[]).includes(x));
  if (unknown?.length) {
    console.error(`--ops: unknown ${unknown.join(', ')}; known: ${VERDICT_OPS.join(', ')}`);
    process.exit(2);
  }
  const inputs = loadInputs(corpusRoot());
  console.log(`fuzz --verdicts: cases ${from}..${from + count - 1}, seed ${seed}, ${inputs.length} inputs${only ? ` (only ${only})` : ''}`);
  const outDir = join(process.cwd(), 'test-output', 'fuzz');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `verdicts-seed-${seed}.txt`);
  const lines: string[] = [];
  const t0 = Date.now();
  let done = 0;
  const s = await runVerdicts(inputs, {
    seed,
    count,
    from,
    ...(only ? { only: (x) => x.name.includes(only) } : {}),
    ...(ops ? { ops: ops as VerdictOp[] } : {}),
    onCase: (index, c, r, extra) => {
      done++;
      const v = [...r.violations, ...extra];
      const tag = !r.inputValid ? 'INVALID-INPUT' : v.length ? 'FAIL' : 'ok';
      if (tag !== 'ok') {
        const block = [`${tag} seed ${seed} case ${index} ${c.input.name} ${c.ops.join(' ')}`, `  reproduce: npm run fuzz -- --verdicts --seed ${seed} --from ${index} --count 1`, ...v.map((x) => `  ${x.replace(/\n/g, '\n  ')}`)];
        lines.push(...block, '');
        writeFileSync(out, lines.join('\n'));
        console.log(block.join('\n'));
      }
      else console.log(`ok case ${index} ${c.input.name} ${c.ops.join(' ')}  ${(r.ms / 1000).toFixed(1)} s`);
      if (done % 10 === 0) console.log(`  ${done} cases  ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    },
  });
  const summary = [
    `fuzz --verdicts seed ${seed}: ${s.inputs} inputs (unmutated, checked too), ${s.cases} mutated trees, ${s.invalidInputs.length} mutated inputs wit-parser rejects (mutation faults), ` +
      `${s.failures.length} failing cases; by invariant: ${JSON.stringify(s.byInvariant)}; ${(s.ms / 1000).toFixed(0)} s`,
  ];
  writeFileSync(out, [...lines, ...summary, ''].join('\n'));
  console.log(summary.join('\n'));
  console.log(`  report: ${out}`);
  process.exitCode = s.failures.length > 0 || s.invalidInputs.length > 0 ? 1 : 0;
}

function mutationMain(): void {
const count = arg('count', 20000);
const seed = arg('seed', Date.now() % 1e9);
const limitMs = arg('limit-ms', 1000);
const outDir = join(process.cwd(), 'test-output', 'fuzz');

const sources = loadSources(corpusRoot());
const ws = new Workspace();
console.log(`fuzz: ${count} cases, seed ${seed}, ${sources.length} corpus files, limit ${limitMs} ms per case`);
let parsed = 0;
let resolved = 0;
let unlocated = 0;
let slowest = { ms: 0, index: -1 };
let failed = 0;
const t0 = Date.now();
try {
  for (let i = 0; i < count; i++) {
    const c = makeCase(sources, seed, i);
    const r = checkCase(c, ws, limitMs);
    if (r.parsed) parsed++;
    if (r.resolved) resolved++;
    unlocated += r.unlocated;
    const ms = r.parseMs + r.resolveMs;
    if (ms > slowest.ms) slowest = { ms, index: i };
    if (r.violations.length > 0) {
      failed++;
      mkdirSync(outDir, { recursive: true });
      const base = join(outDir, `seed-${seed}-case-${i}`);
      writeFileSync(`${base}.wit`, c.text);
      writeFileSync(
        `${base}.txt`,
        [
          `seed ${seed} case ${i} (case seed ${c.seed})`,
          `source: ${c.source.name}`,
          `mutations: ${c.ops.join(' ')}`,
          `reproduce: npm run fuzz -- --seed ${seed} --count ${i + 1}   (or makeCase(loadSources(corpus), ${seed}, ${i}))`,
          '',
          ...r.violations,
          '',
        ].join('\n'),
      );
      console.log(`FAIL case ${i} (${c.source.name}: ${c.ops.join(' ')}): ${r.violations[0]!.split('\n')[0]}\n  saved ${base}.wit`);
    }
    if ((i + 1) % 1000 === 0 || i + 1 === count) {
      const s = (Date.now() - t0) / 1000;
      console.log(`  ${i + 1}/${count}  ${s.toFixed(1)} s  ${((i + 1) / s).toFixed(0)} cases/s  ${failed} failed`);
    }
  }
} finally {
  ws.dispose();
}
console.log(
  `fuzz: ${count} cases, seed ${seed}: ${parsed} parsed, ${resolved} resolved, ${count - parsed} rejected by the parser; ` +
    `${unlocated} package-level diagnostics at 1:1; slowest ${slowest.ms.toFixed(1)} ms (case ${slowest.index}); ` +
    `${failed} violation(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
process.exitCode = failed > 0 ? 1 : 0;
}

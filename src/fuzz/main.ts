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
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { report, runDifferential } from './differential.js';
import { checkCase, loadSources, makeCase, Workspace } from './mutate.js';
import { corpusRoot } from '../util/corpus.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} wants a number, got ${raw}`);
    process.exit(2);
  }
  return n;
}

if (process.argv.includes('--differential')) {
  await differentialMain();
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

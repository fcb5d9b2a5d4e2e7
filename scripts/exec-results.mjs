// Prints, one JSON line per run, what the executor of a build gives for every
// fixture of fixtures/components (0.2 and 0.3 guest) and every deliberately
// wrong 0.3 port under fixtures/components/*/wrong (the ports test/exec
// checks), for seeds 0..N-1: trace, verdict, steps and virtual time. Used by
// exec-same-results.sh to compare two builds run for run.
//
//   node scripts/exec-results.mjs <build root (its dist/ built)> [seeds=20]
//
// The runs go through the build's own isolated runner (run02/run03, as
// validate runs them); fixture files are read from this checkout, so both
// builds run the same guests.
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const seeds = Number(process.argv[3] ?? 20);
const here = resolve(new URL('..', import.meta.url).pathname);
const { loadFixture, run02, run03 } = await import(pathToFileURL(join(root, 'dist/src/exec/fixture.js')).href);

const dir = join(here, 'fixtures/components');
const targets = [];
for (const name of readdirSync(dir).sort()) {
  targets.push({ target: join(dir, name), versions: ['0.2', '0.3'] });
  const wrong = join(dir, name, 'wrong');
  if (existsSync(wrong)) for (const f of readdirSync(wrong).sort()) targets.push({ target: join(wrong, f), versions: ['0.3'] });
}
for (const { target, versions } of targets) {
  const fx = loadFixture(target, here);
  for (let seed = 0; seed < seeds; seed++) {
    for (const v of versions) {
      const r = await (v === '0.2' ? run02 : run03)(fx, seed);
      const rel = target.slice(here.length + 1);
      console.log(JSON.stringify({ target: rel, version: v, seed, verdict: r.verdict, steps: r.steps, virtualMs: r.virtualMs, trace: r.trace }));
    }
  }
}
process.exit(0);

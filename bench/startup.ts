/**
 * Start-up of `wasi-migrate wit --check` on a tiny package, as CI runs it: a
 * fresh `node bin/wasi-migrate` process per run, wall-clock from spawn to
 * exit, median of BENCH_ITERATIONS (default 15) rounds; each round runs every
 * command once, and ratios are taken within a round (other work on the
 * machine loads both sides alike). The aim (issue 18) is at most 3x
 * `node -e 0`; it holds only while the `wit` path loads neither ts-morph,
 * TypeScript, yargs nor another command's modules
 * (test/bindings/declarations/startup-imports.test.ts checks that).
 *
 * BENCH_BASELINE_BIN=<another build's bin/wasi-migrate> times that build in
 * the same rounds and reports ours / baseline.
 *
 * bin/wasi-migrate runs the CLI's bundle when `npm run build` made it after
 * the last tsc (scripts/bundle-cli.mjs), else the compiled modules: the
 * figures name which one ran.
 *
 * Peers, measured in the same run the same way:
 * - `node -e 0`: Node's own start-up, the floor of any CLI;
 * - for a package with changes pending (which `--check` validates with the
 *   real wit-parser), one jco wit-parser check of the migrated package in a
 *   process of its own: the floor of a validated check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPackage } from '../src/migrate/load.js';
import { migrateInput } from '../src/migrate/run.js';
import { withOfficialDeps } from '../src/migrate/validate.js';
import { iterations, median, type Figure } from './figure.js';

const REPO = process.cwd();
const BIN = path.join(REPO, 'bin', 'wasi-migrate');
const ON_03 = path.join(REPO, 'fixtures', 'wit', 'kv-store', 'expected');
const ON_02 = path.join(REPO, 'fixtures', 'wit', 'kv-store', 'input');
/** Another build's bin/wasi-migrate (e.g. main's), timed in the same rounds: before and after a change in one run. */
const BASELINE = process.env.BENCH_BASELINE_BIN;

/** Which form of the CLI bin/wasi-migrate runs (its own rule: the bundle when not older than the compiled main.js). */
function cliForm(): 'bundled' | 'compiled' {
  const bundle = path.join(REPO, 'dist', 'src', 'cli-bundle', 'main.js');
  const compiled = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
  return existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs ? 'bundled' : 'compiled';
}

/** Wall-clock ms of one `node <args>`; the exit code must be `exit`. */
function timeOnce(args: string[], exit: number): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== exit) throw new Error(`node ${args.join(' ')} exited ${r.status}, expected ${exit}: ${r.stderr}`);
  return ms;
}

/** One command to time: its arguments, the exit code it must give. */
interface Run {
  readonly args: string[];
  readonly exit: number;
}

/**
 * Every run once per round, in the same order, for `n` rounds (after one
 * warm-up round: file cache, compile cache): the samples of each run, so
 * that ratios can be taken within a round, where the load of the machine is
 * about the same for both sides.
 */
function rounds(runs: Record<string, Run>, n: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, r] of Object.entries(runs)) {
    timeOnce(r.args, r.exit);
    out[k] = [];
  }
  for (let i = 0; i < n; i++) for (const [k, r] of Object.entries(runs)) out[k]!.push(timeOnce(r.args, r.exit));
  return out;
}

/** Median of the per-round ratios a[i] / b[i]. */
function ratio(a: number[], b: number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

/** A script that checks the package in `dir` with jco's wit-parser (componentEmbed), as our validation does. */
function jcoCheckScript(dir: string): string {
  const req = createRequire(path.join(REPO, 'package.json'));
  const entry = req.resolve('@bytecodealliance/jco-transpile/wasm-tools');
  const shim = createRequire(entry).resolve('@bytecodealliance/preview2-shim/filesystem');
  return [
    `const fs = await import(${JSON.stringify(shim)});`,
    `fs._setPreopens({ '/': '/' });`,
    `const { componentEmbed } = await import(${JSON.stringify(entry)});`,
    `await componentEmbed({ witPath: ${JSON.stringify(dir)}, dummy: true, world: 'kv' });`,
  ].join('\n');
}

export async function run(): Promise<Figure[]> {
  const n = iterations(15);
  const scratch = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-bench-startup-'));
  try {
    // The migrated package with the official deps it names: what `--check` hands to wit-parser.
    const res = migrateInput(loadPackage({ root: ON_02, label: 'kv' }));
    const dir = path.join(scratch, 'kv');
    for (const [rel, text] of Object.entries(withOfficialDeps(res.files, res.depFiles))) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const script = path.join(scratch, 'jco-check.mjs');
    writeFileSync(script, jcoCheckScript(dir));

    const runs: Record<string, Run> = {
      node: { args: ['-e', '0'], exit: 0 },
      clean: { args: [BIN, 'wit', '--check', ON_03], exit: 0 },
      pending: { args: [BIN, 'wit', '--check', ON_02], exit: 1 },
      help: { args: [BIN, '--help'], exit: 0 },
      jco: { args: [script], exit: 0 },
    };
    if (BASELINE) {
      runs.baseClean = { args: [BASELINE, 'wit', '--check', ON_03], exit: 0 };
      runs.basePending = { args: [BASELINE, 'wit', '--check', ON_02], exit: 1 };
    }
    const t = rounds(runs, n);
    const form = cliForm();
    const figures: Figure[] = [
      { name: `wit --check start-up, tiny package on 0.3 (exit 0, ${form} CLI), median of ${n}`, value: median(t.clean!), unit: 'ms', peer: { name: 'node -e 0', value: median(t.node!) } },
      { name: '  the same / node -e 0, median of per-round ratios', value: ratio(t.clean!, t.node!), unit: 'x' },
      { name: `wit --check, tiny package on 0.2 (exit 1, output validated, ${form} CLI), median of ${n}`, value: median(t.pending!), unit: 'ms', peer: { name: 'jco wit-parser check, own process', value: median(t.jco!) } },
      { name: '  the same / node -e 0, median of per-round ratios', value: ratio(t.pending!, t.node!), unit: 'x' },
      { name: `--help (${form} CLI), median of ${n}`, value: median(t.help!), unit: 'ms', peer: { name: 'node -e 0', value: median(t.node!) } },
    ];
    if (BASELINE) {
      figures.push(
        { name: `baseline build (BENCH_BASELINE_BIN), tiny package on 0.3, median of ${n}`, value: median(t.baseClean!), unit: 'ms', peer: { name: 'node -e 0', value: median(t.node!) } },
        { name: '  ours / baseline on 0.3, median of per-round ratios', value: ratio(t.clean!, t.baseClean!), unit: 'x' },
        { name: `baseline build (BENCH_BASELINE_BIN), tiny package on 0.2, median of ${n}`, value: median(t.basePending!), unit: 'ms', peer: { name: 'jco wit-parser check, own process', value: median(t.jco!) } },
        { name: '  ours / baseline on 0.2, median of per-round ratios', value: ratio(t.pending!, t.basePending!), unit: 'x' },
      );
    }
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

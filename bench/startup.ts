/**
 * Start-up of `wasi-migrate wit --check` on a tiny package, as CI runs it: a
 * fresh `node bin/wasi-migrate` process per run, wall-clock from spawn to
 * exit, median of BENCH_ITERATIONS (default 15) runs. The aim is under
 * 300 ms, and it holds only while the `wit` path loads neither ts-morph nor
 * TypeScript (test/bindings/declarations/startup-imports.test.ts checks that).
 *
 * Peers, measured in the same run the same way:
 * - `node -e 0`: Node's own start-up, the floor of any CLI;
 * - for a package with changes pending (which `--check` validates with the
 *   real wit-parser), one jco wit-parser check of the migrated package in a
 *   process of its own: the floor of a validated check.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Median wall-clock ms of `node <args>` over n fresh processes; the exit code must be `exit`. */
function timeSpawn(args: string[], exit: number, n: number): number {
  const samples: number[] = [];
  spawnSync(process.execPath, args, { stdio: 'ignore' }); // warm the file cache
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    samples.push(performance.now() - t0);
    if (r.status !== exit) throw new Error(`node ${args.join(' ')} exited ${r.status}, expected ${exit}: ${r.stderr}`);
  }
  return median(samples);
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

    const node = timeSpawn(['-e', '0'], 0, n);
    const clean = timeSpawn([BIN, 'wit', '--check', ON_03], 0, n);
    const pending = timeSpawn([BIN, 'wit', '--check', ON_02], 1, n);
    const jco = timeSpawn([script], 0, n);
    return [
      { name: `wit --check start-up, tiny package on 0.3 (exit 0), median of ${n}`, value: clean, unit: 'ms', peer: { name: 'node -e 0', value: node } },
      { name: `wit --check, tiny package on 0.2 (exit 1, output validated), median of ${n}`, value: pending, unit: 'ms', peer: { name: 'jco wit-parser check, own process', value: jco } },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * One measured stage of the bindings benchmark, in a process of its own so
 * that peak memory (max RSS) belongs to that stage alone:
 *
 *   node dist/bench/bindings-worker.js <stage> <project-dir>
 *
 * Stages: `rewrite` (the code rewriter's `migrateCode` over every file of the
 * project), `tsc` (TypeScript's own `tsc -p <dir> --noEmit`, run in-process).
 * Time runs from before the stage loads its compiler to process exit, so
 * each pays for loading its own. Each loads it as its command does: with
 * Node's compile cache on (`bin/wasi-migrate` turns it on, and TypeScript's
 * `lib/tsc.js` does for itself); NODE_DISABLE_COMPILE_CACHE=1 turns it off
 * for both. Prints one JSON line at exit: `{ stage, ms, maxRssMB, detail }`.
 */
import { readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export type Stage = 'rewrite' | 'tsc';

export interface StageResult {
  stage: Stage;
  ms: number;
  maxRssMB: number;
  detail: string;
}

function readProject(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const n of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${n}` : n;
    if (statSync(path.join(dir, r)).isDirectory()) {
      if (r !== 'wit') readProject(dir, r, out);
    } else out[r] = readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

async function main(): Promise<void> {
  const [stage, dir] = process.argv.slice(2) as [Stage, string];
  let detail = '';
  const t0 = performance.now();
  process.on('exit', (code) => {
    if (code !== 0) return;
    const res: StageResult = { stage, ms: performance.now() - t0, maxRssMB: process.resourceUsage().maxRSS / 1024, detail };
    writeSync(1, JSON.stringify(res) + '\n');
  });
  if (stage === 'rewrite') {
    const files = readProject(dir);
    // As bin/wasi-migrate does before it loads anything heavy.
    (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
    // Imported here, not at the top: loading the rewriter (ts-morph, TypeScript) is part of the measured time.
    const mod = (await import(new URL('../src/bindings/code/rewrite.js', import.meta.url).href)) as typeof import('../src/bindings/code/rewrite.js');
    const r = mod.migrateCode(files);
    detail = `${r.changes.length} files changed, ${r.reviews.length} review items`;
  } else if (stage === 'tsc') {
    // tsc's own command line: it type-checks and exits the process itself.
    const tsc = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');
    process.argv = [process.argv[0]!, tsc, '-p', dir, '--noEmit'];
    detail = 'tsc -p <dir> --noEmit';
    process.exitCode = 0;
    createRequire(import.meta.url)(tsc);
  } else {
    throw new Error(`unknown stage ${stage}`);
  }
}

await main();

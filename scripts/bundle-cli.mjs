#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/src/cli/main.js, after tsc) into
 * dist/src/cli-bundle/ with rolldown, for start-up (issue 18): the `wit`
 * path loaded about 57 modules of ours, and Node's ESM loader resolves,
 * reads and links each one (a package.json lookup, a URL, a file read, a
 * code-cache entry per module). Bundled, a `wit --check` loads three files
 * of ours.
 *
 * - Every package stays external (ts-morph, yargs, jco, diff, ...): they
 *   load from node_modules as before, and only when a command imports them.
 * - Two chunks hold what the common runs need: `cli`, the modules
 *   main.js and every command's module import statically (the options
 *   alone: what `--help` loads beside yargs), and `common`, what a `wit`
 *   run with its text review loads beside them (the parser, the migration
 *   and its rules, the review): the static imports of the modules the `wit`
 *   path imports dynamically (COMMON). Everything else stays in chunks of
 *   its own, loaded when used as before (the executor, the bindings, the
 *   other review formats, the worker pool): a module in a chunk is loaded
 *   with it, Node modules it imports too (node:crypto, node:worker_threads).
 * - Comments are dropped (less source to read and hash per run).
 *
 * The folder sits beside dist/src/validate/, so that a module's
 * `new URL('../validate/x.js', import.meta.url)` names the same file from
 * the bundle as from dist/src/validate/ (wit-parser.ts's lean-wasi.js).
 * Worker threads (package-pool.ts, the executor) load their unbundled
 * entries from dist/src/ as before.
 *
 * bin/wasi-migrate runs the bundle when it is at least as new as
 * dist/src/cli/main.js, else dist/src/cli/main.js itself: a plain `tsc`
 * after a bundle never leaves a stale bundle in use.
 *
 *   node scripts/bundle-cli.mjs     (npm run build runs it after tsc)
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'src', 'cli-bundle');

const cliDir = path.join(root, 'dist', 'src', 'cli');

/** The files `entries` import statically, themselves included, followed through relative imports (tsc's output: one import per statement). */
function staticClosure(entries) {
  const seen = new Set();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s(?:[^;'"]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/gm)) todo.push(path.resolve(path.dirname(file), m[1]));
  }
  return seen;
}

const commands = readdirSync(path.join(cliDir, 'commands')).filter((f) => f.endsWith('.js')).map((f) => path.join(cliDir, 'commands', f));
const cli = staticClosure([path.join(cliDir, 'main.js'), path.join(cliDir, 'suggest.js'), ...commands]);
/** What main.js, commands/wit.js and review/cli.js import dynamically on a `wit` run with a text review. */
const COMMON = ['validate/wit-parser.js', 'wit/loader.js', 'migrate/load.js', 'migrate/run.js', 'review/wit/report.js', 'review/render-text.js'];
const common = staticClosure(COMMON.map((f) => path.join(root, 'dist', 'src', f)));

rmSync(out, { recursive: true, force: true });
await build({
  input: path.join(cliDir, 'main.js'),
  platform: 'node',
  // Node's modules and every package (a bare specifier) stay imports.
  external: [/^node:/, /^[a-z@][^:]*$/i],
  logLevel: 'warn',
  // A module both imported and dynamically imported stays in its chunk: expected here (the groups below decide).
  checks: { ineffectiveDynamicImport: false },
  output: {
    dir: out,
    format: 'esm',
    comments: false,
    codeSplitting: {
      groups: [
        { name: 'cli', test: (id) => cli.has(path.resolve(id)), priority: 2 },
        { name: 'common', test: (id) => common.has(path.resolve(id)), priority: 1 },
      ],
    },
  },
});
// The worker entry of package-pool.js, as one file beside its chunk (a second entry in the build above split its
// chunks into many small ones, more files for every run to load).
for (const worker of ['package-worker.js', 'check-worker.js']) {
  await build({
    input: path.join(root, 'dist', 'src', 'migrate', worker),
    platform: 'node',
    external: [/^node:/, /^[a-z@][^:]*$/i],
    logLevel: 'warn',
    output: { file: path.join(out, worker), format: 'esm', comments: false, codeSplitting: false },
  });
}

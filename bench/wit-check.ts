/**
 * The scaling suite of issue 18: `wasi-migrate wit --check <tree>` over
 * generated trees of 100 and 1,000 `.wit` files (10,000 too with `--10k`:
 * `npm run bench wit-check -- --10k`, slow), against a plain jco loop over
 * the same packages, in the same run.
 *
 * The trees (generateTree): package folders cycling through the WASI corpus
 * releases, each with the siblings it uses (transitively) copied under its
 * `deps/`, until the tree holds the wanted number of `.wit` files (deps
 * counted: they are files the check reads). Each copy's own `.wit` files end
 * in a comment naming the copy, so no two packages are byte-identical and
 * caches keyed by text (src/util/text-memo.ts, the parse cache) cannot serve
 * one copy from another; the deps stay identical copies of their release, as
 * vendored official deps are in real trees. Three families:
 * - `0.2`: the 0.2.0, 0.2.3, 0.2.6 and 0.2.12 packages, each copy's own
 *   package renamed (`wasi:http` becomes `c00003:http`, in its own files
 *   only), as a team's 0.2 packages over vendored WASI deps are (changes
 *   pending: the migration runs and every output is checked by the real
 *   wit-parser; exit 1). Under its WASI name a main package at 0.2 is a copy
 *   of WASI's own, which the run reports and leaves as written (rule 9's
 *   wasiCopy), so the rules would not run on it;
 * - `0.3`: the 0.3.0 packages (a clean tree: nothing to change; exit 0);
 * - `0.3 components`: the same, each copy's own package renamed as in `0.2`,
 *   as a repository of components that vendor the same WASI deps is:
 *   packages of distinct names over the same deps, which the check may batch
 *   (src/validate/batch.ts). The copies of `0.3` share their names, and
 *   their main packages are one another's deps: batched too, each main
 *   package renamed in the shared text, copies of one package (the same
 *   deps) together.
 *
 * The peer: one fresh Node process that imports jco's wasm-tools and calls
 * `componentEmbed({ witPath, dummy: true, world })` once per package of the
 * same tree (world: the first the package declares), the floor of "check
 * every package with the real wit-parser". Ours: one fresh
 * `node bin/wasi-migrate wit --check --quiet <tree>` process. Both
 * wall-clock, in A/B pairs (BENCH_ITERATIONS pairs, default 3; at 10,000 files
 * one pair); the figure is the median, the ratio ours / jco.
 *
 * Growth per 10x files: time at 10x the files over time at 1x, ours against
 * the jco loop's growth (linear is 10). Load from other processes moves both
 * sides of a pair alike, so the median of the per-pair ratios is given too.
 *
 * Cold and warm code (0.2 family, 1,000 files; coldAndWarm): the same run in
 * one process on the tree and then on a second tree of its shape, the second
 * on code V8 has already compiled and optimised; what a fresh process pays
 * for warm-up is their difference (stop 47: about 0.4 s of a 1.0 s run).
 *
 * BENCH_BASELINE_BIN=<path to another build's bin/wasi-migrate> times that
 * build in the same pairs (a third run each) and reports ours / baseline:
 * before and after a change, in one run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { worldNames } from '../src/validate/wit-parser.js';
import { corpusDir } from './corpus.js';
import { iterations, median, type Figure } from './figure.js';

const REPO = process.cwd();
const BIN = path.join(REPO, 'bin', 'wasi-migrate');

export const FAMILIES = { '0.2': ['0.2.0', '0.2.3', '0.2.6', '0.2.12'], '0.3': ['0.3.0'], '0.3 components': ['0.3.0'] } as const;
export type Family = keyof typeof FAMILIES;

/** A corpus package with the siblings it uses, transitively: `{ main: dir, deps: name -> dir }`. */
function withSiblings(versionDir: string, pkg: string): { main: string; deps: Map<string, string> } {
  const siblings = new Set(readdirSync(versionDir).filter((n) => statSync(path.join(versionDir, n)).isDirectory()));
  const deps = new Map<string, string>();
  const todo = [pkg];
  while (todo.length) {
    const dir = path.join(versionDir, todo.pop()!);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.wit'))) {
      const text = readFileSync(path.join(dir, f), 'utf8').replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
      for (const m of text.matchAll(/\bwasi:([a-z][a-z0-9-]*)[/@]/g)) {
        const sib = m[1]!;
        if (sib !== pkg && siblings.has(sib) && !deps.has(sib)) {
          deps.set(sib, path.join(versionDir, sib));
          todo.push(sib);
        }
      }
    }
  }
  return { main: path.join(versionDir, pkg), deps };
}

const witCount = (dir: string): number => readdirSync(dir).filter((n) => n.endsWith('.wit')).length;

export interface GeneratedTree {
  readonly dir: string;
  readonly files: number;
  /** Each package folder with the world the jco loop embeds (undefined: the package declares none). */
  readonly packages: { dir: string; world?: string }[];
}

/**
 * Writes a tree of at least `files` .wit files (deps included) of the family's corpus packages into `dir`.
 * `salt` tells two trees of the same shape apart: their copies' own texts differ (comment and namespace), the deps do not.
 */
export function generateTree(dir: string, family: Family, files: number, salt = ''): GeneratedTree {
  const root = corpusDir();
  const units = FAMILIES[family].flatMap((release) => {
    const vdir = path.join(root, release);
    return readdirSync(vdir)
      .filter((p) => statSync(path.join(vdir, p)).isDirectory())
      .sort()
      .map((p) => ({ release, pkg: p, ...withSiblings(vdir, p) }));
  });
  const packages: GeneratedTree['packages'] = [];
  let count = 0;
  for (let i = 0; count < files; i++) {
    const u = units[i % units.length]!;
    const pdir = path.join(dir, `p${String(i).padStart(5, '0')}-${u.pkg}-${u.release}`);
    mkdirSync(pdir, { recursive: true });
    const texts: string[] = [];
    for (const f of readdirSync(u.main).filter((n) => n.endsWith('.wit'))) {
      // Each copy's own files are unique (a comment naming the copy): no cache keyed by a text can serve one copy from another.
      let text = `${readFileSync(path.join(u.main, f), 'utf8')}\n// bench copy ${salt}${i}\n`;
      if (family !== '0.3') text = text.replace(new RegExp(`\\bwasi:${u.pkg}(?=[@/ ;])`, 'g'), `c${salt}${String(i).padStart(5, '0')}:${u.pkg}`);
      writeFileSync(path.join(pdir, f), text);
      texts.push(text);
    }
    count += witCount(u.main);
    for (const [name, src] of u.deps) {
      cpSync(src, path.join(pdir, 'deps', name), { recursive: true });
      count += witCount(src);
    }
    packages.push({ dir: pdir, world: worldNames(texts)[0] });
  }
  return { dir, files: count, packages };
}

/** The jco loop: one componentEmbed per package, in a process of its own; exits 1 if jco rejects one. */
function jcoLoopScript(listFile: string): string {
  const req = createRequire(path.join(REPO, 'package.json'));
  const entry = req.resolve('@bytecodealliance/jco-transpile/wasm-tools');
  const shim = createRequire(entry).resolve('@bytecodealliance/preview2-shim/filesystem');
  return [
    `import { readFileSync } from 'node:fs';`,
    `const fs = await import(${JSON.stringify(shim)});`,
    `fs._setPreopens({ '/': '/' });`,
    `const { componentEmbed } = await import(${JSON.stringify(entry)});`,
    `for (const p of JSON.parse(readFileSync(${JSON.stringify(listFile)}, 'utf8'))) {`,
    `  try { await componentEmbed({ witPath: p.dir, dummy: true, ...(p.world ? { world: p.world } : {}) }); }`,
    `  catch (e) { if (p.world) { console.error(p.dir, e?.payload ?? e); process.exit(1); } }`,
    `}`,
  ].join('\n');
}

function timeOnce(args: string[], exit: number): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== exit) throw new Error(`node ${args.join(' ')} exited ${r.status}, expected ${exit}: ${r.stderr.slice(0, 2000)}`);
  return ms;
}

interface Measured {
  family: Family;
  files: number;
  packages: number;
  ours: number;
  jco: number;
  /** Median of ours / jco over the pairs. */
  ratio: number;
  /** The baseline build (BENCH_BASELINE_BIN), median, and median of ours / baseline. */
  baseline?: { ms: number; ratio: number; ratioJco: number };
  pairs: number;
}

const BASELINE = process.env.BENCH_BASELINE_BIN;

function measure(scratch: string, family: Family, files: number, pairs: number): Measured {
  const dir = path.join(scratch, `${family.replace(' ', '-')}-${files}`);
  const tree = generateTree(dir, family, files);
  const list = `${dir}.json`;
  writeFileSync(list, JSON.stringify(tree.packages));
  const script = `${dir}-jco.mjs`;
  writeFileSync(script, jcoLoopScript(list));
  const exit = family === '0.2' ? 1 : 0;
  const ourArgs = [BIN, 'wit', '--check', '--quiet', dir];
  timeOnce(ourArgs, exit); // warm the file cache (and check the verdict)
  const baseArgs = BASELINE ? [BASELINE, ...ourArgs.slice(1)] : undefined;
  if (baseArgs) timeOnce(baseArgs, exit);
  const ours: number[] = [];
  const jco: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < pairs; i++) {
    ours.push(timeOnce(ourArgs, exit));
    jco.push(timeOnce([script], 0));
    if (baseArgs) base.push(timeOnce(baseArgs, exit));
  }
  rmSync(dir, { recursive: true, force: true });
  const ratio = median(ours.map((o, i) => o / jco[i]!));
  const baseline = baseArgs ? { ms: median(base), ratio: median(ours.map((o, i) => o / base[i]!)), ratioJco: median(base.map((b, i) => b / jco[i]!)) } : undefined;
  return { family, files: tree.files, packages: tree.packages.length, ours: median(ours), jco: median(jco), ratio, baseline, pairs };
}

/**
 * Cold and warm code (issue 18): one fresh process runs `runMigration` (what
 * `wit --check` runs, without the CLI around it) on a tree, then on a second
 * tree of the same shape whose own texts all differ (`salt`): no cache keyed
 * by a package's own text serves it, the deps are the same as in one run. The
 * first is the tree on cold code (V8 compiling and optimising ours as it goes),
 * the second the same work on code already compiled: their difference is
 * what warm-up costs a run. Median of `runs` processes: [cold ms, warm ms].
 */
function coldAndWarm(scratch: string, family: Family, files: number, runs: number): [number, number] {
  const dirs = ['', 'w'].map((salt) => {
    const dir = path.join(scratch, `${family.replace(' ', '-')}-${files}-${salt || 'cold'}`);
    generateTree(dir, family, files, salt);
    return dir;
  });
  const script = path.join(scratch, 'cold-warm.mjs');
  const runModule = pathToFileURL(path.join(REPO, 'dist', 'src', 'migrate', 'run.js')).href;
  writeFileSync(
    script,
    [
      `import { setFlagsFromString } from 'node:v8';`,
      // As the CLI's \`wit\` does (src/cli/main.ts keepYoungGenerationSmall).
      `setFlagsFromString('--semi-space-growth-factor=1');`,
      `const { runMigration } = await import(${JSON.stringify(runModule)});`,
      `const ms = [];`,
      `for (const dir of ${JSON.stringify(dirs)}) {`,
      `  const t0 = performance.now();`,
      `  const reports = await runMigration([dir], {});`,
      `  ms.push(performance.now() - t0);`,
      `  if (reports.some((r) => r.errors.length)) { console.error(dir, reports.find((r) => r.errors.length).errors); process.exit(1); }`,
      `}`,
      `console.log(JSON.stringify(ms));`,
    ].join('\n'),
  );
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`cold/warm run exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    const [c, w] = JSON.parse(r.stdout) as [number, number];
    cold.push(c);
    warm.push(w);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return [median(cold), median(warm)];
}

export async function run(): Promise<Figure[]> {
  const sizes = process.argv.includes('--10k') ? [100, 1000, 10000] : [100, 1000];
  const n = iterations(3);
  const scratch = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-bench-wit-check-'));
  const figures: Figure[] = [];
  try {
    for (const family of Object.keys(FAMILIES) as Family[]) {
      const rows = sizes.map((s) => measure(scratch, family, s, s >= 10000 ? 1 : n));
      for (const m of rows) {
        figures.push({
          name: `wit --check, ${m.files} files (${m.packages} packages) of ${family} (exit ${family === '0.2' ? 1 : 0}), median of ${m.pairs}`,
          value: m.ours / 1e3,
          unit: 's',
          peer: { name: 'jco loop', value: m.jco / 1e3 },
        });
        figures.push({ name: `  ours / jco loop, median of the ${m.pairs} per-pair ratios`, value: m.ratio, unit: 'x' });
        if (m.baseline) {
          figures.push({ name: `  baseline build (BENCH_BASELINE_BIN) / jco loop, median of per-pair ratios`, value: m.baseline.ratioJco, unit: 'x' });
          figures.push({ name: `  baseline build (BENCH_BASELINE_BIN), median`, value: m.baseline.ms / 1e3, unit: 's', peer: { name: 'jco loop', value: m.jco / 1e3 } });
          figures.push({ name: `  ours / baseline build, median of per-run ratios`, value: m.baseline.ratio, unit: 'x' });
        }
      }
      if (family === '0.2' && sizes.includes(1000)) {
        const [cold, warm] = coldAndWarm(scratch, family, 1000, n);
        figures.push({
          name: `  in one process, runMigration on the 1,000-file ${family} tree: a second tree of its shape (own texts differ) after it, ms, median of ${n}`,
          value: warm,
          unit: 'ms',
          peer: { name: 'the first tree, on cold code', value: cold },
        });
      }
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        figures.push({
          name: `wit --check growth ${a.files} -> ${b.files} files of ${family} (time ratio; linear = ${(b.files / a.files).toFixed(1)})`,
          value: b.ours / a.ours,
          unit: 'x',
          peer: { name: 'jco loop growth', value: b.jco / a.jco },
        });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return figures;
}

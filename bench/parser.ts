/**
 * The parser suite: our lexer, parser, printer and resolver over the WASI
 * corpus (every .wit file of every release under ../shared/corpus/wasi).
 *
 * - lex / lex+parse / lex+parse+print throughput (MB/s) over the corpus files
 *   replicated to at least 10 MB of text (parseFile lexes; print re-emits);
 * - parse+resolve throughput (MB/s): each package resolved against all its
 *   siblings, `resolvePath(pkgDir, {}, siblingDirs)`, in rounds until at least
 *   10 MB of .wit has been read, parsed and resolved (disk reads included);
 * - per package, ours against jco's real wit-parser on the same layout: the
 *   temp dir that jco-peer.ts builds (the package plus the siblings it uses
 *   under deps/), `resolvePath(layout.dir)` against jco's `componentEmbed` on
 *   it, medians of the same number of iterations; the ratio is ours/peer.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lex } from '../src/wit/lexer.js';
import { parseFile } from '../src/wit/parser.js';
import { print } from '../src/wit/printer.js';
import { resolvePath } from '../src/wit/resolve.js';
import { siblingLayout } from '../src/validate/deps-layout.js';
import { corpusDir } from './corpus.js';
import { iterations, median, type Figure } from './figure.js';
import { jcoTimes, VERSIONS } from './jco-peer.js';
import { bigWit } from './big-input.js';
import { jcoEmbed } from '../src/validate/wit-parser.js';

const TARGET_BYTES = 10e6;

function witFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...witFiles(p));
    else if (e.endsWith('.wit')) out.push(p);
  }
  return out;
}

const isDir = (p: string) => statSync(p).isDirectory();

/** Runs fn over the replicated texts `n` times; the median seconds per pass. */
function timePasses(texts: readonly { path: string; text: string }[], n: number, fn: (t: { path: string; text: string }) => void): number {
  for (const t of texts.slice(0, 200)) fn(t); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    for (const t of texts) fn(t);
    samples.push((performance.now() - t0) / 1e3);
  }
  return median(samples);
}

export async function run(): Promise<Figure[]> {
  const root = corpusDir();
  const n = iterations(5);
  const figures: Figure[] = [];

  // ---- throughput over the replicated corpus ----
  const files = witFiles(root).map((p) => ({ path: p, text: readFileSync(p, 'utf8') }));
  const corpusBytes = files.reduce((s, f) => s + Buffer.byteLength(f.text), 0);
  const copies = Math.ceil(TARGET_BYTES / corpusBytes);
  // Distinct flat strings per copy, so nothing is shared or cached by identity.
  const texts = Array.from({ length: copies }, () => files.map((f) => ({ path: f.path, text: Buffer.from(f.text).toString('utf8') }))).flat();
  const totalMB = (corpusBytes * copies) / 1e6;
  let sink = 0;
  const lexS = timePasses(texts, n, (t) => {
    sink += lex(t.text).length;
  });
  const parseS = timePasses(texts, n, (t) => {
    const r = parseFile(t);
    if (r.diagnostics.length) throw new Error(`${t.path}: ${r.diagnostics[0]!.message}`);
  });
  const roundS = timePasses(texts, n, (t) => {
    const r = parseFile(t);
    if (print(r.file!) !== t.text) throw new Error(`${t.path} does not print back`);
  });
  const label = `${files.length} files x ${copies} = ${totalMB.toFixed(1)} MB, median of ${n}`;
  figures.push({ name: `lex (${label})`, value: totalMB / lexS, unit: 'MB/s' });
  figures.push({ name: `lex+parse (${label})`, value: totalMB / parseS, unit: 'MB/s' });
  figures.push({ name: `lex+parse+print (${label}; target >= 30)`, value: totalMB / roundS, unit: 'MB/s' });

  // ---- parse+resolve throughput: each package against its siblings ----
  const jobs: { key: string; dir: string; siblings: string[] }[] = [];
  for (const release of readdirSync(root).filter((e) => isDir(path.join(root, e))).sort()) {
    const rdir = path.join(root, release);
    const pkgs = readdirSync(rdir).filter((e) => isDir(path.join(rdir, e))).sort();
    for (const pkg of pkgs) {
      jobs.push({ key: `${release}/${pkg}`, dir: path.join(rdir, pkg), siblings: pkgs.filter((p) => p !== pkg).map((p) => path.join(rdir, p)) });
    }
  }
  for (const j of jobs.slice(0, 5)) resolvePath(j.dir, {}, j.siblings); // warm-up
  let bytes = 0;
  let rounds = 0;
  const t0 = performance.now();
  while (bytes < TARGET_BYTES) {
    for (const j of jobs) {
      const r = resolvePath(j.dir, {}, j.siblings);
      if (r.diagnostics.length || !r.resolve) throw new Error(`${j.key}: ${r.diagnostics[0]?.message}`);
      for (const f of r.files) bytes += Buffer.byteLength(f.text);
    }
    rounds++;
  }
  const resolveS = (performance.now() - t0) / 1e3;

  // ---- per package: ours vs jco on the same layouts ----
  const jco = await jcoTimes();
  let jcoBytes = 0;
  let jcoMs = 0;
  for (const [k, ms] of jco.perPackage) {
    jcoBytes += jco.bytes.get(k) ?? 0;
    jcoMs += ms;
  }
  figures.push({
    name: `parse+resolve, ${jobs.length} packages x ${rounds} rounds, all siblings as deps (${(bytes / 1e6).toFixed(1)} MB); peer: jco ${VERSIONS.join('+')}`,
    value: bytes / 1e6 / resolveS,
    unit: 'MB/s',
    peer: { name: 'jco wit-parser', value: jcoBytes / 1e6 / (jcoMs / 1e3) },
  });

  const per: { key: string; ours: number; peer: number }[] = [];
  for (const version of VERSIONS) {
    const vdir = path.join(root, version);
    for (const pkg of readdirSync(vdir).filter((e) => isDir(path.join(vdir, e))).sort()) {
      const key = `${version}/${pkg}`;
      const peer = jco.perPackage.get(key);
      if (peer === undefined) continue;
      const layout = await siblingLayout(vdir, pkg);
      try {
        const first = resolvePath(layout.dir);
        if (first.diagnostics.length || !first.resolve) throw new Error(`${key}: ${first.diagnostics[0]?.message}`);
        const samples: number[] = [];
        // Many more samples than jco: one call is well under a millisecond.
        for (let i = 0; i < Math.max(jco.iterations, 50); i++) {
          const t = performance.now();
          resolvePath(layout.dir);
          samples.push(performance.now() - t);
        }
        per.push({ key, ours: median(samples), peer });
      } finally {
        await layout.dispose();
      }
    }
  }
  for (const p of per) {
    figures.push({ name: `parse+resolve ${p.key} (package + used deps, from disk)`, value: p.ours, unit: 'ms/package', peer: { name: 'jco componentEmbed', value: p.peer } });
  }
  if (per.length) {
    const ours = per.reduce((s, p) => s + p.ours, 0) / per.length;
    const peer = per.reduce((s, p) => s + p.peer, 0) / per.length;
    figures.push({ name: `parse+resolve, mean over ${per.length} packages (target ours/peer <= 0.1)`, value: ours, unit: 'ms/package', peer: { name: 'jco componentEmbed', value: peer } });
  }
  figures.push(...(await bigInputFigures()));
  if (sink < 0) console.log(sink);
  return figures;
}

/**
 * Big inputs (issue 12): one generated valid file of BENCH_BIG_MB megabytes
 * (default 5; see big-input.ts), parse + resolve from disk, ours against jco's
 * componentEmbed on the same file in the same run, and the same at a fifth of
 * the size: time per MB that stays flat from 1x to 5x means linear.
 */
async function bigInputFigures(): Promise<Figure[]> {
  const mb = Number(process.env.BENCH_BIG_MB) || 5;
  const dir = mkdtempSync(path.join(tmpdir(), 'wit-big-'));
  const out: Figure[] = [];
  try {
    for (const size of [mb / 5, mb]) {
      const file = path.join(dir, `big-${size}.wit`);
      writeFileSync(file, bigWit(size * 1e6));
      const bytes = statSync(file).size;
      const t0 = performance.now();
      const r = resolvePath(file);
      const ours = performance.now() - t0;
      if (r.diagnostics.length || !r.resolve) throw new Error(`big input: ${r.diagnostics[0]?.message}`);
      const t1 = performance.now();
      const j = await jcoEmbed({ witPath: file, world: 'everything' });
      const peer = performance.now() - t1;
      if (!j.ok) throw new Error(`jco rejected the big input: ${j.message}`);
      out.push({
        name: `parse+resolve of one generated ${(bytes / 1e6).toFixed(1)} MB file (bench/big-input.ts), from disk, ms per MB`,
        value: ours / (bytes / 1e6),
        unit: 'ms/MB',
        peer: { name: 'jco componentEmbed', value: peer / (bytes / 1e6) },
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/**
 * Everything the bindings rewriter produces, as text, for comparing two
 * builds (scripts/bindings-same-output.sh): the rewrite of a generated
 * project (bench/bindings-project.ts), every transform case, and every
 * project under fixtures/ and the third-party corpus through
 * `migrate --write` then a second `migrate` (copied to a temp dir).
 *
 *   node scripts/bindings-dump.mjs <repo root of the build> <out dir>
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [root, out] = process.argv.slice(2).map((p) => path.resolve(p));
mkdirSync(out, { recursive: true });
const dist = (p) => import(path.join(root, 'dist', p));
const tree = (dir, rel = '', acc = {}) => {
  for (const n of readdirSync(path.join(dir, rel)).sort()) {
    if (n === '.git') continue;
    const r = rel ? `${rel}/${n}` : n;
    if (statSync(path.join(dir, r)).isDirectory()) tree(dir, r, acc);
    else acc[r] = readFileSync(path.join(dir, r), 'utf8');
  }
  return acc;
};

// 1. The bench project (same generator, same size), through migrateCode.
const { generateProject } = await dist('bench/bindings-project.js');
const { migrateCode } = await dist('src/bindings/code/rewrite.js');
const benchDir = mkdtempSync(path.join(tmpdir(), 'bindings-dump-bench-'));
await generateProject(benchDir, Number(process.env.BENCH_BINDINGS_FILES ?? 500));
const benchFiles = {};
for (const [p, t] of Object.entries(tree(benchDir))) if (!p.startsWith('wit/')) benchFiles[p] = t;
const r = migrateCode(benchFiles);
writeFileSync(path.join(out, 'bench.json'), JSON.stringify({ changes: r.changes, edits: r.edits, reviews: r.reviews, asyncExports: r.asyncExports }, null, 1));
writeFileSync(path.join(out, 'bench-second.json'), JSON.stringify(migrateCode(r.files).changes, null, 1));
rmSync(benchDir, { recursive: true, force: true });

// 2. Every transform case, through the whole rewriter, and a second run.
const { catalogue } = await dist('src/bindings/code/index.js');
const { runCodeCase } = await dist('src/bindings/code/cases.js');
const cases = [];
for (const t of catalogue)
  for (const c of t.cases) {
    const run = runCodeCase(c);
    cases.push({ id: t.id, name: c.name, files: run.result.files, edits: run.result.edits, reviews: run.result.reviews, helpers: run.helpers, second: migrateCode(run.result.files).changes });
  }
writeFileSync(path.join(out, 'cases.json'), JSON.stringify(cases, null, 1));

// 3. Projects through the CLI: migrate --write, then a second run.
const CORPUS = '/work/shared/corpus/thirdparty/code';
const projects = [
  ...readdirSync(path.join(root, 'fixtures/components')).map((n) => path.join(root, 'fixtures/components', n)),
  ...readdirSync(path.join(root, 'fixtures/bindings')).map((n) => path.join(root, 'fixtures/bindings', n)),
  ...readdirSync(CORPUS).filter((n) => statSync(path.join(CORPUS, n)).isDirectory()).map((n) => path.join(CORPUS, n)),
];
for (const proj of projects) {
  const tag = path.relative(path.dirname(path.dirname(proj)), proj).replace(/\//g, '__');
  const dir = mkdtempSync(path.join(tmpdir(), 'bindings-dump-proj-'));
  cpSync(proj, dir, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', dir]);
  const cli = (args) => {
    const s = spawnSync(process.execPath, [path.join(root, 'bin/wasi-migrate'), ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { status: s.status, stdout: s.stdout.split(dir).join('<dir>'), stderr: s.stderr.split(dir).join('<dir>') };
  };
  const first = cli(['migrate', '.', '--write', '--format', 'json']);
  const after = tree(dir);
  const second = cli(['migrate', '.', '--write', '--format', 'json']);
  const afterSecond = tree(dir);
  writeFileSync(path.join(out, `proj-${tag}.json`), JSON.stringify({ first, after, second, afterSecond }, null, 1));
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${projects.length} projects, ${cases.length} cases, bench: ${r.changes.length} files changed`);

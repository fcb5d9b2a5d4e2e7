// Measurements behind the decision NOT to batch wit-parser calls in `wit --check`
// (issue 18). Nothing in src/ uses this; it records how the evidence was taken.
// Needs `npm run build`. Usage: node scripts/wit-batch-probe.mjs [tree of packages]
//
// 1. Over every wit-parser UI case (parse-fail too): the verdict of today's check
//    (validateWit: one componentEmbed per world of the main package) against a
//    parse+resolve-only check (the case's main package moved under deps/ of an empty
//    neutral package: wit-parser resolves everything and then stops at "The main
//    package `batch:neutral` contains no worlds"). A resolve-only batch could only
//    be sound if no case falls in `resolveOnlyAccepts`.
// 2. With a tree (e.g. bench/wit-check.ts's generated 0.3 tree, one package a folder):
//    the time of today's per-world calls against one resolve-only call per package,
//    in memory, interleaved, three rounds; and how many distinct package names the
//    tree holds (wit-parser refuses a package name twice in one call, so packages of
//    the same name can never share a batch).
import { validateWit, jcoEmbed, warmUp, worldNames } from '../dist/src/validate/wit-parser.js';
import { oneText } from '../dist/src/validate/one-text.js';
import { readdirSync, readFileSync, statSync, mkdtempSync, mkdirSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NEUTRAL_DONE = /^The main package `batch:neutral` contains no worlds$/;
const ALL = { tag: 'all' };
const ui = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/corpus/wit-parser-ui');

await warmUp();

async function resolveOnly(p) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wit-batch-probe-'));
  try {
    writeFileSync(path.join(tmp, 'neutral.wit'), 'package batch:neutral;\n');
    const main = path.join(tmp, 'deps', 'zz-main');
    mkdirSync(main, { recursive: true });
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p)) {
        if (e === 'deps') for (const d of readdirSync(path.join(p, 'deps'))) cpSync(path.join(p, 'deps', d), path.join(tmp, 'deps', d), { recursive: true });
        else if (e.endsWith('.wit')) cpSync(path.join(p, e), path.join(main, e));
      }
    } else cpSync(p, path.join(main, path.basename(p)));
    const r = await jcoEmbed({ witPath: tmp, features: ALL });
    return !r.ok && NEUTRAL_DONE.test(r.message);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const verdicts = { same: 0, sameOk: 0, resolveOnlyAccepts: [], perWorldOnlyAccepts: [] };
for (const root of [ui, path.join(ui, 'parse-fail')]) {
  for (const n of readdirSync(root).sort()) {
    const p = path.join(root, n);
    const dir = statSync(p).isDirectory();
    if ((!dir && !n.endsWith('.wit')) || n === 'parse-fail') continue;
    const perWorld = (await validateWit({ path: p }, { features: ALL })).ok;
    const resolved = await resolveOnly(p);
    const rel = path.relative(ui, p);
    if (perWorld === resolved) {
      verdicts.same++;
      if (perWorld) verdicts.sameOk++;
    } else (resolved ? verdicts.resolveOnlyAccepts : verdicts.perWorldOnlyAccepts).push(rel);
  }
}
console.log('wit-parser-ui verdicts', JSON.stringify(verdicts, null, 1));

const tree = process.argv[2];
if (tree) {
  const files = (dir, rel = '', out = {}) => {
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) files(p, `${rel}${n}/`, out);
      else if (n.endsWith('.wit')) out[rel + n] = readFileSync(p, 'utf8');
    }
    return out;
  };
  const jobs = [];
  const names = new Set();
  for (const n of readdirSync(tree)) {
    const f = files(path.join(tree, n));
    const text = oneText(f);
    if (text === undefined) continue;
    const mains = Object.keys(f).filter((k) => !k.includes('/')).sort().map((k) => f[k]);
    const header = /^package\s+([^;]+);/m.exec(text);
    names.add(header[1].trim());
    // The main package as a nested block under the neutral one (fine for the official packages the bench copies: no top-level `use`).
    const bodies = mains.map((t) => t.replace(/^package\s+[^;]+;/m, '')).join('\n');
    const nested = text.search(/\npackage\s+[^;{]+\{/);
    const neutral = `package batch:neutral;\npackage ${header[1]} {\n${bodies}\n}\n${nested >= 0 ? text.slice(nested) : ''}`;
    jobs.push({ text, neutral, worlds: worldNames(mains) });
  }
  const rounds = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    let bad = 0;
    for (const j of jobs) for (const w of j.worlds) if (!(await jcoEmbed({ witSource: j.text, world: w, features: ALL })).ok) bad++;
    const perWorld = { ms: Math.round(performance.now() - t), rejected: bad };
    t = performance.now();
    bad = 0;
    for (const j of jobs) {
      const r = await jcoEmbed({ witSource: j.neutral, features: ALL });
      if (r.ok || !NEUTRAL_DONE.test(r.message)) bad++;
    }
    rounds.push({ perWorld, resolveOnlyPerPackage: { ms: Math.round(performance.now() - t), rejected: bad } });
  }
  const worlds = jobs.reduce((a, j) => a + j.worlds.length, 0);
  console.log(`${jobs.length} packages, ${worlds} worlds, ${names.size} distinct package names`);
  console.log(JSON.stringify(rounds));
}

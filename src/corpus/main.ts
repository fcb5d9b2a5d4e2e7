/**
 * `npm run corpus`: the test corpus for anyone without this workspace's
 * `../shared/corpus`, checked file by file against `corpus/manifest.json`.
 *
 *   WASI_MIGRATE_CORPUS=<dir> npm run corpus      fetch every part with a pinned ref into <dir>
 *   npm run corpus -- --verify [dir]              check a corpus against the manifest (no network)
 *   npm run corpus -- --write-manifest [dir]      record a corpus's files and their SHA-256
 *
 * Fetching is content-addressed: each part's repository archive at its ref is
 * downloaded and unpacked, and every file the manifest lists is found in it by
 * its SHA-256, wherever the repository keeps it; a file not found is an error.
 * The folder is written aside and renamed into place once complete.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from '../util/corpus.js';
import { packageRoot } from '../util/package-root.js';
import { SOURCES } from './sources.js';

interface Manifest {
  /** Corpus-relative path -> SHA-256 (hex) of the file. */
  files: Record<string, string>;
}

const MANIFEST = path.join(packageRoot(), 'corpus', 'manifest.json');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

function hashTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of walk(dir)) files[f] = sha256(readFileSync(path.join(dir, f)));
  return files;
}

/** Differences between a corpus folder and the manifest: one line each. */
export function verify(dir: string, manifest: Manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest): string[] {
  if (!existsSync(dir)) return [`${dir}: no such folder`];
  const have = hashTree(dir);
  const out: string[] = [];
  for (const [f, h] of Object.entries(manifest.files)) {
    if (!(f in have)) out.push(`missing: ${f}`);
    else if (have[f] !== h) out.push(`changed: ${f} (sha256 ${have[f]}, expected ${h})`);
  }
  for (const f of Object.keys(have)) if (!(f in manifest.files)) out.push(`not in the manifest: ${f}`);
  return out;
}

async function fetchPart(repo: string, ref: string, into: string): Promise<void> {
  const url = `https://codeload.github.com/${repo}/tar.gz/${ref}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const tgz = path.join(into, 'archive.tar.gz');
  writeFileSync(tgz, new Uint8Array(await res.arrayBuffer()));
  execFileSync('tar', ['-xzf', tgz, '-C', into]);
  rmSync(tgz);
}

async function fetchCorpus(target: string): Promise<number> {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  if (existsSync(target) && verify(target, manifest).length === 0) {
    process.stdout.write(`${target}: already complete and verified\n`);
    return 0;
  }
  const aside = `${target}.partial-${process.pid}`;
  rmSync(aside, { recursive: true, force: true });
  mkdirSync(aside, { recursive: true });
  const problems: string[] = [];
  for (const s of SOURCES) {
    const wanted = Object.entries(manifest.files).filter(([f]) => f.startsWith(`${s.folder}/`));
    if (s.ref === null) {
      problems.push(`${s.folder}: no pinned ref for ${s.repo} in the corpus README; copy it from a corpus you have (--verify checks it)`);
      continue;
    }
    process.stderr.write(`fetching ${s.repo}@${s.ref} for ${s.folder} (${wanted.length} files)\n`);
    const scratch = mkdtempSync(path.join(path.dirname(aside), '.corpus-fetch-'));
    try {
      await fetchPart(s.repo, s.ref, scratch);
      const byHash = new Map<string, string>();
      for (const f of walk(scratch)) byHash.set(sha256(readFileSync(path.join(scratch, f))), path.join(scratch, f));
      for (const [f, h] of wanted) {
        const from = byHash.get(h);
        if (!from) {
          problems.push(`${f}: no file with sha256 ${h} in ${s.repo}@${s.ref}`);
          continue;
        }
        mkdirSync(path.dirname(path.join(aside, f)), { recursive: true });
        writeFileSync(path.join(aside, f), readFileSync(from));
      }
    } catch (e) {
      problems.push(`${s.folder}: ${(e as Error).message}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  for (const p of problems) process.stderr.write(`error: ${p}\n`);
  if (problems.length) {
    process.stderr.write(`incomplete: what was fetched is in ${aside}; ${target} is unchanged\n`);
    return 1;
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(aside, target);
  process.stdout.write(`${target}: ${Object.keys(manifest.files).length} files, verified\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--verify') {
    const dir = path.resolve(argv[1] ?? corpusDir());
    const diffs = verify(dir);
    for (const d of diffs) process.stdout.write(`${d}\n`);
    process.stdout.write(diffs.length ? `${dir}: ${diffs.length} difference(s) from corpus/manifest.json\n` : `${dir}: matches corpus/manifest.json\n`);
    return diffs.length ? 1 : 0;
  }
  if (argv[0] === '--write-manifest') {
    const dir = path.resolve(argv[1] ?? corpusDir());
    const files = hashTree(dir);
    const unsourced = Object.keys(files).filter((f) => f.includes('/') && !SOURCES.some((s) => f.startsWith(`${s.folder}/`)) && !/(^|\/)(README\.md|LICENSE[^/]*|licenses\/.*)$/.test(f));
    if (unsourced.length) process.stderr.write(`note: files outside every source folder (kept, never fetched): ${unsourced.join(', ')}\n`);
    mkdirSync(path.dirname(MANIFEST), { recursive: true });
    writeFileSync(MANIFEST, `${JSON.stringify({ files }, null, 1)}\n`);
    process.stdout.write(`${MANIFEST}: ${Object.keys(files).length} files\n`);
    return 0;
  }
  if (argv.length) {
    process.stderr.write(`error: unknown argument ${argv[0]}; use --verify [dir] or --write-manifest [dir], or no argument to fetch\n`);
    return 2;
  }
  const target = process.env.WASI_MIGRATE_CORPUS;
  if (!target) {
    process.stderr.write('error: set WASI_MIGRATE_CORPUS to the folder to fetch the corpus into (it is never written to ../shared)\n');
    return 2;
  }
  return fetchCorpus(path.resolve(target));
}

if (process.argv[1] && /corpus[\\/]main\.js$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}

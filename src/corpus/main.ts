/**
 * npm run corpus                          fetch the corpus into $WASI_MIGRATE_CORPUS (required)
 * npm run corpus -- --ref ID=REF          ... with a tag or commit for a source (e.g. wit-parser-ui=<commit>)
 * npm run corpus -- --verify [DIR]        check DIR (default: the corpus root the tests use) against
 *                                         corpus/manifest.json, no network; exit 1 on any mismatch
 * npm run corpus -- --write-manifest [DIR] regenerate corpus/manifest.json from DIR (default: the corpus root)
 */
import { corpusRoot } from '../util/corpus.js';
import { fetchCorpus } from './fetch.js';
import { manifestPath, readManifest, verifyCorpus, writeManifest } from './manifest.js';

function verify(dir: string): number {
  const v = verifyCorpus(dir);
  for (const p of v.problems) process.stdout.write(`${p}\n`);
  for (const a of v.absent) process.stdout.write(`absent: ${a}\n`);
  process.stdout.write(v.problems.length ? `corpus: ${dir}: ${v.problems.length} mismatches against ${manifestPath()}\n` : `corpus: ${dir}: ok (${v.checked} files)\n`);
  return v.problems.length ? 1 : 0;
}

async function main(args: string[]): Promise<number> {
  const mode = args[0];
  if (mode === '--verify') return verify(args[1] ?? corpusRoot());
  if (mode === '--write-manifest') {
    const dir = args[1] ?? corpusRoot();
    const m = writeManifest(dir);
    process.stdout.write(`${manifestPath()}: ${m.sources.reduce((n, s) => n + Object.keys(s.files).length, 0)} files from ${dir}\n`);
    return 0;
  }
  const refs = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const m = args[i] === '--ref' ? /^([^=]+)=(.+)$/.exec(args[i + 1] ?? '') : null;
    if (!m) throw new Error(`unknown argument ${args[i]} (see src/corpus/main.ts)`);
    refs.set(m[1]!, m[2]!);
    i++;
  }
  const target = process.env.WASI_MIGRATE_CORPUS;
  if (!target) throw new Error('set WASI_MIGRATE_CORPUS to the folder to fetch the corpus into (it must not exist yet), e.g. WASI_MIGRATE_CORPUS=$HOME/wasi-migrate-corpus npm run corpus');
  return (await fetchCorpus(target, readManifest(), refs)) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`corpus: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);

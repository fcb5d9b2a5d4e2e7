/** Shared helpers for the WIT tests: corpus files and resolving in-memory text. */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { resolvePath, type ResolveOptions, type ResolveResult } from '../../src/wit/resolve.js';
import { corpusRoot } from '../../src/util/corpus.js';

/** Every `.wit` file under dir, recursively, sorted. */
export function witFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...witFiles(p));
    else if (e.endsWith('.wit')) out.push(p);
  }
  return out;
}

export const CORPUS = corpusRoot();
/** A corpus file's name for a test title: its path inside the corpus (`wasi/0.3.0/cli/run.wit`). */
export const corpusName = (f: string): string => relative(CORPUS, f);
/** All WASI release files and the valid wit-parser UI inputs. */
export function corpusWitFiles(): string[] {
  const ui = join(CORPUS, 'wit-parser-ui');
  const valid = readdirSync(ui)
    .filter((e) => e !== 'parse-fail')
    .flatMap((e) => {
      const p = join(ui, e);
      return statSync(p).isDirectory() ? witFiles(p) : e.endsWith('.wit') ? [p] : [];
    });
  return [...witFiles(join(CORPUS, 'wasi')), ...valid];
}

export function read(p: string): string {
  return readFileSync(p, 'utf8');
}

/**
 * Writes files (relative path -> text) into a fresh temp dir and resolves it
 * (the dir itself, or `entry` inside it). The dir is removed afterwards.
 */
export function resolveTexts(files: Record<string, string>, options: ResolveOptions = {}, entry = '.'): ResolveResult {
  const dir = mkdtempSync(join(tmpdir(), 'wit-test-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
    return resolvePath(join(dir, entry), options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves one file's text; throws with the diagnostics if it does not resolve. */
export function resolveOk(text: string, options: ResolveOptions = {}): NonNullable<ResolveResult['resolve']> {
  const r = resolveTexts({ 'root.wit': text }, options, 'root.wit');
  if (!r.resolve || r.diagnostics.length > 0) {
    throw new Error(`did not resolve: ${r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`).join('; ')}`);
  }
  return r.resolve;
}

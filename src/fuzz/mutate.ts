/**
 * Deterministic mutation testing of the WIT parser and resolver.
 *
 * Inputs are made from corpus files by cutting, duplicating and swapping
 * tokens and characters (UTF-16 code units: the corpus is ASCII, so bytes),
 * and by inserting characters the grammar cares about. Everything is derived
 * from a seed: case `i` of a run with seed `s` is `makeCase(sources, s, i)`,
 * so any input can be rebuilt from (seed, index) alone.
 *
 * `checkCase` runs one input through `parseFile` and through `resolvePath`
 * (the file written into a temp copy of its package, the package's siblings
 * as deps) and lists what breaks the contract: an exception, a failure with
 * no diagnostic, a diagnostic whose line/col is not in the file, a tree that
 * does not print back, or more than the time limit.
 */
import { Mulberry32 } from '../util/mulberry32.js';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../wit/diagnostics.js';
import { lex, type Token } from '../wit/lexer.js';
import { parseFile } from '../wit/parser.js';
import { print } from '../wit/printer.js';
import { resolvePath } from '../wit/resolve.js';

// ---------------------------------------------------------------------------
// PRNG

/** Picks mutations; the generator is shared with the executor (src/util). */
export class Rng extends Mulberry32 {
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** murmur3's 32-bit finaliser: every input bit reaches every output bit. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A per-case seed from the run seed and the case index (so cases are independent). The seed is mixed alone
 * first: xor-ing it with the index before any mixing made seed S case i the same as seed S+1 case i+1.
 */
export function caseSeed(seed: number, index: number): number {
  return mix32(mix32((seed ^ 0x9e3779b9) >>> 0) ^ Math.imul(index + 0x7f4a7c15, 0x9e3779b1));
}

// ---------------------------------------------------------------------------
// Sources

/** A corpus file to mutate, and the package it belongs to. */
export interface Source {
  /** Path relative to the corpus root, e.g. `wasi/0.3.0/cli/run.wit`. */
  readonly name: string;
  readonly path: string;
  readonly text: string;
  /** Its package folder (for a WASI file), resolved with `siblings` as deps; undefined: the file alone. */
  readonly packageDir?: string;
  readonly siblings: readonly string[];
}

const isDir = (p: string): boolean => statSync(p).isDirectory();

/** Every WASI release file (with its package and siblings) and every single-file valid wit-parser UI input. */
export function loadSources(corpus: string): Source[] {
  const out: Source[] = [];
  const wasi = join(corpus, 'wasi');
  for (const release of readdirSync(wasi).sort()) {
    const rdir = join(wasi, release);
    if (!isDir(rdir)) continue;
    const pkgs = readdirSync(rdir).filter((p) => isDir(join(rdir, p))).sort();
    const uses = new Map(pkgs.map((p) => [p, packagesUsed(join(rdir, p), pkgs)]));
    for (const pkg of pkgs) {
      const pdir = join(rdir, pkg);
      // Only the siblings it uses, transitively (as a deps/ layout would hold): resolving is the cost here.
      const needed = new Set<string>();
      const visit = (p: string) => {
        for (const q of uses.get(p) ?? []) if (q !== pkg && !needed.has(q)) (needed.add(q), visit(q));
      };
      visit(pkg);
      for (const f of readdirSync(pdir).filter((f) => f.endsWith('.wit')).sort()) {
        const path = join(pdir, f);
        out.push({
          name: relative(corpus, path),
          path,
          text: readFileSync(path, 'utf8'),
          packageDir: pdir,
          siblings: pkgs.filter((p) => needed.has(p)).map((p) => join(rdir, p)),
        });
      }
    }
  }
  const ui = join(corpus, 'wit-parser-ui');
  for (const f of readdirSync(ui).filter((f) => f.endsWith('.wit')).sort()) {
    const path = join(ui, f);
    out.push({ name: relative(corpus, path), path, text: readFileSync(path, 'utf8'), siblings: [] });
  }
  return out;
}

/** Sibling package folders named in a package's text as `wasi:<name>/` or `wasi:<name>@`. */
function packagesUsed(pdir: string, pkgs: readonly string[]): string[] {
  const text = readdirSync(pdir)
    .filter((f) => f.endsWith('.wit'))
    .map((f) => readFileSync(join(pdir, f), 'utf8').replace(/\/\/.*$/gm, ''))
    .join('\n');
  return pkgs.filter((p) => new RegExp(`\\b[a-z]+:${p}[/@]`).test(text));
}

// ---------------------------------------------------------------------------
// Mutations

/** Text the grammar reacts to, for insertions. */
const INTERESTING = [
  '{', '}', '<', '>', '(', ')', ';', ',', ':', '.', '@', '%', '"', '=', '->', '-', '/', '*', '+', '_',
  '/*', '*/', '//', '///', '/**', '\n', '\r\n', '\r', '\t', ' ', '\ufeff', 'é', '🎉', '\u202e', '\u0000',
  'package', 'interface', 'world', 'use', 'include', 'with', 'as', 'func', 'async', 'static', 'constructor',
  'resource', 'record', 'variant', 'enum', 'flags', 'type', 'list', 'option', 'result', 'tuple', 'future',
  'stream', 'own', 'borrow', 'error-context', 'import', 'export', 'map',
  '@since(version = 0.2.0)', '@unstable(feature = x)', '@deprecated(version = 1.0.0)',
  '0', '1.2.3', '4294967296', '99999999999999999999', 'a:b/c@1.0.0', '%id', 'x-Y', 'list<u8, 0>',
];

export type MutationOp =
  | 'cut-token' | 'dup-token' | 'swap-tokens' | 'cut-bytes' | 'dup-bytes' | 'swap-bytes' | 'insert' | 'nest';

const OPS: readonly MutationOp[] = ['cut-token', 'dup-token', 'swap-tokens', 'cut-bytes', 'dup-bytes', 'swap-bytes', 'insert', 'nest'];

const tokenCache = new Map<string, Token[]>();

function tokensOf(text: string): Token[] | undefined {
  const cached = tokenCache.get(text);
  if (cached) return cached;
  try {
    const toks = lex(text).filter((t) => t.end > t.start);
    if (tokenCache.size < 1000) tokenCache.set(text, toks); // the unmutated sources, mostly
    return toks;
  } catch {
    return undefined;
  }
}

/** One mutation of text. Token ops fall back to byte ops when the text no longer lexes. */
function mutateOnce(text: string, rng: Rng): { text: string; op: string } {
  let op = rng.pick(OPS);
  const toks = op.endsWith('token') || op.endsWith('tokens') ? tokensOf(text) : undefined;
  if ((op === 'cut-token' || op === 'dup-token' || op === 'swap-tokens') && (!toks || toks.length < 2)) op = 'cut-bytes';
  const n = text.length;
  const at = () => rng.int(n + 1);
  const range = (max: number): [number, number] => {
    const s = rng.int(n + 1);
    return [s, Math.min(n, s + 1 + rng.int(max))];
  };
  switch (op) {
    case 'cut-token': {
      const t = rng.pick(toks!);
      return { text: text.slice(0, t.start) + text.slice(t.end), op: `cut-token@${t.start}` };
    }
    case 'dup-token': {
      const t = rng.pick(toks!);
      const where = rng.next() < 0.5 ? t.end : rng.pick(toks!).start;
      return { text: text.slice(0, where) + text.slice(t.start, t.end) + text.slice(where), op: `dup-token@${t.start}->${where}` };
    }
    case 'swap-tokens': {
      let a = rng.pick(toks!);
      let b = rng.pick(toks!);
      if (a.start > b.start) [a, b] = [b, a];
      if (a === b) return { text, op: 'swap-tokens(same)' };
      const out = text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
      return { text: out, op: `swap-tokens@${a.start},${b.start}` };
    }
    case 'cut-bytes': {
      const [s, e] = range(rng.next() < 0.8 ? 4 : 64);
      return { text: text.slice(0, s) + text.slice(e), op: `cut-bytes@${s}..${e}` };
    }
    case 'dup-bytes': {
      const [s, e] = range(rng.next() < 0.8 ? 8 : 200);
      const where = at();
      return { text: text.slice(0, where) + text.slice(s, e) + text.slice(where), op: `dup-bytes@${s}..${e}->${where}` };
    }
    case 'swap-bytes': {
      let a = rng.int(Math.max(1, n));
      let b = rng.int(Math.max(1, n));
      if (a > b) [a, b] = [b, a];
      if (a === b || b >= n) return { text, op: 'swap-bytes(same)' };
      return { text: text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1), op: `swap-bytes@${a},${b}` };
    }
    case 'insert': {
      const s = rng.pick(INTERESTING);
      const where = at();
      return { text: text.slice(0, where) + s + text.slice(where), op: `insert${JSON.stringify(s)}@${where}` };
    }
    case 'nest': {
      // Deep nesting: a run of `list<` or `{` or `/*`, which stresses recursion limits.
      const unit = rng.pick(['list<', 'option<', '{', '/*', '(', 'package a:b {']);
      const count = 1 + rng.int(rng.next() < 0.9 ? 20 : 2000);
      const where = at();
      return { text: text.slice(0, where) + unit.repeat(count) + text.slice(where), op: `nest${JSON.stringify(unit)}x${count}@${where}` };
    }
  }
}

export interface Case {
  readonly index: number;
  /** The case's own seed (see caseSeed). */
  readonly seed: number;
  readonly source: Source;
  readonly text: string;
  readonly ops: readonly string[];
}

/** Case `index` of a run with `seed`: a source picked by the case seed, mutated 1 to 4 times. */
export function makeCase(sources: readonly Source[], seed: number, index: number): Case {
  const cs = caseSeed(seed, index);
  const rng = new Rng(cs);
  const source = rng.pick(sources);
  let text = source.text;
  const ops: string[] = [];
  const count = 1 + rng.int(4);
  for (let k = 0; k < count; k++) {
    const m = mutateOnce(text, rng);
    text = m.text;
    ops.push(m.op);
  }
  return { index, seed: cs, source, text, ops };
}

// ---------------------------------------------------------------------------
// Checking

export interface CheckResult {
  readonly parseMs: number;
  readonly resolveMs: number;
  /** Did parseFile / resolve accept the input? */
  readonly parsed: boolean;
  readonly resolved: boolean;
  /** Contract violations; empty when the case is fine. */
  readonly violations: string[];
  /** Diagnostics that point at no file (a package-level error located at the root path, 1:1). */
  readonly unlocated: number;
}

/** Why a diagnostic's location is not in text, or undefined when it is. */
export function badLocation(d: Diagnostic, text: string): string | undefined {
  const lines = text.split('\n');
  const where = `${d.line}:${d.col} (${d.message})`;
  if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines.length) return `line out of range: ${where}, file has ${lines.length} lines`;
  const lineLen = [...lines[d.line - 1]!.replace(/\r$/, '')].length;
  if (!Number.isInteger(d.col) || d.col < 1 || d.col > lineLen + 1) return `column out of range: ${where}, line ${d.line} has ${lineLen} characters`;
  if (d.offset < 0 || d.offset > text.length || d.offset + d.length > text.length) return `span out of the text: ${where} offset ${d.offset} length ${d.length}`;
  return undefined;
}

/** A temp copy of each package a run touches; the mutated file is written over its copy and restored after. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'wit-fuzz-'));
  private readonly copies = new Map<string, string>();

  /** The copy of source's package (or a folder for a lone file) and the path of source's file in it. */
  place(source: Source): { root: string; file: string } {
    const from = source.packageDir ?? dirname(source.path);
    let copy = this.copies.get(from);
    if (!copy) {
      copy = join(this.dir, String(this.copies.size));
      mkdirSync(copy, { recursive: true });
      if (source.packageDir) {
        for (const f of readdirSync(from)) if (f.endsWith('.wit')) copyFileSync(join(from, f), join(copy, f));
      }
      this.copies.set(from, copy);
    }
    const file = join(copy, basename(source.path));
    return { root: source.packageDir ? copy : file, file };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function readIfFile(p: string): string | undefined {
  try {
    return statSync(p).isFile() ? readFileSync(p, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export function checkCase(c: Case, ws: Workspace, limitMs = 1000): CheckResult {
  const violations: string[] = [];
  let unlocated = 0;
  const path = c.source.name;

  // 1. parseFile on the text itself.
  let parsed = false;
  const t0 = performance.now();
  try {
    const r = parseFile({ path, text: c.text });
    if (r.diagnostics.length === 0) {
      if (!r.file) violations.push('parseFile: no tree and no diagnostic');
      else parsed = true;
    }
    for (const d of r.diagnostics) {
      if (d.file !== path) violations.push(`parseFile: diagnostic names file ${d.file}, not ${path}`);
      const bad = badLocation(d, c.text);
      if (bad) violations.push(`parseFile: ${bad}`);
    }
    if (r.file && print(r.file) !== c.text) violations.push('parseFile: the tree does not print back byte for byte');
  } catch (e) {
    violations.push(`parseFile threw: ${(e as Error)?.stack ?? e}`);
  }
  const parseMs = performance.now() - t0;

  // 2. resolvePath on the package with this file replaced (siblings as deps).
  let resolved = false;
  const { root, file } = ws.place(c.source);
  writeFileSync(file, c.text);
  const t1 = performance.now();
  try {
    const r = resolvePath(root, {}, c.source.siblings);
    if (r.diagnostics.length === 0 && !r.resolve) violations.push('resolve: no model and no diagnostic');
    resolved = r.diagnostics.length === 0 && !!r.resolve;
    const texts = new Map(r.files.map((f) => [f.path, f.text]));
    for (const d of r.diagnostics) {
      // On a grouping error (package names disagree) the result lists no files: read it back from disk.
      const text = texts.get(d.file) ?? readIfFile(d.file);
      if (text === undefined) {
        // A package-level error (e.g. no `package` header) names the root, at 1:1.
        if (d.line === 1 && d.col === 1) unlocated++;
        else violations.push(`resolve: diagnostic in unknown file ${d.file} at ${d.line}:${d.col}: ${d.message}`);
        continue;
      }
      const bad = badLocation(d, text);
      if (bad) violations.push(`resolve: ${relative(ws.dir, d.file)}: ${bad}`);
    }
  } catch (e) {
    violations.push(`resolve threw: ${(e as Error)?.stack ?? e}`);
  } finally {
    if (c.source.packageDir) writeFileSync(file, c.source.text);
  }
  const resolveMs = performance.now() - t1;

  if (parseMs + resolveMs > limitMs) violations.push(`took ${(parseMs + resolveMs).toFixed(0)} ms (limit ${limitMs} ms)`);
  return { parseMs, resolveMs, parsed, resolved, violations, unlocated };
}

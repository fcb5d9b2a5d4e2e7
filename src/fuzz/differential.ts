/**
 * Differential fuzzing of our parser + resolver against the REAL wit-parser
 * (jco's wasm-tools, `componentEmbed` with `dummy: true`).
 *
 * Each case is a corpus file mutated (mutate.ts's byte and token ops, plus the
 * WIT-aware ops below: keywords swapped in, identifiers `%`-escaped or made
 * keywords, versions bent, gates and attributes put in every position, nested
 * packages) or a package generated from the WIT grammar. The case is written
 * into a package folder on disk (a WASI file with the sibling packages it uses
 * under `deps/`, a wit-parser UI file alone) and both sides parse and resolve
 * that same path with the same active features. Everything derives from
 * (seed, index), so any case can be rebuilt.
 *
 * What counts: an accept/reject disagreement (with the input minimised), a
 * trap of wit-parser (counted apart, never as agreement), and where both
 * reject a syntax error, whether the first error is at the same line:col
 * (wit-parser's own location found by bisection over `witSource`, see
 * validate/wit-parser.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { jcoEmbed, jcoPackageCause, type JcoFeatures } from '../validate/wit-parser.js';
import { lex, LexError, T, KEYWORDS, type Token } from '../wit/lexer.js';
import { resolvePath, type ResolveOptions } from '../wit/resolve.js';
import { caseSeed, makeCase, Rng, type Source } from './mutate.js';

// ---------------------------------------------------------------------------
// Cases

export type FeatureChoice = { kind: 'none' } | { kind: 'all' } | { kind: 'list'; names: string[] };

export interface DiffCase {
  readonly index: number;
  readonly seed: number;
  readonly source: Source;
  readonly text: string;
  readonly ops: readonly string[];
  readonly features: FeatureChoice;
}

const KEYWORD_LIST = [...KEYWORDS.keys()];

const ATTRIBUTES = [
  '@since(version = 0.2.0)', '@since(version = 0.3.0)', '@since(version = 0.2.0+b)', '@since(version = 0.2.0-rc.1)',
  '@since(version = 1.0.0)', '@since(version = 99999999999999999999.0.0)', '@since(version = 18446744073709551615.0.0)',
  '@unstable(feature = x)', '@unstable(feature = y)', '@unstable(feature = active)',
  '@deprecated(version = 0.2.0)', '@deprecated(version = 0.3.0)',
  '@since(version = 0.2.0) @since(version = 0.2.0)', '@since(version = 0.2.0) @unstable(feature = x)',
  '@unstable(feature = x) @unstable(feature = x)', '@deprecated(version = 0.2.0) @deprecated(version = 0.2.0)',
  '@since(version = 0.2.0) @deprecated(version = 0.2.1)', '@unstable(feature = x) @deprecated(version = 0.2.1)',
];

const VERSIONS = [
  '0.2.0', '0.3.0', '1.0.0', '0.2.0+b', '0.2.0-rc.1', '0.3.0-rc-2025-09-16', '01.0.0', '1.0', '1.0.0-', '1.0.0+',
  '18446744073709551615.0.0', '18446744073709551616.0.0', '99999999999999999999.1.1', '0.2.0-rc.1+build.5', '0.0.0',
];

/** Significant tokens of a text, or undefined if it does not lex. */
function sigTokens(text: string): Token[] | undefined {
  try {
    return lex(text).filter((t) => t.kind !== T.Whitespace && t.kind !== T.Comment && t.kind !== T.Eof);
  } catch {
    return undefined;
  }
}

/** Offsets where an item may start: file start and after `;`, `{`, `}` (attributes go there). */
function itemStarts(text: string, toks: Token[]): number[] {
  const out = [0];
  for (const t of toks) {
    if (t.kind === T.Semicolon || t.kind === T.LeftBrace || t.kind === T.RightBrace) out.push(t.end);
  }
  out.push(text.length);
  return out;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** One WIT-aware mutation. */
function witMutation(text: string, rng: Rng): { text: string; op: string } {
  const toks = sigTokens(text);
  if (!toks || toks.length === 0) return { text: text + '\ninterface extra {}\n', op: 'append-interface' };
  const op = rng.pick(['keyword', 'escape', 'version', 'attribute', 'attribute-anywhere', 'nest', 'rename', 'dup-item'] as const);
  switch (op) {
    case 'keyword': {
      const ids = toks.filter((t) => t.kind === T.Id || t.kind === T.ExplicitId || t.kind >= T.Use);
      const t = rng.pick(ids.length ? ids : toks);
      const kw = rng.pick(KEYWORD_LIST);
      return { text: splice(text, t.start, t.end, rng.next() < 0.3 ? `%${kw}` : kw), op: `keyword(${kw})@${t.start}` };
    }
    case 'escape': {
      const ids = toks.filter((t) => t.kind === T.Id || t.kind === T.ExplicitId);
      if (!ids.length) return { text, op: 'escape(none)' };
      const t = rng.pick(ids);
      const s = text.slice(t.start, t.end);
      const out = t.kind === T.ExplicitId ? s.slice(1) : `%${s}`;
      return { text: splice(text, t.start, t.end, out), op: `escape@${t.start}` };
    }
    case 'version': {
      const re = /\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]*)?/g;
      const found = [...text.matchAll(re)];
      const v = rng.pick(VERSIONS);
      if (!found.length) return { text: text.replace(/package\s+([^;{\s]+)/, `package $1@${v}`), op: `version-add(${v})` };
      const m = rng.pick(found);
      return { text: splice(text, m.index!, m.index! + m[0].length, v), op: `version(${v})@${m.index}` };
    }
    case 'attribute': {
      const at = rng.pick(itemStarts(text, toks));
      const a = rng.pick(ATTRIBUTES);
      return { text: splice(text, at, at, ` ${a} `), op: `attribute(${a})@${at}` };
    }
    case 'attribute-anywhere': {
      const t = rng.pick(toks);
      const a = rng.pick(ATTRIBUTES);
      return { text: splice(text, t.start, t.start, `${a} `), op: `attribute-anywhere(${a})@${t.start}` };
    }
    case 'nest': {
      const r = rng.next();
      if (r < 0.4) return { text: text + `\npackage nested:pkg${rng.int(3)} {\n  interface n {}\n  world nw { import n; }\n}\n`, op: 'nest-append' };
      if (r < 0.7) {
        // The header turned into a block around the rest of the file.
        const m = /package\s+([^;{]+);/.exec(text);
        if (m) return { text: splice(text, m.index, m.index + m[0].length, `package ${m[1]} {`) + '\n}\n', op: 'nest-header' };
      }
      const at = rng.pick(itemStarts(text, toks));
      return { text: splice(text, at, at, `\npackage inner:p { interface q {} }\n`), op: `nest-insert@${at}` };
    }
    case 'rename': {
      // One identifier made equal to another: duplicates and shadowing.
      const ids = toks.filter((t) => t.kind === T.Id);
      if (ids.length < 2) return { text, op: 'rename(none)' };
      const a = rng.pick(ids);
      const b = rng.pick(ids);
      return { text: splice(text, a.start, a.end, text.slice(b.start, b.end)), op: `rename@${a.start}<-${b.start}` };
    }
    case 'dup-item': {
      // A whole item (from an item start to the next) duplicated somewhere else.
      const starts = itemStarts(text, toks);
      const k = rng.int(starts.length - 1);
      const piece = text.slice(starts[k], starts[k + 1]);
      const at = rng.pick(starts);
      return { text: splice(text, at, at, piece), op: `dup-item@${starts[k]}->${at}` };
    }
  }
}

// ---- grammar-generated packages ----

const PRIMS = ['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'bool', 'char', 'string'];

/** A random package from the WIT grammar: mostly valid, sometimes not (undefined names, gates, duplicates). */
export function generatePackage(rng: Rng): string {
  const names = ['a', 'b', 'c', 'd', 'e', 'r', 's', 't', 'x', 'y'];
  const ver = rng.next() < 0.5 ? `@${rng.pick(['0.1.0', '0.2.0', '1.0.0', '0.3.0-rc'])}` : '';
  const attr = (): string => (rng.next() < 0.25 ? rng.pick(ATTRIBUTES) + ' ' : '');
  const out: string[] = [`package gen:p${rng.int(5)}${ver};`, ''];
  const ifaces: { name: string; types: string[]; resources: string[] }[] = [];
  const typeExpr = (local: string[], resources: string[], depth: number): string => {
    const r = rng.next();
    if (depth > 2 || r < 0.35) return rng.pick(PRIMS);
    if (r < 0.5 && local.length) return rng.pick(local);
    if (r < 0.55) return rng.pick(names); // maybe undefined
    if (r < 0.62 && resources.length) return `${rng.pick(['own', 'borrow'])}<${rng.pick(resources)}>`;
    const k = rng.int(8);
    const inner = () => typeExpr(local, resources, depth + 1);
    switch (k) {
      case 0: return `list<${inner()}>`;
      case 1: return `option<${inner()}>`;
      case 2: return `result<${inner()}, ${inner()}>`;
      case 3: return `result<_, ${inner()}>`;
      case 4: return `tuple<${inner()}, ${inner()}>`;
      case 5: return `future<${inner()}>`;
      case 6: return `stream<${inner()}>`;
      default: return rng.next() < 0.5 ? 'result' : `list<${inner()}, ${1 + rng.int(4)}>`;
    }
  };
  const nIfaces = 1 + rng.int(4);
  for (let i = 0; i < nIfaces; i++) {
    const name = `i${i}`;
    const local: string[] = [];
    const resources: string[] = [];
    const body: string[] = [];
    if (i > 0 && rng.next() < 0.5) {
      const from = ifaces[rng.int(ifaces.length)]!;
      if (from.types.length) {
        const t = rng.pick(from.types);
        body.push(`  ${attr()}use ${from.name}.{${t}};`);
        local.push(t);
        if (from.resources.includes(t)) resources.push(t);
      }
    }
    const nItems = 1 + rng.int(6);
    for (let k = 0; k < nItems; k++) {
      const tn = `${rng.pick(names)}${rng.int(3)}`;
      const kind = rng.int(8);
      const a = attr();
      switch (kind) {
        case 0: body.push(`  ${a}record ${tn} { ${[0, 1].map((f) => `f${f}: ${typeExpr(local, resources, 0)}`).join(', ')} }`); break;
        case 1: body.push(`  ${a}enum ${tn} { ${rng.pick(['a, b', 'a', 'a, a', 'x, y, z'])} }`); break;
        case 2: body.push(`  ${a}variant ${tn} { c0(${typeExpr(local, resources, 0)}), c1 }`); break;
        case 3: body.push(`  ${a}flags ${tn} { p, q }`); break;
        case 4: body.push(`  ${a}type ${tn} = ${typeExpr(local, resources, 0)};`); break;
        case 5: {
          const fns = rng.next() < 0.5 ? ` { ${attr()}constructor(v: ${typeExpr(local, resources, 0)}); ${attr()}get: func() -> u32; ${attr()}make: static func() -> ${tn}; }` : ';';
          body.push(`  ${a}resource ${tn}${fns}`);
          resources.push(tn);
          break;
        }
        default:
          body.push(`  ${a}f${k}: ${rng.next() < 0.2 ? 'async ' : ''}func(p: ${typeExpr(local, resources, 0)}) -> ${typeExpr(local, resources, 0)};`);
          continue;
      }
      local.push(tn);
    }
    out.push(`${attr()}interface ${name} {`, ...body, '}', '');
    ifaces.push({ name, types: local, resources });
  }
  const nWorlds = rng.int(3);
  for (let w = 0; w < nWorlds; w++) {
    const body: string[] = [];
    for (const i of ifaces) {
      const r = rng.next();
      if (r < 0.4) body.push(`  ${attr()}import ${i.name};`);
      else if (r < 0.7) body.push(`  ${attr()}export ${i.name};`);
    }
    if (w > 0 && rng.next() < 0.5) body.push(`  ${attr()}include w0${rng.next() < 0.3 ? ' with { f as g }' : ';'}`);
    if (rng.next() < 0.4) body.push(`  ${attr()}export f: func(x: u32) -> string;`);
    if (rng.next() < 0.3) body.push(`  ${attr()}import x: interface { g: func(); }`);
    out.push(`${attr()}world w${w} {`, ...body, '}', '');
  }
  return out.join('\n');
}

/** Feature names gated in a text, for a feature choice. */
function gateNames(text: string): string[] {
  return [...new Set([...text.matchAll(/@unstable\s*\(\s*feature\s*=\s*%?([A-Za-z][\w-]*)/g)].map((m) => m[1]!))];
}

/**
 * Case `index` of a differential run: half mutate.ts's cases, half WIT-aware
 * mutations of a corpus file, and one in ten a generated package.
 */
export function makeDiffCase(sources: readonly Source[], seed: number, index: number): DiffCase {
  const cs = caseSeed(seed ^ 0x5bd1e995, index);
  const rng = new Rng(cs);
  let source: Source;
  let text: string;
  let ops: string[];
  // Single files go to wit-parser as `witSource` (2 ms); a package folder with deps/ costs it 40 ms of file system.
  const wasi = sources.filter((x) => x.packageDir);
  const single = sources.filter((x) => !x.packageDir);
  const pool = rng.next() < 0.3 && wasi.length ? wasi : single.length ? single : sources;
  const r = rng.next();
  if (r < 0.1) {
    source = { name: `generated-${index}.wit`, path: `generated-${index}.wit`, text: '', siblings: [] };
    text = generatePackage(rng);
    ops = ['generated'];
    source = { ...source, text };
  } else if (r < 0.55) {
    const c = makeCase(pool, seed, index);
    source = c.source;
    text = c.text;
    ops = [...c.ops];
  } else {
    source = rng.pick(pool);
    text = source.text;
    ops = [];
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) {
      const m = witMutation(text, rng);
      text = m.text;
      ops.push(m.op);
    }
  }
  const gates = gateNames(text);
  const f = rng.next();
  const features: FeatureChoice =
    f < 0.5 || gates.length === 0 ? { kind: 'none' }
      : f < 0.75 ? { kind: 'all' }
        : { kind: 'list', names: gates.filter(() => rng.next() < 0.6) };
  return { index, seed: cs, source, text, ops, features };
}

// ---------------------------------------------------------------------------
// Running both sides

/** Package folders on disk for cases: a copy of each WASI package with its siblings under deps/. */
export class DiffWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'wit-diff-'));
  private readonly copies = new Map<string, string>();

  /** Writes the case text into its place; returns the path both sides load and the file written. */
  place(source: Source, text: string): { root: string; file: string } {
    const key = source.packageDir ?? '(single)';
    let copy = this.copies.get(key);
    if (!copy) {
      copy = join(this.dir, String(this.copies.size));
      mkdirSync(copy, { recursive: true });
      if (source.packageDir) {
        for (const f of readdirSync(source.packageDir)) if (f.endsWith('.wit')) copyFileSync(join(source.packageDir, f), join(copy, f));
        for (const sib of source.siblings) {
          const to = join(copy, 'deps', basename(sib));
          mkdirSync(to, { recursive: true });
          for (const f of readdirSync(sib)) if (f.endsWith('.wit')) copyFileSync(join(sib, f), join(to, f));
        }
      }
      this.copies.set(key, copy);
    }
    if (source.packageDir) {
      const file = join(copy, basename(source.path));
      writeFileSync(file, text);
      return { root: copy, file };
    }
    const file = join(copy, 'input.wit');
    writeFileSync(file, text);
    return { root: file, file };
  }

  /** Puts a package file back as it was. */
  restore(source: Source): void {
    if (!source.packageDir) return;
    const copy = this.copies.get(source.packageDir);
    if (copy) writeFileSync(join(copy, basename(source.path)), source.text);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** wit-parser errors that come after a successful parse + resolve (world selection): the WIT is accepted. */
const AFTER_RESOLVE = [/^The main package `[^`]*` contains no worlds$/, /^There are multiple worlds in `[^`]*`; one must be explicitly chosen/];

export type Verdict = { accept: true } | { accept: false; message: string } | { trap: string };

function jcoFeatures(f: FeatureChoice): JcoFeatures | undefined {
  return f.kind === 'all' ? { tag: 'all' } : f.kind === 'list' ? { tag: 'list', val: f.names } : undefined;
}

function ourOptions(f: FeatureChoice): ResolveOptions {
  return f.kind === 'all' ? { allFeatures: true } : f.kind === 'list' ? { features: f.names } : {};
}

export async function theirVerdict(opts: { witPath?: string; witSource?: string }, features: FeatureChoice): Promise<Verdict> {
  const fs = jcoFeatures(features);
  const r = await jcoEmbed({ ...opts, ...(fs ? { features: fs } : {}) });
  if (r.ok) return { accept: true };
  if (r.message.startsWith('wit-parser crashed')) return { trap: r.message };
  if (AFTER_RESOLVE.some((re) => re.test(r.message))) return { accept: true };
  return { accept: false, message: r.message };
}

export interface OurVerdict {
  readonly accept: boolean;
  readonly message?: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

export function ourVerdict(root: string, features: FeatureChoice): OurVerdict {
  const r = resolvePath(root, ourOptions(features));
  if (r.diagnostics.length === 0 && r.resolve) return { accept: true };
  const d = r.diagnostics[0];
  return d ? { accept: false, message: d.message, file: d.file, line: d.line, col: d.col } : { accept: false, message: '(no diagnostic)' };
}

/**
 * wit-parser's own location of a syntax error in a file, by bisection: the
 * shortest prefix of `text` that fails with the same message ends at the
 * offending token. Undefined when the file alone does not fail with a syntax
 * error (a resolution error: wit-parser names no place for it here).
 */
export async function theirSyntaxErrorAt(text: string): Promise<{ line: number; col: number; message: string } | undefined> {
  const whole = await jcoEmbed({ witSource: text });
  if (whole.ok || whole.message.startsWith('wit-parser crashed')) return undefined;
  const message = whole.message;
  if (AFTER_RESOLVE.some((re) => re.test(message))) return undefined;
  // Messages about a version are raised once the whole version is read: the prefix end says nothing of where it starts.
  if (/version number|semver|leading zero/i.test(message)) return undefined;
  const same = async (end: number) => {
    const r = await jcoEmbed({ witSource: text.slice(0, end) });
    return !r.ok && r.message === message;
  };
  // Prefixes failing with the message are not one interval (a name cut short can fail the same way earlier):
  // bisect, then check the prefixes ending at the next few tokens fail so too, else bisect again beyond them.
  const ends = (sigTokens(text) ?? []).map((t) => t.end);
  let from = 0;
  let hi = text.length;
  for (let round = 0; round < 6; round++) {
    let lo = from;
    hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (await same(mid)) hi = mid;
      else lo = mid + 1;
    }
    const next = ends.filter((e) => e > hi).slice(0, 4);
    let broken: number | undefined;
    for (const e of next) if (!(await same(e))) broken = e;
    if (broken === undefined) break;
    from = broken + 1;
  }
  // A syntax error stops the parser at `hi`: junk after it is never read. A resolution error needs the whole text.
  const probe = await jcoEmbed({ witSource: text.slice(0, hi) + '\n@@ }}} junk' });
  if (probe.ok || probe.message !== message) return undefined;
  // The error is at the token the parser had just read: the one ending at `hi` (eof: the end itself).
  let offset = hi > 0 ? hi - 1 : 0;
  if (/found eof/.test(message)) offset = hi;
  else {
    try {
      const toks = lex(text.slice(0, hi)).filter((t) => t.kind !== T.Whitespace && t.kind !== T.Comment && t.kind !== T.Eof);
      const last = toks[toks.length - 1];
      if (last && last.end === hi) offset = last.start;
    } catch (e) {
      // The prefix ends inside a token that does not lex (an unterminated comment, a bad character): it starts there.
      if (e instanceof LexError) offset = e.wholeInput ? e.offset : e.tokenStart;
    }
  }
  return { ...codePointLineCol(text, offset), message };
}

/** 1-based line and column in code points (as our diagnostics count). */
function codePointLineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: [...before.slice(nl + 1)].length + 1 };
}

// ---------------------------------------------------------------------------
// One case, minimisation, a run

export type Outcome =
  | { kind: 'agree-accept' }
  | { kind: 'agree-reject'; ours: OurVerdict; theirs: string }
  | { kind: 'we-accept'; theirs: string }
  | { kind: 'we-reject'; ours: OurVerdict }
  | { kind: 'trap'; message: string };

export async function runCase(ws: DiffWorkspace, source: Source, text: string, features: FeatureChoice): Promise<Outcome> {
  const { root } = ws.place(source, text);
  try {
    const ours = ourVerdict(root, features);
    const theirs = await theirVerdict(source.packageDir ? { witPath: root } : { witSource: text }, features);
    if ('trap' in theirs) return { kind: 'trap', message: theirs.trap };
    if (ours.accept && theirs.accept) return { kind: 'agree-accept' };
    if (!ours.accept && !theirs.accept) return { kind: 'agree-reject', ours, theirs: theirs.message };
    if (ours.accept) return { kind: 'we-accept', theirs: (theirs as { message: string }).message };
    return { kind: 'we-reject', ours };
  } finally {
    ws.restore(source);
  }
}

/**
 * The smallest text (by delta debugging over lines, then characters) that
 * still gives the same kind of disagreement. Bounded by `budget` evaluations.
 */
export async function minimise(ws: DiffWorkspace, source: Source, text: string, features: FeatureChoice, kind: Outcome['kind'], budget = 400): Promise<string> {
  let evals = 0;
  const still = async (t: string): Promise<boolean> => {
    if (evals++ >= budget) return false;
    return (await runCase(ws, source, t, features)).kind === kind;
  };
  let cur = text;
  for (const unit of ['line', 'char'] as const) {
    let parts = unit === 'line' ? cur.split(/(?<=\n)/) : [...cur];
    let chunk = Math.max(1, parts.length >> 1);
    while (chunk >= 1 && evals < budget) {
      let changed = false;
      for (let i = 0; i < parts.length && evals < budget; ) {
        const cand = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        if (await still(cand.join(''))) {
          parts = cand;
          changed = true;
        } else i += chunk;
      }
      if (!changed) chunk >>= 1;
    }
    cur = parts.join('');
  }
  // Whitespace runs collapsed, where that keeps it.
  const squeezed = cur.replace(/[ \t]*\n[ \t\n]*/g, '\n').replace(/[ \t]+/g, ' ').trim() + '\n';
  if (squeezed !== cur && evals < budget + 1 && (await runCase(ws, source, squeezed, features)).kind === kind) cur = squeezed;
  return cur;
}

export interface Disagreement {
  readonly index: number;
  readonly kind: 'we-accept' | 'we-reject';
  readonly source: string;
  readonly ops: readonly string[];
  readonly features: FeatureChoice;
  /** Message of the side that rejects. */
  readonly message: string;
  /** Class: direction and message with names blanked. */
  readonly klass: string;
  readonly minimal?: string;
}

export interface DiffSummary {
  readonly seed: number;
  readonly count: number;
  agreeAccept: number;
  agreeReject: number;
  traps: number;
  readonly disagreements: Disagreement[];
  /** Both reject and wit-parser locates its (syntax) error: same line:col, or not. */
  locSame: number;
  locDiffer: number;
  /** Both reject but wit-parser names no place (a resolution error). */
  locUnknown: number;
  readonly locExamples: string[];
  ms: number;
}

export function classOf(kind: string, message: string): string {
  return `${kind}: ${message.replace(/`[^`]*`/g, '`_`').replace(/'[^']*'/g, "'_'").replace(/\d+(\.\d+)+\S*/g, 'V').split('\n')[0]}`;
}

export interface RunOptions {
  readonly count: number;
  readonly seed: number;
  /** Minimise disagreements (costs wit-parser calls). */
  readonly minimise?: boolean;
  /** Compare locations where both reject. */
  readonly locations?: boolean;
  readonly onProgress?: (done: number, s: DiffSummary) => void;
  readonly onDisagreement?: (d: Disagreement) => void;
}

export async function runDifferential(sources: readonly Source[], opts: RunOptions): Promise<DiffSummary> {
  const ws = new DiffWorkspace();
  const s: DiffSummary = {
    seed: opts.seed, count: opts.count, agreeAccept: 0, agreeReject: 0, traps: 0, disagreements: [],
    locSame: 0, locDiffer: 0, locUnknown: 0, locExamples: [], ms: 0,
  };
  const t0 = Date.now();
  try {
    for (let i = 0; i < opts.count; i++) {
      const c = makeDiffCase(sources, opts.seed, i);
      const o = await runCase(ws, c.source, c.text, c.features);
      switch (o.kind) {
        case 'agree-accept':
          s.agreeAccept++;
          break;
        case 'trap':
          s.traps++;
          break;
        case 'agree-reject': {
          s.agreeReject++;
          if (opts.locations !== false) {
            const theirs = await theirSyntaxErrorAt(c.text);
            if (!theirs) s.locUnknown++;
            else if (theirs.line === o.ours.line && theirs.col === o.ours.col) s.locSame++;
            else {
              s.locDiffer++;
              if (s.locExamples.length < 50) {
                s.locExamples.push(
                  `case ${i} (${c.source.name}: ${c.ops.join(' ')}): wit-parser ${theirs.line}:${theirs.col} ${theirs.message} | ours ${o.ours.line}:${o.ours.col} ${o.ours.message}`,
                );
              }
            }
          }
          break;
        }
        case 'we-accept':
        case 'we-reject': {
          const message = o.kind === 'we-accept' ? o.theirs : (o.ours.message ?? '');
          const minimal = opts.minimise !== false ? await minimise(ws, c.source, c.text, c.features, o.kind) : undefined;
          let shown = message;
          if (o.kind === 'we-accept' && /^failed to parse package/.test(message)) {
            const { root } = ws.place(c.source, minimal ?? c.text);
            try {
              shown = (await jcoPackageCause(root)) ?? message;
            } finally {
              ws.restore(c.source);
            }
          }
          const d: Disagreement = {
            index: i, kind: o.kind, source: c.source.name, ops: c.ops, features: c.features, message: shown, klass: classOf(o.kind, shown), minimal,
          };
          s.disagreements.push(d);
          opts.onDisagreement?.(d);
          break;
        }
      }
      if (opts.onProgress && ((i + 1) % 500 === 0 || i + 1 === opts.count)) {
        s.ms = Date.now() - t0;
        opts.onProgress(i + 1, s);
      }
    }
  } finally {
    ws.dispose();
  }
  s.ms = Date.now() - t0;
  return s;
}

/** The report lines of a run. */
export function report(s: DiffSummary): string[] {
  const byClass = new Map<string, Disagreement[]>();
  for (const d of s.disagreements) byClass.set(d.klass, [...(byClass.get(d.klass) ?? []), d]);
  const located = s.locSame + s.locDiffer;
  const lines = [
    `differential: ${s.count} inputs, seed ${s.seed}, ${(s.ms / 1000).toFixed(1)} s`,
    `  both accept ${s.agreeAccept}, both reject ${s.agreeReject}, wit-parser traps ${s.traps} (counted apart)`,
    `  disagreements ${s.disagreements.length}: we accept/they reject ${s.disagreements.filter((d) => d.kind === 'we-accept').length}, ` +
      `we reject/they accept ${s.disagreements.filter((d) => d.kind === 'we-reject').length}, in ${byClass.size} classes`,
    `  first-error location on both-reject inputs wit-parser locates: ${s.locSame}/${located} same` +
      (located ? ` (${((100 * s.locSame) / located).toFixed(1)}%)` : '') +
      `; ${s.locUnknown} resolution errors wit-parser names no place for`,
  ];
  for (const [k, ds] of [...byClass].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  [${ds.length}] ${k}`);
    const d = ds.reduce((a, b) => ((b.minimal?.length ?? 1e9) < (a.minimal?.length ?? 1e9) ? b : a));
    lines.push(`      e.g. case ${d.index} (${d.source}; features ${JSON.stringify(d.features)}): ${d.message.split('\n')[0]}`);
    if (d.minimal !== undefined) lines.push(...d.minimal.trimEnd().split('\n').map((l) => `      | ${l}`));
  }
  return lines;
}

/**
 * Metamorphic fuzzing of the `wit` command's verdicts against the real
 * wit-parser (task wfuzz).
 *
 * Inputs are real 0.2 trees: every package of the official 0.2 releases,
 * renamed into a team namespace (`wasi:http` becomes `team:http` in its own
 * files, as bench/wit-check.ts's generateTree does) with the WASI siblings it
 * uses vendored under `deps/<name>/`, and every third-party tree. Each case
 * rewrites one input in ways that keep its meaning (mutateTree, seeded: case
 * `i` of seed `s` is `makeVerdictCase(inputs, s, i)`), writes it to a temp
 * folder and runs the built CLI on it in a child process:
 *
 * 1. `wit <tree> --write --allow-no-vcs`: exit 0 or 1 only if the tree on
 *    disk is then accepted by jco's wit-parser (validateWit, every feature);
 *    exit 2 only with the tree byte-identical to before; never a stack trace
 *    or "internal error";
 * 2. `wit <tree> --check` exits 0 only if no `wasi:io` and no `wasi:*@0.2.*`
 *    reference is left in code (comments aside; files holding a
 *    `wasi-migrate(decided)` marker are not scanned) and no review marker;
 * 3. a second `--write` changes nothing;
 * 4. the verdict (the exit codes of both commands, the edits and reviews
 *    counted by rule and message id; vendored-deps' edits, one per replaced
 *    file, once per package; edits that carry comments along, `docs of x
 *    ...`, not at all; with a `use` moved to file level, which rules
 *    edit, not how often) equals the unmutated input's: no
 *    mutation here can change what the tree means (renames change names in
 *    messages, never counts).
 *
 * A mutated tree wit-parser rejects before the run is a fault of the
 * mutation, counted apart (`invalidInputs`), never a verdict.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lex, T, type Token } from '../wit/lexer.js';
import { validateWit } from '../validate/wit-parser.js';
import { packageRoot } from '../util/package-root.js';
import { caseSeed, Rng } from './mutate.js';

/** A tree in memory: path relative to its root (`/`-separated) -> text. */
export type Tree = Map<string, string>;

export interface Input {
  /** e.g. `wasi/0.2.6/http` or `thirdparty/spin`. */
  readonly name: string;
  readonly tree: Tree;
}

const isDir = (p: string): boolean => statSync(p).isDirectory();

function readTree(dir: string, into: Tree = new Map(), prefix = ''): Tree {
  for (const n of readdirSync(dir).sort()) {
    const abs = path.join(dir, n);
    if (isDir(abs)) readTree(abs, into, `${prefix}${n}/`);
    else into.set(`${prefix}${n}`, readFileSync(abs, 'utf8'));
  }
  return into;
}

/** The inputs: each 0.2 release package under a team namespace over its vendored siblings, and each third-party tree. */
export function loadInputs(corpus: string): Input[] {
  const out: Input[] = [];
  const wasi = path.join(corpus, 'wasi');
  for (const release of readdirSync(wasi).filter((r) => r.startsWith('0.2.')).sort()) {
    const rdir = path.join(wasi, release);
    const pkgs = readdirSync(rdir).filter((p) => isDir(path.join(rdir, p))).sort();
    const uses = new Map(pkgs.map((p) => [p, usedSiblings(path.join(rdir, p), pkgs)]));
    for (const pkg of pkgs) {
      const needed = new Set<string>();
      const visit = (p: string): void => {
        for (const q of uses.get(p) ?? []) if (q !== pkg && !needed.has(q)) (needed.add(q), visit(q));
      };
      visit(pkg);
      const tree: Tree = new Map();
      for (const [f, text] of readTree(path.join(rdir, pkg))) {
        if (f.endsWith('.wit')) tree.set(f, text.replace(new RegExp(`\\bwasi:${pkg}(?=[@/ ;])`, 'g'), `team:${pkg}`));
      }
      for (const sib of [...needed].sort()) for (const [f, text] of readTree(path.join(rdir, sib))) tree.set(`deps/${sib}/${f}`, text);
      out.push({ name: `wasi/${release}/${pkg}`, tree });
    }
  }
  const third = path.join(corpus, 'thirdparty', 'wit');
  for (const t of readdirSync(third).filter((t) => isDir(path.join(third, t))).sort()) {
    out.push({ name: `thirdparty/${t}`, tree: readTree(path.join(third, t)) });
  }
  return out;
}

function usedSiblings(pdir: string, pkgs: readonly string[]): string[] {
  const text = readdirSync(pdir)
    .filter((f) => f.endsWith('.wit'))
    .map((f) => readFileSync(path.join(pdir, f), 'utf8').replace(/\/\/.*$/gm, ''))
    .join('\n');
  return pkgs.filter((p) => new RegExp(`\\bwasi:${p}[/@]`).test(text));
}

// ---------------------------------------------------------------------------
// Token helpers

interface Tok {
  readonly kind: T;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function toks(text: string): Tok[] {
  return lex(text)
    .filter((t: Token) => t.end > t.start)
    .map((t) => ({ kind: t.kind, start: t.start, end: t.end, text: text.slice(t.start, t.end) }));
}

const trivia = (t: Tok): boolean => t.kind === T.Whitespace || t.kind === T.Comment;
const isId = (t: Tok): boolean => t.kind === T.Id || t.kind === T.ExplicitId;
const own = (rel: string): boolean => rel.endsWith('.wit') && !rel.startsWith('deps/');

/** An item of a body: `[start, end)` includes the trivia before it (its docs); `head` is its first code token. */
interface Item {
  readonly start: number;
  readonly end: number;
  readonly head: Tok;
  /** The identifier after the head keyword (`interface x`), if any. */
  readonly name?: string;
  /** For a braced item: the offsets just inside its braces. */
  readonly body?: { start: number; end: number };
}

/**
 * The items between offsets `from` and `to` of a file (a file's top level, or
 * a body): each runs from the end of the one before to its `;` or its closing
 * brace. Undefined if the text does not split that way.
 */
function itemsOf(ts: readonly Tok[], from: number, to: number): { items: Item[]; tail: number } | undefined {
  const items: Item[] = [];
  let start = from;
  let head: Tok | undefined;
  let name: string | undefined;
  let depth = 0;
  let bodyStart = -1;
  const code = ts.filter((t) => t.start >= from && t.end <= to && !trivia(t));
  for (let k = 0; k < code.length; k++) {
    const t = code[k]!;
    if (!head) {
      head = t;
      name = undefined;
      bodyStart = -1;
      continue;
    }
    if (name === undefined && depth === 0 && isId(t)) name = t.text.replace(/^%/, '');
    if (t.kind === T.LeftBrace) {
      if (depth === 0) bodyStart = t.end;
      depth++;
    } else if (t.kind === T.RightBrace) {
      depth--;
      if (depth < 0) return undefined;
      // `use x.{a, b};` ends at its `;`
      if (depth === 0 && code[k + 1]?.kind !== T.Semicolon) {
        items.push({ start, end: t.end, head, name, body: { start: bodyStart, end: t.start } });
        start = t.end;
        head = undefined;
      }
    } else if (t.kind === T.Semicolon && depth === 0) {
      items.push({ start, end: t.end, head, name });
      start = t.end;
      head = undefined;
    }
  }
  if (head || depth !== 0) return undefined;
  return { items, tail: start };
}

/** The file's top-level items; the `package ...;` header first if there is one. */
function topItems(text: string): { ts: Tok[]; items: Item[]; tail: number } | undefined {
  let ts: Tok[];
  try {
    ts = toks(text);
  } catch {
    return undefined;
  }
  const r = itemsOf(ts, 0, text.length);
  return r && { ts, ...r };
}

const hasHeader = (items: readonly Item[]): boolean => items[0]?.head.kind === T.Package && !items[0].body;
/** Splits that move or merge files are safe only without file-scoped names (`use` at top level) and nested packages. */
const fileScoped = (items: readonly Item[]): boolean => items.some((i) => i.head.kind === T.Use || (i.head.kind === T.Package && i.body));

// ---------------------------------------------------------------------------
// Mutations: each keeps the tree's meaning, or returns undefined (not applicable)

export type VerdictOp =
  | 'reorder-items'
  | 'reorder-members'
  | 'rename-files'
  | 'split-file'
  | 'merge-files'
  | 'use-to-file'
  | 'use-alias'
  | 'rename-ids'
  | 'spacing'
  | 'comments-add'
  | 'comments-remove'
  | 'indent'
  | 'crlf'
  | 'deps-layout';

/** Applied in this order (structure first, layout last); a case picks a few. */
export const VERDICT_OPS: readonly VerdictOp[] = [
  'split-file',
  'merge-files',
  'reorder-items',
  'reorder-members',
  'use-to-file',
  'use-alias',
  'rename-ids',
  'spacing',
  'comments-remove',
  'comments-add',
  'indent',
  'crlf',
  'rename-files',
  'deps-layout',
];

type Mutation = (tree: Tree, rng: Rng, fresh: () => string) => string | undefined;

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Shuffles items `[lo, hi)` of a list of spans of `text`, the text between them kept. */
function reorder(text: string, items: readonly Item[], rng: Rng): string {
  const order = shuffle([...items], rng);
  let out = text.slice(0, items[0]!.start);
  for (let k = 0; k < items.length; k++) {
    out += text.slice(order[k]!.start, order[k]!.end);
  }
  return out + text.slice(items[items.length - 1]!.end);
}

const ownWit = (tree: Tree): string[] => [...tree.keys()].filter(own).sort();

const reorderItems: Mutation = (tree, rng) => {
  const files = ownWit(tree).filter((f) => {
    const r = topItems(tree.get(f)!);
    return r && r.items.length - (hasHeader(r.items) ? 1 : 0) >= 2;
  });
  if (!files.length) return undefined;
  const f = rng.pick(files);
  const r = topItems(tree.get(f)!)!;
  const movable = r.items.slice(hasHeader(r.items) ? 1 : 0);
  tree.set(f, reorder(tree.get(f)!, movable, rng));
  return f;
};

const reorderMembers: Mutation = (tree, rng) => {
  const bodies: [string, Item][] = [];
  for (const f of ownWit(tree)) {
    const r = topItems(tree.get(f)!);
    for (const i of r?.items ?? []) if (i.body && (i.head.kind === T.Interface || i.head.kind === T.World)) bodies.push([f, i]);
  }
  shuffle(bodies, rng);
  for (const [f, i] of bodies) {
    const text = tree.get(f)!;
    const inner = itemsOf(toks(text), i.body!.start, i.body!.end);
    if (!inner || inner.items.length < 2) continue;
    tree.set(f, reorder(text, inner.items, rng));
    return `${f}:${i.name}`;
  }
  return undefined;
};

const renameFiles: Mutation = (tree, rng) => {
  const files = ownWit(tree).filter((f) => !f.includes('/'));
  if (!files.length) return undefined;
  const f = rng.pick(files);
  const to = `${rng.pick(['0-', 'a-', 'zz-', 'm-'])}${f}`;
  if (tree.has(to)) return undefined;
  tree.set(to, tree.get(f)!);
  tree.delete(f);
  return `${f}->${to}`;
};

const splitFile: Mutation = (tree, rng) => {
  const picks: [string, Item][] = [];
  for (const f of ownWit(tree).filter((f) => !f.includes('/'))) {
    const r = topItems(tree.get(f)!);
    if (!r || !hasHeader(r.items) || fileScoped(r.items)) continue;
    const rest = r.items.slice(1);
    if (rest.length < 2) continue;
    for (const i of rest) if (i.name && (i.head.kind === T.Interface || i.head.kind === T.World)) picks.push([f, i]);
  }
  if (!picks.length) return undefined;
  const [f, i] = rng.pick(picks);
  const text = tree.get(f)!;
  const r = topItems(text)!;
  const header = r.ts.filter((t) => t.start >= r.items[0]!.head.start && t.end <= r.items[0]!.end).map((t) => t.text).join('');
  const to = `${i.name}-split.wit`;
  if (tree.has(to)) return undefined;
  tree.set(f, text.slice(0, i.start) + text.slice(i.end));
  tree.set(to, `${header}\n${text.slice(i.start, i.end).replace(/^[ \t]*\n?/, '')}\n`);
  return `${f}:${i.name}->${to}`;
};

const mergeFiles: Mutation = (tree, rng) => {
  const ok = ownWit(tree).filter((f) => {
    if (f.includes('/')) return false;
    const r = topItems(tree.get(f)!);
    return r && hasHeader(r.items) && !fileScoped(r.items);
  });
  if (ok.length < 2) return undefined;
  const [a, b] = shuffle(ok, rng);
  const tb = tree.get(b!)!;
  const rb = topItems(tb)!;
  // b's package header goes, with its docs: the package is declared in a.
  tree.set(a!, `${tree.get(a!)!.replace(/\s*$/, '\n')}${tb.slice(rb.items[0]!.end)}`);
  tree.delete(b!);
  return `${b}->${a}`;
};

/** `use ns:pkg/iface@v.{a}` in an interface becomes `use alias.{a}` under a file-level `use ns:pkg/iface@v as alias;`. */
const useToFile: Mutation = (tree, rng, fresh) => {
  const picks: [string, Tok, Tok][] = [];
  for (const f of ownWit(tree)) {
    const r = topItems(tree.get(f)!);
    if (!r || !hasHeader(r.items)) continue;
    for (const i of r.items) {
      if (!i.body || i.head.kind !== T.Interface) continue;
      const code = r.ts.filter((t) => t.start >= i.body!.start && t.end <= i.body!.end && !trivia(t));
      for (let k = 0; k < code.length; k++) {
        if (code[k]!.kind !== T.Use) continue;
        // the path runs to the `.` before `{`
        let e = k + 1;
        while (e < code.length && !(code[e]!.kind === T.Period && code[e + 1]?.kind === T.LeftBrace)) e++;
        if (e >= code.length || !code.slice(k + 1, e).some((t) => t.kind === T.Colon)) continue;
        picks.push([f, code[k + 1]!, code[e - 1]!]);
      }
    }
  }
  if (!picks.length) return undefined;
  const [f, first, last] = rng.pick(picks);
  const text = tree.get(f)!;
  const r = topItems(text)!;
  const alias = fresh();
  const spec = text.slice(first.start, last.end);
  const hdrEnd = r.items[0]!.end;
  const next = text.slice(0, hdrEnd) + `\n\nuse ${spec} as ${alias};` + text.slice(hdrEnd, first.start) + alias + text.slice(last.end);
  tree.set(f, next);
  return `${f}:${spec}`;
};

/** `use p.{a}` becomes `use p.{a as b}`, and `a` in the interface's type positions becomes `b`. */
const useAlias: Mutation = (tree, rng, fresh) => {
  const picks: [string, Item, Tok][] = [];
  for (const f of ownWit(tree)) {
    const r = topItems(tree.get(f)!);
    for (const i of r?.items ?? []) {
      if (!i.body || i.head.kind !== T.Interface) continue;
      const code = r!.ts.filter((t) => t.start >= i.body!.start && t.end <= i.body!.end && !trivia(t));
      for (let k = 0; k < code.length; k++) {
        if (code[k]!.kind !== T.Use) continue;
        let j = k + 1;
        while (j < code.length && code[j]!.kind !== T.LeftBrace) j++;
        for (j++; j < code.length && code[j]!.kind !== T.RightBrace; j++) {
          const t = code[j]!;
          if (isId(t) && code[j + 1]?.kind !== T.As && code[j - 1]?.kind !== T.As) picks.push([f, i, t]);
        }
      }
    }
  }
  shuffle(picks, rng);
  for (const [f, i, name] of picks) {
    const text = tree.get(f)!;
    const code = toks(text).filter((t) => t.start >= i.body!.start && t.end <= i.body!.end && !trivia(t));
    const uses: Tok[] = [];
    const stack: T[] = [];
    let inUse = false;
    let safe = true;
    for (let k = 0; k < code.length; k++) {
      const t = code[k]!;
      if (t.kind === T.Use) inUse = true;
      if (t.kind === T.Semicolon) inUse = false;
      if (t.kind === T.LeftBrace || t.kind === T.LessThan || t.kind === T.LeftParen) stack.push(t.kind);
      if (t.kind === T.RightBrace || t.kind === T.GreaterThan || t.kind === T.RightParen) stack.pop();
      if (!isId(t) || t.text !== name.text || t.start === name.start) continue;
      if (inUse) {
        safe = false; // the name is also used (or imported again) by another use
        break;
      }
      const prev = code[k - 1]?.kind;
      const next = code[k + 1]?.kind;
      const inner = stack[stack.length - 1];
      const typeUse =
        next !== T.Colon &&
        (prev === T.Colon ||
          prev === T.RArrow ||
          prev === T.Equals ||
          ((inner === T.LessThan || inner === T.LeftParen) && (prev === T.LessThan || prev === T.Comma || prev === T.LeftParen)));
      if (!typeUse) {
        safe = false;
        break;
      }
      uses.push(t);
    }
    if (!safe) continue;
    const alias = fresh();
    let out = '';
    let at = 0;
    for (const t of [name, ...uses].sort((a, b) => a.start - b.start)) {
      out += text.slice(at, t.start) + (t === name ? `${t.text} as ${alias}` : alias);
      at = t.end;
    }
    tree.set(f, out + text.slice(at));
    return `${f}:${name.text}->${alias}`;
  }
  return undefined;
};

let rulesWords: Set<string> | undefined;

/**
 * Words the rules' own code mentions (comments aside): a name segment
 * among them may be what a rule looks for (`start-`, `subscribe`, `next`), so
 * rename-ids keeps it. Every other segment is renamed consistently.
 */
function ruleWords(): Set<string> {
  if (rulesWords) return rulesWords;
  const words = new Set<string>();
  for (const dir of ['rules', path.join('src', 'migrate')]) {
    const abs = path.join(packageRoot(), dir);
    // The API map lists every WASI 0.2 name: it maps `wasi:` references, never a package of another namespace.
    for (const f of readdirSync(abs).filter((f) => f.endsWith('.ts') && f !== 'wasi-api-map.ts')) {
      const code = readFileSync(path.join(abs, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/.*$/gm, '$1');
      for (const m of code.toLowerCase().matchAll(/[a-z][a-z0-9]*/g)) words.add(m[0]);
    }
  }
  return (rulesWords = words);
}

/**
 * Renames the tree's own identifiers (package, interfaces, types, functions,
 * parameters, fields, cases) segment by segment: a segment is kept where a
 * rule may look for it (ruleWords) or where the whole name is one a dep
 * declares or uses; every other segment maps to one fresh word everywhere, so
 * pairs (`start-x`/`finish-x`, `x`/`blocking-x`) stay pairs. Versions and
 * attributes are left alone; the old names in comments follow, as a person
 * renaming would.
 */
const renameIds: Mutation = (tree, _rng, fresh) => {
  const depNames = new Set<string>();
  for (const [f, text] of tree) {
    if (!f.endsWith('.wit') || own(f)) continue;
    try {
      for (const t of toks(text)) if (isId(t)) depNames.add(t.text.replace(/^%/, ''));
    } catch {
      // a dep that does not lex: nothing to learn from it
    }
  }
  const keep = ruleWords();
  const segMap = new Map<string, string>();
  const nameMap = new Map<string, string>();
  const renameName = (name: string): string => {
    if (depNames.has(name)) return name;
    let out = nameMap.get(name);
    if (out !== undefined) return out;
    out = name
      .split('-')
      .map((seg) => {
        const low = seg.toLowerCase();
        if (keep.has(low) || !/^[a-z][a-z0-9]*$/.test(low)) return seg;
        let to = segMap.get(low);
        if (!to) segMap.set(low, (to = fresh()));
        return seg === low ? to : to.toUpperCase();
      })
      .join('-');
    nameMap.set(name, out);
    return out;
  };
  let renamed = 0;
  for (const f of ownWit(tree)) {
    const text = tree.get(f)!;
    const ts = toks(text);
    let out = '';
    let at = 0;
    let skipParens = -1; // inside @attr(...)
    let inVersion = false;
    for (let k = 0; k < ts.length; k++) {
      const t = ts[k]!;
      if (t.kind === T.At) {
        const n = ts[k + 1];
        if (n && isId(n)) skipParens = 0; // @since / @unstable / @deprecated: name and arguments kept
        else inVersion = true;
        continue;
      }
      if (inVersion) {
        if (t.kind === T.Integer || t.kind === T.Minus || t.kind === T.Plus || isId(t) || (t.kind === T.Period && ts[k + 1]?.kind !== T.LeftBrace)) continue;
        inVersion = false;
      }
      if (skipParens >= 0) {
        if (t.kind === T.LeftParen) skipParens++;
        else if (t.kind === T.RightParen && --skipParens === 0) skipParens = -1;
        else if (skipParens === 0 && isId(t)) continue;
        continue;
      }
      if (!isId(t)) continue;
      const bare = t.text.replace(/^%/, '');
      const to = renameName(bare);
      if (to === bare) continue;
      out += text.slice(at, t.start) + (t.kind === T.ExplicitId ? '%' : '') + to;
      at = t.end;
      renamed++;
    }
    tree.set(f, out + text.slice(at));
  }
  if (!renamed) return undefined;
  // Comments follow: a whole word that is an old name becomes the new one.
  for (const f of ownWit(tree)) {
    const text = tree.get(f)!;
    let out = '';
    let at = 0;
    for (const t of toks(text)) {
      if (t.kind !== T.Comment) continue;
      out += text.slice(at, t.start) + t.text.replace(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/g, (w) => (nameMap.has(w) ? nameMap.get(w)! : w));
      at = t.end;
    }
    tree.set(f, out + text.slice(at));
  }
  return `${renamed} tokens`;
};

/**
 * Spaces (now and then a line break) between tokens written together: around
 * `:` and `/` of package paths, before `.{`, inside `{ }`, `< >` and `( )`, a
 * trailing comma in a `use` list. Versions are left whole.
 */
const spacing: Mutation = (tree, rng) => {
  const LEFT = new Set([T.Colon, T.Slash, T.Comma, T.LeftBrace, T.LeftParen, T.LessThan]);
  const RIGHT = new Set([T.Colon, T.Slash, T.RightBrace, T.RightParen, T.GreaterThan, T.Period, T.Semicolon, T.Comma]);
  let added = 0;
  for (const f of ownWit(tree)) {
    const text = tree.get(f)!;
    const ts = toks(text).filter((t) => !trivia(t));
    let out = '';
    let at = 0;
    let inVersion = false;
    let inUse = false;
    for (let k = 0; k + 1 < ts.length; k++) {
      const a = ts[k]!;
      const b = ts[k + 1]!;
      if (a.kind === T.Use) inUse = true;
      if (a.kind === T.Semicolon) inUse = false;
      if (a.kind === T.At || a.kind === T.Equals) inVersion = b.kind === T.Integer; // `@0.2.0`, `version = 0.2.0`
      else if (inVersion && !(a.kind === T.Integer || a.kind === T.Minus || a.kind === T.Plus || isId(a) || (a.kind === T.Period && b.kind !== T.LeftBrace))) inVersion = false;
      if (inVersion || a.kind === T.At || (a.kind === T.Equals && b.kind === T.Integer) || a.end !== b.start) continue;
      if (inUse && b.kind === T.RightBrace && isId(a) && rng.int(4) === 0) {
        out += text.slice(at, a.end) + ',';
        at = a.end;
        added++;
        continue;
      }
      if (!(LEFT.has(a.kind) || RIGHT.has(b.kind)) || rng.int(3) !== 0) continue;
      out += text.slice(at, a.end) + (rng.int(5) === 0 ? '\n' : ' ');
      at = a.end;
      added++;
    }
    tree.set(f, out + text.slice(at));
  }
  return added ? `${added} places` : undefined;
};

/** Inserts a plain comment line or a doc line before some items of some own files. */
const commentsAdd: Mutation = (tree, rng) => {
  let added = 0;
  for (const f of ownWit(tree)) {
    const text = tree.get(f)!;
    const r = topItems(text);
    if (!r) continue;
    const heads: Tok[] = [];
    const collect = (items: readonly Item[]): void => {
      for (const i of items) {
        if (i.head.kind !== T.Package) heads.push(i.head);
        if (i.body) {
          const inner = itemsOf(r.ts, i.body.start, i.body.end);
          if (inner) collect(inner.items);
        }
      }
    };
    collect(r.items);
    const chosen = heads.filter(() => rng.int(4) === 0).sort((a, b) => b.start - a.start);
    let out = text;
    for (const h of chosen) {
      const lineStart = out.lastIndexOf('\n', h.start - 1) + 1;
      const indent = /^[ \t]*/.exec(out.slice(lineStart))![0];
      if (out.slice(lineStart, h.start).trim() !== '' && !/^@/.test(out.slice(lineStart, h.start).trim())) continue;
      const note = rng.int(2) ? `// fuzz note ${added}` : `/// Fuzz note ${added}.`;
      out = `${out.slice(0, lineStart)}${indent}${note}\n${out.slice(lineStart)}`;
      added++;
    }
    tree.set(f, out);
  }
  return added ? `${added} comments` : undefined;
};

/** Removes plain (non-doc) comments from own files. */
const commentsRemove: Mutation = (tree) => {
  let removed = 0;
  for (const f of ownWit(tree)) {
    const text = tree.get(f)!;
    let out = '';
    let at = 0;
    for (const t of toks(text)) {
      if (t.kind !== T.Comment || /^(\/\/\/|\/\*\*)/.test(t.text) || /^\/\*\*?\/$/.test(t.text)) continue;
      if (/wasi-migrate\(/.test(t.text)) continue;
      out += text.slice(at, t.start);
      at = t.end;
      removed++;
    }
    tree.set(f, (out + text.slice(at)).replace(/^[ \t]+$/gm, ''));
  }
  return removed ? `${removed} comments` : undefined;
};

const indent: Mutation = (tree, rng) => {
  const unit = rng.pick(['\t', '  ', '    ', '   ']);
  for (const f of ownWit(tree)) {
    const text = tree.get(f)!;
    const widths = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]!.replace(/\t/g, '    ').length);
    if (!widths.length) continue;
    const step = Math.min(...widths);
    tree.set(f, text.replace(/^([ \t]+)(?=\S)/gm, (ws) => unit.repeat(Math.max(1, Math.round(ws.replace(/\t/g, '    ').length / step)))));
  }
  return JSON.stringify(unit);
};

const crlf: Mutation = (tree, rng) => {
  const all = rng.int(2) === 0;
  for (const f of [...tree.keys()].filter((f) => f.endsWith('.wit') && (all || own(f)))) tree.set(f, tree.get(f)!.replace(/\r?\n/g, '\r\n'));
  return all ? 'all files' : 'own files';
};

/** Renames deps folders (`io`, `io@0.2.0`, `wasi-io-0.2.0`) or makes a folder one file (`deps/io.wit`). */
const depsLayout: Mutation = (tree, rng) => {
  if ([...tree.keys()].some((f) => /(^|\/)(deps\.toml|deps\.lock|wkg\.lock|wkg\.toml)$/.test(f))) return undefined;
  const dirs = [...new Set([...tree.keys()].filter((f) => /^deps\/[^/]+\/[^/]+\.wit$/.test(f)).map((f) => f.split('/')[1]!))].sort();
  if (!dirs.length) return undefined;
  const done: string[] = [];
  for (const d of dirs) {
    const files = [...tree.keys()].filter((f) => f.startsWith(`deps/${d}/`)).sort();
    const header = files.map((f) => /package\s+([a-z0-9-]+):([a-z0-9-]+)@([0-9][^\s;{]*)\s*;/.exec(tree.get(f)!)).find(Boolean);
    if (!header) continue;
    const [, ns, name, version] = header;
    const style = rng.int(4);
    if (style === 3) {
      // one file: the items of every file under one header
      const parsed = files.map((f) => [f, topItems(tree.get(f)!)] as const);
      if (parsed.some(([f, r]) => !f.endsWith('.wit') || !r || fileScoped(r.items))) continue;
      const target = `deps/${name}.wit`;
      if (tree.has(target)) continue;
      let text = `package ${ns}:${name}@${version};\n`;
      for (const [f, r] of parsed) {
        const t = tree.get(f)!;
        text += `\n${t.slice(hasHeader(r!.items) ? r!.items[0]!.end : 0).trim()}\n`;
        tree.delete(f);
      }
      tree.set(target, text);
      done.push(`${d}->${name}.wit`);
      continue;
    }
    const to = [name!, `${name}@${version}`, `${ns}-${name}-${version}`][style]!;
    if (to === d) continue;
    if ([...tree.keys()].some((f) => f.startsWith(`deps/${to}/`) || f === `deps/${to}`)) continue;
    for (const f of files) {
      tree.set(`deps/${to}/${f.slice(`deps/${d}/`.length)}`, tree.get(f)!);
      tree.delete(f);
    }
    done.push(`${d}->${to}`);
  }
  return done.length ? done.join(',') : undefined;
};

const MUTATIONS: Record<VerdictOp, Mutation> = {
  'reorder-items': reorderItems,
  'reorder-members': reorderMembers,
  'rename-files': renameFiles,
  'split-file': splitFile,
  'merge-files': mergeFiles,
  'use-to-file': useToFile,
  'use-alias': useAlias,
  'rename-ids': renameIds,
  spacing,
  'comments-add': commentsAdd,
  'comments-remove': commentsRemove,
  indent,
  crlf,
  'deps-layout': depsLayout,
};

export interface VerdictCase {
  readonly index: number;
  readonly seed: number;
  readonly input: Input;
  /** What was applied, e.g. `rename-ids(12 tokens)`; empty for the input as it is. */
  readonly ops: string[];
  readonly tree: Tree;
}

/** Case `index` of run `seed`: input `index % inputs.length`, 2 to 5 mutations picked from the case seed. */
export function makeVerdictCase(inputs: readonly Input[], seed: number, index: number, only?: readonly VerdictOp[]): VerdictCase {
  const cs = caseSeed(seed, index);
  const rng = new Rng(cs);
  const input = inputs[index % inputs.length]!;
  const tree: Tree = new Map(input.tree);
  let n = 0;
  const fresh = (): string => {
    let w = 'zq';
    for (let k = 0; k < 4; k++) w += String.fromCharCode(97 + rng.int(26));
    return `${w}${n++}`.replace(/[0-9]+$/, (d) => String.fromCharCode(...[...d].map((c) => 97 + Number(c))));
  };
  const want = 2 + rng.int(4);
  const chosen = new Set(only ?? shuffle([...VERDICT_OPS], rng).slice(0, want));
  const ops: string[] = [];
  for (const op of VERDICT_OPS) {
    if (!chosen.has(op)) continue;
    const what = MUTATIONS[op](tree, rng, fresh);
    if (what !== undefined) ops.push(`${op}(${what})`);
  }
  return { index, seed: cs, input, ops, tree };
}

// ---------------------------------------------------------------------------
// Running a case

export interface Verdict {
  readonly write: number | null;
  readonly check: number | null;
  /** `rule` -> count of edits; `rule/messageId` -> count of reviews. */
  readonly edits: Record<string, number>;
  readonly reviews: Record<string, number>;
  /** The run merged world items that became one (\`duplicate of an earlier ...\` edits). */
  readonly merged?: boolean;
}

export interface CaseResult {
  /** False: wit-parser rejects the mutated input itself (a fault of the mutation; nothing else was checked). */
  readonly inputValid: boolean;
  readonly verdict?: Verdict;
  readonly violations: string[];
  readonly ms: number;
}

export function writeTree(dir: string, tree: Tree): void {
  for (const [rel, text] of tree) {
    const abs = path.join(dir, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

function sameTree(a: Tree, b: Tree): string | undefined {
  for (const [k, v] of a) if (b.get(k) !== v) return b.has(k) ? `${k} changed` : `${k} deleted`;
  for (const k of b.keys()) if (!a.has(k)) return `${k} added`;
  return undefined;
}

const BIN = (): string => process.env.WASI_MIGRATE_BIN ?? path.join(packageRoot(), 'bin', 'wasi-migrate');

function cli(cwd: string, args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN(), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const crashed = (s: string): boolean => /internal error|^\s+at .+:\d+:\d+\)?$/im.test(s);

/** Code of a WIT file without comments, tokens joined with single spaces and none around `: / @ .`. */
function codeOf(text: string): string {
  try {
    return toks(text)
      .filter((t) => !trivia(t))
      .map((t) => t.text)
      .join(' ')
      .replace(/\s*([:/@.])\s*/g, '$1');
  } catch {
    return text;
  }
}

/** What of 0.2 is left in the tree (invariant 2), at most a few places. */
export function leftovers(tree: Tree): string[] {
  const out: string[] = [];
  for (const [f, text] of tree) {
    if (!f.endsWith('.wit')) continue;
    if (text.includes('wasi-migrate(review)')) out.push(`${f}: a review marker`);
    if (text.includes('wasi-migrate(decided)')) continue;
    // The main package's own `package x@0.2.0-draft;` is its version, not a use of 0.2 (README, `--check`).
    const code = own(f) ? codeOf(text).replace(/^package [^;{]*[;{]/, '') : codeOf(text);
    const io = /\bwasi:io\b/.exec(code);
    if (io) out.push(`${f}: ${code.slice(io.index, io.index + 40)}`);
    const old = /\bwasi:[a-z0-9-]+(?:\/[a-z0-9-]+)?@0\.2\./.exec(code);
    if (old) out.push(`${f}: ${code.slice(old.index, old.index + 40)}`);
  }
  return out;
}

function countBy(xs: readonly { rule: string; messageId?: string }[] | undefined, withId: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs ?? []) {
    const k = withId && x.messageId ? `${x.rule}/${x.messageId}` : x.rule;
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Runs the CLI on the case's tree in a temp folder and checks invariants 1 to 3 (4 is the caller's: compareVerdicts). */
export async function runVerdictCase(c: { tree: Tree }): Promise<CaseResult> {
  const t0 = Date.now();
  const violations: string[] = [];
  const base = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-wfuzz-'));
  try {
    const root = path.join(base, 'wit');
    mkdirSync(root);
    writeTree(root, c.tree);
    const pre = await validateWit({ path: root }, { features: { tag: 'all' } });
    if (!pre.ok) return { inputValid: false, violations: [`input rejected by wit-parser: ${pre.message.split('\n')[0]}`], ms: Date.now() - t0 };

    const w = cli(base, ['wit', 'wit', '--write', '--allow-no-vcs', '--format', 'json']);
    if (crashed(w.err) || crashed(w.out)) violations.push(`1: --write crashed (exit ${w.code}):\n${w.err.slice(0, 2000)}`);
    const after = readTree(root);
    let edits: Record<string, number> = {};
    let reviews: Record<string, number> = {};
    let merged = false;
    if (w.code === 0 || w.code === 1) {
      const v = await validateWit({ path: root }, { features: { tag: 'all' } });
      if (!v.ok) violations.push(`1: --write exited ${w.code} but wit-parser rejects the tree as written: ${v.message.split('\n').slice(0, 6).join('\n')}`);
      try {
        const units = (JSON.parse(w.out) as { units: { edits?: { rule: string; note?: string }[]; reviews?: { rule: string; messageId?: string }[] }[] }).units;
        // vendored-deps replaces whole files, an edit per file: a dep's layout (one file or many) is not its meaning, so once per package.
        const seen = new Set<string>();
        // Edits that carry a folded item's comments along (`docs of finish-x stay with x`) exist where comments do: a
        // comment added or moved is content to keep, not a change of meaning, so they are not counted.
        const all = units
          .flatMap((u) => u.edits ?? [])
          .filter((e) => !/^docs of /.test(e.note ?? ''))
          .filter((e) => e.rule !== 'vendored-deps' || (!seen.has(e.note ?? '') && seen.add(e.note ?? '')));
        edits = countBy(all, false);
        merged = all.some((e) => /^duplicate of an earlier /.test(e.note ?? ''));
        reviews = countBy(units.flatMap((u) => u.reviews ?? []), true);
      } catch (e) {
        violations.push(`1: --write --format json printed no JSON document: ${String(e).slice(0, 200)}`);
      }
    } else if (w.code === 2) {
      const diff = sameTree(c.tree, after);
      if (diff) violations.push(`1: --write exited 2 but the tree changed (${diff})`);
    } else {
      violations.push(`1: --write exited ${w.code}: ${w.err.slice(0, 1000)}`);
    }

    const k = cli(base, ['wit', 'wit', '--check', '--quiet']);
    if (crashed(k.err) || crashed(k.out)) violations.push(`2: --check crashed (exit ${k.code}):\n${k.err.slice(0, 2000)}`);
    if (k.code === 0) {
      const left = leftovers(after);
      if (left.length) violations.push(`2: --check exited 0 with 0.2 left:\n  ${left.slice(0, 5).join('\n  ')}`);
    }

    const w2 = cli(base, ['wit', 'wit', '--write', '--allow-no-vcs', '--quiet']);
    if (crashed(w2.err) || crashed(w2.out)) violations.push(`3: the second --write crashed (exit ${w2.code}):\n${w2.err.slice(0, 2000)}`);
    const again = sameTree(after, readTree(root));
    if (again) violations.push(`3: a second --write (exit ${w2.code}) changed the tree: ${again}`);
    return { inputValid: true, verdict: { write: w.code, check: k.code, edits, reviews, ...(merged ? { merged } : {}) }, violations, ms: Date.now() - t0 };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Invariant 4: how `got` differs from the unmutated input's verdict, or undefined. */
export function compareVerdicts(baseline: Verdict, got: Verdict, ops: readonly string[] = []): string | undefined {
  const d: string[] = [];
  // A `use` moved to file level is two statements where there was one: the edits that drop or repoint it may be one
  // more. Which rules edit must not change; how many edits, only there.
  // World items that merge into one (the same import at 0.2 and at 0.3.0) are told apart by which comes first: the
  // first is repointed, the others go; items reordered, that may be one edit more or fewer, or another rule's.
  const places = ops.some((o) => o.startsWith('use-to-file')) || (!!baseline.merged && ops.some((o) => o.startsWith('reorder-')));
  if (baseline.write !== got.write) d.push(`--write exit ${baseline.write} -> ${got.write}`);
  if (baseline.check !== got.check) d.push(`--check exit ${baseline.check} -> ${got.check}`);
  for (const key of ['edits', 'reviews'] as const) {
    const a = baseline[key];
    const b = got[key];
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const x = a[k] ?? 0;
      const y = b[k] ?? 0;
      if (key === 'edits' && places ? x > 0 !== y > 0 : x !== y) d.push(`${key} ${k}: ${x} -> ${y}`);
    }
  }
  return d.length ? `4: the verdict depends on the mutation: ${d.join('; ')}` : undefined;
}

export interface VerdictRun {
  inputs: number;
  cases: number;
  invalidInputs: { index: number; input: string; ops: string[]; why: string }[];
  failures: { index: number; input: string; ops: string[]; violations: string[] }[];
  /** Failures by invariant (1 to 4), counted once per case and invariant. */
  byInvariant: Record<string, number>;
  ms: number;
}

/**
 * Runs cases `from` to `from + count - 1` of `seed`, each against its input's
 * unmutated verdict (run once per input, checked against invariants 1 to 3 too).
 */
export async function runVerdicts(
  inputs: readonly Input[],
  opts: { seed: number; count: number; from?: number; only?: (i: Input) => boolean; ops?: readonly VerdictOp[]; onCase?: (index: number, c: VerdictCase, r: CaseResult, extra: string[]) => void },
): Promise<VerdictRun> {
  const t0 = Date.now();
  const baselines = new Map<string, CaseResult>();
  const run: VerdictRun = { inputs: 0, cases: 0, invalidInputs: [], failures: [], byInvariant: {}, ms: 0 };
  const fail = (index: number, input: string, ops: string[], violations: string[]): void => {
    run.failures.push({ index, input, ops, violations });
    for (const inv of new Set(violations.map((v) => v.split(':')[0]!))) run.byInvariant[inv] = (run.byInvariant[inv] ?? 0) + 1;
  };
  const from = opts.from ?? 0;
  for (let index = from; index < from + opts.count; index++) {
    const c = makeVerdictCase(inputs, opts.seed, index, opts.ops);
    if (opts.only && !opts.only(c.input)) continue;
    let base = baselines.get(c.input.name);
    if (!base) {
      base = await runVerdictCase({ tree: c.input.tree });
      baselines.set(c.input.name, base);
      run.inputs++;
      if (!base.inputValid) run.invalidInputs.push({ index: -1, input: c.input.name, ops: [], why: base.violations[0]! });
      else if (base.violations.length) fail(-1, c.input.name, [], base.violations);
    }
    if (!base.inputValid) continue;
    const r = await runVerdictCase(c);
    run.cases++;
    const extra: string[] = [];
    if (!r.inputValid) run.invalidInputs.push({ index, input: c.input.name, ops: c.ops, why: r.violations[0]! });
    else {
      const d = compareVerdicts(base.verdict!, r.verdict!, c.ops);
      if (d) extra.push(d);
      if (r.violations.length || extra.length) fail(index, c.input.name, c.ops, [...r.violations, ...extra]);
    }
    opts.onCase?.(index, c, r, extra);
  }
  run.ms = Date.now() - t0;
  return run;
}

/**
 * A package tree (main `.wit` files at the root, dependencies under `deps/`)
 * as ONE WIT text, for wit-parser's `componentEmbed({ witSource })`: the main
 * package's files under one `package a:b;` header, each dependency as a
 * nested `package x:y@v { ... }` block, nested blocks of any file hoisted to
 * the top level. No file system, no temp folder, no preview2-shim round trip
 * per file.
 *
 * wit-parser treats both forms alike: `push_dir` and `push_str` both end in
 * `sort_unresolved_packages` over the same packages, and each nested block
 * is resolved by a resolver of its own, as a `deps/` entry is. What differs
 * is only what a folder of several files has and one block has not:
 *
 * - top-level `use` is scoped to its file: merged, a name one file imports
 *   would be visible in its siblings (an accept the folder refutes);
 * - every file may carry the `package` header, all must agree, and at most
 *   one may have comments before it: wit-parser's `parse_docs` takes every
 *   comment before an item as its docs (plain line and block comments too,
 *   not only `///` and `/**`), and a second documented header is "found doc
 *   comments on multiple 'package' items";
 * - the empty block comment (`/`, two stars, `/`) is a panic wherever
 *   wit-parser reads it as docs (its `docs()` strips the opening `/**` and
 *   unwraps the close it has just eaten): before a header or a nested
 *   `package` it is that package's, merged it moves onto the next item or
 *   none (a `use`, which keeps no docs, or the end);
 * - attributes before a nested `package` are an error that cutting the block
 *   out would move onto the next item;
 * - wit-parser reads only `deps/<file>.wit` and `deps/<dir>/<file>.wit`
 *   (not deeper, not hidden `.wit` names) and also `.wasm`/`.wat` deps.
 *
 * Comments are left out where that cannot change the verdict. wit-parser
 * (jco 1.35 builds 0.259; read in wasm-tools' crates/wit-parser/src/ast.rs
 * and ast/lex.rs, recent versions) skips comments in `Tokenizer::next`;
 * only `parse_docs` reads them (the one caller of `next_raw`), as the docs
 * of the item that follows. `Resolver::docs` joins them and checks nothing
 * but the two cases above: a package documented in two files, and the empty
 * block comment. In the merged text every package is one file to
 * wit-parser, so the first cannot arise there: headerDocs checks it on the
 * files as written. The lexer refuses, in comments as anywhere, control
 * codes but tab, LF and CR, bidirectional overrides and eight deprecated
 * code points (`detect_invalid_input`, over the whole input), and an
 * unterminated block comment. So a `//` comment of printable ASCII and tabs
 * holds nothing the lexer refuses, and without it, up to its line end
 * (which stays), every other token is lexed as before. Such comments are
 * left out only of a text with no `/*` at all whose comments are all of
 * that kind (what our lexer and wit-parser's must agree on is then only
 * where a line comment starts and ends), and not the ones just before a
 * `package`; in such a text each run of white space between tokens also
 * shrinks to one separator. Any other text is copied as written. The main files and the
 * deps alike: the whole tree is one text to wit-parser. The WASI texts are
 * mostly doc comments: 0.3 http and its deps make 36 KB instead of 115, and
 * a componentEmbed call on them takes 3.2 ms instead of 5.2.
 *
 * `oneText` returns undefined for any tree where one of these could matter
 * (a package of several files with a top-level `use`, headers that differ
 * or are missing, headers documented twice, an empty block comment, an
 * attribute or anything but `;` or `}` before a nested `package`, a file
 * outside the two layouts, a file our lexer refuses, a byte-order mark): the
 * caller then checks the files on disk. test/validate/one-text.test.ts
 * checks the equivalence against wit-parser on the corpora.
 */
import { lexPackedOrUndefined, T, type TokenList } from '../wit/lexer.js';
import { memoByText } from '../util/text-memo.js';

interface Split {
  /** The header's tokens, normalised (`a : b @ 1 . 0 . 0`), when the file starts with `package a:b;`. */
  readonly header?: string;
  /** The header as written, between `package` and `;`. */
  readonly headerRaw?: string;
  readonly headerDocs: boolean;
  /** The file with its header and nested blocks cut out (a separator each), with the `edits` made. */
  readonly body: string;
  /** Nested `package x { ... }` blocks, with the `edits` made. */
  readonly nested: string[];
  readonly topUse: boolean;
  /** An upper bound on the type definitions the file makes (see typeNodeBound). */
  readonly typeNodes: number;
}

/** A header or nested block cut out of the body: a separator where it stood. */
const blank = (s: string) => (s.includes('\n') ? '\n' : ' ');

/**
 * The end of what is left out of the comment token `text[s, e)` when it is a
 * `//` comment of printable ASCII and tabs (its line end, `\n` or `\r\n`,
 * stays), or -1.
 */
function plainLineCommentEnd(text: string, s: number, e: number): number {
  if (text.charCodeAt(s + 1) !== 47) return -1; // a block comment
  let end = e;
  if (text.charCodeAt(end - 1) === 10) end -= text.charCodeAt(end - 2) === 13 ? 2 : 1;
  for (let i = s + 2; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 9 && (c < 0x20 || c > 0x7e)) return -1;
  }
  return end;
}

/**
 * What is left out of a text, as [start, end, replacement] in text order:
 * nothing unless the text has no block comment and every comment is a plain
 * line comment (see the module comment). Then each comment goes (its line
 * end stays), except those just before a `package` keyword: on disk they are
 * that package's docs, the one place wit-parser checks docs (headerDocs reads
 * them from the tokens as written). And each run of spaces, tabs and line
 * ends between tokens becomes one line end, or one space if it held none: a
 * separator to wit-parser's lexer as the run was, and half the bytes of an
 * indented text.
 */
function edits(text: string, toks: TokenList): [number, number, string][] {
  if (text.includes('/*')) return [];
  const out: [number, number, string][] = [];
  let beforePackage = false; // the next token that is not trivia is `package`
  for (let k = toks.length - 1; k >= 0; k--) {
    const kind = toks.kind(k);
    if (kind === T.Whitespace) {
      const [s, e] = [toks.start(k), toks.end(k)];
      if (e - s < 2) continue;
      const nl = text.indexOf('\n', s);
      out.push([s, e, nl >= 0 && nl < e ? '\n' : ' ']);
      continue;
    }
    if (kind !== T.Comment) {
      beforePackage = kind === T.Package;
      continue;
    }
    const end = plainLineCommentEnd(text, toks.start(k), toks.end(k));
    if (end < 0) return [];
    if (!beforePackage) out.push([toks.start(k), end, '']);
  }
  return out.reverse();
}

/** Tokens that define a type: a named one, or the anonymous one each `<` opens. */
const DEFINES = new Set([T.Type, T.Record, T.Variant, T.Enum, T.Flags, T.Resource, T.LessThan]);

/**
 * An upper bound on the type definitions a text makes, each one a step of
 * any chain of types through it: a named type (`type`, `record`, `variant`,
 * `enum`, `flags`, `resource`), an anonymous one (each opens a `<`), and each
 * name a `use` brings in (a new type, an alias of the one it names). Bare
 * `result`, `future` and `stream` are leaves.
 */
function typeNodes(toks: TokenList): number {
  let n = 0;
  let inUse = false;
  for (let k = 0; k < toks.length; k++) {
    const kind = toks.kind(k);
    if (DEFINES.has(kind)) n++;
    else if (kind === T.Use) inUse = true;
    else if (kind === T.Semicolon) inUse = false;
    else if (inUse && (kind === T.Id || kind === T.ExplicitId)) n++;
  }
  return n;
}

/** split, once per text: the same vendored deps are in every package of a tree (null: cannot be split). */
const splitOnce = memoByText((text: string): Split | null => splitText(text) ?? null);

function splitText(text: string): Split | undefined {
  // Only a `/**/` token matters; the text test also finds one inside a longer comment, which just goes to disk.
  if (text.includes('\uFEFF') || text.includes('/**/')) return undefined;
  const toks = lexPackedOrUndefined(text);
  if (!toks) return undefined;
  const n = toks.length;
  const slice = (i: number, j: number) => text.slice(toks.start(i), toks.end(j));
  const next = (i: number) => {
    while (i < n && (toks.kind(i) === T.Whitespace || toks.kind(i) === T.Comment)) i++;
    return i;
  };
  const cuts: [number, number, boolean][] = []; // [start, end, a nested block (not the header)]
  let header: string | undefined;
  let headerRaw: string | undefined;
  let headerDocs = false;
  let i = next(0);
  if (toks.kind(i) === T.Package) {
    const parts: string[] = [];
    let j = next(i + 1);
    while (j < n && ![T.Semicolon, T.LeftBrace, T.RightBrace, T.Eof].includes(toks.kind(j))) {
      parts.push(slice(j, j));
      j = next(j + 1);
    }
    if (toks.kind(j) === T.Semicolon) {
      header = parts.join(' ');
      headerRaw = text.slice(toks.end(i), toks.start(j));
      // Tokens before the header are trivia: any comment among them documents it.
      for (let k = 0; k < i; k++) if (toks.kind(k) === T.Comment) headerDocs = true;
      cuts.push([toks.start(i), toks.end(j), false]);
      i = next(j + 1);
    }
  }
  let depth = 0;
  let topUse = false;
  let prev: T | undefined; // the last non-trivia token at depth 0 before i (undefined: none since the header)
  while (i < n && toks.kind(i) !== T.Eof) {
    const k = toks.kind(i);
    if (depth === 0 && k === T.Use) topUse = true;
    if (depth === 0 && k === T.Package) {
      if (prev !== undefined && prev !== T.Semicolon && prev !== T.RightBrace) return undefined;
      // The block: up to its `{`, then to the matching `}`.
      let j = next(i + 1);
      while (j < n && ![T.Semicolon, T.LeftBrace, T.RightBrace, T.Eof].includes(toks.kind(j))) j = next(j + 1);
      if (toks.kind(j) !== T.LeftBrace) return undefined;
      let d = 0;
      for (; j < n; j = next(j + 1)) {
        const kj = toks.kind(j);
        if (kj === T.Eof) return undefined;
        if (kj === T.LeftBrace) d++;
        else if (kj === T.RightBrace && --d === 0) break;
      }
      cuts.push([toks.start(i), toks.end(j), true]);
      prev = T.RightBrace;
      i = next(j + 1);
      continue;
    }
    if (k === T.LeftBrace) depth++;
    else if (k === T.RightBrace && --depth < 0) return undefined;
    if (depth === 0) prev = k;
    i = next(i + 1);
  }
  if (depth !== 0) return undefined;
  const edit = edits(text, toks);
  let d = 0;
  // text[s, e) with the edits in it made; called in text order (`d` only moves on, past the header's too).
  const copy = (s: number, e: number) => {
    let out = '';
    for (; d < edit.length && edit[d]![0] < e; d++) {
      if (edit[d]![0] < s) continue;
      out += text.slice(s, edit[d]![0]) + edit[d]![2];
      s = edit[d]![1];
    }
    return out + text.slice(s, e);
  };
  let body = '';
  const nested: string[] = [];
  let at = 0;
  for (const [s, e, isNested] of cuts) {
    body += copy(at, s) + blank(text.slice(s, e));
    if (isNested) nested.push(copy(s, e));
    at = e;
  }
  body += copy(at, text.length);
  return { header, headerRaw, headerDocs, body, nested, topUse, typeNodes: typeNodes(toks) };
}

interface Group {
  /** The header's tokens, normalised (`a : b @ 1 . 0 . 0`). */
  readonly header: string;
  readonly headerRaw: string;
  readonly body: string;
  readonly nested: string[];
  readonly topUse: boolean;
}

/** The files of one package (a folder's `.wit` files, or one file) as one body under one header. */
function group(texts: readonly string[]): Group | undefined {
  const splits: Split[] = [];
  for (const t of texts) {
    const s = splitOnce(t);
    if (!s) return undefined;
    splits.push(s);
  }
  const headers = splits.filter((s) => s.header !== undefined);
  if (!headers.length || headers.some((s) => s.header !== headers[0]!.header)) return undefined;
  if (headers.filter((s) => s.headerDocs).length > 1) return undefined;
  if (splits.length > 1 && splits.some((s) => s.topUse)) return undefined;
  return {
    header: headers[0]!.header!,
    headerRaw: headers[0]!.headerRaw!,
    body: splits.map((s) => s.body).join('\n'),
    nested: splits.flatMap((s) => s.nested),
    topUse: splits.some((s) => s.topUse),
  };
}

/** A tree as oneText lays it out: the main package's header and body, then everything else. */
export interface OneTextParts {
  /** The main package's name (`a:b@1.0.0`, each `%` left out), when its header is `ns:name[@version]`. */
  readonly name?: { readonly namespace: string; readonly name: string };
  /** The main header as written, between `package` and `;`. */
  readonly headerRaw: string;
  /** The main package's items, with oneText's edits made. */
  readonly body: string;
  /** The deps as nested `package` blocks, then the blocks nested in any file, hoisted. */
  readonly rest: string;
  /** How many blocks files nest (hoisted into `rest`). */
  readonly nestedBlocks: number;
  /** A top-level `use` in a main file (kept only for a single file: a nested block cannot hold one). */
  readonly topUse: boolean;
}

/** `ns:name` of a normalised header (`a : b @ 1 . 0 . 0`), `%` left out; undefined for any other shape. */
function headerName(header: string): { namespace: string; name: string } | undefined {
  const t = header.split(' ');
  if (t.length < 3 || t[1] !== ':' || (t.length > 3 && t[3] !== '@')) return undefined;
  if (!/^%?[A-Za-z0-9-]+$/.test(t[0]!) || !/^%?[A-Za-z0-9-]+$/.test(t[2]!)) return undefined;
  return { namespace: t[0]!.replace(/^%/, ''), name: t[2]!.replace(/^%/, '') };
}

/** oneText's layout of a tree, or undefined where oneText gives none. */
export function oneTextParts(files: Readonly<Record<string, string>>): OneTextParts | undefined {
  const main: string[] = [];
  const deps = new Map<string, string[]>();
  for (const p of Object.keys(files).sort()) {
    const parts = p.split('/');
    if (!p.endsWith('.wit') || parts.some((s) => s === '' || s.startsWith('.'))) return undefined;
    if (parts.length === 1) main.push(files[p]!);
    else if (parts[0] === 'deps' && parts.length <= 3) {
      const key = parts.length === 2 ? p : `${parts[0]}/${parts[1]}/`;
      if (parts.length === 3 && `${parts[0]}/${parts[1]}` in files) return undefined;
      deps.set(key, [...(deps.get(key) ?? []), files[p]!]);
    } else return undefined;
  }
  if (!main.length) return undefined;
  const top = group(main);
  if (!top) return undefined;
  const rest: string[] = [];
  const nested = [...top.nested];
  for (const texts of deps.values()) {
    const g = group(texts);
    if (!g) return undefined;
    rest.push(`package${g.headerRaw} {\n`, g.body, '\n}\n');
    nested.push(...g.nested);
  }
  for (const b of nested) rest.push(b, '\n');
  const name = headerName(top.header);
  return { ...(name ? { name } : {}), headerRaw: top.headerRaw, body: top.body, rest: rest.join(''), nestedBlocks: nested.length, topUse: top.topUse };
}

/**
 * The tree as one WIT text wit-parser reads exactly as it reads the tree on
 * disk, or undefined when that cannot be assured (see the module comment).
 * `files`: relative path -> text; `x.wit` main, `deps/x.wit` and
 * `deps/<dir>/x.wit` dependencies; any other name gives undefined.
 * `emptyWorld`: a name for an empty world to add to the main package, first
 * after its header (the caller picks a name the tree does not use).
 */
export function oneText(files: Readonly<Record<string, string>>, opts: { emptyWorld?: string } = {}): string | undefined {
  const t = oneTextParts(files);
  if (!t) return undefined;
  return [`package${t.headerRaw};\n`, opts.emptyWorld === undefined ? '' : `world ${opts.emptyWorld} {}\n`, t.body, '\n', t.rest].join('');
}

/**
 * An upper bound on the length of any chain of types in the tree (each link
 * is a type the files define: typeNodes), or Infinity when oneText cannot
 * merge it. wit-component walks such chains recursively when it flattens a
 * world's signatures; see validateWit's use.
 */
export function typeNodeBound(files: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const [p, t] of Object.entries(files)) {
    if (!p.endsWith('.wit')) continue;
    const s = splitOnce(t);
    if (!s) return Infinity;
    n += s.typeNodes;
  }
  return n;
}

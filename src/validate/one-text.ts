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
 * `oneText` returns undefined for any tree where one of these could matter
 * (a package of several files with a top-level `use`, headers that differ
 * or are missing, headers documented twice, an empty block comment, an
 * attribute or anything but `;` or `}` before a nested `package`, a file
 * outside the two layouts, a file our lexer refuses, a byte-order mark): the
 * caller then checks the files on disk. test/validate/one-text.test.ts checks the equivalence against
 * wit-parser on the corpora.
 */
import { lexPacked, T } from '../wit/lexer.js';
import { memoByText } from '../util/text-memo.js';

interface Split {
  /** The header's tokens, normalised (`a : b @ 1 . 0 . 0`), when the file starts with `package a:b;`. */
  readonly header?: string;
  /** The header as written, between `package` and `;`. */
  readonly headerRaw?: string;
  readonly headerDocs: boolean;
  /** The file with its header and nested blocks blanked out (newlines kept). */
  readonly body: string;
  /** Nested `package x { ... }` blocks, as written. */
  readonly nested: string[];
  readonly topUse: boolean;
}

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** split, once per text: the same vendored deps are in every package of a tree (null: cannot be split). */
const splitOnce = memoByText((text: string): Split | null => splitText(text) ?? null);

function splitText(text: string): Split | undefined {
  // Only a `/**/` token matters; the text test also finds one inside a longer comment, which just goes to disk.
  if (text.includes('\uFEFF') || text.includes('/**/')) return undefined;
  let toks;
  try {
    toks = lexPacked(text);
  } catch {
    return undefined;
  }
  const n = toks.length;
  const slice = (i: number, j: number) => text.slice(toks.start(i), toks.end(j));
  const next = (i: number) => {
    while (i < n && (toks.kind(i) === T.Whitespace || toks.kind(i) === T.Comment)) i++;
    return i;
  };
  const cuts: [number, number][] = [];
  const nested: string[] = [];
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
      cuts.push([toks.start(i), toks.end(j)]);
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
      nested.push(slice(i, j));
      cuts.push([toks.start(i), toks.end(j)]);
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
  let body = '';
  let at = 0;
  for (const [s, e] of cuts) {
    body += text.slice(at, s) + blank(text.slice(s, e));
    at = e;
  }
  body += text.slice(at);
  return { header, headerRaw, headerDocs, body, nested, topUse };
}

interface Group {
  readonly headerRaw: string;
  readonly body: string;
  readonly nested: string[];
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
  return { headerRaw: headers[0]!.headerRaw!, body: splits.map((s) => s.body).join('\n'), nested: splits.flatMap((s) => s.nested) };
}

/**
 * The tree as one WIT text wit-parser reads exactly as it reads the tree on
 * disk, or undefined when that cannot be assured (see the module comment).
 * `files`: relative path -> text; `x.wit` main, `deps/x.wit` and
 * `deps/<dir>/x.wit` dependencies; any other name gives undefined.
 */
export function oneText(files: Readonly<Record<string, string>>): string | undefined {
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
  const out = [`package${top.headerRaw};\n`, top.body, '\n'];
  const nested = [...top.nested];
  for (const texts of deps.values()) {
    const g = group(texts);
    if (!g) return undefined;
    out.push(`package${g.headerRaw} {\n`, g.body, '\n}\n');
    nested.push(...g.nested);
  }
  for (const b of nested) out.push(b, '\n');
  return out.join('');
}

/**
 * What a WIT text says that can be read without parsing it: where its
 * comments are, which `wasi:*` packages it references, which packages it
 * declares. Every phase of every package reads these of the same texts (the
 * vendored deps above all), so each is memoised by text
 * (src/util/text-memo.ts). The one place for them: the engine, the rules,
 * the package model and the output check all read them here.
 *
 * Comments as `text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ...)` finds them
 * (block comments do not nest here, as WIT's do: a pattern cannot follow
 * them); test/wit/text-scan.test.ts checks each function against that
 * pattern on the corpora and on random texts.
 */
import { memoByText } from '../util/text-memo.js';

/**
 * Where a text's comments are, by hand: a line comment runs to the newline,
 * a block comment to the first `*\/` after its `/*` (no nesting), and a `/*`
 * never closed is no comment. Flat `[start, end)` offset pairs, in order.
 */
export function commentRanges(text: string): number[] {
  const out: number[] = [];
  let i = text.indexOf('/');
  while (i >= 0 && i < text.length - 1) {
    const next = text.charCodeAt(i + 1);
    let end = -1;
    if (next === 47) {
      end = text.indexOf('\n', i + 2);
      if (end < 0) end = text.length;
    } else if (next === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close >= 0) end = close + 2;
    }
    if (end < 0) {
      i = text.indexOf('/', i + 1);
      continue;
    }
    out.push(i, end);
    i = text.indexOf('/', end);
  }
  return out;
}

/** The text with its comments blanked out (offsets and newlines kept). */
export const stripComments: (text: string) => string = memoByText((text) => {
  const comments = commentRanges(text);
  return comments.length ? blankedSlice(text, comments, 0, text.length) : text;
});

/**
 * `text[start, end)` with the comments in it made spaces, their newlines
 * kept: a piece of stripComments(text), made without blanking the rest.
 * `comments`: commentRanges(text).
 */
export function blankedSlice(text: string, comments: readonly number[], start: number, end: number): string {
  const parts: string[] = [];
  let at = start;
  for (let k = firstEndingAfter(comments, start); k < comments.length && comments[k]! < end; k += 2) {
    const [cs, ce] = [Math.max(comments[k]!, start), Math.min(comments[k + 1]!, end)];
    const c = text.slice(cs, ce);
    parts.push(text.slice(at, cs), text.charCodeAt(comments[k]! + 1) === 42 && c.includes('\n') ? c.replace(/[^\n]/g, ' ') : ' '.repeat(ce - cs));
    at = ce;
  }
  parts.push(text.slice(at, end));
  return parts.join('');
}

/** The first comment (an even index into commentRanges' pairs) that ends after `at`. */
function firstEndingAfter(comments: readonly number[], at: number): number {
  let lo = 0;
  let hi = comments.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[2 * mid + 1]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

/**
 * A name in a package path, as regex source: a WIT identifier, plain or `%`-escaped, as wit-parser reads `%io` as `io`
 * (a leading `%wasi` is matched by a `\bwasi`). PATH_NAME_BARE captures it without its `%`.
 */
export const PATH_NAME = '%?[a-z][a-z0-9-]*';
export const PATH_NAME_BARE = '%?([a-z][a-z0-9-]*)';

/** The `wasi:name@version` a matched path names (`wasi : %io / streams @ 0.2.0` is `wasi:io@0.2.0`): white space, `%` and the item dropped. */
export function pathPackage(path: string): string {
  return path.replace(/[\s%]+/g, '').replace(/\/[^@]*/, '');
}

/** A `wasi:pkg/item@version` path as tokens: white space (and, in the blanked text, comments) may come between them, as wit-parser allows. */
const REF = new RegExp(String.raw`\bwasi\s*:\s*${PATH_NAME_BARE}\s*\/\s*${PATH_NAME}\s*@\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)`, 'g');
/** `package ns:name[@version]` up to its `;` or `{`, as tokens: white space between them, words in either case (WIT's `%` escape left out). */
const DECL = /\bpackage\s+%?([A-Za-z][A-Za-z0-9-]*)\s*:\s*%?([A-Za-z][A-Za-z0-9-]*)(?:\s*@\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?))?\s*[;{]/y;

/** Where a declaration ends (`;`, `{`), or a comment may start (`/`). */
const STOP = /[;{/]/g;

/** REF at one place (sticky). */
const REF_AT = new RegExp(REF.source, 'y');
/** The characters a REF match is made of; a run of them from a `wasi` is as far as a match there can reach. */
const PATH_RUN = /[A-Za-z0-9\s:/@.%-]*/y;

/**
 * `wasi:name@version` of every `wasi:*` reference in a text (comments aside),
 * each once, in text order: REF's matches in the text with comments blanked
 * (stripComments), where a comment between the tokens of a path is white
 * space, as it is to wit-parser (`wasi:/* x *\/io/streams@0.2.0`).
 *
 * Found without making that copy for most texts (every phase reads the refs
 * of every text, outputs and rule steps included). A match starts at a
 * `wasi` outside every comment, and a match REF finds there in the text
 * itself holds no comment (REF's one `/` is followed by white space or a
 * letter, so it never starts one): it is the blanked text's match too.
 * Where the text itself holds none, the blanked text can differ only if a
 * comment starts within the run of path characters (PATH_RUN) from the
 * `wasi`: no match can reach past that run in either text, and the
 * character that ends it is the same in both. Only then is the blanked text
 * made (once per text) and read.
 */
export const wasiRefs: (text: string) => readonly string[] = memoByText((text) => {
  const out = new Set<string>();
  let comments: number[] | undefined;
  let blanked: string | undefined;
  let k = 0;
  let after = 0;
  let runEnd = -1;
  for (let i = text.indexOf('wasi'); i >= 0; i = text.indexOf('wasi', i + 1)) {
    if (i < after) continue;
    comments ??= commentRanges(text);
    while (k < comments.length && comments[k + 1]! <= i) k += 2;
    const nextComment = k < comments.length ? comments[k]! : text.length;
    if (nextComment <= i) continue;
    REF_AT.lastIndex = i;
    let m = REF_AT.exec(blanked ?? text);
    if (!m && !blanked) {
      if (runEnd <= i) {
        PATH_RUN.lastIndex = i;
        PATH_RUN.exec(text);
        runEnd = PATH_RUN.lastIndex;
      }
      if (nextComment >= runEnd) continue;
      blanked = stripComments(text);
      REF_AT.lastIndex = i;
      m = REF_AT.exec(blanked);
    }
    if (m) {
      out.add(`wasi:${m[1]}@${m[2]}`);
      after = REF_AT.lastIndex;
    }
  }
  return [...out];
});

/**
 * Every package a text declares, its header and its nested blocks (comments
 * aside), in text order: DECL's matches in the text
 * with comments blanked (stripComments), found without making that copy for
 * most texts. A match there starts at a `package` outside every comment (a
 * blanked comment holds no letter), and the `\b` before it holds in both
 * texts (what precedes it is the same character, or the `/` that ends a
 * block comment, a space once blanked). From there to the first `;` or `{`
 * (where a match ends: DECL allows neither before it), the two texts are the
 * same unless a comment starts on the way, which takes a `/`: only then is
 * the blanked text read.
 */
export const declarations: (text: string) => readonly PackageDecl[] = memoByText((text) => {
  const comments = commentRanges(text);
  const out: PackageDecl[] = [];
  let k = 0;
  for (let i = text.indexOf('package'); i >= 0; i = text.indexOf('package', i + 1)) {
    while (k < comments.length && comments[k + 1]! <= i) k += 2;
    if (k < comments.length && comments[k]! <= i) continue;
    STOP.lastIndex = i;
    DECL.lastIndex = i;
    const m = DECL.exec(STOP.exec(text)?.[0] === '/' ? stripComments(text) : text);
    if (m) out.push({ id: `${m[1]}:${m[2]}${m[3] ? `@${m[3]}` : ''}`, namespace: m[1]!, name: m[2]!, ...(m[3] ? { version: m[3] } : {}), start: i, end: DECL.lastIndex, nested: m[0].endsWith('{') });
  }
  return out;
});

/** A package a text declares: `ns:name[@version]` and its parts. */
export interface PackageDecl {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly version?: string;
  /** Where it is in the text: from \`package\` to its \`;\` or \`{\` (comments between the tokens included). */
  readonly start: number;
  readonly end: number;
  /** A nested \`package ... { }\` block, not the file's header. */
  readonly nested: boolean;
}

/** The ids (`ns:name[@version]`) of declarations(text), in text order. */
export const declaredIn: (text: string) => readonly string[] = memoByText((text) => declarations(text).map((d) => d.id));

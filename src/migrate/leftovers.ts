/**
 * What of WASI 0.2 is left in a tree (the migration's output, or the tree on
 * disk when nothing is pending): the `--check` gate's second half. A place
 * is left when a line (comments aside) references `wasi:*@0.2.*` (release
 * candidates `@0.2.0-rc-*` included) or a package 0.3.0 has no release of at
 * a draft numbered below 0.2 (`wasi:logging@0.1.0-draft`, as much left behind
 * as `wasi:config@0.2.0-draft`), uses `wasi:io` at any version (0.3 has
 * none), or holds a `// wasi-migrate(review): ...` marker; a `deps/` file
 * that our parser rejects is left whole.
 *
 * A team accepts a place by writing `// wasi-migrate(decided): why` on the
 * line itself or in the comments directly above it (src/wit/decided.ts);
 * above the `package` line, it accepts the whole file (a vendored 0.2
 * package another dep still needs), above a nested block's, the block. A
 * decided reference to a WASI proposal with no 0.3 release
 * (\`import wasi:keyvalue/store@0.2.0-draft;\`) accepts the `package` line of
 * its vendored copy too (a dep's header or a nested block's): that copy is what the decision
 * keeps, and a marker written into a vendored file is gone at the next fetch.
 */
import { parseCached } from './package-model.js';
import { blankedSlice, commentRanges, declarations, PATH_NAME, PATH_NAME_BARE, pathPackage, stripComments, type PackageDecl } from '../wit/text-scan.js';
import { memoByText } from '../util/text-memo.js';
import { decidedAt, holdsDecision, REVIEW_MARKER } from '../wit/decided.js';
import { isWasiPackage, releasedIn03 } from '../wit/official.js';

export type RemainingKind = 'review-marker' | 'wasi-io' | 'wasi-0.2' | 'does-not-parse' | 'invalid';

export interface Remaining {
  readonly kind: RemainingKind;
  /** Relative to the package root, `/`-separated; empty for the tree as a whole. */
  readonly file: string;
  /** 1-based; 0 for the whole file. */
  readonly line: number;
  readonly message: string;
}

export { REVIEW_MARKER };

// A path is tokens: wit-parser takes white space between them (`wasi : io / streams @0.2.0`), and a name may be
// `%`-escaped (`wasi:%io/streams`, PATH_NAME).
const WASI_02 = new RegExp(String.raw`\bwasi\s*:\s*${PATH_NAME}(?:\s*\/\s*${PATH_NAME})?\s*@\s*0\.2\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`);
const WASI_IO = /\bwasi\s*:\s*%?io\b/;
/** Code that ends inside a `wasi:` path (`use wasi:`, `wasi:io/`, `wasi:io/poll @`): the path runs on into the next line. */
const PARTIAL = new RegExp(String.raw`\bwasi\s*(?::\s*(?:${PATH_NAME}\s*(?:\/\s*(?:${PATH_NAME}\s*(?:@\s*)?)?)?)?)?$`);

/**
 * What a raw text or line (comments in) must hold to be looked at: a review marker, `@0.2.`, or `wasi:io` (white
 * space, or a block comment, between the tokens).
 */
const mayHold = (s: string): boolean => s.includes(REVIEW_MARKER) || holdsOld(s) || (s.includes('wasi') && /\bwasi\s*:\s*(?:\/\*[\s\S]*?\*\/\s*)?%?io\b/.test(s));

/** A reference at a version below 0.2 (\`wasi:logging/logging@0.1.0-draft\`); a place only for a package 0.3.0 has no release of. */
const WASI_PRE_02 = new RegExp(String.raw`\bwasi\s*:\s*${PATH_NAME_BARE}(?:\s*\/\s*${PATH_NAME})?\s*@\s*0\.[01]\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?`, 'g');
/**
 * Whether a text (or a line) may hold a WASI 0.2 or older reference: \`@0.2.\`, or a \`wasi:\` name at \`@0.1.\` or
 * \`@0.0.\` (many packages are \`@0.1.0\` themselves: that version alone must not send every text down the slow path).
 */
const PRE_02_ANY = new RegExp(String.raw`\bwasi\s*:\s*${PATH_NAME}(?:\s*\/\s*${PATH_NAME})?\s*@\s*0\.[01]\.`);
function holdsOld(text: string): boolean {
  return /@\s*0\.2\./.test(text) || (text.includes('wasi') && PRE_02_ANY.test(text));
}

/** The first reference of a code line (one starting before \`before\`) to a package 0.3.0 has no release of at a version below 0.2, if any. */
function pre02Unreleased(code: string, before = code.length): string | undefined {
  for (const m of code.matchAll(WASI_PRE_02)) if (m.index < before && m[1] !== 'io' && !releasedIn03(m[1]!)) return m[0];
  return undefined;
}

/** What a place of kind \`wasi-0.2\` that references only a version below 0.2 says first. */
const PRE_02_WHY = 'a WASI reference older than 0.2';

const WHY: Record<RemainingKind, string> = {
  'review-marker': 'a review marker: decide, edit by hand, then delete the marker (or turn it into `// wasi-migrate(decided): why`)',
  'wasi-io': '`wasi:io` is used (WASI 0.3 has no wasi:io)',
  'wasi-0.2': 'a WASI 0.2 reference',
  'does-not-parse': 'does not parse',
  invalid: 'the tree does not validate',
};

/** A place of `kind` left on a line (1-based) of a file, its message the kind's reason and what the line shows. */
export function leftAt(kind: RemainingKind, file: string, line: number, shown: string): Remaining {
  return { kind, file, line, message: `${WHY[kind]}: ${shown}` };
}

/** Places of 0.2 left in these files (paths relative to the package root), in path and line order. */
export function leftovers(files: Readonly<Record<string, string>>): Remaining[] {
  const out: Remaining[] = [];
  const kept = new Set<string>();
  for (const [path, text] of Object.entries(files)) if (path.endsWith('.wit')) for (const id of decidedRefs(text)) kept.add(id);
  for (const path of Object.keys(files).sort()) {
    if (!path.endsWith('.wit')) continue;
    const text = files[path]!;
    if (path.startsWith('deps/')) {
      const r = parseCached(path, text);
      if (r.diagnostics.length || !r.file) {
        const d = r.diagnostics[0];
        out.push({ kind: 'does-not-parse', file: path, line: d?.line ?? 0, message: `${WHY['does-not-parse']}${d ? `: ${d.message}` : ''}` });
        continue;
      }
    }
    for (const p of (path.startsWith('deps/') ? depPlaces : mainPlaces)(text)) {
      if (p.keeps && kept.has(p.keeps)) continue;
      out.push({ kind: p.kind, file: path, line: p.line, message: p.message });
    }
  }
  return out;
}

/** A place; on a dep's `package` line of a proposal with no 0.3 release, the package it declares (`wasi:x@v`). */
type Place = Omit<Remaining, 'file'> & { readonly keeps?: string };

/** The WASI 0.2 packages (`wasi:x@v`) a text references on decided lines; memoised by text. */
const decidedRefs = memoByText((text): readonly string[] => {
  if (!holdsDecision(text) || !holdsOld(text)) return [];
  const raw = text.split(/\r?\n/);
  const starts = lineStarts(text, raw);
  const code = codeLines(text, raw, starts, false);
  const whole = fileDecided(text);
  const inBlock = inDecidedBlock(text, raw, starts);
  const out = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    if (!(holdsOld(raw[i]!) || runsOn(raw[i]!, code, i)) || !(whole || inBlock(i) || decidedAt(text, starts[i]!))) continue;
    // A path broken across lines (\`include wasi:\` then \`messaging/imports@0.2.0-draft;\`) is read whole, as places() does.
    const c = withRunOn(raw, code, i);
    for (const m of c.matchAll(new RegExp(WASI_02.source, 'g'))) if (m.index < code(i).length) out.add(pathPackage(m[0]));
    const pre = pre02Unreleased(c, code(i).length);
    if (pre) out.add(pathPackage(pre));
  }
  return [...out];
});

/** The places of a text, in line order; memoised by text (a run reads the same vendored deps in every package). */
const depPlaces = memoByText((text) => places(text, true));
const mainPlaces = memoByText((text) => places(text, false));

function places(text: string, isDep: boolean): Place[] {
  const out: Place[] = [];
  // Every place needs what mayHold looks for in its raw line (WASI_02 matches `@0.2.`, WASI_IO `wasi:io`, and a
  // code line is its raw line with comments blanked): a text with none has no place, and a clean 0.3 tree is
  // mostly such texts. The same holds line by line: only a line holding one is looked at, and only such a line,
  // or one holding `package`, is blanked (codeLine).
  if (!mayHold(text)) return out;
  const raw = text.split(/\r?\n/);
  const starts = lineStarts(text, raw);
  const code = codeLines(text, raw, starts, isDep);
  if (fileDecided(text)) return out;
  const inBlock = inDecidedBlock(text, raw, starts);
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    if (inBlock(i)) continue;
    const broken = runsOn(line, code, i);
    if (!mayHold(line) && !broken) continue;
    // A path broken across lines is read on the line it starts on, with the lines it runs into; a match must start
    // on this line (the next lines are read on their own).
    const c = broken ? withRunOn(raw, code, i) : code(i);
    const first = (re: RegExp): string | undefined => {
      for (const m of c.matchAll(new RegExp(re.source, 'g'))) if (m.index < code(i).length) return m[0];
      return undefined;
    };
    const ref = line.includes(REVIEW_MARKER) ? undefined : (first(WASI_02) ?? pre02Unreleased(c, code(i).length));
    const kind: RemainingKind | undefined = line.includes(REVIEW_MARKER) ? 'review-marker' : first(WASI_IO) ? 'wasi-io' : ref ? 'wasi-0.2' : undefined;
    if (!kind || decidedAt(text, starts[i]!)) continue;
    const shown = kind === 'review-marker' ? line.slice(line.indexOf(REVIEW_MARKER)).trim() : broken ? c.replace(/\s*\n\s*/g, ' ').trim() : code(i).trim();
    // A dep's header (\`package wasi : keyvalue@0.2.0-draft;\`, its tokens as wit-parser reads them, over lines too), or a
    // nested block's in any file (as \`wasm-tools component wit\` prints each package a component uses), of a proposal
    // with no 0.3 release: what a decided reference keeps.
    const declared = kind === 'wasi-0.2' ? headerAt(text, starts, i, isDep) : undefined;
    const keeps = declared && declared.namespace === 'wasi' && pathPackage(ref!) === declared.id && !releasedIn03(declared.name) ? declared.id : undefined;
    const why = kind === 'wasi-0.2' && !WASI_02.test(ref!) ? PRE_02_WHY : WHY[kind];
    out.push({ kind, line: i + 1, message: `${why}${kind === 'wasi-0.2' ? noRelease(ref!) : ''}: ${shown}`, ...(keeps ? { keeps } : {}) });
  }
  return out;
}

/**
 * Whether line i's code ends inside a \`wasi:\` path. (No \`@\` after its last \`wasi\`: a cheap first test, as most
 * lines that name wasi name a whole path; the code line is made only past it.)
 */
function runsOn(line: string, code: (i: number) => string, i: number): boolean {
  return line.includes('wasi') && !line.includes('@', line.lastIndexOf('wasi')) && PARTIAL.test(code(i));
}

/** Line i's code with the lines a path ending it runs into (up to 8). */
function withRunOn(raw: readonly string[], code: (i: number) => string, i: number): string {
  let c = code(i);
  for (let j = i + 1; j < raw.length && j <= i + 8 && PARTIAL.test(c); j++) c += `\n${code(j)}`;
  return c;
}

/**
 * What to do with a reference (\`ref\`, as matched) to a WASI proposal 0.3.0 has no
 * release of (wasi:nn, wasi:keyvalue and others, still at 0.2, a 0.2 draft or an
 * older one), or to a
 * package no WASI release or proposal has (\`wasi:foo\`, isWasiPackage):
 * nothing to move it to, so a team that keeps it says so with a decided
 * marker; no rule ever will. Empty for a proposal 0.3.0 has.
 */
function noRelease(ref: string): string {
  const name = new RegExp(String.raw`\bwasi\s*:\s*${PATH_NAME_BARE}`).exec(ref)![1]!;
  if (releasedIn03(name)) return '';
  const why = isWasiPackage(name) ? 'has no 0.3 release to move to' : 'is no WASI package wasi-migrate knows';
  return ` (wasi:${name} ${why}: if the component keeps it, mark it \`// wasi-migrate(decided): why\`)`;
}

/**
 * Line i of the text with its comments blanked (stripComments' line i), made
 * when asked; in a main file, the header \`package ...;\` is blank too (the package's
 * own \`package wasi:x@0.2.0-draft;\` is its version, --bump's business,
 * not a use of 0.2), on whichever lines its tokens are. `raw` is the text split at its line ends, `starts` where they start.
 */
function codeLines(text: string, raw: readonly string[], starts: readonly number[], isDep: boolean): (i: number) => string {
  const comments = commentRanges(text);
  const header = isDep ? undefined : declarations(text).find((d) => !d.nested);
  // The last line made: a line that holds a place is read several times over.
  let [last, made] = [-1, ''];
  return (i) => {
    if (i === last) return made;
    const [from, to] = [starts[i]!, starts[i]! + raw[i]!.length];
    let line = blankedSlice(text, comments, from, to);
    if (header && header.end > from && header.start < to) {
      const [a, b] = [Math.max(header.start, from) - from, Math.min(header.end, to) - from];
      line = line.slice(0, a) + ' '.repeat(b - a) + line.slice(b);
    }
    [last, made] = [i, line];
    return line;
  };
}

/** A nested block's \`package\` declaration, or (\`header\`) the file's own, when one of its tokens is on line i. */
function headerAt(text: string, starts: readonly number[], i: number, header: boolean): PackageDecl | undefined {
  const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
  return declarations(text).find((d) => (d.nested || header) && d.start < end && d.end > starts[i]!);
}

/**
 * Whether line i lies in a nested \`package x { ... }\` block with a decided marker directly above its \`package\`: it
 * accepts the whole block, as one above a file's \`package\` line accepts the file.
 */
function inDecidedBlock(text: string, raw: readonly string[], starts: readonly number[]): (i: number) => boolean {
  const blocks: [number, number][] = [];
  if (holdsDecision(text)) {
    const code = stripComments(text);
    for (const d of declarations(text)) {
      if (!d.nested || !decidedAt(text, d.start)) continue;
      let at = d.end;
      for (let depth = 1; at < code.length && depth > 0; at++) depth += code[at] === '{' ? 1 : code[at] === '}' ? -1 : 0;
      blocks.push([d.start, at]);
    }
  }
  return (i) => blocks.some(([a, b]) => starts[i]! < b && starts[i]! + raw[i]!.length > a);
}

/** Where each line of `raw` (the text split at its line ends) starts in the text. */
function lineStarts(text: string, raw: readonly string[]): number[] {
  const starts: number[] = [0];
  for (let i = 0; i + 1 < raw.length; i++) {
    const end = starts[i]! + raw[i]!.length;
    starts.push(end + (text.charCodeAt(end) === 13 ? 2 : 1));
  }
  return starts;
}

/**
 * Review markers left in code after the run (`bindings`, `migrate`): the
 * files as they will be (`files` with `changes` applied), one item per
 * `wasi-migrate(review)` line not accepted by a decided marker.
 */
export function markerLeftovers(files: Readonly<Record<string, string>>, changes: readonly { path: string; after: string | undefined }[]): Remaining[] {
  const after: Record<string, string> = { ...files };
  for (const c of changes) {
    if (c.after === undefined) delete after[c.path];
    else after[c.path] = c.after;
  }
  const out: Remaining[] = [];
  for (const path of Object.keys(after).sort()) {
    const text = after[path]!;
    const raw = text.split(/\r?\n/);
    const starts = lineStarts(text, raw);
    raw.forEach((line, i) => {
      if (line.includes(REVIEW_MARKER) && !decidedAt(text, starts[i]!)) out.push(leftAt('review-marker', path, i + 1, line.slice(line.indexOf(REVIEW_MARKER)).trim()));
    });
  }
  return out;
}

/**
 * A decided marker directly above the file's \`package\` line accepts the whole file: its header's, not a nested
 * block's (that accepts the block, inDecidedBlock). The first \`package\` line of code was taken, and a main file's
 * header is blank in code lines: a marker above a nested block accepted the whole file.
 */
function fileDecided(text: string): boolean {
  const header = declarations(text).find((d) => !d.nested);
  return !!header && decidedAt(text, header.start);
}

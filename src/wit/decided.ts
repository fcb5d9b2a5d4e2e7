/**
 * A team's decision to keep a place as it is: `// wasi-migrate(decided): why`
 * (README, "`--check` in CI, and deciding a review item"). The one reader of
 * it, for WIT and code alike: `--check` lists no place it decides
 * (src/migrate/leftovers.ts), the engine raises no review there again
 * (src/migrate/engine.ts), and the shape rules leave a decided item alone
 * (rules/util.ts).
 */

const DECIDED_MARKER = 'wasi-migrate(decided)';
/** A place a rule left for a human; its text may quote the decided marker (how to decide), which decides nothing. */
export const REVIEW_MARKER = 'wasi-migrate(review)';

type Line = 'code' | 'comment' | 'blank';

/**
 * Whether the place at `offset` is decided: the marker is on the place's
 * line, or in the comments above it up to the line of code before (blank
 * lines may come between, as between an item and its docs; a comment that
 * trails that line of code is that line's). The place's line is the line of
 * `offset` or, when that line is a comment or blank (an item's docs, where a
 * review's offset is), the first line of code below it: a marker anywhere in
 * an item's comments decides it.
 *
 * Lines are told apart by how they start (so that code other than WIT reads
 * the same): `//`, `/*` or `*` start a comment line, as does every line of a
 * `/* ... *\/` block that opens on a line of its own; a line holding code
 * after a comment is a line of code.
 */
export function decidedAt(text: string, offset: number): boolean {
  if (!holdsDecision(text)) return false;
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  for (let at = start, open = false; at <= text.length; ) {
    const end = lineEnd(text, at);
    const read = downward(text.slice(at, end).trim(), open);
    if (read.line === 'code') {
      start = at;
      break;
    }
    open = read.open;
    at = end + 1;
  }
  if (decides(text.slice(start, lineEnd(text, start)))) return true;
  for (let end = start - 1, open = false; end >= 0; ) {
    const at = end > 0 ? text.lastIndexOf('\n', end - 1) + 1 : 0;
    const line = text.slice(at, end).trim();
    const read = upward(line, open);
    if (read.line === 'code') return false;
    if (decides(line)) return true;
    open = read.open;
    end = at - 1;
  }
  return false;
}

/**
 * Whether the text holds the marker at all. Most texts hold none, and the
 * rules ask for every item of a text (rules/util.ts markDecided): the answer
 * for the last text asked is kept, so a text is searched once for its items.
 */
export function holdsDecision(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastHolds = text.includes(DECIDED_MARKER);
  }
  return lastHolds;
}
let lastText: string | undefined;
let lastHolds = false;

/**
 * Whether a line decides its place: it holds the decided marker, and not only as text a review marker quotes
 * after its own (wasi-references tells how to keep a proposal with no 0.3 release: "mark it
 * `// wasi-migrate(decided): why`"). Read as a decision, that quote decided its own marker: `--check` passed
 * over an undecided review, and a second run raised it no more.
 */
function decides(line: string): boolean {
  const at = line.indexOf(DECIDED_MARKER);
  if (at < 0) return false;
  const review = line.indexOf(REVIEW_MARKER);
  return review < 0 || at < review;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

/** A trimmed line read top down; `open`: it starts inside a block comment. */
function downward(line: string, open: boolean): { line: Line; open: boolean } {
  if (open) return { line: 'comment', open: !line.includes('*/') };
  if (!line) return { line: 'blank', open };
  if (line.startsWith('//') || line.startsWith('*')) return { line: 'comment', open };
  if (!line.startsWith('/*')) return { line: 'code', open };
  const close = line.indexOf('*/', 2);
  if (close < 0) return { line: 'comment', open: true };
  const rest = line.slice(close + 2).trim();
  return { line: !rest || rest.startsWith('//') ? 'comment' : 'code', open: false };
}

/** A trimmed line read bottom up; `open`: it ends inside a block comment (one the lines below close). */
function upward(line: string, open: boolean): { line: Line; open: boolean } {
  if (open) {
    const start = line.indexOf('/*');
    return start < 0 ? { line: 'comment', open } : { line: line.slice(0, start).trim() ? 'code' : 'comment', open: false };
  }
  // The last line of a block comment that opened above.
  if (line.endsWith('*/') && !line.includes('/*') && !line.startsWith('//')) return { line: 'comment', open: true };
  return { line: downward(line, false).line, open: false };
}

/**
 * Merging the edits of the rules of one phase (overlaps are conflicts that
 * name both rules), mapping offsets through applied edits, and placing review
 * markers.
 */
import type { Span } from '../wit/syntax.js';

export interface OwnedEdit {
  readonly rule: string;
  readonly span: Span;
  readonly text: string;
  readonly note?: string;
}

export class EditConflict extends Error {
  constructor(
    readonly file: string,
    readonly ruleA: string,
    readonly ruleB: string,
    readonly offset: number,
  ) {
    super(`conflicting edits in ${file} at offset ${offset}: rule \`${ruleA}\` and rule \`${ruleB}\` change the same text`);
  }
}

/** Sorts and checks one file's edits; identical edits are merged, overlapping ones throw EditConflict. */
export function mergeEdits(file: string, edits: readonly OwnedEdit[]): OwnedEdit[] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: OwnedEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.span.start === e.span.start && prev.span.end === e.span.end && prev.text === e.text) continue;
    if (prev) {
      const overlap = e.span.start < prev.span.end;
      const sameInsert = e.span.start === prev.span.start && e.span.start === e.span.end && prev.span.start === prev.span.end;
      if (overlap || (sameInsert && prev.rule !== e.rule)) throw new EditConflict(file, prev.rule, e.rule, e.span.start);
    }
    out.push(e);
  }
  return out;
}

/**
 * One tidy-up of a phase's sorted edits of a WIT text: whole lines deleted
 * (one edit, or adjacent ones) that were the last of a body (the next line
 * starts with `}`) or of the file, after a blank line, take that blank line
 * with them: it would be left before the brace. A `use` written last in an
 * interface, after a blank line, is the common case. The first edit of the
 * run grows; a blank line another edit touches stays. Likewise lines deleted
 * first in a body (after the line ending in \`{\`) take the blank line after
 * them (the last edit of the run grows), so no body starts with a blank line,
 * and so do several lines deleted between two blank lines.
 */
export function tidyDeletions(text: string, sorted: readonly OwnedEdit[]): OwnedEdit[] {
  const out = [...sorted];
  for (let i = 0; i < out.length; i++) {
    if (out[i]!.text !== '') continue;
    const s = out[i]!.span.start;
    let j = i;
    while (j + 1 < out.length && out[j + 1]!.text === '' && out[j + 1]!.span.start === out[j]!.span.end) j++;
    const e = out[j]!.span.end;
    const i0 = i;
    i = j;
    // Plain `//` lines heading a paragraph (after a blank line or the opening brace) whose first lines go while the
    // paragraph goes on (the line after the run is an item that stays): the heading is the paragraph's, not only
    // the first item's (wit-parser reads no docs from `//`), and stays above what is left of it.
    const keep = headingKept(text, s, out[i0]!.span.end, e);
    if (keep !== undefined) {
      out[i0] = { ...out[i0]!, span: { start: keep, end: out[i0]!.span.end } };
      continue;
    }
    // The first lines of a body (right after the line that opens it) and a blank line after them: that blank line
    // goes too, so the body does not start with one (one deletion alone already takes it: rules/util.ts lineSpan).
    if (s > 0 && text[s - 1] === '\n' && e > 0 && text[e - 1] === '\n') {
      const ps = text.lastIndexOf('\n', s - 2) + 1;
      const be = text.indexOf('\n', e);
      if (/\{[ \t]*$/.test(text.slice(ps, s - 1)) && be >= 0 && /^[ \t]*$/.test(text.slice(e, be)) && !(j + 1 < out.length && out[j + 1]!.span.start <= be)) {
        out[j] = { ...out[j]!, span: { start: out[j]!.span.start, end: be + 1 } };
        continue;
      }
    }
    // Lines deleted between two blank lines (file-level \`use\`s grouped under the \`package\` line): the blank after
    // them goes too, so no double blank line is left (one deletion alone already takes it: lineSpan).
    if (j > i0 && s >= 2 && text[s - 1] === '\n' && e > 0 && text[e - 1] === '\n') {
      const ps = text.lastIndexOf('\n', s - 2) + 1;
      const be = text.indexOf('\n', e);
      if (/^[ \t]*$/.test(text.slice(ps, s - 1)) && be >= 0 && /^[ \t]*$/.test(text.slice(e, be)) && !(i0 > 0 && out[i0 - 1]!.span.end > ps) && !(j + 1 < out.length && out[j + 1]!.span.start <= be)) {
        out[j] = { ...out[j]!, span: { start: out[j]!.span.start, end: be + 1 } };
        continue;
      }
    }
    if (s < 2 || text[s - 1] !== '\n' || (e < text.length && text[e - 1] !== '\n')) continue;
    const lineEnd = text.indexOf('\n', e);
    if (e < text.length && !/^[ \t]*\}/.test(text.slice(e, lineEnd < 0 ? text.length : lineEnd))) continue;
    const ps = text.lastIndexOf('\n', s - 2) + 1;
    if (!/^[ \t]*$/.test(text.slice(ps, s - 1))) continue;
    if (i0 > 0 && out[i0 - 1]!.span.end > ps) continue;
    out[i0] = { ...out[i0]!, span: { start: ps, end: out[i0]!.span.end } };
  }
  return out;
}

/**
 * Where a run of whole lines deleted from `s` to `e` should start instead, when its first deletion (up to
 * `firstEnd`) opens with plain `//` comment lines (no `///` docs, no wasi-migrate marker) that follow a blank
 * line or the line opening a body, over an item (not a name of a list), and the line at `e` is an item that
 * stays: after those comment lines.
 */
function headingKept(text: string, s: number, firstEnd: number, e: number): number | undefined {
  if (s > 0 && text[s - 1] !== '\n') return undefined;
  if (e <= 0 || text[e - 1] !== '\n' || e >= text.length) return undefined;
  const ne = text.indexOf('\n', e);
  const next = text.slice(e, ne < 0 ? text.length : ne);
  if (/^[ \t]*($|\}|\/\/|\/\*)/.test(next)) return undefined;
  // The run took the blank line that closed the paragraph: what follows is another paragraph's.
  if (/\n[ \t]*\n$/.test(text.slice(Math.max(0, s - 1), e))) return undefined;
  const ps = s === 0 ? -1 : text.lastIndexOf('\n', s - 2) + 1;
  if (ps >= 0 && !/^[ \t]*$|\{[ \t]*$/.test(text.slice(ps, s - 1))) return undefined;
  let at = s;
  for (let le; at < firstEnd && (le = text.indexOf('\n', at)) >= 0 && le < firstEnd; at = le + 1) {
    if (!/^[ \t]*\/\/(?!\/)(?![ \t]*wasi-migrate\()/.test(text.slice(at, le))) break;
  }
  if (at === s || at >= firstEnd) return undefined;
  // An item (`import ...;`, `x: func();`), not a name of a list written one per line (`input-stream,`): a comment
  // over one of those is that name's. And one of the kind of the item that stays (imports under it, as the next
  // line): a comment over a `use` that goes is not the heading of the function after it.
  const le = text.indexOf('\n', at);
  const first = text.slice(at, le < 0 ? text.length : le);
  return /[;{][ \t]*(\/\/.*)?$/.test(first) && itemKind(first) === itemKind(next) ? at : undefined;
}

/** The kind of item a line starts: its keyword (`import`, `use`, `record`...), or `func` for `name: func(...)`. */
function itemKind(line: string): string | undefined {
  const m = /^[ \t]*(?:(import|export|include|use|type|record|variant|enum|flags|resource|interface|world)\b|%?[\w-]+[ \t]*:[ \t]*(?:static[ \t]+)?(?:async[ \t]+)?(func)\b)/.exec(line);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Keeps trailing `//` comments where the file aligned them: on a line whose
 * comment follows two or more spaces (a column someone lined up), edits
 * before it that change the line's length take the difference out of (or
 * add it to) those spaces, down to one. `import wasi:http/outgoing-handler@0.2.0;   // ...`
 * becomes `import wasi:http/client@0.3.0;             // ...`, its comment in
 * the column of its neighbours'. Lines an edit spans or reaches into the
 * comment of are left as they are.
 */
export function keepCommentColumns(text: string, sorted: readonly OwnedEdit[]): OwnedEdit[] {
  const out = [...sorted];
  let i = 0;
  while (i < out.length) {
    const ls = text.lastIndexOf('\n', out[i]!.span.start - 1) + 1;
    const nl = text.indexOf('\n', ls);
    const le = nl < 0 ? text.length : nl;
    let j = i;
    let delta = 0;
    let whole = true;
    // The edits that start on the line (the first always: an insertion at the line's end starts at its newline).
    for (; j < out.length && (j === i || out[j]!.span.start < le); j++) {
      const e = out[j]!;
      if (e.span.end > le || e.text.includes('\n')) whole = false;
      delta += e.text.length - (e.span.end - e.span.start);
    }
    const last = out[j - 1]!;
    const m = whole && delta !== 0 ? /( {2,})\/\/[^\n]*$/.exec(text.slice(last.span.end, le)) : null;
    const width = m ? Math.max(1, m[1]!.length - delta) : 0;
    // The last edit of the line takes in the text after it up to the comment, its spaces resized: still one edit.
    if (m && width !== m[1]!.length) {
      const end = last.span.end + m.index + m[1]!.length;
      out[j - 1] = { ...last, span: { start: last.span.start, end }, text: last.text + text.slice(last.span.end, last.span.end + m.index) + ' '.repeat(width) };
    }
    i = j;
  }
  return out;
}

export function apply(text: string, sorted: readonly { span: Span; text: string }[]): string {
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.span.start) + e.text;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/** Where an offset of the text before `sorted` edits lands in the text after them (inside a replaced span: its start). */
export function mapOffset(o: number, sorted: readonly { span: Span; text: string }[]): number {
  let delta = 0;
  for (const e of sorted) {
    if (e.span.end <= o && !(e.span.start === e.span.end && e.span.start === o)) delta += e.text.length - (e.span.end - e.span.start);
    else if (e.span.start < o) return e.span.start + delta;
    else break;
  }
  return o + delta;
}

/**
 * The offset of the phase's input that \`o\` (an offset of its output) stands for: undefined when \`o\` falls inside
 * the text an edit wrote. An offset at either end of an edit's text stands for that end of what it replaced.
 */
export function unmapOffset(o: number, sorted: readonly { span: Span; text: string }[]): number | undefined {
  let delta = 0;
  for (const e of sorted) {
    const start = e.span.start + delta;
    const end = start + e.text.length;
    if (o < start) break;
    if (o === start) return e.span.start;
    if (o < end) return undefined;
    if (o === end) return e.span.end;
    delta += e.text.length - (e.span.end - e.span.start);
  }
  return o - delta;
}

/** The span an edit occupies after all edits of its phase are applied. */
export function mappedEditSpans(sorted: readonly { span: Span; text: string }[]): Span[] {
  const out: Span[] = [];
  let delta = 0;
  for (const e of sorted) {
    out.push({ start: e.span.start + delta, end: e.span.start + delta + e.text.length });
    delta += e.text.length - (e.span.end - e.span.start);
  }
  return out;
}

export const MARKER = '// wasi-migrate(review):';

/**
 * Inserts `// wasi-migrate(review): msg` on its own line before the line of
 * each offset, indented like it. A marker already present in the comment
 * lines right above is not repeated (so a second run changes nothing).
 */
export function insertMarkers(text: string, notes: readonly { offset: number; message: string }[]): string {
  const inserts: { span: Span; text: string }[] = [];
  const seen = new Set<string>();
  for (const n of notes) {
    const ls = text.lastIndexOf('\n', n.offset - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(ls))![0];
    const line = `${MARKER} ${n.message.replace(/\s*\n\s*/g, ' ')}`;
    if (seen.has(`${ls}\u0000${line}`)) continue;
    seen.add(`${ls}\u0000${line}`);
    if (commentBlockAbove(text, ls).includes(line)) continue;
    inserts.push({ span: { start: ls, end: ls }, text: `${indent}${line}\n` });
  }
  inserts.sort((a, b) => a.span.start - b.span.start);
  return apply(text, inserts);
}

/** The `//` comment lines around a line start (the contiguous comment block above it, and the one starting at it), trimmed. */
function commentBlockAbove(text: string, ls: number): string[] {
  const out: string[] = [];
  let start = ls;
  while (start < text.length) {
    const e = text.indexOf('\n', start);
    const line = text.slice(start, e < 0 ? text.length : e).trim();
    if (!line.startsWith('//')) break;
    out.push(line);
    if (e < 0) break;
    start = e + 1;
  }
  let end = ls - 1;
  while (end > 0) {
    const s = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(s, end).trim();
    if (!line.startsWith('//')) break;
    out.push(line);
    end = s - 1;
  }
  return out;
}

export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The offset where 1-based line `line` of a text starts (the text's length past its last line): lineOf's inverse. */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

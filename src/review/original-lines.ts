/**
 * Where a pending change or a review item sits in the file AS IT IS in the
 * repository (the 0.2 input), for formats a code host places on its own copy
 * of the file (SARIF: code scanning shows a result on the checked-in lines).
 * Review items carry lines of the migrated text; hunks carry both sides.
 */
import type { FileDiff, Hunk } from './hunks.js';

/** 1-based, inclusive lines of the original file, and their text. */
export interface OriginalRegion {
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function region(before: string, startLine: number, endLine: number): OriginalRegion {
  const lines = linesOf(before);
  const s = Math.min(Math.max(1, startLine), Math.max(1, lines.length));
  const e = Math.min(Math.max(s, endLine), Math.max(1, lines.length));
  return { startLine: s, endLine: e, text: lines.slice(s - 1, e).join('\n') };
}

/**
 * The original lines a hunk replaces: its removed lines; for a hunk that only
 * adds, the original line the addition goes before (the last line, for an
 * addition at the end). Undefined for a file the run creates.
 */
export function hunkOriginalRegion(f: FileDiff, h: Hunk): OriginalRegion | undefined {
  const before = f.change.before;
  if (before === undefined) return undefined;
  let old = h.oldStart;
  let first = 0;
  let last = 0;
  let insertAt = 0;
  for (const l of h.lines) {
    const k = l[0];
    if (k === ' ') old++;
    else if (k === '-') {
      if (!first) first = old;
      last = old;
      old++;
    } else if (k === '+' && !insertAt) insertAt = old;
  }
  if (first) return region(before, first, last);
  return region(before, insertAt, insertAt);
}

const tokens = (line: string): Set<string> => new Set(line.match(/[A-Za-z_][\w-]*/g) ?? []);

/**
 * Of the lines a block removed, the one an added line replaced: the one
 * sharing most names with it (`describe: func(err: error-code)` replaced
 * `describe: func(err: borrow<stream-error>)`), by position on a tie.
 */
function closest(removed: readonly number[], added: string, index: number, before: string): number {
  const lines = linesOf(before);
  const want = tokens(added);
  const score = (n: number): number => [...tokens(lines[n - 1] ?? '')].filter((t) => want.has(t)).length;
  const scores = removed.map(score);
  const top = Math.max(...scores);
  const same = Math.min(index, removed.length - 1);
  return scores[same] === top ? removed[same]! : removed[scores.indexOf(top)]!;
}

const MARKER = /^\s*\/\/\s*wasi-migrate\(review\)/;

/**
 * The original line a review item is about. An item whose line is a review
 * marker (`// wasi-migrate(review): ...`, put above the item and its doc
 * comments in the migrated text) is about the first line below the marker
 * that is not a comment, a gate or blank: the item, mapped back to the
 * original. An item with no marker (a note on a file that takes none, such
 * as deps.lock) already points into the original text.
 */
export function reviewOriginalRegion(f: FileDiff, line: number): OriginalRegion | undefined {
  const { before, after } = f.change;
  if (before === undefined || line < 1) return undefined;
  const lines = after === undefined ? [] : linesOf(after);
  if (!MARKER.test(lines[line - 1] ?? '')) return region(before, line, line);
  for (let n = line + 1; n <= lines.length; n++) {
    const t = lines[n - 1]!.trim();
    if (t === '' || t.startsWith('//') || t.startsWith('/*') || t.startsWith('*') || t.startsWith('@')) continue;
    return originalLineOf(f, n);
  }
  return originalLineOf(f, line);
}

/**
 * The original line a line of the migrated text (`newLine`, 1-based) stands
 * for. A line the diff kept maps to itself; an added line maps to the
 * original line its block replaced at the same position (the first removed
 * line when the block added more than it removed) or, in a block that only
 * adds (a review marker put above an unchanged item), to the original line
 * that follows it.
 */
export function originalLineOf(f: FileDiff, newLine: number): OriginalRegion | undefined {
  const before = f.change.before;
  if (before === undefined || newLine < 1) return undefined;
  let shift = 0; // original line = new line + shift, outside hunks
  for (const h of f.hunks) {
    if (newLine < h.newStart) break;
    let old = h.oldStart;
    let neu = h.newStart;
    let removed: number[] = [];
    let added = 0;
    for (const l of h.lines) {
      const k = l[0];
      if (k === ' ') {
        if (neu === newLine) return region(before, old, old);
        old++;
        neu++;
        removed = [];
        added = 0;
      } else if (k === '-') {
        if (added) {
          removed = [];
          added = 0;
        }
        removed.push(old);
        old++;
      } else if (k === '+') {
        if (neu === newLine) {
          const at = removed.length ? closest(removed, l.slice(1), added, before) : old;
          return region(before, at, at);
        }
        added++;
        neu++;
      }
    }
    shift = old - neu;
  }
  return region(before, newLine + shift, newLine + shift);
}

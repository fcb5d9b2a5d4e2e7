/**
 * Hunks with provenance: the `diff` package computes the hunks (Myers line
 * diff, 3 lines of context, the format `git apply` reads); this module only
 * ties each hunk to the edits and review items whose line falls inside the
 * hunk's new-side range, so every renderer shows the same attribution.
 */
// The patch module alone (4 modules, not the package's 19): start-up (issue 18).
import { structuredPatch } from 'diff/lib/patch/create.js';
import { changeStatus, displayPath, type ReviewEdit, type ReviewFileChange, type RemainingItem, type ReviewItem, type ReviewReport, type ReviewUnit, type RuleInfo } from './model.js';
import { byCodeUnit } from '../util/order.js';

const CONTEXT_LINES = 3;

/** One reason a hunk exists: a rule and, in one line, why. */
export interface Provenance {
  readonly rule: string;
  readonly why: string;
}

export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** Unified-diff lines: ' ', '-', '+' or '\\' (no newline at end of file) first. */
  readonly lines: readonly string[];
  /** Never empty: when no edit line falls in the hunk, the file's rules stand in. */
  readonly provenance: readonly Provenance[];
  readonly reviews: readonly ReviewItem[];
  /** Sorted, unique rule ids of `provenance` and `reviews`. */
  readonly rules: readonly string[];
}

export interface FileDiff {
  readonly unit: ReviewUnit;
  readonly change: ReviewFileChange;
  /** Path shown to the reader and used in the patch (unit root + file). */
  readonly shown: string;
  readonly status: 'created' | 'deleted' | 'modified';
  readonly hunks: readonly Hunk[];
}

/** The new-side lines a hunk covers; a pure deletion covers the lines on either side of the gap. */
function newRange(h: { newStart: number; newLines: number }): [number, number] {
  return h.newLines === 0 ? [h.newStart - 1, h.newStart] : [h.newStart, h.newStart + h.newLines - 1];
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

function fileDiff(unit: ReviewUnit, change: ReviewFileChange, catalogue: ReadonlyMap<string, RuleInfo>): FileDiff {
  const patch = structuredPatch('a', 'b', change.before ?? '', change.after ?? '', undefined, undefined, { context: CONTEXT_LINES }); // an absent side is the empty file
  const edits = unit.edits.filter((e) => e.file === change.path);
  const reviews = unit.reviews.filter((r) => r.file === change.path);
  const placed = new Set<ReviewEdit>();
  const located = patch.hunks.map((h) => {
    const [from, to] = newRange(h);
    const inside = edits.filter((e) => e.line >= from && e.line <= to).sort(byLineRule);
    inside.forEach((e) => placed.add(e));
    return { h, from, to, inside, reviews: reviews.filter((r) => r.line >= from && r.line <= to) };
  });
  // A review item outside every hunk (no marker could go in that file, e.g. a
  // lock file) joins the nearest hunk, so its badge is still on the diff.
  for (const r of reviews) {
    if (!located.length || located.some((l) => l.reviews.includes(r))) continue;
    const dist = (l: { from: number; to: number }) => (r.line < l.from ? l.from - r.line : r.line > l.to ? r.line - l.to : 0);
    located.reduce((best, l) => (dist(l) < dist(best) ? l : best)).reviews.push(r);
  }
  // Edits with no known line (whole-file operations) or outside every hunk
  // (an edit whose text equalled what it replaced) explain the file as a whole.
  const unplaced = edits.filter((e) => !placed.has(e));
  const hunks = located.map(({ h, inside, reviews: here }): Hunk => {
    const seen = new Set<string>();
    const provenance: Provenance[] = [];
    const add = (rule: string, why: string) => {
      const key = `${rule}\u0000${why}`;
      if (seen.has(key)) return;
      seen.add(key);
      provenance.push({ rule, why });
    };
    const because = (e: ReviewEdit) => oneLine(e.note) || catalogue.get(e.rule)?.summary || e.rule;
    for (const e of inside) add(e.rule, because(e));
    for (const r of here) add(r.rule, `review marker: ${oneLine(r.message)}`);
    if (provenance.length === 0) {
      for (const e of unplaced) add(e.rule, because(e));
      if (provenance.length === 0) for (const rule of [...change.rules].sort(byCodeUnit)) add(rule, catalogue.get(rule)?.summary ?? 'changed this file');
      if (provenance.length === 0) add('(unknown)', 'no rule recorded an edit here');
    }
    const rules = [...new Set(provenance.map((p) => p.rule))].sort(byCodeUnit);
    return { oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines, provenance, reviews: here, rules };
  });
  return { unit, change, shown: displayPath(unit, change.path), status: changeStatus(change), hunks };
}

function byLineRule(a: ReviewEdit, b: ReviewEdit): number {
  return a.line - b.line || byCodeUnit(a.rule, b.rule) || byCodeUnit(a.note, b.note);
}

export function catalogueOf(report: ReviewReport): Map<string, RuleInfo> {
  return new Map(report.rules.map((r) => [r.id, r]));
}

/** Every file of every unit, in shown-path order (the order the text and HTML list them). */
export function allFileDiffs(report: ReviewReport): FileDiff[] {
  const cat = catalogueOf(report);
  return report.units
    .flatMap((u) => u.changes.map((c) => fileDiff(u, c, cat)))
    .sort((a, b) => byCodeUnit(a.shown, b.shown));
}

/**
 * What of the old version is left after the run (the `--check` gate), every
 * unit's, with its shown path (`undefined` for the unit as a whole: no file)
 * and whether a review item of the run stands on the same line (a marker the
 * run itself adds: the same place, already shown as needs-review), in the
 * units' order.
 */
export function allRemaining(report: ReviewReport): { unit: ReviewUnit; item: RemainingItem; shown: string | undefined; reviewed: boolean }[] {
  return report.units.flatMap((unit) =>
    (unit.remaining ?? []).map((item) => ({
      unit,
      item,
      shown: item.file ? displayPath(unit, item.file) : undefined,
      reviewed: item.kind === 'review-marker' && unit.reviews.some((r) => r.file === item.file && r.line === item.line),
    })),
  );
}

/** Review items of every unit with their shown path, in path and line order. */
export function allReviewItems(report: ReviewReport): { unit: ReviewUnit; item: ReviewItem; shown: string; action: string }[] {
  const cat = catalogueOf(report);
  return report.units
    .flatMap((unit) => unit.reviews.map((item) => ({ unit, item, shown: displayPath(unit, item.file), action: item.action ?? cat.get(item.rule)?.action ?? 'decide by hand, then remove the marker' })))
    .sort((a, b) => byCodeUnit(a.shown, b.shown) || a.item.line - b.item.line || byCodeUnit(a.item.rule, b.item.rule) || byCodeUnit(a.item.message, b.item.message));
}

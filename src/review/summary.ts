/** The counts every format leads with, computed once from the report and its hunks. */
import { type FileDiff } from './hunks.js';
import type { ReviewReport, ReviewUnit } from './model.js';
import { byCodeUnit } from '../util/order.js';

interface RuleCount {
  readonly rule: string;
  readonly edits: number;
  readonly hunks: number;
  readonly reviews: number;
}

export interface Summary {
  readonly units: number;
  readonly files: number;
  readonly created: number;
  readonly modified: number;
  readonly deleted: number;
  readonly hunks: number;
  readonly edits: number;
  readonly needsReview: number;
  /** Places of the old version left after the run (the --check gate). */
  readonly remaining: number;
  readonly apiChanges: number;
  /**
   * Whether every unit with changes had its API compared (apiChanges counts them all). A run that
   * skips the comparison (`--check`, `--write` printing a text summary) leaves it false: its
   * apiChanges is no count of the changes then, and a renderer says nothing of them.
   */
  readonly apiCompared: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** Rules that made a hunk, an edit or a review item, by id. */
  readonly byRule: readonly RuleCount[];
}

export function unitStatus(u: ReviewUnit): 'error' | 'changes' | 'clean' {
  return u.errors.length ? 'error' : u.changes.length ? 'changes' : 'clean';
}

export function summarize(report: ReviewReport, files: readonly FileDiff[]): Summary {
  const by = new Map<string, { edits: number; hunks: number; reviews: number }>();
  const bump = (rule: string, k: 'edits' | 'hunks' | 'reviews') => {
    let c = by.get(rule);
    if (!c) by.set(rule, (c = { edits: 0, hunks: 0, reviews: 0 }));
    c[k]++;
  };
  for (const u of report.units) {
    for (const e of u.edits) bump(e.rule, 'edits');
    for (const r of u.reviews) bump(r.rule, 'reviews');
  }
  for (const f of files) for (const h of f.hunks) for (const r of h.rules) bump(r, 'hunks');
  const count = (s: FileDiff['status']) => files.filter((f) => f.status === s).length;
  return {
    units: report.units.length,
    files: files.length,
    created: count('created'),
    modified: count('modified'),
    deleted: count('deleted'),
    hunks: files.reduce((n, f) => n + f.hunks.length, 0),
    edits: report.units.reduce((n, u) => n + u.edits.length, 0),
    needsReview: report.units.reduce((n, u) => n + u.reviews.length, 0),
    remaining: report.units.reduce((n, u) => n + (u.remaining?.length ?? 0), 0),
    apiChanges: report.units.reduce((n, u) => n + (u.api?.ok ? u.api.changes.length : 0), 0),
    apiCompared: report.units.every((u) => !u.changes.length || u.api !== undefined || u.errors.length > 0),
    errors: report.units.reduce((n, u) => n + u.errors.length, 0),
    warnings: report.units.reduce((n, u) => n + u.warnings.length, 0),
    byRule: [...by].sort(([a], [b]) => byCodeUnit(a, b)).map(([rule, c]) => ({ rule, ...c })),
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

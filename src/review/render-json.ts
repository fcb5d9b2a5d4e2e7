/**
 * The JSON review (schema `wasi-migrate/review@1`, documented field by field
 * in docs/review.md). Field names are part of the contract: add fields, never
 * rename or remove them without bumping the schema id.
 */
import { allFileDiffs, allReviewItems, catalogueOf, type FileDiff } from './hunks.js';
import type { ReviewReport } from './model.js';
import { summarize, unitStatus } from './summary.js';

export const JSON_SCHEMA_ID = 'wasi-migrate/review@1';

function reviewJson(report: ReviewReport): unknown {
  const files = allFileDiffs(report);
  const items = allReviewItems(report);
  const cat = catalogueOf(report);
  const used = new Set<string>();
  for (const f of files) for (const h of f.hunks) h.rules.forEach((r) => used.add(r));
  for (const u of report.units) {
    u.edits.forEach((e) => used.add(e.rule));
    u.reviews.forEach((r) => used.add(r.rule));
  }
  return {
    schema: JSON_SCHEMA_ID,
    command: report.command,
    version: report.version,
    summary: summarize(report, files),
    ...(report.outcome ? { written: report.outcome.written, ...(report.outcome.error ? { error: report.outcome.error } : {}) } : {}),
    rules: report.rules.filter((r) => used.has(r.id)).map((r) => ({ id: r.id, kind: r.kind, summary: r.summary, docs: r.docs, ...(r.action ? { action: r.action } : {}), ...(r.messages ? { messages: r.messages } : {}) })),
    units: report.units.map((u) => {
      const mine = files.filter((f) => f.unit === u);
      return {
        label: u.label,
        root: u.root,
        kind: u.kind,
        status: unitStatus(u),
        files: mine.map(fileJson),
        edits: u.edits.map((e) => ({ rule: e.rule, file: e.file, line: e.line, note: e.note })),
        reviews: items
          .filter((i) => i.unit === u)
          .map(({ item, action }) => ({ rule: item.rule, ...(item.messageId ? { messageId: item.messageId } : {}), file: item.file, line: item.line, message: item.message, action, kind: cat.get(item.rule)?.kind ?? 'needs-review' })),
        ...(u.api ? { api: u.api.ok ? { ok: true, changes: u.api.changes, notes: u.api.notes ?? [] } : { ok: false, reason: u.api.reason } } : {}),
        errors: u.errors,
        warnings: u.warnings,
        remaining: u.remaining ?? [],
        standIns: u.standIns ?? [],
      };
    }),
  };
}

function fileJson(f: FileDiff): unknown {
  return {
    path: f.change.path,
    shown: f.shown,
    status: f.status,
    rules: [...f.change.rules].sort(),
    hunks: f.hunks.map((h) => ({
      oldStart: h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newStart,
      newLines: h.newLines,
      rules: h.rules,
      provenance: h.provenance,
      reviews: h.reviews.map((r) => ({ rule: r.rule, line: r.line, message: r.message })),
      lines: h.lines,
    })),
    before: f.change.before ?? null,
    after: f.change.after ?? null,
  };
}

export function renderJson(report: ReviewReport): string {
  return JSON.stringify(reviewJson(report), null, 2) + '\n';
}

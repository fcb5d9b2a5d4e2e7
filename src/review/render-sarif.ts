/**
 * SARIF 2.1.0 for code scanning (GitHub shows `results` as alerts on the
 * lines they name). One result per needs-review item (level `warning`) and
 * one per pending change, i.e. per hunk (level `note`, on the hunk's new-side
 * lines, or line 1 of a deleted file). Rule metadata goes to
 * `tool.driver.rules`; a unit's errors become tool execution notifications,
 * as they are failures of the run, not findings in the code. `kind` stays
 * the default (`fail`): SARIF requires level `none` for any other kind, and
 * code scanning would then hide the item.
 */
import { createHash } from 'node:crypto';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { allFileDiffs, allReviewItems, catalogueOf, cmp } from './hunks.js';
import type { ReviewReport, RuleInfo } from './model.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function fingerprint(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function descriptor(r: RuleInfo): ReportingDescriptor {
  return {
    id: r.id,
    name: r.id.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs || r.summary },
    help: { text: `${r.docs || r.summary}${r.action ? `\n\nSuggested action: ${r.action}` : ''}` },
    defaultConfiguration: { level: r.kind === 'needs-review' ? 'warning' : 'note' },
    properties: { kind: r.kind, tags: ['wasi-migrate', r.kind] },
  };
}

function reviewSarif(report: ReviewReport): Log {
  const files = allFileDiffs(report);
  const items = allReviewItems(report);
  const used = new Set<string>();
  for (const f of files) for (const h of f.hunks) h.rules.forEach((r) => used.add(r));
  for (const i of items) used.add(i.item.rule);
  const known = catalogueOf(report);
  // A rule id a unit used but the catalogue lacks still needs a descriptor for ruleIndex to point at.
  const rules: RuleInfo[] = [...used].sort(cmp).map((id) => known.get(id) ?? { id, summary: id, docs: '', kind: 'mechanical' });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const { item, shown, action } of items) {
    results.push({
      ruleId: item.rule,
      ruleIndex: index.get(item.rule)!,
      level: 'warning',
      message: { text: `Needs review: ${item.message}\nSuggested action: ${action}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: shown }, ...(item.line > 0 ? { region: { startLine: item.line } } : {}) } }],
      partialFingerprints: { 'wasiMigrateReview/v1': fingerprint('review', shown, item.rule, item.message) },
      properties: { category: 'needs-review', action },
    });
  }
  for (const f of files) {
    for (const h of f.hunks) {
      const primary = h.provenance[0]!.rule;
      const startLine = f.status === 'deleted' ? 1 : Math.max(1, h.newStart);
      const endLine = f.status === 'deleted' ? 1 : Math.max(startLine, h.newStart + h.newLines - 1);
      results.push({
        ruleId: primary,
        ruleIndex: index.get(primary)!,
        level: 'note',
        message: { text: `Pending ${f.status === 'modified' ? 'change' : f.status === 'created' ? 'new file' : 'deletion'} (${f.shown} -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines}):\n${h.provenance.map((p) => `${p.rule}: ${p.why}`).join('\n')}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: f.shown }, region: { startLine, endLine } } }],
        partialFingerprints: { 'wasiMigrateReview/v1': fingerprint('change', f.shown, h.lines.join('\n')) },
        properties: { category: 'pending-change', rules: h.rules, status: f.status },
      });
    }
  }
  const notifications: Notification[] = [];
  for (const u of report.units) {
    for (const e of u.errors) notifications.push({ level: 'error', message: { text: `${u.label}: ${e}` } });
    for (const w of u.warnings) notifications.push({ level: 'warning', message: { text: `${u.label}: ${w}` } });
  }
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wasi-migrate',
            version: report.version,
            semanticVersion: report.version,
            rules: rules.map(descriptor),
          },
        },
        automationDetails: { id: `wasi-migrate/${report.command}/` },
        invocations: [{ executionSuccessful: !report.units.some((u) => u.errors.length), toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function renderSarif(report: ReviewReport): string {
  return JSON.stringify(reviewSarif(report), null, 2) + '\n';
}

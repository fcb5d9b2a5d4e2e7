/**
 * SARIF 2.1.0 for code scanning (GitHub shows `results` as alerts on the
 * lines they name, in the files as they are in the repository). One result
 * per needs-review item (level `warning`, on the original line of the item
 * its marker annotates) and one per pending change, i.e. per hunk (level
 * `note`, on the original lines the hunk replaces; a file the run would
 * create has no original lines, so its result names the file with no
 * region), and one per place of the old version left after the run, the
 * `--check` gate (level `warning`, rule `left-of-the-old-version`; a marker
 * the run adds itself is its needs-review result). Every region of a file the
 * run changes carries its original text as `snippet`. URIs are
 * relative to the repository root (`uriBaseId: %SRCROOT%`): the caller
 * says where its working directory sits in the repository (`cwdInRepo`),
 * since units' paths are relative to it. Rule metadata goes to
 * `tool.driver.rules`; a unit's errors become tool execution notifications,
 * as they are failures of the run, not findings in the code. `kind` stays
 * the default (`fail`): SARIF requires level `none` for any other kind, and
 * code scanning would then hide the item.
 */
import { createHash } from 'node:crypto';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import path from 'node:path';
import type { ArtifactLocation, Region } from 'sarif';
import { allFileDiffs, allRemaining, allReviewItems, catalogueOf, type FileDiff } from './hunks.js';
import type { ReviewItem, ReviewReport, RuleInfo } from './model.js';
import { sarifArguments, sarifMessageString } from '../util/messages.js';
import { hunkOriginalRegion, originalLineOf, reviewOriginalRegion, type OriginalRegion } from './original-lines.js';
import { byCodeUnit } from '../util/order.js';

export interface SarifOptions {
  /** The working directory the report's paths are relative to, as a `/`-separated path from the repository root (`''` or absent: the root itself). */
  readonly cwdInRepo?: string;
}

const SRCROOT = '%SRCROOT%';

/** A shown path (relative to the working directory) as a URI relative to the repository root; outside the repository, an absolute path as given. */
function artifact(shown: string, cwdInRepo: string): ArtifactLocation {
  const rel = path.posix.normalize(path.posix.join(cwdInRepo || '.', shown));
  if (rel.startsWith('../') || rel === '..' || path.posix.isAbsolute(shown)) return { uri: encodeURI(path.posix.isAbsolute(shown) ? `file://${shown}` : shown) };
  return { uri: encodeURI(rel), uriBaseId: SRCROOT };
}

function sarifRegion(r: OriginalRegion): Region {
  return { startLine: r.startLine, endLine: r.endLine, snippet: { text: r.text } };
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function fingerprint(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A review item's message as the rule's message string and its arguments, when the rule declares that id. */
function messageRef(rule: RuleInfo | undefined, item: ReviewItem): { id: string; arguments?: string[] } | undefined {
  const template = item.messageId ? rule?.messages?.[item.messageId] : undefined;
  if (template === undefined) return undefined;
  const args = sarifArguments(template, item.data);
  return { id: item.messageId!, ...(args.length ? { arguments: args } : {}) };
}

function descriptor(r: RuleInfo): ReportingDescriptor {
  return {
    id: r.id,
    name: r.id.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
    shortDescription: { text: r.summary },
    fullDescription: { text: r.docs || r.summary },
    help: { text: `${r.docs || r.summary}${r.action ? `\n\nSuggested action: ${r.action}` : ''}` },
    defaultConfiguration: { level: r.kind === 'needs-review' ? 'warning' : 'note' },
    ...(r.messages ? { messageStrings: Object.fromEntries(Object.entries(r.messages).map(([id, t]) => [id, { text: sarifMessageString(t) }])) } : {}),
    properties: { kind: r.kind, tags: ['wasi-migrate', r.kind] },
  };
}

/**
 * The rule of a place of the old version left after the run (the `--check`
 * gate: a review marker not yet decided, wasi:io, a 0.2 reference, a tree
 * that does not parse or validate). Not a rule of the run; without it, a
 * job failing on `--check` after `--write` would show code scanning nothing.
 */
const LEFT: RuleInfo = {
  id: 'left-of-the-old-version',
  summary: 'A place of the old version is left: `--check` fails until it is gone or decided',
  docs: 'What of WASI 0.2 is still in the tree after the run: a review marker not yet decided, a use of wasi:io, a WASI 0.2 reference, or a file or tree that does not parse or validate. `--check` fails while any is left.',
  kind: 'needs-review',
  action: 'port it by hand, or mark the decision with `// wasi-migrate(decided): why` on its line',
};

function reviewSarif(report: ReviewReport, opts: SarifOptions): Log {
  const cwdInRepo = opts.cwdInRepo ?? '';
  const files = allFileDiffs(report);
  const byShown = new Map<string, FileDiff>(files.map((f) => [f.shown, f]));
  const items = allReviewItems(report);
  const used = new Set<string>();
  for (const f of files) for (const h of f.hunks) h.rules.forEach((r) => used.add(r));
  for (const i of items) used.add(i.item.rule);
  // A marker the run itself adds is a needs-review result already; a place with no file is the unit's (a notification).
  const left = allRemaining(report).filter((l) => !l.reviewed);
  if (left.some((l) => l.shown !== undefined)) used.add(LEFT.id);
  const known = new Map([...catalogueOf(report), [LEFT.id, LEFT]]);
  // A rule id a unit used but the catalogue lacks still needs a descriptor for ruleIndex to point at.
  const rules: RuleInfo[] = [...used].sort(byCodeUnit).map((id) => known.get(id) ?? { id, summary: id, docs: '', kind: 'mechanical' });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const { item, shown, action } of items) {
    // The item's line is in the migrated text (its review marker); code scanning shows the repository's text: the item's original line.
    const f = byShown.get(shown);
    const original = f ? reviewOriginalRegion(f, item.line) : undefined;
    const region: Region | undefined = original ? sarifRegion(original) : !f && item.line > 0 ? { startLine: item.line } : undefined;
    results.push({
      ruleId: item.rule,
      ruleIndex: index.get(item.rule)!,
      level: 'warning',
      // The text is what a reader sees; the id and arguments name the rule's message string, for consumers that look it up.
      message: { text: `Needs review: ${item.message}\nSuggested action: ${action}`, ...messageRef(known.get(item.rule), item) },
      locations: [{ physicalLocation: { artifactLocation: artifact(shown, cwdInRepo), ...(region ? { region } : {}) } }],
      partialFingerprints: { 'wasiMigrateReview/v1': fingerprint('review', shown, item.rule, item.message) },
      properties: { category: 'needs-review', action },
    });
  }
  for (const { item, shown } of left) {
    if (shown === undefined) continue;
    // Its line is in the migrated text (the run's output, which is the file as it is when the run changes nothing there).
    const f = byShown.get(shown);
    const original = !f || item.line < 1 ? undefined : item.kind === 'review-marker' ? reviewOriginalRegion(f, item.line) : originalLineOf(f, item.line);
    const region: Region | undefined = original ? sarifRegion(original) : !f && item.line > 0 ? { startLine: item.line } : undefined;
    results.push({
      ruleId: LEFT.id,
      ruleIndex: index.get(LEFT.id)!,
      level: 'warning',
      message: { text: `Left of the old version (${item.kind}): ${item.message}\nSuggested action: ${LEFT.action}` },
      locations: [{ physicalLocation: { artifactLocation: artifact(shown, cwdInRepo), ...(region ? { region } : {}) } }],
      partialFingerprints: { 'wasiMigrateReview/v1': fingerprint('left', shown, item.kind, item.message) },
      properties: { category: 'left-for-a-human', kind: item.kind },
    });
  }
  for (const f of files) {
    for (const h of f.hunks) {
      const primary = h.provenance[0]!.rule;
      const original = hunkOriginalRegion(f, h);
      results.push({
        ruleId: primary,
        ruleIndex: index.get(primary)!,
        level: 'note',
        message: { text: `Pending ${f.status === 'modified' ? 'change' : f.status === 'created' ? 'new file' : 'deletion'} (${f.shown} -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines}):\n${h.provenance.map((p) => `${p.rule}: ${p.why}`).join('\n')}` },
        locations: [{ physicalLocation: { artifactLocation: artifact(f.shown, cwdInRepo), ...(original ? { region: sarifRegion(original) } : {}) } }],
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
  for (const { unit, item, shown } of left) if (shown === undefined) notifications.push({ level: 'warning', message: { text: `${unit.label}: left of the old version (${item.kind}): ${item.message}` } });
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
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the repository the reviewed files belong to (the checkout root).' } } },
        automationDetails: { id: `wasi-migrate/${report.command}/` },
        invocations: [{ executionSuccessful: !report.units.some((u) => u.errors.length), toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export function renderSarif(report: ReviewReport, opts: SarifOptions = {}): string {
  return JSON.stringify(reviewSarif(report, opts), null, 2) + '\n';
}

/**
 * The text review: summary first (a large run stays readable), then the
 * items a human must decide, the caller-level changes, and the unified diff
 * of every file in path order, each hunk preceded by one `# rule: why` line
 * per reason. Not a patch (the `#` lines are for people): `--patch` writes one.
 */
import { allFileDiffs, allRemaining, allReviewItems, type FileDiff } from './hunks.js';
import type { ApiChange, RemainingItem, ReviewReport } from './model.js';
import { plural, summarize, unitStatus } from './summary.js';
import { byCodeUnit } from '../util/order.js';

export interface TextOptions {
  /** ANSI colours (the CLI sets it for a terminal without NO_COLOR). */
  readonly color?: boolean;
  /** Print the diff (false for --check and --write, which print the summary only). */
  readonly diff?: boolean;
}

type Paint = (code: string, s: string) => string;

export function renderText(report: ReviewReport, opts: TextOptions = {}): string {
  const paint: Paint = opts.color ? (code, s) => (s === '' ? s : `\u001b[${code}m${s}\u001b[0m`) : (_c, s) => s;
  const files = allFileDiffs(report);
  const s = summarize(report, files);
  const out: string[] = [];
  // --write and --check skip the API comparison (text summary only): no count then, rather than a false 0.
  const apiPart = s.apiCompared ? `, ${plural(s.apiChanges, 'API change')}` : '';
  const filesPart = s.files ? ` (${[s.modified && `${s.modified} modified`, s.created && `${s.created} created`, s.deleted && `${s.deleted} deleted`].filter(Boolean).join(', ')})` : '';
  out.push(
    paint('1', `summary: ${plural(s.units, 'unit')}, ${plural(s.files, 'file')} to change${filesPart}, ${plural(s.hunks, 'hunk')}, ${plural(s.edits, 'edit')}, ${s.needsReview} need${s.needsReview === 1 ? 's' : ''} review${apiPart}, ${plural(s.errors, 'error')}${s.remaining ? `, ${s.remaining} left for a human` : ''}`),
  );
  for (const u of report.units) {
    const st = unitStatus(u);
    out.push(`${u.label}: ${st === 'error' ? paint('31', 'error') : st === 'changes' ? `${u.changes.length} file(s) to change` : 'nothing to migrate'}`);
    const by = new Map<string, number>();
    for (const e of u.edits) by.set(e.rule, (by.get(e.rule) ?? 0) + 1);
    for (const [rule, k] of [...by].sort(([a], [b]) => byCodeUnit(a, b))) out.push(`  ${rule}: ${k} edit(s)`);
    for (const w of u.warnings) out.push(`  ${paint('33', 'warning')}: ${w}`);
    for (const e of u.errors) out.push(`  ${paint('31', 'error')}: ${e}`);
    if (u.standIns?.length) out.push(`  validated with official WIT for packages deps/ does not hold: ${u.standIns.join(', ')}`);
    if (u.remaining?.length) out.push(`  left for a human: ${firstPlaces(u.remaining)}`);
  }
  const left = allRemaining(report);
  if (left.length) {
    out.push('', paint('1;33', `left of the old version (${left.length}; \`--check\` fails until each is gone or marked \`// wasi-migrate(decided): why\`):`));
    for (const { unit, item, shown } of left) out.push(`  ${paint('33', shown ? `${shown}${item.line ? `:${item.line}` : ''}` : unit.label)} [${item.kind}] ${item.message}`);
  }
  const items = allReviewItems(report);
  if (items.length) {
    out.push('', paint('1;33', `needs review (${items.length}):`));
    for (const { item, shown, action } of items) {
      out.push(`  ${paint('33', `${shown}${item.line ? `:${item.line}` : ''}`)} [${item.rule}] ${item.message}`);
      out.push(`    action: ${action}`);
    }
  }
  const withApi = report.units.filter((u) => u.api && (!u.api.ok || u.api.changes.length));
  if (withApi.length) {
    out.push('', paint('1', 'changes for callers:'));
    for (const u of withApi) {
      const api = u.api!;
      if (!api.ok) {
        out.push(`  ${u.label}: not computed: ${api.reason}`);
        continue;
      }
      out.push(`  ${u.label}:`);
      for (const c of api.changes) out.push(`    ${apiLine(c)}`);
      for (const n of api.notes ?? []) out.push(`    ${paint('2', `note: ${n}`)}`);
    }
  }
  if (report.outcome?.written) out.push(`wrote ${report.outcome.written} file(s)`);
  let text = out.join('\n') + '\n';
  if (opts.diff !== false && files.length) text += '\n' + files.map((f) => fileText(f, paint)).join('');
  return text;
}

/** The count and the first few places: `3 places (a.wit:4 wasi-io, ...)`. */
function firstPlaces(items: readonly RemainingItem[], n = 3): string {
  const shown = items.slice(0, n).map((r) => `${r.file || '.'}${r.line ? `:${r.line}` : ''} ${r.kind}`);
  return `${plural(items.length, 'place')} (${shown.join(', ')}${items.length > n ? ', ...' : ''})`;
}

/** An API change in one line: `kind: item` and the detail. */
function apiLine(c: ApiChange): string {
  return `${c.kind === 'became-async' ? 'became async' : c.kind === 'type-changed' ? 'type changed' : c.kind}: ${c.item}${apiDetail(c)}`;
}

/** What follows the item in `apiLine` (the HTML shows it in its own column). */
export function apiDetail(c: ApiChange): string {
  const note = c.note ? ` (${c.note})` : '';
  switch (c.kind) {
    case 'became-async':
      return `${c.before ? `: was ${c.before}; now ${c.after}` : ''}${note}`;
    case 'type-changed':
      return `${c.part ? ` ${c.part}` : ''}: ${c.before ?? '(none)'} -> ${c.after ?? '(none)'}${note}`;
    case 'renamed':
    case 'moved':
      return ` -> ${c.replacement ?? '?'}${note}`;
    case 'removed':
      return `${c.replacement ? `, replaced by ${c.replacement}` : ''}${note}`;
    case 'added':
      return `${c.after ? `: ${c.after}` : ''}${note}`;
  }
}

function fileText(f: FileDiff, paint: Paint): string {
  const rules = [...new Set(f.hunks.flatMap((h) => h.rules).concat(f.change.rules))].sort();
  const lines: string[] = [];
  lines.push(paint('1', f.status === 'created' ? '--- /dev/null' : `--- a/${f.shown}`));
  lines.push(paint('1', `${f.status === 'deleted' ? '+++ /dev/null' : `+++ b/${f.shown}`}\trules: ${rules.join(', ') || '-'}`));
  if (f.hunks.length === 0) lines.push(paint('2', `# ${f.status} (empty file)`));
  for (const h of f.hunks) {
    for (const p of h.provenance) lines.push(paint('2', `# ${p.rule}: ${p.why}`));
    lines.push(paint('36', `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`));
    for (const l of h.lines) lines.push(l[0] === '+' ? paint('32', l) : l[0] === '-' ? paint('31', l) : l);
  }
  return lines.join('\n') + '\n';
}

/** The `start,count` of a hunk header as `diff -u` prints it (an empty side names the line before). */
export function range(start: number, count: number): string {
  return `${count === 0 ? start - 1 : start},${count}`;
}

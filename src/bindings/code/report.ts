/** The bindings run as a review unit and rule catalogue for src/review (text, JSON, SARIF, HTML, patch). */
import { markerLeftovers } from '../../migrate/leftovers.js';
import path from 'node:path';
import type { ReviewItem, ReviewReport, ReviewUnit, RuleInfo } from '../../review/model.js';
import { actionOf, markerFills, standingMarkers } from '../../review/markers.js';
import { packageVersion } from '../../util/package-root.js';
import { RULE as DECLARATIONS_RULE, messages as declarationMessages } from '../declarations/index.js';
import type { BindingsResult } from '../project.js';
import { catalogue } from './index.js';

const MARKER_ACTION = 'Decide the 0.3 shape by hand, then remove the `wasi-migrate(review)` comment.';

export function bindingsRuleCatalogue(): RuleInfo[] {
  return [
    ...catalogue.map((t) => ({ id: t.id, summary: t.summary, docs: t.docs.trim(), kind: t.kind, action: MARKER_ACTION, ...(t.messages ? { messages: t.messages } : {}) })),
    {
      id: DECLARATIONS_RULE,
      summary: "jco-generated declaration trees become jco's own output for the migrated WIT",
      docs: 'Every jco `types`/`guest-types` tree of the project that names WASI 0.2 is regenerated with jco for the WIT migrated in memory (docs/bindings-declarations.md).',
      kind: 'mechanical',
      action: 'Check the WIT the tree was generated from, then regenerate the tree with jco.',
      messages: declarationMessages,
    },
    {
      id: 'bindings/project-files',
      summary: 'tsconfig.json `paths` that map a WASI 0.2 specifier follow the code to the 0.3.0 specifier and its jco declarations',
      docs: 'A `paths` key `wasi:<pkg>/<iface>@0.2.x` becomes the 0.3.0 specifier the code now imports (renamed where the WASI API map moved the interface), and its `wasi-<pkg>-<iface>.d.ts` target the file jco generates for it; the file is edited as text, comments kept.',
      kind: 'mechanical',
      action: 'Check the tsconfig.json paths point at the regenerated declarations.',
    },
  ];
}

const bindingsFills = markerFills(bindingsRuleCatalogue);

export function bindingsUnit(r: BindingsResult, errors: readonly string[] = [], cwd = process.cwd()): ReviewUnit {
  const reviews: ReviewItem[] = r.reviews.map((v) => {
    const action = actionOf(v.message);
    return { rule: v.rule, file: v.file, line: v.line, ...(v.messageId ? { messageId: v.messageId } : {}), ...(v.data ? { data: v.data } : {}), message: v.message, ...(action ? { action } : {}) };
  });
  const remaining = [...markerLeftovers(r.project.files, r.changes), ...(r.remaining ?? [])];
  // Markers a first \`--write\` wrote, which this run does not raise again, still need review (as for WIT).
  const after = new Map(r.changes.map((c) => [c.path, c.after]));
  reviews.push(...standingMarkers(remaining, reviews, (f) => (after.has(f) ? after.get(f) : r.project.files[f]), bindingsFills));
  return {
    label: r.project.label,
    root: path.relative(cwd, r.project.root).split(path.sep).join('/') || '.',
    kind: 'ts-project',
    changes: r.changes.map((c) => ({ path: c.path, before: c.before, after: c.after, rules: c.rules })),
    edits: r.edits,
    reviews,
    errors,
    warnings: [],
    remaining,
  };
}

export function bindingsReviewReport(units: readonly ReviewUnit[], outcome?: ReviewReport['outcome']): ReviewReport {
  return { command: 'bindings', version: packageVersion(), units, rules: bindingsRuleCatalogue(), ...(outcome ? { outcome } : {}) };
}

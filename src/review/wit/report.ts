/** Builds the tool-neutral ReviewReport from a `wasi-migrate wit` run. */
import path from 'node:path';
import { rules as witRules } from '../../../rules/index.js';
import type { PackageReport } from '../../migrate/run.js';
import { withOfficialDeps } from '../../migrate/validate.js';
import type { ApiDiff, ReviewItem, ReviewReport, ReviewUnit, RuleInfo } from '../model.js';
import { apiDiff } from './api-diff.js';
import { actionOf, markerFills, standingMarkers } from '../markers.js';
import { packageVersion } from '../../util/package-root.js';

const MARKER_ACTION = 'decide as the reason says, edit the WIT by hand, then delete the `// wasi-migrate(review)` comment';

/** The WIT rules as the review catalogue. */
export function witRuleCatalogue(): RuleInfo[] {
  return witRules.map((r) => ({ id: r.id, summary: r.summary, docs: r.docs.trim(), kind: r.kind, action: MARKER_ACTION, ...(r.messages ? { messages: r.messages } : {}) }));
}

/** Official WASI packages that `withOfficialDeps` added (not vendored by the package), for the API list's notes. */
function borrowedDeps(given: Record<string, string>, all: Record<string, string>): string[] {
  const dirs = new Set<string>();
  for (const k of Object.keys(all)) if (!(k in given) && k.startsWith('deps/')) dirs.add(k.split('/')[1]!);
  return [...dirs].sort().map((d) => {
    const m = /^wasi-([a-z0-9-]+)-(\d+\.\d+\.\d+)$/.exec(d);
    return m ? `wasi:${m[1]}@${m[2]}` : d;
  });
}

function unitApi(r: PackageReport): ApiDiff | undefined {
  const res = r.result;
  if (!res) return undefined;
  const input = res.snapshots[0]!;
  const before = withOfficialDeps(input.files, input.depFiles);
  const after = withOfficialDeps(res.files, res.depFiles);
  const notes: string[] = [];
  const bb = borrowedDeps({ ...input.files, ...input.depFiles }, before);
  const ab = borrowedDeps({ ...res.files, ...res.depFiles }, after);
  if (bb.length) notes.push(`not vendored before migration, resolved against jco's official WASI WIT (0.2.x as 0.2.12 relabelled): ${bb.join(', ')}`);
  if (ab.length) notes.push(`not vendored after migration, resolved against jco's official WASI WIT: ${ab.join(', ')}`);
  return apiDiff(before, after, notes);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

const witFills = markerFills(() => witRules);


export function witReviewReport(reports: readonly PackageReport[], opts: { cwd?: string; outcome?: ReviewReport['outcome']; api?: boolean } = {}): ReviewReport {
  const cwd = opts.cwd ?? process.cwd();
  const units: ReviewUnit[] = reports.map((r) => {
    const res = r.result;
    const reviews: ReviewItem[] = (res?.reviews ?? []).map((v) => {
      const action = actionOf(v.message);
      return { rule: v.rule, file: v.file, line: v.line, ...(v.messageId ? { messageId: v.messageId } : {}), ...(v.data ? { data: v.data } : {}), message: v.message, ...(action ? { action } : {}) };
    });
    if (res) reviews.push(...standingMarkers(r.remaining, reviews, (f) => res.files[f] ?? res.depFiles[f], witFills));
    let api: ApiDiff | undefined;
    if (opts.api !== false && res && !r.errors.length && res.changes.length) {
      try {
        api = unitApi(r);
      } catch (e) {
        api = { ok: false, reason: `could not compare the resolved packages: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    return {
      label: r.pkg.label,
      root: toPosix(path.relative(cwd, r.pkg.root)) || '.',
      kind: 'wit-package',
      changes: (res?.changes ?? []).map((c) => ({ path: c.path, before: c.before, after: c.after, rules: c.rules })),
      edits: res?.edits ?? [],
      reviews,
      errors: r.errors,
      warnings: r.warnings,
      remaining: r.remaining,
      standIns: r.standIns,
      ...(api ? { api } : {}),
    };
  });
  return { command: 'wit', version: packageVersion(), units, rules: witRuleCatalogue(), ...(opts.outcome ? { outcome: opts.outcome } : {}) };
}

/** Builds the tool-neutral ReviewReport from a `wasi-migrate wit` run. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules as witRules } from '../../../rules/index.js';
import type { PackageReport } from '../../migrate/run.js';
import { withOfficialDeps } from '../../migrate/validate.js';
import type { ApiDiff, ReviewItem, ReviewReport, ReviewUnit, RuleInfo } from '../model.js';
import { apiDiff } from './api-diff.js';
import { REVIEW_MARKER } from '../../wit/decided.js';
import { messagePattern, type Messages } from '../../util/messages.js';
import type { Remaining } from '../../migrate/leftovers.js';

const MARKER_ACTION = 'decide as the reason says, edit the WIT by hand, then delete the `// wasi-migrate(review)` comment';

/** The WIT rules as the review catalogue. */
export function witRuleCatalogue(): RuleInfo[] {
  return witRules.map((r) => ({ id: r.id, summary: r.summary, docs: r.docs.trim(), kind: r.kind, action: MARKER_ACTION, ...(r.messages ? { messages: r.messages } : {}) }));
}

const VERBS = /^(?:add|check|consider|decide|fold|make|merge|pick|port|remove|replace|rewrite|run|suggested|use)\b/;

/**
 * The suggested action inside a review message, if it states one: the rules
 * write "what is wrong: what to do" (or "...; what to do"), so it is the last
 * clause after a top-level `: ` or `; ` (outside backticks and parentheses)
 * that starts with a verb. Otherwise undefined, and the rule's default applies.
 */
export function actionOf(message: string): string | undefined {
  let depth = 0;
  let inCode = false;
  let found: string | undefined;
  for (let i = 0; i < message.length - 1; i++) {
    const c = message[i];
    if (c === '`') inCode = !inCode;
    else if (inCode) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ':' || c === ';') && message[i + 1] === ' ') {
      const tail = message.slice(i + 2).trim();
      if (VERBS.test(tail)) found = tail;
    }
  }
  return found;
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

/** The version in wasi-migrate's package.json (found upwards from this module: it runs from src/ under jest and from dist/). */
export function toolVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'wasi-migrate' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: keep going up
    }
    const up = path.dirname(dir);
    if (up === dir) return '0.0.0';
    dir = up;
  }
}

/** A rule message as a pattern its marker's text matches (messagePattern). */
interface MarkerPattern extends ReturnType<typeof messagePattern> {
  readonly rule: string;
  readonly messageId: string;
}

/** What a marker's text is: the rule message it fills, with what fills its placeholders. */
export type MarkerFills = (message: string) => { rule: string; messageId: string; data?: Record<string, string> } | undefined;

/** The rule messages of the \`rules\` catalogue as patterns (the one with most literal text first: \`{{name}}\` is \`{{to}}\` ... comes late), as MarkerFills; built on first use. */
export function markerFills(rules: () => readonly { readonly id: string; readonly messages?: Messages }[]): MarkerFills {
  let patterns: MarkerPattern[] | undefined;
  return (message) => {
    // One line, as the markers are written.
    patterns ??= rules()
      .flatMap((r) => Object.entries(r.messages ?? {}).map(([messageId, template]) => ({ rule: r.id, messageId, ...messagePattern(template.replace(/\s*\n\s*/g, ' ')) })))
      .sort((a, b) => b.literal - a.literal);
    for (const p of patterns) {
      const data = p.match(message);
      if (data) return { rule: p.rule, messageId: p.messageId, ...(Object.keys(data).length ? { data } : {}) };
    }
    return undefined;
  };
}

const witFills = markerFills(() => witRules);

/**
 * The review markers left in the output that no review of this run stands on (a second run, or \`--check\` of a
 * tree \`--write\` wrote: a rule says what it changed once, and its marker stays until a human decides): review
 * items too, so the count a user reads agrees with the markers in the files. Each is given back to the rule
 * message its text fills (rule, messageId, data); one that fills none (written by hand, or by an older version
 * in other words) is a \`review-marker\` item. \`textOf\` gives a file's text as the run left it.
 */
export function standingMarkers(remaining: readonly Remaining[], reviews: readonly ReviewItem[], textOf: (file: string) => string | undefined, fills: MarkerFills): ReviewItem[] {
  const out: ReviewItem[] = [];
  const raised = new Set(reviews.map((v) => `${v.file}:${v.line}`));
  const lines = new Map<string, string[] | undefined>();
  for (const left of remaining) {
    if (left.kind !== 'review-marker' || raised.has(`${left.file}:${left.line}`)) continue;
    if (!lines.has(left.file)) lines.set(left.file, textOf(left.file)?.split(/\r?\n/));
    const line = lines.get(left.file)?.[left.line - 1];
    if (line === undefined) continue;
    const message = line.slice(line.indexOf(REVIEW_MARKER) + REVIEW_MARKER.length).replace(/^:\s*/, '').trim();
    const hit = fills(message);
    const action = actionOf(message);
    out.push({
      rule: hit?.rule ?? 'review-marker',
      file: left.file,
      line: left.line,
      ...(hit ? { messageId: hit.messageId, ...(hit.data ? { data: hit.data } : {}) } : {}),
      message,
      ...(action ? { action } : {}),
    });
  }
  return out;
}

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
  return { command: 'wit', version: toolVersion(), units, rules: witRuleCatalogue(), ...(opts.outcome ? { outcome: opts.outcome } : {}) };
}

/**
 * What the WIT and the bindings reports read alike off a review message or
 * a \`// wasi-migrate(review)\` marker: the action a message suggests, the
 * rule message a marker's text fills, and the markers a run finds standing
 * that none of its reviews stands on.
 */
import { REVIEW_MARKER } from '../wit/decided.js';
import { messagePattern, type Messages } from '../util/messages.js';
import type { Remaining } from '../migrate/leftovers.js';
import type { ReviewItem } from './model.js';

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

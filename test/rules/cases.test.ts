/** One table for every rule's before/after cases (rules/*.ts `cases`). */
import { readFileSync } from 'node:fs';
import { pipeline, rules } from '../../rules/index.js';
import { caseFiles, runCase } from '../../src/migrate/cases.js';
import { fillMessage } from '../../src/util/messages.js';

/**
 * Messages no case can raise, each with the reason. future-results' `signatureHoldsIo` guards a future that
 * rule 2 wrote while a wasi:io 0.2 name stays in the same signature; rule 2 (future-resources) already leaves
 * such a resource as it is (`handedOutBesideIo`), so the guard is there for a change in rule order.
 */
const GUARDS: Readonly<Record<string, readonly string[]>> = { 'future-results': ['signatureHoldsIo'] };

describe.each(rules.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  it('has docs, a summary and cases', () => {
    expect(rule.summary.length).toBeGreaterThan(10);
    expect(rule.docs.length).toBeGreaterThan(100);
    expect(rule.cases.length).toBeGreaterThan(0);
  });
  it.each(rule.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const res = runCase(rule, c);
    if (c.after === undefined) {
      expect(res.edits.filter((e) => e.rule === rule.id)).toEqual([]);
    } else {
      const want = caseFiles(c.after);
      const got: Record<string, string> = {};
      for (const p of Object.keys(want)) got[p] = res.files[p] ?? res.depFiles[p] ?? res.extraFiles[p];
      expect(got).toEqual(want);
      if (typeof c.after !== 'string') {
        // A case with several files names every file the rule creates, and every dep file left: a dep it leaves out is deleted.
        const before = caseFiles(c.before);
        const left = { ...res.files, ...res.depFiles, ...res.extraFiles };
        const unnamed = Object.keys(left).filter((p) => !(p in want) && !(p in before));
        expect(unnamed).toEqual([]);
        const stale = Object.keys(before).filter((p) => p.startsWith('deps/') && !(p in want) && p in left);
        expect(stale).toEqual([]);
      }
    }
    // Rules a case runs `with` may leave their own notes; the rule's own are checked.
    const mine = res.reviews.filter((r) => r.rule === rule.id || !c.with?.length);
    const msgs = mine.map((r) => r.message);
    expect(msgs.length).toBe((c.reviews ?? []).length);
    (c.reviews ?? []).forEach((sub, i) => expect(msgs[i]).toContain(sub));
    for (const r of mine) expect(r.rule).toBe(rule.id);
    // Each note names one of the rule's messages, and its text is that template filled with its data.
    for (const r of mine) expect([r.messageId, r.message]).toEqual([r.messageId, fillMessage(rule.messages?.[r.messageId!] ?? `(no message ${r.messageId})`, r.data)]);
    // A second run of the same rule on its output changes nothing.
    const again = runCase(rule, { ...c, before: { ...res.files, ...res.depFiles, ...res.extraFiles } });
    expect(again.changes).toEqual([]);
  });
  it('raises each of its messages in one of its cases', () => {
    const raised = new Set(rule.cases.flatMap((c) => runCase(rule, c).reviews.filter((r) => r.rule === rule.id).map((r) => r.messageId)));
    const guards = GUARDS[rule.id] ?? [];
    expect(Object.keys(rule.messages ?? {}).filter((id) => !raised.has(id) && !guards.includes(id))).toEqual([]);
    // A guard a case does raise is no longer one.
    expect(guards.filter((id) => raised.has(id))).toEqual([]);
  });
});

describe('docs/rules.md', () => {
  const text = readFileSync('docs/rules.md', 'utf8');
  it.each(rules.map((r) => [r.number, r.id, r.kind] as const))('lists rule %d `%s` with its kind', (n, id, kind) => {
    expect(text).toContain(`| ${n} | \`${id}\` | ${kind} |`);
  });
  it('gives the order the engine runs', () => {
    expect(text).toContain(`Order: ${pipeline().map((p) => p[0]!.number).join(', ')}.`);
  });
});

/** One table for every bindings transform's before/after cases (src/bindings/code/**: `cases`), run through the whole rewriter. */
import { catalogue } from '../../../src/bindings/code/index.js';
import { caseFiles, caseOptions, runCodeCase, type CaseRun } from '../../../src/bindings/code/cases.js';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import type { CodeCase } from '../../../src/bindings/code/types.js';
import { fillMessage } from '../../../src/util/messages.js';
import { WASI_API_MAP } from '../../../rules/wasi-api-map.js';
import ts from 'typescript';

/**
 * Messages no case can raise, each with the reason (as test/rules/cases.test.ts).
 * specifiers' `goneUnexplained` and `interfaceGoneUnexplained`: every name and interface the WASI API map
 * says is removed comes with a note (checked below), so a review of one always takes the `(note)` wording.
 */
const GUARDS: Readonly<Record<string, readonly string[]>> = { 'bindings/specifiers': ['goneUnexplained', 'interfaceGoneUnexplained'] };

/**
 * Known gaps: messages a project can raise that no case of their transform raises yet (the ids came in
 * after the cases; each text is the one the transform wrote before). Each wants a case of its own, its
 * output read and checked; a gap a case comes to raise fails the test below until it leaves this list.
 */
const GAPS: Readonly<Record<string, readonly string[]>> = {
  // A step of the pass whose own edits cross with nothing pending: no input found that does it (a call in another's
  // arguments, an immediately invoked function, a recursive one are each awaited); a defensive stop against looping.
  'bindings/async-callers': ['callsOverlap'],
};

/** Each case runs once: its own test and the check that its transform's messages are all raised share the run. */
const runs = new Map<CodeCase, CaseRun>();
const runOf = (c: CodeCase): CaseRun => {
  let r = runs.get(c);
  if (!r) runs.set(c, (r = runCodeCase(c)));
  return r;
};
const byId = new Map(catalogue.map((t) => [t.id, t] as const));

/** Syntax and grammar errors (TS1xxx) of a rewritten file, e.g. an `await` outside an async function; type errors are the proof test's job. */
function syntaxErrors(name: string, text: string): string[] {
  const kind = name.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, kind);
  const program = ts.createProgram({ rootNames: [name], options: { allowJs: true, noEmit: true, noResolve: true, noLib: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, host: { ...ts.createCompilerHost({}), getSourceFile: (f) => (f === name ? sf : undefined), fileExists: (f) => f === name, readFile: () => undefined } });
  const grammar = program.getSemanticDiagnostics(sf).filter((d) => d.code < 2000);
  return [...program.getSyntacticDiagnostics(sf), ...grammar].map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}


describe.each(catalogue.map((t) => [t.id, t] as const))('transform %s', (id, t) => {
  it('has an id, docs, a summary and cases', () => {
    expect(id).toMatch(/^bindings\/[a-z-]+$/);
    expect(t.summary.length).toBeGreaterThan(10);
    expect(t.docs.length).toBeGreaterThan(100);
    expect(t.cases.length).toBeGreaterThan(0);
  });
  it.each(t.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = runOf(c);
    const before = caseFiles(c.before);
    expect(run.files).toEqual(c.after === undefined ? before : caseFiles(c.after));
    expect(Object.values(run.helpers).flat()).toEqual(c.helpers ?? []);
    const msgs = run.result.reviews.map((r) => r.message);
    expect(msgs.length).toBe((c.reviews ?? []).length);
    (c.reviews ?? []).forEach((sub, i) => expect(msgs[i]).toContain(sub));
    // The case exercises its own transform.
    const rules = new Set([...run.result.edits, ...run.result.reviews].map((e) => e.rule));
    expect(rules).toContain(id);
    // Every review is also a marker in the file, on the line reported.
    for (const r of run.result.reviews) expect(run.result.files[r.file]!.split('\n')[r.line - 1]).toContain('wasi-migrate(review):');
    // Each review names a message of the transform that raised it, and its text is that template filled with its data.
    for (const r of run.result.reviews) {
      const template = byId.get(r.rule)?.messages?.[r.messageId ?? ''];
      expect([r.rule, r.messageId, r.message]).toEqual([r.rule, r.messageId, template === undefined ? `(no message ${r.messageId} in ${r.rule})` : fillMessage(template, r.data)]);
    }
    // Every output is still valid JavaScript/TypeScript syntax.
    for (const [name, text] of Object.entries(run.result.files)) expect([name, syntaxErrors(name, text)]).toEqual([name, []]);
    // A second run over the output changes nothing.
    expect(migrateCode(run.result.files, caseOptions(c)).changes).toEqual([]);
  });
  it('raises each of its messages in one of its cases', () => {
    const raised = new Set(t.cases.flatMap((c) => runOf(c).result.reviews.filter((r) => r.rule === id).map((r) => r.messageId)));
    const known = [...(GUARDS[id] ?? []), ...(GAPS[id] ?? [])];
    expect(Object.keys(t.messages ?? {}).filter((m) => !raised.has(m) && !known.includes(m))).toEqual([]);
    // A guard or gap a case does raise is no longer one; each names a message of the transform.
    expect(known.filter((m) => raised.has(m))).toEqual([]);
    for (const m of known) expect(Object.keys(t.messages ?? {})).toContain(m);
  });
});

describe('review message guards', () => {
  it('every name and interface the WASI API map removes has a note (specifiers\' *Unexplained messages cannot be raised)', () => {
    expect(Object.entries(WASI_API_MAP).filter(([, e]) => e.status === 'removed' && !e.note).map(([k]) => k)).toEqual([]);
  });
});

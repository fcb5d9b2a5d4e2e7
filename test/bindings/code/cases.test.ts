/** One table for every bindings transform's before/after cases (src/bindings/code/**: `cases`), run through the whole rewriter. */
import { catalogue } from '../../../src/bindings/code/index.js';
import { caseFiles, runCodeCase } from '../../../src/bindings/code/cases.js';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import ts from 'typescript';

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
    const run = runCodeCase(c);
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
    // Every output is still valid JavaScript/TypeScript syntax.
    for (const [name, text] of Object.entries(run.result.files)) expect([name, syntaxErrors(name, text)]).toEqual([name, []]);
    // A second run over the output changes nothing.
    expect(migrateCode(run.result.files).changes).toEqual([]);
  });
});

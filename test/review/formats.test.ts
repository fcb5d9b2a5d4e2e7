/**
 * The four formats on a real migration (the multi-file fixture: several rules,
 * review items, created and deleted files): SARIF checked against the official
 * SARIF 2.1.0 schema by ajv, the JSON review's documented fields, HTML
 * escaping, and byte-identical output across two independent runs.
 */
import type { Log } from 'sarif';
import { runMigration } from '../../src/migrate/run.js';
import { render } from '../../src/review/render.js';
import { REVIEW_FORMATS, type ReviewReport } from '../../src/review/model.js';
import { witReviewReport } from '../../src/review/wit/report.js';
import { cleanTmps, copyFixture, sarifValidator, tmp } from './helpers.js';
import { bindingsReviewReport, bindingsUnit } from '../../src/bindings/code/report.js';
import { migrateCode } from '../../src/bindings/code/rewrite.js';
import type { BindingsResult } from '../../src/bindings/project.js';

async function review(name: string, dir: string): Promise<ReviewReport> {
  const pkg = copyFixture(name, 'input', dir);
  const reports = await runMigration([pkg], { validate: false });
  return witReviewReport(reports, { cwd: dir });
}

let report: ReviewReport;
let dir: string;
beforeAll(async () => {
  dir = tmp();
  report = await review('multi-file', dir);
});
afterAll(cleanTmps);

describe('SARIF 2.1.0', () => {
  test('validates against the official schema; one result per review item and per hunk; rules carry metadata', () => {
    const text = render(report, 'sarif');
    const log = JSON.parse(text) as Log;
    const validate = sarifValidator();
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);

    const json = JSON.parse(render(report, 'json')) as { summary: { hunks: number; needsReview: number } };
    const run = log.runs[0]!;
    const results = run.results!;
    expect(results.filter((r) => r.properties?.category === 'needs-review')).toHaveLength(json.summary.needsReview);
    expect(results.filter((r) => r.properties?.category === 'pending-change')).toHaveLength(json.summary.hunks);
    expect(json.summary.needsReview).toBeGreaterThan(0);
    const ids = run.tool.driver.rules!.map((r) => r.id);
    for (const r of results) {
      expect(ids[r.ruleIndex!]).toBe(r.ruleId);
      const loc = r.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation!.uri).toMatch(/^multi-file\//);
    }
    for (const d of run.tool.driver.rules!) {
      expect(d.shortDescription!.text.length).toBeGreaterThan(0);
      expect(d.fullDescription!.text.length).toBeGreaterThan(0);
    }
    const review = results.find((r) => r.properties?.category === 'needs-review' && r.ruleId === 'wasi-references')!;
    expect(review.level).toBe('warning');
    expect(review.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('multi-file/types.wit');
    // The line is the item's in the file as checked in (the marker above it exists only in the migrated text).
    const before = report.units[0]!.changes.find((c) => c.path === 'types.wit')!.before!;
    const region = review.locations![0]!.physicalLocation!.region!;
    expect(region.startLine).toBe(4);
    expect(region.snippet!.text).toBe(before.split('\n')[3]);
    expect(region.snippet!.text).toContain('{datetime}');
  });

  test('a review result names its rule\'s message string, which its arguments fill to the item\'s message', () => {
    const run = (JSON.parse(render(report, 'sarif')) as Log).runs[0]!;
    const reviews = run.results!.filter((r) => r.properties?.category === 'needs-review');
    expect(reviews.length).toBeGreaterThan(0);
    const items = report.units.flatMap((u) => u.reviews);
    for (const r of reviews) {
      const strings = run.tool.driver.rules![r.ruleIndex!]!.messageStrings!;
      const format = strings[r.message.id!]!.text;
      // SARIF's format strings: `{n}` is the n-th argument, `{{` and `}}` literal braces.
      const filled = format.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n: string | undefined) => (n === undefined ? m[0]! : r.message.arguments![Number(n)]!));
      expect(items.map((i) => i.message)).toContain(filled);
      expect(r.message.text).toContain(filled);
    }
  });

  test('the validator is real: a result without a message is rejected', () => {
    const log = JSON.parse(render(report, 'sarif')) as { runs: { results: Record<string, unknown>[] }[] };
    delete log.runs[0]!.results[0]!.message;
    expect(sarifValidator()(log)).toBe(false);
  });
});

describe('JSON review', () => {
  test('documented top-level fields; every hunk names at least one rule with a reason; review items carry an action', () => {
    const doc = JSON.parse(render(report, 'json')) as {
      schema: string;
      command: string;
      summary: Record<string, number | boolean>;
      rules: { id: string; kind: string; summary: string; docs: string; messages?: Record<string, string> }[];
      units: { label: string; root: string; kind: string; status: string; files: { path: string; shown: string; status: string; hunks: { provenance: { rule: string; why: string }[]; lines: string[] }[] }[]; reviews: { rule: string; messageId?: string; file: string; line: number; message: string; action: string }[]; api: { ok: boolean } }[];
    };
    expect(doc.schema).toBe('wasi-migrate/review@1');
    expect(doc.command).toBe('wit');
    expect(Object.keys(doc.summary).sort()).toEqual(['apiChanges', 'apiCompared', 'byRule', 'created', 'deleted', 'edits', 'errors', 'files', 'hunks', 'modified', 'needsReview', 'remaining', 'units', 'warnings'].sort());
    // A dry run compares the API of every unit with changes: its count is one.
    expect(doc.summary.apiCompared).toBe(true);
    const u = doc.units[0]!;
    expect(u).toMatchObject({ root: 'multi-file', kind: 'wit-package', status: 'changes' });
    expect(u.files.map((f) => f.status).sort()).toEqual(['created', 'deleted', 'deleted', 'modified', 'modified', 'modified', 'modified', 'modified']);
    const ruleIds = new Set(doc.rules.map((r) => r.id));
    for (const f of u.files) {
      expect(f.hunks.length).toBeGreaterThan(0);
      for (const h of f.hunks) {
        expect(h.provenance.length).toBeGreaterThan(0);
        for (const p of h.provenance) {
          expect(ruleIds.has(p.rule)).toBe(true);
          expect(p.why.length).toBeGreaterThan(0);
        }
      }
    }
    for (const r of u.reviews) expect(r.action.length).toBeGreaterThan(0);
    // Each review item names a message its rule lists (a stable id the wording can change under).
    const messages = new Map(doc.rules.map((r) => [r.id, r.messages ?? {}]));
    expect(u.reviews.length).toBeGreaterThan(0);
    for (const r of u.reviews) expect(Object.keys(messages.get(r.rule)!)).toContain(r.messageId);
    expect(u.api.ok).toBe(true);
  });
});

describe('bindings review messages', () => {
  // A 0.2 name that is gone in 0.3 and still used (bindings/specifiers), a read of unknown shape (bindings/input-streams).
  const files = { 'guest.js': "import { Pollable } from 'wasi:io/poll@0.2.3';\nexport function wait(p) { return p instanceof Pollable; }\n" };
  const code = migrateCode(files);
  const result = { project: { root: process.cwd(), label: 'app', files }, changes: code.changes, edits: code.edits, reviews: code.reviews, asyncExports: [] } as unknown as BindingsResult;
  const doc = bindingsReviewReport([bindingsUnit(result)]);

  test('JSON: each review item names a message its transform lists', () => {
    const json = JSON.parse(render(doc, 'json')) as { rules: { id: string; messages?: Record<string, string> }[]; units: { reviews: { rule: string; messageId?: string }[] }[] };
    const reviews = json.units.flatMap((u) => u.reviews);
    expect(reviews.length).toBeGreaterThan(0);
    const messages = new Map(json.rules.map((r) => [r.id, r.messages ?? {}]));
    for (const r of reviews) expect(Object.keys(messages.get(r.rule)!)).toContain(r.messageId);
  });

  test('SARIF: each review result names its message string, which its arguments fill to the item\'s message', () => {
    const run = (JSON.parse(render(doc, 'sarif')) as Log).runs[0]!;
    const reviews = run.results!.filter((r) => r.properties?.category === 'needs-review');
    expect(reviews.length).toBe(code.reviews.length);
    for (const r of reviews) {
      const format = run.tool.driver.rules![r.ruleIndex!]!.messageStrings![r.message.id!]!.text;
      const filled = format.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n: string | undefined) => (n === undefined ? m[0]! : r.message.arguments![Number(n)]!));
      expect(code.reviews.map((i) => i.message)).toContain(filled);
    }
  });
});

describe('HTML escaping', () => {
  test('markup in file text, rule ids, messages and labels is shown as text, never parsed', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const r: ReviewReport = {
      command: 'test',
      version: '0.0.0',
      rules: [{ id: 'x/"<blink>', summary: evil, docs: evil, kind: 'needs-review' }],
      units: [
        {
          label: evil,
          root: 'p',
          kind: evil,
          changes: [{ path: 'a<blink>.ts', before: `${evil}\n`, after: `ok\n${evil}!\n`, rules: ['x/"<blink>'] }],
          edits: [{ rule: 'x/"<blink>', file: 'a<blink>.ts', line: 1, note: evil }],
          reviews: [{ rule: 'x/"<blink>', file: 'a<blink>.ts', line: 2, message: evil, action: evil }],
          errors: [evil],
          warnings: [],
          api: { ok: true, changes: [{ kind: 'removed', item: evil, note: evil }] },
        },
      ],
    };
    const html = render(r, 'html');
    // The page's own single script is the only one; no injected tag survives.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain("<blink>");
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
    expect(html).toContain('data-rules="x/&quot;&lt;blink&gt;"');
  });
});

describe('determinism', () => {
  test('two independent runs give byte-identical text, JSON, SARIF and HTML', async () => {
    const again = await review('multi-file', dir); // the same input, migrated afresh
    for (const format of REVIEW_FORMATS) {
      const a = render(report, format);
      const b = render(again, format);
      expect({ format, same: a === b }).toEqual({ format, same: true });
      expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/); // no timestamps
    }
  });
});

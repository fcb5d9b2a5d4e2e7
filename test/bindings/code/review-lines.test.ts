/**
 * Issue 16, Proof (c): every review item points at the line it is about.
 * Two items with one message (the same 0.2 call left in two places) are two
 * markers, each reported at its own line (the report used to give the first
 * marker's line for both).
 */
import { Node, SyntaxKind } from 'ts-morph';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import type { CodeTransform } from '../../../src/bindings/code/types.js';

it('two reviews with one message are reported at their own markers', () => {
  const before = `import type { OutputStream } from 'wasi:io/streams@0.2.3';

export class Sender {
  constructor(private readonly output: OutputStream) {}

  room(): bigint {
    return this.output.checkWrite();
  }

  ready(): boolean {
    return this.output.checkWrite() > 0n;
  }
}
`;
  const r = migrateCode({ 'guest.ts': before });
  const text = r.files['guest.ts']!.split('\n');
  const lines = r.reviews.map((x) => x.line);
  expect(lines.length).toBe(2);
  expect(new Set(lines).size).toBe(2);
  for (const x of r.reviews) {
    expect(text[x.line - 1]).toContain('wasi-migrate(review)');
    expect(text[x.line]).toContain('checkWrite()');
  }
});

describe('a review whose statement a later edit of its transform rewrote (node forgotten, text gone)', () => {
  /** A transform that reviews the call of `risky` and then rewrites the statement holding it, as `rewrite` says (into one of another kind: ts-morph keeps the wrapper of one replaced by its like). */
  const rewriting = (rewrite: (st: Node) => void): CodeTransform => ({
    id: 'bindings/test-rewrites',
    summary: 'reviews a call, then rewrites its statement',
    docs: '',
    kind: 'needs-review',
    messages: { risky: '`risky` needs a look' },
    cases: [],
    apply: (ctx) => {
      const call = ctx.file.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => c.getExpression().getText() === 'risky');
      if (!call) return;
      ctx.review(call, 'risky');
      rewrite(call.getFirstAncestor((a) => Node.isExpressionStatement(a))!);
    },
  });
  const head = `import { getArguments } from 'wasi:cli/environment@0.2.3';\n\n`;

  it('goes above the nearest statement still there that held it', () => {
    const before = `${head}export function f() {\n  if (getArguments().length) {\n    risky(1);\n  }\n}\n`;
    const r = migrateCode({ 'guest.js': before }, { transforms: [rewriting((st) => st.replaceWithText('const safe = 1;'))] });
    expect(r.reviews.map((x) => [x.line, x.message])).toEqual([[4, '`risky` needs a look']]);
    expect(r.files['guest.js']!.split('\n').slice(3, 5)).toEqual(['  // wasi-migrate(review): `risky` needs a look', '  if (getArguments().length) {']);
  });

  it('goes at the top of its file when no statement that held it is left', () => {
    const before = `${head}risky(getArguments());\n`;
    const r = migrateCode({ 'guest.js': before }, { transforms: [rewriting((st) => st.replaceWithText('const safe = getArguments();'))] });
    expect(r.reviews.map((x) => [x.line, x.message])).toEqual([[1, '`risky` needs a look']]);
    expect(r.files['guest.js']!.split('\n')[0]).toBe('// wasi-migrate(review): `risky` needs a look');
  });
});

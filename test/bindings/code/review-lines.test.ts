/**
 * Issue 16, Proof (c): every review item points at the line it is about.
 * Two items with one message (the same 0.2 call left in two places) are two
 * markers, each reported at its own line (the report used to give the first
 * marker's line for both).
 */
import { migrateCode } from '../../../src/bindings/code/rewrite.js';

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

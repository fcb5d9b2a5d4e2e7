/**
 * A file with CRLF line ends keeps them: the async pass applies its edits in
 * one replacement per file (src/bindings/code/edit-batch.ts), and the text
 * between two edits must not take the project's newline on the way.
 */
import { migrateCode } from '../../../src/bindings/code/rewrite.js';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

test('a CRLF file awaited in several places keeps CRLF on every line', () => {
  const lib = `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';\n\nexport function sleep(ms: number): void {\n  subscribeDuration(BigInt(ms)).block();\n}\n`;
  const main = `import { sleep } from './lib.js';\n\nexport function a(): number {\n  sleep(1);\n  const s = 'x';\n  sleep(2);\n  return s.length;\n}\n\nexport function b(): void {\n  if (s()) {\n    sleep(3);\n  }\n}\n\nfunction s(): boolean {\n  return true;\n}\n`;
  const r = migrateCode({ 'lib.ts': crlf(lib), 'main.ts': crlf(main) });
  const out = r.files['main.ts']!;
  expect(out).toContain('await sleep(1);\r\n');
  expect(out).toContain('export async function b(): Promise<void> {\r\n');
  // Every line ends in CRLF: no bare LF left.
  expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  expect(r.files['lib.ts']!.replace(/\r\n/g, '')).not.toContain('\n');
});

/**
 * A file with CRLF line ends keeps them: the async pass applies its edits in
 * one replacement per file (src/bindings/code/edit-batch.ts), and the text
 * between two edits must not take the project's newline on the way; what
 * ts-morph and the transforms write with LF takes the file's CRLF at the end
 * (restyle.ts withLineEnds).
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

test("a CRLF file a transform edits keeps CRLF on every line: ts-morph's edits, the port's own lines and the helpers it appends", () => {
  const guest = `import { getStdin } from 'wasi:cli/stdin@0.2.12';\nimport { getStdout } from 'wasi:cli/stdout@0.2.12';\n\nexport function echo() {\n  const input = getStdin();\n  const out = getStdout();\n  for (;;) {\n    try {\n      out.blockingWriteAndFlush(input.blockingRead(4096n));\n    } catch (e) {\n      if (e.tag === 'closed') break;\n      throw e;\n    }\n  }\n}\n`;
  const lf = migrateCode({ 'guest.js': guest }).files['guest.js']!;
  const out = migrateCode({ 'guest.js': crlf(guest) }).files['guest.js']!;
  expect(lf).toContain('for await');
  expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  // The same port, line for line.
  expect(out).toBe(crlf(lf));
});

test('a file with both line ends is left with what the port wrote (no line of it is changed to suit the others)', () => {
  const guest = `import { getStdout } from 'wasi:cli/stdout@0.2.12';\r\n\nexport function greet() {\r\n  getStdout().blockingWriteAndFlush(new TextEncoder().encode('hi'));\n}\n`;
  const out = migrateCode({ 'guest.js': guest }).files['guest.js']!;
  expect(out).toContain("import { writeViaStream } from 'wasi:cli/stdout@0.3.0';\r\n\nexport async function greet() {\r\n");
});

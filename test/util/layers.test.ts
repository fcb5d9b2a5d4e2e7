/**
 * The layers the README's Layout names, read from the import statements: the
 * bottom (src/util, src/wit) imports nothing above it, and a rule (rules/) is
 * data plus a function over the syntax and model, so it imports only the
 * bottom, never the engine, the review, the bridge to wit-parser or the
 * bindings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const IMPORT = /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Each relative import of each `.ts` file in `dir` (cases data included), as a path from the repository root. */
function importsOf(dir: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const name of readdirSync(path.join(ROOT, dir)).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(path.join(ROOT, dir, name), 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (!spec.startsWith('.')) continue;
      out.push({ file: `${dir}/${name}`, target: path.posix.normalize(path.posix.join(dir, spec)) });
    }
  }
  return out;
}

const outside = (dir: string, allowed: readonly string[]) => importsOf(dir).filter((i) => !allowed.some((a) => i.target.startsWith(a + '/')));

test('rules/ imports only src/wit, src/util and other rules', () => {
  expect(outside('rules', ['rules', 'src/wit', 'src/util'])).toEqual([]);
});

test('src/wit and src/util import nothing above them', () => {
  expect(outside('src/wit', ['src/wit', 'src/util'])).toEqual([]);
  expect(outside('src/util', ['src/util'])).toEqual([]);
});

test('the reader sees the imports it checks', () => {
  // A reader that saw nothing would pass the tests above whatever the files import.
  expect(importsOf('rules').some((i) => i.target === 'src/wit/syntax.js')).toBe(true);
  expect(importsOf('src/wit').length).toBeGreaterThan(5);
});

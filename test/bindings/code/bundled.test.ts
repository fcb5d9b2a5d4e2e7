/**
 * The port of a bundle is the port of its sources. Guests are often handed
 * to the componentizer bundled (esbuild, rolldown, rollup): every top-level
 * name a `var` or a function, exports gathered in one `export { ... }` list,
 * constants inlined into calls (`f(f(x)[0])`), `undefined` written `void 0`,
 * `for (;;) try ...` without braces, names used by nothing left as a bare
 * `import 'wasi:...'`. Each single-file JavaScript transform case is bundled
 * by rolldown and ported; bundled again, the port must be the case's own
 * port bundled the same way, token for token (quotes and semicolons aside),
 * or, where the bundler's inlining makes the two differ, keep no more of
 * 0.2's plumbing than the case's port and have no fewer review items. It
 * must also parse, end (a nested call once made the pass loop for ever) and
 * leave nothing for a second run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { catalogue } from '../../../src/bindings/code/index.js';
import { caseFiles, caseOptions } from '../../../src/bindings/code/cases.js';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import { tokens } from './tokens.js';

const dir = mkdtempSync(path.join(tmpdir(), 'wm-bundled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Each text bundled as rolldown bundles an entry module, WASI imports and
 * packages left external. In a child process: rolldown's native binding
 * checks its options' types, and jest's module sandbox gives them another realm.
 */
function bundleAll(texts: readonly string[]): string[] {
  const files = texts.map((t, i) => {
    const f = path.join(dir, `${i}-${Math.random().toString(36).slice(2)}.js`);
    writeFileSync(f, t);
    return f;
  });
  // Run from the repository (jest's working folder), so \`rolldown\` resolves to the project's own.
  const script = `import { rolldown } from 'rolldown';
import { writeFileSync } from 'node:fs';
for (const input of ${JSON.stringify(files)}) {
  const b = await rolldown({ input, external: (id) => id.startsWith('wasi:') || !/^[./]/.test(id), treeshake: false, logLevel: 'silent' });
  writeFileSync(input + '.out', (await b.generate({ format: 'esm' })).output[0].code);
  await b.close();
}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
  if (r.status !== 0) throw new Error(r.stderr);
  return files.map((f) => readFileSync(`${f}.out`, 'utf8'));
}


/** Calls and names of 0.2's plumbing left in the code (comments aside): what a port that missed a shape leaves. */
function plumbing(text: string): number {
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const calls = code.match(/\.(?:blockingRead|blockingWriteAndFlush|blockingFlush|blockingSplice|checkWrite|subscribe|readDirectoryEntry|consume|start[A-Z]\w*|finish[A-Z]\w*)\(/g) ?? [];
  const names = code.match(/\b(?:OutgoingBody|IncomingBody|ResponseOutparam|OutgoingResponse|OutgoingRequest|IncomingRequest|IncomingResponse)\b/g) ?? [];
  return calls.length + names.length;
}

const cases = catalogue.flatMap((t) => t.cases.map((c) => [t.id, c.name, c] as const)).filter(([, , c]) => {
  const names = Object.keys(caseFiles(c.before));
  return names.length === 1 && /\.m?js$/.test(names[0]!);
});

/** Per case: its own port, and the port of its bundle, with both bundled (three bundler runs for all cases). */
const runs = (() => {
  const sources = cases.map(([, , c]) => Object.entries(caseFiles(c.before))[0]!);
  const opts = cases.map(([, , c]) => caseOptions(c));
  const own = sources.map(([name, text], i) => migrateCode({ [name]: text }, opts[i]));
  const bundled = bundleAll(sources.map(([, text]) => text));
  const ports = bundled.map((text, i) => migrateCode({ [sources[i]![0]]: text }, opts[i]));
  const again = bundleAll([...ports.map((p, i) => p.files[sources[i]![0]]!), ...own.map((p, i) => p.files[sources[i]![0]]!)]);
  return sources.map(([name], i) => ({ name, own: own[i]!, port: ports[i]!, portBundled: again[i]!, ownBundled: again[ports.length + i]! }));
})();

it.each(cases.map((c, i) => [c[0], c[1], i] as const))('%s: %s, bundled', (_id, _name, i) => {
  const { name, own, port, portBundled, ownBundled } = runs[i]!;
  const out = port.files[name]!;
  const sf = ts.createSourceFile(name, out, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  expect((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  // Bundling again does not undo what the bundler inlined: where the two differ, the bundle's port keeps no more
  // 0.2 plumbing than the case's own port, and says no less.
  if (tokens(name, portBundled, true) !== tokens(name, ownBundled, true)) {
    expect(plumbing(out)).toBeLessThanOrEqual(plumbing(own.files[name]!));
    expect(port.reviews.length).toBeGreaterThanOrEqual(own.reviews.length);
  }
  expect(migrateCode(port.files).changes).toEqual([]);
});

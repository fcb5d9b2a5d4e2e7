/**
 * Type-checks a transform case's output (helpers included) with real tsc
 * against jco's guest types for a world made from what the output uses: an
 * import of every `wasi:*@0.3.0` interface it imports, and the export of
 * `wasi:http/handler` / `wasi:cli/run` when it exports `handler` / `run`
 * (then the exports must be jco's types for them).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { libCachingHost, OPTIONS, SANDBOX_GLOBALS } from '../../../src/exec/guest-typecheck.js';
import { generateTypes } from '../../../src/jco/types.js';
import { withOfficialDeps } from '../../../src/migrate/validate.js';

export async function caseTypeErrors(files: Record<string, string>): Promise<string[]> {
  const all = Object.values(files).join('\n');
  const imports = [...new Set([...all.matchAll(/['"](wasi:[a-z-]+\/[a-z-]+@0\.3\.0)['"]/g)].map((m) => m[1]!))];
  const exportsHandler = /export const handler\b/.test(all);
  const exportsRun = /export const run\b/.test(all);
  if (/['"]wasi:[a-z-]+\/[a-z-]+@0\.2\.\d+['"]/.test(all)) return ['the output still imports WASI 0.2'];
  const world = `package case:check;\n\nworld case {\n${imports.map((i) => `  import ${i};\n`).join('')}${exportsHandler ? '  export wasi:http/handler@0.3.0;\n' : ''}${exportsRun ? '  export wasi:cli/run@0.3.0;\n' : ''}}\n`;
  const dir = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-case-types-'));
  try {
    const witDir = path.join(dir, 'wit');
    for (const [rel, text] of Object.entries(withOfficialDeps({ 'world.wit': world }, {}))) {
      mkdirSync(path.dirname(path.join(witDir, rel)), { recursive: true });
      writeFileSync(path.join(witDir, rel), text);
    }
    const dts: string[] = [];
    // A world with nothing in it has no types to generate: the files are checked on their own.
    const generated = imports.length || exportsHandler || exportsRun ? await generateTypes({ witPath: witDir, world: 'case', flavour: { kind: 'guest' } }) : {};
    for (const [rel, text] of Object.entries(generated)) {
      const abs = path.join(dir, 'types', rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      dts.push(abs);
    }
    writeFileSync(path.join(dir, 'globals.d.ts'), SANDBOX_GLOBALS);
    const src: string[] = [];
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(dir, 'src', rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      src.push(abs);
    }
    const roots = [...dts, path.join(dir, 'globals.d.ts'), ...src];
    const main = src[0]!;
    if (exportsHandler || exportsRun) {
      const worldModule = /declare module '([^']+)'/.exec(readFileSync(dts.find((f) => path.basename(f) === 'case.d.ts')!, 'utf8'))![1];
      writeFileSync(path.join(dir, 'check.ts'), `import * as guest from ${JSON.stringify(main.replace(/\.ts$/, '.js'))};\nimport type * as world from '${worldModule}';\nexport const exportsMatchWorld: typeof world = guest;\n`);
      roots.push(path.join(dir, 'check.ts'));
    }
    // Cases are fragments (untyped JavaScript parameters): implicit any is not what they test.
    const options = { ...OPTIONS, noImplicitAny: false };
    const program = ts.createProgram(roots, options, libCachingHost(options));
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${d.file ? path.relative(dir, d.file.fileName) : ''}${pos ? `:${pos.line + 1}` : ''}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

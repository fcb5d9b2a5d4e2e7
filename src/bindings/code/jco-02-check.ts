/**
 * What tsc says of a file against jco's own WASI 0.2 types (jco-02-types.ts)
 * once some of its text is gone: the rewriter's project has no lib and no
 * WASI types, so its checker cannot tell what jco's declarations accept.
 * One program (TypeScript's es2022 lib, strict) holds the file, its copy
 * with the ranges blanked (same length, so positions hold), jco's 0.2.12
 * declarations under each 0.2 version the project imports, and the
 * project's modules the two import, as they are now; what tsc reports in
 * the blanked copy and not in the file as it is, is what the blanking
 * exposed.
 */
import { Project, ts, type SourceFile } from 'ts-morph';
import { JCO_02_MODULES, JCO_02_TYPES } from './jco-02-types.js';

// ts-morph's own TypeScript and lib files: \`typescript\` is no dependency of the package.
const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  strict: true,
  noEmit: true,
  allowImportingTsExtensions: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
  types: [],
};

/** Whether jco's 0.2.12 declarations hold WASI interface \`iface\` (\`wasi:sockets/tcp-create-socket\`). */
export function jco02Declares(iface: string): boolean {
  return JCO_02_MODULES.includes(`${iface}@0.2.12`);
}

/** One project for the process: the lib files are read once. */
let checks: Project | undefined;

/**
 * tsc's errors in \`file\` with \`ranges\` replaced by spaces, against jco's 0.2 types, that the file as it is does not
 * have (same position, code and message), as [start, end) ranges of the file with the message.
 */
export function errorsOnceBlanked(project: Project, file: SourceFile, ranges: readonly { start: number; end: number }[]): { start: number; end: number; message: string }[] {
  const files = new Map<string, string>();
  for (const sf of project.getSourceFiles()) files.set(sf.getFilePath(), sf.getFullText());
  const original = file.getFilePath();
  const text = file.getFullText();
  let blanked = text;
  for (const r of ranges) blanked = blanked.slice(0, r.start) + text.slice(r.start, r.end).replace(/[^\n]/g, ' ') + blanked.slice(r.end);
  const ext = /\.[cm]?tsx?$/.exec(original)?.[0] ?? '.ts';
  const copy = `${original.slice(0, -ext.length)}.wasi-migrate-jco02${ext}`;
  files.set(copy, blanked);
  const versions = new Set([...files.values()].flatMap((t) => [...t.matchAll(/\bwasi:[a-z][\w-]*\/[a-z][\w-]*@(0\.2\.\d+[\w.-]*)/g)].map((m) => m[1]!)));
  const decls = '/wasi-migrate-jco02/jco-02.d.ts';
  files.set(decls, [...versions].map((v) => JCO_02_TYPES.split('@0.2.12\'').join(`@${v}'`)).join('\n'));

  checks ??= new Project({ useInMemoryFileSystem: true, compilerOptions: OPTIONS });
  const fs = checks.getFileSystem();
  for (const [f, t] of files) fs.writeFileSync(f, t);
  try {
    // The other modules come in as the two import them.
    for (const f of [original, copy, decls]) checks.addSourceFileAtPath(f);
    checks.resolveSourceFileDependencies();
    const program = checks.getProgram().compilerObject;
    const key = (d: ts.Diagnostic) => `${d.start}:${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    const before = new Set(program.getSemanticDiagnostics(program.getSourceFile(original)).map(key));
    return program
      .getSemanticDiagnostics(program.getSourceFile(copy))
      .filter((d) => d.category === ts.DiagnosticCategory.Error && d.start !== undefined && !before.has(key(d)))
      .map((d) => ({ start: d.start!, end: d.start! + (d.length ?? 0), message: ts.flattenDiagnosticMessageText(d.messageText, ' ') }));
  } finally {
    for (const sf of checks.getSourceFiles()) checks.removeSourceFile(sf);
    for (const f of files.keys()) fs.deleteSync(f);
  }
}

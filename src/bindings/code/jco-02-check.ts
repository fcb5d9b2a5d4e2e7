/**
 * What tsc says of a file against jco's own WASI 0.2 types (jco-02-types.ts)
 * once some of its text is gone: the rewriter's project has no lib and no
 * WASI types, so its checker cannot tell what jco's declarations accept.
 * One program (strict; the project's lib when it has a tsconfig, its `lib`
 * or its target's default, else TypeScript's es2022 lib) holds the file,
 * its copy with the ranges blanked (same length, so positions hold), jco's
 * 0.2.12 declarations under each 0.2 version the project imports, and the
 * project's modules the two import, as they are now; what tsc reports in
 * the blanked copy and not in the file as it is, is what the blanking
 * exposed. Packages are not in it: a type only a package (or a lib the
 * check does not have) declares reads as any there, and tsc accepts it
 * anywhere, so each probe says which part of its value that is.
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

/** The check's options: the project's lib (its `lib`, else its target's default lib) when it has a tsconfig. */
function optionsFor(project: ts.CompilerOptions | undefined): ts.CompilerOptions {
  if (!project) return OPTIONS;
  const { lib: _lib, ...rest } = OPTIONS;
  return { ...rest, target: project.target ?? OPTIONS.target, ...(project.lib ? { lib: project.lib } : {}) };
}

/** Whether jco's 0.2.12 declarations hold WASI interface \`iface\` (\`wasi:sockets/tcp-create-socket\`). */
export function jco02Declares(iface: string): boolean {
  return JCO_02_MODULES.includes(`${iface}@0.2.12`);
}

/** One project per set of options for the process: the lib files are read once. */
const checks = new Map<string, Project>();

const DECLS = '/wasi-migrate-jco02/jco-02.d.ts';

export interface BlankedCheck {
  /** tsc's errors in the blanked copy that the file as it is does not have (same position, code and message), as [start, end) ranges of the file. */
  readonly errors: { start: number; end: number; message: string }[];
  /** Per probe (by its start), the first part of its value whose type tsc could not see in the copy (it reads as any there), as written. */
  readonly unseen: ReadonlyMap<number, string>;
}

/**
 * tsc on \`file\` with \`ranges\` replaced by spaces, against jco's 0.2 types: its errors the blanking exposed, and, for
 * each of \`probes\` (expressions of the file, by range), a part of its value tsc could not see. \`compilerOptions\`: the
 * project's (its tsconfig), if it has one.
 */
export function checkOnceBlanked(
  project: Project,
  file: SourceFile,
  ranges: readonly { start: number; end: number }[],
  probes: readonly { start: number; end: number }[],
  compilerOptions?: ts.CompilerOptions,
): BlankedCheck {
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
  files.set(DECLS, [...versions].map((v) => JCO_02_TYPES.split('@0.2.12\'').join(`@${v}'`)).join('\n'));

  const options = optionsFor(compilerOptions);
  const key = JSON.stringify(options);
  let checkProject = checks.get(key);
  if (!checkProject) checks.set(key, (checkProject = new Project({ useInMemoryFileSystem: true, compilerOptions: options })));
  const fs = checkProject.getFileSystem();
  for (const [f, t] of files) fs.writeFileSync(f, t);
  try {
    // The other modules come in as the two import them.
    for (const f of [original, copy, DECLS]) checkProject.addSourceFileAtPath(f);
    checkProject.resolveSourceFileDependencies();
    const program = checkProject.getProgram().compilerObject;
    const diag = (d: ts.Diagnostic) => `${d.start}:${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    const before = new Set(program.getSemanticDiagnostics(program.getSourceFile(original)).map(diag));
    const copied = program.getSourceFile(copy)!;
    const errors = program
      .getSemanticDiagnostics(copied)
      .filter((d) => d.category === ts.DiagnosticCategory.Error && d.start !== undefined && !before.has(diag(d)))
      .map((d) => ({ start: d.start!, end: d.start! + (d.length ?? 0), message: ts.flattenDiagnosticMessageText(d.messageText, ' ') }));
    const checker = program.getTypeChecker();
    const unseen = new Map<number, string>();
    for (const p of probes) {
      const node = nodeAt(copied, p.start, p.end);
      const part = node && ts.isExpression(node) ? unseenPart(checker, program, checker.getTypeAtLocation(node), checker.getContextualType(node), node.getText(copied)) : undefined;
      if (part) unseen.set(p.start, part);
    }
    return { errors, unseen };
  } finally {
    for (const sf of checkProject.getSourceFiles()) checkProject.removeSourceFile(sf);
    for (const f of files.keys()) fs.deleteSync(f);
  }
}

/** The outermost expression of \`sf\` spanning exactly [start, end). */
function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  const visit = (n: ts.Node): ts.Node | undefined => (n.getStart(sf) === start && n.getEnd() === end ? n : n.getStart(sf) <= start && n.getEnd() >= end ? ts.forEachChild(n, visit) : undefined);
  return ts.forEachChild(sf, visit);
}

/**
 * The first part of a value of type \`t\` passed where jco's type \`want\` is (itself, a union's member, an element, a
 * property \`want\` has; not a method) whose type is tsc's \`error\` type, the any it gives a name it cannot resolve:
 * \`where\` with the path to it, and the type as written. The lib's types and jco's are seen throughout: not walked.
 */
function unseenPart(checker: ts.TypeChecker, program: ts.Program, t: ts.Type, want: ts.Type | undefined, where: string, depth = 0, walked = new Set<ts.Type>()): string | undefined {
  if ((t as { intrinsicName?: string }).intrinsicName === 'error') return `\`${where}\``;
  if (depth > 6 || walked.has(t)) return undefined;
  walked.add(t);
  if (t.isUnionOrIntersection()) {
    for (const m of t.types) {
      const found = unseenPart(checker, program, m, want, where, depth + 1, walked);
      if (found) return found;
    }
    return undefined;
  }
  if (!(t.flags & ts.TypeFlags.Object)) return undefined;
  const wants = want ? (want.isUnion() ? want.types : [want]) : [];
  if (checker.isArrayType(t) || checker.isTupleType(t)) {
    const tuple = checker.isTupleType(t);
    const args = checker.getTypeArguments(t as ts.TypeReference);
    for (let i = 0; i < args.length; i++) {
      const at = wants.flatMap((w) => (checker.isArrayType(w) || checker.isTupleType(w) ? [checker.getTypeArguments(w as ts.TypeReference)[checker.isTupleType(w) ? i : 0]] : [])).filter((x) => x !== undefined);
      const found = unseenPart(checker, program, args[i]!, at.length === 1 ? at[0] : undefined, `${where}[${tuple ? i : ''}]`, depth + 1, walked);
      if (found) return found;
    }
    return undefined;
  }
  const decls = (t.aliasSymbol ?? t.getSymbol())?.getDeclarations() ?? [];
  if (decls.length && decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()) || d.getSourceFile().fileName === DECLS)) return undefined;
  // Only the properties jco's type reads (any of its union's members), when it is an object type; else all.
  let wanted: Map<string, ts.Type | undefined> | undefined;
  if (wants.length && wants.every((w) => w.flags & ts.TypeFlags.Object)) {
    wanted = new Map();
    for (const w of wants) {
      for (const p of checker.getPropertiesOfType(w)) {
        const pt = checker.getTypeOfSymbol(p);
        // Members that differ there (each tag's own address): no one type to go by.
        wanted.set(p.getName(), wanted.has(p.getName()) && wanted.get(p.getName()) !== pt ? undefined : pt);
      }
    }
  }
  for (const p of checker.getPropertiesOfType(t)) {
    if (wanted && !wanted.has(p.getName())) continue;
    const pt = checker.getTypeOfSymbol(p);
    if (pt.getCallSignatures().length) continue;
    const found = unseenPart(checker, program, pt, wanted?.get(p.getName()), `${where}.${p.getName()}`, depth + 1, walked);
    if (found) {
      const decl = p.valueDeclaration;
      const written = decl && (ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) && decl.type && (pt as { intrinsicName?: string }).intrinsicName === 'error' ? decl.type.getText() : undefined;
      return written ? `${found} (\`${written}\`)` : found;
    }
  }
  return undefined;
}

/**
 * Who calls a function, found without the language service: in its own file
 * by name (not shadowed by a variable or parameter of the same name), and in
 * the files that import it by a relative specifier. The language service
 * would rebuild the project's program after every edit the rewriter makes,
 * which made a 500-file project quadratic.
 */
import path from 'node:path';
import { Node, ts, type ArrowFunction, type FunctionDeclaration, type FunctionExpression, type Identifier, type MethodDeclaration, type PropertyAccessExpression, type SourceFile, type VariableDeclaration, SyntaxKind } from 'ts-morph';
import { compilerIdentifiersNamed, declarationOf, importsOf, wrapped, descendantsOfKind } from './util.js';

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The project file a relative import specifier names (`./lib.js` may be `lib.ts`), if any. */
function resolveRelative(from: SourceFile, spec: string): SourceFile | undefined {
  if (!spec.startsWith('.')) return undefined;
  const project = from.getProject();
  const base = path.posix.join(path.posix.dirname(from.getFilePath()), spec);
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  for (const b of [base, stem]) {
    for (const ext of EXTENSIONS) {
      const f = project.getSourceFile(b + ext) ?? project.getSourceFile(`${b}/index${ext}`);
      if (f) return f;
    }
  }
  return undefined;
}

interface Importer {
  readonly file: SourceFile;
  /** Imported name -> local name. */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * Who imports each file, by relative specifier: computed once per project.
 * The rewriter never edits relative imports, so the index stays true while it runs.
 */
const importIndex = new WeakMap<object, Map<SourceFile, Importer[]>>();

export function importersOf(file: SourceFile): Importer[] {
  const project = file.getProject();
  let index = importIndex.get(project);
  if (!index) {
    index = new Map();
    for (const other of project.getSourceFiles()) {
      for (const imp of importsOf(other)) {
        const target = resolveRelative(other, imp.spec);
        if (!target) continue;
        // A default import under \`default\`, the name it is exported by.
        const names = new Map([...imp.names.map((n) => [n.imported, n.local] as const), ...(imp.default ? [['default', imp.default] as const] : [])]);
        let list = index.get(target);
        if (!list) index.set(target, (list = []));
        list.push({ file: other, names });
      }
    }
    importIndex.set(project, index);
  }
  return index.get(file) ?? [];
}

/** A re-export of a file: the module that re-exports, and the names it passes on (exported name -> its name there), or all (`export * from`). */
interface Reexporter {
  readonly file: SourceFile;
  readonly names: ReadonlyMap<string, string> | 'all';
}

/** Who re-exports each file (`export ... from './x.js'`), by relative specifier: computed once per project, as importIndex. */
const reexportIndex = new WeakMap<object, Map<SourceFile, Reexporter[]>>();

function reexportersOf(file: SourceFile): Reexporter[] {
  const project = file.getProject();
  let index = reexportIndex.get(project);
  if (!index) {
    index = new Map();
    for (const other of project.getSourceFiles()) {
      for (const ed of other.getExportDeclarations()) {
        const spec = ed.getModuleSpecifierValue();
        const target = spec === undefined || ed.isTypeOnly() ? undefined : resolveRelative(other, spec);
        // `export * as ns from` holds the names under a namespace, not as the module's own.
        if (!target || ed.getNamespaceExport()) continue;
        const named = ed.getNamedExports();
        const names = named.length ? new Map(named.map((n) => [n.getName(), n.getAliasNode()?.getText() ?? n.getName()] as const)) : 'all';
        let list = index.get(target);
        if (!list) index.set(target, (list = []));
        list.push({ file: other, names });
      }
    }
    reexportIndex.set(project, index);
  }
  return index.get(file) ?? [];
}

/**
 * The modules where the binding `file` exports as `exported` can be held, each with its local name there: those
 * importing it (`import { Tags } from './tags.js'`, a default import under `default`), followed on through
 * re-exports (`export { Tags } from './tags.js'`, `export * from './tags.js'`, which passes on all but the default)
 * and through an importer's own export list (`import { Tags } from ...; export { Tags as T }`), as far as the
 * project's relative specifiers go.
 */
export function holdersOf(file: SourceFile, exported: string, seen = new Set<string>()): { file: SourceFile; local: string }[] {
  const key = `${file.getFilePath()}\0${exported}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const out: { file: SourceFile; local: string }[] = [];
  for (const imp of importersOf(file)) {
    const local = imp.names.get(exported);
    if (!local) continue;
    out.push({ file: imp.file, local });
    for (const ed of imp.file.getExportDeclarations()) {
      if (ed.getModuleSpecifier()) continue;
      for (const n of ed.getNamedExports()) if (n.getName() === local) out.push(...holdersOf(imp.file, n.getAliasNode()?.getText() ?? local, seen));
    }
  }
  for (const r of reexportersOf(file)) {
    const as = r.names === 'all' ? (exported === 'default' ? undefined : exported) : r.names.get(exported);
    if (as !== undefined) out.push(...holdersOf(r.file, as, seen));
  }
  return out;
}

/** Whether another file of the project imports `file` by a relative specifier (a module of the project, not its entry). */
export function importedInProject(file: SourceFile): boolean {
  return importersOf(file).length > 0;
}

/** Identifiers, in `file` and in files importing `name` from it, that may refer to the top-level binding `name` of `file`. */
export function usesOfExported(file: SourceFile, name: string): Identifier[] {
  const out = localUses(file, name);
  for (const imp of importersOf(file)) {
    const local = imp.names.get(name);
    if (local) out.push(...localUses(imp.file, local));
  }
  return out;
}

/** Identifiers named `name` in `file` that no variable or parameter of that name shadows, outside declarations and property names. */
export function localUses(file: SourceFile, name: string): Identifier[] {
  // The names that are not uses, told on TypeScript's tree before anything is wrapped.
  const notUse = (c: ts.Identifier): boolean => {
    const p = c.parent;
    if (!p) return true;
    if (ts.isPropertyAccessExpression(p) && p.name === c) return true;
    if ((ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) && p.name === c) return true;
    return ts.isImportSpecifier(p) || ts.isExportSpecifier(p);
  };
  return compilerIdentifiersNamed(file, name).filter((c) => !notUse(c)).map((c) => wrapped<Identifier>(file, c)).filter((d) => {
    const decl = declarationOf(d);
    return decl === undefined || Node.isSourceFile(decl.getFirstAncestor((a) => Node.isSourceFile(a) || Node.isBlock(a)) ?? file);
  });
}

/** A function declaration named `name` visible from `at` (its own file, any depth: the nearest by position wins). */
export function functionNamed(at: Node, name: string): Node | undefined {
  const file = at.getSourceFile();
  const found = descendantsOfKind(file, SyntaxKind.FunctionDeclaration).filter((d) => d.getName() === name);
  return found.find((f) => f.getParent()?.containsRange(at.getPos(), at.getEnd())) ?? found[0];
}

/**
 * The function `local` names in `file` when it is imported from a project
 * module by a relative specifier (`import { writeAll } from './io.js'`): that
 * module's top-level `function writeAll` or `const writeAll = (...) => ...`.
 */
export function importedFunction(file: SourceFile, local: string): Node | undefined {
  for (const imp of importsOf(file)) {
    const spec = imp.names.find((n) => n.local === local);
    if (!spec) continue;
    const target = resolveRelative(file, imp.spec);
    if (!target) return undefined;
    const name = spec.imported;
    const fn = target.getFunction(name);
    if (fn) return fn;
    const init = target.getVariableDeclaration(name)?.getInitializer();
    return init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) ? init : undefined;
  }
  return undefined;
}

export type FunctionLikeDeclaration = FunctionDeclaration | FunctionExpression | ArrowFunction | MethodDeclaration;

export function isFunctionLike(n: Node): n is FunctionLikeDeclaration {
  return Node.isFunctionDeclaration(n) || Node.isFunctionExpression(n) || Node.isArrowFunction(n) || Node.isMethodDeclaration(n);
}

/** The node whose references are the function's callers: its name, or the variable/property it is assigned to. */
export function nameNodeOf(fn: FunctionLikeDeclaration): Node | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) return fn.getNameNode();
  const p = fn.getParent();
  if (p && (Node.isVariableDeclaration(p) || Node.isPropertyAssignment(p))) return p.getNameNode();
  return undefined;
}

/**
 * Places that name the function: for a top-level function or variable, its
 * uses in the file and in files importing it; for a method of an object
 * (`const api = { get() {} }`), calls `api.get(...)` there; for a nested
 * function, its uses in the function around it.
 */
/**
 * For a member of an object literal (`const api = { get() {} }`, `{ get: () => ... }`): the variable
 * holding the object (`holder` undefined when no variable does); undefined for any other function.
 */
export function memberOf(fn: FunctionLikeDeclaration): { holder: VariableDeclaration | undefined } | undefined {
  if (!Node.isMethodDeclaration(fn) && !Node.isPropertyAssignment(fn.getParent())) return undefined;
  const object = fn.getFirstAncestor((a) => Node.isObjectLiteralExpression(a));
  if (!object) return undefined;
  const v = object.getParent();
  return { holder: v && Node.isVariableDeclaration(v) && Node.isIdentifier(v.getNameNode()) ? v : undefined };
}

export function callersOf(fn: FunctionLikeDeclaration, nameNode: Identifier): Node[] {
  const name = nameNode.getText();
  const file = fn.getSourceFile();
  const member = memberOf(fn);
  if (member) {
    const v = member.holder;
    if (!v) return [];
    const objects = Node.isSourceFile(v.getVariableStatement()?.getParent()) ? usesOfExported(file, v.getName()) : localUses(file, v.getName());
    return objects.map((o) => o.getParent()).filter((pa): pa is PropertyAccessExpression => !!pa && Node.isPropertyAccessExpression(pa) && pa.getName() === name).map((pa) => pa.getNameNode());
  }
  const top = Node.isSourceFile(fn.getParent()) || Node.isSourceFile(fn.getParent()?.getParent()?.getParent()?.getParent());
  if (top) return usesOfExported(file, name);
  const scope = fn.getFirstAncestor((a) => isFunctionLike(a) || Node.isSourceFile(a)) ?? file;
  return scope.getDescendantsOfKind(SyntaxKind.Identifier).filter((d) => d.getText() === name && d !== nameNode);
}

/**
 * Which local names of a file come from which WASI interface, read from its
 * import declarations (`import { getStdout } from 'wasi:cli/stdout@0.2.12'`,
 * jco's specifier form for both guests and `jco types` host bindings).
 */
import { Node, SyntaxKind, type CallExpression, type ImportDeclaration, type Project, type SourceFile, ts } from 'ts-morph';
import { WASI_API_MAP } from '../../../rules/wasi-api-map.js';
import { official02Of } from './official-02.js';
import { camel, compilerIdentifiersNamed, identifiersIn, descendantsWhere, importDeclarations, importsOf, inWasiImplementation, kebab, replaceInPlace, skipOuter } from './util.js';

export interface WasiName {
  /** `wasi:cli/stdout` */
  readonly iface: string;
  readonly version: string;
  /** The exported name (`getStdout`), or `*` for a namespace import. */
  readonly name: string;
}

export const WASI_SPEC = /^wasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)@(\d+\.\d+\.\d+)$/;

/** Where a 0.2 interface is in 0.3: itself unless the WASI API map says it moved. */
export function ifaceIn03(iface: string): string {
  const e = WASI_API_MAP[iface];
  return e?.status === 'moved' && e.to ? e.to : iface;
}

/** The WASI API map's entry for the jco name `name` of `iface` (jco names: functions camelCase, resources PascalCase). */
export function apiEntry(iface: string, name: string) {
  return WASI_API_MAP[`${iface}.${kebab(name).replace(/^-/, '')}`];
}

/**
 * The wasi:io types each WASI 0.2 interface takes with \`use\` (the official
 * 0.2.12 WIT's \`use wasi:io/streams@0.2.12.{input-stream, output-stream}\`,
 * \`use wasi:io/error@0.2.12.{error as io-error}\`), which jco's declarations
 * for the interface re-export under the local name: \`import { InputStream }
 * from 'wasi:http/types@0.2.3'\` names wasi:io/streams' \`InputStream\`, and
 * 0.3's wasi:http/types has none. Read once from the vendored official WIT.
 */
function ioUsesOf(iface: string): ReadonlyMap<string, { iface: string; name: string }> | undefined {
  return official02Of(iface)?.ioUses;
}

/**
 * The interfaces whose resources \`iface\` takes with \`use\` (the official
 * 0.2.12 WIT): wasi:sockets/tcp-create-socket's \`create-tcp-socket\` returns
 * wasi:sockets/tcp's \`tcp-socket\`, so a file that imports only the factory
 * holds a socket of tcp's.
 */
export function resourceIfacesOf(iface: string): string[] {
  const out = new Set<string>();
  for (const d of official02Of(iface)?.uses.values() ?? []) if (official02Of(d.iface)?.resources.has(d.name)) out.add(d.iface);
  return [...out];
}

/** Where a 0.2 name imported from \`iface\` is declared: wasi:io's interface and name for a type \`iface\` only re-exports (\`use\`), else \`iface\` itself. */
export function declaredIn(iface: string, name: string): { iface: string; name: string } {
  return ioUsesOf(iface)?.get(name) ?? { iface, name };
}

export class WasiImports {
  readonly byLocal = new Map<string, WasiName>();
  /** The module specifiers of the file's WASI imports, in order. */
  readonly specifiers: string[] = [];

  constructor(readonly file: SourceFile) {
    // Read on TypeScript's tree, nothing wrapped: the rewriter builds this for every transform on every file, and
    // each wrapper is re-mapped on every later edit.
    for (const imp of importsOf(file)) {
      const m = WASI_SPEC.exec(imp.spec);
      if (!m) continue;
      this.specifiers.push(imp.spec);
      const iface = `wasi:${m[1]}/${m[2]}`;
      const version = m[3]!;
      for (const n of imp.names) {
        const origin = version.startsWith('0.2.') ? declaredIn(iface, n.imported) : { iface, name: n.imported };
        this.byLocal.set(n.local, { iface: origin.iface, version, name: origin.name });
      }
      if (imp.namespace !== undefined) this.byLocal.set(imp.namespace, { iface, version, name: '*' });
      // A runtime that gives each interface as a default export (trailbase's `import http from 'wasi:http/types@0.2.12'`): the namespace.
      if (imp.default !== undefined) this.byLocal.set(imp.default, { iface, version, name: '*' });
    }
  }

  /** The interfaces the file imports at 0.2, by any form of import (a bundle keeps \`import 'wasi:http/types@0.2.3'\` for its side effect when no name of it is left). */
  get interfaces02(): Set<string> {
    const out = new Set<string>();
    for (const spec of this.specifiers) {
      const m = WASI_SPEC.exec(spec)!;
      if (m[3]!.startsWith('0.2.')) out.add(`wasi:${m[1]}/${m[2]}`);
    }
    return out;
  }

  /** Imports of a 0.2 interface: the file has something to migrate. */
  get has02(): boolean {
    return this.interfaces02.size > 0;
  }

  /** The import a call's callee names (`getStdout()` or `ns.getStdout()`), if any. */
  callee(call: CallExpression): { iface: string; name: string } | undefined {
    return this.calleeOf(call.compilerNode, call.getSourceFile().compilerNode);
  }

  /** `callee`, read on TypeScript's tree (nothing is wrapped): to pick calls before wrapping them. */
  calleeOf(call: ts.CallExpression, sf: ts.SourceFile): { iface: string; name: string } | undefined {
    const w = this.exportOfNode(call.expression, sf);
    return w && { iface: w.iface, name: w.name };
  }

  /**
   * The WASI export an expression names, however the file imported it: a
   * name imported under its own or another name (`OutgoingResponse`,
   * `OutgoingRequest as Req`), or a member of a namespace or default import
   * of the interface (`types.OutgoingResponse`). What a transform asks
   * before it takes `new X(...)`, `X.method(...)` or `f(...)` for the WASI
   * one, so that how the file wrote its imports does not change the port.
   */
  exportOf(e: Node): WasiName | undefined {
    return this.exportOfNode(e.compilerNode, e.getSourceFile().compilerNode);
  }

  /** `exportOf`, read on TypeScript's tree (nothing is wrapped); also a type's name (\`types.IncomingRequest\`, a qualified name). */
  exportOfNode(e: ts.Node, sf: ts.SourceFile): WasiName | undefined {
    if (ts.isIdentifier(e)) {
      const w = this.byLocal.get(e.getText(sf));
      return w && w.name !== '*' ? w : undefined;
    }
    const parts = ts.isPropertyAccessExpression(e) ? [e.expression, e.name] : ts.isQualifiedName(e) ? [e.left, e.right] : undefined;
    if (!parts || !ts.isIdentifier(parts[0]!)) return undefined;
    const w = this.byLocal.get(parts[0]!.getText(sf));
    if (w?.name !== '*') return undefined;
    const name = parts[1]!.getText(sf);
    // A type the interface only re-exports (\`types.InputStream\`) is wasi:io's, as when imported by name.
    return { ...(w.version.startsWith('0.2.') ? declaredIn(w.iface, name) : { iface: w.iface, name }), version: w.version };
  }

  /** The calls under `node` whose callee is a WASI import that `test` accepts, in source order (only those are wrapped). */
  callsWhere(node: Node, test: (c: { iface: string; name: string }) => boolean): CallExpression[] {
    return descendantsWhere(node, SyntaxKind.CallExpression, (n, sf) => {
      if (!ts.isCallExpression(n)) return false;
      const c = this.calleeOf(n, sf);
      return !!c && test(c) && !inWasiImplementation(n, sf);
    });
  }

  isCall(node: Node, iface: string, name: string): node is CallExpression {
    if (!Node.isCallExpression(node)) return false;
    const c = this.callee(node);
    return c?.iface === iface && c.name === name;
  }

  /** Local name of `name` from `iface` (any version), if imported by name. */
  localOf(iface: string, name: string): string | undefined {
    for (const [local, w] of this.byLocal) if (w.iface === iface && w.name === name) return local;
    return undefined;
  }
}

/**
 * Named imports `ensureImport` has added to a declaration and not yet
 * written: a transform that ports several calls asks for several names
 * (`Request`, `Fields`, `send`), and each `addNamedImport` was a re-parse of
 * the whole file (~600 of the 500-file bench project's 4,300). They go in
 * with one replacement per declaration when the transform is done
 * (`writePendingImports`, called by the rewriter after every transform and
 * here before any other import edit; kept per project), as the text ts-morph's
 * `addNamedImport` calls one after another write, but keeping what the
 * file wrote after its last name: `{ a, b }` takes `, c, d` after `b`.
 */
interface PendingAdds {
  /** The declaration as it was when the first name was added (found again by it, should its wrapper be forgotten). */
  readonly text: string;
  readonly start: number;
  /** \`type\`: written with the inline modifier (\`type Request\`). */
  readonly adds: { readonly name: string; readonly local: string; type?: boolean }[];
}

/** Per project (a run's project and what is pending in it go together), per file. */
const pendingAdds = new WeakMap<Project, Map<SourceFile, Map<ImportDeclaration, PendingAdds>>>();

function pendingOf(file: SourceFile): Map<SourceFile, Map<ImportDeclaration, PendingAdds>> {
  const project = file.getProject();
  let m = pendingAdds.get(project);
  if (!m) pendingAdds.set(project, (m = new Map()));
  return m;
}

/** Queues \`name\` (imported as \`local\`) on \`decl\`, for \`writePendingImports\`. */
function addLater(decl: ImportDeclaration, name: string, local: string, type = false): void {
  const all = pendingOf(decl.getSourceFile());
  let p = all.get(decl.getSourceFile());
  if (!p) all.set(decl.getSourceFile(), (p = new Map()));
  let entry = p.get(decl);
  if (!entry) p.set(decl, (entry = { text: decl.getText(), start: decl.getStart(), adds: [] }));
  entry.adds.push({ name, local, ...(type && { type }) });
}

/** A declaration whose additions can wait as text: named imports already, no comment inside the braces, ts-morph's default spaces inside braces. */
function addsAsText(decl: ImportDeclaration): boolean {
  const named = decl.getImportClause()?.getNamedBindings();
  if (!named || !Node.isNamedImports(named) || named.getElements().length === 0 || /\/[/*]/.test(named.getText())) return false;
  return decl.getProject().manipulationSettings.getFormatCodeSettings().insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces !== false;
}

/** The files of `project` with names pending. */
export function filesWithPendingImports(project: Project): SourceFile[] {
  return [...(pendingAdds.get(project)?.keys() ?? [])];
}

/** Writes the names `ensureImport` left pending in `file`. */
export function writePendingImports(file: SourceFile): void {
  const all = pendingOf(file);
  const pending = all.get(file);
  if (!pending) return;
  all.delete(file);
  // Last declaration first: an edit moves nothing above it.
  for (const [decl, p] of [...pending].sort((a, b) => b[1].start - a[1].start)) {
    const now = decl.wasForgotten() ? importDeclarations(file).find((d) => d.getText() === p.text) : decl;
    if (!now || now.getText() !== p.text) throw new Error(`import declaration changed while names were pending: ${p.text}`);
    const named = now.getImportClause()!.getNamedBindingsOrThrow();
    const text = named.getText();
    const from = now.getNamedImports().at(-1)!.getEnd() - named.getStart();
    const specs = p.adds.map((a) => `${a.type ? 'type ' : ''}${a.local === a.name ? a.name : `${a.name} as ${a.local}`}`);
    // The braces alone are replaced: the file's other node wrappers (the transform's edit records) stay. What
    // followed the last name stays after the new ones (\`{a, b}\` takes no space before its brace, \`{ a, b }\` its one).
    replaceInPlace(named, `${text.slice(0, from)}, ${specs.join(', ')}${text.slice(from)}`);
  }
}

/** The name a declaration gives the whole interface: `* as x`, or a default import alone (`import http from 'wasi:http/types@0.2.12'`, read as the namespace). */
export function namespaceOf(d: ImportDeclaration): string | undefined {
  return d.getNamespaceImport()?.getText() ?? (d.getNamedImports().length ? undefined : d.getDefaultImport()?.getText());
}

/**
 * Add `name` to the import from `spec`, creating the declaration after the
 * last import when missing. Returns the local name to use. A type (\`asType\`)
 * taking the place of a 0.2 one the file imported as a type (\`wrote\`: in an
 * \`import type\`, or with an inline \`type\` modifier) is imported so too.
 */
export function ensureImport(file: SourceFile, spec: string, name: string, opts: { asType?: boolean; wrote?: 'declaration' | 'name' } = {}): string {
  // Prefer the 0.2 import that the specifiers transform will point at `spec` (keeps the file's import layout).
  const target = spec.replace(/@.*$/, '');
  const ofTarget = (d: ImportDeclaration) => {
    if (d.getModuleSpecifierValue() === spec) return true;
    const m = WASI_SPEC.exec(d.getModuleSpecifierValue());
    return !!m && m[3]!.startsWith('0.2.') && ifaceIn03(`wasi:${m[1]}/${m[2]}`) === target;
  };
  const decl =
    // Not an `import type`: the name may be used as a value (TS1361 otherwise).
    importDeclarations(file).find((d) => d.getModuleSpecifierValue() === spec && !namespaceOf(d) && !d.isTypeOnly()) ??
    importDeclarations(file).find((d) => {
      const m = WASI_SPEC.exec(d.getModuleSpecifierValue());
      if (!m || !m[3]!.startsWith('0.2.') || namespaceOf(d) || d.isTypeOnly()) return false;
      return ifaceIn03(`wasi:${m[1]}/${m[2]}`) === target;
    });
  // A name used as a type only (a type annotation) may come from an `import type`: the one the name is in already, or
  // the file's type-only import of the interface, which stays type-only (a library that must not import WASI at run
  // time, as jco-std's 0.2.x adapters say they must not).
  if (opts.asType) {
    for (const d of importDeclarations(file).filter(ofTarget)) {
      const added = pendingOf(file).get(file)?.get(d)?.adds.find((x) => x.name === name);
      if (added) return added.local;
      const have = d.getNamedImports().find((n) => n.getName() === name);
      if (have) return have.getAliasNode()?.getText() ?? name;
    }
    const typeDecl = importDeclarations(file).find((d) => ofTarget(d) && d.isTypeOnly() && !namespaceOf(d) && !d.getDefaultImport());
    if ((!decl || opts.wrote === 'declaration') && typeDecl && !compilerIdentifiersNamed(file, name).some((d) => !isNamePositionIn(d))) {
      // As text where it can (\`import type {a, b}\` keeps its braces: ts-morph's call wrote \`{a, b, c }\`).
      if (addsAsText(typeDecl)) addLater(typeDecl, name, name);
      else {
        writePendingImports(file);
        typeDecl.addNamedImport(name);
      }
      return name;
    }
  }
  // The local name must not clash with another binding (stdout's and stderr's `writeViaStream`).
  // Read again at each use: a write of what is pending (before an edit of another kind) empties it.
  const pending = () => pendingOf(file).get(file);
  const taken = (local: string) =>
    compilerIdentifiersNamed(file, local).some((d) => !isNamePositionIn(d)) ||
    importsOf(file).some((imp) => imp.names.some((n) => n.local === local)) ||
    [...(pending()?.values() ?? [])].some((a) => a.adds.some((x) => x.local === local));
  if (decl) {
    const added = pending()?.get(decl)?.adds.find((x) => x.name === name);
    // A name wanted as a value too loses its \`type\` modifier (TS1361 otherwise).
    if (added && !opts.asType) added.type = false;
    if (added) return added.local;
    const have = decl.getNamedImports().find((n) => n.getName() === name);
    if (have) {
      if (have.isTypeOnly()) {
        writePendingImports(file);
        have.setIsTypeOnly(false);
      }
      return have.getAliasNode()?.getText() ?? name;
    }
  }
  // No named import to add to, and the file reaches the interface through a namespace
  // (`import * as monotonicClock from 'wasi:clocks/monotonic-clock@0.2.3'`): the new name is reached the same way.
  if (!decl) {
    const ns = importDeclarations(file).find((d) => {
      const m = WASI_SPEC.exec(d.getModuleSpecifierValue());
      return !!m && !!namespaceOf(d) && !d.isTypeOnly() && (d.getModuleSpecifierValue() === spec || (m[3]!.startsWith('0.2.') && ifaceIn03(`wasi:${m[1]}/${m[2]}`) === target));
    });
    if (ns) return `${namespaceOf(ns)}.${name}`;
  }
  // A type-only 0.2 import of `name` from an interface that becomes `target` names the same 0.3 export
  // (`import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3'`): the value import takes its place, under its name.
  const typeOnly = importDeclarations(file)
    .filter((d) => {
      const m = WASI_SPEC.exec(d.getModuleSpecifierValue());
      return !!m && m[3]!.startsWith('0.2.') && ifaceIn03(`wasi:${m[1]}/${m[2]}`) === target;
    })
    .flatMap((d) => d.getNamedImports())
    .find((n) => n.getName() === name && !n.getAliasNode() && (n.isTypeOnly() || n.getImportDeclaration().isTypeOnly()));
  const replacesType = !!typeOnly && !compilerIdentifiersNamed(file, name).some((d) => isDeclaredName(d));
  if (typeOnly && replacesType) {
    writePendingImports(file);
    const d = typeOnly.getImportDeclaration();
    typeOnly.remove();
    if (!d.getNamedImports().length && !d.getDefaultImport() && !d.getNamespaceImport()) d.remove();
  }
  let local = name;
  if (!replacesType && taken(local)) {
    local = byInterface(target, name);
    for (let i = 2; taken(local); i++) local = `${byInterface(target, name)}${i}`;
  }
  const spec2 = local === name ? name : { name, alias: local };
  if (decl) {
    const type = !!opts.asType && !!opts.wrote;
    if (addsAsText(decl)) addLater(decl, name, local, type);
    else {
      writePendingImports(file);
      decl.addNamedImport(type ? { name, ...(local !== name && { alias: local }), isTypeOnly: true } : spec2);
    }
    return local;
  }
  writePendingImports(file);
  const all = importDeclarations(file);
  const index = all.length ? all[all.length - 1]!.getChildIndex() + 1 : 0;
  file.insertImportDeclaration(index, { moduleSpecifier: spec, namedImports: [spec2] });
  return local;
}

/** The local name of export `name` of interface `target` (`wasi:cli/stdout`) qualified by the interface: `stdoutWriteViaStream`. */
function byInterface(target: string, name: string): string {
  const iface = target.split('/').pop()!.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  return `${iface}${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/**
 * One export name the port imported from two WASI interfaces (stdout's and
 * stderr's `writeViaStream`): ensureImport qualified the later one by its
 * interface (`stdoutWriteViaStream`) and left the first bare, which reads
 * as if one were the file's own. When the bare one is the port's (the file
 * had no such name before: `original`), it is qualified the same way, with
 * every use. A name the file had is left as the file wrote it.
 */
export function nameTwinsByInterface(file: SourceFile, original: string): void {
  const byName = new Map<string, { spec: import('ts-morph').ImportSpecifier; target: string }[]>();
  for (const d of importDeclarations(file)) {
    const m = WASI_SPEC.exec(d.getModuleSpecifierValue());
    if (!m || m[3]!.startsWith('0.2.')) continue;
    for (const spec of d.getNamedImports()) {
      const list = byName.get(spec.getName()) ?? [];
      list.push({ spec, target: `wasi:${m[1]}/${m[2]}` });
      byName.set(spec.getName(), list);
    }
  }
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [name, list] of byName) {
    const bare = list.filter((x) => !x.spec.getAliasNode());
    if (list.length < 2 || bare.length !== 1 || !list.every((x) => x === bare[0] || x.spec.getAliasNode()!.getText().startsWith(byInterface(x.target, name)))) continue;
    if (new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(original)) continue;
    const local = byInterface(bare[0]!.target, name);
    const uses = compilerIdentifiersNamed(file, name).filter((d) => !isNamePositionIn(d));
    if (compilerIdentifiersNamed(file, local).length || uses.some((d) => isDeclaredName(d) || isShadowed(d, name))) continue;
    const spec = bare[0]!.spec.compilerNode;
    edits.push({ start: spec.name.getStart(), end: spec.name.getEnd(), text: `${name} as ${local}` });
    // A shorthand property (`{ writeViaStream }`) keeps its key.
    for (const d of uses) edits.push({ start: d.getStart(), end: d.getEnd(), text: ts.isShorthandPropertyAssignment(d.parent) ? `${name}: ${local}` : local });
  }
  if (!edits.length) return;
  let text = file.getFullText();
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  file.replaceWithText(text);
}

/**
 * Where a namespace import \`name\` is used other than by naming a member (\`ns.x\`, \`ns.T\`, \`typeof ns\`):
 * handed on whole, as a value (\`createNet({ tcpCreateSocket })\`, \`f(ns)\`, \`ns[key]\`).
 */
export function namespaceHandedOn(file: SourceFile, name: string): ts.Identifier[] {
  return compilerIdentifiersNamed(file, name).filter((d) => {
    const p = d.parent;
    if (inImport(d) || isNamePositionIn(d) || isDeclaredName(d) || isShadowed(d, name)) return false;
    if ((ts.isPropertyAccessExpression(p) && p.expression === d) || (ts.isQualifiedName(p) && p.left === d) || ts.isTypeQueryNode(p)) return false;
    // The \`this\` handed to its own member's \`bind\`/\`call\`/\`apply\` (\`ns.f.bind(ns)\`): the member is what goes on (functionUsedIndirectly).
    if (ts.isCallExpression(p) && p.arguments[0] === d && ts.isPropertyAccessExpression(p.expression) && INDIRECT.has(p.expression.name.text)) {
      const fn = p.expression.expression;
      if (ts.isPropertyAccessExpression(fn) && ts.isIdentifier(fn.expression) && fn.expression.text === name) return false;
    }
    return true;
  });
}

/** Function.prototype's ways of handing a function on (`bind`) or calling it other than by a call of its name (`call`, `apply`). */
const INDIRECT = new Set(['bind', 'call', 'apply']);

/**
 * Where a function imported by name (`name`), or a member `member` of a namespace import `name`
 * (`ns.member`), is used other than by a call of it: handed on as a value (`makeFs({ getDirectories })`,
 * `f(ns.getDirectories)`), or through `.bind(...)`, `.call(...)`, `.apply(...)`. Each with how (`'value'` or
 * the method) and the node to report at (the name, or `ns.member`).
 */
export function functionUsedIndirectly(file: SourceFile, name: string, member?: string): { at: ts.Node; how: 'value' | 'bind' | 'call' | 'apply' }[] {
  const out: { at: ts.Node; how: 'value' | 'bind' | 'call' | 'apply' }[] = [];
  for (const d of compilerIdentifiersNamed(file, name)) {
    if (inImport(d) || isNamePositionIn(d) || isDeclaredName(d) || isShadowed(d, name)) continue;
    let ref: ts.Expression = d;
    if (member !== undefined) {
      const p = d.parent;
      if (!ts.isPropertyAccessExpression(p) || p.expression !== d || p.name.text !== member) continue;
      ref = p;
    } else if ((ts.isPropertyAccessExpression(d.parent) && d.parent.expression === d && !INDIRECT.has(d.parent.name.text)) || ts.isQualifiedName(d.parent) || ts.isTypeQueryNode(d.parent)) continue;
    let up: ts.Node = ref.parent;
    while (ts.isParenthesizedExpression(up) || ts.isNonNullExpression(up) || ts.isAsExpression(up)) up = up.parent;
    // A call of it (`getDirectories()`) is ported where it is.
    if (ts.isCallExpression(up) && skipOuter(up.expression) === ref) continue;
    if (ts.isPropertyAccessExpression(up) && INDIRECT.has(up.name.text) && ts.isCallExpression(up.parent) && up.parent.expression === up) {
      out.push({ at: ref, how: up.name.text as 'bind' | 'call' | 'apply' });
      continue;
    }
    // A member read of `ns.member` (`ns.getDirectories.name`) is no hand-on.
    if (member !== undefined && (ts.isPropertyAccessExpression(up) || ts.isElementAccessExpression(up))) continue;
    out.push({ at: ref, how: 'value' });
  }
  return out;
}

/** Is an identifier `name` used in `file` anywhere outside `except`? */
export function isReferenced(file: SourceFile, name: string, except: Node): boolean {
  return compilerIdentifiersNamed(file, name).some((d) => !isInside(d, except.compilerNode) && !isNamePositionIn(d) && !isDeclaredName(d) && !isShadowed(d, name, except.compilerNode));
}

/** The files as the run found them, parsed once each (by path and text): what `usedAtStart` reads. */
const startTrees = new Map<string, ts.SourceFile>();

/**
 * Whether the file as the run found it (\`original\`) used \`name\` outside
 * its imports. A name nothing used before the port is the author's choice
 * (\`import { getRandomBytes as _ }\` pulls an interface into the world), not
 * one the port left unused.
 */
export function usedAtStart(path: string, original: string, name: string): boolean {
  const key = `${path}\0${original}`;
  let sf = startTrees.get(key);
  if (!sf) startTrees.set(key, (sf = ts.createSourceFile(path, original, ts.ScriptTarget.Latest, true)));
  return identifiersIn(sf, name).some((d) => !inImport(d) && !isNamePositionIn(d) && !isDeclaredName(d) && !isShadowed(d, name));
}

function inImport(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (ts.isImportDeclaration(p)) return true;
  return false;
}

/**
 * An identifier inside a function or block that declares a binding of its
 * own by that name (`const handle = getStdin()` where the file imports
 * `handle`): it refers to that binding, not to the module's.
 */
function isShadowed(id: ts.Identifier, name: string, own?: ts.Node): boolean {
  // \`own\` (isReferenced's \`except\`) holds, or is, the declaration whose uses are looked for: that binding is the name
  // itself, not one shadowing it (\`const network = ...; console.log(network);\` in one block is a use).
  const other = (decl: ts.Node) => !own || !(isInside(decl, own) || isInside(own, decl));
  for (let p: ts.Node = id.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isFunctionLike(p) && (p.parameters.some((q) => binds(q.name, name) && other(q)) || (!ts.isFunctionDeclaration(p) && p.name && ts.isIdentifier(p.name) && p.name.text === name && other(p)))) return true;
    if (ts.isCatchClause(p) && p.variableDeclaration && binds(p.variableDeclaration.name, name) && other(p.variableDeclaration)) return true;
    if ((ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer && ts.isVariableDeclarationList(p.initializer) && p.initializer.declarations.some((v) => binds(v.name, name) && other(v))) return true;
    if (ts.isBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const st of p.statements) {
        if (ts.isVariableStatement(st) && st.declarationList.declarations.some((v) => binds(v.name, name) && other(v))) return true;
        if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name && other(st)) return true;
      }
    }
  }
  return false;
}

/** A binding name (an identifier or a destructuring pattern) that binds `name`. */
function binds(n: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(n)) return n.text === name;
  return n.elements.some((e) => !ts.isOmittedExpression(e) && binds(e.name, name));
}

/** An identifier that names a property or member rather than referring to a binding (on the compiler's tree). */
function isNamePositionIn(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isImportSpecifier(p)) return true;
  // `export { X } from 'wasi:...'` names the other module's export, not the binding the file imported.
  if (ts.isExportSpecifier(p) && p.parent.parent.moduleSpecifier) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if ((ts.isMethodDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) && p.name === id) return true;
  return false;
}

/** An identifier that a declaration introduces (`startConnect(network: unknown)` in an interface): another binding, not a use of the one of that name. */
function isDeclaredName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if ((ts.isParameter(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumMember(p)) && p.name === id) return true;
  return ts.isBindingElement(p) && (p.propertyName === id || (!p.propertyName && p.name === id));
}

function isInside(n: ts.Node, outer: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === outer) return true;
  return false;
}

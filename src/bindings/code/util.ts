/** Small syntax helpers shared by the transforms. */
import { Node, type ClassDeclaration, type ClassExpression, type KindToNodeMappings, type BindingElement, type Block, type CallExpression, type CatchClause, type Expression, type Identifier, type ImportDeclaration, type ParameterDeclaration, type SourceFile, type Statement, type VariableDeclaration, SyntaxKind, ts } from 'ts-morph';
import { isTypeScript } from './helpers.js';
import { releasedIn03 } from '../../wit/official.js';

export const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A node's code with the file's style taken out, for the transforms that
 * match a shape by its text: tokens joined with no space between them (but
 * one between two words),
 * string literals in single quotes, no semicolons, no comma before a closing
 * bracket. `if (e !== "would-block") throw e;` and
 * `if (e !== 'would-block') throw e` give the same shape; real code is
 * written in both (Prettier's default double quotes, StandardJS without
 * semicolons), and a shape matched by its formatting missed the other styles.
 */
export function shapeOf(n: Node): string {
  const sf = n.getSourceFile().compilerNode;
  const out: string[] = [];
  const walk = (t: ts.Node): void => {
    if (t.kind === ts.SyntaxKind.JSDoc) return;
    const kids = t.getChildren(sf);
    if (kids.length === 0 || ts.isStringLiteral(t)) {
      if (t.kind === ts.SyntaxKind.SemicolonToken) return;
      if (t.kind === ts.SyntaxKind.CloseBraceToken || t.kind === ts.SyntaxKind.CloseBracketToken || t.kind === ts.SyntaxKind.CloseParenToken) {
        if (out.at(-1) === ',') out.pop();
      }
      out.push(ts.isStringLiteral(t) ? `'${t.text.replace(/[\\']/g, '\\$&')}'` : t.getText(sf));
      return;
    }
    for (const k of kids) walk(k);
  };
  walk(n.compilerNode);
  // One space between two words (`throw e`, `await out.close()`), none elsewhere.
  return out.reduce((acc, t) => (/[\w$]$/.test(acc) && /^[\w$]/.test(t) ? `${acc} ${t}` : acc + t), '');
}

/**
 * The `val` of a result literal `{ tag: 'ok', val: x }` (either quote, any
 * layout, `"tag"` as a key too, in either order), or undefined for any other
 * expression.
 */
export function okValue(n: Node | undefined): import('ts-morph').PropertyAssignment | undefined {
  if (!n || !Node.isObjectLiteralExpression(n) || n.getProperties().length !== 2) return undefined;
  const prop = (name: string) => n.getProperties().find((p) => Node.isPropertyAssignment(p) && (p.getNameNode().getText() === name || (Node.isStringLiteral(p.getNameNode()) && (p.getNameNode() as import('ts-morph').StringLiteral).getLiteralValue() === name)));
  const tag = prop('tag');
  const init = tag && Node.isPropertyAssignment(tag) ? tag.getInitializer() : undefined;
  const val = prop('val');
  return init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init)) && init.getLiteralValue() === 'ok' && val && Node.isPropertyAssignment(val) ? val : undefined;
}

/** The name `x` in a statement `x.subscribe().block()` (0.2's wait on a pollable made on the spot), or undefined. */
export function blockedOn(st: Node | undefined): string | undefined {
  const block = st && Node.isExpressionStatement(st) ? st.getExpression() : undefined;
  if (!block || !Node.isCallExpression(block) || block.getArguments().length) return undefined;
  const m = methodOf(block);
  const sub = m?.name === 'block' ? m.recv : undefined;
  if (!sub || !Node.isCallExpression(sub) || sub.getArguments().length) return undefined;
  const s = methodOf(sub);
  return s?.name === 'subscribe' && Node.isIdentifier(s.recv) ? s.recv.getText() : undefined;
}

/** A block's statements but the empty ones (a file without semicolons writes `;[a, b] = f()`: an empty statement, then the assignment). */
export function codeStatements(block: Block): Statement[] {
  return block.getStatements().filter((s) => !Node.isEmptyStatement(s));
}

/** `undefined`, `void 0` (what bundlers and minifiers write for it) or, with `orNull`, `null`: no value, as jco reads an absent option. */
export function isNothing(n: Node | undefined, orNull = false): boolean {
  if (!n) return false;
  const x = withoutParens(n);
  if (Node.isIdentifier(x)) return x.getText() === 'undefined';
  if (Node.isVoidExpression(x)) return Node.isLiteralExpression(withoutParens(x.getExpression()));
  return orNull && Node.isNullLiteral(x);
}

/**
 * What the module's own export lists export (`export { a, b as c }`, no
 * `from`): local name to the node naming the export (its alias, or the name).
 */
export function listedExports(file: SourceFile): Map<string, Node> {
  const listed = new Map<string, Node>();
  for (const ed of file.getExportDeclarations()) {
    if (ed.getModuleSpecifier()) continue;
    for (const n of ed.getNamedExports()) listed.set(n.getName(), n.getAliasNode() ?? n.getNameNode());
  }
  return listed;
}

/**
 * The module-level object literals the module exports, by exported name:
 * `export const run = {...}`, or a variable exported by a list (`var run =
 * {...}; export { run }`, as esbuild and rollup write bundles; `export { r as
 * run }`). `name` is the node that names the export: the variable's name,
 * or the list's alias.
 */
export function exportedObjects(file: SourceFile): Map<string, { obj: import('ts-morph').ObjectLiteralExpression; decl: VariableDeclaration; name: Node }> {
  const listed = listedExports(file);
  const out = new Map<string, { obj: import('ts-morph').ObjectLiteralExpression; decl: VariableDeclaration; name: Node }>();
  // \`file.getVariableStatements()\`, with only the statements that hold an object literal wrapped.
  for (const cst of file.compilerNode.statements) {
    // Also written \`{...} satisfies typeof Handler\` or \`{...} as T\` (TypeScript typing it against the interface).
    const bare = (e: ts.Expression | undefined): ts.Expression | undefined => {
      while (e && (ts.isSatisfiesExpression(e) || ts.isAsExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
      return e;
    };
    if (!ts.isVariableStatement(cst) || !cst.declarationList.declarations.some((d) => { const e = bare(d.initializer); return !!e && ts.isObjectLiteralExpression(e); })) continue;
    const st = wrapped<import('ts-morph').VariableStatement>(file, cst);
    for (const v of st.getDeclarations()) {
      let init = v.getInitializer();
      while (init && (Node.isSatisfiesExpression(init) || Node.isAsExpression(init) || Node.isParenthesizedExpression(init))) init = init.getExpression();
      if (!init || !Node.isObjectLiteralExpression(init) || !Node.isIdentifier(v.getNameNode())) continue;
      const alias = listed.get(v.getName());
      // Exported under its own name: renaming the variable renames the export with it.
      const name = st.isExported() || alias?.getText() === v.getName() ? v.getNameNode() : alias;
      if (name) out.set(name.getText(), { obj: init, decl: v, name });
    }
  }
  return out;
}

/** `for (;;)`, `while (true)`, `do ... while (true)`. */
export function isEndlessLoop(n: Node): n is Statement {
  if (Node.isForStatement(n)) return !n.getCondition() && !n.getInitializer() && !n.getIncrementor();
  if (Node.isWhileStatement(n) || Node.isDoStatement(n)) return n.getExpression().getText() === 'true';
  return false;
}

/** A 0.2 would-block retry loop around one call. */
export interface Retry {
  loop: Statement;
  /** The variable the result went to (`v = s.finishX()`), or undefined for a bare `s.finishX()`. */
  target: string | undefined;
  call: Node;
}

/**
 * `for (;;) { try { v = CALL; break; } catch (e) { if (e !== 'would-block') throw e; ...block(); } }`; the test may
 * read the error as a ComponentizeJS build throws it, a ComponentError whose `payload` is the error-code
 * (`e.payload !== 'would-block'`, `e?.payload`).
 */
export function retryLoop(loop: Statement): Retry | undefined {
  if (!isEndlessLoop(loop)) return undefined;
  const body = (loop as unknown as { getStatement(): Node }).getStatement();
  // \`for (;;) { try ... }\`, or the \`try\` as the loop's body itself (\`for (;;) try ...\`, as bundlers print it).
  const inner = Node.isBlock(body) ? codeStatements(body) : [body];
  if (inner.length !== 1) return undefined;
  const t = inner[0]!;
  if (!Node.isTryStatement(t) || t.getFinallyBlock()) return undefined;
  const ts = codeStatements((t as import('ts-morph').TryStatement).getTryBlock());
  if (ts.length !== 2 || !Node.isBreakStatement(ts[1]!) || !Node.isExpressionStatement(ts[0]!)) return undefined;
  const assign = ts[0].getExpression();
  const bare = Node.isCallExpression(assign);
  if (!bare && (!Node.isBinaryExpression(assign) || assign.getOperatorToken().getText() !== '=')) return undefined;
  const clause = t.getCatchClause();
  const text = clause ? shapeOf(clause.getBlock()) : '';
  const e = clause?.getVariableDeclaration()?.getName();
  if (!e || ![e, `${e}.payload`, `${e}?.payload`].some((v) => text.startsWith(`{if(${v}!=='would-block')throw ${e}`)) || !text.endsWith('.block()}')) return undefined;
  if (bare) return { loop, target: undefined, call: assign };
  return { loop, target: (assign as import('ts-morph').BinaryExpression).getLeft().getText(), call: (assign as import('ts-morph').BinaryExpression).getRight() };
}

/**
 * A catch clause that only leaves: one unlabeled `break` (or, when
 * `returns`, a `return`), its error unused. The code left the same way on
 * every error; the statement, or undefined for any other clause.
 */
export function onlyLeaves(clause: CatchClause, returns: boolean): Statement | undefined {
  const stmts = clause.getBlock().getStatements();
  const only = stmts.length === 1 ? stmts[0]! : undefined;
  if (!only || !((Node.isBreakStatement(only) && !only.getLabel()) || (returns && Node.isReturnStatement(only)))) return undefined;
  const v = clause.getVariableDeclaration();
  const unused = !v || (Node.isIdentifier(v.getNameNode()) && !clause.getBlock().getDescendantsOfKind(SyntaxKind.Identifier).some((i) => i.getText() === v.getName()));
  return unused ? only : undefined;
}

/**
 * A TCP connection's 0.2 `[input, output]` as 0.3 values: the receive pair and
 * a sink for send, as a tuple (not an array of either) in the file's language.
 * The caller asks for the `wasiSink` helper.
 */
export function streamsPair(file: SourceFile, conn: string, whole = false): string {
  const pair = `[${conn}.receive(), wasiSink((data) => ${conn}.send(data))]`;
  // TypeScript's `as` needs no parentheses as a whole initializer, assigned or returned value (JSDoc's cast is its parentheses).
  if (isTypeScript(file.getFilePath())) return whole ? `${pair} as const` : `(${pair} as const)`;
  return `/** @type {const} */ (${pair})`;
}

export type Binding = VariableDeclaration | ParameterDeclaration | BindingElement;

/**
 * The variable, parameter or destructured element an identifier refers to,
 * found by walking its lexical scopes (no type checker: asking the checker
 * after each edit would rebuild the program of the whole project). The
 * scopes are walked on the compiler's tree and only the binding found is
 * wrapped: walking ts-morph's wrapped every statement and declaration on
 * the way, and each wrapper is re-mapped on every later edit of the file.
 */
export function declarationOf(id: Node): Binding | undefined {
  if (!Node.isIdentifier(id)) return undefined;
  const sf = id.getSourceFile();
  const own = id.compilerNode;
  const name = id.getText();
  const p = own.parent;
  // `x.name` and `{ name: ... }` are property names, not references.
  if (p && ts.isPropertyAccessExpression(p) && p.name === own) return undefined;
  for (let scope: ts.Node | undefined = p; scope; scope = scope.parent) {
    const found = declaredIn(scope, name, sf.compilerNode);
    if (found) return wrapped<Binding>(sf, found);
  }
  return undefined;
}

type TsBinding = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

/** A binding named `name` that `scope` itself declares (parameters, its own statements, a loop or catch variable). */
function declaredIn(scope: ts.Node, name: string, sf: ts.SourceFile): TsBinding | undefined {
  if (ts.isFunctionDeclaration(scope) || ts.isFunctionExpression(scope) || ts.isArrowFunction(scope) || ts.isMethodDeclaration(scope) || ts.isConstructorDeclaration(scope)) {
    for (const prm of scope.parameters) {
      const hit = bindingNamed(prm, name, sf);
      if (hit) return hit;
    }
    return undefined;
  }
  if (ts.isForOfStatement(scope) || ts.isForInStatement(scope) || ts.isForStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) {
      const hit = bindingNamed(d, name, sf);
      if (hit) return hit;
    }
    return undefined;
  }
  if (ts.isCatchClause(scope)) {
    const v = scope.variableDeclaration;
    return v ? bindingNamed(v, name, sf) : undefined;
  }
  if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    for (const st of scope.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        const hit = bindingNamed(d, name, sf);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** `d` when its name is `name`, or the first element of its destructuring pattern so named (in source order). */
function bindingNamed(d: TsBinding, name: string, sf: ts.SourceFile): TsBinding | undefined {
  const n = d.name;
  if (ts.isIdentifier(n)) return n.getText(sf) === name ? d : undefined;
  let found: ts.BindingElement | undefined;
  const visit = (c: ts.Node): void => {
    if (found) return;
    if (ts.isBindingElement(c) && ts.isIdentifier(c.name) && c.name.getText(sf) === name) {
      found = c;
      return;
    }
    ts.forEachChild(c, visit);
  };
  visit(n);
  return found;
}

/** The initializer of the variable an identifier refers to (`f()` for `x` after `const x = f()`), if any. */
export function initializerOf(id: Node): Expression | undefined {
  const d = declarationOf(id);
  return d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
}

/** Identifiers that refer to `decl` (its own name excluded), in the scope that declares it. */
export function referencesTo(decl: Binding): Identifier[] {
  const name = decl.getNameNode();
  if (!Node.isIdentifier(name)) return [];
  const text = name.getText();
  let scope: Node = decl;
  while (!(Node.isBlock(scope) || Node.isSourceFile(scope) || Node.isFunctionDeclaration(scope) || Node.isFunctionExpression(scope) || Node.isArrowFunction(scope) || Node.isMethodDeclaration(scope) || Node.isForOfStatement(scope) || Node.isForStatement(scope) || Node.isForInStatement(scope) || Node.isCatchClause(scope))) {
    const up = scope.getParent();
    if (!up) break;
    scope = up;
  }
  // Found on TypeScript's tree (JSDoc left out, as before): only the candidates get wrappers, and every wrapper is re-mapped on each later edit.
  const sf = decl.getSourceFile();
  const own = name.compilerNode;
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.Identifier && n !== own && n.getText(sf.compilerNode) === text) found.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(scope.compilerNode, visit);
  return found.map((n) => wrapped<Identifier>(sf, n)).filter((d) => declarationOf(d) === decl);
}

/**
 * The identifiers of `file` that are the receiver of a call of one of the
 * methods `names` (`x` of `x.get(...)`), in source order, found on
 * TypeScript's tree: walking ts-morph's tree for every identifier scans each
 * token into a node and wraps them all.
 */
export function methodReceivers(file: SourceFile, names: readonly string[]): Identifier[] {
  const sf = file.compilerNode;
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    const pa = n.parent;
    if (n.kind === ts.SyntaxKind.Identifier && pa && ts.isPropertyAccessExpression(pa) && pa.expression === n && names.includes(pa.name.getText(sf)) && pa.parent && ts.isCallExpression(pa.parent) && pa.parent.expression === pa) found.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(sf, visit);
  return found.map((n) => wrapped<Identifier>(file, n));
}

/** `x.m(...)` with `x` the given identifier: the call, if `id` is the receiver of a call of `m`. */
export function methodCallOn(id: Node, names?: readonly string[]): CallExpression | undefined {
  const pa = id.getParent();
  if (!pa || !Node.isPropertyAccessExpression(pa) || pa.getExpression() !== id) return undefined;
  if (names && !names.includes(pa.getName())) return undefined;
  const call = pa.getParent();
  return call && Node.isCallExpression(call) && call.getExpression() === pa ? call : undefined;
}

/**
 * Calls `recv.m(...)` under `node` with `m` one of `names`, in source order: `methodOf(c)?.name` among `names`,
 * wrapping no other call; not \`this.m()\` or \`super.m()\` of the code's own method (`thisMember`, through the
 * class's heritage), whatever WASI method shares its name.
 */
export function methodCalls(node: Node, names: readonly string[]): CallExpression[] {
  return descendantsWhere(node, SyntaxKind.CallExpression, (n, sf) => ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && names.includes(n.expression.name.getText(sf)) && !inWasiImplementation(n, sf)).filter((c) => callOwner(c) !== 'own');
}

/**
 * Whose method \`recv.m(...)\` calls: \`thisMember\` for \`this\` and \`super\`; for \`new C(...)\`, or a variable
 * holding one that no code assigns again, \`C\`'s by its heritage (\`instanceMember\`); undefined for any other receiver.
 */
export function callOwner(call: CallExpression): MemberOwner | undefined {
  const m = methodOf(call);
  if (!m) return undefined;
  const recv = withoutParens(m.recv);
  const of = thisMember(recv, m.name);
  if (of) return of;
  let made: Node | undefined = recv;
  if (Node.isIdentifier(recv)) {
    const d = declarationOf(recv);
    const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
    made = init && Node.isNewExpression(withoutParens(init)) && !referencesTo(d!).some(isAssignedTo) ? withoutParens(init) : undefined;
  }
  const cls = made && Node.isNewExpression(made) ? classOf(made.getExpression()) : undefined;
  return cls && instanceMember(cls, m.name);
}

const implementationsOf = new WeakMap<ts.SourceFile, readonly ts.ClassLikeDeclaration[]>();

/**
 * The classes of a file that implement a type of a WASI 0.2 import
 * (\`class Descriptor implements WasiDescriptor\`, a virtual filesystem), and
 * those of the file that extend one: code that provides the interface, which
 * the specifiers transform reports (\`implementedHere\`). The transforms port
 * calls; inside these they leave the code as it is.
 */
export function wasiImplementations(sf: ts.SourceFile): readonly ts.ClassLikeDeclaration[] {
  let found = implementationsOf.get(sf);
  if (found) return found;
  found = [];
  if (sf.text.includes('implements')) {
    // Local name -> whether it is a namespace (\`ns.Descriptor\`).
    const wasi = new Map<string, boolean>();
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !/^wasi:[^@]+@0\.2\./.test(st.moduleSpecifier.text)) continue;
      const b = st.importClause?.namedBindings;
      if (b && ts.isNamespaceImport(b)) wasi.set(b.name.text, true);
      else if (b) for (const el of b.elements) wasi.set(el.name.text, false);
    }
    if (wasi.size) {
      const classes: ts.ClassLikeDeclaration[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isClassLike(n)) classes.push(n);
        ts.forEachChild(n, visit);
      };
      visit(sf);
      const heritage = (c: ts.ClassLikeDeclaration, token: ts.SyntaxKind) => (c.heritageClauses ?? []).filter((h) => h.token === token).flatMap((h) => h.types.map((t) => t.expression));
      const impl = new Set(classes.filter((c) => heritage(c, ts.SyntaxKind.ImplementsKeyword).some((e) => (ts.isIdentifier(e) ? wasi.get(e.text) === false : ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && wasi.get(e.expression.text) === true))));
      for (let grew = impl.size > 0; grew; ) {
        grew = false;
        const names = new Set([...impl].flatMap((c) => (c.name ? [c.name.text] : [])));
        for (const c of classes) {
          if (impl.has(c) || !heritage(c, ts.SyntaxKind.ExtendsKeyword).some((e) => ts.isIdentifier(e) && names.has(e.text))) continue;
          impl.add(c);
          grew = true;
        }
      }
      found = [...impl];
    }
  }
  implementationsOf.set(sf, found);
  return found;
}

/** Whether \`n\` is inside a class that implements a WASI 0.2 type (\`wasiImplementations\`). */
export function inWasiImplementation(n: ts.Node, sf: ts.SourceFile): boolean {
  const impls = wasiImplementations(sf);
  return impls.length > 0 && impls.some((c) => c.pos <= n.pos && n.end <= c.end);
}

/** Whose member a call on \`this\`, \`super\` or an instance names: the code's (\`own\`), a WASI resource's, or out of sight. */
export type MemberOwner = 'own' | 'wasi' | { what: string };

/**
 * Whose method \`this.status()\` (or \`super.status()\`, from the base on) calls: 'own' where the class or object
 * literal around \`this\` declares it (a member, or \`this.status = ...\` in the class), or a base class the project
 * declares (followed through imports) does; 'wasi' where the class extends a WASI import before that; what \`this\`
 * is where its members are out of sight (a base class of a package, a mixin call's result, an object literal's
 * spread, a plain function's \`this\`, a member none of them declares, added at run time); undefined where \`recv\`
 * is no \`this\` or \`super\` of a function. Only a class extending a WASI resource makes \`this\` one.
 */
export function thisMember(recv: Node, name: string): MemberOwner | undefined {
  // \`super.status()\` looks in the base classes only.
  const isSuper = recv.getKind() === SyntaxKind.SuperKeyword;
  if (!isSuper && recv.getKind() !== SyntaxKind.ThisKeyword) return undefined;
  const fn = recv.getFirstAncestor((a) => (Node.isFunctionLikeDeclaration(a) && !Node.isArrowFunction(a)) || Node.isFunctionExpression(a) || Node.isPropertyDeclaration(a) || Node.isClassStaticBlockDeclaration(a));
  if (!fn) return undefined;
  if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) return { what: 'the `this` of a plain function (not a class\'s or object literal\'s)' };
  const owner = fn.getParent();
  if (Node.isObjectLiteralExpression(owner)) {
    if (isSuper) return { what: 'the prototype of an object literal' };
    if (owner.getProperty(name) !== undefined) return 'own';
    const spread = owner.getProperties().find((p) => Node.isSpreadAssignment(p));
    return { what: spread ? `an object literal spreading \`${spread.getExpression().getText()}\`` : `an object literal that declares no \`${name}\` (one added later)` };
  }
  return owner && (Node.isClassDeclaration(owner) || Node.isClassExpression(owner)) ? instanceMember(owner, name, isSuper) : undefined;
}

/**
 * Whose member \`name\` is on an instance of \`cls\` (\`new C().stat()\`), by its heritage: 'own' where \`cls\` or a
 * base class the project declares has it before a WASI import is extended ('wasi'), else what the instance is.
 * \`basesOnly\` skips \`cls\` itself (\`super.stat()\`).
 */
export function instanceMember(cls: ClassDeclaration | ClassExpression, name: string, basesOnly = false): MemberOwner {
  const seen = new Set<Node>();
  for (let c: Node | undefined = cls; c && (Node.isClassDeclaration(c) || Node.isClassExpression(c)) && !seen.has(c); ) {
    seen.add(c);
    if (!(basesOnly && c === cls) && classDeclares(c, name)) return 'own';
    const base = c.getExtends()?.getExpression();
    if (!base) return { what: `an instance of a class that, with its bases here, declares no \`${name}\` (one added at run time)` };
    if (importedFromWasi(base)) return 'wasi';
    c = classOf(base);
    // A class only declared (a .d.ts, \`declare class\`: jco's types of a WASI resource, re-exported) is no code's own.
    if (!c || (Node.isClassDeclaration(c) && (c.isAmbient() || c.getSourceFile().isDeclarationFile()))) return { what: `an instance of a class extending \`${base.getText()}\`` };
  }
  return { what: 'an instance of a class whose bases extend each other' };
}

/** \`X\` or \`ns.X\` with \`X\` or \`ns\` a name the file of \`e\` imports from a \`wasi:\` module (any version, any form of import). */
function importedFromWasi(e: Node): boolean {
  let root = e.compilerNode;
  while (ts.isPropertyAccessExpression(root) || ts.isParenthesizedExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  const local = root.text;
  return importsOf(e.getSourceFile()).some((i) => i.spec.startsWith('wasi:') && (i.namespace === local || i.default === local || i.names.some((n) => n.local === local)));
}

/** \`cls\` declares \`name\`: a member of that name, or \`this.name = ...\` in it (a JavaScript class's field). */
function classDeclares(cls: ClassDeclaration | ClassExpression, name: string): boolean {
  if (cls.getMembers().some((m) => !Node.isConstructorDeclaration(m) && !Node.isClassStaticBlockDeclaration(m) && m.getName() === name)) return true;
  return cls.getDescendantsOfKind(SyntaxKind.BinaryExpression).some((b) => {
    const left = b.getLeft();
    return b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isPropertyAccessExpression(left) && left.getName() === name && left.getExpression().getKind() === SyntaxKind.ThisKeyword;
  });
}

/** The class \`e\` (a base class's name, imported or not) names in the project, declared or a class expression held by a const. */
export function classOf(e: Node): ClassDeclaration | ClassExpression | undefined {
  const symbol = e.getSymbol();
  const decls = (symbol?.getAliasedSymbol() ?? symbol)?.getDeclarations() ?? [];
  const held = decls.map((d) => (Node.isVariableDeclaration(d) ? d.getInitializer() : d)).filter((d): d is ClassDeclaration | ClassExpression => !!d && (Node.isClassDeclaration(d) || Node.isClassExpression(d)));
  return held.length === 1 ? held[0] : undefined;
}

/** `x = ...`, `x += ...`, `x++`, `[x] = ...` (also of `x[0]`): `id` is written there. */
export function isAssignedTo(id: Node): boolean {
  let n: Node = id;
  for (let p = n.getParent(); p && (Node.isArrayLiteralExpression(p) || Node.isObjectLiteralExpression(p) || Node.isShorthandPropertyAssignment(p) || Node.isPropertyAssignment(p) || Node.isParenthesizedExpression(p)); p = p.getParent()) n = p;
  const p = n.getParent();
  if (p && Node.isBinaryExpression(p) && p.getLeft() === n) {
    const op = p.getOperatorToken().getKind();
    return op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
  }
  return !!p && (Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p)) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(p.getOperatorToken());
}

/**
 * The function of the file \`callee\` names: a variable's function expression or arrow, or a function declared
 * in the file; undefined for a parameter or anything else.
 */
export function fileFunction(callee: Node): Node | undefined {
  if (!Node.isIdentifier(callee)) return undefined;
  const d = declarationOf(callee);
  const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
  const fn = d ? init && withoutParens(init) : callee.getSourceFile().getFunction(callee.getText());
  return fn && (Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) ? fn : undefined;
}

/** `recv.name(...)`: the receiver and method name of a method call. */
export function methodOf(call: CallExpression): { recv: Expression; name: string } | undefined {
  const e = call.getExpression();
  if (!Node.isPropertyAccessExpression(e)) return undefined;
  return { recv: e.getExpression(), name: e.getName() };
}

/**
 * A comment line that speaks of the line below it (\`// @ts-ignore\`,
 * \`// @ts-expect-error\`, \`// eslint-disable-next-line\`, ...). Above a
 * statement that goes, it goes too: left, it would speak of whatever line
 * comes up (a \`@ts-expect-error\` with no error below is an error of its own).
 */
export const NEXT_LINE_DIRECTIVE = /^\/\/\s*(?:@ts-ignore|@ts-expect-error|@ts-nocheck-next-line|eslint-disable-next-line|oxlint-disable-next-line|biome-ignore|deno-lint-ignore|prettier-ignore)\b/;

/** The statements (own-line comments too) of the block, file or case clause that holds `st`. */
function siblingsOf(st: Node): Node[] | undefined {
  const p = st.getParent();
  return p && (Node.isBlock(p) || Node.isSourceFile(p) || Node.isCaseClause(p) || Node.isDefaultClause(p)) ? p.getStatementsWithComments() : undefined;
}

const BLANK_LINE = /\n[ \t]*\r?\n/;

/**
 * Removes a statement (or an own-line comment) keeping the blank lines of
 * its file: ts-morph's \`remove()\` joins the statements before and after it
 * with one line end, so a blank line that set them apart (two groups the
 * author separated) went with it. When one did, it comes back between them,
 * inserted as whitespace, which keeps every node wrapper the transform
 * holds. (Not when the statement before ends its line with a comment and
 * the next one is indented: the blank line could only go in before that
 * comment, or hold the next line's indentation; it is left out, as before.)
 */
export function removeStatement(st: Statement): void {
  const all = siblingsOf(st);
  // The body of an \`if\`, a loop or a label (\`while (...) f.subscribe().block();\`) cannot go: an empty block takes its place.
  if (!all && !Node.isCommentStatement(st)) {
    st.replaceWithText('{}');
    return;
  }
  const i = all?.indexOf(st) ?? -1;
  const prev = i > 0 ? all![i - 1] : undefined;
  const next = i >= 0 ? all![i + 1] : undefined;
  const file = st.getSourceFile();
  const text = file.getFullText();
  const apart = prev && next && (BLANK_LINE.test(text.slice(prev.getEnd(), st.getStart(true))) || BLANK_LINE.test(text.slice(st.getEnd(), next.getStart(true))));
  st.remove();
  if (!apart) return;
  const now = file.getFullText();
  if (BLANK_LINE.test(now.slice(prev.getEnd(), next.getStart(true)))) return;
  const eol = now.indexOf('\n', prev.getEnd());
  if (/^\r?$/.test(now.slice(prev.getEnd(), eol))) prev.appendWhitespace('\n');
  else if (now[next.getStart(true) - 1] === '\n') next.prependWhitespace('\n');
}

/** Removes a statement and the next-line directives right above it (ts-morph keeps own-line comments as statements of their own); other comments stay. */
export function removeWithDirectives(st: Statement): void {
  const all = siblingsOf(st);
  if (all) {
    const above: Node[] = [];
    for (let i = all.indexOf(st) - 1; i >= 0 && Node.isCommentStatement(all[i]!) && NEXT_LINE_DIRECTIVE.test(all[i]!.getText()); i--) above.push(all[i]!);
    for (const c of above) removeStatement(c as Statement);
  }
  removeStatement(st);
}

/**
 * Whether `key` (the `k` of `x[k]`) is \`Symbol.dispose\`: written so, or a
 * constant the file holds it in (jco's own examples write
 * \`const symbolDispose = Symbol.dispose || Symbol.for('dispose')\`).
 */
export function isDisposeKey(key: Node | undefined): boolean {
  if (!key) return false;
  if (key.getText() === 'Symbol.dispose') return true;
  // `Symbol.dispose || Symbol.for('dispose')` written in place, as in a constant holding it.
  if (Node.isBinaryExpression(key) && ['||', '??'].includes(key.getOperatorToken().getText())) return key.getLeft().getText() === 'Symbol.dispose';
  const d = Node.isIdentifier(key) ? declarationOf(key) : undefined;
  const init = d && Node.isVariableDeclaration(d) && d.getVariableStatement()?.getDeclarationKind() === 'const' ? d.getInitializer() : undefined;
  if (!init) return false;
  const first = Node.isBinaryExpression(init) && ['||', '??'].includes(init.getOperatorToken().getText()) ? init.getLeft() : init;
  return first.getText() === 'Symbol.dispose';
}

/**
 * Wrap `text` (an expression) in `await`, parenthesised when it sits where a bare await would bind wrongly; as it
 * is where the code awaits `node` already (`await stream.blockingRead(n)`, a sync 0.2 call awaited all the same).
 */
export function awaitText(node: Node, text: string): string {
  const p = node.getParent();
  if (p && Node.isAwaitExpression(p)) return text;
  const tight = p && (Node.isPropertyAccessExpression(p) || Node.isElementAccessExpression(p) || (Node.isCallExpression(p) && p.getExpression() === node) || Node.isNonNullExpression(p));
  return tight ? `(await ${text})` : `await ${text}`;
}

/**
 * Is `n` inside code a transform already reported: a review marker above one
 * of its enclosing statements (one whose text holds `saying`, or matches it, when given)?
 */
export function underReview(n: Node, saying: string | RegExp = ''): boolean {
  const says = (t: string) => (typeof saying === 'string' ? t.includes(saying) : saying.test(t));
  for (let cur: Node | undefined = n; cur && !Node.isSourceFile(cur); cur = cur.getParent()) {
    if (Node.isStatement(cur) && cur.getLeadingCommentRanges().some((c) => c.getText().includes('wasi-migrate(review)') && says(c.getText()))) return true;
  }
  return false;
}

/** The statement directly inside a block that holds `n`. */
export function statementIn(n: Node): Statement | undefined {
  let cur: Node = n;
  for (let p = n.getParent(); p; p = p.getParent()) {
    if ((Node.isBlock(p) || Node.isSourceFile(p)) && Node.isStatement(cur)) return cur;
    cur = p;
  }
  return undefined;
}

export function blockOf(stmt: Statement): Block | undefined {
  const p = stmt.getParent();
  return p && Node.isBlock(p) ? p : undefined;
}

/** Does `n` contain a `return` of its own function (not of a nested one)? */
export function hasOwnReturn(n: Node): boolean {
  if (Node.isReturnStatement(n)) return true;
  return !!n.forEachChild((c) => {
    if (Node.isFunctionDeclaration(c) || Node.isFunctionExpression(c) || Node.isArrowFunction(c) || Node.isMethodDeclaration(c)) return undefined;
    return hasOwnReturn(c) || undefined;
  });
}

/** The call is a whole expression statement: `f(x);`. */
export function isStatementCall(call: Node): boolean {
  const p = call.getParent();
  return !!p && Node.isExpressionStatement(p);
}

/** Indentation of the line `n` starts on. */
export function indentOf(n: Node): string {
  const text = n.getSourceFile().getFullText();
  const start = text.lastIndexOf('\n', n.getStart() - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** `base`, or `base2`, `base3`... : a name no identifier in the file uses yet. */
export function freshName(file: Node, base: string): string {
  const used = new Set(file.getDescendantsOfKind(SyntaxKind.Identifier).map((d) => d.getText()));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/**
 * A statement's text with the comments after it on its line (`f(); // why`),
 * for a transform that moves the statement by its text: \`getText()\` ends at
 * the statement, and removing it takes those comments too, so they were lost.
 */
export function textWithComments(st: Node): string {
  const last = st.getTrailingCommentRanges().at(-1);
  return last ? st.getSourceFile().getFullText().slice(st.getStart(), last.getEnd()) : st.getText();
}

/** A statement moved by its text to indentation `to`: its text with its line's trailing comments, reindented. */
export function movedText(st: Node, to: string): string {
  return reindent(textWithComments(st), indentOf(st), to);
}

/** Move a statement's text from indentation `from` to `to` (its later lines keep their relative indentation). */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((l, i) => (i === 0 ? l : l.startsWith(from) ? to + l.slice(from.length) : l))
    .join('\n');
}

/**
 * Replaces `node` with `text` exactly as written and returns the node now
 * there. For a replacement on one line around the node's own source
 * (`await ${call.getText()}`, `helper(${arg.getText()})`): ts-morph's
 * `replaceWithText` indents every later line once more by the node's
 * indentation, which pushed a multi-line argument list right by that much.
 * A replacement that brings lines of its own uses `replaceWithText` and
 * `embedded` for the source it carries.
 */
export function replaceInPlace(node: Node, text: string): Node {
  // ts-morph replaces from before the node's JSDoc (a file's \`/** header */\` above its first import went with
  // the import): the JSDoc is kept, as written.
  const doc = node.getSourceFile().getFullText().slice(node.getStart(true), node.getStart());
  // The writer ts-morph hands over has the node's indentation queued for each new line: none is wanted.
  return node.replaceWithText((writer) => {
    writer.queueIndentationLevel(0);
    writer.write(doc + text);
  });
}

/**
 * \`block.insertStatements(index, text)\` at the indentation the block's
 * statements have. ts-morph works the indentation out from the line its
 * parent starts on, which for the body of an arrow function in a multi-line
 * declaration (\`export const f = async (\\n  a,\\n) => {\`) is a level short:
 * inserted lines landed two columns left of their neighbours. \`text\` is
 * written as for ts-morph: its later lines relative to its first.
 */
export function insertStatementsAt(block: Block | SourceFile, index: number, text: string): Statement[] {
  // ts-morph counts comment lines as statements here (\`getChildIndex\`, \`addStatements\`).
  const stmts = block.getStatementsWithComments();
  const near = stmts[index] ?? stmts[index - 1];
  const indent = near ? indentOf(near) : Node.isSourceFile(block) ? '' : indentOf(block) + block.getProject().manipulationSettings.getIndentationText();
  // A file written without semicolons: code starting with `(`, `[` or a template would continue the statement above it
  // (`body()` then `(async () => ...)()` is a call of what `body()` returned); that statement gets its `;`.
  const prev = stmts.slice(0, index).reverse().find((s) => !Node.isCommentStatement(s));
  const code = /^(?:[ \t]*\/\/[^\n]*\n)*[ \t]*/.exec(text)![0].length;
  if (/^[([`]/.test(text.slice(code)) && continuedBy(prev)) prev!.replaceWithText(`${prev!.getText()};`);
  return block.insertStatements(index, (w) => {
    w.setIndentationLevel(indent);
    w.write(text);
  });
}

/** A statement that does not end in `;` and that a next line starting with `(`, `[` or a template would continue. */
function continuedBy(st: Node | undefined): boolean {
  if (!st || !(Node.isExpressionStatement(st) || Node.isVariableStatement(st) || Node.isExportAssignment(st) || Node.isTypeAliasDeclaration(st))) return false;
  return st.getLastToken().getKind() !== SyntaxKind.SemicolonToken;
}

/**
 * The text of `original` to embed in the text that replaces `replaced`:
 * ts-morph indents every later line of a replacement by the indentation of
 * `replaced`'s line, so that indentation is taken off first and the
 * original lines end up where they were.
 */
export function embedded(replaced: Node, original: Node | string): string {
  const text = typeof original === 'string' ? original : original.getText();
  return reindent(text, indentOf(replaced), '');
}

/**
 * `callee(args..., extra...)` for a call or `new` being rewritten, in the
 * layout the original argument list had: on one line, or one argument per
 * line (the new ones below the old, at the same indentation, with the
 * trailing comma if it had one). Ready to hand to `replaced.replaceWithText`.
 */
export function callLike(replaced: Node, call: CallExpression | import('ts-morph').NewExpression, callee: string, extra: readonly string[]): string {
  const file = call.getSourceFile().getFullText();
  const open = call.getFirstChildByKind(SyntaxKind.OpenParenToken);
  const close = call.getLastChildByKind(SyntaxKind.CloseParenToken);
  const inner = open && close ? file.slice(open.getEnd(), close.getStart()) : '';
  const multi = /^[ \t]*\n([ \t]*)\S/.exec(inner);
  let args: string;
  if (multi && call.getArguments().length) {
    const indent = multi[1]!;
    const [, body, comma, tail] = /^([\s\S]*?)(,?)(\s*)$/.exec(inner)!;
    args = `${body}${extra.map((e) => `,\n${indent}${e}`).join('')}${comma}${tail}`;
  } else {
    args = [...(inner.trim() ? [inner.trim()] : []), ...extra].join(', ');
  }
  return embedded(replaced, `${callee}(${args})`);
}

/**
 * The compiler's identifiers spelled `name` in `file`, in the order
 * `file.getDescendantsOfKind(SyntaxKind.Identifier)` gives them (JSDoc
 * included), found on TypeScript's own tree: that call scans every token of
 * the file into nodes and wraps every identifier, which after each edit of a
 * file (a new tree) made name look-ups the rewriter's largest cost.
 */
export function compilerIdentifiersNamed(file: SourceFile, name: string): ts.Identifier[] {
  return identifiersBelow(file.compilerNode, file.compilerNode, name);
}

/** The identifiers spelled `name` in a TypeScript source file that no ts-morph project holds. */
export function identifiersIn(sf: ts.SourceFile, name: string): ts.Identifier[] {
  return identifiersBelow(sf, sf, name);
}

/** `node.getDescendantsOfKind(SyntaxKind.Identifier)` spelled `name` (the same nodes, in the same order), found on TypeScript's tree: only those are wrapped. */
export function identifiersNamed(node: Node, name: string): Identifier[] {
  const file = node.getSourceFile();
  const sf = file.compilerNode;
  return identifiersBelow(sf, node.compilerNode, name).map((n) => wrapped<Identifier>(file, n));
}

/** The identifiers spelled `name` below `root` (not `root` itself), in ts-morph's order. */
function identifiersBelow(sf: ts.SourceFile, root: ts.Node, name: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  // ts's getChildren (what ts-morph walks) puts a node's JSDoc first, then its forEachChild children.
  const children = (n: ts.Node): void => {
    for (const doc of (n as { jsDoc?: ts.Node[] }).jsDoc ?? []) visit(doc);
    ts.forEachChild(n, visit);
  };
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.Identifier && (n as ts.Identifier).text === name && n.getText(sf) === name) out.push(n as ts.Identifier);
    children(n);
  };
  children(root);
  return out;
}

/**
 * The nodes of `file`'s TypeScript tree that `pick` keeps, in source order
 * (JSDoc left out), found with one `forEachChild` walk and not wrapped: for
 * searches whose matches are few among many nodes (string literals naming a
 * WASI interface or an enum case), where wrapping every candidate would cost
 * more than the search.
 */
export function compilerNodesWhere<T extends ts.Node>(file: SourceFile, pick: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const visit = (n: ts.Node): void => {
    if (pick(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(file.compilerNode, visit);
  return out;
}

/** An import declaration as read on TypeScript's tree. */
export interface ImportRead {
  readonly spec: string;
  /** Its named imports, as ts-morph's `getName` (a string literal's value, else the text) and alias-or-name give them. */
  readonly names: readonly { readonly imported: string; readonly local: string }[];
  /** The local name of `* as x`. */
  readonly namespace?: string;
  /** The local name of a default import (`import http from '...'`). */
  readonly default?: string;
}

/**
 * The interface of a proposal with no 0.3 release that \`init\` comes from
 * (\`ov.outgoingValueWriteBody()\` after \`const ov = OutgoingValue.newOutgoingValue()\`
 * of wasi:blobstore/types@0.2.0-draft), followed through calls, member
 * accesses, \`yield*\`, the variables that hold them, and the callback whose
 * value a wrapper call gives back (\`Effect.try({ try: () => ov.outgoingValueWriteBody() })\`):
 * such a stream stays a 0.2 one. An import with no version
 * (\`wasi:blobstore/types\`) counts unless the file imports WASI at a version other than 0.2: the
 * package has no 0.3 release, whatever version the WIT gives it.
 */
export function keptOrigin(file: SourceFile, init: Node | undefined): string | undefined {
  return importOrigin(file, init, (imp, imports) => {
    const m = /^wasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(@0\.2\.|$)/.exec(imp.spec);
    // No version: 0.2 when the file imports WASI at no other version.
    const of02 = !!m && (m[3] !== '' || !imports.some((i) => /^wasi:[^@]*@(?!0\.2\.)/.test(i.spec)));
    return m && of02 && !releasedIn03(m[1]!) ? `wasi:${m[1]}/${m[2]}` : undefined;
  });
}

/**
 * The \`wasi:\` import with no version of a package 0.3.0 releases that \`e\` comes from (\`getStdout()\` after
 * \`import { getStdout } from 'wasi:cli/stdout'\`), followed as \`keptOrigin\` follows: its specifier. jco's
 * bindings are versioned, so such an import names neither 0.2 nor 0.3 (bindings/specifiers reports it).
 */
export function unversionedOrigin(file: SourceFile, e: Node | undefined): string | undefined {
  return importOrigin(file, e, (imp) => {
    const m = /^wasi:([a-z][a-z0-9-]*)\/[a-z][a-z0-9-]*$/.exec(imp.spec);
    return m && releasedIn03(m[1]!) ? imp.spec : undefined;
  });
}

/**
 * What \`pick\` says of the import \`init\` comes from, followed through calls (the callee, and the callback whose
 * value a wrapper call gives back), member accesses, \`yield*\`, and the variables that hold them.
 */
function importOrigin(file: SourceFile, init: Node | undefined, pick: (imp: ImportRead, imports: readonly ImportRead[]) => string | undefined, depth = 0): string | undefined {
  let n = init;
  for (; n && depth < 16; depth++) {
    if (Node.isCallExpression(n)) {
      const call = n;
      const got = importOrigin(file, call.getExpression(), pick, depth + 1);
      if (got) return got;
      for (const f of callbacksOf(call)) {
        const r = importOrigin(file, returnedBy(f), pick, depth + 1);
        if (r) return r;
      }
      return undefined;
    }
    if (Node.isYieldExpression(n) && n.getAsteriskToken()) {
      n = n.getExpression();
      continue;
    }
    if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n) || Node.isNonNullExpression(n) || Node.isAwaitExpression(n) || Node.isParenthesizedExpression(n) || Node.isAsExpression(n)) {
      n = n.getExpression();
      continue;
    }
    if (!Node.isIdentifier(n)) return undefined;
    const d = declarationOf(n);
    if (d) {
      n = Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
      continue;
    }
    const local = n.getText();
    const imports = importsOf(file);
    const imp = imports.find((i) => i.namespace === local || i.default === local || i.names.some((x) => x.local === local));
    return imp ? pick(imp, imports) : undefined;
  }
  return undefined;
}

/** The functions written into a call's arguments, directly or as an object literal's values (\`Effect.try({ try: () => ..., catch: ... })\`). */
function callbacksOf(call: CallExpression): Node[] {
  const isFn = (a: Node | undefined): boolean => !!a && (Node.isArrowFunction(a) || Node.isFunctionExpression(a));
  const out: Node[] = [];
  for (const a of call.getArguments()) {
    if (isFn(a)) out.push(a);
    else if (Node.isObjectLiteralExpression(a)) {
      for (const p of a.getProperties()) {
        if (Node.isPropertyAssignment(p) && isFn(p.getInitializer())) out.push(p.getInitializer()!);
        else if (Node.isMethodDeclaration(p)) out.push(p);
      }
    }
  }
  return out;
}

/** What a function gives back: its expression body, or the value of its one \`return\`. */
function returnedBy(f: Node): Node | undefined {
  if (!(Node.isArrowFunction(f) || Node.isFunctionExpression(f) || Node.isMethodDeclaration(f))) return undefined;
  const body = f.getBody();
  if (!body) return undefined;
  if (!Node.isBlock(body)) return body;
  const returns = descendantsOfKind(body, SyntaxKind.ReturnStatement).filter((r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a)) === f);
  return returns.length === 1 ? returns[0]!.getExpression() : undefined;
}

/** The file's import declarations, read on TypeScript's tree (nothing is wrapped): for look-ups that rarely match. */
export function importsOf(file: SourceFile): ImportRead[] {
  const sf = file.compilerNode;
  const out: ImportRead[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const b = st.importClause?.namedBindings;
    const names = b && ts.isNamedImports(b)
      ? b.elements.map((el) => {
          const own = el.propertyName ?? el.name;
          return { imported: ts.isStringLiteral(own) ? own.text : own.getText(sf), local: el.name.getText(sf) };
        })
      : [];
    const def = st.importClause?.name?.getText(sf);
    out.push({ spec: st.moduleSpecifier.text, names, ...(b && ts.isNamespaceImport(b) ? { namespace: b.name.getText(sf) } : {}), ...(def !== undefined ? { default: def } : {}) });
  }
  return out;
}

/**
 * `file.getImportDeclarations()` (the same wrappers, in order), with only
 * the imports wrapped: ts-morph's call wraps every top-level statement of
 * the file first.
 */
export function importDeclarations(file: SourceFile): ImportDeclaration[] {
  return file.compilerNode.statements.filter(ts.isImportDeclaration).map((st) => wrapped<ImportDeclaration>(file, st));
}

/** `n` without the parentheses around it; `x!`, `x as T` stay, as callers judge a cast (local-mirrors: a value `as T` is not shown to type-check). */
export function withoutParens(n: Node): Node {
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

/** `n` with the parentheses written around it (the outermost \`(...)\` holding it): what its parent sees. */
export function withParens(n: Node): Node {
  while (Node.isParenthesizedExpression(n.getParent())) n = n.getParent()!;
  return n;
}

/** `e` on TypeScript's tree without what leaves its value as it is around it: parentheses, `!`, `as T`, `satisfies T`. */
export function skipOuter(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

/**
 * `node.getDescendantsOfKind(kind)` (the same nodes, in the same order) for
 * the kinds ts-morph finds on TypeScript's parse tree (statements and
 * expressions, not tokens nor JSDoc): one recursive `forEachChild` walk
 * instead of ts-morph's nested generators, which cost more than the walk
 * itself (~1 s of the 500-file bench project's rewrite). Other kinds, and a
 * syntax list, go to ts-morph.
 */
export function descendantsOfKind<K extends SyntaxKind>(node: Node, kind: K): KindToNodeMappings[K][] {
  return descendantsWhere(node, kind, () => true);
}

/**
 * `descendantsOfKind(node, kind)` of those nodes that `pick` keeps, picked on
 * TypeScript's tree before anything is wrapped: wrapping a node wraps each
 * of its ancestors, every wrapper is re-mapped on each later edit of the file
 * and forgotten after each transform, and a transform looking for one method
 * among a file's calls wrapped them all (~250,000 wrappers on the 500-file
 * bench project). `pick` must hold for every node the caller keeps: the
 * caller's own test on the wrappers still decides.
 */
export function descendantsWhere<K extends SyntaxKind>(node: Node, kind: K, pick: (n: ts.Node, sf: ts.SourceFile) => boolean): KindToNodeMappings[K][] {
  const sf = node.getSourceFile().compilerNode;
  if (kind < SyntaxKind.FirstNode || kind >= SyntaxKind.FirstJSDocNode || node.getKind() === SyntaxKind.SyntaxList) return node.getDescendantsOfKind(kind).filter((d) => pick(d.compilerNode, sf));
  const found: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (n.kind === kind && pick(n, sf)) found.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node.compilerNode, visit);
  const file = node.getSourceFile();
  return found.map((n) => wrapped<KindToNodeMappings[K]>(file, n));
}

/**
 * ts-morph's wrapper of a node of `file`'s TypeScript tree (the one it
 * keeps for that node, made if missing): for what a walk of the compiler's
 * tree found. ts-morph has no public call for it.
 */
export function wrapped<T extends Node>(file: SourceFile, n: ts.Node): T {
  return (file as unknown as { _getNodeFromCompilerNode(n: ts.Node): T })._getNodeFromCompilerNode(n);
}

/**
 * What TypeScript's control flow analysis does to the names an expression
 * reads, for a transform that moves the expression into a function of its
 * own (body-generators' `async function*`). TypeScript narrows a name by
 * every test the code makes before it: an `if`/`while`/`?:` condition, an
 * `&&`/`||` operand, a `switch` on it (or `switch (true)`), an assertion
 * function called on it (`assertX(v)`, `assert(v instanceof X)`), an early
 * `return`/`throw`, an assignment to a declared type. A hoisted function
 * declaration sees none of them; a function expression sees those made
 * before it is created, of a `const` or of a parameter or `let` nothing
 * assigns (TypeScript 5.4), and never those of a property (`o.body`).
 *
 * Rather than list those forms, this reads the flow graph TypeScript's
 * binder builds for the file (the one its checker narrows along): every
 * condition, switch clause, statement call (a possible assertion),
 * assignment or array mutation on the way back from the expression to the
 * start of its function (and, as TypeScript does for a function expression
 * or an object literal's method, on into the function around it) that
 * names what the expression reads may narrow it. Types are not asked:
 * the rewriter's project has no lib and no WASI types, so where a test
 * narrows, not whether it does, is what can be known.
 */
import { Node, SyntaxKind, ts } from 'ts-morph';
import { skipOuter } from './util.js';

/** The binder's flow graph (TypeScript's internal `FlowNode`; `flowNode` on identifiers and property accesses once bound). */
interface FlowNode {
  flags: number;
  node?: unknown;
  antecedent?: FlowNode | FlowNode[];
}

const F = {
  Unreachable: 1,
  Start: 2,
  BranchLabel: 4,
  LoopLabel: 8,
  Assignment: 16,
  TrueCondition: 32,
  FalseCondition: 64,
  SwitchClause: 128,
  ArrayMutation: 256,
  Call: 512,
  ReduceLabel: 1024,
} as const;

export interface NarrowingOptions {
  /** What moves into the new function with `expr` (a loop of writes): narrowings inside it go with it. Default `expr`. */
  readonly moved?: Node;
  /** A statement call the caller knows asserts nothing (a method of a WASI resource). */
  readonly plain?: (call: ts.CallExpression) => boolean;
}

/**
 * How the narrowings of what `expr` reads fare in a function expression
 * made at `at` (a statement before `expr`, in its function):
 * - `none`: nothing before `expr` may narrow it (a hoisted declaration reads it as `expr` did);
 * - `kept`: each narrowing is of a name itself, made before `at`, of a name a closure keeps narrowed;
 * - `lost`: a narrowing made after `at`, of a property, or of a name something assigns again: no function made at `at` reads it narrowed.
 */
export function narrowingAt(expr: Node, at: Node, options: NarrowingOptions = {}): 'none' | 'kept' | 'lost' {
  const moved = options.moved ?? expr;
  const plain = options.plain ?? (() => false);
  const sf = expr.getSourceFile().compilerNode;
  bind(expr);
  const reads = chainsIn(expr.compilerNode, sf);
  if (!reads.length) return 'none';
  const roots = new Map<string, ts.Identifier>();
  const collect = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && !roots.has(n.text) && isReference(n)) roots.set(n.text, n);
    ts.forEachChild(n, collect);
  };
  collect(expr.compilerNode);
  // A name destructured with others from one object (`const { tag, val } = r`) is narrowed by a test of the others
  // (`if (tag === 'ok')` narrows `val`): TypeScript's destructured discriminated unions.
  for (const id of [...roots.values()]) {
    const d = declarationNamed(id);
    if (!d || !ts.isBindingElement(d) || !ts.isObjectBindingPattern(d.parent)) continue;
    for (const e of d.parent.elements) {
      if (e !== d && ts.isIdentifier(e.name) && !roots.has(e.name.text)) {
        roots.set(e.name.text, id);
        reads.push([e.name.text]);
      }
    }
  }
  const atStart = at.getStart();
  const [from, to] = [moved.getStart(), moved.getEnd()];
  let verdict: 'none' | 'kept' | 'lost' = 'none';
  for (const site of sitesBefore(expr.compilerNode, sf, plain)) {
    const pos = site.node.getStart(sf);
    if (pos >= from && pos < to) continue;
    for (const c of site.chains) {
      for (const r of c.length > 1 ? [c, c.slice(0, -1)] : [c]) {
        if (!reads.some((e) => startsWith(e, r))) continue;
        const root = roots.get(r[0]!);
        if (pos >= atStart || r.length > 1 || !root || !keptInClosures(root, sf)) return 'lost';
        verdict = 'kept';
      }
    }
  }
  return verdict;
}

/**
 * Bind the file's TypeScript tree (its symbols and flow graph), once per parse: a program built later finds it bound
 * and keeps it. `bindSourceFile` is not in TypeScript's typings; without it the program's checker binds every file.
 */
function bind(n: Node): void {
  const file = n.getSourceFile();
  const sf = file.compilerNode as ts.SourceFile & { locals?: unknown };
  if (sf.locals) return;
  const binder = (ts as unknown as { bindSourceFile?: (f: ts.SourceFile, o: ts.CompilerOptions) => void }).bindSourceFile;
  if (typeof binder === 'function') binder(sf, file.getProject().getCompilerOptions());
  else file.getProject().getProgram().compilerObject.getTypeChecker();
}

/** A place the flow graph may narrow at, and the references it names (`x`, `x.tag` as ['x', 'tag']). */
interface Site {
  node: ts.Node;
  chains: string[][];
}

/** The flow nodes on the way back from each reference in `expr` that may narrow, with what they name. */
function sitesBefore(expr: ts.Node, sf: ts.SourceFile, plain: (call: ts.CallExpression) => boolean): Site[] {
  const starts: FlowNode[] = [];
  const visit = (n: ts.Node): void => {
    const f = (n as unknown as { flowNode?: FlowNode }).flowNode;
    if (f) starts.push(f);
    ts.forEachChild(n, visit);
  };
  visit(expr);
  const seen = new Set<FlowNode>();
  const sites: Site[] = [];
  const stack = [...starts];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.flags & F.Unreachable) continue;
    if (f.flags & F.Start) {
      // A function expression's or an object literal method's flow goes on where it was made (as TypeScript's checker reads it).
      const made = (f.node as { flowNode?: FlowNode } | undefined)?.flowNode;
      if (made) stack.push(made);
      continue;
    }
    const site = siteOf(f, sf, plain);
    if (site) sites.push(site);
    const a = f.antecedent;
    if (Array.isArray(a)) stack.push(...a);
    else if (a) stack.push(a);
  }
  return sites;
}

function siteOf(f: FlowNode, sf: ts.SourceFile, plain: (call: ts.CallExpression) => boolean): Site | undefined {
  if (f.flags & (F.TrueCondition | F.FalseCondition)) {
    const e = f.node as ts.Expression;
    return { node: e, chains: testedIn(e, sf) };
  }
  if (f.flags & F.SwitchClause) {
    // `switch (x.tag)` narrows by its expression; `switch (true)` by its clauses' tests.
    const s = (f.node as { switchStatement: ts.SwitchStatement }).switchStatement;
    const tests = s.caseBlock.clauses.flatMap((c) => (ts.isCaseClause(c) ? [c.expression] : []));
    return { node: s, chains: [s.expression, ...tests].flatMap((e) => testedIn(e, sf)) };
  }
  if (f.flags & F.Call) {
    // A call statement may be an assertion (`asserts v is T`, `asserts this is T`): what it is handed and its receiver.
    const call = f.node as ts.CallExpression;
    const asserted = assertedBy(call, sf, plain);
    return asserted && { node: call, chains: asserted.flatMap((e) => chainsIn(e, sf)) };
  }
  if (f.flags & F.ArrayMutation) {
    const call = f.node as ts.CallExpression;
    return { node: call, chains: chainsIn((call.expression as ts.PropertyAccessExpression).expression, sf) };
  }
  if (f.flags & F.Assignment) {
    const n = f.node as ts.Node;
    // A declaration narrows only to a type it declares (`const page: Uint8Array | undefined = ...`); an assignment always may.
    if (ts.isVariableDeclaration(n) || ts.isParameter(n)) return n.type || ts.getJSDocType(n) ? { node: n, chains: ts.isIdentifier(n.name) ? [[n.name.text]] : [] } : undefined;
    if (ts.isBindingElement(n)) return ts.isIdentifier(n.name) ? { node: n, chains: [[n.name.text]] } : undefined;
    return { node: n, chains: chainsIn(n, sf) };
  }
  return undefined;
}

/**
 * What a test narrows: the references it names and, through a `const` it names, those its initializer names
 * (`const found = page !== undefined && ready; if (!found) return;` narrows `page`: TypeScript's aliased conditions, five deep).
 */
function testedIn(e: ts.Node, sf: ts.SourceFile, depth = 0): string[][] {
  const out = chainsIn(e, sf);
  if (depth >= 5) return out;
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && isReference(n)) {
      const d = declarationNamed(n);
      if (d && ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer && ts.isVariableDeclarationList(d.parent) && d.parent.flags & ts.NodeFlags.Const) out.push(...testedIn(d.initializer, sf, depth + 1));
    }
    ts.forEachChild(n, visit);
  };
  visit(e);
  return out;
}

/** The declaration the binder records for the name `id` reads in the innermost scope declaring it (its symbol tables, `locals`). */
function declarationNamed(id: ts.Identifier): ts.Node | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    const d = (scope as unknown as { locals?: Map<string, { declarations?: ts.Node[] }> }).locals?.get(id.text)?.declarations?.[0];
    if (d) return d;
  }
  return undefined;
}

/**
 * What a statement call may assert (TypeScript narrows by a call only through a signature declared
 * `asserts v is T` / `asserts this is T`), or undefined for a call that asserts nothing:
 * - `f(...)`: its arguments, unless the file declares `f` a function with no `asserts` return type;
 * - `x.m(...)`: its arguments and receiver when the file declares a method `m` returning `asserts ...`; nothing when it
 *   declares `m` otherwise or `plain` says so (a method of a WASI resource: jco's types assert nothing); else both,
 *   in JavaScript as in TypeScript: a declaration file may declare it so (\`asserts this is Ready\` on the type a
 *   JSDoc \`@type\` or an imported function gives the value), and checkJs reads it there, where the rewriter cannot.
 */
function assertedBy(call: ts.CallExpression, sf: ts.SourceFile, plain: (call: ts.CallExpression) => boolean): ts.Expression[] | undefined {
  const callee = skipOuter(call.expression);
  const args = [...call.arguments];
  if (ts.isIdentifier(callee)) {
    const d = declarationNamed(callee);
    const fn = d && ts.isVariableDeclaration(d) && !d.type && d.initializer ? skipOuter(d.initializer) : d;
    if (fn && (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return asserts(fn.type ?? ts.getJSDocReturnType(fn)) ? args : undefined;
    return args;
  }
  if (!ts.isPropertyAccessExpression(callee)) return args;
  const both = [callee.expression, ...args];
  const name = callee.name.text;
  let declared = false;
  let asserting = false;
  const visit = (n: ts.Node): void => {
    if ((ts.isMethodDeclaration(n) || ts.isMethodSignature(n) || ts.isPropertyDeclaration(n) || ts.isPropertySignature(n) || ts.isPropertyAssignment(n)) && n.name && ts.isIdentifier(n.name) && n.name.text === name) {
      declared = true;
      const fn = ts.isPropertyAssignment(n) ? skipOuter(n.initializer) : n;
      const ret = ts.isMethodDeclaration(fn) || ts.isMethodSignature(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.type ?? ts.getJSDocReturnType(fn) : ts.isPropertyDeclaration(fn) || ts.isPropertySignature(fn) ? fn.type : undefined;
      if (asserts(ret)) asserting = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (asserting) return both;
  return declared || plain(call) ? undefined : both;
}

/** A return type that asserts (`asserts v is T`, `asserts this`), or a function type whose text says so. */
function asserts(t: ts.TypeNode | undefined): boolean {
  return !!t && (ts.isTypePredicateNode(t) ? !!t.assertsModifier : /\basserts\b/.test(t.getText()));
}

/** The reference `e` is, as names: `x` ['x'], `x.a?.b` ['x', 'a', 'b'], `x[0]` ['x', '[0]'], `x!`, `(x)` as `x`; undefined for anything else. */
function chainOf(e: ts.Node, sf: ts.SourceFile): string[] | undefined {
  if (ts.isIdentifier(e)) return [e.text];
  if (e.kind === SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) return chainOf(e.expression, sf);
  if (ts.isPropertyAccessExpression(e)) {
    const c = chainOf(e.expression, sf);
    return c && [...c, e.name.text];
  }
  if (ts.isElementAccessExpression(e)) {
    const c = chainOf(e.expression, sf);
    return c && [...c, `[${e.argumentExpression.getText(sf)}]`];
  }
  return undefined;
}

/** The longest references `n` reads (`x.a.b`, not `x.a` too), and those in what it computes (`f(x)`: `x`). */
function chainsIn(n: ts.Node, sf: ts.SourceFile): string[][] {
  const out: string[][] = [];
  const visit = (m: ts.Node): void => {
    const c = (ts.isIdentifier(m) && !isReference(m)) ? undefined : chainOf(m, sf);
    if (c) {
      out.push(c);
      // The keys of element accesses (`x[i]`) are references too.
      const keys = (k: ts.Node): void => {
        if (ts.isElementAccessExpression(k)) visit(k.argumentExpression);
        if (ts.isPropertyAccessExpression(k) || ts.isElementAccessExpression(k) || ts.isParenthesizedExpression(k) || ts.isNonNullExpression(k)) keys(k.expression);
      };
      keys(m);
      return;
    }
    ts.forEachChild(m, visit);
  };
  visit(n);
  return out;
}

/** An identifier that reads a binding (not a property's or a declaration's name). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if ((ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === id) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p) || ts.isClassDeclaration(p)) && p.name === id) return false;
  return true;
}

function startsWith(e: readonly string[], r: readonly string[]): boolean {
  return r.length <= e.length && r.every((s, i) => e[i] === s);
}

/**
 * Does a function expression keep the narrowing of `id`'s binding? TypeScript keeps it for a `const` (an
 * import), and for a parameter, `let` or `var` nothing assigns again (5.4); not for a name it cannot find.
 */
function keptInClosures(id: ts.Identifier, sf: ts.SourceFile): boolean {
  const name = id.text;
  const decl = declarationNamed(id);
  if (!decl) return false;
  if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return true;
  let v: ts.Node = decl;
  while (ts.isBindingElement(v) || ts.isObjectBindingPattern(v) || ts.isArrayBindingPattern(v)) v = v.parent;
  if (ts.isVariableDeclaration(v) && ts.isVariableDeclarationList(v.parent) && v.parent.flags & ts.NodeFlags.Const) return true;
  if (!ts.isVariableDeclaration(v) && !ts.isParameter(v)) return false;
  // Nothing assigns a name spelled so (a shadowing name assigned only makes this say no).
  let assigned = false;
  const visit = (n: ts.Node): void => {
    if (assigned) return;
    if (ts.isIdentifier(n) && n.text === name && n !== id && isAssignmentTarget(n)) assigned = true;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return !assigned;
}

/** `x = ...`, `x += ...`, `x++`, `[x] = ...`, `({ x } = ...)`, `for (x of ...)`. */
function isAssignmentTarget(id: ts.Node): boolean {
  let n = id;
  for (let p = n.parent; p && (ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p) || ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p) || ts.isParenthesizedExpression(p) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p)); p = p.parent) {
    if (ts.isPropertyAssignment(p) && p.name === n) return false;
    n = p;
  }
  const p = n.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && p.left === n) return p.operatorToken.kind >= SyntaxKind.FirstAssignment && p.operatorToken.kind <= SyntaxKind.LastAssignment;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === SyntaxKind.PlusPlusToken || p.operator === SyntaxKind.MinusMinusToken)) return true;
  return (ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === n;
}

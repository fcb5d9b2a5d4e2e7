import { Node, SyntaxKind, type CallExpression, type Expression, type PropertyAccessExpression, type Statement, type VariableDeclaration } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { callersOf, isFunctionLike, nameNodeOf, type FunctionLikeDeclaration } from '../references.js';
import { declarationOf, descendantsOfKind, initializerOf, isDisposeKey, referencesTo, removeWithDirectives, replaceInPlace, withoutParens, fileFunction, keptOrigin } from '../util.js';
import { declaredIn, isReferenced } from '../wasi-imports.js';

const docs = `
0.2 code drops resources it is done with: \`ready[Symbol.dispose]()\` on a
pollable, \`future[Symbol.dispose]()\` on a future-incoming-response,
\`stream[Symbol.dispose]()\` and \`body[Symbol.dispose]()\` on an input stream
and an incoming body (jco's own tests do all four). After the port these
values are not resources any more: a 0.3 call's result is a promise, the
port's \`wasiPollable\` wraps one, and a body or a read stream is the
\`[stream, outcome]\` pair 0.3 gives. None has a \`[Symbol.dispose]\` method:
the call throws a TypeError where the 0.2 code released a handle.

Such a drop, as a statement of its own, goes; nothing is left to release (a
promise, a pair and an async iterable are collected with the last reference).
So does a call of a function of the file that does nothing but drop its one
parameter (\`const dispose = (r) => r[Symbol.dispose]()\`, or one that drops it where
the runtime lets it: \`const d = r[Symbol.dispose]; if (typeof d === 'function')
d.call(r)\`, \`r.drop\` likewise), or that hands it to such a function and does
nothing else (past an \`if (!r) return;\`, maybe in a \`try\` whose \`catch\` is
empty), on such a value; a parameter is followed to what every call in the
file passes, a variable to its initializer and every assignment to it.
A \`finally\` it leaves empty goes after it (bindings/emptied-finally). The
drop of a value that is still a resource in 0.3 (a response, a request, a
descriptor) stays, but for a value a 0.3 call took as its own before the drop
(\`Response.consumeBody(response, ...)\`, \`send(request)\`, in a statement
ahead of it in a block that holds it): jco gave the handle away with it, and
the drop does nothing. A drop on a value a call makes in place (a bundle's
\`response.consume()[Symbol.dispose]()\`) keeps the call; one that is the
unbraced body of an \`if\` whose test does nothing else goes with the \`if\`.
A drop left on a value that may be no resource after the port (a variable
one of whose values is one, or a 0.2 call no transform ported on one, or a
name declared with a 0.2 pollable, stream, body or future type) is
reported: there it does nothing, and tsc refuses the value where the drop
wants a resource.
A module constant holding the dispose key
(\`const symbolDispose = Symbol.dispose || Symbol.for('dispose')\`) that the
file used and the port left unused goes too.
`;

/**
 * Methods only 0.3 has whose result is the `[stream, outcome]` pair (or,
 * reached by `[0]`, its stream). (`readViaStream` and `readDirectory` are
 * 0.2 names too, where they gave a resource.)
 */
const PAIRS = new Set(['consumeBody', 'receive']);

/** What a value is after the port, when it is no resource: followed through constants holding it. */
function nonResource(ctx: FileContext, e: Expression | undefined, depth = 0): string | undefined {
  if (!e || depth > 8) return undefined;
  const x = withoutParens(e) as Expression;
  if (Node.isIdentifier(x)) {
    const d = declarationOf(x);
    if (d && Node.isParameterDeclaration(d)) return passedAs(ctx, d, depth + 1);
    return d && Node.isVariableDeclaration(d) && !d.isExported() ? assignedAs(ctx, d, depth + 1) : nonResource(ctx, initializerOf(x), depth + 1);
  }
  // A pair's stream (`[0]`) and its outcome future (`[1]`, what 0.2's `IncomingBody.finish` gave as a future-trailers).
  if (Node.isElementAccessExpression(x) && ['0', '1'].includes(x.getArgumentExpression()?.getText() ?? '')) {
    if (nonResource(ctx, x.getExpression(), depth + 1) !== 'a [stream, outcome] pair') return undefined;
    return x.getArgumentExpression()!.getText() === '0' ? 'a stream' : 'a promise';
  }
  if (!Node.isCallExpression(x)) return undefined;
  const callee = x.getExpression();
  if (Node.isIdentifier(callee)) {
    if (callee.getText() === 'wasiPollable') return "the port's wasiPollable";
    const w = ctx.wasi.byLocal.get(callee.getText());
    // 0.3's `send` (until bindings/specifiers runs, it may sit in the 0.2 outgoing-handler import, which had only `handle`).
    if (w?.name === 'send' && (w.iface === 'wasi:http/client' || w.iface === 'wasi:http/outgoing-handler')) return 'a promise';
    // 0.3's stdin, what 0.2's \`getStdin()\` became (its 0.2 import may still hold the name).
    if (w?.name === 'readViaStream' && w.iface === 'wasi:cli/stdin') return 'a [stream, outcome] pair';
    return undefined;
  }
  if (Node.isPropertyAccessExpression(callee) && PAIRS.has(callee.getName())) return 'a [stream, outcome] pair';
  return undefined;
}

/** The 0.2 types whose 0.3 value is no resource (what bindings/jsdoc-types writes for them has no drop). */
const NO_RESOURCE: Record<string, string> = {
  'wasi:io/poll.Pollable': "the port's wasiPollable",
  'wasi:io/streams.InputStream': 'a [stream, outcome] pair',
  'wasi:io/streams.OutputStream': "the port's sink",
  'wasi:http/types.IncomingBody': 'a [stream, outcome] pair',
  'wasi:http/types.FutureIncomingResponse': 'a promise',
  'wasi:http/types.FutureTrailers': 'a promise',
};

/**
 * What a value a drop is left on may be after the port, when that is no resource though not every value it
 * may hold is one the port knows: a variable one of whose values is a non-resource (\`pollable = wasiPollable(future)\`
 * beside an unported \`pollable = stream.subscribe()\`), or a 0.2 call no transform ported on one
 * (\`stream = body.stream()\`, \`body\` a pair), or a name declared with a 0.2 type that is no resource in 0.3.
 * The drop then does nothing there, and tsc refuses the value where the drop's parameter wants a resource.
 */
function mayHoldNone(ctx: FileContext, e: Expression, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  const x = withoutParens(e) as Expression;
  if (Node.isCallExpression(x) && Node.isPropertyAccessExpression(x.getExpression())) {
    const recv = (x.getExpression() as PropertyAccessExpression).getExpression();
    if (!nonResource(ctx, recv, depth + 1) && !mayHoldNone(ctx, recv, depth + 1)) return undefined;
    return `what \`${x.getExpression().getText()}()\` gives, a 0.2 call no transform ported`;
  }
  if (!Node.isIdentifier(x)) return undefined;
  const d = declarationOf(x);
  if (!d || !(Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d))) return undefined;
  const values: Expression[] = [];
  if (d.getInitializer()) values.push(d.getInitializer()!);
  if (Node.isVariableDeclaration(d)) {
    for (const ref of referencesTo(d)) {
      const p = ref.getParent();
      if (p && Node.isBinaryExpression(p) && p.getLeft() === ref && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken) values.push(p.getRight());
    }
  }
  const known = values.map((v) => nonResource(ctx, v, depth + 1)).find((w) => w);
  if (known) return known;
  // A value that stays a 0.2 stream (of a proposal with no 0.3 release) keeps its type and its drop.
  if (Node.isParameterDeclaration(d) ? ctx.streams.keptOf(d) : values.some((v) => keptOrigin(ctx.file, v))) return undefined;
  const type = d.getTypeNode();
  for (const ref of type ? [type, ...type.getDescendants()] : []) {
    if (!Node.isTypeReference(ref)) continue;
    const n = ref.getTypeName();
    const w = Node.isIdentifier(n) ? ctx.wasi.byLocal.get(n.getText()) : ctx.wasi.byLocal.get(n.getLeft().getText());
    const name = Node.isIdentifier(n) ? w?.name : n.getRight().getText();
    const origin = w && name && (w.name === '*' ? declaredIn(w.iface, name) : w);
    const what = origin && w!.version.startsWith('0.2.') ? NO_RESOURCE[`${origin.iface}.${origin.name}`] : undefined;
    if (what) return `${what} (its 0.2 type \`${ref.getText()}\` is no resource in 0.3)`;
  }
  return values.map((v) => mayHoldNone(ctx, v, depth + 1)).find((w) => w);
}

const compound = (k: SyntaxKind): boolean => k >= SyntaxKind.FirstCompoundAssignment && k <= SyntaxKind.LastCompoundAssignment;

/**
 * A variable is what its initializer and every assignment to it give, when that
 * is one kind of non-resource: `let pollable; ... pollable = future.subscribe()`
 * (a plugin's client polling from a timer). A `let` with no initializer
 * holds `undefined` before the first assignment, which no drop reaches.
 */
function assignedAs(ctx: FileContext, d: VariableDeclaration, depth: number): string | undefined {
  const values: (Expression | undefined)[] = [];
  if (d.getInitializer()) values.push(d.getInitializer());
  for (const ref of referencesTo(d)) {
    const p = ref.getParent();
    if (p && Node.isBinaryExpression(p) && p.getLeft() === ref && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken) values.push(p.getRight());
    else if (p && Node.isBinaryExpression(p) && p.getLeft() === ref && compound(p.getOperatorToken().getKind())) return undefined;
  }
  // `pollable = undefined` once released holds no resource either.
  const kinds = new Set(values.filter((v) => !v || !['undefined', 'null'].includes(v.getText())).map((v) => nonResource(ctx, v, depth)));
  return values.length && kinds.size === 1 ? [...kinds][0] : undefined;
}

/**
 * A parameter is what every call of its function in the file passes there,
 * when that is one kind of non-resource (and the function is called).
 */
function passedAs(ctx: FileContext, param: Node, depth: number): string | undefined {
  const fn = param.getParent();
  if (!fn || !isFunctionLike(fn) || !Node.isParameterDeclaration(param)) return undefined;
  const at = fn.getParameters().indexOf(param);
  const name = nameNodeOf(fn);
  if (at < 0 || !name || !Node.isIdentifier(name)) return undefined;
  const kinds = new Set<string | undefined>();
  for (const ref of callersOf(fn, name)) {
    const call = ref.getParent();
    if (!call || !Node.isCallExpression(call) || call.getExpression() !== ref || call.getSourceFile() !== ctx.file) return undefined;
    kinds.add(nonResource(ctx, call.getArguments()[at] as Expression | undefined, depth));
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/**
 * A function whose one parameter it only drops (`(r) => r[Symbol.dispose]()`, or a body of that one statement,
 * or one that drops it where it can), or hands to such a function and does nothing else (`seen`: the helpers on
 * the way, so that one calling itself is none).
 */
function isDropHelper(fn: FunctionLikeDeclaration, seen: ReadonlySet<Node> = new Set()): boolean {
  const [param, ...more] = fn.getParameters();
  if (!param || more.length || !Node.isIdentifier(param.getNameNode()) || seen.has(fn)) return false;
  const body = fn.getBody();
  if (body && Node.isBlock(body) && dropsWhereItCan(body.getStatements(), param.getName())) return true;
  if (body && Node.isBlock(body) && delegatesDrop(body.getStatements(), param.getName(), new Set([...seen, fn]))) return true;
  let only: Node | undefined = body;
  if (body && Node.isBlock(body)) {
    const [st, ...rest] = body.getStatements();
    only = rest.length ? undefined : Node.isExpressionStatement(st) || Node.isReturnStatement(st) ? st.getExpression() : undefined;
  }
  const call = only && withoutParens(only as Expression);
  if (!call || !Node.isCallExpression(call) || call.getArguments().length) return false;
  const access = call.getExpression();
  return Node.isElementAccessExpression(access) && isDisposeKey(access.getArgumentExpression()) && access.getExpression().getText() === param.getName();
}

/** Whether \`e\` is the parameter \`param\` (in parentheses, or under \`as\`, too). */
function namesParam(e: Node | undefined, param: string): boolean {
  const x = e && withoutParens(e as Expression);
  return !!x && (Node.isAsExpression(x) ? namesParam(x.getExpression(), param) : Node.isIdentifier(x) && x.getText() === param);
}

/**
 * A body that drops \`param\` where the runtime lets it, and does nothing else:
 * \`const dispose = r[Symbol.dispose]; if (typeof dispose === 'function') { dispose.call(r); return; }\`,
 * then the same with \`r.drop\` (a plugin host's storage and HTTP helpers). Called on a value that is no
 * resource in 0.3 it does nothing, and its parameter's type (a resource's methods) no longer fits.
 */
function dropsWhereItCan(statements: Node[], param: string): boolean {
  const isParam = (e: Node | undefined): boolean => namesParam(e, param);
  const dropKey = (e: Node | undefined): boolean => {
    const x = e && withoutParens(e as Expression);
    if (x && Node.isElementAccessExpression(x)) return isParam(x.getExpression()) && isDisposeKey(x.getArgumentExpression());
    return !!x && Node.isPropertyAccessExpression(x) && x.getName() === 'drop' && isParam(x.getExpression());
  };
  const locals = new Set<string>();
  let disposes = false;
  const callsDrop = (st: Node): boolean => {
    if (Node.isReturnStatement(st)) return !st.getExpression();
    if (!Node.isExpressionStatement(st)) return false;
    const call = withoutParens(st.getExpression());
    if (!Node.isCallExpression(call)) return false;
    const f = call.getExpression();
    // `dispose.call(r)`, `dispose()`, `r[Symbol.dispose]()`, `r.drop()`.
    if (Node.isPropertyAccessExpression(f) && f.getName() === 'call' && locals.has(f.getExpression().getText())) return call.getArguments().length === 1 && isParam(call.getArguments()[0]);
    return call.getArguments().length === 0 && (locals.has(f.getText()) || dropKey(f));
  };
  for (const st of statements) {
    if (Node.isVariableStatement(st)) {
      for (const d of st.getDeclarations()) {
        if (!Node.isIdentifier(d.getNameNode()) || !dropKey(d.getInitializer())) return false;
        const init = withoutParens(d.getInitializer()!);
        if (Node.isElementAccessExpression(init)) disposes = true;
        locals.add(d.getName());
      }
      continue;
    }
    if (Node.isIfStatement(st) && !st.getElseStatement()) {
      const cond = withoutParens(st.getExpression());
      if (!Node.isBinaryExpression(cond) || !['===', '=='].includes(cond.getOperatorToken().getText())) return false;
      const left = withoutParens(cond.getLeft());
      if (!Node.isTypeOfExpression(left) || !locals.has(left.getExpression().getText()) || cond.getRight().getText().slice(1, -1) !== 'function') return false;
      const then = st.getThenStatement();
      const inner = Node.isBlock(then) ? then.getStatements() : [then];
      if (!inner.length || !inner.every(callsDrop)) return false;
      continue;
    }
    if (!callsDrop(st)) return false;
    if (Node.isExpressionStatement(st) && dropKey(withoutParens((st.getExpression() as CallExpression).getExpression()))) disposes = true;
  }
  return disposes;
}

/**
 * A body that hands `param` to a drop helper of the file and does nothing else, past a guard for no value
 * (`if (!r) return;`), the call maybe in a `try` whose `catch` is empty:
 * `const release = (r) => { if (!r) return; try { disposeWasiResource(r); } catch {} }` (a plugin's HTTP client).
 */
function delegatesDrop(statements: Node[], param: string, seen: ReadonlySet<Node>): boolean {
  const isParam = (e: Node | undefined): boolean => namesParam(e, param);
  const bareReturn = (st: Node): boolean => (Node.isReturnStatement(st) && !st.getExpression()) || (Node.isBlock(st) && st.getStatements().length === 1 && bareReturn(st.getStatements()[0]!));
  const noValue = (e: Expression): boolean => {
    const x = withoutParens(e);
    if (Node.isPrefixUnaryExpression(x)) return x.getOperatorToken() === SyntaxKind.ExclamationToken && isParam(x.getOperand());
    return Node.isBinaryExpression(x) && ['===', '=='].includes(x.getOperatorToken().getText()) && isParam(x.getLeft()) && ['undefined', 'null'].includes(x.getRight().getText());
  };
  const handsOn = (st: Node | undefined): boolean => {
    if (!st || !Node.isExpressionStatement(st)) return false;
    const call = withoutParens(st.getExpression());
    return Node.isCallExpression(call) && call.getArguments().length === 1 && isParam(call.getArguments()[0]) && dropHelper(call.getExpression(), seen);
  };
  let rest = statements;
  while (rest.length && Node.isIfStatement(rest[0]) && !rest[0].getElseStatement() && noValue(rest[0].getExpression()) && bareReturn(rest[0].getThenStatement())) rest = rest.slice(1);
  if (rest.length !== 1) return false;
  const [only] = rest;
  if (Node.isTryStatement(only)) {
    const c = only.getCatchClause();
    return !only.getFinallyBlock() && !!c && !c.getBlock().getStatements().length && only.getTryBlock().getStatements().length === 1 && handsOn(only.getTryBlock().getStatements()[0]);
  }
  return handsOn(only);
}

/** The function of the file \`callee\` names, if it is a drop helper. */
export function dropHelper(callee: Node, seen: ReadonlySet<Node> = new Set()): boolean {
  const fn = fileFunction(callee);
  return !!fn && isFunctionLike(fn) && isDropHelper(fn, seen);
}

/** A test with no effect of its own: names, literals, member reads, comparisons and \`!\` of them. */
function plainTest(e: Node): boolean {
  return [e, ...e.getDescendants()].every((n) => !Node.isCallExpression(n) && !Node.isNewExpression(n) && !Node.isAwaitExpression(n) && !Node.isYieldExpression(n) && !Node.isPostfixUnaryExpression(n) && !(Node.isPrefixUnaryExpression(n) && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(n.getOperatorToken())) && !(Node.isBinaryExpression(n) && n.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && n.getOperatorToken().getKind() <= SyntaxKind.LastAssignment));
}

/** What an expression may sit in and run whenever the statement holding it runs. */
const RUNS_WITH = new Set([SyntaxKind.ExpressionStatement, SyntaxKind.VariableStatement, SyntaxKind.VariableDeclarationList, SyntaxKind.VariableDeclaration, SyntaxKind.AwaitExpression, SyntaxKind.ParenthesizedExpression, SyntaxKind.AsExpression, SyntaxKind.ElementAccessExpression, SyntaxKind.PropertyAccessExpression, SyntaxKind.BinaryExpression]);

/**
 * The 0.3 call that took \`e\` (a variable) as its own before \`drop\`, on every way there: \`Response.consumeBody(response, ...)\`
 * or \`send(request)\` in a statement of a block that holds the drop, ahead of it. The resource is the callee's now:
 * jco gives the handle away, and the drop does nothing.
 */
function movedBy(ctx: FileContext, e: Expression, drop: Statement): string | undefined {
  const x = withoutParens(e);
  const d = Node.isIdentifier(x) ? declarationOf(x) : undefined;
  if (!d || !Node.isVariableDeclaration(d)) return undefined;
  for (const ref of referencesTo(d)) {
    const call = ref.getParent();
    if (!call || !Node.isCallExpression(call) || call.getArguments()[0] !== ref || call.getEnd() > drop.getStart()) continue;
    const callee = call.getExpression();
    const takes = Node.isPropertyAccessExpression(callee)
      ? callee.getName() === 'consumeBody' && ['Request', 'Response'].includes(callee.getExpression().getText())
      : Node.isIdentifier(callee) && ['wasi:http/client', 'wasi:http/outgoing-handler'].includes(ctx.wasi.byLocal.get(callee.getText())?.iface ?? '') && ctx.wasi.byLocal.get(callee.getText())?.name === 'send';
    if (!takes) continue;
    // The call runs whenever its statement does (no branch of an expression, no callback), and that statement is one of
    // a block that holds the drop, ahead of it: the call ran on the way there.
    let st: Node = call;
    for (let up = st.getParent(); !Node.isStatement(st) && up && RUNS_WITH.has(up.getKind()); up = st.getParent()) {
      // \`a = call\` runs it; \`a && call\`, \`a ?? call\` may not.
      if (Node.isBinaryExpression(up) && up.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) break;
      st = up;
    }
    const block = st.getParent();
    if (Node.isStatement(st) && block && (Node.isBlock(block) || Node.isSourceFile(block)) && block.containsRange(drop.getPos(), drop.getEnd()) && st.getEnd() <= drop.getStart()) return callee.getText();
  }
  return undefined;
}

function apply(ctx: FileContext): void {
  const drops: { stmt: Statement; name: string; what: string; via?: string; note?: string; value: Node }[] = [];
  const doubts: { stmt: Statement; value: Expression }[] = [];
  for (const access of descendantsOfKind(ctx.file, SyntaxKind.ElementAccessExpression)) {
    if (!isDisposeKey(access.getArgumentExpression())) continue;
    const call = access.getParent();
    const stmt = call?.getParent();
    if (!call || !Node.isCallExpression(call) || call.getExpression() !== access || call.getArguments().length || !stmt || !Node.isExpressionStatement(stmt)) continue;
    const name = access.getExpression().getText();
    const what = nonResource(ctx, access.getExpression());
    const taker = what ? undefined : movedBy(ctx, access.getExpression(), stmt);
    if (what) drops.push({ stmt, name, what, value: access.getExpression() });
    else if (taker) drops.push({ stmt, name, what: '', note: `${name}[Symbol.dispose](): \`${taker}\` took ${name} (own) above, nothing left to release`, value: access.getExpression() });
    else doubts.push({ stmt, value: access.getExpression() });
  }
  // `dispose(ready)`, through a function of the file that only drops its parameter.
  for (const call of descendantsOfKind(ctx.file, SyntaxKind.CallExpression)) {
    const stmt = call.getParent();
    const [arg, ...more] = call.getArguments();
    if (!arg || more.length || !stmt || !Node.isExpressionStatement(stmt) || !dropHelper(call.getExpression())) continue;
    const what = nonResource(ctx, arg as Expression);
    if (what) drops.push({ stmt, name: arg.getText(), what, via: call.getExpression().getText(), value: arg });
    else doubts.push({ stmt, value: arg as Expression });
  }
  for (const { stmt, value } of doubts) {
    const what = mayHoldNone(ctx, value);
    if (what) ctx.review(stmt, 'dropMayHoldNone', { drop: stmt.getText().replace(/;$/, ''), name: value.getText(), what });
  }
  // Last first: a removal moves no line above it, so each record keeps its line.
  for (const { stmt, name, what, via, note, value } of drops.sort((a, b) => a.stmt.getStart() - b.stmt.getStart()).reverse()) {
    ctx.editLine(stmt.getStartLineNumber(), note ?? `${via ? `${via}(${name})` : `${name}[Symbol.dispose]()`}: ${name} is ${what} in 0.3, nothing to release`);
    const holder = stmt.getParent();
    // A value a call makes in place (a bundle's \`response.consume()[Symbol.dispose]()\`, ported): the call stays, its drop goes.
    if (descendantsOfKind(value, SyntaxKind.CallExpression).length || Node.isCallExpression(value)) replaceInPlace(stmt, `${value.getText()};`);
    // \`if (body) body[Symbol.dispose]();\`: the test does nothing else (no call, no assignment), the whole \`if\` goes.
    else if (holder && Node.isIfStatement(holder) && holder.getThenStatement() === stmt && !holder.getElseStatement() && plainTest(holder.getExpression())) removeWithDirectives(holder);
    // The body of an \`if\` or a loop written without braces: an empty block keeps it a statement.
    else if (!holder || !(Node.isBlock(holder) || Node.isSourceFile(holder) || Node.isCaseClause(holder) || Node.isDefaultClause(holder))) replaceInPlace(stmt, '{}');
    else removeWithDirectives(stmt);
  }
  // A module constant holding the dispose key (\`const symbolDispose = Symbol.dispose || Symbol.for('dispose')\`, as jco's
  // examples write it) that the file used and no longer does: its drops went, here or in the transforms before.
  // Its lines go as text, last first: \`remove()\` would take the blank line after it too, running the lines around together.
  const text = ctx.file.getFullText();
  const lines: [number, number][] = [];
  for (const st of ctx.file.getVariableStatements()) {
    const [d, ...more] = st.getDeclarations();
    if (!d || more.length || st.hasExportKeyword() || !Node.isIdentifier(d.getNameNode()) || !isDisposeKey(d.getNameNode())) continue;
    const name = d.getName();
    if (isReferenced(ctx.file, name, st) || (ctx.original.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$&')}(?![\\w$])`, 'g'))?.length ?? 0) < 2) continue;
    const from = text.lastIndexOf('\n', st.getStart(true) - 1) + 1;
    let to = text.indexOf('\n', st.getEnd()) + 1 || text.length;
    if (text.slice(from, st.getStart(true)).trim() || text.slice(st.getEnd(), to).trim()) continue;
    // A blank line above and one below: one of them goes with it.
    if (/(^|\n)[ \t]*\n$/.test(text.slice(0, from)) && /^[ \t]*(\n|$)/.test(text.slice(to))) to = text.indexOf('\n', to) + 1 || text.length;
    ctx.editLine(st.getStartLineNumber(), `${name}: the dispose key no drop uses any more`);
    lines.push([from, to]);
  }
  for (const [from, to] of lines.reverse()) ctx.file.replaceText([from, to], '');
}

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  dropMayHoldNone: '`{{drop}}` drops `{{name}}`, which may hold {{what}} after the port: no resource, nothing to release there, and the drop no longer takes it; remove the drop where `{{name}}` holds one (or port what gives it), by hand',
} as const;

const transform: CodeTransform = {
  id: 'bindings/disposals',
  summary: "a 0.2 resource's [Symbol.dispose]() goes where the port made the value a promise or a stream pair",
  docs,
  kind: 'mechanical',
  messages,
  apply,
  mentions: ['dispose'],
  cases: [
    {
      // 0.2's stdin stream dropped after reading (jco-style JS runners): 0.3's stdin is the [stream, outcome] pair,
      // and the drop stayed, a TypeError where 0.2 released the stream.
      name: "stdin's input stream dropped after a read: 0.3's \`readViaStream()\` gives the pair, nothing to release",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export async function firstBytes() {
  const input = getStdin();
  const bytes = input.blockingRead(16n);
  input[Symbol.dispose]();
  return bytes;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function firstBytes() {
  const input = readViaStream();
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  const bytes = await wasiRead(input, 16n);
  return bytes;
}
`,
      helpers: ['wasiRead'],
      reviews: ['one read where 0.2 gave what had arrived together'],
    },
    {
      // jco's browser-p2-shims example: every drop through the constant went, the constant stayed, unused.
      name: "a module constant holding the dispose key (`Symbol.dispose || Symbol.for('dispose')`) whose every drop the port removed goes with them",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

const symbolDispose = Symbol.dispose || Symbol.for('dispose');

export async function firstBytes() {
  const input = getStdin();
  const bytes = input.blockingRead(16n);
  input[symbolDispose]();
  return bytes;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function firstBytes() {
  const input = readViaStream();
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  const bytes = await wasiRead(input, 16n);
  return bytes;
}
`,
      helpers: ['wasiRead'],
      reviews: ['one read where 0.2 gave what had arrived together'],
    },
    {
      // A plugin's HTTP client polled from a timer, its future and pollable in \`let\`s, released through a helper
      // that guards and hands on to the file's drop helper: the releases stayed (6 new tsc errors, unreported).
      name: "a helper that hands its parameter to the file's drop helper (past `if (!r) return;`, in a `try` with an empty `catch`), on `let`s the code assigns the port's pollable and send's promise: those calls go",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';
import type { Pollable } from 'wasi:io/poll@0.2.3';

function disposeWasiResource(resource: { [Symbol.dispose]?: () => void }): void {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') dispose.call(resource);
}

export function start(schedule: (f: () => void) => void): void {
  let future: ReturnType<typeof handle> | undefined;
  let pollable: Pollable | undefined;
  const release = (resource: { [Symbol.dispose]?: () => void } | undefined): void => {
    if (!resource) return;
    try { disposeWasiResource(resource); } catch { /* host-owned */ }
  };
  const poll = (): void => {
    if (!pollable?.ready()) return schedule(poll);
    release(pollable);
    release(future);
    pollable = undefined;
  };
  const request = new OutgoingRequest(new Fields());
  future = handle(request, undefined);
  pollable = future.subscribe();
  schedule(poll);
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

function disposeWasiResource(resource: { [Symbol.dispose]?: () => void }): void {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') dispose.call(resource);
}

export function start(schedule: (f: () => void) => void): void {
  let future: ReturnType<typeof send> | undefined;
  let pollable: ReturnType<typeof wasiPollable> | undefined;
  const release = (resource: { [Symbol.dispose]?: () => void } | undefined): void => {
    if (!resource) return;
    try { disposeWasiResource(resource); } catch { /* host-owned */ }
  };
  const poll = (): void => {
    if (!pollable?.ready()) return schedule(poll);
    pollable = undefined;
  };
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  future = send(request);
  pollable = wasiPollable(future);
  schedule(poll);
}
` },
      helpers: ['wasiOk', 'wasiPollable'],
    },
    {
      // A plugin's HTTP client (wild2's ts-market-poll): \`pollable\` held the port's pollable and, later, an unported
      // \`stream.subscribe()\`; \`stream\` an unported \`body.stream()\`. Their drops through the file's \`release\` stayed
      // unmarked, which tsc against jco's 0.3 types refuses (TS2345): once the marked lines were ported, \`--check\` said 0.
      name: "a drop through the file's helper, of a variable that holds the port's pollable or an unported 0.2 call's value, or whose 0.2 type is no resource in 0.3: reported where it is (the drop no longer takes it), not kept silently",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';
import type { IncomingBody, IncomingResponse } from 'wasi:http/types@0.2.3';
import type { Pollable } from 'wasi:io/poll@0.2.3';
import type { InputStream } from 'wasi:io/streams@0.2.3';

function disposeWasiResource(resource: { [Symbol.dispose]?: () => void }): void {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') dispose.call(resource);
}

export function start(schedule: (f: () => void) => void): void {
  let future: ReturnType<typeof handle> | undefined;
  let response: IncomingResponse | undefined;
  let body: IncomingBody | undefined;
  let stream: InputStream | undefined;
  let pollable: Pollable | undefined;
  const release = (resource: { [Symbol.dispose]?: () => void } | undefined): void => {
    if (!resource) return;
    try { disposeWasiResource(resource); } catch { /* host-owned */ }
  };
  const finish = (): void => {
    release(pollable);
    release(stream);
    release(response);
  };
  const poll = (): void => {
    if (!pollable?.ready()) return schedule(poll);
    const ready = future?.get();
    if (ready?.tag !== 'ok' || ready.val.tag !== 'ok') return finish();
    response = ready.val.val;
    body = response.consume();
    stream = body.stream();
    pollable = stream.subscribe();
  };
  const request = new OutgoingRequest(new Fields());
  future = handle(request, undefined);
  pollable = future.subscribe();
  schedule(poll);
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

function disposeWasiResource(resource: { [Symbol.dispose]?: () => void }): void {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') dispose.call(resource);
}

export function start(schedule: (f: () => void) => void): void {
  let future: ReturnType<typeof send> | undefined;
  let response: Response | undefined;
  let body: [AsyncIterable<number>, PromiseLike<import('wasi:http/types@0.3.0').Result<import('wasi:http/types@0.3.0').Trailers | undefined, import('wasi:http/types@0.3.0').ErrorCode>>] | undefined;
  let stream: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>] | undefined;
  let pollable: ReturnType<typeof wasiPollable> | undefined;
  const release = (resource: { [Symbol.dispose]?: () => void } | undefined): void => {
    if (!resource) return;
    try { disposeWasiResource(resource); } catch { /* host-owned */ }
  };
  const finish = (): void => {
    // wasi-migrate(review): \`release(pollable)\` drops \`pollable\`, which may hold the port's wasiPollable after the port: no resource, nothing to release there, and the drop no longer takes it; remove the drop where \`pollable\` holds one (or port what gives it), by hand
    release(pollable);
    // wasi-migrate(review): \`release(stream)\` drops \`stream\`, which may hold a [stream, outcome] pair (its 0.2 type \`InputStream\` is no resource in 0.3) after the port: no resource, nothing to release there, and the drop no longer takes it; remove the drop where \`stream\` holds one (or port what gives it), by hand
    release(stream);
    release(response);
  };
  const poll = async (): Promise<void> => {
    // wasi-migrate(review): \`poll\` became async (it awaits a WASI 0.3 call) and is handed to \`schedule\` here as a value: what calls it there gets a promise; await it there, or keep \`poll\` sync by hand
    if (!pollable?.ready()) return schedule(poll);
    const ready = (future === undefined ? undefined : { tag: 'ok', val: await wasiSendResult(future) });
    if (ready?.tag !== 'ok' || ready.val.tag !== 'ok') return finish();
    response = ready.val.val;
    body = Response.consumeBody(response, wasiOk());
    // wasi-migrate(review): \`body\` was declared with a WASI 0.2 body type and now holds the 0.3 [stream, trailers future] pair, which has no \`body.stream\`: no transform ported these uses; port them by hand
    stream = body.stream();
    // wasi-migrate(review): \`stream\` was declared with a WASI 0.2 stream type and now holds the 0.3 [stream, outcome] pair, which has no \`stream.subscribe\`: no transform ported these uses; port them by hand
    pollable = stream.subscribe();
  };
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  future = send(request);
  pollable = wasiPollable(future);
  // wasi-migrate(review): \`poll\` became async (it awaits a WASI 0.3 call) and is handed to \`schedule\` here as a value: what calls it there gets a promise; await it there, or keep \`poll\` sync by hand
  schedule(poll);
}
` },
      reviews: ['`release(pollable)` drops `pollable`, which may hold the port\'s wasiPollable', '`release(stream)` drops `stream`, which may hold a [stream, outcome] pair (its 0.2 type `InputStream`', 'became async', 'has no `body.stream`', 'has no `stream.subscribe`', 'became async'],
      helpers: ['wasiOk', 'wasiPollable', 'wasiSendResult'],
    },
    {
      // A plugin's HTTP client released its pollable and future so; after the port the calls did nothing and no longer type-checked.
      name: "a function of the file that drops its parameter where the runtime lets it (`const dispose = r[Symbol.dispose]; if (typeof dispose === 'function') { dispose.call(r); return; }`, then `r.drop`), called on a pollable of the future and on send's promise: those calls go (the pollable, only waited on and dropped, goes whole: futures); on the response, still a resource, it stays",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function status(path: string): void {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  const future = handle(request, undefined);
  const pollable = future.subscribe();
  try {
    pollable.block();
  } finally {
    release(pollable);
  }
  const result = future.get()!.val;
  release(future);
  if (result.tag === 'ok') release(result.val);
}

/** Drops a resource where the runtime gives a way to. */
function release(resource: { [Symbol.dispose]?: () => void; drop?: () => void }): void {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') {
    dispose.call(resource);
    return;
  }
  const drop = resource.drop;
  if (typeof drop === 'function') drop.call(resource);
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function status(path: string): Promise<void> {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  request.setPathWithQuery(path);
  const future = send(request);
  const result = { tag: 'ok', val: await wasiSendResult(future) }!.val;
  if (result.tag === 'ok') release(result.val);
}

/** Drops a resource where the runtime gives a way to. */
function release(resource: { [Symbol.dispose]?: () => void; drop?: () => void }): void {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') {
    dispose.call(resource);
    return;
  }
  const drop = resource.drop;
  if (typeof drop === 'function') drop.call(resource);
}
` },
      helpers: ['wasiOk', 'wasiSendResult'],
    },
    {
      name: "a pollable and a future dropped after the response came: send's promise has nothing to drop, the drop goes (through a constant holding Symbol.dispose), and the pollable, only waited on and dropped, goes whole (futures); the response's drop stays, it is a resource in 0.3",
      before: { 'guest.js': `import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

const drop = Symbol.dispose || Symbol.for('dispose');

export function status(path) {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  OutgoingBody.finish(request.body(), undefined);
  const pending = handle(request, undefined);
  const pollable = pending.subscribe();
  pollable.block();
  pollable[drop]();
  const response = pending.get().val.val;
  pending[drop]();
  const code = response.status();
  response[drop]();
  return code;
}
` },
      after: { 'guest.js': `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

const drop = Symbol.dispose || Symbol.for('dispose');

export async function status(path) {
  const requestBody = wasiOutgoingBody();
  const request = Request.new(new Fields(), requestBody.contents, requestBody.trailers, undefined)[0];
  request.setPathWithQuery(path);
  const pending = send(request);
  await requestBody.finish(undefined);
  const response = await pending;
  const code = response.getStatusCode();
  response[drop]();
  return code;
}
` },
      helpers: ["wasiSink","wasiOutgoingBody"],
    },
    {
      name: "a body and its stream dropped in a finally after a read loop: both are the 0.3 pair, the drops go and so does the finally they leave empty",
      before: { 'guest.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function text(path) {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  OutgoingBody.finish(request.body(), undefined);
  const pending = handle(request, undefined);
  pending.subscribe().block();
  const response = pending.get().val.val;
  const body = response.consume();
  const stream = body.stream();
  let out = '';
  try {
    for (;;) out += new TextDecoder().decode(stream.blockingRead(1024n));
  } catch (e) {
    if (e.tag !== 'closed') throw e;
  } finally {
    stream[Symbol.dispose]();
    body[Symbol.dispose]();
  }
  return out;
}
` },
      after: { 'guest.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

export async function text(path) {
  const requestBody = wasiOutgoingBody();
  const request = Request.new(new Fields(), requestBody.contents, requestBody.trailers, undefined)[0];
  request.setPathWithQuery(path);
  const pending = send(request);
  await requestBody.finish(undefined);
  const response = await pending;
  const body = Response.consumeBody(response, wasiOk());
  const stream = body;
  let out = '';
  try {
    for (;;) out += new TextDecoder().decode(await wasiRead(stream, 1024n));
  } catch (e) {
    if (e.tag !== 'closed') throw e;
  }
  return out;
}
` },
      helpers: ["wasiOk","wasiSink","wasiOutgoingBody","wasiRead"],
    },
    {
      name: "drops through a function of the file that only drops its parameter (`const dispose = (r) => r[Symbol.dispose || Symbol.for('dispose')]()`, the key written in place): its calls on the promise, the pair and its trailers future go (the pollable, only waited on and dropped, goes whole: futures), also where the value is a parameter every call passes the same kind to; its call on the response stays",
      before: { 'guest.js': `import { Fields, IncomingBody, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.8';
import { handle } from 'wasi:http/outgoing-handler@0.2.8';

const dispose = (resource) => resource[Symbol.dispose || Symbol.for('dispose')]();

function request(path) {
  const outgoing = new OutgoingRequest(new Fields());
  outgoing.setPathWithQuery(path);
  OutgoingBody.finish(outgoing.body(), undefined);
  const future = handle(outgoing, undefined);
  const ready = future.subscribe();
  ready.block();
  dispose(ready);
  const result = future.get().val.val;
  dispose(future);
  return result;
}

function finish(response, body, stream) {
  dispose(stream);
  const trailers = IncomingBody.finish(body);
  dispose(trailers);
  dispose(response);
}

export function text(path) {
  const response = request(path);
  const body = response.consume();
  const stream = body.stream();
  let out = '';
  try {
    for (;;) out += new TextDecoder().decode(stream.blockingRead(1024n));
  } catch (e) {
    if (e.tag !== 'closed') throw e;
  }
  finish(response, body, stream);
  return out;
}
` },
      after: { 'guest.js': `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

const dispose = (resource) => resource[Symbol.dispose || Symbol.for('dispose')]();

async function request(path) {
  const outgoingBody = wasiOutgoingBody();
  const outgoing = Request.new(new Fields(), outgoingBody.contents, outgoingBody.trailers, undefined)[0];
  outgoing.setPathWithQuery(path);
  const future = send(outgoing);
  await outgoingBody.finish(undefined);
  const result = await future;
  return result;
}

function finish(response, body, stream) {
  const trailers = body[1];
  dispose(response);
}

export async function text(path) {
  const response = await request(path);
  const body = Response.consumeBody(response, wasiOk());
  const stream = body;
  let out = '';
  try {
    for (;;) out += new TextDecoder().decode(await wasiRead(stream, 1024n));
  } catch (e) {
    if (e.tag !== 'closed') throw e;
  }
  finish(response, body, stream);
  return out;
}
` },
      helpers: ["wasiOk","wasiSink","wasiOutgoingBody","wasiRead"],
    },
    {
      name: "a response dropped after its body was taken (0.2 `response.consume()`, then `response[Symbol.dispose]()`): 0.3's `Response.consumeBody(response, ...)` takes the response as its own, so the drop after it does nothing and goes; one after a `consumeBody` that only a branch runs stays",
      before: `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.3';

function fetchStatus() {
  const req = new OutgoingRequest(new Fields());
  OutgoingBody.finish(req.body(), undefined);
  const future = handle(req, undefined);
  future.subscribe().block();
  return future.get().val.val;
}

export function status() {
  const response = fetchStatus();
  const body = response.consume();
  response[Symbol.dispose]();
  body[Symbol.dispose]();
  return 1;
}

export function maybeRead(read) {
  const response = fetchStatus();
  if (read) {
    const body = response.consume();
    body[Symbol.dispose]();
  }
  response[Symbol.dispose]();
}
`,
      after: `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

async function fetchStatus() {
  const reqBody = wasiOutgoingBody();
  const req = Request.new(new Fields(), reqBody.contents, reqBody.trailers, undefined)[0];
  const future = send(req);
  await reqBody.finish(undefined);
  return await future;
}

export async function status() {
  const response = await fetchStatus();
  const body = Response.consumeBody(response, wasiOk());
  return 1;
}

export async function maybeRead(read) {
  const response = await fetchStatus();
  if (read) {
    const body = Response.consumeBody(response, wasiOk());
  }
  response[Symbol.dispose]();
}
`,
      helpers: ['wasiOk', 'wasiSink', 'wasiOutgoingBody'],
    },
    {
      name: "a drop written as the unbraced body of an `if` (a bundle inlines `if (read) response.consume()[Symbol.dispose]()`): a value a call makes in place keeps the call, its drop goes; `if (!keep) input[Symbol.dispose]()` on a plain test goes whole (the drop went alone, leaving `if (read)` with no statement: the run failed)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.3';

function fetchResponse() {
  const req = new OutgoingRequest(new Fields());
  OutgoingBody.finish(req.body(), undefined);
  const future = handle(req, undefined);
  future.subscribe().block();
  return future.get().val.val;
}

export function discard(read) {
  const response = fetchResponse();
  if (read) response.consume()[Symbol.dispose]();
  response[Symbol.dispose]();
}

export function firstBytes(keep) {
  const input = getStdin();
  const bytes = input.blockingRead(16n);
  if (!keep) input[Symbol.dispose]();
  return bytes;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

async function fetchResponse() {
  const reqBody = wasiOutgoingBody();
  const req = Request.new(new Fields(), reqBody.contents, reqBody.trailers, undefined)[0];
  const future = send(req);
  await reqBody.finish(undefined);
  return await future;
}

export async function discard(read) {
  const response = await fetchResponse();
  if (read) Response.consumeBody(response, wasiOk());
  response[Symbol.dispose]();
}

export async function firstBytes(keep) {
  const input = readViaStream();
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  const bytes = await wasiRead(input, 16n);
  return bytes;
}
`,
      reviews: ["one read where 0.2 gave what had arrived together"],
      helpers: ['wasiOk', 'wasiSink', 'wasiOutgoingBody', 'wasiRead'],
    },
  ],
};
export default transform;

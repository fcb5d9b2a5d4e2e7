import { Node, type CallExpression, type Statement, type TryStatement, SyntaxKind, ts } from 'ts-morph';
import { dropHelper } from './disposals.js';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport } from '../wasi-imports.js';
import { declarationOf, indentOf, initializerOf, isNothing, methodCallOn, methodOf, methodReceivers, referencesTo, type Binding, replaceInPlace, descendantsOfKind, descendantsWhere, removeStatement, movedText, isDisposeKey } from '../util.js';
import { functionNamed, localUses } from '../references.js';

const docs = `
WASI 0.2 returns work in progress as a future resource: \`outgoing-handler.handle\`
gives a \`future-incoming-response\`, \`IncomingBody.finish\` a
\`future-trailers\`. Code subscribes to it for a pollable, blocks or polls
until it is ready, then calls \`get()\`, which returns
\`option<result<result<T, E>>>\` (jco: \`{ tag: 'ok', val: { tag: 'ok' | 'err', val } } | undefined\`).
In 0.3 the call itself is \`async\` (\`client.send\`) or the value is a
\`future<T>\` (jco: a \`PromiseLike\`), and one \`await\` replaces the three steps.

The transform renames \`handle(request, options)\` of \`wasi:http/outgoing-handler\`
to \`send(request)\` of \`wasi:http/client\` (the request starts at the same
point, and stays in flight while the code does other things, as before), then
follows every future variable (and parameters every caller passes a future
to):
- \`f.subscribe().block()\` goes: the \`get()\` that follows waits; so does a
  pollable held in a name that is only waited on and dropped
  (\`const ready = f.subscribe(); ready.block(); ready[Symbol.dispose]();\`,
  also in a \`try\` and its \`finally\`, also through the file's drop helper)
  when nothing but plain assignments and declarations that run nothing
  (\`const label = 'quote'\`) runs between the wait and the \`get()\`
  (a \`try\` left with those only gives way to them);
- \`f.get().val.val\` (the value taken, trusted to be there and ok) becomes
  \`await f\` (a failed \`send\` throws; a trailers future's \`.get().val\` is
  \`await f\`);
- any other \`f.get()\` becomes \`{ tag: 'ok', val: await f }\` (for \`send\`,
  \`await wasiSendResult(f)\`), the same shape as the 0.2 value, so the code
  reading it is unchanged: a failed \`send\` rejects with a ComponentError
  whose \`payload\` is the error-code, which becomes \`{ tag: 'err', val }\`,
  what the 0.2 result held, typed as 0.3's \`ErrorCode\`;
- \`f.get();\`, its value dropped, becomes \`await f;\` (for \`send\`,
  \`await wasiSendResult(f);\`, which does not throw, as the 0.2 get did not);
- \`f.subscribe()\` anywhere else becomes \`wasiPollable(f)\`, for the poll
  transform.

Request options go to \`Request.new\` in 0.3 (a request's options are fixed
when it is made): when the request is a local made by \`Request.new\` and
the options a local \`new RequestOptions()\` set by statements of the same
block, those statements move up to just before the request's, in their
order, and \`Request.new\` takes the options. A future held in a \`let\` that
is assigned later (\`future = handle(req)\`) is followed like one initialised
so, and \`ReturnType<typeof handle>\` names \`send\`'s type.

Other request options (a setter reading a value made after the request, an
options object from elsewhere), or a future used in another way, get a
review marker.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  requestOptions: 'outgoing-handler.handle with request options: 0.3 `Request.new` takes the options; move them there',
} as const;

type Kind = 'send' | 'result';

function kindOfInit(ctx: FileContext, init: Node | undefined): Kind | undefined {
  if (!init) return undefined;
  if (Node.isCallExpression(init)) {
    const c = ctx.wasi.callee(init);
    if (c?.iface === 'wasi:http/outgoing-handler' && c.name === 'handle') return 'send';
    // What this transform made of a handle call: `send(req)`, or `ns.send(req)` where the file imports the interface as a namespace.
    const callee = init.getExpression();
    if ((Node.isIdentifier(callee) || Node.isPropertyAccessExpression(callee)) && callee.getText() === sendLocal(ctx)) return 'send';
    // A function called where it is written (`(() => handle(req))()`), not async: what it returns.
    let fn: Node = callee;
    while (Node.isParenthesizedExpression(fn)) fn = fn.getExpression();
    if ((Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && !fn.isAsync()) {
      const body = fn.getBody();
      const kinds = Node.isBlock(body) ? descendantsOfKind(body, SyntaxKind.ReturnStatement).map((r) => kindOfInit(ctx, r.getExpression())) : [kindOfInit(ctx, body)];
      if (kinds.length && kinds.every((k) => k === 'send')) return 'send';
    }
    // A function whose every return is a send future (`function get() { ...; return handle(req) }`).
    if (Node.isIdentifier(callee)) {
      const fnDecl = functionNamed(init, callee.getText());
      if (fnDecl && Node.isFunctionDeclaration(fnDecl)) {
        const rets = descendantsOfKind(fnDecl, SyntaxKind.ReturnStatement);
        const kinds = rets.map((r) => kindOfInit(ctx, r.getExpression()));
        if (kinds.length && kinds.every((k) => k === 'send')) return 'send';
      }
    }
  }
  // `body[1]` of a consumeBody pair: the trailers future, a result already.
  if (Node.isElementAccessExpression(init) && init.getArgumentExpression()?.getText() === '1') {
    const i = initializerOf(init.getExpression());
    if (i && Node.isCallExpression(i) && methodOf(i)?.name === 'consumeBody') return 'result';
  }
  if (Node.isIdentifier(init)) {
    const d = declarationOf(init);
    return d ? kindOf(ctx, d) : undefined;
  }
  return undefined;
}

let sendName: string | undefined;
function sendLocal(ctx: FileContext): string | undefined {
  return sendName ?? ctx.wasi.localOf('wasi:http/client', 'send');
}

function kindOf(ctx: FileContext, d: Binding, seen = new Set<Node>()): Kind | undefined {
  if (seen.has(d)) return undefined;
  seen.add(d);
  if (Node.isVariableDeclaration(d)) {
    const init = d.getInitializer();
    if (init) return kindOfInit(ctx, init);
    // `let future; ... future = handle(req)`: what every assignment gives.
    const kinds = referencesTo(d).flatMap((r) => {
      const a = r.getParent();
      return a && Node.isBinaryExpression(a) && a.getLeft() === r && a.getOperatorToken().getKind() === SyntaxKind.EqualsToken ? [kindOfInit(ctx, a.getRight())] : [];
    });
    return kinds.length && kinds.every((k) => k === kinds[0]) ? kinds[0] : undefined;
  }
  if (Node.isParameterDeclaration(d)) {
    // Every caller passes the same kind of future.
    const fn = d.getParent();
    if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn))) return undefined;
    const nameNode = Node.isFunctionDeclaration(fn) ? fn.getNameNode() : undefined;
    if (!nameNode) return undefined;
    const index = fn.getParameters().indexOf(d);
    const kinds = localUses(fn.getSourceFile(), nameNode.getText())
      .map((r) => r.getParent())
      .filter((c): c is CallExpression => !!c && Node.isCallExpression(c) && c.getExpression().getText() === nameNode.getText())
      .map((c) => {
        const a = c.getArguments()[index];
        if (!a) return undefined;
        const ad = declarationOf(a);
        return ad ? kindOf(ctx, ad, seen) : kindOfInit(ctx, a);
      });
    return kinds.length && kinds.every((k) => k === kinds[0]) ? kinds[0] : undefined;
  }
  return undefined;
}

/**
 * `handle(request, options)`: 0.3 gives the options to \`Request.new\`, and a
 * request's options cannot change after. When the request is a local made
 * by \`Request.new(...)[0]\` with no options, and the options a local
 * \`new RequestOptions()\` whose other uses are setter statements in the
 * same block, the options' statements move up to just before the request's,
 * in their order, and the request takes them. Not when a setter's arguments
 * name a value declared after the request (moving would read it too early).
 */
function optionsIntoRequest(ctx: FileContext, req: Node | undefined, opts: Node): boolean {
  if (!req || !Node.isIdentifier(req) || !Node.isIdentifier(opts)) return false;
  const r = declarationOf(req);
  const o = declarationOf(opts);
  if (!r || !o || !Node.isVariableDeclaration(r) || !Node.isVariableDeclaration(o)) return false;
  const made = r.getInitializer();
  const call = made && Node.isElementAccessExpression(made) && made.getArgumentExpression()?.getText() === '0' ? made.getExpression() : undefined;
  const args = call && Node.isCallExpression(call) && call.getExpression().getText().endsWith('.new') ? call.getArguments() : [];
  const init = o.getInitializer();
  if (args.length !== 4 || !isNothing(args[3]) || !init || !Node.isNewExpression(init) || !/(^|\.)RequestOptions$/.test(init.getExpression().getText())) return false;
  const reqStmt = r.getVariableStatement();
  const optStmt = o.getVariableStatement();
  const block = reqStmt?.getParent();
  if (!reqStmt || !optStmt || !block || optStmt.getParent() !== block || reqStmt.getDeclarations().length !== 1 || optStmt.getDeclarations().length !== 1 || !(Node.isBlock(block) || Node.isSourceFile(block))) return false;
  if (optStmt.getStart() < reqStmt.getStart()) {
    ctx.edit(replaceInPlace(args[3]!, opts.getText()), 'the request options go to Request.new (0.3: a request\'s options are fixed when it is made)');
    return true;
  }
  const setters: Node[] = [];
  for (const ref of referencesTo(o)) {
    if (ref === opts) continue;
    const set = methodCallOn(ref);
    const stmt = set?.getParent();
    if (!set || !/^set[A-Z]/.test(methodOf(set)!.name) || !stmt || !Node.isExpressionStatement(stmt) || stmt.getParent() !== block) return false;
    // What the setter reads must be there before the request is made.
    const late = set.getArguments().some((a) => [a, ...a.getDescendants()].some((id) => Node.isIdentifier(id) && (declarationOf(id)?.getStart() ?? 0) > reqStmt.getStart()));
    if (late) return false;
    setters.push(stmt);
  }
  const moved = [optStmt, ...setters].sort((a, b) => a.getStart() - b.getStart());
  const indent = indentOf(reqStmt);
  const lines = moved.map((st) => movedText(st, indent));
  // The request's statement with the options as Request.new's last argument.
  const own = reqStmt.getText();
  const at = args[3]!.getStart() - reqStmt.getStart();
  const made2 = `${own.slice(0, at)}${opts.getText()}${own.slice(at + args[3]!.getText().length)}`;
  // Removing statements leaves the other nodes (the handle call among them) where they are; the request's comes first.
  for (const st of [...moved].reverse()) (st as import('ts-morph').Statement).remove();
  const now = replaceInPlace(reqStmt, [...lines, made2].join(`\n${indent}`));
  ctx.edit(now, 'the request options are made before the request, and Request.new takes them (0.3: a request\'s options are fixed when it is made)');
  return true;
}

function apply(ctx: FileContext): void {
  sendName = undefined;
  const file = ctx.file;
  // handle(req, options) -> send(req)
  const handles = ctx.wasi.callsWhere(file, (c) => c.iface === 'wasi:http/outgoing-handler' && c.name === 'handle');
  for (const c of handles.reverse()) {
    const [req, opts] = c.getArguments();
    // No options: none given, \`undefined\` (\`void 0\`) or \`null\` (jco reads each as an empty option).
    if (opts && !isNothing(opts, true) && !optionsIntoRequest(ctx, req, opts)) {
      ctx.review(c, 'requestOptions');
      continue;
    }
    sendName = ensureImport(file, 'wasi:http/client@0.3.0', 'send');
    ctx.edit(replaceInPlace(c, `${sendName}(${req?.getText() ?? ''})`), 'outgoing-handler.handle -> client.send (async: a promise of the response)');
  }
  // `ReturnType<typeof handle>`, the type of what the port now holds: `send`'s.
  const handleLocal = ctx.wasi.localOf('wasi:http/outgoing-handler', 'handle');
  if (sendName && handleLocal) {
    for (const q of descendantsOfKind(file, SyntaxKind.TypeQuery).filter((t) => t.getExprName().getText() === handleLocal).reverse()) {
      ctx.edit(replaceInPlace(q.getExprName(), sendName), `typeof ${handleLocal} -> typeof ${sendName}`);
    }
  }
  // Futures: every identifier whose `.get()` / `.subscribe()` is called.
  const uses = methodReceivers(file, ['get', 'subscribe']).filter((d) => methodCallOn(d)!.getArguments().length === 0);
  const decls = new Map<Binding, Kind>();
  for (const u of uses) {
    const d = declarationOf(u);
    if (!d || decls.has(d)) continue;
    const k = kindOf(ctx, d);
    if (k) decls.set(d, k);
  }
  // Futures kept in object properties: `{ name, future: fetch(name) }` ... `p.future.get()`.
  const byProp = new Map<string, Kind | null>();
  // kindOfInit knows calls, `x[1]` and names: only those properties are wrapped.
  for (const pa of descendantsWhere(file, SyntaxKind.PropertyAssignment, (n) => ts.isPropertyAssignment(n) && (ts.isCallExpression(n.initializer) || ts.isElementAccessExpression(n.initializer) || ts.isIdentifier(n.initializer)))) {
    const k = kindOfInit(ctx, (pa as import('ts-morph').PropertyAssignment).getInitializer());
    if (!k) continue;
    const name = (pa as import('ts-morph').PropertyAssignment).getName();
    byProp.set(name, byProp.has(name) && byProp.get(name) !== k ? null : k);
  }
  const propUses = descendantsWhere(file, SyntaxKind.PropertyAccessExpression, (n, sf) => ts.isPropertyAccessExpression(n) && !!byProp.get(n.name.getText(sf))).filter((d) => !!methodCallOn(d, ['get', 'subscribe']) && methodCallOn(d)!.getArguments().length === 0);
  const targets: { r: Node; kind: Kind }[] = propUses.map((r) => ({ r, kind: byProp.get(r.getName())! }));
  for (const [d, kind] of decls) for (const r of referencesTo(d)) targets.push({ r, kind });
  targets.sort((a, b) => b.r.getStart() - a.r.getStart());
  for (const { r, kind } of targets) {
    {
      if (r.wasForgotten()) continue;
      const call = methodCallOn(r);
      if (!call) continue;
      const m = methodOf(call)!.name;
      if (m === 'subscribe') {
        const outer = call.getParent();
        const block = outer && Node.isPropertyAccessExpression(outer) && outer.getName() === 'block' ? outer.getParent() : undefined;
        const stmt = block?.getParent();
        if (block && Node.isCallExpression(block) && stmt && Node.isExpressionStatement(stmt)) {
          ctx.edit(stmt.getNextSibling() ?? stmt.getParentOrThrow(), `${r.getText()}.subscribe().block(): gone, the await of ${r.getText()} waits`);
          removeStatement(stmt);
          continue;
        }
        // `const ready = f.subscribe(); ready.block(); ready[Symbol.dispose]();`: the named form of the above, as
        // the wait and its drops are all the pollable is for.
        const waits = namedWait(call);
        if (waits) {
          const last = waits.reduce((a, b) => (b.getStart() > a.getStart() ? b : a));
          const after = last.getNextSibling() ?? last.getParentOrThrow();
          const name = r.getText();
          const tries = waits.map((st) => st.getParent()?.getParent()).filter((t): t is TryStatement => !!t && Node.isTryStatement(t));
          for (const st of waits) removeStatement(st);
          let at: Node = after;
          for (const t of [...new Set(tries)].sort((a, b) => b.getStart() - a.getStart())) {
            if (t.wasForgotten()) continue;
            const holds = t.containsRange(at.getPos(), at.getEnd());
            const block = t.getParentOrThrow();
            const [from, size] = [t.getStart(), block.getEnd() - t.getEnd()];
            const now = flattenTry(t);
            if (holds || at.wasForgotten()) at = now ?? at.getParentOrThrow();
            // What the `try` held now stands in its block: from where it started to where the text after it begins.
            if (Node.isBlock(block) && !block.wasForgotten()) at = deadWrites(block, [from, block.getEnd() - size], at);
          }
          ctx.edit(at, `a pollable of ${name} only waited on and dropped: gone, the await of ${name} waits`);
          continue;
        }
        ctx.needHelper('wasiPollable');
        ctx.edit(replaceInPlace(call, `wasiPollable(${r.getText()})`), 'a pollable for a 0.3 promise (for poll)');
      } else if (m === 'get') {
        const name = r.getText();
        // `f.get().val.val` took the value, trusting it was there and ok: that is what `await` gives (a failed
        // `send` throws, as reading the 0.2 error as a response did).
        // A non-null assertion on the way (\`f.get()!.val.val\`, TypeScript's way past the 0.2 \`| undefined\`) changes nothing.
        const vals: Node[] = [];
        for (let n: Node = call; ; ) {
          let p = n.getParent();
          if (p && Node.isNonNullExpression(p)) [n, p] = [p, p.getParent()];
          if (!p || !Node.isPropertyAccessExpression(p) || p.getExpression() !== n || p.getName() !== 'val') break;
          vals.push(p);
          n = p;
        }
        const unwrap = kind === 'send' ? 2 : 1;
        if (vals.length >= unwrap) {
          const rest = vals.length - unwrap;
          const last = vals[vals.length - 1]!;
          const p = last.getParent();
          // Read further (`.status()`, `[0]`): the await needs its parentheses.
          const further = !!p && (Node.isPropertyAccessExpression(p) || Node.isElementAccessExpression(p) || Node.isCallExpression(p)) && p.getExpression() === last;
          const awaited = rest || further ? `(await ${name})${'.val'.repeat(rest)}` : `await ${name}`;
          ctx.edit(replaceInPlace(last, awaited), `${name}.get()${'.val'.repeat(vals.length)}: await the 0.3 ${kind === 'send' ? 'call' : 'future'}`);
          continue;
        }
        // `wasiSendResult` gives the 0.2 result: its tags literal, so the code's `r.val.tag === 'ok'` checks narrow the value
        // as the 0.2 types did, and its error the error-code (jco rejects with a ComponentError holding it). The outer tag is
        // no literal: 0.2's could be `'err'` (taken already), and the code's `r.tag === 'err'` test of `'ok'` would be TS2367.
        if (kind === 'send') ctx.needHelper('wasiSendResult');
        const settled = kind === 'send' ? `wasiSendResult(${name})` : name;
        const value = `{ tag: 'ok', val: await ${settled} }`;
        // `f?.get()`: undefined while there is no future, as before.
        const access = call.getExpression();
        const optional = Node.isPropertyAccessExpression(access) && access.hasQuestionDotToken();
        const up = call.getParent();
        // A statement of its own (`trailers.get();`, the value dropped): only the wait is left.
        if (!optional && up && Node.isExpressionStatement(up)) {
          ctx.edit(replaceInPlace(call, `await ${settled}`), `${name}.get(), its value unused: await the 0.3 ${kind === 'send' ? 'call' : 'future'}`);
          continue;
        }
        // An arrow's body (`() => future.get()`): an object literal there needs parentheses (else a block).
        const bare = !optional && !!up && Node.isArrowFunction(up) && up.getBody() === call;
        ctx.edit(replaceInPlace(call, optional ? `(${name} === undefined ? undefined : ${value})` : bare ? `(${value})` : value), `${name}.get(): await the 0.3 ${kind === 'send' ? 'call' : 'future'}, same shape as the 0.2 value`);
      }
    }
  }
}

/**
 * The statements of \`const p = f.subscribe()\` when \`p\` is only waited on and
 * dropped, each a statement of its own in the declaration's block or in the
 * \`try\` or \`finally\` block of a \`try\` there (\`p.block();\`,
 * \`p[Symbol.dispose]();\`, \`p[Symbol.dispose]?.();\`, \`dispose(p);\` through the
 * file's drop helper): the declaration, then those, or undefined when \`p\`
 * does anything else.
 */
function namedWait(subscribe: CallExpression): Statement[] | undefined {
  const d = subscribe.getParent();
  if (!d || !Node.isVariableDeclaration(d) || d.getInitializer() !== subscribe || !Node.isIdentifier(d.getNameNode())) return undefined;
  const st = d.getVariableStatement();
  if (!st || st.getDeclarations().length !== 1) return undefined;
  const home = st.getParent();
  // A statement of the declaration's block, or of a \`try\`'s or \`finally\`'s block in it (a catch's may not run).
  const inHome = (own: Node): boolean => {
    for (let b = own.getParent(); b !== home; ) {
      const t = b?.getParent();
      if (!b || !Node.isBlock(b) || !t || !Node.isTryStatement(t)) return false;
      b = t.getParent();
    }
    return true;
  };
  const uses: Statement[] = [];
  let waited = false;
  for (const r of referencesTo(d)) {
    const access = r.getParent();
    const wait = !!access && Node.isPropertyAccessExpression(access) && access.getName() === 'block';
    const drop = !!access && Node.isElementAccessExpression(access) && isDisposeKey(access.getArgumentExpression());
    const call = wait || drop ? access?.getParent() : access;
    const own = call?.getParent();
    const byHelper = !wait && !drop && !!call && Node.isCallExpression(call) && call.getArguments().length === 1 && call.getArguments()[0] === r && dropHelper(call.getExpression());
    if (!(wait || drop || byHelper) || !call || !Node.isCallExpression(call) || (!byHelper && (call.getExpression() !== access || call.getArguments().length)) || !own || !Node.isExpressionStatement(own) || !inHome(own)) return undefined;
    waited ||= wait;
    uses.push(own);
  }
  if (!waited) return undefined;
  // The future's \`get()\` waits instead: only when nothing but those drops and plain assignments runs between the
  // wait and that \`get()\` (else what ran once the response was in would run before it).
  const future = subscribe.getExpression();
  const fd = Node.isPropertyAccessExpression(future) ? declarationOf(future.getExpression()) : undefined;
  const lastWait = uses.filter((u) => u.getText().includes('.block(')).reduce((a, b) => (b.getStart() > a.getStart() ? b : a));
  const next = fd && referencesTo(fd).find((ref) => ref.getStart() > lastWait.getEnd());
  // The \`get()\`, or what this transform made of it already (the later ones go first): \`await future\`, \`await wasiSendResult(future)\`.
  const get = next && (methodCallOn(next, ['get']) ?? next.getFirstAncestorByKind(SyntaxKind.AwaitExpression));
  return get && quietUntil(lastWait, get, new Set(uses)) ? [st, ...uses] : undefined;
}

/**
 * Whether what runs after \`from\` up to \`get\` (the rest of its block, the \`finally\` of a \`try\` it ends, and on
 * past the \`try\`) is only \`skip\`, plain assignments and comments, and \`get\` is the first thing its statement does.
 */
function quietUntil(from: Statement, get: Node, skip: ReadonlySet<Node>): boolean {
  // A declaration in a `try` block stays out: the block, once the wait went, would be flattened and its names with it.
  const quiet = (st: Node): boolean => skip.has(st) || Node.isCommentStatement(st) || plainAssignment(st) || (inertDeclaration(st) && !Node.isTryStatement(st.getParent()?.getParent()));
  for (let cur: Node = from; ; ) {
    const b = cur.getParent();
    if (!b || !Node.isBlock(b)) return false;
    const all = b.getStatementsWithComments();
    for (const st of all.slice(all.indexOf(cur as Statement) + 1)) {
      if (!st.containsRange(get.getPos(), get.getEnd())) {
        if (!quiet(st)) return false;
        continue;
      }
      // Nothing in the statement that runs before the \`get()\` does: no call, \`new\` or \`await\` ahead of it but those around it.
      return [...st.getDescendantsOfKind(SyntaxKind.CallExpression), ...st.getDescendantsOfKind(SyntaxKind.NewExpression), ...st.getDescendantsOfKind(SyntaxKind.AwaitExpression)].every((c) => c.getStart() >= get.getStart() || c.containsRange(get.getPos(), get.getEnd()));
    }
    const t = b.getParent();
    if (!t || !Node.isTryStatement(t)) return false;
    if (b === t.getTryBlock() && !(t.getFinallyBlock()?.getStatementsWithComments() ?? []).every(quiet)) return false;
    cur = t;
  }
}

/**
 * Writes the flattening left dead: a plain assignment to a variable of the
 * function (`stage = 'wait';`) followed, with only plain assignments that do
 * not read it between, by another to it (`stage = 'dispose'; stage = 'read';`,
 * once the wait and the drop they tracked went). One of the two stood in the
 * flattened `try` (`moved`, a range of `block`): an overwrite the file wrote
 * itself stays. Gives `at`, or the statement after it where it went.
 */
function deadWrites(block: import('ts-morph').Block, moved: readonly [number, number], at: Node): Node {
  const all = block.getStatementsWithComments();
  const inMoved = (st: Node) => st.getStart() >= moved[0] && st.getEnd() <= moved[1];
  const target = (st: Node) => ((st as import('ts-morph').ExpressionStatement).getExpression() as import('ts-morph').BinaryExpression);
  const dead: Statement[] = [];
  for (let i = 0; i < all.length; i++) {
    const st = all[i]!;
    if (!plainAssignment(st)) continue;
    const name = target(st).getLeft().getText();
    const d = declarationOf(target(st).getLeft());
    if (!d || !Node.isVariableDeclaration(d)) continue;
    for (let j = i + 1; j < all.length && plainAssignment(all[j]!); j++) {
      const next = target(all[j]!);
      if (next.getRight().getText() === name) break;
      if (next.getLeft().getText() !== name) continue;
      if (inMoved(st) || inMoved(all[j]!)) dead.push(st as Statement);
      break;
    }
  }
  for (const st of dead) {
    if (at === st) at = st.getNextSibling() ?? block;
    removeStatement(st);
  }
  return at;
}

/**
 * A declaration that runs nothing and cannot throw: names (no destructuring)
 * given nothing, a literal, a name, or an array or object literal of those
 * (`const label = 'quote'; let tries = 0, seen = [];`). Run before the wait
 * rather than after it, nothing can tell.
 */
function inertDeclaration(st: Node): boolean {
  if (!Node.isVariableStatement(st)) return false;
  const inert = (e: Node): boolean =>
    Node.isLiteralExpression(e) || Node.isNoSubstitutionTemplateLiteral(e) || Node.isIdentifier(e) || ['true', 'false', 'null'].includes(e.getText()) ||
    (Node.isArrayLiteralExpression(e) && e.getElements().every(inert)) ||
    (Node.isObjectLiteralExpression(e) && e.getProperties().every((p) => Node.isPropertyAssignment(p) && !Node.isComputedPropertyName(p.getNameNode()) && inert(p.getInitializerOrThrow())));
  return st.getDeclarations().every((d) => Node.isIdentifier(d.getNameNode()) && (!d.getInitializer() || inert(d.getInitializer()!)));
}

/** A statement that cannot throw: a literal (or a name) assigned to a name. */
function plainAssignment(st: Node): boolean {
  const e = Node.isExpressionStatement(st) ? st.getExpression() : undefined;
  if (!e || !Node.isBinaryExpression(e) || e.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || !Node.isIdentifier(e.getLeft())) return false;
  const r = e.getRight();
  return Node.isLiteralExpression(r) || Node.isNoSubstitutionTemplateLiteral(r) || Node.isIdentifier(r) || ['true', 'false', 'null'].includes(r.getText());
}

/**
 * A \`try\` (no \`catch\`) whose block the port left with nothing that can throw (\`try { stage = 'wait'; } finally
 * { stage = 'dispose'; }\` once the wait went): the statements of both blocks in its place, in their order, when
 * none declares a name (it would move into the scope around the \`try\`).
 */
function flattenTry(t: TryStatement): Node | undefined {
  const fin = t.getFinallyBlock();
  const parent = t.getParent();
  if (t.getCatchClause() || !fin || !parent || !Node.isBlock(parent)) return t;
  const inner = t.getTryBlock().getStatementsWithComments();
  const after = fin.getStatementsWithComments();
  if (!inner.every((s) => Node.isCommentStatement(s) || plainAssignment(s))) return t;
  if (after.some((s) => Node.isVariableStatement(s) || Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s))) return t;
  const all = [...inner, ...after];
  if (!all.length) {
    const next = t.getNextSibling();
    removeStatement(t);
    return next;
  }
  const indent = indentOf(t);
  return replaceInPlace(t, all.map((s) => movedText(s, indent)).join(`\n${indent}`));
}

const transform: CodeTransform = {
  id: 'bindings/futures',
  summary: 'outgoing-handler.handle + future-incoming-response (subscribe, block, get) become client.send and one await',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  cases: [
    {
      name: "a pollable of the future held in a name, only waited on and dropped (`const ready = future.subscribe(); ready.block(); ready[Symbol.dispose]();`): it goes, as `future.subscribe().block()` does; the await of the future waits",
      before: { 'guest.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';

export function status() {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request, undefined);
  const ready = future.subscribe();
  ready.block();
  ready[Symbol.dispose]();
  return future.get().val.val.status();
}
` },
      after: { 'guest.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function status() {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  return (await future).getStatusCode();
}
` },
      helpers: ["wasiOk"],
    },
    {
      // wild2's ts-market-poll: the wait in a \`try\` whose \`finally\` dropped the pollable through the file's helper
      // became \`await pollable.block()\` and then \`await wasiSendResult(future)\`, two waits for one thing.
      name: "a pollable of the future waited in a `try` and dropped in its `finally` (through the file's drop helper too): it goes when nothing but plain assignments runs between the wait and the `get()`, which waits, and the `try` left with assignments only gives way to them, of which a write overwritten with nothing reading it between goes (`stage = 'wait'; stage = 'dispose'; stage = 'read';`: the code they tracked went); where the code does more after the wait (`log('ready')`), the wait stays",
      before: { 'guest.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';

function disposeWasiResource(resource) {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') dispose.call(resource);
}

export function status() {
  let stage = 'send';
  const request = new OutgoingRequest(new Fields());
  const future = handle(request, undefined);
  const pollable = future.subscribe();
  try {
    stage = 'wait';
    pollable.block();
  } finally {
    stage = 'dispose';
    disposeWasiResource(pollable);
  }
  stage = 'read';
  const ready = future.get();
  return ready?.tag === 'ok' && ready.val.tag === 'ok' ? ready.val.val.status() : stage;
}

export function logged(log) {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request, undefined);
  const pollable = future.subscribe();
  try {
    pollable.block();
    log('ready');
  } finally {
    pollable[Symbol.dispose]();
  }
  return future.get().val.val.status();
}
` },
      after: { 'guest.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

function disposeWasiResource(resource) {
  const dispose = resource[Symbol.dispose];
  if (typeof dispose === 'function') dispose.call(resource);
}

export async function status() {
  let stage = 'send';
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  stage = 'read';
  const ready = { tag: 'ok', val: await wasiSendResult(future) };
  return ready?.tag === 'ok' && ready.val.tag === 'ok' ? ready.val.val.getStatusCode() : stage;
}

export async function logged(log) {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  const pollable = wasiPollable(future);
  await pollable.block();
  log('ready');
  return (await future).getStatusCode();
}
` },
      helpers: ['wasiOk', 'wasiPollable', 'wasiSendResult'],
    },
    {
      name: "a pollable of the future waited and dropped, with declarations that run nothing between the wait and the `get()` (`const label = 'quote'; let tries = 1, seen = [];`): it goes, the `get()` waits (two waits were left); a declaration that calls (`const started = Date.now()`) keeps the wait",
      before: { 'guest.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';

export function quote() {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request, undefined);
  const pollable = future.subscribe();
  pollable.block();
  pollable[Symbol.dispose]();
  const label = 'quote';
  let tries = 1, seen = [];
  const result = future.get();
  return { label, tries, seen, status: result.val.tag === 'ok' ? result.val.val.status() : 0 };
}

export function timed() {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request, undefined);
  const pollable = future.subscribe();
  pollable.block();
  pollable[Symbol.dispose]();
  const started = Date.now();
  return [started, future.get().val.val.status()];
}
` },
      after: { 'guest.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function quote() {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  const label = 'quote';
  let tries = 1, seen = [];
  const result = { tag: 'ok', val: await wasiSendResult(future) };
  return { label, tries, seen, status: result.val.tag === 'ok' ? result.val.val.getStatusCode() : 0 };
}

export async function timed() {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  const pollable = wasiPollable(future);
  await pollable.block();
  const started = Date.now();
  return [started, (await future).getStatusCode()];
}
` },
      helpers: ['wasiOk', 'wasiPollable', 'wasiSendResult'],
    },
    {
      name: "writes left by a flattened `try` stay where something reads the value between (`last = stage;`) or where the file overwrote its own write outside the `try` (`tries = 0; tries = 1;`)",
      before: { 'guest.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';

export function status() {
  let stage = 'send';
  let last = '';
  let tries = 0;
  tries = 1;
  const request = new OutgoingRequest(new Fields());
  const future = handle(request, undefined);
  const pollable = future.subscribe();
  try {
    stage = 'wait';
    pollable.block();
  } finally {
    last = stage;
    pollable[Symbol.dispose]();
  }
  stage = 'read';
  return \`\${future.get().val.val.status()} \${stage} \${last} \${tries}\`;
}
` },
      after: { 'guest.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function status() {
  let stage = 'send';
  let last = '';
  let tries = 0;
  tries = 1;
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  stage = 'wait';
  last = stage;
  stage = 'read';
  return \`\${(await future).getStatusCode()} \${stage} \${last} \${tries}\`;
}
` },
      helpers: ['wasiOk'],
    },
    {
      name: "a `get()` whose value the code drops (`trailers.get();`, a statement of its own) is the wait alone: `await trailers;`, not an object literal made and dropped",
      before: { 'guest.js': `import { IncomingBody } from 'wasi:http/types@0.2.12';

/** @param {import('wasi:http/types@0.2.12').IncomingRequest} request */
export function drain(request) {
  const body = request.consume();
  const trailers = IncomingBody.finish(body);
  trailers.subscribe().block();
  trailers.get();
}
` },
      after: { 'guest.js': `import { Request } from 'wasi:http/types@0.3.0';

/** @param {import('wasi:http/types@0.3.0').Request} request */
export async function drain(request) {
  const body = Request.consumeBody(request, wasiOk());
  const trailers = body[1];
  await trailers;
}
` },
      helpers: ["wasiOk"],
    },
    {
      name: "request options made after the request: they move up to just before it, and Request.new takes them",
      before: { 'guest.js': `import { Fields, OutgoingRequest, RequestOptions } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

const TIMEOUT_NS = 5_000_000_000n;

export function health() {
  const req = new OutgoingRequest(new Fields());
  req.setPathWithQuery('/health');
  const options = new RequestOptions();
  options.setConnectTimeout(TIMEOUT_NS);
  options.setFirstByteTimeout(TIMEOUT_NS);
  const future = handle(req, options);
  future.subscribe().block();
  return future.get().val.val.status();
}
` },
      after: { 'guest.js': `import { Fields, RequestOptions, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

const TIMEOUT_NS = 5_000_000_000n;

export async function health() {
  const options = new RequestOptions();
  options.setConnectTimeout(TIMEOUT_NS);
  options.setFirstByteTimeout(TIMEOUT_NS);
  const req = Request.new(new Fields(), undefined, wasiOk(), options)[0];
  req.setPathWithQuery('/health');
  const future = send(req);
  return (await future).getStatusCode();
}
` },
      helpers: ["wasiOk"],
    },
    {
      name: "request options moved up before the request keep the comments after them on their lines (each moved by its text, which ends before them)",
      before: { 'guest.js': `import { Fields, OutgoingRequest, RequestOptions } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function health() {
  const req = new OutgoingRequest(new Fields());
  const options = new RequestOptions(); // no timeouts by default
  options.setConnectTimeout(5_000_000_000n); /* 5 s */
  const future = handle(req, options);
  future.subscribe().block();
  return future.get().val.val.status();
}
` },
      after: { 'guest.js': `import { Fields, RequestOptions, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function health() {
  const options = new RequestOptions(); // no timeouts by default
  options.setConnectTimeout(5_000_000_000n); /* 5 s */
  const req = Request.new(new Fields(), undefined, wasiOk(), options)[0];
  const future = send(req);
  return (await future).getStatusCode();
}
` },
      helpers: ["wasiOk"],
    },
    {
      // A Pumpkin plugin's client: \`future.get()!.val.val\` (TypeScript's way past the 0.2 \`| undefined\`) became
      // \`{ tag: 'ok' as const, val: await future.then(...) }!.val.val\`, typed \`unknown\` (TS18046 on the response).
      name: "`get()!.val.val` in TypeScript, the non-null assertion on the way: one await, the response typed as before",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function status(path: string): number {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  const future = handle(request, undefined);
  future.subscribe().block();
  const response = future.get()!.val.val;
  return response.status();
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function status(path: string): Promise<number> {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  request.setPathWithQuery(path);
  const future = send(request);
  const response = await future;
  return response.getStatusCode();
}
` },
      helpers: ["wasiOk"],
    },
    {
      // Found by helper-112's probe: removing \`future.subscribe().block();\` as a statement left \`while (...)\` with no body,
      // and the run ended with a ts-morph manipulation error (exit 2, a stack trace).
      name: "a poll loop whose body is `f.subscribe().block()` without braces: the body becomes an empty block (the awaiting condition ends the loop)",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function code(): string {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request);
  let got;
  while ((got = future.get()) === undefined) future.subscribe().block();
  if (got.tag === 'ok' && got.val.tag === 'err') return got.val.val.tag;
  return 'ok';
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function code(): Promise<string> {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  let got;
  while ((got = { tag: 'ok', val: await wasiSendResult(future) }) === undefined) {}
  if (got.tag === 'ok' && got.val.tag === 'err') return got.val.val.tag;
  return 'ok';
}
` },
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      name: "a future held in a `let` assigned later, polled from another call: its type, its pollable and its optional get follow",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import type { Pollable } from 'wasi:io/poll@0.2.12';

let future: ReturnType<typeof handle> | undefined;
let pollable: Pollable | undefined;

export function start(): void {
  const req = new OutgoingRequest(new Fields());
  future = handle(req, undefined);
  pollable = future.subscribe();
}

export function poll(): number | undefined {
  if (!pollable?.ready()) return undefined;
  const got = future?.get();
  return got?.tag === 'ok' && got.val.tag === 'ok' ? got.val.val.status() : 0;
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

let future: ReturnType<typeof send> | undefined;
let pollable: ReturnType<typeof wasiPollable> | undefined;

export function start(): void {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  future = send(req);
  pollable = wasiPollable(future);
}

export async function poll(): Promise<number | undefined> {
  if (!pollable?.ready()) return undefined;
  const got = (future === undefined ? undefined : { tag: 'ok', val: await wasiSendResult(future) });
  return got?.tag === 'ok' && got.val.tag === 'ok' ? got.val.val.getStatusCode() : 0;
}
` },
      helpers: ["wasiOk", "wasiPollable", "wasiSendResult"],
    },
    {
      name: "handle, block, get: one await of send",
      before: `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function status() {
  const req = new OutgoingRequest(new Fields());
  req.setAuthority('example.com');
  const future = handle(req, undefined);
  future.subscribe().block();
  const r = future.get();
  if (!r || r.tag === 'err' || r.val.tag === 'err') return 0;
  return r.val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function status() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  req.setAuthority('example.com');
  const future = send(req);
  const r = { tag: 'ok', val: await wasiSendResult(future) };
  if (!r || r.tag === 'err' || r.val.tag === 'err') return 0;
  return r.val.val.getStatusCode();
}
`,
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      name: "a future's `get()` as the body of an arrow function (`(() => future.get())()`): the object it becomes is written in parentheses (it was the arrow's block, a syntax error, with --check passing)",
      before: `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export async function status() {
  const req = new OutgoingRequest(new Fields());
  const future = handle(req, undefined);
  future.subscribe().block();
  const got = (() => future.get())();
  if (!got || got.tag === 'err' || got.val.tag === 'err') return 0;
  return got.val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function status() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(req);
  const got = await (async () => ({ tag: 'ok', val: await wasiSendResult(future) }))();
  if (!got || got.tag === 'err' || got.val.tag === 'err') return 0;
  return got.val.val.getStatusCode();
}
`,
      helpers: ['wasiOk', 'wasiSendResult'],
    },
    {
      name: "outgoing-handler imported as a namespace (`outgoingHandler.handle(req)`, in the function and through a function returning it): the futures are followed as with a named import (they kept `subscribe().block()` and `get()` on the promise: TS2339, with --check passing)",
      before: `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import * as outgoingHandler from 'wasi:http/outgoing-handler@0.2.12';

function start(authority) {
  const req = new OutgoingRequest(new Fields());
  req.setAuthority(authority);
  return outgoingHandler.handle(req, undefined);
}

export async function status() {
  const future = start('example.com');
  future.subscribe().block();
  const r = future.get();
  if (!r || r.tag === 'err' || r.val.tag === 'err') return 0;
  return r.val.val.status();
}

export async function direct() {
  const req = new OutgoingRequest(new Fields());
  const future = outgoingHandler.handle(req);
  future.subscribe().block();
  return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import * as outgoingHandler from 'wasi:http/client@0.3.0';

function start(authority) {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  req.setAuthority(authority);
  return outgoingHandler.send(req);
}

export async function status() {
  const future = start('example.com');
  const r = { tag: 'ok', val: await wasiSendResult(future) };
  if (!r || r.tag === 'err' || r.val.tag === 'err') return 0;
  return r.val.val.getStatusCode();
}

export async function direct() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = outgoingHandler.send(req);
  return (await future).getStatusCode();
}
`,
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      name: "a future made in a function called where it is written (`(() => handle(req))()`) is followed as the call's own (its `subscribe().block()` and `get()` stayed on the promise: TS2339, with --check passing)",
      before: `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export async function status() {
  const req = new OutgoingRequest(new Fields());
  const future = (() => handle(req, undefined))();
  future.subscribe().block();
  return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function status() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = (() => send(req))();
  return (await future).getStatusCode();
}
`,
      helpers: ["wasiOk"],
    },
    {
      name: "the value taken straight away (get().val.val): await send",
      before: `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function status() {
  const req = new OutgoingRequest(new Fields());
  const future = handle(req, undefined);
  future.subscribe().block();
  const response = future.get().val.val;
  return response.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function status() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(req);
  const response = await future;
  return response.getStatusCode();
}
`,
      helpers: ["wasiOk"],
    },
    {
      name: "request options whose setter reads a value made after the request stay for review (moving them would read it too early)",
      before: { 'guest.js': `import { Fields, OutgoingRequest, RequestOptions } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function get(path) {
  const req = new OutgoingRequest(new Fields());
  req.setPathWithQuery(path);
  const timeout = path.startsWith('/slow') ? 30_000_000_000n : 1_000_000_000n;
  const options = new RequestOptions();
  options.setFirstByteTimeout(timeout);
  return handle(req, options);
}
` },
      after: { 'guest.js': `import { Fields, RequestOptions, Request } from 'wasi:http/types@0.3.0';
// wasi-migrate(review): \`handle\` of wasi:http/outgoing-handler became wasi:http/client.send (async func(request) -> result<response, error-code>): the code still uses the 0.2 shape
import { handle } from 'wasi:http/client@0.3.0';

export function get(path) {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  req.setPathWithQuery(path);
  const timeout = path.startsWith('/slow') ? 30_000_000_000n : 1_000_000_000n;
  const options = new RequestOptions();
  options.setFirstByteTimeout(timeout);
  // wasi-migrate(review): outgoing-handler.handle with request options: 0.3 \`Request.new\` takes the options; move them there
  return handle(req, options);
}
` },
      reviews: ["`handle` of wasi:http/outgoing-handler became wasi:http/clie", "outgoing-handler.handle with request options: 0.3 `Request.n"],
      helpers: ["wasiOk"],
    },
    {
      name: "request options are left for review",
      before: `import { Fields, OutgoingRequest, RequestOptions } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function start() {
  const options = new RequestOptions();
  return handle(new OutgoingRequest(new Fields()), options);
}
`,
      after: `// wasi-migrate(review): \`OutgoingRequest\` of wasi:http/types became wasi:http/types.request (one request resource for both directions): the code still uses the 0.2 shape
import { Fields, OutgoingRequest, RequestOptions } from 'wasi:http/types@0.3.0';
// wasi-migrate(review): \`handle\` of wasi:http/outgoing-handler became wasi:http/client.send (async func(request) -> result<response, error-code>): the code still uses the 0.2 shape
import { handle } from 'wasi:http/client@0.3.0';

export function start() {
  const options = new RequestOptions();
  // wasi-migrate(review): \`new OutgoingRequest\`: build the 0.3 message with \`Request.new(headers, contents, trailers)\` by hand
  // wasi-migrate(review): outgoing-handler.handle with request options: 0.3 \`Request.new\` takes the options; move them there
  return handle(new OutgoingRequest(new Fields()), options);
}
`,
      reviews: ["`OutgoingRequest` of wasi:http/types became wasi:http/types.","`handle` of wasi:http/outgoing-handler became wasi:http/clie","`new OutgoingRequest`: build the 0.3 message with `Request.n","outgoing-handler.handle with request options: 0.3 `Request.n"],
    },
    {
      name: "a future passed to an untyped parameter (typed `any`): the result is `any`, as the 0.2 `get()` on it gave (its callbacks' `val` were implicit anys under strict)",
      before: { 'guest.js': `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

function responseOf(future) {
  const outer = future.get();
  if (!outer || outer.tag === 'err') throw new Error('not ready');
  if (outer.val.tag === 'err') throw outer.val.val;
  return outer.val.val;
}

export function status() {
  const req = new OutgoingRequest(new Fields());
  const future = handle(req, undefined);
  future.subscribe().block();
  return responseOf(future).status();
}
` },
      after: { 'guest.js': `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

async function responseOf(future) {
  const outer = { tag: 'ok', val: await wasiSendResult(future) };
  if (!outer || outer.tag === 'err') throw new Error('not ready');
  if (outer.val.tag === 'err') throw outer.val.val;
  return outer.val.val;
}

export async function status() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(req);
  return (await responseOf(future)).getStatusCode();
}
` },
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      name: "a future passed to a parameter declared `any`: the result is `any`, not implicit anys under strict",
      before: { 'guest.ts': `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

function responseOf(future: any) {
  const outer = future.get();
  if (!outer) throw new Error('not ready');
  if (outer.val.tag === 'err') throw outer.val.val;
  return outer.val.val;
}

export function status(): number {
  const req = new OutgoingRequest(new Fields());
  const future = handle(req, undefined);
  future.subscribe().block();
  return responseOf(future).status();
}
` },
      after: { 'guest.ts': `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

async function responseOf(future: any) {
  const outer = { tag: 'ok', val: await wasiSendResult(future) };
  if (!outer) throw new Error('not ready');
  if (outer.val.tag === 'err') throw outer.val.val;
  return outer.val.val;
}

export async function status(): Promise<number> {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(req);
  return (await responseOf(future)).getStatusCode();
}
` },
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      name: "`get()` in TypeScript tested for the 0.2 option's `'err'` (taken already): the outer tag is a string, so the test still type-checks (a literal `'ok'` made it TS2367)",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function status(path: string): number {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  const future = handle(request, undefined);
  future.subscribe().block();
  const outer = future.get();
  if (!outer || outer.tag === 'err') throw new Error('response not ready, or already taken');
  if (outer.val.tag === 'err') throw outer.val.val;
  return outer.val.val.status();
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function status(path: string): Promise<number> {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  request.setPathWithQuery(path);
  const future = send(request);
  const outer = { tag: 'ok', val: await wasiSendResult(future) };
  if (!outer || outer.tag === 'err') throw new Error('response not ready, or already taken');
  if (outer.val.tag === 'err') throw outer.val.val;
  return outer.val.val.getStatusCode();
}
` },
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      // The bindings fuzzer's find: the rejection was kept whole and typed \`unknown\`, so \`outer.val.val.tag\` was TS18046
      // (and jco rejects with a ComponentError whose \`payload\` is the error-code: \`.tag\` read undefined), with --check passing.
      name: "`get()` in TypeScript whose error branch reads the error-code (`outer.val.val.tag`, in an `if`, a `switch` and through a `let`): the error is the ErrorCode 0.2's result held, the rejection's `payload`",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function status(path: string): string {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  const future = handle(request, undefined);
  future.subscribe().block();
  const outer = future.get();
  if (!outer || outer.tag === 'err') return 'not ready';
  if (outer.val.tag === 'err') return \`failed: \${outer.val.val.tag}\`;
  return String(outer.val.val.status());
}

export function kind(): string {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request);
  future.subscribe().block();
  let result = future.get();
  if (result === undefined) return 'pending';
  switch (result.val.tag) {
    case 'ok':
      return 'ok';
    case 'err':
      return result.val.val.tag === 'DNS-timeout' ? 'dns' : result.val.val.tag;
  }
}
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export async function status(path: string): Promise<string> {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  request.setPathWithQuery(path);
  const future = send(request);
  const outer = { tag: 'ok', val: await wasiSendResult(future) };
  if (!outer || outer.tag === 'err') return 'not ready';
  if (outer.val.tag === 'err') return \`failed: \${outer.val.val.tag}\`;
  return String(outer.val.val.getStatusCode());
}

export async function kind(): Promise<string> {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  let result = { tag: 'ok', val: await wasiSendResult(future) };
  if (result === undefined) return 'pending';
  switch (result.val.tag) {
    case 'ok':
      return 'ok';
    case 'err':
      return result.val.val.tag === 'DNS-timeout' ? 'dns' : result.val.val.tag;
  }
}
` },
      helpers: ["wasiOk", "wasiSendResult"],
    },
    {
      name: "`get()` in JavaScript whose error branch reads the error-code: the error is the rejection's `payload` (jco's ComponentError), typed as 0.3's ErrorCode",
      before: { 'guest.js': `// @ts-check
import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

/** @param {string} path */
export function status(path) {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  const future = handle(request, undefined);
  future.subscribe().block();
  const outer = future.get();
  if (!outer || outer.tag === 'err') return 'not ready';
  if (outer.val.tag === 'err') return \`failed: \${outer.val.val.tag}\`;
  return String(outer.val.val.status());
}
` },
      after: { 'guest.js': `// @ts-check
import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

/** @param {string} path */
export async function status(path) {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  request.setPathWithQuery(path);
  const future = send(request);
  const outer = { tag: 'ok', val: await wasiSendResult(future) };
  if (!outer || outer.tag === 'err') return 'not ready';
  if (outer.val.tag === 'err') return \`failed: \${outer.val.val.tag}\`;
  return String(outer.val.val.getStatusCode());
}
` },
      helpers: ["wasiOk", "wasiSendResult"],
    },
  ],
};
export default transform;

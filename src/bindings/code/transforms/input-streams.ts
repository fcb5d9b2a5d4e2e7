import { Node, type CallExpression, type CatchClause, type NewExpression, type SourceFile, type Statement, type TryStatement, SyntaxKind, ts } from 'ts-morph';
import type { MessageData } from '../../../util/messages.js';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport } from '../wasi-imports.js';
import { dropHelper } from './disposals.js';
import { awaitText, blockedOn, declarationOf, importsOf, methodCallOn, shapeOf, freshName, indentOf, initializerOf, isEndlessLoop, methodOf, onlyLeaves, referencesTo, reindent, textWithComments, replaceInPlace, descendantsOfKind, isDisposeKey, underReview, methodCalls, descendantsWhere, identifiersNamed, removeStatement, keptOrigin, movedText, withoutParens, isAssignedTo, fileFunction, insertStatementsAt } from '../util.js';
import { isTypeScript } from '../helpers.js';

const docs = `
A WASI 0.2 \`input-stream\` is read in a loop: \`blockingRead(n)\` (or \`read\`)
until it throws \`{ tag: 'closed' }\`; any other error arrives as
\`{ tag: 'last-operation-failed', val: error }\` from the same call. In 0.3 a
read gives \`tuple<stream<u8>, future<result<_, error-code>>>\` (jco: an
\`AsyncIterable<number>\` and a \`PromiseLike\` of the outcome): the data ends,
and only then the future says whether that end was an error.

The transform rewrites the loop it recognises,
\`for (;;) { try { ... s.blockingRead(n) ... } catch (e) { if (e.tag === 'closed') break|return x; ...on error... } ... }\`,
(or \`e.payload?.tag === 'closed'\`: ComponentizeJS throws a ComponentError
whose \`payload\` is the error, and code written for it reads that) into
\`for await (const byte of s)\` over the 0.3 stream, followed by the
check of the outcome future: the code the catch block ran on an error runs
when the outcome is an error, with \`e\` bound to the same
\`{ tag: 'last-operation-failed', val }\` shape (its \`val\` is now the
interface's error-code), and a \`return x\` on close moves after the check.
The test may be a function of the file (\`if (isClosed(error)) break;\`) whose
answer is that test, and-ed with checks any error object passes; it goes
when no code calls it any more.
A catch that only leaves the loop (\`catch { break; }\`, its error unused)
treated closed and failed alike: that loop becomes the \`for await\` alone.
An error thrown in the \`try\` by something else than the read (a \`throw\`,
or a call that may throw: any call but a builtin's that cannot, \`push\` on
an array of the function's own, \`has\`/\`add\` on a \`new Set()\`, the chunk's
\`includes\`, \`decode(chunk)\` of a \`new TextDecoder()\`; or an operation
that may: a property read on a value that may be null, a getter, bigint
\`/\`) went to that catch
in 0.2; where the catch does more than throw it on, the loop stays and its
read becomes \`await wasiRead(pair, n)\` (below), or is reported.
The stream gives one byte per step (jco's typing); the loop body sees it as a
one-byte chunk, \`Uint8Array.of(byte)\`, so code written for chunks keeps
working (chunk sizes were never promised by \`blocking-read\`). A chunk
variable used only as that byte (\`bytes.push(...chunk)\`, \`chunk[0]\`) goes,
the byte in its place.
A body that grows a \`Uint8Array\` by a copy at each chunk (\`m.set(acc);
m.set(chunk, acc.length); acc = m;\`, \`acc = new Uint8Array([...acc,
...chunk])\`) would copy at each byte, quadratic: its bytes are collected in
an array and the \`Uint8Array\` made once after the loop.

The variable that held the 0.2 stream is destructured into the stream and
its outcome (\`const [input, inputOutcome] = readViaStream()\`) when nothing
else uses it; otherwise it holds the 0.3 pair and the loop uses \`s[0]\`,
\`s[1]\`. Other read patterns (a \`try\` around more than one read, a
\`finally\`, \`skip\`, polling with \`subscribe\`) get a review marker.

One bounded read of an HTTP body outside any loop
(\`const head = body.blockingRead(500n)\`, the stream's only read) becomes
\`await wasiReadUpTo(body, 500n)\`: up to n bytes, fewer only where the body
ends. 0.2 gave as many bytes as had arrived, any count from 1 to n, so
this is one of the answers the 0.2 code allowed, and a body ends, so it
cannot wait forever. The same read of a TCP stream is reported: the peer
may wait for us before it sends more.

A parameter that holds the stream (\`readExact(input, n)\`, in the file or in
a project module that imports nothing from WASI) holds the 0.3 pair, and
the caller that made the stream (\`const input = getStdin()\`, handed to
\`readMessage(input)\`) makes the pair (stream-params.ts).

A \`blockingRead(n)\` inside a loop the rewrite above does not take (reading
until a count is filled or a delimiter is seen) becomes
\`await wasiRead(pair, n)\` on the 0.3 pair: it waits for a byte, takes what
the stream holds already up to n, and throws \`closed\` or
\`last-operation-failed\` as 0.2 did, so the loop and its catch keep their
meaning; reads of one stream go on where the last one stopped. A read of
that kind outside any loop (one read of a reply) becomes the same call with
a review marker: 0.2 gave what had arrived together, up to n bytes, and the
0.3 stream may give it apart, so the one read may return less than it did.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  closedTagBare: "the 0.2 loop tested `{{name}}.tag === 'closed'` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose `payload` is it (`{{name}}.payload.tag`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want",
  oneRead: 'one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so `wasiRead` may return fewer bytes than the 0.2 read did; read on to your protocol\'s delimiter or length',
  methodOnPair: '`{{recv}}.{{method}}()` is a 0.2 input-stream method, and `{{recv}}` is the 0.3 [stream<u8>, outcome future] pair here: read it with `for await` (or the port\'s `wasiRead`) and check its outcome future',
  handedToPairParam: '`{{arg}}` is handed to a parameter that now holds the 0.3 [stream<u8>, outcome future] pair: pass the pair of the 0.3 call that replaced what made it',
  readOutsideTry: 'a WASI 0.2 read outside a `try` the transform recognises: iterate the 0.3 stream with `for await` and check its outcome future',
  readInTryNoLoop: 'a WASI 0.2 read in a `try` with no loop around it, of a shape the transform does not know (a probe for the end of input, one read of a message): read the 0.3 stream by hand (`await wasiRead(pair, n)`, or `for await`) and check its outcome future',
  unknownLoop: 'a WASI 0.2 read loop of a shape the transform does not know: iterate the 0.3 stream with `for await` and check its outcome future',
  readsInOneTry: 'more than one read in one `try`: rewrite as one `for await` over the 0.3 stream by hand',
  catchSeesLoop: 'the read\'s `catch` reads `{{name}}`, declared in the read loop, and a `for await` port runs that error handling after the loop, out of its reach: read with `await wasiRead(pair, n)` (1 to n bytes, `closed` thrown as 0.2 did) so the `try` stays, by hand',
  throwCaught: 'a `throw` in the read\'s `try` (`{{exit}}`) goes to its `catch` in 0.2, which the `for await` port runs only after the loop, for the stream\'s own error: read with `await wasiRead(pair, n)` (1 to n bytes, `closed` thrown as 0.2 did) so the `try` stays, by hand',
  callCaught: '`{{exit}}` in the read\'s `try` may throw, and its error goes to the `catch` in 0.2, which the `for await` port runs only after the loop, for the stream\'s own error: read with `await wasiRead(pair, n)` (1 to n bytes, `closed` thrown as 0.2 did) so the `try` stays, by hand',
  leavesMidChunk: 'the read loop can leave before the stream ends (`{{exit}}`), after a test of what it read, and a `for await` would run it once a byte where 0.2 ran it once a read (what had arrived): read with `await wasiRead(pair, n)` (1 to n bytes, `closed` thrown as 0.2 did), by hand',
  leavesEarly: 'the read loop can leave before the stream ends (`{{exit}}`), and a `for await` left so drops the 0.3 stream, where the 0.2 stream stayed open for the next read: read with `await wasiRead(pair, n)` (1 to n bytes, `closed` thrown as 0.2 did) or keep one iterator of the stream, by hand',
  noClosedExit: 'the catch block does not start with `if (e.tag === \'closed\') break|return`: rewrite as `for await` over the 0.3 stream and check its outcome future by hand',
  unnamedStream: 'read from a stream the transform cannot name: bind the 0.3 stream and its outcome future to variables first',
  unknownOrigin: '`{{recv}}` is a WASI 0.2 input-stream of unknown origin: pass the 0.3 stream and its outcome future instead',
  noInitializer: '`{{name}}` has no initializer the transform can follow to a 0.3 stream',
  noCounterpart: 'no 0.3 counterpart known for the input-stream made by `{{init}}`: read the stream<u8> and outcome future of the 0.3 call that replaced it',
  keptPackage: 'the input-stream made by `{{init}}` is one of {{iface}}, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its reads are left as they are; they go with that import (kept at 0.2, or dropped)',
  keptParam: '`{{name}}` is handed only input-streams of {{iface}}, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its reads are left as they are; they go with that import (kept at 0.2, or dropped)',
  pairHandedOn: '`{{name}}` is the 0.3 [stream<u8>, outcome future] pair here (0.2 gave an input-stream resource), and it is {{to}}, which the port does not follow: what takes it there expected a WASI 0.2 input-stream (an interface of another WIT, a library); port that to take the 0.3 stream, or hand it the stream by hand',
} as const;

const READS = ['blockingRead', 'read'];

/**
 * The comments of the catch block up to the end of its closed check (\`// stdin closed: done\` above it, in its
 * then-block, after it on its line), at the loop's level: they speak of the loop's end, and go after the
 * \`for await\`. Not those a moved \`return\` takes along on its line.
 */
function exitNotes(clause: CatchClause, check: Statement, exit: Statement): string[] {
  const file = clause.getSourceFile();
  const text = file.getFullText();
  const last = check.getTrailingCommentRanges().at(-1);
  const from = clause.getBlock().getStart() + 1;
  const to = last ? last.getEnd() : check.getEnd();
  const moved = Node.isReturnStatement(exit) ? [exit.getStart(), exit.getTrailingCommentRanges().at(-1)?.getEnd() ?? exit.getEnd()] : [0, 0];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, file.getLanguageVariant(), text, undefined, from, to - from);
  const notes: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k !== ts.SyntaxKind.SingleLineCommentTrivia && k !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const at = scanner.getTokenStart();
    if (at >= moved[0]! && at < moved[1]!) continue;
    const line = text.lastIndexOf('\n', at - 1) + 1;
    notes.push(reindent(scanner.getTokenText(), /^[ \t]*/.exec(text.slice(line))![0], ''));
  }
  return notes;
}

/** How a read loop's catch leaves on \`closed\` (\`closedExit\`); \`helper\`: the function of the file that tests it. */
type ClosedExit = { name: string; exit: Statement; rest: Statement[]; payload?: boolean; notes: string[]; helper?: Node };

function closedExit(ctx: FileContext, tryStmt: TryStatement): ClosedExit | undefined {
  const clause = tryStmt.getCatchClause();
  if (!clause || tryStmt.getFinallyBlock()) return undefined;
  // `catch { break; }` (or `return x`), the error unused: the loop left the same way on every end of the 0.2
  // stream, closed or failed, as a `for await` ends on either; the outcome is not looked at, as 0.2 did not.
  const only = onlyLeaves(clause, true);
  if (only) return { name: '', exit: only, rest: [], notes: exitNotes(clause, only, only) };
  const v = clause.getVariableDeclaration();
  if (!v || !Node.isIdentifier(v.getNameNode())) return undefined;
  const name = v.getName();
  const [first, ...code] = clause.getBlock().getStatements();
  // What follows the check, with the own-line comments among it (they go with it into the outcome's check).
  const all = clause.getBlock().getStatementsWithComments();
  const rest = code.length ? (all.slice(all.indexOf(first!) + 1) as Statement[]) : [];
  if (!first || !Node.isIfStatement(first) || first.getElseStatement()) return undefined;
  // The test written out, or a function of the file that makes it (\`if (isClosed(e)) break;\`).
  const written = closedTest(first.getExpression(), name);
  const helper = written ? undefined : closedHelper(first.getExpression(), name);
  const test = written ?? helper?.test;
  if (!test) return undefined;
  const payload = test === 'payload';
  let exit = first.getThenStatement();
  if (Node.isBlock(exit)) {
    const s = exit.getStatements();
    if (s.length !== 1) return undefined;
    exit = s[0]!;
  }
  if (!Node.isBreakStatement(exit) && !Node.isReturnStatement(exit)) return undefined;
  if (Node.isBreakStatement(exit) && exit.getLabel()) return undefined;
  void ctx;
  return { name, exit, rest, payload, notes: exitNotes(clause, first, exit), ...(helper ? { helper: helper.fn } : {}) };
}

/**
 * What \`cond\` tests of \`name\`, the caught error: its \`tag\` is \`closed\` ('tag'), or its \`payload\`'s is
 * ('payload': ComponentizeJS throws a ComponentError whose \`payload\` is the stream error); undefined for anything else.
 */
function closedTest(cond: Node, name: string): 'tag' | 'payload' | undefined {
  const shape = shapeOf(cond);
  if ([`${name}.tag==='closed'`, `${name}.tag=='closed'`, `'closed'===${name}.tag`, `${name}?.tag==='closed'`].includes(shape)) return 'tag';
  if ([`${name}.payload.tag==='closed'`, `${name}.payload?.tag==='closed'`, `${name}?.payload?.tag==='closed'`].includes(shape)) return 'payload';
  return undefined;
}

/**
 * \`isClosed(e)\`, a function of the file of one parameter that answers the closed test of \`closedTest\` on it and
 * nothing else: its answer (an expression body or a last \`return\`) is that test and-ed with checks that hold of any
 * error object (\`typeof x === 'object'\`, \`x !== null\`, \`'payload' in x\`), after only \`if (...) return false;\`
 * statements whose conditions fail for any error object and \`const payload = x.payload;\`.
 */
function closedHelper(cond: Node, name: string): { test: 'tag' | 'payload'; fn: Node } | undefined {
  if (!Node.isCallExpression(cond) || cond.getArguments().length !== 1 || cond.getArguments()[0]!.getText() !== name) return undefined;
  const fn = fileFunction(cond.getExpression());
  if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) || fn.isAsync() || (!Node.isArrowFunction(fn) && fn.isGenerator())) return undefined;
  const [p, ...more] = fn.getParameters();
  if (!p || more.length || !Node.isIdentifier(p.getNameNode()) || p.getInitializer() || p.isRestParameter()) return undefined;
  const param = p.getName();
  // Names that hold the error's payload (\`const payload = error.payload\`).
  const payloads = new Set<string>();
  const flat = (n: Node): string => shapeOf(n).replace(/\s+/g, '');
  // Checks true of any error object, written of the error or of its payload.
  const holds = (x: string) => [`typeof${x}==='object'`, `typeof${x}=='object'`, `${x}!==null`, `${x}!=null`, x, `'payload'in${x}`, `'tag'in${x}`];
  const fails = (x: string) => [`typeof${x}!=='object'`, `typeof${x}!='object'`, `${x}===null`, `${x}==null`, `!${x}`, `!('payload'in${x})`, `!('tag'in${x})`];
  const names = () => [param, `${param}.payload`, `${param}?.payload`, ...payloads];
  const parts = (n: Node, op: SyntaxKind): Node[] => {
    const e = withoutParens(n);
    return Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === op ? [...parts(e.getLeft(), op), ...parts(e.getRight(), op)] : [e];
  };
  const body = fn.getBody();
  let answer: Node | undefined = body && !Node.isBlock(body) ? body : undefined;
  if (body && Node.isBlock(body)) {
    const sts = body.getStatements();
    for (const st of sts.slice(0, -1)) {
      if (Node.isIfStatement(st) && !st.getElseStatement()) {
        const then = st.getThenStatement();
        const only = Node.isBlock(then) && then.getStatements().length === 1 ? then.getStatements()[0]! : then;
        const guard = parts(st.getExpression(), SyntaxKind.BarBarToken).every((c) => names().some((x) => fails(x).includes(flat(c))));
        if (guard && Node.isReturnStatement(only) && only.getExpression()?.getText() === 'false') continue;
      }
      const v = Node.isVariableStatement(st) && st.getDeclarationKind() === 'const' && st.getDeclarations().length === 1 ? st.getDeclarations()[0]! : undefined;
      if (v && Node.isIdentifier(v.getNameNode()) && v.getInitializer() && [`${param}.payload`, `${param}?.payload`].includes(flat(v.getInitializer()!))) {
        payloads.add(v.getName());
        continue;
      }
      return undefined;
    }
    const last = sts.at(-1);
    answer = last && Node.isReturnStatement(last) ? last.getExpression() : undefined;
  }
  if (!answer) return undefined;
  const tests = parts(answer, SyntaxKind.AmpersandAmpersandToken).filter((c) => !names().some((x) => holds(x).includes(flat(c))));
  if (tests.length !== 1) return undefined;
  const test = closedTest(tests[0]!, param) ?? ([...payloads].some((x) => closedTest(tests[0]!, x) === 'tag') ? 'payload' : undefined);
  return test && { test, fn };
}

/** Per file, the initializers this run made give the 0.3 pair (\`readViaStream()\`, its import pending: \`ctx.wasi\` knows it only after the transform). */
const madePairs = new WeakMap<SourceFile, Set<string>>();

/** The 0.3 expression giving [stream, outcome] for what made a 0.2 input-stream; undefined when unknown. */
function pairOf(ctx: FileContext, init: Node): string | undefined {
  if (Node.isCallExpression(init)) {
    const c = ctx.wasi.callee(init);
    if (c?.iface === 'wasi:cli/stdin' && c.name === 'getStdin') return `${ensureImport(ctx.file, 'wasi:cli/stdin@0.3.0', 'readViaStream')}()`;
    const m = methodOf(init);
    if (m && ['readViaStream', 'consumeBody', 'receive'].includes(m.name)) return init.getText();
  }
  // An earlier transform already made the pair (a consumed body, a TCP connection).
  if (Node.isIdentifier(init)) return init.getText();
  return undefined;
}

/** The initializer that made `id`'s value, followed through names that only hold another's (`const stream = body`). */
function originOf(id: Node): Node | undefined {
  let init: Node | undefined = id;
  for (let i = 0; i < 8 && init && Node.isIdentifier(init); i++) init = initializerOf(init);
  return init && !Node.isIdentifier(init) ? init : undefined;
}

/**
 * 0.2's wait for bytes and read of what arrived: \`s.subscribe().block()\`
 * (or \`const p = s.subscribe(); p.block();\`), then \`s.read(n)\` as the next
 * use of \`s\`. \`await wasiRead(s, n)\` does both: it waits for a byte and
 * takes what the stream holds, up to n, and throws the end as 0.2's read did.
 * The wait goes. Any other 0.2 stream method left on a value the port made
 * the 0.3 pair is reported: the pair has none.
 */
function waitThenRead(ctx: FileContext): void {
  // Each wait: the stream, the statements that go with the port, and the group it belongs to (a pollable made
  // once and waited on in several places is ported only if every wait on it is).
  const waits: { recv: string; stmts: Statement[]; group?: Statement }[] = [];
  // Both shapes end in a \`.block()\` statement (awaited or not: jco's 0.2 block is sync, some code awaits it).
  const blockCall = (e: ts.Expression): ts.Expression => (ts.isAwaitExpression(e) ? e.expression : e);
  const isBlock = (n: ts.Node, sf: ts.SourceFile) => {
    if (!ts.isExpressionStatement(n)) return false;
    const e = blockCall(n.expression);
    return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.getText(sf) === 'block';
  };
  for (const st of descendantsWhere(ctx.file, SyntaxKind.ExpressionStatement, isBlock)) {
    const on = blockedOn(st);
    if (on) waits.push({ recv: on, stmts: [st] });
    // \`const p = s.subscribe(); p.block();\`, or the pollable made once above a loop that waits on it (\`await p.block()\`).
    let call: Node = st.getExpression();
    if (Node.isAwaitExpression(call)) call = call.getExpression();
    const block = Node.isCallExpression(call) && !call.getArguments().length ? methodOf(call) : undefined;
    const d = block?.name === 'block' && Node.isIdentifier(block.recv) ? declarationOf(block.recv) : undefined;
    if (!d || !Node.isVariableDeclaration(d) || !Node.isIdentifier(d.getNameNode())) continue;
    const decl = d.getVariableStatement();
    if (!decl || decl.getDeclarations().length !== 1) continue;
    const init = d.getInitializer();
    const sub = init && Node.isCallExpression(init) && !init.getArguments().length ? methodOf(init) : undefined;
    if (sub?.name !== 'subscribe' || !Node.isIdentifier(sub.recv)) continue;
    // Every use of the pollable is such a wait statement.
    const waitsOn = referencesTo(d).map((r) => {
      let e: Node | undefined = r.getParent()?.getParent();
      if (!e || !Node.isCallExpression(e) || e.getArguments().length || methodOf(e)?.name !== 'block') return undefined;
      if (Node.isAwaitExpression(e.getParent())) e = e.getParent();
      const stmt = e?.getParent();
      return stmt && Node.isExpressionStatement(stmt) ? stmt : undefined;
    });
    if (!waitsOn.length || waitsOn.some((x) => !x)) continue;
    waits.push({ recv: sub.recv.getText(), stmts: [st], group: decl });
  }
  /** The read that follows a wait: the next use of the stream after it, in the statements that follow it in its block. */
  const readAfter = (w: { recv: string; stmts: Statement[] }) => {
    const last = w.stmts.at(-1)!;
    const block = last.getParent();
    if (!block || !Node.isBlock(block)) return undefined;
    const after = block.getStatements().slice(last.getChildIndex() + 1);
    const next = after.flatMap((x) => identifiersNamed(x, w.recv)).find((i) => declarationOf(i) !== undefined);
    const read = next && methodCallOn(next, ['read', 'blockingRead']);
    const init = next && originOf(next);
    // A \`blockingRead\` is the loop rewrites' to port (the pair is made there, its import added then).
    if (read && init && methodOf(read)?.name === 'blockingRead') return read.getArguments().length === 1 ? { read, init, pair: undefined } : undefined;
    const pair = init && pairOf(ctx, init);
    return read && init && pair && read.getArguments().length === 1 ? { read, init, pair } : undefined;
  };
  // Read before any edit: two waits may come before one read (one above a loop, one in it), and the first port of
  // that read would leave the other wait with no read after it, its pollable gone.
  const found = new Map(waits.map((w) => [w, readAfter(w)] as const));
  // A pollable ported only when every wait on it is followed by a read of its stream.
  const portable = new Set(waits.flatMap((w) => (w.group ? [w.group] : [])));
  for (const w of waits) if (w.group && !found.get(w)) portable.delete(w.group);
  for (const w of waits.reverse()) {
    const last = w.stmts.at(-1)!;
    if (last.wasForgotten() || (w.group && (w.group.wasForgotten() || !portable.has(w.group)))) continue;
    const f = found.get(w);
    if (!f) continue;
    const { read, init, pair } = f;
    // A \`blockingRead\` waits by itself: the wait goes, and the read is the loop rewrites' (below).
    if (pair && !read.wasForgotten()) {
      makesPair(ctx, init, pair);
      ctx.needHelper('wasiRead');
      const ported = replaceInPlace(read, awaitText(read, `wasiRead(${w.recv}, ${read.getArguments()[0]!.getText()})`));
      ctx.edit(ported, 'subscribe().block() then read(n): wasiRead waits for bytes and takes what arrived, up to n');
      if (!ported.getAncestors().some((a) => LOOP.has(a.getKind()))) ctx.review(ported, 'oneRead');
    }
    for (const st of [...w.stmts].reverse()) removeStatement(st);
  }
  // The pollables whose every wait went: their \`s.subscribe()\` goes too.
  // Its own line only: the blank line and comments around it stay.
  for (const g of [...portable].reverse()) {
    if (g.wasForgotten()) continue;
    const text = ctx.file.getFullText();
    const from = text.lastIndexOf('\n', g.getStart() - 1) + 1;
    const eol = text.indexOf('\n', g.getEnd());
    const ownLine = !text.slice(from, g.getStart()).trim() && !text.slice(g.getEnd(), eol < 0 ? text.length : eol).trim() && !g.getLeadingCommentRanges().length;
    if (ownLine) ctx.file.removeText(from, eol < 0 ? text.length : eol + 1);
    else g.remove();
  }
  for (const c of methodCalls(ctx.file, ['subscribe', 'read', 'skip', 'blockingSkip'])) {
    const m = methodOf(c)!;
    if (!Node.isIdentifier(m.recv) || underReview(c)) continue;
    const init = originOf(m.recv);
    const made = init && Node.isCallExpression(init) ? methodOf(init) : undefined;
    if (made && ['consumeBody', 'receive'].includes(made.name)) ctx.review(c, 'methodOnPair', { recv: m.recv.getText(), method: m.name });
  }
}

function apply(ctx: FileContext): void {
  waitThenRead(ctx);
  // Last first: rewriting a loop leaves the nodes before it in place.
  const reads = methodCalls(ctx.file, READS).filter((d) => isStreamRead(ctx, d));
  for (const read of reads.reverse()) if (!read.wasForgotten()) rewriteLoop(ctx, read);
  // A value handed to a parameter that holds a 0.2 input stream (`readMessage(input)`): the 0.3 pair, made here.
  const made = new Set<Node>();
  for (const { arg, kind } of ctx.streams.handedIn(ctx.file)) {
    if (kind !== 'input') continue;
    const d = Node.isIdentifier(arg) ? declarationOf(arg) : undefined;
    if (d && (Node.isParameterDeclaration(d) || made.has(d))) continue;
    if (d) made.add(d);
    const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : Node.isCallExpression(arg) ? arg : undefined;
    const pair = init && pairOf(ctx, init);
    if (pair) makesPair(ctx, init, pair);
    else if ((!d || !Node.isBindingElement(d)) && !underReview(arg)) ctx.review(arg, 'handedToPairParam', { arg: arg.getText() });
  }
  pairsHandedOn(ctx);
  linearAppends(ctx);
}

/**
 * A `for await` over a 0.3 stream steps one byte at a time, so a loop
 * body the 0.2 code wrote for chunks that grows a `Uint8Array` by copying
 * (`const m = new Uint8Array(acc.length + chunk.length); m.set(acc);
 * m.set(chunk, acc.length); acc = m;`, or `acc = new Uint8Array([...acc,
 * ...chunk])`) copies every byte so far at each byte: quadratic in the
 * body's size, where 0.2 copied once per chunk. Where the loop does nothing
 * else and `acc` is a `let` made empty before it in the same block, not
 * read between, the bytes go into an array and the `Uint8Array` is made
 * once after the loop: `const accBytes = []; for await (...) {
 * accBytes.push(byte); } let acc = new Uint8Array(accBytes);`.
 */
function linearAppends(ctx: FileContext): void {
  const loops = descendantsOfKind(ctx.file, SyntaxKind.ForOfStatement).filter((l) => l.isAwaited());
  for (const loop of loops.reverse()) {
    const found = appendLoop(loop);
    if (!found) continue;
    const { byte, acc, decl } = found;
    const declSt = decl.getVariableStatement()!;
    const block = loop.getParentOrThrow() as import('ts-morph').Block;
    const bytes = freshName(ctx.file, `${acc}Bytes`);
    const typed = isTypeScript(ctx.file.getFilePath());
    const type = decl.getTypeNode() ? `: ${decl.getTypeNodeOrThrow().getText()}` : '';
    const unit = ctx.project.manipulationSettings.getIndentationText();
    // Last first: each edit leaves the nodes before it in place.
    insertStatementsAt(block, loop.getChildIndex() + 1, `${declSt.getDeclarationKind()} ${acc}${type} = new Uint8Array(${bytes});`);
    // ts-morph indents the lines after the first by the loop's own indentation.
    loop.getStatement().replaceWithText(`{\n${unit}${bytes}.push(${byte});\n}`);
    ctx.edit(loop, `a Uint8Array grown by a copy at each byte of the 0.3 stream (quadratic): the bytes collected, \`${acc}\` made once after the loop`);
    declSt.replaceWithText(`const ${bytes}${typed ? ': number[]' : ''} = [];`);
  }
}

/** The `for await (const byte of s)` whose body only grows `acc` by a copy (linearAppends), with `acc`'s declaration. */
function appendLoop(loop: import('ts-morph').ForOfStatement): { byte: string; acc: string; decl: import('ts-morph').VariableDeclaration } | undefined {
  const init = loop.getInitializer();
  const [v] = Node.isVariableDeclarationList(init) ? init.getDeclarations() : [];
  const body = loop.getStatement();
  if (!v || !Node.isIdentifier(v.getNameNode()) || v.getInitializer() || !Node.isBlock(body) || !Node.isBlock(loop.getParent())) return undefined;
  const stmts = body.getStatementsWithComments();
  if (stmts.some((st) => Node.isCommentStatement(st)) || body.getDescendants().some((d) => Node.isCommentStatement(d))) return undefined;
  const byte = v.getName();
  const shapes = stmts.map((st) => shapeOf(st));
  let k = 0;
  // The one-byte chunk the port wrote: `let chunk; chunk = Uint8Array.of(byte);` or `const chunk = Uint8Array.of(byte);`.
  let chunk: string | undefined;
  const one = `=Uint8Array.of(${byte})`;
  let m = /^(?:let|var) ([\w$]+)(?::Uint8Array)?$/.exec(shapes[0] ?? '');
  if (m && shapes[1] === `${m[1]}${one}`) [chunk, k] = [m[1], 2];
  else if ((m = /^(?:const|let|var) ([\w$]+)(?::Uint8Array)?=Uint8Array\.of\(([\w$]+)\)$/.exec(shapes[0] ?? '')) && m[2] === byte) [chunk, k] = [m[1], 1];
  const rest = shapes.slice(k);
  let acc: string | undefined;
  if (chunk && rest.length === 4) {
    const a = /^const ([\w$]+)=new Uint8Array\(([\w$]+)\.length\+([\w$]+)\.length\)$/.exec(rest[0]!);
    if (a && a[3] === chunk && [`${a[1]}.set(${a[2]})`, `${a[1]}.set(${a[2]},0)`].includes(rest[1]!) && rest[2] === `${a[1]}.set(${chunk},${a[2]}.length)` && rest[3] === `${a[2]}=${a[1]}`) acc = a[2];
  } else if (rest.length === 1) {
    const a = /^([\w$]+)=new Uint8Array\(\[\.\.\.([\w$]+),(.*)\]\)$/.exec(rest[0]!);
    if (a && a[1] === a[2] && (a[3] === `...${chunk}` || a[3] === byte)) acc = a[1];
  }
  if (!acc || acc === chunk || acc === byte) return undefined;
  // `acc`: a `let` alone in its statement, made empty, in the loop's block before it, not read between.
  const at = stmts[stmts.length - 1]!;
  const id = at.getDescendantsOfKind(SyntaxKind.Identifier).find((i) => i.getText() === acc);
  const decl = id && declarationOf(id);
  if (!decl || !Node.isVariableDeclaration(decl) || !/^new Uint8Array\((0|\[\])?\)$/.test(shapeOf(decl.getInitializer() ?? decl))) return undefined;
  const declSt = decl.getVariableStatement();
  if (!declSt || declSt.getDeclarationKind() === 'const' || declSt.getDeclarations().length !== 1 || declSt.getParent() !== loop.getParent() || declSt.getChildIndex() > loop.getChildIndex()) return undefined;
  const block = loop.getParent() as import('ts-morph').Block;
  const between = block.getStatements().slice(declSt.getChildIndex() + 1, loop.getChildIndex());
  if (between.some((st) => st.getDescendantsOfKind(SyntaxKind.Identifier).some((i) => i.getText() === acc))) return undefined;
  return { byte, acc, decl };
}

/**
 * A pair the port made (\`consumeBody\`, a connection's \`receive\`), or a name holding it, put in an object or
 * array, or handed to a call of a module outside the project that is not WASI (\`Reader.fromStream('image/jpeg',
 * { tag: 'stream', val: body })\`, an interface of another component): that code took a 0.2 input-stream, and
 * gets the pair with nothing said. A function of the project taking it is the stream parameters' (stream-params.ts).
 */
function pairsHandedOn(ctx: FileContext): void {
  const foreign = new Set<string>();
  for (const imp of importsOf(ctx.file)) {
    if (imp.spec.startsWith('.') || imp.spec.startsWith('wasi:')) continue;
    for (const n of imp.names) foreign.add(n.local);
    if (imp.namespace) foreign.add(imp.namespace);
    if (imp.default) foreign.add(imp.default);
  }
  const seen = new Set<Node>();
  const visit = (decl: Node, depth: number): void => {
    if (depth > 8 || seen.has(decl) || !Node.isVariableDeclaration(decl) || !Node.isIdentifier(decl.getNameNode())) return;
    seen.add(decl);
    for (const ref of referencesTo(decl)) {
      const p = ref.getParent();
      if (p && Node.isVariableDeclaration(p) && p.getInitializer() === ref) {
        visit(p, depth + 1);
        continue;
      }
      let to: string | undefined;
      const holder = p && (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) || Node.isSpreadAssignment(p)) ? p.getParent() : p;
      if (holder && (Node.isObjectLiteralExpression(holder) || Node.isArrayLiteralExpression(holder))) {
        let up: Node = holder;
        while (up.getParent() && (Node.isObjectLiteralExpression(up.getParent()!) || Node.isArrayLiteralExpression(up.getParent()!) || Node.isPropertyAssignment(up.getParent()!))) up = up.getParent()!;
        const call = up.getParent();
        const callee = call && Node.isCallExpression(call) && call.getArguments().includes(up) ? call.getExpression().getText() : undefined;
        const what = Node.isArrayLiteralExpression(holder) ? 'an array' : 'an object';
        to = callee ? `handed to \`${callee}\` in ${what}` : `put in ${what}`;
      } else if (p && Node.isCallExpression(p) && p.getArguments().includes(ref)) {
        let root: Node = p.getExpression();
        while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
        if (Node.isIdentifier(root) && foreign.has(root.getText())) to = `handed to \`${p.getExpression().getText()}\``;
      }
      if (to && !underReview(ref)) ctx.review(ref, 'pairHandedOn', { name: ref.getText(), to });
    }
  };
  for (const c of methodCalls(ctx.file, ['consumeBody', 'receive'])) {
    const d = c.getParent();
    if (d && Node.isVariableDeclaration(d) && d.getInitializer() === c) visit(d, 0);
  }
}

function isStreamRead(ctx: FileContext, call: CallExpression): boolean {
  const { recv, name } = methodOf(call)!;
  if (name === 'blockingRead') return true;
  // `read(n)` is a common name: only on a variable we can trace to a 0.2 input-stream.
  const init = initializerOf(recv);
  return !!init && pairOf(ctx, init) !== undefined && !Node.isIdentifier(init);
}


const LOOP = new Set([SyntaxKind.ForStatement, SyntaxKind.ForOfStatement, SyntaxKind.ForInStatement, SyntaxKind.WhileStatement, SyntaxKind.DoStatement]);

/** `s[Symbol.dispose]()` as a statement: the identifier `s` inside it. */
function disposeOf(id: Node): Statement | undefined {
  const access = id.getParent();
  const call = access?.getParent();
  const stmt = call?.getParent();
  if (!access || !Node.isElementAccessExpression(access) || !isDisposeKey(access.getArgumentExpression())) return undefined;
  return call && Node.isCallExpression(call) && stmt && Node.isExpressionStatement(stmt) ? stmt : undefined;
}

/**
 * One bounded read of an HTTP body, outside any loop
 * (\`const buf = body.blockingRead(500n)\`): the only read of that stream.
 * 0.2 returned between 1 and n bytes, as many as had arrived; \`wasiReadUpTo\`
 * waits for n or the end of the body, one of the answers 0.2 allowed, and a
 * body ends, so it cannot wait forever. Not for other streams (a TCP peer
 * may be waiting for us before it sends more). The stream's
 * \`[Symbol.dispose]()\` goes: the 0.3 pair has none, the read releases it.
 */
function boundedBodyRead(ctx: FileContext, read: CallExpression): boolean {
  const { recv, name } = methodOf(read)!;
  if (name !== 'blockingRead' || !Node.isIdentifier(recv) || read.getAncestors().some((a) => LOOP.has(a.getKind()))) return false;
  const decl = declarationOf(recv);
  if (!decl || !Node.isVariableDeclaration(decl)) return false;
  let init = decl.getInitializer();
  if (init && Node.isIdentifier(init)) {
    const from = declarationOf(init);
    init = from && Node.isVariableDeclaration(from) ? from.getInitializer() : undefined;
  }
  if (!init || !Node.isCallExpression(init) || methodOf(init)?.name !== 'consumeBody') return false;
  const refs = referencesTo(decl);
  if (refs.some((r) => r.getParent() !== read.getExpression() && !disposeOf(r))) return false;
  for (const r of refs) {
    const d = disposeOf(r);
    if (d) removeStatement(d);
  }
  ctx.needHelper('wasiReadUpTo');
  const args = read.getArguments().map((a) => a.getText());
  ctx.edit(replaceInPlace(read, `await wasiReadUpTo(${[recv.getText(), ...args].join(', ')})`), 'one bounded read of an HTTP body: up to n bytes of the 0.3 stream (it ends, so waiting for n cannot hang)');
  return true;
}

/** The initializer that made a 0.2 input-stream now makes the 0.3 pair (`pair`, from `pairOf`). */
function makesPair(ctx: FileContext, init: Node, pair: string): void {
  if (pair === init.getText()) return;
  ctx.edit(replaceInPlace(init, pair), 'the 0.3 read gives [stream<u8>, outcome future]');
  let made = madePairs.get(ctx.file);
  if (!made) madePairs.set(ctx.file, (made = new Set()));
  made.add(pair);
}

/**
 * A \`blockingRead(n)\` no loop rewrite takes, on a stream the port made the
 * 0.3 pair (a parameter, a connection's or body's pair, or what \`pairOf\`
 * knows), becomes \`await wasiRead(pair, n)\`: 1 to n bytes, then the same
 * \`closed\` / \`last-operation-failed\` throws, so the code around it (its
 * loop, its catch) keeps its meaning.
 */
function readOnPair(ctx: FileContext, read: CallExpression, sameTry = false): boolean {
  const { recv, name } = methodOf(read)!;
  if (name !== 'blockingRead') return false;
  let pair: string | undefined;
  if (Node.isIdentifier(recv)) {
    const decl = declarationOf(recv);
    if (decl && (Node.isBindingElement(decl) || Node.isParameterDeclaration(decl))) pair = recv.getText();
    else if (decl && Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      // Another read of the same \`try\`, ported first (last first), made the initializer the pair already.
      const made = init && (sameTry && madePairs.get(ctx.file)?.has(init.getText()) ? init.getText() : pairOf(ctx, init));
      if (!init || !made) return false;
      makesPair(ctx, init, made);
      pair = recv.getText();
    }
  } else if (Node.isCallExpression(recv)) pair = pairOf(ctx, recv);
  if (!pair) return false;
  ctx.needHelper('wasiRead');
  const args = read.getArguments().map((a, i) => (i === 0 ? bigintCount(a) : a.getText()));
  const ported = replaceInPlace(read, awaitText(read, `wasiRead(${[pair, ...args].join(', ')})`));
  ctx.edit(ported, 'blockingRead(n) on the 0.3 pair: 1 to n bytes, closed or failed thrown as 0.2 did');
  // In a loop the code reads on until it has what it needs, so how the bytes come in chunks cannot show.
  // One read alone sees it: 0.2 gave what had arrived together, the 0.3 stream may give it apart.
  if (!ported.getAncestors().some((a) => LOOP.has(a.getKind()))) {
    ctx.review(ported, 'oneRead');
  }
  return true;
}

/**
 * A count written as integer literals (\`4096\`, \`16 * 1024\`) in bigint literals (\`4096n\`, \`16n * 1024n\`): a 0.2 read
 * on a stream typed \`any\` (an untyped request's body) took a number, but the port's pair is typed
 * (\`Request.consumeBody(request, ...)\`), and \`wasiRead\` then wants the bigint 0.2's types asked for. Any other count
 * is left as written.
 */
function bigintCount(n: Node): string {
  const text = n.getText();
  const literal = (e: Node): boolean =>
    (Node.isNumericLiteral(e) && /^\d+$/.test(e.getText())) ||
    (Node.isParenthesizedExpression(e) && literal(e.getExpression())) ||
    (Node.isBinaryExpression(e) && ['+', '*'].includes(e.getOperatorToken().getText()) && literal(e.getLeft()) && literal(e.getRight()));
  if (!literal(n)) return text;
  const start = n.getStart();
  let out = text;
  for (const lit of [n, ...n.getDescendants()].filter(Node.isNumericLiteral).reverse()) {
    const at = lit.getStart() - start + lit.getWidth();
    out = `${out.slice(0, at)}n${out.slice(at)}`;
  }
  return out;
}

function rewriteLoop(ctx: FileContext, read: CallExpression): boolean {
  const fail = (messageId: keyof typeof messages, data?: MessageData): boolean => {
    if (readOnPair(ctx, read, messageId === 'readsInOneTry')) return true;
    ctx.review(read, messageId, data);
    return false;
  };
  const { recv } = methodOf(read)!;
  // A parameter its callers hand only streams of a proposal with no 0.3 release (stream-params.ts): a 0.2 stream still.
  const param = Node.isIdentifier(recv) ? declarationOf(recv) : undefined;
  const kept = param && Node.isParameterDeclaration(param) ? ctx.streams.keptOf(param) : undefined;
  if (kept) {
    ctx.review(read, 'keptParam', { name: recv.getText(), iface: kept });
    return false;
  }
  // The nearest `try` that catches around the read (a `try`/`finally` this rewriter added to close a sink is not one).
  const tryStmt = read.getAncestors().find((a): a is TryStatement => Node.isTryStatement(a) && !!a.getCatchClause() && a.getTryBlock().containsRange(read.getPos(), read.getEnd()));
  if (!tryStmt && boundedBodyRead(ctx, read)) return true;
  if (!tryStmt) return fail('readOutsideTry');
  // \`for (;;) { try ... }\`, or the \`try\` as the loop's body itself (\`for (;;) try ...\`, as bundlers print it).
  const bare = isEndlessLoop(tryStmt.getParent()!);
  const body = bare ? tryStmt : tryStmt.getParent();
  const loop = body?.getParent();
  if (!body || !(bare || Node.isBlock(body)) || !loop || !isEndlessLoop(loop)) return fail(read.getAncestors().some((a) => Node.isIterationStatement(a)) ? 'unknownLoop' : 'readInTryNoLoop');
  // A read of the same \`try\` ported already (\`wasiRead\`, last first) counts: the loop is not one a \`for await\` can take.
  const reads = descendantsOfKind(tryStmt.getTryBlock(), SyntaxKind.CallExpression).filter((d) => READS.includes(methodOf(d)?.name ?? '') || d.getExpression().getText() === 'wasiRead');
  if (reads.length !== 1) return fail('readsInOneTry');
  const exit = closedExit(ctx, tryStmt);
  if (!exit) return fail('noClosedExit');
  // The catch's error handling runs after the \`for await\`: a name of the loop's own it reads is out of reach there.
  const local = exit.rest.flatMap((st) => descendantsOfKind(st, SyntaxKind.Identifier)).find((id) => {
    const d = declarationOf(id);
    return !!d && loop.containsRange(d.getPos(), d.getEnd()) && !tryStmt.getCatchClause()!.containsRange(d.getPos(), d.getEnd());
  });
  if (local) return fail('catchSeesLoop', { name: local.getText() });
  const early = leavesEarly(loop, tryStmt, read, exit);
  if (early?.caught) return fail(Node.isThrowStatement(early.at) ? 'throwCaught' : 'callCaught', { exit: early.at.getText() });
  if (early && mayReadAgain(recv, read, loop)) return fail('leavesEarly', { exit: early.at.getText() });
  // A \`for await\` runs the loop once a byte where 0.2 ran it once a read (what had arrived): a test that leaves it
  // (\`if (size > max) break\`) would see the bytes one by one and leave at another place than the 0.2 loop did.
  if (early && !Node.isThrowStatement(early.at) && !byteChunk(read, body, tryStmt)) return fail('leavesMidChunk', { exit: early.at.getText() });
  if (!Node.isIdentifier(recv)) return fail('unnamedStream');
  const decl = declarationOf(recv);
  if (decl && (Node.isBindingElement(decl) || Node.isParameterDeclaration(decl))) {
    // A destructured element: an earlier transform made it a [stream, outcome] pair (a TCP connection).
    // A parameter: its callers in the project pass the 0.3 pair (see `apply`, and stream-params.ts).
    loopRewrite(ctx, loop, tryStmt, read, exit, `${recv.getText()}[0]`, `${recv.getText()}[1]`, recv.getText());
    return true;
  }
  if (!decl || !Node.isVariableDeclaration(decl)) return fail('unknownOrigin', { recv: recv.getText() });

  const sName = recv.getText();
  let streamExpr: string;
  let outcomeExpr: string;
  const init = decl.getInitializer();
  if (!init) return fail('noInitializer', { name: sName });
  const onlyRead = referencesTo(decl).every((r) => r.getParent() === read.getExpression());
  {
    const pair = pairOf(ctx, init);
    if (!pair) {
      const kept = keptOrigin(ctx.file, init);
      return kept ? fail('keptPackage', { init: init.getText(), iface: kept }) : fail('noCounterpart', { init: init.getText() });
    }
    if (onlyRead && Node.isVariableStatement(decl.getVariableStatement() ?? read) && decl.getVariableStatement()!.getDeclarations().length === 1) {
      const outcome = freshName(ctx.file, `${sName}Outcome`);
      const kw = decl.getVariableStatement()!.getDeclarationKind();
      const st = decl.getVariableStatement()!;
      streamExpr = sName;
      outcomeExpr = outcome;
      loopRewrite(ctx, loop, tryStmt, read, exit, streamExpr, outcomeExpr, sName);
      const replaced = replaceInPlace(st, `${kw} [${sName}, ${outcome}] = ${pair};`);
      ctx.edit(replaced, 'the 0.3 read gives the stream<u8> and the future of its outcome');
      return true;
    }
    makesPair(ctx, init, pair);
    streamExpr = `${sName}[0]`;
    outcomeExpr = `${sName}[1]`;
  }
  loopRewrite(ctx, loop, tryStmt, read, exit, streamExpr, outcomeExpr, sName);
  return true;
}

/**
 * A statement of \`loop\` (its catch clause aside: it runs after the \`for await\`) that leaves it before the stream
 * ends: a \`return\`, a \`break\` of it, a \`break\`/\`continue\` of a loop around it, a \`throw\` no \`try\` inside the
 * loop catches. A \`for await\` left so drops the 0.3 stream (its iterator's \`return()\`), where the 0.2 stream stayed
 * open for the next read. A \`throw\` in the read's \`try\` went to its catch in 0.2, which the port moves after the
 * \`for await\`: unless that catch only throws the error on (\`throw e\`), the port would change what it does
 * (\`caught\`), whatever becomes of the stream. So does a call there that may throw (\`mayThrow\`), the read's aside.
 */
function leavesEarly(loop: Statement, tryStmt: TryStatement, read: CallExpression, exit: { name: string; rest: Statement[] }): { at: Node; caught: boolean } | undefined {
  const clause = tryStmt.getCatchClause()!;
  // The loop's own labels: \`continue outer\` goes on with it, \`break outer\` leaves it.
  const own = new Set<string>();
  for (let up = loop.getParent(); up && Node.isLabeledStatement(up); up = up.getParent()) own.add(up.getLabel().getText());
  const [only, ...more] = exit.rest;
  const rethrows = !more.length && !!only && Node.isThrowStatement(only) && only.getExpression().getText() === exit.name;
  const found: { at: Node; caught: boolean }[] = [];
  const visit = (n: Node, nested: boolean, inside: ReadonlySet<string>): void => {
    if (n === clause || n === read || Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isClassDeclaration(n) || Node.isClassExpression(n)) return;
    if (Node.isReturnStatement(n)) found.push({ at: n, caught: false });
    else if ((Node.isCallExpression(n) || Node.isNewExpression(n)) && !rethrows && catchingTry(n) === tryStmt && mayThrow(n, read)) found.push({ at: n, caught: true });
    else if (!rethrows && catchingTry(n) === tryStmt && operationMayThrow(n, read)) found.push({ at: n, caught: true });
    else if (Node.isBreakStatement(n) || Node.isContinueStatement(n)) {
      const label = n.getLabel()?.getText();
      if (label ? !inside.has(label) && !(own.has(label) && Node.isContinueStatement(n)) : Node.isBreakStatement(n) && !nested) found.push({ at: n, caught: false });
    } else if (Node.isThrowStatement(n)) {
      // The nearest \`try\` whose block holds it catches it; one of the loop's own goes on looping or throws anew.
      const by = catchingTry(n);
      if (by === tryStmt) found.push({ at: n, caught: !rethrows });
      else if (!by || !loop.containsRange(by.getPos(), by.getEnd())) found.push({ at: n, caught: false });
    }
    // Below a loop or a switch inside the loop, an unlabelled break is theirs.
    const deeper = nested || (n !== loop && (LOOP.has(n.getKind()) || Node.isSwitchStatement(n)));
    const labels = Node.isLabeledStatement(n) ? new Set([...inside, n.getLabel().getText()]) : inside;
    n.forEachChild((c) => visit(c, deeper, labels));
  };
  visit(loop, false, new Set());
  return found.find((f) => f.caught) ?? found[0];
}

/** The nearest \`try\` whose block holds \`n\` and that has a catch: where an error thrown at \`n\` goes. */
function catchingTry(n: Node): TryStatement | undefined {
  return n.getAncestors().find((a): a is TryStatement => Node.isTryStatement(a) && !!a.getCatchClause() && a.getTryBlock().containsRange(n.getPos(), n.getEnd()));
}

/** Builtins' methods that throw for no argument they are given, by what the receiver is. */
const SAFE_METHODS = {
  array: ['push', 'unshift'],
  collection: ['set', 'add', 'has', 'get'],
  chunk: ['includes', 'indexOf', 'at', 'slice', 'subarray'],
} as const;

/**
 * Whether the call \`n\` in a read loop may throw: any call may but a builtin's that cannot, on what the loop has in
 * hand: \`push\`/\`unshift\` on an array made in the file (\`const bytes = []\`), \`set\`/\`add\`/\`has\`/\`get\` on a
 * \`new Map()\` or \`new Set()\`, the 0.2 chunk's \`includes\`/\`indexOf\`/\`at\`/\`slice\`/\`subarray\`, and
 * \`decode(chunk)\` (or with \`{ stream: true }\`) of a \`new TextDecoder()\` made with no options (no \`fatal\`); a spread
 * argument only of the chunk.
 */
function mayThrow(n: CallExpression | NewExpression, read: CallExpression): boolean {
  const isChunk = (e: Node): boolean => e === read || (Node.isIdentifier(e) && chunkOf(read) === e.getText());
  if (n.getArguments().some((a) => Node.isSpreadElement(a) && !isChunk(a.getExpression()))) return true;
  if (Node.isNewExpression(n)) return !plainDecoder(n);
  const m = methodOf(n);
  if (!m) return true;
  if (isChunk(m.recv)) return !(SAFE_METHODS.chunk as readonly string[]).includes(m.name);
  if (m.name === 'decode') {
    // \`decode(chunk)\` or \`decode(chunk, { stream: true })\`: only a \`fatal\` decoder throws, on bytes that are no UTF-8.
    const [bytes, opts, ...more] = n.getArguments();
    const flag = (p: Node) => Node.isPropertyAssignment(p) && p.getName() === 'stream' && (Node.isTrueLiteral(p.getInitializerOrThrow()) || Node.isFalseLiteral(p.getInitializerOrThrow()));
    const streamOnly = !opts || (Node.isObjectLiteralExpression(opts) && opts.getProperties().every(flag));
    return !(bytes && isChunk(bytes) && streamOnly && !more.length && plainDecoder(madeBy(m.recv)));
  }
  const made = madeBy(m.recv);
  if ((SAFE_METHODS.array as readonly string[]).includes(m.name)) return !made || !(Node.isArrayLiteralExpression(made) || (Node.isNewExpression(made) && made.getExpression().getText() === 'Array'));
  if ((SAFE_METHODS.collection as readonly string[]).includes(m.name)) return !made || !Node.isNewExpression(made) || !['Map', 'Set'].includes(made.getExpression().getText());
  return true;
}

/** Operators on which a bigint operand may throw: \`/\`, \`%\` (by zero), \`**\` (a negative exponent), any mixed with a number. */
const ARITHMETIC = new Set([SyntaxKind.SlashToken, SyntaxKind.PercentToken, SyntaxKind.AsteriskAsteriskToken, SyntaxKind.AsteriskToken, SyntaxKind.MinusToken, SyntaxKind.PlusToken, SyntaxKind.SlashEqualsToken, SyntaxKind.PercentEqualsToken, SyntaxKind.AsteriskAsteriskEqualsToken, SyntaxKind.AsteriskEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.LessThanLessThanToken, SyntaxKind.GreaterThanGreaterThanToken]);
const BIGINT_THROWS = new Set([SyntaxKind.SlashToken, SyntaxKind.PercentToken, SyntaxKind.AsteriskAsteriskToken, SyntaxKind.SlashEqualsToken, SyntaxKind.PercentEqualsToken, SyntaxKind.AsteriskAsteriskEqualsToken]);

/**
 * Whether \`n\`, no call, may throw in a read loop's \`try\` (by shape, as \`mayThrow\` for calls): a property or
 * element read on a value that may be \`undefined\` or \`null\` (a \`let\` with none or such a value, a type or
 * parameter saying so, what \`get\`/\`find\`/\`pop\`/\`shift\`/\`at\`/\`exec\`/\`match\` gave), not through \`?.\`; a
 * getter of the code's own (its body may throw); arithmetic with a bigint operand (\`/\` or \`%\` by \`0n\`, \`**\` with a
 * negative exponent, a number mixed in).
 */
function operationMayThrow(n: Node, read: CallExpression): boolean {
  if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) {
    const p = n.getParent();
    const callee = p && Node.isCallExpression(p) && p.getExpression() === n;
    if (n.hasQuestionDotToken()) return false;
    if (!callee && Node.isPropertyAccessExpression(n) && (n.getNameNode().getSymbol()?.getDeclarations() ?? []).some((d) => Node.isGetAccessorDeclaration(d) && !d.getSourceFile().isDeclarationFile())) return true;
    const recv = n.getExpression();
    // The read's chunk is a Uint8Array: never nullish.
    return recv !== read && !(Node.isIdentifier(recv) && recv.getText() === chunkOf(read)) && mayBeNullish(recv);
  }
  if (Node.isBinaryExpression(n) && ARITHMETIC.has(n.getOperatorToken().getKind())) {
    const [l, r] = [n.getLeft(), n.getRight()];
    const big = [l, r].map(isBigint);
    if (!big[0] && !big[1]) return false;
    // Both bigint: only \`/\`, \`%\` and \`**\` throw (a literal divisor or exponent that cannot is fine).
    if (big[0] && big[1]) return BIGINT_THROWS.has(n.getOperatorToken().getKind()) && !(Node.isBigIntLiteral(r) && !/^0+n$/.test(r.getText()));
    // One side bigint, the other a string (\`+\` concatenates) is fine; anything else may mix a number in.
    const other = big[0] ? r : l;
    return !(n.getOperatorToken().getKind() === SyntaxKind.PlusToken && (Node.isStringLiteral(other) || Node.isNoSubstitutionTemplateLiteral(other) || Node.isTemplateExpression(other)));
  }
  return false;
}

/** A bigint by shape: a literal (\`0n\`), \`BigInt(...)\`, or a name declared \`bigint\` or made of one of those. */
function isBigint(e: Node): boolean {
  e = withoutParens(e);
  if (Node.isBigIntLiteral(e)) return true;
  if (Node.isPrefixUnaryExpression(e)) return isBigint(e.getOperand());
  if (Node.isCallExpression(e)) return e.getExpression().getText() === 'BigInt';
  if (!Node.isIdentifier(e)) return false;
  const d = declarationOf(e);
  if (!d || !(Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d))) return false;
  if (/\bbigint\b/.test(d.getTypeNode()?.getText() ?? '')) return true;
  const init = d.getInitializer();
  return !!init && init !== e && !Node.isIdentifier(withoutParens(init)) && isBigint(init);
}

/** Calls whose answer may be \`undefined\` or \`null\` (a missing entry, an empty array, no match). */
const MAYBE_NONE = new Set(['get', 'find', 'findLast', 'pop', 'shift', 'at', 'exec', 'match']);

/** Whether \`e\` may hold \`undefined\` or \`null\` when read, by shape (see operationMayThrow). */
function mayBeNullish(e: Node): boolean {
  e = withoutParens(e);
  if (Node.isCallExpression(e)) return MAYBE_NONE.has(methodOf(e)?.name ?? '');
  if (!Node.isIdentifier(e)) return false;
  const d = declarationOf(e);
  if (!d) return false;
  if (Node.isParameterDeclaration(d)) return d.hasQuestionToken() || /\b(undefined|null)\b/.test(d.getTypeNode()?.getText() ?? '');
  if (!Node.isVariableDeclaration(d)) return false;
  if (/\b(undefined|null)\b/.test(d.getTypeNode()?.getText() ?? '')) return true;
  // The variable of a \`for...of\`/\`for...in\` holds each element in turn: its type would tell, not its shape.
  const list = d.getParent()?.getParent();
  if (list && (Node.isForOfStatement(list) || Node.isForInStatement(list))) return false;
  const init = d.getInitializer();
  if (!init || Node.isNullLiteral(withoutParens(init)) || withoutParens(init).getText() === 'undefined') return true;
  if (Node.isCallExpression(withoutParens(init)) && MAYBE_NONE.has(methodOf(withoutParens(init) as CallExpression)?.name ?? '')) return true;
  // A \`let\` assigned \`undefined\` or \`null\` somewhere.
  return referencesTo(d).some((r) => {
    const up = r.getParent();
    if (!up || !Node.isBinaryExpression(up) || up.getLeft() !== r || up.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return false;
    const v = withoutParens(up.getRight());
    return Node.isNullLiteral(v) || v.getText() === 'undefined';
  });
}

/** \`e\` itself, or the initializer of the \`const\` it names. */
function madeBy(e: Node): Node | undefined {
  if (Node.isPropertyAccessExpression(e) && Node.isThisExpression(e.getExpression())) return fieldMadeBy(e);
  if (!Node.isIdentifier(e)) return e;
  const d = declarationOf(e);
  const st = d && Node.isVariableDeclaration(d) ? d.getVariableStatement() : undefined;
  return st?.getDeclarationKind() === 'const' ? d!.getInitializer() : undefined;
}

/**
 * \`this.chunks\` in a method of a class whose field \`chunks\` is only ever given one kind of value, the same shape
 * each time (\`chunks = [];\` and \`this.chunks = [];\`: an array; \`new Map()\`): that value. No accessor of the name.
 */
function fieldMadeBy(e: import('ts-morph').PropertyAccessExpression): Node | undefined {
  const cls = e.getFirstAncestor((a) => Node.isClassDeclaration(a) || Node.isClassExpression(a));
  if (!cls || !(Node.isClassDeclaration(cls) || Node.isClassExpression(cls))) return undefined;
  const name = e.getName();
  if (cls.getGetAccessor(name) || cls.getSetAccessor(name)) return undefined;
  const values: Node[] = [];
  const field = cls.getProperty(name);
  const init = field?.getInitializer();
  if (init) values.push(init);
  for (const b of descendantsOfKind(cls, SyntaxKind.BinaryExpression)) {
    const l = b.getLeft();
    if (Node.isPropertyAccessExpression(l) && Node.isThisExpression(l.getExpression()) && l.getName() === name && isAssignedTo(l)) {
      if (b.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return undefined;
      values.push(b.getRight());
    }
  }
  const shape = (v: Node) => (Node.isArrayLiteralExpression(v) ? 'array' : Node.isNewExpression(v) ? `new ${v.getExpression().getText()}` : undefined);
  const first = values[0];
  return first && shape(first) && values.every((v) => shape(v) === shape(first)) ? first : undefined;
}

/** \`new TextDecoder()\` or \`new TextDecoder('utf-8')\`: no options, so no \`fatal\` decoding that throws. */
function plainDecoder(e: Node | undefined): boolean {
  if (!e || !Node.isNewExpression(e) || e.getExpression().getText() !== 'TextDecoder') return false;
  const args = e.getArguments() ?? [];
  return args.length === 0 || (args.length === 1 && Node.isStringLiteral(args[0]!));
}

/** The name the read's chunk is held by (\`const chunk = s.blockingRead(n)\`, \`chunk = s.blockingRead(n)\`). */
function chunkOf(read: CallExpression): string | undefined {
  const p = read.getParent();
  if (p && Node.isVariableDeclaration(p) && Node.isIdentifier(p.getNameNode())) return p.getName();
  if (p && Node.isBinaryExpression(p) && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isIdentifier(p.getLeft())) return p.getLeft().getText();
  return undefined;
}

/**
 * Whether the stream \`recv\` reads may be read again after \`loop\` is left: unless it is a variable of the function
 * whose other uses only drop it (\`disposeWasiResource(stream)\`, \`stream[Symbol.dispose]()\`) and no loop around
 * \`loop\` in its scope comes back to the read (a parameter, a field: the caller's stream, which it may read on).
 */
function mayReadAgain(recv: Node, read: CallExpression, loop: Statement): boolean {
  const decl = Node.isIdentifier(recv) ? declarationOf(recv) : undefined;
  if (!decl || !Node.isVariableDeclaration(decl)) return true;
  const scope = decl.getVariableStatement()?.getParent();
  for (let up = loop.getParent(); up && up !== scope; up = up.getParent()) if (LOOP.has(up.getKind())) return true;
  return referencesTo(decl).some((ref) => {
    if (ref === recv || ref.getParent() === read.getExpression()) return false;
    const up = ref.getParent();
    if (up && Node.isElementAccessExpression(up) && up.getExpression() === ref && isDisposeKey(up.getArgumentExpression())) return false;
    return !(up && Node.isCallExpression(up) && up.getArguments().length === 1 && dropHelper(up.getExpression()));
  });
}

/**
 * The chunk variable a read loop fills (\`chunk = s.blockingRead(n)\` after \`let chunk;\` in the loop, or \`const chunk =
 * s.blockingRead(n)\` in its \`try\`), where every later use takes its one byte of the 0.3 stream: spread into a call or
 * an array (\`bytes.push(...chunk)\`) or indexed at 0 (\`chunk[0]\`). The read's statement, the declaration (when apart)
 * and those uses, which become the \`for await\`'s byte; undefined for any other use (\`chunk.length\`, \`decode(chunk)\`).
 */
function byteChunk(read: CallExpression, body: Node, tryStmt: TryStatement): { read: Statement; declared?: Statement; uses: Node[] } | undefined {
  const up = read.getParent();
  let id: Node | undefined;
  let st: Node | undefined;
  if (Node.isBinaryExpression(up) && up.getRight() === read && up.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    id = up.getLeft();
    st = up.getParent();
    if (!Node.isExpressionStatement(st)) return undefined;
  } else if (Node.isVariableDeclaration(up) && up.getInitializer() === read) {
    id = up.getNameNode();
    st = up.getVariableStatement();
    if (!st || (st as import('ts-morph').VariableStatement).getDeclarations().length !== 1) return undefined;
  }
  if (!id || !Node.isIdentifier(id) || !st || st.getParent() !== tryStmt.getTryBlock()) return undefined;
  const decl = declarationOf(id);
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getTypeNode()) return undefined;
  const declared = decl.getVariableStatement();
  if (!declared || declared.getDeclarations().length !== 1) return undefined;
  const apart = declared !== st;
  // Apart, a bare \`let chunk;\` of the loop's own body (so nothing after the loop sees it).
  if (apart && (decl.getInitializer() || declared.getParent() !== body || !Node.isBlock(body))) return undefined;
  const uses: Node[] = [];
  for (const ref of referencesTo(decl)) {
    if (ref === id) continue;
    // Before the read, or in the catch (which runs after the \`for await\`, out of the byte's reach): not the byte.
    if (ref.getStart() < st.getEnd() || tryStmt.getCatchClause()!.containsRange(ref.getPos(), ref.getEnd())) return undefined;
    const p = ref.getParent();
    const spread = Node.isSpreadElement(p) && (Node.isCallExpression(p.getParent()) || Node.isArrayLiteralExpression(p.getParent()));
    const first = Node.isElementAccessExpression(p) && p.getExpression() === ref && p.getArgumentExpression()?.getText() === '0' && !isAssignedTo(p);
    if (!spread && !first) return undefined;
    uses.push(p!);
  }
  return { read: st as Statement, ...(apart ? { declared } : {}), uses };
}


function loopRewrite(ctx: FileContext, loop: Statement, tryStmt: TryStatement, read: CallExpression, exit: ClosedExit, streamExpr: string, outcomeExpr: string, sName: string): void {
  // ts-morph indents the lines after the first by the loop's own indentation.
  const ind = '';
  // The file's own indentation step (rewrite.ts sets it from the file).
  const inner = ctx.project.manipulationSettings.getIndentationText();
  const parent = tryStmt.getParent()!;
  const byte = freshName(ctx.file, 'byte');
  const result = freshName(ctx.file, `${sName.replace(/\W/g, '')}Result`);
  // The 0.2 chunk variable, where the loop uses it only as its one byte: it goes, \`byte\` is used in its place.
  const chunk = byteChunk(read, parent, tryStmt);
  if (chunk) for (const u of chunk.uses.reverse()) u.replaceWithText(byte);
  const lines: string[] = [];
  const tryInd = indentOf(tryStmt.getTryBlock().getStatements()[0] ?? tryStmt);
  // The loop's statements, own-line comments among them: its block's, or the \`try\` alone when it is the loop's body.
  for (const s of Node.isBlock(parent) ? parent.getStatementsWithComments() : [tryStmt]) {
    if (s === chunk?.declared) continue;
    if (s !== tryStmt) {
      lines.push(inner + movedText(s, inner));
      continue;
    }
    for (const t of tryStmt.getTryBlock().getStatementsWithComments()) {
      if (t === chunk?.read) continue;
      const text = textWithComments(t);
      const at = read.getStart() - t.getStart();
      const swapped = t.containsRange(read.getPos(), read.getEnd()) ? text.slice(0, at) + `Uint8Array.of(${byte})` + text.slice(at + read.getText().length) : text;
      lines.push(inner + reindent(swapped, tryInd, inner));
    }
  }
  const errInd = exit.rest[0] ? indentOf(exit.rest[0]) : inner;
  const out: string[] = [`for await (const ${byte} of ${streamExpr}) {`, ...lines, `${ind}}`];
  const looped = out.length;
  out.push(...exit.notes.map((n) => ind + n));
  if (exit.name) out.push(`${ind}const ${result} = await ${outcomeExpr};`);
  if (exit.rest.length) {
    out.push(`${ind}if (${result}.tag === 'err') {`);
    const error = `{ tag: 'last-operation-failed', val: ${result}.val }`;
    out.push(`${inner}const ${exit.name} = ${exit.payload ? `{ payload: ${error} }` : error};`);
    for (const s of exit.rest) out.push(inner + reindent(textWithComments(s), errInd, inner));
    out.push(`${ind}}`);
  }
  if (Node.isReturnStatement(exit.exit)) out.push(ind + movedText(exit.exit, ind));
  // The loop's own comments after its closing brace (\`} // until closed\`) stay there: the outcome check goes in after
  // them, ahead of the next statement (written into the loop's text, it would come before them).
  const block = loop.getParent();
  const stmts = block && Node.isBlock(block) ? block.getStatements() : [];
  const trailing = loop.getTrailingCommentRanges();
  const next = trailing.length && out.length > looped ? stmts[stmts.indexOf(loop as Statement) + 1] : undefined;
  const ahead = next && next.getStart(true) === next.getStart() ? next : undefined;
  // No statement to write the check ahead of (the loop last in its block): the comments are written on the
  // \`for await\`'s closing line too, and an empty block on a line of its own after the check takes the ones left
  // there when it goes (ts-morph removes a statement with its line's comments, keeping the nodes the caller holds).
  const carrier = trailing.length && out.length > looped && !ahead;
  if (carrier) {
    out[looped - 1] += loop.getSourceFile().getFullText().slice(loop.getEnd(), trailing.at(-1)!.getEnd());
    out.push(`${ind}{}`);
  }
  const replaced = loop.replaceWithText((ahead ? out.slice(0, looped) : out).join('\n'));
  if (carrier) {
    const holder = replaced.getParent();
    const list = holder && (Node.isBlock(holder) || Node.isSourceFile(holder) || Node.isCaseClause(holder) || Node.isDefaultClause(holder)) ? holder.getStatements() : [];
    const empty = list.slice(list.indexOf(replaced as Statement) + 1).find((st) => Node.isBlock(st) && !st.getStatements().length && st.getTrailingCommentRanges().length);
    if (empty) removeStatement(empty);
  }
  if (ahead) {
    const at = indentOf(ahead);
    const text = [...out.slice(looped).map((l, i) => (i && l ? at + l : l)), at + ahead.getText()].join('\n');
    ahead.replaceWithText((writer) => {
      writer.queueIndentationLevel(0);
      writer.write(text);
    });
  }
  ctx.edit(replaced, 'read loop over a 0.2 input-stream: `for await` over the 0.3 stream, then its outcome future checked');
  // \`e.tag === 'closed'\` on the caught error itself: in a ComponentizeJS build a 0.2 stream error comes as a
  // ComponentError whose \`payload\` is it, so that test never held there and the loop took its error path at the
  // stream's end. The port ends the loop at the close, as the code meant: a change a person should know of.
  if (exit.name && !exit.payload) ctx.review(replaced, 'closedTagBare', { name: exit.name });
  if (exit.helper) dropUnused(exit.helper);
}

/** A function of the file no code calls any more (the closed test of the read loops ported), unless exported: it goes. */
function dropUnused(fn: Node): void {
  const decl = Node.isFunctionDeclaration(fn) ? fn : fn.getParent();
  const st = Node.isVariableDeclaration(decl) ? decl.getVariableStatement() : decl;
  if (!st || !(Node.isFunctionDeclaration(st) || Node.isVariableStatement(st)) || st.isExported() || (Node.isVariableStatement(st) && st.getDeclarations().length !== 1)) return;
  const name = Node.isFunctionDeclaration(decl) ? decl.getNameNode() : Node.isVariableDeclaration(decl) ? decl.getNameNode() : undefined;
  if (!name || !Node.isIdentifier(name) || identifiersNamed(st.getSourceFile(), name.getText()).some((id) => id !== name)) return;
  removeStatement(st);
}

const transform: CodeTransform = {
  id: 'bindings/input-streams',
  summary: 'read loops over a 0.2 input-stream become `for await` over the 0.3 stream<u8>, with the outcome future checked after it',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  mentions: READS,
  cases: [
    {
      name: "a body grown by a copy at each chunk (a js-spin-handler style handler: `merged.set(body); merged.set(chunk, body.length); body = merged;`, or `new Uint8Array([...body, ...chunk])`) would copy at each byte of the 0.3 stream (quadratic): the bytes are collected and the Uint8Array made once after the loop",
      before: {
        'handler.js': `import { IncomingBody, OutgoingResponse, ResponseOutparam, Fields } from 'wasi:http/types@0.2.3';

export const incomingHandler = {
  handle(request, responseOut) {
    const incoming = request.consume();
    const stream = incoming.stream();
    let body = new Uint8Array(0);
    while (true) {
      let chunk;
      try {
        chunk = stream.blockingRead(4096n);
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
      const merged = new Uint8Array(body.length + chunk.length);
      merged.set(body);
      merged.set(chunk, body.length);
      body = merged;
    }
    stream[Symbol.dispose]();
    IncomingBody.finish(incoming);
    const response = new OutgoingResponse(new Fields());
    response.setStatusCode(body.length ? 200 : 400);
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};
`,
        'stdin.ts': `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function readAll(): Uint8Array {
  const input = getStdin();
  let data: Uint8Array = new Uint8Array();
  for (;;) {
    let chunk: Uint8Array;
    try {
      chunk = input.blockingRead(1024n);
    } catch (e: any) {
      if (e.tag === 'closed') break;
      throw e;
    }
    data = new Uint8Array([...data, ...chunk]);
  }
  return data;
}
`,
      },
      after: {
        'handler.js': `import { Fields, Response, Request } from 'wasi:http/types@0.3.0';

export const handler = {
  async handle(request) {
    const stream = Request.consumeBody(request, wasiOk());
    const bodyBytes = [];
    // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
    for await (const byte of stream[0]) {
      bodyBytes.push(byte);
    }
    let body = new Uint8Array(bodyBytes);
    const streamResult = await stream[1];
    if (streamResult.tag === 'err') {
      const e = { tag: 'last-operation-failed', val: streamResult.val };
      throw e;
    }
    const response = Response.new(new Fields(), undefined, wasiOk())[0];
    response.setStatusCode(body.length ? 200 : 400);
    return response;
  },
};
`,
        'stdin.ts': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll(): Promise<Uint8Array> {
  const [input, inputOutcome] = readViaStream();
  const dataBytes: number[] = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    dataBytes.push(byte);
  }
  let data: Uint8Array = new Uint8Array(dataBytes);
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return data;
}
`,
      },
      helpers: ['wasiOk'],
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself", "the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "a read loop whose catch checks the error as ComponentizeJS throws it (`e.payload?.tag === 'closed'`): `for await`, the error keeps its `payload`",
      before: { 'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const chunks = [];
  for (;;) {
    try {
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.payload?.tag === 'closed') break;
      throw new Error(\`stdin failed: \${e.payload.val}\`);
    }
  }
  return chunks;
}
` },
      after: { 'guest.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const [input, inputOutcome] = readViaStream();
  const chunks = [];
  for await (const byte of input) {
    chunks.push(Uint8Array.of(byte));
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { payload: { tag: 'last-operation-failed', val: inputResult.val } };
    throw new Error(\`stdin failed: \${e.payload.val}\`);
  }
  return chunks;
}
` },
    },
    {
      name: 'one bounded read of a response body: up to n bytes of the 0.3 stream; its dispose goes',
      before: `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';

export async function first() {
  const req = new OutgoingRequest(new Fields());
  const future = handle(req);
  future.subscribe().block();
  const response = future.get().val.val;
  const body = response.consume();
  const stream = body.stream();
  const head = stream.blockingRead(100n);
  stream[Symbol.dispose]();
  return head;
}
`,
      after: `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

export async function first() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(req);
  const response = await future;
  const stream = Response.consumeBody(response, wasiOk());
  const head = await wasiReadUpTo(stream, 100n);
  return head;
}
`,
      helpers: ['wasiOk', 'wasiReadUpTo'],
    },
    {
      name: 'one read alone: `await wasiRead(pair, n)`, reviewed (0.2 gave what had arrived together, the 0.3 stream may give it apart)',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function firstChunk() {
  return getStdin().blockingRead(16n);
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function firstChunk() {
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return await wasiRead(readViaStream(), 16n);
}
`,
      helpers: ['wasiRead'],
      reviews: ['one read where 0.2 gave what had arrived together (up to n'],
    },
    {
      name: 'the same where the 0.2 code awaited the sync read already (`await stream.blockingRead(n)`, a real handler class): one `await`, not `await await`',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export async function firstChunk() {
  return await getStdin().blockingRead(16n);
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function firstChunk() {
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return await wasiRead(readViaStream(), 16n);
}
`,
      helpers: ['wasiRead'],
      reviews: ['one read where 0.2 gave what had arrived together (up to n'],
    },
    {
      name: 'reads in a loop on a connection: `await wasiRead(pair, n)`, 1 to n bytes as 0.2 gave',
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

function readExact(stream, len) {
  const out = new Uint8Array(len);
  let filled = 0;
  while (filled < len) {
    const chunk = stream.blockingRead(BigInt(len - filled));
    out.set(chunk, filled);
    filled += chunk.length;
  }
  return out;
}

export function fetchFrame() {
  const socket = createTcpSocket('ipv4');
  socket.startConnect(instanceNetwork(), { tag: 'ipv4', val: { port: 7878, address: [127, 0, 0, 1] } });
  socket.subscribe().block();
  const [input, output] = socket.finishConnect();
  output.blockingWriteAndFlush(new Uint8Array([1]));
  const size = readExact(input, 1)[0];
  return readExact(input, size);
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

async function readExact(stream, len) {
  const out = new Uint8Array(len);
  let filled = 0;
  while (filled < len) {
    const chunk = await wasiRead(stream, BigInt(len - filled));
    out.set(chunk, filled);
    filled += chunk.length;
  }
  return out;
}

export async function fetchFrame() {
  const socket = TcpSocket.create('ipv4');
  await socket.connect({ tag: 'ipv4', val: { port: 7878, address: [127, 0, 0, 1] } });
  const [input, output] = /** @type {const} */ ([socket.receive(), wasiSink((data) => socket.send(data))]);
  try {
    await output.write(new Uint8Array([1]));
    const size = (await readExact(input, 1))[0];
    return await readExact(input, size);
  } finally {
    await output.close();
  }
}
`,
      helpers: ['wasiSink', 'wasiRead'],
    },
    {
      name: "a read of a stream typed `any` (an untyped parameter, a variable declared `any`) still gives `any`, as the 0.2 read did: code that tests the result's shape keeps type-checking (`wasiRead` and `wasiReadUpTo` gave `Uint8Array`: TS2339)",
      before: {
        'line.ts': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

function readLine(input: any): string {
  let out = '';
  for (;;) {
    const chunk = input.blockingRead(1n);
    const bytes = chunk.tag === 'ok' ? chunk.val : chunk;
    if (bytes[0] === 10) return out;
    out += String.fromCharCode(bytes[0]);
  }
}

export const run = {
  run() {
    readLine(getStdin());
  },
};
`,
        'head.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.12';

export async function head() {
  const req = new OutgoingRequest(new Fields());
  const future = handle(req);
  future.subscribe().block();
  const response = future.get().val.val;
  const body = response.consume();
  /** @type {any} */
  const stream = body.stream();
  const first = stream.blockingRead(100n);
  return first.tag === 'ok' ? first.val.length : first.length;
}
`,
      },
      after: { 'line.ts': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

async function readLine(input: any): Promise<string> {
  let out = '';
  for (;;) {
    const chunk = await wasiRead(input, 1n);
    const bytes = chunk.tag === 'ok' ? chunk.val : chunk;
    if (bytes[0] === 10) return out;
    out += String.fromCharCode(bytes[0]);
  }
}

export const run = {
  async run() {
    await readLine(readViaStream());
  },
};
`,
        'head.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

export async function head() {
  const req = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(req);
  const response = await future;
  const body = Response.consumeBody(response, wasiOk());
  /** @type {any} */
  const stream = body;
  const first = await wasiReadUpTo(stream, 100n);
  return first.tag === 'ok' ? first.val.length : first.length;
}
`,
      },
      helpers: ['wasiRead', 'wasiOk', 'wasiReadUpTo'],
    },
    {
      // A real guest's line reader (called once per line on stdin) was made a \`for await\` that returns at the newline:
      // the return drops the 0.3 stream, so the second call read nothing (or threw), with --check passing.
      name: 'a read loop that leaves before the stream ends (a return at a delimiter, a break) is no `for await`, which would drop the stream there: `await wasiRead(pair, n)` keeps it open for the next read',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

function nextLine(input) {
  let line = '';
  for (;;) {
    let chunk;
    try {
      chunk = input.blockingRead(1n);
    } catch (e) {
      if (e.tag === 'closed') return line || null;
      throw e;
    }
    if (chunk[0] === 10) return line;
    line += String.fromCharCode(chunk[0]);
  }
}

export function countLines() {
  const input = getStdin();
  let n = 0;
  while (nextLine(input) !== null) n++;
  return n;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

async function nextLine(input) {
  let line = '';
  for (;;) {
    let chunk;
    try {
      chunk = await wasiRead(input, 1n);
    } catch (e) {
      if (e.tag === 'closed') return line || null;
      throw e;
    }
    if (chunk[0] === 10) return line;
    line += String.fromCharCode(chunk[0]);
  }
}

export async function countLines() {
  const input = readViaStream();
  let n = 0;
  while (await nextLine(input) !== null) n++;
  return n;
}
`,
      helpers: ['wasiRead'],
    },
    {
      // docs/bindings.md Limits (stop 49): a throw out of the loop's body still made a \`for await\`.
      name: "a \`throw\` in a read loop's \`try\` went to its catch in 0.2: where that catch does more than throw it on (\`return null\`), or the stream may be read again (a parameter), the read becomes \`await wasiRead(pair, n)\` and the loop stays; one a \`throw e\` catch passes on, on a stream only dropped after, is a \`for await\` still",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readText() {
  const input = getStdin();
  let text = '';
  for (;;) {
    try {
      const chunk = input.blockingRead(4096n);
      if (chunk.includes(0)) throw new Error('binary input');
      text += new TextDecoder().decode(chunk);
    } catch (e) {
      if (e.tag === 'closed') break;
      return null;
    }
  }
  return text;
}

function record(input) {
  const bytes = [];
  for (;;) {
    let chunk;
    try {
      chunk = input.blockingRead(1n);
      if (chunk[0] === 0) throw new Error('NUL');
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    bytes.push(chunk[0]);
  }
  return bytes;
}

export function records() {
  const input = getStdin();
  return [record(input), record(input)];
}

export function strict() {
  const input = getStdin();
  const bytes = [];
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      if (chunk.includes(0)) throw new Error('NUL');
      bytes.push(...chunk);
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return bytes;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readText() {
  const input = readViaStream();
  let text = '';
  for (;;) {
    try {
      const chunk = await wasiRead(input, 4096n);
      if (chunk.includes(0)) throw new Error('binary input');
      text += new TextDecoder().decode(chunk);
    } catch (e) {
      if (e.tag === 'closed') break;
      return null;
    }
  }
  return text;
}

async function record(input) {
  const bytes = [];
  for (;;) {
    let chunk;
    try {
      chunk = await wasiRead(input, 1n);
      if (chunk[0] === 0) throw new Error('NUL');
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    bytes.push(chunk[0]);
  }
  return bytes;
}

export async function records() {
  const input = readViaStream();
  return [await record(input), await record(input)];
}

export async function strict() {
  const [input, inputOutcome] = readViaStream();
  const bytes = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    const chunk = Uint8Array.of(byte);
    if (chunk.includes(0)) throw new Error('NUL');
    bytes.push(...chunk);
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return bytes;
}
`,
      helpers: ['wasiRead'],
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "such a \`throw\` in a loop on a stream the port cannot make the pair (a field) is reported, not made a \`for await\`",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export class Reader {
  constructor() {
    this.input = getStdin();
  }
  all() {
    const chunks = [];
    for (;;) {
      try {
        const chunk = this.input.blockingRead(64n);
        if (!chunk.length) throw new Error('empty read');
        chunks.push(chunk);
      } catch (e) {
        if (e.tag === 'closed') break;
        return null;
      }
    }
    return chunks;
  }
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export class Reader {
  constructor() {
    this.input = getStdin();
  }
  all() {
    const chunks = [];
    for (;;) {
      try {
        // wasi-migrate(review): a \`throw\` in the read's \`try\` (\`throw new Error('empty read');\`) goes to its \`catch\` in 0.2, which the \`for await\` port runs only after the loop, for the stream's own error: read with \`await wasiRead(pair, n)\` (1 to n bytes, \`closed\` thrown as 0.2 did) so the \`try\` stays, by hand
        const chunk = this.input.blockingRead(64n);
        if (!chunk.length) throw new Error('empty read');
        chunks.push(chunk);
      } catch (e) {
        if (e.tag === 'closed') break;
        return null;
      }
    }
    return chunks;
  }
}
`,
      reviews: ['`getStdin` of wasi:cli/stdin became', "a `throw` in the read's `try` (`throw new Error('empty read');`) goes to its `catch` in 0.2"],
    },
    {
      // wildjs (stop 49, ts-tcp-wordcount): the \`for await\` kept the 0.2 chunk, one byte in it: \`let chunk;
      // chunk = Uint8Array.of(byte); bytes.push(...chunk);\`.
      name: "a chunk variable the loop uses only as its one byte (spread into a call or an array, \`chunk[0]\`) goes: the \`for await\`'s byte takes its place; one used as a chunk (\`decode(chunk)\`) stays",
      before: { 'bytes.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function bytes() {
  const input = getStdin();
  let total = 0;
  const seen = [];
  for (;;) {
    let chunk;
    try {
      chunk = input.blockingRead(1n);
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    total += chunk[0];
    seen.push(...chunk);
  }
  return [total, [...seen]];
}
`,
        'text.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function text() {
  const input = getStdin();
  const decoder = new TextDecoder();
  let out = '';
  for (;;) {
    try {
      const chunk = input.blockingRead(1n);
      out += decoder.decode(chunk, { stream: true });
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return out + decoder.decode();
}
` },
      after: { 'bytes.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function bytes() {
  const [input, inputOutcome] = readViaStream();
  let total = 0;
  const seen = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    total += byte;
    seen.push(byte);
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return [total, [...seen]];
}
`,
        'text.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function text() {
  const [input, inputOutcome] = readViaStream();
  const decoder = new TextDecoder();
  let out = '';
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    const chunk = Uint8Array.of(byte);
    out += decoder.decode(chunk, { stream: true });
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return out + decoder.decode();
}
` },
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself", "the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      // wildjs (stop 49, ts-market-sync): \`if (isClosed(error)) break;\` was no closed exit: the read became \`wasiRead\`.
      name: "a catch that tests the end through a function of the file (\`isClosed(error)\`, \`closed(e)\`) whose answer is the closed test, besides checks any error object passes, is a closed exit: \`for await\`, and the function, called no more, goes; one that tests more (\`|| e.tag === 'last-operation-failed'\`) is not",
      before: { 'a.ts': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll(): Uint8Array[] {
  const input = getStdin();
  const chunks: Uint8Array[] = [];
  for (;;) {
    let chunk: Uint8Array;
    try {
      chunk = input.blockingRead(4096n);
    } catch (error) {
      if (isClosed(error)) break;
      throw error;
    }
    chunks.push(chunk);
  }
  return chunks;
}

function isClosed(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('payload' in error)) return false;
  const payload = error.payload;
  return typeof payload === 'object' && payload !== null && 'tag' in payload && payload.tag === 'closed';
}
`, 'b.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

const closed = (e) => e.tag === 'closed';
const ended = (e) => e.tag === 'closed' || e.tag === 'last-operation-failed';

export function count() {
  const input = getStdin();
  let n = 0;
  for (;;) {
    try {
      n += input.blockingRead(64n).length;
    } catch (e) {
      if (closed(e)) break;
      throw e;
    }
  }
  return n;
}

export function countAll() {
  const input = getStdin();
  let n = 0;
  for (;;) {
    try {
      n += input.blockingRead(64n).length;
    } catch (e) {
      if (ended(e)) break;
      throw e;
    }
  }
  return n;
}
` },
      after: { 'a.ts': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll(): Promise<Uint8Array[]> {
  const [input, inputOutcome] = readViaStream();
  const chunks: Uint8Array[] = [];
  for await (const byte of input) {
    let chunk: Uint8Array;
    chunk = Uint8Array.of(byte);
    chunks.push(chunk);
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const error = { payload: { tag: 'last-operation-failed', val: inputResult.val } };
    throw error;
  }
  return chunks;
}
`,
        'b.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

const ended = (e) => e.tag === 'closed' || e.tag === 'last-operation-failed';

export async function count() {
  const [input, inputOutcome] = readViaStream();
  let n = 0;
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    n += Uint8Array.of(byte).length;
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return n;
}

export async function countAll() {
  const input = readViaStream();
  let n = 0;
  for (;;) {
    try {
      n += (await wasiRead(input, 64n)).length;
    } catch (e) {
      if (ended(e)) break;
      throw e;
    }
  }
  return n;
}
` },
      helpers: ['wasiRead'],
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      // Found on this branch (stop 50): the catch's \`chunk.length\` went after the \`for await\`, where the loop's
      // \`let chunk\` is out of scope (a ReferenceError on the error path, in JavaScript seen by no check).
      name: "a catch whose error handling reads a name the loop declares (\`throw new Error(\`after \${chunk.length} bytes\`)\`) is no \`for await\`, which runs it after the loop: \`await wasiRead(pair, n)\`, or reported where the stream cannot be made the pair",
      before: { 'all.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const out = [];
  for (;;) {
    let chunk = new Uint8Array(0);
    try {
      chunk = input.blockingRead(64n);
    } catch (e) {
      if (e.tag === 'closed') break;
      throw new Error(\`failed after \${chunk.length} bytes\`);
    }
    out.push(...chunk);
  }
  return out;
}
`, 'field.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export class Reader {
  constructor() {
    this.input = getStdin();
  }
  all() {
    const out = [];
    for (;;) {
      const before = out.length;
      try {
        out.push(...this.input.blockingRead(64n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw new Error(\`failed after \${before} bytes\`);
      }
    }
    return out;
  }
}
` },
      after: { 'all.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const input = readViaStream();
  const out = [];
  for (;;) {
    let chunk = new Uint8Array(0);
    try {
      chunk = await wasiRead(input, 64n);
    } catch (e) {
      if (e.tag === 'closed') break;
      throw new Error(\`failed after \${chunk.length} bytes\`);
    }
    out.push(...chunk);
  }
  return out;
}
`, 'field.js': `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export class Reader {
  constructor() {
    this.input = getStdin();
  }
  all() {
    const out = [];
    for (;;) {
      const before = out.length;
      try {
        // wasi-migrate(review): the read's \`catch\` reads \`before\`, declared in the read loop, and a \`for await\` port runs that error handling after the loop, out of its reach: read with \`await wasiRead(pair, n)\` (1 to n bytes, \`closed\` thrown as 0.2 did) so the \`try\` stays, by hand
        out.push(...this.input.blockingRead(64n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw new Error(\`failed after \${before} bytes\`);
      }
    }
    return out;
  }
}
` },
      helpers: ['wasiRead'],
      reviews: ['`getStdin` of wasi:cli/stdin became', "the read's `catch` reads `before`, declared in the read loop"],
    },
    {
      name: 'a loop left early over a stream of its own function that nothing reads after it (only dropped) is still a `for await`: dropping it early loses nothing',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function head(limit) {
  const input = getStdin();
  const bytes = [];
  for (;;) {
    let chunk;
    try {
      chunk = input.blockingRead(256n);
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    bytes.push(...chunk);
    if (bytes.length >= limit) break;
  }
  input[Symbol.dispose]();
  return bytes.slice(0, limit);
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function head(limit) {
  const input = readViaStream();
  const bytes = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input[0]) {
    bytes.push(byte);
    if (bytes.length >= limit) break;
  }
  const inputResult = await input[1];
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return bytes.slice(0, limit);
}
`,
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: 'a loop that tests what each read gave as a whole and can leave early (\`size += read.length; if (size > max) break\`, a real body counter) reads with \`await wasiRead(pair, n)\`: a \`for await\` would leave after max + 1 bytes where 0.2 left after the read that passed max; on a stream of no known origin, reported',
      before: {
        'count.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function countUpTo(max) {
  const input = getStdin();
  let size = 0;
  for (;;) {
    try {
      size += input.blockingRead(4096n).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    if (size > max) break;
  }
  return size;
}
`,
        'opened.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

function open() {
  return getStdin();
}

export function countUpTo(max) {
  const input = open();
  let size = 0;
  for (;;) {
    try {
      size += input.blockingRead(4096n).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    if (size > max) break;
  }
  return size;
}
`,
      },
      after: {
        'count.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function countUpTo(max) {
  const input = readViaStream();
  let size = 0;
  for (;;) {
    try {
      size += (await wasiRead(input, 4096n)).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    if (size > max) break;
  }
  return size;
}
`,
        'opened.js': `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

function open() {
  return getStdin();
}

export function countUpTo(max) {
  const input = open();
  let size = 0;
  for (;;) {
    try {
      // wasi-migrate(review): the read loop can leave before the stream ends (\`break;\`), after a test of what it read, and a \`for await\` would run it once a byte where 0.2 ran it once a read (what had arrived): read with \`await wasiRead(pair, n)\` (1 to n bytes, \`closed\` thrown as 0.2 did), by hand
      size += input.blockingRead(4096n).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    if (size > max) break;
  }
  return size;
}
`,
      },
      helpers: ['wasiRead'],
      reviews: ['`getStdin` of wasi:cli/stdin became', 'the read loop can leave before the stream ends (`break;`), after a test'],
    },
    {
      name: 'a count written as integer literals (\`16 * 1024\`, as 0.2 code on an untyped stream passed it) becomes bigint literals in \`wasiRead\` (\`16n * 1024n\`): the port\'s pair is typed, and jco\'s count is a bigint',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function countUpTo(max) {
  const input = getStdin();
  let size = 0;
  for (;;) {
    try {
      size += input.blockingRead(16 * 1024).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    if (size > max) break;
  }
  return size;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function countUpTo(max) {
  const input = readViaStream();
  let size = 0;
  for (;;) {
    try {
      size += (await wasiRead(input, 16n * 1024n)).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    if (size > max) break;
  }
  return size;
}
`,
      helpers: ['wasiRead'],
    },
    {
      name: 'such a loop on a stream the port cannot make the pair (a field) is reported, not made a `for await`',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export class Lines {
  constructor() {
    this.input = getStdin();
  }
  next() {
    const bytes = [];
    outer: for (;;) {
      let chunk;
      try {
        chunk = this.input.blockingRead(64n);
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
      for (const b of chunk) {
        if (b === 10) break outer;
        bytes.push(b);
      }
    }
    return bytes;
  }
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export class Lines {
  constructor() {
    this.input = getStdin();
  }
  next() {
    const bytes = [];
    outer: for (;;) {
      let chunk;
      try {
        // wasi-migrate(review): the read loop can leave before the stream ends (\`break outer;\`), and a \`for await\` left so drops the 0.3 stream, where the 0.2 stream stayed open for the next read: read with \`await wasiRead(pair, n)\` (1 to n bytes, \`closed\` thrown as 0.2 did) or keep one iterator of the stream, by hand
        chunk = this.input.blockingRead(64n);
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
      for (const b of chunk) {
        if (b === 10) break outer;
        bytes.push(b);
      }
    }
    return bytes;
  }
}
`,
      reviews: ['`getStdin` of wasi:cli/stdin became', 'the read loop can leave before the stream ends (`break outer;`)'],
    },
    {
      name: "read until closed becomes for await",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const chunks = [];
  for (;;) {
    let chunk;
    try {
      chunk = input.blockingRead(4096n);
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
    chunks.push(chunk);
  }
  return chunks;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const [input, inputOutcome] = readViaStream();
  const chunks = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    let chunk;
    chunk = Uint8Array.of(byte);
    chunks.push(chunk);
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return chunks;
}
`,
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "a read loop rewritten as `for await` keeps the comments in it: own-line ones and those after a statement on its line (the loop was written from each statement's text, which leaves both out)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const chunks = [];
  for (;;) {
    let chunk; // one read's bytes
    try {
      // up to 4 KiB
      chunk = input.blockingRead(4096n);
    } catch (e) {
      if (e.tag === 'closed') break;
      // anything else is an error
      throw e; // as it was
    }
    // kept in order
    chunks.push(chunk); // the bytes
  }
  return chunks;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const [input, inputOutcome] = readViaStream();
  const chunks = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    let chunk; // one read's bytes
    // up to 4 KiB
    chunk = Uint8Array.of(byte);
    // kept in order
    chunks.push(chunk); // the bytes
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    // anything else is an error
    throw e; // as it was
  }
  return chunks;
}
`,
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "0.2's wait then read of what arrived (`const ready = stream.subscribe(); ready.block(); stream.read(n)` on a fetched body): `await wasiRead(stream, n)`, reviewed as one read; the request sent with `null` options is sent plainly (jco reads null as none)",
      before: { 'guest.js': `import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

export function firstBytes(path) {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  OutgoingBody.finish(request.body(), undefined);
  const pending = handle(request, null);
  pending.subscribe().block();
  const response = pending.get().val.val;
  const body = response.consume();
  const stream = body.stream();
  const ready = stream.subscribe();
  ready.block();
  return stream.read(4096n);
}
` },
      after: { 'guest.js': `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function firstBytes(path) {
  const requestBody = wasiOutgoingBody();
  const request = Request.new(new Fields(), requestBody.contents, requestBody.trailers, undefined)[0];
  request.setPathWithQuery(path);
  const pending = send(request);
  await requestBody.finish(undefined);
  const response = await pending;
  const stream = Response.consumeBody(response, wasiOk());
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return await wasiRead(stream, 4096n);
}
` },
      helpers: ["wasiOk","wasiSink","wasiOutgoingBody","wasiRead"],
      reviews: ["one read where 0.2 gave what had arrived together (up to n b"],
    },
    {
      // The pollable went with the wait in the loop; the first wait, its read already ported, stayed on a name no longer declared.
      name: "a pollable waited on above a read loop, statements between, and again in it before each read: both waits and the pollable go, the read becomes `await wasiRead(input, n)`",
      before: { 'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function readAll(log) {
  const input = getStdin();
  const pollable = input.subscribe();
  pollable.block();
  log('ready');
  const chunks = [];
  for (;;) {
    pollable.block();
    try {
      chunks.push(input.read(64n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
` },
      after: { 'guest.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll(log) {
  const input = readViaStream();
  log('ready');
  const chunks = [];
  for (;;) {
    try {
      chunks.push(await wasiRead(input, 64n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
` },
      helpers: ['wasiRead'],
    },
    {
      // The loop became \`for await\` with \`pollable.block()\` left in it, and \`input.subscribe()\` on the pair, unreported.
      name: "a pollable waited on above a \`blockingRead\` loop and in it: the waits and the pollable go (the read waits by itself), the loop becomes \`for await\`",
      before: { 'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function readAll(log) {
  const input = getStdin();
  const pollable = input.subscribe();
  pollable.block();
  log('ready');
  const chunks = [];
  for (;;) {
    try {
      pollable.block();
      chunks.push(input.blockingRead(64n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
` },
      after: { 'guest.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll(log) {
  const [input, inputOutcome] = readViaStream();
  log('ready');
  const chunks = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    chunks.push(Uint8Array.of(byte));
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return chunks;
}
` },
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "a read loop waiting on a pollable made once above it (`const pollable = stream.subscribe(); while (true) { await pollable.block(); try { ... stream.read(n) ... } catch { break } }`, envhandler): each wait then read becomes `await wasiRead(stream, n)`, and the pollable goes",
      before: { 'guest.js': `import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

export async function fetchAll(path) {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  OutgoingBody.finish(request.body(), undefined);
  const pending = handle(request, undefined);
  pending.subscribe().block();
  const response = pending.get().val.val;
  const stream = response.consume().stream();
  const pollable = stream.subscribe();

  const chunks = [];
  while (true) {
    await pollable.block();
    try {
      chunks.push(stream.read(1024n));
    } catch (err) {
      break;
    }
  }
  return chunks;
}
` },
      after: { 'guest.js': `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function fetchAll(path) {
  const requestBody = wasiOutgoingBody();
  const request = Request.new(new Fields(), requestBody.contents, requestBody.trailers, undefined)[0];
  request.setPathWithQuery(path);
  const pending = send(request);
  await requestBody.finish(undefined);
  const response = await pending;
  const stream = Response.consumeBody(response, wasiOk());

  const chunks = [];
  while (true) {
    try {
      chunks.push(await wasiRead(stream, 1024n));
    } catch (err) {
      break;
    }
  }
  return chunks;
}
` },
      helpers: ["wasiOk","wasiSink","wasiOutgoingBody","wasiRead"],
    },
    {
      // A \`run\` command probing stdin for its end with one read in a \`try\` (helper-65's probe): it was reported
      // as "a read loop", though nothing loops.
      name: 'a probe for the end of input (one read in a `try`, no loop around it, then a read) is reported as what it is, not as a read loop',
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function readAll() {
  const input = getStdin();
  try {
    input.blockingRead(0n);
  } catch (e) {
    if (e.payload && e.payload.tag === 'closed') return '';
    throw e;
  }
  return new TextDecoder().decode(input.blockingRead(1024n));
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const input = readViaStream();
  try {
    // wasi-migrate(review): a WASI 0.2 read in a \`try\` with no loop around it, of a shape the transform does not know (a probe for the end of input, one read of a message): read the 0.3 stream by hand (\`await wasiRead(pair, n)\`, or \`for await\`) and check its outcome future
    input.blockingRead(0n);
  } catch (e) {
    if (e.payload && e.payload.tag === 'closed') return '';
    throw e;
  }
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return new TextDecoder().decode(await wasiRead(input, 1024n));
}
`,
      helpers: ['wasiRead'],
      reviews: ['a WASI 0.2 read in a `try` with no loop around it', 'one read where 0.2 gave'],
    },
    {
      name: "`blockingSkip` on a response body's stream, which the port made the 0.3 pair: reported where it is (the read after it becomes `wasiRead`, reviewed as one read)",
      before: `import { handle } from 'wasi:http/outgoing-handler@0.2.3';
import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';

export function fetchTail(skip) {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request);
  future.subscribe().block();
  const response = future.get().val.val;
  const stream = response.consume().stream();
  stream.blockingSkip(skip);
  return stream.blockingRead(4096n);
}
`,
      after: `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';

export async function fetchTail(skip) {
  const request = Request.new(new Fields(), undefined, wasiOk(), undefined)[0];
  const future = send(request);
  const response = await future;
  const stream = Response.consumeBody(response, wasiOk());
  // wasi-migrate(review): \`stream.blockingSkip()\` is a 0.2 input-stream method, and \`stream\` is the 0.3 [stream<u8>, outcome future] pair here: read it with \`for await\` (or the port's \`wasiRead\`) and check its outcome future
  stream.blockingSkip(skip);
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return await wasiRead(stream, 4096n);
}
`,
      helpers: ["wasiOk","wasiRead"],
      reviews: ["`stream.blockingSkip()` is a 0.2 input-stream method, and `stream` is ","one read where 0.2 gave what had arrived together (up to n bytes): the"],
    },
    {
      name: "a stream held in an object's field (`io.stdin`) handed to a function whose parameter now holds the 0.3 pair: reported at the call",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

const io = { stdin: getStdin() };

function readLine(input) {
  const bytes = [];
  for (;;) {
    const [b] = input.blockingRead(1n);
    if (b === undefined || b === 10) break;
    bytes.push(b);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

export function prompt() {
  return readLine(io.stdin);
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

const io = { stdin: getStdin() };

async function readLine(input) {
  const bytes = [];
  for (;;) {
    const [b] = await wasiRead(input, 1n);
    if (b === undefined || b === 10) break;
    bytes.push(b);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

export async function prompt() {
  // wasi-migrate(review): \`io.stdin\` is handed to a parameter that now holds the 0.3 [stream<u8>, outcome future] pair: pass the pair of the 0.3 call that replaced what made it
  return await readLine(io.stdin);
}
`,
      helpers: ["wasiRead"],
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","`io.stdin` is handed to a parameter that now holds the 0.3 [stream<u8>"],
    },
    {
      name: "a non-blocking `read(n)` of stdin outside any `try` or loop: reported, left as it was",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function poll() {
  const stdin = getStdin();
  const chunk = stdin.read(4096n);
  return chunk.length ? new TextDecoder().decode(chunk) : undefined;
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export function poll() {
  const stdin = getStdin();
  // wasi-migrate(review): a WASI 0.2 read outside a \`try\` the transform recognises: iterate the 0.3 stream with \`for await\` and check its outcome future
  const chunk = stdin.read(4096n);
  return chunk.length ? new TextDecoder().decode(chunk) : undefined;
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","a WASI 0.2 read outside a `try` the transform recognises: iterate the "],
    },
    {
      name: "a read in a `try` inside a `while` with a condition (not an endless loop): reported as a loop shape the transform does not know",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function drain(limit) {
  const stdin = getStdin();
  let total = 0;
  while (total < limit) {
    try {
      total += stdin.read(4096n).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return total;
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export function drain(limit) {
  const stdin = getStdin();
  let total = 0;
  while (total < limit) {
    try {
      // wasi-migrate(review): a WASI 0.2 read loop of a shape the transform does not know: iterate the 0.3 stream with \`for await\` and check its outcome future
      total += stdin.read(4096n).length;
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return total;
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","a WASI 0.2 read loop of a shape the transform does not know: iterate t"],
    },
    {
      name: "two blocking reads of stdin in one `try` of a read loop (a length, then that many bytes): each becomes `await wasiRead(stdin, n)` on the pair made once (the first read used to be left on the pair with a review naming `readViaStream()` as having no 0.3 counterpart)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function readMessages() {
  const stdin = getStdin();
  const messages = [];
  for (;;) {
    try {
      const [len] = stdin.blockingRead(1n);
      messages.push(stdin.blockingRead(BigInt(len)));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return messages;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readMessages() {
  const stdin = readViaStream();
  const messages = [];
  for (;;) {
    try {
      const [len] = await wasiRead(stdin, 1n);
      messages.push(await wasiRead(stdin, BigInt(len)));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return messages;
}
`,
      helpers: ["wasiRead"],
    },
    {
      name: "two blocking reads of a stream held in a class field, in one `try` of a read loop: reported, each read",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

class MessageReader {
  constructor() {
    this.input = getStdin();
  }
  readAll() {
    const messages = [];
    for (;;) {
      try {
        const [len] = this.input.blockingRead(1n);
        messages.push(this.input.blockingRead(BigInt(len)));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    return messages;
  }
}

export const reader = new MessageReader();
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

class MessageReader {
  constructor() {
    this.input = getStdin();
  }
  readAll() {
    const messages = [];
    for (;;) {
      try {
        // wasi-migrate(review): more than one read in one \`try\`: rewrite as one \`for await\` over the 0.3 stream by hand
        const [len] = this.input.blockingRead(1n);
        // wasi-migrate(review): more than one read in one \`try\`: rewrite as one \`for await\` over the 0.3 stream by hand
        messages.push(this.input.blockingRead(BigInt(len)));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    return messages;
  }
}

export const reader = new MessageReader();
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","more than one read in one `try`: rewrite as one `for await` over the 0","more than one read in one `try`: rewrite as one `for await` over the 0"],
    },
    {
      name: "a read loop whose catch logs and breaks on any error (no `closed` test first): reported, left as it was",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export function readAll() {
  const stdin = getStdin();
  const chunks = [];
  for (;;) {
    try {
      chunks.push(stdin.read(4096n));
    } catch (e) {
      console.error('stdin ended', e);
      break;
    }
  }
  return chunks;
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export function readAll() {
  const stdin = getStdin();
  const chunks = [];
  for (;;) {
    try {
      // wasi-migrate(review): the catch block does not start with \`if (e.tag === 'closed') break|return\`: rewrite as \`for await\` over the 0.3 stream and check its outcome future by hand
      chunks.push(stdin.read(4096n));
    } catch (e) {
      console.error('stdin ended', e);
      break;
    }
  }
  return chunks;
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","the catch block does not start with `if (e.tag === 'closed') break|ret"],
    },
    {
      name: "a read loop over a stream held in a class field (`this.input`): the stream has no name the transform can bind, reported",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

class LineReader {
  constructor() {
    this.input = getStdin();
  }
  readAll() {
    const chunks = [];
    for (;;) {
      try {
        chunks.push(this.input.blockingRead(4096n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    return chunks;
  }
}

export const reader = new LineReader();
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

class LineReader {
  constructor() {
    this.input = getStdin();
  }
  readAll() {
    const chunks = [];
    for (;;) {
      try {
        // wasi-migrate(review): read from a stream the transform cannot name: bind the 0.3 stream and its outcome future to variables first
        chunks.push(this.input.blockingRead(4096n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    return chunks;
  }
}

export const reader = new LineReader();
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","read from a stream the transform cannot name: bind the 0.3 stream and "],
    },
    {
      name: "a read loop over a stream imported from another module: reported as a stream of unknown origin",
      before: {
        'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.3';
import { stdin } from './io.js';

export function readAll() {
  const chunks = [];
  for (;;) {
    try {
      chunks.push(stdin.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
`,
        'io.js': `import { getStdin } from 'wasi:cli/stdin@0.2.3';

export const stdin = getStdin();
`,
      },
      after: { 'guest.js': `import { stdin } from './io.js';

export function readAll() {
  const chunks = [];
  for (;;) {
    try {
      // wasi-migrate(review): \`stdin\` is a WASI 0.2 input-stream of unknown origin: pass the 0.3 stream and its outcome future instead
      chunks.push(stdin.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
`,
        'io.js': `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export const stdin = getStdin();
`,
      },
      reviews: ["`stdin` is a WASI 0.2 input-stream of unknown origin: pass the 0.3 str","`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re"],
    },
    {
      name: "a read loop over a module-level `let` assigned in the function: no initializer to follow, reported",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

let input;

export function readAll() {
  if (!input) input = getStdin();
  const chunks = [];
  for (;;) {
    try {
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

let input;

export function readAll() {
  if (!input) input = getStdin();
  const chunks = [];
  for (;;) {
    try {
      // wasi-migrate(review): \`input\` has no initializer the transform can follow to a 0.3 stream
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","`input` has no initializer the transform can follow to a 0.3 stream"],
    },
    {
      name: "a read loop over a stream taken from an object's field (`const input = streams.stdin`): no 0.3 counterpart known for what made it, reported",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';

const streams = { stdin: getStdin() };

export function readAll() {
  const input = streams.stdin;
  const chunks = [];
  for (;;) {
    try {
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

const streams = { stdin: getStdin() };

export function readAll() {
  const input = streams.stdin;
  const chunks = [];
  for (;;) {
    try {
      // wasi-migrate(review): no 0.3 counterpart known for the input-stream made by \`streams.stdin\`: read the stream<u8> and outcome future of the 0.3 call that replaced it
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","no 0.3 counterpart known for the input-stream made by `streams.stdin`:"],
    },
    {
      name: "a request body's stream handed to another component's import (`Reader.fromStream('image/jpeg', { tag: 'stream', val: bodyStream })`, a C2PA reader) is reported: the port made it the 0.3 pair, which that interface's 0.2 input-stream parameter does not take",
      before: { 'handler.js': `import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.2';
import { Reader } from 'adobe:cai/manifest@0.1.0';

export const incomingHandler = {
  handle(incomingRequest, responseOutparam) {
    // Pass the data stream to the C2PA reader.
    const bodyStream = incomingRequest.consume().stream();
    const reader = Reader.fromStream('image/jpeg', { tag: 'stream', val: bodyStream });
    const outgoingResponse = new OutgoingResponse(new Fields());
    const outgoingBody = outgoingResponse.body();
    {
      const outputStream = outgoingBody.write();
      outputStream.blockingWriteAndFlush(new TextEncoder().encode(reader.json()));
      outputStream[Symbol.dispose]();
    }
    OutgoingBody.finish(outgoingBody, undefined);
    ResponseOutparam.set(responseOutparam, { tag: 'ok', val: outgoingResponse });
  },
};
` },
      after: { 'handler.js': `import { Fields, Response, Request } from 'wasi:http/types@0.3.0';
import { Reader } from 'adobe:cai/manifest@0.1.0';

export const handler = {
  async handle(incomingRequest) {
    // Pass the data stream to the C2PA reader.
    const bodyStream = Request.consumeBody(incomingRequest, wasiOk());
    // wasi-migrate(review): \`bodyStream\` is the 0.3 [stream<u8>, outcome future] pair here (0.2 gave an input-stream resource), and it is handed to \`Reader.fromStream\` in an object, which the port does not follow: what takes it there expected a WASI 0.2 input-stream (an interface of another WIT, a library); port that to take the 0.3 stream, or hand it the stream by hand
    const reader = Reader.fromStream('image/jpeg', { tag: 'stream', val: bodyStream });
    async function* outgoingResponseBody() {
      yield* new TextEncoder().encode(reader.json());
    }
    const [outgoingResponse] = Response.new(new Fields(), outgoingResponseBody(), Promise.resolve({ tag: 'ok', val: undefined }));
    return outgoingResponse;
  },
};
` },
      helpers: ["wasiOk"],
      reviews: ['`bodyStream` is the 0.3 [stream<u8>, outcome future] pair here (0.2 gave an input-stream resource), and it is handed to `Reader.fromStream` in an object'],
    },
    {
      name: "a read loop on a stream of a proposal with no 0.3 release (wasi:blobstore's incoming-value, consumed as a stream): it stays a 0.2 stream, left as it is and reported as such, not as one with a 0.3 call to read",
      before: `import { IncomingValue } from 'wasi:blobstore/types@0.2.0-draft';

export function readAll(container, name) {
  const iv = container.getData(name, 0n, 1024n);
  const stream = IncomingValue.incomingValueConsumeAsync(iv);
  const chunks = [];
  while (true) {
    try {
      chunks.push(stream.blockingRead(4096n));
    } catch (e) {
      break;
    }
  }
  return chunks;
}
`,
      after: `// wasi-migrate(review): \`wasi:blobstore/types@0.2.0-draft\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { IncomingValue } from 'wasi:blobstore/types@0.2.0-draft';

export function readAll(container, name) {
  const iv = container.getData(name, 0n, 1024n);
  const stream = IncomingValue.incomingValueConsumeAsync(iv);
  const chunks = [];
  while (true) {
    try {
      // wasi-migrate(review): the input-stream made by \`IncomingValue.incomingValueConsumeAsync(iv)\` is one of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its reads are left as they are; they go with that import (kept at 0.2, or dropped)
      chunks.push(stream.blockingRead(4096n));
    } catch (e) {
      break;
    }
  }
  return chunks;
}
`,
      reviews: ["`wasi:blobstore/types@0.2.0-draft`: wasi:blobstore has no 0.3.0 release", "is one of wasi:blobstore/types, which has no 0.3 release"],
    },
    {
      name: "a read loop on a parameter every caller hands a stream of a proposal with no 0.3 release (wasi:blobstore's incoming value): it stays a 0.2 stream, left as it is and reported as such, not made the 0.3 pair its callers do not make",
      before: `import { IncomingValue } from 'wasi:blobstore/types@0.2.0-draft';

function readAll(stream) {
  const chunks = [];
  while (true) {
    try {
      chunks.push(stream.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}

export function readBlob(iv) {
  return readAll(IncomingValue.incomingValueConsumeAsync(iv));
}
`,
      after: `// wasi-migrate(review): \`wasi:blobstore/types@0.2.0-draft\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { IncomingValue } from 'wasi:blobstore/types@0.2.0-draft';

function readAll(stream) {
  const chunks = [];
  while (true) {
    try {
      // wasi-migrate(review): \`stream\` is handed only input-streams of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its reads are left as they are; they go with that import (kept at 0.2, or dropped)
      chunks.push(stream.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  return chunks;
}

export function readBlob(iv) {
  return readAll(IncomingValue.incomingValueConsumeAsync(iv));
}
`,
      reviews: ["`wasi:blobstore/types@0.2.0-draft`: wasi:blobstore has no 0.3.0 release", "`stream` is handed only input-streams of wasi:blobstore/types, which has no 0.3 release"],
    },
    {
      name: "a read loop's own comment after its closing brace (`} // until closed`) stays on the `for await`'s closing line, before the outcome check (it landed after the check)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const chunks = [];
  for (;;) {
    try {
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  } // until closed
  return chunks;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const [input, inputOutcome] = readViaStream();
  const chunks = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    chunks.push(Uint8Array.of(byte));
  } // until closed
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return chunks;
}
`,
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      // With no statement after the loop, the comment still landed after the outcome check (on \`return n // counted\`).
      name: "a read loop last in its block keeps its closing-line comment on the `for await`'s closing line too, its exit a `break` or a `return`",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function drain(chunks) {
  const input = getStdin();
  for (;;) {
    try {
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  } // until closed
}

export function count() {
  const input = getStdin();
  let n = 0;
  for (;;) {
    try {
      n += input.blockingRead(4096n).length;
    } catch (e) {
      if (e.tag === 'closed') return n;
      throw e;
    }
  } /* counted */ // all of it
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function drain(chunks) {
  const [input, inputOutcome2] = readViaStream();
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte2 of input) {
    chunks.push(Uint8Array.of(byte2));
  } // until closed
  const inputResult2 = await inputOutcome2;
  if (inputResult2.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult2.val };
    throw e;
  }
}

export async function count() {
  const [input, inputOutcome] = readViaStream();
  let n = 0;
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    n += Uint8Array.of(byte).length;
  } /* counted */ // all of it
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  return n;
}
`,
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself", "the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "the comments of the catch's closed check (above it, in its then-block) speak of the loop's end: they go after the `for await`, before the outcome check (they were dropped)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const chunks = [];
  for (;;) {
    try {
      chunks.push(input.blockingRead(4096n));
    } catch (e) {
      // The host closed stdin: we have it all.
      if (e.tag === 'closed') {
        // done reading
        break;
      }
      chunks.length = 0;
      throw e;
    }
  }
  return chunks;
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const [input, inputOutcome] = readViaStream();
  const chunks = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input) {
    chunks.push(Uint8Array.of(byte));
  }
  // The host closed stdin: we have it all.
  // done reading
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    chunks.length = 0;
    throw e;
  }
  return chunks;
}
`,
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: "a `this.blockingRead()` of a method a base class of the file declares (`class Lines extends Source`) is the code's own, not a 0.2 stream's: left as it is (it was reported as a read of a stream the transform cannot name)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

class Source {
  constructor(bytes) {
    this.bytes = bytes;
  }
  blockingRead(n) {
    if (!this.bytes.length) throw { tag: 'closed' };
    return this.bytes.splice(0, Number(n));
  }
}

class Lines extends Source {
  all() {
    const out = [];
    for (;;) {
      try {
        out.push(...this.blockingRead(1n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    return out;
  }
}

export function run() {
  const head = getStdin().blockingRead(16n);
  return [head, new Lines([1, 2]).all()];
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

class Source {
  constructor(bytes) {
    this.bytes = bytes;
  }
  blockingRead(n) {
    if (!this.bytes.length) throw { tag: 'closed' };
    return this.bytes.splice(0, Number(n));
  }
}

class Lines extends Source {
  all() {
    const out = [];
    for (;;) {
      try {
        out.push(...this.blockingRead(1n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    return out;
  }
}

export async function run() {
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  const head = await wasiRead(readViaStream(), 16n);
  return [head, new Lines([1, 2]).all()];
}
`,
      reviews: ["one read where 0.2 gave what had arrived together"],
      helpers: ["wasiRead"],
    },
    {
      name: "a `this.blockingRead()` of a method only a `declare class` base declares (a host's class, implemented out of sight) is not the code's own: still reported",
      before: { 'guest.ts': `import { getStdin } from 'wasi:cli/stdin@0.2.3';

declare class HostStream {
  blockingRead(len: bigint): Uint8Array;
}

export class Lines extends HostStream {
  head(): Uint8Array {
    return this.blockingRead(16n);
  }
}

export const stdin = getStdin;
` },
      after: { 'guest.ts': `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

declare class HostStream {
  blockingRead(len: bigint): Uint8Array;
}

export class Lines extends HostStream {
  head(): Uint8Array {
    // wasi-migrate(review): a WASI 0.2 read outside a \`try\` the transform recognises: iterate the 0.3 stream with \`for await\` and check its outcome future
    return this.blockingRead(16n);
  }
}

export const stdin = getStdin;
` },
      reviews: ["`getStdin` of wasi:cli/stdin became", "a WASI 0.2 read outside a `try` the transform recognises"],
    },
    {
      name: "a call that may throw in a read loop's `try` (`check(chunk)`, a function of the file; `JSON.parse`) went to its catch in 0.2 as a `throw` there did: where the catch does more than throw it on (`return null`, `catch { break; }`) the read becomes `await wasiRead(pair, n)`; a loop whose `try` calls only builtins that cannot throw (`push` on an array of its own, `has`/`add` on a `new Set()`, `decode(chunk, { stream: true })` of a `new TextDecoder()`) is a `for await` still",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

function check(chunk) {
  if (chunk.includes(0)) throw new Error('binary input');
}

export function readText() {
  const input = getStdin();
  let text = '';
  for (;;) {
    try {
      const chunk = input.blockingRead(4096n);
      check(chunk);
      text += new TextDecoder().decode(chunk);
    } catch (e) {
      if (e.tag === 'closed') break;
      return null;
    }
  }
  return text;
}

export function readRecords() {
  const input = getStdin();
  const records = [];
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      records.push(JSON.parse(new TextDecoder().decode(chunk)));
    } catch {
      break;
    }
  }
  return records;
}

export function readBytes() {
  const input = getStdin();
  const bytes = [];
  const seen = new Set();
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      if (!seen.has(chunk[0])) seen.add(chunk[0]);
      bytes.push(...chunk);
    } catch {
      break;
    }
  }
  return [bytes, seen];
}

export function readUtf8() {
  const input = getStdin();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      text += decoder.decode(chunk, { stream: true });
    } catch {
      break;
    }
  }
  return text + decoder.decode();
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

function check(chunk) {
  if (chunk.includes(0)) throw new Error('binary input');
}

export async function readText() {
  const input = readViaStream();
  let text = '';
  for (;;) {
    try {
      const chunk = await wasiRead(input, 4096n);
      check(chunk);
      text += new TextDecoder().decode(chunk);
    } catch (e) {
      if (e.tag === 'closed') break;
      return null;
    }
  }
  return text;
}

export async function readRecords() {
  const input = readViaStream();
  const records = [];
  for (;;) {
    try {
      const chunk = await wasiRead(input, 64n);
      records.push(JSON.parse(new TextDecoder().decode(chunk)));
    } catch {
      break;
    }
  }
  return records;
}

export async function readBytes() {
  const [input, inputOutcome2] = readViaStream();
  const bytes = [];
  const seen = new Set();
  for await (const byte2 of input) {
    if (!seen.has(byte2)) seen.add(byte2);
    bytes.push(byte2);
  }
  return [bytes, seen];
}

export async function readUtf8() {
  const [input, inputOutcome] = readViaStream();
  const decoder = new TextDecoder();
  let text = '';
  for await (const byte of input) {
    const chunk = Uint8Array.of(byte);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
`,
      helpers: ["wasiRead"],
    },
    {
      // Only calls counted as throwing there: a property read on a value that may be undefined, a bigint division, a
      // getter's body went to the catch in 0.2 all the same, and the `for await` port skipped it (the catch swallowed it).
      name: "an operation in a read loop's `try` that may throw (a property read on a `let` that may be null, `/` on bigints, a getter of the code's own) went to its catch in 0.2 as a call that may throw did: the read becomes `await wasiRead(pair, n)`; bigint `+` and the chunk's `length` cannot throw, and that loop is a `for await` still",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function sizes() {
  const input = getStdin();
  let last = /** @type {any} */ (null);
  let total = 0;
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      total += last.length;
      last = chunk;
    } catch {
      break;
    }
  }
  return total;
}

export function perBlock(per) {
  const input = getStdin();
  let blocks = 0n;
  let count = 0n;
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      count = count + 1n;
      blocks = count / per;
    } catch {
      break;
    }
  }
  return blocks;
}

const limits = {
  max: 0,
  get limit() {
    if (!this.max) throw new Error('no limit');
    return this.max;
  },
};

export function capped() {
  const input = getStdin();
  const chunks = [];
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      if (chunks.length >= limits.limit) break;
      chunks.push(chunk);
    } catch {
      break;
    }
  }
  return chunks;
}

export function counted() {
  const input = getStdin();
  let reads = 0n;
  let size = 0;
  for (;;) {
    try {
      const chunk = input.blockingRead(64n);
      reads += 1n;
      size += chunk.length;
    } catch {
      break;
    }
  }
  return [reads, size];
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function sizes() {
  const input = readViaStream();
  let last = /** @type {any} */ (null);
  let total = 0;
  for (;;) {
    try {
      const chunk = await wasiRead(input, 64n);
      total += last.length;
      last = chunk;
    } catch {
      break;
    }
  }
  return total;
}

export async function perBlock(per) {
  const input = readViaStream();
  let blocks = 0n;
  let count = 0n;
  for (;;) {
    try {
      const chunk = await wasiRead(input, 64n);
      count = count + 1n;
      blocks = count / per;
    } catch {
      break;
    }
  }
  return blocks;
}

const limits = {
  max: 0,
  get limit() {
    if (!this.max) throw new Error('no limit');
    return this.max;
  },
};

export async function capped() {
  const input = readViaStream();
  const chunks = [];
  for (;;) {
    try {
      const chunk = await wasiRead(input, 64n);
      if (chunks.length >= limits.limit) break;
      chunks.push(chunk);
    } catch {
      break;
    }
  }
  return chunks;
}

export async function counted() {
  const [input, inputOutcome] = readViaStream();
  let reads = 0n;
  let size = 0;
  for await (const byte of input) {
    const chunk = Uint8Array.of(byte);
    reads += 1n;
    size += chunk.length;
  }
  return [reads, size];
}
`,
      helpers: ['wasiRead'],
    },
    {
      // \`this.chunks.push(chunk)\` counted as a call that may throw: the loop took \`wasiRead\` (right, less idiomatic).
      name: "`push` on a field the class only ever gives an array (`chunks = [];`, `this.chunks = [];`) cannot throw either: the loop is a `for await`",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

class Collector {
  chunks = [];
  reset() {
    this.chunks = [];
  }
  collect() {
    const input = getStdin();
    for (;;) {
      try {
        const chunk = input.blockingRead(64n);
        this.chunks.push(chunk);
      } catch {
        break;
      }
    }
    return this.chunks;
  }
}

export function collect() {
  return new Collector().collect();
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

class Collector {
  chunks = [];
  reset() {
    this.chunks = [];
  }
  // wasi-migrate(review): \`Collector.collect\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async collect() {
    const [input, inputOutcome] = readViaStream();
    for await (const byte of input) {
      const chunk = Uint8Array.of(byte);
      this.chunks.push(chunk);
    }
    return this.chunks;
  }
}

export async function collect() {
  return await new Collector().collect();
}
`,
      reviews: ['`Collector.collect` is async now (it awaits a WASI 0.3 call)'],
    },
    {
      name: "such a call in a loop on a stream the port cannot make the pair (a field) is reported, not made a `for await`",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export class Reader {
  constructor(check) {
    this.input = getStdin();
    this.check = check;
  }
  all() {
    const chunks = [];
    for (;;) {
      try {
        const chunk = this.input.blockingRead(64n);
        this.check(chunk);
        chunks.push(chunk);
      } catch (e) {
        if (e.tag === 'closed') break;
        return null;
      }
    }
    return chunks;
  }
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

export class Reader {
  constructor(check) {
    this.input = getStdin();
    this.check = check;
  }
  all() {
    const chunks = [];
    for (;;) {
      try {
        // wasi-migrate(review): \`this.check(chunk)\` in the read's \`try\` may throw, and its error goes to the \`catch\` in 0.2, which the \`for await\` port runs only after the loop, for the stream's own error: read with \`await wasiRead(pair, n)\` (1 to n bytes, \`closed\` thrown as 0.2 did) so the \`try\` stays, by hand
        const chunk = this.input.blockingRead(64n);
        this.check(chunk);
        chunks.push(chunk);
      } catch (e) {
        if (e.tag === 'closed') break;
        return null;
      }
    }
    return chunks;
  }
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became", "`this.check(chunk)` in the read's `try` may throw"],
    },
    {
      name: "a `blockingRead()` called on an instance of a class of the file that declares it (`const src = new Source(...)`, nothing assigning `src` again) is the code's own: left as it is (it was reported as a read outside a `try`)",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.12';

class Source {
  constructor(bytes) {
    this.bytes = bytes;
  }
  blockingRead(n) {
    if (!this.bytes.length) throw { tag: 'closed' };
    return this.bytes.splice(0, Number(n));
  }
}

export function run() {
  const head = getStdin().blockingRead(16n);
  const src = new Source([1, 2]);
  return [head, src.blockingRead(1n)];
}
`,
      after: `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

class Source {
  constructor(bytes) {
    this.bytes = bytes;
  }
  blockingRead(n) {
    if (!this.bytes.length) throw { tag: 'closed' };
    return this.bytes.splice(0, Number(n));
  }
}

export async function run() {
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  const head = await wasiRead(readViaStream(), 16n);
  const src = new Source([1, 2]);
  return [head, src.blockingRead(1n)];
}
`,
      reviews: ["one read where 0.2 gave what had arrived together"],
      helpers: ["wasiRead"],
    },
  ],
};
export default transform;

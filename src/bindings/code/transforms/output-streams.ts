import { Node, type CallExpression, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport } from '../wasi-imports.js';
import { handsOn } from '../stream-params.js';
import { awaitText, blockOf, shapeOf, declarationOf, type Binding, hasOwnReturn, isStatementCall, methodCallOn, methodOf, referencesTo, statementIn, replaceInPlace, descendantsOfKind, isDisposeKey, insertStatementsAt, underReview, methodCalls, removeWithDirectives, removeStatement, importsOf, keptOrigin, movedText, unversionedOrigin } from '../util.js';

const docs = `
WASI 0.2 hands out an \`output-stream\` to write to (\`get-stdout\`,
\`descriptor.write-via-stream\`, \`outgoing-body.write\`, a TCP connection);
code calls \`blocking-write-and-flush\` (or \`write\` then \`blocking-flush\`) on
it. In 0.3 the direction flips: the caller passes a \`stream<u8>\` to
\`write-via-stream\` (jco: an \`AsyncIterable<number>\`) and gets a future with
the outcome.

Each variable holding an output stream becomes a sink made by the inline
\`wasiSink\` helper, which hands the 0.3 function the readable side; every
\`blockingWriteAndFlush(bytes)\` becomes \`await out.write(bytes)\`, which
resolves once the reader took those bytes, so the order of the bytes and the
points where 0.2 code waited for a flush stay where they were. \`await
out.close()\` goes at the end of the block that declared the stream (in a
\`finally\` when the block can return early): it ends the stream and throws if
the 0.3 call reported an error, as a failed 0.2 write threw. A one-off
\`getStdout().blockingWriteAndFlush(bytes)\` becomes
\`await wasiSink(writeViaStream).end(bytes)\`.

A function that takes the stream as a parameter (\`writeAll(out, bytes)\`,
in the file or in a project module that imports nothing from WASI) takes the
sink: its writes are awaited, its \`blockingFlush()\` goes, and so in a
function that only passes the stream on; the caller that made the stream
(\`const out = getStdout(); writeMessage(out, m)\`) makes the sink and closes
it (stream-params.ts finds these parameters before any edit).

A stream whose origin the transform cannot see (a field, a value handed in
from code it cannot follow) or a call it cannot translate (\`checkWrite\`, \`splice\`, \`subscribe\`) is left
with a review marker. So is a stream of a proposal with no 0.3 release
(wasi:blobstore's \`outgoingValueWriteBody()\`), and a parameter every caller
hands one: it stays a wasi:io 0.2 stream, left as it is.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  noCounterpartFor: '`{{method}}` of a WASI 0.2 output-stream has no 0.3 counterpart: write to a stream<u8> passed to the 0.3 call (a write resolves once the reader took the bytes)',
  unknownOrigin: '`{{recv}}` is a WASI 0.2 output-stream of unknown origin: pass a stream<u8> to the 0.3 call that replaced the function that made it',
  noCounterpartKnown: 'no 0.3 counterpart known for the output-stream `{{recv}}`: write a stream<u8> to the function that replaced it',
  handedToSinkParam: '`{{arg}}` is handed to a parameter that now holds a 0.3 sink (`wasiSink(...)`, its readable side passed to the 0.3 call): make the sink here, and close it when done',
  untraced: '`{{name}}` is a WASI 0.2 output-stream the transform cannot trace to its origin: make it a stream<u8> passed to the 0.3 call',
  keptPackage: '`{{name}}` is an output-stream of {{iface}}, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)',
  usedBeyondStream: '`{{name}}` is used in ways a 0.3 stream<u8> has no counterpart for ({{uses}}): rewrite by hand',
  closeWhenDone: 'close the 0.3 stream `{{name}}` when done writing (`await {{name}}.close()`)',
} as const;

const WRITE = ['blockingWriteAndFlush'];
const FLUSH = ['blockingFlush', 'flush'];
const UNSUPPORTED = ['checkWrite', 'splice', 'blockingSplice', 'subscribe', 'writeZeroes', 'blockingWriteZeroesAndFlush'];
/** Output-stream operations with no 0.3 counterpart: reviewed wherever they are. */
const STREAM_ONLY = ['checkWrite', 'splice', 'blockingSplice', 'writeZeroes', 'blockingWriteZeroesAndFlush'];

/** The 0.3 `open` function for an expression that made a 0.2 output stream, if we know it. */
function openerOf(ctx: FileContext, init: Node): string | 'keep' | undefined {
  if (!Node.isCallExpression(init)) return undefined;
  const c = ctx.wasi.callee(init);
  if (c && (c.iface === 'wasi:cli/stdout' || c.iface === 'wasi:cli/stderr') && /^getStd(out|err)$/.test(c.name)) {
    const iface = c.iface;
    return ensureImport(ctx.file, `${iface}@0.3.0`, 'writeViaStream');
  }
  const m = methodOf(init);
  if (m && (m.name === 'writeViaStream' || m.name === 'appendViaStream') && hasFs(ctx)) {
    // 0.3: descriptor.write-via-stream(data, offset), append-via-stream(data).
    const args = init.getArguments().map((a) => a.getText());
    return `(data) => ${m.recv.getText()}.${m.name}(${['data', ...args].join(', ')})`;
  }
  // `body.write()` of an outgoing body: the body helper already hands out a sink.
  if (m && m.name === 'write' && init.getArguments().length === 0) return 'keep';
  return undefined;
}

/**
 * `init` is \`b.write()\` of a body the port made with the \`wasiOutgoingBody()\`
 * helper (followed through the variables that hold it): a 0.3 sink, whatever
 * 0.2 calls are left on it.
 */
function portSink(init: Node): boolean {
  const m = Node.isCallExpression(init) ? methodOf(init) : undefined;
  if (!m || m.name !== 'write' || (init as CallExpression).getArguments().length) return false;
  let n: Node | undefined = m.recv;
  for (let depth = 0; n && depth < 8; depth++) {
    if (Node.isCallExpression(n) && n.getExpression().getText() === 'wasiOutgoingBody') return true;
    if (!Node.isIdentifier(n)) return false;
    const d = declarationOf(n);
    n = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
  }
  return false;
}

/** `recv` is an array for certain (an array literal, or a variable made from one or typed as one): its `splice` is Array's. */
function plainArray(recv: Node): boolean {
  if (Node.isArrayLiteralExpression(recv)) return true;
  if (!Node.isIdentifier(recv)) return false;
  const d = declarationOf(recv);
  if (!d || !Node.isVariableDeclaration(d)) return false;
  const type = d.getTypeNode();
  if (type) return Node.isArrayTypeNode(type) || (Node.isTypeReference(type) && /^(Readonly)?Array$/.test(type.getTypeName().getText()));
  const init = d.getInitializer();
  return !!init && (Node.isArrayLiteralExpression(init) || (Node.isNewExpression(init) && init.getExpression().getText() === 'Array'));
}

/**
 * The call can be a 0.2 output-stream's \`splice(src, len)\` (an input-stream and a u64, a bigint in jco): not an
 * Array's \`splice(start, deleteCount, ...items)\`, which a plain array receiver, another count of arguments or an
 * argument that is a number shows.
 */
function streamSplice(call: CallExpression): boolean {
  const args = call.getArguments();
  if (plainArray(methodOf(call)!.recv) || args.length !== 2) return false;
  return !args.some((a) => {
    const t = a.getType();
    return t.isNumber() || t.isNumberLiteral();
  });
}

function hasFs(ctx: FileContext): boolean {
  return [...ctx.wasi.byLocal.values()].some((w) => w.iface.startsWith('wasi:filesystem/'));
}

function apply(ctx: FileContext): void {
  const calls = methodCalls(ctx.file, [...WRITE, ...FLUSH, ...UNSUPPORTED]);
  const vars = new Map<Binding, CallExpression[]>();
  const writers = new Set(calls.filter((c) => WRITE.includes(methodOf(c)!.name)).map((c) => methodOf(c)!.recv.getText()));
  for (const call of calls) {
    const { recv, name } = methodOf(call)!;
    if ((name === 'splice' || name === 'blockingSplice') && !streamSplice(call)) continue;
    if (STREAM_ONLY.includes(name) && !writers.has(recv.getText())) {
      ctx.review(call, 'noCounterpartFor', { method: name });
      continue;
    }
    if (FLUSH.includes(name) && !Node.isIdentifier(recv)) continue;
    if (Node.isIdentifier(recv)) {
      const d = declarationOf(recv);
      if (d && (Node.isVariableDeclaration(d) || Node.isBindingElement(d) || Node.isParameterDeclaration(d))) {
        let list = vars.get(d);
        if (!list) vars.set(d, (list = []));
        list.push(call);
        continue;
      }
      if (WRITE.includes(name)) ctx.review(call, 'unknownOrigin', { recv: recv.getText() });
      continue;
    }
    if (!WRITE.includes(name)) continue;
    const open = openerOf(ctx, recv);
    if (open === 'keep') {
      // `body.write().blockingWriteAndFlush(x)`: the body helper's sink; `finish` closes it.
      const text = `${recv.getText()}.write(${call.getArguments().map((a) => a.getText()).join(', ')})`;
      ctx.edit(replaceInPlace(call, awaitText(call, text)), 'blocking write-and-flush: await the write to the body stream');
      continue;
    }
    if (!open) {
      // From an import that names no version: bindings/specifiers reports that import, the cause.
      if (!unversionedOrigin(ctx.file, recv)) ctx.review(call, 'noCounterpartKnown', { recv: recv.getText() });
      continue;
    }
    ctx.needHelper('wasiSink');
    const arg = call.getArguments()[0]?.getText() ?? 'new Uint8Array(0)';
    const replaced = replaceInPlace(call, awaitText(call, `wasiSink(${open}).end(${arg})`));
    ctx.edit(replaced, 'one write to a 0.2 output-stream: a stream<u8> passed to the 0.3 call, written and closed');
  }
  // Values handed to a parameter that holds a 0.2 output stream (`writeMessage(out, m)`): made by the caller, ported here.
  const handed = new Set<Binding>();
  for (const { arg, kind } of ctx.streams.handedIn(ctx.file)) {
    if (kind !== 'output') continue;
    const d = Node.isIdentifier(arg) ? declarationOf(arg) : undefined;
    if (d && Node.isVariableDeclaration(d)) {
      handed.add(d);
      if (!vars.has(d)) vars.set(d, []);
    } else if ((!d || !(Node.isParameterDeclaration(d) || Node.isBindingElement(d))) && !underReview(arg)) {
      // A parameter passes on what its callers give; a destructured element is a pair an earlier transform made.
      ctx.review(arg, 'handedToSinkParam', { arg: arg.getText() });
    }
  }
  // A variable holding a sink the port already made (a body helper's `write()`): every 0.2 call left on it is ported or reported.
  for (const d of descendantsOfKind(ctx.file, SyntaxKind.VariableDeclaration)) {
    const init = d.getInitializer();
    if (init && !vars.has(d) && Node.isIdentifier(d.getNameNode()) && portSink(init)) vars.set(d, []);
  }
  for (const [decl, uses] of vars) {
    if (decl.wasForgotten()) continue;
    const isParam = Node.isParameterDeclaration(decl);
    // A parameter that only passes the stream on (its flush goes; the function it calls writes).
    const passesOn = isParam && ctx.streams.kindOf(decl) === 'output' && referencesTo(decl).some((r) => handsOn(ctx.streams, r, 'output'));
    const init = Node.isBindingElement(decl) ? undefined : decl.getInitializer();
    // Already a 0.3 sink (the body helper's `write()`): what is left of the 0.2 stream's calls on it is ported here or reported.
    const sinkAlready = !!init && !isParam && portSink(init);
    const usedAsStream = uses.some((u) => WRITE.includes(methodOf(u)!.name)) || handed.has(decl) || passesOn || sinkAlready;
    if (!usedAsStream) continue;
    const name = decl.getName();
    // A parameter its callers hand only streams of a proposal with no 0.3 release (stream-params.ts): a 0.2 stream still.
    const keptIn = isParam ? ctx.streams.keptOf(decl) : undefined;
    if (keptIn) {
      ctx.review(decl, 'keptPackage', { name, iface: keptIn });
      continue;
    }
    const open = init && !isParam ? openerOf(ctx, init) : undefined;
    // A destructured element: an earlier transform made the pair (a TCP connection's [input, output]).
    // A parameter: its callers in the project pass the sink they made (below, and stream-params.ts); they close it.
    // Not a pair from a 0.2 `accept()`, which no transform ports (the sockets transform reports it).
    const fromAccept = Node.isBindingElement(decl) && /\.accept\(\)/.test(decl.getFirstAncestorByKind(SyntaxKind.VariableDeclaration)?.getInitializer()?.getText() ?? '');
    const fromTcp = (Node.isBindingElement(decl) && !fromAccept) || isParam;
    if (!open && !fromTcp) {
      const kept = keptOrigin(ctx.file, init);
      if (kept) ctx.review(decl, 'keptPackage', { name, iface: kept });
      else ctx.review(decl, 'untraced', { name });
      continue;
    }
    // `out[Symbol.dispose]()` dropped the 0.2 stream (jco's own examples do it before `OutgoingBody.finish`):
    // the 0.3 sink is ended where the stream's writing ends (its `close`, or the body's `finish`).
    const disposals = referencesTo(decl).map(disposeStatement).filter((d): d is Node => !!d);
    const bad = referencesTo(decl).filter((r) => {
      if (disposeStatement(r) || handsOn(ctx.streams, r, 'output')) return false;
      const call = methodCallOn(r);
      return !call || UNSUPPORTED.includes(methodOf(call)!.name);
    });
    if (bad.length) {
      // Left as it is: on a value already a 0.3 sink every use is a 0.2 one left behind, so all of them are named.
      const left = sinkAlready ? referencesTo(decl).filter((r) => r.getParent() !== decl) : bad;
      ctx.review(bad[0]!, 'usedBeyondStream', { name, uses: [...new Set(left.map((b) => String(b.getParent()?.getText())))].join(', ') });
      continue;
    }
    if (open && open !== 'keep') {
      ctx.needHelper('wasiSink');
      const replaced = replaceInPlace(init!, `wasiSink(${open})`);
      ctx.edit(replaced, 'a 0.2 output-stream becomes a sink whose readable side is passed to the 0.3 call');
    }
    for (const d of disposals.reverse()) {
      ctx.edit(d.getNextSibling() ?? d.getParentOrThrow(), `${name}[Symbol.dispose](): gone, the 0.3 stream ends where its writing ends`);
      removeWithDirectives(d as import('ts-morph').ExpressionStatement);
    }
    for (const use of referencesTo(decl)) {
      const call = methodCallOn(use);
      if (!call) continue;
      const m = methodOf(call)!.name;
      if (WRITE.includes(m)) {
        const text = `${name}.write(${call.getArguments().map((a) => a.getText()).join(', ')})`;
        ctx.edit(replaceInPlace(call, awaitText(call, text)), 'blocking write-and-flush: await the write (resolves when the reader took the bytes)');
      } else if (m === 'write') {
        if (Node.isAwaitExpression(call.getParent())) continue;
        ctx.edit(replaceInPlace(call, awaitText(call, call.getText())), 'write: await it (the flush point follows)');
      } else if (FLUSH.includes(m) && isStatementCall(call)) {
        const stmt = call.getParent()!;
        if (Node.isExpressionStatement(stmt)) removeStatement(stmt);
      }
    }
    if (!isParam) {
      closeBeforeExit(ctx, decl);
      if (!finishedBody(init, decl)) closeAtEnd(ctx, decl);
    }
  }
}

/** Whether the stream is a body's `b.write()` and `b.finish(...)` follows in its block: the finish ends it, no close of its own. */
function finishedBody(init: Node | undefined, decl: Binding): boolean {
  if (!init || !Node.isCallExpression(init) || methodOf(init)?.name !== 'write' || init.getArguments().length) return false;
  const body = methodOf(init)!.recv.getText();
  // In its block, or after the bare block holding it (\`{ const s = body.write(); ... }\` then the finish).
  for (let stmt = statementIn(decl); stmt; ) {
    const block = blockOf(stmt);
    if (!block) return false;
    const after = block.getStatements().slice(block.getStatements().indexOf(stmt) + 1);
    if (after.some((s) => descendantsOfKind(s, SyntaxKind.CallExpression).some((c) => methodOf(c)?.name === 'finish' && methodOf(c)!.recv.getText() === body))) return true;
    const outer = block.getParent();
    stmt = outer && Node.isBlock(outer) ? (block as Node as import('ts-morph').Statement) : undefined;
  }
  return false;
}

/** The statement `x[Symbol.dispose]();` when `r` is its `x`. */
function disposeStatement(r: Node): Node | undefined {
  const access = r.getParent();
  if (!access || !Node.isElementAccessExpression(access) || access.getExpression() !== r || !isDisposeKey(access.getArgumentExpression())) return undefined;
  const call = access.getParent();
  const stmt = call?.getParent();
  return call && Node.isCallExpression(call) && call.getArguments().length === 0 && stmt && Node.isExpressionStatement(stmt) ? stmt : undefined;
}

/**
 * `exit(...)` ends the component at once: 0.2 writes were flushed already, a
 * 0.3 stream may still hold bytes. Close the stream first, in the scope of
 * its declaration.
 */
function closeBeforeExit(ctx: FileContext, decl: Binding): void {
  const stmt = statementIn(decl);
  const block = stmt && blockOf(stmt);
  if (!stmt || !block || !Node.isIdentifier(decl.getNameNode())) return;
  const name = decl.getName();
  const after = block.getStatements().slice(block.getStatements().indexOf(stmt) + 1);
  const exits = after
    .flatMap((s) => [s, ...s.getDescendants()])
    .filter((d): d is CallExpression => ctx.wasi.isCall(d, 'wasi:cli/exit', 'exit') && Node.isExpressionStatement(d.getParent()));
  for (const e of exits.reverse()) {
    const st = e.getParentOrThrow();
    const holder = st.getParent();
    const close = `await ${name}.close();`;
    if (holder && Node.isBlock(holder)) {
      const prev = st.getPreviousSibling();
      if (prev && Node.isExpressionStatement(prev) && shapeOf(prev) === `await ${name}.close()`) continue;
      const [added] = insertStatementsAt(holder, st.getChildIndex(), close);
      ctx.edit(added!, `exit ends the component: end the stream \`${name}\` first (0.2 writes were already flushed)`);
    } else {
      const text = st.getText();
      ctx.edit(st.replaceWithText(`{\n  ${close}\n  ${text}\n}`), `exit ends the component: end the stream \`${name}\` first (0.2 writes were already flushed)`);
    }
  }
}

/** `await out.close()` at the end of the block that declares `out` (in `finally` when the block can return early). */
function closeAtEnd(ctx: FileContext, decl: Binding): void {
  const stmt = statementIn(decl);
  const block = stmt && blockOf(stmt);
  const name = Node.isIdentifier(decl.getNameNode()) ? decl.getName() : undefined;
  if (!stmt || !block || !name) {
    ctx.review(decl, 'closeWhenDone', { name: decl.getNameNode().getText() });
    return;
  }
  // Own-line comments (review markers included) move with the statements they sit above.
  const stmts = block.getStatementsWithComments();
  const after = stmts.slice(stmts.indexOf(stmt) + 1);
  const close = `await ${name}.close();`;
  if (after.some((s) => Node.isExpressionStatement(s) && shapeOf(s) === `await ${name}.close()`)) return;
  // The file's own indentation step (rewrite.ts sets it from the file).
  const unit = ctx.project.manipulationSettings.getIndentationText();
  if (after.some((s) => hasOwnReturn(s) || Node.isThrowStatement(s))) {
    // Early exits: the stream is closed on every way out.
    const index = after[0]!.getChildIndex();
    const full = block.getSourceFile().getFullText();
    const inner = after
      .map((s, i) => {
        const blank = i > 0 && /\n[ \t]*\r?\n/.test(full.slice(after[i - 1]!.getEnd(), s.getStart())) ? '\n' : '';
        return `${blank}${unit}${movedText(s, unit)}`;
      })
      .join('\n');
    for (const s of [...after].reverse()) s.remove();
    const [added] = insertStatementsAt(block, index, `try {\n${inner}\n} finally {\n${unit}${close}\n}`);
    ctx.edit(added!, `end the stream \`${name}\` on every way out of its block (the 0.3 outcome is checked there)`);
    return;
  }
  const added = insertStatementsAt(block, block.getStatementsWithComments().length, close);
  ctx.edit(added[0]!, `end the stream \`${name}\` where its block ends (the 0.3 outcome is checked there)`);
}

const transform: CodeTransform = {
  id: 'bindings/output-streams',
  summary: 'writes to a 0.2 output-stream become awaited writes to a stream<u8> passed to the 0.3 call, closed where the block ends',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  // Everything it rewrites hangs off a call of one of these methods.
  mentions: [...WRITE, ...FLUSH, ...UNSUPPORTED],
  cases: [
    {
      name: "Array's `splice` (a list of resources to drop, pumpkin's market plugin) is no output-stream's: not reported",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

const pending = [];

export function greet(name) {
  pending.push(name);
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode('hi\\n'));
  pending.splice(pending.indexOf(name), 1);
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

const pending = [];

export async function greet(name) {
  pending.push(name);
  const out = wasiSink(writeViaStream);
  await out.write(new TextEncoder().encode('hi\\n'));
  pending.splice(pending.indexOf(name), 1);
  await out.close();
}
`,
      helpers: ['wasiSink'],
    },
    {
      name: "a drop with a `// @ts-ignore` above it (jco's and wasmCloud's examples write one, TypeScript not knowing the dispose symbol): the directive goes with the drop, a comment that is no directive stays",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

export function greet() {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode('hi\\n'));
  // Done with the stream
  // @ts-ignore: This is required in order to dispose the stream before we return
  out[Symbol.dispose]();
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

export async function greet() {
  const out = wasiSink(writeViaStream);
  await out.write(new TextEncoder().encode('hi\\n'));
  // Done with the stream
  await out.close();
}
`,
      helpers: ['wasiSink'],
    },
    {
      // Its marker was dropped with nothing said: the node was forgotten when the statements moved into the \`try\`, and the
      // statement's text, re-indented there, no longer occurred as recorded (rewrite.ts reviewPlace).
      name: 'a review on a statement written over several lines that moves into the `try` closing the stream (re-indented there) keeps its marker',
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

export function greet(name, other) {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode(name));
  other.checkWrite(
    name.length,
  );
  return name.length;
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

export async function greet(name, other) {
  const out = wasiSink(writeViaStream);
  try {
    await out.write(new TextEncoder().encode(name));
    // wasi-migrate(review): \`checkWrite\` of a WASI 0.2 output-stream has no 0.3 counterpart: write to a stream<u8> passed to the 0.3 call (a write resolves once the reader took the bytes)
    other.checkWrite(
      name.length,
    );
    return name.length;
  } finally {
    await out.close();
  }
}
`,
      helpers: ['wasiSink'],
      reviews: ['`checkWrite` of a WASI 0.2 output-stream has no 0.3 counterpart'],
    },
    {
      name: 'the comments after a statement on its line move with it into the `try` closing the stream (the try was written from each statement\'s text, which ends before them)',
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

export function greet(name) {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode(name)); // the greeting
  out.blockingFlush();
  if (!name) return 0; /* nobody */ // said so
  return name.length; // its size
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

export async function greet(name) {
  const out = wasiSink(writeViaStream);
  try {
    await out.write(new TextEncoder().encode(name)); // the greeting
    if (!name) return 0; /* nobody */ // said so
    return name.length; // its size
  } finally {
    await out.close();
  }
}
`,
      helpers: ['wasiSink'],
    },
    {
      name: 'a flush or a drop that goes keeps the blank lines around it: the groups of statements the author set apart stay apart (ts-morph\'s `remove()` took the blank line with it)',
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

let count = 0;

export function greet(name) {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode(\`hi \${name}\\n\`));
  out.blockingFlush();

  count += 1;
  out.blockingWriteAndFlush(new TextEncoder().encode(\`#\${count}\\n\`));

  out.blockingFlush();
  return count;
}

export function bye() {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode('bye\\n'));
  out[Symbol.dispose]();

  // counted
  return count;
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

let count = 0;

export async function greet(name) {
  const out = wasiSink(writeViaStream);
  try {
    await out.write(new TextEncoder().encode(\`hi \${name}\\n\`));

    count += 1;
    await out.write(new TextEncoder().encode(\`#\${count}\\n\`));

    return count;
  } finally {
    await out.close();
  }
}

export async function bye() {
  const out = wasiSink(writeViaStream);
  try {
    await out.write(new TextEncoder().encode('bye\\n'));

    // counted
    return count;
  } finally {
    await out.close();
  }
}
`,
      helpers: ['wasiSink'],
    },
    {
      name: 'a stream made in one module and read or written by the functions of another: the caller makes the 0.3 pair and sink, the functions take them',
      before: {
        'main.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { readLine, writeLine } from './lines.js';

export const run = {
  run() {
    const input = getStdin();
    const output = getStdout();
    const name = readLine(input);
    writeLine(output, \`hello, \${name}\`);
  },
};
`,
        'lines.js': `export function readLine(input) {
  let line = '';
  while (!line.endsWith('\\n')) line += new TextDecoder().decode(input.blockingRead(1n));
  return line.trim();
}

function writeAll(output, bytes) {
  output.blockingWriteAndFlush(bytes);
}

export function writeLine(output, text) {
  writeAll(output, new TextEncoder().encode(\`\${text}\\n\`));
  output.blockingFlush();
}
`,
      },
      after: {
        'main.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
import { readLine, writeLine } from './lines.js';

export const run = {
  async run() {
    const input = readViaStream();
    const output = wasiSink(writeViaStream);
    const name = await readLine(input);
    await writeLine(output, \`hello, \${name}\`);
    await output.close();
  },
};
`,
        'lines.js': `export async function readLine(input) {
  let line = '';
  while (!line.endsWith('\\n')) line += new TextDecoder().decode(await wasiRead(input, 1n));
  return line.trim();
}

async function writeAll(output, bytes) {
  await output.write(bytes);
}

export async function writeLine(output, text) {
  await writeAll(output, new TextEncoder().encode(\`\${text}\\n\`));
}
`,
      },
      helpers: ['wasiSink', 'wasiRead'],
    },
    {
      name: "a one-off write",
      before: `import { getStderr } from 'wasi:cli/stderr@0.2.12';

const enc = new TextEncoder();

export function warn(msg) {
  getStderr().blockingWriteAndFlush(enc.encode(\`warning: \${msg}\\n\`));
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stderr@0.3.0';

const enc = new TextEncoder();

export async function warn(msg) {
  await wasiSink(writeViaStream).end(enc.encode(\`warning: \${msg}\\n\`));
}
`,
      helpers: ["wasiSink"],
    },
    {
      name: "one-off writes to stderr and stdout (a wasmCloud Hono handler): both interfaces' `writeViaStream` are named by their interface, not one bare and one qualified",
      before: { 'guest.ts': `import { getStdout } from 'wasi:cli/stdout@0.2.6';
import { getStderr } from 'wasi:cli/stderr@0.2.6';

const encoder = new TextEncoder();

export function greet(name: string): string {
  if (!name) {
    getStderr().blockingWriteAndFlush(encoder.encode("missing name\\n"));
    return 'who?';
  }
  getStdout().blockingWriteAndFlush(encoder.encode(\`\${name} called\\n\`));
  return \`Hello \${name}!\`;
}
` },
      after: { 'guest.ts': `import { writeViaStream as stdoutWriteViaStream } from 'wasi:cli/stdout@0.3.0';
import { writeViaStream as stderrWriteViaStream } from 'wasi:cli/stderr@0.3.0';

const encoder = new TextEncoder();

export async function greet(name: string): Promise<string> {
  if (!name) {
    await wasiSink(stderrWriteViaStream).end(encoder.encode("missing name\\n"));
    return 'who?';
  }
  await wasiSink(stdoutWriteViaStream).end(encoder.encode(\`\${name} called\\n\`));
  return \`Hello \${name}!\`;
}
` },
      helpers: ["wasiSink"],
    },
    {
      name: "a stream of unknown origin is left for review",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

export function flushAll(streams) {
  for (const s of streams) s.checkWrite();
  return getStdout;
}
`,
      after: `// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStdout } from 'wasi:cli/stdout@0.3.0';

export function flushAll(streams) {
  // wasi-migrate(review): \`checkWrite\` of a WASI 0.2 output-stream has no 0.3 counterpart: write to a stream<u8> passed to the 0.3 call (a write resolves once the reader took the bytes)
  for (const s of streams) s.checkWrite();
  return getStdout;
}
`,
      reviews: ["`getStdout` of wasi:cli/stdout became wasi:cli/stdout.write-","`checkWrite` of a WASI 0.2 output-stream has no 0.3 counterp"],
    },
    {
      name: "writes keep their order and flush points",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

const enc = new TextEncoder();

export function greet(names) {
  const out = getStdout();
  for (const n of names) out.blockingWriteAndFlush(enc.encode(\`hello \${n}\\n\`));
  if (names.length === 0) return false;
  out.blockingWriteAndFlush(enc.encode('done\\n'));
  return true;
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

const enc = new TextEncoder();

export async function greet(names) {
  const out = wasiSink(writeViaStream);
  try {
    for (const n of names) await out.write(enc.encode(\`hello \${n}\\n\`));
    if (names.length === 0) return false;
    await out.write(enc.encode('done\\n'));
    return true;
  } finally {
    await out.close();
  }
}
`,
      helpers: ["wasiSink"],
    },
    {
      name: "stdout held in a module-level constant and written by an exported function: the sink is made there, and its close is left for review (no block ends it)",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.3';

const stdout = getStdout();
const enc = new TextEncoder();

export function log(line) {
  stdout.blockingWriteAndFlush(enc.encode(line + '\\n'));
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

// wasi-migrate(review): close the 0.3 stream \`stdout\` when done writing (\`await stdout.close()\`)
const stdout = wasiSink(writeViaStream);
const enc = new TextEncoder();

export async function log(line) {
  await stdout.write(enc.encode(line + '\\n'));
}
`,
      helpers: ["wasiSink"],
      reviews: ["close the 0.3 stream `stdout` when done writing (`await stdout.close()"],
    },
    {
      name: "a write to stderr imported from another module: reported as an output stream of unknown origin",
      before: {
        'log.js': `import { getStdout } from 'wasi:cli/stdout@0.2.3';
import { stderr } from './streams.js';

export function warn(message) {
  stderr.blockingWriteAndFlush(new TextEncoder().encode(\`warning: \${message}\\n\`));
}
`,
        'streams.js': `import { getStderr } from 'wasi:cli/stderr@0.2.3';

export const stderr = getStderr();
`,
      },
      after: {
        'log.js': `import { stderr } from './streams.js';

export function warn(message) {
  // wasi-migrate(review): \`stderr\` is a WASI 0.2 output-stream of unknown origin: pass a stream<u8> to the 0.3 call that replaced the function that made it
  stderr.blockingWriteAndFlush(new TextEncoder().encode(\`warning: \${message}\\n\`));
}
`,
        'streams.js': `// wasi-migrate(review): \`getStderr\` of wasi:cli/stderr became wasi:cli/stderr.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStderr } from 'wasi:cli/stderr@0.3.0';

export const stderr = getStderr();
`,
      },
      reviews: ["`stderr` is a WASI 0.2 output-stream of unknown origin: pass a stream<","`getStderr` of wasi:cli/stderr became wasi:cli/stderr.write-via-stream"],
    },
    {
      name: "stdout or stderr chosen by a conditional and handed to a function whose parameter now holds a sink: reported at the call",
      before: `import { getStderr } from 'wasi:cli/stderr@0.2.3';
import { getStdout } from 'wasi:cli/stdout@0.2.3';

function writeLine(out, text) {
  out.blockingWriteAndFlush(new TextEncoder().encode(text + '\\n'));
}

export function report(ok, text) {
  writeLine(ok ? getStdout() : getStderr(), text);
}
`,
      after: `// wasi-migrate(review): \`getStderr\` of wasi:cli/stderr became wasi:cli/stderr.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStderr } from 'wasi:cli/stderr@0.3.0';
// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStdout } from 'wasi:cli/stdout@0.3.0';

async function writeLine(out, text) {
  await out.write(new TextEncoder().encode(text + '\\n'));
}

export async function report(ok, text) {
  // wasi-migrate(review): \`ok ? getStdout() : getStderr()\` is handed to a parameter that now holds a 0.3 sink (\`wasiSink(...)\`, its readable side passed to the 0.3 call): make the sink here, and close it when done
  await writeLine(ok ? getStdout() : getStderr(), text);
}
`,
      reviews: ["`getStderr` of wasi:cli/stderr became wasi:cli/stderr.write-via-stream","`getStdout` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream","`ok ? getStdout() : getStderr()` is handed to a parameter that now hol"],
    },
    {
      name: "a write to a stream taken from an object's field (`const out = streams.stdout`): not traced to its origin, reported",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.3';

const streams = { stdout: getStdout() };

export function print(text) {
  const out = streams.stdout;
  out.blockingWriteAndFlush(new TextEncoder().encode(text));
}
`,
      after: `// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStdout } from 'wasi:cli/stdout@0.3.0';

const streams = { stdout: getStdout() };

export function print(text) {
  // wasi-migrate(review): \`out\` is a WASI 0.2 output-stream the transform cannot trace to its origin: make it a stream<u8> passed to the 0.3 call
  const out = streams.stdout;
  out.blockingWriteAndFlush(new TextEncoder().encode(text));
}
`,
      reviews: ["`getStdout` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream","`out` is a WASI 0.2 output-stream the transform cannot trace to its or"],
    },
    {
      name: "a write to a stream of a proposal with no 0.3 release (wasi:blobstore's outgoing-value body, wasmCloud's blobstore templates): it stays a 0.2 stream, left as it is and reported as such, not as one to make a stream<u8> of",
      before: `import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  const stream = ov.outgoingValueWriteBody();
  stream.blockingWriteAndFlush(bytes);
  container.writeData(name, ov);
  OutgoingValue.finish(ov);
}
`,
      after: `// wasi-migrate(review): \`wasi:blobstore/types@0.2.0-draft\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  // wasi-migrate(review): \`stream\` is an output-stream of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)
  const stream = ov.outgoingValueWriteBody();
  stream.blockingWriteAndFlush(bytes);
  container.writeData(name, ov);
  OutgoingValue.finish(ov);
}
`,
      reviews: ["`wasi:blobstore/types@0.2.0-draft`: wasi:blobstore has no 0.3.0 release", "`stream` is an output-stream of wasi:blobstore/types, which has no 0.3 release"],
    },
    {
      name: "a helper's parameter every caller hands a stream of a proposal with no 0.3 release (wasi:blobstore's outgoing-value body, written in chunks by a function of its own): it stays a 0.2 stream, left as it is and reported as such, not made a sink its callers do not make",
      before: `import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

function writeAll(stream, bytes) {
  for (let i = 0; i < bytes.length; i += 4096) {
    stream.blockingWriteAndFlush(bytes.subarray(i, i + 4096));
  }
}

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  const body = ov.outgoingValueWriteBody();
  writeAll(body, bytes);
  container.writeData(name, ov);
  OutgoingValue.finish(ov);
}
`,
      after: `// wasi-migrate(review): \`wasi:blobstore/types@0.2.0-draft\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

// wasi-migrate(review): \`stream\` is an output-stream of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)
function writeAll(stream, bytes) {
  for (let i = 0; i < bytes.length; i += 4096) {
    stream.blockingWriteAndFlush(bytes.subarray(i, i + 4096));
  }
}

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  const body = ov.outgoingValueWriteBody();
  writeAll(body, bytes);
  container.writeData(name, ov);
  OutgoingValue.finish(ov);
}
`,
      reviews: ["`wasi:blobstore/types@0.2.0-draft`: wasi:blobstore has no 0.3.0 release", "`stream` is an output-stream of wasi:blobstore/types, which has no 0.3 release"],
    },
    {
      // The marker went between a documented statement's JSDoc and the statement (effectblob's writeAllToOutputStream).
      name: "a review of a documented statement goes above its JSDoc, which stays on what it documents; one of an import stays below the file's header comment",
      before: { 'blob.js': `/**
 * Blob helpers.
 */
import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

/**
 * Writes all of \`bytes\`.
 * @param {import('wasi:io/streams@0.2.3').OutputStream} stream
 */
function writeAll(stream, bytes) {
  stream.blockingWriteAndFlush(bytes);
}

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  writeAll(ov.outgoingValueWriteBody(), bytes);
  container.writeData(name, ov);
}
` },
      after: { 'blob.js': `/**
 * Blob helpers.
 */
// wasi-migrate(review): \`wasi:blobstore/types@0.2.0-draft\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

// wasi-migrate(review): \`stream\` is an output-stream of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)
/**
 * Writes all of \`bytes\`.
 * @param {import('wasi:io/streams@0.2.3').OutputStream} stream
 */
function writeAll(stream, bytes) {
  stream.blockingWriteAndFlush(bytes);
}

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  writeAll(ov.outgoingValueWriteBody(), bytes);
  container.writeData(name, ov);
}
` },
      reviews: ['`wasi:blobstore/types@0.2.0-draft`: wasi:blobstore has no 0.3.0 release', '`stream` is an output-stream of wasi:blobstore/types, which has no 0.3 release'],
    },
    {
      name: "the same, its import written with no version beside 0.2 ones (`wasi:blobstore/types`), the stream taken through `yield*` of a wrapper that runs a callback (Effect's `Effect.try({ try: () => ... })`): still a 0.2 stream, its parameter's `OutputStream` type kept",
      before: { 'blob.ts': `import * as Types from 'wasi:blobstore/types';
import type { OutputStream } from 'wasi:io/streams@0.2.3';

function* attempt<T>(run: () => T): Generator<never, T> {
  return run();
}

function writeAll(stream: OutputStream, bytes: Uint8Array) {
  stream.blockingWriteAndFlush(bytes);
}

export function* writeBlob(bytes: Uint8Array) {
  const ov = Types.OutgoingValue.newOutgoingValue();
  const body = yield* attempt(() => ov.outgoingValueWriteBody());
  writeAll(body, bytes);
  return ov;
}
` },
      after: { 'blob.ts': `// wasi-migrate(review): \`wasi:blobstore/types\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import * as Types from 'wasi:blobstore/types';
// wasi-migrate(review): wasi:io/streams is gone in WASI 0.3 (wasi:io is gone in 0.3)
// wasi-migrate(review): \`OutputStream\` of wasi:io/streams is gone in WASI 0.3 (pass data: stream<u8>, get future<result<_, error-code>>): the code still uses it
import type { OutputStream } from 'wasi:io/streams@0.2.3';

function* attempt<T>(run: () => T): Generator<never, T> {
  return run();
}

// wasi-migrate(review): \`stream\` is an output-stream of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)
function writeAll(stream: OutputStream, bytes: Uint8Array) {
  stream.blockingWriteAndFlush(bytes);
}

export function* writeBlob(bytes: Uint8Array) {
  const ov = Types.OutgoingValue.newOutgoingValue();
  const body = yield* attempt(() => ov.outgoingValueWriteBody());
  writeAll(body, bytes);
  return ov;
}
` },
      reviews: ["`wasi:blobstore/types`: wasi:blobstore has no 0.3.0 release", "wasi:io/streams is gone in WASI 0.3", "`OutputStream` of wasi:io/streams is gone in WASI 0.3", "`stream` is an output-stream of wasi:blobstore/types, which has no 0.3 release"],
    },
    {
      name: "stdout written, then spliced from stdin (`blockingSplice`): no 0.3 counterpart for the splice, the stream is reported and left as it was",
      before: `import { getStdin } from 'wasi:cli/stdin@0.2.3';
import { getStdout } from 'wasi:cli/stdout@0.2.3';

export function cat() {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode('--- stdin ---\\n'));
  out.blockingSplice(getStdin(), 1048576n);
}
`,
      after: `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';
// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStdout } from 'wasi:cli/stdout@0.3.0';

export function cat() {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode('--- stdin ---\\n'));
  // wasi-migrate(review): \`out\` is used in ways a 0.3 stream<u8> has no counterpart for (out.blockingSplice): rewrite by hand
  out.blockingSplice(getStdin(), 1048576n);
}
`,
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (re","`getStdout` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream","`out` is used in ways a 0.3 stream<u8> has no counterpart for (out.blo"],
    },
    {
      name: "a write to a stream held in a class field (`this.out`): no 0.3 counterpart known, reported",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.3';

class Logger {
  constructor() {
    this.out = getStdout();
  }
  log(line) {
    this.out.blockingWriteAndFlush(new TextEncoder().encode(line + '\\n'));
  }
}

export const logger = new Logger();
`,
      after: `// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStdout } from 'wasi:cli/stdout@0.3.0';

class Logger {
  constructor() {
    this.out = getStdout();
  }
  log(line) {
    // wasi-migrate(review): no 0.3 counterpart known for the output-stream \`this.out\`: write a stream<u8> to the function that replaced it
    this.out.blockingWriteAndFlush(new TextEncoder().encode(line + '\\n'));
  }
}

export const logger = new Logger();
`,
      reviews: ["`getStdout` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream","no 0.3 counterpart known for the output-stream `this.out`: write a str"],
    },
    {
      name: "a response body's stream (`body.write()`, the body helper's sink after the port) waited on through `subscribe()` and written with the plain 0.2 `write`/`flush` (randhttp): no blocking write, yet every 0.2 call left on the sink is named in one review",
      before: `import { OutgoingBody, OutgoingResponse, Fields, ResponseOutparam } from 'wasi:http/types@0.2.3';

function handle(req, resp) {
  const response = new OutgoingResponse(new Fields());
  const body = response.body();
  ResponseOutparam.set(resp, { tag: 'ok', val: response });
  const out = body.write();
  const data = new TextEncoder().encode('hello');
  const pollable = out.subscribe();
  pollable.block();
  out.write(data);
  out.flush();
  pollable.block();
  out[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

export const incomingHandler = { handle };
`,
      after: `import { Fields, Response } from 'wasi:http/types@0.3.0';

async function handle(req) {
  const body = wasiOutgoingBody();
  const response = Response.new(new Fields(), body.contents, body.trailers)[0];
  // The body goes on after the response is returned, as it did after the 0.2 outparam was set.
  (async () => {
    const out = body.write();
    const data = new TextEncoder().encode('hello');
    // wasi-migrate(review): \`out\` is used in ways a 0.3 stream<u8> has no counterpart for (out.subscribe, out.write, out.flush, out[Symbol.dispose]): rewrite by hand
    const pollable = out.subscribe();
    pollable.block();
    out.write(data);
    out.flush();
    pollable.block();
    out[Symbol.dispose]();
    await body.finish(undefined);
  })();
  return response;
}

export const handler = { handle };
`,
      helpers: ["wasiSink", "wasiOutgoingBody"],
      reviews: ["`out` is used in ways a 0.3 stream<u8> has no counterpart for (out.subscribe, out.write, out.flush"],
    },
    {
      name: "a response body's stream written with the plain 0.2 `write`, then `flush()` and a drop: ported on the body helper's sink (the write awaited, the flush and drop gone) though no blocking write marks it a stream",
      before: `import { OutgoingBody, OutgoingResponse, Fields, ResponseOutparam } from 'wasi:http/types@0.2.3';

function handle(req, resp) {
  const response = new OutgoingResponse(new Fields());
  const body = response.body();
  ResponseOutparam.set(resp, { tag: 'ok', val: response });
  const out = body.write();
  const data = new TextEncoder().encode('hello');
  out.write(data);
  out.flush();
  out[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

export const incomingHandler = { handle };
`,
      after: `import { Fields, Response } from 'wasi:http/types@0.3.0';

async function handle(req) {
  const body = wasiOutgoingBody();
  const response = Response.new(new Fields(), body.contents, body.trailers)[0];
  // The body goes on after the response is returned, as it did after the 0.2 outparam was set.
  (async () => {
    const out = body.write();
    const data = new TextEncoder().encode('hello');
    await out.write(data);
    await body.finish(undefined);
  })();
  return response;
}

export const handler = { handle };
`,
      helpers: ["wasiSink", "wasiOutgoingBody"],
    },
    {
      name: "`this.checkWrite()` of a method the class declares itself is the code's own, not a 0.2 stream's: not reported",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.3';

class StdoutWriter {
  checkWrite() {
    return 4096n;
  }
  writeAll(bytes) {
    if (BigInt(bytes.length) > this.checkWrite()) throw new Error('too long');
    getStdout().blockingWriteAndFlush(bytes);
  }
}

export function greet() {
  new StdoutWriter().writeAll(new TextEncoder().encode('hi\\n'));
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

class StdoutWriter {
  checkWrite() {
    return 4096n;
  }
  // wasi-migrate(review): \`StdoutWriter.writeAll\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async writeAll(bytes) {
    if (BigInt(bytes.length) > this.checkWrite()) throw new Error('too long');
    await wasiSink(writeViaStream).end(bytes);
  }
}

export async function greet() {
  await new StdoutWriter().writeAll(new TextEncoder().encode('hi\\n'));
}
`,
      reviews: ["`StdoutWriter.writeAll` is async now"],
      helpers: ['wasiSink'],
    },
    {
      name: "TypeScript: a class implementing a WASI 0.2 output-stream (a tee): its body provides the 0.2 interface and is left as it is, its write to stdout too (specifiers reports the class), not made async around a 0.3 sink; the same write outside it is ported",
      before: { 'tee.ts': `import { getStdout } from 'wasi:cli/stdout@0.2.3';
import type { OutputStream } from 'wasi:io/streams@0.2.3';

export class Tee implements OutputStream {
  copies: Uint8Array[] = [];
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.copies.push(contents);
    getStdout().blockingWriteAndFlush(contents);
  }
}

export function log(line: string) {
  getStdout().blockingWriteAndFlush(new TextEncoder().encode(line));
}
` },
      after: { 'tee.ts': `// wasi-migrate(review): \`getStdout\` of wasi:cli/stdout became wasi:cli/stdout.write-via-stream (takes data: stream<u8>, returns future<result<_, error-code>>): the code still uses the 0.2 shape
import { getStdout, writeViaStream } from 'wasi:cli/stdout@0.3.0';
// wasi-migrate(review): wasi:io/streams is gone in WASI 0.3 (wasi:io is gone in 0.3)
// wasi-migrate(review): \`OutputStream\` of wasi:io/streams is gone in WASI 0.3 (pass data: stream<u8>, get future<result<_, error-code>>): the code still uses it
import type { OutputStream } from 'wasi:io/streams@0.2.3';

// wasi-migrate(review): \`Tee\` implements \`OutputStream\` of wasi:io/streams (this code provides the interface, as a host or a virtualization does, rather than calling it), and WASI 0.3 changed that interface (\`InputStream\`, \`OutputStream\`, \`StreamError\`; its functions async, streams and futures where 0.2 had stream and pollable resources): the rewriter ports calls, not implementations; implement the 0.3 interface by hand, or keep this code at 0.2
export class Tee implements OutputStream {
  copies: Uint8Array[] = [];
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.copies.push(contents);
    getStdout().blockingWriteAndFlush(contents);
  }
}

export async function log(line: string) {
  await wasiSink(writeViaStream).end(new TextEncoder().encode(line));
}
` },
      reviews: ["`getStdout` of wasi:cli/stdout became", "wasi:io/streams is gone in WASI 0.3", "`OutputStream` of wasi:io/streams is gone", "`Tee` implements `OutputStream` of wasi:io/streams"],
      helpers: ['wasiSink'],
    },
    {
      name: "a `this.blockingWriteAndFlush()` of a method a base class declares is the code's own, and `this.bytes.splice(0, n)` (a number argument) is an Array's: neither is a 0.2 stream's, neither reported",
      before: `import { getStdout } from 'wasi:cli/stdout@0.2.12';

class Buffer {
  constructor() {
    this.bytes = [];
  }
  blockingWriteAndFlush(chunk) {
    this.bytes.push(...chunk);
  }
  take(n) {
    return this.bytes.splice(0, n);
  }
}

class Lines extends Buffer {
  line(text) {
    this.blockingWriteAndFlush(new TextEncoder().encode(\`\${text}\\n\`));
  }
}

export function greet() {
  const lines = new Lines();
  lines.line('hi');
  getStdout().blockingWriteAndFlush(new Uint8Array(lines.take(3)));
}
`,
      after: `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

class Buffer {
  constructor() {
    this.bytes = [];
  }
  blockingWriteAndFlush(chunk) {
    this.bytes.push(...chunk);
  }
  take(n) {
    return this.bytes.splice(0, n);
  }
}

class Lines extends Buffer {
  line(text) {
    this.blockingWriteAndFlush(new TextEncoder().encode(\`\${text}\\n\`));
  }
}

export async function greet() {
  const lines = new Lines();
  lines.line('hi');
  await wasiSink(writeViaStream).end(new Uint8Array(lines.take(3)));
}
`,
      helpers: ["wasiSink"],
    },
  ],
};
export default transform;

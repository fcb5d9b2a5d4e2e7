import { Node, SyntaxKind, type Expression, type Statement } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { descendantsOfKind, initializerOf, isDisposeKey, removeWithDirectives, withoutParens } from '../util.js';

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
A \`finally\` it leaves empty goes after it (bindings/emptied-finally). The
drop of a value that is still a resource in 0.3 (a response, a request, a
descriptor) stays.
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
  if (Node.isIdentifier(x)) return nonResource(ctx, initializerOf(x), depth + 1);
  if (Node.isElementAccessExpression(x) && x.getArgumentExpression()?.getText() === '0') return nonResource(ctx, x.getExpression(), depth + 1) === 'a [stream, outcome] pair' ? 'a stream' : undefined;
  if (!Node.isCallExpression(x)) return undefined;
  const callee = x.getExpression();
  if (Node.isIdentifier(callee)) {
    if (callee.getText() === 'wasiPollable') return "the port's wasiPollable";
    const w = ctx.wasi.byLocal.get(callee.getText());
    // 0.3's `send` (until bindings/specifiers runs, it may sit in the 0.2 outgoing-handler import, which had only `handle`).
    if (w?.name === 'send' && (w.iface === 'wasi:http/client' || w.iface === 'wasi:http/outgoing-handler')) return 'a promise';
    return undefined;
  }
  if (Node.isPropertyAccessExpression(callee) && PAIRS.has(callee.getName())) return 'a [stream, outcome] pair';
  return undefined;
}

function apply(ctx: FileContext): void {
  const drops: { stmt: Statement; name: string; what: string }[] = [];
  for (const access of descendantsOfKind(ctx.file, SyntaxKind.ElementAccessExpression)) {
    if (!isDisposeKey(access.getArgumentExpression())) continue;
    const call = access.getParent();
    const stmt = call?.getParent();
    if (!call || !Node.isCallExpression(call) || call.getExpression() !== access || call.getArguments().length || !stmt || !Node.isExpressionStatement(stmt)) continue;
    const what = nonResource(ctx, access.getExpression());
    if (what) drops.push({ stmt, name: access.getExpression().getText(), what });
  }
  // Last first: a removal moves no line above it, so each record keeps its line.
  for (const { stmt, name, what } of drops.reverse()) {
    ctx.editLine(stmt.getStartLineNumber(), `${name}[Symbol.dispose](): ${name} is ${what} in 0.3, nothing to release`);
    removeWithDirectives(stmt);
  }
}

const transform: CodeTransform = {
  id: 'bindings/disposals',
  summary: "a 0.2 resource's [Symbol.dispose]() goes where the port made the value a promise or a stream pair",
  docs,
  kind: 'mechanical',
  apply,
  mentions: ['dispose'],
  cases: [
    {
      name: "a pollable and a future dropped after the response came: the port's wasiPollable and send's promise have nothing to drop, the drops go (through a constant holding Symbol.dispose); the response's drop stays, it is a resource in 0.3",
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
  const pollable = wasiPollable(pending);
  await pollable.block();
  const response = await pending;
  const code = response.getStatusCode();
  response[drop]();
  return code;
}
` },
      helpers: ["wasiSink","wasiOutgoingBody","wasiPollable"],
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
  ],
};
export default transform;

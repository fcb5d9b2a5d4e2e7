import { Node, SyntaxKind, ts, type Block, type CallExpression, type IfStatement, type Statement, type VariableDeclaration } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { embedded, importsOf, methodOf, referencesTo, insertStatementsAt, methodCalls, descendantsWhere } from '../util.js';

const docs = `
A 0.2 outgoing request could be written before it was sent: the body
buffered, \`outgoing-handler.handle\` took it later. In 0.3 a write to the
request's \`stream<u8>\` completes only when the host reads it, and the host
reads it once \`client.send\` has the request: body writes before \`send\` wait
for ever. And a request made with contents must end them: a body created on
every path but finished on some leaves the others hanging.

After the body and send transforms ran (\`Request.new(headers,
body.contents, body.trailers)\` with a \`wasiOutgoingBody()\`, \`send(req)\`):
- the statement that sends the request (\`const future = send(req);\`, in the
  block that made the request) moves up to just before the first statement
  that touches the body, when nothing between them uses the request (the
  promise is awaited where it was, after the writes);
- a body finished only inside an \`if\` without \`else\` gets an \`else\` that
  ends it empty (\`await body.finish(undefined)\`), the 0.2 request that sent
  no body.

Anything else, reported: a send that is awaited at once after the writes,
a request used between them, a finish in some other branch shape.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  sentAfterBodyWritten: '`{{req}}` is sent after its body is written: in 0.3 a body write waits until the host reads it, which starts at `{{send}}` (a deadlock); send the request before writing the body',
  finishedOnSomePaths: 'the body of the {{kind}} `{{message}}` is finished on some paths only: a 0.3 {{kind}} body that is not finished never ends, and the {{kind}} hangs; finish it on every path',
} as const;

function apply(ctx: FileContext): void {
  // The futures transform imported `send` (beside `handle` until the specifiers transform moves it).
  const send = ctx.wasi.localOf('wasi:http/client', 'send') ?? ctx.wasi.localOf('wasi:http/outgoing-handler', 'send');
  const bodies = descendantsWhere(ctx.file, SyntaxKind.VariableDeclaration, (n, sf) => ts.isVariableDeclaration(n) && !!n.initializer && ts.isCallExpression(n.initializer) && n.initializer.expression.getText(sf) === 'wasiOutgoingBody').filter((d) => {
    const init = d.getInitializer();
    return !!init && Node.isCallExpression(init) && init.getExpression().getText() === 'wasiOutgoingBody' && Node.isIdentifier(d.getNameNode());
  });
  for (const body of bodies) {
    const stmt = body.getVariableStatement();
    const block = stmt?.getParent();
    if (!stmt || !block || !Node.isBlock(block)) continue;
    const names = aliasesOf(body);
    const request = requestOf(body);
    if (!request) continue;
    const stmts = block.getStatements();
    const from = stmts.indexOf(stmt);
    // The first statement after the request's that writes or ends the body (alias declarations aside).
    const touches = (s: Statement) => s.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => names.has(id.getText())) && !isAlias(s, names);
    const reqStmt = request.getVariableStatement()!;
    const first = stmts.findIndex((s, i) => i > stmts.indexOf(reqStmt) && i > from && touches(s));
    if (first < 0) continue;
    if (send) moveSend(ctx, block, stmts, first, request, send);
    endOnEveryPath(ctx, block, body, names, request);
  }
}

/** The body variable and every `const body = reqBody;` alias of it. */
function aliasesOf(body: VariableDeclaration): Set<string> {
  const names = new Set([body.getName()]);
  for (const r of referencesTo(body)) {
    const p = r.getParent();
    if (p && Node.isVariableDeclaration(p) && p.getInitializer() === r && Node.isIdentifier(p.getNameNode())) names.add(p.getName());
  }
  return names;
}

function isAlias(s: Statement, names: ReadonlySet<string>): boolean {
  if (!Node.isVariableStatement(s)) return false;
  return s.getDeclarations().every((d) => names.has(d.getInitializer()?.getText() ?? '') && names.has(d.getName()));
}

/** `const req = Request.new(h, body.contents, body.trailers, ...)[0];` made with this body. */
function requestOf(body: VariableDeclaration): VariableDeclaration | undefined {
  for (const r of referencesTo(body)) {
    const pa = r.getParent();
    if (!pa || !Node.isPropertyAccessExpression(pa) || pa.getName() !== 'contents') continue;
    const decl = pa.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
    if (decl && Node.isIdentifier(decl.getNameNode()) && decl.getInitializer()?.getText().includes('.new(')) return decl;
  }
  return undefined;
}

function moveSend(ctx: FileContext, block: Block, stmts: Statement[], first: number, request: VariableDeclaration, send: string): void {
  const req = request.getName();
  const sends = referencesTo(request).map((r) => r.getParent()).filter((c): c is CallExpression => !!c && Node.isCallExpression(c) && c.getExpression().getText() === send);
  const call = sends[0];
  if (!call) return;
  const at = stmts.findIndex((s) => s === call.getFirstAncestor((a) => a.getParent() === block));
  if (at < 0 || at < first) return;
  const s = stmts[at]!;
  const plain = Node.isVariableStatement(s) && s.getDeclarations().length === 1 && s.getDeclarations()[0]!.getInitializer() === call;
  const between = stmts.slice(first, at).some((x) => x.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === req));
  if (!plain || between) {
    ctx.review(call, 'sentAfterBodyWritten', { req, send });
    return;
  }
  const text = s.getText();
  // insertStatementsAt counts comment lines (\`stmts\` does not); own-line comments above the first write stay with it.
  const all = block.getStatementsWithComments();
  let index = all.indexOf(stmts[first]!);
  while (index > 0 && Node.isCommentStatement(all[index - 1]!)) index--;
  s.remove();
  const [moved] = insertStatementsAt(block, index, text);
  ctx.edit(moved!, `${send}(${req}) moved before the body is written: in 0.3 a body write waits for the host, which reads once the request is sent`);
}

/** A body finished only in an `if` without `else`: the `else` ends it empty. */
function endOnEveryPath(ctx: FileContext, block: Block, body: VariableDeclaration, names: ReadonlySet<string>, message: VariableDeclaration): void {
  // The message the body belongs to: a request, or a response (a handler's body finished on some paths, as a request's is).
  const kind = kindOf(message);
  const finishes = methodCalls(block, ['finish']).filter((c) => names.has(methodOf(c)!.recv.getText()));
  if (!finishes.length || finishes.some((c) => c.getFirstAncestor((a) => a.getParent() === block)?.getKind() !== SyntaxKind.IfStatement)) return;
  const ifs = new Set(finishes.map((c) => c.getFirstAncestor((a) => a.getParent() === block) as IfStatement));
  const finishesIn = (n: Node) => finishes.some((c) => n.containsRange(c.getPos(), c.getEnd()));
  // Every branch ends the body (an \`else if\` chain too, down to its last \`else\`): nothing to do.
  const onEveryPath = (s: IfStatement): boolean => {
    const e = s.getElseStatement();
    return finishesIn(s.getThenStatement()) && !!e && (Node.isIfStatement(e) ? onEveryPath(e) : finishesIn(e));
  };
  for (const branch of ifs) {
    if (onEveryPath(branch)) continue;
    if (branch.getElseStatement()) {
      ctx.review(branch, 'finishedOnSomePaths', { kind, message: message.getName() });
      continue;
    }
    const unit = ctx.project.manipulationSettings.getIndentationText();
    // ts-morph indents the later lines by the `if`'s own indentation: the original lines are taken back to it first.
    const replaced = branch.replaceWithText(`${embedded(branch, branch)} else {\n${unit}await ${body.getName()}.finish(undefined);\n}`);
    ctx.edit(replaced, `the ${kind}'s body ends on every path: a 0.3 body that is not finished never ends (0.2 sent none)`);
  }
}

/** \`request\` or \`response\`: what \`X.new(...)\` of the message's initializer makes, X read through the file's imports. */
function kindOf(message: VariableDeclaration): 'request' | 'response' {
  const m = /([A-Za-z_$][\w$]*)\.new\(/.exec(message.getInitializer()?.getText() ?? '');
  const local = m?.[1] ?? '';
  const imported = importsOf(message.getSourceFile()).flatMap((i) => i.names).find((n) => n.local === local)?.imported ?? local;
  return imported === 'Response' ? 'response' : 'request';
}

const transform: CodeTransform = {
  id: 'bindings/request-bodies',
  summary: 'a request body is written after the request is sent, and ended on every path',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  // Bodies the http-bodies transform made.
  mentions: ['wasiOutgoingBody'],
  cases: [
    {
      // dispfetch (a test's fetchResponse, a comment line above `req.setAuthority(...)`): the send was moved one statement
      // too high (the index skipped comments, the insertion counted them), above `req.setPathWithQuery(path)`, so the
      // request went without its path and the setter ran on a request already sent, with nothing said.
      name: 'a comment line between the request and its body: the send moves to just before the body is finished, after every setter',
      before: { 'guest.js': `import { handle } from 'wasi:http/outgoing-handler@0.2.8';
import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.8';

async function get(path) {
  const req = new OutgoingRequest(new Fields());
  // the host is set by the test
  req.setAuthority('localhost');
  req.setPathWithQuery(path);
  OutgoingBody.finish(req.body(), undefined);
  const future = handle(req, undefined);
  future.subscribe().block();
  return future.get();
}

export const got = get('/');
` },
      after: { 'guest.js': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

async function get(path) {
  const reqBody = wasiOutgoingBody();
  const req = Request.new(new Fields(), reqBody.contents, reqBody.trailers, undefined)[0];
  // the host is set by the test
  req.setAuthority('localhost');
  req.setPathWithQuery(path);
  const future = send(req);
  await reqBody.finish(undefined);
  return { tag: 'ok', val: await wasiSendResult(future) };
}

export const got = get('/');
` },
      helpers: ['wasiSink', 'wasiOutgoingBody', 'wasiSendResult'],
    },
    {
      name: "an exported arrow function with its parameters and return type over several lines: inserted statements sit at their neighbours' indentation, the return type keeps its layout, the body written in a bare block is closed once (by finish), and the result's tags narrow",
      before: { 'guest.ts': `import { handle } from 'wasi:http/outgoing-handler@0.2.12';
import { Fields, OutgoingBody, OutgoingRequest } from 'wasi:http/types@0.2.12';

export const post = (
  path: string,
  body?: string,
): {
  status: number;
} => {
  const request = new OutgoingRequest(new Fields());
  request.setPathWithQuery(path);
  if (body) {
    const outgoing = request.body();
    {
      const stream = outgoing.write();
      stream.blockingWriteAndFlush(new TextEncoder().encode(body));
    }
    OutgoingBody.finish(outgoing, undefined);
  }
  const future = handle(request, undefined);
  future.subscribe().block();
  const result = future.get();
  const response = result?.tag === 'ok' && result.val.tag === 'ok' ? result.val.val : undefined;
  if (!response) throw new Error('no response');
  return { status: response.status() };
};
` },
      after: { 'guest.ts': `import { send } from 'wasi:http/client@0.3.0';
import { Fields, Request } from 'wasi:http/types@0.3.0';

export const post = async (
  path: string,
  body?: string,
): Promise<{
  status: number;
}> => {
  const requestBody = wasiOutgoingBody();
  const request = Request.new(new Fields(), requestBody.contents, requestBody.trailers, undefined)[0];
  request.setPathWithQuery(path);
  const future = send(request);
  if (body) {
    const outgoing = requestBody;
    {
      const stream = outgoing.write();
      await stream.write(new TextEncoder().encode(body));
    }
    await outgoing.finish(undefined);
  } else {
    await requestBody.finish(undefined);
  }
  const result = { tag: 'ok', val: await wasiSendResult(future) };
  const response = result?.tag === 'ok' && result.val.tag === 'ok' ? result.val.val : undefined;
  if (!response) throw new Error('no response');
  return { status: response.getStatusCode() };
};
` },
      helpers: ["wasiSink", "wasiOutgoingBody", "wasiSendResult"],
    },
    {
      name: "a body written in an `if` before the request is sent: send moves up, and the body ends on the other path",
      before: `import { Fields, OutgoingRequest, OutgoingBody } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function call(method, data) {
  const req = new OutgoingRequest(new Fields());
  req.setMethod({ tag: method });
  if (method === 'post') {
    const body = req.body();
    const out = body.write();
    out.blockingWriteAndFlush(data);
    out[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
  }
  const future = handle(req);
  future.subscribe().block();
  return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function call(method, data) {
  const reqBody = wasiOutgoingBody();
  const req = Request.new(new Fields(), reqBody.contents, reqBody.trailers, undefined)[0];
  req.setMethod({ tag: method });
  const future = send(req);
  if (method === 'post') {
    const body = reqBody;
    const out = body.write();
    await out.write(data);
    await body.finish(undefined);
  } else {
    await reqBody.finish(undefined);
  }
  return (await future).getStatusCode();
}
`,
      helpers: ["wasiSink", "wasiOutgoingBody"],
    },
    {
      name: "the request is changed after its body is written: reported, not moved",
      before: `import { Fields, OutgoingRequest, OutgoingBody } from 'wasi:http/types@0.2.12';
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

export function upload(data) {
  const req = new OutgoingRequest(new Fields());
  const body = req.body();
  const out = body.write();
  out.blockingWriteAndFlush(data);
  out[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
  req.setPathWithQuery('/upload');
  const future = handle(req);
  future.subscribe().block();
  return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function upload(data) {
  const body = wasiOutgoingBody();
  const req = Request.new(new Fields(), body.contents, body.trailers, undefined)[0];
  const out = body.write();
  await out.write(data);
  await body.finish(undefined);
  req.setPathWithQuery('/upload');
  // wasi-migrate(review): \`req\` is sent after its body is written: in 0.3 a body write waits until the host reads it, which starts at \`send\` (a deadlock); send the request before writing the body
  const future = send(req);
  return (await future).getStatusCode();
}
`,
      reviews: ["`req` is sent after its body is written: in 0.3 a body write"],
      helpers: ["wasiSink", "wasiOutgoingBody"],
    },
    {
      name: "a request body finished in the `if` branch of an if/else whose `else` does not finish it: reported",
      before: `import { Fields, OutgoingRequest, OutgoingBody } from 'wasi:http/types@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

export function call(method, data) {
  const req = new OutgoingRequest(new Fields());
  req.setMethod({ tag: method });
  if (method === 'post') {
    const body = req.body();
    const out = body.write();
    out.blockingWriteAndFlush(data);
    out[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
  } else {
    console.log(\`\${method} with no body\`);
  }
  const future = handle(req);
  future.subscribe().block();
  return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function call(method, data) {
  const reqBody = wasiOutgoingBody();
  const req = Request.new(new Fields(), reqBody.contents, reqBody.trailers, undefined)[0];
  req.setMethod({ tag: method });
  const future = send(req);
  // wasi-migrate(review): the body of the request \`req\` is finished on some paths only: a 0.3 request body that is not finished never ends, and the request hangs; finish it on every path
  if (method === 'post') {
    const body = reqBody;
    const out = body.write();
    await out.write(data);
    await body.finish(undefined);
  } else {
    console.log(\`\${method} with no body\`);
  }
  return (await future).getStatusCode();
}
`,
      helpers: ["wasiSink","wasiOutgoingBody"],
      reviews: ["the body of the request `req` is finished on some paths only: a 0.3 "],
    },
    {
      name: "a request body finished in both branches of an if/else: nothing to add and nothing to report (it used to be reported as finished on some paths only)",
      before: `import { Fields, OutgoingRequest, OutgoingBody } from 'wasi:http/types@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

export function call(method, data) {
  const req = new OutgoingRequest(new Fields());
  req.setMethod({ tag: method });
  const body = req.body();
  if (data) {
    const out = body.write();
    out.blockingWriteAndFlush(data);
    out[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
  } else {
    OutgoingBody.finish(body, undefined);
  }
  const future = handle(req);
  future.subscribe().block();
  return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function call(method, data) {
  const body = wasiOutgoingBody();
  const req = Request.new(new Fields(), body.contents, body.trailers, undefined)[0];
  req.setMethod({ tag: method });
  const future = send(req);
  if (data) {
    const out = body.write();
    await out.write(data);
    await body.finish(undefined);
  } else {
    await body.finish(undefined);
  }
  return (await future).getStatusCode();
}
`,
      helpers: ["wasiSink","wasiOutgoingBody"],
    },
    {
      name: "a response body written and finished in an `else` only (a handler answering 405 to anything but a POST): reported as the response's, not a request's; its write before the return is reported by bindings/http-handler",
      before: { 'handler.js': `import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.2';

export const incomingHandler = {
  handle(incomingRequest, responseOutparam) {
    const outgoingResponse = new OutgoingResponse(new Fields());
    if (incomingRequest.method().tag !== 'post') {
      outgoingResponse.setStatusCode(405);
    } else {
      const outgoingBody = outgoingResponse.body();
      {
        const outputStream = outgoingBody.write();
        outputStream.blockingWriteAndFlush(new TextEncoder().encode('accepted'));
        outputStream[Symbol.dispose]();
      }
      outgoingResponse.setStatusCode(200);
      OutgoingBody.finish(outgoingBody, undefined);
    }
    ResponseOutparam.set(responseOutparam, { tag: 'ok', val: outgoingResponse });
  },
};
` },
      after: { 'handler.js': `import { Fields, Response } from 'wasi:http/types@0.3.0';

export const handler = {
  async handle(incomingRequest) {
    const outgoingResponseBody = wasiOutgoingBody();
    const outgoingResponse = Response.new(new Fields(), outgoingResponseBody.contents, outgoingResponseBody.trailers)[0];
    // wasi-migrate(review): the body of the response \`outgoingResponse\` is finished on some paths only: a 0.3 response body that is not finished never ends, and the response hangs; finish it on every path
    if (incomingRequest.getMethod().tag !== 'post') {
      outgoingResponse.setStatusCode(405);
    } else {
      const outgoingBody = outgoingResponseBody;
      {
        // wasi-migrate(review): the body of \`outgoingResponse\` is written before \`handle\` returns the response: in 0.3 a body write waits until the host reads, and the host reads only after \`handle\` returned (a deadlock); produce the body from an async generator handed to \`Response.new\`, or write it after the return
        const outputStream = outgoingBody.write();
        await outputStream.write(new TextEncoder().encode('accepted'));
      }
      outgoingResponse.setStatusCode(200);
      await outgoingBody.finish(undefined);
    }
    return outgoingResponse;
  },
};
` },
      helpers: ["wasiSink","wasiOutgoingBody"],
      reviews: ['the body of the response `outgoingResponse` is finished on some paths only: a 0.3 response body', 'the body of `outgoingResponse` is written before `handle` returns the response'],
    },
  ],
};
export default transform;

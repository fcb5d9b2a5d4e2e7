import { Node, type Block, type MethodDeclaration, type ObjectLiteralExpression, type Statement, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { reindent, indentOf } from '../util.js';

const docs = `
A WASI 0.2 HTTP handler is \`handle(request, responseOut)\`: it builds a
response, hands it over with \`ResponseOutparam.set(responseOut, { tag: 'ok',
val: response })\`, and may go on writing the body after that (the host sends
the head as soon as the outparam is set). In 0.3 the export is
\`wasi:http/handler\` and \`handle\` is \`async handle(request)\` returning the
response; its body is a stream the host reads while the guest writes it.

The transform renames the export (\`incomingHandler\` -> \`handler\`, as jco
names the 0.3 interface), drops the outparam, makes \`handle\` async, and
turns the \`ResponseOutparam.set(...)\` statement into \`return response\`. The
statements that followed it (writing the body, finishing it) keep running
after the response is returned, as they did in 0.2: they move into an
\`(async () => { ... })()\` started just before the return.

A \`set\` that is not a statement of the handler's own body (inside an
\`if\`, a loop, a helper function), more than one \`set\`, or an error
outparam (\`{ tag: 'err', ... }\`) gets a review marker.
`;

function handlerObject(ctx: FileContext): { obj: ObjectLiteralExpression; name: Node } | undefined {
  for (const v of ctx.file.getVariableDeclarations()) {
    const init = v.getInitializer();
    if (!init || !Node.isObjectLiteralExpression(init)) continue;
    const isExport = v.getVariableStatement()?.isExported();
    if (!isExport) continue;
    if (v.getName() === 'incomingHandler') return { obj: init, name: v.getNameNode() };
  }
  return undefined;
}

function apply(ctx: FileContext): void {
  if (!ctx.wasi.byLocal.size) return;
  const found = handlerObject(ctx);
  if (!found) return;
  const member = found.obj.getProperty('handle');
  let fn: Node | undefined = member;
  if (member && Node.isPropertyAssignment(member)) fn = member.getInitializer();
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn))) {
    ctx.review(found.obj, 'the 0.2 incoming-handler export has no `handle` method the transform can read: write `async handle(request)` returning the response');
    return;
  }
  const method = fn as MethodDeclaration;
  const params = method.getParameters();
  const body = method.getBody();
  if (params.length !== 2 || !body || !Node.isBlock(body)) {
    ctx.review(method, '`handle` does not take (request, responseOut): port it to `async handle(request)` returning the response by hand');
    return;
  }
  const outName = params[1]!.getName();
  const stmts = (body as Block).getStatements();
  const sets = body.getDescendantsOfKind(SyntaxKind.CallExpression).filter((d) => /(^|\.)set$/.test(d.getExpression().getText()) && d.getArguments()[0]?.getText() === outName);
  const top = stmts.findIndex((s) => Node.isExpressionStatement(s) && sets.some((c) => c.getParent() === s));
  const setCall = top >= 0 ? sets.find((c) => c.getParent() === stmts[top]) : undefined;
  const value = setCall && Node.isCallExpression(setCall) ? setCall.getArguments()[1] : undefined;
  const okVal = value && Node.isObjectLiteralExpression(value) && /^\{\s*tag:\s*'ok',\s*val:/.test(value.getText()) ? value.getProperty('val') : undefined;
  const others = body.getDescendantsOfKind(SyntaxKind.Identifier).filter((d) => d.getText() === outName && !(setCall && setCall.containsRange(d.getPos(), d.getEnd())));
  if (sets.length !== 1 || top < 0 || !okVal || !Node.isPropertyAssignment(okVal) || others.length) {
    ctx.review(method, '`handle` sets its response outparam in a way the transform does not follow (not once, as a statement of its own body, with `{ tag: \'ok\', val }`): return the response from `async handle(request)` by hand');
    return;
  }
  const response = okVal.getInitializer()!.getText();
  const rest: Statement[] = stmts.slice(top + 1);
  const setStmt = stmts[top]!;
  if (rest.length) {
    const ind = indentOf(rest[0]!);
    const inner = rest.map((s) => '  ' + reindent(s.getText(), indentOf(s), '  ')).join('\n');
    void ind;
    for (const s of [...rest].reverse()) s.remove();
    // Child index, not statement index: own-line comments count as statements to ts-morph.
    const [started] = body.insertStatements(setStmt.getChildIndex(), `// The body goes on after the response is returned, as it did after the 0.2 outparam was set.\n(async () => {\n${inner}\n})();`);
    ctx.edit(started!, 'what followed `ResponseOutparam.set` keeps running after `handle` returns');
  }
  const ret = setStmt.replaceWithText(`return ${response};`);
  ctx.edit(ret, 'the 0.2 response outparam: `handle` returns the response');
  params[1]!.remove();
  method.setIsAsync(true);
  ctx.edit(method, 'handle(request, responseOut) -> async handle(request)');
  const nameNode = found.name;
  if (Node.isIdentifier(nameNode)) {
    nameNode.rename('handler');
    ctx.edit(nameNode, 'export incomingHandler (wasi:http/incoming-handler) -> handler (wasi:http/handler@0.3.0)');
  }
}

const transform: CodeTransform = {
  id: 'bindings/http-handler',
  summary: 'handle(request, responseOut) setting the outparam becomes async handle(request) returning the response',
  docs,
  kind: 'mechanical',
  apply,
  cases: [
    {
      name: "an outparam set on two paths is left for review",
      before: `import { Fields, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';

export const incomingHandler = {
  handle(request, responseOut) {
    const response = new OutgoingResponse(new Fields());
    if (request.pathWithQuery() === '/gone') {
      response.setStatusCode(410);
      ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
      return;
    }
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};
`,
      after: `// wasi-migrate(review): \`ResponseOutparam\` of wasi:http/types is gone in WASI 0.3 (handler.handle returns the response): the code still uses it
import { Fields, ResponseOutparam, Response } from 'wasi:http/types@0.3.0';

export const incomingHandler = {
  // wasi-migrate(review): \`handle\` sets its response outparam in a way the transform does not follow (not once, as a statement of its own body, with \`{ tag: 'ok', val }\`): return the response from \`async handle(request)\` by hand
  handle(request, responseOut) {
    const response = Response.new(new Fields(), undefined, wasiOk())[0];
    if (request.getPathWithQuery() === '/gone') {
      response.setStatusCode(410);
      ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
      return;
    }
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};
`,
      reviews: ["`ResponseOutparam` of wasi:http/types is gone in WASI 0.3 (h","`handle` sets its response outparam in a way the transform d"],
      helpers: ["wasiOk"],
    },
    {
      name: "the outparam becomes the returned response",
      before: `import { Fields, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';

export const incomingHandler = {
  handle(request, responseOut) {
    const response = new OutgoingResponse(new Fields());
    response.setStatusCode(204);
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  },
};
`,
      after: `import { Fields, Response } from 'wasi:http/types@0.3.0';

export const handler = {
  async handle(request) {
    const response = Response.new(new Fields(), undefined, wasiOk())[0];
    response.setStatusCode(204);
    return response;
  },
};
`,
      helpers: ["wasiOk"],
    },
    {
      name: "what follows the set keeps running after the return",
      before: `import { Fields, OutgoingResponse, OutgoingBody, ResponseOutparam } from 'wasi:http/types@0.2.12';

const enc = new TextEncoder();

export const incomingHandler = {
  handle(request, responseOut) {
    const response = new OutgoingResponse(new Fields());
    const body = response.body();
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
    body.write().blockingWriteAndFlush(enc.encode('hi\\n'));
    OutgoingBody.finish(body, undefined);
  },
};
`,
      after: `import { Fields, Response } from 'wasi:http/types@0.3.0';

const enc = new TextEncoder();

export const handler = {
  async handle(request) {
    const responseBody = wasiOutgoingBody();
    const response = Response.new(new Fields(), responseBody.contents, responseBody.trailers)[0];
    const body = responseBody;
    // The body goes on after the response is returned, as it did after the 0.2 outparam was set.
    (async () => {
      await body.write().write(enc.encode('hi\\n'));
      await body.finish(undefined);
    })();
    return response;
  },
};
`,
      helpers: ["wasiSink","wasiOutgoingBody"],
    },
  ],
};
export default transform;

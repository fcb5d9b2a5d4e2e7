import { Node, type CallExpression, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport } from '../wasi-imports.js';
import { awaitText, callLike, freshName, initializerOf, methodCallOn, methodOf, referencesTo, statementIn } from '../util.js';

const docs = `
WASI 0.2 HTTP messages carry their bodies as resources: an outgoing message
hands out an \`outgoing-body\` (\`response.body()\`), written through its
\`write()\` stream and ended by \`OutgoingBody.finish(body, trailers)\`; an
incoming one is \`consume()\`d into an \`incoming-body\`, read through its
\`stream()\`, and \`IncomingBody.finish(body)\` gives the trailers. WASI 0.3 has
one \`request\` and one \`response\` resource: \`Response.new(headers, contents,
trailers)\` takes the body as a \`stream<u8>\` and the trailers as a future, and
\`Response.consumeBody(response, res)\` gives the body stream and the trailers
future as a pair.

The transform rewrites:
- \`new OutgoingResponse(h)\` / \`new OutgoingRequest(h)\` into
  \`Response.new(h, body.contents, body.trailers)[0]\` (\`Request.new(..., undefined)\`
  for requests), where \`body\` is made by the inline \`wasiOutgoingBody\` helper
  and replaces every \`.body()\` of the message; a message whose body is never
  asked for gets no contents and ok trailers;
- \`OutgoingBody.finish(body, trailers)\` into \`await body.finish(trailers)\`;
- \`x.consume()\` into \`Response.consumeBody(x, wasiOk())\` (\`Request\` for the
  handler's own request), \`.stream()\` of that into the pair itself (the
  input-streams transform reads it), and \`IncomingBody.finish(body)\` into the
  trailers future \`body[1]\` (the futures transform awaits it).

A message or body whose origin the transform cannot see gets a review marker.
`;

const OUTGOING: Record<string, 'Response' | 'Request'> = { OutgoingResponse: 'Response', OutgoingRequest: 'Request' };

function httpTypes(ctx: FileContext): boolean {
  return [...ctx.wasi.byLocal.values()].some((w) => w.iface === 'wasi:http/types' && w.version.startsWith('0.2.'));
}

function apply(ctx: FileContext): void {
  if (!httpTypes(ctx)) return;
  const file = ctx.file;
  const types = (name: string) => ensureImport(file, 'wasi:http/types@0.3.0', name);

  // Outgoing messages.
  const news = file.getDescendantsOfKind(SyntaxKind.NewExpression).filter((d) => ctx.wasi.byLocal.get(d.getExpression().getText())?.iface === 'wasi:http/types' && d.getExpression().getText() in OUTGOING);
  for (const ne of news.reverse()) {
    const cls = ne.getExpression().getText();
    const kind = OUTGOING[ctx.wasi.byLocal.get(cls)!.name]!;
    const headers = ne.getArguments()[0]?.getText() ?? 'new Fields()';
    const decl = ne.getParent();
    const local = types(kind);
    // Request.new takes the request options last.
    const extra = kind === 'Request' ? ['undefined'] : [];
    if (!decl || !Node.isVariableDeclaration(decl) || !Node.isIdentifier(decl.getNameNode())) {
      ctx.review(ne, `\`new ${cls}\`: build the 0.3 message with \`${kind}.new(headers, contents, trailers)\` by hand`);
      continue;
    }
    const bodyCalls = referencesTo(decl).map((r) => methodCallOn(r, ['body'])).filter((c): c is CallExpression => !!c);
    if (bodyCalls.length) {
      ctx.needHelper('wasiOutgoingBody');
      const bodyName = freshName(file, `${decl.getName()}Body`);
      for (const c of bodyCalls.reverse()) ctx.edit(c.replaceWithText(bodyName), `the 0.2 outgoing-body: the body helper whose contents and trailers went to \`${kind}.new\``);
      const st = statementIn(decl)!;
      const replaced = ne.replaceWithText(`${callLike(ne, ne, `${local}.new`, [...(ne.getArguments().length ? [] : [headers]), `${bodyName}.contents`, `${bodyName}.trailers`, ...extra])}[0]`);
      const [made] = (st.getParent() as import('ts-morph').Block).insertStatements(st.getChildIndex(), `const ${bodyName} = wasiOutgoingBody();`);
      ctx.edit(made!, 'the body stream and trailers future the 0.3 message is made with');
      ctx.edit(replaced, `new ${cls} -> ${kind}.new(headers, contents, trailers)`);
    } else {
      ctx.needHelper('wasiOk');
      const replaced = ne.replaceWithText(`${callLike(ne, ne, `${local}.new`, [...(ne.getArguments().length ? [] : [headers]), 'undefined', 'wasiOk()', ...extra])}[0]`);
      ctx.edit(replaced, `new ${cls} (no body) -> ${kind}.new(headers, no contents, ok trailers)`);
    }
  }

  // OutgoingBody.finish(body, trailers) -> await body.finish(trailers)
  for (const c of staticCalls(ctx, 'OutgoingBody', 'finish').reverse()) {
    const [b, t] = c.getArguments();
    if (!b) continue;
    ctx.edit(c.replaceWithText(awaitText(c, `${b.getText()}.finish(${t?.getText() ?? 'undefined'})`)), 'OutgoingBody.finish: end the body stream and write the trailers future');
  }

  // Incoming bodies.
  const request = handlerRequestName(ctx);
  const consumes = file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((d) => methodOf(d)?.name === 'consume' && d.getArguments().length === 0);
  for (const c of consumes.reverse()) {
    const recv = methodOf(c)!.recv.getText();
    const kind = recv === request ? 'Request' : 'Response';
    ctx.needHelper('wasiOk');
    ctx.edit(c.replaceWithText(`${types(kind)}.consumeBody(${recv}, wasiOk())`), `consume() -> ${kind}.consumeBody: the body stream and the trailers future`);
  }
  const streams = file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((d) => methodOf(d)?.name === 'stream' && d.getArguments().length === 0);
  for (const s of streams.reverse()) {
    const recv = methodOf(s)!.recv;
    const init = initializerOf(recv);
    const isPair = (e: Node | undefined) => !!e && Node.isCallExpression(e) && methodOf(e)?.name === 'consumeBody';
    if (isPair(recv) || isPair(init)) ctx.edit(s.replaceWithText(recv.getText()), 'incoming-body.stream(): the pair from consumeBody (stream, then its outcome)');
  }
  for (const c of staticCalls(ctx, 'IncomingBody', 'finish').reverse()) {
    const b = c.getArguments()[0];
    if (!b) continue;
    ctx.edit(c.replaceWithText(`${b.getText()}[1]`), 'IncomingBody.finish: the trailers future of consumeBody');
  }
}

/** `Res.method(...)` calls where `Res` is the 0.2 http resource class `res`. */
function staticCalls(ctx: FileContext, res: string, method: string): CallExpression[] {
  return ctx.file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((d) => {
    const m = methodOf(d);
    if (!m || m.name !== method) return false;
    const w = ctx.wasi.byLocal.get(m.recv.getText());
    return w?.iface === 'wasi:http/types' && w.name === res;
  });
}

/** The name of the exported handler's request parameter, if there is one. */
function handlerRequestName(ctx: FileContext): string | undefined {
  for (const v of ctx.file.getVariableDeclarations()) {
    if (!['incomingHandler', 'handler'].includes(v.getName())) continue;
    const init = v.getInitializer();
    if (!init || !Node.isObjectLiteralExpression(init)) continue;
    const h = init.getProperty('handle');
    const fn = h && Node.isPropertyAssignment(h) ? h.getInitializer() : h;
    if (fn && (Node.isMethodDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn))) return fn.getParameters()[0]?.getName();
  }
  return undefined;
}

const transform: CodeTransform = {
  id: 'bindings/http-bodies',
  summary: 'outgoing/incoming http bodies become the contents stream and trailers future of Request/Response.new and consumeBody',
  docs,
  kind: 'mechanical',
  apply,
  cases: [
    {
      name: "an incoming body: stream, then trailers",
      before: `import { IncomingBody } from 'wasi:http/types@0.2.12';

const dec = new TextDecoder();

/** @param {import('wasi:http/types@0.2.12').IncomingResponse} response */
export function text(response) {
  const body = response.consume();
  const input = body.stream();
  let s = '';
  for (;;) {
    try {
      s += dec.decode(input.blockingRead(1024n));
    } catch (e) {
      if (e.tag === 'closed') break;
      throw e;
    }
  }
  const trailers = IncomingBody.finish(body);
  trailers.subscribe().block();
  return { s, trailers: trailers.get() };
}
`,
      after: `import { Response } from 'wasi:http/types@0.3.0';

const dec = new TextDecoder();

/** @param {import('wasi:http/types@0.3.0').Response} response */
export async function text(response) {
  const body = Response.consumeBody(response, wasiOk());
  const [input, inputOutcome] = body;
  let s = '';
  for await (const byte of input) {
    s += dec.decode(Uint8Array.of(byte));
  }
  const inputResult = await inputOutcome;
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  const trailers = body[1];
  return { s, trailers: { tag: 'ok', val: await trailers } };
}
`,
      helpers: ["wasiOk"],
    },
    {
      name: "a request in the file's own style (four spaces, double quotes, arguments one per line), its body stream dropped with Symbol.dispose before finish",
      before: `import { Fields, OutgoingRequest, OutgoingBody } from "wasi:http/types@0.2.12";
import { handle } from "wasi:http/outgoing-handler@0.2.12";

export function post(data) {
    const req = new OutgoingRequest(
        Fields.fromList([
            ["content-type", new TextEncoder().encode("text/plain")],
        ]),
    );
    const body = req.body();
    const future = handle(req);
    const out = body.write();
    out.blockingWriteAndFlush(data);
    out[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
    future.subscribe().block();
    return future.get().val.val.status();
}
`,
      after: `import { Fields, Request } from "wasi:http/types@0.3.0";
import { send } from "wasi:http/client@0.3.0";

export async function post(data) {
    const reqBody = wasiOutgoingBody();
    const req = Request.new(
        Fields.fromList([
            ["content-type", new TextEncoder().encode("text/plain")],
        ]),
        reqBody.contents,
        reqBody.trailers,
        undefined,
    )[0];
    const body = reqBody;
    const future = send(req);
    const out = body.write();
    await out.write(data);
    await body.finish(undefined);
    return (await future).getStatusCode();
}
`,
      helpers: ["wasiSink", "wasiOutgoingBody"],
    },
  ],
};
export default transform;

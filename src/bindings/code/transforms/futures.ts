import { Node, type CallExpression, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport } from '../wasi-imports.js';
import { declarationOf, initializerOf, methodCallOn, methodOf, methodReceivers, referencesTo, type Binding, replaceInPlace, descendantsOfKind } from '../util.js';
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
- \`f.subscribe().block()\` goes: the \`get()\` that follows waits;
- \`f.get().val.val\` (the value taken, trusted to be there and ok) becomes
  \`await f\` (a failed \`send\` throws; a trailers future's \`.get().val\` is
  \`await f\`);
- any other \`f.get()\` becomes \`{ tag: 'ok', val: await f... }\`, the same shape as the
  0.2 value, so the code reading it is unchanged (for \`send\`, the promise's
  rejection becomes \`{ tag: 'err', val }\`, what the 0.2 result held);
- \`f.subscribe()\` anywhere else becomes \`wasiPollable(f)\`, for the poll
  transform.

A \`handle\` with request options, or a future used in another way, gets a
review marker.
`;

type Kind = 'send' | 'result';

function kindOfInit(ctx: FileContext, init: Node | undefined): Kind | undefined {
  if (!init) return undefined;
  if (Node.isCallExpression(init)) {
    const c = ctx.wasi.callee(init);
    if (c?.iface === 'wasi:http/outgoing-handler' && c.name === 'handle') return 'send';
    if (Node.isIdentifier(init.getExpression()) && init.getExpression().getText() === sendLocal(ctx)) return 'send';
    // A function whose every return is a send future (`function get() { ...; return handle(req) }`).
    const callee = init.getExpression();
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
  if (Node.isVariableDeclaration(d)) return kindOfInit(ctx, d.getInitializer());
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

function apply(ctx: FileContext): void {
  sendName = undefined;
  const file = ctx.file;
  // handle(req, options) -> send(req)
  const handles = descendantsOfKind(file, SyntaxKind.CallExpression).filter((d) => ctx.wasi.isCall(d, 'wasi:http/outgoing-handler', 'handle'));
  for (const c of handles.reverse()) {
    const [req, opts] = c.getArguments();
    if (opts && opts.getText() !== 'undefined') {
      ctx.review(c, 'outgoing-handler.handle with request options: 0.3 `Request.new` takes the options; move them there');
      continue;
    }
    sendName = ensureImport(file, 'wasi:http/client@0.3.0', 'send');
    ctx.edit(replaceInPlace(c, `${sendName}(${req?.getText() ?? ''})`), 'outgoing-handler.handle -> client.send (async: a promise of the response)');
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
  for (const pa of descendantsOfKind(file, SyntaxKind.PropertyAssignment)) {
    const k = kindOfInit(ctx, (pa as import('ts-morph').PropertyAssignment).getInitializer());
    if (!k) continue;
    const name = (pa as import('ts-morph').PropertyAssignment).getName();
    byProp.set(name, byProp.has(name) && byProp.get(name) !== k ? null : k);
  }
  const propUses = descendantsOfKind(file, SyntaxKind.PropertyAccessExpression).filter((d) => !!byProp.get(d.getName()) && !!methodCallOn(d, ['get', 'subscribe']) && methodCallOn(d)!.getArguments().length === 0);
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
          stmt.remove();
          continue;
        }
        ctx.needHelper('wasiPollable');
        ctx.edit(replaceInPlace(call, `wasiPollable(${r.getText()})`), 'a pollable for a 0.3 promise (for poll)');
      } else if (m === 'get') {
        const name = r.getText();
        // `f.get().val.val` took the value, trusting it was there and ok: that is what `await` gives (a failed
        // `send` throws, as reading the 0.2 error as a response did).
        const vals: Node[] = [];
        for (let n: Node = call; ; ) {
          const p = n.getParent();
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
        const settled = kind === 'send' ? `${name}.then((val) => ({ tag: 'ok', val }), (val) => ({ tag: 'err', val }))` : name;
        ctx.edit(replaceInPlace(call, `{ tag: 'ok', val: await ${settled} }`), `${name}.get(): await the 0.3 ${kind === 'send' ? 'call' : 'future'}, same shape as the 0.2 value`);
      }
    }
  }
}

const transform: CodeTransform = {
  id: 'bindings/futures',
  summary: 'outgoing-handler.handle + future-incoming-response (subscribe, block, get) become client.send and one await',
  docs,
  kind: 'mechanical',
  apply,
  cases: [
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
  const r = { tag: 'ok', val: await future.then((val) => ({ tag: 'ok', val }), (val) => ({ tag: 'err', val })) };
  if (!r || r.tag === 'err' || r.val.tag === 'err') return 0;
  return r.val.val.getStatusCode();
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
  ],
};
export default transform;

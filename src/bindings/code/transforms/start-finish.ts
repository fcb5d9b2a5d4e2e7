import { Node, SyntaxKind, type CallExpression, type ExpressionStatement, type Statement } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { blockedOn, embedded, shapeOf, initializerOf, isEndlessLoop, methodOf, retryLoop, streamsPair, type Retry, replaceInPlace, descendantsOfKind, importDeclarations, insertStatementsAt, removeStatement } from '../util.js';

const docs = `
WASI 0.2 splits an operation that takes time into \`start-x(args)\` and
\`finish-x()\`; \`finish-x\` throws \`would-block\` until the result is there, and
code retries it after blocking on the resource's \`subscribe()\` pollable:
\`for (;;) { try { v = s.finishX(); break; } catch (e) { if (e !== 'would-block') throw e; s.subscribe().block(); } }\`.
Name lookups do the same with \`resolveNextAddress()\`. In 0.3 the pair is one
\`async func x(args)\`: \`v = await s.x(args)\`.

The transform finds that retry loop, the \`startX(...)\` statement before it
in the same block, and writes \`v = await s.x(args)\` in place of both.
The 0.2 \`network\` argument (the first of \`startBind\`, \`startConnect\` and
\`resolveAddresses\`, whatever value is passed there) is dropped: 0.3 sockets
need none. Two pairs get their 0.3 shape:
- \`startConnect\`/\`finishConnect\` of a TCP socket: \`await s.connect(address)\`,
  and the \`[input, output]\` streams \`finishConnect\` returned become
  \`[s.receive(), wasiSink((data) => s.send(data))]\` (the read pair and a sink
  for the send stream);
- \`resolveAddresses(network, name)\` + \`resolveNextAddress()\`: the lookup is
  the promise \`resolveAddresses(name)\`, and each \`resolveNextAddress()\` is
  \`(await lookup).shift()\`, the next address or \`undefined\`, as before.

A retry loop of another shape, or a \`finishX\` without its \`startX\`, gets a
review marker. So does a pair on a resource of the user's own WIT interface
(made by a \`new\` or a call imported from \`example:app/...\`): its WIT
decides whether it folds, and the WIT migration reports what it did.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  ownInterface: '`{{recv}}.start{{x}}`/`finish{{x}}` belong to `{{own}}`, your own interface, not WASI\'s: fold them into one `{{op}}` call by hand only if its WIT folds them (the WIT migration says whether it did)',
  nameLookup: 'a name lookup the transform cannot follow: `await resolveAddresses(name)` gives the addresses in 0.3',
  retried: '`{{method}}` retried on would-block: 0.3 has no would-block (an operation that waits is an async func, and a TCP server\'s connections come from the stream `listen()` returns); port this loop by hand',
  finishWithoutStart: '`finish{{x}}` without `start{{x}}` before it in the same block: fold the pair into `{{call}}` by hand',
} as const;

/** 0.2 calls whose first parameter is the \`network\`, which 0.3 has none of: \`startBind(network, address)\`, \`startConnect\`, \`resolveAddresses(network, name)\`. */
const NETWORK_FIRST = new Set(['startBind', 'startConnect', 'resolveAddresses']);

/**
 * The argument a 0.2 call passes as the \`network\` (\`NETWORK_FIRST\`, with 0.2's two arguments), which the port
 * drops whatever value stands there (\`instanceNetwork()\`, a parameter, \`'default'\`).
 */
export function networkArgument(call: CallExpression): Node | undefined {
  const e = call.getExpression();
  const name = Node.isPropertyAccessExpression(e) ? e.getName() : e.getText();
  const args = call.getArguments();
  return NETWORK_FIRST.has(name) && args.length === 2 ? args[0] : undefined;
}

/** The arguments of a \`NETWORK_FIRST\` call its 0.3 form keeps (all but the network); undefined for a call of another arity, not 0.2's. */
function afterNetwork(call: CallExpression): Node[] | undefined {
  const network = networkArgument(call);
  return network && call.getArguments().filter((a) => a !== network);
}

/**
 * The WIT interface a receiver comes from when it is the user's own, not
 * WASI's (\`const socket = new TcpServer()\` with \`TcpServer\` imported from
 * \`example:app/socket-server\`): its \`startX\`/\`finishX\` are whatever that
 * WIT says, and the WIT migration decides whether they fold (it reports
 * when it does not), so the code is not folded by name here.
 */
function ownInterface(ctx: FileContext, recv: Node): string | undefined {
  const init = initializerOf(recv);
  const made = init && (Node.isNewExpression(init) || Node.isCallExpression(init)) ? init.getExpression() : undefined;
  const name = made && (Node.isPropertyAccessExpression(made) ? made.getExpression() : made);
  if (!name || !Node.isIdentifier(name)) return undefined;
  for (const imp of importDeclarations(ctx.file)) {
    const spec = imp.getModuleSpecifierValue();
    if (spec.startsWith('wasi:') || !/^[a-z][\w-]*:[\w-]/.test(spec)) continue;
    if (imp.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name.getText()) || imp.getNamespaceImport()?.getText() === name.getText()) return spec;
  }
  return undefined;
}

/** Reports a pair of the user's own interface instead of folding it; true when it did. */
function leftToWit(ctx: FileContext, at: Node, recv: Node, x: string): boolean {
  const own = ownInterface(ctx, recv);
  if (!own) return false;
  ctx.review(at, 'ownInterface', { recv: recv.getText(), x, own, op: opName(x) });
  return true;
}

/** `Connect` -> `connect`: the 0.3 name of a `startX`/`finishX` pair. */
function opName(x: string): string {
  return `${x[0]!.toLowerCase()}${x.slice(1)}`;
}

/** The `recv.startX(...);` statement before `stmt` in the same block, if any. */
function startBefore(stmt: Node, recv: string, x: string): ExpressionStatement | undefined {
  const block = stmt.getParent();
  if (!block || !Node.isBlock(block)) return undefined;
  const stmts = block.getStatements();
  return stmts
    .slice(0, stmts.indexOf(stmt as Statement))
    .reverse()
    .find((s): s is ExpressionStatement => Node.isExpressionStatement(s) && Node.isCallExpression(s.getExpression()) && shapeOf(s.getExpression()).startsWith(`${recv}.start${x}(`));
}

/** The 0.3 call for `recv.startX(args)` + `recv.finishX()`, and a statement to run before it (connect). */
/** `whole`: the value stands whole as an initializer, an assigned or a returned value (a TypeScript tuple needs no parentheses there). */
function folded(ctx: FileContext, recv: string, x: string, start: ExpressionStatement, whole = false): { before?: string; value: string } | undefined {
  const call = start.getExpression() as CallExpression;
  const op = opName(x);
  const sockets = [...ctx.wasi.byLocal.values()].some((w) => w.iface.startsWith('wasi:sockets/'));
  // 0.2's start-bind and start-connect take the network first, which 0.3's bind and connect do not; a call of another
  // arity is no 0.2 socket's: left to the sockets transform, which reports the pair.
  const kept = sockets && (op === 'bind' || op === 'connect') ? afterNetwork(call) : call.getArguments();
  if (!kept) return undefined;
  // Argument text keeps its own later lines where they were: ts-morph indents what it inserts by the place's indentation.
  const args = kept.map((a) => embedded(start, a));
  // 0.3 sockets: `bind` is a plain call; `listen` returns the stream of connections the 0.2 accept loop
  // took one by one, which only a port of that loop can use (the sockets transform reports the server).
  if (sockets && op === 'bind') return { value: `${recv}.bind(${args.join(', ')})` };
  if (sockets && op === 'listen') return undefined;
  if (op === 'connect' && sockets) {
    ctx.needHelper('wasiSink');
    return { before: `await ${recv}.connect(${args.join(', ')});`, value: streamsPair(ctx.file, recv, whole) };
  }
  return { value: `await ${recv}.${op}(${args.join(', ')})` };
}

/** `s.startX(args); s.subscribe().block(); ... s.finishX() ...`: block once, then finish (no retry loop). */
function blockThenFinish(ctx: FileContext): void {
  const blocks = descendantsOfKind(ctx.file, SyntaxKind.ExpressionStatement).filter((st) => blockedOn(st));
  for (const st of blocks.reverse()) {
    const recv = blockedOn(st)!;
    const block = st.getParent();
    if (!block || !Node.isBlock(block)) continue;
    const next = st.getNextSibling();
    const finish = (next ? descendantsOfKind(next, SyntaxKind.CallExpression) : undefined)?.find((c) => new RegExp(`^${recv}\\.finish[A-Z]\\w*$`).test(c.getExpression().getText()) && c.getArguments().length === 0);
    if (!next || !finish) continue;
    const x = methodOf(finish)!.name.slice('finish'.length);
    const start = startBefore(st, recv, x);
    if (!start || leftToWit(ctx, start, methodOf(finish)!.recv, x)) continue;
    const at = finish.getParent();
    const whole = Node.isReturnStatement(at) || (Node.isVariableDeclaration(at) && at.getInitializer() === finish) || (Node.isBinaryExpression(at) && at.getOperatorToken().getKind() === SyntaxKind.EqualsToken && at.getRight() === finish);
    const f = folded(ctx, recv, x, start, whole);
    if (!f) continue;
    ctx.edit(finish.replaceWithText(f.value), `start${x}, block, finish${x} -> the awaited 0.3 call`);
    if (f.before) insertStatementsAt(block, next.getChildIndex(), f.before);
    removeStatement(st);
    removeStatement(start);
  }
}

/** `s.startX(args); s.finishX();` one after the other (no wait between: the 0.2 call did not block): one 0.3 call. */
function startThenFinish(ctx: FileContext): void {
  const starts = descendantsOfKind(ctx.file, SyntaxKind.ExpressionStatement).filter((st) => /^(\w+)\.start[A-Z]\w*\(/.test(st.getText()));
  for (const st of starts.reverse()) {
    if (st.wasForgotten()) continue;
    const call = st.getExpression();
    if (!Node.isCallExpression(call)) continue;
    const m = methodOf(call)!;
    const recv = m.recv.getText();
    const x = m.name.slice('start'.length);
    const next = st.getNextSibling();
    const finish = next && Node.isExpressionStatement(next) ? next.getExpression() : undefined;
    if (!finish || !Node.isCallExpression(finish) || finish.getText() !== `${recv}.finish${x}()`) continue;
    if (leftToWit(ctx, st, m.recv, x)) continue;
    const f = folded(ctx, recv, x, st);
    if (!f || f.before) continue;
    ctx.edit(next!.replaceWithText(`${f.value};`), `start${x}, finish${x} -> the 0.3 ${opName(x)}`);
    removeStatement(st);
  }
}

function apply(ctx: FileContext): void {
  startThenFinish(ctx);
  blockThenFinish(ctx);
  const loops = [SyntaxKind.ForStatement, SyntaxKind.WhileStatement, SyntaxKind.DoStatement].flatMap((k) => descendantsOfKind(ctx.file, k) as Node[]).sort((a, b) => a.getStart() - b.getStart()).filter((d) => isEndlessLoop(d)).map((l) => retryLoop(l as Statement)).filter((r): r is Retry => !!r);
  for (const r of loops.reverse()) {
    const call = r.call;
    if (!Node.isCallExpression(call)) continue;
    const m = methodOf(call);
    if (!m) continue;
    const to = (expr: string) => (r.target ? `${r.target} = ${expr};` : `${expr};`);
    if (m.name === 'resolveNextAddress') {
      const init = initializerOf(m.recv);
      if (!init || !Node.isCallExpression(init) || ctx.wasi.callee(init)?.name !== 'resolveAddresses') {
        ctx.review(r.loop, 'nameLookup');
        continue;
      }
      const args = afterNetwork(init)?.map((a) => a.getText());
      if (!args) {
        ctx.review(r.loop, 'nameLookup');
        continue;
      }
      ctx.edit(replaceInPlace(r.loop, to(`(await ${m.recv.getText()}).shift()`)), 'resolveNextAddress() retried until ready: the next address of the awaited 0.3 lookup');
      ctx.edit(replaceInPlace(init, `${init.getExpression().getText()}(${args.join(', ')})`), '0.3 resolveAddresses(name) is async and returns every address');
      continue;
    }
    const fm = /^finish([A-Z]\w*)$/.exec(m.name);
    if (!fm) {
      ctx.review(r.loop, 'retried', { method: m.name });
      continue;
    }
    const x = fm[1]!;
    const recv = m.recv.getText();
    const op = opName(x);
    const start = startBefore(r.loop, recv, x);
    if (leftToWit(ctx, r.loop, m.recv, x)) continue;
    if (!start) {
      const sync03 = op === 'bind' || op === 'listen';
      ctx.review(r.loop, 'finishWithoutStart', { x, call: `${sync03 ? '' : 'await '}${recv}.${op}(...)` });
      continue;
    }
    const f = folded(ctx, recv, x, start, true);
    if (!f) continue;
    if (f.before) {
      ctx.edit(r.loop.replaceWithText(`${f.before}${r.target ? `\n${r.target} = ${f.value};` : ''}`), 'startConnect/finishConnect -> await connect; the streams are the receive pair and a sink for send');
    } else {
      ctx.edit(r.loop.replaceWithText(to(f.value)), `start${x}/finish${x} -> await ${op}`);
    }
    ctx.edit(start.getNextSibling() ?? start.getParentOrThrow(), `start${x}: folded into the awaited ${op}`);
    removeStatement(start);
  }
}

const transform: CodeTransform = {
  id: 'bindings/start-finish',
  summary: 'startX(args) then finishX() retried on would-block become one await of the 0.3 x(args)',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  // A `s.startX(...)` statement, or a retry loop catching 'would-block'.
  mentions: ['.start', 'would-block'],
  cases: [
    {
      name: "startBind/finishBind of the user's own WIT resource (not WASI's) are reported, not folded by name",
      before: { 'guest.js': `import { now } from 'wasi:clocks/monotonic-clock@0.2.12';
import { TcpServer } from 'example:app/socket-server';

export const tcpDemo = {
  serveOnce() {
    const socket = new TcpServer();
    socket.startBind(7000);
    socket.finishBind();
    socket.accept();
    return now();
  },
};
` },
      after: { 'guest.js': `import { now } from 'wasi:clocks/monotonic-clock@0.3.0';
import { TcpServer } from 'example:app/socket-server';

export const tcpDemo = {
  serveOnce() {
    const socket = new TcpServer();
    // wasi-migrate(review): \`socket.startBind\`/\`finishBind\` belong to \`example:app/socket-server\`, your own interface, not WASI's: fold them into one \`bind\` call by hand only if its WIT folds them (the WIT migration says whether it did)
    socket.startBind(7000);
    socket.finishBind();
    socket.accept();
    return now();
  },
};
` },
      reviews: ["`socket.startBind`/`finishBind` belong to `example:app/socke"],
    },
    {
      name: "a TCP connect retried on would-block",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

export function open(address) {
  const network = instanceNetwork();
  const socket = createTcpSocket('ipv4');
  socket.startConnect(network, address);
  let streams;
  for (;;) {
    try {
      streams = socket.finishConnect();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      socket.subscribe().block();
    }
  }
  return streams;
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export async function open(address) {
  const socket = TcpSocket.create('ipv4');
  let streams;
  await socket.connect(address);
  streams = /** @type {const} */ ([socket.receive(), wasiSink((data) => socket.send(data))]);
  return streams;
}
`,
      helpers: ["wasiSink"],
    },
    {
      name: "a TCP connect retried on would-block as a ComponentizeJS build throws it (a ComponentError whose payload is the error-code)",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

export function open(address) {
  const network = instanceNetwork();
  const socket = createTcpSocket('ipv4');
  socket.startConnect(network, address);
  let streams;
  for (;;) {
    try {
      streams = socket.finishConnect();
      break;
    } catch (err) {
      if (err?.payload !== 'would-block') throw err;
      socket.subscribe().block();
    }
  }
  return streams;
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export async function open(address) {
  const socket = TcpSocket.create('ipv4');
  let streams;
  await socket.connect(address);
  streams = /** @type {const} */ ([socket.receive(), wasiSink((data) => socket.send(data))]);
  return streams;
}
`,
      helpers: ["wasiSink"],
    },
    {
      name: "a finish without its start is left for review",
      before: `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

export function done(socket) {
  for (;;) {
    try {
      socket.finishBind();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      socket.subscribe().block();
    }
  }
}
`,
      after: `export function done(socket) {
  // wasi-migrate(review): \`finishBind\` without \`startBind\` before it in the same block: fold the pair into \`socket.bind(...)\` by hand
  for (;;) {
    try {
      socket.finishBind();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      socket.subscribe().block();
    }
  }
}
`,
      reviews: ["`finishBind` without `startBind` before it in the same block"],
    },
    {
      name: "a `resolveNextAddress` retry loop in a helper whose lookup is a parameter (made by `resolveAddresses` in its caller): the lookup is not followed, the loop is reported",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { resolveAddresses } from 'wasi:sockets/ip-name-lookup@0.2.3';

function nextAddress(lookup) {
  let address;
  for (;;) {
    try {
      address = lookup.resolveNextAddress();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      lookup.subscribe().block();
    }
  }
  return address;
}

export function resolveAll(name) {
  const lookup = resolveAddresses(instanceNetwork(), name);
  const all = [];
  for (let a = nextAddress(lookup); a; a = nextAddress(lookup)) all.push(a);
  return all;
}
`,
      after: `// wasi-migrate(review): wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource: sockets need no network handle)
// wasi-migrate(review): \`instanceNetwork\` of wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource): the code still uses it
import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { resolveAddresses } from 'wasi:sockets/ip-name-lookup@0.3.0';

function nextAddress(lookup) {
  let address;
  // wasi-migrate(review): a name lookup the transform cannot follow: \`await resolveAddresses(name)\` gives the addresses in 0.3
  for (;;) {
    try {
      address = lookup.resolveNextAddress();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      lookup.subscribe().block();
    }
  }
  return address;
}

export function resolveAll(name) {
  const lookup = resolveAddresses(instanceNetwork(), name);
  const all = [];
  for (let a = nextAddress(lookup); a; a = nextAddress(lookup)) all.push(a);
  return all;
}
`,
      reviews: ["wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no networ","`instanceNetwork` of wasi:sockets/instance-network is gone in WASI 0.3","a name lookup the transform cannot follow: `await resolveAddresses(nam"],
    },
    {
      name: "an `accept()` retried on would-block: no 0.3 operation to await (connections come from the stream `listen()` returns); the loop is reported beside the server report (the message used to say \"await it\")",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

export function acceptOne(address) {
  const network = instanceNetwork();
  const server = createTcpSocket('ipv4');
  server.startBind(network, address);
  server.finishBind();
  server.startListen();
  server.finishListen();
  let conn;
  for (;;) {
    try {
      conn = server.accept();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      server.subscribe().block();
    }
  }
  return conn;
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export function acceptOne(address) {
  const server = TcpSocket.create('ipv4');
  server.bind(address);
  // wasi-migrate(review): \`server\` is a 0.2 TCP server (start/finish listen, subscribe and accept): in 0.3 \`listen()\` returns a stream of connected sockets and \`accept\` is gone; port the server loop by hand (\`for await (const conn of server.listen())\`, each \`conn.receive()\`/\`conn.send(data)\`)
  server.startListen();
  server.finishListen();
  let conn;
  // wasi-migrate(review): \`accept\` retried on would-block: 0.3 has no would-block (an operation that waits is an async func, and a TCP server's connections come from the stream \`listen()\` returns); port this loop by hand
  for (;;) {
    try {
      conn = server.accept();
      break;
    } catch (e) {
      if (e !== 'would-block') throw e;
      server.subscribe().block();
    }
  }
  return conn;
}
`,
      reviews: ["`server` is a 0.2 TCP server (start/finish listen, subscribe and accep","`accept` retried on would-block: 0.3 has no would-block (an operation "],
    },
    {
      name: "0.2's network argument is dropped by its place (the first of `startConnect`/`startBind`), whatever value stands there: a parameter `network` the caller hands in was kept (`socket.connect(network, peer)`, which 0.3's `connect(address)` refuses)",
      before: `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

export function connect(network, peer) {
  const socket = createTcpSocket('ipv4');
  socket.startConnect(network, peer);
  socket.subscribe().block();
  return socket.finishConnect();
}

export function bind(network, local) {
  const socket = createTcpSocket('ipv4');
  socket.startBind(network, local);
  socket.finishBind();
  return socket;
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export async function connect(network, peer) {
  const socket = TcpSocket.create('ipv4');
  await socket.connect(peer);
  return /** @type {const} */ ([socket.receive(), wasiSink((data) => socket.send(data))]);
}

export function bind(network, local) {
  const socket = TcpSocket.create('ipv4');
  socket.bind(local);
  return socket;
}
`,
      helpers: ["wasiSink"],
    },
  ],
};
export default transform;

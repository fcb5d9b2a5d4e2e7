import { Node, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport, isReferenced, resourceIfacesOf } from '../wasi-imports.js';
import { descendantsOfKind, methodOf, shapeOf, replaceInPlace, underReview, methodCalls, removeStatement } from '../util.js';

const docs = `
WASI 0.3 folds \`wasi:sockets\` into one \`types\` interface with no \`network\`
resource: a TCP socket is \`TcpSocket.create(family)\` (0.2:
\`createTcpSocket\` of \`tcp-create-socket\`; UDP's likewise
\`UdpSocket.create\`), and a connection's send side is
the stream the guest passes to \`send\`, so \`shutdown('send')\` is the end of
that stream.

- \`createTcpSocket(f)\` becomes \`TcpSocket.create(f)\`, \`createUdpSocket(f)\`
  \`UdpSocket.create(f)\`;
- \`shutdown('send')\` on a socket whose streams the start-finish transform
  made becomes \`await output.close()\` on the variable that holds its send
  sink;
- \`const network = instanceNetwork()\` goes once nothing uses it (the
  start-finish transform drops it from the calls that took it).

Anything else (\`shutdown('receive')\`, UDP's datagram streams and the
types read off them (\`UdpSocket['stream']\`), a \`listen\`/\`accept\` server the
tcp-server transform did not port, a \`startBind\`/\`finishBind\` or
\`startConnect\`/\`finishConnect\` pair the start-finish transform could not
fold) gets a review marker.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  shutdown: '`{{recv}}.shutdown({{arg}})`: in 0.3 the send side ends when its stream ends; close that stream instead',
  tcpServer: '`{{recv}}` is a 0.2 TCP server (start/finish listen, subscribe and accept): in 0.3 `listen()` returns a stream of connected sockets and `accept` is gone; port the server loop by hand (`for await (const conn of {{recv}}.listen())`, each `conn.receive()`/`conn.send(data)`)',
  twoPhaseBind: '`{{recv}}.startBind`/`finishBind` is 0.2\'s two-phase bind, which no transform folded here: in 0.3 it is one call (`{{recv}}.bind(address)`); fold it by hand',
  udpStreams: '`{{recv}}.stream(...)` gives 0.2\'s UDP datagram streams (an incoming one to `receive` from, an outgoing one to `checkSend` and `send` on), which 0.3 does not have: there the socket itself sends and receives (`{{recv}}.connect(remote)` for a fixed peer, then `await {{recv}}.send(data, remote)` and `await {{recv}}.receive()`, one datagram per call); port them by hand',
  udpStreamsType: '`{{type}}` names 0.2\'s UDP datagram streams, which 0.3 does not have (the socket itself sends and receives: `send(data, remote)`, `receive()`): port what holds them by hand',
  twoPhaseConnect: '`{{recv}}.startConnect`/`finishConnect` is 0.2\'s two-phase connect, which no transform folded here: in 0.3 it is one call (`await {{recv}}.connect(address)`, then `{{recv}}.receive()` and `{{recv}}.send(data)`); fold it by hand',
} as const;

function apply(ctx: FileContext): void {
  const file = ctx.file;
  if (![...ctx.wasi.byLocal.values()].some((w) => w.iface.startsWith('wasi:sockets/'))) return;
  // The classes are imported in the order the file first makes them; the calls replaced from the last one back.
  const made = ctx.wasi.callsWhere(file, (c) => CREATE.get(c.iface) === c.name).map((c) => ({ c, name: ctx.wasi.callee(c)!.name }));
  const local = new Map(made.map(({ name }) => [name, ensureImport(file, 'wasi:sockets/types@0.3.0', name.slice('create'.length))]));
  for (const { c, name } of made.reverse()) {
    ctx.edit(replaceInPlace(c, `${local.get(name)}.create(${c.getArguments().map((a) => a.getText()).join(', ')})`), `${name} -> ${name.slice('create'.length)}.create`);
  }
  for (const c of methodCalls(file, ['shutdown']).reverse()) {
    const recv = methodOf(c)!.recv.getText();
    const arg = c.getArguments()[0]?.getText();
    const send = c.getArguments()[0] && shapeOf(c.getArguments()[0]!) === "'send'";
    const made = descendantsOfKind(file, SyntaxKind.ArrayLiteralExpression).find((d) => shapeOf(d).startsWith(`[${recv}.receive(),wasiSink(`));
    let assign = made?.getParent();
    while (assign && (Node.isParenthesizedExpression(assign) || Node.isAsExpression(assign))) assign = assign.getParent();
    // `const [input, output] = [s.receive(), wasiSink(...)]` itself, or a name holding the pair that is destructured later.
    const direct = assign && Node.isVariableDeclaration(assign) && Node.isArrayBindingPattern(assign.getNameNode()) ? assign : undefined;
    const target = direct ? undefined : assign && Node.isBinaryExpression(assign) ? assign.getLeft().getText() : assign && Node.isVariableDeclaration(assign) ? assign.getName() : undefined;
    const pattern = direct ?? (target ? descendantsOfKind(file, SyntaxKind.VariableDeclaration).find((v) => v.getInitializer()?.getText() === target && Node.isArrayBindingPattern(v.getNameNode())) : undefined);
    const out = pattern ? (pattern.getNameNode() as import('ts-morph').ArrayBindingPattern).getElements()[1] : undefined;
    if (!send || !out || !Node.isBindingElement(out)) {
      ctx.review(c, 'shutdown', { recv, arg: arg ?? '' });
      continue;
    }
    ctx.edit(replaceInPlace(c, `await ${out.getName()}.close()`), "shutdown('send'): end the stream passed to send");
  }
  for (const v of descendantsOfKind(file, SyntaxKind.VariableDeclaration)) {
    const init = v.getInitializer();
    if (!init || !Node.isCallExpression(init) || !ctx.wasi.isCall(init, 'wasi:sockets/instance-network', 'instanceNetwork')) continue;
    if (isReferenced(file, v.getName(), v)) continue;
    const st = v.getVariableStatement();
    if (st && st.getDeclarations().length === 1) {
      ctx.edit(st.getNextSibling() ?? st.getParentOrThrow(), 'the 0.2 network handle: 0.3 sockets need none');
      removeStatement(st);
    }
  }
  // A TCP server's listen and accept loop, which no transform ports: reported once per socket, at its first such call.
  const reported = new Set<string>();
  for (const c of methodCalls(file, [...SERVER])) {
    const recv = methodOf(c)!.recv.getText();
    if (reported.has(recv)) continue;
    reported.add(recv);
    ctx.review(c, 'tcpServer', { recv });
  }
  // 0.2's UDP datagram streams (`socket.stream(remote)`, http's body `stream()` takes no argument), and types read off them;
  // also in a file that imports only `createUdpSocket` (the socket it makes is a wasi:sockets/udp one).
  if ([...ctx.wasi.interfaces02].some((i) => i === 'wasi:sockets/udp' || resourceIfacesOf(i).includes('wasi:sockets/udp'))) {
    for (const c of methodCalls(file, ['stream']).filter((d) => d.getArguments().length === 1)) {
      if (!underReview(c)) ctx.review(c, 'udpStreams', { recv: methodOf(c)!.recv.getText() });
    }
    const udp = [...ctx.wasi.byLocal].filter(([, w]) => w.iface === 'wasi:sockets/udp' && w.name !== '*').map(([local]) => local);
    for (const t of descendantsOfKind(file, SyntaxKind.IndexedAccessType)) {
      if (udp.includes(t.getObjectTypeNode().getText()) && /^['"]stream['"]$/.test(t.getIndexTypeNode().getText()) && !underReview(t)) ctx.review(t, 'udpStreamsType', { type: t.getText() });
    }
  }
  // A bind or connect whose start/finish pair the start-finish transform could not fold (its finish called from a
  // retry helper of the code's own, say): 0.3 has neither half. Reported once per socket and operation.
  for (const c of file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((d) => TWO_PHASE.has(methodOf(d)?.name ?? ''))) {
    const recv = methodOf(c)!.recv.getText();
    const op = TWO_PHASE.get(methodOf(c)!.name)!;
    if (reported.has(`${recv} ${op}`)) continue;
    reported.add(`${recv} ${op}`);
    // Reported already: by another transform, or by this one in an earlier run (its marker is above).
    if (underReview(c)) continue;
    ctx.review(c, op === 'bind' ? 'twoPhaseBind' : 'twoPhaseConnect', { recv });
  }
}

/** 0.2's socket factories (one interface each), which 0.3 made static `create` functions of the socket resources. */
const CREATE = new Map([
  ['wasi:sockets/tcp-create-socket', 'createTcpSocket'],
  ['wasi:sockets/udp-create-socket', 'createUdpSocket'],
]);

/** 0.2's two-phase bind and connect: each half, and the operation. */
const TWO_PHASE = new Map([
  ['startBind', 'bind'],
  ['finishBind', 'bind'],
  ['startConnect', 'connect'],
  ['finishConnect', 'connect'],
]);

/** 0.2 TCP server calls (bind and listen are start/finish pairs there; accept is gone in 0.3). */
const SERVER = new Set(['startListen', 'finishListen', 'accept']);

const transform: CodeTransform = {
  id: 'bindings/sockets',
  summary: 'createTcpSocket and createUdpSocket, shutdown and the network handle take their wasi:sockets 0.3 shapes',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  cases: [
    {
      name: "shutdown send closes the send stream",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

const enc = new TextEncoder();

export function hello(address) {
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
  const [input, output] = streams;
  output.blockingWriteAndFlush(enc.encode('hello\\n'));
  socket.shutdown('send');
  return input;
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

const enc = new TextEncoder();

export async function hello(address) {
  const socket = TcpSocket.create('ipv4');
  let streams;
  await socket.connect(address);
  streams = /** @type {const} */ ([socket.receive(), wasiSink((data) => socket.send(data))]);
  const [input, output] = streams;
  await output.write(enc.encode('hello\\n'));
  await output.close();
  return input;
}
`,
      helpers: ["wasiSink"],
    },
    {
      // The bindings fuzzer's switch-wrap found it (\`switch (typeof network)\`): a use in the block that declares the
      // handle was taken for a use of another binding shadowing it, and the declaration went (TS2304, --check 0).
      name: "the network handle read elsewhere in its own block (logged) stays, and its import is reported",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

export function open() {
  const network = instanceNetwork();
  console.log('network', network);
  return createTcpSocket('ipv4');
}
`,
      after: `// wasi-migrate(review): wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource: sockets need no network handle)
// wasi-migrate(review): \`instanceNetwork\` of wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource): the code still uses it
import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export function open() {
  const network = instanceNetwork();
  console.log('network', network);
  return TcpSocket.create('ipv4');
}
`,
      reviews: ['wasi:sockets/instance-network is gone in WASI 0.3', '`instanceNetwork` of wasi:sockets/instance-network is gone'],
    },
    {
      name: "a bind whose finish the code's own retry helper calls: no transform folds it, so it is reported",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

function settle(step) {
  for (;;) {
    try {
      return step();
    } catch (err) {
      if (err !== 'would-block') throw err;
    }
  }
}

export function bound(port) {
  const socket = createTcpSocket('ipv4');
  socket.startBind(instanceNetwork(), { tag: 'ipv4', val: { port, address: [0, 0, 0, 0] } });
  settle(() => socket.finishBind());
  return socket;
}
`,
      after: `// wasi-migrate(review): wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource: sockets need no network handle)
// wasi-migrate(review): \`instanceNetwork\` of wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource): the code still uses it
import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { TcpSocket } from 'wasi:sockets/types@0.3.0';

function settle(step) {
  for (;;) {
    try {
      return step();
    } catch (err) {
      // wasi-migrate(review): \`would-block\` is a case of wasi:sockets's \`error-code\` in 0.2 and of none in 0.3 (an enum then, a variant now, without this case): a value from WASI is never it after the port, so this test never holds; port what it stood for by hand
      if (err !== 'would-block') throw err;
    }
  }
}

export function bound(port) {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`socket.startBind\`/\`finishBind\` is 0.2's two-phase bind, which no transform folded here: in 0.3 it is one call (\`socket.bind(address)\`); fold it by hand
  socket.startBind(instanceNetwork(), { tag: 'ipv4', val: { port, address: [0, 0, 0, 0] } });
  settle(() => socket.finishBind());
  return socket;
}
`,
      reviews: ['wasi:sockets/instance-network is gone in WASI 0.3', '`instanceNetwork` of wasi:sockets/instance-network is gone', "`would-block` is a case of wasi:sockets's `error-code` in 0.2 and of none in 0.3", "`socket.startBind`/`finishBind` is 0.2's two-phase bind"],
    },
    {
      name: "TypeScript: the 0.2 `import type { TcpSocket }` gives way to the 0.3 class under its own name; shutdown of a connection destructured at once",
      before: {
        'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';
import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';

export function open(): TcpSocket {
  const socket = createTcpSocket('ipv4');
  socket.startConnect(instanceNetwork(), { tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } });
  socket.subscribe().block();
  const [input, output] = socket.finishConnect();
  output.blockingWriteAndFlush(new Uint8Array([1]));
  socket.shutdown('send');
  void input;
  return socket;
}
`,
      },
      after: {
        'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export async function open(): Promise<TcpSocket> {
  const socket = TcpSocket.create('ipv4');
  await socket.connect({ tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } });
  const [input, output] = [socket.receive(), wasiSink((data) => socket.send(data))] as const;
  await output.write(new Uint8Array([1]));
  await output.close();
  void input;
  return socket;
}
`,
      },
      helpers: ["wasiSink"],
    },
    {
      name: "a 0.2 TCP server whose accept loop the tcp-server transform does not know (it retries on would-block): bind becomes the plain 0.3 call; the server is reported, never half-ported",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';

export const run = {
  run() {
    const sock = createTcpSocket('ipv4');
    sock.startBind(instanceNetwork(), { tag: 'ipv4', val: { port: 7878, address: [0, 0, 0, 0] } });
    sock.finishBind();
    sock.startListen();
    sock.finishListen();
    for (;;) {
      let conn, input, output;
      try {
        [conn, input, output] = sock.accept();
      } catch (e) {
        if (e === 'would-block') {
          sock.subscribe().block();
          continue;
        }
        throw e;
      }
      output.blockingWriteAndFlush(new TextEncoder().encode('hi\\n'));
    }
  },
};
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export const run = {
  async run() {
    const sock = TcpSocket.create('ipv4');
    sock.bind({ tag: 'ipv4', val: { port: 7878, address: [0, 0, 0, 0] } });
    // wasi-migrate(review): \`sock\` is a 0.2 TCP server (start/finish listen, subscribe and accept): in 0.3 \`listen()\` returns a stream of connected sockets and \`accept\` is gone; port the server loop by hand (\`for await (const conn of sock.listen())\`, each \`conn.receive()\`/\`conn.send(data)\`)
    sock.startListen();
    sock.finishListen();
    for (;;) {
      // wasi-migrate(review): \`output\` is a WASI 0.2 output-stream the transform cannot trace to its origin: make it a stream<u8> passed to the 0.3 call
      let conn, input, output;
      try {
        [conn, input, output] = sock.accept();
      } catch (e) {
        // wasi-migrate(review): \`would-block\` is a case of wasi:sockets's \`error-code\` in 0.2 and of none in 0.3 (an enum then, a variant now, without this case): a value from WASI is never it after the port, so this test never holds; port what it stood for by hand
        if (e === 'would-block') {
          sock.subscribe().block();
          continue;
        }
        throw e;
      }
      output.blockingWriteAndFlush(new TextEncoder().encode('hi\\n'));
    }
  },
};
`,
      reviews: ["`sock` is a 0.2 TCP server (start/finish listen, subscribe a", "`output` is a WASI 0.2 output-stream the transform cannot tr", "`would-block` is a case of wasi:sockets's `error-code` in 0.2 and of none in 0.3"],
      helpers: [],
    },
    {
      name: "`shutdown('send')` on a socket handed in as a parameter, whose send stream no transform made: reported, the call left as it was",
      before: `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

const enc = new TextEncoder();

export function newSocket() {
  return createTcpSocket('ipv4');
}

export function sendLast(socket, output, line) {
  output.blockingWriteAndFlush(enc.encode(line + '\\n'));
  socket.shutdown('send');
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

const enc = new TextEncoder();

export function newSocket() {
  return TcpSocket.create('ipv4');
}

export async function sendLast(socket, output, line) {
  await output.write(enc.encode(line + '\\n'));
  // wasi-migrate(review): \`socket.shutdown('send')\`: in 0.3 the send side ends when its stream ends; close that stream instead
  socket.shutdown('send');
}
`,
      reviews: ["`socket.shutdown('send')`: in 0.3 the send side ends when its stream e"],
    },
    {
      name: "a connect whose `finishConnect` is retried by a helper of the code's own (`untilReady(socket, () => socket.finishConnect())`): the two-phase connect is reported where it starts (and the helper's would-block test by bindings/enum-variants)",
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

function untilReady(socket, finish) {
  for (;;) {
    try {
      return finish();
    } catch (e) {
      if (e !== 'would-block') throw e;
      socket.subscribe().block();
    }
  }
}

export function connect(address) {
  const socket = createTcpSocket('ipv4');
  socket.startConnect(instanceNetwork(), address);
  const [input, output] = untilReady(socket, () => socket.finishConnect());
  return { socket, input, output };
}
`,
      after: `// wasi-migrate(review): wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource: sockets need no network handle)
// wasi-migrate(review): \`instanceNetwork\` of wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no network resource): the code still uses it
import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { TcpSocket } from 'wasi:sockets/types@0.3.0';

function untilReady(socket, finish) {
  for (;;) {
    try {
      return finish();
    } catch (e) {
      // wasi-migrate(review): \`would-block\` is a case of wasi:sockets's \`error-code\` in 0.2 and of none in 0.3 (an enum then, a variant now, without this case): a value from WASI is never it after the port, so this test never holds; port what it stood for by hand
      if (e !== 'would-block') throw e;
      socket.subscribe().block();
    }
  }
}

export function connect(address) {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`socket.startConnect\`/\`finishConnect\` is 0.2's two-phase connect, which no transform folded here: in 0.3 it is one call (\`await socket.connect(address)\`, then \`socket.receive()\` and \`socket.send(data)\`); fold it by hand
  socket.startConnect(instanceNetwork(), address);
  const [input, output] = untilReady(socket, () => socket.finishConnect());
  return { socket, input, output };
}
`,
      reviews: ["wasi:sockets/instance-network is gone in WASI 0.3 (0.3.0 has no networ","`instanceNetwork` of wasi:sockets/instance-network is gone in WASI 0.3","`would-block` is a case of wasi:sockets's `error-code` in 0.2 and of n","`socket.startConnect`/`finishConnect` is 0.2's two-phase connect, whic"],
    },
    {
      name: "`createUdpSocket(f)` (wasi:sockets/udp-create-socket) becomes `UdpSocket.create(f)`, as TCP's factory does, also beside it (the two imports merge into one of wasi:sockets/types)",
      before: { 'guest.ts': `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';
import { createUdpSocket } from 'wasi:sockets/udp-create-socket@0.2.3';

export function open() {
  const tcp = createTcpSocket('ipv4');
  const udp = createUdpSocket('ipv6');
  return [tcp.addressFamily(), udp.addressFamily()];
}
` },
      after: { 'guest.ts': `import { TcpSocket, UdpSocket } from 'wasi:sockets/types@0.3.0';

export function open() {
  const tcp = TcpSocket.create('ipv4');
  const udp = UdpSocket.create('ipv6');
  return [tcp.getAddressFamily(), udp.getAddressFamily()];
}
` },
    },
    {
      name: "a file that imports only `createUdpSocket` holds a wasi:sockets/udp socket: its datagram streams (`socket.stream(remote)`) are reported there too",
      before: `import { createUdpSocket } from 'wasi:sockets/udp-create-socket@0.2.3';

export function open(peer) {
  const socket = createUdpSocket('ipv4');
  const [incoming, outgoing] = socket.stream(peer);
  return { incoming, outgoing };
}
`,
      after: `import { UdpSocket } from 'wasi:sockets/types@0.3.0';

export function open(peer) {
  const socket = UdpSocket.create('ipv4');
  // wasi-migrate(review): \`socket.stream(...)\` gives 0.2's UDP datagram streams (an incoming one to \`receive\` from, an outgoing one to \`checkSend\` and \`send\` on), which 0.3 does not have: there the socket itself sends and receives (\`socket.connect(remote)\` for a fixed peer, then \`await socket.send(data, remote)\` and \`await socket.receive()\`, one datagram per call); port them by hand
  const [incoming, outgoing] = socket.stream(peer);
  return { incoming, outgoing };
}
`,
      reviews: ['`socket.stream(...)` gives 0.2\'s UDP datagram streams'],
    },
    {
      name: "UDP's datagram streams (`socket.stream(remote)`, and a type read off it): 0.3 sends and receives on the socket itself, so both are reported",
      before: { 'guest.ts': `import type { UdpSocket } from 'wasi:sockets/udp@0.2.3';

type Outgoing = ReturnType<UdpSocket['stream']>[1];

export function open(socket: UdpSocket): Outgoing {
  const [, outgoing] = socket.stream(undefined);
  return outgoing;
}
` },
      after: { 'guest.ts': `import type { UdpSocket } from 'wasi:sockets/types@0.3.0';

// wasi-migrate(review): \`UdpSocket['stream']\` names 0.2's UDP datagram streams, which 0.3 does not have (the socket itself sends and receives: \`send(data, remote)\`, \`receive()\`): port what holds them by hand
type Outgoing = ReturnType<UdpSocket['stream']>[1];

export function open(socket: UdpSocket): Outgoing {
  // wasi-migrate(review): \`socket.stream(...)\` gives 0.2's UDP datagram streams (an incoming one to \`receive\` from, an outgoing one to \`checkSend\` and \`send\` on), which 0.3 does not have: there the socket itself sends and receives (\`socket.connect(remote)\` for a fixed peer, then \`await socket.send(data, remote)\` and \`await socket.receive()\`, one datagram per call); port them by hand
  const [, outgoing] = socket.stream(undefined);
  return outgoing;
}
` },
      reviews: ["`UdpSocket['stream']` names 0.2's UDP datagram streams", '`socket.stream(...)` gives 0.2\'s UDP datagram streams'],
    },
  ],
};
export default transform;

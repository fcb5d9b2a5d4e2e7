import { Node, SyntaxKind, type InterfaceDeclaration, type TypeAliasDeclaration } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { isReferenced } from '../wasi-imports.js';
import { INPUT_STREAM_TYPE, isTypeScript, OUTPUT_STREAM_TYPE } from '../helpers.js';
import { replaceInPlace, descendantsOfKind, removeStatement } from '../util.js';

const docs = `
Some projects describe the WASI values they use with hand-written types
instead of jco's (\`interface TcpSocket { startConnect(...): void;
subscribe(): { block(): void } }\`) and cast to them:
\`createTcpSocket('ipv4') as TcpSocket\`. In 0.3 that shape is gone, and a
cast to it would hide the 0.3 API from the type checker (and the port's
\`connect\`, \`send\`, \`receive\` would not type-check against it).

A local type is such a mirror when it is declared in the file, not
exported, and has a member named after 0.2 plumbing that 0.3 removed
(\`startX\`/\`finishX\`, \`subscribe\`, \`blockingX\`, \`checkWrite\`).

- \`<WASI 0.2 call> as Mirror\` loses the cast: jco's 0.3 bindings type the
  value themselves;
- a mirror that nothing uses any more goes, and so, in turn, do mirrors only
  it used;
- a mirror of a 0.2 input-stream or output-stream (its members are that
  stream's methods) that the code still uses, say as a parameter's type,
  becomes the type of what the port passes there instead: the
  \`[stream, outcome]\` pair, or the \`wasiSink\` sink;
- any other mirror the code still uses stays, with a review marker: it
  describes the 0.2 value.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  stillUsed: '`{{name}}` describes the WASI 0.2 value ({{members}}) and the code still uses it: type it with jco\'s 0.3 type, or describe the 0.3 API',
} as const;

type Decl = InterfaceDeclaration | TypeAliasDeclaration;

const PLUMBING = /^(?:(?:start|finish)[A-Z]\w*|subscribe|blocking[A-Z]\w*|checkWrite)$/;

/** The 0.2 plumbing members a local type declares, if it is a mirror. */
function plumbing(d: Decl): string[] {
  if (d.isExported()) return [];
  const names = d.getDescendants().flatMap((n) => (Node.isMethodSignature(n) || Node.isPropertySignature(n) ? [n.getName()] : []));
  return names.filter((n) => PLUMBING.test(n));
}

/** 0.2 input-stream and output-stream methods (jco's names). */
const INPUT = new Set(['read', 'blockingRead', 'skip', 'blockingSkip', 'subscribe']);
const OUTPUT = new Set(['checkWrite', 'write', 'blockingWriteAndFlush', 'flush', 'blockingFlush', 'subscribe', 'writeZeroes', 'blockingWriteZeroesAndFlush', 'splice', 'blockingSplice']);

/** A mirror whose members are all methods of one 0.2 stream (and not only `subscribe`) describes that stream. */
function streamOf(d: Decl): 'input' | 'output' | undefined {
  if (!Node.isInterfaceDeclaration(d) || d.getProperties().length || d.getExtends().length || d.getTypeParameters().length) return undefined;
  const names = d.getMethods().map((m) => m.getName());
  if (!names.length || names.every((n) => n === 'subscribe')) return undefined;
  if (names.every((n) => INPUT.has(n))) return 'input';
  if (names.every((n) => OUTPUT.has(n))) return 'output';
  return undefined;
}

function mirrors(ctx: FileContext): Map<string, Decl> {
  const out = new Map<string, Decl>();
  for (const d of [...ctx.file.getInterfaces(), ...ctx.file.getTypeAliases()]) if (plumbing(d).length) out.set(d.getName(), d);
  return out;
}

function apply(ctx: FileContext): void {
  if (!ctx.wasi.has02) return;
  const file = ctx.file;
  const found = mirrors(ctx);
  if (!found.size) return;
  const involved = new Set<string>();
  for (const as of descendantsOfKind(file, SyntaxKind.AsExpression).reverse()) {
    const type = as.getTypeNode();
    let value: Node = as.getExpression();
    while (Node.isParenthesizedExpression(value)) value = value.getExpression();
    if (!type || !Node.isTypeReference(type) || !found.has(type.getTypeName().getText())) continue;
    if (!Node.isCallExpression(value) || !ctx.wasi.callee(value)) continue;
    const name = type.getTypeName().getText();
    involved.add(name);
    ctx.edit(replaceInPlace(as, value.getText()), `\`as ${name}\` (a hand-written 0.2 shape) dropped: jco's 0.3 bindings type the value`);
  }
  if (!involved.size) return;
  // What the mirrors cast to name in turn (an `accept()` returning `[TcpSocket, InputStream, OutputStream]`).
  for (const name of [...involved]) {
    for (const id of found.get(name)!.getDescendantsOfKind(SyntaxKind.Identifier)) if (found.has(id.getText())) involved.add(id.getText());
  }
  for (let removed = true; removed; ) {
    removed = false;
    for (const name of involved) {
      const d = found.get(name);
      if (!d || d.wasForgotten() || isReferenced(file, name, d)) continue;
      const at = d.getStartLineNumber();
      removeStatement(d);
      ctx.editLine(at, `\`${name}\` (a hand-written 0.2 shape nothing uses now) removed`);
      removed = true;
    }
  }
  for (const name of involved) {
    const d = found.get(name)!;
    if (d.wasForgotten()) continue;
    const stream = streamOf(d);
    if (stream && isTypeScript(file.getFilePath())) {
      // Where the code passes the stream on (a parameter's type), the port passes the 0.3 value.
      if (stream === 'output') ctx.needHelper('wasiSink');
      const text = `type ${name} = ${stream === 'input' ? INPUT_STREAM_TYPE : OUTPUT_STREAM_TYPE};`;
      ctx.edit(replaceInPlace(d, text), `\`${name}\` (a hand-written 0.2 ${stream}-stream) names the 0.3 value the port passes instead`);
      continue;
    }
    ctx.review(d, 'stillUsed', { name, members: plumbing(d).map((n) => `\`${n}\``).join(', ') });
  }
}

const transform: CodeTransform = {
  id: 'bindings/local-mirrors',
  summary: "casts to hand-written 0.2 shapes of WASI values go (jco's 0.3 bindings type them), and the shapes with them once unused",
  docs,
  messages,
  kind: 'mechanical',
  apply,
  cases: [
    {
      name: 'a socket cast to a local 0.2 shape: the cast and the shapes go',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface Ipv4SocketAddress {
  port: number;
  address: [number, number, number, number];
}

interface InputStream {
  blockingRead(len: bigint): Uint8Array;
}

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: { tag: 'ipv4'; val: Ipv4SocketAddress }): void;
  finishConnect(): [InputStream, unknown];
  subscribe(): { block(): void };
}

export async function connect(): Promise<unknown> {
  const network: unknown = instanceNetwork();
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(network, { tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } });
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

interface Ipv4SocketAddress {
  port: number;
  address: [number, number, number, number];
}

export async function connect(): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  await socket.connect({ tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } });
  return ([socket.receive(), wasiSink((data) => socket.send(data))] as const);
}
` },
      helpers: ['wasiSink'],
    },
    {
      name: 'a mirror the code still uses stays, reported',
      before: { 'guest.ts': `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface TcpSocket {
  startListen(): void;
  finishListen(): void;
}

export function keep(s: TcpSocket): TcpSocket {
  return s;
}

export const sock = keep(createTcpSocket('ipv4') as TcpSocket);
` },
      after: { 'guest.ts': `import { TcpSocket as typesTcpSocket } from 'wasi:sockets/types@0.3.0';

// wasi-migrate(review): \`TcpSocket\` describes the WASI 0.2 value (\`startListen\`, \`finishListen\`) and the code still uses it: type it with jco's 0.3 type, or describe the 0.3 API
interface TcpSocket {
  startListen(): void;
  finishListen(): void;
}

export function keep(s: TcpSocket): TcpSocket {
  return s;
}

export const sock = keep(typesTcpSocket.create('ipv4'));
` },
      reviews: ['`TcpSocket` describes the WASI 0.2 value (`startListen`, `finishListen`) and the code still uses it'],
    },
  ],
};
export default transform;

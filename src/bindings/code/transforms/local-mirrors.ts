import { Node, SyntaxKind, ts, type AsExpression, type CallExpression, type InterfaceDeclaration, type TypeAliasDeclaration } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { isReferenced } from '../wasi-imports.js';
import { INPUT_STREAM_TYPE, isTypeScript, OUTPUT_STREAM_TYPE } from '../helpers.js';
import { replaceInPlace, descendantsOfKind, removeStatement, initializerOf, methodCallOn, referencesTo, withParens, withoutParens } from '../util.js';
import { checkOnceBlanked, jco02Declares, type BlankedCheck } from '../jco-02-check.js';
import { networkArgument } from './start-finish.js';

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
- what the code passes to the value's methods was checked against the
  mirror's parameter types only, and now meets jco's: an argument is kept
  as it is when it is a WASI value, or a literal written in place (typed by
  where it goes), or a value of a type both the mirror's parameter there
  and jco's own 0.2 declaration of it accept (tsc, with jco's types and the
  project's lib, on the file with the casts gone: a mirror looser than
  jco's type, \`address: number[]\` for the four-number tuple, vouches for
  nothing); one the mirror refuses, one passed where the mirror takes
  anything (\`unknown\`), one jco's type refuses, one a part of which that
  check could not see (a package's type, a web global outside its lib: it
  reads as any there), one after an argument tsc refused (it checks none
  after it), or one on a value of an interface jco's 0.2.12 types do not
  declare, is reported, every such argument of a call: it may not
  type-check against jco's type;
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
  argumentUnchecked: '`{{arg}}` meets jco\'s 0.3 types now that the cast to `{{name}}` (a hand-written 0.2 shape) is gone, and {{why}}: give it the type jco declares there',
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

/** The calls of methods on the value `as` casts (`s.startBind(...)` after `const s = ... as M`, or `(... as M).startBind(...)`). */
function callsOn(as: Node): CallExpression[] {
  const held = withParens(as);
  const direct = methodCallOn(held);
  if (direct) return [direct];
  const decl = held.getParent();
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getInitializer() !== held || !Node.isIdentifier(decl.getNameNode())) return [];
  return referencesTo(decl).flatMap((id) => methodCallOn(id) ?? []);
}

/** A WASI call, or a variable it initializes. */
function isWasiValue(ctx: FileContext, n: Node): boolean {
  const init = Node.isIdentifier(n) ? initializerOf(n) : n;
  const call = init && withoutParens(init);
  return !!call && Node.isCallExpression(call) && !!ctx.wasi.callee(call);
}

/**
 * What tsc with jco's 0.2 types refuses in the arguments of calls on the values `casts` cast, once the casts go
 * (blanked, so the values are jco's), and which part of each argument it could not see. A WASI value passed there
 * (the port rewrites those) is typed as jco's too: a variable's own annotation (\`const network: unknown =
 * instanceNetwork()\`) is blanked with the casts, else tsc, which reports one argument of a call only, would stop at it.
 */
function jcoCheck(ctx: FileContext, casts: readonly { as: AsExpression }[]): BlankedCheck {
  const ranges = casts.map(({ as }) => ({ start: as.getExpression().getEnd(), end: as.getEnd() }));
  const args = casts.flatMap(({ as }) => callsOn(as).flatMap((c) => c.getArguments()));
  for (const id of args.flatMap((a) => [a, ...a.getDescendantsOfKind(SyntaxKind.Identifier)])) {
    if (!Node.isIdentifier(id) || !isWasiValue(ctx, id)) continue;
    const d = initializerOf(id)!.getParentOrThrow();
    const type = Node.isVariableDeclaration(d) ? d.getTypeNode() : undefined;
    if (type && Node.isVariableDeclaration(d)) ranges.push({ start: d.getNameNode().getEnd(), end: type.getEnd() });
  }
  return checkOnceBlanked(ctx.project, ctx.file, ranges, args.map((a) => ({ start: a.getStart(), end: a.getEnd() })), ctx.compilerOptions);
}

/**
 * The arguments of calls on the value `as` casts that nothing shows jco's 0.3 types accept once the cast goes
 * (the mirror's parameter types checked them, and those are the author's): each with why, every one of a call.
 */
function uncheckedArguments(ctx: FileContext, as: Node, value: CallExpression, check: BlankedCheck | undefined): { call: CallExpression; arg: string; why: string }[] {
  const calls = callsOn(as);
  if (!calls.length) return [];
  const refused = check?.errors ?? [];
  const known = jco02Declares(ctx.wasi.callee(value)!.iface);
  const checker = ctx.project.getTypeChecker().compilerObject;
  const wasiValue = (n: Node) => isWasiValue(ctx, n);
  /** The first part of `node` not shown to type-check where it is passed, and why (undefined: all is). */
  const unshown = (node: Node): { arg: string; why: string } | undefined => {
    const n = withoutParens(node);
    if (Node.isLiteralExpression(n) || Node.isTrueLiteral(n) || Node.isFalseLiteral(n) || Node.isNullLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return undefined;
    if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken && Node.isLiteralExpression(n.getOperand())) return undefined;
    if (wasiValue(n)) return undefined;
    const parts = Node.isObjectLiteralExpression(n) ? n.getProperties() : Node.isArrayLiteralExpression(n) ? n.getElements() : undefined;
    if (parts) {
      for (const p of parts) {
        const part = Node.isPropertyAssignment(p) ? p.getInitializerOrThrow() : Node.isShorthandPropertyAssignment(p) ? p.getNameNode() : p;
        if (Node.isSpreadAssignment(part) || Node.isSpreadElement(part) || Node.isMethodDeclaration(part) || Node.isGetAccessorDeclaration(part) || Node.isSetAccessorDeclaration(part)) return { arg: part.getText(), why: 'the shape could not check what it spreads or defines' };
        const inner = unshown(part);
        if (inner) return inner;
      }
      return undefined;
    }
    const arg = n.getText();
    const want = checker.getContextualType(n.compilerNode as ts.Expression);
    if (!want || want.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { arg, why: 'the shape took any value there' };
    const got = checker.getTypeAtLocation(n.compilerNode);
    // An unresolved type (the rewriter's project has no lib and no WASI types) is the checker's \`error\` any: nothing is known.
    if ((got as { intrinsicName?: string }).intrinsicName === 'error') return { arg, why: 'its type is not known here' };
    if (!checker.isTypeAssignableTo(got, want)) return { arg, why: 'the shape refused it already' };
    if (!known) return { arg, why: "jco's 0.2 types do not declare the interface, so nothing checked it against jco's" };
    return undefined;
  };
  /** The first part of `a` jco's 0.2 type refuses, but a WASI value (the port rewrites those), named by its value (`BIND_ADDR` for `address: BIND_ADDR`). */
  const refusedBy = (a: Node): string | undefined => {
    for (const r of refused) {
      if (r.start < a.getStart() || r.end > a.getEnd()) continue;
      let n: Node = a.getSourceFile().getDescendantAtPos(r.start) ?? a;
      while (n !== a && n.getEnd() < r.end) n = n.getParentOrThrow();
      const p = n.getParent();
      if (p && Node.isPropertyAssignment(p) && p.getNameNode() === n) n = p.getInitializerOrThrow();
      const held = (x: Node): boolean => wasiValue(withoutParens(x)) || (x !== a && held(x.getParentOrThrow()));
      if (!held(n)) return withoutParens(n).getText();
    }
    return undefined;
  };
  const within = (a: Node) => refused.some((r) => r.start >= a.getStart() && r.end <= a.getEnd());
  const lib = ctx.compilerOptions ? "its tsconfig's lib" : "es2022's lib (no tsconfig.json)";
  return calls.flatMap((call) => {
    const out: { call: CallExpression; arg: string; why: string }[] = [];
    // tsc reports the first argument of a call it refuses and checks none after it.
    let stopped = false;
    for (const a of call.getArguments()) {
      // 0.2's \`network\` argument, which the port drops (start-finish.ts): nothing of it is left to meet jco's 0.3 types.
      if (a === networkArgument(call)) {
        stopped ||= within(a);
        continue;
      }
      const found = unshown(a);
      const arg = found ? undefined : refusedBy(a);
      const part = found || arg ? undefined : check?.unseen.get(a.getStart());
      if (found) out.push({ call, ...found });
      else if (arg) out.push({ call, arg, why: "jco's own 0.2 type there refuses it (the shape is looser)" });
      else if (part) out.push({ call, arg: withoutParens(a).getText(), why: `the check against jco's types could not see the type of ${part}, so it read as any there (the check has the project's modules and ${lib}, no packages)` });
      else if (stopped && !wasiValue(withoutParens(a))) out.push({ call, arg: withoutParens(a).getText(), why: "tsc stopped at an earlier argument of the 0.2 call that jco's type refuses, so nothing checked it" });
      stopped ||= within(a);
    }
    return out;
  });
}

function apply(ctx: FileContext): void {
  if (!ctx.wasi.has02) return;
  const file = ctx.file;
  const found = mirrors(ctx);
  if (!found.size) return;
  const involved = new Set<string>();
  const casts: { as: AsExpression; value: CallExpression; name: string }[] = [];
  for (const as of descendantsOfKind(file, SyntaxKind.AsExpression).reverse()) {
    const type = as.getTypeNode();
    const value = withoutParens(as.getExpression());
    if (!type || !Node.isTypeReference(type) || !found.has(type.getTypeName().getText())) continue;
    if (!Node.isCallExpression(value) || !ctx.wasi.callee(value)) continue;
    casts.push({ as, value, name: type.getTypeName().getText() });
  }
  // Read on the tree with the casts still in (the checker sees the mirrors' parameter types); the markers go in after the edits.
  const called = casts.filter(({ as }) => callsOn(as).some((c) => c.getArguments().length));
  // What jco's own types refuse once the casts go (`as M` blanked: the value is jco's type).
  const check = called.length > 0 && isTypeScript(file.getFilePath()) ? jcoCheck(ctx, casts) : undefined;
  for (const { as, value, name } of called) for (const { call, arg, why } of uncheckedArguments(ctx, as, value, check)) ctx.review(call, 'argumentUnchecked', { arg, name, why });
  for (const { as, value, name } of casts) {
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
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
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
    {
      name: 'an argument the mirror refused (a widened array where it takes a tuple) meets jco\'s types once the cast goes: reported',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

type Ipv4Address = [number, number, number, number];

interface TcpSocket {
  startBind(network: unknown, localAddress: { tag: 'ipv4'; val: { port: number; address: Ipv4Address } }): void;
  finishBind(): void;
  subscribe(): { block(): void };
}

const ANY = [0, 0, 0, 0];

export function bind(): void {
  const network: unknown = instanceNetwork();
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startBind(network, { tag: 'ipv4', val: { port: 8080, address: ANY } });
  socket.subscribe().block();
  socket.finishBind();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

type Ipv4Address = [number, number, number, number];

const ANY = [0, 0, 0, 0];

export function bind(): void {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`ANY\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and the shape refused it already: give it the type jco declares there
  socket.bind({ tag: 'ipv4', val: { port: 8080, address: ANY } });
}
` },
      reviews: ["`ANY` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and the shape refused it already"],
    },
    {
      name: 'an argument passed where the mirror takes anything (`unknown`) meets jco\'s types once the cast goes: reported',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: unknown): void;
  finishConnect(): unknown;
  subscribe(): { block(): void };
}

const peer = { tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } };

export function connect(): unknown {
  const network: unknown = instanceNetwork();
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(network, peer);
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

const peer = { tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } };

export async function connect(): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`peer\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and the shape took any value there: give it the type jco declares there
  await socket.connect(peer);
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
}
` },
      helpers: ['wasiSink'],
      reviews: ["`peer` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and the shape took any value there"],
    },
    {
      name: 'an argument a mirror looser than jco\'s type accepts (`number[]` for the four-number tuple) is reported: jco\'s own type refuses it',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface TcpSocket {
  startBind(network: unknown, localAddress: { tag: 'ipv4'; val: { port: number; address: number[] } }): void;
  finishBind(): void;
  subscribe(): { block(): void };
}

const ANY: number[] = [0, 0, 0, 0];

export function bind(): void {
  const network: unknown = instanceNetwork();
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startBind(network, { tag: 'ipv4', val: { port: 8080, address: ANY } });
  socket.subscribe().block();
  socket.finishBind();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

const ANY: number[] = [0, 0, 0, 0];

export function bind(): void {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`ANY\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser): give it the type jco declares there
  socket.bind({ tag: 'ipv4', val: { port: 8080, address: ANY } });
}
` },
      reviews: ["`ANY` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser)"],
    },
    {
      name: 'a value from another module of the project, of a type looser than jco\'s, is checked against jco\'s type there too: reported',
      before: {
        'src/guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';
import { ANY } from './addr.js';

interface TcpSocket {
  startBind(network: unknown, localAddress: { tag: 'ipv4'; val: { port: number; address: number[] } }): void;
  finishBind(): void;
  subscribe(): { block(): void };
}

export function bind(): void {
  const network: unknown = instanceNetwork();
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startBind(network, { tag: 'ipv4', val: { port: 8080, address: ANY } });
  socket.subscribe().block();
  socket.finishBind();
}
`,
        'src/addr.ts': `export const ANY: number[] = [0, 0, 0, 0];
`,
      },
      after: {
        'src/guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';
import { ANY } from './addr.js';

export function bind(): void {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`ANY\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser): give it the type jco declares there
  socket.bind({ tag: 'ipv4', val: { port: 8080, address: ANY } });
}
`,
        'src/addr.ts': `export const ANY: number[] = [0, 0, 0, 0];
`,
      },
      reviews: ["`ANY` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser)"],
    },
    {
      name: 'a value of a mirror\'s looser union (either tag with the ipv4 address) is reported where jco\'s type pairs each tag with its own address',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface Addr {
  tag: 'ipv4' | 'ipv6';
  val: { port: number; address: [number, number, number, number] };
}

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: Addr): void;
  finishConnect(): unknown;
  subscribe(): { block(): void };
}

export function connect(peer: Addr): unknown {
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(instanceNetwork(), peer);
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

interface Addr {
  tag: 'ipv4' | 'ipv6';
  val: { port: number; address: [number, number, number, number] };
}

export async function connect(peer: Addr): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`peer\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser): give it the type jco declares there
  await socket.connect(peer);
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
}
` },
      helpers: ['wasiSink'],
      reviews: ["`peer` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser)"],
    },
    {
      name: 'arguments of the types the mirror declares (its address alias, a `let` number) are left as they are',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

type Ipv4Address = [number, number, number, number];

interface TcpSocket {
  startBind(network: unknown, localAddress: { tag: 'ipv4'; val: { port: number; address: Ipv4Address } }): void;
  finishBind(): void;
  subscribe(): { block(): void };
}

const ANY: Ipv4Address = [0, 0, 0, 0];
let port = 8080;

export function bind(): void {
  const network: unknown = instanceNetwork();
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startBind(network, { tag: 'ipv4', val: { port, address: ANY } });
  socket.subscribe().block();
  socket.finishBind();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

type Ipv4Address = [number, number, number, number];

const ANY: Ipv4Address = [0, 0, 0, 0];
let port = 8080;

export function bind(): void {
  const socket = TcpSocket.create('ipv4');
  socket.bind({ tag: 'ipv4', val: { port, address: ANY } });
}
` },
    },
    {
      name: 'a part of an argument typed from a package (`address: Octets`, `ip-octets`) reads as any to the check against jco\'s types, which has no packages: reported, not taken as checked',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';
import type { Octets } from 'ip-octets';

interface Peer {
  tag: 'ipv4';
  val: { port: number; address: Octets };
}

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: Peer): void;
  finishConnect(): unknown;
  subscribe(): { block(): void };
}

export function connect(peer: Peer): unknown {
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(instanceNetwork(), peer);
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';
import type { Octets } from 'ip-octets';

interface Peer {
  tag: 'ipv4';
  val: { port: number; address: Octets };
}

export async function connect(peer: Peer): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`peer\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and the check against jco's types could not see the type of \`peer.val.address\` (\`Octets\`), so it read as any there (the check has the project's modules and es2022's lib (no tsconfig.json), no packages): give it the type jco declares there
  await socket.connect(peer);
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
}
` },
      helpers: ['wasiSink'],
      reviews: ["`peer` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and the check against jco's types could not see the type of `peer.val.address` (`Octets`), so it read as any there"],
    },
    {
      name: 'a part of an argument typed from a web global (`URL[\'port\']`) reads as any with no tsconfig (the check has es2022\'s lib only): reported, not taken as checked',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface Peer {
  tag: 'ipv4';
  val: { port: URL['port']; address: [number, number, number, number] };
}

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: Peer): void;
  finishConnect(): unknown;
  subscribe(): { block(): void };
}

export function connect(peer: Peer): unknown {
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(instanceNetwork(), peer);
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

interface Peer {
  tag: 'ipv4';
  val: { port: URL['port']; address: [number, number, number, number] };
}

export async function connect(peer: Peer): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`peer\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and the check against jco's types could not see the type of \`peer.val.port\` (\`URL['port']\`), so it read as any there (the check has the project's modules and es2022's lib (no tsconfig.json), no packages): give it the type jco declares there
  await socket.connect(peer);
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
}
` },
      helpers: ['wasiSink'],
      reviews: ["`peer` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and the check against jco's types could not see the type of `peer.val.port` (`URL['port']`), so it read as any there"],
    },
    {
      name: 'the same where the project\'s tsconfig.json has the DOM lib: the check sees `URL[\'port\']` (a string) and jco\'s type refuses it',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface Peer {
  tag: 'ipv4';
  val: { port: URL['port']; address: [number, number, number, number] };
}

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: Peer): void;
  finishConnect(): unknown;
  subscribe(): { block(): void };
}

export function connect(peer: Peer): unknown {
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(instanceNetwork(), peer);
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

interface Peer {
  tag: 'ipv4';
  val: { port: URL['port']; address: [number, number, number, number] };
}

export async function connect(peer: Peer): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`peer\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser): give it the type jco declares there
  await socket.connect(peer);
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
}
` },
      tsconfig: '{ "compilerOptions": { "target": "es2022", "lib": ["es2022", "dom"], "strict": true } }',
      helpers: ['wasiSink'],
      reviews: ["`peer` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and jco's own 0.2 type there refuses it (the shape is looser)"],
    },
    {
      name: 'every unchecked argument of a call is reported, not only the first; 0.2\'s network argument (a parameter `net: unknown`) is no such argument: the port drops it by its place in the 0.2 call',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface TcpSocket {
  startConnect(network: unknown, remoteAddress: unknown): void;
  finishConnect(): unknown;
  subscribe(): { block(): void };
}

export function connect(net: unknown, peer: unknown): unknown {
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startConnect(net, peer);
  socket.subscribe().block();
  return socket.finishConnect();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export async function connect(net: unknown, peer: unknown): Promise<unknown> {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`peer\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and the shape took any value there: give it the type jco declares there
  await socket.connect(peer);
  return [socket.receive(), wasiSink((data) => socket.send(data))] as const;
}
` },
      helpers: ['wasiSink'],
      reviews: ["`peer` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and the shape took any value there"],
    },
    {
      name: 'an argument after one jco\'s type refuses is reported: tsc checks no argument of a call after the first it refuses (here 0.2\'s network, `\'default\'`, which the port drops)',
      before: { 'guest.ts': `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface Addr {
  tag: 'ipv4';
  val: { port: number; address: number[] };
}

interface TcpSocket {
  startBind(network: string, localAddress: Addr): void;
  finishBind(): void;
  subscribe(): { block(): void };
}

export function bind(local: Addr): void {
  const socket = createTcpSocket('ipv4') as TcpSocket;
  socket.startBind('default', local);
  socket.subscribe().block();
  socket.finishBind();
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

interface Addr {
  tag: 'ipv4';
  val: { port: number; address: number[] };
}

export function bind(local: Addr): void {
  const socket = TcpSocket.create('ipv4');
  // wasi-migrate(review): \`local\` meets jco's 0.3 types now that the cast to \`TcpSocket\` (a hand-written 0.2 shape) is gone, and tsc stopped at an earlier argument of the 0.2 call that jco's type refuses, so nothing checked it: give it the type jco declares there
  socket.bind(local);
}
` },
      reviews: ["`local` meets jco's 0.3 types now that the cast to `TcpSocket` (a hand-written 0.2 shape) is gone, and tsc stopped at an earlier argument of the 0.2 call that jco's type refuses, so nothing checked it"],
    },
  ],
};
export default transform;

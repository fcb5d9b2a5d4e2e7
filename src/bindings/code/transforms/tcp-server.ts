import { Node, SyntaxKind, type Block, type Statement, type VariableStatement } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { blockedOn, codeStatements, freshName, shapeOf, indentOf, isEndlessLoop, onlyLeaves, retryLoop, streamsPair, descendantsOfKind, removeStatement, withoutParens } from '../util.js';

const docs = `
A WASI 0.2 TCP server listens in two steps and then takes connections one by
one: \`s.startListen(); s.subscribe().block(); s.finishListen();\`, then a loop
that blocks on \`s.subscribe()\` and calls \`s.accept()\` for a
\`[socket, input, output]\` triple, stopping when \`accept\` throws. In 0.3
\`listen()\` returns a stream of connected sockets (jco: an
\`AsyncIterable<TcpSocket>\`) that "should only close on fatal errors"
(wasi:sockets/types@0.3.0), and \`accept\` is gone.

The transform ports that lifecycle when it has this shape, on one socket
and in one block:

- \`s.startListen(); [s.subscribe().block();] s.finishListen();\` (or
  \`finishListen\` in the would-block retry loop the start-finish transform
  knows) becomes \`const connections = s.listen();\`, where the 0.2 code
  started listening;
- a later endless loop (\`while (true)\`, \`for (;;)\`) whose body starts with
  \`[s.subscribe().block();]\` and the accept, either
  \`const [conn, input, output] = s.accept();\` or
  \`let conn, input, output; try { [conn, input, output] = s.accept(); } catch { break; }\`
  (a catch that only stops the loop, its error unused), becomes
  \`for await (const conn of connections)\`, and the connection's streams
  become what the connect port gives a client: \`[conn.receive(),
  wasiSink((data) => conn.send(data))]\`, the read pair and a sink for the
  send stream, which the stream transforms then port like any other. The
  rest of the loop body stays as written.

An accept that stops the loop on error and a stream that ends on a fatal
error are the same outcome for the loop; transient errors, which 0.2 handed
to \`accept\`, 0.3 hosts skip or hand over on the connection. Any other shape
is left to the sockets transform, which reports the server.
`;

interface Accept {
  /** The statements from the loop's first one to the accept (subscribe, declarations, try). */
  readonly last: Statement;
  /** The connection, input and output names (undefined where the 0.2 code did not name one). */
  readonly names: readonly (string | undefined)[];
  /** A `let` before the `try` that declared the names (other names it declares stay). */
  readonly declared?: VariableStatement;
}

/** The names of `[a, b, c]` (a binding pattern or an array literal), or undefined when it is not plain names. */
function tripleNames(n: Node): (string | undefined)[] | undefined {
  const elements = Node.isArrayBindingPattern(n) ? n.getElements() : Node.isArrayLiteralExpression(n) ? n.getElements() : undefined;
  if (!elements || elements.length > 3) return undefined;
  const out: (string | undefined)[] = [];
  for (const e of elements) {
    if (Node.isOmittedExpression(e)) out.push(undefined);
    else if (Node.isBindingElement(e) && Node.isIdentifier(e.getNameNode()) && !e.getInitializer() && !e.getDotDotDotToken()) out.push(e.getName());
    else if (Node.isIdentifier(e)) out.push(e.getText());
    else return undefined;
  }
  return out;
}

/** The accept at the top of an endless loop's body, in one of the two shapes the docs name. */
function acceptIn(loop: Statement, recv: string): Accept | undefined {
  const body = (loop as unknown as { getStatement(): Node }).getStatement();
  if (!Node.isBlock(body)) return undefined;
  const stmts = body.getStatements();
  let k = 0;
  if (blockedOn(stmts[k]) === recv) k++;
  const first = stmts[k];
  const isAccept = (e: Node | undefined) => !!e && Node.isCallExpression(e) && shapeOf(e) === `${recv}.accept()`;
  if (first && Node.isVariableStatement(first) && first.getDeclarations().length === 1) {
    const d = first.getDeclarations()[0]!;
    const names = isAccept(d.getInitializer()) ? tripleNames(d.getNameNode()) : undefined;
    if (names) return { last: first, names };
  }
  const tryStmt = stmts[k + 1];
  if (!first || !Node.isVariableStatement(first) || !tryStmt || !Node.isTryStatement(tryStmt) || tryStmt.getFinallyBlock()) return undefined;
  const clause = tryStmt.getCatchClause();
  const inner = codeStatements(tryStmt.getTryBlock());
  if (!clause || !onlyLeaves(clause, false) || inner.length !== 1 || !Node.isExpressionStatement(inner[0]!)) return undefined;
  const assign = inner[0].getExpression();
  if (!Node.isBinaryExpression(assign) || assign.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || !isAccept(assign.getRight())) return undefined;
  const names = tripleNames(assign.getLeft());
  const declared = first.getDeclarations().map((d) => d.getName());
  if (!names || first.getDeclarations().some((d) => d.getInitializer()) || !names.every((n) => !n || declared.includes(n))) return undefined;
  return { last: tryStmt, names, declared: first };
}

/** A statement that can leave the loop's turn early (a `return`, `throw`, `break` or `continue` not inside a nested function). */
function exits(s: Statement): boolean {
  const kinds = [SyntaxKind.ReturnStatement, SyntaxKind.ThrowStatement, SyntaxKind.BreakStatement, SyntaxKind.ContinueStatement];
  return [s, ...s.getDescendants()].some((n) => kinds.includes(n.getKind()) && !n.getAncestors().some((a) => a !== s && s.containsRange(a.getPos(), a.getEnd()) && Node.isFunctionLikeDeclaration(a)));
}

/** The `void name;` statements of the loop's body after the accept (a 0.2 way to mark a value used). */
function marksOfUse(loop: Statement, last: Statement, name: string): Statement[] {
  const stmts = (loop as unknown as { getStatement(): Block }).getStatement().getStatements();
  return stmts.slice(stmts.indexOf(last) + 1).filter((s) => {
    const e = Node.isExpressionStatement(s) ? s.getExpression() : undefined;
    return !!e && Node.isVoidExpression(e) && withoutParens(e.getExpression()).getText() === name && Node.isIdentifier(withoutParens(e.getExpression()));
  });
}

function apply(ctx: FileContext): void {
  if (![...ctx.wasi.byLocal.values()].some((w) => w.iface.startsWith('wasi:sockets/'))) return;
  const starts = descendantsOfKind(ctx.file, SyntaxKind.ExpressionStatement).filter((s) => /^[A-Za-z_$][\w$]*\.startListen\(\)$/.test(shapeOf(s)));
  // Last first: each port edits only its own block, from its loop back to its listen.
  for (const start of starts.reverse()) {
    const recv = shapeOf(start).slice(0, -'.startListen()'.length);
    const block = start.getParent();
    if (!block || !Node.isBlock(block)) continue;
    const stmts = block.getStatements();
    let j = stmts.indexOf(start) + 1;
    const wait = blockedOn(stmts[j]) === recv ? stmts[j++] : undefined;
    const finish = stmts[j];
    // `s.finishListen();`, or the would-block retry loop around it (start-finish's shape).
    const retry = finish && !wait ? retryLoop(finish) : undefined;
    if (!(finish && shapeOf(finish) === `${recv}.finishListen()`) && !(retry && !retry.target && shapeOf(retry.call) === `${recv}.finishListen()`)) continue;
    // Nothing but the wait between the listen steps (they become one statement; a comment there would be lost).
    const full = ctx.file.getFullText();
    if (full.slice(start.getEnd(), finish.getStart()).replace(wait?.getText() ?? '', '').trim()) continue;
    const loop = stmts.slice(j + 1).find((s) => isEndlessLoop(s) && shapeOf(s).includes(`${recv}.accept()`));
    const accept = loop && acceptIn(loop, recv);
    if (!loop || !accept) continue;
    // The socket is used for nothing else 0.2 had after listening (another accept, a second loop).
    const after = stmts.slice(stmts.indexOf(loop) + 1).map((s) => s.getText()).join('\n');
    if (after.includes(`${recv}.accept(`) || after.includes(`${recv}.subscribe(`)) continue;
    // `void conn;` marked the 0.2 connection used; the port reads it for its streams, so the mark (and its line's comment) goes.
    const [connName, input, output] = accept.names;
    if (connName && (input || output)) for (const s of marksOfUse(loop, accept.last, connName)) removeStatement(s);
    port(ctx, { start, wait, finish, loop, accept, recv });
  }
}

function port(ctx: FileContext, p: { start: Statement; wait?: Statement; finish: Statement; loop: Statement; accept: Accept; recv: string }): void {
  const { recv, accept } = p;
  const file = ctx.file;
  const full = file.getFullText();
  const connections = freshName(file, 'connections');
  const [connName, input, output] = accept.names;
  const conn = connName ?? freshName(file, 'conn');
  const body = (p.loop as unknown as { getStatement(): Block }).getStatement();
  const lines: string[] = [];
  // The loop body's own indentation (the accept's line).
  const inner = indentOf(accept.last);
  if (input || output) {
    ctx.needHelper('wasiSink');
    const names = output ? `${input ?? ''}, ${output}` : input!;
    lines.push(`${inner}const [${names}] = ${streamsPair(file, conn, true)};`);
  }
  // Names the `let` declared beside the triple keep their declaration.
  const kept = accept.declared?.getDeclarations().filter((d) => !accept.names.includes(d.getName())) ?? [];
  if (kept.length) lines.unshift(`${indentOf(accept.declared!)}${accept.declared!.getDeclarationKind()} ${kept.map((d) => d.getText()).join(', ')};`);
  // The rest of the body exactly as written (comments and blank lines included), up to its closing brace.
  let rest = full.slice(accept.last.getEnd(), body.getEnd() - 1).replace(/^[ \t]*\n/, '\n').replace(/\s+$/, '');
  const indent = indentOf(p.loop);
  if (output) {
    // The connection's send stream ends with its turn of the loop (0.2 left the output-stream to be dropped).
    const unit = ctx.project.manipulationSettings.getIndentationText();
    const close = `await ${output}.close();`;
    const leaves = body.getStatements().slice(body.getStatements().indexOf(accept.last) + 1).some(exits);
    rest = leaves
      ? `\n${inner}try {${rest.replace(/\n(?=[^\n])/g, `\n${unit}`)}\n${inner}} finally {\n${inner}${unit}${close}\n${inner}}`
      : `${rest}\n${inner}${close}`;
  }
  const text = `for await (const ${conn} of ${connections}) {\n${lines.join('\n')}${rest}\n${indent}}`;
  // Two text edits, the later first; positions are read before either (ts-morph forgets the nodes of a replaced range).
  const loop = { start: p.loop.getStart(), end: p.loop.getEnd() };
  const listen = { start: p.start.getStart(), end: p.finish.getEnd(), text: `const ${connections} = ${recv}.listen();` };
  file.replaceText([loop.start, loop.end], text);
  file.replaceText([listen.start, listen.end], listen.text);
  const shift = listen.text.length - (listen.end - listen.start);
  ctx.edit(file.getDescendantAtPos(listen.start)!, 'startListen/finishListen -> `listen()`, which returns the stream of connections');
  ctx.edit(file.getDescendantAtPos(loop.start + shift)!, `the 0.2 accept loop: \`for await\` over the connections 0.3's \`listen()\` returns, each connection's streams from \`receive\`/\`send\``);
}

const transform: CodeTransform = {
  id: 'bindings/tcp-server',
  summary: "a 0.2 TCP server's listen steps and accept loop become `for await` over the connections `listen()` returns",
  docs,
  kind: 'mechanical',
  apply,
  // Every port starts at an `s.startListen();` statement.
  mentions: ['startListen'],
  cases: [
    {
      name: 'an accept loop that stops on an accept error',
      before: `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

export const run = {
  run() {
    const socket = createTcpSocket('ipv4');
    socket.startBind(instanceNetwork(), { tag: 'ipv4', val: { port: 7878, address: [0, 0, 0, 0] } });
    socket.subscribe().block();
    socket.finishBind();

    // Listen
    socket.startListen();
    socket.subscribe().block();
    socket.finishListen();
    const started = Date.now();

    while (true) {
      // Wait for a connection
      socket.subscribe().block();
      let conn, input, output;
      try {
        [conn, input, output] = socket.accept();
      } catch {
        // the listener is gone
        break;
      }

      // One line back per connection
      output.blockingWriteAndFlush(new TextEncoder().encode('hi\\n'));
    }
  },
};
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export const run = {
  async run() {
    const socket = TcpSocket.create('ipv4');
    socket.bind({ tag: 'ipv4', val: { port: 7878, address: [0, 0, 0, 0] } });

    // Listen
    const connections = socket.listen();
    const started = Date.now();

    for await (const conn of connections) {
      const [input, output] = /** @type {const} */ ([conn.receive(), wasiSink((data) => conn.send(data))]);

      // One line back per connection
      await output.write(new TextEncoder().encode('hi\\n'));
      await output.close();
    }
  },
};
`,
      helpers: ['wasiSink'],
    },
    {
      name: 'TypeScript: listen finished in a would-block retry loop; a handler typed with hand-written 0.2 stream shapes, its read loop stopping on any error',
      before: { 'guest.ts': `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

interface InputStream {
  blockingRead(len: bigint): Uint8Array;
}

interface OutputStream {
  blockingWriteAndFlush(contents: Uint8Array): void;
}

interface TcpSocket {
  startListen(): void;
  finishListen(): void;
  accept(): [TcpSocket, InputStream, OutputStream];
  subscribe(): { block(): void };
}

function echo(input: InputStream, output: OutputStream): void {
  while (true) {
    let chunk: Uint8Array;
    try {
      chunk = input.blockingRead(1024n);
    } catch {
      break;
    }
    output.blockingWriteAndFlush(chunk);
  }
}

export const run = {
  run(): void {
    const socket = createTcpSocket('ipv4') as TcpSocket;
    socket.startListen();
    for (;;) {
      try {
        socket.finishListen();
        break;
      } catch (e) {
        if (e !== 'would-block') throw e;
        socket.subscribe().block();
      }
    }
    for (;;) {
      socket.subscribe().block();
      const [, input, output] = socket.accept();
      echo(input, output);
      if (input === undefined) continue;
    }
  },
};
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

type InputStream = [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>];

type OutputStream = ReturnType<typeof wasiSink>;

async function echo(input: InputStream, output: OutputStream): Promise<void> {
  for await (const byte of input[0]) {
    let chunk: Uint8Array;
    chunk = Uint8Array.of(byte);
    await output.write(chunk);
  }
}

export const run = {
  async run(): Promise<void> {
    const socket = TcpSocket.create('ipv4');
    const connections = socket.listen();
    for await (const conn of connections) {
      const [input, output] = [conn.receive(), wasiSink((data) => conn.send(data))] as const;
      try {
        await echo(input, output);
        if (input === undefined) continue;
      } finally {
        await output.close();
      }
    }
  },
};
` },
      helpers: ['wasiSink'],
    },
    {
      name: 'TypeScript: the connection marked used with `void conn;` (a wasmCloud TCP service): the port reads it, the mark and its comment go; the streams tuple needs no parentheses',
      before: { 'guest.ts': `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

export const run = {
  run(): void {
    const socket = createTcpSocket('ipv4');
    socket.startListen();
    socket.subscribe().block();
    socket.finishListen();
    while (true) {
      socket.subscribe().block();
      let conn, inputStream, outputStream;
      try {
        [conn, inputStream, outputStream] = socket.accept();
      } catch {
        break;
      }

      // One connection at a time.
      void conn; // conn is the accepted socket resource; not used directly
      outputStream.blockingWriteAndFlush(new Uint8Array([104, 105]));
    }
  },
};
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export const run = {
  async run(): Promise<void> {
    const socket = TcpSocket.create('ipv4');
    const connections = socket.listen();
    for await (const conn of connections) {
      const [inputStream, outputStream] = [conn.receive(), wasiSink((data) => conn.send(data))] as const;

      // One connection at a time.
      await outputStream.write(new Uint8Array([104, 105]));
      await outputStream.close();
    }
  },
};
` },
      helpers: ['wasiSink'],
    },
  ],
};
export default transform;

import { Node, SyntaxKind, type Statement, type TryStatement } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { descendantsOfKind, indentOf, reindent, textWithComments, replaceInPlace, removeStatement } from '../util.js';

const docs = `
0.2 code releases its handles in a \`finally\`: \`stream[Symbol.dispose]()\`,
\`IncomingBody.finish(body)\`. The transforms before this one take those
calls out where the 0.3 value has nothing to release (a stream pair, a
promise, the port's body writer), and a \`finally\` can be left with nothing
in it. An empty \`finally\` goes: after a \`catch\`, the \`try\` keeps its
\`catch\`; with none, the \`try\` gives way to what its block held, at the
\`try\`'s own indentation; when a name the block declares is also named
beside the \`try\` (moved out of its block, it would clash or shadow), the
block stays a block. A file that had an empty \`finally\` of its own before
the port is left as it is.
`;

/** Names a statement declares in its block: variables (destructured too), functions, classes. */
function declaredNames(st: Statement): string[] {
  if (Node.isVariableStatement(st)) return st.getDeclarations().flatMap((d) => d.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier).map((i) => i.getText()).concat(Node.isIdentifier(d.getNameNode()) ? [d.getName()] : []));
  if (Node.isFunctionDeclaration(st) || Node.isClassDeclaration(st)) return st.getName() ? [st.getName()!] : [];
  return [];
}

/** The try statement, with its empty finally, as the statements of its block (undefined: a name would move into a scope that has it, or the try is no statement of a block). */
function unwrapped(t: TryStatement): string | undefined {
  const parent = t.getParent();
  if (!parent || !(Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent))) return undefined;
  const inner = t.getTryBlock().getStatementsWithComments();
  if (!inner.length) return '';
  const names = new Set(inner.flatMap((s) => declaredNames(s as Statement)));
  if (names.size) {
    const beside = parent.getDescendantsOfKind(SyntaxKind.Identifier).filter((i) => names.has(i.getText()) && !t.containsRange(i.getPos(), i.getEnd()));
    if (beside.length) return undefined;
  }
  const last = inner.at(-1)!;
  const text = t.getSourceFile().getFullText().slice(inner[0]!.getStart(), last.getStart()) + textWithComments(last);
  return reindent(text, indentOf(inner[0]!), indentOf(t));
}

function apply(ctx: FileContext): void {
  // The file's own empty finally blocks are not this transform's to judge: any there was, and the file is left.
  if (/\bfinally\s*\{\s*\}/.test(ctx.original)) return;
  const emptied = descendantsOfKind(ctx.file, SyntaxKind.TryStatement).filter((t) => {
    const f = t.getFinallyBlock();
    return !!f && f.getStatementsWithComments().length === 0 && !/\/[/*]/.test(f.getText());
  });
  // Last first: an inner try is done before the one around it.
  for (const t of emptied.reverse()) {
    if (t.wasForgotten()) continue;
    const line = t.getStartLineNumber();
    const c = t.getCatchClause();
    if (c) {
      replaceInPlace(t, t.getText().slice(0, c.getEnd() - t.getStart()));
      ctx.editLine(line, 'the `finally` the port emptied goes (its catch stays)');
      continue;
    }
    const text = unwrapped(t);
    if (text === '') removeStatement(t);
    else replaceInPlace(t, text ?? t.getTryBlock().getText());
    ctx.editLine(line, `the \`finally\` the port emptied goes, and the \`try\` with it: ${text === undefined ? 'its block stays, as a block (a name it declares is named beside it)' : 'its statements stand in its place'}`);
  }
}

const transform: CodeTransform = {
  id: 'bindings/emptied-finally',
  summary: 'a finally the port left empty goes, and a try with nothing else around its block gives way to it',
  docs,
  kind: 'mechanical',
  apply,
  mentions: ['finally'],
  cases: [
    {
      name: "a request body read in a try whose finally dropped the stream and finished the body (a real TypeScript handler of a web framework): the finally is empty after the port, and the try gives way to the loop it held",
      before: { 'guest.ts': `import { IncomingBody, type IncomingRequest } from 'wasi:http/types@0.2.12';

export function readBody(incoming: IncomingRequest): Uint8Array[] {
  const incomingBody = incoming.consume();
  const input = incomingBody.stream();
  const chunks: Uint8Array[] = [];

  try {
    while (true) {
      try {
        const chunk = input.blockingRead(64n * 1024n);
        if (chunk.length === 0) break;
        chunks.push(chunk);
      } catch (error) {
        const payload = (error as { payload?: { tag?: string } })?.payload;
        if (payload?.tag === 'closed') break;
        throw error;
      }
    }
  } finally {
    input[Symbol.dispose]();
    IncomingBody.finish(incomingBody);
  }

  return chunks;
}
` },
      after: { 'guest.ts': `import { Request } from 'wasi:http/types@0.3.0';

export async function readBody(incoming: Request): Promise<Uint8Array[]> {
  const input = Request.consumeBody(incoming, wasiOk());
  const chunks: Uint8Array[] = [];

  while (true) {
    try {
      const chunk = await wasiRead(input, 64n * 1024n);
      if (chunk.length === 0) break;
      chunks.push(chunk);
    } catch (error) {
      const payload = (error as { payload?: { tag?: string } })?.payload;
      if (payload?.tag === 'closed') break;
      throw error;
    }
  }

  return chunks;
}
` },
      helpers: ['wasiOk', 'wasiRead'],
    },
    {
      name: 'the try that gives way to its statements keeps the comment after its last one on its line (the try was written from its statements\' text, which ended before it)',
      before: { 'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.12';

export function readAll() {
  const input = getStdin();
  const chunks = [];
  try {
    for (;;) {
      try {
        chunks.push(input.blockingRead(4096n));
      } catch (e) {
        if (e.tag === 'closed') break;
        throw e;
      }
    }
    chunks.reverse(); // newest first
  } finally {
    input[Symbol.dispose]();
  }
  return chunks;
}
` },
      after: { 'guest.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

export async function readAll() {
  const input = readViaStream();
  const chunks = [];
  // wasi-migrate(review): the 0.2 loop tested \`e.tag === 'closed'\` on the caught error itself; in a real ComponentizeJS build a 0.2 stream error is thrown as a ComponentError whose \`payload\` is it (\`e.payload.tag\`), so that test never held there and the 0.2 component took its error path at the stream's end (the original was already broken on such a build); the port ends the loop at the close, as the code meant: check that this is the behaviour you want
  for await (const byte of input[0]) {
    chunks.push(Uint8Array.of(byte));
  }
  const inputResult = await input[1];
  if (inputResult.tag === 'err') {
    const e = { tag: 'last-operation-failed', val: inputResult.val };
    throw e;
  }
  chunks.reverse(); // newest first
  return chunks;
}
` },
      reviews: ["the 0.2 loop tested `e.tag === 'closed'` on the caught error itself"],
    },
    {
      name: 'a try whose block declares a name also named beside it stays a block (out of it, the name would clash); one with a catch loses only the finally',
      before: { 'guest.ts': `import { IncomingBody, type IncomingRequest } from 'wasi:http/types@0.2.12';

export function readBody(incoming: IncomingRequest) {
  const incomingBody = incoming.consume();
  const input = incomingBody.stream();
  const chunks: Uint8Array[] = [];
  const limit = 16;
  try {
    const limit = 64n * 1024n;
    while (true) {
      try {
        const chunk = input.blockingRead(limit);
        if (chunk.length === 0) break;
        chunks.push(chunk);
      } catch (error) {
        if ((error as { payload?: { tag?: string } })?.payload?.tag === 'closed') break;
        throw error;
      }
    }
  } finally {
    input[Symbol.dispose]();
    IncomingBody.finish(incomingBody);
  }
  return chunks.slice(0, limit);
}

export function size(incoming: IncomingRequest) {
  const incomingBody = incoming.consume();
  const input = incomingBody.stream();
  let n = 0;
  try {
    while (true) {
      try {
        n += input.blockingRead(1024n).length;
      } catch (error) {
        if ((error as { payload?: { tag?: string } })?.payload?.tag === 'closed') break;
        throw error;
      }
    }
  } catch (e) {
    return -1;
  } finally {
    input[Symbol.dispose]();
  }
  return n;
}
` },
      after: { 'guest.ts': `import { Request } from 'wasi:http/types@0.3.0';

export async function readBody(incoming: Request) {
  const input = Request.consumeBody(incoming, wasiOk());
  const chunks: Uint8Array[] = [];
  const limit = 16;
  {
    const limit = 64n * 1024n;
    while (true) {
      try {
        const chunk = await wasiRead(input, limit);
        if (chunk.length === 0) break;
        chunks.push(chunk);
      } catch (error) {
        if ((error as { payload?: { tag?: string } })?.payload?.tag === 'closed') break;
        throw error;
      }
    }
  }
  return chunks.slice(0, limit);
}

export async function size(incoming: Request) {
  const input = Request.consumeBody(incoming, wasiOk());
  let n = 0;
  try {
    while (true) {
      try {
        n += (await wasiRead(input, 1024n)).length;
      } catch (error) {
        if ((error as { payload?: { tag?: string } })?.payload?.tag === 'closed') break;
        throw error;
      }
    }
  } catch (e) {
    return -1;
  }
  return n;
}
` },
      helpers: ['wasiOk', 'wasiRead'],
    },
  ],
};

export default transform;

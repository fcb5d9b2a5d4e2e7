import { Node, SyntaxKind, ts, type TypeReferenceNode } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { camel, descendantsWhere, importDeclarations, inWasiImplementation, keptOrigin, referencesTo, statementIn, underReview, withParens, wrapped } from '../util.js';
import { EditBatch } from '../edit-batch.js';
import { apiEntry, ensureImport, ifaceIn03 } from '../wasi-imports.js';
import { INPUT_STREAM_TYPE, OUTPUT_STREAM_TYPE } from '../helpers.js';

const docs = `
JavaScript checked by TypeScript (\`// @ts-check\`) names jco's types in JSDoc:
\`/** @type {typeof import('wasi:cli/run@0.2.12')} */\` on an export,
\`@param {import('wasi:http/types@0.2.12').IncomingResponse} response\`.
Those names follow the code to 0.3:

- \`typeof import('wasi:x/y@0.2.x')\` points at \`@0.3.0\` and the interface's
  new name (\`wasi:http/incoming-handler\` -> \`wasi:http/handler\`);
- resources the other transforms turned into 0.3 values take those values'
  types: \`FutureIncomingResponse\` -> \`Promise<Response>\`, \`FutureTrailers\`
  -> the trailers future, \`IncomingResponse\`/\`OutgoingResponse\` ->
  \`Response\`, \`IncomingRequest\`/\`OutgoingRequest\` -> \`Request\`,
  \`InputStream\` -> the \`[stream, outcome]\` pair, \`OutputStream\` -> the sink
  helper, \`Pollable\` -> the pollable helper;
- other types point at \`@0.3.0\`, renamed where the WASI API map says so.

A 0.3 name taking the place of a 0.2 type the file imported as a type only is
imported so too: into the file's \`import type\` of the interface, or with an
inline \`type\` modifier (\`type IncomingRequest\` -> \`type Request\`).

Either form (\`import('wasi:io/streams@0.2.3').OutputStream\` or a name the
file imports) stays as written in a class implementing a WASI 0.2 type, and
as the type of a stream that stays a 0.2 one (a parameter every caller hands
a wasi:blobstore stream, a variable made by one).
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  usesLeft: '`{{name}}` was declared with a WASI 0.2 {{kind}} type and now holds {{now}}, which has no {{calls}}: no transform ported these uses; port them by hand',
  unawaitedLeft: '`{{name}}` was declared with a WASI 0.2 {{kind}} type and now holds {{now}}, whose {{calls}} returns a promise that nothing awaits here (the 0.2 call was done when it returned): await it, the function made async, by hand',
  usesLeftMany: '{{names}} were declared with a WASI 0.2 {{kind}} type and now hold {{now}}, which has no {{calls}}: no transform ported these uses; port them by hand',
  unawaitedLeftMany: '{{names}} were declared with a WASI 0.2 {{kind}} type and now hold {{now}}, whose {{calls}} return promises that nothing awaits here (the 0.2 calls were done when they returned): await them, the function made async, by hand',
} as const;

const T = "import('wasi:http/types@0.3.0')";
const TRAILERS = `PromiseLike<${T}.Result<${T}.Trailers | undefined, ${T}.ErrorCode>>`;
const SHAPES: Record<string, string> = {
  'wasi:http/types.FutureIncomingResponse': `Promise<${T}.Response>`,
  'wasi:http/types.IncomingResponse': `${T}.Response`,
  'wasi:http/types.OutgoingResponse': `${T}.Response`,
  'wasi:http/types.IncomingRequest': `${T}.Request`,
  'wasi:http/types.OutgoingRequest': `${T}.Request`,
  'wasi:http/types.FutureTrailers': TRAILERS,
  'wasi:http/types.IncomingBody': `[AsyncIterable<number>, ${TRAILERS}]`,
  'wasi:http/types.OutgoingBody': 'ReturnType<typeof wasiOutgoingBody>',
  'wasi:io/streams.InputStream': INPUT_STREAM_TYPE,
  'wasi:io/streams.OutputStream': OUTPUT_STREAM_TYPE,
  'wasi:io/poll.Pollable': 'ReturnType<typeof wasiPollable>',
};

const REF = /(typeof\s+)?import\((['"])wasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)@0\.2\.\d+\2\)(?:\.([A-Za-z_$][\w$]*))?/g;

function apply(ctx: FileContext): void {
  const file = ctx.file;
  const text = file.getFullText();
  const kept = keptImportTypes(ctx);
  let changed = false;
  const out = text.replace(/\/\*\*[\s\S]*?\*\//g, (comment, at: number) =>
    comment.replace(REF, (m: string, tof: string | undefined, q: string, pkg: string, ifc: string, name: string | undefined, offset: number) => {
      if (kept.has(at + offset)) return m;
      const iface = `wasi:${pkg}/${ifc}`;
      const line = text.slice(0, at).split('\n').length;
      let to: string;
      if (tof) to = `typeof import(${q}${ifaceIn03(iface)}@0.3.0${q})${name ? `.${name}` : ''}`;
      else if (name && SHAPES[`${iface}.${name}`]) to = SHAPES[`${iface}.${name}`]!;
      else {
        const e = name ? apiEntry(iface, name) : undefined;
        const renamed = e?.status === 'renamed' && e.to ? e.to.split('.').pop()! : undefined;
        const newName = renamed ? camel(renamed).replace(/^./, (c) => c.toUpperCase()) : name;
        const target = e?.status === 'renamed' || e?.status === 'moved' ? e.to!.split('.')[0]! : ifaceIn03(iface);
        to = `import(${q}${target}@0.3.0${q})${newName ? `.${newName}` : ''}`;
      }
      if (to !== m) {
        changed = true;
        needHelpersOf(ctx, to);
        ctx.editLine(line, `JSDoc type ${m} -> ${to}`);
      }
      return to;
    }),
  );
  if (changed) file.replaceWithText(out);
  typeAnnotations(ctx);
}

/** What the 0.3 value a 0.2 stream, body or pollable type now names can still be asked: anything else is a 0.2 call no transform took. */
const KEEPS: Record<string, { readonly kind: string; readonly now: string; readonly keeps: readonly string[]; readonly async?: readonly string[] }> = {
  'wasi:io/streams.InputStream': { kind: 'stream', now: 'the 0.3 [stream, outcome] pair', keeps: [] },
  'wasi:io/streams.OutputStream': { kind: 'stream', now: 'the 0.3 sink (`write`, `close`, `end`)', keeps: ['write', 'close', 'end'], async: ['write', 'close', 'end'] },
  'wasi:http/types.IncomingBody': { kind: 'body', now: 'the 0.3 [stream, trailers future] pair', keeps: [] },
  'wasi:io/poll.Pollable': { kind: 'pollable', now: 'the pollable helper (`ready`, `block`)', keeps: ['ready', 'block'], async: ['block'] },
};

/** The places the elements of the list \`h\` reaches are used: \`h[i]\`, the references of \`v\` in \`for (const v of h)\`. */
function elementsOf(h: Node): Node[] {
  const up = h.getParent();
  if (up && Node.isElementAccessExpression(up) && up.getExpression() === h) return [up];
  if (up && Node.isForOfStatement(up) && up.getExpression() === h) {
    const init = up.getInitializer();
    const [v] = Node.isVariableDeclarationList(init) ? init.getDeclarations() : [];
    if (v && Node.isIdentifier(v.getNameNode())) return referencesTo(v);
  }
  return [];
}

/** A call whose promise is waited on where it is made: awaited, or chained with \`then\`/\`catch\`/\`finally\`. */
function awaitedHere(call: Node): boolean {
  const at = withParens(call);
  const up = at.getParent();
  return !!up && (Node.isAwaitExpression(up) || (Node.isPropertyAccessExpression(up) && up.getExpression() === at && ['then', 'catch', 'finally'].includes(up.getName())));
}

/**
 * A value declared with a 0.2 stream type (a parameter, a parameter property
 * reached as \`this.x\`, a variable) whose 0.2 methods are still called: the
 * type now names the 0.3 value, which has no such method, so the call is
 * reported where it is (the transforms before took every call they port).
 */
function leftOnStream(ref: Node, shape: string): Left[] {
  const shapeOf = KEEPS[shape];
  const keeps = shapeOf?.keeps;
  // `let stream: InputStream | undefined`: the declaration above the union; `ready: Pollable[]`: a list of them.
  let decl = ref.getParent();
  let list = false;
  while (decl && (Node.isUnionTypeNode(decl) || Node.isParenthesizedTypeNode(decl) || Node.isArrayTypeNode(decl))) {
    list ||= Node.isArrayTypeNode(decl);
    decl = decl.getParent();
  }
  if (!shapeOf || !keeps || !decl || !(Node.isParameterDeclaration(decl) || Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl))) return [];
  const name = decl.getName();
  const held: Node[] =
    (Node.isParameterDeclaration(decl) && decl.isParameterProperty()) || Node.isPropertyDeclaration(decl)
      ? ref.getSourceFile().getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).filter((pa) => pa.getName() === name && pa.getExpression().getKind() === SyntaxKind.ThisKeyword)
      : Node.isParameterDeclaration(decl) || Node.isVariableDeclaration(decl)
        ? referencesTo(decl)
        : [];
  // Of a list, its elements: \`list[i]\`, and the variable of a \`for...of\` over it.
  const uses = list ? held.flatMap((h) => elementsOf(h)) : held;
  const left: { call: Node; text: string }[] = [];
  // The 0.2 calls kept by name whose 0.3 method returns a promise (a sink's write, a pollable's block), not awaited.
  const unawaited: { call: Node; text: string }[] = [];
  for (const u of uses) {
    const pa = u.getParent();
    const call = pa?.getParent();
    if (!pa || !Node.isPropertyAccessExpression(pa) || pa.getExpression() !== u || !call || !Node.isCallExpression(call) || call.getExpression() !== pa) continue;
    const text = `${u.getText()}.${pa.getName()}`;
    if (!keeps.includes(pa.getName())) left.push({ call, text });
    else if (shapeOf.async?.includes(pa.getName()) && !awaitedHere(call)) unawaited.push({ call, text });
  }
  // One item per value and kind, at its first such call no transform before reported (else its first call no marker
  // above names: another value's marker on its line does not report it); not again over our own output.
  const head = `\`${name}\` was declared with a WASI 0.2 ${shapeOf.kind} type`;
  // The marker naming several values: \`a\`, \`b\` were declared with ...
  const many = new RegExp(`\`${name.replace(/\$/g, '\\$')}\`[^:]* were declared with a WASI 0\\.2 ${shapeOf.kind} type`);
  const ours = (l: { call: Node }) => underReview(l.call, head) || underReview(l.call, many);
  if ([...left, ...unawaited].some(ours)) return [];
  const out: Left[] = [];
  for (const [found, messageId] of [[left, 'usesLeft'], [unawaited, 'unawaitedLeft']] as const) {
    const at = found.find((l) => !underReview(l.call)) ?? found.find((l) => !underReview(l.call, `\`${l.text.split('.').pop()}\``) && !underReview(l.call, `\`${l.text}\``));
    if (!at) continue;
    out.push({ call: at.call, messageId, name, kind: shapeOf.kind, now: shapeOf.now, calls: [...new Set(found.map((l) => `\`${l.text}\``))] });
  }
  return out;
}

/** A value's 0.2 calls no transform ported (or awaited), to report at `call`. */
interface Left {
  readonly call: Node;
  readonly messageId: 'usesLeft' | 'unawaitedLeft';
  readonly name: string;
  readonly kind: string;
  readonly now: string;
  readonly calls: readonly string[];
}

/**
 * Reports what leftOnStream found: one marker per line, naming every
 * value of one kind whose first unported call is there (several values on
 * one line made a stack of markers, one per value).
 */
function reportLeft(ctx: FileContext, found: readonly Left[]): void {
  const groups = new Map<string, Left[]>();
  for (const l of found) {
    // The line the marker goes above: the first line of the statement holding the call (two statements may share it).
    const key = `${(statementIn(l.call) ?? l.call).getStartLineNumber()}\0${l.messageId}\0${l.kind}\0${l.now}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  for (const g of groups.values()) {
    const [first] = g.sort((a, b) => a.call.getStart() - b.call.getStart());
    const { kind, now } = first!;
    const calls = g.flatMap((l) => l.calls).join(', ');
    if (g.length === 1) ctx.review(first!.call, first!.messageId, { name: first!.name, kind, now, calls });
    else ctx.review(first!.call, `${first!.messageId}Many`, { names: g.map((l) => `\`${l.name}\``).join(', '), kind, now, calls });
  }
}

/**
 * The type of a value that stays a 0.2 stream, one of a proposal with no 0.3
 * release: a parameter its callers hand only such streams (stream-params.ts),
 * or a variable made by one (\`ov.outgoingValueWriteBody()\` of wasi:blobstore).
 * The stream transforms left it and said so; its type stays too.
 */
function keptStream(ctx: FileContext, ref: Node): boolean {
  let at = ref.getParent();
  while (at && (Node.isUnionTypeNode(at) || Node.isParenthesizedTypeNode(at) || Node.isJSDocTypeExpression(at))) at = at.getParent();
  let decl: Node | undefined = at;
  if (at && Node.isJSDocParameterTag(at)) {
    // \`@param {OutputStream} out\`: the parameter of that name of the function the comment documents.
    const fn = at.getParent()?.getParent();
    const name = at.getName();
    decl = fn && Node.isFunctionLikeDeclaration(fn) ? fn.getParameters().find((p) => p.getName() === name) : undefined;
  }
  if (at && Node.isJSDocTypeTag(at)) {
    // \`/** @type {OutputStream} */ const body = ...\`: the variable the comment documents, when it declares one.
    const st = at.getParent()?.getParent();
    const decls = st && Node.isVariableStatement(st) ? st.getDeclarations() : [];
    decl = decls.length === 1 ? decls[0] : undefined;
  }
  if (decl && Node.isParameterDeclaration(decl)) return !!ctx.streams.keptOf(decl);
  if (decl && Node.isVariableDeclaration(decl)) return !!keptOrigin(ctx.file, decl.getInitializer());
  return false;
}

/**
 * A 0.2 type named at \`ref\` (a type reference, or a JSDoc \`import('wasi:...@0.2.x').Name\`) that stays as
 * written: in a class implementing a WASI 0.2 type (its signatures are the 0.2 interface's; specifiers reports
 * it), or the type of a stream that stays a 0.2 one (keptStream).
 */
function keptType(ctx: FileContext, ref: Node): boolean {
  return inWasiImplementation(ref.compilerNode, ctx.file.compilerNode) || keptStream(ctx, ref);
}

/** Where the file's JSDoc \`import('wasi:...@0.2.x')\` types that stay as written start (keptType). */
function keptImportTypes(ctx: FileContext): Set<number> {
  const sf = ctx.file.compilerNode;
  const found = jsDocNodes(ctx.file, (n) => ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal) && /^wasi:[^@]*@0\.2\./.test(n.argument.literal.text));
  return new Set(found.filter((n) => keptType(ctx, n)).map((n) => n.getStart()));
}

/** How the file imported its 0.2 name \`local\` as a type only: in an \`import type\`, or with an inline \`type\` modifier. */
function wroteAsType(ctx: FileContext, local: string): 'declaration' | 'name' | undefined {
  for (const d of importDeclarations(ctx.file)) {
    const n = d.getNamedImports().find((x) => (x.getAliasNode()?.getText() ?? x.getName()) === local);
    if (n) return d.isTypeOnly() ? 'declaration' : n.isTypeOnly() ? 'name' : undefined;
  }
  return undefined;
}

/** A shape written as a helper's type (`ReturnType<typeof wasiSink>`) needs that helper in the file. */
function needHelpersOf(ctx: FileContext, type: string): void {
  for (const [, helper] of type.matchAll(/\btypeof (wasi[A-Z]\w*)/g)) ctx.needHelper(helper!);
}

/**
 * TypeScript type references to jco's 0.2 names (`stream: InputStream`) take
 * the 0.3 shapes too: the imports first (each may add one), then every
 * reference in one replacement of the file's text (edit-batch.ts).
 */
function typeAnnotations(ctx: FileContext): void {
  // A name imported by name (\`InputStream\`, under any local name) or read off a namespace import (\`types.IncomingRequest\`).
  const named = (n: ts.Node, sf: ts.SourceFile) => ts.isTypeReferenceNode(n) && !!ctx.wasi.exportOfNode(n.typeName, sf);
  const refs = [...descendantsWhere(ctx.file, SyntaxKind.TypeReference, named), ...(jsDocNodes(ctx.file, (n) => named(n, ctx.file.compilerNode)) as TypeReferenceNode[])].filter((r) => {
    const w = ctx.wasi.exportOf(r.getTypeName());
    return !!w && w.version.startsWith('0.2.') && !!SHAPES[`${w.iface}.${w.name}`] && !r.getTypeArguments().length && !keptType(ctx, r);
  });
  const left: Left[] = [];
  const ported = refs.sort((a, b) => b.getStart() - a.getStart()).map((r) => {
    const w = ctx.wasi.exportOf(r.getTypeName())!;
    left.push(...leftOnStream(r, `${w.iface}.${w.name}`));
    let to = SHAPES[`${w.iface}.${w.name}`]!;
    // A plain 0.3 type is named through the file's import, as a person writes it.
    const plain = /^import\('(wasi:[a-z-]+\/[a-z-]+@0\.3\.0)'\)\.([A-Za-z]+)$/.exec(to);
    if (plain) to = ensureImport(ctx.file, plain[1]!, plain[2]!, { asType: true, wrote: wroteAsType(ctx, r.getTypeName().getText()) });
    needHelpersOf(ctx, to);
    return { r, w, to };
  });
  reportLeft(ctx, left);
  const batch = new EditBatch();
  for (const { r, w, to } of ported) {
    ctx.editLine(r.getStartLineNumber(), `type ${w.name} (${w.iface}@${w.version}) -> ${to}`);
    batch.replace(ctx.file, r.getStart(), r.getEnd(), to);
  }
  batch.flush();
}

/**
 * The nodes \`pick\` takes in the file's JSDoc tags (a type reference \`@param {InputStream} input\` naming the
 * file's import of the 0.2 type, an \`import('wasi:...')\` type): TypeScript keeps JSDoc beside the tree, where a
 * walk of the nodes' children does not go.
 */
function jsDocNodes(file: FileContext['file'], pick: (n: ts.Node) => boolean): Node[] {
  const sf = file.compilerNode;
  if (!sf.text.includes('@')) return [];
  const found: ts.Node[] = [];
  const inDoc = (n: ts.Node): void => {
    if (pick(n)) found.push(n);
    ts.forEachChild(n, inDoc);
  };
  const visit = (n: ts.Node): void => {
    for (const doc of (n as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) inDoc(doc);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found.map((n) => wrapped<Node>(file, n));
}

const transform: CodeTransform = {
  id: 'bindings/jsdoc-types',
  summary: "JSDoc types naming jco's 0.2 bindings name the 0.3 types of what the code now holds",
  docs,
  messages,
  kind: 'mechanical',
  apply,
  cases: [
    {
      // A JSDoc type naming the file's import of a 0.2 type kept that import, at 0.2 and reported, for a comment.
      name: "a JSDoc `@param {OutputStream}` naming the file's import of jco's 0.2 type takes the 0.3 shape, and the import goes with the last use",
      before: { 'guest.js': `import { getStdout } from 'wasi:cli/stdout@0.2.3';
import { OutputStream } from 'wasi:io/streams@0.2.3';

/**
 * Writes one line.
 * @param {OutputStream} out
 * @param {string} line
 */
function writeLine(out, line) {
  out.blockingWriteAndFlush(new TextEncoder().encode(\`\${line}\\n\`));
}

export const run = {
  run() {
    const out = getStdout();
    writeLine(out, 'hi');
  },
};
` },
      after: { 'guest.js': `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';

/**
 * Writes one line.
 * @param {ReturnType<typeof wasiSink>} out
 * @param {string} line
 */
async function writeLine(out, line) {
  await out.write(new TextEncoder().encode(\`\${line}\\n\`));
}

export const run = {
  async run() {
    const out = wasiSink(writeViaStream);
    await writeLine(out, 'hi');
    await out.close();
  },
};
` },
      helpers: ['wasiSink'],
    },
    {
      name: "a variable typed `InputStream | undefined` whose 0.2 read no transform ported is reported",
      before: { 'guest.ts': `import { getStdin } from 'wasi:cli/stdin@0.2.12';
import type { InputStream } from 'wasi:io/streams@0.2.12';

let input: InputStream | undefined;

export function open(): void {
  input = getStdin();
}

export function peek(): Uint8Array {
  return input?.read(16n) ?? new Uint8Array();
}
` },
      after: { 'guest.ts': `// wasi-migrate(review): \`getStdin\` of wasi:cli/stdin became wasi:cli/stdin.read-via-stream (returns tuple<stream<u8>, future<result<_, error-code>>>): the code still uses the 0.2 shape
import { getStdin } from 'wasi:cli/stdin@0.3.0';

let input: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>] | undefined;

export function open(): void {
  input = getStdin();
}

export function peek(): Uint8Array {
  // wasi-migrate(review): \`input\` was declared with a WASI 0.2 stream type and now holds the 0.3 [stream, outcome] pair, which has no \`input.read\`: no transform ported these uses; port them by hand
  return input?.read(16n) ?? new Uint8Array();
}
` },
      reviews: ["`getStdin` of wasi:cli/stdin became wasi:cli/stdin.read-via-", "`input` was declared with a WASI 0.2 stream type and now hol"],
    },
    {
      name: "two values typed with 0.2 streams whose unported calls share a line get one marker naming both (it was one marker per value, stacked); a value whose call shares a line with another transform's marker about another value is still reported",
      before: { 'guest.ts': `import type { InputStream, OutputStream } from 'wasi:io/streams@0.2.12';
import type { Pollable } from 'wasi:io/poll@0.2.12';

export function skipBoth(a: InputStream, b: InputStream): bigint {
  return a.skip(4n) + b.skip(4n);
}

export function room(input: InputStream, output: OutputStream): bigint {
  return input.skip(4n) + output.checkWrite();
}

export function wait(p: Pollable, q: Pollable) {
  return [p.block(), q.block()];
}
` },
      after: { 'guest.ts': `export function skipBoth(a: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>], b: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>]): bigint {
  // wasi-migrate(review): \`a\`, \`b\` were declared with a WASI 0.2 stream type and now hold the 0.3 [stream, outcome] pair, which has no \`a.skip\`, \`b.skip\`: no transform ported these uses; port them by hand
  return a.skip(4n) + b.skip(4n);
}

export function room(input: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>], output: ReturnType<typeof wasiSink>): bigint {
  // wasi-migrate(review): \`checkWrite\` of a WASI 0.2 output-stream has no 0.3 counterpart: write to a stream<u8> passed to the 0.3 call (a write resolves once the reader took the bytes)
  // wasi-migrate(review): \`input\` was declared with a WASI 0.2 stream type and now holds the 0.3 [stream, outcome] pair, which has no \`input.skip\`: no transform ported these uses; port them by hand
  return input.skip(4n) + output.checkWrite();
}

export function wait(p: ReturnType<typeof wasiPollable>, q: ReturnType<typeof wasiPollable>) {
  // wasi-migrate(review): \`p\`, \`q\` were declared with a WASI 0.2 pollable type and now hold the pollable helper (\`ready\`, \`block\`), whose \`p.block\`, \`q.block\` return promises that nothing awaits here (the 0.2 calls were done when they returned): await them, the function made async, by hand
  return [p.block(), q.block()];
}
` },
      helpers: ['wasiSink', 'wasiPollable'],
      reviews: ["`a`, `b` were declared with a WASI 0.2 stream type and now hold", "`checkWrite` of a WASI 0.2 output-stream has no 0.3 counterpart", "`input` was declared with a WASI 0.2 stream type and now holds", "`p`, `q` were declared with a WASI 0.2 pollable type and now hold"],
    },
    {
      name: "`InputStream` imported from wasi:http/types (jco re-exports the wasi:io types an interface `use`s) is wasi:io's: the annotation takes the pair",
      before: { 'guest.ts': `import type { InputStream } from 'wasi:http/types@0.2.3';

let input: InputStream | undefined;

export function peek(): Uint8Array {
  return input?.read(16n) ?? new Uint8Array();
}
` },
      after: { 'guest.ts': `let input: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>] | undefined;

export function peek(): Uint8Array {
  // wasi-migrate(review): \`input\` was declared with a WASI 0.2 stream type and now holds the 0.3 [stream, outcome] pair, which has no \`input.read\`: no transform ported these uses; port them by hand
  return input?.read(16n) ?? new Uint8Array();
}
` },
      reviews: ["`input` was declared with a WASI 0.2 stream type and now hol"],
    },
    {
      // A fetch adapter's \`createReadableStream(incoming.consume().stream())\`: its parameter type took no body pair (tsc: TS2345), no review.
      name: "an `InputStream` parameter handed a request body takes its pair, whose outcome is the trailers future (an ok holding fields, not void)",
      before: { 'guest.ts': `import type { IncomingRequest } from 'wasi:http/types@0.2.3';
import type { InputStream } from 'wasi:io/streams@0.2.3';

export async function bodySize(incoming: IncomingRequest): Promise<number> {
  return drain(incoming.consume().stream());
}

async function drain(input: InputStream): Promise<number> {
  let total = 0;
  while (true) {
    try {
      total += input.blockingRead(4096n).length;
    } catch (e) {
      if ((e as { tag?: string }).tag === 'closed') return total;
      throw e;
    }
  }
}
` },
      after: { 'guest.ts': `import { Request } from 'wasi:http/types@0.3.0';

export async function bodySize(incoming: Request): Promise<number> {
  return drain(Request.consumeBody(incoming, wasiOk()));
}

async function drain(input: [AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>]): Promise<number> {
  let total = 0;
  while (true) {
    try {
      total += (await wasiRead(input, 4096n)).length;
    } catch (e) {
      if ((e as { tag?: string }).tag === 'closed') return total;
      throw e;
    }
  }
}
` },
      helpers: ['wasiOk', 'wasiRead'],
    },
    {
      name: "JSDoc types follow the code",
      before: `// @ts-check
import { handle } from 'wasi:http/outgoing-handler@0.2.12';

/** @param {import('wasi:http/types@0.2.12').OutgoingRequest} req @returns {import('wasi:http/types@0.2.12').FutureIncomingResponse} */
export function start(req) {
  return handle(req, undefined);
}

/** @type {typeof import('wasi:cli/run@0.2.12')} */
export const run = { run() {} };
`,
      after: `// @ts-check
import { send } from 'wasi:http/client@0.3.0';

/** @param {import('wasi:http/types@0.3.0').Request} req @returns {Promise<import('wasi:http/types@0.3.0').Response>} */
export function start(req) {
  return send(req);
}

/** @type {typeof import('wasi:cli/run@0.3.0')} */
export const run = { async run() {} };
`,
    },
    {
      name: 'a 0.2 stream method no transform ported, on a value typed with the 0.2 stream (a parameter property reached as this.x): reported, and the type\'s helper is added',
      before: {
        'guest.ts': `import type { OutputStream } from 'wasi:io/streams@0.2.3';

export class Sender {
  constructor(private readonly output: OutputStream) {}

  push(): void {
    this.output.flush();
  }
}
`,
      },
      after: {
        'guest.ts': `export class Sender {
  constructor(private readonly output: ReturnType<typeof wasiSink>) {}

  push(): void {
    // wasi-migrate(review): \`output\` was declared with a WASI 0.2 stream type and now holds the 0.3 sink (\`write\`, \`close\`, \`end\`), which has no \`this.output.flush\`: no transform ported these uses; port them by hand
    this.output.flush();
  }
}
`,
      },
      helpers: ['wasiSink'],
      reviews: ['`output` was declared with a WASI 0.2 stream type and now holds the 0.3 sink'],
    },
    {
      // A real TCP transport class wrote through its OutputStream field with write() in a sync method: the sink's
      // write kept its name, its promise dropped, with --check passing and tsc content; a Pollable parameter's
      // block() the same.
      name: "a kept method whose 0.3 counterpart returns a promise (a sink's `write`, a pollable's `block`), on a value typed with the 0.2 type, not awaited: reported; awaited, it is no review",
      before: {
        'guest.ts': `import type { OutputStream } from 'wasi:io/streams@0.2.3';
import type { Pollable } from 'wasi:io/poll@0.2.3';

export class Frames {
  constructor(private readonly output: OutputStream) {}

  send(frame: Uint8Array): void {
    this.output.write(frame);
  }
}

export function settle(ready: Pollable): void {
  ready.block();
}

export async function settled(ready: Pollable): Promise<boolean> {
  await ready.block();
  return ready.ready();
}

export function settleAll(list: Pollable[]): void {
  for (const p of list) p.block();
}
`,
      },
      after: {
        'guest.ts': `export class Frames {
  constructor(private readonly output: ReturnType<typeof wasiSink>) {}

  send(frame: Uint8Array): void {
    // wasi-migrate(review): \`output\` was declared with a WASI 0.2 stream type and now holds the 0.3 sink (\`write\`, \`close\`, \`end\`), whose \`this.output.write\` returns a promise that nothing awaits here (the 0.2 call was done when it returned): await it, the function made async, by hand
    this.output.write(frame);
  }
}

export function settle(ready: ReturnType<typeof wasiPollable>): void {
  // wasi-migrate(review): \`ready\` was declared with a WASI 0.2 pollable type and now holds the pollable helper (\`ready\`, \`block\`), whose \`ready.block\` returns a promise that nothing awaits here (the 0.2 call was done when it returned): await it, the function made async, by hand
  ready.block();
}

export async function settled(ready: ReturnType<typeof wasiPollable>): Promise<boolean> {
  await ready.block();
  return ready.ready();
}

export function settleAll(list: ReturnType<typeof wasiPollable>[]): void {
  // wasi-migrate(review): \`list\` was declared with a WASI 0.2 pollable type and now holds the pollable helper (\`ready\`, \`block\`), whose \`p.block\` returns a promise that nothing awaits here (the 0.2 call was done when it returned): await it, the function made async, by hand
  for (const p of list) p.block();
}
`,
      },
      helpers: ['wasiSink', 'wasiPollable'],
      reviews: ['`output` was declared with a WASI 0.2 stream type', '`ready` was declared with a WASI 0.2 pollable type', '`list` was declared with a WASI 0.2 pollable type'],
    },
    {
      name: "TypeScript: 0.2 types from an `import type` take their 0.3 names from an `import type` (the module must not import WASI at run time)",
      before: { 'guest.ts': `// Types only: this module must not import WASI at run time.
import type { IncomingRequest, OutgoingResponse } from 'wasi:http/types@0.2.3';

export function path(req: IncomingRequest): string {
  return req.pathWithQuery() ?? '/';
}

export function code(res: OutgoingResponse): number {
  return res.statusCode();
}
` },
      after: { 'guest.ts': `// Types only: this module must not import WASI at run time.
import type { Response, Request } from 'wasi:http/types@0.3.0';

export function path(req: Request): string {
  return req.getPathWithQuery() ?? '/';
}

export function code(res: Response): number {
  return res.getStatusCode();
}
` },
    },
    {
      name: "TypeScript: 0.2 types read off a namespace import (`req: http.IncomingRequest`) take their 0.3 names through the namespace, as named imports do (they were left, reported by the specifiers as 0.2 shapes still used)",
      before: { 'guest.ts': `import * as http from 'wasi:http/types@0.2.3';

export function path(req: http.IncomingRequest): string {
  return req.pathWithQuery() ?? '/';
}

export function code(res: http.OutgoingResponse): number {
  return res.statusCode();
}
` },
      after: { 'guest.ts': `import * as http from 'wasi:http/types@0.3.0';

export function path(req: http.Request): string {
  return req.getPathWithQuery() ?? '/';
}

export function code(res: http.Response): number {
  return res.getStatusCode();
}
` },
    },
    {
      // bprobe10 type-modifier (meowts' component.ts too): \`import { Fields, type IncomingRequest } from ...\` became
      // \`import { Fields, Request } from ...\`, the modifier the file wrote dropped (a value import under verbatimModuleSyntax).
      name: 'TypeScript: a 0.2 type imported with an inline `type` modifier takes its 0.3 name with the modifier',
      before: { 'guest.ts': `import { Fields, type IncomingRequest, type OutgoingResponse } from 'wasi:http/types@0.2.3';

export function path(req: IncomingRequest, res: OutgoingResponse): string {
  return (req.pathWithQuery() ?? '/') + new Fields().has('x') + res.statusCode();
}
` },
      after: { 'guest.ts': `import { Fields, type Response, type Request } from 'wasi:http/types@0.3.0';

export function path(req: Request, res: Response): string {
  return (req.getPathWithQuery() ?? '/') + new Fields().has('x') + res.getStatusCode();
}
` },
    },
    {
      name: 'TypeScript: a 0.2 type from an `import type` beside a value import of the same interface takes its 0.3 name in the `import type`',
      before: { 'guest.ts': `import type { IncomingRequest } from 'wasi:http/types@0.2.3';
import { Fields } from 'wasi:http/types@0.2.3';

export function path(req: IncomingRequest): string {
  return (req.pathWithQuery() ?? '/') + new Fields().has('x');
}
` },
      after: { 'guest.ts': `import type { Request } from 'wasi:http/types@0.3.0';
import { Fields } from 'wasi:http/types@0.3.0';

export function path(req: Request): string {
  return (req.getPathWithQuery() ?? '/') + new Fields().has('x');
}
` },
    },
    {
      // wasmCloud's http-server-with-hono adapter: ts-morph's own addNamedImport wrote \`{ResponseOutparam, Request }\`.
      name: 'TypeScript: an `import type` list written without spaces inside its braces keeps that style when a 0.3 name joins it',
      before: { 'guest.ts': `import type {IncomingRequest, Fields} from 'wasi:http/types@0.2.3';

export function path(req: IncomingRequest, headers: Fields): string {
  return (req.pathWithQuery() ?? '/') + headers.has('x');
}
` },
      after: { 'guest.ts': `import type {Fields, Request} from 'wasi:http/types@0.3.0';

export function path(req: Request, headers: Fields): string {
  return (req.getPathWithQuery() ?? '/') + headers.has('x');
}
` },
    },
    {
      // Only type references (\`@param {OutputStream}\`, annotations) were checked: the \`import(...)\` form was rewritten by text.
      name: "a JSDoc `import('wasi:io/streams@0.2.x').OutputStream` is left as written where a type reference would be: the type of a stream that stays a 0.2 one (a parameter every caller hands a wasi:blobstore stream, a variable made by one), and in a class implementing a WASI 0.2 type; wasi:io's own stream beside them takes the 0.3 shape",
      before: { 'blob.js': `import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

/**
 * @param {import('wasi:io/streams@0.2.3').OutputStream} stream
 * @param {Uint8Array} bytes
 */
function writeAll(stream, bytes) {
  stream.blockingWriteAndFlush(bytes);
}

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  /** @type {import('wasi:io/streams@0.2.3').OutputStream} */
  const body = ov.outgoingValueWriteBody();
  writeAll(body, bytes);
  container.writeData(name, ov);
}

/** @param {import('wasi:io/streams@0.2.3').InputStream} input a stream of wasi:io's own */
export const keep = (input) => [input];
`, 'virt.ts': `import type { Descriptor as WasiDescriptor } from 'wasi:filesystem/types@0.2.3';

export class Descriptor implements WasiDescriptor {
  /** @param {import('wasi:io/streams@0.2.3').InputStream} input */
  appendFrom(input: unknown): void {
    void input;
  }
}
` },
      after: { 'blob.js': `// wasi-migrate(review): \`wasi:blobstore/types@0.2.0-draft\`: wasi:blobstore has no 0.3.0 release, so there is nothing to move it to: the import is left as it is; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
import { OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';

// wasi-migrate(review): \`stream\` is an output-stream of wasi:blobstore/types, which has no 0.3 release: it stays a wasi:io 0.2 stream, so its calls are left as they are; it goes with that import (kept at 0.2, or dropped)
/**
 * @param {import('wasi:io/streams@0.2.3').OutputStream} stream
 * @param {Uint8Array} bytes
 */
function writeAll(stream, bytes) {
  stream.blockingWriteAndFlush(bytes);
}

export function writeBlob(container, name, bytes) {
  const ov = OutgoingValue.newOutgoingValue();
  /** @type {import('wasi:io/streams@0.2.3').OutputStream} */
  const body = ov.outgoingValueWriteBody();
  writeAll(body, bytes);
  container.writeData(name, ov);
}

/** @param {[AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>]} input a stream of wasi:io's own */
export const keep = (input) => [input];
`, 'virt.ts': `import type { Descriptor as WasiDescriptor } from 'wasi:filesystem/types@0.3.0';

// wasi-migrate(review): \`Descriptor\` implements \`Descriptor\` of wasi:filesystem/types (this code provides the interface, as a host or a virtualization does, rather than calling it), and WASI 0.3 changed that interface (\`DirectoryEntryStream\`, \`filesystemErrorCode\`; its functions async, streams and futures where 0.2 had stream and pollable resources): the rewriter ports calls, not implementations; implement the 0.3 interface by hand, or keep this code at 0.2
export class Descriptor implements WasiDescriptor {
  /** @param {import('wasi:io/streams@0.2.3').InputStream} input */
  appendFrom(input: unknown): void {
    void input;
  }
}
` },
      reviews: ['`wasi:blobstore/types@0.2.0-draft`: wasi:blobstore has no 0.3.0 release', '`stream` is an output-stream of wasi:blobstore/types', '`Descriptor` implements `Descriptor` of wasi:filesystem/types'],
    },
  ],
};
export default transform;

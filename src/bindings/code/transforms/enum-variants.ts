import { Node, SyntaxKind, ts, type Expression, type ParameterDeclaration, type SourceFile, type StringLiteral, type TypeNode, type VariableDeclaration } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { camel, compilerNodesWhere, declarationOf, methodOf, replaceInPlace, underReview, wrapped } from '../util.js';

const docs = `
Three WASI enums became variants in 0.3.0 (each gained a case with a
payload, \`other(option<string>)\`): wasi:filesystem's \`descriptor-type\` and
\`error-code\`, and wasi:sockets' \`error-code\`. jco gives an enum case as a
string (\`'directory'\`) and a variant case as an object (\`{ tag: 'directory' }\`),
so every test of such a value against a string is false after the port, with
no error anywhere: \`stat.type === 'directory'\`, \`entry.type === 'regular-file'\`,
\`switch (code) { case 'no-entry': ... }\`.

Where the value is one of them for certain (the \`type\` of what \`stat()\`,
\`statAt()\` or a directory listing gives, or what \`getType()\` returns), the
test reads its \`tag\`: \`stat.type.tag === 'directory'\`. Every other test of
a value against one of these enums' case names, in a file that imports the
package at 0.2, is reported: the value may have come from WASI (an error a
call threw, a type kept in a field), and then it needs \`.tag\` too. Not a
value the code declares (a TypeScript annotation or a JSDoc type) with the
file's own union of strings listing that case (\`create?: 'directory' | 'file'\`, directly or as a property of the
file's own interface or type alias), with no WASI type in it: that string is
the code's.

A descriptor-type WASI gives for certain that the code uses as a value,
not in a test (\`entries.push({ name: e.name, type: e.type })\`, a
template, a field), is reported where it is used: its shape changes with no
error anywhere (JSON gives \`{"tag":"directory"}\` where it gave
\`"directory"\`).
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  caseGone: '`{{case}}` is a case of {{names}} in 0.2 and of none in 0.3 (an enum then, a variant now, without this case): a value from WASI is never it after the port, so this test never holds; port what it stood for by hand',
  caseTagged: '`{{case}}` is a case of {{names}}, an enum in 0.2 and a variant in 0.3: jco gives `{ tag: \'{{case}}\' }` where it gave `\'{{case}}\'`, so this test is false after the port if the value comes from WASI (an error a call threw, a type kept in a field): test its `.tag` then',
  valueNowObject: '`{{value}}` is wasi:filesystem\'s `descriptor-type`, a string in 0.2 (`\'directory\'`) and an object in 0.3 (`{ tag: \'directory\' }`): here it is used as a value, not tested, so what it becomes changes with no error (JSON gives an object, a template `[object Object]`, a test elsewhere never holds); read its `.tag` where the 0.2 string is meant (0.2\'s `unknown` is 0.3\'s `other`)',
} as const;

/**
 * The 0.2 enums that are variants in 0.3.0, by package: their 0.2 cases, and
 * those of them no 0.3.0 variant of that name in the package has (checked
 * against the official WIT by test/bindings/code/enum-variants.test.ts).
 */
export const ENUMS_NOW_VARIANTS: Readonly<Record<string, Readonly<Record<string, { readonly cases: readonly string[]; readonly gone: readonly string[] }>>>> = {
  'wasi:filesystem': {
    'descriptor-type': { cases: ['unknown', 'block-device', 'character-device', 'directory', 'fifo', 'symbolic-link', 'regular-file', 'socket'], gone: ['unknown'] },
    'error-code': {
      cases: ['access', 'would-block', 'already', 'bad-descriptor', 'busy', 'deadlock', 'quota', 'exist', 'file-too-large', 'illegal-byte-sequence', 'in-progress', 'interrupted', 'invalid', 'io', 'is-directory', 'loop', 'too-many-links', 'message-size', 'name-too-long', 'no-device', 'no-entry', 'no-lock', 'insufficient-memory', 'insufficient-space', 'not-directory', 'not-empty', 'not-recoverable', 'unsupported', 'no-tty', 'no-such-device', 'overflow', 'not-permitted', 'pipe', 'read-only', 'invalid-seek', 'text-file-busy', 'cross-device'],
      gone: ['would-block'],
    },
  },
  'wasi:sockets': {
    'error-code': {
      cases: ['unknown', 'access-denied', 'not-supported', 'invalid-argument', 'out-of-memory', 'timeout', 'concurrency-conflict', 'not-in-progress', 'would-block', 'invalid-state', 'new-socket-limit', 'address-not-bindable', 'address-in-use', 'remote-unreachable', 'connection-refused', 'connection-reset', 'connection-aborted', 'datagram-too-large', 'name-unresolvable', 'temporary-resolver-failure', 'permanent-resolver-failure'],
      gone: ['unknown', 'concurrency-conflict', 'not-in-progress', 'would-block', 'new-socket-limit'],
    },
  },
};

/** Too common a word to say a string is one of these cases. */
const GENERIC = new Set(['unknown']);

const CASE_NAMES = [...new Set(Object.values(ENUMS_NOW_VARIANTS).flatMap((p) => Object.values(p).flatMap((e) => e.cases)))].filter((c) => !GENERIC.has(c));

const strip = (e: Node): Node => {
  let n = e;
  while (Node.isParenthesizedExpression(n) || Node.isAwaitExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
  return n;
};

/** `x.stat()` / `x.statAt(...)` / `x.getType()`, awaited or not. */
const callOf = (e: Node, names: readonly string[]): boolean => {
  const n = strip(e);
  return Node.isCallExpression(n) && names.includes(methodOf(n)?.name ?? '');
};

/** An entry of a 0.3 listing: `e` of `for await (const e of s)` with `const [s, ...] = dir.readDirectory()`. */
function isListingEntry(id: Node): boolean {
  const d = declarationOf(id);
  const forOf = d && Node.isVariableDeclaration(d) ? d.getParent()?.getParent() : undefined;
  if (!forOf || !Node.isForOfStatement(forOf) || !forOf.isAwaited()) return false;
  const over = forOf.getExpression();
  const src = Node.isIdentifier(over) ? declarationOf(over) : undefined;
  const pair = src && Node.isBindingElement(src) ? src.getParent()?.getParent() : undefined;
  return !!pair && Node.isVariableDeclaration(pair) && !!pair.getInitializer() && callOf(pair.getInitializer()!, ['readDirectory']);
}

/** The compared value is a descriptor-type WASI gives for certain: its `tag` is what to compare. */
function certainDescriptorType(value: Node): boolean {
  if (callOf(value, ['getType'])) return true;
  const v = strip(value);
  if (!Node.isPropertyAccessExpression(v) || v.getName() !== 'type') return false;
  const owner = v.getExpression();
  if (callOf(owner, ['stat', 'statAt'])) return true;
  const o = strip(owner);
  if (!Node.isIdentifier(o)) return false;
  const d = declarationOf(o);
  const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
  return (!!init && callOf(init, ['stat', 'statAt'])) || isListingEntry(o);
}

/** The value is declared with jco's type for the enum (`t: DescriptorType`, `code: ErrorCode`), imported from its package. */
function typedAs(ctx: FileContext, value: Node, pkg: string, name: string): boolean {
  const v = strip(value);
  const d = Node.isIdentifier(v) ? declarationOf(v) : undefined;
  const type = d && (Node.isParameterDeclaration(d) || Node.isVariableDeclaration(d)) ? d.getTypeNode() : undefined;
  if (!type || !Node.isTypeReference(type)) return false;
  const w = ctx.wasi.byLocal.get(type.getTypeName().getText());
  return !!w && w.iface.startsWith(`${pkg}/`) && w.name === camel(`-${name}`);
}

/**
 * The type the code declares \`value\` with: an identifier's annotation, or through a destructured property
 * (\`{ create }: TraverseOptions\`) or a member access (\`opts.create\`), that property's type in the file's own
 * interface, type alias or type literal.
 */
function declaredType(ctx: FileContext, value: Node, depth = 0): TypeNode | undefined {
  const v = strip(value);
  if (depth > 4) return undefined;
  if (Node.isPropertyAccessExpression(v)) return memberType(ctx, declaredType(ctx, v.getExpression(), depth + 1), v.getName());
  const d = Node.isIdentifier(v) ? declarationOf(v) : undefined;
  if (!d) return undefined;
  if (!Node.isBindingElement(d)) return typeOf(ctx, d);
  const holder = d.getParent()?.getParent();
  if (!Node.isObjectBindingPattern(d.getParent()) || !(Node.isParameterDeclaration(holder) || Node.isVariableDeclaration(holder))) return undefined;
  return memberType(ctx, typeOf(ctx, holder), d.getPropertyNameNode()?.getText() ?? d.getName());
}

/** A parameter's or variable's type: its annotation, or in JavaScript its JSDoc's (\`@param {'a' | 'b'} x\`, \`@type\`). */
function typeOf(ctx: FileContext, d: ParameterDeclaration | VariableDeclaration): TypeNode | undefined {
  const own = d.getTypeNode();
  if (own) return own;
  const doc = ts.getJSDocType(d.compilerNode);
  return doc ? wrapped<TypeNode>(ctx.file, doc) : undefined;
}

/** A type reference to the file's own type alias, followed to what it names. */
function ownAlias(ctx: FileContext, type: TypeNode | undefined): TypeNode | undefined {
  for (let i = 0; type && Node.isTypeReference(type) && i < 4; i++) {
    const alias = ctx.file.getTypeAlias(type.getTypeName().getText());
    if (!alias) return type;
    type = alias.getTypeNode();
  }
  return type;
}

/** The type of property \`name\` of \`type\`: a type literal, or the file's own interface or type alias. */
function memberType(ctx: FileContext, type: TypeNode | undefined, name: string): TypeNode | undefined {
  const t = ownAlias(ctx, type);
  if (Node.isTypeLiteral(t)) return t.getProperty(name)?.getTypeNode();
  if (Node.isTypeReference(t)) return ctx.file.getInterface(t.getTypeName().getText())?.getProperty(name)?.getTypeNode();
  return undefined;
}

/**
 * The code declares the tested value with a type of its own that lists this string (\`'directory' | 'file' | null\`),
 * and with no WASI type beside it: the string is the code's, not a case of a WASI enum.
 */
function ownLiteral(ctx: FileContext, value: Node, text: string): boolean {
  const members: Node[] = [];
  const add = (t: TypeNode | undefined, depth: number): void => {
    const r = ownAlias(ctx, t);
    if (Node.isUnionTypeNode(r) && depth < 4) r.getTypeNodes().forEach((m) => add(m, depth + 1));
    else if (r) members.push(r);
  };
  add(declaredType(ctx, value), 0);
  const listed = members.some((m) => Node.isLiteralTypeNode(m) && Node.isStringLiteral(m.getLiteral()) && m.getLiteral().getText().slice(1, -1) === text);
  return listed && !members.some((m) => Node.isTypeReference(m) && ctx.wasi.byLocal.has(m.getTypeName().getText().split('.')[0]!));
}

/**
 * The string literals of `file` naming one of `cases` on one side of a
 * comparison or as a `case` label, found on TypeScript's tree (string
 * literals are tokens: ts-morph's own walk would wrap every node of the file
 * to find them); only those get wrappers.
 */
function testedLiterals(file: SourceFile, cases: ReadonlySet<string>): StringLiteral[] {
  const tested = (n: ts.Node): n is ts.StringLiteral => ts.isStringLiteral(n) && cases.has(n.text) && (ts.isBinaryExpression(n.parent) || ts.isCaseClause(n.parent));
  return compilerNodesWhere(file, tested).map((n) => wrapped<StringLiteral>(file, n));
}

/** The value a string literal is tested against: the other side of `===`/`!==`/`==`/`!=`, or a `switch`'s subject. */
function testedValue(lit: StringLiteral): Expression | undefined {
  const p = lit.getParent();
  if (Node.isBinaryExpression(p)) {
    const op = p.getOperatorToken().getKind();
    if (![SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken].includes(op)) return undefined;
    return p.getLeft() === lit ? p.getRight() : p.getLeft();
  }
  if (Node.isCaseClause(p) && p.getExpression() === lit) return p.getParentOrThrow().getParentOrThrow().asKind(SyntaxKind.SwitchStatement)?.getExpression();
  return undefined;
}

function apply(ctx: FileContext): void {
  const pkgs = new Set([...ctx.wasi.byLocal.values()].filter((w) => w.version.startsWith('0.2.')).map((w) => w.iface.split('/')[0]!));
  const enums = [...pkgs].flatMap((p) => Object.entries(ENUMS_NOW_VARIANTS[p] ?? {}).map(([name, e]) => ({ pkg: p, name, cases: new Set(e.cases), gone: new Set(e.gone) })));
  if (!enums.length) return;
  const tagged = new Set<Node>();
  const reported = new Set<Node>();
  for (const lit of testedLiterals(ctx.file, new Set(enums.flatMap((e) => [...e.cases]))).reverse()) {
    if (lit.wasForgotten()) continue;
    const which = enums.filter((e) => e.cases.has(lit.getLiteralValue()) && !GENERIC.has(lit.getLiteralValue()));
    const value = which.length ? testedValue(lit) : undefined;
    if (!value) continue;
    // The value is one of these enums for certain: what WASI gives as a descriptor-type, or declared with jco's type.
    const certain = which.find((e) => (e.pkg === 'wasi:filesystem' && e.name === 'descriptor-type' && certainDescriptorType(value)) || typedAs(ctx, value, e.pkg, e.name));
    if (certain && !certain.gone.has(lit.getLiteralValue())) {
      if (tagged.has(value)) continue;
      tagged.add(value);
      const text = Node.isAwaitExpression(value) ? `(${value.getText()}).tag` : `${value.getText()}.tag`;
      ctx.edit(replaceInPlace(value, text), `0.3's ${certain.name} is a variant: jco gives \`{ tag: '${lit.getLiteralValue()}' }\`, so the test reads its \`tag\``);
      continue;
    }
    const at = Node.isCaseClause(lit.getParent()) ? value : lit;
    if (reported.has(at) || underReview(at) || value.getText().endsWith('.tag') || ownLiteral(ctx, value, lit.getLiteralValue())) continue;
    reported.add(at);
    const c = lit.getLiteralValue();
    const names = which.map((e) => `${e.pkg}'s \`${e.name}\``).join(' or ');
    ctx.review(at, which.every((e) => e.gone.has(c)) ? 'caseGone' : 'caseTagged', { case: c, names });
  }
  if (enums.some((e) => e.pkg === 'wasi:filesystem' && e.name === 'descriptor-type')) usedAsValue(ctx);
}

/** An equality test (\`===\`, \`!==\`, \`==\`, \`!=\`) has \`n\` on one side. */
function tested(n: Node): boolean {
  const p = n.getParent();
  if (Node.isBinaryExpression(p)) return [SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken].includes(p.getOperatorToken().getKind());
  return Node.isSwitchStatement(p) && p.getExpression() === n;
}

/** \`use\` is an argument of a call of a function of the file whose parameter there is declared with jco's \`DescriptorType\` (its tests are taken as that type's). */
function toTypedParam(ctx: FileContext, use: Node): boolean {
  const call = use.getParent();
  if (!Node.isCallExpression(call) || !Node.isIdentifier(call.getExpression())) return false;
  const at = call.getArguments().indexOf(use);
  const fn = ctx.file.getFunction(call.getExpression().getText());
  const type = at >= 0 ? fn?.getParameters()[at]?.getTypeNode() : undefined;
  if (!type || !Node.isTypeReference(type)) return false;
  const w = ctx.wasi.byLocal.get(type.getTypeName().getText());
  return !!w && w.iface.startsWith('wasi:filesystem/') && w.name === 'DescriptorType';
}

/**
 * A descriptor-type WASI gives for certain (\`e.type\` of a listed entry, a stat's \`type\`, \`getType()\`) used as a
 * value: not tested (the tests are taken above), not read for its \`tag\`, not awaited on its way to either.
 */
function usedAsValue(ctx: FileContext): void {
  const candidates = [...ctx.file.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).filter((p) => p.getName() === 'type'), ...ctx.file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => methodOf(c)?.name === 'getType')];
  for (const v of candidates) {
    if (!certainDescriptorType(v)) continue;
    let use: Node = v;
    while (Node.isAwaitExpression(use.getParent()) || Node.isParenthesizedExpression(use.getParent()) || Node.isNonNullExpression(use.getParent())) use = use.getParent()!;
    const p = use.getParent();
    if (tested(use) || (Node.isPropertyAccessExpression(p) && p.getExpression() === use) || Node.isExpressionStatement(p) || toTypedParam(ctx, use) || underReview(v)) continue;
    ctx.review(v, 'valueNowObject', { value: v.getText() });
  }
}

const transform: CodeTransform = {
  id: 'bindings/enum-variants',
  summary: "tests of wasi:filesystem's descriptor-type/error-code and wasi:sockets' error-code against strings read `.tag` (variants in 0.3) where the value is certain, and are reported elsewhere",
  docs,
  messages,
  kind: 'needs-review',
  apply,
  // A case name in quotes: every test this transform looks at has one; a descriptor-type used as a value is a `.type` or a `getType()`.
  mentions: [...CASE_NAMES.flatMap((c) => [`'${c}'`, `"${c}"`]), '.type', 'getType'],
  cases: [
    {
      name: "a stat's type, a listed entry's type and getType() read their tag",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function textFiles(path) {
  const [[root]] = getDirectories();
  const stat = root.statAt({}, path);
  if (stat.type !== 'directory') return [];
  const entries = root.openAt({}, path, { directory: true }, { read: true }).readDirectory();
  const out = [];
  for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) {
    if (e.type === 'regular-file' && e.name.endsWith('.txt')) out.push(e.name);
  }
  return out;
}

export function kind() {
  const [[root]] = getDirectories();
  switch (root.getType()) {
    case 'directory':
      return 'a folder';
    case 'symbolic-link':
      return 'a link';
    default:
      return 'something else';
  }
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function textFiles(path) {
  const [[root]] = getDirectories();
  const stat = await root.statAt({}, path);
  if (stat.type.tag !== 'directory') return [];
  const [entries, entriesOutcome] = (await root.openAt({}, path, { directory: true }, { read: true })).readDirectory();
  const out = [];
  for await (const e of entries) {
    if (e.type.tag === 'regular-file' && e.name.endsWith('.txt')) out.push(e.name);
  }
  const entriesResult = await entriesOutcome;
  if (entriesResult.tag === 'err') throw entriesResult.val;
  return out;
}

export async function kind() {
  const [[root]] = getDirectories();
  switch ((await root.getType()).tag) {
    case 'directory':
      return 'a folder';
    case 'symbolic-link':
      return 'a link';
    default:
      return 'something else';
  }
}
`,
    },
    {
      name: 'a type kept in a field and an error payload tested against case names are reported, and so is the stat\'s type handed to the field (a value, not a test)',
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

class Dirent {
  constructor(name, type) {
    this.name = name;
    this.kind = type;
  }
  isFile() {
    return this.kind === 'regular-file';
  }
}

export function exists(path) {
  const [[root]] = getDirectories();
  try {
    return new Dirent(path, root.statAt({}, path).type);
  } catch (e) {
    if (e.payload === 'no-entry') return undefined;
    throw e;
  }
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Dirent {
  constructor(name, type) {
    this.name = name;
    this.kind = type;
  }
  isFile() {
    // wasi-migrate(review): \`regular-file\` is a case of wasi:filesystem's \`descriptor-type\`, an enum in 0.2 and a variant in 0.3: jco gives \`{ tag: 'regular-file' }\` where it gave \`'regular-file'\`, so this test is false after the port if the value comes from WASI (an error a call threw, a type kept in a field): test its \`.tag\` then
    return this.kind === 'regular-file';
  }
}

export async function exists(path) {
  const [[root]] = getDirectories();
  try {
    // wasi-migrate(review): \`(await root.statAt({}, path)).type\` is wasi:filesystem's \`descriptor-type\`, a string in 0.2 (\`'directory'\`) and an object in 0.3 (\`{ tag: 'directory' }\`): here it is used as a value, not tested, so what it becomes changes with no error (JSON gives an object, a template \`[object Object]\`, a test elsewhere never holds); read its \`.tag\` where the 0.2 string is meant (0.2's \`unknown\` is 0.3's \`other\`)
    return new Dirent(path, (await root.statAt({}, path)).type);
  } catch (e) {
    // wasi-migrate(review): \`no-entry\` is a case of wasi:filesystem's \`error-code\`, an enum in 0.2 and a variant in 0.3: jco gives \`{ tag: 'no-entry' }\` where it gave \`'no-entry'\`, so this test is false after the port if the value comes from WASI (an error a call threw, a type kept in a field): test its \`.tag\` then
    if (e.payload === 'no-entry') return undefined;
    throw e;
  }
}
`,
      reviews: ['`regular-file` is a case of wasi:filesystem\'s `descriptor-type`', '`(await root.statAt({}, path)).type` is wasi:filesystem\'s `descriptor-type`, a string in 0.2', '`no-entry` is a case of wasi:filesystem\'s `error-code`'],
    },
    {
      name: "TypeScript: values declared with jco's DescriptorType or ErrorCode read their tag",
      before: { 'guest.ts': `import type { DescriptorType, ErrorCode } from 'wasi:filesystem/types@0.2.3';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

function label(t: DescriptorType): string {
  switch (t) {
    case 'directory':
      return 'dir';
    case 'regular-file':
      return 'file';
    default:
      return 'other';
  }
}

function missing(code: ErrorCode): boolean {
  return code === 'no-entry';
}

export function kindOf(path: string): string {
  const [[root]] = getDirectories();
  try {
    return label(root.statAt({}, path).type);
  } catch (e) {
    return missing((e as { payload: ErrorCode }).payload) ? 'none' : 'error';
  }
}
` },
      after: { 'guest.ts': `import type { DescriptorType, ErrorCode } from 'wasi:filesystem/types@0.3.0';
import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

function label(t: DescriptorType): string {
  switch (t.tag) {
    case 'directory':
      return 'dir';
    case 'regular-file':
      return 'file';
    default:
      return 'other';
  }
}

function missing(code: ErrorCode): boolean {
  return code.tag === 'no-entry';
}

export async function kindOf(path: string): Promise<string> {
  const [[root]] = getDirectories();
  try {
    return label((await root.statAt({}, path)).type);
  } catch (e) {
    return missing((e as { payload: ErrorCode }).payload) ? 'none' : 'error';
  }
}
` },
    },
    {
      // wasi-virt's Directory.traverse: \`{ create = null }: TraverseOptions\` tested \`create === 'directory'\` got caseTagged.
      name: "a value the code declares with its own union of strings (a TypeScript annotation or a JSDoc type; a destructured or read property of its own interface, type alias or type literal) is not tested against a WASI enum; one whose type has a WASI type beside the string still is",
      before: { 'make.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

/**
 * @param {string} name
 * @param {{ create?: 'directory' | 'file' }} options
 */
export function make(name, { create } = {}) {
  if (create === 'directory') getDirectories()[0][0].createDirectoryAt(name);
}
`, 'guest.ts': `import type { DescriptorType } from 'wasi:filesystem/types@0.2.3';

type Kind = 'directory' | 'file';
interface MakeOptions {
  create?: Kind | null;
  mode?: 'directory' | 'fifo';
}

export function make(name: string, { create = null }: MakeOptions = {}, opts: MakeOptions = {}, shown: 'socket' | 'none' = 'none'): string {
  if (create === 'directory') return name + '/';
  if (opts.mode === 'fifo' || shown === 'socket') return name + '|';
  return name;
}

export function isDir(kind: DescriptorType | 'none'): boolean {
  return kind === 'directory';
}
` },
      after: { 'make.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

/**
 * @param {string} name
 * @param {{ create?: 'directory' | 'file' }} options
 */
export async function make(name, { create } = {}) {
  if (create === 'directory') await getDirectories()[0][0].createDirectoryAt(name);
}
`, 'guest.ts': `import type { DescriptorType } from 'wasi:filesystem/types@0.3.0';

type Kind = 'directory' | 'file';
interface MakeOptions {
  create?: Kind | null;
  mode?: 'directory' | 'fifo';
}

export function make(name: string, { create = null }: MakeOptions = {}, opts: MakeOptions = {}, shown: 'socket' | 'none' = 'none'): string {
  if (create === 'directory') return name + '/';
  if (opts.mode === 'fifo' || shown === 'socket') return name + '|';
  return name;
}

export function isDir(kind: DescriptorType | 'none'): boolean {
  // wasi-migrate(review): \`directory\` is a case of wasi:filesystem's \`descriptor-type\`, an enum in 0.2 and a variant in 0.3: jco gives \`{ tag: 'directory' }\` where it gave \`'directory'\`, so this test is false after the port if the value comes from WASI (an error a call threw, a type kept in a field): test its \`.tag\` then
  return kind === 'directory';
}
` },
      reviews: ["`directory` is a case of wasi:filesystem's `descriptor-type`"],
    },
    {
      name: "a catch testing an `error-code` case 0.3 no longer has (`new-socket-limit`): reported as a test that never holds after the port",
      before: `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

export function tryOpen(family) {
  try {
    return createTcpSocket(family);
  } catch (e) {
    if (e === 'new-socket-limit') return undefined;
    throw e;
  }
}
`,
      after: `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export function tryOpen(family) {
  try {
    return TcpSocket.create(family);
  } catch (e) {
    // wasi-migrate(review): \`new-socket-limit\` is a case of wasi:sockets's \`error-code\` in 0.2 and of none in 0.3 (an enum then, a variant now, without this case): a value from WASI is never it after the port, so this test never holds; port what it stood for by hand
    if (e === 'new-socket-limit') return undefined;
    throw e;
  }
}
`,
      reviews: ["`new-socket-limit` is a case of wasi:sockets's `error-code` in 0.2 and"],
    },
    {
      name: "a listed entry's type stored in what the listing returns as JSON, and a stat's type in a template: used as values, not tested, each is reported (0.3 gives an object); the stat's test reads its tag",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.2';

export function listing() {
  const [[dir]] = getDirectories();
  const entries = [];
  const stream = dir.readDirectory();
  let entry = stream.readDirectoryEntry();
  while (entry !== undefined) {
    entries.push({ name: entry.name, type: entry.type });
    entry = stream.readDirectoryEntry();
  }
  return JSON.stringify({ path: '/data', entries });
}

export function describe(path) {
  const [[dir]] = getDirectories();
  const stat = dir.statAt({}, path);
  if (stat.type === 'directory') return \`\${path}/\`;
  return \`\${path} (\${stat.type})\`;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function listing() {
  const [[dir]] = getDirectories();
  const entries = [];
  const [stream, streamOutcome] = dir.readDirectory();
  for await (const entry of stream) {
    // wasi-migrate(review): \`entry.type\` is wasi:filesystem's \`descriptor-type\`, a string in 0.2 (\`'directory'\`) and an object in 0.3 (\`{ tag: 'directory' }\`): here it is used as a value, not tested, so what it becomes changes with no error (JSON gives an object, a template \`[object Object]\`, a test elsewhere never holds); read its \`.tag\` where the 0.2 string is meant (0.2's \`unknown\` is 0.3's \`other\`)
    entries.push({ name: entry.name, type: entry.type });
  }
  const streamResult = await streamOutcome;
  if (streamResult.tag === 'err') throw streamResult.val;
  return JSON.stringify({ path: '/data', entries });
}

export async function describe(path) {
  const [[dir]] = getDirectories();
  const stat = await dir.statAt({}, path);
  if (stat.type.tag === 'directory') return \`\${path}/\`;
  // wasi-migrate(review): \`stat.type\` is wasi:filesystem's \`descriptor-type\`, a string in 0.2 (\`'directory'\`) and an object in 0.3 (\`{ tag: 'directory' }\`): here it is used as a value, not tested, so what it becomes changes with no error (JSON gives an object, a template \`[object Object]\`, a test elsewhere never holds); read its \`.tag\` where the 0.2 string is meant (0.2's \`unknown\` is 0.3's \`other\`)
  return \`\${path} (\${stat.type})\`;
}
`,
      reviews: ['`entry.type` is wasi:filesystem\'s `descriptor-type`, a string in 0.2', '`stat.type` is wasi:filesystem\'s `descriptor-type`, a string in 0.2'],
    },
  ],
};
export default transform;

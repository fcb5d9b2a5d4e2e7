import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { awaitText, callOwner, declarationOf, methodOf, replaceInPlace, underReview, methodCalls } from '../util.js';

const docs = `
Some WASI 0.2 functions that return at once became \`async func\`s in 0.3, so
jco gives them a \`Promise\`: the WASI authors made almost every
\`wasi:filesystem\` descriptor operation async (\`open-at\`, \`stat\`,
\`read-directory\`'s siblings, \`sync\`...). A call to one of them is awaited
where it stands; the async pass then makes the function around it async.

A descriptor's positional \`read(length, offset)\` and \`write(bytes, offset)\`
are gone in 0.3 (only \`read-via-stream\`/\`write-via-stream\` remain): such a
call, in a file that imports wasi:filesystem, becomes \`await
wasiReadAt(file, length, offset)\` / \`await wasiWriteAt(file, bytes, offset)\`,
small helpers over the stream forms that return what the 0.2 call did.
A method of an object of the code's own that shares a descriptor's name
(\`file.read(offset, length)\` where \`const file = this.open(path)\` and every
\`return\` of \`open\` gives an object literal) is left alone, and so is a
method a class declares, itself or through a base class of the project,
called on \`this\`, \`super\`, \`new C(...)\` or a variable holding one (a
virtual filesystem's own \`class Descriptor implements WasiDescriptor\`).
One on a \`this\` or instance whose members are out of sight (a class
extending a package's class, a member added at run time) is reported, not
awaited.

A descriptor declared with a type the file writes itself (a hand-written
\`type WasiDescriptor = { openAt(...): ...; stat(): ... }\`) is reported at
that type: it describes the 0.2 descriptor and no longer fits.

The list is the \`async func\`s of the official 0.3.0 WIT that were plain
functions in 0.2, per interface; a call counts when the file imports that
interface's package at 0.2 and the method has that name.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  readDirectory: '0.3 `readDirectory()` gives `[stream<directory-entry>, outcome future]` (0.2\'s directory-entry-stream and its `readDirectoryEntry` are gone): iterate the stream with `for await` and check the outcome future by hand',
  unknownReceiver: '`{{recv}}.{{call}}` shares its name with a WASI descriptor method that is an async func in 0.3, but `{{recv}}` is {{what}}, whose members are not known here: left as it is; await it if it is a WASI descriptor\'s',
  handWrittenDescriptor: '`{{name}}`, a type written here, describes the 0.2 descriptor the code calls (`{{method}}` and others): in 0.3 its methods are async and its positional read/write are streams, so it no longer fits what the port holds; update it, or use jco\'s `Descriptor` from wasi:filesystem/types@0.3.0',
} as const;

/** `async func` methods of 0.3.0 that were sync in 0.2.x, keyed by the package a file must import. */
const ASYNC: Record<string, readonly string[]> = {
  'wasi:filesystem': ['advise', 'syncData', 'getFlags', 'getType', 'setSize', 'setTimes', 'sync', 'createDirectoryAt', 'stat', 'statAt', 'setTimesAt', 'linkAt', 'openAt', 'readlinkAt', 'removeDirectoryAt', 'renameAt', 'symlinkAt', 'unlinkFileAt', 'isSameObject', 'metadataHash', 'metadataHashAt'],
};

function apply(ctx: FileContext): void {
  const pkgs = new Set([...ctx.wasi.byLocal.values()].filter((w) => w.version.startsWith('0.2.')).map((w) => w.iface.split('/')[0]!));
  const names = new Set([...pkgs].flatMap((p) => ASYNC[p] ?? []));
  if (!names.size) return;
  const calls = descriptorCalls(ctx, methodCalls(ctx.file, [...names]));
  handWrittenTypes(ctx, calls);
  for (const c of calls.reverse()) {
    const name = methodOf(c)!.name;
    ctx.edit(replaceInPlace(c, awaitText(c, c.getText())), `\`${name}\` is an async func in 0.3: await it`);
  }
  // A descriptor's positional `read(length, offset)` / `write(bytes, offset)`: 0.3 has only the stream forms.
  if (!pkgs.has('wasi:filesystem')) return;
  // A directory listing: 0.3 gives the entries as a stream and drops 0.2's directory-entry-stream resource.
  for (const c of methodCalls(ctx.file, ['readDirectory']).filter((d) => d.getArguments().length === 0)) {
    // Already the 0.3 shape (`const [entries, outcome] = dir.readDirectory()`: bindings/directory-listings).
    const p = c.getParent();
    if (Node.isVariableDeclaration(p) && Node.isArrayBindingPattern(p.getNameNode())) continue;
    if (!underReview(c)) ctx.review(c, 'readDirectory');
  }
  const positional = descriptorCalls(ctx, methodCalls(ctx.file, ['read', 'write']).filter((d) => d.getArguments().length === 2));
  handWrittenTypes(ctx, positional);
  for (const c of positional.reverse()) {
    const { recv, name } = methodOf(c)!;
    const helper = name === 'read' ? 'wasiReadAt' : 'wasiWriteAt';
    ctx.needHelper(helper);
    const [a, b] = c.getArguments();
    ctx.edit(replaceInPlace(c, awaitText(c, `${helper}(${recv.getText()}, ${a!.getText()}, ${b!.getText()})`)), `descriptor.${name}(.., offset): 0.3 descriptors ${name} through \`${name}ViaStream(${name === 'read' ? '' : 'data, '}offset)\``);
  }
}

/**
 * The calls that are a WASI descriptor's: not awaited already, not on an object of the code's own. One on a
 * receiver whose members are out of sight (\`this\` of a class extending a package's class, a member added at run
 * time) is reported and left out.
 */
function descriptorCalls(ctx: FileContext, calls: readonly CallExpression[]): CallExpression[] {
  return calls.filter((c) => {
    if (Node.isAwaitExpression(c.getParent()) || ownObject(methodOf(c)!.recv)) return false;
    const owner = callOwner(c);
    if (typeof owner === 'object' && !underReview(c)) ctx.review(c, 'unknownReceiver', { recv: methodOf(c)!.recv.getText(), call: `${methodOf(c)!.name}()`, what: owner.what });
    return owner === undefined || owner === 'wasi';
  });
}

/**
 * \`recv\` holds an object of the code's own, not a descriptor: a variable set
 * from a call of a function or method of this file every \`return\` of which
 * gives an object literal (\`const file = this.open(path)\`, where \`open\`
 * returns \`{ size, read: (offset, length) => ..., close }\`). Its methods
 * that share a descriptor's names (\`read\`, \`stat\`) are the code's.
 */
function ownObject(recv: Node): boolean {
  const d = Node.isIdentifier(recv) ? declarationOf(recv) : undefined;
  let init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
  while (init && (Node.isAwaitExpression(init) || Node.isParenthesizedExpression(init))) init = init.getExpression();
  if (!init || !Node.isCallExpression(init)) return false;
  const callee = init.getExpression();
  let fn: Node | undefined;
  if (Node.isPropertyAccessExpression(callee) && Node.isThisExpression(callee.getExpression())) {
    const cls = init.getFirstAncestor((a) => Node.isClassDeclaration(a) || Node.isClassExpression(a));
    fn = cls && (Node.isClassDeclaration(cls) || Node.isClassExpression(cls)) ? cls.getInstanceMethod(callee.getName()) : undefined;
  } else if (Node.isIdentifier(callee)) {
    fn = init.getSourceFile().getFunction(callee.getText());
  }
  const body = fn && (Node.isBodyable(fn) || Node.isBodied(fn)) ? fn.getBody() : undefined;
  if (!body) return false;
  const returns = body.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === fn);
  const literal = (e: Node | undefined): boolean => {
    while (e && (Node.isParenthesizedExpression(e) || Node.isAsExpression(e) || Node.isSatisfiesExpression(e))) e = e.getExpression();
    return !!e && Node.isObjectLiteralExpression(e);
  };
  return returns.length > 0 && returns.every((r) => literal(r.getExpression()));
}

/**
 * The ported calls' receivers declared with a type the file writes itself
 * (\`type WasiDescriptor = { openAt(...): WasiDescriptor; stat(): ... }\`): that
 * type describes the 0.2 descriptor, whose methods are async in 0.3 (and whose
 * positional read/write are streams), so it no longer fits what the code
 * holds. Reported once per type, at its declaration (before the calls change).
 */
function handWrittenTypes(ctx: FileContext, calls: readonly Node[]): void {
  const seen = new Set<string>();
  for (const c of calls) {
    if (!Node.isCallExpression(c)) continue;
    let root: Node = methodOf(c)!.recv;
    while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
    const d = Node.isIdentifier(root) ? declarationOf(root) : undefined;
    const type = d && (Node.isParameterDeclaration(d) || Node.isVariableDeclaration(d)) ? d.getTypeNode() : undefined;
    const name = type && Node.isTypeReference(type) ? type.getTypeName().getText() : undefined;
    const local = name && (ctx.file.getInterface(name) ?? ctx.file.getTypeAlias(name));
    if (!name || !local || seen.has(name) || underReview(local)) continue;
    seen.add(name);
    ctx.review(local, 'handWrittenDescriptor', { name, method: methodOf(c)!.name });
  }
}

const transform: CodeTransform = {
  id: 'bindings/async-methods',
  summary: 'calls of functions that became async func in 0.3 (filesystem descriptor operations) are awaited',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  cases: [
    {
      // wasivirt (a virtual filesystem: `class Descriptor implements WasiDescriptor` with its own sync `stat()`):
      // `new Descriptor(entry).stat()` was awaited as a WASI call and `statAt` made async around it.
      name: 'a method a class of the file declares, called on `this`, on `new C()` or on a variable holding one, is the code\'s own: not awaited',
      before: { 'guest.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class VirtualFile {
  stat() {
    return { size: 1n };
  }
  statAt(_path: string) {
    const child = new VirtualFile();
    return { own: this.stat(), child: child.stat(), made: new VirtualFile().stat() };
  }
}

export async function rootSize() {
  const [[root]] = getDirectories();
  return root.stat().size + new VirtualFile().statAt('x').own.size;
}
` },
      after: { 'guest.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class VirtualFile {
  stat() {
    return { size: 1n };
  }
  statAt(_path: string) {
    const child = new VirtualFile();
    return { own: this.stat(), child: child.stat(), made: new VirtualFile().stat() };
  }
}

export async function rootSize() {
  const [[root]] = getDirectories();
  return (await root.stat()).size + new VirtualFile().statAt('x').own.size;
}
` },
    },
    {
      // bfuzz (/tmp/s49/bfuzz/am): \`this.stat()\` where \`stat\` is a base class's was awaited as a WASI call, and the
      // method around it made async (reported by async-callers, but wrong).
      name: "a method a base class declares, called on \`this\`, \`super\` or an instance of the derived class, is the code's own: not awaited; one on a \`this\` whose members are out of sight is reported",
      before: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class Base {
  stat() {
    return { size: 1 };
  }
}

class Store extends Base {
  size() {
    return this.stat().size + super.stat().size;
  }
}

class Lazy {
  constructor(load) {
    Object.assign(this, load());
  }
  size() {
    return this.stat().size;
  }
}

export async function run() {
  const [[dir]] = getDirectories();
  const store = new Store();
  return [dir.stat().size, store.size(), store.stat().size, new Lazy(() => new Base()).size()];
}
` },
      after: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Base {
  stat() {
    return { size: 1 };
  }
}

class Store extends Base {
  size() {
    return this.stat().size + super.stat().size;
  }
}

class Lazy {
  constructor(load) {
    Object.assign(this, load());
  }
  size() {
    // wasi-migrate(review): \`this.stat()\` shares its name with a WASI descriptor method that is an async func in 0.3, but \`this\` is an instance of a class that, with its bases here, declares no \`stat\` (one added at run time), whose members are not known here: left as it is; await it if it is a WASI descriptor's
    return this.stat().size;
  }
}

export async function run() {
  const [[dir]] = getDirectories();
  const store = new Store();
  return [(await dir.stat()).size, store.size(), store.stat().size, new Lazy(() => new Base()).size()];
}
` },
      reviews: ['`this.stat()` shares its name with a WASI descriptor method'],
    },
    {
      name: "a descriptor typed with a type the file writes itself (a storage layer's WasiDescriptor): the calls are awaited, and the type, which describes the 0.2 descriptor, is reported",
      before: { 'guest.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

type Dir = {
  openAt(pathFlags: { symlinkFollow?: boolean }, path: string, openFlags: object, flags: { read?: boolean }): Dir;
  stat(): { size: bigint };
};

function sizeOf(dir: Dir, path: string): bigint {
  return dir.openAt({}, path, {}, { read: true }).stat().size;
}

export function rootSize(path: string): bigint {
  const [[root]] = getDirectories();
  return sizeOf(root as Dir, path);
}
` },
      after: { 'guest.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

// wasi-migrate(review): \`Dir\`, a type written here, describes the 0.2 descriptor the code calls (\`openAt\` and others): in 0.3 its methods are async and its positional read/write are streams, so it no longer fits what the port holds; update it, or use jco's \`Descriptor\` from wasi:filesystem/types@0.3.0
type Dir = {
  openAt(pathFlags: { symlinkFollow?: boolean }, path: string, openFlags: object, flags: { read?: boolean }): Dir;
  stat(): { size: bigint };
};

async function sizeOf(dir: Dir, path: string): Promise<bigint> {
  return (await (await dir.openAt({}, path, {}, { read: true })).stat()).size;
}

export async function rootSize(path: string): Promise<bigint> {
  const [[root]] = getDirectories();
  return await sizeOf(root as Dir, path);
}
` },
      reviews: ["`Dir`, a type written here, describes the 0.2 descriptor the"],
    },
    {
      name: "descriptor operations are awaited",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function size(path) {
  const [[root]] = getDirectories();
  return root.statAt({}, path).size;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function size(path) {
  const [[root]] = getDirectories();
  return (await root.statAt({}, path)).size;
}
`,
    },
    {
      name: "a descriptor's positional write and read go through the 0.3 stream forms",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function save(text) {
  const [[dir]] = getDirectories();
  const file = dir.openAt({}, 'out.txt', { create: true }, { write: true });
  const bytes = new TextEncoder().encode(text);
  const written = file.write(bytes, 0n);
  const [data, eof] = file.read(100n, 0n);
  return [written, data.length, eof];
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function save(text) {
  const [[dir]] = getDirectories();
  const file = await dir.openAt({}, 'out.txt', { create: true }, { write: true });
  const bytes = new TextEncoder().encode(text);
  const written = await wasiWriteAt(file, bytes, 0n);
  const [data, eof] = await wasiReadAt(file, 100n, 0n);
  return [written, data.length, eof];
}
`,
      helpers: ["wasiReadAt", "wasiWriteAt"],
    },
    {
      name: "a positional read or write on a descriptor typed `any` (an untyped parameter) still gives `any`, as the 0.2 call did: code that tests both shapes of the result keeps type-checking",
      before: {
        'load.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function load(dir: any, name: string): number {
  const file = dir.openAt({}, name, {}, { read: true, write: true });
  let got;
  got = file.read(64n, 0n);
  const sent = file.write(new Uint8Array(1), 0n);
  return (got.tag === 'ok' ? got.val[0] : got[0]).length + (sent.tag === 'ok' ? 1 : 0);
}

export const size = () => load(getDirectories()[0]![0], 'a.txt');
`,
        'save.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

/** @param {any} dir */
function save(dir) {
  const file = dir.openAt({}, 'b.txt', { create: true }, { write: true });
  const sent = file.write(new Uint8Array(2), 0n);
  const got = file.read(8n, 0n);
  return [sent.tag === 'ok' ? sent.val : sent, Array.isArray(got) ? got[1] : got.val[1]];
}

export const store = () => save(getDirectories()[0][0]);
`,
      },
      after: {
        'load.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

async function load(dir: any, name: string): Promise<number> {
  const file = await dir.openAt({}, name, {}, { read: true, write: true });
  let got;
  got = await wasiReadAt(file, 64n, 0n);
  const sent = await wasiWriteAt(file, new Uint8Array(1), 0n);
  return (got.tag === 'ok' ? got.val[0] : got[0]).length + (sent.tag === 'ok' ? 1 : 0);
}

export const size = async () => await load(getDirectories()[0]![0], 'a.txt');
`,
        'save.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

/** @param {any} dir */
async function save(dir) {
  const file = await dir.openAt({}, 'b.txt', { create: true }, { write: true });
  const sent = await wasiWriteAt(file, new Uint8Array(2), 0n);
  const got = await wasiReadAt(file, 8n, 0n);
  return [sent.tag === 'ok' ? sent.val : sent, Array.isArray(got) ? got[1] : got.val[1]];
}

export const store = async () => await save(getDirectories()[0][0]);
`,
      },
      helpers: ["wasiReadAt", "wasiWriteAt", "wasiReadAt", "wasiWriteAt"],
    },
    {
      name: 'an awaited call written over several lines keeps its layout (4-space file)',
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function create(name) {
    const [[dir]] = getDirectories();
    const file = dir.openAt(
        { symlinkFollow: false },
        name,
        { create: true },
        { write: true },
    );
    file.sync();
    return file;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function create(name) {
    const [[dir]] = getDirectories();
    const file = await dir.openAt(
        { symlinkFollow: false },
        name,
        { create: true },
        { write: true },
    );
    await file.sync();
    return file;
}
`,
    },
    {
      name: 'a directory listing handed on is reported (0.3 gives a stream of entries and an outcome; bindings/directory-listings ports the loops that read one)',
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function names() {
  const entries = getDirectories()[0][0].readDirectory();
  return collect(entries);
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export function names() {
  // wasi-migrate(review): 0.3 \`readDirectory()\` gives \`[stream<directory-entry>, outcome future]\` (0.2's directory-entry-stream and its \`readDirectoryEntry\` are gone): iterate the stream with \`for await\` and check the outcome future by hand
  const entries = getDirectories()[0][0].readDirectory();
  return collect(entries);
}
`,
      reviews: ['0.3 `readDirectory()` gives'],
    },
    {
      name: "a method of the code's own object that shares a descriptor's name (`read(offset, length)` of what `this.open()` returns, an object literal) is the code's: left as it is",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export class Files {
  open(path) {
    const [[dir]] = getDirectories();
    const file = dir.openAt({}, path, {}, { read: true });
    const [bytes] = file.read(1024n, 0n);
    return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
  }

  head(path) {
    const file = this.open(path);
    return file.read(0, 16);
  }
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class Files {
  // wasi-migrate(review): \`Files.open\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async open(path) {
    const [[dir]] = getDirectories();
    const file = await dir.openAt({}, path, {}, { read: true });
    const [bytes] = await wasiReadAt(file, 1024n, 0n);
    return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
  }

  // wasi-migrate(review): \`Files.head\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async head(path) {
    const file = await this.open(path);
    return file.read(0, 16);
  }
}
`,
      helpers: ["wasiReadAt"],
      reviews: ['`Files.open` is async now', '`Files.head` is async now'],
    },
    {
      name: "a variable set to `new C()` that the code assigns again (`file = getDirectories()[0][0]`) may hold a WASI descriptor: its `stat()` is awaited (it was taken for the class's own, not awaited, and the 0.3 promise's `.size` read)",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class VirtualFile {
  stat() {
    return { size: 1n };
  }
}

export async function size(real) {
  let file = new VirtualFile();
  if (real) file = /** @type {any} */ (getDirectories()[0][0]);
  return file.stat().size;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class VirtualFile {
  stat() {
    return { size: 1n };
  }
}

export async function size(real) {
  let file = new VirtualFile();
  if (real) file = /** @type {any} */ (getDirectories()[0][0]);
  return (await file.stat()).size;
}
`,
    },
  ],
};
export default transform;

import { Node, SyntaxKind, ts } from 'ts-morph';
import { WASI_API_MAP } from '../../../../rules/wasi-api-map.js';
import type { CodeTransform, FileContext } from '../types.js';
import { HELPERS } from '../helpers.js';
import { ifaceIn03, resourceIfacesOf } from '../wasi-imports.js';
import { camel, declarationOf, descendantsWhere, thisMember } from '../util.js';

const docs = `
Resource methods the WASI API map (\`rules/wasi-api-map.ts\`) renames are
renamed at their calls: \`response.status()\` -> \`getStatusCode()\`,
\`request.pathWithQuery()\` -> \`getPathWithQuery()\`, \`fields.entries()\` ->
\`copyAll()\`. The transform has no type information: it renames a method
call when the file imports the method's interface at 0.2, or one whose
functions hand out that interface's resources (a file that imports only
\`createTcpSocket\` holds a \`wasi:sockets/tcp\` socket: \`s.addressFamily()\`
-> \`getAddressFamily()\`), and the name is one
the map renames within that interface without ambiguity (an old name that
maps to two different new names is left alone); in an interface that moved
whole (\`wasi:sockets/tcp\` and \`udp\` into \`types\`), a method the map
renames on the same resource with no change of shape
(\`socket.localAddress()\` -> \`getLocalAddress()\`). Methods that changed shape,
not only name (\`consume\`), are the http-bodies transform's.

A call on a property of an untyped variable or parameter
(\`value.headers.entries()\`) is reported, not renamed: jco's 0.2 resources
give their state through methods (\`headers()\`), so such a value is more
likely a plain object of the user's, whose own \`entries()\` a rename would
break silently (a result's or variant's \`.val\` is renamed as before).
A method of one of the port's own helpers (\`wasiOutgoingBody()\`) is never
renamed; a variable of the user's named \`wasi...\` is looked at as any other.
\`this.status()\` in a class or object literal that declares \`status\`, or in a
class a base of which in the project declares it, is its own method; in a
class extending a WASI resource it is renamed; where \`this\`'s members are out
of sight (a package's base class, an object literal's spread, a plain
function's \`this\`, a member nothing here declares) it is reported.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  unknownThis: '`{{recv}}.{{call}}` is `{{to}}` on a WASI 0.3 resource, but `{{recv}}` is {{what}}, whose members are not known here: left as it is; rename it if the method is a WASI resource\'s',
  throughProperty: '`{{call}}` is `{{to}}` on a WASI 0.3 resource, but `{{receiver}}` is a property of an untyped value, more likely a plain object than a WASI resource (whose state comes through methods): left as it is; rename it if it is WASI\'s',
} as const;

/** iface -> old method name -> new method name (camelCase, as jco spells them). */
const RENAMES: Record<string, Map<string, string>> = (() => {
  const out: Record<string, Map<string, string | null>> = {};
  for (const [key, e] of Object.entries(WASI_API_MAP)) {
    if (e.kind !== 'function' || e.status !== 'renamed' || !e.to || e.note?.includes('static')) continue;
    const parts = key.split('.');
    const to = e.to.split('.');
    if (parts.length !== 3 || to.length !== 3 || to[0] !== ifaceIn03(parts[0]!)) continue;
    // In an interface that moved (wasi:sockets/tcp -> types), a method of the same resource renamed with no note (no new shape).
    if (parts[0] !== to[0] && (e.note || parts[1] !== to[1])) continue;
    const m = (out[parts[0]!] ??= new Map());
    const from = camel(parts[2]!);
    const next = camel(to[2]!);
    m.set(from, m.has(from) && m.get(from) !== next ? null : next);
  }
  return Object.fromEntries(Object.entries(out).map(([k, m]) => [k, new Map([...m].filter((x): x is [string, string] => x[1] !== null))]));
})();

function apply(ctx: FileContext): void {
  // The interfaces the file imports, and those whose resources their functions hand out: a file that imports only
  // \`createTcpSocket\` holds a wasi:sockets/tcp socket (renamed by the type the value has, not the import it came by).
  const ifaces = new Set([...ctx.wasi.interfaces02].flatMap((i) => [i, ...resourceIfacesOf(i)]));
  const table = new Map<string, string>();
  for (const i of ifaces) for (const [a, b] of RENAMES[i] ?? []) table.set(a, b);
  if (!table.size) return;
  const calls = descendantsWhere(ctx.file, SyntaxKind.CallExpression, (n, sf) => ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && table.has(n.expression.name.getText(sf)));
  for (const c of calls.reverse()) {
    const pa = c.getExpression() as import('ts-morph').PropertyAccessExpression;
    const to = table.get(pa.getName());
    if (!to) continue;
    // A method of one of the port's helpers (\`wasiOutgoingBody()\`, \`wasiSink(...)\`) is not a WASI resource method; a
    // variable of the user's named so (\`wasiIncomingRequest\`, as jco-std names its request) may hold one.
    if (helperValue(pa.getExpression())) continue;
    const member = thisMember(pa.getExpression(), pa.getName());
    if (member === 'own' || (member !== 'wasi' && !maybeResource(ctx, pa.getExpression()))) continue;
    if (typeof member === 'object') {
      ctx.review(c, 'unknownThis', { recv: pa.getExpression().getText(), call: `${pa.getName()}()`, to: `${to}()`, what: member.what });
      continue;
    }
    if (throughProperty(pa.getExpression())) {
      ctx.review(c, 'throughProperty', { call: `${pa.getName()}()`, to: `${to}()`, receiver: pa.getExpression().getText() });
      continue;
    }
    const from = pa.getName();
    pa.getNameNode().replaceWithText(to);
    ctx.edit(c, `${from}() is ${to}() in 0.3`);
  }
}

/** \`recv\` is a helper of the port, called (\`wasiOutgoingBody()\`) or named, or reached from one by properties. */
function helperValue(recv: Node): boolean {
  let root: Node = recv;
  while (Node.isPropertyAccessExpression(root) || Node.isCallExpression(root)) root = root.getExpression();
  return Node.isIdentifier(root) && Object.hasOwn(HELPERS, root.getText());
}

/**
 * Could `recv` be a WASI resource? Not when it is a global or a non-WASI
 * import (`Object.entries(h)`, `JSON`, `Array`), nor a local whose value is
 * plainly not one (an array, object or template literal, `new Map()`,
 * `Object.entries(...)`). Anything else (a parameter, a call's result) may be.
 */
function maybeResource(ctx: FileContext, recv: Node): boolean {
  if (Node.isArrayLiteralExpression(recv) || Node.isObjectLiteralExpression(recv) || Node.isStringLiteral(recv) || Node.isTemplateExpression(recv)) return false;
  // `response.headers.entries()`: a value reached through properties of something declared with a type that
  // names no WASI type (the web \`Response\` of a fetch adapter) is not a WASI resource.
  let root: Node = recv;
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  if (!Node.isIdentifier(root)) return true;
  const typed = declarationOf(root);
  const type = typed && (Node.isVariableDeclaration(typed) || Node.isParameterDeclaration(typed)) ? typed.getTypeNode() : undefined;
  if (type && !mayNameWasi(ctx, type)) return false;
  if (!Node.isIdentifier(recv)) return true;
  if (ctx.wasi.byLocal.has(recv.getText())) return true;
  const d = declarationOf(recv);
  if (!d) {
    // Not a variable or parameter in scope: a global, a class, a function, or a non-WASI import.
    return false;
  }
  const init = Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
  if (!init) return true;
  if (Node.isArrayLiteralExpression(init) || Node.isObjectLiteralExpression(init) || Node.isStringLiteral(init) || Node.isTemplateExpression(init) || Node.isNoSubstitutionTemplateLiteral(init)) return false;
  // `new Fields()`, or `new types.Fields()` through a namespace import: a WASI resource; another class's instance is not.
  if (Node.isNewExpression(init) && !ctx.wasi.exportOf(init.getExpression())) return false;
  if (Node.isCallExpression(init) && /^(Object|Array|JSON|Reflect)\./.test(init.getExpression().getText())) return false;
  return true;
}

/**
 * \`value.headers\`: a property (not a result's or variant's \`val\`) of a variable or parameter declared with no
 * type. jco's 0.2 resources have no properties, so only a record field could hold one there.
 */
function throughProperty(recv: Node): boolean {
  if (!Node.isPropertyAccessExpression(recv) || recv.getName() === 'val') return false;
  let root: Node = recv;
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  if (!Node.isIdentifier(root)) return false;
  const d = declarationOf(root);
  return !!d && (Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d)) && !d.getTypeNode();
}

/** Whether a type annotation may name a WASI resource: one of the file's WASI imports, an \`import('wasi:...')\` type, or \`any\`/\`unknown\`. */
function mayNameWasi(ctx: FileContext, type: Node): boolean {
  return [type, ...type.getDescendants()].some(
    (t) =>
      t.getKind() === SyntaxKind.AnyKeyword ||
      t.getKind() === SyntaxKind.UnknownKeyword ||
      (Node.isTypeReference(t) && ctx.wasi.byLocal.has(t.getTypeName().getText().split('.')[0]!)) ||
      (Node.isImportTypeNode(t) && t.getArgument().getText().includes('wasi:')),
  );
}

const transform: CodeTransform = {
  id: 'bindings/api-renames',
  summary: 'resource methods renamed by the WASI API map (status -> getStatusCode) are renamed at their calls',
  docs,
  messages,
  kind: 'needs-review',
  apply,
  // It renames method calls of these names only.
  mentions: [...new Set(Object.values(RENAMES).flatMap((m) => [...m.keys()]))],
  cases: [
    {
      name: "headers reached from a value typed with no WASI type (as a fetch adapter's web Response) keep entries(); a WASI Fields' entries() is copyAll()",
      before: { 'guest.ts': `import type { Fields } from 'wasi:http/types@0.2.12';

export function names(web: { headers: Map<string, string> }, wasi: Fields): string[] {
  return [...[...web.headers.entries()].map(([k]) => k), ...wasi.entries().map(([k]) => k)];
}
` },
      after: { 'guest.ts': `import type { Fields } from 'wasi:http/types@0.3.0';

export function names(web: { headers: Map<string, string> }, wasi: Fields): string[] {
  return [...[...web.headers.entries()].map(([k]) => k), ...wasi.copyAll().map(([k]) => k)];
}
` },
    },
    {
      name: "a resource made with `new` through a namespace import (`new types.Fields()`) has its methods renamed, as one made with a named import (its entries() stayed, which 0.3's fields lacks, with --check passing)",
      before: `import * as types from 'wasi:http/types@0.2.12';

export function names() {
  const headers = new types.Fields();
  headers.append('x-a', new Uint8Array([1]));
  return headers.entries().map(([name]) => name);
}
`,
      after: `import * as types from 'wasi:http/types@0.3.0';

export function names() {
  const headers = new types.Fields();
  headers.append('x-a', new Uint8Array([1]));
  return headers.copyAll().map(([name]) => name);
}
`,
    },
    {
      name: "`this.status()` in a class (or object literal) that declares `status` itself is its own method, not a WASI response's: left as it is (it became `this.getStatusCode()`, which the class lacks, with no review); a WASI value's `entries()` beside it is still renamed",
      before: `import { Fields } from 'wasi:http/types@0.2.3';

class Probe {
  status() {
    return 200;
  }
  run() {
    return [this.status(), new Fields().entries()];
  }
}

const probe = {
  status() {
    return 204;
  },
  run() {
    return this.status();
  },
};

export function run() {
  return [new Probe().run(), probe.run()];
}
`,
      after: `import { Fields } from 'wasi:http/types@0.3.0';

class Probe {
  status() {
    return 200;
  }
  run() {
    return [this.status(), new Fields().copyAll()];
  }
}

const probe = {
  status() {
    return 204;
  },
  run() {
    return this.status();
  },
};

export function run() {
  return [new Probe().run(), probe.run()];
}
`,
    },
    {
      name: "`this.status()` where a base class declares `status` (in the file, or imported from another module of the project, at any depth) is the base's method: left as it is (it became `this.getStatusCode()` with no review); a class extending a WASI resource has its methods renamed (`super.entries()` too, the class's own `entries()` kept); `super.status()` of a base that declares it is kept; one extending a class out of sight (a package's), a plain function's `this`, an object literal's spread and a member no class or literal here declares (added at run time) are reported; a JavaScript class's `this.status = ...` is its own",
      before: {
        'guest.js': `import { Fields } from 'wasi:http/types@0.2.3';
import { Remote } from './remote.js';
import { Emitter } from 'events';

class Base {
  status() {
    return 200;
  }
}

class Probe extends Base {
  code() {
    return super.status() + 1;
  }
  run() {
    return [this.status(), new Fields().entries()];
  }
}

class Deeper extends Probe {
  check() {
    return this.status();
  }
}

class Far extends Remote {
  check() {
    return this.status();
  }
}

class Headers extends Fields {
  names() {
    return this.entries();
  }
  entries() {
    return super.entries();
  }
}

class Noisy extends Emitter {
  check() {
    return this.status();
  }
}

class Wrapper {
  constructor(response) {
    this.status = () => response.status();
  }
  check() {
    return this.status();
  }
}

function Legacy() {}
Legacy.prototype.check = function () {
  return this.status();
};

const defaults = {
  status() {
    return 200;
  },
};

const mixed = {
  ...defaults,
  check() {
    return this.status();
  },
};

class Loose {
  constructor(options) {
    Object.assign(this, options);
  }
  check() {
    return this.status();
  }
}

const bare = {
  check() {
    return this.status();
  },
};
bare.status = () => 200;

export function run() {
  return [new Probe().run(), new Deeper().check(), new Far().check(), new Headers().names(), new Noisy().check(), new Wrapper({}).check(), mixed.check(), new Loose({ status: () => 200 }).check(), bare.check()];
}
`,
        'remote.js': `export class Remote {
  status() {
    return 204;
  }
}
`,
      },
      after: {
        'guest.js': `import { Fields } from 'wasi:http/types@0.3.0';
import { Remote } from './remote.js';
import { Emitter } from 'events';

class Base {
  status() {
    return 200;
  }
}

class Probe extends Base {
  code() {
    return super.status() + 1;
  }
  run() {
    return [this.status(), new Fields().copyAll()];
  }
}

class Deeper extends Probe {
  check() {
    return this.status();
  }
}

class Far extends Remote {
  check() {
    return this.status();
  }
}

class Headers extends Fields {
  names() {
    return this.entries();
  }
  entries() {
    return super.copyAll();
  }
}

class Noisy extends Emitter {
  check() {
    // wasi-migrate(review): \`this.status()\` is \`getStatusCode()\` on a WASI 0.3 resource, but \`this\` is an instance of a class extending \`Emitter\`, whose members are not known here: left as it is; rename it if the method is a WASI resource's
    return this.status();
  }
}

class Wrapper {
  constructor(response) {
    this.status = () => response.getStatusCode();
  }
  check() {
    return this.status();
  }
}

function Legacy() {}
Legacy.prototype.check = function () {
  // wasi-migrate(review): \`this.status()\` is \`getStatusCode()\` on a WASI 0.3 resource, but \`this\` is the \`this\` of a plain function (not a class's or object literal's), whose members are not known here: left as it is; rename it if the method is a WASI resource's
  return this.status();
};

const defaults = {
  status() {
    return 200;
  },
};

const mixed = {
  ...defaults,
  check() {
    // wasi-migrate(review): \`this.status()\` is \`getStatusCode()\` on a WASI 0.3 resource, but \`this\` is an object literal spreading \`defaults\`, whose members are not known here: left as it is; rename it if the method is a WASI resource's
    return this.status();
  },
};

class Loose {
  constructor(options) {
    Object.assign(this, options);
  }
  check() {
    // wasi-migrate(review): \`this.status()\` is \`getStatusCode()\` on a WASI 0.3 resource, but \`this\` is an instance of a class that, with its bases here, declares no \`status\` (one added at run time), whose members are not known here: left as it is; rename it if the method is a WASI resource's
    return this.status();
  }
}

const bare = {
  check() {
    // wasi-migrate(review): \`this.status()\` is \`getStatusCode()\` on a WASI 0.3 resource, but \`this\` is an object literal that declares no \`status\` (one added later), whose members are not known here: left as it is; rename it if the method is a WASI resource's
    return this.status();
  },
};
bare.status = () => 200;

export function run() {
  return [new Probe().run(), new Deeper().check(), new Far().check(), new Headers().names(), new Noisy().check(), new Wrapper({}).check(), mixed.check(), new Loose({ status: () => 200 }).check(), bare.check()];
}
`,
        'remote.js': `export class Remote {
  status() {
    return 204;
  }
}
`,
      },
      reviews: ['a class extending `Emitter`, whose members are not known here', 'the `this` of a plain function', 'an object literal spreading `defaults`', 'a class that, with its bases here, declares no `status`', 'an object literal that declares no `status`'],
    },
    {
      name: "renamed resource methods",
      before: `import { Fields } from 'wasi:http/types@0.2.12';

export function describe(response, request) {
  return \`\${request.pathWithQuery()} -> \${response.status()} \${response.headers().entries().length}\`;
}
`,
      after: `import { Fields } from 'wasi:http/types@0.3.0';

export function describe(response, request) {
  return \`\${request.getPathWithQuery()} -> \${response.getStatusCode()} \${response.getHeaders().copyAll().length}\`;
}
`,
    },
    {
      name: "a method of the same name on a plain value is left alone",
      before: `import { Fields } from 'wasi:http/types@0.2.12';

export function pairs(response, h) {
  const m = new Map([['a', 1]]);
  return [Object.entries(h), [...m.entries()], response.headers().entries()];
}
`,
      after: `import { Fields } from 'wasi:http/types@0.3.0';

export function pairs(response, h) {
  const m = new Map([['a', 1]]);
  return [Object.entries(h), [...m.entries()], response.getHeaders().copyAll()];
}
`,
    },
    {
      // trailbase's MeOS guest: \`value\` holds the guest's own response object, whose \`headers\` is a Map-like field;
      // renaming its \`entries()\` to \`copyAll()\` broke working code, silently.
      name: "a call on a property of an untyped value is reported, not renamed; one on a method's result still is",
      before: `import { Fields } from 'wasi:http/types@0.2.12';

export function describe(value, response) {
  return [value.headers.entries(), response.headers().entries()];
}
`,
      after: `import { Fields } from 'wasi:http/types@0.3.0';

export function describe(value, response) {
  // wasi-migrate(review): \`entries()\` is \`copyAll()\` on a WASI 0.3 resource, but \`value.headers\` is a property of an untyped value, more likely a plain object than a WASI resource (whose state comes through methods): left as it is; rename it if it is WASI's
  return [value.headers.entries(), response.getHeaders().copyAll()];
}
`,
      reviews: ['`value.headers` is a property of an untyped value'],
    },
    {
      name: "a request in a parameter the user named `wasiIncomingRequest` (jco-std's 0.2.x request reader) has its methods renamed: only the port's own helpers are no WASI resource",
      before: { 'guest.ts': `import type { IncomingRequest } from 'wasi:http/types@0.2.3';

export function genReadWASIRequestFn() {
  return function readWASIRequest(wasiIncomingRequest: IncomingRequest): string {
    const scheme = wasiIncomingRequest.scheme()?.tag === 'HTTPS' ? 'https' : 'http';
    const authority = wasiIncomingRequest.authority();
    return \`\${scheme}://\${authority}\${wasiIncomingRequest.pathWithQuery()}\`;
  };
}
` },
      after: { 'guest.ts': `import type { Request } from 'wasi:http/types@0.3.0';

export function genReadWASIRequestFn() {
  return function readWASIRequest(wasiIncomingRequest: Request): string {
    const scheme = wasiIncomingRequest.getScheme()?.tag === 'HTTPS' ? 'https' : 'http';
    const authority = wasiIncomingRequest.getAuthority();
    return \`\${scheme}://\${authority}\${wasiIncomingRequest.getPathWithQuery()}\`;
  };
}
` },
    },
    {
      name: "wasi:sockets/tcp and udp moved into types: their sockets' plain getters take the 0.3 names (localAddress -> getLocalAddress)",
      before: { 'guest.ts': `import type { TcpSocket } from 'wasi:sockets/tcp@0.2.3';
import type { UdpSocket } from 'wasi:sockets/udp@0.2.3';

export function ends(tcp: TcpSocket, udp: UdpSocket) {
  return [tcp.localAddress(), tcp.remoteAddress(), udp.localAddress()];
}
` },
      after: { 'guest.ts': `import type { TcpSocket, UdpSocket } from 'wasi:sockets/types@0.3.0';

export function ends(tcp: TcpSocket, udp: UdpSocket) {
  return [tcp.getLocalAddress(), tcp.getRemoteAddress(), udp.getLocalAddress()];
}
` },
    },
    {
      // Keyed on the imported interfaces alone, \`addressFamily()\` stayed: no such method on 0.3's TcpSocket (TS2551), no review.
      name: "a file that imports only the socket's factory (wasi:sockets/tcp-create-socket) holds a wasi:sockets/tcp socket: its getters take the 0.3 names",
      before: { 'guest.ts': `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';

export function family() {
  const socket = createTcpSocket('ipv4');
  return [socket.addressFamily(), socket.localAddress()];
}
` },
      after: { 'guest.ts': `import { TcpSocket } from 'wasi:sockets/types@0.3.0';

export function family() {
  const socket = TcpSocket.create('ipv4');
  return [socket.getAddressFamily(), socket.getLocalAddress()];
}
` },
    },
  ],
};
export default transform;

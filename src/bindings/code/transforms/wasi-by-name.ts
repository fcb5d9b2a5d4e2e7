import { type SourceFile, ts } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { WASI_API_MAP } from '../../../../rules/wasi-api-map.js';
import { compilerNodesWhere, wrapped } from '../util.js';

const docs = `
The rewriter follows WASI bindings a file imports by name
(\`import { getStdout } from 'wasi:cli/stdout@0.2.3'\`). Some code reaches them
another way: a dynamic \`import('wasi:http/types@0.2.3')\`, a
\`require('wasi:cli/stdout')\`, or a lookup in an object a runtime fills
(\`globalThis['wasi:filesystem/types']\`). The values found so are not
followed, so their 0.2 calls (\`descriptor.read(len, offset)\`,
\`readDirectoryEntry()\`, \`blockingWriteAndFlush\`) would stay as they are
while the world moves to 0.3.

Each such lookup of a WASI 0.2 interface (a 0.2 version, or none) is
reported where it is, and the code is left as written: port what it reaches
by hand, or import the interface by name so the rewriter can follow it.

Host code that calls jco's WASI 0.2 host itself
(\`import { cli } from '@bytecodealliance/preview2-shim'\`, or its
\`/cli\`, \`/filesystem\` ... modules, imported, \`import()\`ed or
\`require\`d) is reported where it takes it, and left as written:
preview2-shim serves 0.2 components, and the host of a 0.3 component is
\`@bytecodealliance/preview3-shim\`, whose API is async and speaks 0.3's
streams and futures (a file's \`readViaStream\` gives a stream and a
future); the rewriter ports guest code, not hosts.

Not reported: code jco's \`transpile\` generated for a component (the host
side of it, made again from the migrated component), and an import object a
host fills (\`imports['wasi:cli/environment'] = {...}\`).
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  byLookup: 'reaches `{{iface}}` through a lookup by name, which the rewriter does not follow: its 0.2 calls are not ported; port them by hand to {{iface}}@0.3.0, or import the interface by name',
  byCall: 'reaches `{{iface}}` through `{{callee}}(...)`, which the rewriter does not follow: its 0.2 calls are not ported; port them by hand to {{iface}}@0.3.0, or import the interface by name',
  preview2Shim: '`{{from}}` is jco\'s host of WASI 0.2 components, called here directly: the host of a 0.3 component is `@bytecodealliance/preview3-shim`, whose API is async (0.3\'s streams and futures: `readViaStream` gives a stream and a future); the rewriter does not port host code: port this by hand where it hosts the migrated component, or keep it for 0.2 ones',
} as const;

/** jco's WASI 0.2 host for Node and browsers, and its modules (\`@bytecodealliance/preview2-shim/cli\`). */
const PREVIEW2_SHIM = /^@bytecodealliance\/preview2-shim(?:\/|$)/;

/** `wasi:pkg/iface`, with an optional version: what a lookup by name may spell. */
const BY_NAME = /^wasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?:@(\d+\.\d+\.\d+\S*))?$/;

/** The WASI 0.2 interface a string names (`wasi:filesystem/types`), if it names one in 0.2 (versioned 0.2.x or unversioned). */
function interfaceNamed(text: string): string | undefined {
  const m = BY_NAME.exec(text);
  if (!m || (m[3] !== undefined && !m[3].startsWith('0.2.'))) return undefined;
  const iface = `wasi:${m[1]}/${m[2]}`;
  return WASI_API_MAP[iface]?.kind === 'interface' ? iface : undefined;
}

/**
 * A string literal reaching a value by name: the argument of a call
 * (`require(...)`, `import(...)`) or of an element access (`g['...']`).
 * Static imports and exports, `declare module` names, import types and
 * property names in type declarations only name things.
 */
function lookupsIn(file: SourceFile): { node: ts.StringLiteralLike; iface: string }[] {
  const reaching = (n: ts.Node): n is ts.StringLiteralLike => {
    if (!ts.isStringLiteralLike(n)) return false;
    const p = n.parent;
    // An element access written to (`imports['wasi:cli/environment'] = {...}`: a host handing a component its imports) reaches nothing.
    const written = ts.isElementAccessExpression(p) && ts.isBinaryExpression(p.parent) && p.parent.left === p && p.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    return (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) || (ts.isElementAccessExpression(p) && p.argumentExpression === n && !written);
  };
  return compilerNodesWhere(file, reaching).flatMap((node) => {
    const iface = interfaceNamed(node.text);
    return iface ? [{ node, iface }] : [];
  });
}

/**
 * Code jco's `transpile` generated for a component (it names its core modules
 * `<name>.core.wasm`, `<name>.core2.wasm`... and takes a component's imports
 * as `imports['wasi:cli/environment']`): the host side of a 0.2 component,
 * made again from the migrated component, never ported by hand.
 */
const TRANSPILED = /['"`][^'"`\n]*\.core\d*\.wasm['"`]/;

/**
 * Where the file takes preview2-shim: the specifier of an import or export
 * declaration, or the argument of a call (\`import(...)\`, \`require(...)\`).
 */
function shimUses(file: SourceFile): ts.StringLiteralLike[] {
  if (!file.getFullText().includes('@bytecodealliance/preview2-shim')) return [];
  const taking = (n: ts.Node): n is ts.StringLiteralLike => {
    if (!ts.isStringLiteralLike(n) || !PREVIEW2_SHIM.test(n.text)) return false;
    const p = n.parent;
    return ((ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) && p.moduleSpecifier === n) || (ts.isCallExpression(p) && p.arguments[0] === n);
  };
  return compilerNodesWhere(file, taking);
}

/** Whether the file reaches a WASI 0.2 interface by name (the rewriter looks at such files even when they import no WASI). */
export function reachesWasiByName(file: SourceFile): boolean {
  const text = file.getFullText();
  return text.includes('wasi:') && !TRANSPILED.test(text) && lookupsIn(file).length > 0;
}

/**
 * Whether the file takes preview2-shim, not as code jco generated: host code. The rewriter reports it there and
 * ports nothing in it (its streams are the host's 0.2 ones, whatever their methods look like).
 */
export function callsPreview2Shim(file: SourceFile): boolean {
  return !TRANSPILED.test(file.getFullText()) && shimUses(file).length > 0;
}

function apply(ctx: FileContext): void {
  if (TRANSPILED.test(ctx.file.getFullText())) return;
  for (const { node, iface } of lookupsIn(ctx.file)) {
    if (ts.isElementAccessExpression(node.parent)) ctx.review(wrapped(ctx.file, node), 'byLookup', { iface });
    else ctx.review(wrapped(ctx.file, node), 'byCall', { iface, callee: (node.parent as ts.CallExpression).expression.getText(ctx.file.compilerNode) });
  }
  for (const node of shimUses(ctx.file)) ctx.review(wrapped(ctx.file, node), 'preview2Shim', { from: node.text });
}

const transform: CodeTransform = {
  id: 'bindings/wasi-by-name',
  summary: 'WASI 0.2 interfaces reached by name (dynamic import, require, a global lookup), and host code calling preview2-shim, are reported: the rewriter follows only imports, and ports guests',
  docs,
  messages,
  kind: 'needs-review',
  apply,
  mentions: ['wasi:', '@bytecodealliance/preview2-shim'],
  cases: [
    {
      name: 'bindings a runtime leaves on globalThis are reported where they are looked up',
      before: `function bindings() {
  const types = globalThis['wasi:filesystem/types'];
  const preopens = globalThis['wasi:filesystem/preopens'];
  return types && preopens ? { types, preopens } : null;
}

// Strings that only name an interface, or name a 0.3 one, are not lookups of 0.2 bindings.
const LABELS = { 'wasi:filesystem/types': 'files' };
export const label = (k) => LABELS[k] ?? 'wasi:filesystem/types';
export const next = () => import('wasi:filesystem/types@0.3.0');

export function readAll(dir, name) {
  const fd = dir.openAt({}, name, {}, { read: true });
  return fd.read(fd.stat().size, 0n)[0];
}
`,
      after: `function bindings() {
  // wasi-migrate(review): reaches \`wasi:filesystem/types\` through a lookup by name, which the rewriter does not follow: its 0.2 calls are not ported; port them by hand to wasi:filesystem/types@0.3.0, or import the interface by name
  const types = globalThis['wasi:filesystem/types'];
  // wasi-migrate(review): reaches \`wasi:filesystem/preopens\` through a lookup by name, which the rewriter does not follow: its 0.2 calls are not ported; port them by hand to wasi:filesystem/preopens@0.3.0, or import the interface by name
  const preopens = globalThis['wasi:filesystem/preopens'];
  return types && preopens ? { types, preopens } : null;
}

// Strings that only name an interface, or name a 0.3 one, are not lookups of 0.2 bindings.
const LABELS = { 'wasi:filesystem/types': 'files' };
export const label = (k) => LABELS[k] ?? 'wasi:filesystem/types';
export const next = () => import('wasi:filesystem/types@0.3.0');

export function readAll(dir, name) {
  const fd = dir.openAt({}, name, {}, { read: true });
  return fd.read(fd.stat().size, 0n)[0];
}
`,
      reviews: ['reaches `wasi:filesystem/types` through a lookup by name', 'reaches `wasi:filesystem/preopens` through a lookup by name'],
    },
    {
      name: "a dynamic import and a require of 0.2 interfaces are reported; code jco's transpile generated for a component, and a host filling a component's import object, are not",
      before: { 'guest.js': `export async function args() {
  const env = await import('wasi:cli/environment@0.2.3');
  return env.getArguments();
}

export function quit(code) {
  require('wasi:cli/exit').exit(code);
}
`, 'component.js': `export function instantiate(getCoreModule, imports) {
  const module0 = getCoreModule('component.core.wasm');
  const { getEnvironment } = imports['wasi:cli/environment'];
  return { module0, getEnvironment };
}
`, 'host.js': `export function hostImports(base) {
  const imports = { ...base };
  imports['wasi:cli/environment'] = { getEnvironment: () => [], getArguments: () => [] };
  return imports;
}
` },
      after: { 'guest.js': `export async function args() {
  // wasi-migrate(review): reaches \`wasi:cli/environment\` through \`import(...)\`, which the rewriter does not follow: its 0.2 calls are not ported; port them by hand to wasi:cli/environment@0.3.0, or import the interface by name
  const env = await import('wasi:cli/environment@0.2.3');
  return env.getArguments();
}

export function quit(code) {
  // wasi-migrate(review): reaches \`wasi:cli/exit\` through \`require(...)\`, which the rewriter does not follow: its 0.2 calls are not ported; port them by hand to wasi:cli/exit@0.3.0, or import the interface by name
  require('wasi:cli/exit').exit(code);
}
`, 'component.js': `export function instantiate(getCoreModule, imports) {
  const module0 = getCoreModule('component.core.wasm');
  const { getEnvironment } = imports['wasi:cli/environment'];
  return { module0, getEnvironment };
}
`, 'host.js': `export function hostImports(base) {
  const imports = { ...base };
  imports['wasi:cli/environment'] = { getEnvironment: () => [], getArguments: () => [] };
  return imports;
}
` },
      reviews: ['reaches `wasi:cli/environment` through `import(...)`', 'reaches `wasi:cli/exit` through `require(...)`'],
    },
    {
      // jco's own preview2-shim test (search-index id 41143523657) drove the shim directly and got nothing said.
      name: "host code calling preview2-shim is reported where it takes it, and nothing in it is ported (its streams are the host's 0.2 ones), though it names a WASI 0.2 import too; a component's code jco's transpile generated is not reported",
      before: { 'hybrid.js': `// It names a WASI 0.2 import too (a bundler maps it to the shim): still host code.
import { getArguments } from 'wasi:cli/environment@0.2.3';
import { filesystem } from '@bytecodealliance/preview2-shim';

export function firstBytes(path) {
  const [[root]] = filesystem.preopens.getDirectories();
  return [getArguments(), root.openAt({}, path, {}, {}, {}).readViaStream(0).blockingRead(1024n)];
}
`, 'host.test.js': `import { cli } from '@bytecodealliance/preview2-shim';

export function say(line) {
  cli.stdout.getStdout().blockingWriteAndFlush(new TextEncoder().encode(line));
}

export function readSelf(path) {
  const { preopens } = require('@bytecodealliance/preview2-shim/filesystem');
  const [[root]] = preopens.getDirectories();
  const stream = root.openAt({}, path, {}, {}, {}).readViaStream(0);
  return stream.blockingRead(1_000_000);
}
`, 'component.js': `import { stdout } from '@bytecodealliance/preview2-shim/cli';

export function instantiate(getCoreModule) {
  const module0 = getCoreModule('component.core.wasm');
  return { module0, stdout };
}
` },
      after: { 'hybrid.js': `// It names a WASI 0.2 import too (a bundler maps it to the shim): still host code.
import { getArguments } from 'wasi:cli/environment@0.2.3';
// wasi-migrate(review): \`@bytecodealliance/preview2-shim\` is jco's host of WASI 0.2 components, called here directly: the host of a 0.3 component is \`@bytecodealliance/preview3-shim\`, whose API is async (0.3's streams and futures: \`readViaStream\` gives a stream and a future); the rewriter does not port host code: port this by hand where it hosts the migrated component, or keep it for 0.2 ones
import { filesystem } from '@bytecodealliance/preview2-shim';

export function firstBytes(path) {
  const [[root]] = filesystem.preopens.getDirectories();
  return [getArguments(), root.openAt({}, path, {}, {}, {}).readViaStream(0).blockingRead(1024n)];
}
`, 'host.test.js': `// wasi-migrate(review): \`@bytecodealliance/preview2-shim\` is jco's host of WASI 0.2 components, called here directly: the host of a 0.3 component is \`@bytecodealliance/preview3-shim\`, whose API is async (0.3's streams and futures: \`readViaStream\` gives a stream and a future); the rewriter does not port host code: port this by hand where it hosts the migrated component, or keep it for 0.2 ones
import { cli } from '@bytecodealliance/preview2-shim';

export function say(line) {
  cli.stdout.getStdout().blockingWriteAndFlush(new TextEncoder().encode(line));
}

export function readSelf(path) {
  // wasi-migrate(review): \`@bytecodealliance/preview2-shim/filesystem\` is jco's host of WASI 0.2 components, called here directly: the host of a 0.3 component is \`@bytecodealliance/preview3-shim\`, whose API is async (0.3's streams and futures: \`readViaStream\` gives a stream and a future); the rewriter does not port host code: port this by hand where it hosts the migrated component, or keep it for 0.2 ones
  const { preopens } = require('@bytecodealliance/preview2-shim/filesystem');
  const [[root]] = preopens.getDirectories();
  const stream = root.openAt({}, path, {}, {}, {}).readViaStream(0);
  return stream.blockingRead(1_000_000);
}
`, 'component.js': `import { stdout } from '@bytecodealliance/preview2-shim/cli';

export function instantiate(getCoreModule) {
  const module0 = getCoreModule('component.core.wasm');
  return { module0, stdout };
}
` },
      reviews: ['`@bytecodealliance/preview2-shim` is jco\'s host of WASI 0.2 components', '`@bytecodealliance/preview2-shim/filesystem` is jco\'s host of WASI 0.2 components', '`@bytecodealliance/preview2-shim` is jco\'s host of WASI 0.2 components'],
    },
  ],
};
export default transform;

import { Node, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { awaitText, methodOf } from '../util.js';

const docs = `
Some WASI 0.2 functions that return at once became \`async func\`s in 0.3, so
jco gives them a \`Promise\`: the WASI authors made almost every
\`wasi:filesystem\` descriptor operation async (\`open-at\`, \`stat\`,
\`read-directory\`'s siblings, \`sync\`...). A call to one of them is awaited
where it stands; the async pass then makes the function around it async.

The list is the \`async func\`s of the official 0.3.0 WIT that were plain
functions in 0.2, per interface; a call counts when the file imports that
interface's package at 0.2 and the method has that name.
`;

/** `async func` methods of 0.3.0 that were sync in 0.2.x, keyed by the package a file must import. */
const ASYNC: Record<string, readonly string[]> = {
  'wasi:filesystem': ['advise', 'syncData', 'getFlags', 'getType', 'setSize', 'setTimes', 'sync', 'createDirectoryAt', 'stat', 'statAt', 'setTimesAt', 'linkAt', 'openAt', 'readlinkAt', 'removeDirectoryAt', 'renameAt', 'symlinkAt', 'unlinkFileAt', 'isSameObject', 'metadataHash', 'metadataHashAt'],
};

function apply(ctx: FileContext): void {
  const pkgs = new Set([...ctx.wasi.byLocal.values()].filter((w) => w.version.startsWith('0.2.')).map((w) => w.iface.split('/')[0]!));
  const names = new Set([...pkgs].flatMap((p) => ASYNC[p] ?? []));
  if (!names.size) return;
  const calls = ctx.file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((d) => names.has(methodOf(d)?.name ?? '') && !Node.isAwaitExpression(d.getParent()));
  for (const c of calls.reverse()) {
    const name = methodOf(c)!.name;
    ctx.edit(c.replaceWithText(awaitText(c, c.getText())), `\`${name}\` is an async func in 0.3: await it`);
  }
}

const transform: CodeTransform = {
  id: 'bindings/async-methods',
  summary: 'calls of functions that became async func in 0.3 (filesystem descriptor operations) are awaited',
  docs,
  kind: 'mechanical',
  apply,
  cases: [
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
  ],
};
export default transform;

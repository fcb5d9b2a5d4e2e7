import { SyntaxKind, ts } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { methodOf, replaceInPlace, descendantsWhere } from '../util.js';

const docs = `
A WASI 0.2 stream error is a \`wasi:io/error.error\` resource: code asks the
interface what it means (\`httpErrorCode(err)\`, \`filesystemErrorCode(err)\`)
or prints \`err.toDebugString()\`. In 0.3 \`wasi:io\` is gone and the outcome
future of a stream carries the interface's own \`error-code\` directly.

After the input-streams transform, the error a read loop handles is
\`{ tag: 'last-operation-failed', val }\` with \`val\` that error-code, so
\`httpErrorCode(x)\` / \`filesystemErrorCode(x)\` become \`x\`, and
\`x.toDebugString()\` becomes \`JSON.stringify(x)\` (an error-code is a plain
value).
`;

const CODES: Record<string, string> = { httpErrorCode: 'wasi:http/types', filesystemErrorCode: 'wasi:filesystem/types' };

function apply(ctx: FileContext): void {
  // The two shapes it ports: a call of an error-code function, or \`x.toDebugString()\`.
  const calls = descendantsWhere(ctx.file, SyntaxKind.CallExpression, (n, sf) => {
    if (!ts.isCallExpression(n)) return false;
    const callee = ctx.wasi.calleeOf(n, sf);
    return (!!callee && CODES[callee.name] === callee.iface) || (ts.isPropertyAccessExpression(n.expression) && n.expression.name.getText(sf) === 'toDebugString');
  });
  for (const c of calls.reverse()) {
    const callee = ctx.wasi.callee(c);
    if (callee && CODES[callee.name] === callee.iface && c.getArguments().length === 1) {
      ctx.edit(replaceInPlace(c, c.getArguments()[0]!.getText()), `${callee.name}(e): in 0.3 the stream's outcome already is the error-code`);
      continue;
    }
    if (methodOf(c)?.name === 'toDebugString' && !c.getArguments().length && [...ctx.wasi.byLocal.values()].some((w) => w.version.startsWith('0.2.'))) {
      ctx.edit(replaceInPlace(c, `JSON.stringify(${methodOf(c)!.recv.getText()})`), 'wasi:io error.toDebugString(): the 0.3 error-code is a plain value');
    }
  }
}

const transform: CodeTransform = {
  id: 'bindings/stream-errors',
  summary: 'wasi:io error lookups (httpErrorCode, toDebugString) become the error-code the 0.3 outcome future carries',
  docs,
  kind: 'mechanical',
  apply,
  // The error-code functions (imported by these names), or a `toDebugString()` call.
  mentions: [...Object.keys(CODES), 'toDebugString'],
  cases: [
    {
      name: "error lookups become the error-code",
      before: `import { httpErrorCode } from 'wasi:http/types@0.2.12';

export function describe(e) {
  const code = httpErrorCode(e.val);
  return code ? code.tag : e.val.toDebugString();
}
`,
      after: `export function describe(e) {
  const code = e.val;
  return code ? code.tag : JSON.stringify(e.val);
}
`,
    },
  ],
};
export default transform;

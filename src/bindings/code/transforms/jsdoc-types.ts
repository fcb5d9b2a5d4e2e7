import { SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { camel, replaceInPlace, descendantsOfKind } from '../util.js';
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
`;

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
  let changed = false;
  const out = text.replace(/\/\*\*[\s\S]*?\*\//g, (comment, at: number) =>
    comment.replace(REF, (m: string, tof: string | undefined, q: string, pkg: string, ifc: string, name: string | undefined) => {
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
        ctx.editLine(line, `JSDoc type ${m} -> ${to}`);
      }
      return to;
    }),
  );
  if (changed) file.replaceWithText(out);
  typeAnnotations(ctx);
}

/** TypeScript type references to jco's 0.2 names (`stream: InputStream`) take the 0.3 shapes too. */
function typeAnnotations(ctx: FileContext): void {
  const refs = descendantsOfKind(ctx.file, SyntaxKind.TypeReference).filter((r) => {
    const w = ctx.wasi.byLocal.get(r.getTypeName().getText());
    return !!w && w.version.startsWith('0.2.') && !!SHAPES[`${w.iface}.${w.name}`] && !r.getTypeArguments().length;
  });
  for (const r of refs.reverse()) {
    const w = ctx.wasi.byLocal.get(r.getTypeName().getText())!;
    let to = SHAPES[`${w.iface}.${w.name}`]!;
    // A plain 0.3 type is named through the file's import, as a person writes it.
    const plain = /^import\('(wasi:[a-z-]+\/[a-z-]+@0\.3\.0)'\)\.([A-Za-z]+)$/.exec(to);
    if (plain) to = ensureImport(ctx.file, plain[1]!, plain[2]!);
    const line = r.getStartLineNumber();
    replaceInPlace(r, to);
    ctx.editLine(line, `type ${w.name} (${w.iface}@${w.version}) -> ${to}`);
  }
}

const transform: CodeTransform = {
  id: 'bindings/jsdoc-types',
  summary: "JSDoc types naming jco's 0.2 bindings name the 0.3 types of what the code now holds",
  docs,
  kind: 'mechanical',
  apply,
  cases: [
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
  ],
};
export default transform;

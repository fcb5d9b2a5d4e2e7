import { Node } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { exportedObjects } from '../util.js';

const docs = `
\`wasi:cli/run\` exports \`run: func() -> result\` in 0.2 and
\`run: async func() -> result\` in 0.3; jco's guest type for it is
\`run(): Promise<void>\`. A 0.2 component's \`export const run = { run() {...} }\`
(jco's name for the export) becomes \`async run()\` whether or not its body
awaits anything, and a \`void\` return annotation becomes \`Promise<void>\`.
Only files that use WASI 0.2 bindings are touched, and, when a world of the
project exports \`wasi:cli/run\`, the files exporting that \`run\` object
(a command that imports nothing from WASI implements it all the same).
`;

function apply(ctx: FileContext): void {
  if (!ctx.wasi.byLocal.size && !ctx.wasiExports.has('wasi:cli/run')) return;
  // \`export const run = {...}\`, or exported by a list (\`var run = {...}; export { run }\`: a bundle).
  const init = exportedObjects(ctx.file).get('run')?.obj;
  if (!init) return;
  const member = init.getProperty('run');
  let fn: Node | undefined = member;
  if (member && Node.isPropertyAssignment(member)) fn = member.getInitializer();
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn)) || fn.isAsync()) return;
  fn.setIsAsync(true);
  const ret = fn.getReturnTypeNode();
  if (ret?.getText() === 'void') ret.replaceWithText('Promise<void>');
  ctx.edit(fn, 'wasi:cli/run@0.3.0 exports `run: async func`: `run` is async');
}

const transform: CodeTransform = {
  id: 'bindings/cli-run',
  summary: "the wasi:cli/run export's run() becomes async, as run is an async func in 0.3",
  docs,
  kind: 'mechanical',
  apply,
  cases: [
    {
      name: 'run with nothing to await is async all the same',
      before: { 'guest.ts': `import { now } from 'wasi:clocks/wall-clock@0.2.12';

export const run = {
  run(): void {
    void now;
  },
};
` },
      after: { 'guest.ts': `import { now } from 'wasi:clocks/system-clock@0.3.0';

export const run = {
  async run(): Promise<void> {
    void now;
  },
};
` },
    },
    {
      name: "a run export as a bundler writes it (`var run = {...}; export { run }`) becomes async though nothing in it awaits: run is an async func in 0.3",
      before: { 'guest.js': `// src/main.ts
import { getArguments } from "wasi:cli/environment@0.2.3";
var count = () => getArguments().length;
var run = {
  run() {
    if (count() > 3) throw new Error("too many");
  }
};
export {
  run
};
` },
      after: { 'guest.js': `// src/main.ts
import { getArguments } from "wasi:cli/environment@0.3.0";
var count = () => getArguments().length;
var run = {
  async run() {
    if (count() > 3) throw new Error("too many");
  }
};
export {
  run
};
` },
    },
    {
      name: 'a world of the project exports wasi:cli/run: its run export becomes async though the module imports nothing from WASI',
      wit: `package my:app;

interface greeter {
  greet: func(name: string) -> string;
}

world app {
  import greeter;
  export wasi:cli/run@0.2.4;
}
`,
      before: { 'guest.ts': `const names = ['a', 'b'];

export const run = {
  run(): void {
    if (names.length > 3) throw new Error('too many');
  },
};
` },
      after: { 'guest.ts': `const names = ['a', 'b'];

export const run = {
  async run(): Promise<void> {
    if (names.length > 3) throw new Error('too many');
  },
};
` },
    },
  ],
};
export default transform;

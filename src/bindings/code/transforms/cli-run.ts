import { Node, SyntaxKind, VariableDeclarationKind, ts, type ArrowFunction, type FunctionDeclaration, type FunctionExpression, type MethodDeclaration, type SourceFile } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { codeStatements, exportedObjects, isNothing, removeStatement } from '../util.js';
import { isReferenced } from '../wasi-imports.js';

const docs = `
\`wasi:cli/run\` exports \`run: func() -> result\` in 0.2 and
\`run: async func() -> result\` in 0.3; jco's guest type for it is
\`run(): Promise<void>\`. A 0.2 component's \`export const run = { run() {...} }\`
(jco's name for the export) becomes \`async run()\` whether or not its body
awaits anything, and a \`void\` return annotation becomes \`Promise<void>\`.
Only files that use WASI 0.2 bindings are touched, and, when a world of the
project exports \`wasi:cli/run\`, the files exporting that \`run\` object
(a command that imports nothing from WASI implements it all the same).
A \`return { tag: 'ok' }\` of the \`run\` made async goes (a \`return;\` where more
follows): jco reads it as ok, as it reads a plain return, and \`Promise<void>\`
holds an async \`run\` to no value, though TypeScript let a sync one return
any. Any other value it returns is reported.
A \`run\` member naming a sync function of the file that nothing else uses
(\`run: main\`) makes that function async. A \`run\` export that is no object
literal (\`export const run = makeRun();\`), or whose \`run\` member is no
function the port can make async (\`run: makeRunFn()\`, a function exported
or called elsewhere too), is reported, unless that member is already async;
so is a function exported as \`run\` (\`export function run() {}\`, no shape
of jco's object at 0.2 or 0.3) where a world exports wasi:cli/run, none a
func \`run\`, and no module of the project exports a \`run\` object, and,
with no WIT beside the code to tell what the component exports, in a module
that imports WASI 0.2 where no module exports a \`run\` object. All only where the 0.2 shape is in play (the module imports
WASI 0.2, or a world exports \`wasi:cli/run@0.2.x\`, also through an
\`include\` of another package's world in deps/), so a project already on
0.3 is not told again.
`;

const messages = {
  opaqueRun:
    '`run` is exported as something the transform cannot read (not an object literal with a `run` method: what a call returned, an import): wasi:cli/run@0.3.0\'s `run` is an `async func` (jco\'s guest type `run(): Promise<void>`), and a sync `run` is 0.2\'s: make the `run` it holds async by hand',
  runNotAFunction:
    'the `run` member of the exported `run` object is not a function the transform can make async (what a call returned, a spread, a name of a sync function exported or used elsewhere too, whose callers would get a promise): wasi:cli/run@0.3.0\'s `run` is an `async func` (jco\'s guest type `run(): Promise<void>`), and a sync `run` is 0.2\'s: make it async by hand',
  runIsAFunction:
    '`run` is exported as a function, and no module of the project exports a `run` object: jco\'s guest types for wasi:cli/run, 0.2\'s as 0.3.0\'s, take the export `run` as an object with a `run` method, an `async` one in 0.3.0 (`export const run = { async run() { ... } }`, jco\'s guest type `run(): Promise<void>`): export that object if this is the component\'s `run`, or mark this one decided if it is a helper of that name',
  runIsAFunctionNoWit:
    '`run` is exported as a function in a module on WASI 0.2, no module of the project exports a `run` object, and there is no WIT beside the code to say what the component exports: if it is its wasi:cli/run, jco\'s guest types (0.2\'s as 0.3.0\'s) take the export `run` as an object with a `run` method, an `async` one in 0.3.0 (`export const run = { async run() { ... } }`, jco\'s guest type `run(): Promise<void>`): export that object; if its world exports a func `run`, this is that func; else mark this one decided (a helper of that name)',
  runReturnsValue:
    '`run` returns a value, and wasi:cli/run@0.3.0\'s `run` returns none (jco\'s guest type `run(): Promise<void>`, which holds the async `run` to no value, where TypeScript let a sync one return any): return nothing, and throw where `run` fails',
} as const;

/** The returns of \`fn\`'s own body (not of a function nested in it). */
function ownReturns(fn: Node): import('ts-morph').ReturnStatement[] {
  const out: import('ts-morph').ReturnStatement[] = [];
  const walk = (n: Node): void => {
    if (Node.isReturnStatement(n)) out.push(n);
    n.forEachChild((c) => {
      if (!(Node.isFunctionDeclaration(c) || Node.isFunctionExpression(c) || Node.isArrowFunction(c) || Node.isMethodDeclaration(c) || Node.isClassDeclaration(c) || Node.isClassExpression(c))) walk(c);
    });
  };
  fn.forEachChild(walk);
  return out;
}

/** \`{ tag: 'ok' }\` (either quote, \`"tag"\` as a key too): jco's ok with no value. */
function isBareOk(n: Node): boolean {
  if (!Node.isObjectLiteralExpression(n) || n.getProperties().length !== 1) return false;
  const p = n.getProperties()[0]!;
  if (!Node.isPropertyAssignment(p)) return false;
  const key = p.getNameNode();
  const init = p.getInitializer();
  return (key.getText() === 'tag' || (Node.isStringLiteral(key) && key.getLiteralValue() === 'tag')) && !!init && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init)) && init.getLiteralValue() === 'ok';
}

/**
 * The values the \`run\` this transform made async returns: \`Promise<void>\`
 * (jco's guest type) takes none. \`{ tag: 'ok' }\` goes, as jco reads a plain
 * return; a value typed void, undefined or any stays; any other is reported.
 */
function returnedValues(ctx: FileContext, fn: MethodDeclaration | FunctionExpression | ArrowFunction | FunctionDeclaration): void {
  const arrowValue = Node.isArrowFunction(fn) ? fn.getBody() : undefined;
  if (arrowValue && !Node.isBlock(arrowValue)) {
    if (!isNothing(arrowValue) && !voidLike(arrowValue)) ctx.review(arrowValue, 'runReturnsValue');
    return;
  }
  for (const ret of ownReturns(fn)) {
    const value = ret.getExpression();
    if (!value || isNothing(value)) continue;
    let x: Node = value;
    while (Node.isParenthesizedExpression(x)) x = x.getExpression();
    if (isBareOk(x)) {
      const body = fn.getBody();
      const last = body && Node.isBlock(body) ? codeStatements(body).at(-1) : undefined;
      if (last === ret) {
        removeStatement(ret);
        ctx.edit(body!, '`run` returned `{ tag: \'ok\' }`: jco reads a plain return as ok, and `run(): Promise<void>` takes no value');
      } else {
        const now = ret.replaceWithText('return;');
        ctx.edit(now, '`return { tag: \'ok\' }` is `return;`: jco reads a plain return as ok, and `run(): Promise<void>` takes no value');
      }
      continue;
    }
    if (!voidLike(value)) ctx.review(ret, 'runReturnsValue');
  }
}

/** An expression typed void, undefined, any, unknown or never: no value \`Promise<void>\` refuses. */
function voidLike(n: Node): boolean {
  const t = n.getType();
  return t.isAny() || t.isUnknown() || t.isUndefined() || (t.getFlags() & (ts.TypeFlags.Void | ts.TypeFlags.Never)) !== 0;
}

/**
 * A function written in the file that \`name\` names: declared, or a \`const\` holding an arrow function or function
 * expression; with \`reassignable\`, a \`let\` or \`var\` too (a bundle's \`var start = () => {}\`), for a caller that
 * has seen nothing else use the name.
 */
function localFunction(file: SourceFile, name: string, reassignable = false): Node | undefined {
  const fn = file.getFunction(name);
  if (fn) return fn;
  const d = file.getVariableDeclaration(name);
  const init = d?.getInitializer();
  return (reassignable || d?.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const) && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) ? init : undefined;
}

/** Whether \`n\` is, or names, an async function written in the file. */
function isAsyncFunction(file: SourceFile, n: Node | undefined): boolean {
  if (n && Node.isIdentifier(n)) n = localFunction(file, n.getText());
  return !!n && (Node.isMethodDeclaration(n) || Node.isFunctionExpression(n) || Node.isArrowFunction(n) || Node.isFunctionDeclaration(n)) && n.isAsync();
}

/**
 * The function of the file \`id\` names when nothing but the run member \`member\` uses it: not exported, not called
 * elsewhere (making it async would change those calls), no generator. Undefined otherwise.
 */
function runOnly(file: SourceFile, id: Node, member: Node): Node | undefined {
  if (isReferenced(file, id.getText(), member)) return undefined;
  const fn = localFunction(file, id.getText(), true);
  if (!fn || (Node.isFunctionDeclaration(fn) ? fn.isExported() : fn.getFirstAncestorByKind(SyntaxKind.VariableStatement)?.isExported())) return undefined;
  if ((Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) && fn.isGenerator()) return undefined;
  return fn;
}

/**
 * The file's export of \`run\` that holds no object literal: an exported
 * variable, or an export list naming it (from a package too). Not a module of
 * the project (\`export { run } from './app'\`, or imported from there): it is
 * read where it is written. Not a function (\`export const run = (cmd) => ...\`):
 * that is no shape of jco's \`run\` object, but a helper of that name.
 */
function opaqueRunExport(file: SourceFile): Node | undefined {
  const ed = file.getExportDeclarations().find((d) => {
    const spec = d.getNamedExports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === 'run');
    if (!spec || (!d.getModuleSpecifier() && localFunction(file, spec.getName()))) return false;
    const from = d.getModuleSpecifierValue() ?? file.getImportDeclarations().find((i) => i.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === spec.getName()))?.getModuleSpecifierValue();
    return !from?.startsWith('.');
  });
  const vs = file.getVariableStatements().find(
    (st) =>
      st.isExported() &&
      st.getDeclarations().some((d) => {
        const init = d.getInitializer();
        return d.getName() === 'run' && !Node.isArrowFunction(init) && !Node.isFunctionExpression(init);
      }),
  );
  return ed ?? vs;
}

/** The file's export of \`run\` that is a function written in it: \`export function run() {}\`, \`export const run = () => {}\`, \`export { main as run }\`. */
function functionRunExport(file: SourceFile): Node | undefined {
  const fn = file.getFunction('run');
  if (fn?.isNamedExport()) return fn;
  const d = file.getVariableDeclaration('run');
  const init = d?.getInitializer();
  if (d?.getVariableStatement()?.isExported() && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return d.getVariableStatement();
  return file.getExportDeclarations().find((d) => !d.getModuleSpecifier() && d.getNamedExports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === 'run' && localFunction(file, n.getName())));
}

function apply(ctx: FileContext): void {
  // With no WIT beside the code, a module exporting the \`run\` object of a project on WASI 0.2 is its command, WASI
  // imports or none (its run calls modules that import them).
  const bareProject02 = ctx.noWit && !ctx.wasi.byLocal.size && ctx.projectOn02;
  if (!ctx.wasi.byLocal.size && !ctx.wasiExports.has('wasi:cli/run') && !(bareProject02 && exportedObjects(ctx.file).has('run'))) return;
  // What cannot be ported here is reported only where 0.2's sync \`run\` is in play: a project on 0.3 is not told again on each run.
  // Nor where the project's worlds export no wasi:cli/run (every world of the package is read, one an \`include\` names too): its \`run\` is another.
  const is02 = (ctx.wasi.has02 || ctx.wasiExports02.has('wasi:cli/run') || bareProject02) && !(ctx.withWit && !ctx.wasiExports.has('wasi:cli/run'));
  // \`export const run = {...}\`, or exported by a list (\`var run = {...}; export { run }\`: a bundle).
  const init = exportedObjects(ctx.file).get('run')?.obj;
  if (!init) {
    const at = is02 ? opaqueRunExport(ctx.file) : undefined;
    if (at) ctx.review(at, 'opaqueRun');
    // A function exported as \`run\` is no shape of jco's \`run\` object at 0.2 or 0.3. Where the WIT says a world exports
    // wasi:cli/run, no world exports a func \`run\` (spin-test's harness: \`export run: func();\`) and no module of the
    // project exports the object, it may be the component's run; else a helper of that name.
    const fn = is02 && !at && ctx.wasiExports.has('wasi:cli/run') && !ctx.syncExportsOf(ctx.file).has('run') ? functionRunExport(ctx.file) : undefined;
    if (fn && !ctx.project.getSourceFiles().some((f) => exportedObjects(f).has('run'))) ctx.review(fn, 'runIsAFunction');
    // With no WIT beside the code, what the world exports is not known: in a module on WASI 0.2, a function exported
    // as \`run\` may be a 0.2 wasi:cli/run export written as a bare function (jco's types take an object, and 0.3's an
    // async \`run\` in it), a world's own func \`run\`, or a helper. Reported, unless a module exports the \`run\` object.
    const bare = ctx.noWit && ctx.wasi.has02 && !at ? functionRunExport(ctx.file) : undefined;
    if (bare && !ctx.project.getSourceFiles().some((f) => exportedObjects(f).has('run'))) ctx.review(bare, 'runIsAFunctionNoWit');
    return;
  }
  const member = init.getProperty('run');
  let fn: Node | undefined = member;
  if (member && Node.isPropertyAssignment(member)) fn = member.getInitializer();
  if (member && Node.isShorthandPropertyAssignment(member)) fn = member.getNameNode();
  // A name of a function of the file that only this member uses (\`run: main\`): that function is the run.
  if (fn && Node.isIdentifier(fn)) fn = runOnly(ctx.file, fn, member!) ?? fn;
  if (!fn || !(Node.isMethodDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isArrowFunction(fn) || Node.isFunctionDeclaration(fn))) {
    if (is02 && !isAsyncFunction(ctx.file, fn)) ctx.review(member ?? init, 'runNotAFunction');
    return;
  }
  if (fn.isAsync()) return;
  returnedValues(ctx, fn);
  fn.setIsAsync(true);
  const ret = fn.getReturnTypeNode();
  if (ret?.getText() === 'void') ret.replaceWithText('Promise<void>');
  ctx.edit(fn, 'wasi:cli/run@0.3.0 exports `run: async func`: `run` is async');
}

/** The cases' WIT: a world that exports wasi:cli/run at 0.2. */
const RUN_WORLD = `package my:app;

world app {
  export wasi:cli/run@0.2.3;
}
`;

const transform: CodeTransform = {
  id: 'bindings/cli-run',
  summary: "the wasi:cli/run export's run() becomes async, as run is an async func in 0.3",
  docs,
  messages,
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
      // A ComponentizeJS guest's sync run returning \`{ tag: 'ok' }\` (TypeScript lets a function typed void return
      // anything) was made async and the port said done: jco's 0.3 guest type \`run(): Promise<void>\` refutes the value
      // (tsc: 'Promise<{ tag: string; }>' is not assignable to 'Promise<void>').
      name: "a run made async returning { tag: 'ok' }: the return goes, a bare return where more follows; one of a value typed void stays",
      wit: RUN_WORLD,
      before: {
        'guest.js': `import { getArguments } from 'wasi:cli/environment@0.2.3';

let seen = 0;
export const run = {
  run() {
    seen = getArguments().length;
    if (seen === 0) return { "tag": "ok" };
    return ({ tag: 'ok' });
  },
};
`,
        'quiet.ts': `import { getArguments } from 'wasi:cli/environment@0.2.3';

function main(): void {
  void getArguments();
}

export const run = {
  run() {
    return main();
  },
};
`,
      },
      after: {
        'guest.js': `import { getArguments } from 'wasi:cli/environment@0.3.0';

let seen = 0;
export const run = {
  async run() {
    seen = getArguments().length;
    if (seen === 0) return;
  },
};
`,
        'quiet.ts': `import { getArguments } from 'wasi:cli/environment@0.3.0';

function main(): void {
  void getArguments();
}

export const run = {
  async run() {
    return main();
  },
};
`,
      },
    },
    {
      name: 'a run made async returning any other value (an error result, what a call returned) is reported',
      wit: RUN_WORLD,
      before: {
        'other.js': `import { getArguments } from 'wasi:cli/environment@0.2.3';

export const run = {
  run() {
    if (getArguments().length > 1) return { tag: 'err', val: 'too many' };
    const done = () => ({ tag: 'ok' });
    return done();
  },
};
`,
      },
      after: {
        'other.js': `import { getArguments } from 'wasi:cli/environment@0.3.0';

export const run = {
  async run() {
    // wasi-migrate(review): \`run\` returns a value, and wasi:cli/run@0.3.0's \`run\` returns none (jco's guest type \`run(): Promise<void>\`, which holds the async \`run\` to no value, where TypeScript let a sync one return any): return nothing, and throw where \`run\` fails
    if (getArguments().length > 1) return { tag: 'err', val: 'too many' };
    const done = () => ({ tag: 'ok' });
    // wasi-migrate(review): \`run\` returns a value, and wasi:cli/run@0.3.0's \`run\` returns none (jco's guest type \`run(): Promise<void>\`, which holds the async \`run\` to no value, where TypeScript let a sync one return any): return nothing, and throw where \`run\` fails
    return done();
  },
};
`,
      },
      reviews: ['`run` returns a value', '`run` returns a value'],
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
    {
      // The world took wasi:cli/run from an \`include\` of another package's world (in deps/, itself including
      // wasi:cli/command): only WASI's own worlds were followed, so the module, which imports nothing from WASI, kept
      // its sync \`run\` (jco's 0.3 types refute it: \`run(): Promise<void>\`) and the port said done.
      name: "a world that exports wasi:cli/run through an include of another package's world (deps/): its run export becomes async",
      wit: `package my:app;

world app {
  include my:base/cmd@0.1.0;
}
`,
      witDeps: {
        'base/package.wit': `package my:base@0.1.0;

world cmd {
  include shell;
}

world shell {
  include wasi:cli/command@0.2.3;
}
`,
      },
      before: { 'guest.ts': `export const run = {
  run(): void {},
};
` },
      after: { 'guest.ts': `export const run = {
  async run(): Promise<void> {},
};
` },
    },
    {
      name: 'a run export no object literal holds (what a call returned), in a module that imports nothing from WASI and whose world exports wasi:cli/run@0.2.x: reported at the export',
      wit: `package my:app;

world app {
  import wasi:cli/stdout@0.2.3;
  export wasi:cli/run@0.2.3;
}
`,
      before: { 'guest.js': `import { makeRun } from 'cli-kit';

export const run = makeRun();
` },
      after: { 'guest.js': `import { makeRun } from 'cli-kit';

// wasi-migrate(review): \`run\` is exported as something the transform cannot read (not an object literal with a \`run\` method: what a call returned, an import): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make the \`run\` it holds async by hand
export const run = makeRun();
` },
      reviews: ['`run` is exported as something the transform cannot read'],
    },
    {
      name: "a run export re-exported from a package, in a module that imports WASI 0.2 (no WIT in the run): reported; one from the project's own module is read there",
      before: {
        'guest.ts': `import { getArguments } from 'wasi:cli/environment@0.2.3';
export { run } from 'cli-kit';

export const args = getArguments;
`,
        'other.ts': `import { getArguments } from 'wasi:cli/environment@0.2.3';
export { run } from './run.js';

export const args = getArguments;
`,
      },
      after: {
        'guest.ts': `import { getArguments } from 'wasi:cli/environment@0.3.0';
// wasi-migrate(review): \`run\` is exported as something the transform cannot read (not an object literal with a \`run\` method: what a call returned, an import): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make the \`run\` it holds async by hand
export { run } from 'cli-kit';

export const args = getArguments;
`,
        'other.ts': `import { getArguments } from 'wasi:cli/environment@0.3.0';
export { run } from './run.js';

export const args = getArguments;
`,
      },
      reviews: ['`run` is exported as something the transform cannot read'],
    },
    {
      name: 'a run member that is no function written there (what a call returned) is reported; one naming an async function of the file is already async',
      wit: RUN_WORLD,
      before: {
        'guest.ts': `import { makeRunFn } from './kit.js';

export const run = {
  run: makeRunFn(),
};
`,
        'other.ts': `async function main(): Promise<void> {}

export const run = {
  run: main,
};
`,
      },
      after: {
        'guest.ts': `import { makeRunFn } from './kit.js';

export const run = {
  // wasi-migrate(review): the \`run\` member of the exported \`run\` object is not a function the transform can make async (what a call returned, a spread, a name of a sync function exported or used elsewhere too, whose callers would get a promise): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make it async by hand
  run: makeRunFn(),
};
`,
        'other.ts': `async function main(): Promise<void> {}

export const run = {
  run: main,
};
`,
      },
      reviews: ['the `run` member of the exported `run` object is not a function the transform can make async'],
    },
    {
      // A run member naming a sync function of the file (\`run: main\`) was reported, though nothing else used the
      // function: it is the run, made async where it is written (jco's 0.3 types take \`run: main\` with an async main).
      name: 'a run member naming a sync function of the file that nothing else uses: the function becomes async',
      wit: RUN_WORLD,
      before: {
        'guest.ts': `function main(): void {
  if (Date.now() < 0) throw new Error('clock');
}

export const run = {
  run: main,
};
`,
        'other.js': `var start = () => {};

var app = { run: start };
export { app as run };
`,
      },
      after: {
        'guest.ts': `async function main(): Promise<void> {
  if (Date.now() < 0) throw new Error('clock');
}

export const run = {
  run: main,
};
`,
        'other.js': `var start = async () => {};

var app = { run: start };
export { app as run };
`,
      },
    },
    {
      name: 'a run member naming a sync function the file exports, calls or reassigns elsewhere too is reported: making it async would hand those callers a promise',
      wit: RUN_WORLD,
      before: {
        'bundle.js': `var start = () => {};
if (globalThis.debug) start = () => {};
var app = { run: start };
export { app as run };
`,
        'guest.ts': `export function main(): void {}

export const run = { run: main };
`,
        'other.ts': `function main(): void {}

export const run = { run: main };
export const again = () => main();
`,
      },
      after: {
        'bundle.js': `var start = () => {};
if (globalThis.debug) start = () => {};
// wasi-migrate(review): the \`run\` member of the exported \`run\` object is not a function the transform can make async (what a call returned, a spread, a name of a sync function exported or used elsewhere too, whose callers would get a promise): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make it async by hand
var app = { run: start };
export { app as run };
`,
        'guest.ts': `export function main(): void {}

// wasi-migrate(review): the \`run\` member of the exported \`run\` object is not a function the transform can make async (what a call returned, a spread, a name of a sync function exported or used elsewhere too, whose callers would get a promise): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make it async by hand
export const run = { run: main };
`,
        'other.ts': `function main(): void {}

// wasi-migrate(review): the \`run\` member of the exported \`run\` object is not a function the transform can make async (what a call returned, a spread, a name of a sync function exported or used elsewhere too, whose callers would get a promise): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make it async by hand
export const run = { run: main };
export const again = () => main();
`,
      },
      reviews: ['the `run` member of the exported `run` object is not a function the transform can make async', 'the `run` member of the exported `run` object is not a function the transform can make async', 'the `run` member of the exported `run` object is not a function the transform can make async'],
    },
    {
      // \`export function run()\` where a world exports wasi:cli/run@0.2.x was left as it was and the port said done, though
      // jco's guest types (0.2's and 0.3.0's: tsc, \`'() => void' is not assignable to 'typeof import("wasi:cli/run@0.3.0")'\`)
      // want an object: no module of the project exports one, so this may be the component's run.
      name: 'a run exported as a function (declared, a const arrow, by an export list) where a world exports wasi:cli/run@0.2.x and no module exports a run object: reported',
      wit: RUN_WORLD,
      before: {
        'guest.ts': `export function run(): void {
  if (Date.now() < 0) throw new Error('clock');
}
`,
        'arrow.js': `export const run = () => {};
`,
        'list.js': `const main = () => {};
export { main as run };
`,
      },
      after: {
        'guest.ts': `// wasi-migrate(review): \`run\` is exported as a function, and no module of the project exports a \`run\` object: jco's guest types for wasi:cli/run, 0.2's as 0.3.0's, take the export \`run\` as an object with a \`run\` method, an \`async\` one in 0.3.0 (\`export const run = { async run() { ... } }\`, jco's guest type \`run(): Promise<void>\`): export that object if this is the component's \`run\`, or mark this one decided if it is a helper of that name
export function run(): void {
  if (Date.now() < 0) throw new Error('clock');
}
`,
        'arrow.js': `// wasi-migrate(review): \`run\` is exported as a function, and no module of the project exports a \`run\` object: jco's guest types for wasi:cli/run, 0.2's as 0.3.0's, take the export \`run\` as an object with a \`run\` method, an \`async\` one in 0.3.0 (\`export const run = { async run() { ... } }\`, jco's guest type \`run(): Promise<void>\`): export that object if this is the component's \`run\`, or mark this one decided if it is a helper of that name
export const run = () => {};
`,
        'list.js': `const main = () => {};
// wasi-migrate(review): \`run\` is exported as a function, and no module of the project exports a \`run\` object: jco's guest types for wasi:cli/run, 0.2's as 0.3.0's, take the export \`run\` as an object with a \`run\` method, an \`async\` one in 0.3.0 (\`export const run = { async run() { ... } }\`, jco's guest type \`run(): Promise<void>\`): export that object if this is the component's \`run\`, or mark this one decided if it is a helper of that name
export { main as run };
`,
      },
      reviews: ['`run` is exported as a function', '`run` is exported as a function', '`run` is exported as a function'],
    },
    {
      // With no WIT in the project, \`export function run()\` in a module on WASI 0.2 was left as it was with no note (the
      // WIT's world was needed to say it may be the component's run), and \`--check\` passed.
      name: 'a run exported as a function in a module on WASI 0.2, with no WIT beside the code and no module exporting a run object: reported (`runIsAFunctionNoWit`)',
      noWit: true,
      before: {
        'guest.ts': `import { getEnvironment } from 'wasi:cli/environment@0.2.3';

export function run(): void {
  if (getEnvironment().length > 64) throw new Error('too many variables');
}
`,
      },
      after: {
        'guest.ts': `import { getEnvironment } from 'wasi:cli/environment@0.3.0';

// wasi-migrate(review): \`run\` is exported as a function in a module on WASI 0.2, no module of the project exports a \`run\` object, and there is no WIT beside the code to say what the component exports: if it is its wasi:cli/run, jco's guest types (0.2's as 0.3.0's) take the export \`run\` as an object with a \`run\` method, an \`async\` one in 0.3.0 (\`export const run = { async run() { ... } }\`, jco's guest type \`run(): Promise<void>\`): export that object; if its world exports a func \`run\`, this is that func; else mark this one decided (a helper of that name)
export function run(): void {
  if (getEnvironment().length > 64) throw new Error('too many variables');
}
`,
      },
      reviews: ['`run` is exported as a function in a module on WASI 0.2, no module of the project exports a `run` object, and there is no WIT'],
    },
    {
      // The run object's module imports nothing from WASI: with no WIT, its \`run\` stayed sync (jco's 0.3 types refuse it).
      name: 'the same where another module, which imports nothing from WASI, exports the run object: the function is a helper of that name, left as it is, and the object\'s run becomes async (the project is on WASI 0.2)',
      noWit: true,
      before: {
        'guest.ts': `import { run as start } from './env.js';

export const run = {
  run(): void {
    start();
  },
};
`,
        'env.ts': `import { getEnvironment } from 'wasi:cli/environment@0.2.3';

export function run(): void {
  if (getEnvironment().length > 64) throw new Error('too many variables');
}
`,
      },
      after: {
        'guest.ts': `import { run as start } from './env.js';

export const run = {
  async run(): Promise<void> {
    start();
  },
};
`,
        'env.ts': `import { getEnvironment } from 'wasi:cli/environment@0.3.0';

export function run(): void {
  if (getEnvironment().length > 64) throw new Error('too many variables');
}
`,
      },
    },
    {
      // spin-test's harness world exports \`run: func()\`, jco's \`export function run()\`: that function is this world's.
      name: 'a function exported as run where a world exports a func run (another world wasi:cli/run, its run opaque elsewhere): left as it is',
      wit: `package my:app;

world harness {
  export run: func();
}

world app {
  export wasi:cli/run@0.2.3;
}
`,
      before: {
        'test.js': `export function run() {}
`,
        'guest.js': `import { makeRun } from 'cli-kit';

export const run = makeRun();
`,
      },
      after: {
        'test.js': `export function run() {}
`,
        'guest.js': `import { makeRun } from 'cli-kit';

// wasi-migrate(review): \`run\` is exported as something the transform cannot read (not an object literal with a \`run\` method: what a call returned, an import): wasi:cli/run@0.3.0's \`run\` is an \`async func\` (jco's guest type \`run(): Promise<void>\`), and a sync \`run\` is 0.2's: make the \`run\` it holds async by hand
export const run = makeRun();
`,
      },
      reviews: ['`run` is exported as something the transform cannot read'],
    },
    {
      name: "a function exported as run beside a module exporting the run object is a helper of that name: left as it is",
      wit: RUN_WORLD,
      before: {
        'guest.ts': `import { run as exec } from './exec.js';

export const run = {
  run(): void {
    exec('ls');
  },
};
`,
        'exec.ts': `export function run(cmd: string): void {
  void cmd;
}
`,
      },
      after: {
        'guest.ts': `import { run as exec } from './exec.js';

export const run = {
  async run(): Promise<void> {
    exec('ls');
  },
};
`,
        'exec.ts': `export function run(cmd: string): void {
  void cmd;
}
`,
      },
    },
  ],
};
export default transform;

/**
 * `bindings/async-callers`: a function whose own body now awaits becomes
 * `async`, and every call of it the project holds is awaited, which may make
 * the caller's function await in turn: up the call graph to a fixpoint.
 *
 * Callers are found by scope and imports (no type checker: see references.ts),
 * a class method's in other modules by the type checker (methodUsesElsewhere).
 * A call whose promise cannot simply be awaited in place gets a review
 * marker: a callback to `forEach`/`filter`/`find`/`some`/`every` (it becomes
 * async so the file stays valid, but those functions do not wait for it), a
 * constructor, a getter, or code at module top level. A callback given to
 * `map` becomes `await Promise.all(...)`.
 */
import { Node, type CallExpression, type ClassDeclaration, type ClassExpression, type MethodDeclaration, type MethodSignature, type PropertyAssignment, type FunctionDeclaration, type SourceFile, type StringLiteral, type VariableStatement, SyntaxKind, ts } from 'ts-morph';
import { callersOf, functionNamed, holdersOf, importedInProject, importersOf, isFunctionLike, localUses, memberOf, nameNodeOf, type FunctionLikeDeclaration } from './references.js';
import { awaitText, camel, compilerIdentifiersNamed, declarationOf, exportedObjects, listedExports, referencesTo, withParens, wrapped } from './util.js';
import { EditBatch, Nested, asyncInsertion, type Place } from './edit-batch.js';
import type { CodeCase, CodeTransform, FileContext } from './types.js';
import type { MessageData } from '../../util/messages.js';
import { JS_EXPORT_OF } from './world-exports.js';

const FUNCTION_KINDS = [SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ArrowFunction, SyntaxKind.MethodDeclaration] as const;


const UNSAFE_CALLBACK = new Set(['forEach', 'filter', 'find', 'findIndex', 'some', 'every', 'reduce', 'sort', 'flatMap']);


/** The nearest function around `n` (not crossing into outer ones). */
function enclosingFunction(n: Node): FunctionLikeDeclaration | undefined {
  for (let p = n.getParent(); p; p = p.getParent()) {
    if (isFunctionLike(p)) return p;
    if (Node.isConstructorDeclaration(p) || Node.isGetAccessorDeclaration(p) || Node.isSetAccessorDeclaration(p)) return undefined;
  }
  return undefined;
}

/**
 * `decl.isExported()` for a top-level declaration, asking the type checker
 * only when the file could export it other than by its own `export`
 * keyword: ts-morph answers from the module's symbol, and the checker it
 * asks builds a program of the whole project (again after every edit).
 * A variable statement has no symbol of its own: the keyword, or an export
 * list naming it, is the answer.
 * A function is otherwise exported only by an `export { f }` / `export
 * default f` / `export = f`, by an exported declaration its name merges
 * with, or in JavaScript by CommonJS `exports`.
 */
function isExportedTop(decl: FunctionDeclaration | VariableStatement): boolean {
  if (decl.hasExportKeyword()) return true;
  // A variable is otherwise exported by a list (\`var api = {...}; export { api }\`, as bundlers write modules).
  if (Node.isVariableStatement(decl)) {
    const listed = listedExports(decl.getSourceFile());
    return decl.getDeclarations().some((d) => listed.has(d.getNameNode().getText()));
  }
  const file = decl.getSourceFile();
  const name = decl.getName();
  const elsewhere = file.getStatements().some((st) => {
    if (Node.isExportDeclaration(st) || Node.isExportAssignment(st)) return true;
    if (st === decl || !Node.isModifierable(st) || !st.hasModifier(SyntaxKind.ExportKeyword)) return false;
    if (!name) return true;
    if (Node.isVariableStatement(st)) return st.getDeclarations().some((d) => (Node.isIdentifier(d.getNameNode()) ? d.getName() === name : d.getNameNode().getText().includes(name)));
    const named = st as Node & { getName?(): string | undefined };
    return typeof named.getName === 'function' ? named.getName() === name : st.getText().includes(name);
  });
  if (elsewhere || (/\.[cm]?jsx?$/.test(file.getFilePath()) && /\bexports\b/.test(file.getFullText()))) return decl.isExported();
  return false;
}

/**
 * The name jco's bindings export the function under, when the module
 * exports it: `export function getResult`, `export const getResult = ...`, or
 * a method of an exported object (`export const api = { doThing() {} }`:
 * `api.doThing`).
 */
function exportName(fn: FunctionLikeDeclaration): string | undefined {
  if (Node.isFunctionDeclaration(fn)) return Node.isSourceFile(fn.getParent()) && isExportedTop(fn) ? fn.getName() : undefined;
  const p = fn.getParent();
  const own = exportedVar(p);
  if (own) return own;
  // A method of a class an exported object holds (\`export const api = { Counter }\`): jco's class of a resource of
  // the exported interface \`api\`, its methods \`api.Counter.incBy\`.
  if (Node.isMethodDeclaration(fn) && p && (Node.isClassDeclaration(p) || Node.isClassExpression(p))) return heldClassMember(p, fn);
  const member = Node.isMethodDeclaration(fn) ? fn : p && Node.isPropertyAssignment(p) ? p : undefined;
  const object = member?.getParent();
  if (!member || !object || !Node.isObjectLiteralExpression(object)) return undefined;
  const holder = exportedVar(object.getParent());
  return holder ? `${holder}.${member.getName()}` : undefined;
}

/** The name of a top-level variable the module exports (\`export const api = ...\`), when \`n\` declares one. */
function exportedVar(n: Node | undefined): string | undefined {
  if (!n || !Node.isVariableDeclaration(n) || !Node.isIdentifier(n.getNameNode())) return undefined;
  const st = n.getVariableStatement();
  return st && Node.isSourceFile(st.getParent()) && isExportedTop(st) ? n.getName() : undefined;
}

/**
 * \`api.Counter.incBy\` for \`method\` of class \`Counter\` when an exported object holds it: \`export const api = { Counter }\`
 * (or \`{ Counter: Counter }\`) in its module or in one importing it from there (also through re-exports, references.ts
 * holdersOf), or the class written in the object
 * (\`{ Counter: class { ... } }\`).
 */
function heldClassMember(cls: ClassDeclaration | ClassExpression, method: MethodDeclaration): string | undefined {
  if (Node.isClassExpression(cls)) {
    const at = withParens(cls);
    const prop = at.getParent();
    if (!prop || !Node.isPropertyAssignment(prop)) return undefined;
    const object = prop.getParent();
    const holder = Node.isObjectLiteralExpression(object) ? exportedVar(object.getParent()) : undefined;
    return holder ? `${holder}.${prop.getName()}.${method.getName()}` : undefined;
  }
  const name = cls.getName();
  if (!name || !Node.isSourceFile(cls.getParent())) return undefined;
  const file = cls.getSourceFile();
  // The modules that may hold it: its own, and those importing it from there (\`import { Counter } from './counter.js'\`),
  // also through re-exports (\`export { Counter } from './counter.js'\`, \`export * from\`).
  // Its names out of the module: as declared (\`export class\`, \`export default class\`), and by an export list (\`export { Labels as Shelf }\`).
  const listed = file.getExportDeclarations().filter((ed) => !ed.getModuleSpecifier()).flatMap((ed) => ed.getNamedExports().filter((n) => n.getName() === name).map((n) => n.getAliasNode()?.getText() ?? name));
  const exported = [...(cls.isDefaultExport() ? ['default'] : cls.isExported() ? [name] : []), ...listed];
  const holders = [{ file, local: name }, ...exported.flatMap((e) => holdersOf(file, e))];
  for (const { file: f, local } of holders) {
    for (const st of f.getVariableStatements()) {
      if (!isExportedTop(st)) continue;
      for (const d of st.getDeclarations()) {
        const init = d.getInitializer();
        if (!init || !Node.isObjectLiteralExpression(init) || !Node.isIdentifier(d.getNameNode())) continue;
        for (const prop of init.getProperties()) {
          const holds = Node.isShorthandPropertyAssignment(prop) ? prop.getName() === local : Node.isPropertyAssignment(prop) && prop.getInitializer()?.getText() === local;
          if (holds) return `${d.getName()}.${(prop as PropertyAssignment).getName()}.${method.getName()}`;
        }
      }
    }
  }
  return undefined;
}

const COMPILER_FUNCTION_KINDS: ReadonlySet<ts.SyntaxKind> = new Set(FUNCTION_KINDS);

/**
 * The functions of `file` that are not async and await in their own body
 * (an await or for-await not inside a nested function or class; an
 * expression-bodied arrow's body may be the await itself), found on
 * TypeScript's tree: ts-morph's walk wraps every node of every function
 * body it looks into, and each wrapper is re-mapped on every later edit.
 */
function awaitingNotAsync(file: SourceFile): ts.Node[] {
  const isFn = (n: ts.Node) => COMPILER_FUNCTION_KINDS.has(n.kind);
  const ownAwaitIn = (n: ts.Node): boolean =>
    !!ts.forEachChild(n, (c) => {
      if (isFn(c) || c.kind === SyntaxKind.ClassDeclaration) return undefined;
      if (c.kind === SyntaxKind.AwaitExpression || (ts.isForOfStatement(c) && c.awaitModifier)) return true;
      return ownAwaitIn(c) || undefined;
    });
  const out: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (isFn(n)) {
      const fn = n as ts.FunctionLikeDeclaration;
      const async = !!ts.canHaveModifiers(fn) && !!ts.getModifiers(fn)?.some((m) => m.kind === SyntaxKind.AsyncKeyword);
      if (!async && fn.body && (fn.body.kind === SyntaxKind.AwaitExpression || ownAwaitIn(fn.body))) out.push(n);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(file.compilerNode, visit);
  return out;
}

/**
 * The function an `await` at `n` belongs to, as `awaitingNotAsync` reads
 * it: the nearest function around, unless a class is in between.
 */
function awaitingFunctionOf(n: ts.Node): ts.Node | undefined {
  for (let p = n.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (COMPILER_FUNCTION_KINDS.has(p.kind)) return p;
    if (p.kind === SyntaxKind.ClassDeclaration) return undefined;
  }
  return undefined;
}

/**
 * The pass over `files` (and every file its edits reach), as one batch of
 * edits applied once per file (edit-batch.ts): each application re-parses
 * the file, and a chain of callers through the project used to cost one
 * per link (~1,350 re-parses on the 500-file bench project).
 *
 * Files take their turns in order, each in rounds: the functions that await
 * without being async, in source order. A function starts awaiting when a
 * step awaits a call in its body: the batch does not show that in the tree
 * until it is applied, so the step says so (`Step.awaiting`) and the
 * function joins its file's next round, as it would after a re-parse; a
 * file whose turn is over takes another. What a later step asks about an
 * earlier one's edits (is this function async now, is this call awaited)
 * the batch answers. A step whose edit would land inside an earlier one's
 * applies the batch first and runs again on the new tree, in the same
 * order. Once every turn is done and the batch applied, the trees are read
 * again: a function still awaiting without being async starts another
 * round (none does, unless a step's word was missing). Review items are put
 * on their nodes once every batch is applied.
 */
export function awaitAcross(ctx: FileContext, files: readonly SourceFile[]): void {
  alreadyAsyncExports(ctx, files);
  const step = new Step(ctx);
  // Left for review: never made async, so never taken up again.
  const skipped: Place[] = [];
  const isSkipped = (sf: SourceFile, start: number) => skipped.some((p) => p.file === sf && p.start === start);
  const seen = new Set(files);
  for (let pass = 0; pass < 20; pass++) {
    // Read off the trees: the batch is applied, nothing is pending.
    const turns = [...seen].filter((sf) => awaitingNotAsync(sf).some((fn) => !isSkipped(sf, fn.getStart(sf.compilerNode))));
    if (!turns.length) break;
    const waiting = new Set(turns);
    while (waiting.size) {
      const sf = waiting.values().next().value!;
      waiting.delete(sf);
      for (let round = 0; round < 50; round++) {
        // On the tree (edits pending aside) and as the steps said, less what the batch already made async.
        const onTree = awaitingNotAsync(sf).map((fn) => wrapped<FunctionLikeDeclaration>(sf, fn));
        const said = step.takeAwaiting(sf).map((p) => step.batch.nodeAt<FunctionLikeDeclaration>(p)).filter((fn): fn is FunctionLikeDeclaration => !!fn);
        const mine = [...new Set([...onTree, ...said])].filter((fn) => !step.isAsync(fn) && !isSkipped(sf, fn.getStart())).sort((a, b) => a.getStart() - b.getStart());
        if (!mine.length) break;
        const places = mine.map((fn) => step.batch.track(fn));
        for (let i = 0; i < places.length; i++) {
          // After a flush (a step that had to run on the new tree) the round's wrappers are gone: found again by place.
          const fn = mine[i]!.wasForgotten() ? step.batch.nodeAt<FunctionLikeDeclaration>(places[i]!) : mine[i];
          if (!fn || step.isAsync(fn)) continue;
          const held: { file?: SourceFile } = {};
          if (!step.run(() => makeAsync(step, fn), held)) {
            // Nothing pending to apply first: running it again would fail the same way (it did, for ever).
            if (!step.batch.pendingIn(held.file!)) {
              skipped.push(places[i]!);
              ctx.review(fn, 'callsOverlap');
              continue;
            }
            step.flush(held.file);
            i--;
            continue;
          }
          if (!step.done) skipped.push(places[i]!);
        }
      }
      // Steps of this turn made functions of other files await: those files take a turn (again).
      for (const other of step.filesAwaiting()) {
        seen.add(other);
        waiting.add(other);
      }
    }
    step.flush();
  }
  for (const r of step.reviews) {
    const node = step.batch.nodeAt(r.place);
    if (node) ctx.review(node, r.messageId, r.data);
  }
  for (const o of step.otherwise.values()) {
    const node = step.batch.nodeAt(o.place);
    const names = [...o.methods].map((m) => `\`${m}\``).join(', ');
    if (node) ctx.review(node, o.methods.size > 1 ? 'methodsReachedOtherwise' : 'methodReachedOtherwise', { object: o.object, methods: names });
  }
  awaitHostCalls(ctx, [...seen]);
}

/**
 * The exports of \`files\` the WIT now declares \`async func\` (\`test.run\`
 * made async, the WIT changed with it), called by a host of the component in
 * the project: jco's transpiled component (\`instance.test.run()\` on what
 * \`instantiate(...)\` gave, or \`test.run()\` imported from a module the
 * project does not hold, its build output) now returns a promise. The call is
 * awaited in an async function; elsewhere it is reported, named.
 */
function awaitHostCalls(ctx: FileContext, files: readonly SourceFile[]): void {
  if (!ctx.changesWit) return;
  const made = files.flatMap((sf) =>
    asyncOverSync(ctx, sf)
      .filter(({ sync }) => sync.worlds.length === 1)
      .map(({ exported, sync }) => ({ path: exported.split('.'), world: sync.worlds[0]!, wit: sync.wit, file: sf })),
  );
  if (!made.length) return;
  for (const sf of ctx.project.getSourceFiles()) {
    const text = sf.getFullText();
    const mine = made.filter((m) => m.file !== sf && text.includes(m.path.at(-1)!));
    if (!mine.length) continue;
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression).reverse()) {
      // The callee as a chain of names: \`instance.test.run\`, and \`instance['my:app/test'].run\` (an interface by its
      // full name, as jco's instantiation gives them) as \`instance.test.run\`.
      const names: string[] = [];
      let e: Node = call.getExpression();
      for (;;) {
        if (Node.isPropertyAccessExpression(e)) names.unshift(e.getName());
        else if (Node.isElementAccessExpression(e) && Node.isStringLiteral(e.getArgumentExpression())) {
          const iface = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*\/([a-z][a-z0-9-]*)(?:@[^/]+)?$/.exec((e.getArgumentExpression() as StringLiteral).getLiteralValue());
          if (!iface) break;
          names.unshift(camel(iface[1]!));
        } else break;
        e = e.getExpression();
      }
      if (!Node.isIdentifier(e)) continue;
      const root = e.getText();
      const m = mine.find((x) =>
        // \`test.run()\` of \`import { test } from './dist/component.js'\`, or \`c.test.run()\` of \`import * as c\` from there.
        ([root, ...names].join('.') === x.path.join('.') && outsideImport(sf, root, 'named')) ||
        (names.join('.') === x.path.join('.') && (outsideImport(sf, root, 'namespace') || instantiated(e as Node))),
      );
      if (!m) continue;
      const parent = call.getParent();
      if (parent && (Node.isAwaitExpression(parent) || (Node.isPropertyAccessExpression(parent) && ['then', 'catch', 'finally'].includes(parent.getName())))) continue;
      const callText = call.getExpression().getText();
      const fn = enclosingFunction(call);
      // Handed on by an async function (\`return instance.test.run()\`, an async arrow's body): its caller gets the promise, as before.
      if (fn?.isAsync() && (Node.isReturnStatement(parent) || parent === fn)) continue;
      if (fn?.isAsync()) {
        const at = call.replaceWithText(awaitText(call, call.getText()));
        ctx.edit(at, `\`${m.wit}\` of world \`${m.world}\` is an \`async func\` now: its host awaits it`);
      } else ctx.review(call, 'hostCallsExport', { call: `${callText}()`, world: m.world, wit: m.wit });
    }
  }
}

/** \`id\` holds what jco's \`instantiate(...)\` (its \`--instantiation\` output) gave, awaited or not. */
function instantiated(id: Node): boolean {
  const d = declarationOf(id);
  let init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
  if (init && Node.isAwaitExpression(init)) init = init.getExpression();
  return !!init && Node.isCallExpression(init) && /(^|\.)instantiate$/.test(init.getExpression().getText());
}

/** \`name\` is imported (\`{ name }\`, or \`* as name\`) from a relative module the project does not hold: the component's build output. */
function outsideImport(sf: SourceFile, name: string, kind: 'named' | 'namespace'): boolean {
  return sf.getImportDeclarations().some((d) => {
    const spec = d.getModuleSpecifierValue();
    if (!spec.startsWith('.') || d.getModuleSpecifierSourceFile()) return false;
    return kind === 'namespace' ? d.getNamespaceImport()?.getText() === name : d.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
  });
}

/** The functions an export can name: top-level functions, functions a top-level variable holds, and the methods of an object one holds. */
function topLevelFunctions(sf: SourceFile): FunctionLikeDeclaration[] {
  const out: FunctionLikeDeclaration[] = [];
  const take = (n: Node | undefined) => {
    if (n && (Node.isFunctionExpression(n) || Node.isArrowFunction(n) || Node.isMethodDeclaration(n))) out.push(n);
    // A class written in the exported object (\`{ Counter: class { ... } }\`): its methods, as a class declaration's.
    else if (n && Node.isClassExpression(n)) out.push(...n.getMethods());
  };
  for (const st of sf.getStatements()) {
    if (Node.isFunctionDeclaration(st)) out.push(st);
    // A class's methods: jco's class of an exported resource, when an exported object holds it (exportName).
    else if (Node.isClassDeclaration(st)) out.push(...st.getMethods());
    else if (Node.isVariableStatement(st)) {
      for (const d of st.getDeclarations()) {
        const init = d.getInitializer();
        if (!Node.isObjectLiteralExpression(init)) take(init);
        else for (const p of init.getProperties()) take(Node.isPropertyAssignment(p) ? p.getInitializer() : p);
      }
    }
  }
  return out;
}

/**
 * An export that was async before the port (a guest awaiting `fetch`) where
 * its world says a sync `func`: WASI 0.3 has the `async func` for it, and
 * jco's 0.3 types of a sync func do not take a promise. With the WIT in the
 * run and one world the file can implement, the WIT export becomes async
 * (as for an export the port makes async); else the review asks for it.
 */
function alreadyAsyncExports(ctx: FileContext, files: readonly SourceFile[]): void {
  for (const sf of files) {
    for (const { fn, exported, sync } of asyncOverSync(ctx, sf)) {
      const worlds = sync.worlds.map((w) => `\`${w}\``).join(', ');
      // Another package's func (read from deps/) is not the world's own WIT to change.
      if (sync.dep) ctx.review(fn, 'asyncExportSyncInDep', { exported, iface: sync.dep, wit: sync.wit, worlds: `${sync.worlds.length > 1 ? 'worlds' : 'world'} ${worlds}` });
      else if (ctx.changesWit && sync.worlds.length === 1) {
        ctx.exportTurnsAsync(sync.worlds[0]!, sync.wit);
        ctx.review(fn, 'asyncExportTurnsAsync', { exported, world: sync.worlds[0]!, wit: sync.wit });
      } else ctx.review(fn, 'asyncExportSync', { exported, worlds, wit: sync.wit });
    }
  }
}

/** The async functions of \`sf\` whose export a world of the project declares a sync \`func\`, with that export. */
function asyncOverSync(ctx: FileContext, sf: SourceFile): { fn: FunctionLikeDeclaration; exported: string; sync: { readonly wit: string; readonly worlds: readonly string[]; readonly dep?: string } }[] {
  const exports = ctx.syncExportsOf(sf);
  if (!exports.size) return [];
  return topLevelFunctions(sf).flatMap((fn) => {
    const exported = fn.isAsync() ? exportName(fn) : undefined;
    const sync = exported ? exports.get(exported) : undefined;
    return sync ? [{ fn, exported: exported!, sync }] : [];
  });
}

/**
 * What the steps of the pass share: the batch of edits, the functions made
 * async and the calls awaited by edits not yet applied, the functions that
 * started awaiting by them (each file's next round), the edit records of
 * the step running (kept until it finishes, as it may run again) and the
 * review items (placed at the end).
 */
class Step {
  readonly batch = new EditBatch();
  readonly reviews: { place: Place; messageId: string; data?: MessageData }[] = [];
  private asyncFns = new Set<ts.Node>();
  private awaitedCalls = new Set<ts.Node>();
  /** Return types made \`Promise<T>\` by edits of the batch. */
  private promised = new Set<ts.Node>();
  /** Functions that await by edits of the batch (not yet in their tree), by file. */
  private started = new Map<SourceFile, Place[]>();
  private edits: { node: Node; note: string }[] = [];
  private myReviews: { node: Node; messageId: string; data?: MessageData }[] = [];
  /** Objects whose methods became async, reached otherwise than by `obj.method` (objectReachedOtherwise): where, and which methods. */
  readonly otherwise = new Map<string, { place: Place; object: string; methods: Set<string> }>();
  /** The last step's result (false: left for review). */
  done = true;

  reachedOtherwise(use: Node, object: string, method: string): void {
    const key = object;
    const seen = this.otherwise.get(key) ?? { place: this.batch.track(use), object, methods: new Set<string>() };
    seen.methods.add(method);
    this.otherwise.set(key, seen);
  }

  constructor(readonly ctx: FileContext) {}

  /** Runs one step; false when it must run again after the edits of `held`'s file are applied (nothing of it is kept). */
  run(f: () => boolean, held: { file?: SourceFile } = {}): boolean {
    const saved = this.batch.snapshot();
    const asyncFns = new Set(this.asyncFns);
    const awaitedCalls = new Set(this.awaitedCalls);
    const promised = new Set(this.promised);
    const started = new Map([...this.started].map(([f, l]): [SourceFile, Place[]] => [f, [...l]]));
    this.edits = [];
    this.myReviews = [];
    try {
      this.done = f();
    } catch (e) {
      if (!(e instanceof Nested)) throw e;
      held.file = e.file;
      this.batch.restore(saved);
      this.asyncFns = asyncFns;
      this.awaitedCalls = awaitedCalls;
      this.promised = promised;
      this.started = started;
      return false;
    }
    for (const e of this.edits) this.ctx.edit(e.node, e.note);
    for (const r of this.myReviews) this.reviews.push({ place: this.batch.track(r.node), messageId: r.messageId, data: r.data });
    return true;
  }

  /** Applies the batch (or the edits of `file`): the trees then show what the sets below held for them. */
  flush(file?: SourceFile): void {
    if (!this.batch.pending) return;
    if (!file) {
      this.batch.flush();
      this.asyncFns.clear();
      this.awaitedCalls.clear();
      this.promised.clear();
      return;
    }
    const tree = file.compilerNode;
    this.batch.flush(file);
    for (const set of [this.asyncFns, this.awaitedCalls, this.promised]) for (const n of set) if (n.getSourceFile() === tree) set.delete(n);
  }

  edit(node: Node, note: string): void {
    this.edits.push({ node, note });
  }

  review(node: Node, messageId: string, data?: MessageData): void {
    this.myReviews.push({ node, messageId, data });
  }

  isAsync(fn: FunctionLikeDeclaration): boolean {
    return fn.isAsync() || this.asyncFns.has(fn.compilerNode);
  }

  isAwaited(call: Node): boolean {
    const p = call.getParent();
    return (!!p && Node.isAwaitExpression(p)) || this.awaitedCalls.has(call.compilerNode);
  }

  /** `fn.setIsAsync(true)`, and a TypeScript return type `T` becomes `Promise<T>`. */
  makeAsync(fn: FunctionLikeDeclaration): void {
    const file = fn.getSourceFile();
    const ins = asyncInsertion(fn);
    if (ins) this.batch.replace(file, ins.pos, ins.pos, ins.text);
    this.asyncFns.add(fn.compilerNode);
    // The overload signatures above an implementation (`function f(p: null): Uint8Array;`) promise what it returns
    // too: tsc holds each to the implementation's signature (TS2394).
    const overloads = Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) ? fn.getOverloads() : [];
    for (const sig of [...overloads, fn]) this.promiseReturn(sig);
  }

  /** A signature's TypeScript return type \`T\` becomes \`Promise<T>\` (an interface's method, a base class's abstract one): once. */
  promiseReturn(sig: Node & { getReturnTypeNode(): Node | undefined }): boolean {
    const rt = sig.getReturnTypeNode();
    if (!rt || /^(Promise|PromiseLike)</.test(rt.getText()) || this.promised.has(rt.compilerNode)) return false;
    this.promised.add(rt.compilerNode);
    // As written: a return type over several lines keeps its layout (ts-morph's writers indented its later lines once more).
    this.batch.replace(sig.getSourceFile(), rt.getStart(true), rt.getEnd(), `Promise<${rt.getText()}>`);
    return true;
  }

  /**
   * `node` as `wrap(text of node)`, the text with the batch's edits inside it.
   * As written: the wrappers add no line, so the lines of a call over several
   * (a callback's body) stay where they were; ts-morph's writer indented each
   * once more by the call's indentation.
   */
  wrap(node: Node, wrap: (text: string) => string): void {
    const file = node.getSourceFile();
    const text = this.batch.textOf(file, node.getStart(), node.getEnd());
    this.batch.replace(file, node.getStart(), node.getEnd(), wrap(text));
    this.awaitedCalls.add(node.compilerNode);
    const fn = awaitingFunctionOf(node.compilerNode);
    if (fn && !this.asyncFns.has(fn)) {
      const own = wrapped<FunctionLikeDeclaration>(file, fn);
      if (!own.isAsync()) {
        const list = this.started.get(file) ?? [];
        if (!list.some((p) => p.start === fn.getStart(file.compilerNode))) list.push(this.batch.track(own));
        this.started.set(file, list);
      }
    }
  }

  /** The functions of `file` that started awaiting by the batch's edits since the last call. */
  takeAwaiting(file: SourceFile): Place[] {
    const list = this.started.get(file) ?? [];
    this.started.delete(file);
    return list;
  }

  /** The files with functions that started awaiting and have not been taken. */
  filesAwaiting(): SourceFile[] {
    return [...this.started].filter(([, l]) => l.length).map(([f]) => f);
  }
}

/** Whether \`file\` exports a name a world of the run exports (its own func, an exported interface's object, jco's object for a WASI export): a module the component is built from. */
function implementsWorld(ctx: FileContext, file: SourceFile): boolean {
  const names = new Set([...ctx.syncExportsOf(file).keys()].map((js) => js.split('.')[0]!));
  for (const i of ctx.wasiExports) if (JS_EXPORT_OF[i]) names.add(JS_EXPORT_OF[i]!);
  return [...file.getExportedDeclarations().keys()].some((n) => names.has(n));
}

/** False when the function was left for review. */
function makeAsync(step: Step, fn: FunctionLikeDeclaration): boolean {
  const ctx = step.ctx;
  const p = fn.getParent();
  // A callback: handled at the call it is passed to.
  if (p && Node.isCallExpression(p) && p.getArguments().includes(fn)) {
    const callee = p.getExpression();
    const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
    if (method && UNSAFE_CALLBACK.has(method)) {
      // Async keeps the file valid and the callback's own steps in order; what
      // `${method}` does with the promises it now gets is for a human to fix.
      step.makeAsync(fn);
      step.review(p, 'unsafeCallback', { method });
      return true;
    }
    step.makeAsync(fn);
    step.edit(fn, 'callback awaits a WASI 0.3 call: async');
    if (method === 'map' && !step.isAwaited(p)) {
      step.wrap(p, (text) => awaitText(p, `Promise.all(${text})`));
      step.edit(p, '`map` over an async callback: await Promise.all');
    }
    // Handed to a function of the project (`at(path, (root) => ...)`): its calls of that parameter now give a
    // promise, so they are awaited there, and that function's callers in turn (as for a named function handed in).
    awaitThroughParameter(step, fn);
    return true;
  }
  step.makeAsync(fn);
  step.edit(fn, 'awaits a WASI 0.3 call: async');
  const exported = exportName(fn);
  const sync = exported ? ctx.syncExportsOf(fn.getSourceFile()).get(exported) : undefined;
  // Reported as an export (of a world, or one with nothing to check it against): its callers are the component's.
  let atBoundary = !!sync;
  if (sync?.dep) {
    // A func of another package's interface, read from deps/: that package's WIT says it is sync, not the world's own.
    step.review(fn, 'exportSyncInDep', { exported: exported!, iface: sync.dep, wit: sync.wit, worlds: `${sync.worlds.length > 1 ? 'worlds' : 'world'} ${sync.worlds.map((w) => `\`${w}\``).join(', ')}` });
  } else if (sync) {
    const [world, ...others] = sync.worlds;
    const wit = sync.wit;
    if (ctx.changesWit && !others.length) {
      ctx.exportTurnsAsync(world!, wit);
      step.review(fn, 'exportTurnsAsync', { exported: exported!, world: String(world), wit });
    } else {
      if (others.length) step.review(fn, 'exportSyncInWorlds', { exported: exported!, worlds: sync.worlds.map((w) => `\`${w}\``).join(', '), wit });
      else step.review(fn, 'exportSyncInWorld', { exported: exported!, world: String(world), wit });
    }
  } else if (exported && ctx.withWit && ctx.unreadExportsOf(fn.getSourceFile()).has(exported.split('.')[0]!)) {
    // Of an interface of another package a world exports (\`export my:dep/api@0.1.0;\`): its WIT is not read, so
    // whether it declares this sync is not known; the component's callers are beyond the project all the same.
    const u = ctx.unreadExportsOf(fn.getSourceFile()).get(exported.split('.')[0]!)!;
    // Read from deps/ after all: a func it declares sync has its own entry (above); here the interface declares it async, or not at all.
    if (!u.read) step.review(fn, 'exportOfUnreadInterface', { exported, iface: u.wit, worlds: `${u.worlds.length > 1 ? 'worlds' : 'world'} ${u.worlds.map((w) => `\`${w}\``).join(', ')}` });
    atBoundary = true;
  } else if (exported && (ctx.noWit || (ctx.withWit && !implementsWorld(ctx, fn.getSourceFile()))) && !importedInProject(fn.getSourceFile())) {
    // An export no module of the project imports, whose signature now changes: with no WIT to check it against, it
    // may be the component's own export (a sync WIT \`func\`); with a WIT whose worlds do not export it, from a module
    // that implements none of their exports, its callers are beyond the project (a library's users, trailbase's
    // \`readFileSync\`). A module the project imports has its calls awaited; the other exports of a world's module are none of the component's.
    step.review(fn, ctx.noWit ? 'exportNoWit' : 'exportBeyondWorld', { exported });
    atBoundary = true;
  }
  // A class's method: its calls in the file are found by name, those in other modules by the type checker
  // (methodUsesElsewhere), and awaited below. A public one is reported where a caller may be beyond that (a value
  // typed any, code holding the instance as an interface of the class, a module an instance may leave the project by).
  const cls = Node.isMethodDeclaration(fn) ? fn.getParent() : undefined;
  const elsewhere = Node.isMethodDeclaration(fn) && cls && (Node.isClassDeclaration(cls) || Node.isClassExpression(cls)) && Node.isIdentifier(fn.getNameNode()) ? methodUsesElsewhere(ctx, fn, cls) : undefined;
  const followed = !elsewhere?.heritage.length || heritageTurnsAsync(step, fn as MethodDeclaration, elsewhere.heritage);
  const outside = outsideHeritage.get(fn.compilerNode);
  if (outside && cls && (Node.isClassDeclaration(cls) || Node.isClassExpression(cls))) {
    // tsc refuses the class now (TS2416): the type it implements says sync, and no edit here can change it.
    step.review(fn, 'heritageOutside', { method: `${cls.getName() ?? 'class'}.${(fn as MethodDeclaration).getName()}`, declared: outside });
  } else if (Node.isMethodDeclaration(fn) && cls && (Node.isClassDeclaration(cls) || Node.isClassExpression(cls)) && !fn.hasModifier(SyntaxKind.PrivateKeyword) && !Node.isPrivateIdentifier(fn.getNameNode()) && !atBoundary && (!elsewhere || elsewhere.unfollowed || !followed || instanceLeaves(cls))) {
    step.review(fn, fn.isStatic() ? 'staticMethod' : 'classMethod', { method: `${cls.getName() ?? 'class'}.${fn.getName()}` });
  }
  // A method of an object literal no variable holds (returned by a factory, handed to a call): its callers
  // reach it through values this pass does not follow (callersOf finds none), and they get a promise.
  const member = memberOf(fn);
  if (member && !member.holder && !sync) {
    step.review(fn, 'unheldMethod', { method: nameNodeOf(fn)?.getText() ?? 'this method' });
  }
  const nameNode = nameNodeOf(fn);
  if (!nameNode || !Node.isIdentifier(nameNode)) {
    if (Node.isFunctionExpression(fn) || Node.isArrowFunction(fn)) awaitImmediateCall(step, fn);
    return true;
  }
  // Last first: a call inside another's arguments (\`f(f(x)[0])\`) is awaited before the call around it, whose
  // text then holds that edit (an edit inside one already made would have to wait for the batch to be applied).
  for (const ref of [...callersOf(fn, nameNode), ...(elsewhere?.refs ?? [])].sort((a, b) => (a.getSourceFile() === b.getSourceFile() ? b.getStart() - a.getStart() : 0))) {
    const call = callOf(ref);
    if (call) awaitCall(step, call);
    else if (!awaitThroughParameter(step, ref)) handedOn(step, ref);
  }
  objectReachedOtherwise(step, fn, nameNode.getText());
  return true;
}

/**
 * The uses of class method \`fn\` in the project's other modules that the type checker ties to it (\`dir.readFile(p)\`,
 * \`dir\` an instance of its class or of one extending it; \`WasiDataDir.open()\` for a static method): the name of each.
 * \`unfollowed\` when a use in any module may be it but the checker cannot say (a receiver typed \`any\`, as an
 * untyped JavaScript parameter is; a destructuring; the name in a string, \`dir['readFile']\`), when the class has a
 * base or interface declaring it (code holding the instance as that type calls it), or when an instance may leave
 * the project: a module no other imports whose exports are not a world's (a library's API, a test).
 */
function methodUsesElsewhere(ctx: FileContext, fn: MethodDeclaration, cls: ClassDeclaration | ClassExpression): { refs: Node[]; unfollowed: boolean; heritage: HeritageMember[] } {
  const name = fn.getName();
  const own = fn.getSourceFile();
  const project = own.getProject();
  const checker = project.getTypeChecker().compilerObject;
  const refs: Node[] = [];
  const inProject = project.getSourceFiles().filter((sf) => !sf.isDeclarationFile() && !sf.isInNodeModules());
  let unfollowed = leavesProject(ctx, inProject);
  // The method as its class's interfaces and bases declare it (\`DataDir implements Files\`): tsc holds the class to
  // their signature (TS2416), and code holding the instance as that type calls it there. Declared in the project
  // (an interface's method, a base class's method), that declaration turns async too and its calls are followed;
  // anywhere else (a package's type), or in a shape not followed (a property of a function type), it is reported.
  const heritage: HeritageMember[] = [];
  for (const h of cls.getHeritageClauses()) {
    for (const t of h.getTypeNodes()) {
      const type = t.getType();
      const own = (type.getSymbol() ?? type.getAliasSymbol())?.getDeclarations().some((d) => inProject.includes(d.getSourceFile()));
      if (!own) {
        // A type the rewrite does not read (a package's, \`implements DataFiles\` from plugin-kit): it may declare the
        // method. A global (\`extends Error\`: the lib) declares none of the code's own.
        let root: Node = t.getExpression();
        while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
        const imported = Node.isIdentifier(root) && root.getSymbol()?.getDeclarations().some((d) => Node.isImportSpecifier(d) || Node.isImportClause(d) || Node.isNamespaceImport(d) || Node.isImportEqualsDeclaration(d));
        if (imported) {
          unfollowed = true;
          if (!outsideHeritage.has(fn.compilerNode)) outsideHeritage.set(fn.compilerNode, t.getExpression().getText());
        }
        continue;
      }
      const decls = type.getProperty(name)?.getDeclarations();
      if (!decls) continue;
      const members = decls.filter((d): d is HeritageMember => (Node.isMethodSignature(d) || Node.isMethodDeclaration(d)) && inProject.includes(d.getSourceFile()));
      if (members.length < decls.length || !members.length) {
        // Declared in a type of the project and in one outside it (an interface extending a package's), or as a property.
        unfollowed = true;
        if (!outsideHeritage.has(fn.compilerNode)) outsideHeritage.set(fn.compilerNode, t.getExpression().getText());
      } else heritage.push(...members.filter((m) => !heritage.includes(m)));
    }
  }
  const heritageNodes = new Set<ts.Node>(heritage.map((m) => m.compilerNode));
  for (const sf of inProject) {
    const text = sf.getFullText();
    if (!text.includes(name)) continue;
    if (["'", '"', '`'].some((q) => text.includes(q + name + q))) unfollowed = true;
    for (const id of compilerIdentifiersNamed(sf, name)) {
      const p = id.parent;
      if (ts.isBindingElement(p) && (p.propertyName ?? p.name) === id) unfollowed = true;
      if (!ts.isPropertyAccessExpression(p) || p.name !== id) continue;
      const decls = checker.getSymbolAtLocation(id)?.declarations ?? [];
      if (decls.includes(fn.compilerNode) || decls.some((d) => heritageNodes.has(d))) {
        // In its own module, callersOf finds it by name.
        if (sf !== own) refs.push(wrapped(sf, id));
      } else if (!decls.length && checker.getTypeAtLocation(p.expression).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) unfollowed = true;
    }
  }
  return { refs, unfollowed, heritage };
}

/** A class's method as an interface (\`readFile(path: string): Uint8Array;\`) or a base class of the project declares it. */
type HeritageMember = MethodDeclaration | MethodSignature;

/** A class method whose interface or base declares it outside the project (methodUsesElsewhere): that type's member, by the method. */
const outsideHeritage = new WeakMap<ts.Node, string>();

/**
 * \`fn\` became async, and \`members\` declare it for its class (its interfaces, its bases): each returns a promise too
 * (an interface's or abstract method's return type \`T\` becomes \`Promise<T>\`; a base's method with a body becomes
 * async), and so does every other implementation of them the language service finds (another class implementing
 * the interface, an object literal typed as it), their calls awaited in turn: else tsc refuses the class (TS2416)
 * and code holding an instance as that type gets a promise unawaited. False when an implementation is no function
 * the pass can make async (a property holding one, a getter): the caller reports the method.
 */
function heritageTurnsAsync(step: Step, fn: MethodDeclaration, members: readonly HeritageMember[]): boolean {
  const service = fn.getProject().getLanguageService();
  let all = true;
  const impls: FunctionLikeDeclaration[] = [];
  for (const m of members) {
    if (Node.isMethodSignature(m) || !m.hasBody()) {
      if (step.promiseReturn(m)) step.edit(m, `\`${fn.getName()}\` is async in a class declaring it here: it returns a promise`);
    } else if (m !== fn) impls.push(m);
    for (const loc of service.getImplementations(m.getNameNode())) {
      const n = loc.getNode();
      const decl = n.getParentOrThrow();
      const impl = Node.isMethodDeclaration(decl) && decl.hasBody() ? decl : Node.isPropertyAssignment(decl) ? decl.getInitializer() : undefined;
      if (impl && (Node.isMethodDeclaration(impl) || Node.isArrowFunction(impl) || Node.isFunctionExpression(impl))) {
        if (impl !== fn && !impls.includes(impl)) impls.push(impl);
      } else if (!(Node.isMethodDeclaration(decl) && !decl.hasBody()) && !Node.isMethodSignature(decl)) all = false;
    }
  }
  for (const impl of impls) {
    if (step.isAsync(impl) || impl.getSourceFile().isDeclarationFile() || impl.getSourceFile().isInNodeModules()) continue;
    makeAsync(step, impl);
  }
  return all;
}

/**
 * Whether an instance of \`cls\` made in the project (\`new C()\`) goes where no call of its methods is seen: followed
 * through the variables holding it, the functions returning it and their calls, objects and arrays it is put in,
 * it reaches an export, a global object's property (\`globalThis.fs = ...\`), a \`yield\` or \`throw\`, or a call of
 * a function the project does not declare (\`Object.defineProperty(globalThis, 'fs', { get: getFs })\`, a
 * library's): code beyond the project then calls its methods and gets a promise (noorle's \`FileSystem\`, whose
 * \`readFileSync\` the port made async, reached by user code evaluated at run time as \`globalThis.fs\`).
 */
function instanceLeaves(cls: ClassDeclaration | ClassExpression): boolean {
  const name = cls.getName();
  if (!name) return false;
  const project = cls.getSourceFile().getProject();
  const checker = project.getTypeChecker().compilerObject;
  const inProject = (d: ts.Node) => !d.getSourceFile().isDeclarationFile && !/[\\/]node_modules[\\/]/.test(d.getSourceFile().fileName);
  const work: Node[] = [];
  for (const sf of project.getSourceFiles()) {
    if (sf.isDeclarationFile() || sf.isInNodeModules() || !sf.getFullText().includes(name)) continue;
    for (const id of compilerIdentifiersNamed(sf, name)) {
      if (ts.isNewExpression(id.parent) && id.parent.expression === id && checker.getSymbolAtLocation(id)?.declarations?.includes(cls.compilerNode)) work.push(wrapped(sf, id.parent));
    }
  }
  const seen = new Set<Node>();
  const global = /^(globalThis|window|self|global)$/;
  while (work.length && seen.size < 1000) {
    const at = withParens(work.pop()!);
    if (seen.has(at)) continue;
    seen.add(at);
    const up = at.getParent();
    if (!up) continue;
    if (Node.isAsExpression(up) || Node.isNonNullExpression(up) || Node.isSatisfiesExpression(up) || Node.isTypeAssertion(up) || Node.isConditionalExpression(up) || Node.isArrayLiteralExpression(up) || Node.isSpreadElement(up)) work.push(up);
    else if (Node.isPropertyAssignment(up) || Node.isShorthandPropertyAssignment(up)) work.push(up.getParentOrThrow());
    else if (Node.isCallExpression(up) && up.getExpression() === at) work.push(up);
    else if (Node.isCallExpression(up) || Node.isNewExpression(up)) {
      if (!(checker.getSymbolAtLocation(up.getExpression().compilerNode)?.declarations ?? []).some(inProject)) return true;
    } else if (Node.isBinaryExpression(up) && up.getLeft() !== at) {
      const op = up.getOperatorToken().getKind();
      if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.AmpersandAmpersandToken) work.push(up);
      else if (op === SyntaxKind.EqualsToken) {
        const left = withParens(up.getLeft());
        if (Node.isPropertyAccessExpression(left) || Node.isElementAccessExpression(left)) {
          if (global.test(left.getExpression().getText())) return true;
        } else {
          const d = declarationOf(left);
          if (d && Node.isVariableDeclaration(d)) work.push(d);
        }
      }
    } else if (Node.isVariableDeclaration(up) && up.getInitializer() === at) work.push(up);
    else if (Node.isVariableDeclaration(at)) {
      if (at.getVariableStatement()?.hasExportKeyword()) return true;
      work.push(...referencesTo(at));
    } else if (Node.isReturnStatement(up) || (Node.isArrowFunction(up) && up.getBody() === at)) {
      const fn = Node.isArrowFunction(up) ? up : up.getFirstAncestor(isFunctionLike);
      const nameNode = fn && nameNodeOf(fn as FunctionLikeDeclaration);
      if (fn && !Node.isMethodDeclaration(fn)) work.push(...(nameNode && Node.isIdentifier(nameNode) ? callersOf(fn as FunctionLikeDeclaration, nameNode) : [fn]));
    } else if (Node.isExportAssignment(up) || Node.isExportSpecifier(up) || Node.isYieldExpression(up) || Node.isThrowStatement(up)) return true;
  }
  return false;
}

/** Whether the project has a module no other imports whose exports are not a world's (methodUsesElsewhere): asked once a run. */
const leaving = new WeakMap<FileContext, boolean>();
function leavesProject(ctx: FileContext, files: readonly SourceFile[]): boolean {
  let out = leaving.get(ctx);
  if (out === undefined) leaving.set(ctx, (out = files.some((sf) => !importedInProject(sf) && sf.getExportSymbols().length > 0 && !(ctx.withWit && implementsWorld(ctx, sf)))));
  return out;
}

/**
 * The function, now async, named as a value rather than called: handed to
 * `map` (`args.map(readText)`: an array of promises, so `await
 * Promise.all(...)`), or to anything else (another array method, a callee this
 * pass does not follow), stored or put in an object: what calls it there gets
 * a promise, which is reported.
 */
function handedOn(step: Step, ref: Node): void {
  const p = ref.getParent();
  if (!p) return;
  const name = ref.getText();
  if (Node.isCallExpression(p) && p.getArguments().includes(ref)) {
    const callee = p.getExpression();
    const method = Node.isPropertyAccessExpression(callee) ? callee.getName() : undefined;
    if (method === 'map' && p.getArguments()[0] === ref) {
      if (step.isAwaited(p)) return;
      if (!enclosingFunction(p)) {
        step.review(p, 'mapOutsideFunction', { name });
        return;
      }
      step.wrap(p, (text) => awaitText(p, `Promise.all(${text})`));
      step.edit(p, `\`map(${name})\`: ${name} became async, await Promise.all`);
      return;
    }
    step.review(p, 'handedOn', { name, callee: callee.getText() });
    return;
  }
  if (Node.isShorthandPropertyAssignment(p) || (Node.isPropertyAssignment(p) && p.getInitializer() === ref) || (Node.isVariableDeclaration(p) && p.getInitializer() === ref) || Node.isArrayLiteralExpression(p)) {
    if (isAsyncExportMember(p)) return;
    step.review(p, 'storedAsValue', { name });
  }
}

/** jco's export object's member for a WASI func that is async in 0.3, by export and member name. */
const ASYNC_EXPORT_MEMBERS: Readonly<Record<string, string>> = { handler: 'handle', incomingHandler: 'handle', run: 'run' };

/**
 * \`{ handle }\` in \`export const handler = { handle }\` (or \`run\` in \`run\`): the member of jco's export object for
 * wasi:http/handler's \`handle\` or wasi:cli/run's \`run\`, both an \`async func\` in 0.3: the host awaits what it calls
 * there, so storing a function that became async is what 0.3 asks for.
 */
function isAsyncExportMember(p: Node): boolean {
  if (!Node.isShorthandPropertyAssignment(p) && !Node.isPropertyAssignment(p)) return false;
  const obj = p.getParent();
  for (const [exported, { obj: o }] of exportedObjects(p.getSourceFile())) {
    if (o === obj && ASYNC_EXPORT_MEMBERS[exported] === p.getName()) return true;
  }
  return false;
}

/**
 * A method of an object this module holds in a variable of its own (`const
 * commands = { cd: (args) => ... }`), now async: its calls `commands.cd(...)`
 * are awaited, but the object reached another way (`commands[name]`, handed
 * to a function) leads to calls this pass cannot find, which get a promise.
 * Reported once per object and file, at the first such use, naming the
 * methods.
 */
function objectReachedOtherwise(step: Step, fn: FunctionLikeDeclaration, method: string): void {
  const v = memberOf(fn)?.holder;
  if (!v || v.getVariableStatement()?.isExported()) return;
  const other = localUses(fn.getSourceFile(), v.getName()).find((u) => {
    if (declarationOf(u) !== v) return false;
    const up = u.getParent();
    return !(up && Node.isPropertyAccessExpression(up) && up.getExpression() === u);
  });
  if (other) step.reachedOtherwise(other, v.getName(), method);
}


/** `run(log)` where `log` became async: inside `run`, calls of that parameter are awaited too. */
function awaitThroughParameter(step: Step, ref: Node): boolean {
  const call = ref.getParent();
  if (!call || !Node.isCallExpression(call)) return false;
  const index = call.getArguments().indexOf(ref);
  const callee = call.getExpression();
  if (index < 0 || !Node.isIdentifier(callee)) return false;
  const target = functionNamed(call, callee.getText());
  if (!target || !isFunctionLike(target)) return false;
  const param = target.getParameters()[index];
  if (!param || !Node.isIdentifier(param.getNameNode())) return false;
  for (const r of referencesTo(param)) {
    const c = callOf(r);
    if (c) awaitCall(step, c);
  }
  return true;
}

/** `(async () => {...})()`: an IIFE became async; await it where it stands. */
function awaitImmediateCall(step: Step, fn: FunctionLikeDeclaration): void {
  let p = fn.getParent();
  while (p && Node.isParenthesizedExpression(p)) p = p.getParent();
  if (p && Node.isCallExpression(p)) awaitCall(step, p);
}

/** Whether `n` is in the block of a `try` (with a `catch` or `finally`) of the function `fn` itself. */
function insideTry(n: Node, fn: Node): boolean {
  for (let p = n.getParent(); p && p !== fn; p = p.getParent()) {
    if (Node.isTryStatement(p) && p.getTryBlock().containsRange(n.getPos(), n.getEnd())) return true;
  }
  return false;
}

function callOf(ref: Node): CallExpression | undefined {
  let n: Node = ref;
  const parent = n.getParent();
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === n) n = parent;
  const call = n.getParent();
  if (call && Node.isCallExpression(call) && call.getExpression() === n) return call;
  return undefined;
}

function awaitCall(step: Step, call: CallExpression): void {
  const parent = call.getParent();
  if (!parent || step.isAwaited(call)) return;
  const fn = enclosingFunction(call);
  // A promise handed on (`return f()`, `Promise.all([f()])`, `.then`) keeps its meaning without await; not a
  // `return f()` inside a `try` of the function: its `finally` (a file's dispose) would run before `f` ends, and
  // its `catch` would miss `f`'s failure.
  if (Node.isReturnStatement(parent) && fn && step.isAsync(fn) && !insideTry(call, fn)) return;
  if (Node.isPropertyAccessExpression(parent) && ['then', 'catch', 'finally'].includes(parent.getName())) return;
  // Handed to `Promise.all(...)` and its kin, or in the array literal given to one: they wait for it.
  const promiseCombinator = (n: Node | undefined) => !!n && Node.isCallExpression(n) && /^Promise\.(all|race|allSettled|any)$/.test(n.getExpression().getText());
  if (promiseCombinator(parent) || (Node.isArrayLiteralExpression(parent) && promiseCombinator(parent.getParent()))) return;
  if (!fn) {
    // In a constructor (a WIT resource's too), which cannot be async: what it keeps of the call is a promise now.
    const ctor = call.getFirstAncestor((a) => isFunctionLike(a) || Node.isConstructorDeclaration(a) || Node.isGetAccessorDeclaration(a) || Node.isSetAccessorDeclaration(a));
    step.review(call, ctor && Node.isConstructorDeclaration(ctor) ? 'callInConstructor' : 'callOutsideFunction');
    return;
  }
  step.wrap(call, (text) => awaitText(call, text));
  step.edit(call, 'the callee became async: await it');
}

/** The pass's review messages by stable id (src/util/messages.ts). */
const messages = {
  callsOverlap: 'this function became async (it awaits a WASI 0.3 call), and its calls overlap in a way the pass cannot await in one go: await each call of it by hand',
  methodReachedOtherwise: '`{{object}}`\'s {{methods}} became async (it awaits a WASI 0.3 call): its calls `{{object}}.name(...)` are awaited, but here the object is reached another way (a computed name, handed on), and what calls its methods from here gets a promise: await them there',
  methodsReachedOtherwise: '`{{object}}`\'s {{methods}} became async (they await WASI 0.3 calls): its calls `{{object}}.name(...)` are awaited, but here the object is reached another way (a computed name, handed on), and what calls its methods from here gets a promise: await them there',
  unsafeCallback: 'this `{{method}}` callback became async (it awaits a WASI 0.3 call) and `{{method}}` does not wait for promises: rewrite it as a `for...of` loop with `await`',
  exportTurnsAsync: '`{{exported}}` now awaits a WASI 0.3 call, so world `{{world}}`\'s `{{wit}}` becomes an `async func` in the WIT: the component\'s callers now await it (or keep the export sync by hand)',
  exportSyncInWorld: '`{{exported}}` now awaits a WASI 0.3 call, but world `{{world}}` exports `{{wit}}` as a sync `func`: make it an `async func` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand',
  asyncExportTurnsAsync: '`{{exported}}` is async (it returns a promise), while world `{{world}}` exported `{{wit}}` as a sync `func`: it becomes an `async func` in the WIT, as WASI 0.3 has them; the component\'s callers now await it (or make the function sync by hand)',
  asyncExportSync: '`{{exported}}` is async (it returns a promise), but `{{wit}}` is a sync `func` in {{worlds}}: make it an `async func` in the WIT of the world this file implements (WASI 0.3 has them; its callers then await it), or make the function sync by hand',
  exportBeyondWorld: '`{{exported}}` now awaits a WASI 0.3 call and returns a promise; no world of the WIT exports it and no module of the project imports it, so its callers are outside the project (a library\'s users): they now get a promise and must await it (a change of the module\'s API), or keep it sync by hand',
  asyncExportSyncInDep: '`{{exported}}` is async (it returns a promise), but `{{iface}}`, exported by {{worlds}}, is an interface of another package whose WIT (in deps/) declares `{{wit}}` a sync `func`: make it an `async func` in that package\'s WIT (WASI 0.3 has them; the component\'s callers then await it), or make the function sync by hand',
  exportSyncInDep: '`{{exported}}` now awaits a WASI 0.3 call, but `{{iface}}`, exported by {{worlds}}, is an interface of another package whose WIT (in deps/) declares `{{wit}}` a sync `func`: make it an `async func` in that package\'s WIT (the component\'s callers then await it), or keep the export sync by hand',
  exportOfUnreadInterface: '`{{exported}}` now awaits a WASI 0.3 call and returns a promise; it is of `{{iface}}`, exported by {{worlds}}: an interface of another package whose WIT is not in the deps/ folder beside the world, so whether it declares this a sync `func` is not checked: if so, make it an `async func` in that package\'s WIT (the component\'s callers then await it), or keep it sync by hand',
  exportNoWit: '`{{exported}}` now awaits a WASI 0.3 call and returns a promise, and there is no WIT beside the code to check it against: if the component exports it, make its WIT `func` an `async func` (its callers then await it), or keep the export sync by hand',
  exportSyncInWorlds: '`{{exported}}` now awaits a WASI 0.3 call, but the worlds {{worlds}} export `{{wit}}` as a sync `func`: make it an `async func` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand',
  heritageOutside: '`{{method}}` is async now (it awaits a WASI 0.3 call), and its class implements or extends `{{declared}}`, a type this rewrite cannot change (from outside the project, or declaring the method other than as a method): where it declares the method with no promise, tsc refuses the class (TS2416) and code holding an instance as that type gets a promise it does not await; make it return a Promise there and await its calls, or keep the method sync by hand',
  classMethod: '`{{method}}` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand',
  staticMethod: '`{{method}}` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code calling it through the class that this rewrite cannot follow (another module, code the class is handed to) gets a promise: await it there, or keep the method sync by hand',
  unheldMethod: '`{{method}}` is async now (it awaits a WASI 0.3 call), and it is a method of an object no variable here holds (returned, or handed to a call): its callers are beyond what this rewrite follows and get a promise: await it there, or keep the method sync by hand',
  mapOutsideFunction: '`{{name}}` became async (it awaits a WASI 0.3 call), so this `map` gives promises, and it cannot be awaited here: await `Promise.all` of it from an async function',
  handedOn: '`{{name}}` became async (it awaits a WASI 0.3 call) and is handed to `{{callee}}` here as a value: what calls it there gets a promise; await it there, or keep `{{name}}` sync by hand',
  storedAsValue: '`{{name}}` became async (it awaits a WASI 0.3 call) and is stored here as a value: what calls it through this gets a promise; await it there, or keep `{{name}}` sync by hand',
  callOutsideFunction: 'this call now returns a promise (the function became async for WASI 0.3) and cannot be awaited here: await it from an async function',
  callInConstructor: 'this call now returns a promise (the function became async for WASI 0.3), and a constructor cannot await it (nor can a WIT resource\'s constructor be async): what the constructor keeps of it is a promise now; make the call in an async method, or in an async factory that hands its result to the constructor, or keep the function sync by hand',
  hostCallsExport: '`{{call}}` calls world `{{world}}`\'s `{{wit}}`, an `async func` in the WIT now: it returns a promise, which this code does not await (it is not in an async function): await it, in an async function or at the top level of an ES module',
} as const;

/** The exported function of the world-export cases, and the world that exports it as a sync `func`. */
const FILE_SIZE = `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export function fileSize(path) {
  const [root] = getDirectories()[0];
  return root.statAt({}, path).size;
}
`;
const FILE_SIZE_WORLD = `package my:app@0.1.0;

world app {
  import wasi:filesystem/preopens@0.2.3;
  export file-size: func(path: string) -> u64;
}
`;

/** The WIT of the heritage cases: a command whose run the port makes async. */
const FILES_RUN_WORLD = `package my:files;

world app {
  import wasi:filesystem/preopens@0.2.3;
  export wasi:cli/run@0.2.3;
}
`;

// pumpkin-fs (WasiDataDir implements DataFiles): the class's methods became async, the interface kept its sync
// signatures, and tsc refused the class (TS2416 on each), with only a classMethod note that spoke of callers.
const CASE_HERITAGE_FOLLOWED: CodeCase = {
  name: "a class's method made async that an interface of the project declares: the interface's method returns a promise, its other implementations (a class, an object typed as it) become async, and calls through the interface in other modules are awaited (tsc refused the class otherwise: TS2416)",
  wit: FILES_RUN_WORLD,
  before: {
    'main.ts': `import { DataDir, memoryFiles } from './data-dir.js';
import { firstByte } from './use.js';

export const run = {
  run(): void {
    firstByte(new DataDir(), 'a.txt');
    firstByte(memoryFiles, 'b.txt');
  },
};
`,
    'use.ts': `import type { Files } from './files.js';

export function firstByte(files: Files, path: string): number {
  return files.readFile(path)[0] ?? 0;
}
`,
    'files.ts': `export interface Files {
  readFile(path: string): Uint8Array;
}

export class NoFiles implements Files {
  readFile(path: string): Uint8Array {
    throw new Error(\`no file \${path}\`);
  }
}
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import type { Files } from './files.js';

export class DataDir implements Files {
  readFile(path: string): Uint8Array {
    const file = getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }
}

export const memoryFiles: Files = {
  readFile: (path) => new TextEncoder().encode(path),
};
`,
  },
  after: {
    'main.ts': `import { DataDir, memoryFiles } from './data-dir.js';
import { firstByte } from './use.js';

export const run = {
  async run(): Promise<void> {
    await firstByte(new DataDir(), 'a.txt');
    await firstByte(memoryFiles, 'b.txt');
  },
};
`,
    'use.ts': `import type { Files } from './files.js';

export async function firstByte(files: Files, path: string): Promise<number> {
  return (await files.readFile(path))[0] ?? 0;
}
`,
    'files.ts': `export interface Files {
  readFile(path: string): Promise<Uint8Array>;
}

export class NoFiles implements Files {
  async readFile(path: string): Promise<Uint8Array> {
    throw new Error(\`no file \${path}\`);
  }
}
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import type { Files } from './files.js';

export class DataDir implements Files {
  async readFile(path: string): Promise<Uint8Array> {
    const file = await getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }
}

export const memoryFiles: Files = {
  readFile: async (path) => new TextEncoder().encode(path),
};
`,
  },
  helpers: ['wasiReadAt'],
};

const CASE_HERITAGE_OUTSIDE: CodeCase = {
  name: "the same where the interface is a package's (pumpkin-fs's `DataFiles`, from plugin-kit): the rewrite cannot read or change it, so the method is reported (`heritageOutside`: where it declares the method sync, tsc refuses the class)",
  wit: FILES_RUN_WORLD,
  before: {
    'main.ts': `import { DataDir } from './data-dir.js';

export const run = {
  run(): void {
    new DataDir().readFile('a.txt');
  },
};
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import type { Files } from '@acme/files';

export class DataDir implements Files {
  readFile(path: string): Uint8Array {
    const file = getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }
}
`,
  },
  after: {
    'main.ts': `import { DataDir } from './data-dir.js';

export const run = {
  async run(): Promise<void> {
    await new DataDir().readFile('a.txt');
  },
};
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import type { Files } from '@acme/files';

export class DataDir implements Files {
  // wasi-migrate(review): \`DataDir.readFile\` is async now (it awaits a WASI 0.3 call), and its class implements or extends \`Files\`, a type this rewrite cannot change (from outside the project, or declaring the method other than as a method): where it declares the method with no promise, tsc refuses the class (TS2416) and code holding an instance as that type gets a promise it does not await; make it return a Promise there and await its calls, or keep the method sync by hand
  async readFile(path: string): Promise<Uint8Array> {
    const file = await getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }
}
`,
  },
  helpers: ['wasiReadAt'],
  reviews: ["`DataDir.readFile` is async now (it awaits a WASI 0.3 call), and its class implements or extends `Files`"],
};

const CASE_DESTRUCTURED: CodeCase = {
  name: "a class's method made async whose name another module destructures from an instance (`const { readFile } = dir`): the type checker ties no call to it, so the method is reported (`classMethod`)",
  wit: FILES_RUN_WORLD,
  before: {
    'main.ts': `import { DataDir } from './data-dir.js';
import { peek } from './peek.js';

export const run = {
  run(): void {
    new DataDir().readFile('a.txt');
    peek(new DataDir());
  },
};
`,
    'peek.ts': `import type { DataDir } from './data-dir.js';

export function peek(dir: DataDir): number {
  const { readFile } = dir;
  return readFile.call(dir, 'b.txt').length;
}
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export class DataDir {
  readFile(path: string): Uint8Array {
    const file = getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }
}
`,
  },
  after: {
    'main.ts': `import { DataDir } from './data-dir.js';
import { peek } from './peek.js';

export const run = {
  async run(): Promise<void> {
    await new DataDir().readFile('a.txt');
    peek(new DataDir());
  },
};
`,
    'peek.ts': `import type { DataDir } from './data-dir.js';

export function peek(dir: DataDir): number {
  const { readFile } = dir;
  return readFile.call(dir, 'b.txt').length;
}
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class DataDir {
  // wasi-migrate(review): \`DataDir.readFile\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async readFile(path: string): Promise<Uint8Array> {
    const file = await getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }
}
`,
  },
  helpers: ['wasiReadAt'],
  reviews: ["`DataDir.readFile` is async now (it awaits a WASI 0.3 call): the calls found here are awaited"],
};

const CASE_STRING_KEY: CodeCase = {
  name: "a class's method made async that another module reaches by its name in a string (`dir['readFile'](p)`): the method is reported (`classMethod`)",
  wit: FILES_RUN_WORLD,
  before: {
    'main.ts': `import { DataDir } from './data-dir.js';
import { peek } from './peek.js';

export const run = {
  run(): void {
    new DataDir().readFile('a.txt');
    peek(new DataDir());
  },
};
`,
    'peek.ts': `import type { DataDir } from './data-dir.js';

export function peek(dir: DataDir): number {
  return dir['readFile']('b.txt').length;
}
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export class DataDir {
  readFile(path: string): Uint8Array {
    const file = getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }
}
`,
  },
  after: {
    'main.ts': `import { DataDir } from './data-dir.js';
import { peek } from './peek.js';

export const run = {
  async run(): Promise<void> {
    await new DataDir().readFile('a.txt');
    peek(new DataDir());
  },
};
`,
    'peek.ts': `import type { DataDir } from './data-dir.js';

export function peek(dir: DataDir): number {
  return dir['readFile']('b.txt').length;
}
`,
    'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class DataDir {
  // wasi-migrate(review): \`DataDir.readFile\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async readFile(path: string): Promise<Uint8Array> {
    const file = await getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }
}
`,
  },
  helpers: ['wasiReadAt'],
  reviews: ["`DataDir.readFile` is async now (it awaits a WASI 0.3 call): the calls found here are awaited"],
};

export const asyncCallers: CodeTransform = {
  id: 'bindings/async-callers',
  summary: 'a function that now awaits becomes async, and its callers in the project await it, up the call graph',
  docs: `Rewriting a blocking WASI 0.2 call into an \`await\` of its 0.3 counterpart
changes the function around it: it must be \`async\`, and it now returns a
promise. The pass finds every function whose own body awaits without being
\`async\`, marks it \`async\`, and awaits each call of it that the project holds
(found by scope and by the files that import it, across the project), which may in
turn make the caller await: the change travels up the call graph until no
function is left awaiting without being async.

A call is left as it is when the promise is already handed on (\`return f()\`
inside an async function, \`.then(...)\`, an element of \`Promise.all([...])\`).
A callback given to \`map\` becomes async and the \`map\` becomes
\`await Promise.all(...)\`. A callback of \`forEach\`, \`filter\`, \`find\`,
\`some\`, \`every\`, \`reduce\` or \`sort\` becomes async too, so the file stays
valid, but those functions do not wait for promises: it is marked for review,
as is a call at module top level.

An export that was async before the port (a guest awaiting \`fetch\`) where
its world says a sync \`func\` meets the same boundary: WASI 0.3 has the
\`async func\` for it. Under \`migrate\`, with one world the file can
implement, the WIT export becomes async; else the review asks for it.

An export the WIT makes an \`async func\` has callers beyond the call graph: a
host of the component in the project (jco's fs-write-file example runs its
transpiled component from \`run-transpiled.js\`) calls it through jco's
output, a module the project does not hold: \`instance.test.run()\` on what
\`instantiate(...)\` gave, or \`test.run()\` imported from it. That call is
awaited in an async function, and reported in any other.`,
  messages,
  kind: 'mechanical',
  apply: (ctx) => awaitAcross(ctx, [ctx.file]),
  cases: [
    {
      name: 'a function that became async, called and mapped at module top level, stored in an object and handed to `filter`: each place is reported (none can be awaited there)',
      before: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function size(path) {
  const [[root]] = getDirectories();
  return root.statAt({}, path).size;
}

const total = size('a.txt');
const all = ['a.txt'].map(size);
export const stored = { size };
export function sizes(paths) {
  return paths.filter(size);
}
` },
      after: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

async function size(path) {
  const [[root]] = getDirectories();
  return (await root.statAt({}, path)).size;
}

// wasi-migrate(review): this call now returns a promise (the function became async for WASI 0.3) and cannot be awaited here: await it from an async function
const total = size('a.txt');
// wasi-migrate(review): \`size\` became async (it awaits a WASI 0.3 call), so this \`map\` gives promises, and it cannot be awaited here: await \`Promise.all\` of it from an async function
const all = ['a.txt'].map(size);
// wasi-migrate(review): \`size\` became async (it awaits a WASI 0.3 call) and is stored here as a value: what calls it through this gets a promise; await it there, or keep \`size\` sync by hand
export const stored = { size };
export function sizes(paths) {
  // wasi-migrate(review): \`size\` became async (it awaits a WASI 0.3 call) and is handed to \`paths.filter\` here as a value: what calls it there gets a promise; await it there, or keep \`size\` sync by hand
  return paths.filter(size);
}
` },
      reviews: ['this call now returns a promise', '`size` became async (it awaits a WASI 0.3 call), so this `map` gives promises', '`size` became async (it awaits a WASI 0.3 call) and is stored here as a value', '`size` became async (it awaits a WASI 0.3 call) and is handed to `paths.filter` here as a value'],
    },
    {
      name: "a callback that became async, handed to a function of the project that calls it (a real storage backend's `at(path, (root, relative) => ...)`): that function awaits the call and becomes async, and so do its callers (the callback was made async and nothing else: `size` returned a promise as a number); the callback's lines stay where they were",
      before: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function at(path, run) {
  const [[root]] = getDirectories();
  return run(root, path);
}

export function size(path) {
  return at(path, (root, relative) => {
    const stat = root.statAt({}, relative);
    return stat.size;
  });
}
` },
      after: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

async function at(path, run) {
  const [[root]] = getDirectories();
  return await run(root, path);
}

export async function size(path) {
  return await at(path, async (root, relative) => {
    const stat = await root.statAt({}, relative);
    return stat.size;
  });
}
` },
    },
    {
      name: 'a method of an object a factory returns became async: reported, as no variable holds the object and its callers are not followed',
      before: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function createStore() {
  const [[root]] = getDirectories();
  return {
    size(path) {
      return root.statAt({}, path).size;
    },
  };
}
` },
      after: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export function createStore() {
  const [[root]] = getDirectories();
  return {
    // wasi-migrate(review): \`size\` is async now (it awaits a WASI 0.3 call), and it is a method of an object no variable here holds (returned, or handed to a call): its callers are beyond what this rewrite follows and get a promise: await it there, or keep the method sync by hand
    async size(path) {
      return (await root.statAt({}, path)).size;
    },
  };
}
` },
      reviews: ['`size` is async now (it awaits a WASI 0.3 call), and it is a method of an object no variable here holds'],
    },
    {
      name: "a call of a function that became async inside the arguments of another call of it (`readExact(readExact(1)[0])`, as a bundler inlines a constant): both are awaited, the inner one first (the pass looped for ever on this)",
      before: { 'guest.js': `import { getStdin } from 'wasi:cli/stdin@0.2.3';

function readExact(len) {
  return getStdin().blockingRead(BigInt(len));
}

export function frame() {
  return readExact(readExact(1)[0]);
}
` },
      after: { 'guest.js': `import { readViaStream } from 'wasi:cli/stdin@0.3.0';

async function readExact(len) {
  // wasi-migrate(review): one read where 0.2 gave what had arrived together (up to n bytes): the 0.3 stream may give it apart, so \`wasiRead\` may return fewer bytes than the 0.2 read did; read on to your protocol's delimiter or length
  return await wasiRead(readViaStream(), BigInt(len));
}

export async function frame() {
  return await readExact((await readExact(1))[0]);
}
` },
      helpers: ["wasiRead"],
      reviews: ["one read where 0.2 gave what had arrived together (up to n b"],
    },
    {
      name: "a callback that became async, returned inside a try whose finally drops the file: the return awaits it (else the file is dropped before the callback ends)",
      before: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function withFile(path, run) {
  const [[root]] = getDirectories();
  const file = root.openAt({}, path, {}, { read: true });
  try {
    return run(file);
  } finally {
    file[Symbol.dispose]();
  }
}

function size(file) {
  return file.stat().size;
}

export function fileSize(path) {
  return withFile(path, size);
}
` },
      after: { 'guest.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

async function withFile(path, run) {
  const [[root]] = getDirectories();
  const file = await root.openAt({}, path, {}, { read: true });
  try {
    return await run(file);
  } finally {
    file[Symbol.dispose]();
  }
}

async function size(file) {
  return (await file.stat()).size;
}

export async function fileSize(path) {
  return await withFile(path, size);
}
` },
    },
    {
      // A real Node-fs shim quoting with double quotes got \`path = ''\` rewritten as \`path = ""\` when its signature was made async.
      name: "a string of the file's own on a line the port changed (a parameter's default in a signature made async) keeps its quotes, in a file that mostly uses the other ones",
      before: { 'guest.ts': `import { Descriptor } from "wasi:filesystem/types@0.2.3";

export function sizeOf(directory: Descriptor, name = ''): bigint {
  return directory.statAt({}, name || "index.html").size;
}
` },
      after: { 'guest.ts': `import { Descriptor } from "wasi:filesystem/types@0.3.0";

export async function sizeOf(directory: Descriptor, name = ''): Promise<bigint> {
  return (await directory.statAt({}, name || "index.html")).size;
}
` },
    },
    {
      // A Node-fs shim's readFileSync (one overload per encoding) kept `): string;` over an implementation made async: TS2394.
      name: 'the overload signatures of a function made async return promises too, as its implementation does',
      before: { 'guest.ts': `import { Descriptor } from "wasi:filesystem/types@0.2.3";

export function sizeOf(dir: Descriptor, name: string): bigint;
export function sizeOf(dir: Descriptor, name: string, text: true): string;
export function sizeOf(dir: Descriptor, name: string, text?: true): bigint | string {
  const size = dir.statAt({}, name).size;
  return text ? String(size) : size;
}
` },
      after: { 'guest.ts': `import { Descriptor } from "wasi:filesystem/types@0.3.0";

export function sizeOf(dir: Descriptor, name: string): Promise<bigint>;
export function sizeOf(dir: Descriptor, name: string, text: true): Promise<string>;
export async function sizeOf(dir: Descriptor, name: string, text?: true): Promise<bigint | string> {
  const size = (await dir.statAt({}, name)).size;
  return text ? String(size) : size;
}
` },
    },
    {
      // A Spin guest's \`handle\`, set its outparam in two branches (left for a person) and became async: its
      // \`export const incomingHandler = { handle }\` was told "keep \`handle\` sync by hand", which 0.3's handler forbids.
      name: "a function that became async stored as the `handle` of the exported handler object is not reported: 0.3's handle is an async func the host awaits",
      // (The handler sets its outparam twice on one path, which http-handler leaves for review: its handle is made async here, not there.)
      before: { 'guest.js': `import { ResponseOutparam, OutgoingResponse, Fields } from 'wasi:http/types@0.2.3';
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.3';

function handle(request, responseOut) {
  const response = new OutgoingResponse(new Fields());
  if (request.pathWithQuery() === '/slow') {
    subscribeDuration(1000n).block();
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  }
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
}

export const incomingHandler = { handle };
` },
      after: { 'guest.js': `// wasi-migrate(review): \`ResponseOutparam\` of wasi:http/types is gone in WASI 0.3 (handler.handle returns the response): the code still uses it
import { ResponseOutparam, Fields, Response } from 'wasi:http/types@0.3.0';
import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

// wasi-migrate(review): \`handle\` sets its response outparam in a way the transform does not follow (not once, as a statement of its own body, with \`{ tag: 'ok', val }\`): return the response from \`async handle(request)\` by hand
async function handle(request, responseOut) {
  const response = Response.new(new Fields(), undefined, wasiOk())[0];
  if (request.getPathWithQuery() === '/slow') {
    await waitFor(1000n);
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  }
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
}

export const handler = { handle };
` },
      helpers: ['wasiOk'],
      reviews: ['`ResponseOutparam` of wasi:http/types is gone', '`handle` sets its response outparam in a way the transform does not follow'],
    },
    {
      name: 'callers in other files await, and TypeScript return types become promises',
      before: {
        'lib.js': `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';

export function sleep(ms) {
  subscribeDuration(BigInt(ms) * 1000000n).block();
}
`,
        'main.ts': `import { sleep } from './lib.js';

export function tick(n: number): void {
  for (let i = 0; i < n; i++) sleep(100);
}

export function main(): void {
  tick(3);
}
`,
      },
      after: {
        'lib.js': `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function sleep(ms) {
  await waitFor(BigInt(ms) * 1000000n);
}
`,
        'main.ts': `import { sleep } from './lib.js';

export async function tick(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await sleep(100);
}

export async function main(): Promise<void> {
  await tick(3);
}
`,
      },
    },
    {
      name: 'an awaited call under a TypeScript non-null assertion is parenthesised',
      before: {
        'main.ts': `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';

function wait(ms: number): string | undefined {
  subscribeDuration(BigInt(ms)).block();
  return 'done';
}

export function main(): number {
  return wait(1)!.length;
}
`,
      },
      after: {
        'main.ts': `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

async function wait(ms: number): Promise<string | undefined> {
  await waitFor(BigInt(ms));
  return 'done';
}

export async function main(): Promise<number> {
  return (await wait(1))!.length;
}
`,
      },
    },
    {
      name: "a forEach callback is left for review",
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';

export function pauses(list) {
  list.forEach((ms) => subscribeDuration(BigInt(ms)).block());
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export function pauses(list) {
  // wasi-migrate(review): this \`forEach\` callback became async (it awaits a WASI 0.3 call) and \`forEach\` does not wait for promises: rewrite it as a \`for...of\` loop with \`await\`
  list.forEach(async (ms) => await wasiPollable(waitFor(BigInt(ms))).block());
}
`,
      reviews: ["this `forEach` callback became async"],
      helpers: ["wasiPollable"],
    },
    {
      name: "callers await, up the call graph",
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';

export function sleep(ms) {
  subscribeDuration(BigInt(ms) * 1000000n).block();
}

function retry(job, times) {
  for (let i = 0; i < times; i++) {
    if (job()) return true;
    sleep(10 * i);
  }
  return false;
}

export const run = {
  run() {
    retry(() => true, 3);
  },
};
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function sleep(ms) {
  await waitFor(BigInt(ms) * 1000000n);
}

async function retry(job, times) {
  for (let i = 0; i < times; i++) {
    if (job()) return true;
    await sleep(10 * i);
  }
  return false;
}

export const run = {
  async run() {
    await retry(() => true, 3);
  },
};
`,
    },
    {
      name: "a class's public method that turns async is reported: code holding an instance elsewhere gets a promise",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export class Files {
  exists(path) {
    try {
      getDirectories()[0][0].statAt({}, path);
      return true;
    } catch {
      return false;
    }
  }
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class Files {
  // wasi-migrate(review): \`Files.exists\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async exists(path) {
    try {
      await getDirectories()[0][0].statAt({}, path);
      return true;
    } catch {
      return false;
    }
  }
}
`,
      reviews: ['`Files.exists` is async now'],
    },
    {
      name: 'a call in a constructor of a function that became async is reported as one a constructor cannot await (what it keeps is a promise), not as one outside any function',
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function load(name) {
  return getDirectories()[0][0].statAt({}, name).size;
}

export class Entry {
  constructor(name) {
    this.size = load(name);
  }
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

async function load(name) {
  return (await getDirectories()[0][0].statAt({}, name)).size;
}

export class Entry {
  constructor(name) {
    // wasi-migrate(review): this call now returns a promise (the function became async for WASI 0.3), and a constructor cannot await it (nor can a WIT resource's constructor be async): what the constructor keeps of it is a promise now; make the call in an async method, or in an async factory that hands its result to the constructor, or keep the function sync by hand
    this.size = load(name);
  }
}
`,
      reviews: ['this call now returns a promise (the function became async for WASI 0.3), and a constructor cannot await it'],
    },
    {
      // wild3 UNFIXED 1 (pumpkin-fs, a real plugin's data folder class): its methods were made async and reviewed, but
      // index.ts's exports calling them on an instance stayed sync, returning promises: --check 0 once decided, tsc TS2322.
      name: "a class's methods made async, called in another module on an instance the type checker types (`const dir = DataDir.open(); dir.readFile(p)`, `DataDir.open()?.list(d)`): those calls are awaited and their functions made async, up to the world's exports; a static method's call through the class too; the class not reported when every use is followed",
      wit: `package my:files;

world plugin {
  import wasi:filesystem/preopens@0.2.3;
  export plugin: interface {
    load: func(path: string) -> list<u8>;
    entries: func(directory: string) -> list<string>;
    remove: func(path: string);
  }
}
`,
      changesWit: true,
      before: {
        'index.ts': `import { DataDir } from './data-dir.js';

export const plugin = {
  load(path: string): Uint8Array {
    const dir = DataDir.open();
    if (!dir) throw new Error('no data folder');
    return dir.readFile(path);
  },
  entries(directory: string): string[] {
    return DataDir.open()?.list(directory) ?? [];
  },
  remove(path: string): void {
    DataDir.remove(path);
  },
};
`,
        'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import type { Descriptor } from 'wasi:filesystem/types@0.2.3';

export class DataDir {
  private constructor(private readonly root: Descriptor) {}

  static open(): DataDir | undefined {
    const mount = getDirectories().find(([, path]) => path === 'data');
    return mount ? new DataDir(mount[0]) : undefined;
  }

  static remove(path: string): void {
    DataDir.open()?.root.unlinkFileAt(path);
  }

  readFile(path: string): Uint8Array {
    const file = this.root.openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }

  list(directory: string): string[] {
    return this.root.statAt({}, directory).type === 'directory' ? [directory] : [];
  }
}
`,
      },
      after: {
        'index.ts': `import { DataDir } from './data-dir.js';

export const plugin = {
  // wasi-migrate(review): \`plugin.load\` now awaits a WASI 0.3 call, so world \`plugin\`'s \`plugin.load\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
  async load(path: string): Promise<Uint8Array> {
    const dir = DataDir.open();
    if (!dir) throw new Error('no data folder');
    return await dir.readFile(path);
  },
  // wasi-migrate(review): \`plugin.entries\` now awaits a WASI 0.3 call, so world \`plugin\`'s \`plugin.entries\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
  async entries(directory: string): Promise<string[]> {
    return await DataDir.open()?.list(directory) ?? [];
  },
  // wasi-migrate(review): \`plugin.remove\` now awaits a WASI 0.3 call, so world \`plugin\`'s \`plugin.remove\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
  async remove(path: string): Promise<void> {
    await DataDir.remove(path);
  },
};
`,
        'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import type { Descriptor } from 'wasi:filesystem/types@0.3.0';

export class DataDir {
  private constructor(private readonly root: Descriptor) {}

  static open(): DataDir | undefined {
    const mount = getDirectories().find(([, path]) => path === 'data');
    return mount ? new DataDir(mount[0]) : undefined;
  }

  static async remove(path: string): Promise<void> {
    await DataDir.open()?.root.unlinkFileAt(path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const file = await this.root.openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }

  async list(directory: string): Promise<string[]> {
    return (await this.root.statAt({}, directory)).type.tag === 'directory' ? [directory] : [];
  }
}
`,
      },
      helpers: ['wasiReadAt'],
      reviews: ["`plugin.load` now awaits a WASI 0.3 call, so world `plugin`'s `plugin.load` becomes an `async func`", "`plugin.entries` now awaits a WASI 0.3 call, so world `plugin`'s `plugin.entries` becomes", "`plugin.remove` now awaits a WASI 0.3 call, so world `plugin`'s `plugin.remove` becomes"],
    },
    {
      name: "the same in JavaScript, where a module also calls the method on an untyped parameter (`any`, which the type checker cannot tie to the class): the typed call is awaited, the untyped one is not followed, and the method is reported (`classMethod`)",
      wit: `package my:files;

world plugin {
  import wasi:filesystem/preopens@0.2.3;
  export plugin: interface {
    load: func(path: string) -> list<u8>;
    peek: func(path: string) -> list<u8>;
  }
}
`,
      changesWit: true,
      before: {
        'index.js': `import { DataDir } from './data-dir.js';
import { peekAt } from './peek.js';

export const plugin = {
  load(path) {
    return new DataDir().readFile(path);
  },
  peek(path) {
    return peekAt(new DataDir(), path);
  },
};
`,
        'peek.js': `export function peekAt(dir, path) {
  return dir.readFile(path).subarray(0, 16);
}
`,
        'data-dir.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export class DataDir {
  readFile(path) {
    const file = getDirectories()[0][0].openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }
}
`,
      },
      after: {
        'index.js': `import { DataDir } from './data-dir.js';
import { peekAt } from './peek.js';

export const plugin = {
  // wasi-migrate(review): \`plugin.load\` now awaits a WASI 0.3 call, so world \`plugin\`'s \`plugin.load\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
  async load(path) {
    return await new DataDir().readFile(path);
  },
  peek(path) {
    return peekAt(new DataDir(), path);
  },
};
`,
        'peek.js': `export function peekAt(dir, path) {
  return dir.readFile(path).subarray(0, 16);
}
`,
        'data-dir.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class DataDir {
  // wasi-migrate(review): \`DataDir.readFile\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async readFile(path) {
    const file = await getDirectories()[0][0].openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }
}
`,
      },
      helpers: ['wasiReadAt'],
      reviews: ['`DataDir.readFile` is async now (it awaits a WASI 0.3 call)', "`plugin.load` now awaits a WASI 0.3 call, so world `plugin`'s `plugin.load` becomes"],
    },
    {
      name: "a class of the module whose instance leaves the project through a global getter (noorle's js-sandbox: \`Object.defineProperty(globalThis, 'fs', { get: getFs })\`, user code evaluated at run time calling \`fs.existsSync\`): no call is seen, and the method is reported (\`classMethod\`), not made async silently",
      wit: `package my:sandbox;

world sandbox {
  import wasi:filesystem/preopens@0.2.3;
  export eval-expr: func(expression: string) -> string;
}
`,
      before: {
        'index.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class FileSystem {
  existsSync(path) {
    try {
      getDirectories()[0][0].statAt({ symlinkFollow: true }, path);
      return true;
    } catch (e) {
      return false;
    }
  }
}

let fsInstance = null;

function getFs() {
  if (!fsInstance) fsInstance = new FileSystem();
  return fsInstance;
}

Object.defineProperty(globalThis, 'fs', { get: getFs });

export function evalExpr(expression) {
  return JSON.stringify(Function(\`"use strict"; return (\${expression})\`)());
}
`,
      },
      after: {
        'index.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class FileSystem {
  // wasi-migrate(review): \`FileSystem.existsSync\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code holding an instance that this rewrite cannot follow (another module, code the object is handed to) gets a promise: await it there, or keep the method sync by hand
  async existsSync(path) {
    try {
      await getDirectories()[0][0].statAt({ symlinkFollow: true }, path);
      return true;
    } catch (e) {
      return false;
    }
  }
}

let fsInstance = null;

function getFs() {
  if (!fsInstance) fsInstance = new FileSystem();
  return fsInstance;
}

Object.defineProperty(globalThis, 'fs', { get: getFs });

export function evalExpr(expression) {
  return JSON.stringify(Function(\`"use strict"; return (\${expression})\`)());
}
`,
      },
      reviews: ['`FileSystem.existsSync` is async now (it awaits a WASI 0.3 call)'],
    },
    {
      name: "the same where the class implements an interface of the project declaring the method (pumpkin-fs's `WasiDataDir implements DataFiles`): the interface's method returns a promise too (tsc held the class to its sync signature, TS2416), and the call on the instance is awaited",
      wit: `package my:files;

world plugin {
  import wasi:filesystem/preopens@0.2.3;
  export plugin: interface {
    load: func(path: string) -> list<u8>;
  }
}
`,
      changesWit: true,
      before: {
        'index.ts': `import { DataDir } from './data-dir.js';

export const plugin = {
  load(path: string): Uint8Array {
    return new DataDir().readFile(path);
  },
};
`,
        'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export interface Files {
  readFile(path: string): Uint8Array;
}

export class DataDir implements Files {
  readFile(path: string): Uint8Array {
    const file = getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return file.read(1024n, 0n)[0];
  }
}
`,
      },
      after: {
        'index.ts': `import { DataDir } from './data-dir.js';

export const plugin = {
  // wasi-migrate(review): \`plugin.load\` now awaits a WASI 0.3 call, so world \`plugin\`'s \`plugin.load\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
  async load(path: string): Promise<Uint8Array> {
    return await new DataDir().readFile(path);
  },
};
`,
        'data-dir.ts': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export interface Files {
  readFile(path: string): Promise<Uint8Array>;
}

export class DataDir implements Files {
  async readFile(path: string): Promise<Uint8Array> {
    const file = await getDirectories()[0]![0].openAt({}, path, {}, { read: true });
    return (await wasiReadAt(file, 1024n, 0n))[0];
  }
}
`,
      },
      helpers: ['wasiReadAt'],
      reviews: ["`plugin.load` now awaits a WASI 0.3 call, so world `plugin`'s `plugin.load` becomes"],
    },
    CASE_HERITAGE_FOLLOWED,
    CASE_HERITAGE_OUTSIDE,
    CASE_DESTRUCTURED,
    CASE_STRING_KEY,
    {
      name: "a class's static method that turns async is reported as one called through the class, not an instance; its call in the file is awaited",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export class Snapshots {
  static remove(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }
}

export function clear(names) {
  for (const name of names) Snapshots.remove(name);
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class Snapshots {
  // wasi-migrate(review): \`Snapshots.remove\` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code calling it through the class that this rewrite cannot follow (another module, code the class is handed to) gets a promise: await it there, or keep the method sync by hand
  static async remove(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }
}

export async function clear(names) {
  for (const name of names) await Snapshots.remove(name);
}
`,
      reviews: ['`Snapshots.remove` is async now (it awaits a WASI 0.3 call): the calls found here are awaited, but code calling it through the class'],
    },
    {
      name: 'a function handed to `map` by name gives promises: `await Promise.all`; one called in a returned array is awaited there (an array is not a promise)',
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

function size(path) {
  return getDirectories()[0][0].statAt({}, path).size;
}

export function total(paths) {
  return paths.map(size).reduce((a, b) => a + b, 0n);
}

export function pair(a, b) {
  return [size(a), size(b)];
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

async function size(path) {
  return (await getDirectories()[0][0].statAt({}, path)).size;
}

export async function total(paths) {
  return (await Promise.all(paths.map(size))).reduce((a, b) => a + b, 0n);
}

export async function pair(a, b) {
  return [await size(a), await size(b)];
}
`,
    },
    {
      name: "a method of a module's object reached by a computed name (a command table) is reported where the object is reached so; its calls by name are awaited",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

const commands = {
  size: (args) => String(getDirectories()[0][0].statAt({}, args[0]).size),
  echo: (args) => args.join(' '),
};

export function exec(line) {
  const [name, ...args] = line.split(' ');
  const run = commands[name];
  return run ? run(args) : \`\${name}: not found\`;
}

export function size(path) {
  return commands.size([path]);
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

const commands = {
  size: async (args) => String((await getDirectories()[0][0].statAt({}, args[0])).size),
  echo: (args) => args.join(' '),
};

export function exec(line) {
  const [name, ...args] = line.split(' ');
  // wasi-migrate(review): \`commands\`'s \`size\` became async (it awaits a WASI 0.3 call): its calls \`commands.name(...)\` are awaited, but here the object is reached another way (a computed name, handed on), and what calls its methods from here gets a promise: await them there
  const run = commands[name];
  return run ? run(args) : \`\${name}: not found\`;
}

export async function size(path) {
  return await commands.size([path]);
}
`,
      reviews: ["`commands`'s `size` became async (it awaits a WASI 0.3 call): its calls `commands.name(...)` are awaited, but here the object is reached another way"],
    },
    {
      name: "two methods of a module's command table became async, the table reached by a computed name: reported once, naming both",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

const root = () => getDirectories()[0][0];

const commands = {
  size: (args) => String(root().statAt({}, args[0]).size),
  open: (args) => root().openAt({}, args[0], {}, { read: true }).getType(),
  echo: (args) => args.join(' '),
};

export function exec(line) {
  const [name, ...args] = line.split(' ');
  const run = commands[name];
  return run ? run(args) : \`\${name}: not found\`;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

const root = () => getDirectories()[0][0];

const commands = {
  size: async (args) => String((await root().statAt({}, args[0])).size),
  // wasi-migrate(review): \`await (await root().openAt({}, args[0], {}, { read: true })).getType()\` is wasi:filesystem's \`descriptor-type\`, a string in 0.2 (\`'directory'\`) and an object in 0.3 (\`{ tag: 'directory' }\`): here it is used as a value, not tested, so what it becomes changes with no error (JSON gives an object, a template \`[object Object]\`, a test elsewhere never holds); read its \`.tag\` where the 0.2 string is meant (0.2's \`unknown\` is 0.3's \`other\`)
  open: async (args) => await (await root().openAt({}, args[0], {}, { read: true })).getType(),
  echo: (args) => args.join(' '),
};

export function exec(line) {
  const [name, ...args] = line.split(' ');
  // wasi-migrate(review): \`commands\`'s \`size\`, \`open\` became async (they await WASI 0.3 calls): its calls \`commands.name(...)\` are awaited, but here the object is reached another way (a computed name, handed on), and what calls its methods from here gets a promise: await them there
  const run = commands[name];
  return run ? run(args) : \`\${name}: not found\`;
}
`,
      reviews: ["`await (await root().openAt({}, args[0], {}, { read: true })).getType()` is wasi:filesystem's `descriptor-type`", "`commands`'s `size`, `open` became async (they await WASI 0.3 calls): "],
    },
    {
      name: "an exported function the port makes async, which the project's world exports as a sync \`func\`: reported with the WIT export it breaks",
      before: FILE_SIZE,
      wit: FILE_SIZE_WORLD,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

// wasi-migrate(review): \`fileSize\` now awaits a WASI 0.3 call, but world \`app\` exports \`file-size\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
export async function fileSize(path) {
  const [root] = getDirectories()[0];
  return (await root.statAt({}, path)).size;
}
`,
      reviews: ["`fileSize` now awaits a WASI 0.3 call, but world `app` exports `file-s"],
    },
    {
      name: "the same, in a run that changes the WIT too (\`migrate\`): reported as the WIT export that becomes an \`async func\`",
      before: FILE_SIZE,
      wit: FILE_SIZE_WORLD,
      changesWit: true,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

// wasi-migrate(review): \`fileSize\` now awaits a WASI 0.3 call, so world \`app\`'s \`file-size\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
export async function fileSize(path) {
  const [root] = getDirectories()[0];
  return (await root.statAt({}, path)).size;
}
`,
      reviews: ["`fileSize` now awaits a WASI 0.3 call, so world `app`'s `file-size` be"],
    },
    {
      name: "a method of a class the exported interface's object holds (jco's class of a resource the world exports) that the port makes async: reported with the WIT method it breaks, not as a class's method held elsewhere",
      wit: `package my:app@0.1.0;

interface store {
  resource notes {
    constructor();
    remove: func(name: string);
  }
}

world app {
  import wasi:filesystem/preopens@0.2.3;
  export store;
}
`,
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class Notes {
  remove(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }
}

export const store = { Notes };
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Notes {
  // wasi-migrate(review): \`store.Notes.remove\` now awaits a WASI 0.3 call, but world \`app\` exports \`store.notes.remove\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
  async remove(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }
}

export const store = { Notes };
`,
      reviews: ["`store.Notes.remove` now awaits a WASI 0.3 call, but world `app` exports `store.notes.remove` as a sync `func`"],
    },
    {
      // bprobe9: a class written in the exported object, and one imported from another module, got classMethod only.
      name: "a method of jco's class of an exported resource written in the exported object (`{ Notes: class { ... } }`) or imported from another module into it (`import { Tags } from './tags.js'`, a default export too) meets the world boundary too, as one async already does",
      wit: `package my:app@0.1.0;

interface store {
  resource notes {
    constructor();
    remove: func(name: string);
    fetch-note: func(url: string) -> string;
  }
  resource tags {
    constructor();
    clear: func(name: string);
  }
  resource labels {
    constructor();
    drop-label: func(name: string);
  }
}

world app {
  import wasi:filesystem/preopens@0.2.3;
  export store;
}
`,
      before: { 'app.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import { Tags } from './tags.js';
import Labels from './labels.js';

export const store = {
  Notes: class {
    remove(name) {
      getDirectories()[0][0].unlinkFileAt(name);
    }

    async fetchNote(url) {
      return (await fetch(url)).text();
    }
  },
  Tags,
  Labels,
};
`, 'labels.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export default class Labels {
  dropLabel(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }
}
`, 'tags.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export class Tags {
  clear(name) {
    getDirectories()[0][0].removeDirectoryAt(name);
  }
}
` },
      after: { 'app.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';
import { Tags } from './tags.js';
import Labels from './labels.js';

export const store = {
  Notes: class {
    // wasi-migrate(review): \`store.Notes.remove\` now awaits a WASI 0.3 call, but world \`app\` exports \`store.notes.remove\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
    async remove(name) {
      await getDirectories()[0][0].unlinkFileAt(name);
    }

    // wasi-migrate(review): \`store.Notes.fetchNote\` is async (it returns a promise), but \`store.notes.fetch-note\` is a sync \`func\` in \`app\`: make it an \`async func\` in the WIT of the world this file implements (WASI 0.3 has them; its callers then await it), or make the function sync by hand
    async fetchNote(url) {
      return (await fetch(url)).text();
    }
  },
  Tags,
  Labels,
};
`, 'labels.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export default class Labels {
  // wasi-migrate(review): \`store.Labels.dropLabel\` now awaits a WASI 0.3 call, but world \`app\` exports \`store.labels.drop-label\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
  async dropLabel(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }
}
`, 'tags.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class Tags {
  // wasi-migrate(review): \`store.Tags.clear\` now awaits a WASI 0.3 call, but world \`app\` exports \`store.tags.clear\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
  async clear(name) {
    await getDirectories()[0][0].removeDirectoryAt(name);
  }
}
` },
      reviews: ["`store.Notes.remove` now awaits a WASI 0.3 call, but world `app` exports `store.notes.remove` as a sync `func`", "`store.Notes.fetchNote` is async (it returns a promise), but `store.notes.fetch-note` is a sync `func` in `app`", "`store.Labels.dropLabel` now awaits a WASI 0.3 call, but world `app` exports `store.labels.drop-label` as a sync `func`", "`store.Tags.clear` now awaits a WASI 0.3 call, but world `app` exports `store.tags.clear` as a sync `func`"],
    },
    {
      // bfix14: a class reaching the exported object through a re-export (\`export { Tags } from './tags.js'\`, \`export * from\`)
      // was not followed: its methods the port made async got classMethod ('code holding an instance'), not the world's word.
      name: "a method of jco's class of an exported resource that reaches the exported object through re-exports (`export { Tags } from './tags.js'`, `export * from './labels.js'`, a class exported by a list under another name) meets the world boundary too",
      wit: `package my:app@0.1.0;

interface store {
  resource tags {
    constructor();
    clear: func(name: string);
  }
  resource labels {
    constructor();
    drop-label: func(name: string);
  }
}

world app {
  import wasi:filesystem/preopens@0.2.3;
  export store;
}
`,
      before: { 'app.js': `import { Tags, Shelf } from './resources/index.js';

export const store = { Tags, Labels: Shelf };
`, 'resources/index.js': `export { Tags } from './tags.js';
export * from './labels.js';
`, 'resources/labels.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class Labels {
  dropLabel(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }
}

export { Labels as Shelf };
`, 'resources/tags.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export class Tags {
  clear(name) {
    getDirectories()[0][0].removeDirectoryAt(name);
  }
}
` },
      after: { 'app.js': `import { Tags, Shelf } from './resources/index.js';

export const store = { Tags, Labels: Shelf };
`, 'resources/index.js': `export { Tags } from './tags.js';
export * from './labels.js';
`, 'resources/labels.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Labels {
  // wasi-migrate(review): \`store.Labels.dropLabel\` now awaits a WASI 0.3 call, but world \`app\` exports \`store.labels.drop-label\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
  async dropLabel(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }
}

export { Labels as Shelf };
`, 'resources/tags.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export class Tags {
  // wasi-migrate(review): \`store.Tags.clear\` now awaits a WASI 0.3 call, but world \`app\` exports \`store.tags.clear\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
  async clear(name) {
    await getDirectories()[0][0].removeDirectoryAt(name);
  }
}
` },
      reviews: ["`store.Labels.dropLabel` now awaits a WASI 0.3 call, but world `app` exports `store.labels.drop-label` as a sync `func`", "`store.Tags.clear` now awaits a WASI 0.3 call, but world `app` exports `store.tags.clear` as a sync `func`"],
    },
    {
      // jco's fs-write-file example: its run-transpiled.js kept \`const res = instance.test.run();\` and asserted on a promise.
      name: "a host of the component in the project (jco's transpiled output, not in the project, called as \`instance.test.run()\`, \`instance['my:app/test'].run()\` or \`test.run()\`) awaits the export the WIT makes an \`async func\`; in a sync function the call is reported; one an async function returns, and the same names on a value of its own, are left",
      wit: `package my:app;

interface test {
  run: func() -> string;
}

world app {
  import wasi:filesystem/preopens@0.2.3;
  export test;
}
`,
      changesWit: true,
      before: {
        'component.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export const test = {
  run() {
    const [root] = getDirectories()[0];
    return String(root.stat().size);
  },
};
`,
        'host.js': `import { instantiate } from './dist/instantiated/component.js';
import { test } from './dist/component.js';

export async function viaInstance(imports) {
  const instance = await instantiate(undefined, imports);
  return instance.test.run() === '0';
}

export function direct() {
  return test.run();
}

export async function viaFullName(imports) {
  const instance = await instantiate(undefined, imports);
  console.log(instance['my:app/test'].run());
  return instance.test.run();
}

export function unrelated(runner) {
  return runner.test.run();
}
`,
      },
      after: {
        'component.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export const test = {
  // wasi-migrate(review): \`test.run\` now awaits a WASI 0.3 call, so world \`app\`'s \`test.run\` becomes an \`async func\` in the WIT: the component's callers now await it (or keep the export sync by hand)
  async run() {
    const [root] = getDirectories()[0];
    return String((await root.stat()).size);
  },
};
`,
        'host.js': `import { instantiate } from './dist/instantiated/component.js';
import { test } from './dist/component.js';

export async function viaInstance(imports) {
  const instance = await instantiate(undefined, imports);
  return await instance.test.run() === '0';
}

export function direct() {
  // wasi-migrate(review): \`test.run()\` calls world \`app\`'s \`test.run\`, an \`async func\` in the WIT now: it returns a promise, which this code does not await (it is not in an async function): await it, in an async function or at the top level of an ES module
  return test.run();
}

export async function viaFullName(imports) {
  const instance = await instantiate(undefined, imports);
  console.log(await instance['my:app/test'].run());
  return instance.test.run();
}

export function unrelated(runner) {
  return runner.test.run();
}
`,
      },
      reviews: ["`test.run` now awaits a WASI 0.3 call, so world `app`'s `test.run` becomes", "`test.run()` calls world `app`'s `test.run`, an `async func` in the WIT now"],
    },
    {
      name: 'an export that was async already (a guest awaiting `fetch`) against a sync WIT `func`, in a run that changes the WIT: reported as the WIT export that becomes an `async func`',
      wit: `package my:app;

world app {
  import wasi:cli/environment@0.2.7;
  export check-weather: func(location: string) -> string;
}
`,
      changesWit: true,
      before: `import { getEnvironment } from 'wasi:cli/environment@0.2.7';

export async function checkWeather(location) {
  const key = getEnvironment().find(([k]) => k === 'KEY')?.[1] ?? '';
  const res = await fetch(\`https://example.invalid/?q=\${location}&key=\${key}\`);
  return res.text();
}
`,
      after: `import { getEnvironment } from 'wasi:cli/environment@0.3.0';

// wasi-migrate(review): \`checkWeather\` is async (it returns a promise), while world \`app\` exported \`check-weather\` as a sync \`func\`: it becomes an \`async func\` in the WIT, as WASI 0.3 has them; the component's callers now await it (or make the function sync by hand)
export async function checkWeather(location) {
  const key = getEnvironment().find(([k]) => k === 'KEY')?.[1] ?? '';
  const res = await fetch(\`https://example.invalid/?q=\${location}&key=\${key}\`);
  return res.text();
}
`,
      reviews: ['`checkWeather` is async (it returns a promise), while world `app` exported `check-weather`'],
    },
    {
      name: 'the same, a method of an exported object, in a run that does not change the WIT: reported, the WIT left to the human',
      wit: `package my:app;

interface api {
  lookup: func(key: string) -> string;
}

world app {
  import wasi:cli/environment@0.2.7;
  export api;
}
`,
      before: `import { getEnvironment } from 'wasi:cli/environment@0.2.7';

export const api = {
  async lookup(key) {
    await Promise.resolve();
    return getEnvironment().find(([k]) => k === key)?.[1] ?? '';
  },
};
`,
      after: `import { getEnvironment } from 'wasi:cli/environment@0.3.0';

export const api = {
  // wasi-migrate(review): \`api.lookup\` is async (it returns a promise), but \`api.lookup\` is a sync \`func\` in \`app\`: make it an \`async func\` in the WIT of the world this file implements (WASI 0.3 has them; its callers then await it), or make the function sync by hand
  async lookup(key) {
    await Promise.resolve();
    return getEnvironment().find(([k]) => k === key)?.[1] ?? '';
  },
};
`,
      reviews: ['`api.lookup` is async (it returns a promise), but `api.lookup` is a sync `func` in `app`'],
    },
    {
      name: "the same, a method of jco's class of an exported resource (a class the exported interface's object holds) that was async already: reported with the WIT method",
      wit: `package my:app@0.1.0;

interface store {
  resource notes {
    constructor();
    fetch-note: func(name: string) -> string;
  }
}

world app {
  import wasi:cli/environment@0.2.3;
  export store;
}
`,
      before: `import { getEnvironment } from 'wasi:cli/environment@0.2.3';

class Notes {
  async fetchNote(name) {
    const base = getEnvironment().find(([k]) => k === 'BASE')?.[1] ?? '';
    return (await fetch(base + name)).text();
  }
}

export const store = { Notes };
`,
      after: `import { getEnvironment } from 'wasi:cli/environment@0.3.0';

class Notes {
  // wasi-migrate(review): \`store.Notes.fetchNote\` is async (it returns a promise), but \`store.notes.fetch-note\` is a sync \`func\` in \`app\`: make it an \`async func\` in the WIT of the world this file implements (WASI 0.3 has them; its callers then await it), or make the function sync by hand
  async fetchNote(name) {
    const base = getEnvironment().find(([k]) => k === 'BASE')?.[1] ?? '';
    return (await fetch(base + name)).text();
  }
}

export const store = { Notes };
`,
      reviews: ['`store.Notes.fetchNote` is async (it returns a promise), but `store.notes.fetch-note` is a sync `func` in `app`'],
    },
    {
      name: "the same export in two worlds of the project, both of which the file can implement: reported naming both, the WIT left to the human (which world the file implements is not known)",
      before: FILE_SIZE,
      wit: `package my:app@0.1.0;

world app {
  import wasi:filesystem/preopens@0.2.3;
  export file-size: func(path: string) -> u64;
}

world app-with-logs {
  import wasi:filesystem/preopens@0.2.3;
  import wasi:cli/stderr@0.2.3;
  export file-size: func(path: string) -> u64;
}
`,
      changesWit: true,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

// wasi-migrate(review): \`fileSize\` now awaits a WASI 0.3 call, but the worlds \`app\`, \`app-with-logs\` export \`file-size\` as a sync \`func\`: make it an \`async func\` in the WIT of the world this file implements (its callers then await it), or keep the export sync by hand
export async function fileSize(path) {
  const [root] = getDirectories()[0];
  return (await root.statAt({}, path)).size;
}
`,
      reviews: ["`fileSize` now awaits a WASI 0.3 call, but the worlds `app`, `app-with"],
    },
    {
      name: "no WIT beside the code (browsershim, a jco browser-p2-shims demo): an exported object's method that now awaits is reported, its export signature changing with no world to check it against; the exported function of a module the project imports (a library of the component) is not",
      before: {
        'component.js': `import { readText } from './files.js';

export const filesystemDemo = {
  readHello() {
    return readText('hello.txt').toUpperCase();
  },
};
`,
        'files.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export function readText(path) {
  const [[root]] = getDirectories();
  const file = root.openAt({}, path, {}, { read: true });
  return new TextDecoder().decode(file.read(1024n, 0n)[0]);
}
`,
      },
      noWit: true,
      after: {
        'component.js': `import { readText } from './files.js';

export const filesystemDemo = {
  // wasi-migrate(review): \`filesystemDemo.readHello\` now awaits a WASI 0.3 call and returns a promise, and there is no WIT beside the code to check it against: if the component exports it, make its WIT \`func\` an \`async func\` (its callers then await it), or keep the export sync by hand
  async readHello() {
    return (await readText('hello.txt')).toUpperCase();
  },
};
`,
        'files.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function readText(path) {
  const [[root]] = getDirectories();
  const file = await root.openAt({}, path, {}, { read: true });
  return new TextDecoder().decode((await wasiReadAt(file, 1024n, 0n))[0]);
}
`,
      },
      helpers: ["wasiReadAt"],
      reviews: ["`filesystemDemo.readHello` now awaits a WASI 0.3 call and returns a pr"],
    },
    {
      name: "the same, a method of a class an exported object holds (jco's class of an exported resource): reported once, as an export with nothing to check it against, not also as a class's method held elsewhere",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class Notes {
  remove(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }
}

export const store = { Notes };
`,
      noWit: true,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Notes {
  // wasi-migrate(review): \`store.Notes.remove\` now awaits a WASI 0.3 call and returns a promise, and there is no WIT beside the code to check it against: if the component exports it, make its WIT \`func\` an \`async func\` (its callers then await it), or keep the export sync by hand
  async remove(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }
}

export const store = { Notes };
`,
      reviews: ["`store.Notes.remove` now awaits a WASI 0.3 call and returns a promise, and there is no WIT beside the code"],
    },
    {
      // trailbase's TypeScript guest library (found by helper-79): its exported readFileSync turned async with nothing said.
      name: "a WIT in the run whose worlds do not export it: an exported function of a module no module of the project imports (a library's API, trailbase's `readFileSync`) that now awaits is reported, its callers being outside the project; one of a module the project imports is not (its calls are awaited)",
      wit: `package my:guest;

world guest {
  export version: func() -> string;
}
`,
      before: {
        'fs.js': `import { openFile } from './dirs.js';

export function readFileSync(path) {
  const file = openFile(path);
  return { path, file };
}
`,
        'dirs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

export function openFile(path) {
  const [[root]] = getDirectories();
  return root.openAt({}, path, {}, { read: true });
}
`,
      },
      after: {
        'fs.js': `import { openFile } from './dirs.js';

// wasi-migrate(review): \`readFileSync\` now awaits a WASI 0.3 call and returns a promise; no world of the WIT exports it and no module of the project imports it, so its callers are outside the project (a library's users): they now get a promise and must await it (a change of the module's API), or keep it sync by hand
export async function readFileSync(path) {
  const file = await openFile(path);
  return { path, file };
}
`,
        'dirs.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function openFile(path) {
  const [[root]] = getDirectories();
  return await root.openAt({}, path, {}, { read: true });
}
`,
      },
      reviews: ['`readFileSync` now awaits a WASI 0.3 call and returns a promise; no world of the WIT exports it'],
    },
    {
      // bfix14 (bfix13 d85bc60 left it): the deps/ beside the world were not read, so a method of \`export my:dep/api@0.1.0;\`
      // got exportOfUnreadInterface ('not checked') though deps/ said whether it is sync, and one declared \`async func\` there too.
      name: "an interface of another package that the world exports, read from the WIT's deps/: a method it declares a sync `func` that now awaits, or that was async already, is reported as that package's; one it declares `async func` is not reported",
      wit: `package my:app@0.1.0;

world app {
  import wasi:filesystem/preopens@0.2.3;
  export my:dep/api@0.1.0;
}
`,
      witDeps: { 'my-dep/api.wit': `package my:dep@0.1.0;

interface api {
  resource counter {
    constructor();
    reset: func(name: string);
    fetch-count: func(url: string) -> u32;
  }
  clear: async func(name: string);
}
` },
      before: {
        'app.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class Counter {
  reset(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }

  async fetchCount(url) {
    return Number(await (await fetch(url)).text());
  }
}

export const api = {
  Counter,
  clear(name) {
    getDirectories()[0][0].removeDirectoryAt(name);
  },
};
`,
      },
      after: {
        'app.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Counter {
  // wasi-migrate(review): \`api.Counter.reset\` now awaits a WASI 0.3 call, but \`my:dep/api@0.1.0\`, exported by world \`app\`, is an interface of another package whose WIT (in deps/) declares \`api.counter.reset\` a sync \`func\`: make it an \`async func\` in that package's WIT (the component's callers then await it), or keep the export sync by hand
  async reset(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }

  // wasi-migrate(review): \`api.Counter.fetchCount\` is async (it returns a promise), but \`my:dep/api@0.1.0\`, exported by world \`app\`, is an interface of another package whose WIT (in deps/) declares \`api.counter.fetch-count\` a sync \`func\`: make it an \`async func\` in that package's WIT (WASI 0.3 has them; the component's callers then await it), or make the function sync by hand
  async fetchCount(url) {
    return Number(await (await fetch(url)).text());
  }
}

export const api = {
  Counter,
  async clear(name) {
    await getDirectories()[0][0].removeDirectoryAt(name);
  },
};
`,
      },
      reviews: ['`api.Counter.reset` now awaits a WASI 0.3 call, but `my:dep/api@0.1.0`, exported by world `app`, is an interface of another package whose WIT (in deps/) declares `api.counter.reset` a sync `func`', '`api.Counter.fetchCount` is async (it returns a promise), but `my:dep/api@0.1.0`, exported by world `app`, is an interface of another package whose WIT (in deps/)'],
    },
    {
      // bfix12 UNFIXED #1 (bprobe9 #3): a method of jco's class of a resource of \`export my:dep/api@0.1.0;\` got
      // exportBeyondWorld, 'no world of the WIT exports it', false: the world exports it; its WIT (deps) is not read.
      name: "a method of an interface of another package that the world exports (`export my:dep/api@0.1.0;`, its WIT not read) that now awaits is reported as that interface's, not as one no world exports",
      wit: `package my:app@0.1.0;

world app {
  import wasi:filesystem/preopens@0.2.3;
  export my:dep/api@0.1.0;
}
`,
      before: {
        'app.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';

class Counter {
  reset(name) {
    getDirectories()[0][0].unlinkFileAt(name);
  }
}

export const api = { Counter };
`,
      },
      after: {
        'app.js': `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

class Counter {
  // wasi-migrate(review): \`api.Counter.reset\` now awaits a WASI 0.3 call and returns a promise; it is of \`my:dep/api@0.1.0\`, exported by world \`app\`: an interface of another package whose WIT is not in the deps/ folder beside the world, so whether it declares this a sync \`func\` is not checked: if so, make it an \`async func\` in that package's WIT (the component's callers then await it), or keep it sync by hand
  async reset(name) {
    await getDirectories()[0][0].unlinkFileAt(name);
  }
}

export const api = { Counter };
`,
      },
      reviews: ['`api.Counter.reset` now awaits a WASI 0.3 call and returns a promise; it is of `my:dep/api@0.1.0`, exported by world `app`'],
    },
  ],
};

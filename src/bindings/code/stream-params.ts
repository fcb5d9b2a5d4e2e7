/**
 * WASI 0.2 streams handed from function to function.
 *
 * Code keeps its stream plumbing in small functions: `writeAll(out, bytes)`
 * calls `out.blockingWriteAndFlush`, `readExact(input, n)` calls
 * `input.blockingRead`, often in a module of their own that imports nothing
 * from WASI, while the function that made the stream (`getStdout()`) only
 * passes it on. The stream transforms port a parameter's uses on the
 * promise that its callers pass the 0.3 shape (a sink, a [stream, outcome]
 * pair). This module keeps that promise checkable: once per project, before
 * any transform edits it, it finds which parameters hold a 0.2 stream
 *
 * - those a function calls a 0.2 stream method on (`SEEDS`), and
 * - to a fixpoint, those it passes to such a parameter of a function it
 *   calls (in its own file, or imported by a relative specifier),
 *
 * and the transforms then port what callers pass (`getStdout()` becomes the
 * sink it hands over), drop the 0.2-only calls on parameters that only pass
 * a stream on, and the rewriter visits the modules that hold such
 * parameters though they import nothing from WASI.
 *
 * A parameter every caller hands a stream of a proposal with no 0.3 release
 * (wasi:blobstore's outgoing value body), directly or through parameters fed
 * so, stays a 0.2 stream (\`keptOf\`): the transforms leave it and say so.
 *
 * A parameter is named by its file, the names of the declarations around
 * its function and its position (`/src/io.js#writeFrame#0`): transforms edit
 * function bodies, never these names, so the key holds while they run.
 */
import { Node, type CallExpression, type ParameterDeclaration, type Project, type SourceFile, SyntaxKind, ts } from 'ts-morph';
import { callersOf, functionNamed, importedFunction, isFunctionLike, nameNodeOf, type FunctionLikeDeclaration } from './references.js';
import { declarationOf, descendantsWhere, keptOrigin, methodReceivers } from './util.js';

export type StreamKind = 'input' | 'output';

/** Methods only a 0.2 stream has (the common `read`, `write`, `flush` are left out: other objects have them). */
const SEEDS: readonly (readonly [StreamKind, readonly string[]])[] = [
  ['input', ['blockingRead', 'blockingSkip']],
  ['output', ['blockingWriteAndFlush', 'blockingFlush', 'checkWrite', 'blockingWriteZeroesAndFlush', 'blockingSplice']],
];
const SEED_WORDS = SEEDS.flatMap(([, names]) => names);

type FunctionLike = FunctionLikeDeclaration;

/** A function expression or arrow not bound to a name (a callback): its parameters are not followed. */
function anonymous(n: Node): boolean {
  return (Node.isFunctionExpression(n) || Node.isArrowFunction(n)) && !Node.isVariableDeclaration(n.getParent()) && !Node.isPropertyAssignment(n.getParent());
}

/** `writeFrame`, `Conn.send`, `api.write`: the names of the declarations around `fn`, outermost first; undefined inside an anonymous function. */
function nameOf(fn: FunctionLike): string | undefined {
  const names: string[] = [];
  for (let n: Node | undefined = fn; n && !Node.isSourceFile(n); n = n.getParent()) {
    if (Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isClassDeclaration(n)) {
      const name = n.getName();
      if (!name) return undefined;
      names.push(name);
    } else if ((Node.isVariableDeclaration(n) || Node.isPropertyAssignment(n)) && Node.isIdentifier(n.getNameNode())) names.push(n.getName());
    else if (anonymous(n)) return undefined;
  }
  return names.length ? names.reverse().join('.') : undefined;
}

function keyOf(p: ParameterDeclaration): string | undefined {
  const fn = p.getParent();
  if (!isFunctionLike(fn) || !Node.isIdentifier(p.getNameNode())) return undefined;
  const name = nameOf(fn);
  return name && `${fn.getSourceFile().getFilePath()}#${name}#${fn.getParameters().indexOf(p)}`;
}

/** The function a call calls, when the callee is a plain name: a function of the file, a `const f = () => ...`, or one imported from a project module. */
export function calleeOf(call: CallExpression): FunctionLike | undefined {
  const e = call.getExpression();
  if (!Node.isIdentifier(e)) return undefined;
  const bound = declarationOf(e);
  if (bound) {
    const init = Node.isVariableDeclaration(bound) ? bound.getInitializer() : undefined;
    return init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) ? init : undefined;
  }
  const own = functionNamed(call, e.getText());
  if (own && Node.isFunctionDeclaration(own)) return own;
  const imported = importedFunction(call.getSourceFile(), e.getText());
  return imported && isFunctionLike(imported) ? imported : undefined;
}

/** Calls of `fn` by its name: in its file and in the files importing it, or in the function around it (references.ts `callersOf`). */
function callsOf(fn: FunctionLike): CallExpression[] {
  const nameNode = nameNodeOf(fn);
  if (!nameNode || !Node.isIdentifier(nameNode)) return [];
  return callersOf(fn, nameNode)
    .map((i) => i.getParent())
    .filter((c): c is CallExpression => !!c && Node.isCallExpression(c) && c.getExpression().getText() === nameNode.getText() && calleeOf(c) === fn);
}

export interface StreamParams {
  /** The kind of 0.2 stream a parameter holds, if it holds one. */
  kindOf(p: ParameterDeclaration): StreamKind | undefined;
  /**
   * The interface of a proposal with no 0.3 release (util.ts keptOrigin) whose streams are all a stream parameter is
   * ever handed, directly or through the parameters that pass it on: such a parameter stays a 0.2 stream.
   */
  keptOf(p: ParameterDeclaration): string | undefined;
  /** Calls in `file` that hand a stream parameter of a function its value (a parameter that stays a 0.2 stream left out): the argument and the kind. */
  handedIn(file: SourceFile): { readonly arg: Node; readonly kind: StreamKind }[];
  /** The files holding a stream parameter. */
  readonly files: ReadonlySet<string>;
}

export function findStreamParams(project: Project): StreamParams {
  const kinds = new Map<string, StreamKind>();
  const names = new Set<string>();
  const files = new Set<string>();
  const todo: { p: ParameterDeclaration; kind: StreamKind }[] = [];
  const mark = (p: ParameterDeclaration, kind: StreamKind) => {
    const key = keyOf(p);
    if (!key || kinds.has(key)) return;
    kinds.set(key, kind);
    files.add(p.getSourceFile().getFilePath());
    todo.push({ p, kind });
  };
  for (const file of project.getSourceFiles()) {
    const text = file.getFullText();
    if (!SEED_WORDS.some((w) => text.includes(w))) continue;
    for (const [kind, methods] of SEEDS) {
      for (const recv of methodReceivers(file, methods)) {
        const d = declarationOf(recv);
        if (d && Node.isParameterDeclaration(d)) mark(d, kind);
      }
    }
  }
  // What each parameter is handed when every call hands it a kept package's stream or a parameter's value.
  const feeds = new Map<string, { ifaces: string[]; params: string[] }>();
  while (todo.length) {
    const { p, kind } = todo.pop()!;
    const fn = p.getParent() as FunctionLike;
    const name = nameOf(fn)!;
    names.add(name.slice(name.lastIndexOf('.') + 1));
    const at = fn.getParameters().indexOf(p);
    let fed: { ifaces: string[]; params: string[] } | undefined = { ifaces: [], params: [] };
    const calls = callsOf(fn);
    if (!calls.length) fed = undefined;
    for (const call of calls) {
      const arg = call.getArguments()[at];
      const d = arg && Node.isIdentifier(arg) ? declarationOf(arg) : undefined;
      if (d && Node.isParameterDeclaration(d)) {
        mark(d, kind);
        const key = keyOf(d);
        if (key) fed?.params.push(key);
        else fed = undefined;
        continue;
      }
      const kept = keptOrigin(call.getSourceFile(), arg);
      if (kept) fed?.ifaces.push(kept);
      else fed = undefined;
    }
    if (fed) feeds.set(keyOf(p)!, fed);
  }
  // Kept: fed only so, by parameters kept themselves (to a fixpoint), and by one stream of a kept package at least.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, fed] of feeds) {
      if (fed.params.every((k) => feeds.has(k))) continue;
      feeds.delete(key);
      changed = true;
    }
  }
  const kept = new Map<string, string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, fed] of feeds) {
      const iface = kept.has(key) ? undefined : fed.ifaces[0] ?? fed.params.map((k) => kept.get(k)).find((i) => i);
      if (!iface) continue;
      kept.set(key, iface);
      changed = true;
    }
  }
  const kindOf = (p: ParameterDeclaration): StreamKind | undefined => {
    const key = kinds.size ? keyOf(p) : undefined;
    return key ? kinds.get(key) : undefined;
  };
  const keptOf = (p: ParameterDeclaration): string | undefined => {
    const key = kept.size ? keyOf(p) : undefined;
    return key ? kept.get(key) : undefined;
  };
  return {
    kindOf,
    keptOf,
    files,
    handedIn(file) {
      if (!kinds.size) return [];
      const text = file.getFullText();
      if (![...names].some((n) => text.includes(n))) return [];
      const out: { arg: Node; kind: StreamKind }[] = [];
      for (const call of descendantsWhere(file, SyntaxKind.CallExpression, (n, sf) => ts.isCallExpression(n) && ts.isIdentifier(n.expression) && names.has(n.expression.getText(sf)))) {
        const fn = calleeOf(call);
        if (!fn) continue;
        fn.getParameters().forEach((p, i) => {
          const kind = kindOf(p);
          const arg = call.getArguments()[i];
          if (kind && arg && !keptOf(p)) out.push({ arg, kind });
        });
      }
      return out;
    },
  };
}

/** Whether `id` is an argument that hands a parameter of kind `kind` its value (`writeAll(out, bytes)` for `out`). */
export function handsOn(streams: StreamParams, id: Node, kind: StreamKind): boolean {
  const call = id.getParent();
  if (!call || !Node.isCallExpression(call)) return false;
  const at = call.getArguments().indexOf(id);
  const p = at >= 0 ? calleeOf(call)?.getParameters()[at] : undefined;
  return !!p && streams.kindOf(p) === kind;
}

/**
 * Meaning-keeping mutations of code that calls jco's WASI 0.2 bindings, for
 * the bindings verdict fuzzer (bindings-check.ts). Each takes the text of one
 * module and gives it back rewritten (or undefined where it found nothing to
 * do): the program does the same thing, only its names, layout or structure
 * differ. A mutation marked `pure` changes names, layout or comments only:
 * the rewriter's verdict must not depend on it.
 *
 * Everything is derived from a seed: `mutateModule(text, file, seed)` gives
 * the same output for the same input and seed.
 */
import { Node, Project, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import { readFileSync } from 'node:fs';
import { Rng } from './mutate.js';
import { indentOf } from '../bindings/code/util.js';
import { styleOf } from '../bindings/code/restyle.js';

export interface Mutation {
  readonly id: string;
  /** Names, layout, comments only: the verdict must be the unmutated module's. */
  readonly pure: boolean;
  /** Applies itself to `sf` in place; false when there was nothing to do. */
  readonly apply?: (sf: SourceFile, rng: Rng, isTs: boolean) => boolean;
  /** A text-level mutation (the formatter). */
  readonly applyText?: (text: string, rng: Rng, file: string) => Promise<string | undefined>;
}

const isTsFile = (file: string) => /\.[mc]?tsx?$/.test(file);

/** Declarations whose names a rename may change: not exported, plain identifiers. */
function localNames(sf: SourceFile): Node[] {
  const out: Node[] = [];
  sf.forEachDescendant((n) => {
    if (Node.isVariableDeclaration(n) || Node.isParameterDeclaration(n) || Node.isFunctionDeclaration(n) || Node.isClassDeclaration(n)) {
      const name = n.getNameNode();
      if (!name || !Node.isIdentifier(name)) return;
      if ((Node.isFunctionDeclaration(n) || Node.isClassDeclaration(n)) && n.isExported()) return;
      if (Node.isVariableDeclaration(n) && n.getVariableStatement()?.isExported()) return;
      if (Node.isParameterDeclaration(n) && name.getText() === 'this') return;
      // A name another module imports is its export list's business: `export { x }` lists keep the name.
      if (name.findReferencesAsNodes().some((r) => r.getFirstAncestorByKind(SyntaxKind.ExportSpecifier))) return;
      // A shorthand property (`{ handle }`) names the property too: the rename would change the object.
      if (inShorthand(name)) return;
      out.push(n);
    } else if (Node.isBindingElement(n)) {
      const name = n.getNameNode();
      if (Node.isIdentifier(name) && !n.getPropertyNameNode() && !inShorthand(name)) out.push(n);
    }
  });
  return out;
}

/** Some reference of the name is a shorthand property (`{ handle }`), whose property a rename would rename too. */
function inShorthand(name: Node): boolean {
  if (!Node.isIdentifier(name)) return false;
  return name.findReferencesAsNodes().some((r) => Node.isShorthandPropertyAssignment(r.getParent()));
}

const WORDS = ['value', 'item', 'thing', 'data', 'res', 'tmp', 'x', 'handle2', 'stream2', 'out2'];

function freshName(sf: SourceFile, rng: Rng, base: string): string {
  const taken = new Set<string>();
  sf.forEachDescendant((n) => {
    if (Node.isIdentifier(n)) taken.add(n.getText());
  });
  for (let i = 0; ; i++) {
    const name = rng.int(2) ? `${base}${rng.int(90) + 10}` : `${rng.pick(WORDS)}${base.charAt(0).toUpperCase()}${base.slice(1)}${i || ''}`;
    if (!taken.has(name)) return name;
  }
}

const renameLocal: Mutation = {
  id: 'rename-local',
  pure: true,
  apply(sf, rng) {
    const decls = localNames(sf);
    if (!decls.length) return false;
    const d = rng.pick(decls) as Node & { getNameNode(): Node; rename(name: string, options?: object): void };
    const old = d.getNameNode().getText();
    d.rename(freshName(sf, rng, old), { usePrefixAndSuffixText: true });
    return true;
  },
};

const wasiImports = (sf: SourceFile) => sf.getImportDeclarations().filter((i) => /^wasi:/.test(i.getModuleSpecifierValue()));

const importAlias: Mutation = {
  id: 'import-alias',
  pure: true,
  apply(sf, rng) {
    const specs = wasiImports(sf).flatMap((i) => i.getNamedImports()).filter((s) => !s.getAliasNode() && !inShorthand(s.getNameNode()));
    if (!specs.length) return false;
    const s = rng.pick(specs);
    const alias = freshName(sf, rng, s.getName());
    // Rename the local binding: the language service turns `{ X }` into `{ X as alias }` and follows every use.
    const local = s.getNameNode();
    if (!Node.isIdentifier(local)) return false;
    local.rename(alias, { usePrefixAndSuffixText: true });
    return true;
  },
};

/** `ref` names the export in `import('m').X` (a type's qualifier), not the local binding: it stays. */
function importTypeQualifier(ref: Node): boolean {
  let n = ref;
  while (Node.isQualifiedName(n.getParent())) n = n.getParent()!;
  const p = n.getParent();
  return Node.isImportTypeNode(p) && p.getQualifier() === n;
}

const namespaceImport: Mutation = {
  id: 'namespace-import',
  pure: true,
  apply(sf, rng) {
    const decls = wasiImports(sf).filter((i) => !i.getDefaultImport() && !i.getNamespaceImport() && !i.isTypeOnly() && i.getNamedImports().length > 0 && i.getNamedImports().every((s) => !s.isTypeOnly()));
    if (!decls.length) return false;
    const decl = rng.pick(decls);
    const iface = /\/([a-z-]+)@/.exec(decl.getModuleSpecifierValue())?.[1] ?? 'ns';
    const ns = freshName(sf, rng, iface.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
    const edits: { node: Node; text: string }[] = [];
    for (const spec of decl.getNamedImports()) {
      const name = spec.getName();
      const local = spec.getAliasNode() ?? spec.getNameNode();
      if (!Node.isIdentifier(local)) return false;
      for (const ref of local.findReferencesAsNodes()) {
        if (ref.getSourceFile() !== sf || ref === local || ref.getFirstAncestorByKind(SyntaxKind.ImportDeclaration) || importTypeQualifier(ref)) continue;
        const parent = ref.getParent();
        if (parent && Node.isShorthandPropertyAssignment(parent)) edits.push({ node: parent, text: `${ref.getText()}: ${ns}.${name}` });
        else if (parent && Node.isExportSpecifier(parent)) return false;
        else edits.push({ node: ref, text: `${ns}.${name}` });
      }
    }
    for (const e of edits.sort((a, b) => b.node.getStart() - a.node.getStart())) e.node.replaceWithText(e.text);
    const spec = decl.getModuleSpecifierValue();
    const quote = decl.getModuleSpecifier().getText().charAt(0);
    decl.replaceWithText(`import * as ${ns} from ${quote}${spec}${quote};`);
    return true;
  },
};

/** Statements in blocks (function bodies, the module) that a mutation may touch. */
function statements(sf: SourceFile): Node[] {
  return sf.getDescendants().filter((n) => Node.isStatement(n) && (Node.isBlock(n.getParent()) || Node.isSourceFile(n.getParent())) && !Node.isImportDeclaration(n));
}

const COMMENTS = ['// note: keep this in step with the host', '/* checked by hand */', '// TODO: tidy', '// see the docs'];

const addComment: Mutation = {
  id: 'add-comment',
  pure: true,
  apply(sf, rng) {
    const stmts = statements(sf);
    if (!stmts.length) return false;
    const s = rng.pick(stmts);
    const indent = indentOf(s);
    sf.insertText(s.getStart(), `${rng.pick(COMMENTS)}\n${indent}`);
    return true;
  },
};

const reorderFunctions: Mutation = {
  id: 'reorder-functions',
  pure: true,
  apply(sf, rng) {
    const fns = sf.getFunctions().filter((f) => f.getName());
    if (fns.length < 2) return false;
    const i = rng.int(fns.length);
    let j = rng.int(fns.length - 1);
    if (j >= i) j++;
    const [a, b] = [fns[Math.min(i, j)]!, fns[Math.max(i, j)]!];
    const at = a.getStart(true);
    const bText = b.getFullText().replace(/^\s*\n/, '');
    b.remove();
    sf.insertText(at, `${bText.trimStart()}\n\n`);
    return true;
  },
};

const constToLet: Mutation = {
  id: 'const-to-let',
  pure: false,
  apply(sf, rng) {
    const lists = sf.getDescendantsOfKind(SyntaxKind.VariableDeclarationList).filter((l) => l.getText().startsWith('const ') && !l.getFirstAncestorByKind(SyntaxKind.VariableStatement)?.isExported() && !Node.isForOfStatement(l.getParent()) && !Node.isForInStatement(l.getParent()));
    if (!lists.length) return false;
    const l = rng.pick(lists);
    sf.replaceText([l.getStart(), l.getStart() + 'const'.length], 'let');
    return true;
  },
};

type Fn = Node & { getParameters(): import('ts-morph').ParameterDeclaration[] };
const functionsWithParams = (sf: SourceFile): Fn[] =>
  sf.getDescendants().filter((n): n is Fn => (Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n)) && n.getParameters().length > 0);

const anyParam: Mutation = {
  id: 'any-param',
  pure: false,
  apply(sf, rng, isTs) {
    const fns = functionsWithParams(sf).filter((f) => isTs || Node.isFunctionDeclaration(f));
    if (!fns.length) return false;
    const f = rng.pick(fns);
    const params = f.getParameters().filter((p) => Node.isIdentifier(p.getNameNode()) && !p.isRestParameter());
    if (!params.length) return false;
    const p = rng.pick(params);
    // A handler's own parameters are typed by its export; `any` on them is what an untyped module has anyway.
    if (isTs) {
      p.setType('any');
      return true;
    }
    const fn = f as import('ts-morph').FunctionDeclaration;
    if (fn.getJsDocs().length) return false;
    fn.addJsDoc({ description: '', tags: [{ tagName: 'param', text: `{any} ${p.getName()}` }] });
    return true;
  },
};

const stripAnnotation: Mutation = {
  id: 'strip-annotation',
  pure: false,
  apply(sf, rng, isTs) {
    if (!isTs) return false;
    const nodes = sf.getDescendants().filter(
      (n) =>
        ((Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isArrowFunction(n)) && !!n.getReturnTypeNode()) ||
        (Node.isVariableDeclaration(n) && !!n.getTypeNode() && !!n.getInitializer()),
    );
    if (!nodes.length) return false;
    const n = rng.pick(nodes);
    if (Node.isVariableDeclaration(n)) n.removeType();
    else (n as import('ts-morph').FunctionDeclaration).removeReturnType();
    return true;
  },
};

/** A node uses nothing that a new function scope would change. */
const scopeFree = (n: Node) => !n.getDescendants().some((d) => Node.isThisExpression(d) || Node.isSuperExpression(d) || Node.isYieldExpression(d) || (Node.isIdentifier(d) && d.getText() === 'arguments'));

const returnViaConst: Mutation = {
  id: 'return-via-const',
  pure: false,
  apply(sf, rng) {
    const rets = sf.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => {
      const e = r.getExpression();
      return e && Node.isBlock(r.getParent()) && !Node.isIdentifier(e) && !Node.isLiteralExpression(e) && !Node.isObjectLiteralExpression(e);
    });
    if (!rets.length) return false;
    const r = rng.pick(rets);
    const name = freshName(sf, rng, 'result');
    const indent = indentOf(r);
    sf.replaceText([r.getStart(), r.getEnd()], `const ${name} = ${r.getExpression()!.getText()};\n${indent}return ${name};`);
    return true;
  },
};

const argToConst: Mutation = {
  id: 'arg-to-const',
  pure: false,
  apply(sf, rng) {
    const calls = sf.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => {
      const stmt = c.getParentWhile((p) => !Node.isStatement(p));
      const at = stmt?.getParent();
      if (!at || !(Node.isExpressionStatement(at) || Node.isVariableStatement(at) || Node.isReturnStatement(at)) || !Node.isBlock(at.getParent())) return false;
      // Only what runs first in its statement: an argument of the statement's outermost call, no conditional evaluation around it.
      const outer = Node.isExpressionStatement(at) ? at.getExpression() : Node.isReturnStatement(at) ? at.getExpression() : at.getDeclarations()[0]?.getInitializer();
      const target = outer && Node.isAwaitExpression(outer) ? outer.getExpression() : outer;
      if (!target || !Node.isCallExpression(target) || (Node.isVariableStatement(at) && at.getDeclarations().length !== 1)) return false;
      // Hoisted, it runs before the callee and the arguments before it: those must do nothing (no call in the callee, literals before it).
      const args = target.getArguments();
      const i = args.indexOf(c);
      const quiet = (n: Node) => !n.getDescendantsOfKind(SyntaxKind.CallExpression).length && !n.getDescendantsOfKind(SyntaxKind.NewExpression).length && !Node.isCallExpression(n);
      return i >= 0 && quiet(target.getExpression()) && args.slice(0, i).every((a) => Node.isLiteralExpression(a) || Node.isNoSubstitutionTemplateLiteral(a));
    });
    if (!calls.length) return false;
    const c = rng.pick(calls);
    const stmt = c.getParentWhile((p) => !Node.isBlock(p))!;
    const name = freshName(sf, rng, 'arg');
    const indent = indentOf(stmt);
    const text = c.getText();
    const start = stmt.getStart();
    c.replaceWithText(name);
    sf.insertText(start, `const ${name} = ${text};\n${indent}`);
    return true;
  },
};

const intoArrow: Mutation = {
  id: 'into-arrow',
  pure: false,
  apply(sf, rng) {
    const decls = sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration).filter((d) => {
      const init = d.getInitializer();
      return !!init && Node.isCallExpression(init) && scopeFree(init) && !init.getDescendants().some((x) => Node.isAwaitExpression(x)) && !!d.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
    });
    if (!decls.length) return false;
    const d = rng.pick(decls);
    const init = d.getInitializer()!;
    init.replaceWithText(`(() => ${init.getText()})()`);
    return true;
  },
};

const methodToHelper: Mutation = {
  id: 'method-to-helper',
  pure: false,
  apply(sf, rng, isTs) {
    const methods = sf.getDescendants().filter((n): n is import('ts-morph').MethodDeclaration | import('ts-morph').FunctionDeclaration => {
      if (!(Node.isMethodDeclaration(n) || Node.isFunctionDeclaration(n)) || !n.getBody() || n.isGenerator() || n.isAsync()) return false;
      if (Node.isMethodDeclaration(n) && !Node.isObjectLiteralExpression(n.getParent())) return false;
      // Module-level only: the helper sees the same names the body saw.
      if (n.getAncestors().some((a) => a !== n && Node.isFunctionLikeDeclaration(a))) return false;
      if (n.getParameters().some((p) => !Node.isIdentifier(p.getNameNode()) || p.isRestParameter())) return false;
      return scopeFree(n.getBody()!);
    });
    if (!methods.length) return false;
    const m = rng.pick(methods);
    const name = freshName(sf, rng, `${m.getName() ?? 'body'}Impl`);
    const params = m.getParameters().map((p) => p.getText()).join(', ');
    const args = m.getParameters().map((p) => p.getName()).join(', ');
    const ret = isTs && m.getReturnTypeNode() ? `: ${m.getReturnTypeNode()!.getText()}` : '';
    const body = m.getBody()!.getText();
    const helper = `\nfunction ${name}(${params})${ret} ${body}\n`;
    const indent = indentOf(m);
    const b = m.getBody()!;
    sf.replaceText([b.getStart(), b.getEnd()], `{\n${indent}${styleOf(sf.getFullText()).indentationText}return ${name}(${args});\n${indent}}`);
    sf.insertText(sf.getEnd(), helper);
    return true;
  },
};

const tryFinally: Mutation = {
  id: 'try-finally',
  pure: false,
  apply(sf, rng) {
    const bodies = sf.getDescendants().filter((n) => Node.isBlock(n) && Node.isFunctionLikeDeclaration(n.getParent()) && n.getStatements().length > 0 && !n.getParent()!.getDescendants().some((d) => Node.isYieldExpression(d)));
    if (!bodies.length) return false;
    const b = rng.pick(bodies) as import('ts-morph').Block;
    const counter = freshName(sf, rng, 'calls');
    const inner = b.getStatements().map((s) => s.getText()).join('\n');
    b.replaceWithText(`{\n  try {\n${inner}\n  } finally {\n    ${counter}++;\n  }\n}`);
    const lastImport = sf.getImportDeclarations().at(-1);
    sf.insertText(lastImport ? lastImport.getEnd() : 0, `${lastImport ? '\n' : ''}let ${counter} = 0;\n`);
    return true;
  },
};

/** The loop or switch an unlabelled \`break\` ends is inside \`within\` (a function in between: it is the function's). */
function breaksWithin(b: Node, within: Node): boolean {
  for (let n = b.getParent(); n; n = n.getParent()) {
    if (Node.isIterationStatement(n) || Node.isSwitchStatement(n) || Node.isFunctionLikeDeclaration(n)) return n.getStart() >= within.getStart() && n.getEnd() <= within.getEnd();
  }
  return false;
}

const switchNarrow: Mutation = {
  id: 'switch-wrap',
  pure: false,
  apply(sf, rng) {
    // `const v = e; rest` -> `const v = e; switch (typeof v) { default: { rest } }` keeps every path (one default clause).
    const decls = sf.getDescendantsOfKind(SyntaxKind.VariableStatement).filter((s) => Node.isBlock(s.getParent()) && s.getDeclarations().length === 1 && Node.isIdentifier(s.getDeclarations()[0]!.getNameNode()) && !!s.getNextSibling());
    if (!decls.length) return false;
    const s = rng.pick(decls);
    const name = s.getDeclarations()[0]!.getName();
    const rest = s.getNextSiblings().filter((n) => Node.isStatement(n));
    // Declarations after it stay visible to the rest only: no function declaration hoisted out of the block may be used above.
    if (rest.some((r) => Node.isFunctionDeclaration(r) || Node.isClassDeclaration(r))) return false;
    // A \`break\` of a loop or switch around it would end the switch instead (the loop after it runs on).
    if (rest.some((r) => [r, ...r.getDescendantsOfKind(SyntaxKind.BreakStatement)].some((b) => Node.isBreakStatement(b) && !b.getLabel() && !breaksWithin(b, r)))) return false;
    // A \`let\` or \`const\` of the rest that code above it names (a closure read later) would leave its scope.
    const start = rest[0]!.getStart();
    const end = rest.at(-1)!.getEnd();
    const declared = new Set(rest.flatMap((r) => (Node.isVariableStatement(r) ? r.getDeclarations().flatMap((d) => [d.getNameNode(), ...d.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier)]) : [])).filter((n) => Node.isIdentifier(n)).map((n) => n.getText()));
    if (s.getParent()!.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => declared.has(id.getText()) && (id.getStart() < start || id.getEnd() > end))) return false;
    const text = rest.map((r) => r.getText()).join('\n');
    sf.replaceText([start, end], `switch (typeof ${name}) {\n  default: {\n${text}\n  }\n}`);
    return true;
  },
};

/**
 * The checker's type of `n` has no `null` in it and is known (not any, unknown or a type parameter). Without
 * strict null checks a type never holds `null`: nothing is known then.
 */
function neverNull(n: Node): boolean {
  const o = n.getProject().getCompilerOptions();
  if (!(o.strictNullChecks ?? o.strict)) return false;
  const t = n.getType();
  return (t.isUnion() ? t.getUnionTypes() : [t]).every((u) => !u.isNull() && !u.isAny() && !u.isUnknown() && !u.isTypeParameter());
}

const assertPresent: Mutation = {
  id: 'assert-present',
  pure: false,
  apply(sf, rng, isTs) {
    // `const v = f(); use(v)` -> `const v = f(); assertPresent(v); use(v)`, the assertion throwing on `null`: the value
    // passes through a function of the module. Only where the type says `f()` never gives `null` (jco's bindings
    // never do: an option is `undefined`), else the assertion would throw where the program ran on.
    const decls = sf.getDescendantsOfKind(SyntaxKind.VariableStatement).filter((s) => {
      const d = s.getDeclarations()[0];
      return Node.isBlock(s.getParent()) && s.getDeclarations().length === 1 && Node.isIdentifier(d!.getNameNode()) && Node.isCallExpression(d!.getInitializer()) && neverNull(d!.getInitializer()!);
    });
    if (!decls.length) return false;
    const s = rng.pick(decls);
    const fn = freshName(sf, rng, 'assertPresent');
    const indent = indentOf(s);
    const unit = styleOf(sf.getFullText()).indentationText;
    sf.insertText(s.getEnd(), `\n${indent}${fn}(${s.getDeclarations()[0]!.getName()});`);
    sf.insertText(
      sf.getEnd(),
      isTs
        ? `\nfunction ${fn}<T>(value: T): asserts value is Exclude<T, null> {\n${unit}if (value === null) throw new Error('missing value');\n}\n`
        : `\n/**\n * @template T\n * @param {T} value\n * @returns {asserts value is Exclude<T, null>}\n */\nfunction ${fn}(value) {\n${unit}if (value === null) throw new Error('missing value');\n}\n`,
    );
    return true;
  },
};

const reformat: Mutation = {
  id: 'reformat',
  pure: true,
  async applyText(text, rng, file) {
    const prettier = await import('prettier');
    try {
      return await prettier.format(text, {
        filepath: file,
        semi: rng.int(2) === 0,
        singleQuote: rng.int(2) === 0,
        tabWidth: rng.pick([2, 4]),
        useTabs: rng.int(5) === 0,
        printWidth: rng.pick([40, 80, 120]),
        trailingComma: rng.pick(['all', 'es5', 'none'] as const),
        arrowParens: rng.pick(['always', 'avoid'] as const),
      });
    } catch {
      return undefined;
    }
  },
};

/**
 * A tuple of one element type in a local, unexported type (`type Ipv4Address = [number, number, number, number]`)
 * becomes an array of it: the program runs the same, and a hand-written shape of a WASI value turns looser than jco's.
 */
const widenTuple: Mutation = {
  id: 'widen-tuple',
  pure: false,
  apply(sf, rng, isTs) {
    if (!isTs) return false;
    const local = [...sf.getInterfaces(), ...sf.getTypeAliases()].filter((d) => !d.isExported());
    const tuples = local.flatMap((d) => d.getDescendantsOfKind(SyntaxKind.TupleType)).filter((t) => {
      const els = t.getElements().map((e) => e.getText());
      return els.length > 1 && els.every((e) => e === els[0] && /^[\w.]+$/.test(e));
    });
    if (!tuples.length) return false;
    const t = rng.pick(tuples);
    t.replaceWithText(`${t.getElements()[0]!.getText()}[]`);
    return true;
  },
};

export const MUTATIONS: readonly Mutation[] = [
  renameLocal,
  importAlias,
  namespaceImport,
  addComment,
  reorderFunctions,
  reformat,
  constToLet,
  anyParam,
  stripAnnotation,
  returnViaConst,
  argToConst,
  intoArrow,
  methodToHelper,
  tryFinally,
  switchNarrow,
  assertPresent,
  widenTuple,
];

export interface Mutated {
  readonly text: string;
  /** The mutations applied, in order. */
  readonly ops: string[];
  /** Every mutation applied was pure. */
  readonly pure: boolean;
}

/**
 * The in-memory project a mutation works in: strict null checks (what a call may give), and `types` (declaration
 * files on disk: jco's types for the module's world, whose `declare module 'wasi:...'` type its imports).
 */
export function mutationProject(types: readonly string[] = []): Project {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, strict: true, target: ts.ScriptTarget.ES2022 } });
  for (const f of types) project.createSourceFile(f, readFileSync(f, 'utf8'));
  return project;
}

/**
 * Applies `count` mutations chosen by `seed` (only pure ones when `pureOnly`);
 * each step starts from the text the last one gave, and one whose output no
 * longer parses is dropped.
 */
export async function mutateModule(text: string, file: string, seed: number, count: number, pureOnly = false, types: readonly string[] = []): Promise<Mutated> {
  const rng = new Rng(seed);
  const isTs = isTsFile(file);
  const pool = MUTATIONS.filter((m) => !pureOnly || m.pure);
  const ops: string[] = [];
  let pure = true;
  let cur = text;
  const project = mutationProject(types);
  for (let k = 0, tries = 0; k < count && tries < count * 4; tries++) {
    const m = rng.pick(pool);
    let next: string | undefined;
    if (m.applyText) next = await m.applyText(cur, rng, file);
    else {
      const sf = project.createSourceFile(`/m/${file.replace(/.*\//, '')}`, cur, { overwrite: true });
      try {
        next = m.apply!(sf, rng, isTs) ? sf.getFullText() : undefined;
      } catch {
        next = undefined;
      }
    }
    if (next === undefined || next === cur || !parses(next, file)) continue;
    cur = next;
    ops.push(m.id);
    pure &&= m.pure;
    k++;
  }
  return { text: cur, ops, pure };
}

function parses(text: string, file: string): boolean {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, isTsFile(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length === 0;
}

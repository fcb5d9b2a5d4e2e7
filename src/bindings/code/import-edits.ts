/**
 * The import declaration edits of `bindings/specifiers` (a named import
 * removed, the module specifier set) as plain text, applied to the file in
 * one replacement: made through ts-morph, each was a re-parse of the whole
 * file and a re-mapping of its node wrappers (~1,150 of them on the 500-file
 * bench project, 2.5 a file). The texts are the ones ts-morph's own calls
 * write (`ImportSpecifier.remove`, its comma and whitespace rules;
 * `StringLiteral.setLiteralValue`), worked out on the declaration's text
 * alone, so the output is the same as with those calls one after another.
 *
 * Only for declarations that can be edited so: named imports with no
 * comment inside the braces, in a file with `\n` line ends and no two WASI
 * imports of one 0.3 interface (the merging of those reads the edited
 * declarations). Elsewhere, and for any edit that is not one of these two
 * (`direct`), the caller makes its edits through ts-morph instead.
 */
import { Node, type ImportDeclaration, type ImportSpecifier, type SourceFile, ts } from 'ts-morph';
import { EditBatch, type Place } from './edit-batch.js';
import { WASI_SPEC, ifaceIn03 } from './wasi-imports.js';
import type { MessageData } from '../../util/messages.js';

type Recorder = { edit(node: Node, note: string): void; review(node: Node, messageId: string, data?: MessageData): void };

/** A step the text edits do not cover: the caller starts again with ts-morph's. */
export class NotAsText extends Error {}

/** What `bindings/specifiers` does to an import declaration and records about it. */
export interface ImportEditor {
  removeName(decl: ImportDeclaration, n: ImportSpecifier): void;
  setModuleSpecifier(decl: ImportDeclaration, spec: string): void;
  /** How many named imports `decl` has now. */
  namedLeft(decl: ImportDeclaration): number;
  edit(node: ImportDeclaration, note: string): void;
  review(node: ImportDeclaration, messageId: string, data?: MessageData): void;
  /** An edit these texts do not make (a name renamed at its uses): throws `NotAsText` unless edits go through ts-morph. */
  direct(): void;
  /** Applies what is pending; the declarations `keep` on the tree now. */
  finish(keep: ImportDeclaration[]): ImportDeclaration[];
}

/** Edits through ts-morph, one at a time (what the transform did before). */
export function directEditor(ctx: Recorder): ImportEditor {
  return {
    removeName: (_decl, n) => n.remove(),
    setModuleSpecifier: (decl, spec) => void decl.setModuleSpecifier(spec),
    namedLeft: (decl) => decl.getNamedImports().length,
    edit: (node, note) => ctx.edit(node, note),
    review: (node, messageId, data) => ctx.review(node, messageId, data),
    direct: () => undefined,
    finish: (keep) => keep,
  };
}

interface DeclText {
  text: string;
  /** Named imports removed so far (in source order: the transform removes them walking forward). */
  removed: number;
  readonly names: readonly ImportSpecifier[];
}

/** Can `file`'s WASI imports be edited as text (see the header)? */
export function importsAsText(file: SourceFile): boolean {
  if (file.getFullText().includes('\r')) return false;
  const seen = new Set<string>();
  for (const st of file.compilerNode.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const m = WASI_SPEC.exec(st.moduleSpecifier.text);
    if (!m) continue;
    const key = ifaceIn03(`wasi:${m[1]}/${m[2]}`);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** Edits as text, applied by `finish` with one replacement; edit and review records follow then, on the new tree. */
export function textEditor(file: SourceFile, ctx: Recorder): ImportEditor {
  const batch = new EditBatch();
  const decls = new Map<ImportDeclaration, DeclText>();
  const places = new Map<ImportDeclaration, Place>();
  const records: { decl: ImportDeclaration; note?: string; review?: { messageId: string; data?: MessageData } }[] = [];
  const placeOf = (decl: ImportDeclaration): Place => {
    let p = places.get(decl);
    if (!p) places.set(decl, (p = batch.track(decl)));
    return p;
  };
  const stateOf = (decl: ImportDeclaration): DeclText => {
    let s = decls.get(decl);
    if (s) return s;
    const named = decl.getImportClause()?.getNamedBindings();
    if (!named || !Node.isNamedImports(named) || /\/[/*]/.test(named.getText())) throw new NotAsText();
    placeOf(decl);
    decls.set(decl, (s = { text: decl.getText(), removed: 0, names: decl.getNamedImports() }));
    return s;
  };
  return {
    removeName(decl, n) {
      const s = stateOf(decl);
      const index = s.names.indexOf(n) - s.removed;
      // ts-morph removes the last named import of a declaration with a default or namespace import differently.
      if (index < 0 || (s.names.length - s.removed === 1 && (decl.getDefaultImport() || decl.getNamespaceImport()))) throw new NotAsText();
      s.text = withoutNamedImport(s.text, index);
      s.removed++;
    },
    setModuleSpecifier(decl, spec) {
      if (!/^[\w:/@.-]+$/.test(spec)) throw new NotAsText();
      const s = stateOf(decl);
      s.text = withSpecifier(s.text, spec);
    },
    namedLeft(decl) {
      const s = decls.get(decl);
      return s ? s.names.length - s.removed : decl.getNamedImports().length;
    },
    edit(decl, note) {
      placeOf(decl);
      records.push({ decl, note });
    },
    review(decl, messageId, data) {
      placeOf(decl);
      records.push({ decl, review: { messageId, data } });
    },
    direct() {
      throw new NotAsText();
    },
    finish(keep) {
      // Declarations with comments above go by a replacement of the whole file (removeImports), which forgets every
      // node: the records would then be found by the text their statements had when made, before these edits.
      if (keep.some((d) => d.getLeadingCommentRanges().length)) throw new NotAsText();
      for (const d of keep) placeOf(d);
      for (const [decl, s] of decls) {
        if (s.text === decl.getText()) continue;
        // What follows `import`: a range from a statement's start would take the file's whole statement list with it
        // (ts-morph cannot map that and re-parses through its error path). The declaration's own wrappers are
        // forgotten, so that ts-morph maps the declaration itself onto the new one and nothing inside it.
        decl.forgetDescendants();
        const keyword = 'import'.length;
        batch.replace(file, decl.getStart() + keyword, decl.getEnd(), s.text.slice(keyword));
      }
      batch.flush();
      const now = (d: ImportDeclaration): ImportDeclaration => {
        const found = batch.nodeAt<ImportDeclaration>(places.get(d)!);
        if (!found) throw new Error(`import declaration lost after its edits: ${places.get(d)!.start}`);
        return found;
      };
      for (const r of records) {
        if (r.note !== undefined) ctx.edit(now(r.decl), r.note);
        else ctx.review(now(r.decl), r.review!.messageId, r.review!.data);
      }
      return keep.map(now);
    },
  };
}

/** `text` (one import declaration) parsed alone: its named imports' list (elements and commas). */
function namedList(text: string): { sf: ts.SourceFile; elements: ts.NodeArray<ts.ImportSpecifier>; kids: readonly ts.Node[]; ms: ts.Expression } {
  const sf = ts.createSourceFile('decl.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const decl = sf.statements[0];
  const named = decl && ts.isImportDeclaration(decl) ? decl.importClause?.namedBindings : undefined;
  if (!decl || sf.statements.length !== 1 || !named || !ts.isNamedImports(named)) throw new NotAsText();
  const list = named.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.SyntaxList);
  if (!list) throw new NotAsText();
  return { sf, elements: named.elements, kids: list.getChildren(sf), ms: (decl as ts.ImportDeclaration).moduleSpecifier };
}

/**
 * The declaration without its `index`th named import, as ts-morph's
 * `removeCommaSeparatedChild` writes it: the element with the comma after
 * it (or, for the last one with none, the comma before it); a first element
 * takes the spaces and line ends after it, any other those before it.
 */
function withoutNamedImport(text: string, index: number): string {
  const { sf, elements, kids } = namedList(text);
  const child = elements[index];
  if (!child) throw new NotAsText();
  const i = kids.indexOf(child);
  const first = i === 0;
  const remove: ts.Node[] = [child];
  if (kids[i + 1]?.kind === ts.SyntaxKind.CommaToken) remove.push(kids[i + 1]!);
  if (kids[kids.length - 1] === remove[remove.length - 1] && kids[i - 1]?.kind === ts.SyntaxKind.CommaToken) remove.unshift(kids[i - 1]!);
  let pos = remove[0]!.getStart(sf);
  const precedingSpaces = !first || (kids.length === remove.length && firstOnLine(text, pos));
  const precedingNewLines = !first;
  if (precedingSpaces || precedingNewLines) {
    while (pos > 0 && removable(text.charCodeAt(pos - 1), precedingSpaces, precedingNewLines)) pos--;
  }
  let end = remove[remove.length - 1]!.end;
  if (first) while (end < text.length && removable(text.charCodeAt(end), true, true)) end++;
  return text.slice(0, pos) + text.slice(end);
}

function removable(c: number, spaces: boolean, newLines: boolean): boolean {
  return (newLines && (c === 13 || c === 10)) || (spaces && (c === 32 || c === 9));
}

/** ts-morph's `isFirstNodeOnLine`: only spaces and tabs before `pos` on its line. */
function firstOnLine(text: string, pos: number): boolean {
  for (let i = pos - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ' ' || c === '\t') continue;
    return c === '\n';
  }
  return true;
}

/** The declaration with `spec` between its module specifier's quotes (`StringLiteral.setLiteralValue`). */
function withSpecifier(text: string, spec: string): string {
  const { sf, ms } = namedList(text);
  if (!ts.isStringLiteral(ms)) throw new NotAsText();
  return text.slice(0, ms.getStart(sf) + 1) + spec + text.slice(ms.end - 1);
}

/**
 * Text edits collected over several steps and applied with one replacement
 * per file: ts-morph re-parses the whole file and re-maps every node wrapper
 * on each edit it makes, which made the async pass (one `async`, one return
 * type, one `await` per edit) the rewriter's largest cost.
 *
 * Each edit replaces a range of the file's current text. An edit may hold
 * earlier ones (an `await` around a call whose argument was already awaited:
 * its text is built from `textOf`, which applies them); one that would land
 * inside or across an earlier one throws `Nested`, and the caller applies the
 * edits of that file first (`flush(file)`) and does that step again on the
 * new tree.
 *
 * The texts are the ones ts-morph's own calls would insert (`asyncInsertion`:
 * where `setIsAsync` puts the keyword), so the output is the same as with
 * those calls one after another; a wrapped text keeps its lines as written.
 */
import { Node, type SourceFile, ts } from 'ts-morph';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** An edit would land inside or across a pending one of `file`. */
export class Nested extends Error {
  constructor(readonly file: SourceFile) {
    super('an edit lands inside or across a pending one');
  }
}

/** A node's place, kept true across flushes (its wrapper does not survive them). */
export interface Place {
  readonly file: SourceFile;
  start: number;
  end: number;
  readonly kind: ts.SyntaxKind;
}

export class EditBatch {
  private edits = new Map<SourceFile, Edit[]>();
  private places: Place[] = [];

  /** Where `node` is, followed through later flushes (`nodeAt` finds it again). */
  track(node: Node): Place {
    const p: Place = { file: node.getSourceFile(), start: node.getStart(), end: node.getEnd(), kind: node.getKind() };
    this.places.push(p);
    return p;
  }

  /** Copies of the pending edits, to go back to when a step turns out to need a flush first. */
  snapshot(): Map<SourceFile, Edit[]> {
    return new Map([...this.edits].map(([f, l]) => [f, [...l]] as const));
  }

  restore(s: Map<SourceFile, Edit[]>): void {
    this.edits = s;
  }

  get pending(): boolean {
    return this.edits.size > 0;
  }

  /** Whether `file` has edits pending. */
  pendingIn(file: SourceFile): boolean {
    return !!this.edits.get(file)?.length;
  }

  /** The text of `[start, end)` of `file` with the pending edits inside it applied. */
  textOf(file: SourceFile, start: number, end: number): string {
    const text = file.getFullText();
    let out = '';
    let at = start;
    for (const e of this.inside(file, start, end)) {
      out += text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + text.slice(at, end);
  }

  /** Replace `[start, end)` of `file` (current text) with `text`; pending edits inside it are taken into `text` by the caller (`textOf`). */
  replace(file: SourceFile, start: number, end: number, text: string): void {
    const held = new Set(this.inside(file, start, end));
    const list = (this.edits.get(file) ?? []).filter((e) => !held.has(e));
    list.push({ start, end, text });
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    this.edits.set(file, list);
  }

  /** Pending edits of `file` within `[start, end)`, in order; throws `Nested` when one crosses a bound or holds the range. */
  private inside(file: SourceFile, start: number, end: number): Edit[] {
    const out: Edit[] = [];
    for (const e of this.edits.get(file) ?? []) {
      const before = e.end < start || (e.end === start && e.start < start);
      const after = e.start > end || (e.start === end && (e.end > end || start < end));
      if (before || after) continue;
      if (e.start >= start && e.end <= end) out.push(e);
      else throw new Nested(file);
    }
    return out;
  }

  /** Applies the pending edits (of `only`, or all), one replacement per file, and moves the tracked places. Node wrappers of those files are forgotten. */
  flush(only?: SourceFile): void {
    for (const [file, list] of this.edits) {
      if (!list.length || (only && file !== only)) continue;
      const text = file.getFullText();
      const from = list[0]!.start;
      const to = list[list.length - 1]!.end;
      let middle = '';
      let at = from;
      for (const e of list) {
        middle += text.slice(at, e.start) + e.text;
        at = e.end;
      }
      middle += text.slice(at, to);
      for (const p of this.places) {
        if (p.file !== file) continue;
        p.start = moved(list, p.start, false);
        p.end = moved(list, p.end, true);
      }
      // ts-morph writes inserted text with the project's newline: text between the edits keeps the file's own
      // line ends only when none is `\r\n` (otherwise each edit goes in on its own, as ts-morph's calls did).
      if (!text.slice(from, to).includes('\r')) replaceRange(file, from, to, middle);
      else for (const e of [...list].reverse()) file.replaceText([e.start, e.end], e.text);
    }
    if (only) this.edits.delete(only);
    else this.edits.clear();
  }

  /** The node at a tracked place (of its kind, the outermost), on the file's current tree. */
  nodeAt<T extends Node>(p: Place): T | undefined {
    const sf = p.file.compilerNode;
    let found: ts.Node | undefined;
    const visit = (n: ts.Node): void => {
      if (found || n.pos > p.start || n.end < p.end) return;
      if (n.kind === p.kind && n.end === p.end && n.getStart(sf) === p.start) {
        found = n;
        return;
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(sf, visit);
    return found && (p.file as unknown as { _getNodeFromCompilerNode(n: ts.Node): T })._getNodeFromCompilerNode(found);
  }
}

/** A position after the edits: a start stays before text inserted at it, an end after text inserted inside the range. */
function moved(list: readonly Edit[], pos: number, isEnd: boolean): number {
  let shift = 0;
  for (const e of list) {
    const delta = e.text.length - (e.end - e.start);
    if (e.end < pos || (e.end === pos && (e.start < pos || isEnd))) shift += delta;
  }
  return pos + shift;
}

/** Where and what ts-morph's `setIsAsync(true)` inserts (its `addModifier`): after the modifiers `async` follows, before the rest. */
export function asyncInsertion(fn: Node & { getModifiers(): Node[] }): { pos: number; text: string } | undefined {
  const modifiers = fn.getModifiers().filter((m) => m.getKind() !== ts.SyntaxKind.Decorator);
  if (modifiers.some((m) => m.getText() === 'async')) return undefined;
  let pos = initialModifierPos(fn, modifiers);
  for (const after of ['export', 'default', 'declare', 'public', 'private', 'protected', 'static', 'override', 'abstract']) {
    const m = modifiers.find((x) => x.getText() === after);
    if (m && pos < m.getEnd()) pos = m.getEnd();
  }
  const first = modifiers.length === 0 || pos === modifiers[0]!.getStart();
  return { pos, text: first ? 'async ' : ' async' };
}

function initialModifierPos(fn: Node, modifiers: Node[]): number {
  if (modifiers.length > 0) return modifiers[0]!.getStart();
  if (Node.isArrowFunction(fn)) return fn.getStart();
  for (const child of fn.getChildren()) {
    if (child.getKind() === ts.SyntaxKind.SyntaxList || ts.isJSDocCommentContainingNode(child.compilerNode)) continue;
    return child.getStart();
  }
  return fn.getStart();
}

/**
 * `file.replaceText([from, to], text)`. ts-morph maps the nodes outside the
 * range onto the new tree and refuses ("children left over") when the new
 * text parses them differently: an intermediate text of the async pass (a
 * caller awaited before its own function is made async, in the next round)
 * can read a JavaScript `await` as an identifier and join statements after
 * the range. The whole file is then replaced: the same text, no mapping.
 */
function replaceRange(file: SourceFile, from: number, to: number, text: string): void {
  const full = file.getFullText();
  // A range from the start of the file's first statement into it takes the whole statement list, which ts-morph maps
  // only when the whole file is replaced: it refused, after building a program to report syntax errors with (slow).
  const first = file.compilerNode.statements[0];
  if (first && from <= first.getStart(file.compilerNode) && to > first.getStart(file.compilerNode)) {
    file.replaceWithText(full.slice(0, from) + text + full.slice(to));
    return;
  }
  try {
    file.replaceText([from, to], text);
  } catch (e) {
    if (file.getFullText() !== full) throw e;
    file.replaceWithText(full.slice(0, from) + text + full.slice(to));
  }
}

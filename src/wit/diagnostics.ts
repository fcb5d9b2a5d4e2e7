/**
 * Diagnostics: an error points at a file and a span; it is shown as
 * `file:line:col`, the source line and a caret, as wit-parser shows its own.
 */

/** An error at an offset of the text being lexed or parsed. Thrown inside the parser, caught at file level. */
export class WitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length = 0,
  ) {
    super(message);
  }
}

export interface SourceFile {
  /** Path as given by the user (or relative to the package root). */
  readonly path: string;
  readonly text: string;
}

export interface Diagnostic {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in Unicode code points as wit-parser does. */
  readonly col: number;
  readonly message: string;
  /** UTF-16 offset and length of the span in the file text (for carets and edits). */
  readonly offset: number;
  readonly length: number;
  readonly severity: 'error' | 'warning';
}

/** Line starts of a text, computed once per file and cached. */
const lineStartsCache = new WeakMap<SourceFile, number[]>();

function lineStarts(file: SourceFile): number[] {
  let starts = lineStartsCache.get(file);
  if (!starts) {
    starts = [0];
    const t = file.text;
    for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStartsCache.set(file, starts);
  }
  return starts;
}

export function locate(file: SourceFile, offset: number): { line: number; col: number } {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  const lineText = file.text.slice(starts[lo], Math.min(offset, file.text.length));
  return { line: lo + 1, col: [...lineText].length + 1 };
}

export function diagnostic(file: SourceFile, offset: number, length: number, message: string): Diagnostic {
  const { line, col } = locate(file, offset);
  return { file: file.path, line, col, message, offset, length, severity: 'error' };
}

/** Renders `error: msg`, `--> file:line:col`, the source line and a caret under the span. */
export function render(d: Diagnostic, text: string | undefined): string {
  const head = `error: ${d.message}\n  --> ${d.file}:${d.line}:${d.col}`;
  if (text === undefined) return head;
  const lines = text.split('\n');
  const src = (lines[d.line - 1] ?? '').replace(/\r$/, '');
  const gutter = String(d.line).length;
  const pad = ' '.repeat(gutter);
  const lineCps = [...src];
  const spanCps = Math.max(1, Math.min([...text.slice(d.offset, d.offset + d.length)].length, lineCps.length - d.col + 1));
  const lead = lineCps.slice(0, d.col - 1).map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
  const caret = '^' + '-'.repeat(Math.max(0, spanCps - 1));
  return `${head}\n${pad} |\n${d.line} | ${src}\n${pad} | ${lead}${caret}`;
}

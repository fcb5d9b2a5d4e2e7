/**
 * Printing and editing. A file prints as the concatenation of its tokens, so an
 * unchanged tree gives back its input byte for byte; an edit replaces one span
 * and leaves every other byte where it was.
 */
import type { File, Span } from './syntax.js';

export function print(file: File): string {
  const { text } = file.source;
  let out = '';
  const toks = file.tokens;
  for (let i = 0; i < toks.length; i++) out += text.slice(toks.start(i), toks.end(i));
  return out;
}

/** One replacement of a span of a file's text. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

/**
 * Applies non-overlapping edits to a text. Edits at the same point are applied
 * in the order given; overlapping edits are a bug in the caller and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i)
    .map((x) => x.e);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.span.start < at) throw new Error(`overlapping edits at offset ${e.span.start}`);
    out += text.slice(at, e.span.start) + e.text;
    at = e.span.end;
  }
  return out + text.slice(at);
}

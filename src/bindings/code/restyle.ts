/**
 * What the port wrote, in the file's own style. The transforms write code
 * with semicolons and single quotes (and the helpers are written so); a file
 * written without semicolons (StandardJS) or with double quotes (Prettier's
 * default) got lines in another style than its own. This pass runs on a
 * file's final text: on the lines the port wrote (a line the original file
 * does not have), it drops the semicolons that end statements where the file
 * leaves them out, and puts string literals in the file's quote.
 *
 * Only where it changes nothing else: a `;` stays when the next line starts
 * with `(`, `[`, a template or an operator (the two lines would be one
 * statement) or when another statement follows on its line; a string keeps
 * its quotes when it holds the file's quote character. Lines keep their
 * number, so the records of the run stay where they point.
 */
import { IndentationText, QuoteKind, ts } from 'ts-morph';

/** The file's own style, from its original text: whether it ends statements with `;`, and its quote. */
export interface FileStyle {
  readonly semicolons: boolean;
  readonly quote: "'" | '"';
  /** The quote of its import and export specifiers, when they use one more than the other (a file may quote its imports apart from its strings). */
  readonly importQuote?: "'" | '"';
}

export function fileStyle(text: string): FileStyle {
  const base = { semicolons: usesSemicolons(text), quote: styleOf(text).quoteKind === QuoteKind.Double ? '"' : "'" } as const;
  // With one quote kind in the whole text, the specifiers use the file's quote: no parse needed.
  if (!text.includes('"') || !text.includes("'")) return base;
  // The top-level import and export declarations' specifiers (only those statements are read, not the whole tree).
  const sf = ts.createSourceFile('style.ts', text, ts.ScriptTarget.Latest, false);
  const specs = sf.statements.flatMap((st) => ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier ? [text[st.moduleSpecifier.getStart(sf)]] : []));
  const double = specs.filter((q) => q === '"').length;
  const single = specs.length - double;
  const importQuote = double > single ? '"' : single > double ? "'" : undefined;
  return { ...base, ...(importQuote ? { importQuote } : {}) };
}

/**
 * A file's indentation unit (a tab, or the smallest step between indented
 * lines) and its quote (the one most string literals use), for ts-morph's
 * manipulation settings. Two spaces and single quotes when the file does not say.
 */
export function styleOf(text: string): { indentationText: IndentationText; quoteKind: QuoteKind } {
  let tabs = 0;
  const steps = new Map<number, number>();
  let prev = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.startsWith('\t')) tabs++;
    const n = lead.includes('\t') ? -1 : lead.length;
    if (n >= 0 && n > prev) steps.set(n - prev, (steps.get(n - prev) ?? 0) + 1);
    if (n >= 0) prev = n;
  }
  const spaces = [...steps].sort((a, b) => b[1] - a[1])[0]?.[0];
  const indentationText = tabs > (steps.get(spaces ?? 0) ?? 0) ? IndentationText.Tab : spaces === 4 ? IndentationText.FourSpaces : spaces === 8 ? IndentationText.EightSpaces : IndentationText.TwoSpaces;
  // Quotes in comments (the module names in JSDoc's import types) say nothing of the code's style.
  const code = text.replace(/\/\*[\s\S]*?\*\/|(^|[^:\\])\/\/[^\n]*/g, '$1');
  const double = (code.match(/"(?:[^"\\\n]|\\.)*"/g) ?? []).length;
  const single = (code.match(/'(?:[^'\\\n]|\\.)*'/g) ?? []).length;
  return { indentationText, quoteKind: double > single ? QuoteKind.Double : QuoteKind.Single };
}

/**
 * \`text\` (written with two-space steps, as the helpers are) indented by
 * \`unit\` a step (the file's own, from \`styleOf\`): each pair of leading
 * spaces becomes one \`unit\`; an odd space left (a JSDoc line's \` *\`) stays.
 */
export function withIndentation(text: string, unit: string): string {
  if (unit === '  ') return text;
  return text.replace(/^((?:  )+)/gm, (lead: string) => unit.repeat(lead.length / 2));
}

/**
 * Whether a file ends its statements with semicolons: most of its lines that
 * end a statement (a line ending in `)`, `]`, a name, a number or a string,
 * or in `;`) end in `;` (at least a third of them: a file that has any
 * statement-ending `;` among a few lines that leave it out is taken as one
 * that uses them). A file with no such line counts as one that does.
 */
export function usesSemicolons(text: string): boolean {
  let semi = 0;
  let bare = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s*\/\/.*$/, '').trimEnd();
    if (!line || /^\s*(\*|\/\*|\/\/)/.test(line)) continue;
    if (line.endsWith(';')) semi++;
    else if (/[)\]\w'"`]$/.test(line) && !/^\s*(if|for|while|else|do|switch|try|catch|finally|function|class|async function)\b/.test(line)) bare++;
  }
  return semi * 2 >= bare;
}

const ENDED = new Set([ts.SyntaxKind.ExpressionStatement, ts.SyntaxKind.VariableStatement, ts.SyntaxKind.ReturnStatement, ts.SyntaxKind.ThrowStatement, ts.SyntaxKind.BreakStatement, ts.SyntaxKind.ContinueStatement, ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ExportDeclaration, ts.SyntaxKind.ExportAssignment, ts.SyntaxKind.TypeAliasDeclaration]);

/**
 * \`output\` with the line ends of \`original\` when every line of it ends in CRLF: ts-morph's edits and the
 * transforms' text write LF, and a CRLF file came out with both. (A line break in a template literal is LF in
 * its value either way, so no string changes.) A file with LF lines, or with both, is left as it is.
 */
export function withLineEnds(original: string, output: string): string {
  if (!original.includes('\r\n') || /(^|[^\r])\n/.test(original)) return output;
  return output.replace(/\r?\n/g, '\r\n');
}

/** `output` with the lines the port wrote in the style of `original` (unchanged when that style is ours). */
export function inFileStyle(path: string, original: string, output: string, style: FileStyle): string {
  // Our own style (semicolons, single quotes): only the module specifiers may need the file's import quote.
  const defaultStyle = style.semicolons && style.quote === "'";
  if (defaultStyle && (style.importQuote ?? "'") === "'") return output;
  const theirs = new Set(original.split('\n'));
  const lines = output.split('\n');
  const kind = /\.[mc]?tsx?$/.test(path) ? (path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : path.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(path, output, ts.ScriptTarget.Latest, true, kind);
  /** The line holding \`pos\` is one the original file does not have. */
  const ours = (pos: number): boolean => !theirs.has(lines[sf.getLineAndCharacterOfPosition(pos).line]!);
  /**
   * The string at \`pos\` is the file's own, kept on a line the port changed
   * (\`path = ''\` in a signature made async): the original has it, with what
   * goes before it on its line (a dozen characters at least).
   */
  const theirsIn = (pos: number, text: string): boolean => {
    const before = output.slice(output.lastIndexOf('\n', pos - 1) + 1, pos).trimStart().slice(-16);
    return before.length >= 12 && original.includes(before + text);
  };
  /**
   * A module specifier the file wrote with this quote, up to its version
   * (\`'wasi:filesystem/types@\` when the port changed only the version): the
   * user's own, its quote kept whatever the file's other imports use.
   */
  const theirSpec = (text: string): boolean => {
    const at = text.lastIndexOf('@');
    return at > 1 && original.includes(text.slice(0, at + 1));
  };
  const edits: { at: number; end: number; text: string }[] = [];
  const visit = (n: ts.Node): void => {
    if (!style.semicolons && ENDED.has(n.kind)) {
      const end = n.getEnd();
      if (output[end - 1] === ';' && ours(end - 1) && lineRestIsEmpty(output, end) && !continues(output, end)) edits.push({ at: end - 1, end, text: '' });
    }
    if (ts.isStringLiteral(n) && !ts.isJsxAttribute(n.parent) && ours(n.getStart(sf))) {
      const text = n.getText(sf);
      const raw = text.slice(1, -1);
      // A module specifier takes the quote of the file's own specifiers, unless it is one of them (theirSpec).
      const spec = (ts.isImportDeclaration(n.parent) || ts.isExportDeclaration(n.parent)) && n.parent.moduleSpecifier === n;
      const quote = (spec && style.importQuote) || style.quote;
      if ((spec || !defaultStyle) && text[0] !== quote && !raw.includes(quote) && !(spec ? theirSpec(text) : theirsIn(n.getStart(sf), text))) edits.push({ at: n.getStart(sf), end: n.getEnd(), text: `${quote}${raw.replaceAll(`\\${text[0]}`, text[0]!)}${quote}` });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!edits.length) return output;
  let out = output;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

/** Only blanks, a line comment or the closing brace of a one-line block follow `end` on its line. */
function lineRestIsEmpty(text: string, end: number): boolean {
  const nl = text.indexOf('\n', end);
  const rest = text.slice(end, nl < 0 ? text.length : nl).trim();
  return rest === '' || rest.startsWith('//') || rest.startsWith('}');
}

/** The next code after `end` starts with something that would continue a statement left without its `;`. */
function continues(text: string, end: number): boolean {
  const re = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
  let at = end;
  for (;;) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0].length === 0) break;
    at += m[0].length;
  }
  return /^[([`+\-*/,.<>=?:|&%!]/.test(text.slice(at, at + 1));
}

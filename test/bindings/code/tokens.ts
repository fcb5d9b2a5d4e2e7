/** A file's code as tokens, for the tests that compare ports across formatting and bundling (style.test.ts, bundled.test.ts). */
import ts from 'typescript';

/**
 * The file's tokens, joined. `loose`: string literals by value, no `;`, no
 * comma before a closing bracket. Else (the style check) quotes and `;` count,
 * and only what Prettier may change of the layout is left out: parentheses,
 * trailing commas, separators of type members, a leading `|` of a union.
 */
export function tokens(path: string, text: string, loose: boolean): string {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, /\.[mc]?tsx?$/.test(path) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const out: string[] = [];
  const walk = (t: ts.Node): void => {
    if (t.kind === ts.SyntaxKind.JSDoc) return;
    const kids = t.getChildren(sf);
    if (kids.length && !ts.isStringLiteral(t)) {
      kids.forEach(walk);
      return;
    }
    const k = t.kind;
    if (loose && k === ts.SyntaxKind.SemicolonToken) return;
    if ([ts.SyntaxKind.CloseBraceToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseParenToken].includes(k) && out.at(-1) === ',') out.pop();
    if (!loose) {
      if (k === ts.SyntaxKind.OpenParenToken || k === ts.SyntaxKind.CloseParenToken) return;
      if ((k === ts.SyntaxKind.SemicolonToken || k === ts.SyntaxKind.CommaToken) && ts.isTypeElement(t.parent)) return;
      if (k === ts.SyntaxKind.BarToken && ['=', ':', '<'].includes(out.at(-1) ?? '')) return;
    }
    out.push(loose && ts.isStringLiteral(t) ? `S:${t.text}` : t.getText(sf));
  };
  walk(sf);
  return out.join(' ');
}

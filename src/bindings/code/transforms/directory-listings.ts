import { Node, SyntaxKind, type Block, type CallExpression, type SourceFile, type Identifier, type Statement, type VariableDeclaration } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { declarationOf, descendantsOfKind, freshName, indentOf, isNothing, methodOf, referencesTo, withoutParens, methodCalls } from '../util.js';

const docs = `
A 0.2 directory listing is a \`directory-entry-stream\` resource read one
entry at a time: \`readDirectoryEntry()\` returns the next entry, \`undefined\`
at the end, and throws the error-code on a failure. In 0.3 \`readDirectory()\`
returns \`[stream<directory-entry>, future<result<_, error-code>>]\`: the
entries come from the stream, and the future says whether the listing
ended well.

A loop that reads the entries and nothing else, in one of the two shapes
code writes it,

    for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) { ... }
    while ((entry = stream.readDirectoryEntry()) && entry) { ... }
    let entry = stream.readDirectoryEntry();
    while (entry !== undefined) { ...; entry = stream.readDirectoryEntry(); }

becomes \`for await (const e of entries) { ... }\`; the listing is declared
as the pair (\`const [entries, entriesOutcome] = dir.readDirectory()\`), and
after the loop the outcome is awaited and an error-code thrown, as the 0.2
call threw it, after the entries before it were handled (0.2 threw at the
read that failed, which came after them too).

Left for review (by \`bindings/async-methods\`): a listing used any other
way (handed on, disposed, read in two places, assigned later), and a loop
that can \`break\` out (the outcome would be awaited for a listing the loop
left unread).
`;

/** `S.readDirectoryEntry()` with `S` an identifier: the identifier. */
function entryReadOn(n: Node | undefined): Identifier | undefined {
  n = n && withoutParens(n);
  if (!n || !Node.isCallExpression(n) || n.getArguments().length) return undefined;
  const m = methodOf(n);
  return m?.name === 'readDirectoryEntry' && Node.isIdentifier(m.recv) ? m.recv : undefined;
}

/** `E = S.readDirectoryEntry()`: E and the call's receiver. */
function entryAssignment(n: Node | undefined): { entry: Identifier; listing: Identifier } | undefined {
  n = n && withoutParens(n);
  if (!n || !Node.isBinaryExpression(n) || n.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return undefined;
  const entry = n.getLeft();
  const listing = entryReadOn(n.getRight());
  return Node.isIdentifier(entry) && listing ? { entry, listing } : undefined;
}

/** `E`, `E !== undefined`, `E != null`, `E !== null`: the loop goes on while there is an entry. */
function testsEntry(n: Node | undefined, entry: string): boolean {
  n = n && withoutParens(n);
  if (!n) return false;
  if (Node.isIdentifier(n)) return n.getText() === entry;
  if (!Node.isBinaryExpression(n)) return false;
  const op = n.getOperatorToken().getKind();
  // \`undefined\` also as \`void 0\` (bundlers and minifiers write it so).
  return n.getLeft().getText() === entry && (op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken) && isNothing(n.getRight(), true);
}

interface Loop {
  readonly loop: Statement;
  /** Where the loop's statements are (breaks and assignments to the entry are looked for there). */
  readonly body: Statement;
  /** The new loop's body, as written: the old body, less the statements that read the entry and left at the end. */
  readonly bodyText: string;
  /** Where the reads of the listing are (the loop's header, or the statement that starts its body). */
  readonly reads: Node;
  /** The entry variable. */
  readonly entry: string;
  /** The loop declares its entry (`for (let e = ...; ...)`). */
  readonly declares: boolean;
  /** Where a `while` loop's entry is declared (`let entry;`), when nothing outside the loop uses it. */
  readonly entryDecl?: VariableDeclaration;
  /** The statements that stay in the body, when the loop's body loses its first ones (readFirst) or its last (readAhead). */
  readonly rest?: readonly Statement[];
  /** Every place the listing is read, when they are not all in \`reads\` (readAhead: the entry's declaration and the body's last statement). */
  readonly readsAt?: readonly Node[];
}

/** The loop whose header reads `listing` (one of the two shapes), if `read` is in such a header. */
function loopReading(read: CallExpression): Loop | undefined {
  // The first read declares the entry right above the loop (readAhead).
  const st = read.getFirstAncestorByKind(SyntaxKind.VariableStatement);
  // The next statement: own-line comments between the two are not one.
  let next = st?.getNextSibling();
  while (next && Node.isCommentStatement(next)) next = next.getNextSibling();
  const ahead = next && Node.isWhileStatement(next) ? readAhead(next) : undefined;
  if (ahead) return ahead;
  const header = read.getFirstAncestor((a) => Node.isForStatement(a) || Node.isWhileStatement(a));
  if (!header) return undefined;
  const first = readFirst(header);
  if (first) return first;
  if (Node.isForStatement(header)) {
    const init = header.getInitializer();
    if (!init || !Node.isVariableDeclarationList(init) || init.getDeclarations().length !== 1) return undefined;
    const d = init.getDeclarations()[0]!;
    const name = d.getNameNode();
    const inc = entryAssignment(header.getIncrementor());
    if (!Node.isIdentifier(name) || !entryReadOn(d.getInitializer()) || inc?.entry.getText() !== name.getText() || !testsEntry(header.getCondition(), name.getText())) return undefined;
    return { loop: header, body: header.getStatement(), bodyText: header.getStatement().getText(), reads: header, entry: name.getText(), declares: true };
  }
  const c = withoutParens(header.getExpression());
  let assign = entryAssignment(c);
  if (!assign && Node.isBinaryExpression(c)) {
    // `(E = S.readDirectoryEntry()) && E`, `(E = ...) !== undefined`, `(E = ...) != null`.
    const left = entryAssignment(c.getLeft());
    const op = c.getOperatorToken().getKind();
    const goesOn =
      (op === SyntaxKind.AmpersandAmpersandToken && left && testsEntry(c.getRight(), left.entry.getText())) ||
      ((op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken) && isNothing(c.getRight(), true));
    if (goesOn) assign = left;
  }
  if (!assign) return undefined;
  const decl = declarationOf(assign.entry);
  if (!decl || !Node.isVariableDeclaration(decl) || decl.getInitializer()) return undefined;
  // The entry means nothing outside the loop: the loop may declare it.
  const outside = referencesTo(decl).filter((r) => !header.containsRange(r.getPos(), r.getEnd()));
  return { loop: header, body: header.getStatement(), bodyText: header.getStatement().getText(), reads: header, entry: assign.entry.getText(), declares: false, entryDecl: outside.length ? undefined : decl };
}

/** `!E`, `E === undefined`, `E == null`, `E === null`: there is no entry. */
function testsNoEntry(n: Node, entry: string): boolean {
  n = withoutParens(n);
  if (Node.isPrefixUnaryExpression(n)) return n.getOperatorToken() === SyntaxKind.ExclamationToken && n.getOperand().getText() === entry;
  if (!Node.isBinaryExpression(n) || n.getLeft().getText() !== entry) return false;
  const op = n.getOperatorToken().getKind();
  return (op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken) && isNothing(n.getRight(), true);
}

/**
 * `while (true) { const E = S.readDirectoryEntry(); if (E === undefined) break; ... }` (or `for (;;)`): the
 * loop's first two statements read the entry and leave at the end; the rest is the new loop's body.
 */
function readFirst(loop: Statement): Loop | undefined {
  const endless = Node.isWhileStatement(loop) ? loop.getExpression().getText() === 'true' : Node.isForStatement(loop) && !loop.getInitializer() && !loop.getCondition() && !loop.getIncrementor();
  const body = Node.isWhileStatement(loop) || Node.isForStatement(loop) ? loop.getStatement() : undefined;
  if (!endless || !body || !Node.isBlock(body)) return undefined;
  const [read, test] = body.getStatements();
  if (!read || !test || !Node.isVariableStatement(read) || read.getDeclarations().length !== 1 || !Node.isIfStatement(test) || test.getElseStatement()) return undefined;
  const d = read.getDeclarations()[0]!;
  const name = d.getNameNode();
  if (!Node.isIdentifier(name) || !entryReadOn(d.getInitializer()) || !testsNoEntry(test.getExpression(), name.getText())) return undefined;
  const then = test.getThenStatement();
  const leaves = Node.isBreakStatement(then) ? !then.getLabel() : Node.isBlock(then) && then.getStatements().length === 1 && Node.isBreakStatement(then.getStatements()[0]!) && !(then.getStatements()[0] as import('ts-morph').BreakStatement).getLabel();
  if (!leaves) return undefined;
  // The body as written, less the two statements and the space after them.
  const text = body.getText();
  const from = read.getStart() - body.getStart();
  let to = test.getEnd() - body.getStart();
  while (/[ \t\r\n]/.test(text[to] ?? '')) to++;
  const rest = body.getStatements().slice(2);
  return { loop, body: test, bodyText: text.slice(0, from) + text.slice(to), reads: read, entry: name.getText(), declares: true, rest };
}

/**
 * \`let E = S.readDirectoryEntry(); while (E !== undefined) { ...; E = S.readDirectoryEntry(); }\`: the entry read
 * before the loop, tested by it, and read again as the body's last statement (the \`for\` shape, written as a
 * \`while\`); the declaration right above the loop and the re-read go, the rest is the new loop's body. A
 * \`continue\` would skip the re-read (0.2 looped on the same entry): not this shape.
 */
function readAhead(loop: Statement): Loop | undefined {
  if (!Node.isWhileStatement(loop)) return undefined;
  const body = loop.getStatement();
  const parent = loop.getParent();
  if (!Node.isBlock(body) || !parent || !(Node.isBlock(parent) || Node.isSourceFile(parent))) return undefined;
  const stmts = parent.getStatements();
  const above = stmts[stmts.indexOf(loop) - 1];
  if (!above || !Node.isVariableStatement(above) || above.getDeclarations().length !== 1) return undefined;
  const d = above.getDeclarations()[0]!;
  const name = d.getNameNode();
  if (!Node.isIdentifier(name) || !entryReadOn(d.getInitializer()) || !testsEntry(loop.getExpression(), name.getText())) return undefined;
  const inner = body.getStatements();
  const last = inner.at(-1);
  const again = last && Node.isExpressionStatement(last) ? entryAssignment(last.getExpression()) : undefined;
  if (!again || again.entry.getText() !== name.getText() || again.listing.getText() !== entryReadOn(d.getInitializer())!.getText()) return undefined;
  const continues = descendantsOfKind(body, SyntaxKind.ContinueStatement).some((c) => c.getLabel() || c.getFirstAncestor((a) => Node.isIterationStatement(a)) === loop);
  // The entry means nothing after the loop (it was undefined there in 0.2; the new loop declares it).
  const after = referencesTo(d).filter((r) => !loop.containsRange(r.getPos(), r.getEnd()) && !above.containsRange(r.getPos(), r.getEnd()));
  if (continues || after.length) return undefined;
  // The body as written, less its last statement (with the comments after it on its line) and the space before it.
  const text = body.getText();
  let from = last!.getStart() - body.getStart();
  while (from > 0 && /[ \t\r\n]/.test(text[from - 1]!)) from--;
  const lastEnd = last!.getTrailingCommentRanges().at(-1)?.getEnd() ?? last!.getEnd();
  const bodyText = inner.length > 1 ? text.slice(0, from) + text.slice(lastEnd - body.getStart()) : '{}';
  return { loop, body, bodyText, reads: loop, entry: name.getText(), declares: false, entryDecl: d, rest: inner.slice(0, -1), readsAt: [above, last!] };
}

/** `body` (of the loop `stop`) assigns the entry, or can `break` out of the loop. */
function bodyKeepsItFrom(body: Statement, entry: string, stop: Node): boolean {
  for (const b of descendantsOfKind(body, SyntaxKind.BinaryExpression)) {
    if (b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && b.getLeft().getText() === entry) return true;
  }
  const breaks = Node.isBreakStatement(body) ? [body] : descendantsOfKind(body, SyntaxKind.BreakStatement);
  return breaks.some((br) => {
    if (br.getLabel()) return true;
    // A `break` belonging to a loop or switch inside the body leaves that one.
    const owner = br.getFirstAncestor((a) => (a !== stop && (Node.isIterationStatement(a) || Node.isSwitchStatement(a))) || a === stop);
    return owner === stop || owner === undefined;
  });
}

/** The listing `S` of `const S = dir.readDirectory()`, read only in one loop's header: what the port needs. */
function plan(call: CallExpression): { decl: VariableDeclaration; loop: Loop } | undefined {
  const decl = call.getParent();
  if (!Node.isVariableDeclaration(decl)) return undefined;
  const st = decl.getVariableStatement();
  if (!st || !Node.isIdentifier(decl.getNameNode()) || st.getDeclarations().length !== 1 || st.getModifiers().length) return undefined;
  const refs = referencesTo(decl);
  const reads = refs.map((r) => r.getParent()?.getParent()).filter((c): c is CallExpression => !!c && Node.isCallExpression(c) && entryReadOn(c) !== undefined);
  if (!refs.length || reads.length !== refs.length) return undefined;
  const loop = loopReading(reads[0]!);
  if (!loop) return undefined;
  // Every read of the listing is where the loop reads its entry: in its header (not its body), or in the statement that starts its body.
  const atTheRead = (r: Node) =>
    loop.readsAt ? loop.readsAt.some((at) => at.containsRange(r.getPos(), r.getEnd())) : loop.reads.containsRange(r.getPos(), r.getEnd()) && (loop.reads !== loop.loop || !loop.body.containsRange(r.getPos(), r.getEnd()));
  if (!reads.every(atTheRead)) return undefined;
  const parent = loop.loop.getParent();
  const keeps = loop.rest ? loop.rest.some((st) => bodyKeepsItFrom(st, loop.entry, loop.loop)) : bodyKeepsItFrom(loop.body, loop.entry, loop.body);
  if (!parent || !(Node.isBlock(parent) || Node.isSourceFile(parent)) || keeps) return undefined;
  return { decl, loop };
}

function apply(ctx: FileContext): void {
  if (![...ctx.wasi.byLocal.values()].some((w) => w.iface.startsWith('wasi:filesystem/') && w.version.startsWith('0.2.'))) return;
  const file = ctx.file;
  // One listing at a time, the last in the file first: a port re-parses the file (its node wrappers go), and a ported
  // listing (declared as the pair) is no longer a candidate.
  for (;;) {
    const calls = methodCalls(file, ['readDirectory']).filter((c) => !c.getArguments().length);
    const found = calls.reverse().map(plan).find((p) => p !== undefined);
    if (!found) return;
    const { decl, loop } = found;
    const listing = decl.getName();
    const outcome = freshName(file, `${listing}Outcome`);
    const result = freshName(file, `${listing}Result`);
    const indent = indentOf(loop.loop);
    // `let entry;` right above a `while` loop goes with it: the loop declares the entry.
    const stmts = (loop.loop.getParent() as Block | SourceFile).getStatements();
    const above = stmts[stmts.indexOf(loop.loop) - 1];
    const letStmt = loop.entryDecl?.getVariableStatement();
    const declares = loop.declares || (letStmt !== undefined && letStmt === above && letStmt.getDeclarations().length === 1);
    const from = declares && !loop.declares ? letStmt!.getStart() : loop.loop.getStart();
    // Own-line comments between that declaration and the loop stay, above the new loop (the declaration goes, and
    // the comments after it on its line).
    const between = from < loop.loop.getStart() ? file.getFullText().slice(letStmt!.getTrailingCommentRanges().at(-1)?.getEnd() ?? letStmt!.getEnd(), loop.loop.getStart()).trimStart() : '';
    // The loop's own comments after its closing brace (\`} // done\`) stay on that line, before the outcome check.
    const to = loop.loop.getTrailingCommentRanges().at(-1)?.getEnd() ?? loop.loop.getEnd();
    const tail = file.getFullText().slice(loop.loop.getEnd(), to);
    const looped = `${between}for await (${declares ? 'const ' : ''}${loop.entry} of ${listing}) ${loop.bodyText}${tail}\n${indent}const ${result} = await ${outcome};\n${indent}if (${result}.tag === 'err') throw ${result}.val;`;
    const st = decl.getVariableStatement()!;
    const pair = { start: st.getStart(), end: st.getEnd(), text: `${st.getDeclarationKind()} [${listing}, ${outcome}] = ${decl.getInitializerOrThrow().getText()};` };
    // Two text edits, the later first; positions are read before either (ts-morph forgets the nodes of a replaced range).
    file.replaceText([from, to], looped);
    file.replaceText([pair.start, pair.end], pair.text);
    const shift = pair.text.length - (pair.end - pair.start);
    ctx.edit(file.getDescendantAtPos(pair.start)!, '0.3 readDirectory() gives the stream of entries and the future of its outcome');
    ctx.edit(file.getDescendantAtPos(from + shift)!, 'readDirectoryEntry() loop: `for await` over the 0.3 stream of entries, then its outcome checked');
  }
}

const transform: CodeTransform = {
  id: 'bindings/directory-listings',
  summary: "a loop over 0.2's readDirectoryEntry() becomes `for await` over 0.3's stream of entries, then the listing's outcome is checked",
  docs,
  kind: 'mechanical',
  apply,
  mentions: ['readDirectoryEntry'],
  cases: [
    {
      name: 'a for loop over the entries',
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function names() {
  const entries = getDirectories()[0][0].readDirectory();
  const out = [];
  for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) out.push(e.name);
  return out;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function names() {
  const [entries, entriesOutcome] = getDirectories()[0][0].readDirectory();
  const out = [];
  for await (const e of entries) out.push(e.name);
  const entriesResult = await entriesOutcome;
  if (entriesResult.tag === 'err') throw entriesResult.val;
  return out;
}
`,
    },
    {
      name: "a while loop whose entry is declared right above it (the loop declares it now); a loop that can break out is left for review",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function list(path) {
  const [[root]] = getDirectories();
  try {
    const dir = root.openAt({}, path, { directory: true }, { read: true });
    const stream = dir.readDirectory();
    const found = [];

    let entry;
    while ((entry = stream.readDirectoryEntry()) && entry) {
      if (entry.name.endsWith('.txt')) {
        found.push(entry.name);
      }
    }

    return found;
  } catch (e) {
    throw new Error(\`Failed to list '\${path}': \${e}\`);
  }
}

export function firstMatch(dir, suffix) {
  const stream = dir.readDirectory();
  let entry;
  while ((entry = stream.readDirectoryEntry()) !== undefined) {
    if (entry.name.endsWith(suffix)) break;
  }
  return entry;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function list(path) {
  const [[root]] = getDirectories();
  try {
    const dir = await root.openAt({}, path, { directory: true }, { read: true });
    const [stream, streamOutcome] = dir.readDirectory();
    const found = [];

    for await (const entry of stream) {
      if (entry.name.endsWith('.txt')) {
        found.push(entry.name);
      }
    }
    const streamResult = await streamOutcome;
    if (streamResult.tag === 'err') throw streamResult.val;

    return found;
  } catch (e) {
    throw new Error(\`Failed to list '\${path}': \${e}\`);
  }
}

export function firstMatch(dir, suffix) {
  // wasi-migrate(review): 0.3 \`readDirectory()\` gives \`[stream<directory-entry>, outcome future]\` (0.2's directory-entry-stream and its \`readDirectoryEntry\` are gone): iterate the stream with \`for await\` and check the outcome future by hand
  const stream = dir.readDirectory();
  let entry;
  while ((entry = stream.readDirectoryEntry()) !== undefined) {
    if (entry.name.endsWith(suffix)) break;
  }
  return entry;
}
`,
      reviews: ['0.3 `readDirectory()` gives'],
    },
    {
      name: "a loop whose body starts by reading the entry and leaving at the end (`while (true)`, `for (;;)`) loses those statements; one with another break stays reported",
      before: `import { getDirectories } from "wasi:filesystem/preopens@0.2.0";

function entries(fd) {
  const stream = fd.readDirectory(); const result = [];
  while (true) { const entry = stream.readDirectoryEntry(); if (entry === undefined) break; result.push(entry); if (result.length > 100) throw new Error("directory entry limit exceeded"); }
  return result;
}

export function names() {
  const [[root]] = getDirectories();
  const listing = root.readDirectory();
  const out = [];
  for (;;) {
    const entry = listing.readDirectoryEntry();
    if (!entry) {
      break;
    }
    if (entry.name.startsWith('.')) continue;
    out.push(entry.name);
  }
  return [out, entries(root)];
}

export function first(root) {
  const listing = root.readDirectory();
  while (true) {
    const entry = listing.readDirectoryEntry();
    if (!entry) break;
    if (entry.name.endsWith('.txt')) break;
  }
}
`,
      after: `import { getDirectories } from "wasi:filesystem/preopens@0.3.0";

async function entries(fd) {
  const [stream, streamOutcome] = fd.readDirectory(); const result = [];
  for await (const entry of stream) { result.push(entry); if (result.length > 100) throw new Error("directory entry limit exceeded"); }
  const streamResult = await streamOutcome;
  if (streamResult.tag === 'err') throw streamResult.val;
  return result;
}

export async function names() {
  const [[root]] = getDirectories();
  const [listing, listingOutcome] = root.readDirectory();
  const out = [];
  for await (const entry of listing) {
    if (entry.name.startsWith('.')) continue;
    out.push(entry.name);
  }
  const listingResult = await listingOutcome;
  if (listingResult.tag === 'err') throw listingResult.val;
  return [out, await entries(root)];
}

export function first(root) {
  // wasi-migrate(review): 0.3 \`readDirectory()\` gives \`[stream<directory-entry>, outcome future]\` (0.2's directory-entry-stream and its \`readDirectoryEntry\` are gone): iterate the stream with \`for await\` and check the outcome future by hand
  const listing = root.readDirectory();
  while (true) {
    const entry = listing.readDirectoryEntry();
    if (!entry) break;
    if (entry.name.endsWith('.txt')) break;
  }
}
`,
      reviews: ['0.3 `readDirectory()` gives'],
    },
    {
      name: "the entry read before a while loop and again as its body's last statement (`let entry = s.readDirectoryEntry(); while (entry !== undefined) { ...; entry = s.readDirectoryEntry(); }`, a hono app's listing) becomes `for await`; with a `continue` that reads again before it, the listing stays reported",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.2';

function preopen(path) {
  for (const [descriptor, dirPath] of getDirectories()) {
    if (dirPath === path) return descriptor;
  }
  return null;
}

export function names() {
  const dir = preopen('/data');
  const entries = [];
  const stream = dir.readDirectory();
  let entry = stream.readDirectoryEntry();
  while (entry !== undefined) {
    entries.push(entry.name);
    entry = stream.readDirectoryEntry();
  }
  return entries;
}

export function visible() {
  const dir = preopen('/data');
  const entries = [];
  const stream = dir.readDirectory();
  let entry = stream.readDirectoryEntry();
  while (entry) {
    if (entry.name.startsWith('.')) {
      entry = stream.readDirectoryEntry();
      continue;
    }
    entries.push(entry.name);
    entry = stream.readDirectoryEntry();
  }
  return entries;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

function preopen(path) {
  for (const [descriptor, dirPath] of getDirectories()) {
    if (dirPath === path) return descriptor;
  }
  return null;
}

export async function names() {
  const dir = preopen('/data');
  const entries = [];
  const [stream, streamOutcome] = dir.readDirectory();
  for await (const entry of stream) {
    entries.push(entry.name);
  }
  const streamResult = await streamOutcome;
  if (streamResult.tag === 'err') throw streamResult.val;
  return entries;
}

export function visible() {
  const dir = preopen('/data');
  const entries = [];
  // wasi-migrate(review): 0.3 \`readDirectory()\` gives \`[stream<directory-entry>, outcome future]\` (0.2's directory-entry-stream and its \`readDirectoryEntry\` are gone): iterate the stream with \`for await\` and check the outcome future by hand
  const stream = dir.readDirectory();
  let entry = stream.readDirectoryEntry();
  while (entry) {
    if (entry.name.startsWith('.')) {
      entry = stream.readDirectoryEntry();
      continue;
    }
    entries.push(entry.name);
    entry = stream.readDirectoryEntry();
  }
  return entries;
}
`,
      reviews: ['0.3 `readDirectory()` gives `[stream<directory-entry>, outcome future]`'],
    },
    {
      name: "the same, with comments: an own-line one between the entry's declaration and the loop stays above the `for await` (the listing was reported), the re-read's on its line goes with it (it was joined to the line above), the loop's after its closing brace stays on that line (it landed after the outcome check)",
      before: `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';

export function names() {
  const dir = getDirectories()[0][0];
  const out = [];
  const stream = dir.readDirectory();
  let entry = stream.readDirectoryEntry(); // the first
  // until the listing ends
  while (entry !== undefined) {
    out.push(entry.name); // its name
    entry = stream.readDirectoryEntry(); // the next
  } // listed
  return out;
}
`,
      after: `import { getDirectories } from 'wasi:filesystem/preopens@0.3.0';

export async function names() {
  const dir = getDirectories()[0][0];
  const out = [];
  const [stream, streamOutcome] = dir.readDirectory();
  // until the listing ends
  for await (const entry of stream) {
    out.push(entry.name); // its name
  } // listed
  const streamResult = await streamOutcome;
  if (streamResult.tag === 'err') throw streamResult.val;
  return out;
}
`,
    },
  ],
};
export default transform;

/**
 * WIT lexer. Produces every token of a file, trivia included (whitespace and
 * comments), so the tokens tile the input: concatenating their text gives the
 * file back byte for byte. Token rules follow wit-parser's `lex.rs`, so what it
 * rejects we reject at the same place.
 */
import { WitError } from './diagnostics.js';

/**
 * A lexical error met while scanning the token that starts at `tokenStart`.
 * wit-parser lexes as it parses, so the parser's own errors before that token
 * come first (see parseFile). `wholeInput`: found by the check wit-parser
 * makes on the whole text before lexing (control codes, bidi overrides).
 */
export class LexError extends WitError {
  constructor(
    message: string,
    offset: number,
    readonly tokenStart: number,
    readonly wholeInput = false,
  ) {
    super(message, offset);
  }
}

export enum T {
  Whitespace,
  Comment,
  Equals,
  Comma,
  Colon,
  Period,
  Semicolon,
  LeftParen,
  RightParen,
  LeftBrace,
  RightBrace,
  LessThan,
  GreaterThan,
  RArrow,
  Star,
  At,
  Slash,
  Plus,
  Minus,
  StringLiteral,
  Integer,
  Id,
  ExplicitId,
  // Keywords. Kept after Id so `t >= T.Use` means "keyword".
  Use,
  Type,
  Func,
  U8,
  U16,
  U32,
  U64,
  S8,
  S16,
  S32,
  S64,
  F32,
  F64,
  Char,
  Resource,
  Own,
  Borrow,
  Record,
  Flags,
  Variant,
  Enum,
  Bool,
  String,
  Option,
  Result,
  Future,
  Stream,
  ErrorContext,
  List,
  Map,
  Underscore,
  As,
  From,
  Static,
  Interface,
  Tuple,
  World,
  Import,
  Export,
  Package,
  Constructor,
  Include,
  With,
  Async,
  /** Zero-width end of file; its leading trivia is the file's trailing trivia. */
  Eof,
}

export const KEYWORDS: ReadonlyMap<string, T> = new Map([
  ['use', T.Use], ['type', T.Type], ['func', T.Func],
  ['u8', T.U8], ['u16', T.U16], ['u32', T.U32], ['u64', T.U64],
  ['s8', T.S8], ['s16', T.S16], ['s32', T.S32], ['s64', T.S64],
  ['f32', T.F32], ['f64', T.F64], ['char', T.Char],
  ['resource', T.Resource], ['own', T.Own], ['borrow', T.Borrow],
  ['record', T.Record], ['flags', T.Flags], ['variant', T.Variant], ['enum', T.Enum],
  ['bool', T.Bool], ['string', T.String], ['option', T.Option], ['result', T.Result],
  ['future', T.Future], ['stream', T.Stream], ['error-context', T.ErrorContext],
  ['list', T.List], ['map', T.Map], ['_', T.Underscore], ['as', T.As], ['from', T.From],
  ['static', T.Static], ['interface', T.Interface], ['tuple', T.Tuple], ['world', T.World],
  ['import', T.Import], ['export', T.Export], ['package', T.Package],
  ['constructor', T.Constructor], ['include', T.Include], ['with', T.With], ['async', T.Async],
]);

const KEYWORD_TEXT = new Map([...KEYWORDS].map(([k, v]) => [v, k]));

/** Keywords by length and first character (`length * 128 + code`): what an identifier may be, looked up without slicing it out. */
const KEYWORDS_BY_SHAPE: [string, T][][] = [];
for (const [k, v] of KEYWORDS) (KEYWORDS_BY_SHAPE[k.length * 128 + k.charCodeAt(0)] ??= []).push([k, v]);

/** The keyword `text[start, end)` is, or T.Id. */
function keywordAt(text: string, start: number, end: number): T {
  const c = text.charCodeAt(start);
  const candidates = c < 128 ? KEYWORDS_BY_SHAPE[(end - start) * 128 + c] : undefined;
  if (candidates) for (const [k, v] of candidates) if (text.startsWith(k, start)) return v;
  return T.Id;
}

/** How wit-parser names a token kind in "expected X, found Y" messages. */
export function describe(t: T): string {
  const kw = KEYWORD_TEXT.get(t);
  if (kw !== undefined) return `keyword \`${kw}\``;
  switch (t) {
    case T.Whitespace: return 'whitespace';
    case T.Comment: return 'a comment';
    case T.Equals: return "'='";
    case T.Comma: return "','";
    case T.Colon: return "':'";
    case T.Period: return "'.'";
    case T.Semicolon: return "';'";
    case T.LeftParen: return "'('";
    case T.RightParen: return "')'";
    case T.LeftBrace: return "'{'";
    case T.RightBrace: return "'}'";
    case T.LessThan: return "'<'";
    case T.GreaterThan: return "'>'";
    case T.RArrow: return '`->`';
    case T.Star: return '`*`';
    case T.At: return '`@`';
    case T.Slash: return '`/`';
    case T.Plus: return '`+`';
    case T.Minus: return '`-`';
    case T.StringLiteral: return 'a string';
    case T.Integer: return 'an integer';
    case T.Id: return 'an identifier';
    case T.ExplicitId: return "an '%' identifier";
    case T.Eof: return 'eof';
    default: return 'a token';
  }
}

/**
 * A token. `start`/`end` are UTF-16 offsets into the file text. Trivia tokens
 * (whitespace, comments) appear in the same stream as the rest.
 */
export interface Token {
  readonly kind: T;
  readonly start: number;
  readonly end: number;
}

export function isTrivia(t: T): boolean {
  return t === T.Whitespace || t === T.Comment;
}

const XID_START = /\p{XID_Start}/u;
const XID_CONTINUE = /\p{XID_Continue}/u;

function isKeylikeStart(c: number, text: string, i: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 45) return true;
  if (c < 128) return false;
  return XID_START.test(String.fromCodePoint(text.codePointAt(i)!));
}

function isKeylikeContinue(c: number, text: string, i: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) return true;
  if (c < 128) return false;
  return XID_CONTINUE.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** Width in UTF-16 units of the code point at i. */
function cpWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

const SINGLE: Record<number, T> = {
  61: T.Equals, 44: T.Comma, 58: T.Colon, 46: T.Period, 59: T.Semicolon,
  40: T.LeftParen, 41: T.RightParen, 123: T.LeftBrace, 125: T.RightBrace,
  60: T.LessThan, 62: T.GreaterThan, 42: T.Star, 64: T.At, 43: T.Plus,
};

const BIDI = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const DISCOURAGED = new Set([0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4, 0x17b5]);

/** Anything but tab, line feed, carriage return and printable ASCII: where checkInput must look closer. */
const NOT_PLAIN = /[^\t\n\r\x20-\x7e]/;

/** wit-parser refuses a file holding control codes, bidi overrides or discouraged code points anywhere. */
function checkInput(text: string): void {
  // Plain characters pass the loop's first two tests: a regex skips them (most files hold nothing else).
  const first = text.search(NOT_PLAIN);
  if (first < 0) return;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 32 && c < 127) continue;
    if (c === 10 || c === 13 || c === 9) continue;
    if (c < 32 || (c >= 127 && c < 160)) throw new LexError(`control code '\\u{${c.toString(16)}}'`, i, 0, true);
    if (BIDI.has(c)) throw new LexError(`input contains bidirectional override codepoint '\\u{${c.toString(16)}}'`, i, 0, true);
    if (DISCOURAGED.has(c)) throw new LexError(`codepoint '\\u{${c.toString(16)}}' is discouraged by Unicode`, i, 0, true);
  }
}

/**
 * The tokens of a file, packed: one byte of kind and four of start offset
 * per token (an object per token cost ~60 bytes, a 50 MB file has ~20
 * million tokens). Tokens tile the text, so a token ends where the next one
 * starts; the last is the zero-width Eof at the text's end. Iterates as Token
 * objects made on demand.
 */
export class TokenList implements Iterable<Token> {
  constructor(
    readonly kinds: Uint8Array,
    readonly starts: Int32Array,
    readonly length: number,
  ) {}

  kind(i: number): T {
    return this.kinds[i]!;
  }

  start(i: number): number {
    return this.starts[i]!;
  }

  end(i: number): number {
    return i + 1 < this.length ? this.starts[i + 1]! : this.starts[i]!;
  }

  get(i: number): Token {
    return { kind: this.kinds[i]!, start: this.starts[i]!, end: this.end(i) };
  }

  *[Symbol.iterator](): Iterator<Token> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * Lex a whole file. Throws WitError at the first lexical error: wit-parser
 * stops there too, and a partial token stream would only produce noise.
 */
export function lex(text: string): Token[] {
  return [...lexPacked(text)];
}

/** lexPacked, or undefined where the text does not lex. */
export function lexPackedOrUndefined(text: string): TokenList | undefined {
  try {
    return lexPacked(text);
  } catch {
    return undefined;
  }
}

/**
 * The arrays lexPacked fills, kept from call to call and grown as needed: a
 * text's tokens are copied out at the end into one buffer of their exact
 * size. (Fresh arrays sized for the worst case, and exact copies of them,
 * were four buffers outside V8's heap per lex, each zeroed, each adding to
 * the external memory that brings on collections: lexing is the first step
 * of every one of a run's parses.)
 */
let scratchKinds = new Uint8Array(1024);
let scratchStarts = new Int32Array(1024);
/** Tokens the kept arrays may hold at most (5 MB of them). */
const SCRATCH_MAX = 1 << 20;

/** `lex`, packed (what the parser keeps). */
export function lexPacked(text: string): TokenList {
  checkInput(text);
  const n = text.length;
  let kinds = scratchKinds;
  let starts = scratchStarts;
  let count = 0;
  const push = (kind: T, start: number): void => {
    if (count === kinds.length) {
      const k2 = new Uint8Array(kinds.length * 2);
      k2.set(kinds);
      kinds = k2;
      const s2 = new Int32Array(starts.length * 2);
      s2.set(starts);
      starts = s2;
      // Kept for the next text up to a size most files never reach (a huge file's arrays go with it).
      if (kinds.length <= SCRATCH_MAX) [scratchKinds, scratchStarts] = [kinds, starts];
    }
    kinds[count] = kind;
    starts[count] = start;
    count++;
  };
  let i = 0;
  if (n > 0 && text.charCodeAt(0) === 0xfeff) {
    push(T.Whitespace, 0);
    i = 1;
  }
  while (i < n) {
    const start = i;
    const c = text.charCodeAt(i);
    let kind: T;
    if (c === 32 || c === 10 || c === 9 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 32 || d === 10 || d === 9) i++;
        else if (d === 13 && text.charCodeAt(i + 1) === 10) i += 2;
        else break;
      }
      kind = T.Whitespace;
    } else if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const nl = text.indexOf('\n', i + 2);
        i = nl < 0 ? n : nl + 1;
        kind = T.Comment;
      } else if (d === 42) {
        i += 2;
        let depth = 1;
        while (depth > 0) {
          if (i >= n) throw new LexError('unterminated block comment', start, start);
          const e = text.charCodeAt(i);
          if (e === 47 && text.charCodeAt(i + 1) === 42) { depth++; i += 2; }
          else if (e === 42 && text.charCodeAt(i + 1) === 47) { depth--; i += 2; }
          else i++;
        }
        kind = T.Comment;
      } else {
        i++;
        kind = T.Slash;
      }
    } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 62) {
      i += 2;
      kind = T.RArrow;
    } else if (SINGLE[c] !== undefined) {
      i++;
      kind = SINGLE[c];
    } else if (c === 37 /* % */) {
      i++;
      if (i < n && isKeylikeStart(text.charCodeAt(i), text, i)) {
        i += cpWidth(text, i);
        while (i < n && isKeylikeContinue(text.charCodeAt(i), text, i)) i += cpWidth(text, i);
      }
      kind = T.ExplicitId;
    } else if (c === 34 /* " */) {
      i = scanString(text, i + 1, start);
      kind = T.StringLiteral;
    } else if (c >= 48 && c <= 57) {
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      kind = T.Integer;
    } else if (c === 45) {
      i++;
      kind = T.Minus;
    } else if (isKeylikeStart(c, text, i)) {
      i += cpWidth(text, i);
      while (i < n && isKeylikeContinue(text.charCodeAt(i), text, i)) i += cpWidth(text, i);
      kind = keywordAt(text, start, i);
    } else {
      const cp = text.codePointAt(i)!;
      throw new LexError(`unexpected character ${JSON.stringify(String.fromCodePoint(cp))}`, start, start);
    }
    push(kind, start);
  }
  push(T.Eof, n);
  // One buffer: the starts (4-byte aligned at its start), then the kinds.
  const buf = new ArrayBuffer(count * 5);
  const exactStarts = new Int32Array(buf, 0, count);
  exactStarts.set(starts.subarray(0, count));
  const exactKinds = new Uint8Array(buf, count * 4, count);
  exactKinds.set(kinds.subarray(0, count));
  return new TokenList(exactKinds, exactStarts, count);
}

/** Scans a string literal body starting just after the opening quote; returns the offset after the closing quote. */
function scanString(text: string, i: number, start: number): number {
  for (;;) {
    if (i >= text.length) throw new LexError('unterminated string literal', text.length, start);
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c < 0x20 && c !== 9) throw new LexError('invalid character in string literal', i, start);
    i++;
  }
}

/**
 * Validates an identifier's text the way wit-parser does: kebab-case parts,
 * each all-lowercase or all-uppercase ASCII, the first part starting with a letter.
 */
export function validateId(id: string): string | undefined {
  // One pass over the characters, a `-` (or the end) closing each part: the same checks, in the same order, as
  // splitting on `-` and walking each part, without the arrays and strings a split makes for every new name.
  if (id.length === 0) return EMPTY_PART;
  let start = 0;
  let upper: boolean | undefined;
  for (let k = 0; k <= id.length; k++) {
    const x = k < id.length ? id.charCodeAt(k) : 45;
    if (x === 45) {
      if (k === start) return EMPTY_PART;
      start = k + 1;
      upper = undefined;
      continue;
    }
    // Only the first part must start with a letter (later parts may start with a digit).
    if (k === 0 && !((x >= 97 && x <= 122) || (x >= 65 && x <= 90))) return `invalid character in identifier ${JSON.stringify(id[0])}`;
    if (x >= 48 && x <= 57) continue;
    if (x >= 65 && x <= 90) {
      if (upper === false) return `invalid character in identifier ${JSON.stringify(id[k])}`;
      upper = true;
    } else if (x >= 97 && x <= 122) {
      if (upper === true) return `invalid character in identifier ${JSON.stringify(id[k])}`;
      upper = false;
    } else {
      return `invalid character in identifier ${JSON.stringify(String.fromCodePoint(id.codePointAt(k)!))}`;
    }
  }
  return undefined;
}

const EMPTY_PART = "identifiers must have characters between '-'s";

/**
 * Recursive-descent WIT parser over the lossless token stream. The grammar and
 * the place each error is reported follow wit-parser's `ast.rs`, so a file it
 * rejects is rejected here at the same line and column. Unlike wit-parser, the
 * parser recovers at item boundaries to report several errors in one run.
 */
import { diagnostic, WitError, type Diagnostic, type SourceFile } from './diagnostics.js';
import { describe, isTrivia, lexPacked, LexError, T, validateId, type Token, type TokenList } from './lexer.js';
import type * as S from './syntax.js';

export interface ParseResult {
  /** Undefined only when the file could not even be lexed. */
  readonly file?: S.File;
  readonly diagnostics: readonly Diagnostic[];
}

/** wit-parser's limits: deeper nesting is refused, and it keeps us off the JS stack limit. */
const MAX_TYPE_DEPTH = 100;
const MAX_PACKAGE_DEPTH = 100;
const MAX_ERRORS = 20;

/** Shared by every item without doc comments or attributes (most of them): big inputs hold millions of items. */
const NO_DOCS: S.Docs = Object.freeze({ comments: Object.freeze([]) as readonly string[] });
const NO_ATTRIBUTES: readonly S.Attribute[] = Object.freeze([]);

/** A primitive type, its own span (the commonest type node). */
class PrimitiveNode {
  readonly kind = 'primitive';
  constructor(
    readonly name: S.PrimitiveName,
    readonly start: number,
    readonly end: number,
  ) {}
  get span(): S.Span {
    return this;
  }
}

/** A parameter, record field or variant case: its own span. */
class TypedName<Ty extends S.Type | undefined> {
  constructor(
    readonly docs: S.Docs,
    readonly name: S.Id,
    readonly type: Ty,
    readonly start: number,
    readonly end: number,
  ) {}
  get span(): S.Span {
    return this;
  }
}

/** An array built by `push` keeps spare room (17 slots after the first push); a copy has none. */
function exact<X>(a: X[]): X[] {
  return a.length === 0 ? a : a.slice();
}

/**
 * An identifier is its own span (`span` is the node itself): one object per
 * name instead of two, which big inputs, with millions of names, feel.
 */
class IdNode implements S.Id {
  constructor(
    readonly name: string,
    readonly start: number,
    readonly end: number,
  ) {}
  get span(): S.Span {
    return this;
  }
}

export function parseFile(source: SourceFile): ParseResult {
  let tokens: TokenList;
  try {
    tokens = lexPacked(source.text);
  } catch (e) {
    if (e instanceof WitError) return { diagnostics: [firstError(source, e)] };
    throw e;
  }
  const p = new Parser(source, tokens);
  const file = p.file();
  // An attribute set wit-parser refuses is found once the file has parsed (it checks sets as it resolves): a
  // syntax error anywhere in the file comes first.
  return { file, diagnostics: p.errors.length || !p.badAttributes ? p.errors : [diagnostic(source, p.badAttributes.offset, p.badAttributes.length, p.badAttributes.message)] };
}

/**
 * wit-parser lexes as it parses, so a parse error before a lexical error is
 * the one it reports: parse the text up to the lexical error and report what
 * the parser finds there first, else the lexical error.
 */
function firstError(source: SourceFile, e: WitError): Diagnostic {
  const lexErr = diagnostic(source, e.offset, e.length, e.message);
  if (!(e instanceof LexError) || e.wholeInput) return lexErr;
  let prefix: TokenList;
  try {
    prefix = lexPacked(source.text.slice(0, e.tokenStart));
  } catch {
    return lexErr;
  }
  const p = new Parser(source, prefix);
  p.file();
  const first = p.errors[0];
  return first && first.offset < e.tokenStart ? first : lexErr;
}

type TypeDefKeyword = T.Type | T.Flags | T.Enum | T.Variant | T.Resource | T.Record;
const TYPEDEF_START = new Set<T>([T.Type, T.Flags, T.Enum, T.Variant, T.Resource, T.Record]);

const PRIMITIVES = new Map<T, S.PrimitiveName>([
  [T.Bool, 'bool'], [T.U8, 'u8'], [T.U16, 'u16'], [T.U32, 'u32'], [T.U64, 'u64'],
  [T.S8, 's8'], [T.S16, 's16'], [T.S32, 's32'], [T.S64, 's64'], [T.F32, 'f32'], [T.F64, 'f64'],
  [T.Char, 'char'], [T.String, 'string'], [T.ErrorContext, 'error-context'],
]);

class Parser {
  readonly errors: Diagnostic[] = [];
  /** The first attribute set wit-parser refuses (\`@since\` twice, \`@since\` with \`@unstable\`), in file order. */
  badAttributes: WitError | undefined;
  /** Each distinct name once (a name is written where it is defined and wherever it is used). */
  private readonly names = new Map<string, string>();
  /** Index of the current significant token. */
  private pos = 0;
  /** The end offset of the last significant token consumed (0: none yet). */
  private consumedEnd = 0;

  constructor(
    private readonly source: SourceFile,
    private readonly tokens: TokenList,
  ) {
    this.pos = this.skipTrivia(0);
  }

  // ---- token cursor ----

  private skipTrivia(i: number): number {
    while (isTrivia(this.tokens.kinds[i]!)) i++;
    return i;
  }

  /** The current significant token's kind. */
  private at(): T {
    return this.tokens.kinds[this.pos]!;
  }

  private peek(): Token {
    return this.tokens.get(this.pos);
  }

  /** The kind of the significant token `ahead` tokens past the current one (at(): the current one). */
  private peekKind(ahead: number): T {
    let i = this.pos;
    for (let k = 0; k < ahead && this.tokens.kinds[i] !== T.Eof; k++) i = this.skipTrivia(i + 1);
    return this.tokens.kinds[i]!;
  }

  /** Past the current token. */
  private advance(): void {
    if (this.tokens.kinds[this.pos] === T.Eof) return;
    this.consumedEnd = this.tokens.end(this.pos);
    this.pos = this.skipTrivia(this.pos + 1);
  }

  /** Back to the significant token at `pos` (a lookahead that did not match). */
  private rewind(pos: number): void {
    this.pos = pos;
    let i = pos - 1;
    while (i >= 0 && isTrivia(this.tokens.kinds[i]!)) i--;
    this.consumedEnd = i >= 0 ? this.tokens.end(i) : 0;
  }

  private eat(kind: T): boolean {
    if (this.tokens.kinds[this.pos] !== kind) return false;
    this.advance();
    return true;
  }

  /** Past a token of `kind`, else the error `expected <what>`; the index of the token passed. */
  private expect(kind: T, what?: string): number {
    const at = this.pos;
    if (this.tokens.kinds[at] !== kind) throw this.unexpected(what ?? describe(kind));
    this.advance();
    return at;
  }

  private unexpected(expected: string): WitError {
    const t = this.peek();
    return new WitError(`expected ${expected}, found ${describe(t.kind)}`, t.start, t.end - t.start);
  }

  private spanFrom(start: number): S.Span {
    return { start, end: this.consumedEnd };
  }

  /** All comments between the previous significant token and the current one: wit-parser's docs. */
  private docs(): S.Docs {
    const kinds = this.tokens.kinds;
    let from = this.pos;
    while (from > 0 && isTrivia(kinds[from - 1]!)) from--;
    let comments: string[] | undefined;
    let first = 0;
    let last = 0;
    for (let i = from; i < this.pos; i++) {
      if (kinds[i] !== T.Comment) continue;
      const start = this.tokens.start(i);
      last = this.tokens.end(i);
      if (!comments) {
        comments = [];
        first = start;
      }
      comments.push(this.source.text.slice(start, last));
    }
    return comments ? { comments, span: { start: first, end: last } } : NO_DOCS;
  }

  // ---- shared pieces ----

  private id(): S.Id {
    const kind = this.tokens.kinds[this.pos];
    if (kind === T.Id || kind === T.ExplicitId) {
      // No Token object: names are most of a file's tokens.
      const start = this.tokens.start(this.pos);
      const end = this.tokens.end(this.pos);
      this.advance();
      const sliced = this.source.text.slice(kind === T.ExplicitId ? start + 1 : start, end);
      let name = this.names.get(sliced);
      if (name === undefined) {
        const bad = validateId(sliced);
        if (bad) throw new WitError(bad, start, end - start);
        this.names.set(sliced, (name = sliced));
      }
      return new IdNode(name, start, end);
    }
    throw this.unexpected('an identifier or string');
  }

  private version(): S.Version {
    const start = this.tokens.start(this.expect(T.Integer));
    this.expect(T.Period);
    this.expect(T.Integer);
    this.expect(T.Period);
    let end = this.tokens.end(this.expect(T.Integer));
    end = this.versionIds(T.Minus, end);
    end = this.versionIds(T.Plus, end);
    const text = this.source.text.slice(start, end);
    if (!SEMVER.test(text)) throw new WitError(`invalid semver version \`${text}\``, start, end - start);
    // u64::MAX has 20 digits: a shorter version holds no number above it.
    if (text.length >= 20) {
      const parts = text.split(/[-+]/)[0]!.split('.');
      ['major', 'minor', 'patch'].forEach((what, i) => {
        if (BigInt(parts[i]!) > U64_MAX) throw new WitError(`value of ${what} version number exceeds u64::MAX`, start, end - start);
      });
    }
    return { text, span: { start, end } };
  }

  /** Pre-release (`-...`) or build (`+...`) identifiers of a version, as wit-parser eats them. */
  private versionIds(prefix: T, end: number): number {
    if (!this.eat(prefix)) return end;
    for (;;) {
      // Keywords are not taken (`0.2.0-func` ends the version at `-`), as in wit-parser.
      const k = this.at();
      if (k === T.Id || k === T.Integer || k === T.Minus) {
        end = this.tokens.end(this.pos);
        this.advance();
      } else if (k === T.Period) {
        const k2 = this.peekKind(1);
        if (k2 === T.Id || k2 === T.Integer) {
          this.advance();
          end = this.tokens.end(this.pos);
          this.advance();
        } else break;
      } else break;
    }
    return end;
  }

  private optVersion(): S.Version | undefined {
    return this.eat(T.At) ? this.version() : undefined;
  }

  private packageName(): S.PackageName {
    const namespace = this.id();
    this.expect(T.Colon);
    const name = this.id();
    const version = this.optVersion();
    return { namespace, name, version, span: { start: namespace.span.start, end: this.consumedEnd } };
  }

  private usePath(): S.UsePath {
    const first = this.id();
    if (!this.eat(T.Colon)) return { kind: 'local', name: first, span: first.span };
    const pkg = this.id();
    this.expect(T.Slash);
    const name = this.id();
    const version = this.optVersion();
    const span = { start: first.span.start, end: this.consumedEnd };
    return {
      kind: 'package',
      package: { namespace: first, name: pkg, version, span: { start: first.span.start, end: pkg.span.end } },
      name,
      span,
    };
  }

  private attributes(): readonly S.Attribute[] {
    if (this.at() !== T.At) return NO_ATTRIBUTES;
    const out: S.Attribute[] = [];
    while (this.at() === T.At) {
      const start = this.tokens.start(this.pos);
      this.advance();
      const name = this.id();
      if (name.name !== 'since' && name.name !== 'unstable' && name.name !== 'deprecated') {
        throw new WitError(`unknown attribute \`${name.name}\``, name.span.start, name.span.end - name.span.start);
      }
      this.expect(T.LeftParen);
      switch (name.name) {
        case 'since': {
          this.attrKey('version');
          this.expect(T.Equals);
          const version = this.version();
          this.expect(T.RightParen);
          out.push({ kind: 'since', version, span: this.spanFrom(start) });
          break;
        }
        case 'unstable': {
          this.attrKey('feature');
          this.expect(T.Equals);
          const feature = this.id();
          this.expect(T.RightParen);
          out.push({ kind: 'unstable', feature, span: this.spanFrom(start) });
          break;
        }
        case 'deprecated': {
          this.attrKey('version');
          this.expect(T.Equals);
          const version = this.version();
          this.expect(T.RightParen);
          out.push({ kind: 'deprecated', version, span: this.spanFrom(start) });
          break;
        }
        default:
          throw new WitError(`unknown attribute \`${name.name}\``, name.span.start, name.span.end - name.span.start);
      }
    }
    this.badAttributes ??= attributeSetError(out);
    return out;
  }

  private attrKey(expected: string): void {
    const key = this.id();
    if (key.name !== expected) {
      throw new WitError(`expected \`${expected}\`, found \`${key.name}\``, key.span.start, key.span.end - key.span.start);
    }
  }

  /** `start item (, item)* ,? end` with docs before each item, as wit-parser's parse_list. */
  private list<R>(start: T, end: T, item: (docs: S.Docs) => R): R[] {
    this.expect(start);
    return this.listTrailer(end, item);
  }

  private listTrailer<R>(end: T, item: (docs: S.Docs) => R): R[] {
    const out: R[] = [];
    for (;;) {
      const docs = this.docs();
      if (this.eat(end)) break;
      out.push(item(docs));
      if (!this.eat(T.Comma)) {
        this.expect(end);
        break;
      }
    }
    return exact(out);
  }

  // ---- recovery ----

  private record(e: unknown): void {
    if (!(e instanceof WitError)) throw e;
    // One place, one error: recovery at end of file would otherwise repeat it per open brace.
    if (this.errors.length > 0 && this.errors[this.errors.length - 1].offset === e.offset) return;
    this.errors.push(diagnostic(this.source, e.offset, e.length, e.message));
    if (this.errors.length >= MAX_ERRORS) throw new TooManyErrors();
  }

  /**
   * After an error inside a braced body: skip to just past the next `;` at this
   * depth, or stop before the `}` that closes the body, so parsing resumes at
   * the next item. Always makes progress.
   */
  private recover(): void {
    const before = this.pos;
    let depth = 0;
    for (;;) {
      const k = this.at();
      if (k === T.Eof) return;
      if (k === T.LeftBrace) depth++;
      else if (k === T.RightBrace) {
        if (depth === 0) {
          if (this.pos === before) this.advance();
          return;
        }
        depth--;
        if (depth === 0) {
          this.advance();
          return;
        }
      } else if (k === T.Semicolon && depth === 0) {
        this.advance();
        return;
      }
      this.advance();
    }
  }

  // ---- file level ----

  file(): S.File {
    const docs = this.docs();
    let pkg: S.PackageDecl | undefined;
    const items: S.TopItem[] = [];
    const nested: S.NestedPackage[] = [];
    try {
      // `package a:b;` heads the file; `package a:b { ... }` is a nested package instead.
      const save = this.pos;
      try {
        const attributes = this.attributes();
        if (this.at() === T.Package) {
          if (attributes.length > 0) throw this.attributesOnPackage();
          const start = this.tokens.start(this.pos);
          this.advance();
          const name = this.packageName();
          if (this.eat(T.Semicolon)) pkg = { docs, attributes, name, span: this.spanFrom(start) };
          else this.rewind(save);
        } else {
          this.rewind(save);
        }
      } catch (e) {
        this.record(e);
        this.recover();
      }
      this.declList(items, nested, false, 0);
    } catch (e) {
      if (!(e instanceof TooManyErrors)) throw e;
    }
    return { source: this.source, tokens: this.tokens, docs, package: pkg, items, nested };
  }

  /** Items of a file or of a nested package, up to eof or `}`. */
  private declList(items: S.TopItem[], nested: S.NestedPackage[], inBraces: boolean, depth: number): void {
    for (;;) {
      const k = this.at();
      if (k === T.Eof || (inBraces && k === T.RightBrace)) return;
      const before = this.pos;
      try {
        const docs = this.docs();
        const attributes = this.attributes();
        const start = attributes[0]?.span.start ?? this.tokens.start(this.pos);
        switch (this.at()) {
          case T.Interface:
            items.push(this.interface(docs, attributes, start));
            break;
          case T.World:
            items.push(this.world(docs, attributes, start));
            break;
          case T.Use:
            items.push(this.topUse(docs, attributes, start));
            break;
          case T.Package: {
            nested.push(this.nestedPackage(docs, attributes, start, depth + 1));
            break;
          }
          default:
            throw this.unexpected('`world`, `interface` or `use`');
        }
      } catch (e) {
        this.record(e);
        this.recover();
        if (this.pos === before) this.advance();
      }
    }
  }

  /** wit-parser takes no attributes on `package`, header or nested block; it says so when it reaches the keyword. */
  private attributesOnPackage(): WitError {
    const t = this.peek();
    return new WitError('cannot place attributes on nested packages', t.start, t.end - t.start);
  }

  private nestedPackage(docs: S.Docs, attributes: readonly S.Attribute[], start: number, depth: number): S.NestedPackage {
    if (attributes.length > 0) throw this.attributesOnPackage();
    const kw = this.expect(T.Package);
    if (depth > MAX_PACKAGE_DEPTH) throw new WitError('package nesting too deep', this.tokens.start(kw), this.tokens.end(kw) - this.tokens.start(kw));
    const name = this.packageName();
    this.expect(T.LeftBrace);
    const items: S.TopItem[] = [];
    const nested: S.NestedPackage[] = [];
    this.declList(items, nested, true, depth);
    this.expect(T.RightBrace);
    // wit-parser parses nested blocks recursively, then refuses any below the top level.
    if (depth === 1 && nested.length > 0) {
      const inner = nested[0].name;
      throw new WitError('nested packages must be placed at the top-level', inner.span.start, inner.span.end - inner.span.start);
    }
    return { docs, attributes, name, items, span: this.spanFrom(start) };
  }

  private topUse(docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.TopUse {
    this.expect(T.Use);
    const path = this.usePath();
    const as = this.eat(T.As) ? this.id() : undefined;
    this.expect(T.Semicolon);
    return { kind: 'top-use', docs, attributes, path, as, span: this.spanFrom(start) };
  }

  // ---- interfaces ----

  private interface(docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.Interface {
    this.expect(T.Interface);
    const name = this.id();
    const { items, body } = this.interfaceBody();
    return { kind: 'interface', docs, attributes, name, items, body, span: this.spanFrom(start) };
  }

  private interfaceBody(): { items: S.InterfaceItem[]; body: S.Span } {
    return this.braced(() => this.interfaceItem());
  }

  /**
   * `{ item* }`: an item that fails to parse is recorded and skipped (see
   * recover), so the rest of the body still parses.
   */
  private braced<I>(item: () => I): { items: I[]; body: S.Span } {
    const open = this.tokens.start(this.expect(T.LeftBrace));
    const items: I[] = [];
    while (!this.eat(T.RightBrace)) {
      if (this.at() === T.Eof) throw this.unexpected(describe(T.RightBrace));
      const before = this.pos;
      try {
        items.push(item());
      } catch (e) {
        this.record(e);
        this.recover();
        if (this.pos === before) this.advance();
      }
    }
    return { items: exact(items), body: this.spanFrom(open) };
  }

  private interfaceItem(): S.InterfaceItem {
    const docs = this.docs();
    const attributes = this.attributes();
    const start = attributes[0]?.span.start ?? this.tokens.start(this.pos);
    const k = this.at();
    if (TYPEDEF_START.has(k)) return this.typeDef(k as TypeDefKeyword, docs, attributes, start);
    if (k === T.Id || k === T.ExplicitId) return this.namedFunc(docs, attributes, start);
    if (k === T.Use) return this.use(docs, attributes, start);
    throw this.unexpected('`type`, `resource` or `func`');
  }

  private namedFunc(docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.NamedFunc {
    const name = this.id();
    this.expect(T.Colon);
    const func = this.func();
    this.expect(T.Semicolon);
    return { kind: 'func', docs, attributes, name, func, span: this.spanFrom(start) };
  }

  private func(): S.Func {
    const start = this.tokens.start(this.pos);
    const isAsync = this.eat(T.Async);
    this.expect(T.Func);
    const params = this.params();
    const result = this.eat(T.RArrow) ? this.type() : undefined;
    return { async: isAsync, params, result, span: this.spanFrom(start) };
  }

  private params(): S.Param[] {
    return this.list(T.LeftParen, T.RightParen, (docs) => {
      const name = this.id();
      this.expect(T.Colon);
      const type = this.type();
      return new TypedName(docs, name, type, name.span.start, this.consumedEnd);
    });
  }

  private use(docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.Use {
    this.expect(T.Use);
    const path = this.usePath();
    this.expect(T.Period);
    const names = this.list(T.LeftBrace, T.RightBrace, () => {
      const name = this.id();
      const as = this.eat(T.As) ? this.id() : undefined;
      return { name, as, span: { start: name.span.start, end: this.consumedEnd } };
    });
    this.expect(T.Semicolon);
    return { kind: 'use', docs, attributes, path, names, span: this.spanFrom(start) };
  }

  // ---- type definitions ----

  private typeDef(k: TypeDefKeyword, docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.TypeDef {
    this.advance();
    const name = this.id();
    switch (k) {
      case T.Type: {
        this.expect(T.Equals);
        const type = this.type();
        this.expect(T.Semicolon);
        return { kind: 'type', docs, attributes, name, def: 'alias', type, span: this.spanFrom(start) };
      }
      case T.Resource: {
        if (this.eat(T.Semicolon)) return { kind: 'type', docs, attributes, name, def: 'resource', funcs: [], hasBody: false, span: this.spanFrom(start) };
        const funcs = this.braced(() => this.resourceFunc()).items;
        return { kind: 'type', docs, attributes, name, def: 'resource', funcs, hasBody: true, span: this.spanFrom(start) };
      }
      case T.Record: {
        const fields = this.list(T.LeftBrace, T.RightBrace, (fdocs) => {
          const fname = this.id();
          this.expect(T.Colon);
          const type = this.type();
          return new TypedName(fdocs, fname, type, fname.span.start, this.consumedEnd);
        });
        return { kind: 'type', docs, attributes, name, def: 'record', fields, span: this.spanFrom(start) };
      }
      case T.Flags: {
        const flags = this.list(T.LeftBrace, T.RightBrace, (fdocs) => {
          const fname = this.id();
          return { docs: fdocs, name: fname, span: fname.span };
        });
        return { kind: 'type', docs, attributes, name, def: 'flags', flags, span: this.spanFrom(start) };
      }
      case T.Variant: {
        const cases = this.list(T.LeftBrace, T.RightBrace, (cdocs) => {
          const cname = this.id();
          let type: S.Type | undefined;
          if (this.eat(T.LeftParen)) {
            type = this.type();
            this.expect(T.RightParen);
          }
          return new TypedName(cdocs, cname, type, cname.span.start, this.consumedEnd);
        });
        return { kind: 'type', docs, attributes, name, def: 'variant', cases, span: this.spanFrom(start) };
      }
      case T.Enum: {
        const cases = this.list(T.LeftBrace, T.RightBrace, (cdocs) => {
          const cname = this.id();
          return { docs: cdocs, name: cname, span: cname.span };
        });
        return { kind: 'type', docs, attributes, name, def: 'enum', cases, span: this.spanFrom(start) };
      }
    }
  }

  private resourceFunc(): S.ResourceFunc {
    const docs = this.docs();
    const attributes = this.attributes();
    const start = attributes[0]?.span.start ?? this.tokens.start(this.pos);
    const t = this.peek();
    if (t.kind === T.Constructor) {
      this.advance();
      const name: S.Id = { name: 'constructor', span: { start: t.start, end: t.end } };
      const fstart = this.tokens.start(this.pos);
      const params = this.params();
      const result = this.eat(T.RArrow) ? this.type() : undefined;
      this.expect(T.Semicolon);
      const func = { async: false, params, result, span: this.spanFrom(fstart) };
      return { kind: 'constructor', docs, attributes, name, func, span: this.spanFrom(start) };
    }
    if (t.kind === T.Id || t.kind === T.ExplicitId) {
      const name = this.id();
      this.expect(T.Colon);
      const isStatic = this.eat(T.Static);
      const func = this.func();
      this.expect(T.Semicolon);
      return { kind: isStatic ? 'static' : 'method', docs, attributes, name, func, span: this.spanFrom(start) };
    }
    throw this.unexpected('`constructor` or identifier');
  }

  // ---- types ----

  private depth = 0;

  private type(): S.Type {
    if (++this.depth > MAX_TYPE_DEPTH) {
      const t = this.peek();
      this.depth = 0;
      throw new WitError('type nesting too deep', t.start, t.end - t.start);
    }
    try {
      return this.typeInner();
    } finally {
      this.depth--;
    }
  }

  private typeInner(): S.Type {
    const t = this.peek();
    const start = t.start;
    const prim = PRIMITIVES.get(t.kind);
    if (prim) {
      this.advance();
      return new PrimitiveNode(prim, start, t.end);
    }
    switch (t.kind) {
      case T.Id:
      case T.ExplicitId: {
        const name = this.id();
        return { kind: 'name', name, span: name.span };
      }
      case T.Tuple: {
        this.advance();
        const types = this.list(T.LessThan, T.GreaterThan, () => this.type());
        return { kind: 'tuple', types, span: this.spanFrom(start) };
      }
      case T.List: {
        this.advance();
        this.expect(T.LessThan);
        const element = this.type();
        let size: number | undefined;
        if (this.eat(T.Comma)) {
          const n = this.expect(T.Integer, 'fixed-length');
          size = Number(this.source.text.slice(this.tokens.start(n), this.tokens.end(n)));
        }
        this.expect(T.GreaterThan);
        return { kind: 'list', element, size, span: this.spanFrom(start) };
      }
      case T.Map: {
        this.advance();
        this.expect(T.LessThan);
        const key = this.type();
        this.expect(T.Comma);
        const value = this.type();
        this.expect(T.GreaterThan);
        return { kind: 'map', key, value, span: this.spanFrom(start) };
      }
      case T.Option: {
        this.advance();
        this.expect(T.LessThan);
        const type = this.type();
        this.expect(T.GreaterThan);
        return { kind: 'option', type, span: this.spanFrom(start) };
      }
      case T.Result: {
        this.advance();
        let ok: S.Type | undefined;
        let err: S.Type | undefined;
        if (this.eat(T.LessThan)) {
          if (this.eat(T.Underscore)) {
            this.expect(T.Comma);
            err = this.type();
          } else {
            ok = this.type();
            if (this.eat(T.Comma)) err = this.type();
          }
          this.expect(T.GreaterThan);
        }
        return { kind: 'result', ok, err, span: this.spanFrom(start) };
      }
      case T.Future:
      case T.Stream: {
        this.advance();
        let type: S.Type | undefined;
        if (this.eat(T.LessThan)) {
          type = this.type();
          this.expect(T.GreaterThan);
        }
        return { kind: t.kind === T.Future ? 'future' : 'stream', type, span: this.spanFrom(start) };
      }
      case T.Own:
      case T.Borrow: {
        this.advance();
        this.expect(T.LessThan);
        const name = this.id();
        this.expect(T.GreaterThan);
        return { kind: t.kind === T.Own ? 'own' : 'borrow', name, span: this.spanFrom(start) };
      }
      default:
        throw this.unexpected('a type');
    }
  }

  // ---- worlds ----

  private world(docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.World {
    this.expect(T.World);
    const name = this.id();
    const { items, body } = this.braced(() => this.worldItem());
    return { kind: 'world', docs, attributes, name, items, body, span: this.spanFrom(start) };
  }

  private worldItem(): S.WorldItem {
    const docs = this.docs();
    const attributes = this.attributes();
    const start = attributes[0]?.span.start ?? this.tokens.start(this.pos);
    const k = this.at();
    switch (k) {
      case T.Import:
      case T.Export: {
        this.advance();
        const extern = this.extern();
        return { kind: k === T.Import ? 'import' : 'export', docs, attributes, extern, span: this.spanFrom(start) };
      }
      case T.Use:
        return this.use(docs, attributes, start);
      case T.Include:
        return this.include(docs, attributes, start);
      default:
        if (TYPEDEF_START.has(k)) return this.typeDef(k as TypeDefKeyword, docs, attributes, start);
        throw this.unexpected('`import`, `export`, `include`, `use`, or type definition');
    }
  }

  private extern(): S.Extern {
    const start = this.tokens.start(this.pos);
    const k0 = this.at();
    if ((k0 === T.Id || k0 === T.ExplicitId) && this.peekKind(1) === T.Colon) {
      const k2 = this.peekKind(2);
      if (k2 === T.Func || k2 === T.Async) {
        const name = this.id();
        this.expect(T.Colon);
        const func = this.func();
        this.expect(T.Semicolon);
        return { kind: 'func', name, func, span: this.spanFrom(start) };
      }
      if (k2 === T.Interface) {
        const name = this.id();
        this.expect(T.Colon);
        this.expect(T.Interface);
        const { items, body } = this.interfaceBody();
        return { kind: 'interface', name, items, body, span: this.spanFrom(start) };
      }
      // `name: path`, unless this is `ns:pkg/...`: a package path has a `/` after its second id.
      if ((k2 === T.Id || k2 === T.ExplicitId) && this.peekKind(3) !== T.Slash) {
        const name = this.id();
        this.expect(T.Colon);
        const path = this.usePath();
        this.expect(T.Semicolon);
        return { kind: 'implements', name, path, span: this.spanFrom(start) };
      }
    }
    const path = this.usePath();
    this.expect(T.Semicolon);
    return { kind: 'path', path, span: this.spanFrom(start) };
  }

  private include(docs: S.Docs, attributes: readonly S.Attribute[], start: number): S.Include {
    this.expect(T.Include);
    const path = this.usePath();
    let names: S.IncludeName[] = [];
    if (this.eat(T.With)) {
      names = this.list(T.LeftBrace, T.RightBrace, () => {
        const name = this.id();
        this.expect(T.As);
        const as = this.id();
        return { name, as, span: { start: name.span.start, end: this.consumedEnd } };
      });
    } else {
      this.expect(T.Semicolon);
    }
    return { kind: 'include', docs, attributes, path, with: names, span: this.spanFrom(start) };
  }
}

class TooManyErrors extends Error {}

/** What wit-parser says of an item's attribute set it refuses, at the attribute that breaks the set; undefined when the set is fine. */
function attributeSetError(attrs: readonly S.Attribute[]): WitError | undefined {
  if (attrs.length < 2 && attrs[0]?.kind !== 'deprecated') return undefined;
  const at = (a: S.Attribute, message: string) => new WitError(message, a.span.start, a.span.end - a.span.start);
  const seen = new Set<S.Attribute['kind']>();
  for (const a of attrs) {
    if (seen.has(a.kind)) return at(a, `cannot specify @${a.kind} twice`);
    seen.add(a.kind);
  }
  const since = attrs.find((a) => a.kind === 'since');
  const unstable = attrs.find((a) => a.kind === 'unstable');
  if (since && unstable) return at(since.span.start > unstable.span.start ? since : unstable, 'cannot specify both @since and @unstable');
  const deprecated = attrs.find((a) => a.kind === 'deprecated');
  if (deprecated && !since && !unstable) return at(deprecated, 'cannot specify both @deprecated without @since or @unstable');
  return undefined;
}

const U64_MAX = 18446744073709551615n;

/** Semantic Versioning 2.0.0 grammar (no leading zeros in numeric parts). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * The syntax tree of one WIT file. Nodes keep spans (UTF-16 offsets into the
 * file text) rather than copies of text; the file keeps every token, trivia
 * included, so the tree prints back byte for byte (see printer.ts) and an edit
 * is a replacement of a span (see edits.ts).
 */
import type { SourceFile } from './diagnostics.js';
import type { TokenList } from './lexer.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Every node has a span covering its significant tokens (not the trivia before them). */
export interface NodeBase {
  readonly span: Span;
}

export interface Id extends NodeBase {
  /** The name without a leading `%`. */
  readonly name: string;
}

/** The comments directly before an item, in order, as wit-parser collects them for `docs`. */
export interface Docs {
  readonly comments: readonly string[];
  readonly span?: Span;
}

export type Attribute =
  | (NodeBase & { readonly kind: 'since'; readonly version: Version })
  | (NodeBase & { readonly kind: 'unstable'; readonly feature: Id })
  | (NodeBase & { readonly kind: 'deprecated'; readonly version: Version });

export interface Version extends NodeBase {
  readonly text: string;
}

export interface PackageName extends NodeBase {
  readonly namespace: Id;
  readonly name: Id;
  readonly version?: Version;
}

export type UsePath =
  | (NodeBase & { readonly kind: 'local'; readonly name: Id })
  | (NodeBase & { readonly kind: 'package'; readonly package: PackageName; readonly name: Id });

export interface File {
  readonly source: SourceFile;
  /** All tokens of the file, trivia included, ending with Eof. */
  readonly tokens: TokenList;
  readonly docs: Docs;
  /** `package a:b;` at the top of the file, when present. */
  readonly package?: PackageDecl;
  /** Items of the file's own (unnamed-block) package. */
  readonly items: readonly TopItem[];
  /** `package a:b { ... }` blocks. */
  readonly nested: readonly NestedPackage[];
}

export interface PackageDecl extends NodeBase {
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly name: PackageName;
}

export interface NestedPackage extends NodeBase {
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
  readonly name: PackageName;
  readonly items: readonly TopItem[];
}

export type TopItem = Interface | World | TopUse;

export interface ItemBase extends NodeBase {
  readonly docs: Docs;
  readonly attributes: readonly Attribute[];
}

export interface TopUse extends ItemBase {
  readonly kind: 'top-use';
  readonly path: UsePath;
  readonly as?: Id;
}

export interface Interface extends ItemBase {
  readonly kind: 'interface';
  readonly name: Id;
  readonly items: readonly InterfaceItem[];
  /** Span of the `{ ... }` body. */
  readonly body: Span;
}

export type InterfaceItem = TypeDef | NamedFunc | Use;

export interface Use extends ItemBase {
  readonly kind: 'use';
  readonly path: UsePath;
  readonly names: readonly UseName[];
}

export interface UseName extends NodeBase {
  readonly name: Id;
  readonly as?: Id;
}

export interface NamedFunc extends ItemBase {
  readonly kind: 'func';
  readonly name: Id;
  readonly func: Func;
}

export interface Func extends NodeBase {
  readonly async: boolean;
  readonly params: readonly Param[];
  readonly result?: Type;
}

export interface Param extends NodeBase {
  readonly docs: Docs;
  readonly name: Id;
  readonly type: Type;
}

export type TypeDef = Resource | Record | Flags | Variant | Enum | Alias;

interface TypeDefBase extends ItemBase {
  readonly kind: 'type';
  readonly name: Id;
}

export interface Resource extends TypeDefBase {
  readonly def: 'resource';
  readonly funcs: readonly ResourceFunc[];
  /** Whether the resource was written with a `{ ... }` body (vs `resource r;`). */
  readonly hasBody: boolean;
}

export interface ResourceFunc extends ItemBase {
  readonly kind: 'method' | 'static' | 'constructor';
  /** For a constructor, the `constructor` keyword. */
  readonly name: Id;
  readonly func: Func;
}

export interface Record extends TypeDefBase {
  readonly def: 'record';
  readonly fields: readonly Field[];
}

export interface Field extends NodeBase {
  readonly docs: Docs;
  readonly name: Id;
  readonly type: Type;
}

export interface Flags extends TypeDefBase {
  readonly def: 'flags';
  readonly flags: readonly Case[];
}

export interface Variant extends TypeDefBase {
  readonly def: 'variant';
  readonly cases: readonly Case[];
}

export interface Enum extends TypeDefBase {
  readonly def: 'enum';
  readonly cases: readonly Case[];
}

export interface Case extends NodeBase {
  readonly docs: Docs;
  readonly name: Id;
  readonly type?: Type;
}

export interface Alias extends TypeDefBase {
  readonly def: 'alias';
  readonly type: Type;
}

export type PrimitiveName =
  | 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64'
  | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

export type Type =
  | (NodeBase & { readonly kind: 'primitive'; readonly name: PrimitiveName })
  | (NodeBase & { readonly kind: 'name'; readonly name: Id })
  | (NodeBase & { readonly kind: 'list'; readonly element: Type; readonly size?: number })
  | (NodeBase & { readonly kind: 'map'; readonly key: Type; readonly value: Type })
  | (NodeBase & { readonly kind: 'option'; readonly type: Type })
  | (NodeBase & { readonly kind: 'result'; readonly ok?: Type; readonly err?: Type })
  | (NodeBase & { readonly kind: 'tuple'; readonly types: readonly Type[] })
  | (NodeBase & { readonly kind: 'future'; readonly type?: Type })
  | (NodeBase & { readonly kind: 'stream'; readonly type?: Type })
  | (NodeBase & { readonly kind: 'own'; readonly name: Id })
  | (NodeBase & { readonly kind: 'borrow'; readonly name: Id });

export interface World extends ItemBase {
  readonly kind: 'world';
  readonly name: Id;
  readonly items: readonly WorldItem[];
  readonly body: Span;
}

export type WorldItem = ImportExport | Use | TypeDef | Include;

export interface ImportExport extends ItemBase {
  readonly kind: 'import' | 'export';
  readonly extern: Extern;
}

export type Extern =
  /** `import wasi:io/poll@0.2.0;` or `import foo;` */
  | (NodeBase & { readonly kind: 'path'; readonly path: UsePath })
  /** `import name: func(...)` */
  | (NodeBase & { readonly kind: 'func'; readonly name: Id; readonly func: Func })
  /** `import name: interface { ... }` */
  | (NodeBase & { readonly kind: 'interface'; readonly name: Id; readonly items: readonly InterfaceItem[]; readonly body: Span })
  /** `import label: path;`, an interface imported under a plain name */
  | (NodeBase & { readonly kind: 'implements'; readonly name: Id; readonly path: UsePath });

export interface Include extends ItemBase {
  readonly kind: 'include';
  readonly path: UsePath;
  readonly with: readonly IncludeName[];
}

export interface IncludeName extends NodeBase {
  readonly name: Id;
  readonly as: Id;
}

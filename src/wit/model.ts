/**
 * The resolved model of a set of WIT packages, shaped like wit-parser's
 * `Resolve` but linked by object references instead of arena indices. Every
 * item keeps a link to the syntax node it came from (`syntax`) and its file.
 */
import type { SourceFile } from './diagnostics.js';
import type * as S from './syntax.js';

export type Stability =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'stable'; readonly since: string; readonly deprecated?: string }
  | { readonly kind: 'unstable'; readonly feature: string; readonly deprecated?: string };

/** Where an item came from: its file and syntax node. */
export interface Origin<N> {
  readonly file: SourceFile;
  readonly node: N;
}

export interface Resolve {
  /** Packages in dependency order: every package comes after the ones it uses. */
  readonly packages: Package[];
  readonly interfaces: Interface[];
  readonly worlds: World[];
  readonly types: TypeDef[];
}

export interface PackageName {
  readonly namespace: string;
  readonly name: string;
  readonly version?: string;
}

export function packageId(p: PackageName): string {
  return `${p.namespace}:${p.name}${p.version ? `@${p.version}` : ''}`;
}

export interface Package {
  readonly name: PackageName;
  docs: string | undefined;
  readonly interfaces: Map<string, Interface>;
  readonly worlds: Map<string, World>;
  /** The files that declared this package (for a nested package: the file holding the block). */
  readonly files: SourceFile[];
}

export interface Interface {
  /** Undefined for an interface written inline in a world. */
  readonly name: string | undefined;
  readonly package: Package;
  docs: string | undefined;
  stability: Stability;
  readonly types: Map<string, TypeDef>;
  readonly functions: Map<string, Function>;
  readonly origin?: Origin<S.Interface | S.Extern>;
}

export type WorldKey = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'interface'; readonly interface: Interface };

export type WorldItem =
  | { readonly kind: 'interface'; readonly interface: Interface; readonly stability: Stability }
  | { readonly kind: 'function'; readonly function: Function }
  | { readonly kind: 'type'; readonly type: TypeDef };

export interface WorldEntry {
  readonly key: WorldKey;
  readonly item: WorldItem;
}

export interface World {
  readonly name: string;
  readonly package: Package;
  docs: string | undefined;
  stability: Stability;
  /** In wit-parser's order; keys are unique (see worldKeyName). */
  readonly imports: WorldEntry[];
  readonly exports: WorldEntry[];
  readonly origin?: Origin<S.World>;
}

/** A primitive type by name, or a type definition. */
export type Type = S.PrimitiveName | TypeDef;

export type TypeDefKind =
  | { readonly kind: 'record'; readonly fields: readonly { name: string; type: Type; docs?: string }[] }
  | { readonly kind: 'resource' }
  | { readonly kind: 'handle'; readonly handle: 'own' | 'borrow'; readonly resource: TypeDef }
  | { readonly kind: 'flags'; readonly flags: readonly { name: string; docs?: string }[] }
  | { readonly kind: 'tuple'; readonly types: readonly Type[] }
  | { readonly kind: 'variant'; readonly cases: readonly { name: string; type?: Type; docs?: string }[] }
  | { readonly kind: 'enum'; readonly cases: readonly { name: string; docs?: string }[] }
  | { readonly kind: 'option'; readonly type: Type }
  | { readonly kind: 'result'; readonly ok?: Type; readonly err?: Type }
  | { readonly kind: 'list'; readonly element: Type }
  | { readonly kind: 'fixed-length-list'; readonly element: Type; readonly size: number }
  | { readonly kind: 'map'; readonly key: Type; readonly value: Type }
  | { readonly kind: 'future'; readonly type?: Type }
  | { readonly kind: 'stream'; readonly type?: Type }
  /** An alias: `type a = b;` or a `use`d type. */
  | { readonly kind: 'type'; readonly type: Type };

export type TypeOwner = { readonly kind: 'interface'; readonly interface: Interface } | { readonly kind: 'world'; readonly world: World } | undefined;

export interface TypeDef {
  /** Undefined for an anonymous type such as `list<u8>`. */
  readonly name: string | undefined;
  kind: TypeDefKind;
  readonly owner: TypeOwner;
  docs: string | undefined;
  stability: Stability;
  readonly origin?: Origin<S.TypeDef | S.UseName | S.Type>;
}

export type FunctionKind =
  | { readonly kind: 'freestanding' }
  | { readonly kind: 'method' | 'static' | 'constructor'; readonly resource: TypeDef };

export interface Function {
  /** wit-parser's mangled name: `f`, `[method]r.f`, `[static]r.f`, `[constructor]r`. */
  readonly name: string;
  readonly kind: FunctionKind;
  readonly async: boolean;
  readonly params: readonly { readonly name: string; readonly type: Type }[];
  readonly result?: Type;
  docs: string | undefined;
  stability: Stability;
  readonly origin?: Origin<S.NamedFunc | S.ResourceFunc | S.Extern>;
}

/**
 * What a bindings code transform is: data (id, summary, reviewer docs,
 * mechanical or needs-review, before/after cases) plus one function that
 * rewrites a ts-morph source file in place through a `FileContext`, which
 * records every edit and review item with its transform id.
 *
 * Transforms are the TypeScript/JavaScript counterpart of `rules/` for WIT.
 * Unlike WIT rules they mutate the tree (ts-morph re-parses after each
 * change), so they run one after another, each seeing what earlier ones made.
 */
import type { Node, Project, SourceFile, ts } from 'ts-morph';
import type { WasiImports } from './wasi-imports.js';
import type { StreamParams } from './stream-params.js';
import type { MessageData, Messages } from '../../util/messages.js';

export interface CodeCase {
  readonly name: string;
  /** One file's text (`guest.js`), or several files by name. */
  readonly before: string | Readonly<Record<string, string>>;
  /** Expected text after the whole pipeline; omit when nothing may change. */
  readonly after?: string | Readonly<Record<string, string>>;
  /** Substrings expected in the review messages, in order. */
  readonly reviews?: readonly string[];
  /** Inline helpers the output ends with (cases name them rather than spell them out). */
  readonly helpers?: readonly string[];
  /**
   * The project's WIT beside the code (`wit/world.wit`): the port checks the
   * functions it makes async against the sync exports of its worlds.
   */
  readonly wit?: string;
  /** The files of that WIT's deps/, by path under it (`my-dep/api.wit`): the interfaces of other packages its worlds export. */
  readonly witDeps?: Readonly<Record<string, string>>;
  /** The run changes the WIT too (`migrate`, CodeOptions.changesWit). */
  readonly changesWit?: boolean;
  /** The project has no WIT beside the code (CodeOptions.noWit), as a run on a folder with no `wit/`. */
  readonly noWit?: boolean;
  /** The project's tsconfig.json text (CodeOptions.compilerOptions); none: the project has none. */
  readonly tsconfig?: string;
}

export interface FileContext {
  readonly project: Project;
  readonly file: SourceFile;
  /** The `wasi:*@0.2.x` names this file imports (re-read after each transform). */
  readonly wasi: WasiImports;
  /** The transform running now. */
  readonly transform: string;
  /** The file's text as the run found it, before any transform. */
  readonly original: string;
  /** Record an edit at `node` (call after the change, with a node of the new text where possible). */
  edit(node: Node, note: string): void;
  /** Record an edit by line (1-based, in the text after the transform), for whole-text changes. */
  editLine(line: number, note: string): void;
  /**
   * Leave the code, put a `// wasi-migrate(review): ...` line above the
   * statement holding `node`, report it: the running transform's message
   * `messageId` (a key of its `messages`), its template filled with `data`
   * (src/util/messages.ts), as typescript-eslint's `context.report`.
   */
  review(node: Node, messageId: string, data?: MessageData): void;
  /** Ask for an inline helper (see helpers.ts) to be added to this file once. */
  needHelper(name: string): void;
  /** The sync exports a file may implement: JavaScript name (`getResult`, `api.doThing`) -> WIT name and the worlds that declare it (world-exports.ts). */
  syncExportsOf(file: SourceFile): ReadonlyMap<string, { readonly wit: string; readonly worlds: readonly string[]; readonly dep?: string }>;
  /** The interfaces of other packages, whose WIT was not read, that those worlds export: jco's name of the object (\`api\`) -> the path as written (\`my:dep/api@0.1.0\`) and the worlds (world-exports.ts). */
  unreadExportsOf(file: SourceFile): ReadonlyMap<string, { readonly wit: string; readonly worlds: readonly string[]; readonly read?: true }>;
  /** Which parameters of the project hold a 0.2 stream, and which calls hand them one (stream-params.ts). */
  readonly streams: StreamParams;
  /** The run changes the WIT too (`migrate`): a sync export the port makes async becomes an `async func` there. */
  readonly changesWit: boolean;
  /** No WIT beside the code: an export the port makes async cannot be checked against a world. */
  readonly noWit: boolean;
  /** A WIT is in the run (CodeOptions.syncExports given, noWit not set): an export no world of it declares is none of the component's. */
  readonly withWit: boolean;
  /** A module of the project imported WASI 0.2 when the run began (the port's edits aside). */
  readonly projectOn02: boolean;
  /** The WASI interfaces the project's worlds export (CodeOptions.wasiExports, `wasi:cli/run`): the file's export of jco's object for one implements it. */
  readonly wasiExports: ReadonlySet<string>;
  /** Those of wasiExports a world exports at a 0.2 version (CodeOptions.wasiExports02): 0.2's shape of the export is in play. */
  readonly wasiExports02: ReadonlySet<string>;
  /** The project's compiler options (CodeOptions.compilerOptions); undefined: it has no tsconfig. */
  readonly compilerOptions?: ts.CompilerOptions;
  /** Record that the port made the WIT export `wit` (`get-result`, `api.do-thing`) of `world` async. */
  exportTurnsAsync(world: string, wit: string): void;
}

export interface CodeTransform {
  /** `bindings/<name>`. */
  readonly id: string;
  readonly summary: string;
  readonly docs: string;
  readonly kind: 'mechanical' | 'needs-review';
  /**
   * The review messages the transform can raise, by stable id: templates with
   * `{{key}}` placeholders (src/util/messages.ts), as typescript-eslint's
   * `meta.messages`; omitted by a transform that raises none.
   */
  readonly messages?: Messages;
  readonly apply: (ctx: FileContext) => void;
  /**
   * Words a file's text must contain one of for `apply` to do anything there
   * (method or import names it looks for, spelled as the source spells
   * them): a cheap test that can only say "maybe", so the rewriter skips the
   * tree walks of a transform with nothing to port in the file. Omitted: the
   * transform runs on every file.
   */
  readonly mentions?: readonly string[];
  readonly cases: readonly CodeCase[];
}

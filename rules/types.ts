/**
 * What a migration rule is: data (id, summary, reviewer docs, whether its
 * output is mechanical or needs review, before/after cases) plus one pure
 * transform from the parsed (and, when it resolves, resolved) package to
 * edits and review notes.
 */
import type * as M from '../src/wit/model.js';
import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { MessageData, Messages } from '../src/util/messages.js';

/** One `.wit` file of the package being migrated, as parsed. */
export interface WitFile {
  /** Path relative to the package root (`foo.wit`, `deps/x/y.wit`). */
  readonly path: string;
  readonly text: string;
  readonly file: S.File;
}

/** A vendored dependency folder or file under `deps/`. */
export interface DepEntry {
  /** Relative path of the dep folder or file (`deps/io`, `deps/io.wit`). */
  readonly path: string;
  /** Package name declared inside, e.g. `wasi:io@0.2.0`, when it could be read. */
  readonly packageId?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly version?: string;
  /** Files of the dep, relative to the package root. */
  readonly files: readonly string[];
}

/**
 * The package resolved with its deps (`wasi:*` packages no dep provides are
 * jco's official WIT, 0.2.x as 0.2.12 relabelled), so a rule can ask what a
 * name really refers to through `use` re-exports and `type` aliases. It is
 * resolved from the same syntax trees as `RuleContext.files`: a model item's
 * `origin.node` is the node the rule walks. The package's own items carry no
 * doc text (`docs` undefined: read docs from the syntax).
 */
export interface PackageModel {
  readonly resolve: M.Resolve;
  /** `ns:name@version` of the package being migrated. */
  readonly packageId: string;
  readonly package: M.Package;
}

export interface RuleContext {
  /** The main package's files (not deps). */
  readonly files: readonly WitFile[];
  /** Vendored deps of the package (empty when there is no `deps/`). */
  readonly deps: readonly DepEntry[];
  /** Text of every file under `deps/` as it stands in this phase (after non-WASI deps were ported). */
  readonly depFiles?: Readonly<Record<string, string>>;
  /**
   * Files of packages that use this one, read only: for a vendored package the run ports in place, the main package
   * and the other deps. What they \`use\` from it is used (absent: nothing outside the package is known to).
   */
  readonly users?: readonly WitFile[];
  /**
   * Vendored non-WASI packages the run ported in place (their WASI 0.2 references moved), before the phases ran, with
   * the resource methods that port made \`async func\`s (\`madeAsync\`, per interface and resource: rule 18 reads them).
   */
  readonly portedDeps?: readonly { readonly packageId: string; readonly path: string; readonly madeAsync?: readonly { readonly iface: string; readonly resource: string; readonly ops: readonly string[] }[] }[];
  /** Text of other non-.wit files the package root holds that rules may edit (`deps.toml`). */
  readonly extraFiles: Readonly<Record<string, string>>;
  /** `--bump <version>`, when given. */
  readonly bump?: string;
  /** Spans (per file path) of items earlier rules changed, in the current text (for rule 10). */
  readonly changed: Readonly<Record<string, readonly Span[]>>;
  /**
   * What the input wrote where \`span\` of a main file's current text is (earlier rules' edits undone), for a note
   * that names what the file wrote (a 0.3 release candidate rule 15 moved to 0.3.0); undefined when an end of the
   * span falls inside an earlier edit's text, or the engine does not say.
   */
  readonly wrote?: (file: string, span: Span) => string | undefined;
  /**
   * The resolved package, computed on first read; undefined when the package
   * does not resolve (the run then records a warning and rules fall back to
   * what the syntax says). Reading it costs a resolution: read it only when
   * the syntax cannot answer.
   */
  readonly model?: PackageModel;
  /**
   * The packages the deps provide, by id (`wasi:clocks@0.2.0`): the deps and
   * official stand-ins `model` is resolved against, each resolved alone with
   * the deps it may reach, once per run for all packages that vendor it
   * (src/migrate/package-model.ts, depPackagesForRules); undefined for an id
   * that does not resolve so. Far cheaper than `model`, which resolves the
   * package itself again after each phase that edits it.
   */
  readonly depPackages?: { get(id: string): M.Package | undefined };
}

export interface RuleEdit {
  readonly file: string;
  readonly span: Span;
  readonly text: string;
  /** Short reason shown in the summary. */
  readonly note?: string;
}

export interface ReviewNote {
  readonly file: string;
  /** Offset of the item the note is about (the marker goes on its own line before the item's docs). */
  readonly offset: number;
  /** The id of the rule's message (a key of `Rule.messages`). */
  readonly messageId: string;
  /** What filled the message's placeholders. */
  readonly data?: MessageData;
  /** The message, filled. */
  readonly message: string;
}

/** Whole-file operations (only rule 9 uses them): write a file, delete a file or folder. */
export type FileOp =
  | { readonly kind: 'write'; readonly path: string; readonly text: string; readonly note: string }
  | { readonly kind: 'delete'; readonly path: string; readonly note: string };

export interface RuleResult {
  readonly edits: RuleEdit[];
  readonly reviews: ReviewNote[];
  readonly fileOps?: FileOp[];
}

/** One before/after case. `before`/`after` are one file's text, or several files by name. */
export interface RuleCase {
  readonly name: string;
  readonly before: string | Readonly<Record<string, string>>;
  /** Expected text after the rule (and the `with` rules; review markers included); omit when the rule itself must change nothing. */
  readonly after?: string | Readonly<Record<string, string>>;
  /** Substrings expected in the rule's own review notes, in order. */
  readonly reviews?: readonly string[];
  readonly bump?: string;
  /** Numbers of rules that run first, in the engine's order (for a rule that acts on what others changed). */
  readonly with?: readonly number[];
}

export interface Rule {
  readonly id: string;
  /** Rule number: 1..10 as in the issue, 11 and up for the later generic shape rules. */
  readonly number: number;
  readonly summary: string;
  readonly docs: string;
  readonly kind: 'mechanical' | 'needs-review';
  /**
   * The rule reads a 0.2 convention into a shape (a start/finish pair,
   * blocking twins, a one-item handle). The engine does not run it on a
   * package written for 0.3 (its own files use `async func`, `stream`,
   * `future` or `error-context`, and hold nothing of 0.2 that `--check`
   * lists): there the shape is its authors' design.
   */
  readonly readsConvention?: true;
  /** The review messages the rule can raise, by stable id (src/util/messages.ts); omitted by a rule that raises none. */
  readonly messages?: Messages;
  readonly apply: (ctx: RuleContext) => RuleResult;
  readonly cases: readonly RuleCase[];
}

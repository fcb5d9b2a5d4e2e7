import path from 'node:path';
import type { MessageData, Messages } from '../util/messages.js';
/**
 * The review model: what every wasi-migrate command that proposes changes
 * hands to the review renderers (text, JSON, SARIF, HTML, patch).
 *
 * Contract (shared by `wasi-migrate wit` and `wasi-migrate bindings`):
 * - A command builds one `ReviewReport`: a list of units (a WIT package, a
 *   TypeScript project, ...) and the catalogue of the rules it ran. Nothing
 *   here knows about WIT: rule ids are opaque strings (`fold-start-finish`,
 *   `bindings/await-calls`), and the caller-level change list (`api`) is
 *   optional per unit.
 * - Paths: `unit.root` is the unit's folder as the user should see it,
 *   relative to the directory the patch is meant to be applied in (usually
 *   the current directory), with `/` separators; `'.'` for that directory
 *   itself. Every `file` inside a unit is relative to `unit.root`.
 * - Lines are 1-based and refer to the text AFTER the change (review markers
 *   included), because that is what the reviewer reads and what a hunk's
 *   `+` side shows. `line: 0` means "this file, no precise line" (e.g. a
 *   whole-file operation).
 * - Everything a renderer prints is derived from the report alone, in a
 *   stable order, with no clock or environment in it: the same report gives
 *   byte-identical output (colour is the one opt-in difference, text only).
 */

/** A file the run would create, modify or delete. */
export interface ReviewFileChange {
  /** Relative to the unit root, `/`-separated. */
  readonly path: string;
  /** Undefined for a file the run creates. */
  readonly before: string | undefined;
  /** Undefined for a file the run deletes. */
  readonly after: string | undefined;
  /** Rules that touched the file (fallback provenance when an edit has no line). */
  readonly rules: readonly string[];
}

/** One edit a rule made: where it landed in the new text and a one-line reason. */
export interface ReviewEdit {
  readonly rule: string;
  readonly file: string;
  /** 1-based line in the new text; 0 when unknown. */
  readonly line: number;
  readonly note: string;
}

/** A place a human must decide (a `wasi-migrate(review)` marker or the bindings equivalent). */
export interface ReviewItem {
  readonly rule: string;
  readonly file: string;
  /** 1-based line in the new text; 0 when unknown. */
  readonly line: number;
  /** The stable id of the message within its rule (`noTwin`), when the rule declares its messages (RuleInfo.messages). */
  readonly messageId?: string;
  /** What filled the message template's placeholders. */
  readonly data?: MessageData;
  /** Why the rule could not decide. */
  readonly message: string;
  /** What the reviewer should do; when absent, renderers use the rule's `action`. */
  readonly action?: string;
}

/** One change callers of the unit's API will see. */
export interface ApiChange {
  readonly kind: 'became-async' | 'type-changed' | 'renamed' | 'moved' | 'removed' | 'added';
  /** The item as callers name it, before the change (`wasi:clocks/monotonic-clock.now`, `Client.fetch`). */
  readonly item: string;
  /** For `type-changed`: which part changed (`param key`, `result`, `field name`, `case x`). */
  readonly part?: string;
  /** Old and new type text (for `type-changed`) or old and new signature (`became-async`). */
  readonly before?: string;
  readonly after?: string;
  /** What replaces the item, when known (`renamed`, `moved`, `removed`). */
  readonly replacement?: string;
  /** One line of context (why it went, what a caller does instead when nothing replaces it one for one). */
  readonly note?: string;
}

/** The caller-level change list of a unit, or why it could not be computed. */
export type ApiDiff =
  | {
      readonly ok: true;
      readonly changes: readonly ApiChange[];
      /** How the list was computed where the reader should know (e.g. which deps were not vendored and came from elsewhere). */
      readonly notes?: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

export interface ReviewUnit {
  /** What the unit is called in messages (the path the user gave, a package id, a project name). */
  readonly label: string;
  /** The unit's folder, relative to where the patch applies, `/`-separated (`.` for that folder). */
  readonly root: string;
  /** Free-form kind shown to the reader (`wit-package`, `ts-project`). */
  readonly kind: string;
  readonly changes: readonly ReviewFileChange[];
  readonly edits: readonly ReviewEdit[];
  readonly reviews: readonly ReviewItem[];
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  /** Omitted when the tool does not compute a caller-level list. */
  readonly api?: ApiDiff;
  /** What of the old version is left after the run (the `--check` gate): places a human must decide. */
  readonly remaining?: readonly RemainingItem[];
  /** Packages the validation added beside the tree because the tree does not vendor them (official releases at exactly that version). */
  readonly standIns?: readonly string[];
}

/** A place of the old version left after the run (see src/migrate/leftovers.ts). */
export interface RemainingItem {
  /** `review-marker`, `wasi-io`, `wasi-0.2`, `does-not-parse`, `invalid`. */
  readonly kind: string;
  /** Relative to the unit root; empty for the unit as a whole. */
  readonly file: string;
  /** 1-based; 0 for the whole file or unit. */
  readonly line: number;
  readonly message: string;
}

/** One rule of the catalogue, as the reviewer reads it. */
export interface RuleInfo {
  readonly id: string;
  readonly summary: string;
  /** Longer explanation (plain text, may hold several lines). */
  readonly docs: string;
  readonly kind: 'mechanical' | 'needs-review';
  /** Default suggested action for this rule's review items. */
  readonly action?: string;
  /** The review messages the rule can raise, by stable id: templates with `{{key}}` placeholders (src/util/messages.ts). */
  readonly messages?: Messages;
}

export interface ReviewReport {
  /** The command that produced the report (`wit`, `bindings`): names the tool in SARIF and the HTML title. */
  readonly command: string;
  /** The tool version (package.json), for SARIF's `tool.driver.version`. */
  readonly version: string;
  readonly units: readonly ReviewUnit[];
  /** Every rule the command knows, in a stable order (renderers list the ones used). */
  readonly rules: readonly RuleInfo[];
  /** What the command did besides reviewing (files written, a refused write), shown in JSON and text. */
  readonly outcome?: { readonly written: number; readonly error?: string };
}

export type ReviewFormat = 'text' | 'json' | 'sarif' | 'html';
export const REVIEW_FORMATS: readonly ReviewFormat[] = ['text', 'json', 'sarif', 'html'];

/** `a/b` joined the way the patch and every renderer show it (no `./` prefix; `wit/../wkg.lock` as `wkg.lock`). */
export function displayPath(unit: Pick<ReviewUnit, 'root'>, file: string): string {
  const root = unit.root.replace(/\\/g, '/').replace(/\/+$/, '');
  return path.posix.normalize(root === '' || root === '.' ? file : `${root}/${file}`);
}

export function changeStatus(c: ReviewFileChange): 'created' | 'deleted' | 'modified' {
  return c.before === undefined ? 'created' : c.after === undefined ? 'deleted' : 'modified';
}

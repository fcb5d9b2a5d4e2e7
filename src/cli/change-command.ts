/**
 * What the commands that propose changes (`wit`, `bindings`, `migrate`)
 * share besides the review options: --write/--check/--allow-dirty, the
 * write guarded by the dirty-tree refusal, `--explain`, and the end of a
 * run: the review printed, errors echoed to stderr, and one exit-code rule
 * (0 nothing to do or all written, 1 changes pending or 0.2 left for a
 * human, 2 any error).
 */
import type { Argv } from 'yargs';
import path from 'node:path';
import type { FileChange } from '../migrate/engine.js';
import { TxnError, unwritable } from '../util/txn.js';
import { emitReview, explainRule, writesReview, type ReviewArgs } from '../review/cli.js';
import type { ReviewFormat, ReviewReport, RuleInfo } from '../review/model.js';
import type { FeatureSet } from '../validate/wit-parser.js';
import { EXIT } from './exit.js';

export interface WriteArgs {
  write: boolean;
  check: boolean;
  'allow-dirty': boolean;
  'allow-no-vcs'?: boolean;
  features?: string[];
  'all-features'?: boolean;
}

/**
 * The `@unstable` features the real wit-parser activates: every one by
 * default (a gated package is checked whole), only those named with
 * `--features a b`, every one again with `--all-features`.
 */
export function featureSet(args: Pick<WriteArgs, 'features' | 'all-features'>): FeatureSet {
  return explicitFeatures(args) ?? { tag: 'all' };
}

/** The features named on the command line, or undefined (jco's type generator then keeps its default, none, so regenerated declarations match trees generated without flags). */
export function explicitFeatures(args: Pick<WriteArgs, 'features' | 'all-features'>): FeatureSet | undefined {
  if (!args['all-features'] && !args.features?.length) return undefined;
  return args['all-features'] || !args.features?.length ? { tag: 'all' } : { tag: 'list', val: args.features.flatMap((f) => f.split(',')).filter(Boolean) };
}

/** Adds --write (described per command: what "only when" means differs), --check and --allow-dirty. */
export function addWriteOptions<T>(y: Argv<T>, writeDescribe: string): Argv<T & WriteArgs> {
  return y
    .option('write', { type: 'boolean', default: false, describe: writeDescribe })
    .option('check', { type: 'boolean', default: false, describe: 'CI mode: exit 1 when changes are pending' })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'write files that have uncommitted git changes' })
    .option('allow-no-vcs', { type: 'boolean', default: false, describe: 'write files outside any git work tree (refused otherwise)' })
    .option('features', { type: 'string', array: true, describe: 'validate with only these @unstable(feature = ...) gates active (default: all)' })
    .option('all-features', { type: 'boolean', default: false, describe: 'validate with every @unstable gate active (the default)' }) as unknown as Argv<T & WriteArgs>;
}

/** `--explain <id>`: prints the rule's docs (or the known ids) and returns the exit code. */
export function printExplain(rules: readonly RuleInfo[], id: string): number {
  const r = explainRule(rules, id);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.code;
}

/** --check and --write print the summary only in text; every other format (and a dry run) is the full review. */
export function showsFullReview(format: ReviewFormat, args: WriteArgs): boolean {
  return format !== 'text' || (!args.write && !args.check);
}

/**
 * Writes every change as one transaction, unless something refuses it first
 * (then nothing is written): a target outside any git work tree (without
 * --allow-no-vcs), a target with uncommitted changes (without
 * --allow-dirty), a `--out`/`--patch` file that cannot be written, a
 * read-only or special target. The outcome the review reports. (migrate/run.js,
 * and the rules it brings, load here: `--help` needs only the options above.)
 */
export async function writeUnlessDirty(
  sets: readonly { root: string; changes: readonly FileChange[] }[],
  args: Pick<WriteArgs, 'allow-dirty' | 'allow-no-vcs'> & Pick<ReviewArgs, 'out' | 'patch'>,
): Promise<{ written: number; error?: string }> {
  const { dirtyRefusal, noVcsRefusal, writeChanges } = await import('../migrate/run.js');
  const targets = sets.flatMap((s) => s.changes.map((c) => path.join(s.root, c.path)));
  const error = outputRefusal(args) ?? noVcsRefusal(targets, args['allow-no-vcs'] === true) ?? dirtyRefusal(targets, args['allow-dirty']);
  if (error) return { written: 0, error };
  try {
    return { written: writeChanges(sets) };
  } catch (e) {
    if (e instanceof TxnError) return { written: 0, error: e.message };
    throw e;
  }
}

/** Why `--out` or `--patch` could not be written (checked before any tree change), or undefined. */
export function outputRefusal(args: Pick<ReviewArgs, 'out' | 'patch'>): string | undefined {
  for (const [flag, file] of [['--out', args.out], ['--patch', args.patch]] as const) {
    if (file === undefined || (flag === '--patch' && file === '-')) continue;
    const why = unwritable(file);
    if (why) return `${flag} ${file}: ${why}: nothing written`;
  }
  return undefined;
}

export interface RunEnd {
  /** Whether the text review carries the diff (see showsFullReview). */
  readonly full: boolean;
  readonly pending: boolean;
  /** Failures of the run itself (`label: message`); any of them means nothing was written. */
  readonly errors: readonly string[];
  /** Echo `errors` to stderr (false where the JSON review already holds them). */
  readonly echoErrors: boolean;
  /** Why the write was refused, if it was. */
  readonly writeError?: string;
  /** Places of the old version left after the run: `--check` (and a dry run) exit 1 while any is. */
  readonly remaining?: number;
}

/** Prints the review (made by `reportOf` only when something is written from it) and the errors; returns the exit code. */
export async function finishRun(reportOf: () => ReviewReport, args: Pick<ReviewArgs, 'format' | 'out' | 'patch' | 'color' | 'quiet'> & WriteArgs, end: RunEnd): Promise<number> {
  let outputError: string | undefined;
  const report = writesReview(args) ? reportOf() : undefined;
  try {
    if (report) await emitReview(report, args, { diff: end.full });
    if (args.out && !args.quiet) process.stderr.write(`review written to ${args.out}\n`);
    if (args.patch && args.patch !== '-' && !args.quiet) process.stderr.write(`patch written to ${args.patch}\n`);
  } catch (e) {
    outputError = `cannot write the review: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (end.echoErrors) {
    // Errors also go to stderr, so `2>err.log` and `>/dev/null` keep them.
    for (const e of end.errors) process.stderr.write(`error: ${e}\n`);
    if (args.write && end.errors.length) process.stderr.write('nothing written: fix the errors above\n');
  }
  if (end.writeError) process.stderr.write(`error: ${end.writeError}\n`);
  if (outputError) process.stderr.write(`error: ${outputError}\n`);
  if (end.errors.length || end.writeError || outputError) return EXIT.error;
  if (args.write) return EXIT.ok;
  return end.pending || (end.remaining ?? 0) > 0 ? EXIT.findings : EXIT.ok;
}

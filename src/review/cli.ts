/**
 * The review options every reviewing command shares (`wit`, `bindings`, `migrate`):
 * `--format`, `--out`, `--patch`, `--explain`, and what they do once the
 * command has built its ReviewReport.
 */
import type { Argv } from 'yargs';
import { REVIEW_FORMATS, type ReviewFormat, type ReviewReport, type RuleInfo } from './model.js';
import { writeOutput } from '../util/txn.js';

export interface ReviewArgs {
  format: ReviewFormat;
  out?: string;
  patch?: string;
  explain?: string;
  color?: ColorMode;
  /** `--quiet`: no text review (JSON, SARIF, HTML and patches are still written: they are what was asked for). */
  quiet?: boolean;
}

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** Adds --format/--out/--patch/--explain to a yargs command builder. */
export function addReviewOptions<T>(y: Argv<T>): Argv<T & ReviewArgs> {
  return y
    .option('format', { choices: REVIEW_FORMATS, default: 'text' as ReviewFormat, describe: 'output format (text is coloured on a terminal unless NO_COLOR is set)' })
    .option('out', { type: 'string', describe: 'write the review to this file (atomically) instead of stdout' })
    .option('patch', { type: 'string', describe: 'also write every change as a git-apply-able patch to this file (- for stdout; the review then goes to stderr)' })
    .option('color', { choices: COLOR_MODES, default: 'auto' as ColorMode, describe: 'colour the text review: auto (a terminal; NO_COLOR turns it off, else FORCE_COLOR turns it on), always, never' })
    .option('explain', { type: 'string', describe: "print a rule's documentation and exit" }) as unknown as Argv<T & ReviewArgs>;
}

/** Text for `--explain <id>`: the rule's docs (exit 0), or the known ids (exit 2). */
export function explainRule(rules: readonly RuleInfo[], id: string): { code: 0 | 2; stdout: string; stderr: string } {
  const r = rules.find((x) => x.id === id);
  if (!r) {
    const ids = rules.map((x) => `  ${x.id}`).join('\n');
    return { code: 2, stdout: '', stderr: `error: unknown rule \`${id}\`; known rules:\n${ids}\n` };
  }
  const lines = [`${r.id} (${r.kind})`, '', r.summary, '', r.docs.trim()];
  if (r.action) lines.push('', `Suggested action for its review items: ${r.action}`);
  return { code: 0, stdout: lines.join('\n') + '\n', stderr: '' };
}

/**
 * `--color always|never` decide. `auto`: NO_COLOR (any non-empty value,
 * https://no-color.org) turns colour off, even where FORCE_COLOR is set
 * (tools such as jest set it for their children on their own); else
 * FORCE_COLOR (non-empty, not `0`) colours any stream; else only a terminal.
 */
export function wantsColor(stream: { isTTY?: boolean }, mode: ColorMode = 'auto', env: NodeJS.ProcessEnv = process.env): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return !!stream.isTTY;
}

/** Whether emitReview writes anything: not with `--quiet` and no file (`--out`, `--patch`) asked for. */
export function writesReview(args: Pick<ReviewArgs, 'format' | 'out' | 'patch' | 'quiet'>): boolean {
  return !(args.quiet && args.format === 'text' && !args.out && args.patch === undefined);
}

/**
 * Renders the report where the options say: `--out` file or stdout, plus the
 * patch. `diff: false` keeps the text format to its summary (--check, --write).
 * Each renderer and the patch writer load when asked for: `--help` needs only
 * the options above, a run only its own format (start-up, issue 18).
 */
export async function emitReview(report: ReviewReport, args: Pick<ReviewArgs, 'format' | 'out' | 'patch' | 'color' | 'quiet'>, opts: { diff?: boolean } = {}): Promise<void> {
  // `--patch -` owns stdout: the review goes to stderr, so the patch can be piped into `git apply`.
  const stream = args.patch === '-' ? process.stderr : process.stdout;
  const patch = args.patch === undefined ? undefined : await import('./patch.js');
  if (args.quiet && args.format === 'text' && !args.out) {
    if (args.patch === '-') process.stdout.write(patch!.patchText(report));
    else if (args.patch) patch!.writePatch(report, args.patch);
    return;
  }
  const color = !args.out && args.format === 'text' && wantsColor(stream, args.color);
  const text =
    args.format === 'text'
      ? (await import('./render-text.js')).renderText(report, { color, diff: opts.diff })
      : (await import('./render.js')).render(report, args.format, { color, diff: opts.diff, ...(args.format === 'sarif' ? { cwdInRepo: (await import('./repo-root.js')).cwdInRepo() } : {}) });
  if (args.out) writeOutput(args.out, text);
  else stream.write(text);
  if (args.patch === '-') process.stdout.write(patch!.patchText(report));
  else if (args.patch) patch!.writePatch(report, args.patch);
}

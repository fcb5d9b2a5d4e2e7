/**
 * The review options every reviewing command shares (`wit`, `bindings`, `migrate`):
 * `--format`, `--out`, `--patch`, `--explain`, and what they do once the
 * command has built its ReviewReport.
 */
import type { Argv } from 'yargs';
import { REVIEW_FORMATS, type ReviewFormat, type ReviewReport, type RuleInfo } from './model.js';
import { writePatch } from './patch.js';
import { render } from './render.js';
import { cwdInRepo } from './repo-root.js';
import { writeFilesAtomically } from '../util/write-files.js';

export interface ReviewArgs {
  format: ReviewFormat;
  out?: string;
  patch?: string;
  explain?: string;
}

/** Adds --format/--out/--patch/--explain to a yargs command builder. */
export function addReviewOptions<T>(y: Argv<T>): Argv<T & ReviewArgs> {
  return y
    .option('format', { choices: REVIEW_FORMATS, default: 'text' as ReviewFormat, describe: 'output format (text is coloured on a terminal unless NO_COLOR is set)' })
    .option('out', { type: 'string', describe: 'write the review to this file (atomically) instead of stdout' })
    .option('patch', { type: 'string', describe: 'also write every change as a git-apply-able patch to this file' })
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

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org: any non-empty value). */
function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && !env.NO_COLOR;
}

/**
 * Renders the report where the options say: `--out` file or stdout, plus the
 * patch. `diff: false` keeps the text format to its summary (--check, --write).
 */
export function emitReview(report: ReviewReport, args: Pick<ReviewArgs, 'format' | 'out' | 'patch'>, opts: { diff?: boolean } = {}): void {
  const color = !args.out && args.format === 'text' && wantsColor(process.stdout);
  const text = render(report, args.format, { color, diff: opts.diff, ...(args.format === 'sarif' ? { cwdInRepo: cwdInRepo() } : {}) });
  if (args.out) writeFilesAtomically([{ path: args.out, text }]);
  else process.stdout.write(text);
  if (args.patch) writePatch(report, args.patch);
}

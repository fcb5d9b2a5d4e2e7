/**
 * `wasi-migrate wit <path...> [--write|--check] [--format text|json|sarif|html]
 *   [--out file] [--patch file] [--explain rule] [--allow-dirty] [--no-validate] [--bump v]`
 *
 * Exit codes (all modes): 0 nothing to migrate, 1 changes pending (dry run and
 * --check; after --write: 0), 2 error (bad input, invalid output, refused write,
 * unknown rule for --explain, an output file that cannot be written).
 */
import type { CommandModule } from 'yargs';
import path from 'node:path';
import { dirtyRefusal, runMigration, writeReports } from '../../migrate/run.js';
import { addReviewOptions, emitReview, explainRule, type ReviewArgs } from '../../review/cli.js';
import { witReviewReport, witRuleCatalogue } from '../../review/wit/report.js';

interface WitArgs extends ReviewArgs {
  paths?: string[];
  write: boolean;
  check: boolean;
  json: boolean;
  'allow-dirty': boolean;
  validate: boolean;
  bump?: string;
}

export async function witMain(args: WitArgs): Promise<number> {
  if (args.explain !== undefined) {
    const r = explainRule(witRuleCatalogue(), args.explain);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  if (!args.paths?.length) {
    process.stderr.write('error: name at least one path (a package folder, a .wit file, or a folder holding packages)\n');
    return 2;
  }
  // --json predates --format and stays as its alias.
  const format = args.json ? 'json' : args.format;
  const progress = process.stderr.isTTY
    ? (done: number, total: number, label: string) => {
        if (total >= 5) process.stderr.write(`\r\u001b[K[${done}/${total}] ${label}`);
        if (done === total && total >= 5) process.stderr.write('\r\u001b[K');
      }
    : undefined;
  const reports = await runMigration(args.paths, { validate: args.validate, bump: args.bump, onProgress: progress });
  const errors = reports.some((r) => r.errors.length > 0);
  const pending = reports.some((r) => (r.result?.changes.length ?? 0) > 0);
  let writeError: string | undefined;
  let written = 0;
  if (args.write && !errors && pending) {
    const targets = reports.flatMap((r) => (r.result?.changes ?? []).map((c) => path.join(r.pkg.root, c.path)));
    writeError = dirtyRefusal(targets, args['allow-dirty']);
    if (!writeError) written = writeReports(reports);
  }
  // --check and --write print the summary only in text; every other format is the full review.
  const full = format !== 'text' || (!args.write && !args.check);
  const report = witReviewReport(reports, { api: full, outcome: { written, ...(writeError ? { error: writeError } : {}) } });
  let outputError: string | undefined;
  try {
    emitReview(report, { format, out: args.out, patch: args.patch }, { diff: full });
    if (args.out) process.stderr.write(`review written to ${args.out}\n`);
    if (args.patch) process.stderr.write(`patch written to ${args.patch}\n`);
  } catch (e) {
    outputError = `cannot write the review: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (format !== 'json') {
    // Errors also go to stderr, so `2>err.log` and `>/dev/null` keep them.
    for (const r of reports) for (const e of r.errors) process.stderr.write(`error: ${r.pkg.label}: ${e}\n`);
    if (args.write && errors) process.stderr.write('nothing written: fix the errors above\n');
  }
  if (writeError) process.stderr.write(`error: ${writeError}\n`);
  if (outputError) process.stderr.write(`error: ${outputError}\n`);
  if (errors || writeError || outputError) return 2;
  if (args.write) return 0;
  return pending ? 1 : 0;
}

export const witCommand: CommandModule<object, WitArgs> = {
  command: 'wit [paths...]',
  describe: 'port WIT packages from WASI 0.2 to 0.3 (dry run: prints a review of the diff)',
  builder: (y) =>
    addReviewOptions(
      y
        .positional('paths', { type: 'string', array: true, describe: 'package folders, .wit files, or folders holding packages' })
        .option('write', { type: 'boolean', default: false, describe: 'apply the changes (atomic, after the whole run validated)' })
        .option('check', { type: 'boolean', default: false, describe: 'CI mode: exit 1 when changes are pending' })
        .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
        .option('allow-dirty', { type: 'boolean', default: false, describe: 'write files that have uncommitted git changes' })
        .option('validate', { type: 'boolean', default: true, describe: 'check output with the real wit-parser (--no-validate skips)' })
        .option('bump', { type: 'string', describe: 'new package version; @since gates on changed items follow it' }),
    ) as never,
  handler: async (args) => {
    const code = await witMain(args as unknown as WitArgs);
    process.exitCode = code;
  },
};

/**
 * `wasi-migrate wit <path...> [--write|--check] [--format text|json|sarif|html]
 *   [--out file] [--patch file] [--explain rule] [--allow-dirty] [--no-validate] [--bump v]`
 *
 * Exit codes (all modes): 0 nothing to migrate, 1 changes pending (dry run and
 * --check; after --write: 0), 2 error (bad input, invalid output, refused write,
 * unknown rule for --explain, an output file that cannot be written).
 */
import type { CommandModule } from 'yargs';
import { EXIT } from '../exit.js';
import { addReviewOptions, type ReviewArgs } from '../../review/cli.js';
import { addWriteOptions, featureSet, finishRun, printExplain, showsFullReview, writeUnlessDirty, type WriteArgs } from '../change-command.js';

interface WitArgs extends ReviewArgs, WriteArgs {
  paths?: string[];
  json: boolean;
  validate: boolean;
  bump?: string;
}

export async function witMain(args: WitArgs): Promise<number> {
  // The migration loads with the handler: `--help` needs only the builder below.
  const [{ LoadError, NoPackageError }, { runMigration }, { witReviewReport, witRuleCatalogue }] = await Promise.all([
    import('../../migrate/load.js'),
    import('../../migrate/run.js'),
    import('../../review/wit/report.js'),
  ]);
  if (args.explain !== undefined) return printExplain(witRuleCatalogue(), args.explain);
  if (!args.paths?.length) {
    process.stderr.write('error: name at least one path (a package folder, a .wit file, or a folder holding packages)\n');
    return 2;
  }
  // --json predates --format and stays as its alias.
  const format = args.json ? 'json' : args.format;
  const progress = process.stderr.isTTY && !args.quiet
    ? (done: number, total: number, label: string) => {
        if (total >= 5) process.stderr.write(`\r\u001b[K[${done}/${total}] ${label}`);
        if (done === total && total >= 5) process.stderr.write('\r\u001b[K');
      }
    : undefined;
  let reports;
  try {
    reports = await runMigration(args.paths, { validate: args.validate, bump: args.bump, features: featureSet(args), onProgress: progress });
  } catch (e) {
    if (!(e instanceof LoadError || e instanceof NoPackageError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.error;
  }
  const errors = reports.flatMap((r) => r.errors.map((e) => `${r.pkg.label}: ${e}`));
  const pending = reports.some((r) => (r.result?.changes.length ?? 0) > 0);
  const outcome =
    args.write && !errors.length && pending
      ? await writeUnlessDirty(reports.map((r) => ({ root: r.pkg.root, changes: r.result?.changes ?? [] })), args)
      : { written: 0 };
  const full = showsFullReview(format, args);
  return finishRun(() => witReviewReport(reports, { api: full, outcome }), { ...args, format }, { full, pending, errors, echoErrors: format !== 'json', writeError: outcome.error, remaining: reports.reduce((n, r) => n + r.remaining.length, 0) });
}

export const witCommand: CommandModule<object, WitArgs> = {
  command: 'wit [paths...]',
  describe: 'port WIT packages from WASI 0.2 to 0.3 (dry run: prints a review of the diff)',
  builder: (y) =>
    addReviewOptions(
      addWriteOptions(y, 'apply the changes (atomic, after the whole run validated)')
        .positional('paths', { type: 'string', array: true, describe: 'package folders, .wit files, or folders holding packages' })
        .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
        .option('validate', { type: 'boolean', default: true, describe: 'check output with the real wit-parser (--no-validate skips)' })
        .option('bump', { type: 'string', describe: 'new package version; @since gates on changed items follow it' }),
    ) as never,
  handler: async (args) => {
    const code = await witMain(args as unknown as WitArgs);
    process.exitCode = code;
  },
};

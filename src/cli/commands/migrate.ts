/**
 * `wasi-migrate migrate <project> [--check|--write] [--wit dir...] [review options]`
 *
 * The one command most users want: the project's WIT first (the `wit`
 * engine on `<project>/wit`, or the folders `--wit` names), then its bindings
 * against the migrated WIT (jco declaration trees, and the code that calls
 * them). One review for both. `--write` writes nothing unless every part
 * succeeded, and then writes every file atomically. Exit codes as `wit`.
 */
import type { CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { addReviewOptions, type ReviewArgs } from '../../review/cli.js';
import { addWriteOptions, explicitFeatures, featureSet, finishRun, printExplain, showsFullReview, writeUnlessDirty, type WriteArgs } from '../change-command.js';
import { EXIT } from '../exit.js';

interface MigrateArgs extends ReviewArgs, WriteArgs {
  project?: string;
  wit?: string[];
  validate: boolean;
}

export async function migrateMain(args: MigrateArgs): Promise<number> {
  const { bindingsRuleCatalogue, bindingsUnit } = await import('../../bindings/code/report.js');
  // The WIT migration loads with the handler: `--help` needs only the builder below.
  const [{ LoadError, NoPackageError }, { runMigration }, { witReviewReport, witRuleCatalogue }] = await Promise.all([
    import('../../migrate/load.js'),
    import('../../migrate/run.js'),
    import('../../review/wit/report.js'),
  ]);
  if (args.explain !== undefined) return printExplain([...witRuleCatalogue(), ...bindingsRuleCatalogue()], args.explain);
  if (!args.project) {
    process.stderr.write('error: name a project folder or its tsconfig.json\n');
    return EXIT.error;
  }
  if (args.write && args.check) {
    process.stderr.write('error: --write and --check exclude each other\n');
    return EXIT.error;
  }
  const { loadProject, migrateBindings, ProjectError } = await import('../../bindings/project.js');
  let project;
  try {
    project = loadProject(args.project);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof ProjectError ? e.message : String(e)}\n`);
    return EXIT.error;
  }
  // --wit paths are relative to the working directory, as every path a user types.
  const witDirs = (args.wit?.length ? args.wit.map((w) => path.resolve(w)) : [path.join(project.root, 'wit')]).filter((d) => existsSync(d));
  if (args.wit?.length && witDirs.length !== args.wit.length) {
    process.stderr.write(`error: no such WIT folder: ${args.wit.filter((w) => !existsSync(path.resolve(w))).join(', ')}\n`);
    return EXIT.error;
  }
  // WIT first: the bindings are ported against what it becomes.
  if (!witDirs.length) {
    process.stderr.write(`error: ${args.project}: no wit/ folder: name the project's WIT folders with --wit\n`);
    return EXIT.error;
  }
  let wit;
  try {
    wit = await runMigration(witDirs, { validate: args.validate, features: featureSet(args) });
  } catch (e) {
    if (!(e instanceof LoadError || e instanceof NoPackageError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.error;
  }
  let bindings;
  let bindingsError: string | undefined;
  try {
    bindings = await migrateBindings(project, { wit: witDirs.length ? witDirs : undefined, features: explicitFeatures(args), changesWit: true });
  } catch (e) {
    bindingsError = e instanceof Error ? e.message : String(e);
  }
  // Exports the port made async become `async func`s in the migrated WIT, checked again by the real wit-parser.
  if (bindings?.asyncExports.length) {
    const { asyncExportsInWit } = await import('../../bindings/async-exports.js');
    wit = await asyncExportsInWit(wit, bindings.asyncExports, { validate: args.validate, features: featureSet(args) });
  }
  const pending = wit.some((r) => (r.result?.changes.length ?? 0) > 0) || (bindings?.changes.length ?? 0) > 0;
  const errors = [...wit.flatMap((r) => r.errors.map((e) => `${r.pkg.label}: ${e}`)), ...(bindingsError ? [`${args.project}: ${bindingsError}`] : [])];
  const outcome =
    args.write && pending && !errors.length
      ? await writeUnlessDirty([...wit.map((r) => ({ root: r.pkg.root, changes: r.result?.changes ?? [] })), { root: project.root, changes: bindings!.changes }], args)
      : { written: 0 };
  const full = showsFullReview(args.format, args);
  const witReport = witReviewReport(wit, { api: full });
  const unit = bindings
    ? bindingsUnit(bindings)
    : { label: args.project, root: path.relative(process.cwd(), project.root) || '.', kind: 'ts-project', changes: [], edits: [], reviews: [], errors: [bindingsError!], warnings: [] };
  const report = {
    command: 'migrate',
    version: witReport.version,
    units: [...witReport.units, unit],
    rules: [...witReport.rules, ...bindingsRuleCatalogue()],
    outcome,
  };
  return finishRun(() => report, args, { full, pending, errors, echoErrors: true, writeError: outcome.error, remaining: wit.reduce((n, r) => n + r.remaining.length, 0) + (unit.remaining?.length ?? 0) });
}

export const migrateCommand: CommandModule<object, MigrateArgs> = {
  command: 'migrate [project]',
  describe: "port a project's WIT, then its jco bindings and the code that calls them, in one run (dry run: prints one review)",
  builder: (y) =>
    addReviewOptions(
      addWriteOptions(y, 'apply every change, only when every part succeeded (atomic per file)')
        .positional('project', { type: 'string', describe: 'a project folder (with wit/) or its tsconfig.json' })
        .option('wit', { type: 'string', array: true, describe: "the project's WIT folders, relative to the working directory (default: <project>/wit)" })
        .option('validate', { type: 'boolean', default: true, describe: 'check the WIT output with the real wit-parser (--no-validate skips)' }),
    ) as never,
  handler: async (args) => {
    process.exitCode = await migrateMain(args as unknown as MigrateArgs);
  },
};

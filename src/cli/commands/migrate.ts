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
import { dirtyRefusal, runMigration, writeChanges } from '../../migrate/run.js';
import { addReviewOptions, explainRule, type ReviewArgs } from '../../review/cli.js';
import { witReviewReport, witRuleCatalogue } from '../../review/wit/report.js';
import { emit } from './bindings.js';

interface MigrateArgs extends ReviewArgs {
  project?: string;
  write: boolean;
  check: boolean;
  'allow-dirty': boolean;
  wit?: string[];
  validate: boolean;
}

export async function migrateMain(args: MigrateArgs): Promise<number> {
  const { bindingsRuleCatalogue, bindingsUnit } = await import('../../bindings/code/report.js');
  if (args.explain !== undefined) {
    const r = explainRule([...witRuleCatalogue(), ...bindingsRuleCatalogue()], args.explain);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  }
  if (!args.project) {
    process.stderr.write('error: name a project folder or its tsconfig.json\n');
    return 2;
  }
  if (args.write && args.check) {
    process.stderr.write('error: --write and --check exclude each other\n');
    return 2;
  }
  const { loadProject, migrateBindings, ProjectError } = await import('../../bindings/project.js');
  let project;
  try {
    project = loadProject(args.project);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof ProjectError ? e.message : String(e)}\n`);
    return 2;
  }
  const witDirs = (args.wit?.length ? args.wit.map((w) => path.resolve(project.root, w)) : [path.join(project.root, 'wit')]).filter((d) => existsSync(d));
  if (args.wit?.length && witDirs.length !== args.wit.length) {
    process.stderr.write(`error: no such WIT folder: ${args.wit.filter((w) => !existsSync(path.resolve(project.root, w))).join(', ')}\n`);
    return 2;
  }
  // WIT first: the bindings are ported against what it becomes.
  const wit = witDirs.length ? await runMigration(witDirs, { validate: args.validate }) : [];
  const witFailed = wit.some((r) => r.errors.length > 0);
  let bindings;
  let bindingsError: string | undefined;
  try {
    bindings = await migrateBindings(project, { wit: witDirs.length ? witDirs : undefined });
  } catch (e) {
    bindingsError = e instanceof Error ? e.message : String(e);
  }
  const pending = wit.some((r) => (r.result?.changes.length ?? 0) > 0) || (bindings?.changes.length ?? 0) > 0;
  const failed = witFailed || !!bindingsError;
  let written = 0;
  let writeError: string | undefined;
  if (args.write && pending && !failed) {
    const targets = [...wit.flatMap((r) => (r.result?.changes ?? []).map((c) => path.join(r.pkg.root, c.path))), ...bindings!.changes.map((c) => path.join(project.root, c.path))];
    writeError = dirtyRefusal(targets, args['allow-dirty']);
    if (!writeError) written = writeChanges([...wit.map((r) => ({ root: r.pkg.root, changes: r.result?.changes ?? [] })), { root: project.root, changes: bindings!.changes }]);
  }
  const full = args.format !== 'text' || (!args.write && !args.check);
  const witReport = witReviewReport(wit, { api: full });
  const unit = bindings
    ? bindingsUnit(bindings)
    : { label: args.project, root: path.relative(process.cwd(), project.root) || '.', kind: 'ts-project', changes: [], edits: [], reviews: [], errors: [bindingsError!], warnings: [] };
  const report = {
    command: 'migrate',
    version: witReport.version,
    units: [...witReport.units, unit],
    rules: [...witRuleCatalogue(), ...bindingsRuleCatalogue()],
    outcome: { written, ...(writeError ? { error: writeError } : {}) },
  };
  const outputError = emit(report, args, full);
  for (const r of wit) for (const e of r.errors) process.stderr.write(`error: ${r.pkg.label}: ${e}\n`);
  if (bindingsError) process.stderr.write(`error: ${args.project}: ${bindingsError}\n`);
  if (args.write && failed) process.stderr.write('nothing written: fix the errors above\n');
  if (writeError) process.stderr.write(`error: ${writeError}\n`);
  if (outputError) process.stderr.write(`error: ${outputError}\n`);
  if (failed || writeError || outputError) return 2;
  if (args.write) return 0;
  return pending ? 1 : 0;
}

export const migrateCommand: CommandModule<object, MigrateArgs> = {
  command: 'migrate [project]',
  describe: "port a project's WIT, then its jco bindings and the code that calls them, in one run (dry run: prints one review)",
  builder: (y) =>
    addReviewOptions(
      y
        .positional('project', { type: 'string', describe: 'a project folder (with wit/) or its tsconfig.json' })
        .option('write', { type: 'boolean', default: false, describe: 'apply every change, only when every part succeeded (atomic per file)' })
        .option('check', { type: 'boolean', default: false, describe: 'CI mode: exit 1 when changes are pending' })
        .option('allow-dirty', { type: 'boolean', default: false, describe: 'write files that have uncommitted git changes' })
        .option('wit', { type: 'string', array: true, describe: "the project's WIT folders (default: <project>/wit)" })
        .option('validate', { type: 'boolean', default: true, describe: 'check the WIT output with the real wit-parser (--no-validate skips)' }),
    ) as never,
  handler: async (args) => {
    process.exitCode = await migrateMain(args as unknown as MigrateArgs);
  },
};

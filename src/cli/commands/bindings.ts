/**
 * `wasi-migrate bindings <dir|tsconfig.json> [--check|--write|--diff]
 *   [--format text|json|sarif|html] [--out file] [--patch file] [--explain rule]
 *   [--allow-dirty] [--wit dir...]`
 *
 * Ports the TypeScript/JavaScript that calls jco's WASI bindings, and the
 * jco declaration trees, from 0.2 to 0.3. Exit codes as `wit`: 0 nothing to
 * do, 1 changes pending (dry run and --check; after --write: 0), 2 error.
 *
 * ts-morph and TypeScript are loaded only inside the handler: every other
 * command (`wit --check` in CI) starts without them.
 */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { addReviewOptions, type ReviewArgs } from '../../review/cli.js';
import { addWriteOptions, explicitFeatures, finishRun, printExplain, showsFullReview, writeUnlessDirty, type WriteArgs } from '../change-command.js';
import { EXIT } from '../exit.js';

export interface BindingsArgs extends ReviewArgs, WriteArgs {
  project?: string;
  diff: boolean;
  wit?: string[];
}

export async function bindingsMain(args: BindingsArgs): Promise<number> {
  const { bindingsRuleCatalogue, bindingsReviewReport, bindingsUnit } = await import('../../bindings/code/report.js');
  if (args.explain !== undefined) return printExplain(bindingsRuleCatalogue(), args.explain);
  if (!args.project) {
    process.stderr.write('error: name a project folder or its tsconfig.json\n');
    return EXIT.error;
  }
  if (args.write && args.check) {
    process.stderr.write('error: --write and --check exclude each other\n');
    return EXIT.error;
  }
  const { loadProject, migrateBindings } = await import('../../bindings/project.js');
  let result;
  try {
    const project = loadProject(args.project);
    if (!Object.keys(project.files).length) {
      process.stderr.write(`error: ${args.project}: no TypeScript or JavaScript code here\n`);
      return EXIT.error;
    }
    // --wit paths are relative to the working directory, as every path a user types.
    result = await migrateBindings(project, { wit: args.wit?.map((w) => path.resolve(w)), features: explicitFeatures(args) });
  } catch (e) {
    process.stderr.write(`error: ${args.project}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.error;
  }
  const pending = result.changes.length > 0;
  const outcome = args.write && pending ? await writeUnlessDirty([{ root: result.project.root, changes: result.changes }], args) : { written: 0 };
  const full = args.diff || showsFullReview(args.format, args);
  const unit = bindingsUnit(result);
  const report = bindingsReviewReport([unit], outcome);
  return finishRun(() => report, args, { full, pending, errors: [], echoErrors: true, writeError: outcome.error, remaining: unit.remaining?.length ?? 0 });
}

export const bindingsCommand: CommandModule<object, BindingsArgs> = {
  command: 'bindings [project]',
  describe: 'port code that calls jco WASI bindings, and jco declaration trees, from 0.2 to 0.3 (dry run: prints a review of the diff)',
  builder: (y) =>
    addReviewOptions(
      addWriteOptions(y, 'apply the changes (atomic, only when the whole run succeeded)')
        .positional('project', { type: 'string', describe: 'a project folder or its tsconfig.json' })
        .option('diff', { type: 'boolean', default: false, describe: 'print the review with its diff (the default without --write/--check)' })
        .option('wit', { type: 'string', array: true, describe: "WIT folders the declaration trees come from, relative to the working directory (default: the project's wit/)" }),
    ) as never,
  handler: async (args) => {
    process.exitCode = await bindingsMain(args as unknown as BindingsArgs);
  },
};

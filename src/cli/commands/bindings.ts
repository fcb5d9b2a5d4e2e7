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
import type { CommandModule } from 'yargs';
import path from 'node:path';
import { dirtyRefusal, writeChanges } from '../../migrate/run.js';
import { addReviewOptions, emitReview, explainRule, type ReviewArgs } from '../../review/cli.js';
import type { ReviewReport } from '../../review/model.js';

export interface BindingsArgs extends ReviewArgs {
  project?: string;
  write: boolean;
  check: boolean;
  diff: boolean;
  'allow-dirty': boolean;
  wit?: string[];
}

/** Prints the review as the options say; returns an error message if it could not be written. */
export function emit(report: ReviewReport, args: ReviewArgs, full: boolean): string | undefined {
  try {
    emitReview(report, { format: args.format, out: args.out, patch: args.patch }, { diff: full });
    if (args.out) process.stderr.write(`review written to ${args.out}\n`);
    if (args.patch) process.stderr.write(`patch written to ${args.patch}\n`);
    return undefined;
  } catch (e) {
    return `cannot write the review: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export async function bindingsMain(args: BindingsArgs): Promise<number> {
  const { bindingsRuleCatalogue, bindingsReviewReport, bindingsUnit } = await import('../../bindings/code/report.js');
  if (args.explain !== undefined) {
    const r = explainRule(bindingsRuleCatalogue(), args.explain);
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
  const { loadProject, migrateBindings } = await import('../../bindings/project.js');
  let result;
  try {
    result = await migrateBindings(loadProject(args.project), { wit: args.wit });
  } catch (e) {
    process.stderr.write(`error: ${args.project}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const pending = result.changes.length > 0;
  let written = 0;
  let writeError: string | undefined;
  if (args.write && pending) {
    writeError = dirtyRefusal(result.changes.map((c) => path.join(result.project.root, c.path)), args['allow-dirty']);
    if (!writeError) written = writeChanges([{ root: result.project.root, changes: result.changes }]);
  }
  const full = args.format !== 'text' || args.diff || (!args.write && !args.check);
  const report = bindingsReviewReport([bindingsUnit(result)], { written, ...(writeError ? { error: writeError } : {}) });
  const outputError = emit(report, args, full);
  if (writeError) process.stderr.write(`error: ${writeError}\n`);
  if (outputError) process.stderr.write(`error: ${outputError}\n`);
  if (writeError || outputError) return 2;
  if (args.write) return 0;
  return pending ? 1 : 0;
}

export const bindingsCommand: CommandModule<object, BindingsArgs> = {
  command: 'bindings [project]',
  describe: 'port code that calls jco WASI bindings, and jco declaration trees, from 0.2 to 0.3 (dry run: prints a review of the diff)',
  builder: (y) =>
    addReviewOptions(
      y
        .positional('project', { type: 'string', describe: 'a project folder or its tsconfig.json' })
        .option('write', { type: 'boolean', default: false, describe: 'apply the changes (atomic, only when the whole run succeeded)' })
        .option('check', { type: 'boolean', default: false, describe: 'CI mode: exit 1 when changes are pending' })
        .option('diff', { type: 'boolean', default: false, describe: 'print the review with its diff (the default without --write/--check)' })
        .option('allow-dirty', { type: 'boolean', default: false, describe: 'write files that have uncommitted git changes' })
        .option('wit', { type: 'string', array: true, describe: "WIT folders the declaration trees come from (default: the project's wit/)" }),
    ) as never,
  handler: async (args) => {
    process.exitCode = await bindingsMain(args as unknown as BindingsArgs);
  },
};

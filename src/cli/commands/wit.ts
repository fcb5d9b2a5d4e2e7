/**
 * `wasi-migrate wit <path...> [--write|--check] [--json] [--allow-dirty] [--no-validate]`
 *
 * Exit codes (all modes): 0 nothing to migrate, 1 changes pending (dry run and
 * --check; after --write: 0), 2 error (bad input, invalid output, refused write).
 */
import type { CommandModule } from 'yargs';
import { createTwoFilesPatch } from 'diff';
import path from 'node:path';
import { dirtyFiles, runMigration, writeReports, type PackageReport } from '../../migrate/run.js';

interface WitArgs {
  paths: string[];
  write: boolean;
  check: boolean;
  json: boolean;
  'allow-dirty': boolean;
  validate: boolean;
  bump?: string;
}

export function unifiedDiff(reports: readonly PackageReport[]): string {
  let out = '';
  for (const r of reports) {
    for (const c of r.result?.changes ?? []) {
      const shown = path.relative(process.cwd(), path.join(r.pkg.root, c.path)) || c.path;
      out += createTwoFilesPatch(c.before === undefined ? '/dev/null' : `a/${shown}`, c.after === undefined ? '/dev/null' : `b/${shown}`, c.before ?? '', c.after ?? '', '', `rules: ${c.rules.join(', ') || '-'}`);
    }
  }
  return out;
}

export function summary(reports: readonly PackageReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    const res = r.result;
    const n = res?.changes.length ?? 0;
    lines.push(`${r.pkg.label}: ${r.errors.length ? 'error' : n ? `${n} file(s) to change` : 'nothing to migrate'}`);
    const byRule = new Map<string, number>();
    for (const e of res?.edits ?? []) byRule.set(e.rule, (byRule.get(e.rule) ?? 0) + 1);
    for (const [rule, k] of byRule) lines.push(`  ${rule}: ${k} edit(s)`);
    for (const v of res?.reviews ?? []) lines.push(`  review [${v.rule}] ${path.join(r.pkg.label, v.file)}:${v.line}: ${v.message}`);
    for (const w of r.warnings) lines.push(`  warning: ${w}`);
    for (const e of r.errors) lines.push(`  error: ${e}`);
  }
  return lines.join('\n') + '\n';
}

export function toJson(reports: readonly PackageReport[]): unknown {
  return {
    packages: reports.map((r) => ({
      path: r.pkg.label,
      files: (r.result?.changes ?? []).map((c) => ({ path: c.path, status: c.before === undefined ? 'created' : c.after === undefined ? 'deleted' : 'modified', rules: c.rules, before: c.before, after: c.after })),
      edits: r.result?.edits ?? [],
      reviews: r.result?.reviews ?? [],
      diagnostics: [...r.errors.map((message) => ({ severity: 'error', message })), ...r.warnings.map((message) => ({ severity: 'warning', message }))],
    })),
  };
}

export async function witMain(args: WitArgs): Promise<number> {
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
    const dirty = args['allow-dirty'] ? [] : dirtyFiles(targets);
    if (dirty.length) writeError = `refusing to write files with uncommitted changes (use --allow-dirty):\n${dirty.map((d) => `  ${d}`).join('\n')}`;
    else written = writeReports(reports);
  }
  if (args.json) {
    process.stdout.write(JSON.stringify({ ...(toJson(reports) as object), written, ...(writeError ? { error: writeError } : {}) }, null, 2) + '\n');
  } else {
    if (!args.write && !args.check) process.stdout.write(unifiedDiff(reports));
    process.stdout.write(summary(reports));
    // Errors also go to stderr, so `2>err.log` and `>/dev/null` keep them.
    for (const r of reports) for (const e of r.errors) process.stderr.write(`error: ${r.pkg.label}: ${e}\n`);
    if (args.write && written) process.stdout.write(`wrote ${written} file(s)\n`);
    if (args.write && errors) process.stderr.write('nothing written: fix the errors above\n');
  }
  if (writeError) process.stderr.write(`error: ${writeError}\n`);
  if (errors || writeError) return 2;
  if (args.write) return 0;
  return pending ? 1 : 0;
}

export const witCommand: CommandModule<object, WitArgs> = {
  command: 'wit <paths...>',
  describe: 'port WIT packages from WASI 0.2 to 0.3 (dry run: prints a diff)',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'package folders, .wit files, or folders holding packages' })
      .option('write', { type: 'boolean', default: false, describe: 'apply the changes (atomic, after the whole run validated)' })
      .option('check', { type: 'boolean', default: false, describe: 'CI mode: exit 1 when changes are pending' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as one JSON document' })
      .option('allow-dirty', { type: 'boolean', default: false, describe: 'write files that have uncommitted git changes' })
      .option('validate', { type: 'boolean', default: true, describe: 'check output with the real wit-parser (--no-validate skips)' })
      .option('bump', { type: 'string', describe: 'new package version; @since gates on changed items follow it' }) as never,
  handler: async (args) => {
    const code = await witMain(args as unknown as WitArgs);
    process.exitCode = code;
  },
};

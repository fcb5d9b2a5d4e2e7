/**
 * One `wasi-migrate wit` run: find packages, migrate each, prove idempotency,
 * validate, then (only when everything succeeded) write atomically.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, readdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../rules/index.js';
import { MigrateError, migratePackage, scanDeps, type MigrateResult } from './engine.js';
import { findPackages, loadPackage, type PackageOnDisk } from './load.js';
import { validateResult } from './validate.js';

export interface RunOptions {
  readonly validate?: boolean;
  readonly bump?: string;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export interface PackageReport {
  readonly pkg: PackageOnDisk;
  readonly result?: MigrateResult;
  readonly errors: string[];
  readonly warnings: string[];
}

export function migrateInput(input: Parameters<typeof migratePackage>[0], bump?: string): MigrateResult {
  const res = migratePackage(input, pipeline(), { bump });
  // Idempotency: the output, migrated again, must give nothing to do.
  const extraAfter: Record<string, string> = { ...input.extraFiles };
  for (const c of res.changes) if (c.path in input.extraFiles && c.after !== undefined) extraAfter[c.path] = c.after;
  const again = migratePackage({ label: input.label, files: res.files, depFiles: res.depFiles, extraFiles: extraAfter, deps: scanDeps(res.depFiles) }, pipeline(), { bump });
  if (again.changes.length) {
    const by = [...new Set(again.changes.flatMap((c) => c.rules))].join(', ');
    throw new MigrateError(`not idempotent: a second run still changes ${again.changes.map((c) => c.path).join(', ')} (rules: ${by || 'unknown'})`);
  }
  return res;
}

export async function runMigration(paths: readonly string[], opts: RunOptions = {}): Promise<PackageReport[]> {
  const pkgs = paths.flatMap((p) => findPackages(p));
  const reports: PackageReport[] = [];
  let done = 0;
  for (const pkg of pkgs) {
    opts.onProgress?.(done, pkgs.length, pkg.label);
    const errors: string[] = [];
    const warnings: string[] = [];
    let result: MigrateResult | undefined;
    try {
      result = migrateInput(loadPackage(pkg), opts.bump);
      if (opts.validate !== false && result.changes.length) {
        const v = await validateResult(result);
        if (v.inputInvalid) warnings.push(`${v.message} (output not validated)`);
        else if (!v.ok) errors.push(v.message!);
      }
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
    reports.push({ pkg, result, errors, warnings });
    done++;
  }
  opts.onProgress?.(done, pkgs.length, '');
  return reports;
}

/** Target files with uncommitted changes in git (empty when not in a git work tree). */
export function dirtyFiles(files: readonly string[]): string[] {
  if (!files.length) return [];
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const d = path.dirname(f);
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  const out: string[] = [];
  for (const [dir, fs] of byDir) {
    let top: string;
    try {
      top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: existsSync(dir) ? dir : path.dirname(dir), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      continue;
    }
    const st = execFileSync('git', ['status', '--porcelain', '--', ...fs.map((f) => path.relative(top, f))], { cwd: top, encoding: 'utf8' });
    for (const line of st.split('\n').filter(Boolean)) out.push(path.join(top, line.slice(3)));
  }
  return out;
}

/** Writes every change of every report: each file to a temp file beside it, then renamed over; deletions last. */
export function writeReports(reports: readonly PackageReport[]): number {
  const writes: { abs: string; text: string }[] = [];
  const deletes: string[] = [];
  for (const r of reports) {
    for (const c of r.result?.changes ?? []) {
      const abs = path.join(r.pkg.root, c.path);
      if (c.after === undefined) deletes.push(abs);
      else writes.push({ abs, text: c.after });
    }
  }
  const temps: { tmp: string; abs: string }[] = [];
  try {
    for (const w of writes) {
      mkdirSync(path.dirname(w.abs), { recursive: true });
      const tmp = `${w.abs}.wasi-migrate-${process.pid}.tmp`;
      writeFileSync(tmp, w.text);
      temps.push({ tmp, abs: w.abs });
    }
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw e;
  }
  for (const t of temps) renameSync(t.tmp, t.abs);
  for (const d of deletes) {
    rmSync(d, { force: true });
    // Remove folders the deletions emptied (a whole deps/io).
    let dir = path.dirname(d);
    while (dir.includes(`${path.sep}deps`) && existsSync(dir) && readdirSync(dir).length === 0) {
      rmdirSync(dir);
      dir = path.dirname(dir);
    }
  }
  return writes.length + deletes.length;
}

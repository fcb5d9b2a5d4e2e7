/**
 * One `wasi-migrate wit` run: find packages, migrate each, prove idempotency,
 * validate, then (only when everything succeeded) write atomically.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, existsSync, readdirSync, rmdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../rules/index.js';
import { writeFilesAtomically } from '../util/write-files.js';
import { MigrateError, migratePackage, scanDeps, type FileChange, type MigrateResult } from './engine.js';
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
  for (const c of res.changes) {
    if (!(c.path in input.extraFiles)) continue;
    if (c.after === undefined) delete extraAfter[c.path];
    else extraAfter[c.path] = c.after;
  }
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
      warnings.push(...result.warnings);
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

/** A target file git would lose work in: its state as `git status` sees it. */
interface DirtyFile {
  /** Absolute path. */
  readonly path: string;
  readonly state: 'modified' | 'staged' | 'untracked' | 'deleted' | 'conflicted';
}

/**
 * Parses `git status --porcelain -z` (v1): `XY path NUL`, and for renames and
 * copies a second NUL-terminated field with the old path. Paths come raw (no
 * C-quoting of spaces or non-ASCII), relative to the repository root.
 */
function parsePorcelainZ(out: string): { xy: string; path: string }[] {
  const fields = out.split('\0');
  const entries: { xy: string; path: string }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length < 4) continue;
    const xy = f.slice(0, 2);
    entries.push({ xy, path: f.slice(3) });
    if (xy[0] === 'R' || xy[0] === 'C') i++; // the old path of a rename or copy
  }
  return entries;
}

function stateOf(xy: string): DirtyFile['state'] {
  if (xy === '??') return 'untracked';
  if (xy.includes('U') || xy === 'AA' || xy === 'DD') return 'conflicted';
  // Work-tree changes win over index ones: they are what a write would lose.
  if (xy[1] === 'D') return 'deleted';
  if (xy[1] !== ' ') return 'modified';
  return 'staged';
}

/** `p` with its nearest existing ancestor resolved (git prints the real path of the top level). */
function realPath(p: string): string {
  let d = p;
  while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return path.join(realpathSync(d), path.relative(d, p));
}

/**
 * Target files a write would clobber, as `cargo fix` judges them: modified,
 * staged, deleted or conflicted files, and untracked files too (git has no
 * copy of them to go back to); ignored files and files outside a git work
 * tree are not protected. Files a run creates do not exist yet and are never
 * dirty.
 */
function dirtyTargets(files: readonly string[]): DirtyFile[] {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const real = realPath(path.resolve(f));
    let d = path.dirname(real);
    while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
    byDir.set(d, [...(byDir.get(d) ?? []), real]);
  }
  const out: DirtyFile[] = [];
  const seen = new Set<string>();
  for (const [dir, fs] of byDir) {
    let top: string;
    try {
      top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '');
    } catch {
      continue;
    }
    const rels = fs.filter((f) => f.startsWith(top + path.sep)).map((f) => path.relative(top, f));
    if (!rels.length) continue;
    // `:(literal)` keeps names with `*`, `?` or `[` from being read as globs.
    const st = execFileSync('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--ignored=no', '--', ...rels.map((r) => `:(literal)${r}`)], {
      cwd: top,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    for (const e of parsePorcelainZ(st)) {
      const abs = path.join(top, e.path);
      if (seen.has(abs)) continue;
      seen.add(abs);
      out.push({ path: abs, state: stateOf(e.xy) });
    }
  }
  return out;
}

/** The refusal message when a target has uncommitted changes (undefined when none, or when allowed). */
export function dirtyRefusal(targets: readonly string[], allow: boolean): string | undefined {
  const dirty = allow ? [] : dirtyFiles(targets);
  return dirty.length ? `refusing to write files with uncommitted changes (use --allow-dirty):\n${dirty.map((d) => `  ${d}`).join('\n')}` : undefined;
}

/** Target files with uncommitted changes, for messages: `path (state)`, the path relative to the working directory. */
function dirtyFiles(files: readonly string[]): string[] {
  return dirtyTargets(files).map((d) => `${shownPath(d.path)} (${d.state})`);
}

function shownPath(abs: string): string {
  const cwd = existsSync(process.cwd()) ? realpathSync(process.cwd()) : process.cwd();
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** Writes every change of every report: each file to a temp file beside it, then renamed over; deletions last. */
export function writeReports(reports: readonly PackageReport[]): number {
  return writeChanges(reports.map((r) => ({ root: r.pkg.root, changes: r.result?.changes ?? [] })));
}

/** Write every change under its root: all new texts to temp files first, then rename, then delete. */
export function writeChanges(sets: readonly { root: string; changes: readonly FileChange[] }[]): number {
  const writes: { abs: string; text: string }[] = [];
  const deletes: string[] = [];
  for (const set of sets) {
    for (const c of set.changes) {
      const abs = path.join(set.root, c.path);
      if (c.after === undefined) deletes.push(abs);
      else writes.push({ abs, text: c.after });
    }
  }
  writeFilesAtomically(writes.map((w) => ({ path: w.abs, text: w.text })));
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

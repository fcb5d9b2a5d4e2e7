/**
 * One `wasi-migrate wit` run: find packages, migrate each, prove idempotency,
 * validate, then (only when everything succeeded) write atomically.
 */
import type { execFileSync as ExecFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from '../../rules/index.js';
import { inOrderAhead } from '../util/in-order.js';
import { runTransaction, type TxnOp } from '../util/txn.js';
import { MigrateError, migratePackage, scanDeps, type FileChange, type MigrateResult, type ParseScope } from './engine.js';
import type { FeatureSet } from '../validate/wit-parser.js';
import { leftovers, type Remaining } from './leftovers.js';
import { findPackages, loadPackage, LoadError, NoPackageError, type PackageOnDisk } from './load.js';

export { NoPackageError };
import { declaredPackages, validateResult, validateTree, type WitCheck } from './validate.js';

// Loaded when used (git for --write, worker threads for several packages): start-up of a small run (issue 18).
const execFileSync = ((...args: Parameters<typeof ExecFileSync>) => (createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')).execFileSync(...args)) as typeof ExecFileSync;

export interface RunOptions {
  readonly validate?: boolean;
  readonly bump?: string;
  /** Active `@unstable` features for the real wit-parser (default: all). */
  readonly features?: FeatureSet;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export interface PackageReport {
  readonly pkg: PackageOnDisk;
  readonly result?: MigrateResult;
  readonly errors: string[];
  readonly warnings: string[];
  /** What of 0.2 is left in the output (or in the tree, when nothing is pending): the --check gate. */
  readonly remaining: Remaining[];
  /** Official packages the real wit-parser check added beside the tree (none vendored by it). */
  readonly standIns: string[];
}

export function migrateInput(input: Parameters<typeof migratePackage>[0], bump?: string): MigrateResult {
  // One parse of each text of the package's own files for both runs (the second reads the first's output).
  const trees: ParseScope = new Map();
  const res = migratePackage(input, pipeline(), { bump, trees });
  const depsAgain = scanDeps(res.depFiles);
  // A run that changes nothing hands back its input (the deps list too, as the second run reads it): migrating that
  // again is the same deterministic run, and changes nothing.
  if (!res.changes.length && JSON.stringify(depsAgain) === JSON.stringify(input.deps)) return res;
  // Idempotency: the output, migrated again, must give nothing to do.
  const extraAfter: Record<string, string> = { ...input.extraFiles };
  for (const c of res.changes) {
    if (!(c.path in input.extraFiles)) continue;
    if (c.after === undefined) delete extraAfter[c.path];
    else extraAfter[c.path] = c.after;
  }
  const again = migratePackage({ label: input.label, files: res.files, depFiles: res.depFiles, extraFiles: extraAfter, deps: depsAgain }, pipeline(), { bump, trees, writtenFor03: res.writtenFor03 });
  if (again.changes.length) {
    const by = [...new Set(again.changes.flatMap((c) => c.rules))].join(', ');
    throw new MigrateError(`not idempotent: a second run still changes ${again.changes.map((c) => c.path).join(', ')} (rules: ${by || 'unknown'})`);
  }
  return res;
}


/**
 * Finds the packages of every path (a path with none is a NoPackageError,
 * an unreadable one a LoadError), migrates each, proves idempotency, and
 * validates the output exactly as it would be written (every package, even
 * one with nothing to change: a tree that does not validate is left for a
 * human). A package whose output changes and does not validate is an error.
 * With many packages, a worker thread runs their checks, or several run
 * whole packages (package-pool.ts); else this thread's checks of packages
 * that vendor the same deps share wit-parser calls (src/validate/batch.ts).
 * Reports keep path order.
 */
export async function runMigration(paths: readonly string[], opts: RunOptions = {}): Promise<PackageReport[]> {
  const pkgs = paths.flatMap((p) => {
    const found = findPackages(p);
    if (!found.length) throw new NoPackageError(`${p}: no WIT package here (no .wit file outside deps/)`);
    return found;
  });
  const here = (pkg: PackageOnDisk) => checkPackage(pkg, opts);
  const pool = pkgs.length >= PARALLEL_FROM ? await import('./package-pool.js') : undefined;
  const workers = pool?.workerCount(pkgs.length) ?? 0;
  let started = 0;
  const onStart = (i: number) => opts.onProgress?.(started++, pkgs.length, pkgs[i]!.label);
  let out: PackageReport[];
  // One worker checks what this thread migrates; more run whole packages (package-pool.ts says why).
  if (pool && workers === 1 && opts.validate !== false) out = await pool.runWithChecker(pkgs, (pkg, check) => checkPackage(pkg, { ...opts, check }), onStart);
  else if (pool && workers > 0) out = await pool.runPool(pkgs, { validate: opts.validate, bump: opts.bump, features: opts.features }, workers, here, onStart);
  else {
    // Here, one package after another; with checks to make for two or more, up to BATCH_AHEAD packages migrated
    // before the oldest's check is awaited: their checks, asked for in one turn, share wit-parser calls where they
    // may (batch.ts).
    const batched = opts.validate !== false && pkgs.length >= 2;
    const check = batched ? (await import('../validate/batch.js')).batchingValidateWit() : undefined;
    out = await inOrderAhead(pkgs.length, batched ? BATCH_AHEAD : 1, (i) => {
      onStart(i);
      return checkPackage(pkgs[i]!, { ...opts, check });
    });
  }
  opts.onProgress?.(pkgs.length, pkgs.length, '');
  return out;
}

/**
 * Packages migrated ahead of the oldest unchecked one, their checks batched
 * (batch.ts). Only trees of the same deps share a call, so the window must
 * hold several of each deps set a tree mixes: the bench's 1,000-file 0.2
 * tree (67 packages over 24 deps sets) took 26 calls at 32, 7 at 128. The
 * reports are all kept to the end anyway, so a wider window costs no memory.
 */
const BATCH_AHEAD = 128;

/** Packages from which runMigration starts worker threads (below, starting one costs more than it saves). */
const PARALLEL_FROM = 4;

/** One package: migrated on this thread, then validated by the real wit-parser (here, or by `opts.check`: package-pool.ts's checker). */
export async function checkPackage(pkg: PackageOnDisk, opts: Pick<RunOptions, 'validate' | 'bump' | 'features'> & { readonly check?: WitCheck }): Promise<PackageReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const remaining: Remaining[] = [];
  let standIns: string[] = [];
  let result: MigrateResult | undefined;
  try {
    const input = loadPackage(pkg);
    result = migrateInput(input, opts.bump);
    const kept = depDirsKept(result);
    const manifests = emptiedDepManifests(input.depManifests ?? {}, result, kept);
    if (manifests.length) result = { ...result, changes: [...result.changes, ...manifests] };
    warnings.push(...result.warnings);
    remaining.push(...leftovers({ ...result.files, ...result.depFiles }));
    for (const { dir, left } of witlessDepFolders(input.depEntries ?? {}, result, kept)) {
      // The run deletes only what it read (.wit files) or knows to be the package's (its wit-deps manifests): the rest
      // may be the team's own, so the folder is theirs to clear.
      const names = left.length > 3 ? `${left.slice(0, 3).join(', ')} and ${left.length - 3} more` : left.join(', ');
      remaining.push({ kind: 'invalid', file: dir, line: 0, message: `${dir} holds no .wit file${result.changes.length ? ' once written' : ''}, only ${names}: wit-parser rejects a deps folder without one (failed to parse dependency directory), and wasi-migrate deletes no file it did not read: delete ${dir}, or move ${left.length === 1 ? 'that file' : 'those files'} out of deps/` });
    }
    if (opts.validate !== false && result.changes.length) {
      const v = await validateResult(result, { features: opts.features, check: opts.check });
      standIns = v.standIns;
      // No rule edited anything (a copy of a WASI package left as written): the output is the input and review markers,
      // comments that change nothing of its validity. An input that fails is the tree's own state, as for a tree with
      // nothing to change: left for a human, not an error that keeps the other packages from being written.
      if (!v.ok && v.rule === '(input)' && !result.edits.length) remaining.push({ kind: 'invalid', file: '', line: 0, message: `the tree does not validate as it is (review markers aside): ${v.message!.replace(/^the output cannot be validated: /, '')}` });
      else if (!v.ok) errors.push(v.message!);
    } else if (opts.validate !== false) {
      const t = await validateTree(result.files, result.depFiles, { features: opts.features, vendored: declaredPackages(result.depFiles), check: opts.check });
      standIns = t.standIns;
      if (!t.result.ok) {
        const r = t.result;
        const message = `the tree does not validate as it is: ${r.message}${r.file ? ` (${r.file}${r.line ? `:${r.line}:${r.col}` : ''})` : ''}`;
        remaining.push({ kind: 'invalid', file: r.file ?? '', line: r.line ?? 0, message });
      }
    }
  } catch (e) {
    errors.push(e instanceof LoadError || e instanceof Error ? e.message : String(e));
  }
  return { pkg, result, errors, warnings, remaining, standIns };
}

/** The `deps/<dir>` folders that still hold a .wit file after the run (its depFiles). */
function depDirsKept(result: MigrateResult): Set<string> {
  const out = new Set<string>();
  for (const f of Object.keys(result.depFiles)) {
    const m = /^deps\/[^/]+(?=\/)/.exec(f);
    if (m) out.add(m[0]);
  }
  return out;
}

/**
 * A deps/<dir> the run empties of .wit files (deps/io, a 0.2 or release-candidate copy whose 0.3.0 text goes to
 * another folder) still holds on disk the wit-deps `deps.toml` / `deps.lock` of that package, there when a
 * release's wit folder was copied whole (the loader's PackageInput.depManifests). Left behind they make a deps
 * folder with no .wit file, which wit-parser rejects (`failed to parse dependency directory`): they go with the package.
 */
function emptiedDepManifests(depManifests: Readonly<Record<string, string>>, result: MigrateResult, kept: ReadonlySet<string>): FileChange[] {
  const out: FileChange[] = [];
  const seen = new Set<string>();
  for (const c of result.changes) {
    const m = /^(deps\/[^/]+)\/[^/]+\.wit$/.exec(c.path);
    if (c.after !== undefined || !m || seen.has(m[1]!)) continue;
    const dir = m[1]!;
    seen.add(dir);
    if (kept.has(dir)) continue;
    for (const n of ['deps.toml', 'deps.lock']) {
      const before = depManifests[`${dir}/${n}`];
      if (before !== undefined) out.push({ path: `${dir}/${n}`, before, after: undefined, rules: c.rules });
    }
  }
  return out;
}

/**
 * The deps/ folders that hold, or once the changes are written will hold, files but no .wit file, with those files'
 * names (a README copied with a release's wit folder, left when the run moved the package's text elsewhere). The
 * loader reads only .wit
 * entries, so the check of the tree in memory never sees them; wit-parser rejects them. The folders' entries are
 * the loader's listing (PackageInput.depEntries), not listed again here.
 */
function witlessDepFolders(depEntries: Readonly<Record<string, readonly string[]>>, result: MigrateResult, kept: ReadonlySet<string>): { dir: string; left: string[] }[] {
  const gone = new Set(result.changes.filter((c) => c.after === undefined).map((c) => c.path));
  return Object.entries(depEntries)
    .filter(([dir]) => !kept.has(dir))
    .map(([dir, names]) => ({ dir, left: names.filter((n) => !gone.has(`${dir}/${n}`)) }))
    .filter(({ left }) => left.length > 0);
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

/**
 * `p` with its nearest existing ancestor resolved (git prints the real path of the top level). Resolved where it is
 * tried, not tested first: another run may delete a folder between the two (a second writer of the same tree).
 */
function realPath(p: string): string {
  for (let d = p; ; d = path.dirname(d)) {
    try {
      return path.join(realpathSync(d), path.relative(d, p));
    } catch (e) {
      if (path.dirname(d) === d) throw e;
    }
  }
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
  let cwd: string;
  try {
    cwd = realpathSync(process.cwd());
  } catch {
    // The working directory is gone (removed under the run): show the path as it is.
    return abs;
  }
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** Writes every change of every report as one transaction (src/util/txn.ts). */
export function writeReports(reports: readonly PackageReport[]): number {
  return writeChanges(reports.map((r) => ({ root: r.pkg.root, changes: r.result?.changes ?? [] })));
}

/**
 * Writes every change under its root as ONE transaction (src/util/txn.ts):
 * every package, WIT and code, all or nothing even across a kill; folders a
 * deletion empties (a whole deps/io) go too. Throws TxnError, having changed
 * nothing, when a target is refused.
 */
export function writeChanges(sets: readonly { root: string; changes: readonly FileChange[] }[]): number {
  const ops: TxnOp[] = [];
  for (const set of sets) {
    for (const c of set.changes) {
      const abs = path.join(set.root, c.path);
      ops.push(c.after === undefined ? { kind: 'delete', path: abs } : { kind: 'write', path: abs, text: c.after });
    }
  }
  return runTransaction(ops);
}

/** Targets outside any git work tree, for the `--allow-no-vcs` refusal (as `cargo fix`). */
export function noVcsRefusal(targets: readonly string[], allow: boolean): string | undefined {
  if (allow || !targets.length) return undefined;
  const outside = new Set<string>();
  for (const t of targets) {
    let d = path.dirname(realPath(path.resolve(t)));
    while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
    if (outside.has(d)) continue;
    try {
      execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: d, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      outside.add(d);
    }
  }
  return outside.size
    ? `refusing to write outside a git work tree (nothing could restore the old files; use --allow-no-vcs to write anyway):\n${[...outside].sort().map((d) => `  ${shownPath(d)}`).join('\n')}`
    : undefined;
}

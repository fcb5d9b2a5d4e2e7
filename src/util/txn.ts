/**
 * One transaction for every write of a run (every package, WIT and code,
 * and the review outputs `--out` and `--patch`: the one code path that writes):
 * all new texts go to a journal folder `.wasi-migrate-txn/` beside the tree
 * (the deepest folder holding every target) first; then the journal file is
 * renamed into place, which is the commit point; then each new text is
 * renamed over its target and deletions follow; then the journal folder
 * goes. A run killed at any moment leaves either an uncommitted journal
 * (no target touched: recovery deletes it, the tree is entirely old) or a
 * committed one (recovery redoes every step, each idempotent: the tree is
 * entirely new). Every command recovers before it reads (`recoverAround`).
 *
 * Temp files live only inside the journal folder; recovery removes it whole.
 * Modes are kept; a symlinked target is written through (its real file
 * changes, the link stays); read-only targets are refused before anything
 * is written.
 *
 * Fault injection for tests: `WASI_MIGRATE_TXN_KILL_AT=N` sends SIGKILL to
 * the process at the N-th file-system step of a transaction.
 */
import { accessSync, closeSync, constants, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, writeSync, chmodSync } from 'node:fs';
import path from 'node:path';

export const TXN_DIR = '.wasi-migrate-txn';
const JOURNAL = 'journal.json';

/** `exact`: the text is written as given (a review, a patch), not in the line endings of the file it replaces. */
export type TxnOp = { readonly kind: 'write'; readonly path: string; readonly text: string; readonly exact?: boolean } | { readonly kind: 'delete'; readonly path: string };

interface JournalOp {
  kind: 'write' | 'delete';
  /** Absolute real path of the target. */
  target: string;
  /** Journal-relative data file (write). */
  data?: string;
  /** Folders to create, outermost first (a write into a new deps/ folder). */
  mkdirs?: string[];
}

interface Journal {
  version: 1;
  ops: JournalOp[];
  /** Folders a deletion may leave empty, to remove when they are (deepest first), never above `stop`. */
  prune: string[];
  stop: string;
}

export class TxnError extends Error {}

/** Another live run holds the journal folder. */
class BusyError extends TxnError {
  constructor(dir: string) {
    super(`another wasi-migrate run is writing here (${dir}); wait for it, or delete the folder if no run is`);
  }
}

let steps = 0;
const killAt = Number(process.env.WASI_MIGRATE_TXN_KILL_AT ?? 0);
const stopAt = Number(process.env.WASI_MIGRATE_TXN_STOP_AT ?? 0);

/** One file-system step; the fault-injection hooks (a kill, or a stop so a test can change the tree under the writer). */
function step(): void {
  steps++;
  if (killAt > 0 && steps === killAt) process.kill(process.pid, 'SIGKILL');
  if (stopAt > 0 && steps === stopAt) process.kill(process.pid, 'SIGSTOP');
}

function writeDurable(file: string, data: string | Uint8Array, mode?: number): void {
  const fd = openSync(file, 'w', mode ?? 0o666);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (mode !== undefined) chmodSync(file, mode);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder: the rename is still atomic.
  }
}

/** The deepest existing folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  const inside = (p: string, b: string) => p.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
  let base = path.dirname(paths[0]!);
  for (const p of paths) while (!inside(p, base) && path.dirname(base) !== base) base = path.dirname(base);
  while (!existsSync(base) && path.dirname(base) !== base) base = path.dirname(base);
  return base;
}

/** Where a write goes: a symlink is followed (the file it points to changes); a missing file stays as named. */
function realTarget(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    const dir = path.dirname(abs);
    try {
      return path.join(realpathSync(dir), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Reasons a write would fail or do harm, found before anything is written. */
export function writeRefusals(ops: readonly TxnOp[]): string[] {
  const out: string[] = [];
  for (const op of ops) {
    const why = unwritable(op.path, op.kind === 'write');
    if (why) out.push(`${op.path}: ${why}: refused${why === 'read-only' ? ' (make it writable first if it should change)' : ''}`);
  }
  return out;
}

/**
 * Why a file cannot be replaced (or deleted) or, when `creates` and it does
 * not exist, created (the nearest existing path above it must be a folder
 * that can be written: the missing folders are made); undefined when it can.
 */
export function unwritable(file: string, creates = true): string | undefined {
  const abs = path.resolve(file);
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return creates ? folderRefusal(abs) : undefined;
  }
  if (st.isSymbolicLink()) {
    try {
      st = statSync(abs);
    } catch {
      return 'a dangling symlink';
    }
  }
  if (!st.isFile()) return 'not a regular file';
  if ((st.mode & 0o222) === 0) return 'read-only';
  return undefined;
}

function folderRefusal(abs: string): string | undefined {
  let d = path.dirname(abs);
  while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  try {
    if (!statSync(d).isDirectory()) return `${d} is not a folder`;
    accessSync(d, constants.W_OK);
  } catch {
    return `${d} cannot be written`;
  }
  return undefined;
}

/**
 * Writes a review output (`--out`, `--patch`): one file, its text exactly as
 * rendered, as a transaction of its own. A run writing in the same folder
 * meanwhile (parallel runs with their reviews in one folder) is waited for,
 * not refused: what it writes does not change the review.
 */
export function writeOutput(file: string, text: string): void {
  runTransaction([{ kind: 'write', path: file, text, exact: true }], { wait: true });
}

/** How long a waiting transaction waits for another run's (a transaction takes milliseconds). */
const WAIT_MS = 10_000;

/** Line endings as the old text has them: a text whose every newline is CRLF keeps CRLF on inserted lines. */
export function keepLineEndings(before: string | undefined, after: string): string {
  if (before === undefined || !before.includes('\r\n') || /(^|[^\r])\n/.test(before)) return after;
  return after.replace(/\r?\n/g, '\r\n');
}

/**
 * Runs every op as one transaction (see the module comment). Returns the
 * number of files changed. Throws TxnError (nothing changed) when a target
 * is refused or another run holds the journal (`wait`: once it has held it
 * for WAIT_MS more).
 */
export function runTransaction(ops: readonly TxnOp[], opts: { wait?: boolean } = {}): number {
  if (!ops.length) return 0;
  const refusals = writeRefusals(ops);
  if (refusals.length) throw new TxnError(refusals.join('\n'));
  const targets = ops.map((o) => realTarget(o.path));
  const base = commonFolder(targets);
  const dir = path.join(base, TXN_DIR);
  for (const until = Date.now() + (opts.wait ? WAIT_MS : 0); ; ) {
    try {
      if (existsSync(dir)) recover(dir);
      claim(dir);
      break;
    } catch (e) {
      if (!(e instanceof BusyError) || Date.now() >= until) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  mkdirSync(path.join(dir, 'data'));
  const journal: Journal = { version: 1, ops: [], prune: [], stop: base };
  const created = new Set<string>();
  ops.forEach((op, i) => {
    const target = targets[i]!;
    if (op.kind === 'delete') {
      journal.ops.push({ kind: 'delete', target });
      for (let d = path.dirname(target); d.startsWith(base + path.sep) && d !== base; d = path.dirname(d)) journal.prune.push(d);
      return;
    }
    let mode: number | undefined;
    let before: string | undefined;
    try {
      const st = statSync(target);
      mode = st.mode & 0o7777;
      before = readFileSync(target, 'utf8');
    } catch {
      // new file: default mode
    }
    const data = `data/${i}`;
    writeDurable(path.join(dir, data), op.exact ? op.text : keepLineEndings(before, op.text), mode);
    step();
    const mkdirs: string[] = [];
    for (let d = path.dirname(target); !existsSync(d) && !created.has(d); d = path.dirname(d)) mkdirs.unshift(d);
    mkdirs.forEach((d) => created.add(d));
    journal.ops.push({ kind: 'write', target, data, ...(mkdirs.length ? { mkdirs } : {}) });
  });
  journal.prune = [...new Set(journal.prune)].sort((a, b) => b.length - a.length);
  syncDir(path.join(dir, 'data'));
  writeDurable(path.join(dir, 'journal.tmp'), JSON.stringify(journal));
  step();
  renameSync(path.join(dir, 'journal.tmp'), path.join(dir, JOURNAL));
  syncDir(dir);
  step();
  apply(dir, journal);
  return ops.length;
}

function apply(dir: string, journal: Journal): void {
  for (const op of journal.ops) {
    if (op.kind === 'write') {
      const data = path.join(dir, op.data!);
      if (!existsSync(data)) continue; // already renamed into place
      for (const d of op.mkdirs ?? []) {
        if (existsSync(d)) continue;
        if (!existsSync(path.dirname(d))) throw vanished(path.dirname(d), dir, journal);
        mkdirSync(d);
        step();
      }
      if (!existsSync(path.dirname(op.target))) throw vanished(path.dirname(op.target), dir, journal);
      renameSync(data, op.target);
      step();
    } else {
      if (existsSync(op.target)) {
        rmSync(op.target, { force: true });
        step();
      }
    }
  }
  for (const d of journal.prune) {
    if (d.startsWith(journal.stop + path.sep) && existsSync(d) && readdirSync(d).length === 0) {
      rmdirSync(d);
      step();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  step();
}

/**
 * A folder the write goes into was deleted while it ran: it is not
 * re-created (the user removed it), and the journal stays so that the write
 * can be completed once the folder is back.
 */
function vanished(folder: string, dir: string, journal: Journal): TxnError {
  const writes = journal.ops.filter((o) => o.kind === 'write');
  const placed = writes.filter((o) => !existsSync(path.join(dir, o.data!))).length;
  return new TxnError(
    `${folder} disappeared during the write: not re-created. ${placed} of ${writes.length} file(s) are in place; ` +
      `restore the folder (for example \`git checkout -- ${folder}\`) and run wasi-migrate again to complete the write, ` +
      `or restore the tree from version control and delete ${dir}`,
  );
}

/**
 * Creates the transaction folder with its owner already in it: made aside
 * (`<dir>.<pid>.new`), then renamed into place, which fails if another run's
 * folder is there. A run starting meanwhile never sees the folder without
 * its owner, which it would take for an abandoned write and roll back.
 */
function claim(dir: string): void {
  const aside = `${dir}.${process.pid}.new`;
  rmSync(aside, { recursive: true, force: true });
  try {
    mkdirSync(aside);
  } catch (e) {
    throw new TxnError(`cannot start the write: ${aside}: ${(e as Error).message}`);
  }
  writeDurable(path.join(aside, 'owner'), String(process.pid));
  try {
    renameSync(aside, dir);
  } catch (e) {
    rmSync(aside, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new BusyError(dir);
    throw new TxnError(`cannot start the write: ${dir}: ${(e as Error).message}`);
  }
  step();
}

/** Folders `claim` made aside and a killed run left: `<TXN_DIR>.<pid>.new` whose pid is gone. */
function staleClaims(d: string): string[] {
  let names: string[];
  try {
    names = readdirSync(d);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const m = new RegExp(`^${TXN_DIR.replace(/\./g, '\\.')}\\.(\\d+)\\.new$`).exec(n);
    if (m && !pidAlive(Number(m[1]))) out.push(path.join(d, n));
  }
  return out;
}

function pidAlive(pid: number): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ownerAlive(dir: string): boolean {
  try {
    const pid = Number(readFileSync(path.join(dir, 'owner'), 'utf8'));
    if (!pid || pid === process.pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Completes (committed journal) or rolls back (uncommitted) the transaction in `dir`; returns what it did. */
function recover(dir: string): string {
  if (ownerAlive(dir)) throw new BusyError(dir);
  const j = path.join(dir, JOURNAL);
  if (existsSync(j)) {
    let journal: Journal;
    try {
      journal = JSON.parse(readFileSync(j, 'utf8')) as Journal;
    } catch (e) {
      throw new TxnError(`${j}: unreadable journal (${(e as Error).message}); restore the tree from version control and delete ${dir}`);
    }
    apply(dir, journal);
    return `completed an interrupted write (${journal.ops.length} file(s)) found in ${dir}`;
  }
  rmSync(dir, { recursive: true, force: true });
  return `rolled back an interrupted write found in ${dir} (no file had been changed)`;
}

/**
 * Recovers every interrupted transaction at these paths, in their
 * ancestors, and in the folders directly under folder paths. Returns one
 * message per recovery (for stderr).
 */
export function recoverAround(paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    let d = path.resolve(p);
    try {
      if (!statSync(d).isDirectory()) d = path.dirname(d);
    } catch {
      continue;
    }
    for (let a = d; ; a = path.dirname(a)) {
      dirs.add(a);
      if (path.dirname(a) === a) break;
    }
  }
  const out: string[] = [];
  for (const d of [...dirs].sort()) {
    const t = path.join(d, TXN_DIR);
    if (existsSync(t)) out.push(recover(t));
    for (const stale of staleClaims(d)) {
      rmSync(stale, { recursive: true, force: true });
      out.push(`removed ${stale}, left by a write killed before it began (no file had been changed)`);
    }
  }
  return out;
}

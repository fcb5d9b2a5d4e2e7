/**
 * A package's report as a worker thread posts it to the calling thread
 * (package-pool.ts), and back: the same report, in fewer bytes.
 *
 * A report's snapshots (the tree after each phase of the migration) were
 * about 95% of its bytes: every snapshot a whole copy of the package and its
 * deps, about 1 MB a package in the 1,000-file trees of
 * `npm run bench wit-check`. A posted message is copied (V8's serializer
 * keeps no string shared), and copying a million bytes each way cost the
 * worker and, worse, the calling thread some 3 ms (issue 18). Posted, a
 * snapshot after the first holds only the texts that differ from the one
 * before it, with its file names in their order; the final files likewise
 * against the last snapshot. Unpacked, every snapshot is whole again, with
 * its keys in the same order: the report the worker made.
 */
import type { MigrateResult } from './engine.js';
import type { PackageOnDisk } from './load.js';
import type { PackageReport } from './run.js';

/** Files as posted: every name, in order, and the texts that differ from the files before them. */
interface FilesDelta {
  readonly names: string[];
  readonly texts: Record<string, string>;
}

type Snapshot = MigrateResult['snapshots'][number];

interface PostedResult extends Omit<MigrateResult, 'snapshots' | 'files' | 'depFiles'> {
  readonly snapshots: { readonly rule: string; readonly files: FilesDelta; readonly depFiles: FilesDelta }[];
  readonly files: FilesDelta;
  readonly depFiles: FilesDelta;
}

/** A report as posted (its package stays with the caller, who has it). */
export interface PostedReport extends Omit<PackageReport, 'pkg' | 'result'> {
  readonly result?: PostedResult;
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});

function delta(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): FilesDelta {
  const texts: Record<string, string> = {};
  const names = Object.keys(after);
  for (const n of names) if (!Object.hasOwn(before, n) || before[n] !== after[n]) texts[n] = after[n]!;
  return { names, texts };
}

function undelta(before: Readonly<Record<string, string>>, d: FilesDelta): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of d.names) out[n] = Object.hasOwn(d.texts, n) ? d.texts[n]! : before[n]!;
  return out;
}

/** The report to post. */
export function packReport(report: PackageReport): PostedReport {
  const { pkg: _pkg, result, ...rest } = report;
  return { result: result && packResult(result), ...rest };
}

function packResult(result: MigrateResult): PostedResult {
  const snapshots = result.snapshots.map((s, i) => {
    const prev: Snapshot | undefined = result.snapshots[i - 1];
    return { rule: s.rule, files: delta(prev?.files ?? NONE, s.files), depFiles: delta(prev?.depFiles ?? NONE, s.depFiles) };
  });
  const last: Snapshot | undefined = result.snapshots[result.snapshots.length - 1];
  return { ...result, snapshots, files: delta(last?.files ?? NONE, result.files), depFiles: delta(last?.depFiles ?? NONE, result.depFiles) };
}

/** The report a worker posted (packReport there), for `pkg`: its keys in the order checkPackage gives them. */
export function unpackReport(posted: PostedReport, pkg: PackageOnDisk): PackageReport {
  const { result, ...rest } = posted;
  return { pkg, result: result && unpackResult(result), ...rest };
}

function unpackResult(result: PostedResult): MigrateResult {
  const snapshots: Snapshot[] = [];
  for (const s of result.snapshots) {
    const prev = snapshots[snapshots.length - 1];
    snapshots.push({ rule: s.rule, files: undelta(prev?.files ?? NONE, s.files), depFiles: undelta(prev?.depFiles ?? NONE, s.depFiles) });
  }
  const last = snapshots[snapshots.length - 1];
  return { ...result, snapshots, files: undelta(last?.files ?? NONE, result.files), depFiles: undelta(last?.depFiles ?? NONE, result.depFiles) };
}

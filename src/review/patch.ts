/**
 * `--patch out.patch`: every change as one git-style patch (`diff --git`
 * headers, `new file mode`/`deleted file mode` for created and deleted files)
 * that `git apply` takes from the directory the unit roots are relative to.
 * The `diff` package formats it (formatPatch with isGit); nothing here
 * writes diff syntax by hand.
 */
import { formatPatch } from 'diff/lib/patch/create.js';
import type { StructuredPatch } from 'diff';
import { allFileDiffs } from './hunks.js';
import type { ReviewReport } from './model.js';
import { writeOutput } from '../util/txn.js';

export function patchText(report: ReviewReport): string {
  const patches: StructuredPatch[] = allFileDiffs(report).map((f) => {
    const a = f.status === 'created' ? '/dev/null' : `a/${f.shown}`;
    const b = f.status === 'deleted' ? '/dev/null' : `b/${f.shown}`;
    // The hunks the review shows are the patch's hunks: no second diff.
    const hunks = f.hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: [...h.lines] }));
    return {
      oldFileName: a,
      newFileName: b,
      oldHeader: undefined,
      newHeader: undefined,
      hunks,
      isGit: true,
      ...(f.status === 'created' ? { isCreate: true, newMode: '100644' } : {}),
      ...(f.status === 'deleted' ? { isDelete: true, oldMode: '100644' } : {}),
    };
  });
  return patches.length ? formatPatch(patches) : '';
}

export function writePatch(report: ReviewReport, file: string): void {
  writeOutput(file, patchText(report));
}

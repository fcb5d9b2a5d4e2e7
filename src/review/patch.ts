/**
 * `--patch out.patch`: every change as one git-style patch (`diff --git`
 * headers, `new file mode`/`deleted file mode` for created and deleted files)
 * that `git apply` takes from the directory the unit roots are relative to.
 * The `diff` package formats it (formatPatch with isGit); nothing here
 * writes diff syntax by hand.
 */
import { formatPatch, structuredPatch, type StructuredPatch } from 'diff';
import { allFileDiffs, CONTEXT_LINES } from './hunks.js';
import type { ReviewReport } from './model.js';
import { writeAtomic } from './write.js';

export function patchText(report: ReviewReport): string {
  const patches: StructuredPatch[] = allFileDiffs(report).map((f) => {
    const a = f.status === 'created' ? '/dev/null' : `a/${f.shown}`;
    const b = f.status === 'deleted' ? '/dev/null' : `b/${f.shown}`;
    const p = structuredPatch(a, b, f.change.before ?? '', f.change.after ?? '', undefined, undefined, { context: CONTEXT_LINES });
    return {
      ...p,
      isGit: true,
      ...(f.status === 'created' ? { isCreate: true, newMode: '100644' } : {}),
      ...(f.status === 'deleted' ? { isDelete: true, oldMode: '100644' } : {}),
    };
  });
  return patches.length ? formatPatch(patches) : '';
}

export function writePatch(report: ReviewReport, file: string): void {
  writeAtomic(file, patchText(report));
}

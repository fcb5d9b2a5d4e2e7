/**
 * The one way wasi-migrate writes files: every text goes to a temp file
 * beside its target first, then each is renamed over its target, so a
 * target is either its old or its new text, never half of one. No temp
 * file outlives a failure.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeFilesAtomically(files: readonly { readonly path: string; readonly text: string }[]): void {
  const temps: { tmp: string; abs: string; renamed: boolean }[] = [];
  try {
    for (const f of files) {
      const abs = path.resolve(f.path);
      mkdirSync(path.dirname(abs), { recursive: true });
      const tmp = `${abs}.wasi-migrate-${process.pid}.tmp`;
      temps.push({ tmp, abs, renamed: false });
      writeFileSync(tmp, f.text);
    }
    for (const t of temps) {
      renameSync(t.tmp, t.abs);
      t.renamed = true;
    }
  } catch (e) {
    for (const t of temps) if (!t.renamed) rmSync(t.tmp, { force: true });
    throw e;
  }
}

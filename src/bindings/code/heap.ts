/**
 * Keeps the rewriter's heap near what it holds. V8 sizes its heap by how
 * fast the program allocates, not by what stays alive: on the 500-file
 * benchmark project the rewriter holds ~80 MB (every file's tree), but each
 * edit re-parses its file, and V8 let the heap grow to ~420 MB, mostly dead
 * trees (peak RSS 2.3x that of `tsc --noEmit` on the same project). A full
 * collection whenever the heap has grown `STEP` past what the last one left
 * keeps the peak near the live set: ~300-335 MB RSS there, with 23 such
 * collections of a heap of ~130 MB each; their cost in time was within the
 * noise of a loaded machine (user CPU 10.7-11.7 s without, 10.3-12.3 s with).
 *
 * The collector is V8's own `gc`, exposed the way `--expose-gc` does (the
 * flag set at run time for one fresh context, the function taken from it); `gc` is
 * used as is when the process already has it. Where neither works, nothing
 * happens: this changes memory and time, never what the rewriter writes.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const STEP = 64 << 20;

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return (collect = own);
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    // Contexts made later (the host's own vm use) do not get `gc` from us.
    setFlagsFromString('--no-expose-gc');
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Watches one run's heap: `check()` between files collects when the heap grew `STEP` past the last collection. */
export class HeapWatch {
  private base = getHeapStatistics().used_heap_size;

  check(): void {
    if (getHeapStatistics().used_heap_size < this.base + STEP) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.base = getHeapStatistics().used_heap_size;
  }
}

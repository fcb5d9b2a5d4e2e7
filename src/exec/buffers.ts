/**
 * Value-level stand-ins for the canonical ABI's read/write buffers: no linear
 * memory, just arrays. `progress` counts elements moved during one copy
 * operation and is what the `result | progress << 4` payload reports.
 *
 * Byte streams move `Uint8Array`s: a source hands out views of the writer's
 * array, and the destination copies each at once into the reader's own
 * memory (the copy a real stream.read makes, at the rendezvous: a writer
 * whose write completed may reuse its array before the reader's event is
 * delivered), so a 64 KiB copy is one memcpy rather than 65,536 element
 * moves. A read filled by several writes joins them when it is delivered.
 *
 * The reader's memory for a small copy is a view into a shared 64 KiB slab
 * (`readerMemory`), as Node's Buffer pool does: a fresh `Uint8Array` of 1 KiB
 * is an off-heap allocation V8 accounts as external memory, and at one per
 * copy that allocation and the garbage collections it brings cost more than
 * the copy. A view is a plain `Uint8Array` of exactly the bytes read; the
 * sandbox copies what it hands a guest (`slice()`), so a guest never sees the
 * slab.
 */
export class SourceBuffer<T> {
  progress = 0;
  constructor(public values: ArrayLike<T>) {}
  /** Ready for a new copy of `values` (an end makes its buffer once and reuses it for each copy). */
  reset(values: ArrayLike<T>): this {
    this.values = values;
    this.progress = 0;
    return this;
  }
  remain(): number {
    return this.values.length - this.progress;
  }
  take(n: number): ArrayLike<T> {
    const end = Math.min(this.values.length, this.progress + n);
    const v = this.values;
    const all = this.progress === 0 && end === v.length;
    const out = v instanceof Uint8Array ? (all ? v : v.subarray(this.progress, end)) : Array.prototype.slice.call(v, this.progress, end);
    this.progress = end;
    return out as ArrayLike<T>;
  }
}

const SLAB_BYTES = 64 * 1024;
/** Reads larger than this get memory of their own. */
const SLAB_MAX_READ = 8 * 1024;
let slab = new Uint8Array(SLAB_BYTES);
let slabUsed = 0;

/**
 * `n` bytes of reader memory, all of which the caller overwrites. A view made
 * with `subarray` (about 130 ns here) rather than `new Uint8Array(buffer,
 * offset, n)` (about 210 ns).
 */
function readerMemory(n: number): Uint8Array {
  if (n > SLAB_MAX_READ) return new Uint8Array(n);
  if (slabUsed + n > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += (n + 7) & ~7;
  return out;
}

export class DestBuffer<T> {
  /** What arrived, in order: the first part alone (the common case), further parts in `more`. */
  private first: ArrayLike<T> | null = null;
  private more: ArrayLike<T>[] | null = null;
  private count = 0;
  private joined: ArrayLike<T> | null = null;
  constructor(public capacity: number) {}
  /** Ready for a new copy of up to `capacity` elements (see SourceBuffer.reset). */
  reset(capacity: number): this {
    this.capacity = capacity;
    this.first = null;
    this.more = null;
    this.count = 0;
    this.joined = null;
    return this;
  }
  get progress(): number {
    return this.count;
  }
  remain(): number {
    return this.capacity - this.count;
  }
  put(vs: ArrayLike<T>): void {
    if (vs.length === 0) return;
    if (vs instanceof Uint8Array) {
      const mine = readerMemory(vs.length);
      mine.set(vs);
      vs = mine as unknown as ArrayLike<T>;
    }
    if (this.first === null) this.first = vs;
    else (this.more ??= []).push(vs);
    this.count += vs.length;
    this.joined = null;
  }
  /** What the reader received: its own Uint8Array if only bytes arrived as Uint8Arrays, else an array. */
  get values(): ArrayLike<T> {
    if (this.joined) return this.joined;
    const first = this.first;
    if (first === null) return (this.joined = []);
    // One write filled the read: its part is already the reader's own copy.
    if (this.more === null && (first instanceof Uint8Array || Array.isArray(first))) return (this.joined = first);
    const parts = [first, ...(this.more ?? [])];
    let bytes = true;
    for (const p of parts) bytes &&= p instanceof Uint8Array;
    if (bytes) {
      const out = readerMemory(this.count);
      let o = 0;
      for (const p of parts as unknown as Uint8Array[]) {
        out.set(p, o);
        o += p.length;
      }
      this.joined = out as unknown as ArrayLike<T>;
    } else {
      const out: T[] = [];
      for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]);
      this.joined = out;
    }
    return this.joined;
  }
}

/**
 * Value-level stand-ins for the canonical ABI's read/write buffers: no linear
 * memory, just arrays. `progress` counts elements moved during one copy
 * operation and is what the `result | progress << 4` payload reports.
 *
 * Byte streams move `Uint8Array`s: a source hands out views of the writer's
 * array, and the destination copies them once into the reader's own array
 * (the copy into the reader's memory that a real stream.read makes), so a
 * 64 KiB copy is one memcpy rather than 65,536 element moves.
 */
export class SourceBuffer<T> {
  progress = 0;
  constructor(readonly values: ArrayLike<T>) {}
  remain(): number {
    return this.values.length - this.progress;
  }
  take(n: number): ArrayLike<T> {
    const end = Math.min(this.values.length, this.progress + n);
    const v = this.values;
    const out = v instanceof Uint8Array ? v.subarray(this.progress, end) : Array.prototype.slice.call(v, this.progress, end);
    this.progress = end;
    return out as ArrayLike<T>;
  }
}

export class DestBuffer<T> {
  private parts: ArrayLike<T>[] = [];
  private count = 0;
  private joined: ArrayLike<T> | null = null;
  constructor(readonly capacity: number) {}
  get progress(): number {
    return this.count;
  }
  remain(): number {
    return this.capacity - this.count;
  }
  put(vs: ArrayLike<T>): void {
    if (vs.length === 0) return;
    this.parts.push(vs);
    this.count += vs.length;
    this.joined = null;
  }
  /** What the reader received: a fresh Uint8Array if only bytes arrived as Uint8Arrays, else an array. */
  get values(): ArrayLike<T> {
    if (this.joined) return this.joined;
    if (this.parts.length > 0 && this.parts.every((p) => p instanceof Uint8Array)) {
      const out = new Uint8Array(this.count);
      let o = 0;
      for (const p of this.parts as unknown as Uint8Array[]) {
        out.set(p, o);
        o += p.length;
      }
      this.joined = out as unknown as ArrayLike<T>;
    } else {
      const out: T[] = [];
      for (const p of this.parts) for (let i = 0; i < p.length; i++) out.push(p[i]);
      this.joined = out;
    }
    return this.joined;
  }
}

/**
 * Value-level stand-ins for the canonical ABI's read/write buffers: no linear
 * memory, just arrays. `progress` counts elements moved during one copy
 * operation and is what the `result | progress << 4` payload reports.
 */
export class SourceBuffer<T> {
  progress = 0;
  constructor(readonly values: readonly T[]) {}
  remain(): number {
    return this.values.length - this.progress;
  }
  take(n: number): T[] {
    const out = this.values.slice(this.progress, this.progress + n);
    this.progress += out.length;
    return out;
  }
}

export class DestBuffer<T> {
  readonly values: T[] = [];
  constructor(readonly capacity: number) {}
  get progress(): number {
    return this.values.length;
  }
  remain(): number {
    return this.capacity - this.values.length;
  }
  put(vs: T[]): void {
    for (const v of vs) this.values.push(v);
  }
}

/**
 * jco-style values over the runtime, the shape guests and hosts program
 * against (as preview3-shim does): `stream()` and `future()` return
 * `{ tx, rx }`; a `StreamReader` has `read({ count })` returning a chunk or
 * null at the end and is async-iterable; a `StreamWriter` has `write(chunk)`
 * and `close()`; a `FutureReader` is PromiseLike with `read()`; a
 * `FutureWriter` has `write(value)`.
 *
 * Each method is one or more canonical operations on the ends underneath, and
 * waits through a waitable set, so the async semantics (rendezvous, partial
 * copies, backpressure, drop rules) are the runtime's, not a JS queue's.
 */
import type { ReadableFutureEnd, WritableFutureEnd } from './future.js';
import type { Instance, Runtime } from './runtime.js';
import type { CopyStatus, ReadableStreamEnd, StreamEnd, WritableStreamEnd } from './stream.js';
import { CopyResult, type Waitable } from './waitable.js';

/** Wait for the one pending event of `w`. */
export async function eventOf(rt: Runtime, w: Waitable): Promise<number> {
  const ws = rt.waitableSet();
  w.join(ws);
  const ev = await ws.wait();
  w.join(null);
  ws.drop();
  return ev.payload;
}

async function settleCopy<T>(rt: Runtime, end: StreamEnd<T>, st: CopyStatus<T>, buf: () => T[]): Promise<{ result: CopyResult; progress: number; values: T[] }> {
  if (st !== 'blocked') return st;
  const payload = await eventOf(rt, end);
  return { result: payload & 0xf, progress: payload >> 4, values: buf() };
}

export const DEFAULT_CHUNK = 64 * 1024;

export class StreamReader<T = number> {
  private ended = false;
  constructor(
    readonly rt: Runtime,
    readonly end: ReadableStreamEnd<T>,
    readonly bytes: boolean,
  ) {}

  /** Up to `count` elements; null once the writer dropped its end and everything was read. */
  async read(opts: { count?: number } = {}): Promise<(T[] | Uint8Array) | null> {
    if (this.ended) return null;
    const count = opts.count ?? DEFAULT_CHUNK;
    const st = this.end.read(count);
    const done = await settleCopy(this.rt, this.end, st, () => this.end.lastRead);
    if (done.result === CopyResult.DROPPED) this.ended = true;
    if (done.result === CopyResult.DROPPED && done.progress === 0) return null;
    return this.bytes ? Uint8Array.from(done.values as number[]) : done.values;
  }

  /** Read until the end; the chunks concatenated. */
  async readAll(): Promise<T[] | Uint8Array> {
    const parts: Array<T[] | Uint8Array> = [];
    for (;;) {
      const c = await this.read();
      if (c === null) break;
      parts.push(c);
    }
    if (this.bytes) {
      const n = parts.reduce((a, p) => a + p.length, 0);
      const out = new Uint8Array(n);
      let o = 0;
      for (const p of parts) out.set(p as Uint8Array, (o += p.length) - p.length);
      return out;
    }
    return (parts as T[][]).flat();
  }

  /** Drop the readable end: the writer's next write reports DROPPED. */
  close(): void {
    if (this.end.state !== 'done') this.end.drop();
    this.ended = true;
  }

  get closed(): boolean {
    return this.ended;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T[] | Uint8Array> {
    for (;;) {
      const c = await this.read();
      if (c === null) return;
      yield c;
    }
  }

  transfer(to: Instance): this {
    this.end.transfer(to);
    return this;
  }
}

export class StreamWriter<T = number> {
  constructor(
    readonly rt: Runtime,
    readonly end: WritableStreamEnd<T>,
  ) {}

  /**
   * Write all of `chunk`, one canonical write per reader buffer it fills.
   * Returns how many elements the reader took: fewer than `chunk.length` only
   * if the reader dropped its end. An empty chunk is a zero-length write: it
   * waits for a reader, and moves nothing.
   */
  async write(chunk: ArrayLike<T>): Promise<number> {
    const values = Array.from(chunk);
    let off = 0;
    do {
      const st = this.end.write(values.slice(off));
      const done = await settleCopy(this.rt, this.end, st, () => []);
      off += done.progress;
      if (done.result === CopyResult.DROPPED) return off;
    } while (off < values.length);
    return off;
  }

  /** Drop the writable end: the reader sees the end of the stream. */
  close(): void {
    if (this.end.state !== 'done') this.end.drop();
  }

  get readerGone(): boolean {
    return this.end.state === 'done' || this.end.shared.dropped;
  }
}

export class FutureReader<T> implements PromiseLike<T | null> {
  private p: Promise<T | null> | null = null;
  constructor(
    readonly rt: Runtime,
    readonly end: ReadableFutureEnd<T>,
  ) {}

  /** The value; null if the writer's instance went away without writing (it trapped). */
  read(): Promise<T | null> {
    if (!this.p) {
      this.p = (async () => {
        const st = this.end.read();
        if (st !== 'blocked') return st.result === CopyResult.COMPLETED ? (st.value as T) : null;
        const payload = await eventOf(this.rt, this.end);
        return (payload & 0xf) === CopyResult.COMPLETED ? (this.end.value as T) : null;
      })();
    }
    return this.p;
  }

  then<A = T | null, B = never>(ok?: ((v: T | null) => A | PromiseLike<A>) | null, err?: ((e: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    return this.read().then(ok, err);
  }

  /** Drop the readable end before (or instead of) reading: allowed. */
  close(): void {
    if (this.end.state === 'idle') this.end.drop();
  }

  transfer(to: Instance): this {
    this.end.transfer(to);
    return this;
  }
}

export class FutureWriter<T> {
  constructor(
    readonly rt: Runtime,
    readonly end: WritableFutureEnd<T>,
  ) {}

  /** Write the one value. Resolves true when read, false if the reader dropped its end. */
  async write(value: T): Promise<boolean> {
    const st = this.end.write(value);
    if (st !== 'blocked') return st.result === CopyResult.COMPLETED;
    const payload = await eventOf(this.rt, this.end);
    return (payload & 0xf) === CopyResult.COMPLETED;
  }

  /** Drop the writable end; traps unless a value was written (futures-must-write). */
  close(): void {
    this.end.drop();
  }
}

export function stream<T = number>(rt: Runtime, owner: Instance, bytes = true): { tx: StreamWriter<T>; rx: StreamReader<T> } {
  const [r, w] = rt.streamNew<T>(bytes ? 'number' : 'other', owner);
  return { tx: new StreamWriter<T>(rt, w), rx: new StreamReader<T>(rt, r, bytes) };
}

export function future<T>(rt: Runtime, owner: Instance): { tx: FutureWriter<T>; rx: FutureReader<T> } {
  const [r, w] = rt.futureNew<T>(owner);
  return { tx: new FutureWriter<T>(rt, w), rx: new FutureReader<T>(rt, r) };
}

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
import { DestBuffer } from './buffers.js';
import type { ReadableFutureEnd, WritableFutureEnd } from './future.js';
import type { Instance, Runtime } from './runtime.js';
import { BLOCKED, pendingRemain, type ReadableStreamEnd, type StreamEnd, type WritableStreamEnd } from './stream.js';
import { type CmEvent, CopyResult, type Waitable, type WaitableSet } from './waitable.js';

/**
 * Whether `f` is a resource class of an import object (hosts give resources as
 * classes, constructed with `new` and carrying static functions), told by its
 * source text: a plain function's prototype looks the same.
 */
export function isResourceClass(f: unknown): f is new (...a: never[]) => object {
  return typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** Wait for the one pending event of `w`. */
export async function eventOf(rt: Runtime, w: Waitable): Promise<number> {
  const ws = rt.waitableSet();
  w.join(ws);
  const ev = await ws.wait();
  w.join(null);
  ws.drop();
  return ev.payload;
}

/**
 * A stream handle's own waitable set, joined by its end for its whole life (as
 * a guest joins a stream end once and waits on the set per copy), so a
 * BLOCKED copy costs one wait, not a set made and dropped per copy.
 */
function waitSetOf(rt: Runtime, end: StreamEnd<unknown>): WaitableSet {
  const ws = rt.waitableSet();
  end.join(ws);
  return ws;
}

export const DEFAULT_CHUNK = 64 * 1024;

export class StreamReader<T = number> {
  private ended = false;
  private ws: WaitableSet | null = null;
  /** The resolve of the blocked read's promise, until its event is delivered. */
  private settleRead: ((v: (T[] | Uint8Array) | null) => void) | null = null;
  constructor(
    readonly rt: Runtime,
    readonly end: ReadableStreamEnd<T>,
    readonly bytes: boolean,
  ) {}

  /**
   * Up to `count` elements; null once the writer dropped its end and everything was read.
   * Not an async function (a small copy's frame and promises add up), but it settles as one would, a trap included.
   */
  read(opts: { count?: number } = {}): Promise<(T[] | Uint8Array) | null> {
    try {
      if (this.ended) return Promise.resolve(null);
      const r = this.end.copy(opts.count ?? DEFAULT_CHUNK);
      if (r !== BLOCKED) return Promise.resolve(this.received(r));
      // BLOCKED: settled in the delivery of the end's STREAM_READ event (`onRead`), which put the values in `lastRead`.
      return new Promise(this.awaitRead);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The executor of a blocked read's promise (made once per reader): `waitable-set.wait` on the reader's own set. */
  private readonly awaitRead = (resolve: (v: (T[] | Uint8Array) | null) => void): void => {
    this.settleRead = resolve;
    (this.ws ??= waitSetOf(this.rt, this.end)).waitFor(this.onRead);
  };

  private readonly onRead = ({ payload }: CmEvent): void => {
    const settle = this.settleRead!;
    this.settleRead = null;
    settle(this.received(payload));
  };

  /** What a read that ended with `payload` (`result | progress << 4`; the values in `lastRead`) gives its caller. */
  private received(payload: number): (T[] | Uint8Array) | null {
    const values = this.end.lastRead;
    if ((payload & 0xf) === CopyResult.DROPPED) {
      this.ended = true;
      if (payload >> 4 === 0) return null;
    }
    if (this.bytes) return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>);
    return Array.from(values);
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
  private ws: WaitableSet | null = null;
  constructor(
    readonly rt: Runtime,
    readonly end: WritableStreamEnd<T>,
  ) {}

  /** The resolve of the blocked write's promise and its chunk, until its event is delivered. */
  private settleWrite: ((n: number | Promise<number>) => void) | null = null;
  private writing: ArrayLike<T> | null = null;

  /**
   * Write all of `chunk`, one canonical write per reader buffer it fills.
   * Returns how many elements the reader took: fewer than `chunk.length` only
   * if the reader dropped its end. An empty chunk is a zero-length write: it
   * waits for a reader, and moves nothing.
   */
  write(chunk: ArrayLike<T>): Promise<number> {
    // The common case without an async function's frame: the first canonical write takes it all, at once or at its event.
    try {
      const r = this.end.copy(chunk);
      if (r !== BLOCKED) return Promise.resolve(this.wrote(chunk, r));
      // BLOCKED: settled in the delivery of the end's STREAM_WRITE event (`onWrite`).
      this.writing = chunk;
      return new Promise(this.awaitWrite);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The executor of a blocked write's promise (made once per writer): `waitable-set.wait` on the writer's own set. */
  private readonly awaitWrite = (resolve: (n: number | Promise<number>) => void): void => {
    this.settleWrite = resolve;
    (this.ws ??= waitSetOf(this.rt, this.end)).waitFor(this.onWrite);
  };

  private readonly onWrite = ({ payload }: CmEvent): void => {
    const settle = this.settleWrite!;
    const chunk = this.writing!;
    this.settleWrite = null;
    this.writing = null;
    settle(this.wrote(chunk, payload));
  };

  /** After the first canonical write of `chunk` reported `payload`: how many elements were taken, or the rest written. */
  private wrote(chunk: ArrayLike<T>, payload: number): number | Promise<number> {
    const off = payload >> 4;
    if ((payload & 0xf) === CopyResult.DROPPED || off >= chunk.length) return off;
    return this.writeRest(chunk, off);
  }

  private async writeRest(values: ArrayLike<T>, off: number): Promise<number> {
    do {
      const rest = values instanceof Uint8Array ? values.subarray(off) : Array.prototype.slice.call(values, off);
      const r = this.end.copy(rest as ArrayLike<T>);
      // BLOCKED: wait for the end's STREAM_WRITE event (result | progress << 4).
      const payload = r !== BLOCKED ? r : (await (this.ws ??= waitSetOf(this.rt, this.end)).wait()).payload;
      off += payload >> 4;
      if ((payload & 0xf) === CopyResult.DROPPED) return off;
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

  /** A read from the other end is pending with room: a write now would complete at once. */
  get readerWaiting(): boolean {
    const p = this.end.shared.pending;
    return p !== null && p !== this.end && p.buffer instanceof DestBuffer && pendingRemain(p) > 0;
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

// ------------------------------------------------------------------ the guest boundary
//
// What a guest sees is what jco's guest types say (`jco guest-types` for a
// 0.3 world): a `stream<u8>` is an `AsyncIterable<number>`, a `future<T>` is
// a `PromiseLike<T>`. The runtime keeps its own ends underneath (rendezvous,
// bounded copies, drop rules); these adapters translate at the boundary in
// both directions.

const READER = Symbol('wasi-migrate.stream-reader');

/**
 * A readable `stream<u8>` end as a guest sees it: `AsyncIterable<number>`.
 * Each runtime read moves up to a chunk; the iterator hands its bytes out one
 * number at a time. Leaving a `for await` early (`return()`) drops the end,
 * as dropping a readable handle does.
 */
export class GuestByteStream implements AsyncIterable<number> {
  private started = false;
  readonly [READER]: StreamReader;
  constructor(rx: StreamReader) {
    this[READER] = rx;
  }

  [Symbol.asyncIterator](): AsyncIterator<number> {
    if (this.started) throw new TypeError('this stream is already being read (a stream<u8> has one reader)');
    this.started = true;
    const rx = this[READER];
    let chunk: ArrayLike<number> = [];
    let i = 0;
    return {
      async next(): Promise<IteratorResult<number>> {
        while (i >= chunk.length) {
          const c = await rx.read();
          if (c === null) return { done: true, value: undefined };
          chunk = c as ArrayLike<number>;
          i = 0;
        }
        return { done: false, value: chunk[i++] };
      },
      async return(): Promise<IteratorResult<number>> {
        rx.close();
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * The stream as a sandboxed guest's kernel reads it (sandbox.ts, kernel.ts):
   * a run of bytes per read, which the kernel hands out one number at a time
   * inside the guest, instead of a crossing of the membrane per byte. Begins
   * the one reading, as `[Symbol.asyncIterator]` does. Static, so that it is
   * not one of the methods a guest's stand-in of the stream lists.
   */
  static chunks(s: GuestByteStream): GuestStreamChunks {
    if (s.started) throw new TypeError('this stream is already being read (a stream<u8> has one reader)');
    s.started = true;
    return new GuestStreamChunks(s[READER]);
  }

  /** The runtime end, if the guest has not begun reading (then passing it on is a handle transfer, not a copy). */
  static untouched(x: unknown): StreamReader | null {
    return x instanceof GuestByteStream && !x.started ? x[READER] : null;
  }
}

/**
 * A `GuestByteStream` read for a sandboxed guest (`chunks()`): each `read()`
 * is one read of the runtime end, at the point where the guest's iterator
 * has handed out everything before it (as its `next()` would read), and gives
 * what that read received: a Uint8Array of bytes, or null at the end. A
 * stream of other elements (directory entries, sockets) gives them one at a
 * time (in a one-element array), as they crossed before, each when the guest
 * asks for it.
 */
export class GuestStreamChunks {
  private rest: ArrayLike<unknown> = [];
  private i = 0;
  constructor(private readonly rx: StreamReader) {}

  read(): Promise<Uint8Array | unknown[] | null> {
    if (this.i < this.rest.length) return Promise.resolve([this.rest[this.i++]]);
    return this.rx.read().then(this.received);
  }

  /** A read's chunk as the guest gets it; an empty one is read past, as the iterator does. */
  private readonly received = (c: ArrayLike<unknown> | null): Promise<Uint8Array | unknown[] | null> | Uint8Array | unknown[] | null => {
    if (c === null) return null;
    if (c.length === 0) return this.rx.read().then(this.received);
    if (c instanceof Uint8Array) return c;
    this.rest = c;
    this.i = 1;
    return [c[0]];
  };

  /** Leaving the guest's `for await` early: the readable end is dropped. */
  async return(): Promise<void> {
    this.rx.close();
  }
}

function isByte(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;
}

/**
 * A guest-supplied `stream<u8>` (any `AsyncIterable<number>`, e.g. an async
 * generator) as a runtime readable end owned by `guest`, for the host to read.
 *
 * The producer side runs as the guest's writer: elements it yields while no
 * loop step passes (only promise continuations) are gathered into one
 * canonical write of at most DEFAULT_CHUNK; the next element is pulled only
 * after that write completed, so a slow reader holds the producer back
 * (backpressure). As preview3-shim does, a yielded Uint8Array or number[] is
 * taken as a run of bytes (a faster path than the typed one-number-per-step).
 * A producer that throws, or yields something that is not a byte, traps.
 * If the reader drops its end, the producer's iterator is closed (`return()`).
 */
export function streamFromGuest(rt: Runtime, guest: Instance, src: unknown, what: string, lookahead: 0 | 1 = 1): StreamReader {
  const same = GuestByteStream.untouched(src);
  if (same) return same;
  if (src instanceof StreamReader) return src;
  if (src === null || typeof src !== 'object' || typeof (src as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    rt.trap(`${what}: a stream<u8> must be an AsyncIterable<number>, got ${src === null ? 'null' : typeof src}`);
  }
  const { tx, rx } = stream(rt, guest);
  // Taken when first pulled: with a real component's stream, asking for the iterator may already start reading.
  let iter: AsyncIterator<unknown> | null = null;
  const it = (): AsyncIterator<unknown> => (iter ??= (src as AsyncIterable<unknown>)[Symbol.asyncIterator]());
  let tick: Promise<'tick'> | null = null;
  const nextStep = (): Promise<'tick'> =>
    (tick ??= new Promise((resolve) =>
      rt.loop.post(`${what}: gather`, () => {
        tick = null;
        resolve('tick');
      }),
    ));
  const pump = async (): Promise<void> => {
    // What the producer yielded since the last write: runs of bytes, and single numbers in `loose`.
    let parts: Uint8Array[] = [];
    let loose: number[] = [];
    let size = 0;
    const cut = (): void => {
      if (loose.length) parts.push(Uint8Array.from(loose));
      loose = [];
    };
    const flush = async (): Promise<boolean> => {
      if (size === 0) return true;
      cut();
      const chunk = parts.length === 1 ? parts[0] : new Uint8Array(size);
      if (parts.length > 1) parts.reduce((o, p) => (chunk.set(p, o), o + p.length), 0);
      const n = size;
      parts = [];
      size = 0;
      return (await tx.write(chunk)) === n;
    };
    let next: Promise<IteratorResult<unknown>> | null = null;
    for (;;) {
      // As a real guest runtime pumps an iterable into a stream (pull a value, write it, and only then pull the
      // next): the producer runs one value ahead of its reader, never more. Gathering several values into one
      // write is only for when a read is already waiting, where each write would complete at once. So a body
      // nobody reads yet (a response before `handle` returned it) stops its producer at its first value, as on a
      // real runtime, and code that waits for that body to be written deadlocks here too.
      if (size > 0 && next === null && !tx.readerWaiting) {
        phase = 'writing';
        const ok = await flush();
        phase = 'pulling';
        if (!ok) break;
      }
      // Lookahead 0: `src` is already the reading side of a real component's stream (jco's glue), so pulling a value
      // is a read the component sees complete. Nothing is pulled before a reader asks (a zero-length write waits for one).
      if (lookahead === 0 && size === 0 && next === null && !tx.readerWaiting) {
        phase = 'writing';
        const ok = (await tx.write(new Uint8Array(0))) === 0 && !tx.readerGone;
        phase = 'pulling';
        if (!ok) break;
      }
      next ??= it().next();
      const r = size > 0 ? await Promise.race([next, nextStep()]) : await next;
      if (r === 'tick') {
        if (!(await flush())) break;
        continue;
      }
      next = null;
      if (r.done) break;
      const v = r.value;
      if (isByte(v)) {
        loose.push(v);
        size++;
      } else if (Object.prototype.toString.call(v) === '[object Uint8Array]') {
        // Tested by tag, not instanceof: a guest's Uint8Array is its own realm's. Copied, as the producer may reuse it.
        cut();
        parts.push(Uint8Array.prototype.slice.call(v as Uint8Array));
        size += (v as Uint8Array).length;
      } else if (Array.isArray(v) && v.every(isByte)) {
        for (const x of v as number[]) loose.push(x);
        size += v.length;
      } else rt.trap(`${what}: a stream<u8> element must be an integer 0..255, got ${typeof v === 'number' ? v : typeof v}`);
      if (size >= DEFAULT_CHUNK && !(await flush())) break;
    }
    if (tx.readerGone) await iter?.return?.();
    else await flush();
    tx.close();
  };
  // What this stream is stuck on, if a deadlock is found while it pumps.
  let phase: 'pulling' | 'writing' = 'pulling';
  const probe = (): string | null =>
    phase === 'writing' ? (tx.readerWaiting ? null : `a write to ${what} that nothing reads`) : tx.readerWaiting ? `a read of ${what}, whose producer never finishes it` : null;
  rt.stuckProbes.add(probe);
  pump()
    .catch((e) => rt.fail(e, `the guest's producer of ${what}`))
    .finally(() => rt.stuckProbes.delete(probe));
  return rx;
}

/**
 * A guest-supplied `future<T>` (any PromiseLike, e.g. a Promise) as a runtime
 * readable end: the guest's writer writes the value once it resolves. If the
 * promise rejects, the writer never writes: that traps, as dropping an
 * unwritten writable end does (futures-must-write).
 */
export function futureFromGuest<T>(rt: Runtime, guest: Instance, src: unknown, what: string): FutureReader<T> {
  if (src instanceof FutureReader) return src as FutureReader<T>;
  if (src === null || typeof src !== 'object' || typeof (src as PromiseLike<T>).then !== 'function') {
    rt.trap(`${what}: a future must be a PromiseLike, got ${src === null ? 'null' : typeof src}`);
  }
  const { tx, rx } = future<T>(rt, guest);
  Promise.resolve(src as PromiseLike<T>).then(
    (v) => tx.write(v),
    (e) => rt.fail(e instanceof Error ? e : new Error(String(e)), `the guest's writer of ${what} (it rejected instead of writing a value)`),
  );
  return rx;
}

/**
 * `stream<T>` at the value level (CanonicalABI.md "Streams and futures":
 * `SharedStreamImpl`, `stream_copy`, `cancel_copy`, `drop`).
 *
 * Rendezvous semantics, no hidden queue: a read or write that finds no partner
 * becomes the stream's one *pending* operation and the caller sees BLOCKED.
 * When the partner arrives, min(remaining, remaining) elements move at once;
 * the newcomer completes immediately and the pending side gets an event. The
 * pending side's buffer stays in place until that event is delivered, so
 * several small partner operations can fill one large pending buffer. That
 * bounded buffer is the backpressure: a writer can never be more than one
 * reader buffer ahead.
 *
 * Zero-length operations never move data; they are a readiness probe. A
 * zero-length op meeting a pending non-empty one completes at once; meeting a
 * pending zero-length one, it completes that one and becomes pending itself.
 *
 * End states: idle -> copying (BLOCKED op) -> idle, or -> done after DROPPED.
 * Dropping an end while it copies traps; so does copying on a done end.
 * "Close versus error" is not a stream state in 0.3: a stream only ends
 * (DROPPED). WASI 0.3 pairs byte streams with a `future<result<_, error-code>>`
 * that says why; see the bindings and hosts.
 */
import { DestBuffer, SourceBuffer } from './buffers.js';
import type { Instance, Runtime } from './runtime.js';
import { type CmEvent, CopyResult, EventCode, Waitable, packCopy } from './waitable.js';

/** Same-instance copies are allowed only for numeric (and unit) payloads (spec, temporary rule). */
export type ElemKind = 'number' | 'other';

export type Blocked = 'blocked';
export interface CopyDone<T> {
  result: CopyResult;
  progress: number;
  /** For reads: the values received (a Uint8Array for bytes written as Uint8Arrays). */
  values: ArrayLike<T>;
}
export type CopyStatus<T> = Blocked | CopyDone<T>;

type CopyState = 'idle' | 'copying' | 'cancelling' | 'done';

/** A write's values: a write receives nothing. */
const NO_VALUES: ArrayLike<never> = Object.freeze([]);

/**
 * What `stream.read` / `stream.write` return when the copy waits for a
 * partner (CanonicalABI.md, definitions.py `BLOCKED = 0xffff_ffff`); any other
 * return is the packed `result | progress << 4` of a copy that ended at once.
 */
export const BLOCKED = 0xffff_ffff;

/**
 * The spec's `pending_inst` / `pending_buffer` / `pending_on_copy`: the end
 * whose copy waits, its buffer being that end's `buffer`. No record is made
 * per copy: an end has at most one copy in progress.
 */
export type Pending<T> = StreamEnd<T>;

/** `pending_buffer.remain()` */
export function pendingRemain<T>(p: Pending<T>): number {
  return p.buffer!.remain();
}

export class SharedStream<T> {
  pending: Pending<T> | null = null;
  dropped = false;
  constructor(readonly elem: ElemKind) {}

  private resetAndNotifyPending(result: CopyResult): void {
    const p = this.pending!;
    this.pending = null;
    p.notifyCopy(result, false);
  }

  private checkSameInstance(end: StreamEnd<T>): void {
    const other = this.pending!;
    if (end.owner === other.owner && this.elem !== 'number') {
      end.rt.trap(`cannot copy a non-numeric stream between ends of the same instance (${end.owner.name})`);
    }
  }

  /** `copy` for a read into `dst`: the copy's result if it completed at once (the spec's `on_copy_done`), null if BLOCKED. */
  read(end: StreamEnd<T>, dst: DestBuffer<T>): CopyResult | null {
    if (this.dropped) return CopyResult.DROPPED;
    if (!this.pending) {
      this.pending = end;
      return null;
    }
    const p = this.pending;
    if (end.owner === p.owner) this.checkSameInstance(end);
    const src = p.buffer as SourceBuffer<T>;
    const avail = src.remain();
    if (avail > 0) {
      const room = dst.remain();
      if (room > 0) {
        dst.put(src.take(room < avail ? room : avail));
        p.notifyCopy(CopyResult.COMPLETED, true);
      }
      return CopyResult.COMPLETED;
    }
    this.resetAndNotifyPending(CopyResult.COMPLETED);
    this.pending = end;
    return null;
  }

  /** `copy` for a write from `src`: as `read`. */
  write(end: StreamEnd<T>, src: SourceBuffer<T>): CopyResult | null {
    if (this.dropped) return CopyResult.DROPPED;
    if (!this.pending) {
      this.pending = end;
      return null;
    }
    const p = this.pending;
    if (end.owner === p.owner) this.checkSameInstance(end);
    const dst = p.buffer as DestBuffer<T>;
    const room = dst.remain();
    if (room > 0) {
      const avail = src.remain();
      if (avail > 0) {
        dst.put(src.take(avail < room ? avail : room));
        p.notifyCopy(CopyResult.COMPLETED, true);
      }
      return CopyResult.COMPLETED;
    }
    this.resetAndNotifyPending(CopyResult.COMPLETED);
    this.pending = end;
    return null;
  }

  cancel(): void {
    this.resetAndNotifyPending(CopyResult.CANCELLED);
  }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    if (this.pending) this.resetAndNotifyPending(CopyResult.DROPPED);
  }
}

export abstract class StreamEnd<T> extends Waitable {
  state: CopyState = 'idle';
  /** The buffer of the copy in progress (the spec's `pending_buffer` while this end's copy waits). */
  buffer: SourceBuffer<T> | DestBuffer<T> | null = null;
  abstract readonly code: EventCode;
  /** The result the pending event reports, and whether its delivery reclaims the buffer (`reset_pending`). */
  private copyResult = CopyResult.COMPLETED;
  private reclaim = false;
  /** The event thunk, made once per end (a copy's event is computed at delivery from the fields above). */
  private readonly copyEvent = (): CmEvent => this.deliverCopy();
  /**
   * The event record its deliveries hand out: one per end (made with the end, so that the delivery's compiled code
   * meets no object literal it had no feedback for: --trace-deopt, "Insufficient type feedback for object literal"),
   * not one per copy, as everyone handed a stream event (`waitable-set.wait`
   * of the bindings and the runtime, `cancel`) takes its payload at once, and
   * the end's next event needs a next copy, which the receiver starts.
   */
  private readonly event: CmEvent = { code: EventCode.NONE, waitable: this, payload: 0 };

  constructor(
    rt: Runtime,
    readonly shared: SharedStream<T>,
    public owner: Instance,
  ) {
    super(rt);
  }

  /**
   * Called by the shared stream when this end's pending op made progress
   * (`reclaim`: the spec's `on_copy(reset_pending)`) or ended (`on_copy_done`).
   * The event runs at delivery: it reclaims the buffer then.
   */
  notifyCopy(result: CopyResult, reclaim: boolean): void {
    this.copyResult = result;
    this.reclaim = reclaim;
    this.setPendingEvent(this.copyEvent);
  }

  private deliverCopy(): CmEvent {
    const buf = this.buffer!;
    // The pending op is this end's until its event is delivered (it cannot start another before).
    if (this.reclaim && this.shared.pending === this) this.shared.pending = null;
    this.delivered(buf);
    // A cancel requested while a partial copy waited reports CANCELLED with
    // the progress made, as cancel-stream.wast expects; DROPPED wins.
    const result = this.copyResult;
    const r = this.state === 'cancelling' && result === CopyResult.COMPLETED ? CopyResult.CANCELLED : result;
    this.state = r === CopyResult.DROPPED ? 'done' : 'idle';
    this.buffer = null;
    const ev = this.event;
    ev.code = this.code;
    ev.payload = packCopy(r, buf.progress);
    return ev;
  }

  /** When a copy ended, at once or at the delivery of its event, with its buffer. */
  protected delivered(_buf: SourceBuffer<T> | DestBuffer<T>): void {}

  protected begin(what: string): void {
    if (this.state === 'done') this.rt.trap(`cannot ${what} a stream end after it reported DROPPED`);
    if (this.state !== 'idle') this.rt.trap(`cannot ${what} while a copy is in progress`);
  }

  /**
   * The end of `stream_copy` (definitions.py): BLOCKED while the copy waits
   * for its event, else the packed `result | progress << 4` of a copy that
   * ended at once (a read's values are then in `lastRead`).
   */
  protected copied(result: CopyResult | null, buf: SourceBuffer<T> | DestBuffer<T>): number {
    if (result === null) {
      this.state = 'copying';
      return BLOCKED;
    }
    this.buffer = null;
    this.state = result === CopyResult.DROPPED ? 'done' : 'idle';
    this.delivered(buf);
    return packCopy(result, buf.progress);
  }

  /** `copied` as a value: 'blocked', or the result, progress and (for a read) the values received. */
  protected status(packed: number): CopyStatus<T> {
    if (packed === BLOCKED) return 'blocked';
    return { result: packed & 0xf, progress: packed >> 4, values: this.valuesRead() };
  }

  /** What the last read that ended received; a write receives nothing. */
  protected valuesRead(): ArrayLike<T> {
    return NO_VALUES;
  }

  /** `stream.cancel-read` / `stream.cancel-write` (synchronous flavour). */
  cancel(): CopyDone<T> {
    if (this.state !== 'copying') this.rt.trap('cannot cancel: no copy in progress');
    this.state = 'cancelling';
    const dst = this.buffer;
    if (!this.hasPendingEvent()) this.shared.cancel();
    const ev = this.getPendingEvent();
    return { result: ev.payload & 0xf, progress: ev.payload >> 4, values: dst instanceof DestBuffer ? dst.values : [] };
  }

  /** Hand the end to another instance (lifting it across a call). */
  transfer(to: Instance): void {
    if (this.state === 'copying' || this.state === 'cancelling') this.rt.trap('cannot transfer a stream end while it is copying');
    this.owner = to;
  }

  drop(): void {
    if (this.state === 'copying' || this.state === 'cancelling') this.rt.trap('cannot drop a stream end while a copy is in progress');
    this.join(null);
    this.shared.drop();
    this.state = 'done';
  }
}

export class ReadableStreamEnd<T> extends StreamEnd<T> {
  readonly code = EventCode.STREAM_READ;
  /** The values of the last read that ended, at once or through its event (the "memory" the read wrote). */
  lastRead: ArrayLike<T> = [];

  protected override delivered(buf: DestBuffer<T>): void {
    this.lastRead = buf.values;
  }

  protected override valuesRead(): ArrayLike<T> {
    return this.lastRead;
  }

  /** The buffer of each read: one per end, as a copy's values outlive it (they are taken when the copy ends). */
  private readonly dst = new DestBuffer<T>(0);

  /** `stream.read` of up to `n` elements: BLOCKED, or the packed result of a copy that ended at once (its values in `lastRead`). */
  copy(n: number): number {
    this.begin('read');
    const dst = this.dst.reset(n);
    this.buffer = dst;
    return this.copied(this.shared.read(this, dst), dst);
  }

  /** `stream.read` of up to `n` elements, its outcome as a value. */
  read(n: number): CopyStatus<T> {
    return this.status(this.copy(n));
  }
}

export class WritableStreamEnd<T> extends StreamEnd<T> {
  readonly code = EventCode.STREAM_WRITE;

  /** The buffer of each write (see ReadableStreamEnd.dst). */
  private readonly src = new SourceBuffer<T>(NO_VALUES);

  /** `stream.write` of `values`: BLOCKED, or the packed result of a copy that ended at once. */
  copy(values: ArrayLike<T>): number {
    this.begin('write');
    const src = this.src.reset(values);
    this.buffer = src;
    return this.copied(this.shared.write(this, src), src);
  }

  /** `stream.write` of `values`, its outcome as a value. */
  write(values: ArrayLike<T>): CopyStatus<T> {
    return this.status(this.copy(values));
  }
}

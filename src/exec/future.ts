/**
 * `future<T>` at the value level (CanonicalABI.md `SharedFutureImpl`).
 *
 * A future is a one-element stream that can be written exactly once. Read and
 * write rendezvous like a stream's; after either side completes, that end is
 * done. Two rules make it a *future* and not just a channel:
 * - dropping the writable end before a value was written traps
 *   ("futures-must-write"), because the reader was promised a value;
 * - dropping the readable end early is fine: a later write reports DROPPED.
 */
import { DestBuffer, SourceBuffer } from './buffers.js';
import type { Instance, Runtime } from './runtime.js';
import { CopyResult, EventCode, Waitable, packCopy } from './waitable.js';
import type { Blocked, ElemKind } from './stream.js';

export interface FutureDone<T> {
  result: CopyResult;
  value?: T;
}
export type FutureStatus<T> = Blocked | FutureDone<T>;

type State = 'idle' | 'copying' | 'cancelling' | 'done';

export class SharedFuture<T> {
  pending: { end: FutureEnd<T>; src?: SourceBuffer<T>; dst?: DestBuffer<T> } | null = null;
  dropped = false;
  constructor(readonly elem: ElemKind = 'number') {}

  /** Same rule as streams: reading and writing one non-numeric future inside one instance traps. */
  private checkSameInstance(end: FutureEnd<T>): void {
    if (end.owner === this.pending!.end.owner && this.elem !== 'number') {
      end.rt.trap(`cannot read from and write to a non-numeric future inside one instance (${end.owner.name})`);
    }
  }

  private resolvePending(result: CopyResult): void {
    const p = this.pending!;
    this.pending = null;
    p.end.notifyDone(result);
  }

  read(end: FutureEnd<T>, dst: DestBuffer<T>, done: (r: CopyResult) => void): void {
    if (this.dropped) return done(CopyResult.DROPPED);
    if (!this.pending) {
      this.pending = { end, dst };
      return;
    }
    this.checkSameInstance(end);
    dst.put(this.pending.src!.take(1));
    this.resolvePending(CopyResult.COMPLETED);
    done(CopyResult.COMPLETED);
  }

  write(end: FutureEnd<T>, src: SourceBuffer<T>, done: (r: CopyResult) => void): void {
    if (this.dropped) return done(CopyResult.DROPPED);
    if (!this.pending) {
      this.pending = { end, src };
      return;
    }
    this.checkSameInstance(end);
    this.pending.dst!.put(src.take(1));
    this.resolvePending(CopyResult.COMPLETED);
    done(CopyResult.COMPLETED);
  }

  cancel(): void {
    this.resolvePending(CopyResult.CANCELLED);
  }

  drop(): void {
    this.dropped = true;
    if (this.pending) this.resolvePending(CopyResult.DROPPED);
  }
}

abstract class FutureEnd<T> extends Waitable {
  state: State = 'idle';
  protected buffer: SourceBuffer<T> | DestBuffer<T> | null = null;
  abstract readonly code: EventCode;

  constructor(
    rt: Runtime,
    readonly shared: SharedFuture<T>,
    public owner: Instance,
  ) {
    super(rt);
  }

  notifyDone(result: CopyResult): void {
    this.setPendingEvent(() => {
      // COMPLETED and DROPPED both end a future end for good; CANCELLED lets it retry.
      this.state = result === CopyResult.CANCELLED ? 'idle' : 'done';
      return { code: this.code, waitable: this, payload: packCopy(result, 0) };
    });
  }

  protected begin(what: string): void {
    if (this.state === 'done') this.rt.trap(`cannot ${what} a future end that is already done`);
    if (this.state !== 'idle') this.rt.trap(`cannot ${what} while a copy is in progress`);
  }

  cancel(): CopyResult {
    if (this.state !== 'copying') this.rt.trap('cannot cancel: no copy in progress');
    this.state = 'cancelling';
    if (!this.hasPendingEvent()) this.shared.cancel();
    return this.getPendingEvent().payload & 0xf;
  }

  transfer(to: Instance): void {
    if (this.state === 'copying' || this.state === 'cancelling') this.rt.trap('cannot transfer a future end while it is copying');
    this.owner = to;
  }
}

export class ReadableFutureEnd<T> extends FutureEnd<T> {
  readonly code = EventCode.FUTURE_READ;
  value: T | undefined;

  override notifyDone(result: CopyResult): void {
    const dst = this.buffer as DestBuffer<T>;
    super.notifyDone(result);
    if (result === CopyResult.COMPLETED) this.value = dst.values[0];
  }

  read(): FutureStatus<T> {
    this.begin('read');
    const dst = new DestBuffer<T>(1);
    this.buffer = dst;
    let result: CopyResult | null = null;
    this.shared.read(this, dst, (r) => (result = r));
    if (result === null) {
      this.state = 'copying';
      return 'blocked';
    }
    this.state = 'done';
    this.value = dst.values[0];
    return { result, value: dst.values[0] };
  }

  drop(): void {
    if (this.state === 'copying' || this.state === 'cancelling') this.rt.trap('cannot drop a future end while a copy is in progress');
    this.join(null);
    this.shared.drop();
    this.state = 'done';
  }
}

export class WritableFutureEnd<T> extends FutureEnd<T> {
  readonly code = EventCode.FUTURE_WRITE;

  write(value: T): FutureStatus<T> {
    this.begin('write');
    const src = new SourceBuffer<T>([value]);
    this.buffer = src;
    let result: CopyResult | null = null;
    this.shared.write(this, src, (r) => (result = r));
    if (result === null) {
      this.state = 'copying';
      return 'blocked';
    }
    this.state = 'done';
    return { result };
  }

  drop(): void {
    if (this.state === 'copying' || this.state === 'cancelling') this.rt.trap('cannot drop a future end while a copy is in progress');
    if (this.state !== 'done') this.rt.trap('cannot drop the writable end of a future without first writing a value');
    this.join(null);
    this.state = 'done';
  }
}

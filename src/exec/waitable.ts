/**
 * Waitables and waitable sets (Concurrency.md "Waitables and waitable sets";
 * CanonicalABI.md `Waitable`, `WaitableSet`).
 *
 * A waitable holds at most one pending event. The event is a thunk, computed
 * only when delivered: for a stream copy that matters, because until the owner
 * picks the event up the other side may keep filling the same buffer (see
 * partial-stream-copies). A waitable set hands events to its waiters one at a
 * time, each delivery being its own loop step, and when several members have
 * events it picks one with the seeded PRNG (the spec leaves the choice open).
 */
import type { Entry } from './loop.js';
import { Queue } from './queue.js';
import type { Runtime } from './runtime.js';

export enum EventCode {
  NONE = 0,
  SUBTASK = 1,
  STREAM_READ = 2,
  STREAM_WRITE = 3,
  FUTURE_READ = 4,
  FUTURE_WRITE = 5,
  TASK_CANCELLED = 6,
}

export enum CopyResult {
  COMPLETED = 0,
  DROPPED = 1,
  CANCELLED = 2,
}

export interface CmEvent {
  code: EventCode;
  waitable: Waitable | null;
  /** For copies: result | progress << 4, as in the canonical ABI; for subtasks: the state. */
  payload: number;
}

export class Waitable {
  private pendingEvent: (() => CmEvent) | null = null;
  set: WaitableSet | null = null;

  constructor(readonly rt: Runtime) {}

  setPendingEvent(thunk: () => CmEvent): void {
    this.pendingEvent = thunk;
    this.set?.notify();
  }

  hasPendingEvent(): boolean {
    return this.pendingEvent !== null;
  }

  getPendingEvent(): CmEvent {
    const thunk = this.pendingEvent;
    if (!thunk) this.rt.trap('no pending event');
    this.pendingEvent = null;
    return thunk!();
  }

  /** `waitable.join`: move into `set`, or out of any set with null. */
  join(set: WaitableSet | null): void {
    if (this.set) this.set.elems.splice(this.set.elems.indexOf(this), 1);
    this.set = set;
    if (set) {
      set.elems.push(this);
      if (this.pendingEvent) set.notify();
    }
  }
}

export class WaitableSet {
  readonly elems: Waitable[] = [];
  /** Who waits, first come first served: a `wait` promise's resolve, or a `waitFor` callback. */
  private readonly waiters = new Queue<(e: CmEvent) => void>();
  private deliveryScheduled = false;
  dropped = false;

  constructor(readonly rt: Runtime) {}

  get numWaiting(): number {
    return this.waiters.length;
  }

  /** `waitable-set.wait`: resolves with the next event of any member. */
  wait(): Promise<CmEvent> {
    if (this.dropped) this.rt.trap('waitable set used after drop');
    return new Promise(this.enqueue);
  }

  /**
   * `waitable-set.wait` for host code that handles the event itself:
   * `onEvent` is called in the delivery step, with no promise of the set's
   * own between the event and the caller (a stream handle settles its read or
   * write there, one promise per blocked copy instead of two).
   */
  waitFor(onEvent: (e: CmEvent) => void): void {
    if (this.dropped) this.rt.trap('waitable set used after drop');
    this.enqueue(onEvent);
  }

  /** `waitable-set.poll`: an event if one is pending right now, else null. */
  poll(): CmEvent | null {
    // Indexed loops, not `for...of`: this runs once per delivery, and until V8 optimizes it, a `for...of` makes an
    // array iterator and a result object per member (about 420 bytes per 1 KiB stream copy in the executor bench).
    const elems = this.elems;
    let ready = 0;
    for (let i = 0; i < elems.length; i++) if (elems[i].hasPendingEvent()) ready++;
    if (ready === 0) return null;
    // The k-th member with an event, in join order (counted rather than collected: this runs once per delivery).
    let k = this.rt.pick(ready);
    for (let i = 0; i < elems.length; i++) if (elems[i].hasPendingEvent() && k-- === 0) return elems[i].getPendingEvent();
    return null;
  }

  /** The executor of `wait`'s promise (made once per set). */
  private readonly enqueue = (resolve: (e: CmEvent) => void): void => {
    this.waiters.push(resolve);
    this.notify();
  };

  /** A member got an event: if someone waits, schedule a delivery step. */
  notify(): void {
    if (this.deliveryScheduled || this.waiters.length === 0) return;
    if (!this.anyPending()) return;
    this.deliveryScheduled = true;
    this.rt.loop.repost(this.delivery);
  }

  private anyPending(): boolean {
    const elems = this.elems;
    for (let i = 0; i < elems.length; i++) if (elems[i].hasPendingEvent()) return true;
    return false;
  }

  /** The delivery step (made once per set): one event to the first waiter. */
  private readonly deliver = (): void => {
    this.deliveryScheduled = false;
    if (this.waiters.length === 0) return;
    const ev = this.poll();
    if (!ev) return;
    this.waiters.shift()!(ev);
    this.notify();
  };

  /** The delivery step's entry in the loop (scheduled at most once at a time: `deliveryScheduled`). */
  private readonly delivery: Entry = { seq: 0, at: 0, label: 'waitable-set delivery', fn: this.deliver };

  /** `waitable-set.drop`: trap while anyone waits on it or it still has members. */
  drop(): void {
    if (this.waiters.length > 0) this.rt.trap('cannot drop a waitable set while a task waits on it');
    if (this.elems.length > 0) this.rt.trap('cannot drop a waitable set that still has members');
    this.dropped = true;
  }
}

export function packCopy(result: CopyResult, progress: number): number {
  return result | (progress << 4);
}

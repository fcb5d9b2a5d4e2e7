/**
 * The host-owned event loop with virtual time.
 *
 * Why: WASI 0.3 removes `poll` from guests; the host owns the one loop and the
 * guest `await`s. Here that loop is explicit and deterministic. Nothing sleeps:
 * when no event is ready, virtual time jumps to the next timer, so an hour of
 * simulated time costs only the steps that happen in it.
 *
 * Schedules: several events can be ready at the same virtual instant (a timer
 * firing while a stream copy completes). Which runs first is chosen by the
 * seeded PRNG; varying the seed explores those orders, as the Component Model
 * leaves them nondeterministic (Concurrency.md: the embedder picks).
 *
 * Two drivers use the same loop:
 * - async (0.3 guests): run one step, let promise continuations settle, repeat;
 * - sync (0.2 guests): a blocking host call (`pollable.block()`) runs steps
 *   inline until what it waits for is ready.
 */
import { Deadlock, Runaway } from './errors.js';
import { Prng } from './prng.js';
import { Queue } from './queue.js';

export interface Budget {
  /** Maximum loop steps before the run is declared a runaway. */
  maxSteps: number;
  /** Maximum virtual time in nanoseconds. */
  maxTimeNs: number;
}

export const DEFAULT_BUDGET: Budget = { maxSteps: 2_000_000, maxTimeNs: 24 * 3600 * 1e9 };

/** A scheduled step. */
export interface Entry {
  seq: number;
  at: number;
  label: string;
  fn: () => void;
}

export class EventLoop {
  /** Virtual monotonic time in nanoseconds. */
  now = 0;
  steps = 0;
  private seq = 0;
  private readonly readyQueue = new Queue<Entry>();
  private timers: Entry[] = [];
  private readonly rng: Prng;

  constructor(
    readonly seed = 0,
    readonly budget: Budget = DEFAULT_BUDGET,
  ) {
    this.rng = new Prng(seed * 7919 + 1);
  }

  /** Run `fn` as its own step at the current instant. */
  post(label: string, fn: () => void): void {
    this.readyQueue.push({ seq: this.seq++, at: this.now, label, fn });
  }

  /**
   * `post` of a step its owner keeps and posts again once it ran (a
   * waitable set's delivery: at most one is scheduled at a time), so that
   * no entry is made per post.
   */
  repost(e: Entry): void {
    e.seq = this.seq++;
    e.at = this.now;
    this.readyQueue.push(e);
  }

  /** Run `fn` as a step once `delayNs` of virtual time has passed. Returns a cancel function. */
  after(delayNs: number, label: string, fn: () => void): () => void {
    const e: Entry = { seq: this.seq++, at: this.now + Math.max(0, delayNs), label, fn };
    this.timers.push(e);
    return () => {
      const i = this.timers.indexOf(e);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  at(timeNs: number, label: string, fn: () => void): () => void {
    return this.after(timeNs - this.now, label, fn);
  }

  get idle(): boolean {
    return this.readyQueue.length === 0 && this.timers.length === 0;
  }

  /** How many steps are ready at the current instant. */
  get ready(): number {
    return this.readyQueue.length;
  }

  /** Nothing is ready now, but a timer is: the next step advances virtual time. */
  get advancesTime(): boolean {
    return this.readyQueue.length === 0 && this.timers.length > 0;
  }

  /** Labels of what is still scheduled: printed in deadlock/runaway verdicts. */
  pending(): string[] {
    return [...this.readyQueue.toArray(), ...this.timers].map((e) => `${e.label}@${e.at}`);
  }

  /**
   * Run one step. Returns false when nothing is scheduled at all.
   * Time advances only when nothing is ready at the current instant.
   */
  step(): boolean {
    if (this.readyQueue.length === 0) {
      if (this.timers.length === 0) return false;
      let min = Infinity;
      for (const t of this.timers) min = Math.min(min, t.at);
      if (min > this.budget.maxTimeNs) {
        throw new Runaway(`virtual-time budget exceeded: next event at ${fmtNs(min)} > ${fmtNs(this.budget.maxTimeNs)}`);
      }
      this.now = min;
      // Timers due now become ready in scheduling order; the seeded pick below mixes them.
      const due = this.timers.filter((t) => t.at === min);
      this.timers = this.timers.filter((t) => t.at !== min);
      for (const e of due) this.readyQueue.push(e);
    }
    if (++this.steps > this.budget.maxSteps) {
      throw new Runaway(`step budget exceeded: ${this.budget.maxSteps} steps at ${fmtNs(this.now)}; still scheduled: ${this.pending().slice(0, 5).join(', ')}`);
    }
    const i = this.readyQueue.length === 1 ? 0 : this.rng.int(this.readyQueue.length);
    const e = this.readyQueue.removeAt(i);
    e.fn();
    return true;
  }

  /**
   * Count a host call that does not run a step (a non-blocking `poll`, a
   * `ready()` check) against the step budget, so a guest spinning on them
   * ends as a runaway instead of hanging the tool.
   */
  charge(what: string): void {
    if (++this.steps > this.budget.maxSteps) {
      throw new Runaway(`step budget exceeded: ${this.budget.maxSteps} steps at ${fmtNs(this.now)}, guest spinning on ${what}`);
    }
  }

  /**
   * Sync driver: run steps until `done()` holds. Used by blocking 0.2 host calls.
   * If nothing is scheduled and `done()` is still false, nothing can ever make it
   * true (the guest is blocked, so only scheduled events can act): a deadlock.
   */
  runUntil(done: () => boolean, what: string): void {
    while (!done()) {
      if (this.step()) continue;
      const end = this.idleEnd?.();
      if (end) throw end;
      throw new Deadlock(`deadlock: blocked on ${what} at ${fmtNs(this.now)} with nothing scheduled`);
    }
  }

  /**
   * Asked when the component waits and nothing is scheduled, before that is
   * called a deadlock: what ends the run normally instead (thrown through a
   * blocking 0.2 call; the async driver just stops), or null. The world's
   * idle server is the one case (tcp-server.ts).
   */
  idleEnd: (() => unknown) | null = null;
}

export function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)}s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)}ms`;
  return `${ns}ns`;
}

/**
 * Let every queued promise continuation run, and a turn of Node's event loop
 * pass (timers, I/O, unhandled-rejection reports): what a run needs before it
 * may call itself idle, and what jco's glue (which ticks on real timers)
 * needs between steps.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Let every queued promise continuation run, without a turn of Node's event
 * loop. Called from a promise continuation (the async driver after its first
 * `settle()`), it is exact: Node runs its `process.nextTick` queue only once a
 * microtask checkpoint has emptied V8's microtask queue, continuations queued
 * by continuations included. No code of a run uses `process.nextTick` (guests
 * cannot reach it, hosts do not), so no other tick can overtake. About 0.3 µs
 * where `settle()` costs 3-5 µs: the difference between a byte stream whose
 * small copies are bound by the driver and one bound by its copies.
 */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => process.nextTick(resolve));
}

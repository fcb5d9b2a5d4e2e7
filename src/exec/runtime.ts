/**
 * The runtime: one event loop, the instances that run on it, and the
 * constructors of the Component Model's async values. Everything that can
 * end a run abnormally goes through `trap`/`fail`, which also records the
 * first failure: a guest cannot swallow a trap by catching the exception.
 */
import { Deadlock, ExecError, Trap } from './errors.js';
import { ReadableFutureEnd, SharedFuture, WritableFutureEnd } from './future.js';
import { type Budget, DEFAULT_BUDGET, drainMicrotasks, EventLoop, fmtNs, settle } from './loop.js';
import { Prng } from './prng.js';
import { Queue } from './queue.js';
import { type ElemKind, ReadableStreamEnd, SharedStream, WritableStreamEnd } from './stream.js';
import { Subtask, SubtaskState, type TaskBody } from './task.js';
import { WaitableSet } from './waitable.js';

export class Instance {
  backpressure = 0;
  activeTasks = 0;
  private queue: Subtask<unknown>[] = [];

  constructor(
    readonly rt: Runtime,
    readonly name: string,
  ) {}

  /** `backpressure.inc` / `backpressure.dec` */
  backpressureInc(): void {
    this.backpressure++;
  }
  backpressureDec(): void {
    if (this.backpressure === 0) this.rt.trap('backpressure.dec below zero');
    if (--this.backpressure === 0) this.releaseQueue();
  }

  /** A new call may enter only if nothing holds it back and no earlier call waits. */
  mayEnter(): boolean {
    return this.backpressure === 0 && this.queue.length === 0;
  }

  enqueue(s: Subtask<unknown>): void {
    this.queue.push(s);
  }
  unqueue(s: Subtask<unknown>): void {
    this.queue.splice(this.queue.indexOf(s), 1);
  }

  private releaseQueue(): void {
    this.rt.loop.post(`${this.name} backpressure released`, () => {
      while (this.backpressure === 0 && this.queue.length > 0) this.queue.shift()!.start();
    });
  }
}

export interface RuntimeOptions {
  seed?: number;
  budget?: Partial<Budget>;
  /**
   * Real milliseconds to wait, when nothing is scheduled, before calling a
   * run deadlocked. 0 for our own guests (all their work is promise
   * continuations and loop steps). A jco-transpiled component needs some:
   * jco's async runtime waits on its own timers (it polls blocked stream
   * copies with setInterval), which run outside our loop.
   */
  realTimeGraceMs?: number;
}

const RESOLVED = Promise.resolve();

/** Whether what a driver runs until has settled. */
interface Until {
  settled: boolean;
}
/** `quiesce` runs until the loop is idle, not until something settles. */
const NEVER: Until = Object.freeze({ settled: false });

/** A run of `Runtime.stepWhileReady`: its runtime, when it stops, its promise's settling, and the queueing of its next step. */
interface ReadyRun {
  rt: Runtime;
  until: Until;
  resolve: () => void;
  reject: (e: unknown) => void;
  queue: () => void;
}

/**
 * The runs of `stepWhileReady` whose next step's `process.nextTick` is
 * queued, in the order those ticks were queued: Node runs ticks first in,
 * first out, so the k-th tick of `readyTick` is the k-th run pushed here.
 * The tick then carries no argument of its own (Node makes an array for the
 * arguments of each tick, one per loop step).
 */
const tickRuns = new Queue<ReadyRun>();

/** The tick of a `stepWhileReady` step: one function for every step of every run (see `stepWhileReady`). */
function readyTick(): void {
  Runtime.readyStep(tickRuns.shift()!);
}

/** Queue `run`'s next step as a tick (called with every promise continuation already run: see `stepWhileReady`). */
function queueTick(run: ReadyRun): void {
  tickRuns.push(run);
  process.nextTick(readyTick);
}

/** Real milliseconds to let jco's glue tick before virtual time advances (its idle cadence is 10 ms). */
const TICK_GRACE_MS = 25;

export class Runtime {
  readonly loop: EventLoop;
  readonly host: Instance;
  private readonly rng: Prng;
  failure: ExecError | null = null;
  private readonly graceMs: number;
  /** Checked before every loop step (the sandbox's real-time budget); throws to end the run. */
  watchdog: (() => void) | null = null;
  /**
   * Ask what a guest stream is stuck on (a write nobody reads, a reader whose
   * producer never ends), or null; asked when a deadlock is found, to name it.
   */
  readonly stuckProbes = new Set<() => string | null>();

  constructor(opts: RuntimeOptions = {}) {
    const seed = opts.seed ?? 0;
    this.graceMs = opts.realTimeGraceMs ?? 0;
    this.loop = new EventLoop(seed, { ...DEFAULT_BUDGET, ...opts.budget });
    this.rng = new Prng(seed * 31 + 17);
    this.host = new Instance(this, 'host');
  }

  pick(n: number): number {
    return n <= 1 ? 0 : this.rng.int(n);
  }

  instance(name: string): Instance {
    return new Instance(this, name);
  }

  /** Trap: record (first one wins) and throw, so the current guest frame unwinds. */
  trap(message: string): never {
    const t = new Trap(message);
    this.failure ??= t;
    throw t;
  }

  /** A task body failed: a trap stays a trap; anything else the guest threw becomes one. */
  fail(e: unknown, where: string): void {
    if (e instanceof ExecError) {
      this.failure ??= e;
      return;
    }
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    this.failure ??= new ExecError('guest-error', `uncaught exception in ${where}: ${msg}`);
  }

  guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.fail(e, 'runtime');
    }
  }

  streamNew<T>(elem: ElemKind, owner: Instance = this.host): [ReadableStreamEnd<T>, WritableStreamEnd<T>] {
    const shared = new SharedStream<T>(elem);
    return [new ReadableStreamEnd<T>(this, shared, owner), new WritableStreamEnd<T>(this, shared, owner)];
  }

  futureNew<T>(owner: Instance = this.host, elem: ElemKind = 'number'): [ReadableFutureEnd<T>, WritableFutureEnd<T>] {
    const shared = new SharedFuture<T>(elem);
    return [new ReadableFutureEnd<T>(this, shared, owner), new WritableFutureEnd<T>(this, shared, owner)];
  }

  waitableSet(): WaitableSet {
    return new WaitableSet(this);
  }

  /**
   * An async call into `callee` (canon lower async + canon lift async). The
   * body runs eagerly up to its first suspension, as the spec's callee does;
   * if backpressure holds the callee, the subtask stays STARTING.
   */
  call<R>(callee: Instance, label: string, body: TaskBody<R>): Subtask<R> {
    const s = new Subtask<R>(this, callee, body, label);
    if (callee.mayEnter()) s.start();
    else callee.enqueue(s as Subtask<unknown>);
    return s;
  }

  /** Await a subtask's resolution (through a private waitable set, one event at a time). */
  async awaitSubtask<R>(s: Subtask<R>): Promise<R | undefined> {
    const ws = this.waitableSet();
    s.join(ws);
    while (!s.resolvedState || s.hasPendingEvent()) {
      const ev = await ws.wait();
      if (ev.payload >= SubtaskState.RETURNED) break;
    }
    s.join(null);
    ws.drop();
    return s.result;
  }

  /**
   * The async driver: run the loop until `main` settles. Between steps every
   * promise continuation runs, so guest `await`s observe the step's effects
   * before the next event is chosen. If nothing is scheduled while `main` is
   * unsettled, every task waits on something no one will do: deadlock.
   */
  async drive<T>(main: Promise<T>, what = 'main task'): Promise<T> {
    const main$: Until = { settled: false };
    let value: T | undefined;
    let error: unknown;
    main.then(
      (v) => ((main$.settled = true), (value = v)),
      (e) => ((main$.settled = true), (error = e ?? new Error('rejected'))),
    );
    const settled = (): boolean => main$.settled;
    for (let first = true; ; first = false) {
      await this.betweenSteps(first);
      if (this.failure) throw this.failure;
      if (main$.settled) break;
      if (this.graceMs > 0) await this.graceBeforeTime(settled);
      if (main$.settled) break;
      const progressed = this.step();
      if (progressed && this.graceMs === 0) await this.stepWhileReady(main$);
      if (!progressed) {
        await settle();
        await this.graceWhileIdle(settled);
        if (this.failure) throw this.failure;
        if (main$.settled) break;
        if (!this.loop.idle) continue;
        if (this.loop.idleEnd?.()) break;
        const stuck = [...this.stuckProbes].map((p) => p()).filter((x): x is string => x !== null);
        const on = stuck.length ? `; blocked: ${stuck.join(', ')}` : '';
        throw new Deadlock(`deadlock detected: ${what} waits and nothing is scheduled${on} (at ${fmtNs(this.loop.now)})`);
      }
    }
    if (error !== undefined) {
      if (error instanceof ExecError) throw error;
      throw new ExecError('guest-error', `${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return value as T;
  }

  /**
   * With a grace period (real components): before virtual time jumps to the
   * next timer, give jco's glue the real time its async runtime ticks in (it
   * starts a component's subtasks from a 10 ms idle tick), so work the
   * component has already asked for is scheduled before the clock moves.
   * Without it, sleep-sort's timers started one after another in virtual time.
   */
  private async graceBeforeTime(done: () => boolean): Promise<void> {
    if (this.graceMs <= 0 || !this.loop.advancesTime) return;
    const until = Date.now() + Math.min(this.graceMs, TICK_GRACE_MS);
    while (this.loop.advancesTime && !done() && !this.failure && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1));
      await settle();
    }
  }

  /** With a grace period: wait real time while nothing is scheduled, until `done()`, a failure, or new work. */
  private async graceWhileIdle(done: () => boolean): Promise<void> {
    const until = Date.now() + this.graceMs;
    while (this.graceMs > 0 && this.loop.idle && !done() && !this.failure && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /**
   * Between two steps every queued promise continuation runs. Mostly that is
   * all (`drainMicrotasks`, exact once the driver runs as a continuation); a
   * full turn of Node's loop (`settle`) comes first, before virtual time
   * jumps (so unhandled rejections are reported at the instant they
   * happened), and before every step of a real component, whose glue ticks
   * on real timers.
   */
  private betweenSteps(first: boolean): Promise<void> {
    return first || this.graceMs > 0 || this.loop.advancesTime ? settle() : drainMicrotasks();
  }

  /**
   * The async driver's common case, without an `await` per step: after each
   * step every queued promise continuation runs (the next step is a
   * `process.nextTick` callback, queued by a promise reaction that the step
   * queued after its own continuations, and Node runs ticks only once V8's
   * microtask queue is empty), then the next step, as long as something is
   * ready at the current instant and nothing failed. Resolves when the
   * driver must look (`until.settled`, a failure, virtual time about to
   * jump, nothing scheduled); called only from a continuation, with no grace
   * period (a real component needs a full turn of Node's loop per step).
   *
   * The tick's callback is one function for every step of every run
   * (`readyTick`, its run the first of `tickRuns`) and the stop condition a field, not
   * closures made per call: V8 compiles Node's tick loop and the step around
   * the functions they call, and the closures of a new drive were new call
   * targets, which threw that compiled code away while the executor bench's
   * first streams ran (--trace-deopt: "wrong call target" in the step,
   * "Insufficient type feedback for call" in processTicksAndRejections).
   */
  private stepWhileReady(until: Until): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const run: ReadyRun = { rt: this, until, resolve, reject, queue: () => queueTick(run) };
      run.queue();
    });
  }

  /** One step of `stepWhileReady`, run from a `process.nextTick` callback (`readyTick`). */
  static readyStep(run: ReadyRun): void {
    const rt = run.rt;
    // Settled as a promise reaction, not called here: each run's resolve is a function of its own, and a call of it
    // here was a new call target at every drive's end, which threw away the compiled step (--trace-deopt: "wrong
    // call target" in readyStep, once per process). Nothing else is queued at this point (this tick runs once every
    // continuation has run, and it stepped nothing), so the driver resumes as it did when called here.
    if (rt.failure || run.until.settled || rt.loop.ready === 0) return void RESOLVED.then(run.resolve);
    try {
      rt.step();
    } catch (e) {
      return run.reject(e);
    }
    void RESOLVED.then(run.queue);
  }

  /** One loop step; an execution error is kept as the run's failure, the first one winning. */
  private step(): boolean {
    try {
      this.watchdog?.();
      return this.loop.step();
    } catch (e) {
      if (e instanceof ExecError) this.failure ??= e;
      throw this.failure ?? e;
    }
  }

  /** After the entry point finished: let outstanding host work (flushes, closes) complete. */
  async quiesce(): Promise<void> {
    for (let first = true; ; first = false) {
      await this.betweenSteps(first);
      if (this.failure) throw this.failure;
      if (this.graceMs > 0) await this.graceBeforeTime(() => false);
      const progressed = this.step();
      if (progressed && this.graceMs === 0) await this.stepWhileReady(NEVER);
      if (!progressed) {
        await settle();
        await this.graceWhileIdle(() => false);
        if (this.failure) throw this.failure;
        if (this.loop.idle) return;
      }
    }
  }
}

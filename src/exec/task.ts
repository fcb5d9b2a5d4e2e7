/**
 * Tasks and subtasks (Concurrency.md "Tasks, subtasks and cancellation";
 * CanonicalABI.md `Task`, `Subtask`).
 *
 * Calling an async export creates a *task* in the callee and a *subtask*
 * waitable in the caller. The subtask's state only moves forward:
 *   STARTING -> STARTED -> RETURNED
 *   STARTING -> CANCELLED_BEFORE_STARTED      (cancelled while held back)
 *   STARTED  -> CANCELLED_BEFORE_RETURNED     (callee honoured a cancel request)
 * A call is held in STARTING while the callee instance applies backpressure
 * (`backpressure.inc`), and starts, in order, when it is released.
 *
 * Cancellation is cooperative: `subtask.cancel` only *requests* it; the callee
 * sees the request (TASK_CANCELLED) and either calls `task.cancel` or returns a
 * value anyway. A task that finishes without doing either traps.
 */
import type { Instance, Runtime } from './runtime.js';
import { EventCode, Waitable } from './waitable.js';

export enum SubtaskState {
  STARTING = 0,
  STARTED = 1,
  RETURNED = 2,
  CANCELLED_BEFORE_STARTED = 3,
  CANCELLED_BEFORE_RETURNED = 4,
}

export type TaskBody<R> = (task: Task<R>) => void | Promise<void>;

export class Task<R> {
  cancelRequested = false;
  resolved: 'no' | 'returned' | 'cancelled' = 'no';
  private cancelWaiters: Array<() => void> = [];

  constructor(
    readonly rt: Runtime,
    readonly inst: Instance,
    readonly subtask: Subtask<R>,
  ) {}

  /** `task.return` */
  return(value: R): void {
    if (this.resolved !== 'no') this.rt.trap('task.return called on a task that already resolved');
    this.resolved = 'returned';
    this.subtask.resolve(SubtaskState.RETURNED, value);
  }

  /** `task.cancel`: only legal after a cancellation request was delivered. */
  cancel(): void {
    if (this.resolved !== 'no') this.rt.trap('task.cancel called on a task that already resolved');
    if (!this.cancelRequested) this.rt.trap('task.cancel called without a pending cancellation request');
    this.resolved = 'cancelled';
    this.subtask.resolve(SubtaskState.CANCELLED_BEFORE_RETURNED, undefined);
  }

  /** Resolves (as its own loop step: the TASK_CANCELLED event) once cancellation is requested. */
  cancelled(): Promise<EventCode.TASK_CANCELLED> {
    return new Promise((resolve) => {
      if (this.cancelRequested) this.rt.loop.post('TASK_CANCELLED', () => resolve(EventCode.TASK_CANCELLED));
      else this.cancelWaiters.push(() => resolve(EventCode.TASK_CANCELLED));
    });
  }

  requestCancel(): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    const ws = this.cancelWaiters.splice(0);
    for (const w of ws) this.rt.loop.post('TASK_CANCELLED', w);
  }
}

export class Subtask<R> extends Waitable {
  state = SubtaskState.STARTING;
  result: R | undefined;
  task: Task<R> | null = null;
  dropped = false;

  constructor(
    rt: Runtime,
    readonly callee: Instance,
    readonly body: TaskBody<R>,
    readonly label: string,
  ) {
    super(rt);
  }

  get resolvedState(): boolean {
    return this.state >= SubtaskState.RETURNED;
  }

  private announce(): void {
    const state = this.state;
    this.setPendingEvent(() => ({ code: EventCode.SUBTASK, waitable: this, payload: state }));
  }

  /** Enter the callee and run its body until it first suspends. */
  start(): void {
    this.state = SubtaskState.STARTED;
    this.callee.activeTasks++;
    const task = (this.task = new Task<R>(this.rt, this.callee, this));
    const finished = (): void => {
      this.callee.activeTasks--;
      if (task.resolved === 'no') this.rt.trap(`task ${this.label} in ${this.callee.name} finished without task.return or task.cancel`);
    };
    let out: void | Promise<void>;
    try {
      out = this.body(task);
    } catch (e) {
      this.rt.fail(e, `${this.callee.name}.${this.label}`);
      return;
    }
    if (out && typeof (out as Promise<void>).then === 'function') {
      (out as Promise<void>).then(
        () => this.rt.guard(finished),
        (e) => this.rt.fail(e, `${this.callee.name}.${this.label}`),
      );
    } else {
      this.rt.guard(finished);
    }
    if (this.state === SubtaskState.STARTED) this.announce();
  }

  resolve(state: SubtaskState, value: R | undefined): void {
    this.state = state;
    this.result = value;
    this.announce();
    this.onResolve?.();
  }

  onResolve: (() => void) | null = null;

  /** `subtask.cancel`: the final state if known now, else 'blocked'. */
  cancel(): SubtaskState | 'blocked' {
    if (this.resolvedState) this.rt.trap('cannot cancel a subtask that already resolved');
    if (this.state === SubtaskState.STARTING) {
      this.callee.unqueue(this as unknown as Subtask<unknown>);
      this.resolve(SubtaskState.CANCELLED_BEFORE_STARTED, undefined);
      this.getPendingEvent();
      return this.state;
    }
    this.task!.requestCancel();
    return 'blocked';
  }

  /** `subtask.drop`: only once it resolved. */
  drop(): void {
    if (!this.resolvedState) this.rt.trap('cannot drop a subtask that has not resolved');
    this.join(null);
    this.dropped = true;
  }
}

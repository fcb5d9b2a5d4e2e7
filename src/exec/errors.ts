/**
 * The ways a run can end other than normally. Each carries a verdict kind so the
 * fixture runner and `validate` can print one clear line instead of a stack.
 * Last, the error a failed import throws into the guest (`ComponentError`).
 */
export type VerdictKind = 'trap' | 'deadlock' | 'runaway' | 'sandbox' | 'guest-error' | 'budget' | 'host-error';

export class ExecError extends Error {
  constructor(
    readonly kind: VerdictKind,
    message: string,
  ) {
    super(message);
    this.name = `ExecError(${kind})`;
  }
}

/** A Component Model trap: the instance is poisoned and the run ends. */
export class Trap extends ExecError {
  constructor(message: string) {
    super('trap', message);
  }
}

/** Every task waits and nothing in the world can wake any of them. */
export class Deadlock extends ExecError {
  constructor(message: string) {
    super('deadlock', message);
  }
}

/** The run exceeded its step or virtual-time budget. */
export class Runaway extends ExecError {
  constructor(message: string) {
    super('runaway', message);
  }
}

/** The guest reached for something outside its imports. */
export class SandboxViolation extends ExecError {
  constructor(message: string) {
    super('sandbox', message);
  }
}

/** The executor cannot run this guest (an import its host does not implement): no verdict on the guest. */
export class HostError extends ExecError {
  constructor(message: string) {
    super('host-error', message);
  }
}

/**
 * A WIT `result`'s `err` as jco's bindings hand it to a JavaScript guest: the
 * guest's import bindings (ComponentizeJS, bindgen.rs: imports are generated
 * with `ErrHandling::ThrowResultErr`) throw js-component-bindgen's
 * `ComponentError` intrinsic, an `Error` whose own `payload` is the error
 * value (enumerable unless it is a string; the message is the string, or the
 * value's text with " (see error.payload)"). A guest reads `e.payload`, never
 * the bare error-code. Hosts throw this for every `result` error of an import.
 */
export class ComponentError extends Error {
  declare readonly payload: unknown;
  constructor(payload: unknown) {
    super(typeof payload === 'string' ? payload : `${String(payload)} (see error.payload)`);
    Object.defineProperty(this, 'payload', { value: payload, enumerable: typeof payload !== 'string' });
  }
}

/**
 * What jco's bindings take as the `err` of a `result` an export threw: its own
 * `payload` when it has one (a ComponentError, caught and thrown on), else the
 * thrown value (js-component-bindgen's `getErrorPayload`).
 */
export function thrownPayload(e: unknown): unknown {
  return e !== null && typeof e === 'object' && Object.hasOwn(e, 'payload') ? (e as { payload: unknown }).payload : e;
}

/** Whether jco's bindings take an export's throw as its `err` at all: an `Error` with no own `payload` they throw on (`getErrorPayload`). */
export function isThrownErr(e: unknown): boolean {
  return !(e instanceof Error) || Object.hasOwn(e, 'payload');
}

/**
 * The ways a run can end other than normally. Each carries a verdict kind so the
 * fixture runner and `validate` can print one clear line instead of a stack.
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

/**
 * `wasi:http/types.request-options`, 0.2.12 and 0.3.0: the timeouts a client
 * sets on an outgoing request, and what they do in the simulated world.
 *
 * 0.2 hands the options to `outgoing-handler.handle(request, options)`; 0.3
 * to `request.new(headers, contents, trailers, options)`, where
 * `request.get-options` gives them back (read-only, a child of the request).
 * Durations are nanoseconds (`wasi:clocks` `duration`, a u64).
 *
 * The world enforces two of the three as a runtime does (wasmtime's
 * `default_send_request`): an upstream whose response head comes later than
 * `first-byte-timeout` after the request was sent fails the request with
 * `connection-read-timeout`, at that instant; a gap between two body chunks
 * (or before the end) longer than `between-bytes-timeout` ends the body with
 * `connection-read-timeout`. `connect-timeout` is kept and read back but
 * cannot fire: a scripted upstream has no connect phase apart from its head
 * latency.
 */
import { ComponentError } from './errors.js';

/** The timeouts of one request, in ns; `undefined` is the runtime's default (none here). */
export interface Timeouts {
  connect?: bigint;
  firstByte?: bigint;
  betweenBytes?: bigint;
}

/** The error code a timeout ends an exchange with (wasi:http `error-code`). */
export const READ_TIMEOUT = 'connection-read-timeout';

/** Shared by both versions: the values, and the immutability of options a request already holds. */
class Options {
  protected t: Timeouts = {};
  /** Options taken by a request are immutable (`request.get-options` gives a read-only child). */
  protected frozen = false;
  protected set(k: keyof Timeouts, d: bigint | undefined, immutable: unknown): void {
    if (this.frozen) throw immutable;
    this.t[k] = d;
  }
  /** The timeouts as the world enforces them (see `World.sendHttp`). */
  static timeouts(o: Options | undefined | null): Timeouts {
    return o ? { ...o.t } : {};
  }
}

/** 0.2.12: `connect-timeout() -> option<duration>`, `set-connect-timeout(duration) -> result`. */
export class RequestOptions02 extends Options {
  connectTimeout(): bigint | undefined {
    return this.t.connect;
  }
  setConnectTimeout(d: bigint | undefined): void {
    this.set('connect', d, new ComponentError(undefined));
  }
  firstByteTimeout(): bigint | undefined {
    return this.t.firstByte;
  }
  setFirstByteTimeout(d: bigint | undefined): void {
    this.set('firstByte', d, new ComponentError(undefined));
  }
  betweenBytesTimeout(): bigint | undefined {
    return this.t.betweenBytes;
  }
  setBetweenBytesTimeout(d: bigint | undefined): void {
    this.set('betweenBytes', d, new ComponentError(undefined));
  }
}

/** 0.3.0: `get-*-timeout`, `set-*-timeout -> result<_, request-options-error>`, `clone`. */
export class RequestOptions03 extends Options {
  getConnectTimeout(): bigint | undefined {
    return this.t.connect;
  }
  setConnectTimeout(d: bigint | undefined): void {
    this.set('connect', d, new ComponentError({ tag: 'immutable' }));
  }
  getFirstByteTimeout(): bigint | undefined {
    return this.t.firstByte;
  }
  setFirstByteTimeout(d: bigint | undefined): void {
    this.set('firstByte', d, new ComponentError({ tag: 'immutable' }));
  }
  getBetweenBytesTimeout(): bigint | undefined {
    return this.t.betweenBytes;
  }
  setBetweenBytesTimeout(d: bigint | undefined): void {
    this.set('betweenBytes', d, new ComponentError({ tag: 'immutable' }));
  }
  clone(): RequestOptions03 {
    const c = new RequestOptions03();
    c.t = { ...this.t };
    return c;
  }
  /** What a request holds and `get-options` returns: a copy its guest cannot change. */
  frozenCopy(): RequestOptions03 {
    const c = this.clone();
    c.frozen = true;
    return c;
  }
}

export const timeoutsOf = (o: RequestOptions02 | RequestOptions03 | undefined | null): Timeouts => Options.timeouts(o);

/**
 * HTTP header fields as both hosts keep them: lower-cased names, byte values,
 * in insertion order. WASI 0.2 and 0.3 differ only in the name of the method
 * that copies them out (`entries` in 0.2, `copy-all` in 0.3), so each host
 * exposes its own subclass and a guest sees only its version's method.
 */
import { ComponentError } from './errors.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * Fields a request or response holds: its headers as `headers()` (0.2) or
 * `get-headers` (0.3) gives them, which "are immutable: `set`, `append`,
 * and `delete` operations will fail with `header-error.immutable`" (the WIT
 * of wasi:http 0.2.12 and 0.3.0; preview2-shim and preview3-shim lock the
 * fields a request or response is made with). A set, not a method: a guest
 * sees every method of a host object.
 */
const locked = new WeakSet<FieldList>();

/** `f`, from now on immutable. */
export function lockFields<F extends FieldList>(f: F): F {
  locked.add(f);
  return f;
}

function mutable(f: FieldList): void {
  if (locked.has(f)) throw new ComponentError({ tag: 'immutable' });
}

export abstract class FieldList {
  entries_: Array<[string, Uint8Array]> = [];

  static fromList<F extends FieldList>(this: new () => F, entries: Array<[string, Uint8Array]>): F {
    const f = new this();
    f.entries_ = entries.map(([k, v]) => [k.toLowerCase(), Uint8Array.from(v)]);
    return f;
  }

  /** From text pairs, as the simulated world scripts them. */
  static fromPairs<F extends FieldList>(this: new () => F, pairs: Array<[string, string]>): F {
    const f = new this();
    f.entries_ = pairs.map(([k, v]) => [k.toLowerCase(), enc.encode(v)]);
    return f;
  }

  get(name: string): Uint8Array[] {
    return this.entries_.filter(([k]) => k === name.toLowerCase()).map(([, v]) => v);
  }
  has(name: string): boolean {
    return this.get(name).length > 0;
  }
  set(name: string, values: Uint8Array[]): void {
    mutable(this);
    this.delete(name);
    for (const v of values) this.append(name, v);
  }
  delete(name: string): void {
    mutable(this);
    this.entries_ = this.entries_.filter(([k]) => k !== name.toLowerCase());
  }
  append(name: string, value: Uint8Array): void {
    mutable(this);
    this.entries_.push([name.toLowerCase(), Uint8Array.from(value)]);
  }
  clone(): this {
    const f = new (this.constructor as new () => this)();
    f.entries_ = this.entries_.map(([k, v]) => [k, Uint8Array.from(v)]);
    return f;
  }
}

/** Text pairs for the trace; no fields is no pairs. */
export function fieldPairs(f: FieldList | undefined): Array<[string, string]> {
  return f ? f.entries_.map(([k, v]) => [k, dec.decode(v)]) : [];
}

/** `wasi:http/types@0.2.x` fields. */
export class Fields02 extends FieldList {
  entries(): Array<[string, Uint8Array]> {
    return this.entries_.map(([k, v]) => [k, v]);
  }
}

/** `wasi:http/types@0.3.0` fields. */
export class Fields03 extends FieldList {
  copyAll(): Array<[string, Uint8Array]> {
    return this.entries_.map(([k, v]) => [k, v]);
  }
}

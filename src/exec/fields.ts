/**
 * HTTP header fields as both hosts keep them: names in the casing they were
 * given ("A `fields` resource should store `field-name`s and `field-value`s
 * in their original casing ... and use that original casing when ...
 * returning them from a method", the 0.3.0 WIT; the 0.2.12 WIT says the
 * same of `entries`), compared case-insensitively ("Field names should
 * always be treated as case insensitive ... for the purposes of equality
 * checking"), byte values, in insertion order. Names and values are checked
 * as jco's hosts check them (preview2-shim for 0.2, preview3-shim for 0.3):
 * an invalid name or value fails with `header-error.invalid-syntax`, a
 * forbidden name with `header-error.forbidden`. WASI 0.2 and 0.3 differ in
 * the method that copies the fields out (`entries` in 0.2, `copy-all` in
 * 0.3), in 0.3's `get-and-delete`, in the forbidden names and in where the
 * checks apply, so each host exposes its own subclass and a guest sees only
 * its version's methods.
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

/** An HTTP token (RFC 9110 `field-name`), as Node's `validateHeaderName`, which both shims call, accepts it. */
const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;

/** A field value's bytes: tab, visible ASCII, space and obs-text (0x80-0xff), as Node's `validateHeaderValue` takes a value read as Latin-1 (preview3-shim). */
function validValue(v: Uint8Array): boolean {
  for (const b of v) if (b !== 9 && (b < 0x20 || b === 0x7f)) return false;
  return true;
}

export abstract class FieldList {
  entries_: Array<[string, Uint8Array]> = [];

  /** The names this version's host refuses with `header-error.forbidden` (lower-case). */
  abstract readonly forbidden: ReadonlySet<string>;
  /** `delete` (and `get-and-delete`) check the name too (preview3-shim does; preview2-shim does not). */
  abstract readonly deleteChecksName: boolean;
  /** `append` to a name already present takes that name's first casing (preview3-shim), not the one given (preview2-shim). */
  abstract readonly appendKeepsCasing: boolean;

  /** `from-list`: every entry appended, so a bad name or value fails it with its `header-error`. */
  static fromList<F extends FieldList>(this: new () => F, entries: Array<[string, Uint8Array]>): F {
    const f = new this();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  }

  /** From text pairs, as the simulated world scripts them (not checked: what an upstream sent). */
  static fromPairs<F extends FieldList>(this: new () => F, pairs: Array<[string, string]>): F {
    const f = new this();
    f.entries_ = pairs.map(([k, v]) => [k, enc.encode(v)]);
    return f;
  }

  get(name: string): Uint8Array[] {
    const n = name.toLowerCase();
    return this.entries_.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  }
  has(name: string): boolean {
    return this.get(name).length > 0;
  }
  set(name: string, values: Uint8Array[]): void {
    mutable(this);
    checkName(this, name);
    for (const v of values) checkValue(v);
    remove(this, name);
    for (const v of values) this.entries_.push([name, Uint8Array.from(v)]);
  }
  delete(name: string): void {
    mutable(this);
    if (this.deleteChecksName) checkName(this, name);
    remove(this, name);
  }
  append(name: string, value: Uint8Array): void {
    mutable(this);
    checkName(this, name);
    checkValue(value);
    const n = name.toLowerCase();
    const first = this.appendKeepsCasing ? this.entries_.find(([k]) => k.toLowerCase() === n)?.[0] : undefined;
    this.entries_.push([first ?? name, Uint8Array.from(value)]);
  }
  clone(): this {
    const f = new (this.constructor as new () => this)();
    f.entries_ = this.entries_.map(([k, v]) => [k, Uint8Array.from(v)]);
    return f;
  }
}

// Free functions, not methods: a guest sees every method of a host object.
function checkName(f: FieldList, name: string): void {
  if (!TOKEN.test(name)) throw new ComponentError({ tag: 'invalid-syntax' });
  if (f.forbidden.has(name.toLowerCase())) throw new ComponentError({ tag: 'forbidden' });
}
function checkValue(v: Uint8Array): void {
  if (!validValue(v)) throw new ComponentError({ tag: 'invalid-syntax' });
}
function remove(f: FieldList, name: string): void {
  const n = name.toLowerCase();
  f.entries_ = f.entries_.filter(([k]) => k.toLowerCase() !== n);
}

/** Text pairs for the trace and the simulated world, names lower-case: HTTP compares them so, and HTTP/2 sends them so (no fields is no pairs). */
export function fieldPairs(f: FieldList | undefined): Array<[string, string]> {
  return f ? f.entries_.map(([k, v]) => [k.toLowerCase(), dec.decode(v)]) : [];
}

/** preview2-shim's forbidden names. */
const FORBIDDEN_02 = new Set(['connection', 'keep-alive', 'host']);
/** preview3-shim's (and wasmtime's) forbidden names. */
const FORBIDDEN_03 = new Set(['connection', 'http2-settings', 'host', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** `wasi:http/types@0.2.x` fields. */
export class Fields02 extends FieldList {
  readonly forbidden = FORBIDDEN_02;
  readonly deleteChecksName = false;
  readonly appendKeepsCasing = false;
  entries(): Array<[string, Uint8Array]> {
    return this.entries_.map(([k, v]) => [k, v]);
  }
}

/** `wasi:http/types@0.3.0` fields. */
export class Fields03 extends FieldList {
  readonly forbidden = FORBIDDEN_03;
  readonly deleteChecksName = true;
  readonly appendKeepsCasing = true;
  /** `get-and-delete: func(name) -> result<list<field-value>, header-error>`: the values `delete` removes. */
  getAndDelete(name: string): Uint8Array[] {
    const values = this.get(name);
    this.delete(name);
    return values;
  }
  copyAll(): Array<[string, Uint8Array]> {
    return this.entries_.map(([k, v]) => [k, v]);
  }
}

/**
 * HTTP header fields as both hosts keep them: lower-cased names, byte values,
 * in insertion order. WASI 0.2 and 0.3 differ only in the name of the method
 * that copies them out (`entries` in 0.2, `copy-all` in 0.3), so each host
 * exposes its own subclass and a guest sees only its version's method.
 */
const enc = new TextEncoder();
const dec = new TextDecoder();

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
    this.delete(name);
    for (const v of values) this.append(name, v);
  }
  delete(name: string): void {
    this.entries_ = this.entries_.filter(([k]) => k !== name.toLowerCase());
  }
  append(name: string, value: Uint8Array): void {
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

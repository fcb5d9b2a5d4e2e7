/**
 * The guest half of the boundary: JavaScript that runs inside the guest's
 * QuickJS context before the guest's own code. It turns the host's plain-data
 * messages (JSON text plus ArrayBuffers) into guest values and back:
 *
 * - host objects arrive as handles (`{$:'h', id, ...}`): the guest gets a
 *   stand-in whose methods send `(id, method, args)` to the host; the host
 *   decides what `id` and `method` may mean (sandbox.ts), so nothing here is
 *   trusted by the host;
 * - guest objects the host must call back (exports, async iterables,
 *   promises) go out as ids into a table kept here;
 * - TextEncoder/TextDecoder (UTF-8), which QuickJS lacks and guests use.
 *
 * It takes `__wm_host` and `__wm_settle` (two host functions) from the global
 * object and deletes them; what it returns is kept by the host only.
 *
 * A message is its JSON text alone, or `[json, ...ArrayBuffers]` when it
 * carries bytes: most calls carry none, and a string crosses in one step.
 */
export const KERNEL = String.raw`(function () {
  'use strict';
  const G = globalThis;
  const hostCall = G.__wm_host, hostSettle = G.__wm_settle;
  delete G.__wm_host;
  delete G.__wm_settle;
  const hasOwn = Object.prototype.hasOwnProperty;
  const O = Object, getProto = O.getPrototypeOf, ownNames = O.getOwnPropertyNames, defProp = O.defineProperty;
  const ownSymbols = O.getOwnPropertySymbols, ownDesc = O.getOwnPropertyDescriptor;
  const OP = O.prototype, FP = Function.prototype, isArray = Array.isArray;
  // Own data properties and index loops: a guest may replace the prototypes' setters and iterators
  // (Object.prototype accessors, Array.prototype[Symbol.iterator]) without changing what crosses the boundary.
  const own = (o, k, value) => defProp(o, k, { value, writable: true, enumerable: true, configurable: true });
  const cat = (a, b) => {
    for (let i = 0; i < b.length; i++) own(a, a.length, b[i]);
    return a;
  };
  const stringify = JSON.stringify, parse = JSON.parse;
  const U8 = Uint8Array, P = Promise, then = P.prototype.then, presolve = P.resolve, apply = Reflect.apply, construct = Reflect.construct;
  const ERR = { Error, TypeError, RangeError, SyntaxError, ReferenceError };
  const AI = Symbol.asyncIterator;
  // QuickJS has no Symbol.dispose yet; guests (jco's bindings, \`using\`) drop resources through it.
  if (typeof Symbol.dispose !== 'symbol') defProp(Symbol, 'dispose', { value: Symbol.for('Symbol.dispose') });
  if (typeof Symbol.asyncDispose !== 'symbol') defProp(Symbol, 'asyncDispose', { value: Symbol.for('Symbol.asyncDispose') });
  const DISPOSE = Symbol.dispose;
  const TYPED = { Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array };

  // host handles seen by the guest: id -> stand-in, stand-in -> id
  const hostById = new Map(), hostIdOf = new WeakMap();
  // guest values handed to the host: id -> value, value -> id
  const guestById = new Map(), guestIdOf = new WeakMap();
  let nextGuestId = 1;
  // resolvers of the guest promises standing for host promises, by host id
  const resolvers = new Map();
  const exitMarks = new WeakSet();

  function guestId(v) {
    let id = guestIdOf.get(v);
    if (id === undefined) {
      id = nextGuestId++;
      guestIdOf.set(v, id);
      guestById.set(id, v);
    }
    return id;
  }

  function methodsOf(v) {
    const out = [];
    for (let o = v; o !== null && o !== OP && o !== FP; o = getProto(o)) {
      const names = ownNames(o);
      for (let i = 0; i < names.length; i++) {
        const k = names[i];
        if (k === 'constructor' || out.indexOf(k) >= 0) continue;
        const d = O.getOwnPropertyDescriptor(o, k);
        if (d && typeof d.value === 'function') own(out, out.length, k);
      }
    }
    return out;
  }

  // ---- guest value -> message
  function enc(v, bufs) {
    switch (typeof v) {
      case 'undefined': return { $: 'u' };
      case 'number': return Number.isFinite(v) && !O.is(v, -0) ? v : { $: 'n', v: String(v) };
      case 'bigint': return { $: 'b', v: String(v) };
      case 'string': case 'boolean': return v;
      case 'symbol': return { $: 'u' };
      case 'function': {
        const h = hostIdOf.get(v);
        if (h !== undefined) return { $: 'h', id: h };
        return { $: 'g', id: guestId(v), f: 1 };
      }
    }
    if (v === null) return null;
    const h = hostIdOf.get(v);
    if (h !== undefined) return { $: 'h', id: h };
    if (exitMarks.has(v)) return { $: 'x', code: v.code };
    if (v instanceof U8) {
      bufs.push(v.slice().buffer);
      return { $: 'a', i: bufs.length - 1 };
    }
    if (ArrayBuffer.isView(v) && TYPED[v.constructor.name] === v.constructor) {
      const out = [];
      for (let i = 0; i < v.length; i++) out.push(enc(v[i], bufs));
      return { $: 't', t: v.constructor.name, v: out };
    }
    if (isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) out.push(enc(v[i], bufs));
      return out;
    }
    if (v instanceof Error) {
      const e = { $: 'e', name: String(v.name), message: String(v.message) };
      // A ComponentError's own \`payload\` (the error of a \`result\`, jco's bindings) crosses with it, a data property only.
      const p = ownDesc(v, 'payload');
      if (p && apply(hasOwn, p, ['value'])) {
        own(e, 'p', enc(p.value, bufs));
        own(e, 'pe', p.enumerable ? 1 : 0);
      }
      return e;
    }
    if (v instanceof P) {
      const known = guestIdOf.get(v);
      const id = guestId(v);
      if (known === undefined) reportSettle(v, id, false);
      return { $: 'q', id };
    }
    const proto = getProto(v);
    const methods = methodsOf(v);
    const ai = typeof v[AI] === 'function';
    if ((proto === OP || proto === null) && methods.length === 0 && !ai) {
      const o = {};
      const keys = O.keys(v);
      for (let i = 0; i < keys.length; i++) own(o, keys[i], enc(v[keys[i]], bufs));
      return { $: 'o', v: o };
    }
    const d = {};
    if (proto === OP || proto === null) {
      const keys = O.keys(v);
      for (let i = 0; i < keys.length; i++) if (typeof v[keys[i]] !== 'function') own(d, keys[i], enc(v[keys[i]], bufs));
    }
    return { $: 'g', id: guestId(v), m: methods, ai: ai ? 1 : 0, d };
  }

  // A guest promise the host holds (by \`id\`): its outcome goes to the host when it settles, as a message
  // (SETTLED_OK, SETTLED_ERR), or, for an iterator's \`next()\` (\`byteResults\`) fulfilled with a plain
  // { done: false, value } whose value is a byte, as that number alone (SETTLED_BYTE): what a guest's
  // async generator yields into a stream<u8>, one value per \`next()\`.
  function reportSettle(v, id, byteResults) {
    apply(then, v, [
      (x) => {
        if (byteResults && isByteResult(x)) return apply(hostSettle, undefined, [id, SETTLED_BYTE, x.value]);
        const b = []; const m = stringify(enc(x, b)); apply(hostSettle, undefined, cat([id, SETTLED_OK, m], b));
      },
      (e) => { const b = []; const m = stringify(enc(e, b)); apply(hostSettle, undefined, cat([id, SETTLED_ERR, m], b)); },
    ]);
  }
  const SETTLED_ERR = 0, SETTLED_OK = 1, SETTLED_BYTE = 2;
  let nextReplyKept;
  // What \`enc\` would send as { $: 'o', v: { value, done: false } } with value an integer 0..255: an object of
  // Object.prototype whose only own properties are the data properties \`value\` and \`done\`, and no async iterator.
  function isByteResult(x) {
    if (x === null || typeof x !== 'object' || getProto(x) !== OP) return false;
    const names = ownNames(x);
    if (names.length !== 2 || ownSymbols(x).length !== 0) return false;
    const d = ownDesc(x, 'done'), w = ownDesc(x, 'value');
    if (!d || !w || !apply(hasOwn, d, ['value']) || !apply(hasOwn, w, ['value']) || !d.enumerable || !w.enumerable) return false;
    const value = w.value;
    return d.value === false && typeof value === 'number' && value >= 0 && value <= 255 && (value | 0) === value && !O.is(value, -0) && typeof x[AI] !== 'function';
  }

  // ---- message -> guest value
  function dec(x, bufs) {
    if (x === null || typeof x !== 'object') return x;
    if (isArray(x)) return x.map((e) => dec(e, bufs));
    switch (x.$) {
      case 'u': return undefined;
      case 'n': return Number(x.v);
      case 'b': return BigInt(x.v);
      case 'a': return new U8(bufs[x.i]);
      case 'o': {
        const o = {};
        const keys = O.keys(x.v);
        for (let i = 0; i < keys.length; i++) own(o, keys[i], dec(x.v[keys[i]], bufs));
        return o;
      }
      case 'e': {
        const C = ERR[x.name] || Error;
        const e = new C(x.message);
        if (!ERR[x.name]) e.name = x.name;
        if (apply(hasOwn, x, ['p'])) defProp(e, 'payload', { value: dec(x.p, bufs), enumerable: x.pe === 1 });
        return e;
      }
      case 't': return TYPED[x.t].from(x.v.map((e) => dec(e, bufs)));
      case 'x': {
        const m = { code: x.code };
        exitMarks.add(m);
        return m;
      }
      case 'g': return guestById.get(x.id);
      case 'h': return standIn(x);
    }
    throw new TypeError('malformed message from the host');
  }

  function call(id, method, args) {
    const bufs = [];
    const m = stringify(args.map((a) => enc(a, bufs)));
    // The host's reply: its JSON text, or \`[json, ...buffers]\` when buffers come with it.
    const r = apply(hostCall, undefined, cat([id, method, m], bufs));
    const plain = typeof r === 'string';
    const res = parse(plain ? r : r[0]);
    const rb = plain ? [] : r.slice(1);
    if (apply(hasOwn, res, ['t'])) throw dec(res.t, rb);
    return dec(res.r, rb);
  }

  function standIn(x) {
    const known = hostById.get(x.id);
    if (known !== undefined) return known;
    const id = x.id;
    let s;
    if (x.k === 'p') {
      s = new P((ok, err) => resolvers.set(id, [ok, err]));
    } else if (x.k === 'f') {
      s = function (...args) {
        return new.target ? call(id, '@@new', args) : call(id, '@@call', args);
      };
      defProp(s, 'name', { value: String(x.name || '') });
      const statics = x.s || [];
      for (let i = 0; i < statics.length; i++) { const k = statics[i]; own(s, k, (...args) => call(id, 'static:' + k, args)); }
    } else {
      s = {};
      const methods = x.m || [];
      for (let i = 0; i < methods.length; i++) {
        const k = methods[i];
        if (k === '@@dispose') own(s, DISPOSE, () => call(id, '@@dispose', []));
        else if (k !== 'then') own(s, k, (...args) => call(id, k, args));
      }
      if (x.t) {
        let p = null;
        own(s, 'then', (ok, err) => apply(then, (p = p || call(id, '@@then', [])), [ok, err]));
      }
      if (x.bs) own(s, AI, () => byteIterator(call(id, '@@byteChunks', [])));
      else if (x.ai) own(s, AI, () => call(id, '@@asyncIterator', []));
    }
    hostById.set(id, s);
    hostIdOf.set(s, id);
    return s;
  }

  // A stream<u8> from the host, read through \`chunks\` (the host's GuestStreamChunks): each read brings what one
  // read of the stream received, handed out here one element at a time; the next read is asked for only when
  // everything before it was handed out, as the host's own iterator reads.
  function byteIterator(chunks) {
    let chunk = [], i = 0;
    const took = (c) => {
      if (c === null) return { done: true, value: undefined };
      chunk = c;
      i = 0;
      return { done: false, value: chunk[i++] };
    };
    const it = {};
    own(it, 'next', () => (i < chunk.length ? apply(presolve, P, [{ done: false, value: chunk[i++] }]) : apply(then, chunks.read(), [took])));
    own(it, 'return', () => apply(then, chunks.return(), [() => ({ done: true, value: undefined })]));
    return it;
  }

  // ---- TextEncoder / TextDecoder (UTF-8)
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(s = '') {
      s = String(s);
      const out = [];
      for (let i = 0; i < s.length; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
          else c = 0xfffd;
        } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new U8(out);
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8') {
      if (!/^utf-?8$/i.test(String(label))) throw new RangeError('TextDecoder: only utf-8 is available to guests');
    }
    get encoding() { return 'utf-8'; }
    decode(b) {
      if (b === undefined) return '';
      const u = b instanceof U8 ? b : new U8(b.buffer || b);
      let s = '';
      for (let i = 0; i < u.length; ) {
        const c = u[i];
        let cp = 0xfffd, n = 1;
        if (c < 0x80) cp = c;
        else if (c >= 0xc2 && c < 0xe0 && i + 1 < u.length && (u[i + 1] & 0xc0) === 0x80) { cp = ((c & 31) << 6) | (u[i + 1] & 63); n = 2; }
        else if (c >= 0xe0 && c < 0xf0 && i + 2 < u.length && (u[i + 1] & 0xc0) === 0x80 && (u[i + 2] & 0xc0) === 0x80) {
          cp = ((c & 15) << 12) | ((u[i + 1] & 63) << 6) | (u[i + 2] & 63); n = 3;
          if (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000)) { cp = 0xfffd; n = 1; }
        } else if (c >= 0xf0 && c < 0xf5 && i + 3 < u.length && (u[i + 1] & 0xc0) === 0x80 && (u[i + 2] & 0xc0) === 0x80 && (u[i + 3] & 0xc0) === 0x80) {
          cp = ((c & 7) << 18) | ((u[i + 1] & 63) << 12) | ((u[i + 2] & 63) << 6) | (u[i + 3] & 63); n = 4;
          if (cp < 0x10000 || cp > 0x10ffff) { cp = 0xfffd; n = 1; }
        }
        s += String.fromCodePoint(cp);
        i += n;
      }
      return s;
    }
  }
  defProp(G, 'TextEncoder', { value: TextEncoder, writable: true, configurable: true });
  defProp(G, 'TextDecoder', { value: TextDecoder, writable: true, configurable: true });

  // console, as the componentizers' runtimes give it: a line to the component's stdout (log, info, debug) or
  // stderr (warn, error), its arguments joined by spaces (non-strings through String).
  const consoleObj = {};
  for (const [k, ch] of [['log', 'stdout'], ['info', 'stdout'], ['debug', 'stdout'], ['warn', 'stderr'], ['error', 'stderr']]) {
    consoleObj[k] = (...a) => { call(0, '@@console', [ch, a.map((x) => (typeof x === 'string' ? x : String(x))).join(' ') + '\n']); };
  }
  defProp(G, 'console', { value: consoleObj, writable: true, configurable: true });

  const exportsObj = {};
  defProp(G, '__exports', { value: exportsObj });
  defProp(G, '__import', { value: (spec) => call(0, '@@import', [String(spec)]) });

  return {
    // the host calls a guest value (a function, or a method of an object) it holds by id
    invoke(id, method, m, ...bufs) {
      const target = guestById.get(id);
      const out = [];
      let res;
      try {
        if (target === undefined) throw new TypeError('no such guest value');
        const args = dec(parse(m), bufs);
        let r;
        if (method === '') r = apply(target, undefined, args);
        else if (method === '@@asyncIterator') r = target[AI]();
        else r = apply(target[method], target, args);
        res = { r: enc(r, out) };
      } catch (e) {
        out.length = 0;
        res = { t: enc(e, out) };
      }
      return out.length === 0 ? stringify(res) : cat([stringify(res)], out);
    },
    // the host calls \`next()\` of a guest iterator it holds by id: as \`invoke(id, 'next', '[]')\`, but always a
    // number: a promise returned (the common case) comes back as its id, reported with \`byteResults\`; anything
    // else as 0, its reply (invoke's) kept for \`nextReply\`
    next(id) {
      const target = guestById.get(id);
      const out = [];
      let res;
      try {
        if (target === undefined) throw new TypeError('no such guest value');
        const r = apply(target.next, target, []);
        if (r instanceof P && guestIdOf.get(r) === undefined) {
          const pid = guestId(r);
          reportSettle(r, pid, true);
          return pid;
        }
        res = { r: enc(r, out) };
      } catch (e) {
        out.length = 0;
        res = { t: enc(e, out) };
      }
      nextReplyKept = out.length === 0 ? stringify(res) : cat([stringify(res)], out);
      return 0;
    },
    nextReply() {
      const r = nextReplyKept;
      nextReplyKept = undefined;
      return r;
    },
    // a host promise the guest holds settled
    settle(id, ok, m, ...bufs) {
      const r = resolvers.get(id);
      if (!r) return;
      resolvers.delete(id);
      r[ok ? 0 : 1](dec(parse(m), bufs));
    },
    // the module's exports, once its code ran
    exports() {
      const out = [];
      const m = stringify(enc(exportsObj, out));
      return out.length === 0 ? m : cat([m], out);
    },
    forbid(name) {
      defProp(G, name, { get() { return call(0, '@@violation', [name]); }, configurable: false });
    },
  };
})()`;

/**
 * Small helpers the rewritten code may need (jco's guest bindings offer no
 * writable stream of their own). In a project that bundles its modules they
 * go once into the project's helpers module (`addHelpersToModule`), imported
 * where used; otherwise inline, at the end of each file that uses them
 * (`addHelpers`), because a guest handed to the componentizer as one file
 * can import nothing but its WIT world.
 *
 * Each is plain JavaScript that type-checks (checkJs) against jco's 0.3
 * guest types: a `stream<u8>` argument is an `AsyncIterable<number>`, a
 * `future<T>` a `PromiseLike<T>`.
 */
import type { SourceFile } from 'ts-morph';
import { styleOf, withIndentation } from './restyle.js';

export const HELPERS: Readonly<Record<string, { deps?: readonly string[]; text: string }>> = {
  wasiOk: {
    text: `/** wasi-migrate: a ready \`future<result<_, E>>\` holding ok: no trailers, no error (what 0.2 code said by finishing plainly). */
function wasiOk() {
  return Promise.resolve({ tag: /** @type {const} */ ('ok'), val: undefined });
}`,
  },
  wasiSink: {
    text: `/**
 * wasi-migrate: the writing end of a 0.3 \`stream<u8>\`. \`open\` receives the
 * readable side (an AsyncIterable<number>) and returns the call's outcome
 * future; \`write\` resolves once the reader took the bytes (a 0.2 flush
 * point) and fails if the call failed before it did, \`close\` ends the stream and throws if the call failed, like a
 * failed 0.2 write did, and \`end\` writes then closes.
 * @param {(data: AsyncIterable<number>) => PromiseLike<unknown>} open
 */
function wasiSink(open) {
  /** @type {{ bytes: Uint8Array, taken: () => void }[]} */
  const queue = [];
  let closed = false;
  /** @type {(() => void) | null} */
  let wake = null;
  const signal = () => {
    const w = wake;
    wake = null;
    if (w) w();
  };
  async function* data() {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield* next.bytes;
        next.taken();
      } else if (closed) return;
      else await new Promise((resolve) => (wake = () => resolve(undefined)));
    }
  }
  const outcome = Promise.resolve(open(data()));
  // A write the reader never takes because the call failed fails with it, as a 0.2 write to a failed stream did.
  // (An ok outcome may come at once: a body's contents are read after the call that took them returned.)
  /** @type {unknown} */
  let ended = null;
  /** @type {Set<(e: unknown) => void>} */
  const waiting = new Set();
  // Thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError: a catch written for either reads it.
  /** @param {object} e */
  const failure = (e) => ({ ...e, payload: e });
  /** @param {unknown} e */
  const fail = (e) => {
    ended = e;
    for (const f of waiting) f(e);
  };
  outcome.then(
    (/** @type {any} */ r) => {
      if (r && r.tag === 'err') fail(failure({ tag: 'last-operation-failed', val: r.val }));
    },
    () => fail(failure({ tag: 'closed' })),
  );
  const sink = {
    /** @param {Uint8Array} bytes */
    write(bytes) {
      if (closed) throw failure({ tag: 'closed' });
      if (ended) return Promise.reject(ended);
      return new Promise((taken, failed) => {
        waiting.add(failed);
        queue.push({ bytes, taken: () => (waiting.delete(failed), taken(undefined)) });
        signal();
      });
    },
    async close() {
      closed = true;
      signal();
      const r = /** @type {any} */ (await outcome);
      if (r && r.tag === 'err') throw failure({ tag: 'last-operation-failed', val: r.val });
    },
    /** @param {Uint8Array} bytes */
    async end(bytes) {
      await sink.write(bytes);
      await sink.close();
    },
  };
  return sink;
}`,
  },
  wasiOutgoingBody: {
    deps: ['wasiSink'],
    text: `/**
 * wasi-migrate: what a 0.2 \`outgoing-body\` was, for 0.3 \`request.new\`/
 * \`response.new\`: \`contents\` and \`trailers\` are passed to \`new\`; \`write()\`
 * gives the stream to write the body to; \`finish(trailers)\` ends it.
 */
function wasiOutgoingBody() {
  /** @type {AsyncIterable<number>} */
  let contents = /** @type {any} */ (null);
  // wasiSink calls this at once: the body's readable side, handed to \`new\`.
  const sink = wasiSink((data) => {
    contents = data;
    return Promise.resolve({ tag: 'ok' });
  });
  /** @type {(t: any) => void} */
  let settle = () => {};
  /** @type {Promise<any>} */
  const trailers = new Promise((resolve) => (settle = resolve));
  return {
    contents,
    trailers,
    write: () => sink,
    /** @param {import('wasi:http/types@0.3.0').Fields | undefined} fields */
    async finish(fields) {
      await sink.close();
      settle({ tag: 'ok', val: fields });
    },
  };
}`,
  },
  wasiPollable: {
    text: `/**
 * wasi-migrate: a 0.2 \`pollable\` over a 0.3 promise, for code that polls
 * several at once: \`ready()\` once it settled, \`block()\` waits for that.
 * @param {PromiseLike<unknown>} promise
 */
function wasiPollable(promise) {
  let done = false;
  const settled = Promise.resolve(promise).then(
    () => void (done = true),
    () => void (done = true),
  );
  return { ready: () => done, block: () => settled };
}`,
  },
  wasiPoll: {
    deps: ['wasiPollable'],
    text: `/**
 * wasi-migrate: 0.2 \`poll(list)\`: waits until one of the pollables is ready
 * and returns the indices of all that are.
 * @param {ReturnType<typeof wasiPollable>[]} list
 */
async function wasiPoll(list) {
  await Promise.race(list.map((p) => p.block()));
  return list.flatMap((p, i) => (p.ready() ? [i] : []));
}`,
  },
  wasiReadAt: {
    text: `/**
 * wasi-migrate: 0.2 \`descriptor.read(length, offset)\` on 0.3's
 * \`readViaStream(offset)\`: up to \`length\` bytes from \`offset\`, and whether
 * the end of the file came first; a failed read throws its error-code, as
 * the 0.2 call did. A \`file\` typed \`any\` gives \`any\` and takes a number count, as the 0.2 call on
 * it did (\`0 extends 1 & F\` holds only for \`any\`).
 * @template F
 * @param {F & { readViaStream(offset: bigint): [AsyncIterable<number>, PromiseLike<{ tag: 'ok' } | { tag: 'err', val: unknown }>] }} file
 * @param {0 extends 1 & F ? any : bigint} length
 * @param {0 extends 1 & F ? any : bigint} offset
 * @returns {Promise<0 extends 1 & F ? any : [Uint8Array, boolean]>}
 */
async function wasiReadAt(file, length, offset) {
  const [data, outcome] = file.readViaStream(offset);
  /** @type {number[]} */
  const bytes = [];
  for await (const b of data) {
    if (bytes.length === Number(length)) return [new Uint8Array(bytes), false];
    bytes.push(b);
  }
  const r = await outcome;
  // The error-code, thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError.
  if (r.tag === 'err') throw Object.assign({ payload: r.val }, r.val);
  return [new Uint8Array(bytes), true];
}`,
  },
  wasiReadUpTo: {
    text: `/**
 * wasi-migrate: one bounded 0.2 \`blockingRead(n)\` of an HTTP body, on the
 * 0.3 [stream, outcome] pair: up to \`n\` bytes, fewer only where the body
 * ends first (0.2 gave as many as had arrived, any count from 1 to \`n\`). At
 * the end with no byte read it throws \`{ tag: 'closed' }\`, or the body's
 * error, as the 0.2 read did. A \`body\` typed \`any\` gives \`any\` and takes a number count, as the 0.2
 * read on it did (\`0 extends 1 & B\` holds only for \`any\`).
 * @template B
 * @param {B & [AsyncIterable<number>, PromiseLike<{ tag: 'ok' } | { tag: 'err', val: unknown }>]} body
 * @param {0 extends 1 & B ? any : bigint} n
 * @returns {Promise<0 extends 1 & B ? any : Uint8Array>}
 */
async function wasiReadUpTo(body, n) {
  const [data, outcome] = body;
  /** @type {number[]} */
  const bytes = [];
  if (Number(n) === 0) return new Uint8Array(0);
  for await (const b of data) {
    bytes.push(b);
    if (bytes.length === Number(n)) break;
  }
  if (bytes.length === 0) {
    const r = await outcome;
    // Thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError: a catch written for either reads it.
    const e = r.tag === 'err' ? { tag: 'last-operation-failed', val: r.val } : { tag: 'closed' };
    throw { ...e, payload: e };
  }
  return new Uint8Array(bytes);
}`,
  },
  wasiRead: {
    text: `/**
 * wasi-migrate: a 0.2 \`blockingRead(n)\` that more reads may follow, on the
 * 0.3 [stream, outcome] pair. It waits for one byte, then takes what the
 * stream holds already, up to \`n\`: 0.2 gave as many bytes as had arrived,
 * any count from 1 to \`n\`, and waiting for \`n\` could hang where the peer
 * waits for an answer first. At the end it throws \`{ tag: 'closed' }\`, or
 * \`{ tag: 'last-operation-failed', val }\` when the outcome is an error, as
 * the 0.2 read did. Reads of one stream go on where the last one stopped.
 * A \`stream\` typed \`any\` gives \`any\` and takes a number count, as the 0.2 read on it did
 * (\`0 extends 1 & S\` holds only for \`any\`).
 * @template S
 * @param {S & readonly [AsyncIterable<number>, PromiseLike<{ tag: 'ok' } | { tag: 'err', val: unknown }>]} stream
 * @param {0 extends 1 & S ? any : bigint} n
 * @returns {Promise<0 extends 1 & S ? any : Uint8Array>}
 */
async function wasiRead(stream, n) {
  const [data, outcome] = stream;
  // Where the last read of this stream stopped (kept on the stream: a helper declared at the end of a module hoists, a const would not).
  const key = Symbol.for('wasi-migrate.reader');
  const held = /** @type {AsyncIterable<number> & { [key: symbol]: { it: AsyncIterator<number>, next?: Promise<IteratorResult<number>> } | undefined }} */ (data);
  const reader = (held[key] ??= { it: data[Symbol.asyncIterator]() });
  // After the first byte, a step the stream cannot give within a few turns of the job queue is left for the next read.
  const soon = () => {
    let p = Promise.resolve();
    for (let i = 0; i < 8; i++) p = p.then();
    return p.then(() => undefined);
  };
  /** @type {number[]} */
  const bytes = [];
  while (bytes.length < Number(n)) {
    const next = reader.next ?? reader.it.next();
    reader.next = undefined;
    const step = bytes.length ? await Promise.race([next, soon()]) : await next;
    if (!step || step.done) {
      reader.next = next;
      break;
    }
    bytes.push(step.value);
  }
  if (bytes.length === 0 && Number(n) !== 0) {
    const r = await outcome;
    // Thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError: a catch written for either reads it.
    const e = r.tag === 'err' ? { tag: 'last-operation-failed', val: r.val } : { tag: 'closed' };
    throw { ...e, payload: e };
  }
  return new Uint8Array(bytes);
}`,
  },
  wasiSendResult: {
    text: `/**
 * wasi-migrate: what a 0.2 future-incoming-response's result held once ready,
 * from 0.3's \`send\`: \`{ tag: 'ok', val: response }\`, or
 * \`{ tag: 'err', val: error-code }\` where the call failed. jco rejects an
 * \`async func\`'s error with a ComponentError whose \`payload\` is the
 * error-code (or with the error-code itself); a failure with no payload (a
 * trap) is thrown on, as 0.2 threw it. A \`sent\` typed \`any\` gives \`any\`,
 * as the 0.2 \`get()\` on it did (\`0 extends 1 & S\` holds only for \`any\`).
 * @template S
 * @param {S & PromiseLike<unknown>} sent
 * @returns {Promise<0 extends 1 & S ? any : { tag: 'ok', val: Awaited<S> } | { tag: 'err', val: import('wasi:http/client@0.3.0').ErrorCode }>}
 */
async function wasiSendResult(sent) {
  try {
    return { tag: /** @type {const} */ ('ok'), val: /** @type {Awaited<S>} */ (await sent) };
  } catch (e) {
    if (e && typeof e === 'object' && 'payload' in e) return { tag: /** @type {const} */ ('err'), val: /** @type {import('wasi:http/client@0.3.0').ErrorCode} */ (e.payload) };
    if (e instanceof Error) throw e;
    return { tag: /** @type {const} */ ('err'), val: /** @type {import('wasi:http/client@0.3.0').ErrorCode} */ (e) };
  }
}`,
  },
  wasiWriteAt: {
    text: `/**
 * wasi-migrate: 0.2 \`descriptor.write(bytes, offset)\` on 0.3's
 * \`writeViaStream(data, offset)\`: writes the bytes at \`offset\` and returns
 * how many, once the write is done; a failed write throws its error-code,
 * as the 0.2 call did. A \`file\` typed \`any\` gives \`any\` and takes a number count, as the 0.2
 * call on it did (\`0 extends 1 & F\` holds only for \`any\`).
 * @template F
 * @param {F & { writeViaStream(data: AsyncIterable<number>, offset: bigint): PromiseLike<{ tag: 'ok' } | { tag: 'err', val: unknown }> }} file
 * @param {Uint8Array} bytes
 * @param {0 extends 1 & F ? any : bigint} offset
 * @returns {Promise<0 extends 1 & F ? any : bigint>}
 */
async function wasiWriteAt(file, bytes, offset) {
  const r = await file.writeViaStream((async function* () { yield* bytes; })(), offset);
  // The error-code, thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError.
  if (r.tag === 'err') throw Object.assign({ payload: r.val }, r.val);
  return BigInt(bytes.length);
}`,
  },
};

/** The same helpers for TypeScript files: types in the syntax, not in JSDoc. */
export const HELPERS_TS: Readonly<Record<string, string>> = {
  wasiOk: `/** wasi-migrate: a ready \`future<result<_, E>>\` holding ok: no trailers, no error (what 0.2 code said by finishing plainly). */
function wasiOk() {
  return Promise.resolve({ tag: 'ok' as const, val: undefined });
}`,
  wasiSink: `/**
 * wasi-migrate: the writing end of a 0.3 \`stream<u8>\`. \`open\` receives the
 * readable side and returns the call's outcome future; \`write\` resolves once
 * the reader took the bytes (a 0.2 flush point) and fails if the call failed
 * before it did, \`close\` ends the stream and
 * throws if the call failed, like a failed 0.2 write did, and \`end\` writes then closes.
 */
function wasiSink(open: (data: AsyncIterable<number>) => PromiseLike<unknown>) {
  const queue: { bytes: Uint8Array; taken: () => void }[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    if (w) w();
  };
  async function* data(): AsyncGenerator<number> {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield* next.bytes;
        next.taken();
      } else if (closed) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const outcome = Promise.resolve(open(data()));
  // A write the reader never takes because the call failed fails with it, as a 0.2 write to a failed stream did.
  // (An ok outcome may come at once: a body's contents are read after the call that took them returned.)
  let ended: unknown = null;
  const waiting = new Set<(e: unknown) => void>();
  // Thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError: a catch written for either reads it.
  const failure = (e: object) => ({ ...e, payload: e });
  const fail = (e: unknown) => {
    ended = e;
    for (const f of waiting) f(e);
  };
  outcome.then(
    (result) => {
      const r = result as { tag?: string; val?: unknown } | undefined;
      if (r && r.tag === 'err') fail(failure({ tag: 'last-operation-failed', val: r.val }));
    },
    () => fail(failure({ tag: 'closed' })),
  );
  const sink = {
    write(bytes: Uint8Array): Promise<void> {
      if (closed) throw failure({ tag: 'closed' });
      if (ended) return Promise.reject(ended);
      return new Promise<void>((taken, failed) => {
        waiting.add(failed);
        queue.push({ bytes, taken: () => (waiting.delete(failed), taken()) });
        signal();
      });
    },
    async close(): Promise<void> {
      closed = true;
      signal();
      const r = (await outcome) as { tag?: string; val?: unknown } | undefined;
      if (r && r.tag === 'err') throw failure({ tag: 'last-operation-failed', val: r.val });
    },
    async end(bytes: Uint8Array): Promise<void> {
      await sink.write(bytes);
      await sink.close();
    },
  };
  return sink;
}`,
  wasiOutgoingBody: `/**
 * wasi-migrate: what a 0.2 \`outgoing-body\` was, for 0.3 \`request.new\`/
 * \`response.new\`: \`contents\` and \`trailers\` are passed to \`new\`; \`write()\`
 * gives the stream to write the body to; \`finish(trailers)\` ends it.
 */
function wasiOutgoingBody() {
  let contents: AsyncIterable<number> = null!;
  // wasiSink calls this at once: the body's readable side, handed to \`new\`.
  const sink = wasiSink((data) => {
    contents = data;
    return Promise.resolve({ tag: 'ok' });
  });
  let settle: (t: any) => void = () => {};
  const trailers = new Promise<any>((resolve) => (settle = resolve));
  return {
    contents,
    trailers,
    write: () => sink,
    async finish(fields: import('wasi:http/types@0.3.0').Fields | undefined): Promise<void> {
      await sink.close();
      settle({ tag: 'ok', val: fields });
    },
  };
}`,
  wasiPollable: `/**
 * wasi-migrate: a 0.2 \`pollable\` over a 0.3 promise, for code that polls
 * several at once: \`ready()\` once it settled, \`block()\` waits for that.
 */
function wasiPollable(promise: PromiseLike<unknown>) {
  let done = false;
  const settled = Promise.resolve(promise).then(
    () => void (done = true),
    () => void (done = true),
  );
  return { ready: () => done, block: () => settled };
}`,
  wasiPoll: `/**
 * wasi-migrate: 0.2 \`poll(list)\`: waits until one of the pollables is ready
 * and returns the indices of all that are.
 */
async function wasiPoll(list: ReturnType<typeof wasiPollable>[]): Promise<number[]> {
  await Promise.race(list.map((p) => p.block()));
  return list.flatMap((p, i) => (p.ready() ? [i] : []));
}`,
  wasiReadAt: `/**
 * wasi-migrate: 0.2 \`descriptor.read(length, offset)\` on 0.3's
 * \`readViaStream(offset)\`: up to \`length\` bytes from \`offset\`, and whether
 * the end of the file came first; a failed read throws its error-code, as
 * the 0.2 call did. A \`file\` typed \`any\` gives \`any\` and takes a number count, as the 0.2 call on
 * it did (\`0 extends 1 & F\` holds only for \`any\`).
 */
async function wasiReadAt<F>(file: F & { readViaStream(offset: bigint): [AsyncIterable<number>, PromiseLike<{ tag: 'ok' } | { tag: 'err'; val: unknown }>] }, length: 0 extends 1 & F ? any : bigint, offset: 0 extends 1 & F ? any : bigint): Promise<0 extends 1 & F ? any : [Uint8Array, boolean]> {
  const [data, outcome] = file.readViaStream(offset);
  const bytes: number[] = [];
  for await (const b of data) {
    if (bytes.length === Number(length)) return [new Uint8Array(bytes), false];
    bytes.push(b);
  }
  const r = await outcome;
  // The error-code, thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError.
  if (r.tag === 'err') throw Object.assign({ payload: r.val }, r.val);
  return [new Uint8Array(bytes), true];
}`,
  wasiReadUpTo: `/**
 * wasi-migrate: one bounded 0.2 \`blockingRead(n)\` of an HTTP body, on the
 * 0.3 [stream, outcome] pair: up to \`n\` bytes, fewer only where the body
 * ends first (0.2 gave as many as had arrived, any count from 1 to \`n\`). At
 * the end with no byte read it throws \`{ tag: 'closed' }\`, or the body's
 * error, as the 0.2 read did. A \`body\` typed \`any\` gives \`any\` and takes a number count, as the 0.2
 * read on it did (\`0 extends 1 & B\` holds only for \`any\`).
 */
async function wasiReadUpTo<B>(body: B & [AsyncIterable<number>, PromiseLike<{ tag: 'ok' } | { tag: 'err'; val: unknown }>], n: 0 extends 1 & B ? any : bigint): Promise<0 extends 1 & B ? any : Uint8Array> {
  const [data, outcome] = body;
  const bytes: number[] = [];
  if (Number(n) === 0) return new Uint8Array(0);
  for await (const b of data) {
    bytes.push(b);
    if (bytes.length === Number(n)) break;
  }
  if (bytes.length === 0) {
    const r = await outcome;
    // Thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError: a catch written for either reads it.
    const e = r.tag === 'err' ? { tag: 'last-operation-failed', val: r.val } : { tag: 'closed' };
    throw { ...e, payload: e };
  }
  return new Uint8Array(bytes);
}`,
  wasiRead: `/**
 * wasi-migrate: a 0.2 \`blockingRead(n)\` that more reads may follow, on the
 * 0.3 [stream, outcome] pair. It waits for one byte, then takes what the
 * stream holds already, up to \`n\`: 0.2 gave as many bytes as had arrived,
 * any count from 1 to \`n\`, and waiting for \`n\` could hang where the peer
 * waits for an answer first. At the end it throws \`{ tag: 'closed' }\`, or
 * \`{ tag: 'last-operation-failed', val }\` when the outcome is an error, as
 * the 0.2 read did. Reads of one stream go on where the last one stopped.
 * A \`stream\` typed \`any\` gives \`any\` and takes a number count, as the 0.2 read on it did
 * (\`0 extends 1 & S\` holds only for \`any\`).
 */
async function wasiRead<S>(stream: S & readonly [AsyncIterable<number>, PromiseLike<{ tag: 'ok' } | { tag: 'err'; val: unknown }>], n: 0 extends 1 & S ? any : bigint): Promise<0 extends 1 & S ? any : Uint8Array> {
  const [data, outcome] = stream;
  // Where the last read of this stream stopped (kept on the stream: a helper declared at the end of a module hoists, a const would not).
  const key = Symbol.for('wasi-migrate.reader');
  const held = data as AsyncIterable<number> & { [key: symbol]: { it: AsyncIterator<number>; next?: Promise<IteratorResult<number>> } | undefined };
  const reader = (held[key] ??= { it: data[Symbol.asyncIterator]() });
  // After the first byte, a step the stream cannot give within a few turns of the job queue is left for the next read.
  const soon = () => {
    let p = Promise.resolve();
    for (let i = 0; i < 8; i++) p = p.then();
    return p.then(() => undefined);
  };
  const bytes: number[] = [];
  while (bytes.length < Number(n)) {
    const next = reader.next ?? reader.it.next();
    reader.next = undefined;
    const step = bytes.length ? await Promise.race([next, soon()]) : await next;
    if (!step || step.done) {
      reader.next = next;
      break;
    }
    bytes.push(step.value);
  }
  if (bytes.length === 0 && Number(n) !== 0) {
    const r = await outcome;
    // Thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError: a catch written for either reads it.
    const e = r.tag === 'err' ? { tag: 'last-operation-failed', val: r.val } : { tag: 'closed' };
    throw { ...e, payload: e };
  }
  return new Uint8Array(bytes);
}`,
  wasiSendResult: `/**
 * wasi-migrate: what a 0.2 future-incoming-response's result held once ready,
 * from 0.3's \`send\`: \`{ tag: 'ok', val: response }\`, or
 * \`{ tag: 'err', val: error-code }\` where the call failed. jco rejects an
 * \`async func\`'s error with a ComponentError whose \`payload\` is the
 * error-code (or with the error-code itself); a failure with no payload (a
 * trap) is thrown on, as 0.2 threw it. A \`sent\` typed \`any\` gives \`any\`,
 * as the 0.2 \`get()\` on it did (\`0 extends 1 & S\` holds only for \`any\`).
 */
async function wasiSendResult<S>(sent: S & PromiseLike<unknown>): Promise<0 extends 1 & S ? any : { tag: 'ok'; val: Awaited<S> } | { tag: 'err'; val: import('wasi:http/client@0.3.0').ErrorCode }> {
  try {
    return { tag: 'ok' as const, val: (await sent) as Awaited<S> };
  } catch (e) {
    if (e && typeof e === 'object' && 'payload' in e) return { tag: 'err' as const, val: e.payload as import('wasi:http/client@0.3.0').ErrorCode };
    if (e instanceof Error) throw e;
    return { tag: 'err' as const, val: e as import('wasi:http/client@0.3.0').ErrorCode };
  }
}`,
  wasiWriteAt: `/**
 * wasi-migrate: 0.2 \`descriptor.write(bytes, offset)\` on 0.3's
 * \`writeViaStream(data, offset)\`: writes the bytes at \`offset\` and returns
 * how many, once the write is done; a failed write throws its error-code,
 * as the 0.2 call did. A \`file\` typed \`any\` gives \`any\` and takes a number count, as the 0.2
 * call on it did (\`0 extends 1 & F\` holds only for \`any\`).
 */
async function wasiWriteAt<F>(file: F & { writeViaStream(data: AsyncIterable<number>, offset: bigint): PromiseLike<{ tag: 'ok' } | { tag: 'err'; val: unknown }> }, bytes: Uint8Array, offset: 0 extends 1 & F ? any : bigint): Promise<0 extends 1 & F ? any : bigint> {
  const r = await file.writeViaStream((async function* () { yield* bytes; })(), offset);
  // The error-code, thrown as itself and as the \`payload\` of ComponentizeJS's ComponentError.
  if (r.tag === 'err') throw Object.assign({ payload: r.val }, r.val);
  return BigInt(bytes.length);
}`,
};

/** The type of what the port passes where 0.2 passed an input-stream: the 0.3 `[stream<u8>, outcome future]` pair. */
export const INPUT_STREAM_TYPE = "[AsyncIterable<number>, PromiseLike<{ tag: 'ok', val: unknown } | { tag: 'err', val: any }>]";
/** The type of what the port passes where 0.2 passed an output-stream: the sink `wasiSink` makes. */
export const OUTPUT_STREAM_TYPE = 'ReturnType<typeof wasiSink>';

/** TypeScript source (not JavaScript): the helpers go in with types. */
export function isTypeScript(path: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/.test(path);
}

const HELPERS_JS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(HELPERS).map(([k, v]) => [k, v.text]));

/** The helper texts for a file. */
export function helperTexts(path: string): Readonly<Record<string, string>> {
  return isTypeScript(path) ? HELPERS_TS : HELPERS_JS;
}

/** The named helpers and those they need, in a stable order. */
function withDeps(names: Iterable<string>): string[] {
  const want = new Set<string>();
  const add = (n: string) => {
    if (want.has(n)) return;
    for (const d of HELPERS[n]?.deps ?? []) add(d);
    want.add(n);
  };
  for (const n of names) add(n);
  return Object.keys(HELPERS).filter((n) => want.has(n));
}

/** What appending helper `texts` adds at the end of the file: function declarations hoist, and the program reads first. */
function appendix(file: SourceFile, texts: readonly string[]): string {
  if (!texts.length) return '';
  const full = file.getFullText();
  return `${full.endsWith('\n') || !full ? '' : '\n'}${full ? '\n' : ''}${texts.join('\n\n')}\n`;
}

function append(file: SourceFile, texts: readonly string[]): void {
  const text = appendix(file, texts);
  if (text) file.insertText(file.getEnd(), text);
}

/**
 * The text that adding the named helpers (and those they need, in a stable
 * order) puts at the end of the file, as ts-morph's `insertText` writes it
 * there (through the file's writer), in the file's indentation. The rewriter
 * appends it to the file's last text: inserting it through ts-morph
 * re-parsed each file grown by it.
 */
export function helpersAppendix(file: SourceFile, names: readonly string[]): string {
  const have = new Set(file.getFunctions().map((f) => f.getName()));
  const texts = helperTexts(file.getFilePath());
  // In the file's indentation (a four-space file got two-space helpers).
  const unit = styleOf(file.getFullText()).indentationText;
  const text = appendix(file, withDeps(names).filter((n) => !have.has(n)).map((n) => withIndentation(texts[n]!, unit)));
  if (!text) return '';
  const writer = (file as unknown as { _getWriter(): { write(s: string): unknown; toString(): string } })._getWriter();
  writer.write(text);
  return writer.toString();
}

const MODULE_HEADER = `/**
 * Helpers the WASI 0.3 port of this project uses (written by wasi-migrate,
 * once for the project, imported where used).
 */
`;

/** Is this text the helpers module a port created (its header)? */
export function isHelperModule(text: string): boolean {
  return text.startsWith(MODULE_HEADER);
}

/**
 * Adds the named helpers (and those they need) to `module`, the project's one
 * helpers module, as exports it does not have yet, indented by \`unit\` (a new
 * module takes the indentation of the files that import it).
 */
export function addHelpersToModule(module: SourceFile, names: readonly string[], unit: string = styleOf(module.getFullText()).indentationText): void {
  if (!module.getFullText().trim()) module.insertText(0, MODULE_HEADER);
  const have = new Set(module.getFunctions().map((f) => f.getName()));
  const texts = helperTexts(module.getFilePath());
  append(module, withDeps(names).filter((n) => !have.has(n)).map((n) => withIndentation(texts[n]!, unit).replace(/^((?:\/\*\*[\s\S]*?\*\/\n)?)((?:async )?function )/, '$1export $2')));
}

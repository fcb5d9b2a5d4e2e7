/**
 * The inline helpers the rewriter adds type-check, with the real TypeScript
 * compiler in strict mode, against jco's 0.3 guest types: the JavaScript
 * ones with checkJs, the TypeScript ones as TypeScript.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { libCachingHost, OPTIONS } from '../../../src/exec/guest-typecheck.js';
import { writeGuestTypes } from '../../../src/jco/types.js';
import { HELPERS, HELPERS_TS } from '../../../src/bindings/code/helpers.js';

const WORLD = `package test:helpers;

world helpers {
  import wasi:http/types@0.3.0;
  import wasi:http/client@0.3.0;
  import wasi:cli/stdout@0.3.0;
  import wasi:clocks/monotonic-clock@0.3.0;
}
`;

/** Uses every helper the way the rewriter's output does. */
const USE = `
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';
import { send } from 'wasi:http/client@0.3.0';

export async function use() {
  const out = wasiSink(writeViaStream);
  await out.write(new Uint8Array([104, 105]));
  await out.close();
  await wasiSink(writeViaStream).end(new Uint8Array([10]));
  const body = wasiOutgoingBody();
  const response = Response.new(new Fields(), body.contents, body.trailers)[0];
  await body.write().write(new Uint8Array([1]));
  await body.finish(undefined);
  const none = Response.new(new Fields(), undefined, wasiOk())[0];
  const ready = await wasiPoll([wasiPollable(waitFor(1n)), wasiPollable(Promise.resolve(1))]);
  const head = await wasiReadUpTo(Response.consumeBody(none, wasiOk()), 16n);
  void head.byteLength;
  // Narrowed by its tag: the response, or the error-code (its own tag read, as 0.2 code reads it).
  const sent = await wasiSendResult(send(Request.new(new Fields(), undefined, wasiOk(), undefined)[0]));
  const said = sent.tag === 'ok' ? sent.val.getStatusCode() : sent.val.tag;
  void said;
  return [response, none, ready.includes(0)] as const;
}
`;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasi-migrate-helpers-'));
  writeFileSync(join(dir, 'world.wit'), WORLD);
  await writeGuestTypes(join(dir, 'world.wit'), 'helpers', join(dir, 'types'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function diagnostics(file: string, text: string): string[] {
  writeFileSync(join(dir, file), text);
  // The guest checker's options, with catch variables `unknown` again as strict makes them: the helpers must pass a strict user's build too.
  const options = { ...OPTIONS, useUnknownInCatchVariables: true };
  const program = ts.createProgram([join(dir, 'types', 'helpers.d.ts'), join(dir, file)], options, libCachingHost(options));
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}:${d.start ?? ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

test('the JavaScript helpers type-check (checkJs, strict) against jco 0.3 types', () => {
  const js = `// @ts-check\n${USE.replace(' as const', '')}\n${Object.values(HELPERS).map((h) => h.text).join('\n\n')}\n`;
  expect(diagnostics('use.js', js)).toEqual([]);
});

test('the TypeScript helpers type-check (strict) against jco 0.3 types', () => {
  const tsText = `${USE}\n${Object.values(HELPERS_TS).join('\n\n')}\n`;
  expect(diagnostics('use.ts', tsText)).toEqual([]);
});

/** A stream, body or file typed any (an untyped JavaScript parameter) read with number counts: jco's 0.2 calls took them (it converts with BigInt). */
const ANY_USE = `
export async function anyRead(input/*TYPE*/) {
  const a = await wasiRead(input, 4096);
  const b = await wasiReadUpTo(input, 0);
  const [c] = await wasiReadAt(input, 10, 0);
  const d = await wasiWriteAt(input, new Uint8Array(1), 0);
  return [a, b, c, d];
}
`;

test('the helpers take a number count where the stream, body or file is typed any, as the 0.2 call on it did (JavaScript and TypeScript)', () => {
  const js = `// @ts-check\n/** @param {any} input */${ANY_USE.replace('/*TYPE*/', '')}\n${Object.values(HELPERS).map((h) => h.text).join('\n\n')}\n`;
  expect(diagnostics('any.js', js)).toEqual([]);
  const tsText = `${ANY_USE.replace('/*TYPE*/', ': any')}\n${Object.values(HELPERS_TS).join('\n\n')}\n`;
  expect(diagnostics('any.ts', tsText)).toEqual([]);
});

test('wasiRead / wasiReadUpTo: a count of 0 given as a number reads nothing at once, as a 0.2 read of 0 did', async () => {
  type Pair = [AsyncIterable<number>, PromiseLike<{ tag: 'ok' }>];
  const pair = (): Pair => [(async function* () { yield 1; })(), Promise.resolve({ tag: 'ok' as const })];
  for (const name of ['wasiRead', 'wasiReadUpTo'] as const) {
    const read = new Function(`${HELPERS[name]!.text}\nreturn ${name};`)() as (p: Pair, n: number) => Promise<Uint8Array>;
    await expect(read(pair(), 0)).resolves.toEqual(new Uint8Array(0));
  }
});

test('a misuse is reported: the check can fail', () => {
  const tsText = `${USE.replace('new Uint8Array([1])', "'not bytes'")}\n${Object.values(HELPERS_TS).join('\n\n')}\n`;
  expect(diagnostics('bad.ts', tsText).length).toBeGreaterThan(0);
});

/** The JavaScript `wasiSink` as a function of this realm (the text the rewriter writes, evaluated as is). */
function sinkHelper(): (open: (data: AsyncIterable<number>) => PromiseLike<unknown>) => { write(b: Uint8Array): Promise<void>; close(): Promise<void> } {
  return new Function(`${HELPERS.wasiSink!.text}\nreturn wasiSink;`)() as ReturnType<typeof sinkHelper>;
}

test('wasiSink: writes resolve as the reader takes them; a write the reader never takes fails with the call, as a 0.2 write to a failed stream did', async () => {
  const wasiSink = sinkHelper();
  // A reader that takes everything, then reports ok.
  const got: number[] = [];
  const ok = wasiSink(async (data) => {
    for await (const b of data) got.push(b);
    return { tag: 'ok', val: undefined };
  });
  await ok.write(Uint8Array.of(1, 2));
  await ok.write(Uint8Array.of(3));
  await ok.close();
  expect(got).toEqual([1, 2, 3]);
  // An ok outcome at once (a body's contents, read after the call returned): the writes are still taken later.
  let contents: AsyncIterable<number> | null = null;
  const body = wasiSink(async (data) => {
    contents = data;
    return { tag: 'ok', val: undefined };
  });
  await Promise.resolve();
  const later: number[] = [];
  const reading = (async () => {
    for await (const b of contents!) later.push(b);
  })();
  await body.write(Uint8Array.of(7, 8));
  await body.close();
  await reading;
  expect(later).toEqual([7, 8]);
  // A reader that takes one byte, then the call fails (a reset peer): the pending write fails, the next at once, and close says why.
  const failing = wasiSink(async (data) => {
    for await (const b of data) {
      void b;
      break;
    }
    return { tag: 'err', val: { tag: 'connection-reset' } };
  });
  // Each failure reads as the bare stream-error (preview2-shim's shape) and as a ComponentError's `payload` (ComponentizeJS's).
  const failed = { tag: 'last-operation-failed', val: { tag: 'connection-reset' } };
  await expect(failing.write(Uint8Array.of(1, 2, 3))).rejects.toEqual({ ...failed, payload: failed });
  await expect(failing.write(Uint8Array.of(4))).rejects.toEqual({ ...failed, payload: failed });
  await expect(failing.close()).rejects.toEqual({ ...failed, payload: failed });
  // A write after close throws at once, as a 0.2 write to a closed stream did.
  let thrown: unknown;
  try {
    void failing.write(Uint8Array.of(5));
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toEqual({ tag: 'closed', payload: { tag: 'closed' } });
});

test('wasiReadAt / wasiWriteAt: a failed call throws the error-code as itself and as a ComponentError payload, so a catch written for either shape reads it', async () => {
  type Outcome = PromiseLike<{ tag: 'ok' } | { tag: 'err'; val: unknown }>;
  const readAt = new Function(`${HELPERS.wasiReadAt!.text}\nreturn wasiReadAt;`)() as (f: { readViaStream(o: bigint): [AsyncIterable<number>, Outcome] }, n: bigint, o: bigint) => Promise<unknown>;
  const writeAt = new Function(`${HELPERS.wasiWriteAt!.text}\nreturn wasiWriteAt;`)() as (f: { writeViaStream(d: AsyncIterable<number>, o: bigint): Outcome }, b: Uint8Array, o: bigint) => Promise<unknown>;
  const code = { tag: 'no-entry' };
  const none = (async function* () {})();
  await expect(readAt({ readViaStream: () => [none, Promise.resolve({ tag: 'err', val: code })] }, 4n, 0n)).rejects.toEqual({ tag: 'no-entry', payload: code });
  await expect(writeAt({ writeViaStream: async () => ({ tag: 'err', val: code }) }, Uint8Array.of(1), 0n)).rejects.toEqual({ tag: 'no-entry', payload: code });
});

test('wasiSendResult: the response, or the error-code a failed send rejects with (a ComponentError\'s payload, or the error itself); another failure is thrown on', async () => {
  const wasiSendResult = new Function(`${HELPERS.wasiSendResult!.text}\nreturn wasiSendResult;`)() as (sent: PromiseLike<unknown>) => Promise<{ tag: string; val: unknown }>;
  // jco's ComponentError: an Error whose own `payload` is the error-code.
  class ComponentError extends Error {
    constructor(value: unknown) {
      super(`${String(value)} (see error.payload)`);
      Object.defineProperty(this, 'payload', { value, enumerable: true });
    }
  }
  await expect(wasiSendResult(Promise.resolve('response'))).resolves.toEqual({ tag: 'ok', val: 'response' });
  await expect(wasiSendResult(Promise.reject(new ComponentError({ tag: 'DNS-timeout' })))).resolves.toEqual({ tag: 'err', val: { tag: 'DNS-timeout' } });
  await expect(wasiSendResult(Promise.reject({ tag: 'connection-refused' }))).resolves.toEqual({ tag: 'err', val: { tag: 'connection-refused' } });
  const trap = new Error('unreachable');
  await expect(wasiSendResult(Promise.reject(trap))).rejects.toBe(trap);
});

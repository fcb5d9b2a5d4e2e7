/**
 * Executor benchmarks for the bench harness: `stream<u8>` throughput through
 * the runtime (one writer task, one reader task, 64 KiB reader buffers, every
 * copy a rendezvous with its events delivered through waitable sets), the
 * same through the guest boundary (a guest's async generator drained by the
 * host), and whole fixture runs (0.2 + 0.3 on one seed) per second, in
 * `validate`'s order (a fixture's seeds in a row, so its compiled guests are
 * reused as they are there).
 *
 * Peer, measured in the same run: preview3-shim's `stream()` (jco's WASI 0.3
 * host for Node: a WHATWG TransformStream behind `{ tx, rx }`), moving the
 * same bytes in the same chunk sizes; and its `StreamReader` over the same
 * async generator for the boundary figure.
 */
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { stream, streamFromGuest } from './bindings.js';
import { loadFixture, run02, run03 } from './fixture.js';
import { Runtime } from './runtime.js';

async function streamThroughput(totalBytes: number, chunk: number): Promise<number> {
  const rt = new Runtime();
  const a = rt.instance('writer');
  const b = rt.instance('reader');
  const { tx, rx } = stream<number>(rt, a);
  rx.transfer(b);
  const payload = new Uint8Array(chunk).fill(7);
  let got = 0;
  const t0 = process.hrtime.bigint();
  const writer = (async () => {
    for (let sent = 0; sent < totalBytes; sent += chunk) await tx.write(payload);
    tx.close();
  })();
  const reader = (async () => {
    for (;;) {
      const c = await rx.read({ count: chunk });
      if (c === null) break;
      got += c.length;
    }
  })();
  await rt.drive(Promise.all([writer, reader]));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (got !== totalBytes) throw new Error(`bench: read ${got} of ${totalBytes} bytes`);
  return totalBytes / 1e6 / secs;
}

interface P3Reader {
  read(): Promise<Uint8Array | null>;
}
interface P3Stream {
  stream(): { tx: { write(c: Uint8Array): Promise<void>; close(): Promise<void> | void }; rx: P3Reader };
  StreamReader: new (src: AsyncIterable<Uint8Array>) => P3Reader;
}

async function preview3Shim(): Promise<P3Stream> {
  const entry = createRequire(import.meta.url).resolve('@bytecodealliance/preview3-shim/stream');
  return (await import(pathToFileURL(entry).href)) as P3Stream;
}

async function peerStreamThroughput(p3: P3Stream, totalBytes: number, chunk: number): Promise<number> {
  const { tx, rx } = p3.stream();
  const payload = new Uint8Array(chunk).fill(7);
  let got = 0;
  const t0 = process.hrtime.bigint();
  const writer = (async () => {
    for (let sent = 0; sent < totalBytes; sent += chunk) await tx.write(payload);
    await tx.close();
  })();
  for (;;) {
    const c = await rx.read();
    if (c === null) break;
    got += c.length;
  }
  await writer;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (got !== totalBytes) throw new Error(`bench: preview3-shim read ${got} of ${totalBytes} bytes`);
  return totalBytes / 1e6 / secs;
}

async function* chunks(totalBytes: number, chunk: number): AsyncGenerator<Uint8Array> {
  const payload = new Uint8Array(chunk).fill(7);
  for (let sent = 0; sent < totalBytes; sent += chunk) yield payload;
}

/** A guest's async generator handed to the host as a stream<u8>, drained by host code. */
async function boundaryThroughput(totalBytes: number, chunk: number): Promise<number> {
  const rt = new Runtime();
  const guest = rt.instance('guest');
  const t0 = process.hrtime.bigint();
  const rx = streamFromGuest(rt, guest, chunks(totalBytes, chunk), 'bench body');
  rx.transfer(rt.host);
  let got = 0;
  await rt.drive(
    (async () => {
      for await (const c of rx) got += c.length;
    })(),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (got !== totalBytes) throw new Error(`bench: boundary read ${got} of ${totalBytes} bytes`);
  return totalBytes / 1e6 / secs;
}

async function peerBoundaryThroughput(p3: P3Stream, totalBytes: number, chunk: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const rx = new p3.StreamReader(chunks(totalBytes, chunk));
  let got = 0;
  for (;;) {
    const c = await rx.read();
    if (c === null) break;
    got += c.length;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (got !== totalBytes) throw new Error(`bench: preview3-shim reader read ${got} of ${totalBytes} bytes`);
  return totalBytes / 1e6 / secs;
}

/** Runs in `validate`'s order: a fixture's seeds one after another, the 0.2 and the 0.3 run of each seed. */
async function fixtureRunsPerSecond(root: string, names: string[], seeds: number): Promise<number> {
  const fxs = names.map((n) => loadFixture(join(root, 'fixtures/components', n), root));
  const t0 = process.hrtime.bigint();
  let runs = 0;
  for (const fx of fxs) {
    for (let seed = 0; seed < seeds; seed++) {
      await run02(fx, seed);
      await run03(fx, seed);
      runs += 2;
    }
  }
  return runs / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const round = (x: number): number => Math.round(x * 10) / 10;

export async function benchExecutor(root = process.cwd()): Promise<{ name: string; value: number; unit: string; peer?: { name: string; value: number } }[]> {
  const p3 = await preview3Shim();
  const peer = (value: number) => ({ name: 'preview3-shim 0.7 stream()', value: round(value) });
  // Interleave ours and the peer's runs so load changes hit both alike.
  const big = 32 * 1024 * 1024;
  const small = 4 * 1024 * 1024;
  const mbps = await streamThroughput(big, 64 * 1024);
  const p3mbps = await peerStreamThroughput(p3, big, 64 * 1024);
  const mbpsSmall = await streamThroughput(small, 1024);
  const p3Small = await peerStreamThroughput(p3, small, 1024);
  const edge = await boundaryThroughput(big, 64 * 1024);
  const p3Edge = await peerBoundaryThroughput(p3, big, 64 * 1024);
  const runs = await fixtureRunsPerSecond(root, ['cli-hello', 'cat', 'http-fanout', 'http-stream-transform', 'tcp-echo'], 10);
  return [
    { name: 'exec: stream<u8> throughput, 64 KiB copies', value: round(mbps), unit: 'MB/s', peer: peer(p3mbps) },
    { name: 'exec: stream<u8> throughput, 1 KiB copies', value: round(mbpsSmall), unit: 'MB/s', peer: peer(p3Small) },
    { name: 'exec: guest async generator -> host, 64 KiB chunks', value: round(edge), unit: 'MB/s', peer: { name: 'preview3-shim 0.7 StreamReader', value: round(p3Edge) } },
    { name: 'exec: fixture runs (one version, one seed)', value: Math.round(runs), unit: 'runs/s' },
  ];
}

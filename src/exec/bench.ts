/**
 * Executor benchmarks for the bench harness: `stream<u8>` throughput through
 * the runtime (one writer task, one reader task, 64 KiB reader buffers, every
 * copy a rendezvous with its events delivered through waitable sets), and
 * whole fixture runs (0.2 + 0.3 on one seed) per second.
 */
import { join } from 'node:path';
import { stream } from './bindings.js';
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

async function fixtureRunsPerSecond(root: string, names: string[], rounds: number): Promise<number> {
  const fxs = names.map((n) => loadFixture(join(root, 'fixtures/components', n), root));
  const t0 = process.hrtime.bigint();
  let runs = 0;
  for (let r = 0; r < rounds; r++) {
    for (const fx of fxs) {
      run02(fx, r);
      await run03(fx, r);
      runs += 2;
    }
  }
  return runs / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export async function benchExecutor(root = process.cwd()): Promise<{ name: string; value: number; unit: string }[]> {
  const mbps = await streamThroughput(32 * 1024 * 1024, 64 * 1024);
  const mbpsSmall = await streamThroughput(1024 * 1024, 1024);
  const runs = await fixtureRunsPerSecond(root, ['cli-hello', 'cat', 'http-fanout', 'http-stream-transform', 'tcp-echo'], 10);
  return [
    { name: 'exec: stream<u8> throughput, 64 KiB copies', value: Math.round(mbps * 10) / 10, unit: 'MB/s' },
    { name: 'exec: stream<u8> throughput, 1 KiB copies', value: Math.round(mbpsSmall * 10) / 10, unit: 'MB/s' },
    { name: 'exec: fixture runs (one version, one seed)', value: Math.round(runs), unit: 'runs/s' },
  ];
}

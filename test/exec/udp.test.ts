/**
 * UDP on both hosts (src/exec/udp.ts), in the shape of a real client: a
 * pinger that sends one datagram at a time to a connected peer and waits for
 * the echo with a deadline, sending again once when it is lost. The network
 * loses the second datagram. The 0.2 client uses the datagram streams with
 * poll; its 0.3 port awaits `receive` against `wait-for`, keeping the one
 * pending receive across attempts. They agree on every seed tried; a port
 * that starts a new receive per attempt (and so leaves the reply to the lost
 * ping's abandoned receive) is caught.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, run02, run03, type Fixture } from '../../src/exec/fixture.js';
import { validateFixture } from '../../src/exec/validate.js';
import { out } from './hostile/helpers.js';

const PEER = { tag: 'ipv4', val: { port: 5300, address: [10, 0, 0, 7] } };

function withEchoPeer(): Fixture {
  const fx = loadFixture('tcp-client', process.cwd());
  return { ...fx, scenario: { entry: 'cli', udpPeers: { '10.0.0.7:5300': { mode: 'echo', latencyMs: [5, 40], lose: [1] } } } };
}

const PRELUDE02 = `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createUdpSocket } from 'wasi:sockets/udp-create-socket@0.2.12';
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { poll } from 'wasi:io/poll@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
const enc = new TextEncoder();
const dec = new TextDecoder();
const PEER = ${JSON.stringify(PEER)};
const show = (a) => a.val.address.join('.') + ':' + a.val.port;
`;

const GUEST02 = `${PRELUDE02}export const run = {
  run() {
    const log = (line) => getStdout().blockingWriteAndFlush(enc.encode(line + '\\n'));
    const socket = createUdpSocket('ipv4');
    socket.startBind(instanceNetwork(), { tag: 'ipv4', val: { port: 0, address: [0, 0, 0, 0] } });
    socket.finishBind();
    const [incoming, outgoing] = socket.stream(PEER);
    log('connected to ' + show(socket.remoteAddress()));
    for (let i = 1; i <= 3; i++) {
      for (let attempt = 1; attempt <= 2; attempt++) {
        outgoing.checkSend();
        outgoing.send([{ data: enc.encode('ping ' + i), remoteAddress: undefined }]);
        const timeout = subscribeDuration(100000000n);
        const ready = poll([incoming.subscribe(), timeout]);
        if (ready.includes(0)) {
          const [d] = incoming.receive(1n);
          log('reply "' + dec.decode(d.data) + '" from ' + show(d.remoteAddress) + (attempt > 1 ? ' on attempt ' + attempt : ''));
          break;
        }
        log('ping ' + i + ': no reply in 100 ms');
      }
    }
  },
};
`;

const guest03 = (keepPendingReceive: boolean): string => `import { UdpSocket } from 'wasi:sockets/types@0.3.0';
import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const enc = new TextEncoder();
const dec = new TextDecoder();
const PEER = ${JSON.stringify(PEER)};
const show = (a) => a.val.address.join('.') + ':' + a.val.port;
async function* pings() {
  const socket = UdpSocket.create('ipv4');
  socket.bind({ tag: 'ipv4', val: { port: 0, address: [0, 0, 0, 0] } });
  socket.connect(PEER);
  yield 'connected to ' + show(socket.getRemoteAddress());
  let pending = null;
  for (let i = 1; i <= 3; i++) {
    for (let attempt = 1; attempt <= 2; attempt++) {
      await socket.send(enc.encode('ping ' + i), undefined);
      ${keepPendingReceive ? 'pending ??= socket.receive();' : 'pending = socket.receive();'}
      const got = await Promise.race([pending, waitFor(100000000n).then(() => null)]);
      if (got) {
        pending = null;
        const [data, from] = got;
        yield 'reply "' + dec.decode(data) + '" from ' + show(from) + (attempt > 1 ? ' on attempt ' + attempt : '');
        break;
      }
      yield 'ping ' + i + ': no reply in 100 ms';
    }
  }
}
export const run = {
  async run() {
    await writeViaStream((async function* () { for await (const line of pings()) yield* enc.encode(line + '\\n'); })());
  },
};
`;

const EXPECTED = ['connected to 10.0.0.7:5300', 'reply "ping 1" from 10.0.0.7:5300', 'ping 2: no reply in 100 ms', 'reply "ping 2" from 10.0.0.7:5300 on attempt 2', 'reply "ping 3" from 10.0.0.7:5300']
  .map((l) => `${l}\\n`)
  .join('');

test('0.2 udp: bind, stream to a peer, send and poll for the echo with a deadline; the lost datagram is sent again', async () => {
  const r = await run02(withEchoPeer(), 0, GUEST02);
  expect(r.verdict).toBeNull();
  expect(out(r.trace)).toBe(EXPECTED);
  // Every datagram sent is observable, the lost one too.
  expect(r.trace.filter((e) => e.ch === 'udp').map((e) => e.text)).toEqual(['ping 1', 'ping 2', 'ping 2', 'ping 3'].map((p) => `send 10.0.0.7:5300 "${p}"`));
});

test('0.2: a send that check-send did not permit traps', async () => {
  const r = await run02(
    withEchoPeer(),
    0,
    `${PRELUDE02}export const run = { run() {
  const socket = createUdpSocket('ipv4');
  socket.startBind(instanceNetwork(), { tag: 'ipv4', val: { port: 0, address: [0, 0, 0, 0] } });
  socket.finishBind();
  const [, outgoing] = socket.stream(PEER);
  try { outgoing.send([{ data: enc.encode('unpermitted'), remoteAddress: undefined }]); } catch {}
} };`,
  );
  expect(r.verdict).toBe('trap: outgoing-datagram-stream.send: 1 datagrams, check-send permitted 0');
});

test('0.3 udp-socket: bind, connect, send and receive against wait-for, the same lines', async () => {
  const r = await run03(withEchoPeer(), 0, guest03(true));
  expect(r.verdict).toBeNull();
  expect(out(r.trace)).toBe(EXPECTED);
});

test('validate: the 0.2 pinger and its 0.3 port agree; a port that abandons a receive per attempt diverges', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wm-udp-'));
  try {
    for (const [f, src] of [['guest-0.2.js', GUEST02], ['guest-0.3.js', guest03(true)], ['abandons.js', guest03(false)]]) writeFileSync(join(dir, f), src);
    const fx = { ...withEchoPeer(), guest02: join(dir, 'guest-0.2.js'), guest03: join(dir, 'guest-0.3.js') };
    const same = await validateFixture(fx, 8);
    expect(same.report ?? 'ok').toBe('ok');
    const wrong = await validateFixture({ ...fx, guest03: join(dir, 'abandons.js') }, 8);
    expect(wrong.ok).toBe(false);
    // The reply to the resent ping goes to the abandoned receive: the port sees no reply to ping 2 at all.
    expect(wrong.divergence!.right!.text).toBe('ping 2: no reply in 100 ms\\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

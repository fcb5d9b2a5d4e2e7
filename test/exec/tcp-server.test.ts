/**
 * Inbound TCP on both hosts (src/exec/tcp-server.ts): scripted clients of a
 * component that listens. A line server answers each line with its length;
 * the 0.2 guest uses start/finish-listen, subscribe and accept, its 0.3 port
 * `listen()`'s stream of connections. Each client's received bytes are in
 * the trace, a server's run ends normally once no client is left, and a
 * port that answers only the first line of a connection is caught.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, run02, run03, type Fixture } from '../../src/exec/fixture.js';
import { validateFixture } from '../../src/exec/validate.js';

function withClients(): Fixture {
  const fx = loadFixture('tcp-client', process.cwd());
  return {
    ...fx,
    scenario: {
      entry: 'cli',
      tcpClients: [
        { port: 7000, atMs: [1, 20], send: ['abc\n', 'hello\nxy', 'z\n'], gapMs: [1, 10] },
        { port: 7000, atMs: [1, 20], send: ['four\n'] },
        { port: 7001, send: ['nobody listens here\n'] },
      ],
    },
  };
}

const GUEST02 = `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.12';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.12';
const enc = new TextEncoder();
export const run = {
  run() {
    const s = createTcpSocket('ipv4');
    s.startBind(instanceNetwork(), { tag: 'ipv4', val: { port: 7000, address: [0, 0, 0, 0] } });
    s.subscribe().block();
    s.finishBind();
    s.startListen();
    s.finishListen();
    console.log('listening');
    for (;;) {
      s.subscribe().block();
      const [conn, input, output] = s.accept();
      let line = 0;
      for (;;) {
        let chunk;
        try {
          chunk = input.blockingRead(64n);
        } catch (e) {
          if (e.payload?.tag === 'closed') break;
          throw e;
        }
        for (const b of chunk) {
          if (b === 10) { output.blockingWriteAndFlush(enc.encode(line + '\\n')); line = 0; } else line++;
        }
      }
    }
  },
};
`;

const guest03 = (everyLine: boolean): string => `import { TcpSocket } from 'wasi:sockets/types@0.3.0';
const enc = new TextEncoder();
async function* answers(data) {
  let line = 0;
  for await (const b of data) {
    if (b === 10) {
      yield* enc.encode(line + '\\n');
      line = 0;
      ${everyLine ? '' : 'return;'}
    } else line++;
  }
}
export const run = {
  async run() {
    const s = TcpSocket.create('ipv4');
    s.bind({ tag: 'ipv4', val: { port: 7000, address: [0, 0, 0, 0] } });
    const connections = s.listen();
    console.log('listening');
    for await (const conn of connections) {
      const [data] = conn.receive();
      await conn.send(answers(data));
    }
  },
};
`;

const received = (trace: { ch: string; text: string }[]): string[] => trace.filter((e) => e.ch === 'tcp').map((e) => e.text);
const EXPECTED = ['listen 0.0.0.0:7000', 'no client left; the server ends here', 'client#0 received "3\\n5\\n3\\n"', 'client#1 received "4\\n"'];

test('0.2: start/finish-listen, then subscribe and accept per connection; each client gets its answers, and the run ends once no client is left', async () => {
  const r = await run02(withClients(), 0, GUEST02);
  expect(r.verdict).toBeNull();
  expect(received(r.trace)).toEqual(EXPECTED);
  // console.log is a line on stdout, as the componentizers' runtimes print it.
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text)).toEqual(['listening\\n']);
});

test("0.3: for await over listen()'s connections, the same answers", async () => {
  const r = await run03(withClients(), 3, guest03(true));
  expect(r.verdict).toBeNull();
  expect(received(r.trace)).toEqual(EXPECTED);
});

test('validate: the 0.2 server and its 0.3 port agree; a port that answers only the first line of a connection diverges', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wm-tcp-server-'));
  try {
    for (const [f, src] of [['guest-0.2.js', GUEST02], ['guest-0.3.js', guest03(true)], ['first-line.js', guest03(false)]] as const) writeFileSync(join(dir, f), src);
    const fx = { ...withClients(), guest02: join(dir, 'guest-0.2.js'), guest03: join(dir, 'guest-0.3.js') };
    const same = await validateFixture(fx, 6);
    expect(same.report ?? 'ok').toBe('ok');
    const wrong = await validateFixture({ ...fx, guest03: join(dir, 'first-line.js') }, 6);
    expect(wrong.ok).toBe(false);
    expect(wrong.divergence!.right!.text).toBe('client#0 received "3\\n"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a server blocked with a client still to come is not ended early: a client that connects late is answered', async () => {
  const fx = withClients();
  const late = { ...fx, scenario: { entry: 'cli' as const, tcpClients: [{ port: 7000, atMs: 5000, send: ['late\n'] }] } };
  const r = await run02(late, 0, GUEST02);
  expect(r.verdict).toBeNull();
  expect(received(r.trace)).toEqual(['listen 0.0.0.0:7000', 'no client left; the server ends here', 'client#0 received "4\\n"']);
  expect(r.virtualMs).toBeGreaterThanOrEqual(5000);
});

/**
 * Inbound TCP: scripted clients of a component that listens (a server).
 *
 * A scenario scripts clients (`tcpClients`): each connects to a port some
 * time after the component starts listening on it (`atMs`, jittered per
 * seed), sends its chunks one after another (`gapMs` apart), then ends its
 * sending side, as a client that has said everything does. What the
 * component sends back on a connection is observable: at the end of the run
 * the trace has, per client, every byte it received (trace channel `tcp`:
 * `client#i received "<bytes>"`), one event, so how the bytes were cut into
 * writes does not show.
 *
 * A server never returns from `run`: when a component is blocked, nothing is
 * scheduled, and every scripted client has connected and ended its sending
 * side, the run ends there, normally (`tcp`: `no client left; the server
 * ends here`) instead of as a deadlock. It ends the same way when the
 * component is blocked on something else at that point (a read of a
 * connection whose client is done, say): what it did not send shows in what
 * the clients received.
 *
 * The hosts: 0.2 `start-listen`/`finish-listen` then `accept()` (each
 * pending connection as `[tcp-socket, input-stream, output-stream]`,
 * `would-block` when none; the socket's pollable is ready when one is
 * pending); 0.3 `listen()` returns the `stream<tcp-socket>` of connections.
 * Both take the connection's streams as a connect does (host02.ts,
 * host03.ts).
 */
import { Watched } from './watched.js';
import type { Latency, World } from './world.js';
import { showBytes } from './trace.js';

export interface TcpClientScript {
  /** The port on the component it connects to. */
  port: number;
  /** When it connects, after the component starts listening on that port (ms; default 1). */
  atMs?: Latency;
  /** What it sends, chunk by chunk; then it ends its sending side. */
  send: string[];
  /** The gap before each chunk (ms; default 1). */
  gapMs?: Latency;
}

/** The component's side of a connection a scripted client made: the same surface as an outgoing connection. */
export class InboundConnection extends Watched {
  /** Bytes from the client not yet read by the component. */
  inbound: Uint8Array[] = [];
  /** The client ended its sending side. */
  peerClosed = false;
  /** Everything the component sent on this connection. */
  readonly received: number[] = [];
  constructor(readonly addr: string) {
    super();
  }
  send(bytes: Uint8Array): void {
    for (const b of bytes) this.received.push(b);
  }
  /** The component ended its sending side: the client has all it will get. */
  shutdown(): void {}
}

/** A listening socket's queue of connections not yet accepted. */
export class Listener extends Watched {
  readonly pending: InboundConnection[] = [];
}

/** The world's inbound TCP: listeners and the scripted clients that connect to them. */
export class TcpClients {
  private readonly clients: (InboundConnection | null)[];
  private ended = 0;
  /** The ports the component listens on. */
  private readonly ports = new Set<number>();
  private idleRecorded = false;
  constructor(
    private readonly world: World,
    private readonly scripts: readonly TcpClientScript[],
  ) {
    this.clients = scripts.map(() => null);
  }

  /** The component listens on `ip:port`: the clients scripted for that port start connecting. */
  listen(ip: string, port: number): Listener {
    const w = this.world;
    const l = new Listener();
    this.ports.add(port);
    w.record('tcp', `listen ${ip}:${port}`);
    const enc = new TextEncoder();
    this.scripts.forEach((c, i) => {
      if (c.port !== port) return;
      const name = `client#${i}`;
      let t = w.loop.now + w.latency(`tcp ${name} connect`, c.atMs ?? 1);
      w.loop.at(t, `tcp ${name} connects`, () => {
        const conn = (this.clients[i] = new InboundConnection(name));
        l.pending.push(conn);
        l.changed();
      });
      c.send.forEach((chunk, j) => {
        t += w.latency(`tcp ${name} chunk#${j}`, c.gapMs ?? 1);
        const bytes = enc.encode(chunk);
        w.loop.at(t, `tcp ${name} sends`, () => {
          const conn = this.clients[i]!;
          conn.inbound.push(bytes);
          conn.changed();
        });
      });
      w.loop.at(t + 1, `tcp ${name} ends its sending side`, () => {
        const conn = this.clients[i]!;
        conn.peerClosed = true;
        this.ended++;
        conn.changed();
      });
    });
    return l;
  }

  /**
   * The run may end here: a server listens and every client scripted for
   * it has connected and ended its sending side (asked when nothing is
   * scheduled and the component waits).
   */
  serverIdle(): boolean {
    const scripted = this.scripts.filter((c) => this.ports.has(c.port)).length;
    if (!this.ports.size || this.ended < scripted) return false;
    if (!this.idleRecorded) this.world.record('tcp', 'no client left; the server ends here');
    this.idleRecorded = true;
    return true;
  }

  /** Per client that connected, every byte the component sent it (trace texts for the end of the run). */
  received(): string[] {
    return this.clients.flatMap((c, i) => (c ? [`client#${i} received "${showBytes(Uint8Array.from(c.received))}"`] : []));
  }
}

/**
 * UDP: the world's datagram network, and `wasi:sockets` UDP on both hosts,
 * one module (0.2.12 `wasi:sockets/udp` + `udp-create-socket`; 0.3.0
 * `wasi:sockets/types.udp-socket`).
 *
 * The network. A scenario scripts UDP peers by `address:port`
 * (`udpPeers`); an `echo` peer sends every datagram it receives back to its
 * sender after a latency jittered per seed and per datagram, so replies can
 * overtake each other as on a real network, and `lose` lists the datagrams
 * (counted from 0 per peer) the network drops on the way there. A datagram to
 * an address with no peer is lost. Every datagram a component sends is
 * observable (trace channel `udp`: `send <to> "<bytes>"`); what arrives shows
 * in what the component does with it.
 *
 * 0.2 (`udp`): `create-udp-socket`, then `start-bind`/`finish-bind`, then
 * `stream(remote)` gives an `incoming-datagram-stream` (`receive(max)`: what
 * has arrived, at once, possibly nothing; `subscribe` is ready when something
 * has) and an `outgoing-datagram-stream` (`check-send` permits, `send`). With
 * a remote address the socket is connected: datagrams go there and only
 * theirs arrive.
 *
 * 0.3 (`udp-socket`): `create`, `bind` (a plain `func`: it never suspends),
 * `connect`/`disconnect`, `send: async func(data, remote-address)` (binds
 * implicitly, as the WIT says) and `receive: async func()` (waits for the
 * next datagram; `invalid-state` when not bound).
 */
import { Watched } from './watched.js';
import type { Latency, World } from './world.js';
import { ComponentError, Trap } from './errors.js';
import { showBytes } from './trace.js';

export interface UdpPeerScript {
  mode: 'echo';
  latencyMs?: Latency;
  /** Datagrams sent to this peer that the network drops, by index from 0. */
  lose?: number[];
}

interface Datagram {
  data: Uint8Array;
  from: string;
}

/** wasi:sockets `ip-socket-address`, the IPv4 case the simulated network has. */
export interface IpSocketAddress {
  tag: string;
  val: { port: number; address: number[] };
}

const text = (a: IpSocketAddress): string => `${a.val.address.join('.')}:${a.val.port}`;
function address(s: string): IpSocketAddress {
  const [ip, port] = s.split(':');
  return { tag: 'ipv4', val: { port: Number(port), address: ip.split('.').map(Number) } };
}

/** A bound local address and the datagrams that have arrived there. */
export class UdpEndpoint extends Watched {
  readonly inbox: Datagram[] = [];
  constructor(readonly local: string) {
    super();
  }
}

/** The world's UDP network: bound endpoints, scripted peers, datagrams in flight. */
export class UdpNetwork {
  private nextPort = 49152;
  private readonly bound = new Map<string, UdpEndpoint>();
  private readonly sentTo = new Map<string, number>();
  constructor(private readonly world: World) {}

  /** Bind `ip:port` (port 0: the next free ephemeral port). Null if taken. */
  bind(ip: string, port: number): UdpEndpoint | null {
    const local = `${ip}:${port === 0 ? this.nextPort++ : port}`;
    if (this.bound.has(local)) return null;
    const e = new UdpEndpoint(local);
    this.bound.set(local, e);
    return e;
  }

  send(from: UdpEndpoint, to: string, data: Uint8Array): void {
    const copy = Uint8Array.from(data);
    this.world.record('udp', `send ${to} "${showBytes(copy)}"`);
    const n = this.sentTo.get(to) ?? 0;
    this.sentTo.set(to, n + 1);
    const peer = this.world.scenario.udpPeers?.[to];
    if (!peer || peer.lose?.includes(n)) return;
    this.world.loop.after(this.world.latency(`udp ${to} echo#${n}`, peer.latencyMs ?? 1), `udp echo ${to}`, () => {
      from.inbox.push({ data: copy, from: to });
      from.changed();
    });
  }
}

/** State both versions share: the bound endpoint and the connected peer. */
class Socket {
  endpoint: UdpEndpoint | null = null;
  remote: string | null = null;
  constructor(protected readonly net: UdpNetwork) {}
  protected doBind(a: IpSocketAddress): 'ok' | 'invalid-state' | 'address-in-use' {
    if (this.endpoint) return 'invalid-state';
    this.endpoint = this.net.bind(a.val.address.join('.'), a.val.port);
    return this.endpoint ? 'ok' : 'address-in-use';
  }
  /** The implicit bind of `connect` and 0.3 `send`: any address, an ephemeral port. */
  protected bound(): UdpEndpoint {
    return (this.endpoint ??= this.net.bind('0.0.0.0', 0)!);
  }
  /** The next datagram for this socket (from its peer only, when connected); others are dropped on arrival. */
  protected takeOne(): Datagram | undefined {
    const inbox = this.endpoint?.inbox ?? [];
    while (inbox.length) {
      const d = inbox.shift()!;
      if (this.remote === null || d.from === this.remote) return d;
    }
    return undefined;
  }
  protected boundAddress(): IpSocketAddress | undefined {
    return this.endpoint ? address(this.endpoint.local) : undefined;
  }
}

/** The 0.2.12 interfaces `wasi:sockets/udp` and `udp-create-socket`; `pollable` makes a host02 Pollable. */
export function udpHost02(world: World, V: string, pollable: (ready: () => boolean, what: string) => unknown): Record<string, Record<string, unknown>> {
  const net = world.udp;

  class UdpSocket extends Socket {
    private binding: IpSocketAddress | null = null;
    startBind(_network: unknown, local: IpSocketAddress): void {
      if (this.endpoint || this.binding) throw new ComponentError('invalid-state');
      this.binding = local;
    }
    finishBind(): void {
      if (!this.binding) throw new ComponentError('not-in-progress');
      const r = this.doBind(this.binding);
      this.binding = null;
      if (r !== 'ok') throw new ComponentError(r);
    }
    /** `%stream(remote-address)`: connects (or not) and gives the two datagram streams. */
    stream(remote: IpSocketAddress | undefined): [IncomingDatagramStream, OutgoingDatagramStream] {
      if (!this.endpoint) throw new ComponentError('invalid-state');
      this.remote = remote ? text(remote) : null;
      return [new IncomingDatagramStream(this), new OutgoingDatagramStream(this)];
    }
    localAddress(): IpSocketAddress {
      const a = this.boundAddress();
      if (!a) throw new ComponentError('invalid-state');
      return a;
    }
    remoteAddress(): IpSocketAddress {
      if (this.remote === null) throw new ComponentError('invalid-state');
      return address(this.remote);
    }
    addressFamily(): string {
      return 'ipv4';
    }
    subscribe(): unknown {
      return pollable(() => true, 'udp-socket');
    }
    receiveOne(): Datagram | undefined {
      return this.takeOne();
    }
    /** A datagram for this socket has arrived (when connected, one from its peer). */
    waiting(): boolean {
      return (this.endpoint?.inbox ?? []).some((d) => this.remote === null || d.from === this.remote);
    }
    sendTo(data: Uint8Array, to: IpSocketAddress | undefined): void {
      const dest = to ? text(to) : this.remote;
      if (dest === null) throw new ComponentError('invalid-argument');
      if (this.remote !== null && dest !== this.remote) throw new ComponentError('invalid-argument');
      net.send(this.endpoint!, dest, data);
    }
  }

  class IncomingDatagramStream {
    constructor(private readonly socket: UdpSocket) {}
    /** `receive(max-results)`: the datagrams that have arrived, up to `max`, without waiting. */
    receive(max: bigint): Array<{ data: Uint8Array; remoteAddress: IpSocketAddress }> {
      const out: Array<{ data: Uint8Array; remoteAddress: IpSocketAddress }> = [];
      while (BigInt(out.length) < max) {
        const d = this.socket.receiveOne();
        if (!d) break;
        out.push({ data: d.data, remoteAddress: address(d.from) });
      }
      return out;
    }
    subscribe(): unknown {
      return pollable(() => this.socket.waiting(), 'incoming-datagram-stream');
    }
  }

  class OutgoingDatagramStream {
    private permits = 0n;
    constructor(private readonly socket: UdpSocket) {}
    /** A datagram network never pushes back here: 64 datagrams at a time. */
    checkSend(): bigint {
      return (this.permits = 64n);
    }
    /** Each call must be permitted by a `check-send` before it: more datagrams than permitted traps (the WIT says so). */
    send(datagrams: Array<{ data: Uint8Array; remoteAddress?: IpSocketAddress }>): bigint {
      if (BigInt(datagrams.length) > this.permits) throw new Trap(`outgoing-datagram-stream.send: ${datagrams.length} datagrams, check-send permitted ${this.permits}`);
      this.permits -= BigInt(datagrams.length);
      for (const d of datagrams) this.socket.sendTo(d.data, d.remoteAddress);
      return BigInt(datagrams.length);
    }
    subscribe(): unknown {
      return pollable(() => true, 'outgoing-datagram-stream');
    }
  }

  return {
    [`wasi:sockets/udp@${V}`]: { UdpSocket, IncomingDatagramStream, OutgoingDatagramStream },
    [`wasi:sockets/udp-create-socket@${V}`]: {
      createUdpSocket(family: string): UdpSocket {
        if (family !== 'ipv4') throw new ComponentError('not-supported');
        return new UdpSocket(net);
      },
    },
  };
}

/** The 0.3.0 `udp-socket` resource of `wasi:sockets/types`; `when` waits on a world change. */
export function udpSocket03(world: World, when: (register: (cb: () => void) => void, pred: () => boolean) => Promise<void>): unknown {
  const net = world.udp;
  return class UdpSocket extends Socket {
    static create(family: string): UdpSocket {
      if (family !== 'ipv4') throw new ComponentError({ tag: 'not-supported' });
      return new UdpSocket(net);
    }
    bind(local: IpSocketAddress): void {
      const r = this.doBind(local);
      if (r !== 'ok') throw new ComponentError({ tag: r });
    }
    connect(remote: IpSocketAddress): void {
      if (remote.val.port === 0 || remote.val.address.every((b) => b === 0)) throw new ComponentError({ tag: 'invalid-argument' });
      this.bound();
      this.remote = text(remote);
    }
    disconnect(): void {
      if (this.remote === null) throw new ComponentError({ tag: 'invalid-state' });
      this.remote = null;
    }
    async send(data: Uint8Array, remote: IpSocketAddress | undefined): Promise<void> {
      const dest = remote ? text(remote) : this.remote;
      if (dest === null || (this.remote !== null && dest !== this.remote)) throw new ComponentError({ tag: 'invalid-argument' });
      net.send(this.bound(), dest, data);
    }
    async receive(): Promise<[Uint8Array, IpSocketAddress]> {
      const e = this.endpoint;
      if (!e) throw new ComponentError({ tag: 'invalid-state' });
      for (;;) {
        await when((cb) => e.onChange(cb), () => e.inbox.length > 0);
        const d = this.takeOne();
        if (d) return [d.data, address(d.from)];
      }
    }
    getLocalAddress(): IpSocketAddress {
      const a = this.boundAddress();
      if (!a) throw new ComponentError({ tag: 'invalid-state' });
      return a;
    }
    getRemoteAddress(): IpSocketAddress {
      if (this.remote === null) throw new ComponentError({ tag: 'invalid-state' });
      return address(this.remote);
    }
    getAddressFamily(): string {
      return 'ipv4';
    }
  };
}

/**
 * The simulated world both hosts run on: one event loop (virtual clocks),
 * seeded randomness, stdio, args/env, an in-memory filesystem, scripted HTTP
 * upstreams, scripted TCP peers and name lookup, and the trace recorder.
 *
 * The world is callback-driven and synchronous on purpose: the 0.2 host runs
 * it inline while a guest blocks, the 0.3 host wraps it in streams and
 * futures. Latencies come from the scenario, jittered per seed by a hash of
 * a stable key ("2nd request to api.example/a"), so both versions of a
 * component see the same network for a given seed.
 */
import { Watched } from './watched.js';
import { DEFAULT_LIMITS, OutputMeter } from './limits.js';
import { EventLoop, type Budget } from './loop.js';
import { Prng, jitter } from './prng.js';
import { type TraceEvent, lines, showBytes } from './trace.js';
import { READ_TIMEOUT, type Timeouts } from './http-options.js';
import { UdpNetwork, type UdpPeerScript } from './udp.js';
import { TcpClients, type TcpClientScript } from './tcp-server.js';
import { byCodeUnit } from '../util/order.js';

export type Latency = number | [number, number];

export interface RouteScript {
  method?: string;
  path: string;
  status?: number;
  headers?: Array<[string, string]>;
  body?: string[];
  latencyMs?: Latency;
  chunkGapMs?: Latency;
  /** Fail the exchange before any response with this error code. */
  error?: string;
  /** After the body chunks, end the body with this error instead of cleanly. */
  bodyError?: string;
  trailers?: Array<[string, string]>;
}

export interface Scenario {
  description?: string;
  entry: 'cli' | 'http';
  args?: string[];
  env?: Array<[string, string]>;
  stdin?: string[];
  stdinGapMs?: Latency;
  files?: Record<string, string>;
  upstreams?: Record<string, RouteScript[]>;
  request?: { method?: string; path: string; authority?: string; headers?: Array<[string, string]>; body?: string[] };
  dns?: Record<string, string[]>;
  tcpPeers?: Record<string, { mode: 'echo'; latencyMs?: Latency; greeting?: string }>;
  /** Scripted clients of a component that listens (tcp-server.ts). */
  tcpClients?: TcpClientScript[];
  /** Scripted UDP peers by `address:port` (udp.ts). */
  udpPeers?: Record<string, UdpPeerScript>;
  budget?: { steps?: number; virtualMs?: number };
  /** The wall clock at the start of every run (ISO 8601); default 2025-06-15T15:06:40Z. */
  clockStart?: string;
  /** How many seeds `validate` tries unless `--seeds` says. */
  seeds?: number;
}

export interface OutgoingRequest {
  method: string;
  scheme: string;
  authority: string;
  path: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

/** One upstream exchange as it unfolds; observers re-check state on `changed`. */
export class Exchange extends Watched {
  head: { status: number; headers: Array<[string, string]> } | null = null;
  error: string | null = null;
  chunks: Uint8Array[] = [];
  ended = false;
  bodyError: string | null = null;
  trailers: Array<[string, string]> | null = null;
}

export class TcpConnection extends Watched {
  inbound: Uint8Array[] = [];
  peerClosed = false;
  sent: number[] = [];
  private lastEchoAt = 0;
  constructor(
    readonly world: World,
    readonly addr: string,
    private readonly script: { latencyMs?: Latency; greeting?: string },
  ) {
    super();
  }
  send(bytes: Uint8Array): void {
    for (const b of bytes) this.sent.push(b);
    const copy = Uint8Array.from(bytes);
    // A TCP peer delivers in order: an echo never overtakes an earlier one.
    const at = Math.max(this.lastEchoAt + 1, this.world.loop.now + this.world.latency(`tcp ${this.addr} echo#${this.sent.length}`, this.script.latencyMs ?? 1));
    this.lastEchoAt = at;
    this.world.loop.at(at, `tcp echo ${this.addr}`, () => {
      this.inbound.push(copy);
      this.changed();
    });
  }
  /** Our side finished sending: the echo peer closes after echoing everything. */
  shutdown(): void {
    // ...and closes only after everything it echoes was delivered.
    const at = Math.max(this.lastEchoAt, this.world.loop.now + this.world.latency(`tcp ${this.addr} close`, this.script.latencyMs ?? 1)) + 1;
    this.world.loop.at(at, `tcp close ${this.addr}`, () => {
      this.peerClosed = true;
      this.changed();
    });
    this.world.record('tcp', `${this.addr} sent "${showBytes(Uint8Array.from(this.sent))}" then shutdown`);
  }
}

const MS = 1e6;

/** Thrown by `wasi:cli/exit.exit` in either host: unwinds the guest, ends the run normally. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

export class World {
  readonly loop: EventLoop;
  readonly random: Prng;
  readonly fs = new Map<string, Uint8Array>();
  /** Datagrams: bound endpoints and scripted peers (udp.ts). */
  readonly udp = new UdpNetwork(this);
  /** Inbound TCP: listeners and the scripted clients that connect to them (tcp-server.ts). */
  readonly tcpClients: TcpClients;
  private readonly initialFs = new Map<string, string>();
  private events: TraceEvent[] = [];
  private out = { stdout: [] as number[], stderr: [] as number[] };
  stdinChunks: Uint8Array[] = [];
  stdinEnded = false;
  private stdinListeners: Array<() => void> = [];
  private routeCounts = new Map<string, number>();
  exitCode: number | null = null;
  private enc = new TextEncoder();
  /** The wall clock's reading at virtual time 0, in ns since the Unix epoch. */
  private readonly epochNs: bigint;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    loop?: EventLoop,
    /** Bytes written to stdout, stderr, files and the response body, against the run's output budget. */
    readonly meter = new OutputMeter(DEFAULT_LIMITS.outputBytes),
  ) {
    const budget: Partial<Budget> = {};
    if (scenario.budget?.steps) budget.maxSteps = scenario.budget.steps;
    if (scenario.budget?.virtualMs) budget.maxTimeNs = scenario.budget.virtualMs * MS;
    this.loop = loop ?? new EventLoop(seed, { maxSteps: budget.maxSteps ?? 2_000_000, maxTimeNs: budget.maxTimeNs ?? 24 * 3600 * 1e9 });
    this.random = new Prng(seed + 1);
    this.epochNs = scenario.clockStart ? BigInt(Date.parse(scenario.clockStart)) * 1_000_000n : 1_750_000_000n * 1_000_000_000n;
    for (const [p, c] of Object.entries(scenario.files ?? {})) {
      this.fs.set(p, this.enc.encode(c));
      this.initialFs.set(p, c);
    }
    this.scheduleStdin();
    this.tcpClients = new TcpClients(this, scenario.tcpClients ?? []);
    // A server's run ends when it waits and no scripted client is left (tcp-server.ts).
    this.loop.idleEnd = () => (this.tcpClients.serverIdle() ? new ExitSignal(0) : null);
  }

  latency(key: string, l: Latency): number {
    return jitter(this.seed, key, l) * MS;
  }

  record(ch: string, text: string): void {
    this.events.push({ ch, text, atMs: this.loop.now / MS });
  }

  // ---- clocks

  /** Wall clock: a fixed epoch plus virtual time, so runs are reproducible. */
  wallNow(): { seconds: bigint; nanoseconds: number } {
    const t = this.epochNs + BigInt(this.loop.now);
    return { seconds: t / 1_000_000_000n, nanoseconds: Number(t % 1_000_000_000n) };
  }

  // ---- stdio
  private scheduleStdin(): void {
    const chunks = this.scenario.stdin ?? [];
    // The end of stdin comes with its last chunk, in the same event: as two events at one instant, the seeded
    // pick ran the end first on about half the seeds, and every reader lost the last chunk.
    if (!chunks.length) this.loop.at(0, 'stdin end', () => ((this.stdinEnded = true), this.stdinChanged()));
    let at = 0;
    chunks.forEach((c, i) => {
      at += this.latency(`stdin#${i}`, this.scenario.stdinGapMs ?? 0);
      const last = i === chunks.length - 1;
      this.loop.at(at, last ? 'stdin chunk, then its end' : 'stdin chunk', () => {
        this.stdinChunks.push(this.enc.encode(c));
        this.stdinEnded = last;
        this.stdinChanged();
      });
    });
  }
  onStdin(fn: () => void): void {
    this.stdinListeners.push(fn);
  }
  private stdinChanged(): void {
    for (const l of this.stdinListeners.splice(0)) l();
  }
  /** Take up to `n` bytes of stdin that has arrived. */
  takeStdin(n: number): Uint8Array {
    const head = this.stdinChunks[0];
    if (!head) return new Uint8Array(0);
    if (head.length <= n) return this.stdinChunks.shift()!;
    this.stdinChunks[0] = head.subarray(n);
    return head.subarray(0, n);
  }

  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    this.meter.charge(bytes.length, `writing ${bytes.length} bytes to ${stream}`);
    for (const b of bytes) this.out[stream].push(b);
  }

  exit(code: number): void {
    if (this.exitCode === null) this.exitCode = code;
  }

  // ---- http upstreams
  /**
   * Send `req` to its scripted upstream. With `timeouts` (a request's options,
   * http-options.ts) a head later than `firstByte` fails the request, and a
   * body gap longer than `betweenBytes` ends the body, with
   * `connection-read-timeout` at the instant the timeout runs out.
   */
  sendHttp(req: OutgoingRequest, timeouts: Timeouts = {}): Exchange {
    const url = `${req.scheme}://${req.authority}${req.path}`;
    const hdrs = req.headers.map(([k, v]) => `${k}: ${v}`).join(', ');
    this.record('http.request', `${req.method} ${url} [${hdrs}] body "${showBytes(req.body)}"`);
    const ex = new Exchange();
    const routes = this.scenario.upstreams?.[req.authority];
    const route = routes?.find((r) => r.path === req.path && (r.method ?? 'GET') === req.method);
    const n = (this.routeCounts.get(url) ?? 0) + 1;
    this.routeCounts.set(url, n);
    const key = `${req.method} ${url}#${n}`;
    if (!route) {
      this.loop.after(MS, `dns ${req.authority}`, () => {
        ex.error = routes ? 'HTTP-response-incomplete' : 'DNS-error';
        if (routes) {
          ex.error = null;
          ex.head = { status: 404, headers: [] };
          ex.ended = true;
        }
        ex.changed();
      });
      return ex;
    }
    let t = this.latency(`${key} head`, route.latencyMs ?? 1);
    const firstByte = timeouts.firstByte === undefined ? Infinity : Number(timeouts.firstByte);
    const betweenBytes = timeouts.betweenBytes === undefined ? Infinity : Number(timeouts.betweenBytes);
    if (t > firstByte) {
      this.loop.after(firstByte, `upstream ${key} first-byte timeout`, () => ((ex.error = READ_TIMEOUT), ex.changed()));
      return ex;
    }
    this.loop.after(t, `upstream ${key} head`, () => {
      if (route.error) ex.error = route.error;
      else ex.head = { status: route.status ?? 200, headers: route.headers ?? [] };
      ex.changed();
    });
    if (route.error) return ex;
    for (const [i, c] of (route.body ?? []).entries()) {
      const gap = this.latency(`${key} chunk${i}`, route.chunkGapMs ?? 0);
      if (gap > betweenBytes) {
        this.loop.after(t + betweenBytes, `upstream ${key} between-bytes timeout`, () => ((ex.ended = true), (ex.bodyError = READ_TIMEOUT), ex.changed()));
        return ex;
      }
      t += gap;
      this.loop.after(t, `upstream ${key} chunk`, () => {
        ex.chunks.push(this.enc.encode(c));
        ex.changed();
      });
    }
    t += 1;
    this.loop.after(t, `upstream ${key} end`, () => {
      ex.ended = true;
      if (route.bodyError) ex.bodyError = route.bodyError;
      else ex.trailers = route.trailers ?? null;
      ex.changed();
    });
    return ex;
  }

  // ---- the incoming request (http entry)
  incomingRequest(): OutgoingRequest {
    const r = this.scenario.request ?? { path: '/' };
    return {
      method: r.method ?? 'GET',
      scheme: 'http',
      authority: r.authority ?? 'localhost',
      path: r.path,
      headers: r.headers ?? [],
      body: this.enc.encode((r.body ?? []).join('')),
    };
  }

  /** What the guest answered to the incoming request. */
  response(status: number, headers: Array<[string, string]>): void {
    this.record('http.response', `status ${status}`);
    for (const [k, v] of headers) this.record('http.response', `header ${k}: ${v}`);
  }
  responseBody(bytes: Uint8Array): void {
    this.meter.charge(bytes.length, `writing ${bytes.length} bytes of response body`);
    this.respBody.push(...bytes);
  }
  private respBody: number[] = [];
  responseEnd(outcome: { trailers?: Array<[string, string]> | null; error?: string }): void {
    for (const l of lines(Uint8Array.from(this.respBody))) this.record('http.response', `body ${l}`);
    this.respBody = [];
    for (const [k, v] of outcome.trailers ?? []) this.record('http.response', `trailer ${k}: ${v}`);
    this.record('http.response', outcome.error ? `end error ${outcome.error}` : 'end ok');
  }

  /** Write `b` into file `path` at `pos`, growing it; the growth is charged before anything is allocated. */
  writeFile(path: string, pos: number, b: Uint8Array): void {
    const old = this.fs.get(path) ?? new Uint8Array(0);
    const size = Math.max(old.length, pos + b.length);
    this.meter.charge(Math.max(b.length, size - old.length), `writing ${b.length} bytes at offset ${pos} of ${path}`);
    const next = new Uint8Array(size);
    next.set(old);
    next.set(b, pos);
    this.fs.set(path, next);
  }

  /** A folder exists when a file is under it (the in-memory fs holds files only). */
  isFolder(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    return !this.fs.has(path) && [...this.fs.keys()].some((k) => k.startsWith(prefix));
  }

  /** The entries directly in folder `path`, sorted by name, each a file or a folder. */
  listFolder(path: string): Array<{ name: string; type: 'directory' | 'regular-file' }> {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = new Map<string, 'directory' | 'regular-file'>();
    for (const p of this.fs.keys()) {
      if (!p.startsWith(prefix)) continue;
      const [first, ...rest] = p.slice(prefix.length).split('/');
      if (first && !names.has(first)) names.set(first, rest.length ? 'directory' : 'regular-file');
    }
    return [...names].sort(([a], [b]) => byCodeUnit(a, b)).map(([name, type]) => ({ name, type }));
  }

  // ---- sockets
  resolve(name: string): string[] | null {
    return this.scenario.dns?.[name] ?? null;
  }
  connect(ip: string, port: number): TcpConnection | null {
    const addr = `${ip}:${port}`;
    const peer = this.scenario.tcpPeers?.[addr];
    if (!peer) return null;
    this.record('tcp', `connect ${addr}`);
    return new TcpConnection(this, addr, peer);
  }

  // ---- the end of the run
  finish(verdict: string | null): TraceEvent[] {
    const ev = [...this.events];
    const at = this.loop.now / MS;
    for (const text of this.tcpClients.received()) ev.push({ ch: 'tcp', text, atMs: at });
    if (verdict) ev.push({ ch: 'verdict', text: verdict, atMs: at });
    ev.push({ ch: 'exit', text: String(this.exitCode ?? 0), atMs: at });
    for (const s of ['stdout', 'stderr'] as const) for (const l of lines(Uint8Array.from(this.out[s]))) ev.push({ ch: s, text: l, atMs: at });
    for (const [p, c] of [...this.fs.entries()].sort(([a], [b]) => byCodeUnit(a, b))) {
      const text = new TextDecoder().decode(c);
      if (this.initialFs.get(p) !== text) ev.push({ ch: 'file', text: `${p} = "${showBytes(c)}"`, atMs: at });
    }
    return ev;
  }
}

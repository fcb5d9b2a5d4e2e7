/**
 * The WASI 0.2 host over the simulated world, in jco's host conventions
 * (preview2-shim): an import object keyed by versioned interface name,
 * camelCase functions, resources as classes, `u64` as bigint, `list<u8>` as
 * Uint8Array. A function's `result` error is thrown as a `ComponentError`
 * whose `payload` is the error (errors.ts), as jco's guest bindings throw it
 * to a ComponentizeJS 0.2 guest (`e.payload.tag === 'closed'`, `e.tag`
 * undefined), not bare as preview2-shim throws it to jco's host glue (which
 * reads either: `getErrorPayload`). A trap (the WIT says "traps") ends the run.
 *
 * Blocking is real blocking from the guest's point of view: `block()`,
 * `poll()`, `blockingRead()` run the world's event loop inline until what
 * they wait for is ready. A guest that blocks on something no scheduled
 * event can ever make ready gets a deadlock verdict.
 */
import { ExitSignal, type TcpConnection, type World, type Exchange } from './world.js';
import type { InboundConnection, Listener } from './tcp-server.js';
import { Fields02 as Fields, fieldPairs, lockFields } from './fields.js';
import { isResourceClass } from './bindings.js';
import { RequestOptions02 as RequestOptions, timeoutsOf } from './http-options.js';
import { udpHost02 } from './udp.js';
import { ComponentError, Trap } from './errors.js';

const V = '0.2.12';
type Ready = () => boolean;

export class IoError {
  constructor(readonly message: string) {}
  toDebugString(): string {
    return this.message;
  }
}

export class Pollable {
  constructor(
    private readonly world: World,
    private readonly isReady: Ready,
    readonly what: string,
  ) {}
  ready(): boolean {
    this.world.loop.charge(`${this.what}.ready()`);
    return this.isReady();
  }
  isReadyNow(): boolean {
    return this.isReady();
  }
  block(): void {
    this.world.loop.runUntil(this.isReady, this.what);
  }
}

interface Source {
  take(n: number): Uint8Array;
  ended(): boolean;
  error(): IoError | null;
}

export class InputStream {
  constructor(
    private readonly world: World,
    private readonly src: Source,
    readonly what: string,
  ) {}
  private hasSomething(): boolean {
    return this.peek() || this.src.ended() || this.src.error() !== null;
  }
  private peek(): boolean {
    const b = this.src.take(0);
    return b.length > 0 || (this.src as { available?: () => boolean }).available?.() === true;
  }
  read(len: bigint): Uint8Array {
    const b = this.src.take(Number(len));
    if (b.length > 0) return b;
    const err = this.src.error();
    if (err) throw new ComponentError({ tag: 'last-operation-failed', val: err });
    if (this.src.ended()) throw new ComponentError({ tag: 'closed' });
    return new Uint8Array(0);
  }
  blockingRead(len: bigint): Uint8Array {
    this.world.loop.runUntil(() => this.hasSomething(), `${this.what} blocking-read`);
    return this.read(len);
  }
  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }
  blockingSkip(len: bigint): bigint {
    return BigInt(this.blockingRead(len).length);
  }
  subscribe(): Pollable {
    return new Pollable(this.world, () => this.hasSomething(), `${this.what} readable`);
  }
}

/** A queue of chunks as a Source; `available` lets pollables see data without consuming it. */
class ChunkSource implements Source {
  constructor(
    readonly chunks: () => Uint8Array[],
    readonly isEnded: () => boolean,
    readonly err: () => IoError | null = () => null,
  ) {}
  available(): boolean {
    return this.chunks().length > 0;
  }
  take(n: number): Uint8Array {
    const q = this.chunks();
    if (n === 0 || q.length === 0) return new Uint8Array(0);
    const head = q[0];
    if (head.length <= n) return q.shift()!;
    q[0] = head.subarray(n);
    return head.subarray(0, n);
  }
  ended(): boolean {
    return this.chunks().length === 0 && this.isEnded();
  }
  error(): IoError | null {
    return this.chunks().length === 0 ? this.err() : null;
  }
}

export class OutputStream {
  closed = false;
  constructor(
    private readonly world: World,
    private readonly sink: (b: Uint8Array) => void,
    readonly what: string,
  ) {}
  checkWrite(): bigint {
    if (this.closed) throw new ComponentError({ tag: 'closed' });
    return 65536n;
  }
  write(contents: Uint8Array): void {
    if (this.closed) throw new ComponentError({ tag: 'closed' });
    this.sink(Uint8Array.from(contents));
  }
  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
  }
  flush(): void {}
  blockingFlush(): void {}
  subscribe(): Pollable {
    return new Pollable(this.world, () => true, `${this.what} writable`);
  }
  [Symbol.dispose](): void {
    this.closed = true;
  }
}

class TerminalInput {}
class TerminalOutput {}

// ---------------- http
const methodName = (m: { tag: string; val?: string }): string => (m.tag === 'other' ? m.val! : m.tag.toUpperCase());

export function makeHost02(world: World): Record<string, Record<string, unknown>> {

  class OutgoingBody {
    data: number[] = [];
    finished = false;
    trailers: Fields | undefined;
    onFinish: (() => void) | null = null;
    private stream: OutputStream | null = null;
    constructor(private readonly live: ((b: Uint8Array) => void) | null) {}
    write(): OutputStream {
      if (this.stream) throw new ComponentError(undefined);
      this.stream = new OutputStream(world, (b) => (this.live ? this.live(b) : this.data.push(...b)), 'outgoing-body');
      return this.stream;
    }
    static finish(body: OutgoingBody, trailers?: Fields): void {
      body.finished = true;
      body.trailers = trailers;
      if (body.stream) body.stream.closed = true;
      body.onFinish?.();
    }
  }

  class OutgoingRequest {
    method: { tag: string; val?: string } = { tag: 'get' };
    scheme: { tag: string; val?: string } | undefined;
    authority: string | undefined;
    path: string | undefined;
    bodyRes: OutgoingBody | null = null;
    /** Its headers are the request's from now on, immutable (fields.ts, `lockFields`). */
    constructor(readonly headersRes: Fields) {
      lockFields(headersRes);
    }
    setMethod(m: { tag: string; val?: string }): void {
      this.method = m;
    }
    setScheme(s: { tag: string; val?: string } | undefined): void {
      this.scheme = s;
    }
    setAuthority(a: string | undefined): void {
      this.authority = a;
    }
    setPathWithQuery(p: string | undefined): void {
      this.path = p;
    }
    headers(): Fields {
      return this.headersRes;
    }
    body(): OutgoingBody {
      if (this.bodyRes) throw new ComponentError(undefined);
      return (this.bodyRes = new OutgoingBody(null));
    }
  }

  class IncomingBody {
    private streamed = false;
    constructor(
      private readonly input: InputStream,
      readonly trailers: FutureTrailers,
    ) {}
    /** `stream: func() -> result<input-stream>`: "the stream ... can be retrieved at most once. Subsequent calls will return error" (the WIT; preview2-shim too). */
    stream(): InputStream {
      if (this.streamed) throw new ComponentError(undefined);
      this.streamed = true;
      return this.input;
    }
    static finish(body: IncomingBody): FutureTrailers {
      return body.trailers;
    }
  }

  class FutureTrailers {
    private taken = false;
    constructor(private readonly ex: Exchange) {}
    subscribe(): Pollable {
      return new Pollable(world, () => this.ex.ended, 'future-trailers');
    }
    /** The trailers once: the outer result "will be success on the first call in which the outer option is `some`, and error on subsequent calls" (the WIT; preview2-shim too). */
    get(): unknown {
      if (!this.ex.ended) return undefined;
      if (this.taken) return { tag: 'err' };
      this.taken = true;
      if (this.ex.bodyError) return { tag: 'ok', val: { tag: 'err', val: { tag: this.ex.bodyError } } };
      const t = this.ex.trailers;
      return { tag: 'ok', val: { tag: 'ok', val: t ? lockFields(Fields.fromPairs(t)) : undefined } };
    }
  }

  class IncomingResponse {
    private consumed = false;
    constructor(private readonly ex: Exchange) {}
    status(): number {
      return this.ex.head!.status;
    }
    headers(): Fields {
      return lockFields(Fields.fromPairs(this.ex.head!.headers));
    }
    consume(): IncomingBody {
      if (this.consumed) throw new ComponentError(undefined);
      this.consumed = true;
      const ex = this.ex;
      const src = new ChunkSource(
        () => ex.chunks,
        () => ex.ended,
        () => (ex.bodyError ? new IoError(`http body error: ${ex.bodyError}`) : null),
      );
      return new IncomingBody(new InputStream(world, src, 'incoming-body'), new FutureTrailers(ex));
    }
  }

  class FutureIncomingResponse {
    private taken = false;
    constructor(readonly ex: Exchange | (() => Exchange | null)) {}
    private exchange(): Exchange | null {
      return typeof this.ex === 'function' ? this.ex() : this.ex;
    }
    subscribe(): Pollable {
      return new Pollable(world, () => this.isReady(), 'future-incoming-response');
    }
    private isReady(): boolean {
      const ex = this.exchange();
      return !!ex && (ex.head !== null || ex.error !== null);
    }
    get(): unknown {
      if (!this.isReady()) return undefined;
      if (this.taken) return { tag: 'err' };
      this.taken = true;
      const ex = this.exchange()!;
      if (ex.error) return { tag: 'ok', val: { tag: 'err', val: { tag: ex.error } } };
      return { tag: 'ok', val: { tag: 'ok', val: new IncomingResponse(ex) } };
    }
  }

  /** `handle(request, options: option<request-options>)`: sent once its body is finished. */
  function handle(req: OutgoingRequest, options?: RequestOptions): FutureIncomingResponse {
    const timeouts = timeoutsOf(options);
    let ex: Exchange | null = null;
    const send = (): void => {
      ex = world.sendHttp({
        method: methodName(req.method),
        scheme: req.scheme ? (req.scheme.tag === 'other' ? req.scheme.val! : req.scheme.tag.toLowerCase()) : 'https',
        authority: req.authority ?? '',
        path: req.path ?? '/',
        headers: fieldPairs(req.headersRes),
        body: Uint8Array.from(req.bodyRes?.data ?? []),
      }, timeouts);
    };
    if (!req.bodyRes || req.bodyRes.finished) send();
    else req.bodyRes.onFinish = send;
    return new FutureIncomingResponse(() => ex);
  }

  // incoming side (the http entry point)
  class IncomingRequest {
    private consumed = false;
    constructor(private readonly r: ReturnType<World['incomingRequest']>) {}
    method(): { tag: string; val?: string } {
      const m = this.r.method.toLowerCase();
      return ['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch'].includes(m) ? { tag: m } : { tag: 'other', val: this.r.method };
    }
    pathWithQuery(): string {
      return this.r.path;
    }
    scheme(): { tag: string } {
      return { tag: 'HTTP' };
    }
    authority(): string {
      return this.r.authority;
    }
    headers(): Fields {
      return lockFields(Fields.fromPairs(this.r.headers));
    }
    /** `consume: func() -> result<incoming-body>`: "Will only return success at most once, and subsequent calls will return error" (the WIT; preview2-shim gives a body every time). */
    consume(): IncomingBody {
      if (this.consumed) throw new ComponentError(undefined);
      this.consumed = true;
      const chunks = this.r.body.length ? [this.r.body] : [];
      const ex = { ended: true, bodyError: null, trailers: null } as unknown as Exchange;
      return new IncomingBody(new InputStream(world, new ChunkSource(() => chunks, () => true), 'incoming-request-body'), new FutureTrailers(ex));
    }
  }

  class OutgoingResponse {
    status = 200;
    bodyRes: OutgoingBody | null = null;
    /**
     * Whether the head went out (`response-outparam.set`). A runtime sends
     * nothing of a response before its head: body bytes written and a body
     * finished before `set` (the usual 0.2 order) are observed after it.
     */
    headSent = false;
    private early: Array<() => void> = [];
    /** Its headers are the response's from now on, immutable (fields.ts, `lockFields`). */
    constructor(readonly headersRes: Fields) {
      lockFields(headersRes);
    }
    emit(event: () => void): void {
      if (this.headSent) event();
      else this.early.push(event);
    }
    sendHead(): void {
      world.response(this.status, fieldPairs(this.headersRes));
      this.headSent = true;
      for (const e of this.early.splice(0)) e();
    }
    setStatusCode(s: number): void {
      this.status = s;
    }
    statusCode(): number {
      return this.status;
    }
    headers(): Fields {
      return this.headersRes;
    }
    body(): OutgoingBody {
      if (this.bodyRes) throw new ComponentError(undefined);
      const b = new OutgoingBody((bytes) => this.emit(() => world.responseBody(bytes)));
      b.onFinish = () => this.emit(() => world.responseEnd({ trailers: b.trailers ? fieldPairs(b.trailers) : null }));
      return (this.bodyRes = b);
    }
  }

  class ResponseOutparam {
    set = false;
    static set(param: ResponseOutparam, response: { tag: string; val: unknown }): void {
      // `set` takes the outparam (`own`): a second call is a use of a moved handle.
      if (param.set) throw new Trap('response-outparam.set: the outparam was already set (it was moved)');
      param.set = true;
      if (response.tag === 'ok') {
        (response.val as OutgoingResponse).sendHead();
      } else {
        world.record('http.response', `error ${(response.val as { tag: string }).tag}`);
      }
    }
  }

  // ---------------- filesystem
  class Descriptor {
    constructor(readonly path: string) {}
    private child(p: string): string {
      return (this.path.endsWith('/') ? this.path : this.path + '/') + p.replace(/^\/+/, '');
    }
    openAt(_pf: unknown, path: string, openFlags: { create?: boolean; truncate?: boolean } = {}, _flags?: unknown): Descriptor {
      const p = this.child(path);
      // A folder exists when a file is under it: it is opened as a directory descriptor.
      if (world.isFolder(p)) return new Descriptor(p);
      if (!world.fs.has(p)) {
        if (!openFlags.create) throw new ComponentError('no-entry');
        world.fs.set(p, new Uint8Array(0));
      } else if (openFlags.truncate) world.fs.set(p, new Uint8Array(0));
      return new Descriptor(p);
    }
    readViaStream(offset: bigint): InputStream {
      const data = world.fs.get(this.path);
      if (!data) throw new ComponentError('no-entry');
      const chunks = [data.subarray(Number(offset))].filter((c) => c.length);
      return new InputStream(world, new ChunkSource(() => chunks, () => true), `file ${this.path}`);
    }
    writeViaStream(offset: bigint): OutputStream {
      let pos = Number(offset);
      return new OutputStream(world, (b) => {
        world.writeFile(this.path, pos, b);
        pos += b.length;
      }, `file ${this.path}`);
    }
    appendViaStream(): OutputStream {
      return this.writeViaStream(BigInt(world.fs.get(this.path)?.length ?? 0));
    }
    stat(): { type: string; size: bigint } {
      const d = world.fs.get(this.path);
      return d ? { type: 'regular-file', size: BigInt(d.length) } : { type: 'directory', size: 0n };
    }
    /** `stat-at(path-flags, path) -> result<descriptor-stat, error-code>`: the stat of what `path` names here. */
    statAt(_pf: unknown, path: string): { type: string; size: bigint } {
      const p = this.child(path);
      if (!world.fs.has(p) && !world.isFolder(p)) throw new ComponentError('no-entry');
      return new Descriptor(p).stat();
    }
    getType(): string {
      return world.fs.has(this.path) ? 'regular-file' : 'directory';
    }
    /** `read(length, offset) -> result<tuple<list<u8>, bool>>`: the bytes, and whether the end was reached. */
    read(length: bigint, offset: bigint): [Uint8Array, boolean] {
      const data = world.fs.get(this.path);
      if (!data) throw new ComponentError('is-directory');
      const from = Math.min(Number(offset), data.length);
      const bytes = data.slice(from, Math.min(data.length, from + Number(length)));
      return [bytes, from + bytes.length >= data.length];
    }
    /** `write(buffer, offset) -> result<filesize>`: how many bytes were written (all of them). */
    write(buffer: Uint8Array, offset: bigint): bigint {
      if (!world.fs.has(this.path)) throw new ComponentError('is-directory');
      world.writeFile(this.path, Number(offset), Uint8Array.from(buffer));
      return BigInt(buffer.length);
    }
    /** `read-directory`: the entries directly in this folder, by name. */
    readDirectory(): DirectoryEntryStream {
      if (world.fs.has(this.path)) throw new ComponentError('not-directory');
      return new DirectoryEntryStream(world.listFolder(this.path).map(({ name, type }) => ({ type, name })));
    }
  }

  class DirectoryEntryStream {
    constructor(private readonly entries: Array<{ type: string; name: string }>) {}
    readDirectoryEntry(): { type: string; name: string } | undefined {
      return this.entries.shift();
    }
  }

  // ---------------- sockets
  class Network {}
  class ResolveAddressStream {
    private queue: Array<{ tag: string; val: number[] }> | null = null;
    private readyAt: number;
    constructor(private readonly name: string) {
      this.readyAt = world.loop.now + world.latency(`dns ${name}`, 1);
      world.loop.at(this.readyAt, `dns ${name}`, () => {});
    }
    private ready(): boolean {
      return world.loop.now >= this.readyAt;
    }
    resolveNextAddress(): { tag: string; val: number[] } | undefined {
      if (!this.ready()) throw new ComponentError('would-block');
      if (!this.queue) {
        const addrs = world.resolve(this.name);
        if (!addrs) throw new ComponentError('name-unresolvable');
        this.queue = addrs.map((a) => ({ tag: 'ipv4', val: a.split('.').map(Number) }));
      }
      return this.queue.shift();
    }
    subscribe(): Pollable {
      return new Pollable(world, () => this.ready(), `resolve ${this.name}`);
    }
  }

  /** A TCP connection's two 0.2 streams: what the peer sent, and what the component sends it. */
  const streamsOf = (c: TcpConnection | InboundConnection): [InputStream, OutputStream] => [
    new InputStream(world, new ChunkSource(() => c.inbound, () => c.peerClosed), `tcp ${c.addr}`),
    new OutputStream(world, (b) => c.send(b), `tcp ${c.addr}`),
  ];

  class TcpSocket {
    private conn: TcpConnection | InboundConnection | null = null;
    private connectAt = -1;
    private target: string | null = null;
    private bound: { ip: string; port: number } | null = null;
    private listener: Listener | null = null;
    startBind(_n: Network, addr: { tag: string; val: { port: number; address: number[] } }): void {
      if (this.bound || this.target) throw new ComponentError('invalid-state');
      this.bound = { ip: addr.val.address.join('.'), port: addr.val.port };
    }
    finishBind(): void {
      if (!this.bound) throw new ComponentError('not-in-progress');
    }
    /** Listening starts at once: the scripted clients of that port start connecting (tcp-server.ts). */
    startListen(): void {
      if (!this.bound || this.listener) throw new ComponentError('invalid-state');
      this.listener = world.tcpClients.listen(this.bound.ip, this.bound.port);
    }
    finishListen(): void {
      if (!this.listener) throw new ComponentError('not-in-progress');
    }
    /** The next pending connection with its streams, or `would-block` (the socket's pollable is ready when one is pending). */
    accept(): [TcpSocket, InputStream, OutputStream] {
      const l = this.listener;
      if (!l) throw new ComponentError('invalid-state');
      const c = l.pending.shift();
      if (!c) throw new ComponentError('would-block');
      const s = new TcpSocket();
      s.conn = c;
      return [s, ...streamsOf(c)];
    }
    startConnect(_n: Network, addr: { tag: string; val: { port: number; address: number[] } }): void {
      const ip = addr.val.address.join('.');
      this.target = `${ip}:${addr.val.port}`;
      this.connectAt = world.loop.now + world.latency(`tcp connect ${this.target}`, 1);
      world.loop.at(this.connectAt, `tcp connect ${this.target}`, () => {
        this.conn = world.connect(ip, addr.val.port);
      });
    }
    subscribe(): Pollable {
      const l = this.listener;
      if (l) return new Pollable(world, () => l.pending.length > 0, 'tcp accept');
      // Binding and starting to listen complete at once here.
      if (this.bound) return new Pollable(world, () => true, 'tcp bind');
      return new Pollable(world, () => this.connectAt >= 0 && world.loop.now >= this.connectAt && (this.conn !== null || true), 'tcp connect');
    }
    finishConnect(): [InputStream, OutputStream] {
      if (this.connectAt < 0) throw new ComponentError('not-in-progress');
      if (world.loop.now < this.connectAt) throw new ComponentError('would-block');
      const c = this.conn;
      if (!c) throw new ComponentError('connection-refused');
      return streamsOf(c);
    }
    shutdown(_t: string): void {
      this.conn?.shutdown();
    }
  }

  return withDispose({
    [`wasi:io/poll@${V}`]: {
      Pollable,
      poll(list: Pollable[]): Uint32Array {
        if (list.length === 0) throw new Trap('poll: an empty list (the WIT: "traps if the list is empty")');
        world.loop.charge('poll');
        world.loop.runUntil(() => list.some((p) => p.isReadyNow()), `poll(${list.map((p) => p.what).join(', ')})`);
        return Uint32Array.from(list.flatMap((p, i) => (p.isReadyNow() ? [i] : [])));
      },
    },
    [`wasi:io/error@${V}`]: { Error: IoError },
    [`wasi:io/streams@${V}`]: { InputStream, OutputStream },
    [`wasi:cli/stdout@${V}`]: { getStdout: () => new OutputStream(world, (b) => world.write('stdout', b), 'stdout') },
    [`wasi:cli/stderr@${V}`]: { getStderr: () => new OutputStream(world, (b) => world.write('stderr', b), 'stderr') },
    [`wasi:cli/stdin@${V}`]: {
      getStdin: () => new InputStream(world, new ChunkSource(() => world.stdinChunks, () => world.stdinEnded), 'stdin'),
    },
    [`wasi:cli/environment@${V}`]: {
      getEnvironment: () => world.scenario.env ?? [],
      getArguments: () => world.scenario.args ?? [],
      initialCwd: () => '/',
    },
    [`wasi:cli/exit@${V}`]: {
      exit(status: { tag: string }): never {
        world.exit(status.tag === 'ok' ? 0 : 1);
        throw new ExitSignal(status.tag === 'ok' ? 0 : 1);
      },
      /** `exit-with-code` (@unstable cli-exit-with-code; componentize-qjs's runtime imports it). */
      exitWithCode(code: number): never {
        world.exit(code);
        throw new ExitSignal(code);
      },
      ExitSignal,
    },
    [`wasi:clocks/monotonic-clock@${V}`]: {
      now: () => BigInt(world.loop.now),
      resolution: () => 1n,
      subscribeDuration(d: bigint): Pollable {
        const at = world.loop.now + Number(d);
        world.loop.at(at, 'monotonic-clock timer', () => {});
        return new Pollable(world, () => world.loop.now >= at, `subscribe-duration(${d}ns)`);
      },
      subscribeInstant(t: bigint): Pollable {
        const at = Number(t);
        world.loop.at(at, 'monotonic-clock timer', () => {});
        return new Pollable(world, () => world.loop.now >= at, `subscribe-instant(${t})`);
      },
    },
    [`wasi:clocks/wall-clock@${V}`]: { now: () => world.wallNow(), resolution: () => ({ seconds: 0n, nanoseconds: 1 }) },
    // Not a terminal: the get-terminal-* functions answer none. componentize-qjs
    // imports these in every component it builds, so a host must have them.
    [`wasi:cli/terminal-input@${V}`]: { TerminalInput },
    [`wasi:cli/terminal-output@${V}`]: { TerminalOutput },
    [`wasi:cli/terminal-stdin@${V}`]: { getTerminalStdin: () => undefined },
    [`wasi:cli/terminal-stdout@${V}`]: { getTerminalStdout: () => undefined },
    [`wasi:cli/terminal-stderr@${V}`]: { getTerminalStderr: () => undefined },
    [`wasi:random/insecure-seed@${V}`]: { insecureSeed: (): [bigint, bigint] => [world.random.u64(), world.random.u64()] },
    [`wasi:random/insecure@${V}`]: {
      getInsecureRandomBytes: (n: bigint) => Uint8Array.from({ length: Number(n) }, () => world.random.int(256)),
      getInsecureRandomU64: () => world.random.u64(),
    },
    [`wasi:random/random@${V}`]: {
      getRandomBytes: (n: bigint) => Uint8Array.from({ length: Number(n) }, () => world.random.int(256)),
      getRandomU64: () => world.random.u64(),
    },
    [`wasi:filesystem/preopens@${V}`]: { getDirectories: () => [[new Descriptor('/'), '/']] },
    [`wasi:filesystem/types@${V}`]: { Descriptor, DirectoryEntryStream, filesystemErrorCode: () => undefined },
    [`wasi:http/types@${V}`]: {
      Fields,
      OutgoingRequest,
      OutgoingBody,
      OutgoingResponse,
      IncomingRequest,
      IncomingResponse,
      IncomingBody,
      FutureTrailers,
      FutureIncomingResponse,
      ResponseOutparam,
      RequestOptions,
      httpErrorCode: (e: IoError) => {
        const m = /http body error: (.*)$/.exec(e.message);
        return m ? { tag: m[1] } : undefined;
      },
    },
    [`wasi:http/outgoing-handler@${V}`]: { handle },
    ...udpHost02(world, V, (ready, what) => new Pollable(world, ready, what)),
    [`wasi:sockets/instance-network@${V}`]: { instanceNetwork: () => new Network() },
    [`wasi:sockets/network@${V}`]: { Network },
    [`wasi:sockets/ip-name-lookup@${V}`]: { resolveAddresses: (_n: Network, name: string) => new ResolveAddressStream(name), ResolveAddressStream },
    [`wasi:sockets/tcp-create-socket@${V}`]: { createTcpSocket: () => new TcpSocket() },
    [`wasi:sockets/tcp@${V}`]: { TcpSocket },
    /** Not an interface: what the runner needs to drive an http entry point. */
    __internal: { IncomingRequest, ResponseOutparam, ExitSignal, console: (ch: 'stdout' | 'stderr', text: string) => world.write(ch, new TextEncoder().encode(text)) },
  });
}

/**
 * Every resource handle can be dropped with `[Symbol.dispose]()`, as jco's
 * bindings give it and as real 0.2 code calls it (`using`, jco's examples,
 * ComponentizeJS's tests): a drop with no effect the world can see, unless the
 * class says otherwise (an output stream is closed).
 */
function withDispose(host: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  for (const ns of Object.values(host)) {
    for (const v of Object.values(ns)) {
      // What has no prototype, or one with a dispose already, needs no look at its source text (isResourceClass).
      const proto = typeof v === 'function' ? (v.prototype as object | undefined) : undefined;
      if (proto && !(Symbol.dispose in proto) && isResourceClass(v)) {
        Object.defineProperty(proto, Symbol.dispose, { value: function dispose(): void {}, writable: true, configurable: true });
      }
    }
  }
  return host;
}

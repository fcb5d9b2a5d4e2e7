/**
 * The WASI 0.3 host over the same simulated world, on the runtime: every
 * stream and future the guest sees is a runtime stream/future (so rendezvous,
 * backpressure and drop rules apply), every `async func` is a Promise, and
 * the host's own work (draining stdout, pumping an upstream body) runs as
 * host code on the one event loop.
 *
 * What the guest sees follows jco's guest types for 0.3.0 (checked by
 * test/exec/guest-types.test.ts): an `async func` returns a Promise; a
 * `stream<u8>` is an `AsyncIterable<number>` both ways (the guest passes any
 * async iterable, e.g. an async generator, and reads with `for await`); a
 * `future<T>` is a `PromiseLike<T>` both ways (the guest passes a Promise);
 * a function's `result` error is thrown as a `ComponentError` whose
 * `payload` is the error (errors.ts: what jco's guest bindings throw; not
 * preview3-shim's bare error-code, which only jco's host glue reads), while a
 * `result` carried *inside* a future stays a `{ tag: 'ok' | 'err', val }`
 * value; resources are classes. The adapters in
 * bindings.ts turn these into runtime ends at the boundary.
 *
 * The 0.3 pattern for byte streams: data on a `stream<u8>`, the outcome on a
 * `future<result<_, error-code>>`, so an error is never mistaken for an
 * early end.
 */
import { FutureReader, GuestByteStream, StreamReader, future, futureFromGuest, stream, streamFromGuest } from './bindings.js';
import { nextHop } from './http-middleware.js';
import { RequestOptions03 as RequestOptions, timeoutsOf } from './http-options.js';
import { udpSocket03, type IpSocketAddress } from './udp.js';
import type { InboundConnection } from './tcp-server.js';
import { Fields03 as Fields, fieldPairs, lockFields } from './fields.js';
import type { Instance, Runtime } from './runtime.js';
import { ComponentError, Trap } from './errors.js';
import { ExitSignal, type Exchange, type World } from './world.js';

const V = '0.3.0';
type Result<T = undefined> = { tag: 'ok'; val?: T } | { tag: 'err'; val: unknown };

export function makeHost03(rt: Runtime, world: World, guest: Instance, opts: { realComponent?: boolean } = {}): Record<string, Record<string, unknown>> {
  /** Start host-side work on the loop; a failure in it ends the run. */
  const spawn = (what: string, fn: () => Promise<void>): void => {
    fn().catch((e) => rt.fail(e, `host ${what}`));
  };
  const when = (register: (cb: () => void) => void, pred: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => (pred() ? resolve() : register(check));
      check();
    });
  const sleep = (ns: number, what: string): Promise<void> => new Promise((r) => rt.loop.after(ns, what, r));

  /** A host-written byte stream + outcome future handed to the guest. */
  function hostStream(): { tx: ReturnType<typeof stream>['tx']; rx: StreamReader; ftx: ReturnType<typeof future<Result<unknown>>>['tx']; frx: FutureReader<Result<unknown>> } {
    const s = stream(rt, rt.host);
    const f = future<Result<unknown>>(rt, rt.host);
    s.rx.transfer(guest);
    f.rx.transfer(guest);
    return { tx: s.tx, rx: s.rx as StreamReader, ftx: f.tx, frx: f.rx };
  }
  /** A runtime readable end as the guest sees a `stream<u8>`. */
  const toGuest = (rx: StreamReader): GuestByteStream => new GuestByteStream(rx);
  /** A guest's `stream<u8>` argument as a runtime end the host reads. */
  // A real component's streams arrive through jco's glue as their reading side: pulling from one is a read.
  const fromGuest = (src: unknown, what: string): StreamReader => streamFromGuest(rt, guest, src, what, opts.realComponent ? 0 : 1);

  /** Drain a guest-written byte stream into `sink`; the returned future says how it went. */
  function drain(src: unknown, what: string, sink: (b: Uint8Array) => void, after?: () => void): FutureReader<Result> {
    const rx = fromGuest(src, what);
    rx.transfer(rt.host);
    const f = future<Result>(rt, rt.host);
    f.rx.transfer(guest);
    spawn(what, async () => {
      for await (const chunk of rx) sink(chunk as Uint8Array);
      after?.();
      await f.tx.write({ tag: 'ok' });
    });
    return f.rx;
  }

  type Trailers = FutureReader<Result<Fields | undefined>>;

  /** Shared by request and response: headers, a body stream, a trailers future. */
  class Message {
    consumed = false;
    /** The headers the message is made with are its own from then on, immutable (fields.ts, `lockFields`). */
    constructor(
      readonly headersRes: Fields,
      readonly contents: StreamReader | undefined,
      readonly trailers: Trailers,
    ) {
      lockFields(headersRes);
    }
    getHeaders(): Fields {
      return this.headersRes;
    }
    /** The body and, after it, the trailers (or the error that ended it), as runtime ends. */
    static take(m: Message): [StreamReader, Trailers] {
      // `consume-body` and `send` take the message (`own`): a second use of it is a trap, not an error-code.
      if (m.consumed) throw new Trap('the request or response was used after its body was consumed (it was moved)');
      m.consumed = true;
      if (m.contents) return [m.contents, m.trailers];
      const empty = stream(rt, rt.host);
      empty.tx.close();
      return [empty.rx as StreamReader, m.trailers];
    }
    /**
     * `consume-body(this, res: future<result<_, error-code>>)`: the guest's
     * `res` says how its consumption went; nothing in the simulated world
     * depends on it, so it is adopted (read and dropped by the host).
     */
    static consumeBody(m: Message, res: unknown): [GuestByteStream, Trailers] {
      const done = futureFromGuest<Result>(rt, guest, res, 'consume-body res');
      done.transfer(rt.host);
      spawn('consume-body res', async () => void (await done));
      const [body, trailers] = Message.take(m);
      return [toGuest(body), trailers];
    }
  }

  /** Guest-supplied body contents and trailers as runtime ends. */
  function messageParts(contents: unknown, trailers: unknown, what: string): [StreamReader | undefined, Trailers] {
    const c = contents === undefined ? undefined : fromGuest(contents, `${what} contents`);
    const t = futureFromGuest<Result<Fields | undefined>>(rt, guest, trailers, `${what} trailers`);
    c?.transfer(rt.host);
    t.transfer(rt.host);
    return [c, t];
  }

  class Request extends Message {
    method: { tag: string; val?: string } = { tag: 'get' };
    scheme: { tag: string; val?: string } | undefined;
    authority: string | undefined;
    path: string | undefined;
    /** The request's options (http-options.ts): a copy, immutable once the request holds it. */
    options: RequestOptions | undefined;
    static new(headers: Fields, contents: unknown, trailers: unknown, options: RequestOptions | undefined): [Request, FutureReader<Result>] {
      const f = future<Result>(rt, rt.host);
      const r = new Request(headers, ...messageParts(contents, trailers, 'request'));
      r.options = options?.frozenCopy();
      r.transmitted = f.tx;
      f.rx.transfer(guest);
      return [r, f.rx];
    }
    transmitted: ReturnType<typeof future<Result>>['tx'] | null = null;
    getMethod(): { tag: string; val?: string } {
      return this.method;
    }
    setMethod(m: { tag: string; val?: string }): void {
      this.method = m;
    }
    getPathWithQuery(): string | undefined {
      return this.path;
    }
    setPathWithQuery(p: string | undefined): void {
      this.path = p;
    }
    getScheme(): { tag: string; val?: string } | undefined {
      return this.scheme;
    }
    setScheme(s: { tag: string; val?: string } | undefined): void {
      this.scheme = s;
    }
    getAuthority(): string | undefined {
      return this.authority;
    }
    setAuthority(a: string | undefined): void {
      this.authority = a;
    }
    getOptions(): RequestOptions | undefined {
      return this.options;
    }
  }

  class Response extends Message {
    status = 200;
    transmitted: ReturnType<typeof future<Result>>['tx'] | null = null;
    static new(headers: Fields, contents: unknown, trailers: unknown): [Response, FutureReader<Result>] {
      const f = future<Result>(rt, rt.host);
      const r = new Response(headers, ...messageParts(contents, trailers, 'response'));
      r.transmitted = f.tx;
      f.rx.transfer(guest);
      return [r, f.rx];
    }
    getStatusCode(): number {
      return this.status;
    }
    setStatusCode(s: number): void {
      this.status = s;
    }
  }

  /** A response from an upstream: body and trailers pumped from the world as they arrive. */
  function upstreamResponse(ex: Exchange): Response {
    const body = hostStream();
    const tr = future<Result<Fields | undefined>>(rt, rt.host);
    tr.rx.transfer(guest);
    spawn('upstream body', async () => {
      let next = 0;
      for (;;) {
        await when((cb) => ex.onChange(cb), () => ex.chunks.length > next || ex.ended);
        while (ex.chunks.length > next) {
          const n = await body.tx.write(ex.chunks[next++]);
          if (body.tx.readerGone && n === 0) break;
        }
        if (ex.ended && ex.chunks.length === next) break;
        if (body.tx.readerGone) break;
      }
      body.tx.close();
      await tr.tx.write(ex.bodyError ? { tag: 'err', val: { tag: ex.bodyError } } : { tag: 'ok', val: ex.trailers ? Fields.fromPairs(ex.trailers) : undefined });
    });
    const r = new Response(Fields.fromPairs(ex.head!.headers), body.rx, tr.rx);
    r.status = ex.head!.status;
    return r;
  }

  async function readAll(rx: StreamReader | undefined): Promise<Uint8Array> {
    if (!rx) return new Uint8Array(0);
    rx.transfer(rt.host);
    return (await rx.readAll()) as Uint8Array;
  }

  const client = {
    async send(req: Request): Promise<Response> {
      const [body, trailers] = Message.take(req);
      trailers.close();
      const bytes = await readAll(body);
      const scheme = req.scheme ? (req.scheme.tag === 'other' ? req.scheme.val! : req.scheme.tag.toLowerCase()) : 'https';
      const m = req.method.tag === 'other' ? req.method.val! : req.method.tag.toUpperCase();
      const ex = world.sendHttp({ method: m, scheme, authority: req.authority ?? '', path: req.path ?? '/', headers: fieldPairs(req.headersRes), body: bytes }, timeoutsOf(req.options));
      if (req.transmitted) spawn('request transmitted', async () => void (await req.transmitted!.write({ tag: 'ok' })));
      await when((cb) => ex.onChange(cb), () => ex.head !== null || ex.error !== null);
      if (ex.error) throw new ComponentError({ tag: ex.error });
      return upstreamResponse(ex);
    },
  };

  /** Send the guest's response to the (simulated) client: head, body, trailers or error. */
  async function transmit(resp: Response): Promise<void> {
    world.response(resp.status, fieldPairs(resp.headersRes));
    const [body, trailers] = Message.take(resp);
    body.transfer(rt.host);
    for await (const chunk of body) world.responseBody(chunk as Uint8Array);
    const t = await trailers;
    if (t === null) world.responseEnd({ error: 'trailers future dropped' });
    else if (t.tag === 'err') world.responseEnd({ error: String((t.val as { tag?: string })?.tag ?? t.val) });
    else world.responseEnd({ trailers: fieldPairs(t.val as Fields | undefined) });
    // Offered, not awaited: a guest need not read this future.
    const sent = resp.transmitted;
    if (sent) spawn('response transmitted', async () => void (await sent.write({ tag: 'ok' })));
  }

  function incomingRequest(): Request {
    const r = world.incomingRequest();
    const body = hostStream();
    const tr = future<Result<Fields | undefined>>(rt, rt.host);
    tr.rx.transfer(guest);
    spawn('incoming body', async () => {
      if (r.body.length) await body.tx.write(r.body);
      body.tx.close();
      await tr.tx.write({ tag: 'ok', val: undefined });
    });
    const req = new Request(Fields.fromPairs(r.headers), body.rx, tr.rx);
    const m = r.method.toLowerCase();
    req.method = ['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch'].includes(m) ? { tag: m } : { tag: 'other', val: r.method };
    req.path = r.path;
    req.authority = r.authority;
    req.scheme = { tag: 'HTTP' };
    return req;
  }

  class Descriptor {
    constructor(readonly path: string) {}
    private child(p: string): string {
      return (this.path.endsWith('/') ? this.path : this.path + '/') + p.replace(/^\/+/, '');
    }
    async openAt(_pf: unknown, path: string, openFlags: { create?: boolean; truncate?: boolean } = {}, _flags?: unknown): Promise<Descriptor> {
      const p = this.child(path);
      // A folder exists when a file is under it: it is opened as a directory descriptor.
      if (world.isFolder(p)) return new Descriptor(p);
      if (!world.fs.has(p)) {
        if (!openFlags.create) throw new ComponentError({ tag: 'no-entry' });
        world.fs.set(p, new Uint8Array(0));
      } else if (openFlags.truncate) world.fs.set(p, new Uint8Array(0));
      return new Descriptor(p);
    }
    readViaStream(offset: bigint): [GuestByteStream, FutureReader<Result<unknown>>] {
      const s = hostStream();
      spawn(`read ${this.path}`, async () => {
        const data = world.fs.get(this.path);
        if (!data) {
          s.tx.close();
          await s.ftx.write({ tag: 'err', val: { tag: 'no-entry' } });
          return;
        }
        const rest = data.subarray(Number(offset));
        for (let o = 0; o < rest.length && !s.tx.readerGone; o += 4096) await s.tx.write(rest.subarray(o, o + 4096));
        s.tx.close();
        await s.ftx.write({ tag: 'ok' });
      });
      return [toGuest(s.rx), s.frx];
    }
    writeViaStream(data: unknown, offset: bigint): FutureReader<Result> {
      let pos = Number(offset);
      return drain(data, `write ${this.path}`, (b) => {
        world.writeFile(this.path, pos, b);
        pos += b.length;
      });
    }
    appendViaStream(data: unknown): FutureReader<Result> {
      return this.writeViaStream(data, BigInt(world.fs.get(this.path)?.length ?? 0));
    }
    async stat(): Promise<{ type: { tag: string }; linkCount: bigint; size: bigint }> {
      const d = world.fs.get(this.path);
      return { type: { tag: d ? 'regular-file' : 'directory' }, linkCount: 1n, size: BigInt(d?.length ?? 0) };
    }
    /** `stat-at: async func(path-flags, path) -> result<descriptor-stat, error-code>`: the stat of what `path` names here. */
    async statAt(_pf: unknown, path: string): Promise<{ type: { tag: string }; linkCount: bigint; size: bigint }> {
      const p = this.child(path);
      if (!world.fs.has(p) && !world.isFolder(p)) throw new ComponentError({ tag: 'no-entry' });
      return new Descriptor(p).stat();
    }
    /**
     * `read-directory: func() -> tuple<stream<directory-entry>, future<result<_, error-code>>>`:
     * the entries directly in this folder, by name, one per write (a reader
     * takes them at its own pace); the future says how the listing ended.
     */
    readDirectory(): [GuestByteStream, FutureReader<Result<unknown>>] {
      const s = stream<{ type: { tag: string }; name: string }>(rt, rt.host, false);
      const f = future<Result<unknown>>(rt, rt.host);
      s.rx.transfer(guest);
      f.rx.transfer(guest);
      spawn(`read-directory ${this.path}`, async () => {
        if (world.fs.has(this.path)) {
          s.tx.close();
          await f.tx.write({ tag: 'err', val: { tag: 'not-directory' } });
          return;
        }
        for (const { name, type } of world.listFolder(this.path)) {
          if (s.tx.readerGone) break;
          await s.tx.write([{ type: { tag: type }, name }]);
        }
        s.tx.close();
        await f.tx.write({ tag: 'ok' });
      });
      // GuestByteStream hands out whatever elements its stream carries: here directory entries.
      return [new GuestByteStream(s.rx as unknown as StreamReader), f.rx];
    }
  }

  class TcpSocket {
    private conn: ReturnType<World['connect']> | InboundConnection = null;
    private bound: IpSocketAddress | null = null;
    /** `send` and `receive` were called: each may be called once per socket. */
    private sent = false;
    private received = false;
    static create(_family: string): TcpSocket {
      return new TcpSocket();
    }
    /** `bind: func(local-address)`: a plain call in 0.3 (it never suspends). */
    bind(addr: IpSocketAddress): void {
      if (this.bound || this.conn) throw new ComponentError({ tag: 'invalid-state' });
      this.bound = addr;
    }
    /**
     * `listen: func() -> result<stream<tcp-socket>, error-code>`: the
     * connections the scripted clients make (tcp-server.ts), one per write,
     * as they arrive; the stream stays open (it "should only close on fatal
     * errors").
     */
    listen(): GuestByteStream {
      const at = this.bound;
      if (!at || this.conn) throw new ComponentError({ tag: 'invalid-state' });
      const l = world.tcpClients.listen(at.val.address.join('.'), at.val.port);
      const s = stream<TcpSocket>(rt, rt.host, false);
      s.rx.transfer(guest);
      spawn(`tcp listen ${at.val.port}`, async () => {
        for (;;) {
          await when((cb) => l.onChange(cb), () => l.pending.length > 0 || s.tx.readerGone);
          while (l.pending.length && !s.tx.readerGone) {
            const conn = new TcpSocket();
            conn.conn = l.pending.shift()!;
            await s.tx.write([conn]);
          }
          if (s.tx.readerGone) break;
        }
        s.tx.close();
      });
      // GuestByteStream hands out whatever elements its stream carries: here sockets.
      return new GuestByteStream(s.rx as unknown as StreamReader);
    }
    async connect(addr: { tag: string; val: { port: number; address: number[] } }): Promise<void> {
      const ip = addr.val.address.join('.');
      await sleep(world.latency(`tcp connect ${ip}:${addr.val.port}`, 1), 'tcp connect');
      this.conn = world.connect(ip, addr.val.port);
      if (!this.conn) throw new ComponentError({ tag: 'connection-refused' });
    }
    /**
     * `send: func(data: stream<u8>) -> future<result<_, error-code>>`: no
     * result to throw; `invalid-state` (not connected, or `send` "has already
     * been called on this socket": it "may be called at most once", the
     * 0.3.0 WIT) is the future's, and the data stream is dropped unread.
     */
    send(data: unknown): FutureReader<Result> {
      const c = this.conn;
      const again = this.sent;
      this.sent = true;
      if (!c || again) {
        const rx = fromGuest(data, 'tcp send');
        rx.transfer(rt.host);
        rx.close();
        const f = future<Result>(rt, rt.host);
        f.rx.transfer(guest);
        spawn('tcp send', async () => void (await f.tx.write({ tag: 'err', val: { tag: 'invalid-state' } })));
        return f.rx;
      }
      return drain(data, 'tcp send', (b) => c.send(b), () => c.shutdown());
    }
    /**
     * `receive: func() -> tuple<stream<u8>, future<result<_, error-code>>>`:
     * "`receive` may be called only once per socket. Subsequent calls return
     * a closed stream and a future resolved to `err(invalid-state)`" (the
     * 0.3.0 WIT); so does a socket not connected.
     */
    receive(): [GuestByteStream, FutureReader<Result<unknown>>] {
      const c = this.conn;
      const again = this.received;
      this.received = true;
      const s = hostStream();
      if (!c || again) {
        s.tx.close();
        spawn('tcp receive', async () => void (await s.ftx.write({ tag: 'err', val: { tag: 'invalid-state' } })));
        return [toGuest(s.rx), s.frx];
      }
      spawn('tcp receive', async () => {
        for (;;) {
          await when((cb) => c.onChange(cb), () => c.inbound.length > 0 || c.peerClosed);
          while (c.inbound.length && !s.tx.readerGone) await s.tx.write(c.inbound.shift()!);
          if (c.peerClosed || s.tx.readerGone) break;
        }
        s.tx.close();
        await s.ftx.write({ tag: 'ok' });
      });
      return [toGuest(s.rx), s.frx];
    }
  }

  return {
    [`wasi:cli/stdout@${V}`]: { writeViaStream: (data: unknown) => drain(data, 'stdout', (b) => world.write('stdout', b)) },
    [`wasi:cli/stderr@${V}`]: { writeViaStream: (data: unknown) => drain(data, 'stderr', (b) => world.write('stderr', b)) },
    [`wasi:cli/stdin@${V}`]: {
      readViaStream(): [GuestByteStream, FutureReader<Result<unknown>>] {
        const s = hostStream();
        spawn('stdin', async () => {
          for (;;) {
            await when((cb) => world.onStdin(cb), () => world.stdinChunks.length > 0 || world.stdinEnded);
            while (world.stdinChunks.length && !s.tx.readerGone) await s.tx.write(world.takeStdin(1 << 30));
            if (world.stdinEnded || s.tx.readerGone) break;
          }
          s.tx.close();
          await s.ftx.write({ tag: 'ok' });
        });
        return [toGuest(s.rx), s.frx];
      },
    },
    [`wasi:cli/environment@${V}`]: {
      getEnvironment: () => world.scenario.env ?? [],
      getArguments: () => world.scenario.args ?? [],
      getInitialCwd: () => '/',
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
    },
    [`wasi:clocks/monotonic-clock@${V}`]: {
      now: () => BigInt(rt.loop.now),
      getResolution: () => 1n,
      waitFor: (d: bigint) => sleep(Number(d), `wait-for(${d}ns)`),
      waitUntil: (t: bigint) => sleep(Number(t) - rt.loop.now, `wait-until(${t})`),
    },
    [`wasi:clocks/system-clock@${V}`]: { now: () => world.wallNow(), getResolution: () => 1n },
    [`wasi:random/random@${V}`]: {
      getRandomBytes: (n: bigint) => Uint8Array.from({ length: Number(n) }, () => world.random.int(256)),
      getRandomU64: () => world.random.u64(),
    },
    [`wasi:filesystem/preopens@${V}`]: { getDirectories: () => [[new Descriptor('/'), '/']] },
    [`wasi:filesystem/types@${V}`]: { Descriptor },
    [`wasi:http/types@${V}`]: { Fields, Request, RequestOptions, Response },
    [`wasi:http/client@${V}`]: client,
    // The middleware world's import of the handler: the next hop (http-middleware.ts).
    [`wasi:http/handler@${V}`]: nextHop(client),
    [`wasi:sockets/types@${V}`]: { TcpSocket, UdpSocket: udpSocket03(world, when) },
    [`wasi:sockets/ip-name-lookup@${V}`]: {
      async resolveAddresses(name: string): Promise<Array<{ tag: string; val: number[] }>> {
        await sleep(world.latency(`dns ${name}`, 1), `dns ${name}`);
        const a = world.resolve(name);
        if (!a) throw new ComponentError({ tag: 'name-unresolvable' });
        return a.map((ip) => ({ tag: 'ipv4', val: ip.split('.').map(Number) }));
      },
    },
    /** Not an interface: the runner's hooks. */
    __internal: { incomingRequest, transmit, console: (ch: 'stdout' | 'stderr', text: string) => world.write(ch, new TextEncoder().encode(text)) },
  };
}

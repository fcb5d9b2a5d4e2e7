/**
 * A generated TypeScript project of N files that import WASI 0.2 through
 * jco's guest bindings, for the bindings benchmark. Its `types/` tree is real
 * `jco guest-types` output (made at bench time); `src/` is features of ten
 * files each, written in the shapes the rewriter ports: a pollable from
 * `subscribe` then `block()`/`poll([...])` then `get()`, `start-connect` then
 * `finish-connect`, `subscribeDuration(d).block()`, `blockingRead` loops
 * until closed, `blockingWriteAndFlush` and `write` + `flush` on an output
 * stream, an http `handle(request, responseOut)` that sets its outparam;
 * plus services and controllers that call those across files (so awaiting
 * climbs the call graph) and plain utilities that touch no WASI at all.
 * The project type-checks cleanly against the 0.2 bindings (strict): the
 * `tsc` stage of the benchmark fails otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateTypes } from '../src/jco/types.js';
import { withOfficialDeps } from '../src/migrate/validate.js';

const V = '0.2.12';

const WORLD = `package bench:app@0.1.0;

world app {
  import wasi:http/types@${V};
  import wasi:http/outgoing-handler@${V};
  import wasi:clocks/monotonic-clock@${V};
  import wasi:cli/stdout@${V};
  import wasi:cli/stdin@${V};
  import wasi:sockets/tcp-create-socket@${V};
  import wasi:sockets/instance-network@${V};
  export wasi:http/incoming-handler@${V};
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'ESNext.Disposable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    types: [],
  },
  include: ['src', 'types'],
};

/** Encoders are host globals in a guest; declared here instead of pulling in the DOM lib. */
const GLOBALS = `declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
`;

type Maker = (f: number) => string;

const httpClient: Maker = (f) => `import { Fields, OutgoingRequest, type IncomingResponse } from 'wasi:http/types@${V}';
import { handle } from 'wasi:http/outgoing-handler@${V}';
import { readAll } from './reader.js';

/** Sends one GET and waits for its response head. */
export function send${f}(authority: string, path: string): IncomingResponse {
  const req = new OutgoingRequest(new Fields());
  req.setMethod({ tag: 'get' });
  req.setScheme({ tag: 'HTTPS' });
  req.setAuthority(authority);
  req.setPathWithQuery(path);
  const future = handle(req, undefined);
  const ready = future.subscribe();
  ready.block();
  const outcome = future.get();
  if (!outcome) throw new Error('response not ready after block()');
  if (outcome.tag === 'err') throw new Error('response already taken');
  if (outcome.val.tag === 'err') throw new Error(\`request failed: \${outcome.val.val.tag}\`);
  return outcome.val.val;
}

export function fetchText${f}(authority: string, path: string): string {
  const response = send${f}(authority, path);
  if (response.status() >= 400) throw new Error(\`\${authority}\${path}: HTTP \${response.status()}\`);
  return readAll(response.consume().stream());
}

export function fetchJson${f}<T>(authority: string, path: string): T {
  return JSON.parse(fetchText${f}(authority, path)) as T;
}
`;

const fanout: Maker = (f) => `import { Fields, OutgoingRequest, type FutureIncomingResponse } from 'wasi:http/types@${V}';
import { handle } from 'wasi:http/outgoing-handler@${V}';
import { poll } from 'wasi:io/poll@${V}';
import { readAll } from './reader.js';

function start(authority: string, path: string): FutureIncomingResponse {
  const req = new OutgoingRequest(new Fields());
  req.setAuthority(authority);
  req.setPathWithQuery(path);
  return handle(req, undefined);
}

/** Sends every request at once and waits until all have answered. */
export function fanOut${f}(authority: string, paths: string[]): string[] {
  const futures = paths.map((p) => start(authority, p));
  let waiting = futures.map((fut) => fut.subscribe());
  while (waiting.length > 0) {
    poll(waiting);
    waiting = waiting.filter((p) => !p.ready());
  }
  return futures.map((fut) => {
    const r = fut.get();
    if (!r || r.tag === 'err' || r.val.tag === 'err') return '';
    return readAll(r.val.val.consume().stream());
  });
}
`;

const timer: Maker = (f) => `import { subscribeDuration, now } from 'wasi:clocks/monotonic-clock@${V}';

export function sleepMs${f}(ms: number): void {
  subscribeDuration(BigInt(ms) * 1_000_000n).block();
}

/** Calls \`op\` until it succeeds, backing off between attempts. */
export function retry${f}<T>(op: () => T, attempts = 3): T {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return op();
    } catch (e) {
      last = e;
      sleepMs${f}(10 * 2 ** i);
    }
  }
  throw last;
}

export function elapsedMs${f}(since: bigint): number {
  return Number((now() - since) / 1_000_000n);
}
`;

const reader: Maker = () => `import { getStdin } from 'wasi:cli/stdin@${V}';
import type { InputStream } from 'wasi:io/streams@${V}';

const dec = new TextDecoder();

function isClosed(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { tag?: string }).tag === 'closed';
}

/** Every byte of the stream, decoded, until it closes. */
export function readAll(stream: InputStream): string {
  let text = '';
  for (;;) {
    try {
      text += dec.decode(stream.blockingRead(4096n), { stream: true });
    } catch (e) {
      if (isClosed(e)) return text + dec.decode();
      throw e;
    }
  }
}

export function readLines(): string[] {
  return readAll(getStdin()).split('\\n').filter((l) => l.length > 0);
}
`;

const writer: Maker = (f) => `import { getStdout } from 'wasi:cli/stdout@${V}';
import type { OutputStream } from 'wasi:io/streams@${V}';

const enc = new TextEncoder();

export function log${f}(line: string): void {
  getStdout().blockingWriteAndFlush(enc.encode(line + '\\n'));
}

/** Writes in chunks the stream accepts, then flushes and waits for the flush. */
export function writeAll${f}(out: OutputStream, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    const budget = Number(out.checkWrite());
    if (budget === 0) {
      out.subscribe().block();
      continue;
    }
    const chunk = data.subarray(offset, offset + budget);
    out.write(chunk);
    offset += chunk.length;
  }
  out.flush();
  out.subscribe().block();
}
`;

const tcp: Maker = (f) => `import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@${V}';
import { instanceNetwork } from 'wasi:sockets/instance-network@${V}';
import { readAll } from './reader.js';
import { writeAll${f} } from './writer.js';

const enc = new TextEncoder();

/** Connects, sends one line, and returns everything the peer answers. */
export function exchange${f}(address: [number, number, number, number], port: number, line: string): string {
  const socket = createTcpSocket('ipv4');
  socket.startConnect(instanceNetwork(), { tag: 'ipv4', val: { address, port } });
  socket.subscribe().block();
  const [input, output] = socket.finishConnect();
  writeAll${f}(output, enc.encode(line + '\\n'));
  return readAll(input);
}
`;

const service: Maker = (f) => `import { fetchJson${f} } from './http-client.js';
import { fanOut${f} } from './fanout.js';
import { retry${f}, elapsedMs${f} } from './timer.js';
import { log${f} } from './writer.js';
import { exchange${f} } from './tcp.js';
import { now } from 'wasi:clocks/monotonic-clock@${V}';
import { summarize, type Record${f} } from './model.js';

export function loadRecords${f}(ids: number[]): Record${f}[] {
  const started = now();
  const records = ids.map((id) => retry${f}(() => fetchJson${f}<Record${f}>('api.example', \`/records/\${id}\`)));
  log${f}(\`loaded \${records.length} records in \${elapsedMs${f}(started)} ms\`);
  return records;
}

export function mirrors${f}(): string[] {
  return fanOut${f}('mirror.example', ['/a', '/b', '/c']);
}

export function report${f}(ids: number[]): string {
  const text = summarize(loadRecords${f}(ids));
  exchange${f}([10, 0, 0, ${f % 250}], 7000 + ${f}, text);
  return text;
}
`;

const controller: Maker = (f) => `import { loadRecords${f}, report${f}, mirrors${f} } from './service.js';
${f > 0 ? `import { report${f - 1} } from '../feature${f - 1}/service.js';\n` : ''}import { parseIds } from './model.js';

export function handleList${f}(query: string): string {
  const records = loadRecords${f}(parseIds(query));
  return JSON.stringify(records);
}

export function handleReport${f}(query: string): string {
  const ids = parseIds(query);
  const parts = [report${f}(ids)${f > 0 ? `, report${f - 1}(ids)` : ''}];
  return parts.join('\\n');
}

export function handleMirrors${f}(): string {
  return mirrors${f}().join(',');
}
`;

const model: Maker = (f) => `export interface Record${f} {
  id: number;
  name: string;
  tags: string[];
  score: number;
}

export function parseIds(query: string): number[] {
  return query
    .split(',')
    .map((s) => Number.parseInt(s.trim(), 10))
    .filter((n) => Number.isInteger(n) && n >= 0);
}

export function summarize(records: { name: string; score: number }[]): string {
  const total = records.reduce((s, r) => s + r.score, 0);
  const best = [...records].sort((a, b) => b.score - a.score)[0];
  return \`\${records.length} records, total \${total}\${best ? \`, best \${best.name}\` : ''}\`;
}

export function byTag<T extends { tags: string[] }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) for (const t of it.tags) out.set(t, [...(out.get(t) ?? []), it]);
  return out;
}
`;

const handler: Maker = (f) => `import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam, type IncomingRequest } from 'wasi:http/types@${V}';
import { handleList${f}, handleMirrors${f}, handleReport${f} } from './controller.js';

const enc = new TextEncoder();

function route(path: string): string {
  const [p, q = ''] = path.split('?');
  if (p === '/list') return handleList${f}(q);
  if (p === '/report') return handleReport${f}(q);
  return handleMirrors${f}();
}

export const incomingHandler${f} = {
  handle(request: IncomingRequest, responseOut: ResponseOutparam): void {
    const body = route(request.pathWithQuery() ?? '/');
    const response = new OutgoingResponse(new Fields());
    response.setStatusCode(200);
    const out = response.body();
    ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
    const stream = out.write();
    stream.blockingWriteAndFlush(enc.encode(body));
    stream[Symbol.dispose]();
    OutgoingBody.finish(out, undefined);
  },
};
`;

const FEATURE: [string, Maker][] = [
  ['http-client.ts', httpClient],
  ['fanout.ts', fanout],
  ['timer.ts', timer],
  ['reader.ts', reader],
  ['writer.ts', writer],
  ['tcp.ts', tcp],
  ['service.ts', service],
  ['controller.ts', controller],
  ['model.ts', model],
  ['handler.ts', handler],
];

export interface GeneratedProject {
  /** Every file of the project, relative path to text (tsconfig, types/ and src/). */
  readonly files: Record<string, string>;
  /** How many `src/` files import WASI 0.2. */
  readonly wasiFiles: number;
}

/** Writes a project of `count` source files (a multiple of 10) into `dir`, bindings generated by real jco. */
export async function generateProject(dir: string, count: number): Promise<GeneratedProject> {
  const files: Record<string, string> = {};
  const witDir = path.join(dir, 'wit');
  for (const [rel, text] of Object.entries(withOfficialDeps({ 'app.wit': WORLD }, {}))) write(witDir, rel, text);
  for (const [rel, text] of Object.entries(await generateTypes({ witPath: witDir, world: 'app', flavour: { kind: 'guest' } }))) files[`types/${rel}`] = text;
  files['types/globals.d.ts'] = GLOBALS;
  files['tsconfig.json'] = JSON.stringify(TSCONFIG, null, 2) + '\n';
  let wasiFiles = 0;
  for (let f = 0; f < count / 10; f++) {
    for (const [name, make] of FEATURE) {
      const text = make(f);
      files[`src/feature${f}/${name}`] = text;
      if (text.includes(`@${V}'`)) wasiFiles++;
    }
  }
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
  return { files, wasiFiles };
}

function write(dir: string, rel: string, text: string): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

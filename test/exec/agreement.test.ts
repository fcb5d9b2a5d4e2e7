/**
 * Agreement with jco's own hosts (issue 15, part 2): a fixture built into a
 * real component runs on our hosts (the simulated world) and on jco's WASI
 * shims (`@bytecodealliance/preview2-shim` for 0.2, `preview3-shim` for 0.3:
 * what `jco transpile` wires in by default), each in its own process with the
 * scenario's args and environment, and what each writes to stdout and its
 * exit status must be the same. A disagreement is a bug in one of the two.
 *
 * The transpiled modules go under test-output/ (git-ignored), inside the
 * project, so that they resolve the shims from its node_modules.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildComponent } from '../../src/exec/component-build.js';
import { loadFixture, type Fixture } from '../../src/exec/fixture.js';
import { componentRunner, requireNode24, transpileComponent, transpileToFolder } from '../../src/exec/real-component.js';
import { showBytes } from '../../src/exec/trace.js';
import { corpusPath } from '../../src/util/corpus.js';

const OUT = path.join(process.cwd(), 'test-output', 'agreement');

/**
 * `toolchain` builds the component: componentize-qjs (default) from the fixture's `component-<wasi>.js`, in its
 * dialect; ComponentizeJS from the fixture's own `guest-0.2.js`, written in jco's guest binding shapes, which are
 * ComponentizeJS's (0.2 only; componentize-qjs 0.4.5 cannot link a 0.2 http component).
 */
const CASES: Array<{ fixture: string; wasi: '0.2' | '0.3'; world: string; args?: string[]; toolchain?: 'componentize-js' }> = [
  { fixture: 'http-hello', wasi: '0.2', world: 'http-hello-0-2', toolchain: 'componentize-js' },
  // Their guests read a stream's end as ComponentizeJS throws it (`e.payload?.tag === 'closed'`), as our 0.2 host does.
  { fixture: 'http-router', wasi: '0.2', world: 'http-router-0-2', toolchain: 'componentize-js' },
  { fixture: 'file-copy', wasi: '0.2', world: 'file-copy-0-2', toolchain: 'componentize-js' },
  { fixture: 'cli-hello', wasi: '0.2', world: 'hello-0-2' },
  { fixture: 'cli-hello', wasi: '0.3', world: 'hello-0-3' },
  { fixture: 'http-hello', wasi: '0.3', world: 'http-hello-0-3' },
  { fixture: 'http-router', wasi: '0.3', world: 'http-router-0-3' },
  { fixture: 'cat', wasi: '0.2', world: 'cat-0-2' },
  { fixture: 'cat', wasi: '0.3', world: 'cat-0-3' },
  { fixture: 'wc-files', wasi: '0.2', world: 'wc-files-0-2' },
  // jco's hosts sleep in real time: the fixture's minute of virtual time becomes 2.5 s, the timers 500 ms apart. At
  // 100 ms apart, preview3-shim printed 100, 200, 400, 500, 300 once under a loaded machine (the whole suite on 2
  // shared cores): jco's runtime starts a component's subtasks from its 10 ms tick, later under load.
  { fixture: 'sleep-sort', wasi: '0.2', world: 'sleep-sort-0-2', args: ['sleep-sort', '2000', '500', '2500', '1500', '1000'] },
  { fixture: 'sleep-sort', wasi: '0.3', world: 'sleep-sort-0-3', args: ['sleep-sort', '2000', '500', '2500', '1500', '1000'] },
];

/** What a client sees of the response: status, the headers the component set, the body (escaped as in our traces). */
interface Seen {
  status: number | null;
  headers: string[];
  body: string;
}

/**
 * The http entry on jco's hosts, asked by a real client on a loopback port: for 0.2, preview2-shim's HTTPServer
 * serving the component's `incomingHandler`; for 0.3, preview3-shim's HttpServer serving its `handler`.
 */
function httpOnJcoHosts(dir: string, name: string, fx: Fixture, port: number, wasi: '0.2' | '0.3' = '0.3'): Seen & { stderr: string } {
  const req = fx.scenario.request!;
  const serve =
    wasi === '0.2'
      ? `
import { HTTPServer } from '@bytecodealliance/preview2-shim/http';
const m = await import(${JSON.stringify(pathToFileURL(path.join(dir, `${name}.js`)).href)});
const server = new HTTPServer(m.incomingHandler);
server.listen(${port}, '127.0.0.1');`
      : `
import { HttpServer } from '@bytecodealliance/preview3-shim/http';
const m = await import(${JSON.stringify(pathToFileURL(path.join(dir, `${name}.js`)).href)});
// jco-transpile 0.15 returns handle's result unwrapped (a Response; an error-code is thrown), while
// preview3-shim 0.7's HttpServer expects { tag, val } and answers 500 to anything else: adapt between the two.
const server = new HttpServer({ async handle(req) { try { return { tag: 'ok', val: await m.handler.handle(req) }; } catch (e) { console.error('handle threw: ' + String(e?.message ?? e)); return { tag: 'err', val: e?.payload ?? e }; } } });
await server.listen(${port}, '127.0.0.1');`;
  const driver = `${serve}
const res = await fetch('http://127.0.0.1:${port}' + ${JSON.stringify(req.path)}, { method: ${JSON.stringify(req.method ?? 'GET')}, headers: ${JSON.stringify(req.headers ?? [])}, body: ${JSON.stringify(req.body ? req.body.join('') : null)} });
const body = new Uint8Array(await res.arrayBuffer());
process.stdout.write(JSON.stringify({ status: res.status, headers: [...res.headers], body: [...body] }));
${wasi === '0.2' ? 'server.stop();' : 'await server.close();'}
process.exit(0);
`;
  writeFileSync(path.join(dir, 'http-driver.mjs'), driver);
  const r = spawnSync(process.execPath, [path.join(dir, 'http-driver.mjs')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !r.stdout) return { status: null, headers: [], body: '', stderr: r.stderr };
  const seen = JSON.parse(r.stdout) as { status: number; headers: Array<[string, string]>; body: number[] };
  return { status: seen.status, headers: seen.headers.map(([k, v]) => `${k}: ${v}`), body: showBytes(Uint8Array.from(seen.body)), stderr: r.stderr };
}

/** Runs the component's `run` on jco's shims in a child process: its stdout and exit status. */
function onJcoHosts(dir: string, name: string, fx: Fixture): { stdout: Buffer; status: number | null; stderr: string; files: Record<string, string> } {
  // The scenario's files in a real folder, preopened as \`/\`.
  const root = path.join(dir, 'root');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const [p, text] of Object.entries(fx.scenario.files ?? {})) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
  const driver = `
import * as p2 from '@bytecodealliance/preview2-shim/cli';
import * as p3 from '@bytecodealliance/preview3-shim/cli';
import * as f2 from '@bytecodealliance/preview2-shim/filesystem';
import { Worker } from 'node:worker_threads';
const args = ${JSON.stringify(fx.scenario.args ?? [])};
const env = Object.fromEntries(${JSON.stringify(fx.scenario.env ?? [])});
for (const s of [p2, p3]) { s._setArgs?.(args); s._setEnv?.(env); }
// The scenario's UDP echo peers as real echo servers at their (loopback) addresses, each in a worker thread: a 0.2
// component blocks this thread while it waits. Latencies and losses are not reproduced.
const echoes = await Promise.all(${JSON.stringify(Object.keys(fx.scenario.udpPeers ?? {}))}.map((addr) => new Promise((ok) => {
  const [ip, port] = addr.split(':');
  const echo = new Worker(\`const dgram = require('node:dgram');
const e = dgram.createSocket('udp4');
e.on('message', (msg, from) => e.send(msg, from.port, from.address));
e.bind(\${port}, '\${ip}', () => require('node:worker_threads').parentPort.postMessage('bound'));\`, { eval: true });
  echo.once('message', () => ok(echo));
})));
// The scenario's upstreams at loopback authorities as real HTTP servers, in worker threads: each route answers
// its status and headers after its latency (the lower bound of a range), then its body chunks.
const upstreams = await Promise.all(Object.entries(${JSON.stringify(fx.scenario.upstreams ?? {})}).map(([authority, routes]) => new Promise((ok) => {
  const [ip, port] = authority.split(':');
  const up = new Worker(\`const http = require('node:http');
const routes = \${JSON.stringify(routes)};
const ms = (l) => (Array.isArray(l) ? l[0] : l ?? 0);
const server = http.createServer(async (req, res) => {
  const r = routes.find((x) => x.path === req.url && (x.method ?? 'GET') === req.method);
  if (!r) { res.writeHead(404); res.end(); return; }
  await new Promise((t) => setTimeout(t, ms(r.latencyMs)));
  res.writeHead(r.status ?? 200, r.headers ?? []);
  for (const c of r.body ?? []) { await new Promise((t) => setTimeout(t, ms(r.chunkGapMs))); res.write(c); }
  res.end();
});
server.listen(\${port}, '\${ip}', () => require('node:worker_threads').parentPort.postMessage('listening'));\`, { eval: true });
  up.once('message', () => ok(up));
})));
f2._setPreopens({ '/': ${JSON.stringify(root)} });
const m = await import(${JSON.stringify(pathToFileURL(path.join(dir, `${name}.js`)).href)});
await m.run.run();
for (const e of [...echoes, ...upstreams]) await e.terminate();
`;
  // A file, not --eval: preview3-shim starts workers, which inherit the parent's flags.
  writeFileSync(path.join(dir, 'driver.mjs'), driver);
  // The scenario's stdin, whole: jco's shims read the process's own.
  const r = spawnSync(process.execPath, [path.join(dir, 'driver.mjs')], { cwd: dir, timeout: 60_000, input: Buffer.from((fx.scenario.stdin ?? []).join('')) });
  const files: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else files[p] = readFileSync(path.join(root, p), 'utf8');
    }
  };
  walk('');
  return { stdout: r.stdout, status: r.status, stderr: r.stderr.toString(), files };
}

/** The response our host gave (its trace) is the one a client of jco's host gets: status, the component's headers, body. */
function expectSameResponse(trace: readonly { ch: string; text: string }[], dir: string, name: string, fx: Fixture, wasi: '0.2' | '0.3'): Seen {
  const res = trace.filter((e) => e.ch === 'http.response').map((e) => e.text);
  const mine: Seen = {
    status: Number(/^status (\d+)$/.exec(res.find((t) => t.startsWith('status '))!)![1]),
    headers: res.filter((t) => t.startsWith('header ')).map((t) => t.slice(7)),
    body: res.filter((t) => t.startsWith('body ')).map((t) => t.slice(5)).join(''),
  };
  const theirs = httpOnJcoHosts(dir, name, fx, 41000 + Math.floor(Math.random() * 2000), wasi);
  expect(theirs.stderr).toBe('');
  expect(theirs.status).toBe(mine.status);
  // The server adds its own (date, transfer-encoding, ...): the component's must all arrive as set.
  for (const h of mine.headers) expect(theirs.headers).toContain(h);
  expect(theirs.body).toBe(mine.body);
  return mine;
}

/** The default `jco transpile`: the component wired to preview2-shim / preview3-shim. */
const transpileWithShims = (wasm: string, dir: string, name: string) => transpileToFolder(wasm, dir, name, { wasiShim: true });

beforeAll(() => {
  requireNode24();
  rmSync(OUT, { recursive: true, force: true });
});

describe("our hosts against jco's hosts", () => {
  test.each(CASES.map((c) => ({ ...c, by: c.toolchain ?? 'componentize-qjs' })))('$fixture $wasi built by $by: the same output (stdout, stderr, files written, exit status; for http: status, headers, body)', async ({ fixture, wasi, world, args, toolchain }) => {
    const loaded = loadFixture(fixture, process.cwd());
    const fx: Fixture = args ? { ...loaded, scenario: { ...loaded.scenario, args } } : loaded;
    const dir = path.join(OUT, `${fixture}-${wasi}`);
    const sourceFile = path.join(fx.dir, toolchain === 'componentize-js' ? `guest-${wasi}.js` : `component-${wasi}.js`);
    const wasm = await buildComponent({ witFile: path.join(fx.dir, 'world.wit'), world, sourceFile, sync: wasi === '0.2', outDir: dir, toolchain });
    const name = world.replace(/-/g, '_');
    // Ours: the component instantiated on our host, seed 0.
    const ours = await componentRunner(await transpileComponent(wasm, path.join(dir, 'ours'), name), wasi)(fx, 0);
    expect(ours.verdict).toBeNull();
    // Theirs: the default jco transpile, on the shims.
    await transpileWithShims(wasm, path.join(dir, 'jco'), name);
    if (fx.scenario.entry === 'http') return expectSameResponse(ours.trace, path.join(dir, 'jco'), name, fx, wasi);
    const ourStdout = ours.trace.filter((e) => e.ch === 'stdout').map((e) => e.text).join('');
    const ourExit = ours.trace.find((e) => e.ch === 'exit')?.text;
    const ourStderr = ours.trace.filter((e) => e.ch === 'stderr').map((e) => e.text).join('');
    const theirs = onJcoHosts(path.join(dir, 'jco'), name, fx);
    expect(showBytes(Buffer.from(theirs.stderr))).toBe(ourStderr);
    expect(showBytes(theirs.stdout)).toBe(ourStdout);
    expect(String(theirs.status)).toBe(ourExit);
    // Files the component wrote: the same text in our world's filesystem and on disk.
    for (const e of ours.trace.filter((x) => x.ch === 'file')) {
      const [, p, text] = /^(.*) = "(.*)"$/s.exec(e.text)!;
      expect(showBytes(Buffer.from(theirs.files[p!] ?? ''))).toBe(text);
    }
  }, 240_000); // a ComponentizeJS build (SpiderMonkey, pre-initialised by wizer) takes 10 to 50 s here, more under load

  // Issue 16, Proof (d): the corpus's http handlers as their projects build them (ComponentizeJS, 0.2; the WIT at the
  // versions their code imports, deps from ../shared/corpus/wasi where the project fetches them at build time). Their
  // ports cannot be built here (no toolchain builds a 0.3 guest written in jco's binding shapes: docs/bindings.md);
  // test/bindings/behaviour.test.ts runs each port against its original on our hosts, and this shows our 0.2 host
  // answers each original as jco's does.
  test.each([
    { unit: 'componentizejs http-server', project: 'componentizejs-tests', entry: 'cases/http-server/source.js', world: 'test3' },
    { unit: 'wasmcloud http-hello-world', project: 'wasmcloud-http-hello-world', entry: 'src/http-hello-world.ts', world: 'hello', deps: '0.2.3' },
  ])('corpus $unit, 0.2 original built by ComponentizeJS: the same response on our host and on preview2-shim', async ({ project, entry, world, deps }) => {
    const src = corpusPath('thirdparty', 'code', project);
    const dir = path.join(OUT, `corpus-${world}`);
    // The corpus's files are copied to a temp folder, never into the project; only what the build makes goes under OUT.
    const copy = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-agreement-'));
    const witDir = path.join(copy, 'wit');
    mkdirSync(path.join(witDir, 'deps'), { recursive: true });
    cpSync(path.join(src, 'wit'), witDir, { recursive: true });
    if (deps) cpSync(corpusPath('wasi', deps), path.join(witDir, 'deps'), { recursive: true });
    const sourceFile = path.join(copy, 'source.js');
    const text = readFileSync(path.join(src, entry), 'utf8');
    writeFileSync(sourceFile, entry.endsWith('.ts') ? ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText : text);
    const wasm = await buildComponent({ witDir, world, sourceFile, sync: true, outDir: dir, toolchain: 'componentize-js' });
    rmSync(copy, { recursive: true, force: true });
    const fx: Fixture = { name: world, dir, guest02: '', guest03: '', scenario: { entry: 'http', request: { method: 'GET', path: '/', headers: [['accept', 'text/plain']] } } };
    const ours = await componentRunner(await transpileComponent(wasm, path.join(dir, 'ours'), world), '0.2')(fx, 0);
    expect(ours.verdict).toBeNull();
    await transpileWithShims(wasm, path.join(dir, 'jco'), world);
    const seen = expectSameResponse(ours.trace, path.join(dir, 'jco'), world, fx, '0.2');
    expect(seen.status).toBe(200);
    expect(seen.body).not.toBe('');
  }, 300_000);

  // Not a fixture: a pinger built here (test/exec/components/udp-pinger), its peer a UDP echo on a loopback port.
  test.each(['0.2', '0.3'] as const)('a UDP pinger %s (componentize-qjs): the same replies on our host (the scenario\'s echo peer) and on jco\'s (a real echo server on loopback)', async (wasi) => {
    const src = path.join(process.cwd(), 'test/exec/components/udp-pinger');
    const dir = path.join(OUT, `udp-pinger-${wasi}`);
    const world = `pinger-${wasi.replace('.', '-')}`;
    const port = 43000 + Math.floor(Math.random() * 2000);
    const fx: Fixture = { name: 'udp-pinger', dir: src, guest02: '', guest03: '', scenario: { entry: 'cli', args: ['pinger', String(port)], udpPeers: { [`127.0.0.1:${port}`]: { mode: 'echo', latencyMs: [1, 5] } } } };
    const wasm = await buildComponent({ witFile: path.join(src, 'world.wit'), world, sourceFile: path.join(src, `component-${wasi}.js`), sync: wasi === '0.2', outDir: dir });
    const ours = await componentRunner(await transpileComponent(wasm, path.join(dir, 'ours'), 'pinger'), wasi)(fx, 0);
    expect(ours.verdict).toBeNull();
    expect(ours.trace.filter((e) => e.ch === 'udp').map((e) => e.text)).toEqual([1, 2, 3].map((i) => `send 127.0.0.1:${port} "ping ${i}"`));
    const ourStdout = ours.trace.filter((e) => e.ch === 'stdout').map((e) => e.text).join('');
    expect(ourStdout).toContain('reply "ping 3" from 127.0.0.1, the peer');
    await transpileWithShims(wasm, path.join(dir, 'jco'), 'pinger');
    const theirs = onJcoHosts(path.join(dir, 'jco'), 'pinger', fx);
    expect(theirs.stderr).toBe('');
    expect(showBytes(theirs.stdout)).toBe(ourStdout);
    expect(String(theirs.status)).toBe(ours.trace.find((e) => e.ch === 'exit')?.text);
  }, 240_000);

  test("request options, 0.2 (ComponentizeJS): our host fails a request whose head comes after its first-byte timeout, as wasmtime does; preview2-shim does not (its bug)", async () => {
    const src = path.join(process.cwd(), 'test/exec/components/http-client-options');
    const dir = path.join(OUT, 'http-client-options');
    const authority = `127.0.0.1:${43000 + Math.floor(Math.random() * 2000)}`;
    const fx: Fixture = { name: 'http-client-options', dir: src, guest02: '', guest03: '', scenario: { entry: 'cli', args: ['client', authority], upstreams: { [authority]: [{ path: '/slow', latencyMs: 300, body: ['done'] }] } } };
    const wasm = await buildComponent({ witFile: path.join(src, 'world.wit'), world: 'client-0-2', sourceFile: path.join(src, 'component-0.2.js'), sync: true, outDir: dir, toolchain: 'componentize-js' });
    const ours = await componentRunner(await transpileComponent(wasm, path.join(dir, 'ours'), 'client'), '0.2')(fx, 0);
    expect(ours.verdict).toBeNull();
    expect(ours.trace.filter((e) => e.ch === 'stdout').map((e) => e.text)).toEqual(['none: -/- "done"\\n', 'first-byte 100 ms: 100/- error connection-read-timeout\\n', 'between-bytes 250 ms: -/250 "done"\\n']);
    await transpileWithShims(wasm, path.join(dir, 'jco'), 'client');
    const theirs = onJcoHosts(path.join(dir, 'jco'), 'client', fx);
    expect(theirs.stderr).toBe('');
    // preview2-shim 0.26 (io/worker-http.js) arms first-byte-timeout only once the response head has come, as an idle
    // timer on the response that ends nothing: the slow answer arrives. The day it agrees with us, this fails: make it a row.
    // (A timeout not set reads back as its default, 600 s there, none here: the WIT leaves that to the host.)
    expect(showBytes(theirs.stdout)).toBe('none: 600000/600000 "done"\\nfirst-byte 100 ms: 100/600000 "done"\\nbetween-bytes 250 ms: 600000/250 "done"\\n');
  }, 240_000);

  test('a handler that awaits its own body before returning the response: a deadlock on both', async () => {
    const fx = loadFixture('http-hello', process.cwd());
    const dir = path.join(OUT, 'body-before-return');
    mkdirSync(dir, { recursive: true });
    // http-hello's real 0.3 component in 0.2's order: the body is written, then the response returned.
    writeFileSync(
      path.join(dir, 'component.js'),
      `import types from 'wasi:http/types@0.3.0';
function utf8(s) { return new Uint8Array([...unescape(encodeURIComponent(s))].map((c) => c.charCodeAt(0))); }
export const handler = {
  async handle(request) {
    let finished;
    const written = new Promise((r) => (finished = r));
    const body = wit.Stream.from((async function* () { yield utf8('hello, ada\\n'); yield utf8('bye\\n'); finished(); })(), wit.Stream.U8);
    const trailers = wit.Future.from({ tag: 'ok', val: null }, wit.Future.RESULT_OPTION_OTHER_ERROR_CODE);
    const [response] = types.Response.new(types.Fields.fromList([['content-type', utf8('text/plain')]]), body.readable, trailers.readable);
    response.setStatusCode(200);
    await written;
    return response;
  },
};
`,
    );
    const wasm = await buildComponent({ witFile: path.join(fx.dir, 'world.wit'), world: 'http-hello-0-3', sourceFile: path.join(dir, 'component.js'), sync: false, outDir: dir });
    const ours = await componentRunner(await transpileComponent(wasm, path.join(dir, 'ours'), 'bbr'), '0.3')(fx, 0);
    expect(ours.verdict).toMatch(/^deadlock: deadlock detected: event loop cannot make further progress \(jco's runtime, in wasi:http\/handler\.handle\)$/);
    await transpileWithShims(wasm, path.join(dir, 'jco'), 'bbr');
    const theirs = httpOnJcoHosts(path.join(dir, 'jco'), 'bbr', fx, 41000 + Math.floor(Math.random() * 2000));
    // jco's runtime traps the handler ("deadlock detected: event loop cannot make further progress"); the server answers 500.
    expect(theirs.stderr).toMatch(/deadlock detected/);
    expect(theirs.status).toBe(500);
  }, 120_000);
});

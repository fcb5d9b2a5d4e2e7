/**
 * Issue 16 proof (d), on our faithful executor: a third-party unit that the
 * executor can run as a JS guest (an http handler importing only WASI, in
 * jco's guest shapes) is migrated with `migrate --write`, and the 0.2
 * original and the port must behave the same on one scenario over several
 * schedules (`validate --before --after --scenario`, exit 0). TypeScript
 * units are transpiled to JavaScript first, as their build does; a unit
 * whose build bundles (rolldown, its own config's options) is bundled, so
 * the helper module the port creates goes in as it would.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { pathToFileURL } from 'node:url';
import { corpusPath } from '../../src/util/corpus.js';
import { loadFixture, run02 } from '../../src/exec/fixture.js';
import type { Scenario } from '../../src/exec/world.js';
import { cleanTmps, cli, git, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const SCENARIO = { description: 'one GET to the handler', entry: 'http', request: { method: 'GET', path: '/', headers: [['accept', 'text/plain']] } };

/** Two clients of the word-count service (its port, its line protocol), lines split across chunks. */
const CLIENTS = {
  description: 'two clients of the word-count service',
  entry: 'cli',
  tcpClients: [
    { port: 7878, atMs: [1, 10], send: ['hello world\n', 'one two', ' three\n', '\n'], gapMs: [1, 5] },
    { port: 7878, atMs: [1, 10], send: ['  a b  c d \n'] },
  ],
};

interface BehaviourUnit {
  name: string;
  project: string;
  entry: string;
  scenario: object;
  /** The unit's build bundles its modules with rolldown (input: the entry; `wasi:*` external; ESM). */
  bundled?: boolean;
  /** What the 0.2 original must do on the scenario (its `tcp` trace), so "alike" is not alike-wrong. */
  tcp?: string[];
}

const UNITS: BehaviourUnit[] = [
  { name: 'componentizejs http-server', project: 'componentizejs-tests', entry: 'cases/http-server/source.js', scenario: SCENARIO },
  { name: 'wasmcloud http-hello-world', project: 'wasmcloud-http-hello-world', entry: 'src/http-hello-world.ts', scenario: SCENARIO },
  {
    name: 'wasmcloud tcp-echo service',
    project: 'wasmcloud-service-tcp-echo/service',
    entry: 'src/service.ts',
    scenario: CLIENTS,
    bundled: true,
    tcp: ['listen 0.0.0.0:7878', 'no client left; the server ends here', 'client#0 received "2\\n3\\n0\\n"', 'client#1 received "4\\n"'],
  },
];

/** The unit's JavaScript as its build makes it, written to `out`. */
function build(u: BehaviourUnit, project: string, out: string): void {
  const file = path.join(project, u.entry);
  if (!u.bundled) return writeFileSync(out, asJs(u.entry, readFileSync(file, 'utf8')));
  // In a child process: rolldown's options do not survive jest's module realm (its RegExp checks fail).
  const code = `import { rolldown } from ${JSON.stringify(pathToFileURL(path.resolve('node_modules/rolldown/dist/index.mjs')).href)};
const bundle = await rolldown({ input: ${JSON.stringify(file)}, external: /wasi:.*/, logLevel: 'silent' });
await bundle.write({ file: ${JSON.stringify(out)}, format: 'esm' });
await bundle.close();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'pipe' });
}

/** A one-module guest (`guest.js`) ported with `bindings --write` in a repo of its own: the port's text (the run must be clean). */
function portOne(before: string): string {
  const dir = tmp();
  writeFileSync(path.join(dir, 'guest.js'), before);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'guest');
  const port = cli(dir, ['bindings', '.', '--write']);
  expect({ code: port.code, err: port.err }).toEqual({ code: 0, err: '' });
  return readFileSync(path.join(dir, 'guest.js'), 'utf8');
}

/** `validate` of a 0.2 guest against its port on `scenario` over 4 seeds: its exit code and verdict line. */
function agreeOn(before: string, after: string, scenario: object): { code: number | null; out: string } {
  const out = tmp();
  writeFileSync(path.join(out, 'before.js'), before);
  writeFileSync(path.join(out, 'after.js'), after);
  writeFileSync(path.join(out, 'scenario.json'), JSON.stringify(scenario));
  const v = cli(out, ['validate', '--before', 'before.js', '--after', 'after.js', '--scenario', 'scenario.json', '--seeds', '4'], {}, 300000);
  return { code: v.code, out: v.out.trim() };
}

function asJs(file: string, text: string): string {
  return file.endsWith('.ts') ? ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText : text;
}

it.each(UNITS.map((u) => [u.name, u] as const))('%s: the 0.2 original and its port answer alike on every schedule', async (_name, u) => {
  const repo = tmp();
  git(repo, 'init', '-q');
  const project = path.join(repo, 'p');
  cpSync(corpusPath('thirdparty', 'code', u.project), project, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', project]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'corpus');
  const before = readFileSync(path.join(project, u.entry), 'utf8');
  build(u, project, path.join(repo, 'before.js'));
  const w = cli(repo, ['migrate', 'p', '--write'], {}, 300000);
  expect(w.code).toBeLessThanOrEqual(1);
  const after = readFileSync(path.join(project, u.entry), 'utf8');
  expect(after).not.toBe(before);
  build(u, project, path.join(repo, 'after.js'));
  writeFileSync(path.join(repo, 'scenario.json'), JSON.stringify(u.scenario));
  if (u.tcp) {
    const r = await run02({ ...loadFixture('tcp-client', process.cwd()), scenario: u.scenario as Scenario }, 0, readFileSync(path.join(repo, 'before.js'), 'utf8'));
    expect(r.trace.filter((e) => e.ch === 'tcp').map((e) => e.text)).toEqual(u.tcp);
  }
  const v = cli(repo, ['validate', '--before', 'before.js', '--after', 'after.js', '--scenario', 'scenario.json', '--seeds', '4'], {}, 300000);
  expect({ code: v.code, out: v.out.trim(), err: v.err }).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)', err: '' });
}, 300000);

// Not a corpus unit: positional descriptor.read/write (issue 16 class 3), which 0.3 has only as streams.
it('a guest using a descriptor\'s positional read and write behaves the same after the rewrite', () => {
  const dir = tmp();
  const before = `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

export const run = {
  run() {
    const [[dir]] = getDirectories();
    const file = dir.openAt({}, 'out.txt', { create: true }, { read: true, write: true });
    const written = file.write(new TextEncoder().encode('hello, file'), 0n);
    const [data, eof] = file.read(5n, 7n);
    const [rest, end] = file.read(100n, 0n);
    getStdout().blockingWriteAndFlush(new TextEncoder().encode(\`\${written} \${new TextDecoder().decode(data)} \${eof} \${rest.length} \${end}\\n\`));
  },
};
`;
  writeFileSync(path.join(dir, 'guest.js'), before);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'guest');
  expect(cli(dir, ['bindings', '.', '--write']).code).toBeLessThanOrEqual(1);
  const after = readFileSync(path.join(dir, 'guest.js'), 'utf8');
  expect(after).toContain('await wasiWriteAt(file, ');
  expect(after).toContain('await wasiReadAt(file, 5n, 7n)');
  writeFileSync(path.join(dir, 'before.js'), before);
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ description: 'a file written, then read back', entry: 'cli', files: {} }));
  const v = cli(dir, ['validate', '--before', 'before.js', '--after', 'guest.js', '--scenario', 'scenario.json', '--seeds', '3'], {}, 300000);
  expect({ code: v.code, out: v.out.trim() }).toEqual({ code: 0, out: 'ok       before.js -> guest.js (3 seeds)' });
}, 300000);

// Not a corpus unit: a TCP client reading a line and a counted frame in loops (issue 16; the shape of
// wasmCloud's TCP services), which become `await wasiRead(pair, n)`, and its `shutdown('send')`.
it('a TCP client reading in loops behaves the same after the rewrite', async () => {
  const dir = tmp();
  const before = `import { instanceNetwork } from 'wasi:sockets/instance-network@0.2.3';
import { createTcpSocket } from 'wasi:sockets/tcp-create-socket@0.2.3';
import { getStdout } from 'wasi:cli/stdout@0.2.3';

const decoder = new TextDecoder();

function readExact(stream, len) {
  const out = new Uint8Array(len);
  let filled = 0;
  while (filled < len) {
    const chunk = stream.blockingRead(BigInt(len - filled));
    out.set(chunk, filled);
    filled += chunk.length;
  }
  return out;
}

function readLine(stream) {
  let line = '';
  while (!line.endsWith('\\n')) line += decoder.decode(stream.blockingRead(1n));
  return line;
}

export const run = {
  run() {
    const socket = createTcpSocket('ipv4');
    socket.startConnect(instanceNetwork(), { tag: 'ipv4', val: { port: 7, address: [127, 0, 0, 1] } });
    socket.subscribe().block();
    const [input, output] = socket.finishConnect();
    output.blockingWriteAndFlush(new TextEncoder().encode('12\\n'));
    const reply = readLine(input);
    output.blockingWriteAndFlush(new TextEncoder().encode('abcdefgh'));
    const exact = readExact(input, 8);
    socket.shutdown('send');
    getStdout().blockingWriteAndFlush(new TextEncoder().encode(\`\${reply.trim()} \${decoder.decode(exact)}\\n\`));
  },
};
`;
  writeFileSync(path.join(dir, 'guest.js'), before);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'guest');
  const port = cli(dir, ['bindings', '.', '--write']);
  expect(port.code).toBe(0);
  const after = readFileSync(path.join(dir, 'guest.js'), 'utf8');
  expect(after).toContain('await wasiRead(stream, BigInt(len - filled))');
  expect(after).toContain('await output.close();');
  writeFileSync(path.join(dir, 'before.js'), before);
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ description: 'an echo peer', entry: 'cli', tcpPeers: { '127.0.0.1:7': { mode: 'echo' } } }));
  const v = cli(dir, ['validate', '--before', 'before.js', '--after', 'guest.js', '--scenario', 'scenario.json', '--seeds', '4'], {}, 300000);
  expect({ code: v.code, out: v.out.trim() }).toEqual({ code: 0, out: 'ok       before.js -> guest.js (4 seeds)' });
  // Alike, and right: the original reads the echoed line and the 8 bytes.
  const r = await run02({ ...loadFixture('tcp-client', process.cwd()), scenario: JSON.parse(readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as Scenario }, 0, before);
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text)).toEqual(['12 abcdefgh\\n']);
}, 300000);

// Not a corpus unit: a stdio message host (the shape of a browser native-messaging host) whose stream
// plumbing lives in a module of its own that imports nothing from WASI: `run` only hands `getStdin()` and
// `getStdout()` to `readMessage`/`writeMessage`, which pass them on to `readExact`/`writeAll`. The port
// makes the pair and the sink where the streams are made, and ports the plumbing module too.
it('a stdio message host with its stream plumbing in another module behaves the same after the rewrite', async () => {
  const dir = tmp();
  const host = `import { getStdin } from 'wasi:cli/stdin@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { readMessage, writeMessage } from './frames.js';

export const run = {
  run() {
    const input = getStdin();
    const output = getStdout();
    for (let message = readMessage(input); message !== null; message = readMessage(input)) {
      writeMessage(output, message.reverse());
    }
  },
};
`;
  const frames = `function readExact(input, length) {
  const bytes = new Uint8Array(length);
  let offset = 0;
  while (offset < length) {
    let chunk;
    try {
      chunk = input.blockingRead(BigInt(length - offset));
    } catch {
      return null;
    }
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export function readMessage(input) {
  const header = readExact(input, 4);
  if (header === null) return null;
  return readExact(input, new DataView(header.buffer).getUint32(0, true));
}

function writeAll(output, bytes) {
  for (let offset = 0; offset < bytes.length; offset += 3) {
    output.blockingWriteAndFlush(bytes.subarray(offset, offset + 3));
  }
}

export function writeMessage(output, body) {
  const frame = new Uint8Array(4 + body.length);
  new DataView(frame.buffer).setUint32(0, body.length, true);
  frame.set(body, 4);
  writeAll(output, frame);
  output.blockingFlush();
}
`;
  writeFileSync(path.join(dir, 'host.js'), host);
  writeFileSync(path.join(dir, 'frames.js'), frames);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', devDependencies: { rolldown: '*' } }));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'guest');
  // The bundles (what the componentizer is given) go beside the project, not in it.
  const out = tmp();
  const bundle = (name: string) => build({ name: 'host', project: dir, entry: 'host.js', scenario: {}, bundled: true }, dir, path.join(out, name));
  bundle('before.js');
  const port = cli(dir, ['bindings', '.', '--write']);
  expect({ code: port.code, err: port.err }).toEqual({ code: 0, err: '' });
  const after = readFileSync(path.join(dir, 'host.js'), 'utf8');
  expect(after).toContain('const input = readViaStream();');
  expect(after).toContain('const output = wasiSink(writeViaStream);');
  expect(after).toContain('await output.close();');
  expect(readFileSync(path.join(dir, 'frames.js'), 'utf8')).not.toMatch(/blocking|wasi-migrate\(review\)/);
  bundle('after.js');
  const scenario = { description: 'two framed messages on stdin, split across chunks', entry: 'cli', stdin: ['\u0005\u0000\u0000\u0000hel', 'lo', '\u0002\u0000\u0000\u0000ab'], stdinGapMs: [1, 5] };
  writeFileSync(path.join(out, 'scenario.json'), JSON.stringify(scenario));
  const v = cli(out, ['validate', '--before', 'before.js', '--after', 'after.js', '--scenario', 'scenario.json', '--seeds', '4'], {}, 300000);
  expect({ code: v.code, out: v.out.trim() }).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)' });
  // Alike, and right: the original answers each message reversed, in frames (the trace spells control bytes `\xNN`).
  const r = await run02({ ...loadFixture('tcp-client', process.cwd()), scenario: scenario as Scenario }, 0, readFileSync(path.join(out, 'before.js'), 'utf8'));
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text).join('')).toBe('\\x05\\x00\\x00\\x00olleh\\x02\\x00\\x00\\x00ba');
}, 300000);

// Not a corpus unit: the handler of jco's browser example (its shape, our text): it drops the request body's
// stream, the trailers future and the response body's stream through `symbolDispose`, a constant holding
// `Symbol.dispose`. Before: the alias was not seen, `IncomingBody.finish(b)[symbolDispose]()` became
// `b[1][symbolDispose]()` (a promise has no dispose: a TypeError) and the body was left for review.
it("a handler dropping its streams through a Symbol.dispose constant behaves the same after the rewrite", () => {
  const before = `import { Fields, IncomingBody, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const symbolDispose = Symbol.dispose || Symbol.for('dispose');

export const incomingHandler = {
    handle(request, responseOut) {
        const incomingBody = request.consume();
        const input = incomingBody.stream();
        const body = input.blockingRead(4_000n);
        input[symbolDispose]();
        IncomingBody.finish(incomingBody)[symbolDispose]();
        const response = new OutgoingResponse(new Fields());
        response.setStatusCode(201);
        const outgoingBody = response.body();
        const output = outgoingBody.write();
        output.blockingWriteAndFlush(encoder.encode(\`\${request.pathWithQuery()}: \${decoder.decode(body)}\`));
        output[symbolDispose]();
        OutgoingBody.finish(outgoingBody);
        ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
    },
};
`;
  const after = portOne(before);
  expect(after).not.toContain('[symbolDispose]()');
  expect(after).toContain('async function* responseBody() {\n            yield* ');
  const scenario = { description: 'a POST with a body in two chunks', entry: 'http', request: { method: 'POST', path: '/echo', body: ['pi', 'ng'] } };
  expect(agreeOn(before, after, scenario)).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)' });
}, 300000);

// Not a corpus unit: directory listings read through 0.2's directory-entry-stream in the two loop shapes
// real filesystem layers write (a `for` over `readDirectoryEntry()`, and a `while` assigning it), which
// become `for await` over 0.3's stream of entries; the original's stdout is asserted, so "alike" is not alike-wrong.
it('a guest listing folders through readDirectoryEntry loops behaves the same after the rewrite', async () => {
  const before = `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

function names(dir) {
  const entries = dir.readDirectory();
  const out = [];
  for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) out.push(e.name);
  return out;
}

function textFiles(dir, path) {
  const sub = dir.openAt({}, path, { directory: true }, { read: true });
  const stream = sub.readDirectory();
  const found = [];

  let entry;
  while ((entry = stream.readDirectoryEntry()) && entry) {
    if (entry.name.endsWith('.txt')) {
      found.push(entry.name);
    }
  }
  return found;
}

export const run = {
  run() {
    const [[dir]] = getDirectories();
    const text = \`\${names(dir).join(' ')}\\n\${textFiles(dir, 'docs').join(' ')}\\n\`;
    getStdout().blockingWriteAndFlush(new TextEncoder().encode(text));
  },
};
`;
  const after = portOne(before);
  expect(after).not.toContain('readDirectoryEntry');
  expect(after).toContain('for await (const entry of stream) {');
  const scenario = { description: 'a small tree listed', entry: 'cli', files: { '/a.txt': '1', '/docs/x.txt': '2', '/docs/y.md': '3', '/docs/z.txt': '4' } };
  const r = await run02({ ...loadFixture('cli-hello', process.cwd()), scenario: scenario as Scenario }, 0, before);
  // The trace writes each newline as `\\n`.
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text).join('')).toBe('a.txt docs\\nx.txt z.txt\\n');
  expect(agreeOn(before, after, scenario)).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)' });
}, 300000);

// Not a corpus unit: wasi:filesystem's descriptor-type is an enum in 0.2 (jco: 'directory') and a variant in
// 0.3 (jco: { tag: 'directory' }): a port that kept `stat.type === 'directory'` reports every folder as a file,
// with no error (the executor shows it: "docs: a file").
it('a guest telling folders from files by their descriptor-type behaves the same after the rewrite', async () => {
  const before = `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

function describe(root, path) {
  const stat = root.statAt({}, path);
  if (stat.type === 'directory') {
    const entries = root.openAt({}, path, { directory: true }, { read: true }).readDirectory();
    const out = [];
    for (let e = entries.readDirectoryEntry(); e; e = entries.readDirectoryEntry()) {
      out.push(e.type === 'regular-file' ? e.name : \`\${e.name}/\`);
    }
    return \`\${path}: \${out.join(' ')}\`;
  }
  return \`\${path}: a file\`;
}

export const run = {
  run() {
    const [[root]] = getDirectories();
    getStdout().blockingWriteAndFlush(new TextEncoder().encode(\`\${describe(root, 'docs')}\\n\${describe(root, 'a.txt')}\\n\`));
  },
};
`;
  const after = portOne(before);
  expect(after).toContain("if (stat.type.tag === 'directory') {");
  expect(after).toContain("e.type.tag === 'regular-file'");
  const scenario = { description: 'a folder and a file', entry: 'cli', files: { '/a.txt': '1', '/docs/x.txt': '2', '/docs/sub/y.md': '3' } };
  const r = await run02({ ...loadFixture('cli-hello', process.cwd()), scenario: scenario as Scenario }, 0, before);
  // The trace writes each newline as `\\n`.
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text).join('')).toBe('docs: sub/ x.txt\\na.txt: a file\\n');
  expect(agreeOn(before, after, scenario)).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)' });
}, 300000);

// Not a corpus unit: a handler in StandardJS's style (no semicolons; double quotes here) that asks an upstream
// and writes its answer through a loop. It drops its pollable, its future, the upstream body and its stream
// (as jco's own tests do) and writes the response body in a `for...of` inside a bare block. Before: the drops
// became TypeErrors (send's promise, the port's wasiPollable and consumeBody's pair have no dispose), the loop
// of writes was left before the return (a deadlock, reported), and the shapes matched by their text (`"ok"`,
// lines without `;`) were missed. The original's response body is asserted, so "alike" is not alike-wrong.
it('a no-semicolon handler that drops its 0.2 handles and writes its body in a loop behaves the same after the rewrite', async () => {
  const before = `import { Fields, OutgoingBody, OutgoingRequest, OutgoingResponse, ResponseOutparam } from "wasi:http/types@0.2.3"
import { handle } from "wasi:http/outgoing-handler@0.2.3"

const drop = Symbol.dispose || Symbol.for("dispose")

function upstream(path) {
  const request = new OutgoingRequest(new Fields())
  request.setScheme({ tag: "HTTP" })
  request.setAuthority("api.example")
  request.setPathWithQuery(path)
  OutgoingBody.finish(request.body(), undefined)
  const pending = handle(request, undefined)
  const ready = pending.subscribe()
  ready.block()
  ready[drop]()
  const response = pending.get().val.val
  pending[drop]()
  const body = response.consume()
  const stream = body.stream()
  let text = ""
  try {
    for (;;) text += new TextDecoder().decode(stream.blockingRead(16n))
  } catch (e) {
    if (e.payload?.tag !== "closed") throw e
  } finally {
    stream[drop]()
    body[drop]()
  }
  return text
}

export const incomingHandler = {
  handle(request, responseOut) {
    const words = upstream("/words").split(" ")
    const response = new OutgoingResponse(new Fields())
    response.setStatusCode(200)
    const body = response.body()
    {
      const out = body.write()
      for (const word of words) {
        out.blockingWriteAndFlush(new TextEncoder().encode(word.toUpperCase() + "\\n"))
      }
      out[drop]()
    }
    OutgoingBody.finish(body, undefined)
    ResponseOutparam.set(responseOut, { tag: "ok", val: response })
  },
}
`;
  const after = portOne(before);
  expect(after).not.toMatch(/(ready|pending|stream|body)\[drop\]\(\)/);
  expect(after).toContain('async function* responseBody() {\n      for (const word of words) {\n        yield* ');
  // In the file's style: the lines the port wrote have no semicolons at their ends.
  expect(after.split('\n').filter((l) => /;\s*$/.test(l))).toEqual([]);
  const scenario = { description: 'a GET answered from an upstream', entry: 'http', request: { method: 'GET', path: '/' }, upstreams: { 'api.example': [{ method: 'GET', path: '/words', status: 200, body: ['alpha be', 'ta gamma'] }] } };
  const r = await run02({ ...loadFixture('http-hello', process.cwd()), scenario: scenario as Scenario }, 0, before);
  expect(r.trace.filter((e) => e.ch === 'http.response').map((e) => e.text)).toEqual(['status 200', 'body ALPHA\\n', 'body BETA\\n', 'body GAMMA\\n', 'end ok']);
  expect(agreeOn(before, after, scenario)).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)' });
}, 300000);

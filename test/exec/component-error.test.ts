/**
 * A failed 0.3 call's error reaches the guest as jco's guest bindings throw
 * it: a `ComponentError` (an `Error`) whose `payload` is the error-code, the
 * bare `tag` undefined (src/exec/errors.ts). A handler that throws such an
 * error on answers with its `payload`, as jco's bindings read an export's
 * throw. (fixtures.test.ts: a port reading the bare shape diverges.)
 */
import { loadFixture, run03, type Fixture } from '../../src/exec/fixture.js';

/** An http entry with no upstream: every send fails with `DNS-error`. */
function noUpstream(): Fixture {
  const fx = loadFixture('http-proxy', process.cwd());
  return { ...fx, scenario: { entry: 'http', request: { method: 'GET', path: '/', headers: [] } } };
}

const guest = (onError: string): string => `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { send } from 'wasi:http/client@0.3.0';
const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
export const handler = {
  async handle() {
    const [req] = Request.new(new Fields(), undefined, ok(), undefined);
    req.setAuthority('nowhere.example');
    let seen;
    try {
      await send(req);
      seen = 'sent';
    } catch (e) {
      ${onError}
    }
    const [response] = Response.new(new Fields(), (async function* () { yield* new TextEncoder().encode(seen); })(), ok());
    return response;
  },
};
`;

const lines = (r: Awaited<ReturnType<typeof run03>>): string[] => r.trace.filter((e) => e.ch === 'http.response').map((e) => e.text);

test("a failed send rejects with an Error whose payload is the error-code; the bare tag is undefined", async () => {
  const r = await run03(noUpstream(), 0, guest("seen = [e instanceof Error, e.payload.tag, String(e.tag), Object.keys(e).join(','), e.message].join(' | ');"));
  expect(r.verdict).toBeNull();
  expect(lines(r)).toContain('body true | DNS-error | undefined | payload | [object Object] (see error.payload)');
});

test("a handler throwing the caught error on answers with its payload's error-code, as jco's bindings read an export's throw", async () => {
  const r = await run03(noUpstream(), 0, guest('throw e;'));
  expect(r.verdict).toBeNull();
  expect(lines(r)).toEqual(['error DNS-error']);
});

test('tcp send and receive on an unconnected socket: no result to throw, the error is their future\'s, `err(invalid-state)` (the WIT)', async () => {
  const fx = { ...loadFixture('cli-hello', process.cwd()), scenario: { entry: 'cli' as const } };
  const r = await run03(
    fx,
    0,
    `import { TcpSocket } from 'wasi:sockets/types@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
export const run = { async run() {
  const socket = TcpSocket.create('ipv4');
  const [data, received] = socket.receive();
  const bytes = [];
  for await (const b of data) bytes.push(b);
  const sent = await socket.send((async function* () { yield 1; })());
  const line = [bytes.length, JSON.stringify(await received), JSON.stringify(sent)].join(' ') + '\\n';
  await writeViaStream((async function* () { yield* new TextEncoder().encode(line); })());
} };`,
  );
  expect(r.verdict).toBeNull();
  expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text)).toEqual(['0 {"tag":"err","val":{"tag":"invalid-state"}} {"tag":"err","val":{"tag":"invalid-state"}}\\n']);
});

test('a handler throwing an Error with no payload fails the run, as jco\'s bindings throw it on (getErrorPayload); it is no error-code response', async () => {
  const r = await run03(noUpstream(), 0, guest("throw new Error('boom');"));
  expect(r.verdict).toMatch(/^guest-error: .*boom/);
  expect(lines(r)).toEqual(['none']);
});

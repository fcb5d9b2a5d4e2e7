/**
 * The 0.3 `wasi:http/middleware` world (src/exec/http-middleware.ts): a
 * component that exports the handler and imports it as its next hop. The
 * http-proxy fixture's 0.2 original (a streaming reverse proxy forwarding
 * through `outgoing-handler`) is ported to a middleware that forwards through
 * the imported handler: the two agree; a middleware that answers by itself
 * instead of forwarding is caught at the request it never made.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, run03 } from '../../src/exec/fixture.js';
import { validateFixture } from '../../src/exec/validate.js';

/** A middleware in the shape of a real one: end-to-end headers on, its own header added to the response. */
const middleware = (forward: boolean): string => `import { Fields, Request, Response } from 'wasi:http/types@0.3.0';
import { handle as next } from 'wasi:http/handler@0.3.0';

const ok = () => Promise.resolve({ tag: 'ok', val: undefined });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te']);
const endToEnd = (from) => Fields.fromList(from.copyAll().filter(([name]) => !HOP.has(name)));

export const handler = {
  async handle(request) {
    const path = (request.getPathWithQuery() ?? '/').replace(/^\\/proxy/, '') || '/';
    ${
      forward
        ? `const [req] = Request.new(endToEnd(request.getHeaders()), undefined, ok(), undefined);
    req.setMethod(request.getMethod());
    req.setScheme({ tag: 'HTTP' });
    req.setAuthority('origin.example');
    req.setPathWithQuery(path);
    const downstream = await next(req);
    const status = downstream.getStatusCode();
    const headers = endToEnd(downstream.getHeaders());
    const [body, trailers] = Response.consumeBody(downstream, ok());
    const [response] = Response.new(headers, body, trailers);
    response.setStatusCode(status);
    return response;`
        : `const [response] = Response.new(new Fields(), undefined, ok());
    response.setStatusCode(203);
    return response;`
    }
  },
};
`;

async function validatePort(src: string, seeds: number): Promise<Awaited<ReturnType<typeof validateFixture>>> {
  const tmp = mkdtempSync(join(tmpdir(), 'wm-middleware-'));
  try {
    const dir = join(tmp, 'http-proxy');
    cpSync(join(process.cwd(), 'fixtures/components/http-proxy'), dir, { recursive: true });
    writeFileSync(join(dir, 'wrong', 'middleware.js'), src);
    return await validateFixture(loadFixture(join(dir, 'wrong', 'middleware.js')), seeds);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

test('a middleware forwarding through the imported handler: the request reaches the next hop and its response comes back', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'wm-middleware-'));
  try {
    const port = join(tmp, 'middleware.js');
    writeFileSync(port, middleware(true));
    const fx = { ...loadFixture('http-proxy', process.cwd()), guest03: port };
    const r = await run03(fx, 0);
    expect(r.verdict).toBeNull();
    const seen = r.trace.map((e) => `${e.ch}: ${e.text}`);
    expect(seen.filter((l) => l.startsWith('http.request'))).toEqual(['http.request: GET http://origin.example/docs/readme?v=2 [accept: text/plain, x-trace: t-1] body ""']);
    expect(seen).toContain('http.response: status 203');
    expect(seen).toContain('http.response: trailer x-digest: d41d8');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("validate: http-proxy's 0.2 original against its port to the middleware world agrees on 8 seeds", async () => {
  const v = await validatePort(middleware(true), 8);
  expect(v.report ?? 'ok').toBe('ok');
  expect(v.ok).toBe(true);
});

test('validate: a middleware that answers by itself instead of forwarding diverges at the request it never made', async () => {
  const v = await validatePort(middleware(false), 8);
  expect(v.ok).toBe(false);
  expect(v.divergence!.left!.ch).toBe('http.request');
});

/**
 * Hostile guests reaching for the host: constructor chains from every kind of
 * value the host hands over, caught host errors, `Error.prepareStackTrace`,
 * `import()`, `globalThis` tricks, proxies and getters. Each guest tries to
 * create a marker file through the host's `process`; none may exist after.
 */
import vm from 'node:vm';
import { existsSync } from 'node:fs';
import { marker, noTrace, out, payload, ROOMY, run } from './helpers.js';

const sources03: Array<[string, string, string]> = [
  ['an import function', `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';`, `attempt('fn', writeViaStream);`],
  ['an import namespace object', `import * as m from 'wasi:cli/stdout@0.3.0';`, `attempt('ns', m); attempt('ns fn', m.writeViaStream);`],
  ['a resource class and its statics', `import { Fields } from 'wasi:http/types@0.3.0';`, `attempt('class', Fields); attempt('static', Fields.fromList);`],
  ['a resource instance and its methods', `import { Fields } from 'wasi:http/types@0.3.0';`, `const f = new Fields(); attempt('inst', f); attempt('method', f.get); attempt('ret', f.copyAll());`],
  ['a host promise', `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';`, `const p = waitFor(1n); attempt('promise', p); await p; attempt('then', p.then);`],
  ['values returned by imports', `import { getRandomBytes } from 'wasi:random/random@0.3.0';\nimport { now } from 'wasi:clocks/monotonic-clock@0.3.0';`, `attempt('bytes', getRandomBytes(4n)); attempt('bigint', Object(now())); attempt('buffer', getRandomBytes(4n).buffer);`],
  ['a stream, its iterator and its future', `import { readViaStream } from 'wasi:cli/stdin@0.3.0';`, `const [s, f] = readViaStream(); attempt('stream', s); attempt('future', f); const it = s[Symbol.asyncIterator](); attempt('iter', it); const n = it.next(); attempt('next', n); attempt('result', await n);`],
  ['caught host errors', `import { Fields } from 'wasi:http/types@0.3.0';`, `try { Fields.fromList(5); } catch (e) { attempt('err', e); } try { new Fields().append(1, 2, 3); } catch (e) { attempt('err2', e); }`],
  ['globalThis and the global functions', ``, `attempt('global', globalThis); attempt('te', TextEncoder); attempt('td', new TextDecoder()); attempt('this', (function () { return this; })()); attempt('eval', (0, eval)('this'));`],
  ['the exports object and the guest function the host called', ``, `attempt('run', run); attempt('runfn', run.run);`],
  ['Error.prepareStackTrace with a host error', `import { Fields } from 'wasi:http/types@0.3.0';`, `Error.prepareStackTrace = (e, frames) => { for (const f of frames || []) { attempt('frame', f); try { attempt('frame fn', f.getFunction()); attempt('frame this', f.getThis()); } catch {} } return ''; }; try { Fields.fromList(5); } catch (e) { String(e.stack); attempt('err', e); }`],
  ['import() of Node modules', ``, `for (const m of ['node:fs', 'fs', 'child_process', 'node:child_process']) { try { const x = await import(m); attempt('import ' + m, x); x.writeFileSync?.(MARKER, 'x'); } catch (e) { tried.push('import ' + m + ': ' + e); } }`],
  ['a Proxy and a getter handed to the host', `import { Fields } from 'wasi:http/types@0.3.0';`, `let busy = false; const once = (l, x) => { if (busy) return; busy = true; try { attempt(l, x); } finally { busy = false; } }; const spy = new Proxy({}, { get(t, k, r) { once('get receiver', r); return undefined; }, getPrototypeOf(t) { once('proto', t); return Object.prototype; }, ownKeys(t) { once('keys', t); return []; } }); try { Fields.fromList([spy]); } catch (e) { attempt('err', e); } try { Fields.fromList([{ get 0() { attempt('getter this', this); return 'a'; } }]); } catch (e) { attempt('err', e); }`],
  ['arguments.callee.caller chains', `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';`, `await writeViaStream((async function* () { try { attempt('caller', (function () { return arguments.callee.caller; })()); } catch (e) { tried.push('caller: ' + e); } yield 10; })());`],
];

describe('hostile guests: escapes (0.3 host)', () => {
  test.each(sources03)('%s: no constructor chain reaches the host', async (_what, imports, body) => {
    const m = marker();
    try {
      const src = `${imports}\n${payload(m.path)}\nexport const run = { async run() { ${body}\n if (tried.some((t) => t.includes('ESCAPED'))) throw new Error('ESCAPED ' + tried.join('; ')); } };`;
      const r = await run('0.3', src, ROOMY);
      if (process.env.WM_TIMES) process.stderr.write(`hostile escape | 0.3: ${_what} | ${r.verdict ?? 'finished'} | ${Math.round(r.ms)} ms\n`);
      noTrace(m.path);
      expect(JSON.stringify(r.trace)).not.toContain('ESCAPED');
      // Touching `process` from inside the sandbox is itself a recorded violation.
      expect(r.verdict === null || /^sandbox: .*'process'/.test(r.verdict)).toBe(true);
    } finally {
      m.done();
    }
  });
});

describe('hostile guests: escapes (0.2 host)', () => {
  test.each([
    ['a resource and its method results', `import { getStdout } from 'wasi:cli/stdout@0.2.12';`, `const o = getStdout(); attempt('res', o); attempt('m', o.blockingWriteAndFlush); attempt('ret', o.checkWrite());`],
    ['a pollable and poll()', `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';\nimport { poll } from 'wasi:io/poll@0.2.12';`, `const p = subscribeDuration(1n); attempt('pollable', p); attempt('ready', poll([p]));`],
    ['a caught host error', `import { poll } from 'wasi:io/poll@0.2.12';`, `try { poll(5); } catch (e) { attempt('err', e); }`],
  ])('%s', async (_what, imports, body) => {
    const m = marker();
    try {
      const src = `${imports}\n${payload(m.path)}\nexport const run = { run() { ${body}\n if (tried.some((t) => t.includes('ESCAPED'))) throw new Error('ESCAPED'); } };`;
      const r = await run('0.2', src, ROOMY);
      if (process.env.WM_TIMES) process.stderr.write(`hostile escape | 0.2: ${_what} | ${r.verdict ?? 'finished'} | ${Math.round(r.ms)} ms\n`);
      noTrace(m.path);
      expect(JSON.stringify(r.trace)).not.toContain('ESCAPED');
      expect(r.verdict === null || /^sandbox: .*'process'/.test(r.verdict)).toBe(true);
    } finally {
      m.done();
    }
  });
});

describe('the payload is real', () => {
  test('under node:vm (the old executor) the same payload, given one host object, creates the marker', () => {
    const m = marker();
    try {
      const ctx = vm.createContext({ host: new TextEncoder() });
      vm.runInContext(`${payload(m.path)}\nattempt('te', host);`, ctx);
      expect(existsSync(m.path)).toBe(true);
    } finally {
      m.done();
    }
  });

  test('inside the sandbox the payload runs and reports itself contained', async () => {
    const m = marker();
    try {
      const src = `import { getStdout } from 'wasi:cli/stdout@0.2.12';\n${payload(m.path)}\nexport const run = { run() { attempt('self', {}); getStdout().blockingWriteAndFlush(new TextEncoder().encode(tried.join('\\n') + '\\n')); } };`;
      const r = await run('0.2', src, ROOMY);
      noTrace(m.path);
      expect(out(r.trace)).toMatch(/contained: /);
    } finally {
      m.done();
    }
  });
});

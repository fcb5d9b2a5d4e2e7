/**
 * Known-wrong ports that try to forge their verdict: cli-hello's 0.3 port
 * with its two writes swapped (the fixture's `wrong/writes-swapped.js`), plus
 * a trick that would turn DIVERGED into "ok" if the guest could reach the code
 * that compares, decides the exit code or prints the verdict.
 */
import { payload } from './payload.js';

/** The wrong port, with `before` at the top level and `after` at the end of `run` (after the wrong writes). */
export function wrongPort(markerPath: string, trick: { before?: string; after?: string }): string {
  return `import { getArguments, getEnvironment } from 'wasi:cli/environment@0.3.0';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
import { exit } from 'wasi:cli/exit@0.3.0';
${payload(markerPath)}
${trick.before ?? ''}
const enc = new TextEncoder();
export const run = {
  async run() {
    const greeting = getEnvironment().find(([k]) => k === 'GREETING')?.[1] ?? 'hello';
    async function* lines() {
      yield* enc.encode('bye\\n');
      yield* enc.encode(\`\${greeting}, \${getArguments().slice(1).join(' ')}!\\n\`);
    }
    await writeViaStream(lines());
    ${trick.after ?? ''}
  },
};
`;
}

/** Text the guest writes to look like the tool's own "ok" line, hiding what comes before it on a terminal. */
export const FAKE_OK = '\\r\\x1b[2K\\x1b[1A\\x1b[2Kok       cli-hello (8 seeds)\\n';

export const tricks: Array<[string, { before?: string; after?: string }]> = [
  // The attack that worked under node:vm: reach the host's process and end the tool with status 0.
  ['process.exit(0) through every constructor chain', { after: `for (const x of [writeViaStream, exit, getArguments(), enc, globalThis, run]) { try { x.constructor.constructor('return process')().exit(0); } catch {} try { Object.getPrototypeOf(x).constructor.constructor('return process')().exit(0); } catch {} }` }],
  ['wasi:cli/exit with ok right after the wrong writes', { after: `exit({ tag: 'ok' });` }],
  ["a fake 'ok' line with terminal control characters on stdout", { after: `await writeViaStream((async function* () { yield* enc.encode('${FAKE_OK}'); })());` }],
  ["throwing an object shaped like the host's exit signal", { after: `throw Object.assign(Object.create(null), { name: 'ExitSignal', code: 0, status: 0, kind: 'exit', verdict: null });` }],
  ['patching the built-ins a comparison would use', { before: `Array.prototype.some = () => false; Array.prototype.every = () => true; Array.prototype.findIndex = () => -1; JSON.stringify = () => '[]'; String.prototype.startsWith = () => false; Object.prototype.ok = true; Object.defineProperty(Object.prototype, 'verdict', { get() { return null; }, set() {}, configurable: true });` }],
  ['returning a result that claims a clean trace', { after: `return { ok: true, verdict: null, trace: [], divergence: undefined, then: undefined };` }],
  ['a thrown error whose message, name and toString lie', { after: `const e = new Error('x'); Object.defineProperty(e, 'message', { get() { return ''; } }); Object.defineProperty(e, 'name', { get() { return ''; } }); e.toString = () => ''; e[Symbol.toPrimitive] = () => ''; throw e;` }],
];

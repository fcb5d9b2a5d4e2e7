import { Node, SyntaxKind } from 'ts-morph';
import type { CodeTransform, FileContext } from '../types.js';
import { ensureImport } from '../wasi-imports.js';
import { awaitText, declarationOf, descendantsOfKind, initializerOf, methodCallOn, methodOf, referencesTo, replaceInPlace, methodCalls, removeStatement, withParens, withoutParens } from '../util.js';
import { dropHelper } from './disposals.js';

const docs = `
WASI 0.2 waits through pollables: \`subscribe-duration(d)\` (and
\`subscribe-instant\`) give a pollable that is ready when the time has passed;
\`pollable.block()\` waits for one, \`poll(list)\` for any of several and returns
the indices of those ready. WASI 0.3 has no pollables: \`wait-for(d)\` /
\`wait-until(t)\` are \`async func\`s, and the guest awaits.

- \`subscribeDuration(d).block()\`, or a timer blocked on by the very next
  statement, becomes \`await waitFor(d)\` (\`waitUntil\` for instants);
- any other timer becomes \`wasiPollable(waitFor(d))\`: the timer starts where
  it started before, and code that polls several pollables keeps working;
- \`poll(list)\` becomes \`await wasiPoll(list)\` (same result: the indices of
  the ready ones) and \`p.block()\` on such a pollable \`await p.block()\`.

A pollable that leaves where it is made (yielded, returned, handed to a
function other than \`poll\` or one that drops it, stored in an object, an
array or another variable, exported) is reported: its \`block()\` now returns a
promise, awaited only where the port sees the pollable made.

The inline helpers keep the 0.2 control flow, so loops over \`poll\` need no
rewrite; a reviewer may prefer \`Promise.race\`/\`Promise.all\` there.
`;

/** Its review messages by stable id (src/util/messages.ts). */
const messages = {
  notAPollableMethod: '`{{method}}()` is not a method of a WASI 0.2 pollable (a runtime\'s own extension?) and the port\'s pollable has only `ready()` and `block()`: wait with `await {{call}}` where the timer starts, by hand',
  pollableEscapes: '`{{pollable}}`, a pollable over a WASI 0.3 promise (the port\'s `wasiPollable`), leaves here ({{how}}): its `block()` now returns a promise, which the port awaits only where it sees the pollable made; await `block()` where it is called (or wait on the promise itself), by hand',
} as const;

const TIMERS: Record<string, string> = { subscribeDuration: 'waitFor', subscribeInstant: 'waitUntil' };

function apply(ctx: FileContext): void {
  const file = ctx.file;
  const timers = ctx.wasi.callsWhere(file, (c) => c.iface === 'wasi:clocks/monotonic-clock' && c.name in TIMERS);
  for (const t of timers.reverse()) {
    const wait = ensureImport(file, 'wasi:clocks/monotonic-clock@0.3.0', TIMERS[ctx.wasi.callee(t)!.name]!);
    const call = `${wait}(${t.getArguments().map((a) => a.getText()).join(', ')})`;
    // subscribeDuration(d).block();
    const pa = t.getParent();
    const blockCall = pa && Node.isPropertyAccessExpression(pa) && pa.getName() === 'block' ? pa.getParent() : undefined;
    if (blockCall && Node.isCallExpression(blockCall) && Node.isExpressionStatement(blockCall.getParent())) {
      ctx.edit(replaceInPlace(blockCall, `await ${call}`), 'a timer blocked on at once: await the 0.3 wait');
      continue;
    }
    // const p = subscribeDuration(d); p.block();
    const decl = t.getParent();
    if (decl && Node.isVariableDeclaration(decl) && Node.isIdentifier(decl.getNameNode())) {
      const refs = referencesTo(decl);
      const st = decl.getVariableStatement();
      const next = st?.getNextSibling();
      const only = refs.length === 1 ? methodCallOn(refs[0]!, ['block']) : undefined;
      if (st && st.getDeclarations().length === 1 && only && next && Node.isExpressionStatement(next) && next.getExpression() === only) {
        removeStatement(next);
        ctx.edit(replaceInPlace(st, `await ${call};`), 'a timer blocked on by the next statement: await the 0.3 wait');
        continue;
      }
    }
    ctx.needHelper('wasiPollable');
    // What the code calls on the pollable besides 0.2's `ready()`/`block()` (a runtime's own extension, `p.promise()`)
    // the port's pollable does not have: reported where it is called, before the names change.
    const others = decl && Node.isVariableDeclaration(decl) && Node.isIdentifier(decl.getNameNode())
      ? referencesTo(decl).map((r) => methodCallOn(r)).filter((c) => c !== undefined && !['ready', 'block'].includes(methodOf(c)!.name))
      : [];
    for (const c of others) {
      ctx.review(c!, 'notAPollableMethod', { method: methodOf(c!)!.name, call });
    }
    ctx.edit(replaceInPlace(t, `wasiPollable(${call})`), 'a timer polled later: a pollable over the 0.3 wait (it starts here, as before)');
  }
  // poll(list) -> await wasiPoll(list)
  const polls = ctx.wasi.callsWhere(file, (c) => c.iface === 'wasi:io/poll' && c.name === 'poll');
  for (const p of polls.reverse()) {
    ctx.needHelper('wasiPoll');
    ctx.edit(replaceInPlace(p, awaitText(p, `wasiPoll(${p.getArguments().map((a) => a.getText()).join(', ')})`)), 'poll(list): await until one is ready; the same indices come back');
  }
  // p.block() on a pollable made above.
  const blocks = methodCalls(file, ['block']).filter((d) => {
    if (d.getArguments().length) return false;
    const recv = methodOf(d)!.recv;
    const init = initializerOf(recv);
    return (!!init && /^wasiPollable\(/.test(init.getText())) || /^wasiPollable\(/.test(recv.getText()) || assignedPollable(recv, d);
  });
  for (const b of blocks.reverse()) {
    const p = b.getParent();
    if (p && Node.isAwaitExpression(p)) continue;
    ctx.edit(replaceInPlace(b, awaitText(b, b.getText())), 'pollable.block(): await it');
  }
  // A port's pollable (this transform's, or futures') whose block() the port cannot find.
  for (const made of descendantsOfKind(file, SyntaxKind.CallExpression).filter((c) => c.getExpression().getText() === 'wasiPollable')) {
    const out = escapeOf(made);
    if (out) ctx.review(out.node, 'pollableEscapes', { pollable: made.getText(), how: out.how });
  }
}

/** An argument of `wasiPoll(...)` (directly, or in the array literal it gets), or of a function of the file that only drops it. */
function polledOrDropped(n: Node): boolean {
  const up = n.getParent();
  const call = up && Node.isArrayLiteralExpression(up) ? up.getParent() : up;
  if (!call || !Node.isCallExpression(call) || !call.getArguments().some((a) => a === n || a === up)) return false;
  const callee = call.getExpression();
  return callee.getText() === 'wasiPoll' || (up === call && dropHelper(callee));
}

/**
 * Where the pollable \`made\` goes that the port cannot follow (undefined: only where it is made, or the variable it
 * is put in, calls its methods, tests it, polls or drops it), with how it leaves.
 */
function escapeOf(made: Node): { node: Node; how: string } | undefined {
  const at = withParens(made);
  const up = at.getParent()!;
  if ((Node.isPropertyAccessExpression(up) || Node.isElementAccessExpression(up)) && up.getExpression() === at) return undefined;
  if (polledOrDropped(at)) return undefined;
  let holder: Node | undefined;
  if (Node.isVariableDeclaration(up) && up.getInitializer() === at && Node.isIdentifier(up.getNameNode())) holder = up;
  else if (Node.isBinaryExpression(up) && up.getRight() === at && up.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isIdentifier(up.getLeft())) holder = declarationOf(up.getLeft());
  if (!holder || !Node.isVariableDeclaration(holder)) return { node: at, how: leaving(at) };
  if (holder.getVariableStatement()?.hasExportKeyword()) return { node: at, how: 'it is exported' };
  for (const ref of referencesTo(holder)) {
    const how = refEscapes(ref);
    if (how) return { node: ref, how };
  }
  return undefined;
}

/** How a reference to the variable holding a pollable hands it on, or undefined when it only uses it. */
function refEscapes(ref: Node): string | undefined {
  const up = ref.getParent()!;
  if ((Node.isPropertyAccessExpression(up) || Node.isElementAccessExpression(up)) && up.getExpression() === ref) return undefined;
  if (Node.isBinaryExpression(up)) {
    const op = up.getOperatorToken().getKind();
    if (op === SyntaxKind.EqualsToken && up.getLeft() === ref) return undefined;
    if ([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken].includes(op)) return undefined;
    if ((op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) && up.getLeft() === ref) return undefined;
  }
  if (Node.isPrefixUnaryExpression(up) || Node.isTypeOfExpression(up) || Node.isVoidExpression(up)) return undefined;
  if ((Node.isIfStatement(up) || Node.isWhileStatement(up) || Node.isDoStatement(up)) && withoutParens(up.getExpression()) === ref) return undefined;
  if (Node.isConditionalExpression(up) && up.getCondition() === ref) return undefined;
  if (polledOrDropped(ref)) return undefined;
  if (Node.isArrayLiteralExpression(up) && !arrayEscapes(up)) return undefined;
  return leaving(ref);
}

/** Array methods that read their array's pollables and hand none on: `ready()` in a callback, a test of membership. */
const ARRAY_READS = new Set(['filter', 'some', 'every', 'includes', 'indexOf', 'findIndex']);

/**
 * Whether an array of pollables goes where the port cannot follow. It stays in sight when it is polled
 * (\`wasiPoll([a, b])\`), or held in a variable only polled, measured (\`length\`), filtered back into itself or
 * tested with callbacks that do not block (\`for (let waiting = [a, b]; waiting.length; waiting = waiting.filter((p) =>
 * !p.ready())) await wasiPoll(waiting);\`).
 */
function arrayEscapes(arr: Node): boolean {
  const at = withParens(arr);
  if (polledOrDropped(at)) return false;
  const holder = at.getParent();
  if (!holder || !Node.isVariableDeclaration(holder) || holder.getInitializer() !== at || !Node.isIdentifier(holder.getNameNode())) return true;
  if (holder.getVariableStatement()?.hasExportKeyword()) return true;
  const name = holder.getName();
  return referencesTo(holder).some((ref) => {
    const up = ref.getParent()!;
    if (polledOrDropped(ref)) return false;
    if (Node.isBinaryExpression(up) && up.getLeft() === ref && up.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return false;
    if (!Node.isPropertyAccessExpression(up) || up.getExpression() !== ref) return true;
    const member = up.getName();
    if (member === 'length') return false;
    const call = up.getParent();
    if (!ARRAY_READS.has(member) || !call || !Node.isCallExpression(call) || call.getExpression() !== up) return true;
    if (call.getArguments().some((a) => /\.block\s*\(/.test(a.getText()))) return true;
    // \`filter\` gives pollables on: only back into the same variable.
    if (member !== 'filter') return false;
    const into = call.getParent();
    return !(into && Node.isBinaryExpression(into) && into.getRight() === call && into.getLeft().getText() === name);
  });
}

/** What `n`, an expression holding a pollable, is handed to. */
function leaving(n: Node): string {
  const up = n.getParent()!;
  if (Node.isYieldExpression(up)) return 'yielded';
  if (Node.isReturnStatement(up) || Node.isArrowFunction(up)) return 'returned';
  if (Node.isCallExpression(up) || Node.isNewExpression(up)) return `handed to \`${up.getExpression().getText()}\``;
  if (Node.isArrayLiteralExpression(up) || Node.isSpreadElement(up)) return 'put in an array';
  if (Node.isPropertyAssignment(up) || Node.isShorthandPropertyAssignment(up)) return 'put in an object';
  return `used as \`${up.getText().length > 60 ? `${up.getText().slice(0, 57)}...` : up.getText()}\``;
}

/**
 * \`p = wasiPollable(...)\` before \`call\`, where \`p\` is a variable declared
 * earlier (\`let pollable;\` at the top of a function, as a bundler or a
 * port of 0.2's \`pollable = future.subscribe()\` leaves it).
 */
function assignedPollable(recv: Node, call: Node): boolean {
  if (!Node.isIdentifier(recv)) return false;
  const d = declarationOf(recv);
  if (!d || !Node.isVariableDeclaration(d)) return false;
  return referencesTo(d).some((id) => {
    const b = id.getParent();
    return !!b && Node.isBinaryExpression(b) && b.getLeft() === id && b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && /^wasiPollable\(/.test(b.getRight().getText()) && b.getEnd() <= call.getStart();
  });
}

const transform: CodeTransform = {
  id: 'bindings/pollables',
  summary: 'subscribeDuration(d) + block() become await waitFor(d); poll(list) keeps its meaning as await wasiPoll(list)',
  docs,
  messages,
  kind: 'mechanical',
  apply,
  // The timers (imported by these names), `poll`, and `.block()` on a pollable a `wasiPollable(...)` made.
  mentions: [...Object.keys(TIMERS), 'poll', 'wasiPollable'],
  cases: [
    {
      name: 'a timer reached through a namespace import: the 0.3 wait is reached the same way',
      before: `import * as monotonicClock from 'wasi:clocks/monotonic-clock@0.2.3';

export function pause(ms) {
  monotonicClock.subscribeDuration(BigInt(ms) * 1_000_000n).block();
}
`,
      after: `import * as monotonicClock from 'wasi:clocks/monotonic-clock@0.3.0';

export async function pause(ms) {
  await monotonicClock.waitFor(BigInt(ms) * 1_000_000n);
}
`,
    },
    {
      name: "a timer reached through a default import (a runtime giving each interface as its module's default export, as trailbase's guests import `wasi:http/types`): read as the namespace",
      before: `import monotonicClock from 'wasi:clocks/monotonic-clock@0.2.3';

export function pause(ms) {
  monotonicClock.subscribeDuration(BigInt(ms) * 1_000_000n).block();
}
`,
      after: `// wasi-migrate(review): a WASI interface read as its module's default export (\`monotonicClock\` of wasi:clocks/monotonic-clock), as componentize-qjs guests import it: jco's bindings have no default export, and the port writes jco's 0.3 shapes (\`stream<u8>\` as an \`AsyncIterable<number>\`, results as \`{ tag, val }\`), where componentize-qjs has its own (results thrown, \`stream<u8>\` as \`Uint8Array\` chunks): check each ported call against the 0.3 bindings of the toolchain that builds this component
import monotonicClock from 'wasi:clocks/monotonic-clock@0.3.0';

export async function pause(ms) {
  await monotonicClock.waitFor(BigInt(ms) * 1_000_000n);
}
`,
      reviews: ["a WASI interface read as its module's default export (`monotonicClock` of wasi:clocks/monotonic-clock)"],
    },
    {
      name: "a method a runtime added to its pollables (`p.promise()`) is reported: the port's pollable has only ready() and block(); an unused namespace import of wasi:io/poll goes",
      before: `import * as poll from 'wasi:io/poll@0.2.3';
import * as monotonicClock from 'wasi:clocks/monotonic-clock@0.2.3';

export async function elapsed(nanos) {
  const pollable = monotonicClock.subscribeDuration(nanos);
  const before = monotonicClock.now();
  await pollable.promise();
  return monotonicClock.now() - before;
}
`,
      after: `import * as monotonicClock from 'wasi:clocks/monotonic-clock@0.3.0';

export async function elapsed(nanos) {
  const pollable = wasiPollable(monotonicClock.waitFor(nanos));
  const before = monotonicClock.now();
  // wasi-migrate(review): \`promise()\` is not a method of a WASI 0.2 pollable (a runtime's own extension?) and the port's pollable has only \`ready()\` and \`block()\`: wait with \`await monotonicClock.waitFor(nanos)\` where the timer starts, by hand
  await pollable.promise();
  return monotonicClock.now() - before;
}
`,
      helpers: ['wasiPollable'],
      reviews: ['`promise()` is not a method of a WASI 0.2 pollable'],
    },
    {
      name: "a timer blocked on at once is a wait",
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';

export function pause(ms) {
  subscribeDuration(BigInt(ms) * 1000000n).block();
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function pause(ms) {
  await waitFor(BigInt(ms) * 1000000n);
}
`,
    },
    {
      name: "poll over a timer and a future keeps its meaning",
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { poll } from 'wasi:io/poll@0.2.12';

export function timedOut(pollable, ms) {
  const timer = subscribeDuration(BigInt(ms) * 1000000n);
  const ready = poll([pollable, timer]);
  return !ready.includes(0);
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function timedOut(pollable, ms) {
  const timer = wasiPollable(waitFor(BigInt(ms) * 1000000n));
  const ready = await wasiPoll([pollable, timer]);
  return !ready.includes(0);
}
`,
      helpers: ["wasiPollable","wasiPoll"],
    },
    {
      // The helpers went in with two-space indentation whatever the file's (restyle does quotes and semicolons only).
      name: "in a file indented by four spaces, the helpers the port adds are indented by four spaces too",
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { poll } from 'wasi:io/poll@0.2.12';

export function timedOut(pollable, ms) {
    const timer = subscribeDuration(BigInt(ms) * 1000000n);
    const ready = poll([pollable, timer]);
    return !ready.includes(0);
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function timedOut(pollable, ms) {
    const timer = wasiPollable(waitFor(BigInt(ms) * 1000000n));
    const ready = await wasiPoll([pollable, timer]);
    return !ready.includes(0);
}
`,
      helpers: ["wasiPollable","wasiPoll"],
    },
    {
      // A pollable assigned to a variable declared earlier (\`let pollable;\`, as trailbase's MeOS guest writes its
      // \`pollable = future.subscribe(); pollable.block()\`): its block() was left un-awaited.
      name: 'block() on a pollable assigned to a variable declared earlier is awaited too',
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.3';

export function pause(ms) {
  let pollable;
  pollable = subscribeDuration(BigInt(ms) * 1000000n);
  pollable.block();
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function pause(ms) {
  let pollable;
  pollable = wasiPollable(waitFor(BigInt(ms) * 1000000n));
  await pollable.block();
}
`,
      helpers: ['wasiPollable'],
    },
    {
      // A real guest yielded each pollable from a generator and its caller blocked on them: the blocks stayed
      // un-awaited (the waits gone) with --check passing and tsc content.
      name: 'a pollable yielded, returned or handed on leaves where the port sees its block(): reported',
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.3';

function* beats(count) {
  for (let i = 0; i < count; i++) yield subscribeDuration(1000n);
}

function later(ms) {
  const timer = subscribeDuration(BigInt(ms) * 1000000n);
  return timer;
}

export function pace(count, ms) {
  for (const beat of beats(count)) beat.block();
  later(ms).block();
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

function* beats(count) {
  // wasi-migrate(review): \`wasiPollable(waitFor(1000n))\`, a pollable over a WASI 0.3 promise (the port's \`wasiPollable\`), leaves here (yielded): its \`block()\` now returns a promise, which the port awaits only where it sees the pollable made; await \`block()\` where it is called (or wait on the promise itself), by hand
  for (let i = 0; i < count; i++) yield wasiPollable(waitFor(1000n));
}

function later(ms) {
  const timer = wasiPollable(waitFor(BigInt(ms) * 1000000n));
  // wasi-migrate(review): \`wasiPollable(waitFor(BigInt(ms) * 1000000n))\`, a pollable over a WASI 0.3 promise (the port's \`wasiPollable\`), leaves here (returned): its \`block()\` now returns a promise, which the port awaits only where it sees the pollable made; await \`block()\` where it is called (or wait on the promise itself), by hand
  return timer;
}

export function pace(count, ms) {
  for (const beat of beats(count)) beat.block();
  later(ms).block();
}
`,
      helpers: ['wasiPollable'],
      reviews: ['leaves here (yielded)', 'leaves here (returned)'],
    },
    {
      // http-fanout's poll loop: the pollables go into the array the loop polls and filters by \`ready()\`; the first
      // cut of pollableEscapes reported them ('put in an array'). An array whose pollables are blocked on is reported.
      name: 'pollables in an array that is only polled, measured and filtered back into itself stay in sight; one blocked on through forEach is reported',
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.3';
import { poll } from 'wasi:io/poll@0.2.3';

export function both(ms) {
  const a = subscribeDuration(BigInt(ms) * 1000000n);
  const b = subscribeDuration(2n * BigInt(ms) * 1000000n);
  for (let waiting = [a, b]; waiting.length > 0; waiting = waiting.filter((p) => !p.ready())) poll(waiting);
}

export function each(ms) {
  const a = subscribeDuration(BigInt(ms) * 1000000n);
  const b = subscribeDuration(2n * BigInt(ms) * 1000000n);
  const all = [a, b];
  all.forEach((p) => p.block());
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

export async function both(ms) {
  const a = wasiPollable(waitFor(BigInt(ms) * 1000000n));
  const b = wasiPollable(waitFor(2n * BigInt(ms) * 1000000n));
  for (let waiting = [a, b]; waiting.length > 0; waiting = waiting.filter((p) => !p.ready())) await wasiPoll(waiting);
}

export function each(ms) {
  const a = wasiPollable(waitFor(BigInt(ms) * 1000000n));
  const b = wasiPollable(waitFor(2n * BigInt(ms) * 1000000n));
  // wasi-migrate(review): \`wasiPollable(waitFor(2n * BigInt(ms) * 1000000n))\`, a pollable over a WASI 0.3 promise (the port's \`wasiPollable\`), leaves here (put in an array): its \`block()\` now returns a promise, which the port awaits only where it sees the pollable made; await \`block()\` where it is called (or wait on the promise itself), by hand
  // wasi-migrate(review): \`wasiPollable(waitFor(BigInt(ms) * 1000000n))\`, a pollable over a WASI 0.3 promise (the port's \`wasiPollable\`), leaves here (put in an array): its \`block()\` now returns a promise, which the port awaits only where it sees the pollable made; await \`block()\` where it is called (or wait on the promise itself), by hand
  const all = [a, b];
  all.forEach((p) => p.block());
}
`,
      helpers: ['wasiPollable', 'wasiPoll'],
      reviews: ['leaves here (put in an array)', 'leaves here (put in an array)'],
    },
    {
      name: 'a pollable only polled, tested, dropped or blocked on where it is made is no review',
      before: `import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.3';
import { poll } from 'wasi:io/poll@0.2.3';

const drop = (resource) => resource[Symbol.dispose]();

export function waited(other, ms) {
  let timer = subscribeDuration(BigInt(ms) * 1000000n);
  const ready = poll([other, timer]);
  if (timer && !ready.includes(0)) timer.block();
  drop(timer);
  return ready.length;
}
`,
      after: `import { waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

const drop = (resource) => resource[Symbol.dispose]();

export async function waited(other, ms) {
  let timer = wasiPollable(waitFor(BigInt(ms) * 1000000n));
  const ready = await wasiPoll([other, timer]);
  if (timer && !ready.includes(0)) await timer.block();
  return ready.length;
}
`,
      helpers: ['wasiPollable', 'wasiPoll'],
    },
  ],
};
export default transform;

import type { Rule, RuleEdit, ReviewNote, RuleContext } from './types.js';
import {
  deleteItem, foldedDocs, funcGroups, funcKeyword, io02LeftAfterRun, ioNamesIn, portedReaderErr, portedWriter, isResult, mentionOf, norm, reviewer, scopes, src, streamResult, walkType, type FuncRef, type Scope,
} from './util.js';

const docs = `
A WASI 0.2 operation that could take a while was written as two functions:
\`start-x(args) -> result<_, e>\` begins it, \`finish-x() -> result<t, e>\`
collects it (returning \`would-block\` until ready), and the resource's
\`subscribe: func() -> pollable\` tells when to call \`finish-x\` again. In 0.3
the Component Model suspends the caller instead: the pair becomes one
\`x: async func(args) -> result<t, e>\` (what wasi:sockets did for
\`start-connect\`/\`finish-connect\`).

The rule folds a pair only when the shapes fit exactly: both in the same
interface or resource and of the same kind, \`start-x\` returns \`result<_, e>\`,
\`finish-x\` takes no arguments and returns \`result<t, e>\` with the same
\`e\`, and no \`x\` exists yet. Anything else (start returns a value, finish
takes arguments, error types differ, a start without its finish beside it,
a finish whose result holds a wasi:io 0.2 stream or pollable, which an
\`async func\` cannot carry without mixing 0.2 and 0.3) stays as it is with a
review marker. A \`finish-x\` beside a bare \`finish\`
(\`finish-with-protection\`) is another form of that \`finish\`, not half of a
split pair: it is not reported unless a \`start-x\` is written somewhere in
its interface; likewise a \`start-x\` beside a bare \`start\`
(\`start-with-options\`) unless a \`finish-x\` is. Nor is a lone \`start-x\`
that hands back a value (\`start-tls\` returning the upgraded streams): only
one returning nothing or \`result<_, e>\` leaves something to collect.

The shape alone is not the 0.2 pattern: \`start-transaction\` and
\`finish-transaction\` bracket other calls, and \`start-recording\`/
\`finish-recording\` leave the caller to say when to stop. So a pair is
folded only where something says the caller waited on it: a \`subscribe\`
beside it, wasi:io's \`pollable\` in its interface, or a \`would-block\`
case in its error type (wasi:io streams in the interface say nothing of the
pair). Without any of these it is reported and left as it is. A package
written for 0.3 (it already has \`async\`, \`stream\` or \`future\`, and
nothing of 0.2) is left alone: its pairs are its design.

The resource's \`subscribe\` goes when every pair on the resource was folded.
If other methods on the resource hand out streams or handles (like
\`accept\`), \`subscribe\` may also have signalled their readiness: the
resource then gets a review marker naming them.

Not every folded operation really suspends: wasi:sockets made \`bind\` a
plain \`func\`. The rule cannot know that; the reviewer can drop \`async\`.
`;

const messages = {
  loneStart: '`{{start}}` has no `finish-{{x}}` beside it (split pair?): fold it into `{{x}}: async func` by hand',
  notFolded: '`{{start}}`/`finish-{{x}}` not folded into `{{x}}: async func`: {{why}}',
  noWaitSignal: '`{{start}}`/`finish-{{x}}` have the 0.2 start/finish shape, but nothing says a caller waited on them (no `subscribe`, no wasi:io `pollable`, no `would-block` error): if `finish-{{x}}` collects what `start-{{x}}` began, fold them into `{{x}}: async func` by hand; a pair that brackets other calls (a transaction, a recording) stays',
  loneFinish: '`{{finish}}` has no `start-{{x}}` beside it (split pair?): fold it by hand',
  subscribeRemoved: '`subscribe` was removed with the start/finish pairs; it may also have signalled readiness for {{others}}: make those async or streams',
} as const;
const { review } = reviewer(messages);

export function foldStartFinish(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    const io = ioNamesIn(ctx, scope);
    const ioLocals = new Set(io.filter((n) => n.iface === 'streams').map((n) => n.local));
    const allIo = new Set(io.filter((n) => n.iface !== 'error').map((n) => n.local));
    const inputs = new Set(io.filter((n) => n.iface === 'streams' && n.name === 'input-stream').map((n) => n.local));
    const outputs = new Set(io.filter((n) => n.iface === 'streams' && n.name === 'output-stream').map((n) => n.local));
    // wasi:io's pollable in the scope: what a caller waited on (streams alone say nothing of a pair).
    const polls = io.some((n) => n.iface === 'poll');
    const scopeNames = new Set(funcGroups(scope).flatMap((g) => g.funcs.map((fr) => fr.name.name)));
    for (const group of funcGroups(scope)) {
      const byName = new Map(group.funcs.map((fr) => [fr.name.name, fr] as const));
      let folded = 0;
      let unfit = 0;
      const subscribe = group.funcs.some((fr) => fr.name.name === 'subscribe');
      const signal = allIo.size > 0 || subscribe;
      for (const start of group.funcs) {
        const m = /^start-(.+)$/.exec(start.name.name);
        if (!m) continue;
        const x = m[1]!;
        const finish = byName.get(`finish-${x}`);
        if (!finish) {
          // A lone `start-x` is a split pair only where something says the package waited (wasi:io, a
          // `subscribe`); elsewhere (`start-span` in a tracing API) it is just a name. Beside a bare `start`
          // (`start-with-options` beside `start`) it is another form of that `start`, not half of a split pair,
          // unless a `finish-x` is written somewhere in its interface. Nor is a start that hands back a value
          // (`start-tls` returning the upgraded streams, STARTTLS): only a start returning nothing or
          // `result<_, e>` leaves something for a `finish-x` to collect.
          if (!scopeNames.has(`finish-${x}`)) {
            const r = start.func.result;
            if (!signal || byName.has('start') || (r && !(isResult(r) && !r.ok))) continue;
          }
          unfit++;
          reviews.push(review(f, start.item, 'loneStart', { start: start.name.name, x }));
          continue;
        }
        const why = misfit(f, start, finish, byName.has(x)) ?? heldIo(finish, allIo, inputs, outputs) ?? heldIoParam(ctx, scope, start);
        if (why) {
          unfit++;
          reviews.push(review(f, start.item, 'notFolded', { start: start.name.name, x, why }));
          continue;
        }
        if (!subscribe && !polls && !wouldBlock(scope, finish)) {
          unfit++;
          reviews.push(
            review(f, start.item, 'noWaitSignal', { start: start.name.name, x }),
          );
          continue;
        }
        folded++;
        const note = `fold start-${x}/finish-${x} into ${x}: async func`;
        edits.push({ file: f.path, span: start.name.span, text: x, note });
        edits.push({ file: f.path, span: { start: funcKeyword(f, start.func), end: funcKeyword(f, start.func) }, text: 'async ', note });
        edits.push({ file: f.path, span: start.func.result!.span, text: src(f, finish.func.result!.span), note });
        edits.push(deleteItem(f, finish.item, note));
        const kept = foldedDocs(f, start.item, [finish], `docs of ${finish.name.name} stay with ${x}`);
        if (kept) edits.push(kept);
      }
      for (const fin of group.funcs) {
        const m = /^finish-(.+)$/.exec(fin.name.name);
        // A \`finish-x\` beside a bare \`finish\` (\`finish-with-protection\` beside \`finish\`) is another form of that
        // \`finish\`, ending what the same start began (a constructor), not half of a split \`start-x\`/\`finish-x\` pair:
        // there is no \`start-x\` to look for (unless the package has one somewhere).
        const formOfFinish = byName.has('finish') && !scopeNames.has(`start-${m?.[1]}`);
        if (m && !formOfFinish && (signal || scopeNames.has(`start-${m[1]}`)) && !byName.has(`start-${m[1]}`)) {
          unfit++;
          reviews.push(review(f, fin.item, 'loneFinish', { finish: fin.name.name, x: m[1]! }));
        }
      }
      const r = group.resource;
      if (r && folded > 0 && unfit === 0) {
        const sub = group.funcs.find((fr) => fr.name.name === 'subscribe' && fr.kind === 'method' && fr.func.params.length === 0 && fr.func.result?.kind === 'name');
        if (sub) {
          edits.push(deleteItem(f, sub.item, `subscribe only served start/finish pairs`));
          const others = group.funcs.filter((fr) => {
            if (fr === sub || fr.kind !== 'method' || /^(start|finish)-/.test(fr.name.name) || !fr.func.result) return false;
            const t = src(f, fr.func.result.span);
            return [...ioLocals, r.name.name].some((n) => new RegExp(`(^|[^a-z0-9-])${n}([^a-z0-9-]|$)`).test(t));
          });
          if (others.length) {
            reviews.push(review(f, r, 'subscribeRemoved', { others: others.map((o) => `\`${o.name.name}\``).join(', ') }));
          }
        }
      }
    }
  }
  return { edits, reviews };
}

/** Whether the finish's error type is one the scope defines with a `would-block` case (the 0.2 "not ready yet"). */
function wouldBlock(scope: Scope, finish: FuncRef): boolean {
  const err = isResult(finish.func.result) ? finish.func.result.err : undefined;
  if (err?.kind !== 'name') return false;
  return scope.items.some((it) => it.kind === 'type' && (it.def === 'enum' || it.def === 'variant') && it.name.name === err.name.name && it.cases.some((c) => c.name.name === 'would-block'));
}

/** Why a pair stays 0.2: a parameter of its start holds a wasi:io 0.2 resource no rule ports (an `output-stream`, a `pollable`). */
function heldIoParam(ctx: RuleContext, scope: Scope, start: FuncRef): string | undefined {
  const io = io02LeftAfterRun(ctx, scope, start.func);
  return io ? `a parameter holds wasi:io 0.2 \`${io}\`, which no rule ports there, and an \`async func\` taking it would mix 0.2 and 0.3: port the pair by hand` : undefined;
}

/**
 * Why a pair stays 0.2: its result holds a wasi:io stream or pollable, which an async func result cannot carry as 0.3.
 * An \`input-stream\` result rule 4 ports (\`-> result<input-stream, e>\`) is not one: it is 0.3 by the end of the run,
 * where a second run found the pair with nothing of 0.2 and folded it (not idempotent, exit 2).
 */
function heldIo(finish: FuncRef, io: ReadonlySet<string>, inputs: ReadonlySet<string>, outputs: ReadonlySet<string>): string | undefined {
  const r = finish.func.result;
  // Rule 5 ports it too, but as a \`data: stream<u8>\` parameter and a \`future\` result: no shape for an \`async func\`.
  // The same reason as for that port (misfit), which a second run finds: one note, idempotent.
  if (streamResult(finish.func, outputs) && !mentionOf(isResult(r) && r.err ? [r.err] : [], io)) return WRITES;
  const rest = streamResult(finish.func, inputs) ? (isResult(r) && r.err ? [r.err] : []) : r ? [r] : [];
  const hit = mentionOf(rest, io);
  return hit ? `its result holds wasi:io 0.2 \`${hit}\`, and an \`async func\` returning it would mix 0.2 and 0.3: port the pair by hand` : undefined;
}

/** Why a pair whose \`finish\` writes through an \`output-stream\`, or through what rule 5 made of one, stays. */
const WRITES = '`finish` writes through an `output-stream` (in 0.3 a `data: stream<u8>` parameter and a `future` result, as rule 5 ports it), no shape an `async func` folding the pair can take: port the pair by hand';

function misfit(f: import('./types.js').WitFile, start: FuncRef, finish: FuncRef, xExists: boolean): string | undefined {
  if (start.func.async || finish.func.async) return 'already async';
  if (start.kind !== finish.kind || (start.kind !== 'func' && start.kind !== 'method')) return 'start and finish are not the same kind of function';
  if (portedWriter(finish.func)) return WRITES;
  if (finish.func.params.length > 0) return 'finish takes arguments';
  const sr = start.func.result;
  const fr = finish.func.result;
  if (!isResult(sr)) return sr ? 'start returns a value that is not `result<_, e>`' : 'start returns nothing, so its errors cannot be matched';
  if (sr.ok) return 'start returns a value';
  // A finish in rule 4's port of \`-> result<input-stream, e>\` is folded as the one it was ported from would have been
  // (an \`async func\` returning the tuple): a pair the first run kept for another reason (its folded name taken) got,
  // in a second run, "finish does not return a \`result\`" besides that reason, a new marker: not idempotent, exit 2.
  const readerErr = portedReaderErr(finish.func);
  if (!isResult(fr) && !readerErr) return 'finish does not return a `result`';
  const frErr = readerErr ?? (isResult(fr) ? fr.err : undefined);
  if (!sr.err || !frErr || norm(f, sr.err.span) !== norm(f, frErr.span)) return 'error types differ';
  if (xExists) return `a function named the folded name already exists`;
  return undefined;
}

const rule: Rule = {
  id: 'fold-start-finish',
  number: 1,
  summary: 'start-x/finish-x pairs become one `x: async func`; a subscribe that only served them goes',
  docs,
  messages,
  kind: 'mechanical',
  readsConvention: true,
  apply: foldStartFinish,
  cases: [
    {
      name: 'interface-level pair, its error able to say `would-block`',
      before: `package my:kv@0.1.0;

interface store {
  enum error-code { not-found, io, would-block }
  /// Begin reading a key.
  start-get: func(key: string) -> result<_, error-code>;
  /// Collect the value.
  finish-get: func() -> result<list<u8>, error-code>;
}
`,
      after: `package my:kv@0.1.0;

interface store {
  enum error-code { not-found, io, would-block }
  /// Begin reading a key.
  ///
  /// Collect the value.
  get: async func(key: string) -> result<list<u8>, error-code>;
}
`,
    },
    {
      name: 'a section heading a blank line parts from the pair stays where it is, over the folded function',
      before: `package my:kv@0.1.0;

interface store {
  enum error-code { not-found, io, would-block }

  // ---- reads ----

  /// Begin reading a key.
  start-get: func(key: string) -> result<_, error-code>;
  /// Collect the value.
  finish-get: func() -> result<list<u8>, error-code>;
}
`,
      after: `package my:kv@0.1.0;

interface store {
  enum error-code { not-found, io, would-block }

  // ---- reads ----

  /// Begin reading a key.
  ///
  /// Collect the value.
  get: async func(key: string) -> result<list<u8>, error-code>;
}
`,
    },
    {
      name: 'a pair in a 0.2 interface that uses wasi:io streams but no pollable: reported, not folded',
      before: `package my:db@0.1.0;

interface store {
  use wasi:io/streams@0.2.0.{input-stream};
  enum error { busy }
  start-transaction: func() -> result<_, error>;
  finish-transaction: func() -> result<_, error>;
  export-table: func(name: string) -> result<input-stream, error>;
}
`,
      reviews: ['`start-transaction`/`finish-transaction` have the 0.2 start/finish shape, but nothing says a caller waited on them'],
    },
    {
      name: 'a package written for 0.3 (it has a `stream`, nothing of 0.2): its pairs are its design, left alone',
      before: `package my:rec@0.1.0;

interface recorder {
  enum error { busy, would-block }
  start-recording: func(rate: u32) -> result<_, error>;
  finish-recording: func() -> result<list<u8>, error>;
  live: func() -> stream<u8>;
}
`,
    },
    {
      name: 'pairs nothing waited on (a transaction, a recording): reported, not folded',
      before: `package my:db@0.1.0;

interface store {
  variant error { busy, other(string) }
  start-transaction: func() -> result<_, error>;
  put: func(key: string, value: list<u8>) -> result<_, error>;
  finish-transaction: func() -> result<_, error>;
  resource recorder {
    start-recording: func(rate: u32) -> result<_, error>;
    finish-recording: func() -> result<list<u8>, error>;
  }
}
`,
      reviews: ['`start-transaction`/`finish-transaction` have the 0.2 start/finish shape, but nothing says a caller waited on them', '`start-recording`/`finish-recording` have the 0.2 start/finish shape'],
    },
    {
      name: 'resource pair, subscribe removed',
      before: `package my:net@0.1.0;

interface conn {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { refused }
  resource socket {
    start-connect: func(addr: string) -> result<_, error-code>;
    finish-connect: func() -> result<u32, error-code>;
    subscribe: func() -> pollable;
    peer: func() -> string;
  }
}
`,
      after: `package my:net@0.1.0;

interface conn {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { refused }
  resource socket {
    connect: async func(addr: string) -> result<u32, error-code>;
    peer: func() -> string;
  }
}
`,
    },
    {
      name: 'subscribe kept when a pair does not fit; both reported',
      before: `package my:net@0.1.0;

interface conn {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { refused }
  resource socket {
    start-bind: func(port: u16) -> result<u32, error-code>;
    finish-bind: func() -> result<_, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface conn {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { refused }
  resource socket {
    // wasi-migrate(review): \`start-bind\`/\`finish-bind\` not folded into \`bind: async func\`: start returns a value
    start-bind: func(port: u16) -> result<u32, error-code>;
    finish-bind: func() -> result<_, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      reviews: ['start returns a value'],
    },
    {
      name: 'finish returns 0.2 streams: not folded (no 0.2 inside a 0.3 signature), reported',
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  enum error-code { refused }
  resource conn {
    start-connect: func(host: string) -> result<_, error-code>;
    finish-connect: func() -> result<tuple<input-stream, output-stream>, error-code>;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  enum error-code { refused }
  resource conn {
    // wasi-migrate(review): \`start-connect\`/\`finish-connect\` not folded into \`connect: async func\`: its result holds wasi:io 0.2 \`input-stream\`, and an \`async func\` returning it would mix 0.2 and 0.3: port the pair by hand
    start-connect: func(host: string) -> result<_, error-code>;
    finish-connect: func() -> result<tuple<input-stream, output-stream>, error-code>;
  }
}
`,
      reviews: ['holds wasi:io 0.2 `input-stream`'],
    },
    {
      // Probe p5 (stop 51): not folded ("its result holds wasi:io 0.2 \`input-stream\`") while rule 4 ported that
      // result in the same run; a second run found the pair with nothing of 0.2 and folded it: not idempotent, exit 2.
      name: 'finish returns `result<input-stream, e>`, which rule 4 ports: folded, and the stream ported after',
      with: [4],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream};
  variant error { refused }
  resource conn {
    start-connect: func() -> result<_, error>;
    finish-connect: func() -> result<input-stream, error>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream};
  variant error { refused }
  resource conn {
    connect: async func() -> tuple<stream<u8>, future<result<_, error>>>;
  }
}
`,
    },
    {
      // Probe p10 (stop 51): the note said the result "holds wasi:io 0.2 \`output-stream\`, and an \`async func\`
      // returning it would mix 0.2 and 0.3" while rule 5 ported it in the same run; a second run found rule 5's port
      // and said "finish takes arguments" above it too: not idempotent, exit 2.
      name: 'finish returns `result<output-stream, e>`, which rule 5 ports another way: not folded, with that reason',
      with: [5],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/streams@0.2.3.{output-stream};
  variant error { refused }
  resource conn {
    start-open: func() -> result<_, error>;
    finish-open: func() -> result<output-stream, error>;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/streams@0.2.3.{output-stream};
  variant error { refused }
  resource conn {
    // wasi-migrate(review): \`start-open\`/\`finish-open\` not folded into \`open: async func\`: \`finish\` writes through an \`output-stream\` (in 0.3 a \`data: stream<u8>\` parameter and a \`future\` result, as rule 5 ports it), no shape an \`async func\` folding the pair can take: port the pair by hand
    start-open: func() -> result<_, error>;
    finish-open: func(data: stream<u8>) -> future<result<_, error>>;
  }
}
`,
      reviews: ['`finish` writes through an `output-stream`'],
    },
    {
      name: 'no false positive: a tracing API with start-span and finish, and no wasi:io, needs nothing',
      before: `package acme:tracing@0.1.0;

interface tracer {
  resource span {
    finish: func();
    set-attribute: func(key: string, value: string);
  }
  start-span: func(name: string) -> span;
  start-timer: func() -> result<_, string>;
}
`,
    },
    {
      name: 'finish takes arguments',
      before: `package my:q@0.1.0;

interface jobs {
  start-run: func(id: u32) -> result<_, string>;
  finish-run: func(id: u32) -> result<u64, string>;
}
`,
      reviews: ['finish takes arguments'],
    },
    {
      name: 'error types differ',
      before: `package my:q@0.1.0;

interface jobs {
  enum e1 { a }
  enum e2 { b }
  start-run: func(id: u32) -> result<_, e1>;
  finish-run: func() -> result<u64, e2>;
}
`,
      reviews: ['error types differ'],
    },
    {
      // jco's jco:node/tls (wprobe4): \`start-tls\` (STARTTLS) beside wasi:io streams was reported as having no
      // \`finish-tls\`; it returns what it began (the upgraded streams), so nothing is left to collect.
      name: 'a lone `start-x` that returns a value (STARTTLS) is not half of a split pair: no review',
      before: `package my:tls@0.1.0;

interface tls {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  resource session {
    read-bytes: func() -> list<u8>;
  }
  start-tls: func(server-name: string, input: input-stream, output: output-stream) -> result<session, string>;
}
`,
    },
    {
      name: 'a lone `start-x` returning `result<_, e>` beside a `subscribe`: reported',
      before: `package my:up@0.1.0;

interface uploads {
  use wasi:io/poll@0.2.0.{pollable};
  resource upload {
    start-send: func(data: list<u8>) -> result<_, string>;
    subscribe: func() -> pollable;
  }
}
`,
      reviews: ['`start-send` has no `finish-send` beside it'],
    },
    {
      name: 'pair split across resources',
      before: `package my:q@0.1.0;

interface jobs {
  resource a {
    start-run: func() -> result<_, string>;
  }
  resource b {
    finish-run: func() -> result<u64, string>;
  }
}
`,
      reviews: ['has no `finish-run` beside it', 'has no `start-run` beside it'],
    },
    {
      // wasi-tls fork (/tmp/s40/wprobe/wasi-tls-fork): \`finish-with-protection\` beside the handshake's \`finish\` was
      // reported as a split pair missing \`start-with-protection\`; it is another form of \`finish\` (what starts both is
      // the constructor), and the resource's \`subscribe\` is left to the readiness rules.
      name: 'a `finish-x` beside a bare `finish` is a form of it, not half of a split pair: no review',
      before: `package my:tls@0.1.0;

interface tls {
  use wasi:io/poll@0.2.0.{pollable};
  resource handshake {
    constructor(server-name: string);
    finish: func() -> result<string, u32>;
    finish-with-protection: func() -> result<string, u32>;
    subscribe: func() -> pollable;
  }
}
`,
    },
    {
      // The same name where a \`start-x\` is written elsewhere in the package is still a split pair.
      name: 'a `finish-x` beside a bare `finish`, its `start-x` on another resource: still reported',
      before: `package my:tls@0.1.0;

interface tls {
  use wasi:io/poll@0.2.0.{pollable};
  resource handshake {
    finish: func() -> result<string, u32>;
    finish-resume: func() -> result<string, u32>;
    subscribe: func() -> pollable;
  }
  resource session {
    start-resume: func() -> result<_, u32>;
  }
}
`,
      reviews: ['`finish-resume` has no `start-resume` beside it', '`start-resume` has no `finish-resume` beside it'],
    },
    {
      // The \`start-x\` side of the same shape: \`start-with-options\` beside a bare \`start\` was reported as having
      // no \`finish-with-options\` (016e310 settled the \`finish-x\` side only).
      name: 'a `start-x` beside a bare `start` is a form of it, not half of a split pair: no review',
      before: `package my:job@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.0.{pollable};
  resource job {
    start: func() -> result<_, u32>;
    start-with-options: func(priority: u8) -> result<_, u32>;
    subscribe: func() -> pollable;
  }
}
`,
    },
    {
      name: 'a `start-x` beside a bare `start`, its `finish-x` on another resource: still reported',
      before: `package my:job@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.0.{pollable};
  resource job {
    start: func() -> result<_, u32>;
    start-resume: func() -> result<_, u32>;
    subscribe: func() -> pollable;
  }
  resource session {
    finish-resume: func() -> result<string, u32>;
  }
}
`,
      reviews: ['`start-resume` has no `finish-resume` beside it', '`finish-resume` has no `start-resume` beside it'],
    },
    {
      name: 'subscribe removed but accept reported',
      before: `package my:net@0.1.0;

interface tcp {
  use wasi:io/poll@0.2.0.{pollable};
  resource listener {
    start-listen: func() -> result<_, string>;
    finish-listen: func() -> result<_, string>;
    accept: func() -> result<listener, string>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface tcp {
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): \`subscribe\` was removed with the start/finish pairs; it may also have signalled readiness for \`accept\`: make those async or streams
  resource listener {
    listen: async func() -> result<_, string>;
    accept: func() -> result<listener, string>;
  }
}
`,
      reviews: ['accept'],
    },
    {
      name: "a start whose parameter holds a 0.2 output-stream is not folded (reported)",
      before: `package my:dial@0.1.0;

interface dial {
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { refused }
  resource connection;
  start-open: func(to: string, log: borrow<output-stream>) -> result<_, error-code>;
  finish-open: func() -> result<connection, error-code>;
}
`,
      after: `package my:dial@0.1.0;

interface dial {
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { refused }
  resource connection;
  // wasi-migrate(review): \`start-open\`/\`finish-open\` not folded into \`open: async func\`: a parameter holds wasi:io 0.2 \`output-stream\`, which no rule ports there, and an \`async func\` taking it would mix 0.2 and 0.3: port the pair by hand
  start-open: func(to: string, log: borrow<output-stream>) -> result<_, error-code>;
  finish-open: func() -> result<connection, error-code>;
}
`,
      reviews: ["a parameter holds wasi:io 0.2 `output-stream`"],
    },
    {
      // Probe (stop 52): a start taking wasi:io `error` (rule 7 replaces it) kept the pair 0.2; a second run folded it: exit 2.
      name: 'a start taking wasi:io\'s error, which rule 7 replaces: folded',
      with: [7],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/error@0.2.12.{error};
  resource conn {
    start-open: func(why: borrow<error>) -> result<_, error>;
    finish-open: func() -> result<u32, error>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  resource conn {
    // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`conn.open\`: check the meaning (a function that only converted an io error can usually go)
    open: async func(why: error-context) -> result<u32, error-context>;
  }
}
`,
    },
    {
      // What rule 4 makes of `finish-x -> result<input-stream, e>`: folded as that pair is.
      name: 'finish returns rule 4\'s port of result<input-stream, e>: folded as that pair is',
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  variant error-code { refused }
  resource conn {
    start-read: func(n: u64) -> result<_, error-code>;
    finish-read: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  variant error-code { refused }
  resource conn {
    read: async func(n: u64) -> tuple<stream<u8>, future<result<_, error-code>>>;
  }
}
`,
    },
    {
      // Probe (stop 52): kept for its folded name; a second run, on rule 4's tuple, said "finish does not return a result" too: a new marker, exit 2.
      name: 'a pair kept for its taken name, its finish ported by rule 4: the same note in a second run',
      with: [4],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream};
  variant error-code { refused }
  resource body {
    read: func() -> list<u8>;
    start-read: func() -> result<_, error-code>;
    finish-read: func() -> result<input-stream, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream};
  variant error-code { refused }
  resource body {
    read: func() -> list<u8>;
    // wasi-migrate(review): \`start-read\`/\`finish-read\` not folded into \`read: async func\`: a function named the folded name already exists
    start-read: func() -> result<_, error-code>;
    finish-read: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
    subscribe: func() -> pollable;
  }
}
`,
      reviews: ['`start-read`/`finish-read` not folded into `read: async func'],
    },
  ],
};
export default rule;

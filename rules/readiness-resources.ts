import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';
import { deleteItem, funcKeyword, io02LeftAfterRun, ioLocals, portedReaderErr, portedWriter, refName, resourceFuncs, resources, reviewer, scopes, streamResult } from './util.js';

const docs = `
In WASI 0.2 a resource's \`subscribe: func() -> pollable\` said "an operation
on me can make progress now": its operations returned at once (an empty
list, a zero count, \`would-block\`) and the caller polled before trying
again (wasi:sockets' datagram streams: \`receive\`, \`check-send\`, \`send\`).
In 0.3 there is no pollable; an operation that had to wait for readiness is
an \`async func\` that waits itself.

Runs after the rules that fold start/finish pairs, blocking twins, future
and iterator resources, so a \`subscribe\` still there signals readiness for
the resource's other operations. Each fallible method (returning
\`result<...>\`) that is not async becomes \`async func\`, and \`subscribe\`
goes. Infallible methods (getters) are left alone.

A static function that takes the resource itself first (\`finish: static
func(self: r, ...) -> result<...>\`, a consuming completion that blocked
until ready) is one of its operations, as a method is.

Left alone: resources with a constructor or static functions other than a
factory (a \`static func\` returning the resource) or a consuming completion
(more than a readiness-signalling channel), with \`start-\`/\`finish-\`/\`blocking-\` methods
left over (an earlier rule found their shapes unfit and reported them), or
with no fallible method, and (reported) one whose operations hold a wasi:io
0.2 resource no later rule ports, or hand out an \`input-stream\` or
\`output-stream\` the stream rules (4, 5) make a 0.3 \`stream\`: a stream
waits itself, so whether \`subscribe\` signalled readiness of that stream or
of the other operations is not clear. Which operations truly waited is a
judgement, so each changed resource gets a review marker.
`;

const messages = {
  heldIo: '`{{resource}}.subscribe` signalled readiness, but `{{func}}` holds wasi:io 0.2 `{{io}}`, which no rule ports there: left as it is (an `async func` with a 0.2 resource would mix 0.2 and 0.3); port it by hand',
  streamHeld: '`{{resource}}.subscribe` signalled readiness, but `{{func}}` hands out wasi:io 0.2 `{{io}}`, which the stream rules make a 0.3 `stream` (which waits itself): whether `subscribe` signalled readiness of that stream or of the other operations is not clear: left as it is; make the operations that waited `async func`s and remove `subscribe` by hand',
  madeAsync: '`{{resource}}.subscribe` signalled readiness, so {{ops}} became {{became}} and `subscribe` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)',
} as const;
const { review } = reviewer(messages);

export function readinessResources(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    const pollable = ioLocals(ctx, scope, 'poll', 'pollable');
    if (!pollable.size) continue;
    const streams = new Set([...ioLocals(ctx, scope, 'streams', 'input-stream'), ...ioLocals(ctx, scope, 'streams', 'output-stream')]);
    for (const res of resources(scope.items)) {
      const funcs = resourceFuncs(res);
      const sub = funcs.find((fr) => fr.name.name === 'subscribe' && fr.kind === 'method' && fr.func.params.length === 0 && fr.func.result?.kind === 'name' && pollable.has(fr.func.result.name.name));
      if (!sub) continue;
      // A static factory (it hands out the resource) does not make the resource more than a channel.
      const factory = (fr: (typeof funcs)[number]) => fr.kind === 'static' && !!fr.func.result && makes(fr.func.result, res.name.name);
      // A static taking the resource itself first (`finish: static func(self: r, ...)`) is an operation on it, as a method is.
      const consumes = (fr: (typeof funcs)[number]) => fr.kind === 'static' && !!fr.func.params[0] && makes(fr.func.params[0].type, res.name.name);
      const others = funcs.filter((fr) => fr !== sub && !factory(fr));
      if (others.some((fr) => (fr.kind !== 'method' && !consumes(fr)) || /^(start|finish|blocking)-/.test(fr.name.name))) continue;
      const ops = others.filter((fr) => !fr.func.async && fr.func.result?.kind === 'result');
      if (!ops.length) continue;
      // An operation holding a 0.2 name no rule ports (by the end of the run: io02LeftAfterRun) is said first; one
      // handing out a stream the stream rules port, else. A second run finds that stream ported, the resource as the
      // first left it: what rules 4 and 5 made of it holds it the same (a first run's note, not a new one: idempotent).
      const held = ops.map((o) => [o, io02LeftAfterRun(ctx, scope, o.func)] as const).find(([, io]) => io);
      if (held) {
        reviews.push(review(f, res, 'heldIo', { resource: res.name.name, func: held[0].name.name, io: held[1]! }));
        continue;
      }
      const handsOut = (o: (typeof others)[number]): string | undefined => {
        if (o.func.async) return undefined;
        if (ops.includes(o) && streamResult(o.func, streams)) return refName(o.func.result!.kind === 'result' ? o.func.result!.ok! : o.func.result!);
        return portedReaderErr(o.func) ? 'input-stream' : portedWriter(o.func) ? 'output-stream' : undefined;
      };
      const stream = others.map((o) => [o, handsOut(o)] as const).find(([, io]) => io);
      if (stream) {
        reviews.push(review(f, res, 'streamHeld', { resource: res.name.name, func: stream[0].name.name, io: stream[1]! }));
        continue;
      }
      const note = `${res.name.name}.subscribe signalled readiness: its operations become async funcs`;
      for (const fr of ops) {
        const at = funcKeyword(f, fr.func);
        edits.push({ file: f.path, span: { start: at, end: at }, text: 'async ', note });
      }
      edits.push(deleteItem(f, sub.item, note));
      reviews.push(review(f, res, 'madeAsync', { resource: res.name.name, ops: ops.map((o) => `\`${o.name.name}\``).join(', '), became: ops.length > 1 ? '`async func`s' : 'an `async func`' }));
    }
  }
  return { edits, reviews };
}

/** Whether a type is the resource `name` itself, or it inside `result<...>`/`option<...>`. */
function makes(t: S.Type, name: string): boolean {
  if ((t.kind === 'name' || t.kind === 'own') && t.name.name === name) return true;
  if (t.kind === 'result') return !!t.ok && makes(t.ok, name);
  if (t.kind === 'option') return makes(t.type, name);
  return false;
}

const rule: Rule = {
  id: 'readiness-resources',
  number: 12,
  summary: 'a resource whose remaining subscribe() -> pollable signalled readiness: its fallible operations become async funcs',
  docs,
  messages,
  kind: 'needs-review',
  apply: readinessResources,
  cases: [
    {
      name: 'a message channel polled for readiness',
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable as ready};
  enum error-code { closed }
  resource inbox {
    /// Messages available now (maybe none).
    receive: func(max: u32) -> result<list<string>, error-code>;
    pending: func() -> u32;
    subscribe: func() -> ready;
  }
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable as ready};
  enum error-code { closed }
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    /// Messages available now (maybe none).
    receive: async func(max: u32) -> result<list<string>, error-code>;
    pending: func() -> u32;
  }
}
`,
      reviews: ['`receive` became'],
    },
    {
      // Comments written after a member on its line: the parser counts each among the next member's docs.
      // Deleting \`subscribe\` from there took \`receive\`'s comment and left its own on a line alone.
      name: 'comments trailing a line stay with it: subscribe goes with its own, the member above keeps its',
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource inbox {
    receive: func(max: u32) -> result<list<string>, error-code>; // what is there now
    subscribe: func() -> pollable; // ready when a message came
  }
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func(max: u32) -> result<list<string>, error-code>; // what is there now
  }
}
`,
      reviews: ['`receive` became'],
    },
    {
      name: 'a static factory does not stop it',
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource inbox {
    open: static func(topic: string) -> result<inbox, error-code>;
    receive: func(max: u32) -> result<list<string>, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    open: static func(topic: string) -> result<inbox, error-code>;
    receive: async func(max: u32) -> result<list<string>, error-code>;
  }
}
`,
      reviews: ['`receive` became'],
    },
    {
      name: 'a resource with a constructor is more than a channel: left alone',
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.0.{pollable};
  resource outbox {
    constructor(topic: string);
    send: func(msg: string) -> result<_, string>;
    subscribe: func() -> pollable;
  }
}
`,
    },
    {
      name: 'the pollable re-exported by a local interface; wasi:io goes with it',
      with: [7],
      before: `package my:bus@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface channel {
  use io-types.{pollable as ready};
  enum error-code { closed }
  resource inbox {
    receive: func(max: u32) -> result<list<string>, error-code>;
    subscribe: func() -> ready;
  }
}
`,
      after: `package my:bus@0.1.0;

// wasi-migrate(review): \`io-types\` only held wasi:io names and is left empty: delete it (and its imports and exports) unless another package uses it
interface io-types {
}

interface channel {
  enum error-code { closed }
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, so \`receive\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource inbox {
    receive: async func(max: u32) -> result<list<string>, error-code>;
  }
}
`,
      reviews: ['`receive` became'],
    },
    {
      name: "an operation holding a 0.2 output-stream keeps the resource 0.2 (reported)",
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { closed }
  resource inbox {
    receive-into: func(out: borrow<output-stream>) -> result<u32, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { closed }
  // wasi-migrate(review): \`inbox.subscribe\` signalled readiness, but \`receive-into\` holds wasi:io 0.2 \`output-stream\`, which no rule ports there: left as it is (an \`async func\` with a 0.2 resource would mix 0.2 and 0.3); port it by hand
  resource inbox {
    receive-into: func(out: borrow<output-stream>) -> result<u32, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      reviews: ["holds wasi:io 0.2 `output-stream`"],
    },
    {
      name: "a consuming static completion (wasmtime's debugger event-future) is an operation: it becomes async, subscribe goes",
      before: `package my:debug@0.1.0;

interface debuggee {
  use wasi:io/poll@0.2.12.{pollable};
  variant error { gone }
  record event { pc: u32 }
  resource debuggee {
    continue: func() -> event-future;
  }
  /// A future of the next debug event.
  resource event-future {
    /// Subscribe to this future.
    subscribe: func() -> pollable;
    /// Consume this future, producing the event. Blocks if not ready.
    finish: static func(self: event-future, debuggee: borrow<debuggee>) -> result<event, error>;
  }
}
`,
      after: `package my:debug@0.1.0;

interface debuggee {
  use wasi:io/poll@0.2.12.{pollable};
  variant error { gone }
  record event { pc: u32 }
  resource debuggee {
    continue: func() -> event-future;
  }
  // wasi-migrate(review): \`event-future.subscribe\` signalled readiness, so \`finish\` became an \`async func\` and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  /// A future of the next debug event.
  resource event-future {
    /// Consume this future, producing the event. Blocks if not ready.
    finish: static async func(self: event-future, debuggee: borrow<debuggee>) -> result<event, error>;
  }
}
`,
      reviews: ["`finish` became an `async func`"],
    },
    {
      // Probe q3 (/tmp/s50/wesc/probe): the note said \`read\` "holds wasi:io 0.2 \`input-stream\`, which no rule ports
      // there" while rule 4 made it \`tuple<stream<u8>, future<...>>\` in the same run.
      name: 'an operation handing out a stream the stream rules port: left as it is, reported with that reason',
      with: [4, 5],
      before: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream, output-stream};
  resource pipe {
    read: func() -> result<input-stream, string>;
    write: func() -> result<output-stream, string>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:bus@0.1.0;

interface channel {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream, output-stream};
  // wasi-migrate(review): \`pipe.subscribe\` signalled readiness, but \`read\` hands out wasi:io 0.2 \`input-stream\`, which the stream rules make a 0.3 \`stream\` (which waits itself): whether \`subscribe\` signalled readiness of that stream or of the other operations is not clear: left as it is; make the operations that waited \`async func\`s and remove \`subscribe\` by hand
  resource pipe {
    read: func() -> tuple<stream<u8>, future<result<_, string>>>;
    write: func(data: stream<u8>) -> future<result<_, string>>;
    subscribe: func() -> pollable;
  }
}
`,
      reviews: ['but `read` hands out wasi:io 0.2 `input-stream`, which the stream rules make'],
    },
    {
      // Probe (stop 52): kept for the stream `reader` hands out; a second run found rule 4's tuple there and made `send` async: exit 2.
      name: 'a resource kept for a stream it hands out: kept again once rule 4 ported the stream',
      with: [4],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  variant error-code { closed }
  resource conn {
    send: func(data: list<u8>) -> result<u64, error-code>;
    reader: func() -> result<input-stream, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  variant error-code { closed }
  // wasi-migrate(review): \`conn.subscribe\` signalled readiness, but \`reader\` hands out wasi:io 0.2 \`input-stream\`, which the stream rules make a 0.3 \`stream\` (which waits itself): whether \`subscribe\` signalled readiness of that stream or of the other operations is not clear: left as it is; make the operations that waited \`async func\`s and remove \`subscribe\` by hand
  resource conn {
    send: func(data: list<u8>) -> result<u64, error-code>;
    reader: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
    subscribe: func() -> pollable;
  }
}
`,
      reviews: ['`conn.subscribe` signalled readiness, but `reader` hands out'],
    },
    {
      // Probe (stop 52): kept (heldIo) for wasi:io `error`, which rule 7 replaced in the same run; a second run made them async: exit 2.
      name: 'operations holding wasi:io\'s error, which rule 7 replaces: made async',
      with: [7],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/error@0.2.12.{error};
  resource conn {
    send: func(data: list<u8>) -> result<u64, error>;
    recv: func(why: borrow<error>) -> result<list<u8>, error>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  // wasi-migrate(review): \`conn.subscribe\` signalled readiness, so \`send\`, \`recv\` became \`async func\`s and \`subscribe\` went: check that each one waited for it (an operation that only probed, like a capacity check, may go)
  resource conn {
    // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`conn.send\`: check the meaning (a function that only converted an io error can usually go)
    send: async func(data: list<u8>) -> result<u64, error-context>;
    // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`conn.recv\`: check the meaning (a function that only converted an io error can usually go)
    recv: async func(why: error-context) -> result<list<u8>, error-context>;
  }
}
`,
      reviews: ['`conn.subscribe` signalled readiness, so `send`, `recv` beca'],
    },
  ],
};
export default rule;

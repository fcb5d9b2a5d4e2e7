import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { funcGroups, funcKeyword, futureShape, hasName, hasType, ioLocals, ioNames, localsOf, ioNamesIn, isDecided, itemTypes, mentionOf, namesOneOf, resultArrowSpan, reviewer, scopes, src, worlds, worldIoNames } from './util.js';

const docs = `
A WASI 0.2 \`subscribe-x(args) -> pollable\` function gave a pollable that
became ready at some point (wasi:clocks \`subscribe-duration\`,
\`subscribe-instant\`). In 0.3 there is no pollable: the function becomes an
\`async func\` with no result that completes when the pollable would have been
ready. Clock naming follows wasi:clocks 0.3: \`subscribe-duration\` becomes
\`wait-for\`, \`subscribe-instant\` becomes \`wait-until\`; any other
\`subscribe-x\` becomes \`wait-x\`.

Reported with the suggested shape, not touched:
- a \`subscribe-x\` beside a \`get-x\` (or \`x\`) function: the pollable
  announced what the getter gives, which 0.3 writes as one async getter (or
  a \`stream\` when each call gives the next value),
- other functions returning a \`pollable\` (\`ready: func() -> pollable\`),
  or one inside their result (\`watch: func() -> result<pollable, e>\`
  becomes, by hand, \`watch: async func() -> result<_, e>\`),
- a resource's \`subscribe\` method that earlier rules did not remove (it
  signalled readiness for operations that should become \`async func\`s or
  streams),
- functions taking pollables (\`poll\`-like): the host owns the event loop in
  0.3; guests \`await\`.

A world's own functions (\`import subscribe-x: func() -> pollable\`) are
ported the same way when the world \`use\`s \`pollable\` from wasi:io itself.
A \`subscribe-x\` whose parameters hold another wasi:io name (an
\`input-stream\`, an \`output-stream\`) stays 0.2 and is reported: 0.2 and
0.3 never mix in one signature.

The pollable is recognised under any name it arrives by when the package
resolves: \`use wasi:io/poll.{pollable as p}\`, a local interface's
re-export (\`use io-types.{pollable as ready}\`), a \`type\` alias.
`;

const messages = {
  takesPollables: '`{{func}}` takes pollables: 0.3 has none (the host owns the event loop; guests `await`); remove it or redesign',
  subscribeKept: '`{{resource}}.subscribe` still returns a pollable: make the operations it signals readiness for `async func`s (or streams/futures) and remove it',
  heldBesideIo: '`{{func}}` holds wasi:io 0.2 `{{io}}` too, which no rule ports there: it stays 0.2 (0.2 and 0.3 never mix in one signature); port it by hand as `{{target}}: async func`',
  announcesGetter: '`{{func}}` returns a pollable beside `{{getter}}`, which gives what it announced: fold them into `{{getter}}: async func` returning the value (a `stream` if each call gives the next one); left as it is',
  returnsPollable: '`{{func}}` returns a pollable: suggested 0.3 shape `{{target}}: async func({{params}})` completing when it would have been ready',
  returnsPollableIn: '`{{func}}` returns a pollable inside `{{result}}`: suggested 0.3 shape `{{func}}: async func({{params}}){{arrow}}` completing when it would have been ready',
  returnsPollableNested: '`{{func}}` returns a pollable inside `{{result}}`: 0.3 has none; make it an `async func` that completes when it would have been ready, or return a `future<T>` for the value it announced',
  holdsPollable: '`{{item}}` holds a pollable: use a `future<T>` for the value it announced',
} as const;
const { review } = reviewer(messages);

const CLOCKS: Record<string, string> = { 'subscribe-duration': 'wait-for', 'subscribe-instant': 'wait-until' };

export function pollableFunctions(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    const pl = ioLocals(ctx, scope, 'poll', 'pollable');
    if (!pl.size) continue;
    // Every wasi:io name but wasi:io's error (rule 7 ports it): one in the parameters keeps a subscribe-x 0.2.
    const others = new Set(ioNamesIn(ctx, scope).filter((n) => n.iface !== 'error').map((n) => n.local));
    const isPoll = (t: S.Type | undefined) => !!t && (t.kind === 'name' || t.kind === 'own') && pl.has(t.name.name);
    for (const group of funcGroups(scope)) {
      // A future's \`subscribe\`: rule 2 ported the resource, or reported it for a human, which covers its pollable too.
      const futures = group.resource && futureShape(group.resource, isPoll)?.sub.item;
      for (const fr of group.funcs) {
        if (fr.item === futures) continue;
        portFunc(f, fr.name, fr.func, fr.item, group.resource?.name.name, fr.kind === 'func', group.funcs, pl, others);
      }
    }
    // Pollables in records, variants, aliases.
    for (const it of scope.items) {
      // An alias that only renames the pollable is one of its names, not a holder.
      if (it.kind !== 'type' || it.def === 'resource' || (it.def === 'alias' && pl.has(it.name.name))) continue;
      if (hasType(itemTypes(it), (t) => namesOneOf(t, pl))) reviews.push(review(f, it, 'holdsPollable', { item: it.name.name }));
    }
  }
  // A world's own functions (`import subscribe-x: func() -> pollable`), with the wasi:io names the world itself `use`s.
  for (const { file: f, world } of worlds(ctx.files)) {
    const io = worldIoNames(f, world);
    const pl = localsOf(io, 'poll', 'pollable');
    if (!pl.size) continue;
    const others = new Set(io.filter((n) => n.iface !== 'error').map((n) => n.local));
    const funcs = world.items.flatMap((it) => ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'func' ? [{ name: it.extern.name }] : []));
    for (const it of world.items) {
      // A function the team decided to keep is left as written, as in an interface (util.ts decidedNodes).
      if ((it.kind !== 'import' && it.kind !== 'export') || it.extern.kind !== 'func' || isDecided(f, it)) continue;
      portFunc(f, it.extern.name, it.extern.func, it, undefined, true, funcs, pl, others);
    }
  }
  return { edits, reviews };

  /**
   * A function taking pollables is reported, as is a resource's \`subscribe\`; one returning a pollable named
   * \`subscribe-x\` becomes \`wait-x: async func\` (a free function, when no function of its scope has that name,
   * and when its parameters hold no other wasi:io name, \`others\`: 0.2 and 0.3 never mix in one signature); any
   * other is reported.
   */
  function portFunc(f: WitFile, id: S.Id, func: S.Func, node: { span: S.Span; docs?: S.Docs }, resource: string | undefined, free: boolean, scopeFuncs: readonly { name: S.Id }[], pl: ReadonlySet<string>, others: ReadonlySet<string>): void {
    const name = id.name;
    const r = func.result;
    if (hasType(func.params.map((p) => p.type), (t) => namesOneOf(t, pl))) {
      reviews.push(review(f, node, 'takesPollables', { func: name }));
      return;
    }
    if (!r) return;
    // A pollable inside the result (`result<pollable, e>`: the call may fail, else gives what to wait on): the
    // wait becomes the async call itself, the error stays (`async func() -> result<_, e>`).
    if (!(r.kind === 'name' && pl.has(r.name.name))) {
      if (!hasType([r], (t) => namesOneOf(t, pl))) return;
      const params = func.params.map((p) => src(f, p.span)).join(', ');
      const ok = r.kind === 'result' && r.ok;
      if (ok && ok.kind === 'name' && pl.has(ok.name.name) && !(r.err && hasType([r.err], (t) => namesOneOf(t, pl)))) {
        const arrow = ` -> result<_${r.err ? `, ${src(f, r.err.span)}` : ''}>`;
        reviews.push(review(f, node, 'returnsPollableIn', { func: name, result: src(f, r.span), params, arrow }));
      } else reviews.push(review(f, node, 'returnsPollableNested', { func: name, result: src(f, r.span) }));
      return;
    }
    if (resource && name === 'subscribe') {
      reviews.push(review(f, node, 'subscribeKept', { resource }));
      return;
    }
    const m = /^subscribe-(.+)$/.exec(name);
    const target = CLOCKS[name] ?? (m ? `wait-${m[1]}` : undefined);
    const other = mentionOf(func.params.map((p) => p.type), others);
    if (target && other) {
      reviews.push(review(f, node, 'heldBesideIo', { func: name, io: other, target }));
      return;
    }
    // `subscribe-x` beside `get-x` (or `x`): the pollable announced what the getter gives, a pair 0.3 writes as one
    // async getter or a stream. `wait-x` beside the getter would keep the two calls, so it is reported.
    const getter = m ? [`get-${m[1]}`, m[1]!].find((g) => hasName(scopeFuncs, g)) : undefined;
    if (getter) {
      reviews.push(review(f, node, 'announcesGetter', { func: name, getter }));
      return;
    }
    if (!target || !free || hasName(scopeFuncs, target)) {
      reviews.push(review(f, node, 'returnsPollable', { func: name, target: target ?? name, params: func.params.map((p) => src(f, p.span)).join(', ') }));
      return;
    }
    const note = `${name} -> pollable becomes ${target}: async func`;
    edits.push({ file: f.path, span: id.span, text: target, note });
    edits.push({ file: f.path, span: { start: funcKeyword(f, func), end: funcKeyword(f, func) }, text: 'async ', note });
    edits.push({ file: f.path, span: resultArrowSpan(f, func), text: '', note });
  }
}

const rule: Rule = {
  id: 'pollable-functions',
  number: 3,
  summary: 'subscribe-x(args) -> pollable becomes an async func (wait-for/wait-until for clocks); other pollables are reported',
  docs,
  messages,
  kind: 'needs-review',
  apply: pollableFunctions,
  cases: [
    {
      name: 'clock-style functions',
      before: `package my:timer@0.1.0;

interface timer {
  use wasi:io/poll@0.2.0.{pollable};
  type duration = u64;
  type instant = u64;
  subscribe-duration: func(when: duration) -> pollable;
  subscribe-instant: func(when: instant) -> pollable;
  subscribe-tick: func(
    every: duration,
  ) -> pollable;
}
`,
      after: `package my:timer@0.1.0;

interface timer {
  use wasi:io/poll@0.2.0.{pollable};
  type duration = u64;
  type instant = u64;
  wait-for: async func(when: duration);
  wait-until: async func(when: instant);
  wait-tick: async func(
    every: duration,
  );
}
`,
    },
    {
      // wrpc's \`future-string\` (subscribe, get, and more): rule 2 reports the resource, and this rule said again that
      // its \`subscribe\` still returns a pollable, a second marker for one decision.
      name: "a future's subscribe is rule 2's (it ports or reports the resource): not reported again; another resource's is",
      before: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  resource future-string {
    subscribe: func() -> pollable;
    get: func() -> option<string>;
    cancel: func();
  }
  resource watcher {
    subscribe: func() -> pollable;
    changed: func() -> bool;
  }
}
`,
      reviews: ['`watcher.subscribe` still returns a pollable'],
    },
    {
      name: 'other pollables reported with a suggestion',
      before: `package my:timer@0.1.0;

interface events {
  use wasi:io/poll@0.2.0.{pollable};
  ready: func(id: u32) -> pollable;
  resource watcher {
    subscribe: func() -> pollable;
  }
  poll-all: func(ps: list<borrow<pollable>>) -> list<u32>;
}
`,
      reviews: ['`ready: async func(id: u32)`', 'takes pollables', 'watcher.subscribe'],
    },
    {
      // Rule 4 keeps an input-stream beside a pollable at 0.2; this rule made the function async anyway, mixing
      // it with the 0.2 \`input-stream\` (a second run then ported that too: not idempotent).
      name: 'a subscribe-x whose parameters hold another wasi:io name stays 0.2, reported',
      before: `package my:mix@0.1.0;

interface api {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  use wasi:io/poll@0.2.0.{pollable};
  subscribe-data: func(src: borrow<input-stream>) -> pollable;
  subscribe-sink: func(o: borrow<output-stream>) -> pollable;
}
`,
      reviews: ['`subscribe-data` holds wasi:io 0.2 `input-stream`', '`subscribe-sink` holds wasi:io 0.2 `output-stream`'],
    },
    {
      // A world may \`use\` wasi:io itself and declare functions on it: they were left at 0.2 (with the world's
      // \`use\`, which kept deps/io), as only interfaces were read.
      name: "a world's own functions: subscribe-x, another pollable (reported)",
      before: `package my:guest@0.1.0;

world guest {
  use wasi:io/poll@0.2.0.{pollable};
  import subscribe-tick: func(ms: u64) -> pollable;
  export ready: func() -> pollable;
}
`,
      after: `package my:guest@0.1.0;

world guest {
  use wasi:io/poll@0.2.0.{pollable};
  import wait-tick: async func(ms: u64);
  // wasi-migrate(review): \`ready\` returns a pollable: suggested 0.3 shape \`ready: async func()\` completing when it would have been ready
  export ready: func() -> pollable;
}
`,
      reviews: ['`ready: async func()`'],
    },
    {
      // /tmp/s49/mend/w2: \`pollable\` taken from \`streams\` through a file-level alias (\`streams\` takes it from \`poll\`)
      // counted as a \`streams\` name: the function was left with only io-removal's marker, its direct-use twin ported.
      name: "a world's own function reaching `pollable` through a file-level alias of `streams` is ported as through a direct use",
      before: `package my:guest@0.1.0;

use wasi:io/streams@0.2.12 as s;

world guest {
  use s.{pollable};
  import subscribe-tick: func(ms: u64) -> pollable;
}
`,
      after: `package my:guest@0.1.0;

use wasi:io/streams@0.2.12 as s;

world guest {
  use s.{pollable};
  import wait-tick: async func(ms: u64);
}
`,
    },
    {
      // The comment after \`now\` on its line is, to the parser, the start of \`tick\`'s docs: the marker went
      // above \`now\`, as if it were about it.
      name: "a marker goes above its member, not above the line whose trailing comment the parser counts as the member's docs",
      before: `package my:timer@0.1.0;

interface hal {
  use wasi:io/poll@0.2.0.{pollable};
  resource periodic {
    now: func() -> u64; // nanoseconds
    tick: func(nanos: u64) -> pollable; // fires each period
  }
}
`,
      after: `package my:timer@0.1.0;

interface hal {
  use wasi:io/poll@0.2.0.{pollable};
  resource periodic {
    now: func() -> u64; // nanoseconds
    // wasi-migrate(review): \`tick\` returns a pollable: suggested 0.3 shape \`tick: async func(nanos: u64)\` completing when it would have been ready
    tick: func(nanos: u64) -> pollable; // fires each period
  }
}
`,
      reviews: ['`tick` returns a pollable'],
    },
    {
      // The parser counts every comment since the last token as the next item's docs, a section heading a blank
      // line apart too: the marker went above the heading, as if about the section.
      name: 'a marker goes under a section heading a blank line parts from its member, not above it',
      before: `package my:timer@0.1.0;

interface hal {
  use wasi:io/poll@0.2.0.{pollable};
  resource periodic {
    // ---- timing ----

    /// Fires each period.
    tick: func(nanos: u64) -> pollable;
  }
}
`,
      after: `package my:timer@0.1.0;

interface hal {
  use wasi:io/poll@0.2.0.{pollable};
  resource periodic {
    // ---- timing ----

    // wasi-migrate(review): \`tick\` returns a pollable: suggested 0.3 shape \`tick: async func(nanos: u64)\` completing when it would have been ready
    /// Fires each period.
    tick: func(nanos: u64) -> pollable;
  }
}
`,
      reviews: ['`tick` returns a pollable'],
    },
    {
      name: 'a pollable re-exported by a local interface, under another name',
      before: `package my:timer@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface timer {
  use io-types.{pollable as p};
  subscribe-tick: func(every: u64) -> p;
  ready: func() -> p;
}
`,
      after: `package my:timer@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface timer {
  use io-types.{pollable as p};
  wait-tick: async func(every: u64);
  // wasi-migrate(review): \`ready\` returns a pollable: suggested 0.3 shape \`ready: async func()\` completing when it would have been ready
  ready: func() -> p;
}
`,
      reviews: ['`ready: async func()`'],
    },
    {
      // imago's GPIO pins: \`watch-state: func(state) -> result<pollable, gpio-error>\`. Only a bare \`-> pollable\` was
      // read, so these went unmarked, the io-removal marker on the \`use\` the only sign they were left at 0.2.
      name: 'a pollable inside a function\'s result: reported, with the async shape when it is `result<pollable, e>`',
      before: `package my:pins@0.1.0;

interface pins {
  use wasi:io/poll@0.2.0.{pollable};
  variant pin-error { busy, other(string) }
  resource pin {
    watch-level: func(high: bool) -> result<pollable, pin-error>;
    watch-edge: func() -> result<pollable>;
    maybe-ready: func() -> option<pollable>;
  }
}
`,
      after: `package my:pins@0.1.0;

interface pins {
  use wasi:io/poll@0.2.0.{pollable};
  variant pin-error { busy, other(string) }
  resource pin {
    // wasi-migrate(review): \`watch-level\` returns a pollable inside \`result<pollable, pin-error>\`: suggested 0.3 shape \`watch-level: async func(high: bool) -> result<_, pin-error>\` completing when it would have been ready
    watch-level: func(high: bool) -> result<pollable, pin-error>;
    // wasi-migrate(review): \`watch-edge\` returns a pollable inside \`result<pollable>\`: suggested 0.3 shape \`watch-edge: async func() -> result<_>\` completing when it would have been ready
    watch-edge: func() -> result<pollable>;
    // wasi-migrate(review): \`maybe-ready\` returns a pollable inside \`option<pollable>\`: 0.3 has none; make it an \`async func\` that completes when it would have been ready, or return a \`future<T>\` for the value it announced
    maybe-ready: func() -> option<pollable>;
  }
}
`,
      reviews: ['`watch-level` returns a pollable inside', '`watch-edge` returns a pollable inside', '`maybe-ready` returns a pollable inside'],
    },
    {
      name: 'a record holding a pollable: reported, left alone',
      before: `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.0.{pollable};
  record job {
    id: u32,
    done: pollable,
  }
  start: func(id: u32) -> job;
}
`,
      after: `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): \`job\` holds a pollable: use a \`future<T>\` for the value it announced
  record job {
    id: u32,
    done: pollable,
  }
  start: func(id: u32) -> job;
}
`,
      reviews: ['`job` holds a pollable'],
    },
    {
      name: '`subscribe-x` beside `get-x` (wandr\'s surface events): the pollable announced the getter\'s value, reported, not made `wait-x` beside it',
      before: `package my:surface@0.1.0;

interface surface-events {
  use wasi:io/poll@0.2.0.{pollable};
  resource surface;
  record configure-event { width: u32, height: u32 }
  subscribe-configure: func(s: borrow<surface>) -> pollable;
  get-configure: func(s: borrow<surface>) -> option<configure-event>;
}
`,
      after: `package my:surface@0.1.0;

interface surface-events {
  use wasi:io/poll@0.2.0.{pollable};
  resource surface;
  record configure-event { width: u32, height: u32 }
  // wasi-migrate(review): \`subscribe-configure\` returns a pollable beside \`get-configure\`, which gives what it announced: fold them into \`get-configure: async func\` returning the value (a \`stream\` if each call gives the next one); left as it is
  subscribe-configure: func(s: borrow<surface>) -> pollable;
  get-configure: func(s: borrow<surface>) -> option<configure-event>;
}
`,
      reviews: ['`subscribe-configure` returns a pollable beside `get-configure`'],
    },
  ],
};
export default rule;

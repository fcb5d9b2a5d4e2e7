import type { Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';
import { funcGroups, funcKeyword, hasName, hasType, ioLocals, itemTypes, namesOneOf, resultArrowSpan, reviewer, scopes, src } from './util.js';

const docs = `
A WASI 0.2 \`subscribe-x(args) -> pollable\` function gave a pollable that
became ready at some point (wasi:clocks \`subscribe-duration\`,
\`subscribe-instant\`). In 0.3 there is no pollable: the function becomes an
\`async func\` with no result that completes when the pollable would have been
ready. Clock naming follows wasi:clocks 0.3: \`subscribe-duration\` becomes
\`wait-for\`, \`subscribe-instant\` becomes \`wait-until\`; any other
\`subscribe-x\` becomes \`wait-x\`.

Reported with the suggested shape, not touched:
- other functions returning a \`pollable\` (\`ready: func() -> pollable\`),
- a resource's \`subscribe\` method that earlier rules did not remove (it
  signalled readiness for operations that should become \`async func\`s or
  streams),
- functions taking pollables (\`poll\`-like): the host owns the event loop in
  0.3; guests \`await\`.

The pollable is recognised under any name it arrives by when the package
resolves: \`use wasi:io/poll.{pollable as p}\`, a local interface's
re-export (\`use io-types.{pollable as ready}\`), a \`type\` alias.
`;

const messages = {
  takesPollables: '`{{func}}` takes pollables: 0.3 has none (the host owns the event loop; guests `await`); remove it or redesign',
  subscribeKept: '`{{resource}}.subscribe` still returns a pollable: make the operations it signals readiness for `async func`s (or streams/futures) and remove it',
  returnsPollable: '`{{func}}` returns a pollable: suggested 0.3 shape `{{target}}: async func({{params}})` completing when it would have been ready',
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
    for (const group of funcGroups(scope)) {
      for (const fr of group.funcs) {
        const r = fr.func.result;
        const takesPollable = hasType(fr.func.params.map((p) => p.type), (t) => namesOneOf(t, pl));
        if (takesPollable) {
          reviews.push(review(f, fr.item, 'takesPollables', { func: fr.name.name }));
          continue;
        }
        if (!r || r.kind !== 'name' || !pl.has(r.name.name)) continue;
        const name = fr.name.name;
        if (group.resource && name === 'subscribe') {
          reviews.push(review(f, fr.item, 'subscribeKept', { resource: group.resource.name.name }));
          continue;
        }
        const m = /^subscribe-(.+)$/.exec(name);
        const target = CLOCKS[name] ?? (m ? `wait-${m[1]}` : undefined);
        if (!target || fr.kind !== 'func' || hasName(group.funcs, target)) {
          reviews.push(review(f, fr.item, 'returnsPollable', { func: name, target: target ?? name, params: fr.func.params.map((p) => src(f, p.span)).join(', ') }));
          continue;
        }
        const note = `${name} -> pollable becomes ${target}: async func`;
        edits.push({ file: f.path, span: fr.name.span, text: target, note });
        edits.push({ file: f.path, span: { start: funcKeyword(f, fr.func), end: funcKeyword(f, fr.func) }, text: 'async ', note });
        edits.push({ file: f.path, span: resultArrowSpan(f, fr.func), text: '', note });
      }
    }
    // Pollables in records, variants, aliases.
    for (const it of scope.items) {
      // An alias that only renames the pollable is one of its names, not a holder.
      if (it.kind !== 'type' || it.def === 'resource' || (it.def === 'alias' && pl.has(it.name.name))) continue;
      if (hasType(itemTypes(it), (t) => namesOneOf(t, pl))) reviews.push(review(f, it, 'holdsPollable', { item: it.name.name }));
    }
  }
  return { edits, reviews };
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
  ],
};
export default rule;

import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';
import { deleteItem, foldedDocs, funcGroups, funcKeyword, io02LeftAfterRun, norm, paramsText, reviewer, scopes, src, usesWasi02 } from './util.js';

const docs = `
WASI 0.2 often offered an operation twice: \`x\` returns at once (maybe with
\`would-block\` or a short result) and \`blocking-x\` waits. With 0.3's
\`async func\` the caller decides whether to wait: the twins merge into one
\`x: async func\` and \`blocking-x\` goes (wasi:filesystem and wasi:io's
\`read\`/\`blocking-read\` show the pattern).

Merged only when \`blocking-x\` and \`x\` sit in the same interface or
resource, are the same kind of function, and have the same parameters and
result (or \`x\` can say "nothing yet": \`option<r>\` beside \`r\`, or
\`result<option<t>, e>\` beside \`result<t, e>\`; the async func then
returns what \`blocking-x\` waited for), and where something says \`x\` is the half of one operation that
does not wait, as in WASI's convention: a \`subscribe\` beside them, or a
WASI 0.2 interface their interface uses. Elsewhere \`x\` may be a "try" of
its own (a lock's \`acquire\` beside \`blocking-acquire\`), which one
\`async func\` would lose: reported. A \`blocking-x\` without an \`x\` beside it, or with a different
signature (\`blocking-write-and-flush\` beside \`write\`), is reported; so
is a pair whose signature holds a wasi:io 0.2 resource no later rule ports
(an \`async func\` taking an \`output-stream\` would mix 0.2 and 0.3).

A package written for 0.3 (it already has \`async\`, \`stream\` or
\`future\`, and nothing of 0.2) is left alone: a try/wait pair there is its
design.

When every twin on a resource merged, a \`subscribe: func() -> pollable\` that
signalled readiness for the non-blocking half goes too.
`;

const messages = {
  noTwin: '`{{blocking}}` has no non-blocking twin `{{x}}`: consider `{{x}}: async func`',
  signaturesDiffer: '`{{blocking}}` and `{{x}}` differ in signature: merge them into one `async func` by hand',
  maybeATry: '`{{blocking}}` and `{{x}}` are twins, which 0.3 merges into one `{{x}}: async func`, but nothing here says `{{x}}` was only the half that does not wait (no `subscribe`, no WASI 0.2 interface in use): merge them by hand unless `{{x}}` is a "try" of its own',
  signatureHoldsIo: '`{{blocking}}` and `{{x}}` would merge into one `async func`, but their signature holds wasi:io 0.2 `{{io}}`, which no rule ports there: left as they are (0.2 and 0.3 never mix in one signature); port them by hand',
} as const;
const { review } = reviewer(messages);

export function blockingTwins(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    // A WASI 0.2 interface in use (a `use wasi:*@0.2.x`, directly or through a file-level `use`, or a wasi:io name arriving another way): the package follows
    // WASI's convention, where the non-blocking half is one way to wait. Asked only of a scope with twins.
    let wasi02: boolean | undefined;
    const wasi02InUse = () => (wasi02 ??= usesWasi02(ctx, scope));
    for (const group of funcGroups(scope)) {
      const byName = new Map(group.funcs.map((fr) => [fr.name.name, fr] as const));
      const subscribe = group.funcs.some((fr) => fr.name.name === 'subscribe');
      let merged = 0;
      let unfit = 0;
      for (const b of group.funcs) {
        // `blocking-x`, or `x-blocking` (a name the package chose, as tooltrain's `poll-change-blocking`
        // beside `poll-change`); the latter only beside its twin (`set-non-blocking` is no wait).
        const m = /^blocking-(.+)$/.exec(b.name.name) ?? /^(.+)-blocking$/.exec(b.name.name);
        if (!m) continue;
        const x = byName.get(m[1]!);
        if (!x && !b.name.name.startsWith('blocking-')) continue;
        if (!x) {
          unfit++;
          reviews.push(review(f, b.item, 'noTwin', { blocking: b.name.name, x: m[1]! }));
          continue;
        }
        const shape = (t: S.Type | undefined) => (t ? norm(f, t.span) : '');
        const xr = x.func.result;
        const br = b.func.result;
        // `x` may say "nothing yet" where `blocking-x` waits: `option<r>` beside `r`, `result<option<t>, e>` beside
        // `result<t, e>`. Merged, the async func returns what the wait did.
        const notYet = !!xr && !!br && ((xr.kind === 'option' && shape(xr.type) === shape(br)) ||
          (xr.kind === 'result' && br.kind === 'result' && xr.ok?.kind === 'option' && !!br.ok && shape(xr.ok.type) === shape(br.ok) && shape(xr.err) === shape(br.err)));
        const same = x.kind === b.kind && paramsText(f, x.func) === paramsText(f, b.func) && (shape(xr) === shape(br) || notYet);
        if (!same) {
          unfit++;
          reviews.push(review(f, b.item, 'signaturesDiffer', { blocking: b.name.name, x: x.name.name }));
          continue;
        }
        if (!subscribe && !wasi02InUse()) {
          unfit++;
          reviews.push(review(f, b.item, 'maybeATry', { blocking: b.name.name, x: x.name.name }));
          continue;
        }
        const io = io02LeftAfterRun(ctx, scope, x.func);
        if (io) {
          unfit++;
          reviews.push(review(f, b.item, 'signatureHoldsIo', { blocking: b.name.name, x: x.name.name, io }));
          continue;
        }
        merged++;
        const note = `merge ${b.name.name} into ${x.name.name}: async func`;
        edits.push(deleteItem(f, b.item, note));
        const kept = foldedDocs(f, x.item, [b], `docs of ${b.name.name} stay with ${x.name.name}`);
        if (kept) edits.push(kept);
        if (!x.func.async) edits.push({ file: f.path, span: { start: funcKeyword(f, x.func), end: funcKeyword(f, x.func) }, text: 'async ', note });
        if (notYet) edits.push({ file: f.path, span: xr!.span, text: src(f, br!.span), note: `${x.name.name} returns what ${b.name.name} waited for` });
      }
      if (group.resource && merged > 0 && unfit === 0) {
        const sub = group.funcs.find((fr) => fr.name.name === 'subscribe' && fr.kind === 'method' && fr.func.params.length === 0 && fr.func.result?.kind === 'name');
        if (sub) edits.push(deleteItem(f, sub.item, 'subscribe only served the blocking twins'));
      }
    }
  }
  return { edits, reviews };
}

const rule: Rule = {
  id: 'blocking-twins',
  number: 6,
  summary: '`blocking-x` beside a non-blocking `x` merge into one `x: async func`',
  docs,
  messages,
  kind: 'mechanical',
  readsConvention: true,
  apply: blockingTwins,
  cases: [
    {
      // tooltrain's plugin WIT names the waiting half `poll-change-blocking` beside `poll-change`: the
      // twins were not seen, and --check passed with both left. Nothing there says the pair is WASI's
      // convention (no subscribe, no WASI 0.2 use), so reported; a lone `x-blocking` is no twin.
      name: '`x-blocking` beside `x` is a twin too (reported here: nothing says `x` only did not wait); a lone `x-blocking` is left',
      before: `package my:plugin@0.1.0;

interface inputs {
  variant change { replace(list<u8>), pop }
  resource change-stream {
    poll-change: func() -> option<change>;
    poll-change-blocking: func() -> change;
    set-non-blocking: func(on: bool);
  }
}
`,
      reviews: ['`poll-change-blocking` and `poll-change` are twins'],
    },
    {
      name: '`x-blocking` twins merge where a subscribe says `x` is the half that does not wait',
      before: `package my:plugin@0.1.0;

interface inputs {
  use wasi:io/poll@0.2.0.{pollable};
  variant change { replace(list<u8>), pop }
  resource change-stream {
    poll-change: func() -> option<change>;
    poll-change-blocking: func() -> change;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:plugin@0.1.0;

interface inputs {
  use wasi:io/poll@0.2.0.{pollable};
  variant change { replace(list<u8>), pop }
  resource change-stream {
    poll-change: async func() -> change;
  }
}
`,
    },
    {
      name: 'twins on a resource, subscribe goes',
      before: `package my:db@0.1.0;

interface conn {
  use wasi:io/poll@0.2.0.{pollable};
  resource cursor {
    next: func(n: u32) -> result<list<string>, string>;
    /// Waits for rows.
    blocking-next: func(n: u32) -> result<list<string>, string>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:db@0.1.0;

interface conn {
  use wasi:io/poll@0.2.0.{pollable};
  resource cursor {
    /// Waits for rows.
    next: async func(n: u32) -> result<list<string>, string>;
  }
}
`,
    },
    {
      name: '`x` says "nothing yet" (`option<r>`, `result<option<t>, e>`) where `blocking-x` waits: merged, returning what the wait did',
      before: `package my:llm@1.0.0;

interface llm {
  use wasi:io/poll@0.2.0.{pollable};
  variant stream-event { delta(string), finish(string) }
  resource chat-stream {
    /// Polls for the next chunk of stream events
    get-next: func() -> option<list<stream-event>>;
    /// Blocks until the next chunk of stream events is available
    blocking-get-next: func() -> list<stream-event>;
    read: func(n: u32) -> result<option<string>, string>;
    blocking-read: func(n: u32) -> result<string, string>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:llm@1.0.0;

interface llm {
  use wasi:io/poll@0.2.0.{pollable};
  variant stream-event { delta(string), finish(string) }
  resource chat-stream {
    /// Polls for the next chunk of stream events
    ///
    /// Blocks until the next chunk of stream events is available
    get-next: async func() -> list<stream-event>;
    read: async func(n: u32) -> result<string, string>;
  }
}
`,
    },
    {
      name: 'a package written for 0.3 (an `async func`, nothing of 0.2): a try/wait pair is its design, left alone',
      before: `package my:sync@0.1.0;

interface locks {
  enum error { busy }
  resource mutex {
    acquire: func() -> result<_, error>;
    blocking-acquire: func() -> result<_, error>;
    wait-unlocked: async func();
  }
}
`,
    },
    {
      name: 'interface-level twins in an interface that uses the pollable',
      before: `package my:db@0.1.0;

interface api {
  use wasi:io/poll@0.2.0.{pollable};
  flush: func() -> result<_, string>;
  blocking-flush: func() -> result<_, string>;
  ready: func() -> pollable;
}
`,
      after: `package my:db@0.1.0;

interface api {
  use wasi:io/poll@0.2.0.{pollable};
  flush: async func() -> result<_, string>;
  ready: func() -> pollable;
}
`,
    },
    {
      // The WASI 0.2 interface in use may come through a file-level \`use\` (\`use wasi:filesystem/types@0.2.0 as fs;\`, then
      // \`use fs.{...}\`): the twins were reported (maybeATry) where the same \`use\` written with its path merged them.
      name: 'a WASI 0.2 interface used through a file-level use says `x` is the half that does not wait',
      before: `package my:files@0.1.0;

use wasi:filesystem/types@0.2.0 as fs;

interface cache {
  use fs.{descriptor, error-code};
  fill: func(d: borrow<descriptor>) -> result<u64, error-code>;
  blocking-fill: func(d: borrow<descriptor>) -> result<u64, error-code>;
}
`,
      after: `package my:files@0.1.0;

use wasi:filesystem/types@0.2.0 as fs;

interface cache {
  use fs.{descriptor, error-code};
  fill: async func(d: borrow<descriptor>) -> result<u64, error-code>;
}
`,
    },
    {
      name: 'twins nothing waited on (a try and a wait of a lock): reported, not merged',
      before: `package my:sync@0.1.0;

interface locks {
  enum error { busy }
  resource mutex {
    acquire: func() -> result<_, error>;
    blocking-acquire: func() -> result<_, error>;
  }
}
`,
      reviews: ['`blocking-acquire` and `acquire` are twins, which 0.3 merges into one `acquire: async func`, but nothing here says `acquire` was only the half that does not wait'],
    },
    {
      name: 'different signature and lone blocking: reported',
      before: `package my:db@0.1.0;

interface api {
  write: func(b: list<u8>) -> result<_, string>;
  blocking-write: func(b: list<u8>) -> result<u64, string>;
  blocking-sync: func();
}
`,
      reviews: ['differ in signature', 'no non-blocking twin'],
    },
    {
      // Probe p13 (stop 51): twins returning \`result<input-stream, e>\` were kept 0.2 ("holds wasi:io 0.2") while rule 4
      // ported both results; a second run merged them: not idempotent, exit 2 (on main too).
      name: 'twins returning `result<input-stream, e>`, which rule 4 ports: merged, the stream ported after',
      with: [4],
      before: `package my:src@0.1.0;

interface t {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream};
  resource src {
    open: func(name: string) -> result<input-stream, string>;
    blocking-open: func(name: string) -> result<input-stream, string>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:src@0.1.0;

interface t {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream};
  resource src {
    open: async func(name: string) -> tuple<stream<u8>, future<result<_, string>>>;
  }
}
`,
    },
    {
      name: "twins whose signature holds a 0.2 output-stream stay 0.2 (reported), never an async func taking one",
      before: `package my:copy@0.1.0;

interface copy {
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { closed }
  resource source {
    copy-to: func(dst: borrow<output-stream>) -> result<u64, error-code>;
    blocking-copy-to: func(dst: borrow<output-stream>) -> result<u64, error-code>;
  }
}
`,
      after: `package my:copy@0.1.0;

interface copy {
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { closed }
  resource source {
    copy-to: func(dst: borrow<output-stream>) -> result<u64, error-code>;
    // wasi-migrate(review): \`blocking-copy-to\` and \`copy-to\` would merge into one \`async func\`, but their signature holds wasi:io 0.2 \`output-stream\`, which no rule ports there: left as they are (0.2 and 0.3 never mix in one signature); port them by hand
    blocking-copy-to: func(dst: borrow<output-stream>) -> result<u64, error-code>;
  }
}
`,
      reviews: ["holds wasi:io 0.2 `output-stream`"],
    },
    {
      // Probe (stop 52): kept 0.2 for wasi:io `error`, which rule 7 replaced in the same run; a second run merged them: exit 2.
      name: 'twins returning wasi:io\'s error, which rule 7 replaces: merged',
      with: [7],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/error@0.2.12.{error};
  resource conn {
    read: func(n: u64) -> result<list<u8>, error>;
    blocking-read: func(n: u64) -> result<list<u8>, error>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  resource conn {
    // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`conn.read\`: check the meaning (a function that only converted an io error can usually go)
    read: async func(n: u64) -> result<list<u8>, error-context>;
  }
}
`,
    },
    {
      // Probe (stop 52): twins returning `result<output-stream, e>` were kept 0.2 while rule 5 ported both; a second run merged them: exit 2.
      name: 'twins returning result<output-stream, e>, which rule 5 ports: merged',
      with: [4, 5],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{output-stream, input-stream};
  variant error-code { refused }
  resource conn {
    open: func(host: string) -> result<output-stream, error-code>;
    blocking-open: func(host: string) -> result<output-stream, error-code>;
    read: func(host: string) -> input-stream;
    blocking-read: func(host: string) -> input-stream;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{output-stream, input-stream};
  variant error-code { refused }
  resource conn {
    open: async func(data: stream<u8>, host: string) -> future<result<_, error-code>>;
    read: async func(host: string) -> tuple<stream<u8>, future<result<_, error-code>>>;
  }
}
`,
    },
  ],
};
export default rule;

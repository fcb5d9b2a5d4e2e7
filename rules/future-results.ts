import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { funcGroups, funcKeyword, io02LeftAfterRun, nameUses, norm, refName, reviewer, scopes, scopeTypeNames, src, walkType, writtenThisRun, type Scope } from './util.js';

const docs = `
A function that returns \`result<future<result<t, e>>, e>\` either fails at
once or hands back a future that later gives \`t\` or the same \`e\`: it starts
an operation and finishes it later, the shape start/finish pairs fold into.
In 0.3 that is \`async func(...) -> result<t, e>\` (the caller still decides
when to wait: an async call can be left running). WASI 0.2 wrote such
futures as resources; the future-resources rule turns them into
\`future<...>\` first, as an alias when other interfaces use them, and this
rule looks through such aliases, in the same interface or \`use\`d from
another interface of the package, under the alias's name or another
(\`use types.{pending as p}\`; not where that other name is one the
future's own type uses for something else).

The names \`t\` mentions are added to the function's \`use\` of the interface
that defines the alias, in place of the alias when nothing else uses it.

Only futures an earlier rule of the run made are folded (those 0.2 future
resources): a \`future\` the package already had was written for 0.3, where
returning one (an error at once, the outcome later) is a design of its own,
and \`wit --check\` on a 0.3 package must not ask to change it.

Left alone: functions whose signature holds a wasi:io 0.2 resource no later
rule ports (reported: 0.2 and 0.3 never mix), functions with a \`stream\` anywhere in their signature (there the
future reports the outcome of the stream and must come back at once, as
in the write flip), a plain \`-> future<t>\` (a handle to a result that may
outlive the call, a design choice), and an error type that differs between
the two levels.
`;

const messages = {
  errorTypesDiffer: '`{{func}}` returns a future whose error type differs from the immediate one: make it `async func` by hand if one error type can serve',
  signatureHoldsIo: '`{{func}}` starts an operation and finishes it later (an `async func` in 0.3), but its signature holds wasi:io 0.2 `{{io}}`, which no rule ports there: left as it is; port it by hand',
} as const;
const { review } = reviewer(messages);

type FutureT = Extract<S.Type, { kind: 'future' }>;

interface Found {
  /** The future type node and the file whose text it is in. */
  readonly fut: FutureT;
  readonly file: WitFile;
  /** When reached through `use <iface>.{alias}`: the use and the use-name. */
  readonly via?: { use: S.Use; name: S.UseName; from: Scope };
}

function aliasIn(scope: Scope, name: string): FutureT | undefined {
  for (const it of scope.items) {
    if (it.kind === 'type' && it.def === 'alias' && it.name.name === name && it.type.kind === 'future') return it.type;
  }
  return undefined;
}

function mentions(t: S.Type, name: string): boolean {
  let found = false;
  walkType(t, (x) => {
    if (refName(x) === name) found = true;
  });
  return found;
}

/** The future a result's ok type is: inline, a local alias, or an alias `use`d from another interface of the package. */
function findFuture(t: S.Type, scope: Scope, all: readonly Scope[]): Found | undefined {
  if (t.kind === 'future') return { fut: t, file: scope.file };
  if (t.kind !== 'name') return undefined;
  const local = aliasIn(scope, t.name.name);
  if (local) return { fut: local, file: scope.file };
  for (const it of scope.items) {
    if (it.kind !== 'use' || it.path.kind !== 'local') continue;
    const n = it.names.find((x) => (x.as ?? x.name).name === t.name.name);
    if (!n) continue;
    const from = all.find((s) => s.name === (it.path as { name: S.Id }).name.name && s.node.kind === 'interface');
    const fut = from ? aliasIn(from, n.name.name) : undefined;
    // The future's text is copied here, its names spelled as in `from`. Under `as`, the alias's name here may be one
    // that text uses for another type of `from` (`use types.{pending as reply}` over `future<result<reply, e>>`):
    // there the copy would name the alias, not the type.
    if (!fut || !from || (n.as && mentions(fut, n.as.name))) return undefined;
    return { fut, file: from.file, via: { use: it, name: n, from } };
  }
  return undefined;
}

export function futureResults(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const all = [...scopes(ctx.files)];
  for (const scope of all) {
    const f = scope.file;
    const visible = scopeTypeNames(scope.items);
    // Per `use` name reached through: the names to add, and how many results we rewrote through it.
    const viaUses = new Map<S.UseName, { use: S.Use; add: Set<string>; rewrote: number }>();
    const planned: RuleEdit[] = [];
    for (const group of funcGroups(scope)) {
      for (const fr of group.funcs) {
        const r = fr.func.result;
        if (fr.func.async || r?.kind !== 'result' || !r.ok || !r.err || fr.kind === 'constructor') continue;
        if (/\bstream</.test(src(f, fr.func.span))) continue;
        const found = findFuture(r.ok, scope, all);
        const inner = found?.fut.type;
        if (!found || inner?.kind !== 'result' || !inner.err || !inner.ok) continue;
        // A future the package already had is its own 0.3 design (an early error, then the outcome), not 0.2 plumbing.
        if (!writtenThisRun(ctx, found.file.path, found.fut.span)) continue;
        if (norm(found.file, inner.err.span) !== norm(f, r.err.span)) {
          reviews.push(review(f, fr.item, 'errorTypesDiffer', { func: fr.name.name }));
          continue;
        }
        const io = io02LeftAfterRun(ctx, scope, fr.func);
        if (io) {
          reviews.push(review(f, fr.item, 'signatureHoldsIo', { func: fr.name.name, io }));
          continue;
        }
        const okText = src(found.file, inner.ok.span);
        const note = `${fr.name.name}: result<future<result<t, e>>, e> becomes async func -> result<t, e>`;
        const at = funcKeyword(f, fr.func);
        planned.push({ file: f.path, span: { start: at, end: at }, text: 'async ', note });
        planned.push({ file: f.path, span: r.span, text: `result<${okText}, ${src(f, r.err.span)}>`, note });
        if (found.via) {
          const v = viaUses.get(found.via.name) ?? { use: found.via.use, add: new Set<string>(), rewrote: 0 };
          v.rewrote++;
          walkType(inner.ok, (t) => {
            const n = refName(t);
            if (n && !visible.has(n)) v.add.add(n);
          });
          viaUses.set(found.via.name, v);
        }
      }
    }
    for (const [useName, v] of viaUses) {
      const alias = (useName.as ?? useName.name).name;
      const stillUsed = (nameUses(scope.items).get(alias) ?? 0) > v.rewrote;
      const names = [...(stillUsed ? [src(f, useName.span)] : []), ...v.add];
      // Nothing to add and the alias still used: the use stays as it is.
      if (!names.length) continue;
      if (names.length === 1 && names[0] === src(f, useName.span)) continue;
      planned.push({ file: f.path, span: useName.span, text: names.join(', '), note: `names the async result needs from ${v.use.path.kind === 'local' ? v.use.path.name.name : 'its interface'}` });
    }
    edits.push(...planned);
  }
  return { edits, reviews };
}

const rule: Rule = {
  id: 'future-results',
  number: 13,
  summary: 'result<future<result<t, e>>, e> (fail now or later with the same e) becomes async func -> result<t, e>',
  docs,
  messages,
  kind: 'mechanical',
  apply: futureResults,
  cases: [
    {
      name: 'through an alias used from another interface',
      with: [2],
      before: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { timeout, refused }
  record reply { body: list<u8> }
  resource pending-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<reply, error-code>>>;
  }
}

interface client {
  use types.{pending-reply, error-code};
  call: func(method: string) -> result<pending-reply, error-code>;
}
`,
      after: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { timeout, refused }
  record reply { body: list<u8> }
  type pending-reply = future<result<reply, error-code>>;
}

interface client {
  use types.{reply, error-code};
  call: async func(method: string) -> result<reply, error-code>;
}
`,
    },
    {
      name: 'through an alias used from another interface under another name (`as`)',
      with: [2],
      before: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { timeout, refused }
  record reply { body: list<u8> }
  resource pending-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<reply, error-code>>>;
  }
}

interface client {
  use types.{pending-reply as pending, error-code};
  call: func(method: string) -> result<pending, error-code>;
}
`,
      after: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { timeout, refused }
  record reply { body: list<u8> }
  type pending-reply = future<result<reply, error-code>>;
}

interface client {
  use types.{reply, error-code};
  call: async func(method: string) -> result<reply, error-code>;
}
`,
    },
    {
      name: 'under `as`, an alias named as a type its future holds: left alone (the copied text would name the alias)',
      with: [2],
      before: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { timeout, refused }
  record reply { body: list<u8> }
  resource pending-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<reply, error-code>>>;
  }
}

interface client {
  use types.{pending-reply as reply, error-code};
  call: func(method: string) -> result<reply, error-code>;
}
`,
      after: `package my:rpc@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { timeout, refused }
  record reply { body: list<u8> }
  type pending-reply = future<result<reply, error-code>>;
}

interface client {
  use types.{pending-reply as reply, error-code};
  call: func(method: string) -> result<reply, error-code>;
}
`,
    },
    {
      name: 'inline; a stream beside it and a future the package had are left alone',
      with: [2],
      before: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  resource pending-call {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<string, u32>>>;
  }
  call: func(method: string) -> result<pending-call, u32>;
  upload: func(data: stream<u8>) -> result<future<result<_, u32>>, u32>;
  later: func() -> future<result<string, u32>>;
}
`,
      after: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  call: async func(method: string) -> result<string, u32>;
  upload: func(data: stream<u8>) -> result<future<result<_, u32>>, u32>;
  later: func() -> future<result<string, u32>>;
}
`,
    },
    {
      name: 'a future the package already had (its own 0.3 design) is left alone, unreported',
      before: `package my:rpc@0.1.0;

interface client {
  /// Fails at once on a bad request; the future gives the reply.
  call: func(method: string) -> result<future<result<string, u32>>, u32>;
  other: func() -> result<future<result<string, string>>, u32>;
}
`,
    },
    {
      name: 'different error types: reported',
      with: [2],
      before: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  resource pending-call {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<string, string>>>;
  }
  call: func() -> result<pending-call, u32>;
}
`,
      reviews: ['error type differs'],
    },
    {
      // Probe (stop 52): `send` stayed `result<future<...>, error-context>` (signatureHoldsIo for wasi:io `error`), which rule 7 replaced in the same run.
      name: 'a result<future, e> function holding wasi:io\'s error, which rule 7 replaces: made async',
      with: [2, 7],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/error@0.2.12.{error};
  resource future-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<u32, error>>>;
  }
  send: func(why: borrow<error>) -> result<future-reply, error>;
}
`,
      after: `package my:net@0.1.0;

interface client {
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`send\`: check the meaning (a function that only converted an io error can usually go)
  send: async func(why: error-context) -> result<u32, error-context>;
}
`,
    },
  ],
};
export default rule;

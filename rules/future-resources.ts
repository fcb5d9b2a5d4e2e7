import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';
import { allTypes, commentMarker, deleteItem, docLines, funcGroups, funcTypes, futureShape, hasType, io02LeftAfterRun, ioLocals, ioNamesIn, itemTypes, mentionOf, movedDocs, norm, paramTypes, pollableMethod, refName, resourceFuncs, resources, reviewer, scopes, src, toldAsFuture, typesReached, usedByOtherScopes, walkType, type Scope } from './util.js';

const docs = `
WASI 0.2 wrote a value that arrives later as a resource with two methods:
\`subscribe: func() -> pollable\` and \`get: func() -> option<result<t, e>>\`
(\`none\` while pending). wasi:http also used the nested
\`option<result<result<t, e>>>\` shape, where the outer \`result\` only says
"already taken". In 0.3 the Component Model has \`future<T>\`: the resource
becomes \`future<result<t, e>>\` (the outer "already taken" result goes: a
future is read once by construction).

Within the interface that defines it, every use of the resource is replaced
by the future type and the resource goes; its docs (and its getter's) move
to the end of the docs of each function that now hands out the future. When another interface of the
package \`use\`s the resource, the resource is replaced by a type alias
\`type r = future<...>;\` instead, so the names inside the future stay in
scope there; the getter's docs join the resource's above it. Plain \`//\`
comments move as plain comments.

The shape decides, not the names: any method with no parameters that
returns the pollable (\`subscribe\`, \`listen-to-x\`) with any getter
\`-> option<...>\` (\`get\`, \`x-get\`), or with a static completion
\`finish: static func(this: r) -> t\` (then the future is \`future<t>\`), or
with a getter of the value itself, no \`option\` (\`reply: func() -> reply\`,
called once the pollable is ready), when it is the resource's only other
method and the resource's name says it completes once (\`future\`,
\`pending\` or \`promise\` among its words; then the future is
\`future<reply>\`): without that, such a getter may be an operation
signalled by readiness (\`receive -> result<...>\`, rule 12's) or a probe
(a watcher's \`changed -> bool\`), left to rules 12 and 3.
A \`subscribe-x\` beside a \`get-x\` (or \`x\`) announced that one: it is the
getter, and when it gives no \`option\` (\`wait: func() -> result<...>\`,
retried on \`would-block\`) the resource is no future, whatever other getters
it has (obelisk's \`child-process\`, beside \`take-stdin -> option<...>\`):
rule 3 reports the pair.

Not touched, reported: a future whose value holds a wasi:io 0.2 stream or
pollable (a 0.3 type cannot carry it, and mixing 0.2 and 0.3 in one
signature is never right), or that a function hands out beside a wasi:io
0.2 name no later rule ports (an \`output-stream\` parameter); a resource with other methods besides
\`subscribe\`/\`get\` (it is more than a future), and one that is borrowed
somewhere (\`borrow<r>\`: a future cannot be borrowed), and one whose
pollable is a resource the package defines itself (its own \`pollable\`,
which its own \`select\` may wait on), not wasi:io's; and one whose value
holds the resource again (\`variant error-code { retry(future-attempt) }\`
in \`result<u32, error-code>\`: a handle breaks that cycle, \`future<...>\`
does not, and a type cannot hold itself). A getter with a
\`blocking-\` twin (\`get-next\` beside \`blocking-get-next\`) is one half
of an operation offered twice, not a future's \`get\`: rule 6's. A
resource with several methods handing out pollables
(\`subscribe-resize\`, \`subscribe-frame\`, each with its getter) holds
several event sources, not one future: rule 3 reports each. A
getter whose value is no outcome (\`get: func() -> option<pointer-event>\`,
no \`result\` in it) is how 0.2 also wrote a listener, whose \`get\` gives
the next event each time (a \`stream\` in 0.3): it is ported only when
the resource's name says it completes once (\`future\`, \`pending\` or
\`promise\` among its words), and reported otherwise.

A function that hands the future out (\`async-invoke: func(m: string) ->
future-invoke-result\`) beside a sync \`func\` of the same parameters whose
result is the future's value itself (\`invoke: func(m: string) ->
result<value, rpc-error>\`, "awaits the result") is the blocking form of
the same call, which 0.3 writes as one \`async func\`: the sync one is
reported (by shape: the same parameter types, whatever their names, and
the future's value as its result),
and left as it is.

A resource named so whose only method is such a getter of an outcome
(\`get: func() -> option<result<t, e>>\`), with no pollable beside it, in an
interface that still reads wasi:io 0.2, is a 0.2 future whose \`subscribe\`
was dropped (callers polled \`get\`): reported, as \`future<result<t, e>>\`
is the 0.3 form but nothing waited on it before.
`;

const messages = {
  valueHoldsIo: '`{{name}}` looks like a future, but its value holds wasi:io 0.2 `{{io}}`, which a 0.3 future cannot carry: left as it is; port it by hand',
  valueHoldsItself: '`{{name}}` looks like a future, but its value `{{value}}` holds `{{name}}` again (through `{{via}}`): a handle may, a `future<{{value}}>` cannot, as a type cannot hold itself; left as it is; port it by hand',
  otherMethods: '`{{name}}` looks like a future (`subscribe` + `get`) but has other methods: decide whether it becomes `future<{{value}}>`',
  eventSource: '`{{name}}` has a future\'s shape (`subscribe` + `{{get}}`), but its name says it hands out events: if each `{{get}}` gives the next `{{value}}`, it is `stream<{{value}}>` in 0.3 (a `future<{{value}}>` would give only the first); port it by hand',
  notAnOutcome: '`{{name}}` has a future\'s shape (`subscribe` + `{{get}}`), but `{{value}}` is no outcome (`result`) and nothing says it comes once: `future<{{value}}>` if it does, `stream<{{value}}>` if each `{{get}}` gives the next one; port it by hand',
  borrowed: '`{{name}}` is borrowed, and a future cannot be: rewrite its uses as `future<{{value}}>` by hand',
  noPollable: '`{{name}}` is a 0.2 future (`{{get}}` gives `none` until ready) with no pollable to wait on: in 0.3 it is `future<{{value}}>`; port it by hand',
  ownPollable: '`{{name}}` has a future\'s shape (`{{sub}}` + `{{get}}`), but `{{sub}}` returns `{{poll}}`, the package\'s own resource, not wasi:io\'s pollable: left as it is; in 0.3 it may be `future<{{value}}>` if nothing else waits on `{{poll}}` (a `select` of the package\'s own); port it by hand',
  blockingTwin: '`{{sync}}` takes what `{{async}}` takes and returns `{{value}}`, which `{{async}}` now hands out as `future<{{value}}>`: if `{{sync}}` is the blocking form of the same call (it waits for the value), 0.3 writes the two as one `async func` returning `{{value}}`: merge them by hand, or keep both (mark it `// wasi-migrate(decided): why`)',
  handedOutBesideIo: '`{{name}}` looks like a future (`future<{{value}}>` in 0.3), but `{{func}}` hands it out beside wasi:io 0.2 `{{io}}`, which no rule ports there: a 0.3 future in that signature would mix 0.2 and 0.3; left as it is; port it by hand',
} as const;
const { review } = reviewer(messages);

type ResultT = Extract<S.Type, { kind: 'result' }>;

/** The `future<...>` payload for a `get` result `option<X>`. */
function payload(opt: S.Type): S.Type | undefined {
  if (opt.kind !== 'option') return undefined;
  const x = opt.type;
  if (x.kind === 'result' && !x.err && x.ok?.kind === 'result') return x.ok as ResultT;
  return x;
}

export function futureResources(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const all = [...scopes(ctx.files)];
  for (const scope of all) {
    const f = scope.file;
    const polls = ioLocals(ctx, scope, 'poll', 'pollable');
    const io = new Set(ioNamesIn(ctx, scope).filter((n) => n.iface !== 'error').map((n) => n.local));
    for (const r of resources(scope.items)) {
      const fs = resourceFuncs(r);
      const name = r.name.name;
      // By shape, not by name (futureShape): a method handing out the pollable (`subscribe`, `listen-to-x`), and a
      // getter `-> option<...>` (`get`, `x-get`) or a static completion `finish: static func(this: r) -> t`.
      const isPoll = (t: S.Type | undefined) => !!t && (t.kind === 'name' || t.kind === 'own') && (polls.has(t.name.name) || (!polls.size && t.name.name === 'pollable'));
      if (!pollableMethod(fs, isPoll)) {
        // 0.2's future with no pollable to wait on (a fork of wasi:http's types that dropped \`subscribe\`): its only
        // method the getter \`-> option<result<...>>\`, in an interface that still reads wasi:io 0.2.
        const g = fs.length === 1 ? fs[0]! : undefined;
        const value = g && g.kind === 'method' && !g.func.params.length && g.func.result ? payload(g.func.result) : undefined;
        if (value?.kind === 'result' && io.size && toldAsFuture(name)) reviews.push(review(f, r, 'noPollable', { name, get: g!.name.name, value: src(f, value.span) }));
        continue;
      }
      const shape = futureShape(r, isPoll);
      if (!shape) continue;
      const { sub, get } = shape;
      const inner = get.kind === 'static' || get.func.result!.kind !== 'option' ? get.func.result! : payload(get.func.result!);
      if (!inner) continue;
      // What the pollable method returns may be the package's own resource (fastly's \`async-io.{pollable}\`, which
      // its own \`select\` waits on), not wasi:io's: the resource is that package's design, not a 0.2 future.
      const handed = sub.func.result;
      if (handed && (handed.kind === 'name' || handed.kind === 'own') && !polls.has(handed.name.name) && ownResource(all, scope, handed.name.name)) {
        reviews.push(review(f, r, 'ownPollable', { name, sub: sub.name.name, get: get.name.name, poll: handed.name.name, value: src(f, inner.span) }));
        continue;
      }
      const mixes: string[] = [];
      walkType(inner, (t) => { if ((t.kind === 'name' || t.kind === 'own' || t.kind === 'borrow') && io.has(t.name.name)) mixes.push(t.name.name); });
      if (mixes.length) {
        reviews.push(review(f, r, 'valueHoldsIo', { name, io: mixes[0]! }));
        continue;
      }
      if (fs.length !== 2) {
        reviews.push(review(f, r, 'otherMethods', { name, value: src(f, inner.span) }));
        continue;
      }
      // `get -> option<t>` with no outcome in it is also how 0.2 wrote an event source: a listener whose `get`
      // gives the next event each time (`stream<t>` in 0.3), which a future (one value) would silently cut to
      // the first. Only a result (a completion's outcome), a static completion or a name that says so makes it one.
      if (get.kind === 'method' && inner.kind !== 'result' && !toldAsFuture(name)) {
        const t = src(f, inner.span);
        reviews.push(review(f, r, EVENT_NOUNS.has(name.split('-').pop()!) ? 'eventSource' : 'notAnOutcome', { name, get: get.name.name, value: t }));
        continue;
      }
      const borrowed = allTypes(scope.items).some((t) => t.kind === 'borrow' && t.name.name === name);
      if (borrowed) {
        reviews.push(review(f, r, 'borrowed', { name, value: src(f, inner.span) }));
        continue;
      }
      const via = holderIn(scope.items, inner, name);
      if (via) {
        reviews.push(review(f, r, 'valueHoldsItself', { name, value: src(f, inner.span), via }));
        continue;
      }
      const mixed = mixedHolder(ctx, all, scope, r);
      if (mixed) {
        reviews.push(review(f, r, 'handedOutBesideIo', { name, value: src(f, inner.span), func: mixed.func, io: mixed.io }));
        continue;
      }
      const fut = `future<${src(f, inner.span)}>`;
      const note = `future resource ${name} becomes ${fut}`;
      reviews.push(...blockingTwins(f, scope, r, inner));
      const usedElsewhere = usedByOtherScopes(all, scope, name);
      if (usedElsewhere) {
        // Keep the name as an alias: other interfaces `use` it.
        const keepFrom = r.attributes[0]?.span.start ?? r.span.start;
        const attrs = src(f, { start: keepFrom, end: r.span.start === keepFrom ? keepFrom : resourceKeyword(f, r) });
        // The resource's own docs stay above the alias; its getter's (what the value means) join them.
        const indent = /^[ \t]*/.exec(f.text.slice(f.text.lastIndexOf('\n', keepFrom - 1) + 1))![0];
        const got = docLines(get.item.docs);
        const mark = commentMarker(r.docs, get.item.docs);
        const lines = got.length ? [...(docLines(r.docs).length ? [''] : []), `\`${get.name.name}\`: ${got[0]}`, ...got.slice(1)] : [];
        const kept = lines.map((l) => `${mark}${l ? ` ${l}` : ''}\n${indent}`).join('');
        edits.push({ file: f.path, span: { start: keepFrom, end: r.span.end }, text: `${kept}${attrs}type ${src(f, r.name.span)} = ${fut};`, note });
        continue;
      }
      edits.push(deleteItem(f, r, note));
      const isR = (t: S.Type) => (t.kind === 'name' || t.kind === 'own') && t.name.name === name;
      for (const t of allTypes(scope.items)) {
        if (isR(t) && !(t.span.start >= r.span.start && t.span.end <= r.span.end)) {
          edits.push({ file: f.path, span: t.span, text: fut, note });
        }
      }
      // The resource's docs (and its getter's) go to the functions that now hand out the future.
      for (const group of funcGroups(scope)) {
        if (group.resource === r) continue;
        for (const fr of group.funcs) {
          let holds = false;
          if (fr.func.result) walkType(fr.func.result, (t) => { holds ||= isR(t); });
          const moved = holds ? movedDocs(f, fr.item, r, [get], `docs of ${name} move to ${fr.name.name}`) : undefined;
          if (moved) edits.push(moved);
        }
      }
    }
  }
  return { edits, reviews };
}

/**
 * The type of the scope that \`value\` reaches (through records, variants, aliases) and that holds \`name\`, if any
 * (\`variant error-code { retry(future-attempt) }\` for a value \`result<u32, error-code>\`): as a handle the
 * resource broke that cycle, as \`future<value>\` it would be a type holding itself.
 */
function holderIn(items: readonly S.InterfaceItem[], value: S.Type, name: string): string | undefined {
  const refs: string[] = [];
  walkType(value, (t) => {
    const r = refName(t);
    if (r) refs.push(r);
  });
  if (refs.includes(name)) return name;
  const reached = new Set(refs.flatMap((r) => [...typesReached(items, r)]));
  const holder = items.find((it) => it.kind === 'type' && reached.has(it.name.name) && hasType(itemTypes(it), (t) => refName(t) === name));
  return holder?.kind === 'type' ? holder.name.name : undefined;
}

/**
 * Sync functions beside one that hands out the future \`r\` becomes (\`-> r\`), of the same parameter types and
 * returning the future's value itself: the blocking form of the same call (golem's \`invoke-and-await\` beside
 * \`async-invoke-and-await\`), which 0.3 writes as one \`async func\`. Reported, each once.
 */
function blockingTwins(f: import('./types.js').WitFile, scope: Scope, r: S.Resource, value: S.Type): ReviewNote[] {
  const out: ReviewNote[] = [];
  const seen = new Set<S.Func>();
  const isR = (t: S.Type | undefined) => !!t && (t.kind === 'name' || t.kind === 'own') && t.name.name === r.name.name;
  for (const group of funcGroups(scope)) {
    if (group.resource === r) continue;
    for (const fr of group.funcs) {
      if (!isR(fr.func.result)) continue;
      for (const tw of group.funcs) {
        if (tw === fr || seen.has(tw.func) || tw.func.async || tw.kind !== fr.kind || !tw.func.result) continue;
        // Types, not names: a twin may name its parameters otherwise (\`fn-name\` beside \`method\`).
        if (paramTypes(f, tw.func) !== paramTypes(f, fr.func) || norm(f, tw.func.result.span) !== norm(f, value.span)) continue;
        seen.add(tw.func);
        out.push(review(f, tw.item, 'blockingTwin', { sync: tw.name.name, async: fr.name.name, value: src(f, value.span) }));
      }
    }
  }
  return out;
}

/** Whether the scope's \`local\` names a resource the package defines itself: in the scope, or through its local \`use\`s. */
function ownResource(all: readonly Scope[], scope: Scope, local: string, seen = new Set<Scope>()): boolean {
  if (seen.has(scope)) return false;
  seen.add(scope);
  for (const it of scope.items) {
    if (it.kind === 'type' && it.def === 'resource' && it.name.name === local) return true;
    if (it.kind !== 'use' || it.path.kind !== 'local') continue;
    const n = it.names.find((x) => (x.as ?? x.name).name === local);
    if (!n) continue;
    const from = it.path.name.name;
    const home = all.find((x) => x.node.kind === 'interface' && x.name === from);
    return !!home && ownResource(all, home, n.name.name, seen);
  }
  return false;
}

/** Last words of a resource named as a source of events (many values), not a future (one). */
const EVENT_NOUNS = new Set(['listener', 'listeners', 'watcher', 'subscription', 'events', 'observer', 'receiver']);


/**
 * A function of the package whose signature holds the resource `r` of `home`
 * (by its name, a name it is \`use\`d under, or a type defined to hold it: an
 * alias, a record, a variant) and a wasi:io 0.2 name no later rule ports
 * (io02Left): the future there would share a signature with 0.2.
 */
function mixedHolder(ctx: RuleContext, all: readonly Scope[], home: Scope, r: S.Resource): { func: string; io: string } | undefined {
  const held = new Map<Scope, Set<string>>(all.map((s) => [s, new Set(s === home ? [r.name.name] : [])]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all) {
      const names = held.get(s)!;
      const add = (n: string) => {
        if (names.has(n)) return;
        names.add(n);
        grew = true;
      };
      for (const it of s.items) {
        if (it.kind === 'use') {
          const from = it.path.kind === 'local' ? all.find((x) => x.name === (it.path as { name: S.Id }).name.name && x.node.kind === 'interface') : undefined;
          if (from) for (const n of it.names) if (held.get(from)!.has(n.name.name)) add((n.as ?? n.name).name);
        } else if (it.kind === 'type' && it.def !== 'resource' && names.size && mentionOf(itemTypes(it), names)) add(it.name.name);
      }
    }
  }
  for (const s of all) {
    const names = held.get(s)!;
    if (!names.size) continue;
    for (const group of funcGroups(s)) {
      if (group.resource === r) continue;
      for (const fr of group.funcs) {
        if (!mentionOf(funcTypes(fr.func), names)) continue;
        const io = io02LeftAfterRun(ctx, s, fr.func);
        if (io) return { func: group.resource ? `${group.resource.name.name}.${fr.name.name}` : fr.name.name, io };
      }
    }
  }
  return undefined;
}

/** Offset of the `resource` keyword of a resource (after its attributes). */
function resourceKeyword(f: import('./types.js').WitFile, r: S.Resource): number {
  const text = f.text;
  const i = text.indexOf('resource', r.attributes[r.attributes.length - 1]!.span.end);
  return i;
}

const rule: Rule = {
  id: 'future-resources',
  number: 2,
  summary: 'a resource with subscribe() -> pollable and get() -> option<result<t, e>> becomes future<result<t, e>>',
  docs,
  messages,
  kind: 'mechanical',
  apply: futureResources,
  cases: [
    {
      name: 'a getter with a blocking twin is half of an operation offered twice (rule 6), not a future: nothing to do, nothing to report',
      before: `package my:llm@1.0.0;

interface llm {
  use wasi:io/poll@0.2.0.{pollable};
  resource chat-stream {
    get-next: func() -> option<list<string>>;
    blocking-get-next: func() -> list<string>;
    subscribe: func() -> pollable;
  }
}
`,
    },
    {
      name: '`subscribe-x` announced `x`, which gives no `option` (retried on would-block): no future, whatever other getters the resource has (rule 3 reports the pair)',
      before: `package my:proc@1.0.0;

interface process {
  use wasi:io/streams@0.2.3.{output-stream};
  use wasi:io/poll@0.2.3.{pollable};
  enum wait-error { would-block, os-error }
  resource child-process {
    id: func() -> u32;
    take-stdin: func() -> option<output-stream>;
    subscribe-wait: func() -> pollable;
    wait: func() -> result<option<s32>, wait-error>;
  }
}
`,
    },
    {
      name: 'nested shape, used in the same interface',
      before: `package my:jobs@0.1.0;

interface queue {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { cancelled, failed(string) }
  /// The outcome of a job, later.
  resource future-outcome {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<list<u8>, error-code>>>;
  }
  submit: func(payload: list<u8>) -> future-outcome;
  watch: func(f: own<future-outcome>);
}
`,
      after: `package my:jobs@0.1.0;

interface queue {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { cancelled, failed(string) }
  /// From the removed resource \`future-outcome\`:
  /// The outcome of a job, later.
  submit: func(payload: list<u8>) -> future<result<list<u8>, error-code>>;
  watch: func(f: future<result<list<u8>, error-code>>);
}
`,
    },
    {
      // golem:agent's wasm-rpc (/tmp/s47/wprobe9 golem-agent): \`async-invoke-and-await\` became a future, and its blocking
      // form \`invoke-and-await\` ("awaits the result") stayed a sync \`func\` with no note, though 0.3 writes the two as one.
      name: 'a sync func of the same parameters returning the future\'s value is reported as its blocking form; others are not',
      before: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  variant rpc-error { denied(string), remote(string) }
  resource future-invoke-result {
    subscribe: func() -> pollable;
    get: func() -> option<result<list<u8>, rpc-error>>;
  }
  resource rpc {
    constructor(target: string);
    invoke-and-await: func(method: string, input: list<u8>) -> result<list<u8>, rpc-error>;
    invoke: func(method: string, input: list<u8>) -> result<_, rpc-error>;
    call: func(method: string) -> result<list<u8>, rpc-error>;
    async-invoke-and-await: func(method: string, input: list<u8>) -> future-invoke-result;
  }
}
`,
      after: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  variant rpc-error { denied(string), remote(string) }
  resource rpc {
    constructor(target: string);
    // wasi-migrate(review): \`invoke-and-await\` takes what \`async-invoke-and-await\` takes and returns \`result<list<u8>, rpc-error>\`, which \`async-invoke-and-await\` now hands out as \`future<result<list<u8>, rpc-error>>\`: if \`invoke-and-await\` is the blocking form of the same call (it waits for the value), 0.3 writes the two as one \`async func\` returning \`result<list<u8>, rpc-error>\`: merge them by hand, or keep both (mark it \`// wasi-migrate(decided): why\`)
    invoke-and-await: func(method: string, input: list<u8>) -> result<list<u8>, rpc-error>;
    invoke: func(method: string, input: list<u8>) -> result<_, rpc-error>;
    call: func(method: string) -> result<list<u8>, rpc-error>;
    async-invoke-and-await: func(method: string, input: list<u8>) -> future<result<list<u8>, rpc-error>>;
  }
}
`,
      reviews: ['`invoke-and-await` takes what `async-invoke-and-await` takes and returns `result<list<u8>, rpc-error>`'],
    },
    {
      // A twin found by its parameters' names only: \`invoke\` naming them otherwise stayed a sync \`func\` with no note.
      name: 'a blocking twin is found by its parameter types, whatever their names',
      before: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  resource pending-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<string, u32>>;
  }
  invoke: func(fn-name: string, args: list<u8>) -> result<string, u32>;
  invoke-later: func(method: string, input: list<u8>) -> pending-reply;
}
`,
      after: `package my:rpc@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): \`invoke\` takes what \`invoke-later\` takes and returns \`result<string, u32>\`, which \`invoke-later\` now hands out as \`future<result<string, u32>>\`: if \`invoke\` is the blocking form of the same call (it waits for the value), 0.3 writes the two as one \`async func\` returning \`result<string, u32>\`: merge them by hand, or keep both (mark it \`// wasi-migrate(decided): why\`)
  invoke: func(fn-name: string, args: list<u8>) -> result<string, u32>;
  invoke-later: func(method: string, input: list<u8>) -> future<result<string, u32>>;
}
`,
      reviews: ['`invoke` takes what `invoke-later` takes'],
    },
    {
      name: 'single result shape, used from another interface: alias kept',
      before: `package my:jobs@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  resource future-count {
    subscribe: func() -> pollable;
    get: func() -> option<result<u64, string>>;
  }
}

interface api {
  use types.{future-count};
  count: func() -> future-count;
}
`,
      after: `package my:jobs@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  type future-count = future<result<u64, string>>;
}

interface api {
  use types.{future-count};
  count: func() -> future-count;
}
`,
    },
    {
      // A WIT probe (/tmp/s49/wprobe/p14): used only by path from another package of the file
      // (\`use my:jobs/types@0.1.0.{future-count}\`), the resource counted as unused elsewhere and went, and the run
      // stopped on wit-parser's "type \`future-count\` not defined in interface".
      name: 'a nested package\'s future resource used by path from another package of the file: alias kept',
      before: `package my:app@0.1.0;

interface api {
  use my:jobs/types@0.1.0.{future-count};
  count: func() -> future-count;
}

package my:jobs@0.1.0 {
  interface types {
    use wasi:io/poll@0.2.0.{pollable};
    resource future-count {
      subscribe: func() -> pollable;
      get: func() -> option<result<u64, string>>;
    }
    start: func() -> future-count;
  }
}
`,
      after: `package my:app@0.1.0;

interface api {
  use my:jobs/types@0.1.0.{future-count};
  count: func() -> future-count;
}

package my:jobs@0.1.0 {
  interface types {
    use wasi:io/poll@0.2.0.{pollable};
    type future-count = future<result<u64, string>>;
    start: func() -> future-count;
  }
}
`,
    },
    {
      // A WIT probe (/tmp/s49/wprobe/p8): the resource became \`type future-attempt = future<result<u32, error-code>>\`
      // while \`error-code\` holds \`future-attempt\`, and the run stopped on wit-parser's "type \`error-code\` depends on
      // itself" (exit 2, nothing written).
      name: 'a future whose value holds the resource again (through its error type) is reported, not rewritten',
      before: `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { retry(future-attempt), other(string) }
  resource future-attempt {
    subscribe: func() -> pollable;
    get: func() -> option<result<u32, error-code>>;
  }
  attempt: func() -> future-attempt;
}
`,
      after: `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.0.{pollable};
  variant error-code { retry(future-attempt), other(string) }
  // wasi-migrate(review): \`future-attempt\` looks like a future, but its value \`result<u32, error-code>\` holds \`future-attempt\` again (through \`error-code\`): a handle may, a \`future<result<u32, error-code>>\` cannot, as a type cannot hold itself; left as it is; port it by hand
  resource future-attempt {
    subscribe: func() -> pollable;
    get: func() -> option<result<u32, error-code>>;
  }
  attempt: func() -> future-attempt;
}
`,
      reviews: ['its value `result<u32, error-code>` holds `future-attempt` again (through `error-code`)'],
    },
    {
      name: 'by shape: any names, and a static completion',
      before: `package my:jobs@0.1.0;

interface queue {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { failed }
  resource future-job {
    listen-to-future-job: func() -> pollable;
    future-job-get: func() -> option<result<u64, error-code>>;
  }
  resource pending-report {
    subscribe: func() -> pollable;
    finish: static func(this: pending-report) -> result<string, error-code>;
  }
  submit: func() -> future-job;
  report: func() -> pending-report;
}
`,
      after: `package my:jobs@0.1.0;

interface queue {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { failed }
  submit: func() -> future<result<u64, error-code>>;
  report: func() -> future<result<string, error-code>>;
}
`,
    },
    {
      name: 'a future whose value holds 0.2 streams: reported, untouched (no 0.2 inside a 0.3 type)',
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  enum error-code { refused }
  resource pending {
    subscribe: func() -> pollable;
    get: func() -> option<result<tuple<input-stream, output-stream>, error-code>>;
  }
  dial: func(host: string) -> pending;
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.0.{pollable};
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  enum error-code { refused }
  // wasi-migrate(review): \`pending\` looks like a future, but its value holds wasi:io 0.2 \`input-stream\`, which a 0.3 future cannot carry: left as it is; port it by hand
  resource pending {
    subscribe: func() -> pollable;
    get: func() -> option<result<tuple<input-stream, output-stream>, error-code>>;
  }
  dial: func(host: string) -> pending;
}
`,
      reviews: ['holds wasi:io 0.2 `input-stream`'],
    },
    {
      name: 'extra methods: reported, untouched',
      before: `package my:jobs@0.1.0;

interface queue {
  use wasi:io/poll@0.2.0.{pollable};
  resource pending {
    subscribe: func() -> pollable;
    get: func() -> option<result<u32, string>>;
    cancel: func();
  }
}
`,
      reviews: ['has other methods'],
    },
    {
      name: 'borrowed: reported, untouched',
      before: `package my:jobs@0.1.0;

interface queue {
  use wasi:io/poll@0.2.0.{pollable};
  resource pending {
    subscribe: func() -> pollable;
    get: func() -> option<result<u32, string>>;
  }
  peek: func(p: borrow<pending>) -> bool;
}
`,
      reviews: ['cannot be'],
    },
    {
      // A fastly-style package with its own async handle (wprobe4 red2): \`pending-lookup\` became a future although
      // its \`pollable\` is the package's own, which \`select\` waits on with the package's other handles.
      name: "a future's shape over the package's own `pollable`, not wasi:io's: reported, untouched",
      before: `package my:kv@0.1.0;

interface async-io {
  resource pollable {
    is-ready: func() -> bool;
  }
  select: func(handles: list<borrow<pollable>>) -> u32;
}

interface store {
  use async-io.{pollable};
  resource pending-lookup {
    subscribe: func() -> pollable;
    get: func() -> option<result<list<u8>, string>>;
  }
  lookup: func(key: string) -> pending-lookup;
}
`,
      reviews: ["returns `pollable`, the package's own resource"],
    },
    {
      name: "docs of the removed resource and its getter move to the function that hands out the future",
      before: `package my:fut@0.1.0;

interface lookup {
  use wasi:io/poll@0.2.12.{pollable};
  enum error-code { not-found }
  /// A pending lookup.
  resource future-address {
    /// Ready when the address is known.
    subscribe: func() -> pollable;
    /// The address, once known: \`none\` while pending.
    get: func() -> option<result<string, error-code>>;
  }
  /// Starts a lookup; poll the returned future.
  lookup: func(name: string) -> future-address;
}
`,
      after: `package my:fut@0.1.0;

interface lookup {
  use wasi:io/poll@0.2.12.{pollable};
  enum error-code { not-found }
  /// Starts a lookup; poll the returned future.
  ///
  /// From the removed resource \`future-address\`:
  /// A pending lookup.
  /// \`get\`: The address, once known: \`none\` while pending.
  lookup: func(name: string) -> future<result<string, error-code>>;
}
`,
    },
    {
      // The alias keeps the resource's docs where they are; the getter's said what the value means
      // (here, what success does not promise) and went with the resource's body.
      name: "used from another interface: the getter's docs join the resource's above the alias",
      before: `package my:ws@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  /// A frame on its way out.
  resource pending-send {
    /// Ready once sent or failed.
    subscribe: func() -> pollable;
    /// How sending went; \`ok\` does not mean the peer read it.
    get: func() -> option<result<result<_, u32>>>;
  }
}

interface sender {
  use types.{pending-send};
  send: func(frame: list<u8>) -> pending-send;
}
`,
      after: `package my:ws@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  /// A frame on its way out.
  ///
  /// \`get\`: How sending went; \`ok\` does not mean the peer read it.
  type pending-send = future<result<_, u32>>;
}

interface sender {
  use types.{pending-send};
  send: func(frame: list<u8>) -> pending-send;
}
`,
    },
    {
      // Many hand-written WIT files comment with plain \`//\`: the moved lines are written the same way
      // (they were \`/// // A frame...\` under the function's \`//\` comment).
      name: 'plain // comments move as plain comments',
      before: `package my:ws@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};

  // A frame on its way out.
  resource pending-send {
    // Ready once sent or failed.
    subscribe: func() -> pollable;
    // How sending went.
    get: func() -> option<result<result<_, u32>>>;
  }

  // Sends one frame.
  send: func(frame: list<u8>) -> pending-send;
}
`,
      after: `package my:ws@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};

  // Sends one frame.
  //
  // From the removed resource \`pending-send\`:
  // A frame on its way out.
  // \`get\`: How sending went.
  send: func(frame: list<u8>) -> future<result<_, u32>>;
}
`,
    },
    {
      // A UI toolkit's 0.2 listeners: \`get\` gives the next event each time, \`none\` until one comes. As
      // \`future<click>\` the port compiled and passed --check, and handed out only the first click.
      name: 'a getter with no outcome in it is reported, not made a future: it may be a listener (many values); a name that says future is ported',
      before: `package my:ui@0.1.0;

interface input {
  use wasi:io/poll@0.2.0.{pollable};
  record click { x: f64, y: f64 }
  resource click-listener {
    subscribe: func() -> pollable;
    get: func() -> option<click>;
  }
  resource dialog {
    subscribe: func() -> pollable;
    get: func() -> option<string>;
  }
  resource pending-answer {
    subscribe: func() -> pollable;
    get: func() -> option<string>;
  }
  listen: func() -> click-listener;
  open: func(title: string) -> dialog;
  ask: func(question: string) -> pending-answer;
}
`,
      after: `package my:ui@0.1.0;

interface input {
  use wasi:io/poll@0.2.0.{pollable};
  record click { x: f64, y: f64 }
  // wasi-migrate(review): \`click-listener\` has a future's shape (\`subscribe\` + \`get\`), but its name says it hands out events: if each \`get\` gives the next \`click\`, it is \`stream<click>\` in 0.3 (a \`future<click>\` would give only the first); port it by hand
  resource click-listener {
    subscribe: func() -> pollable;
    get: func() -> option<click>;
  }
  // wasi-migrate(review): \`dialog\` has a future's shape (\`subscribe\` + \`get\`), but \`string\` is no outcome (\`result\`) and nothing says it comes once: \`future<string>\` if it does, \`stream<string>\` if each \`get\` gives the next one; port it by hand
  resource dialog {
    subscribe: func() -> pollable;
    get: func() -> option<string>;
  }
  listen: func() -> click-listener;
  open: func(title: string) -> dialog;
  ask: func(question: string) -> future<string>;
}
`,
      reviews: ['its name says it hands out events', 'nothing says it comes once'],
    },
    {
      // An MCP server kit's \`future-elicit-result\` (/tmp/s45/wprobe7 wasmcp-server): \`subscribe\` beside
      // \`elicit-result: func() -> elicit-result\`, "only call this after subscribe() indicates readiness", kept its
      // pollable with rule 3's "make the operations async" note: its getter gives the value itself, not an option.
      name: 'a getter of the value itself, the only method beside subscribe: a future when the resource\'s name says so (reported as `future<T>` where it cannot be ported); else left to rules 12 and 3',
      before: `package my:mcp@0.1.0;

interface sessions {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{output-stream};
  record reply { accepted: bool, content: option<string> }
  enum error-code { closed }
  /// The client's reply, later.
  resource future-reply {
    /// A pollable to wait for the reply.
    subscribe: func() -> pollable;
    /// The reply. Only call this once the pollable is ready.
    reply: func() -> reply;
  }
  resource pending-count {
    subscribe: func() -> pollable;
    count: func() -> result<u64, error-code>;
  }
  resource watcher {
    subscribe: func() -> pollable;
    changed: func() -> bool;
  }
  resource inbox {
    subscribe: func() -> pollable;
    receive: func() -> result<string, error-code>;
  }
  resource future-ack {
    subscribe: func() -> pollable;
    ack: func() -> bool;
  }
  ask: func(question: string) -> result<future-reply, error-code>;
  tally: func() -> pending-count;
  watch: func() -> watcher;
  connect: func() -> inbox;
  send: func(to: borrow<output-stream>) -> future-ack;
}
`,
      after: `package my:mcp@0.1.0;

interface sessions {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{output-stream};
  record reply { accepted: bool, content: option<string> }
  enum error-code { closed }
  resource watcher {
    subscribe: func() -> pollable;
    changed: func() -> bool;
  }
  resource inbox {
    subscribe: func() -> pollable;
    receive: func() -> result<string, error-code>;
  }
  // wasi-migrate(review): \`future-ack\` looks like a future (\`future<bool>\` in 0.3), but \`send\` hands it out beside wasi:io 0.2 \`output-stream\`, which no rule ports there: a 0.3 future in that signature would mix 0.2 and 0.3; left as it is; port it by hand
  resource future-ack {
    subscribe: func() -> pollable;
    ack: func() -> bool;
  }
  /// From the removed resource \`future-reply\`:
  /// The client's reply, later.
  /// \`reply\`: The reply. Only call this once the pollable is ready.
  ask: func(question: string) -> result<future<reply>, error-code>;
  tally: func() -> future<result<u64, error-code>>;
  watch: func() -> watcher;
  connect: func() -> inbox;
  send: func(to: borrow<output-stream>) -> future-ack;
}
`,
      reviews: ['`future-ack` looks like a future (`future<bool>` in 0.3), but `send` hands it out beside wasi:io 0.2 `output-stream`'],
    },
    {
      name: 'handed out beside a 0.2 output-stream no rule ports: left as it is, reported (0.2 and 0.3 never mix in one signature)',
      before: `package my:up@0.1.0;

interface upload {
  use wasi:io/poll@0.2.0.{pollable};
  use wasi:io/streams@0.2.12.{output-stream};
  enum error-code { refused }
  resource pending-upload {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<u64, error-code>>>;
  }
  upload: func(progress: borrow<output-stream>) -> result<pending-upload, error-code>;
}
`,
      reviews: ['`pending-upload` looks like a future (`future<result<u64, error-code>>` in 0.3), but `upload` hands it out beside wasi:io 0.2 `output-stream`'],
    },
    {
      name: 'the same through a record and an interface that uses it',
      before: `package my:up@0.1.0;

interface types {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { refused }
  resource pending-upload {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<u64, error-code>>>;
  }
  record started { id: u32, done: pending-upload }
}

interface upload {
  use wasi:io/streams@0.2.12.{output-stream};
  use types.{started as begun, error-code};
  upload: func(progress: borrow<output-stream>) -> result<begun, error-code>;
}
`,
      reviews: ['`pending-upload` looks like a future (`future<result<u64, error-code>>` in 0.3), but `upload` hands it out beside wasi:io 0.2 `output-stream`'],
    },
    {
      // A window surface in a graphics API: one pair per kind of event. Rule 2 took the first pair for a future
      // with other methods and asked whether the whole surface should become \`future<resize-event>\`.
      name: 'several subscribe-x/get-x pairs on one resource: several event sources, not a future: left to rule 3 (which reports each)',
      before: `package my:gfx@0.1.0;

interface surface {
  use wasi:io/poll@0.2.0.{pollable};
  record resize-event { width: u32, height: u32 }
  record frame-event { nanos: u64 }
  resource surface {
    constructor();
    subscribe-resize: func() -> pollable;
    get-resize: func() -> option<resize-event>;
    subscribe-frame: func() -> pollable;
    get-frame: func() -> option<frame-event>;
  }
}
`,
    },
    {
      // DeterSL's fork of wasi:http's types (/tmp/s42/wprobe3/detersl-http): \`future-trailers\` and
      // \`future-incoming-response\` kept \`get\` but lost \`subscribe\`, so rule 2 never saw them and the port
      // passed them as they were, a 0.2 future polled by hand in a 0.3 package.
      name: 'a 0.2 future with no pollable (its subscribe dropped): reported; a cache entry with the same getter is not',
      before: `package my:http@0.1.0;

interface types {
  use wasi:io/streams@0.2.0.{input-stream};
  variant error-code { timeout, other(string) }
  resource response;
  resource future-response {
    get: func() -> option<result<result<response, error-code>>>;
  }
  resource cache-entry {
    get: func() -> option<result<string, error-code>>;
  }
  body: func() -> input-stream;
}
`,
      after: `package my:http@0.1.0;

interface types {
  use wasi:io/streams@0.2.0.{input-stream};
  variant error-code { timeout, other(string) }
  resource response;
  // wasi-migrate(review): \`future-response\` is a 0.2 future (\`get\` gives \`none\` until ready) with no pollable to wait on: in 0.3 it is \`future<result<response, error-code>>\`; port it by hand
  resource future-response {
    get: func() -> option<result<result<response, error-code>>>;
  }
  resource cache-entry {
    get: func() -> option<result<string, error-code>>;
  }
  body: func() -> input-stream;
}
`,
      reviews: ['`future-response` is a 0.2 future'],
    },
    {
      // Probe (stop 52): kept 0.2 (`body` hands it out beside wasi:io 0.2 `input-stream`) while rules 4 and 5 ported those
      // results in the same run; a second run made the future: not idempotent, exit 2. io02LeftAfterRun counts them ported.
      name: 'a function holding the resource whose input-stream or output-stream result rules 4 and 5 port: the future is made',
      with: [4, 5],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  variant error-code { refused, other(string) }
  resource future-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<u32, error-code>>>;
  }
  body: func(reply: future-reply) -> result<input-stream, error-code>;
  upload: func(reply: future-reply) -> result<output-stream, error-code>;
}
`,
      after: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  variant error-code { refused, other(string) }
  body: func(reply: future<result<u32, error-code>>) -> tuple<stream<u8>, future<result<_, error-code>>>;
  upload: func(data: stream<u8>, reply: future<result<u32, error-code>>) -> future<result<_, error-code>>;
}
`,
    },
    {
      // Probe (stop 52): kept 0.2 for wasi:io `error` in `send` and `wait` while rule 7 replaced it in the same run: exit 2.
      name: 'a function holding the resource and wasi:io\'s error, which rule 7 replaces: the future is made',
      with: [7],
      before: `package my:net@0.1.0;

interface client {
  use wasi:io/poll@0.2.12.{pollable};
  use wasi:io/error@0.2.12.{error};
  resource future-reply {
    subscribe: func() -> pollable;
    get: func() -> option<result<result<u32, error>>>;
  }
  send: func(data: list<u8>) -> result<future-reply, error>;
  wait: func(reply: future-reply, why: borrow<error>) -> u32;
}
`,
      after: `package my:net@0.1.0;

interface client {
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`send\`: check the meaning (a function that only converted an io error can usually go)
  send: func(data: list<u8>) -> result<future<result<u32, error-context>>, error-context>;
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`wait\`: check the meaning (a function that only converted an io error can usually go)
  wait: func(reply: future<result<u32, error-context>>, why: error-context) -> u32;
}
`,
    },
  ],
};
export default rule;

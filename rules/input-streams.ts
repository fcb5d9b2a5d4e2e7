import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { errorType, funcGroups, funcTypes, hasType, ioLocals, ioNames, localsOf, ioNamesIn, isDecided, itemTypes, mentionOf, namesOneOf, reviewer, scopes, src, walkType, worlds, worldIoNames } from './util.js';

const docs = `
A WASI 0.2 \`input-stream\` (from wasi:io/streams) was a resource read with
\`read\`/\`blocking-read\` until \`stream-error.closed\` or an error. In 0.3 a
read hands out two things: \`stream<u8>\` with the data and
\`future<result<_, e>>\` with the outcome, so an error is no longer confused
with an early close (wasi:filesystem \`read-via-stream\`, wasi:cli \`stdin\`).

- \`-> input-stream\` and \`-> result<input-stream, e>\` become
  \`-> tuple<stream<u8>, future<result<_, e>>>\`: the error moves into the
  future. \`e\` is the result's error type, else the interface's own
  \`error-code\`, else \`error-context\` (reported, as that choice is a guess).
  A \`result<input-stream>\` with no error type (a stream taken at most
  once) is reported too: its failure is now an \`e\`, which may not say it.
- A parameter \`input-stream\` or \`borrow<input-stream>\` becomes
  \`stream<u8>\` (the callee now reads the stream to its end). A borrowed
  one is reported: in 0.2 the caller kept the stream and could read on after
  the call (a parser taking one message of many), and a \`stream<u8>\` is
  handed over for good. On a
  resource that also hands out input-streams it is reported: the caller may
  be giving back one of the resource's own streams by handle (to rewind or
  drop it), and a \`stream<u8>\` carries data, not which stream it was.
- An item that also holds a wasi:io name no rule ports (an \`output-stream\`
  parameter, a \`pollable\`) keeps its \`input-stream\`, reported: 0.2 and
  0.3 never mix in one signature.
- An \`input-stream\` nested in a parameter (\`option<input-stream>\`, a
  list, a tuple), a record field, a variant case or an alias of a compound
  type becomes \`stream<u8>\`: there it is data handed over or held.
  Where such a record, variant or alias reaches a caller in a function's
  result (directly or through other types), it is also reported: the
  read's error has nowhere to go in a bare \`stream<u8>\`.
- Nested in a result (\`result<tuple<conn, input-stream>, e>\`), it is
  reported: the data/outcome split is a design decision there.

A world's own functions (\`export f: func(s: input-stream)\`) are ported the
same way when the world \`use\`s \`input-stream\` from wasi:io itself.

The stream is recognised under any name it arrives by when the package
resolves: a local interface's re-export (\`use io-types.{input-stream as
bytes}\`), another package that re-exports it (\`use
wasi:filesystem/types.{input-stream}\`), a \`type\` alias.
`;

const messages = {
  heldBesideIo: '`{{item}}` holds wasi:io 0.2 `{{io}}` too, which no rule ports there: its `input-stream` stays 0.2 (0.2 and 0.3 never mix in one signature); port it by hand',
  nested: '`input-stream` nested in `{{item}}`: rewrite as `stream<u8>` plus a `future<result<_, e>>` outcome by hand',
  heldInResult: '`{{item}}` holds an `input-stream` and reaches the caller in `{{func}}`\'s result: as `stream<u8>` the read\'s error has nowhere to go; add a `future<result<_, e>>` outcome beside it by hand (as 0.3\'s own results do), or mark it decided',
  errorContext: '`{{func}}`: the stream\'s outcome uses `error-context` as the {{scope}} has no `error-code`; pick the error type',
  handedBack: '`{{func}}` takes an `input-stream` (`{{param}}`) on `{{resource}}`, which also hands them out: if it is one of those streams given back by handle (to rewind or drop it), a `stream<u8>` cannot say which one; port it by hand, or mark it decided',
  borrowed: '`{{func}}` borrows its `input-stream` (`{{param}}`): the caller kept the stream and could read on after the call (the next message, say), but a `stream<u8>` is handed over for good and what the callee leaves unread is lost; if the caller reads on, port it by hand, or mark it decided',
  bareError: '`{{func}}` returned `result<input-stream>`, whose bare error said only that the call failed (the stream already taken, say): that failure is now the outcome future\'s `{{e}}`; check `{{e}}` can say it, or keep a `result<...>` around the tuple',
} as const;
const { review } = reviewer(messages);

export function inputStreams(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    const is = ioLocals(ctx, scope, 'streams', 'input-stream');
    if (!is.size) continue;
    const own = errorType(scope.items);
    const isIs = (t: S.Type | undefined) => namesOneOf(t, is);
    const handled = new Set<S.Type>();
    // An item that also holds a wasi:io name no rule ports (`output-stream` as a parameter, `pollable`) keeps its
    // input-streams: a `stream<u8>` beside a 0.2 resource would mix 0.2 and 0.3.
    const unported = new Set(ioNamesIn(ctx, scope).filter((n) => n.name !== 'input-stream' && n.iface !== 'error').map((n) => n.local));
    const keep02 = (label: string, node: { span: S.Span; docs?: S.Docs }, roots: readonly S.Type[]): boolean => {
      const other = mentionOf(roots, unported);
      if (!other) return false;
      for (const root of roots) walkType(root, (t) => { if (isIs(t)) handled.add(t); });
      reviews.push(review(f, node, 'heldBesideIo', { item: label, io: other }));
      return true;
    };
    for (const group of funcGroups(scope)) {
      // A resource that hands out input-streams and takes one back: the parameter may be one of its own streams given
      // back by handle (to rewind or drop it), which a `stream<u8>` cannot say.
      const handsOut = !!group.resource && group.funcs.some((fr) => isIs(fr.func.result) || (fr.func.result?.kind === 'result' && isIs(fr.func.result.ok)));
      for (const fr of group.funcs) {
        const label = group.resource ? `${group.resource.name.name}.${fr.name.name}` : fr.name.name;
        const back = handsOut ? fr.func.params.find((p) => isIs(p.type)) : undefined;
        const kept = portFunc(f, label, fr.name.name, fr.func, fr.item, is, own, handled, keep02, 'interface', back);
        if (back && !kept) reviews.push(review(f, fr.item, 'handedBack', { func: label, param: back.name.name, resource: group.resource!.name.name }));
      }
    }
    // Nested where data flows in (a parameter's option, list or tuple) or is held (a record field, a
    // variant case, an alias of a compound type): the data half, `stream<u8>`.
    const toStream = (root: S.Type) => walkType(root, (t) => {
      if (isIs(t) && !handled.has(t)) {
        handled.add(t);
        edits.push({ file: f.path, span: t.span, text: 'stream<u8>', note: 'nested input-stream becomes stream<u8>' });
      }
    });
    for (const group of funcGroups(scope)) {
      for (const fr of group.funcs) {
        for (const p of fr.func.params) {
          // Lent inside an option or a tuple (\`option<borrow<input-stream>>\`): the caller may read on, as for a direct one.
          if (hasType([p.type], (t) => t.kind === 'borrow' && isIs(t) && !handled.has(t))) {
            reviews.push(review(f, fr.item, 'borrowed', { func: group.resource ? `${group.resource.name.name}.${fr.name.name}` : fr.name.name, param: p.name.name }));
          }
          toStream(p.type);
        }
      }
    }
    // The type items a caller gets back: named in a function's result, directly or through other items. An
    // input-stream held there reaches the caller as a bare \`stream<u8>\`, the read's outcome with nowhere to go.
    const typeItems = new Map(scope.items.flatMap((it) => (it.kind === 'type' && it.def !== 'resource' ? [[it.name.name, it] as const] : [])));
    const returnedBy = new Map<string, string>();
    const reach = (root: S.Type, func: string): void => walkType(root, (t) => {
      const def = t.kind === 'name' ? typeItems.get(t.name.name) : undefined;
      if (!def || returnedBy.has(def.name.name)) return;
      returnedBy.set(def.name.name, func);
      for (const r of itemTypes(def)) reach(r, func);
    });
    for (const group of funcGroups(scope)) {
      for (const fr of group.funcs) if (fr.func.result) reach(fr.func.result, group.resource ? `${group.resource.name.name}.${fr.name.name}` : fr.name.name);
    }
    for (const it of scope.items) {
      if (it.kind !== 'type' || it.def === 'resource') continue;
      const roots = itemTypes(it);
      if (mentionOf(roots, is) && keep02(it.name.name, it, roots)) continue;
      const before = handled.size;
      if (it.def === 'record') it.fields.forEach((x) => toStream(x.type));
      if (it.def === 'variant') it.cases.forEach((c) => c.type && toStream(c.type));
      if (it.def === 'alias' && !isIs(it.type)) toStream(it.type);
      const func = returnedBy.get(it.name.name);
      if (handled.size > before && func && !isDecided(f, it)) reviews.push(review(f, it, 'heldInResult', { item: it.name.name, func }));
    }
    for (const it of scope.items) {
      if (it.kind === 'type' && it.def === 'alias' && is.has(it.name.name)) continue; // another name for it, not a use
      // On a resource, the method that holds it: one note per method, where the hand edit goes.
      if (it.kind === 'type' && it.def === 'resource') {
        if (isDecided(f, it)) continue;
        for (const m of it.funcs) {
          if (hasType(funcTypes(m.func), (t) => isIs(t) && !handled.has(t))) reviews.push(review(f, m, 'nested', { item: `${it.name.name}.${m.name.name}` }));
        }
        continue;
      }
      const nested: S.Type[] = [];
      for (const root of itemTypes(it)) walkType(root, (t) => { if (isIs(t) && !handled.has(t)) nested.push(t); });
      if (nested.length) {
        reviews.push(review(f, it, 'nested', { item: it.kind === 'use' ? 'use' : it.name.name }));
      }
    }
  }
  // A world's own functions (\`export f: func(s: input-stream)\`), with the wasi:io names the world itself \`use\`s.
  for (const { file: f, world } of worlds(ctx.files)) {
    const io = worldIoNames(f, world);
    const is = localsOf(io, 'streams', 'input-stream');
    if (!is.size) continue;
    const unported = new Set(io.filter((n) => n.name !== 'input-stream' && n.iface !== 'error').map((n) => n.local));
    const own = errorType(world.items.filter((it): it is S.TypeDef => it.kind === 'type'));
    const handled = new Set<S.Type>();
    const keep02 = (label: string, node: { span: S.Span; docs?: S.Docs }, roots: readonly S.Type[]): boolean => {
      const other = mentionOf(roots, unported);
      if (!other) return false;
      reviews.push(review(f, node, 'heldBesideIo', { item: label, io: other }));
      return true;
    };
    for (const it of world.items) {
      // A function the team decided to keep is left as written, as in an interface (util.ts decidedNodes).
      if ((it.kind !== 'import' && it.kind !== 'export') || it.extern.kind !== 'func' || isDecided(f, it)) continue;
      const { name, func } = it.extern;
      if (portFunc(f, name.name, name.name, func, it, is, own, handled, keep02, 'world')) continue;
      // Nested in a parameter: the data half, as in an interface (a lent one reported); anywhere else, reported.
      for (const p of func.params) if (hasType([p.type], (t) => t.kind === 'borrow' && namesOneOf(t, is) && !handled.has(t))) reviews.push(review(f, it, 'borrowed', { func: name.name, param: p.name.name }));
      for (const p of func.params) walkType(p.type, (t) => {
        if (namesOneOf(t, is) && !handled.has(t)) {
          handled.add(t);
          edits.push({ file: f.path, span: t.span, text: 'stream<u8>', note: 'nested input-stream becomes stream<u8>' });
        }
      });
      if (hasType(funcTypes(func), (t) => namesOneOf(t, is) && !handled.has(t))) {
        reviews.push(review(f, it, 'nested', { item: name.name }));
      }
    }
  }
  return { edits, reviews };

  /**
   * Ports one function's direct \`input-stream\` parameters and result; true when it keeps them at 0.2 (another
   * wasi:io name no rule ports is in its signature: \`keep02\` reported it).
   */
  function portFunc(f: WitFile, label: string, name: string, func: S.Func, node: { span: S.Span; docs?: S.Docs }, is: ReadonlySet<string>, own: string | undefined, handled: Set<S.Type>, keep02: (label: string, node: { span: S.Span; docs?: S.Docs }, roots: readonly S.Type[]) => boolean, scope: 'interface' | 'world', handedBack?: S.Param): boolean {
    const isIs = (t: S.Type | undefined) => namesOneOf(t, is);
    const sig = funcTypes(func);
    if (mentionOf(sig, is) && keep02(label, node, sig)) {
      for (const root of sig) walkType(root, (t) => { if (isIs(t)) handled.add(t); });
      return true;
    }
    for (const p of func.params) {
      if (isIs(p.type)) {
        handled.add(p.type);
        edits.push({ file: f.path, span: p.type.span, text: 'stream<u8>', note: 'input-stream parameter becomes stream<u8>' });
        // Lent, not given: the caller may read on after the call. (One handed back to its resource is reported as that.)
        if (p.type.kind === 'borrow' && p !== handedBack) reviews.push(review(f, node, 'borrowed', { func: label, param: p.name.name }));
      }
    }
    const r = func.result;
    if (!r) return false;
    let err: string | undefined;
    let fits = false;
    if (isIs(r)) fits = true;
    else if (r.kind === 'result' && isIs(r.ok)) {
      fits = true;
      handled.add(r.ok!);
      if (r.err) err = src(f, r.err.span);
    }
    if (!fits) return false;
    handled.add(r);
    const e = err ?? own ?? 'error-context';
    if (!err && !own) reviews.push(review(f, node, 'errorContext', { func: name, scope }));
    // \`result<input-stream>\`: the failure had no error to say what it was; it has one now, maybe one that cannot say it.
    else if (r.kind === 'result' && !r.err) reviews.push(review(f, node, 'bareError', { func: name, e }));
    edits.push({ file: f.path, span: r.span, text: `tuple<stream<u8>, future<result<_, ${e}>>>`, note: 'input-stream result becomes stream<u8> + future outcome' });
    return false;
  }
}

const rule: Rule = {
  id: 'input-streams',
  number: 4,
  summary: 'an input-stream result becomes tuple<stream<u8>, future<result<_, e>>>; a parameter becomes stream<u8>',
  docs,
  messages,
  kind: 'mechanical',
  apply: inputStreams,
  cases: [
    {
      // A fork of wasi:http's bodies (/tmp/s42/wprobe3/unfixed/errorless-stream-result): \`result<input-stream>\` said
      // "already taken" with its bare error; ported silently, that failure had to be an \`error-code\` with no case for it.
      name: 'result<input-stream> with no error type: ported, and its failure reported',
      before: `package my:body@0.1.0;

interface types {
  use wasi:io/streams@0.2.0.{input-stream};
  variant error-code { timeout, other(string) }
  resource incoming-body {
    /// Returns success on the first call only.
    %stream: func() -> result<input-stream>;
  }
}
`,
      after: `package my:body@0.1.0;

interface types {
  use wasi:io/streams@0.2.0.{input-stream};
  variant error-code { timeout, other(string) }
  resource incoming-body {
    // wasi-migrate(review): \`stream\` returned \`result<input-stream>\`, whose bare error said only that the call failed (the stream already taken, say): that failure is now the outcome future's \`error-code\`; check \`error-code\` can say it, or keep a \`result<...>\` around the tuple
    /// Returns success on the first call only.
    %stream: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
  }
}
`,
      reviews: ['`stream` returned `result<input-stream>`'],
    },
    {
      // OpenList's plugin driver (/tmp/s44/wprobe5/openlist-driver): \`chunk-reset\` took back the chunk \`next-chunk\`
      // handed out, for the host to rewind it; as \`stream<u8>\` the host gets bytes and cannot tell which chunk it was.
      name: 'a resource that hands out input-streams and takes one back: the parameter is ported and reported',
      before: `package my:driver@0.1.0;

interface upload {
  use wasi:io/streams@0.2.0.{input-stream};
  resource readable {
    next-chunk: func() -> result<input-stream, string>;
    chunk-reset: func(chunk: input-stream) -> result<_, string>;
  }
  resource sink {
    put: func(data: input-stream) -> result<_, string>;
  }
}
`,
      after: `package my:driver@0.1.0;

interface upload {
  use wasi:io/streams@0.2.0.{input-stream};
  resource readable {
    next-chunk: func() -> tuple<stream<u8>, future<result<_, string>>>;
    // wasi-migrate(review): \`readable.chunk-reset\` takes an \`input-stream\` (\`chunk\`) on \`readable\`, which also hands them out: if it is one of those streams given back by handle (to rewind or drop it), a \`stream<u8>\` cannot say which one; port it by hand, or mark it decided
    chunk-reset: func(chunk: stream<u8>) -> result<_, string>;
  }
  resource sink {
    put: func(data: stream<u8>) -> result<_, string>;
  }
}
`,
      reviews: ['`readable.chunk-reset` takes an `input-stream`'],
    },
    {
      // An MCP transport's message parser (/tmp/s45/wprobe7/wasmcp): \`parse\` reads one message from a borrowed
      // stream and the caller reads the next one from the same stream; as \`stream<u8>\` the stream is handed over and
      // the caller has nothing left to read from. Ported with nothing said; an owned stream handed over is not reported.
      name: 'a borrowed input-stream parameter (or one in an option): ported and reported (the caller could read on); an owned one is not',
      before: `package my:framing@0.1.0;

interface codec {
  use wasi:io/streams@0.2.3.{input-stream};
  variant frame-error { closed, invalid(string) }
  /// Reads one frame from the stream.
  next-frame: func(input: borrow<input-stream>, max-len: u32) -> result<list<u8>, frame-error>;
  /// Reads the stream to its end.
  drain: func(input: input-stream) -> u64;
  /// Skips a frame, when there is a stream.
  skip-frame: func(input: option<borrow<input-stream>>);
}
`,
      after: `package my:framing@0.1.0;

interface codec {
  use wasi:io/streams@0.2.3.{input-stream};
  variant frame-error { closed, invalid(string) }
  // wasi-migrate(review): \`next-frame\` borrows its \`input-stream\` (\`input\`): the caller kept the stream and could read on after the call (the next message, say), but a \`stream<u8>\` is handed over for good and what the callee leaves unread is lost; if the caller reads on, port it by hand, or mark it decided
  /// Reads one frame from the stream.
  next-frame: func(input: stream<u8>, max-len: u32) -> result<list<u8>, frame-error>;
  /// Reads the stream to its end.
  drain: func(input: stream<u8>) -> u64;
  // wasi-migrate(review): \`skip-frame\` borrows its \`input-stream\` (\`input\`): the caller kept the stream and could read on after the call (the next message, say), but a \`stream<u8>\` is handed over for good and what the callee leaves unread is lost; if the caller reads on, port it by hand, or mark it decided
  /// Skips a frame, when there is a stream.
  skip-frame: func(input: option<stream<u8>>);
}
`,
      reviews: ['`next-frame` borrows its `input-stream` (`input`)', '`skip-frame` borrows its `input-stream` (`input`)'],
    },
    {
      // The same place as output-streams' resource note: it named the resource and stood above it, away from the
      // method holding the stream (/tmp/s45/wprobe7/unfixed/nested-resource).
      name: 'an input-stream nested in a resource method\'s result: the note names the method and stands above it',
      before: `package my:conn@0.1.0;

interface conns {
  use wasi:io/streams@0.2.3.{input-stream};
  resource conn {
    id: func() -> u32;
    /// Both halves of the tunnel.
    halves: func() -> tuple<input-stream, input-stream>;
  }
}
`,
      after: `package my:conn@0.1.0;

interface conns {
  use wasi:io/streams@0.2.3.{input-stream};
  resource conn {
    id: func() -> u32;
    // wasi-migrate(review): \`input-stream\` nested in \`conn.halves\`: rewrite as \`stream<u8>\` plus a \`future<result<_, e>>\` outcome by hand
    /// Both halves of the tunnel.
    halves: func() -> tuple<input-stream, input-stream>;
  }
}
`,
      reviews: ['nested in `conn.halves`'],
    },
    {
      name: 'result<input-stream, e> and a parameter',
      before: `package my:codec@0.1.0;

interface transcoder {
  use wasi:io/streams@0.2.0.{input-stream};
  enum error-code { bad-input }
  open: func(name: string) -> result<input-stream, error-code>;
  feed: func(src: borrow<input-stream>) -> u64;
}
`,
      after: `package my:codec@0.1.0;

interface transcoder {
  use wasi:io/streams@0.2.0.{input-stream};
  enum error-code { bad-input }
  open: func(name: string) -> tuple<stream<u8>, future<result<_, error-code>>>;
  // wasi-migrate(review): \`feed\` borrows its \`input-stream\` (\`src\`): the caller kept the stream and could read on after the call (the next message, say), but a \`stream<u8>\` is handed over for good and what the callee leaves unread is lost; if the caller reads on, port it by hand, or mark it decided
  feed: func(src: stream<u8>) -> u64;
}
`,
      reviews: ['`feed` borrows its `input-stream` (`src`)'],
    },
    {
      name: 'plain input-stream with the interface error-code',
      before: `package my:codec@0.1.0;

interface source {
  use wasi:io/streams@0.2.0.{input-stream};
  use types.{error-code};
  get: func() -> input-stream;
}

interface types {
  enum error-code { io }
}
`,
      after: `package my:codec@0.1.0;

interface source {
  use wasi:io/streams@0.2.0.{input-stream};
  use types.{error-code};
  get: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
}

interface types {
  enum error-code { io }
}
`,
    },
    {
      name: 'no error type: error-context, reported; nested: reported',
      before: `package my:codec@0.1.0;

interface source {
  use wasi:io/streams@0.2.0.{input-stream as bytes};
  get: func() -> bytes;
  pair: func() -> tuple<bytes, bytes>;
}
`,
      after: `package my:codec@0.1.0;

interface source {
  use wasi:io/streams@0.2.0.{input-stream as bytes};
  // wasi-migrate(review): \`get\`: the stream's outcome uses \`error-context\` as the interface has no \`error-code\`; pick the error type
  get: func() -> tuple<stream<u8>, future<result<_, error-context>>>;
  // wasi-migrate(review): \`input-stream\` nested in \`pair\`: rewrite as \`stream<u8>\` plus a \`future<result<_, e>>\` outcome by hand
  pair: func() -> tuple<bytes, bytes>;
}
`,
      reviews: ['error-context', 'nested in `pair`'],
    },
    {
      // A world may \`use\` wasi:io itself and declare functions on it: they were left at 0.2 (with the
      // world's \`use\`, which kept deps/io), as only interfaces were read.
      name: 'a world\'s own functions: a parameter, a result, one beside an output-stream (reported)',
      before: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  enum error-code { denied }
  export digest: func(src: input-stream) -> list<u8>;
  import open: func(name: string) -> result<input-stream, error-code>;
  export copy: func(src: input-stream, dst: output-stream);
}
`,
      after: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  enum error-code { denied }
  export digest: func(src: stream<u8>) -> list<u8>;
  import open: func(name: string) -> tuple<stream<u8>, future<result<_, error-code>>>;
  // wasi-migrate(review): \`copy\` holds wasi:io 0.2 \`output-stream\` too, which no rule ports there: its \`input-stream\` stays 0.2 (0.2 and 0.3 never mix in one signature); port it by hand
  export copy: func(src: input-stream, dst: output-stream);
}
`,
      reviews: ['`copy` holds wasi:io 0.2 `output-stream`'],
    },
    {
      // A world's own function with no \`error-code\` beside it: the note said "as the interface has no
      // \`error-code\`", about a world.
      name: "a world's own function with no `error-code` in the world: the note speaks of the world",
      before: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{input-stream};
  import source: func() -> input-stream;
}
`,
      after: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{input-stream};
  // wasi-migrate(review): \`source\`: the stream's outcome uses \`error-context\` as the world has no \`error-code\`; pick the error type
  import source: func() -> tuple<stream<u8>, future<result<_, error-context>>>;
}
`,
      reviews: ['as the world has no `error-code`'],
    },
    {
      name: 'nested in a parameter, a record field and a variant case: stream<u8>',
      before: `package my:run@0.1.0;

interface runner {
  use wasi:io/streams@0.2.0.{input-stream};
  record job { name: string, input: option<input-stream> }
  variant source { none, bytes(input-stream) }
  invoke: func(stdin: option<input-stream>) -> result<_, string>;
  batch: func(inputs: list<tuple<string, input-stream>>);
}
`,
      after: `package my:run@0.1.0;

interface runner {
  use wasi:io/streams@0.2.0.{input-stream};
  record job { name: string, input: option<stream<u8>> }
  variant source { none, bytes(stream<u8>) }
  invoke: func(stdin: option<stream<u8>>) -> result<_, string>;
  batch: func(inputs: list<tuple<string, stream<u8>>>);
}
`,
    },
    {
      // WIT probe p9 (helper-114): a record held in a result lost its read's outcome with no note, and --check passed.
      name: 'a record holding an input-stream that reaches a caller in a result (directly or through another type): stream<u8>, reported',
      before: `package acme:dl@0.1.0;

interface dl {
  use wasi:io/streams@0.2.3.{input-stream};
  record download { name: string, body: input-stream }
  record batch { items: list<download> }
  record upload { name: string, body: input-stream }
  start: func(url: string) -> result<batch, string>;
  send: func(up: upload) -> result<_, string>;
}
`,
      after: `package acme:dl@0.1.0;

interface dl {
  use wasi:io/streams@0.2.3.{input-stream};
  // wasi-migrate(review): \`download\` holds an \`input-stream\` and reaches the caller in \`start\`'s result: as \`stream<u8>\` the read's error has nowhere to go; add a \`future<result<_, e>>\` outcome beside it by hand (as 0.3's own results do), or mark it decided
  record download { name: string, body: stream<u8> }
  record batch { items: list<download> }
  record upload { name: string, body: stream<u8> }
  start: func(url: string) -> result<batch, string>;
  send: func(up: upload) -> result<_, string>;
}
`,
      reviews: ["`download` holds an `input-stream` and reaches the caller in `start`'s result"],
    },
    {
      name: 're-exported by a local interface under another name',
      before: `package my:codec@0.1.0;

interface io-types {
  use wasi:io/streams@0.2.3.{input-stream};
}

interface source {
  use io-types.{input-stream as bytes};
  enum error-code { gone }
  open: func() -> result<bytes, error-code>;
  feed: func(src: borrow<bytes>) -> u64;
}
`,
      after: `package my:codec@0.1.0;

interface io-types {
  use wasi:io/streams@0.2.3.{input-stream};
}

interface source {
  use io-types.{input-stream as bytes};
  enum error-code { gone }
  open: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
  // wasi-migrate(review): \`feed\` borrows its \`input-stream\` (\`src\`): the caller kept the stream and could read on after the call (the next message, say), but a \`stream<u8>\` is handed over for good and what the callee leaves unread is lost; if the caller reads on, port it by hand, or mark it decided
  feed: func(src: stream<u8>) -> u64;
}
`,
      reviews: ['`feed` borrows its `input-stream` (`src`)'],
    },
    {
      name: 'taken from another WASI package that re-exports it (resolved against the official WIT)',
      before: `package my:codec@0.1.0;

interface reader {
  use wasi:filesystem/types@0.2.3.{input-stream, error-code};
  open: func(path: string) -> result<input-stream, error-code>;
}
`,
      after: `package my:codec@0.1.0;

interface reader {
  use wasi:filesystem/types@0.2.3.{input-stream, error-code};
  open: func(path: string) -> tuple<stream<u8>, future<result<_, error-code>>>;
}
`,
    },
    {
      name: "an item that also holds a 0.2 output-stream keeps its input-stream (reported); one without ports",
      before: `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  enum error-code { failed }
  record job { input: option<input-stream>, out: output-stream }
  pipe: func(src: borrow<input-stream>, echo: borrow<output-stream>) -> result<u64, error-code>;
  feed: func(src: option<input-stream>) -> result<u64, error-code>;
}
`,
      after: `package my:jobs@0.1.0;

interface jobs {
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  enum error-code { failed }
  // wasi-migrate(review): \`job\` holds wasi:io 0.2 \`output-stream\` too, which no rule ports there: its \`input-stream\` stays 0.2 (0.2 and 0.3 never mix in one signature); port it by hand
  record job { input: option<input-stream>, out: output-stream }
  // wasi-migrate(review): \`pipe\` holds wasi:io 0.2 \`output-stream\` too, which no rule ports there: its \`input-stream\` stays 0.2 (0.2 and 0.3 never mix in one signature); port it by hand
  pipe: func(src: borrow<input-stream>, echo: borrow<output-stream>) -> result<u64, error-code>;
  feed: func(src: option<stream<u8>>) -> result<u64, error-code>;
}
`,
      reviews: ["`pipe` holds wasi:io 0.2 `output-stream` too", "`job` holds wasi:io 0.2 `output-stream` too"],
    },
    {
      name: "nested in a type alias: stream<u8>",
      before: `package my:run@0.1.0;

interface runner {
  use wasi:io/streams@0.2.12.{input-stream};
  type maybe-input = option<input-stream>;
  invoke: func(stdin: maybe-input) -> result<_, string>;
}
`,
      after: `package my:run@0.1.0;

interface runner {
  use wasi:io/streams@0.2.12.{input-stream};
  type maybe-input = option<stream<u8>>;
  invoke: func(stdin: maybe-input) -> result<_, string>;
}
`,
    },
  ],
};
export default rule;

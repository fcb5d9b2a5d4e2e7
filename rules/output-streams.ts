import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { errorType, funcGroups, funcTypes, hasType, ioLocals, ioNames, localsOf, ioNamesIn, isDecided, itemTypes, mentionOf, namesOneOf, openParen, reviewer, scopes, src, walkType, worlds, worldIoNames } from './util.js';

const docs = `
A WASI 0.2 function that returned an \`output-stream\` handed the caller a
sink to push bytes into (\`check-write\`, \`write\`, \`flush\`). In 0.3 the
direction flips: the caller passes the bytes as \`data: stream<u8>\` and gets
back \`future<result<_, e>>\` telling how the write ended (wasi:filesystem
\`write-via-stream\`, wasi:cli \`stdout\`).

- \`f(args) -> output-stream\` / \`-> result<output-stream, e>\` becomes
  \`f(data: stream<u8>, args) -> future<result<_, e>>\`; \`e\` is the result's
  error type, else the interface's \`error-code\`, else \`error-context\`
  (reported). A \`result<output-stream>\` with no error type (a body
  written at most once) is reported too: its failure is now an \`e\`,
  which may not say it.
- Not touched, reported: a function that already has a parameter named
  \`data\`, an \`output-stream\` parameter (in 0.3 that function would return
  a \`stream<u8>\` instead: a redesign), and an \`output-stream\` nested in
  another type.
- Not touched, reported: a function whose signature holds another wasi:io
  name (an \`input-stream\` parameter rule 4 kept, a \`pollable\`): 0.2 and
  0.3 never mix in one signature.

A world's own functions (\`export f: func() -> output-stream\`) are ported
the same way when the world \`use\`s \`output-stream\` from wasi:io itself,
or through a file-level \`use\` of wasi:io's interface in its file
(\`use wasi:io/streams@0.2.12 as s;\`, then \`use s.{output-stream};\`).

The stream is recognised under any name it arrives by when the package
resolves: a local interface's re-export, another package that re-exports
it, a \`type\` alias.
`;

const messages = {
  hasDataParam: '`{{func}}` returns an `output-stream` but already has a `data` parameter: add the `stream<u8>` parameter by hand',
  errorContext: '`{{func}}`: the write\'s outcome uses `error-context` as the {{scope}} has no `error-code`; pick the error type',
  bareError: '`{{func}}` returned `result<output-stream>`, whose bare error said only that the call failed (the body already written, say): that failure is now the outcome future\'s `{{e}}`; check `{{e}}` can say it, or keep a `result<...>` around the future',
  notPlainResult: '`output-stream` used in `{{item}}` outside a plain result: in 0.3 the writer passes `data: stream<u8>`; rewrite by hand',
  heldBesideIo: '`{{item}}` holds wasi:io 0.2 `{{io}}` too, which no rule ports there: its `output-stream` result stays 0.2 (0.2 and 0.3 never mix in one signature); port it by hand',
} as const;
const { review } = reviewer(messages);

export function outputStreams(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    const os = ioLocals(ctx, scope, 'streams', 'output-stream');
    if (!os.size) continue;
    const own = errorType(scope.items);
    const isOs = (t: S.Type | undefined) => namesOneOf(t, os);
    const handled = new Set<S.Type>();
    // Every other wasi:io name but wasi:io's error (rule 7 ports it): one beside the output-stream keeps it 0.2.
    const others = new Set(ioNamesIn(ctx, scope).filter((n) => n.iface !== 'error').map((n) => n.local));
    for (const group of funcGroups(scope)) {
      for (const fr of group.funcs) portFunc(f, group.resource ? `${group.resource.name.name}.${fr.name.name}` : fr.name.name, fr.name.name, fr.func, fr.item, os, own, others, handled, 'interface');
    }
    for (const it of scope.items) {
      if (it.kind === 'type' && it.def === 'alias' && os.has(it.name.name)) continue; // another name for it, not a use
      // On a resource, the method that holds it: one note per method, where the hand edit goes.
      if (it.kind === 'type' && it.def === 'resource') {
        if (isDecided(f, it)) continue;
        for (const m of it.funcs) {
          if (hasType(funcTypes(m.func), (t) => isOs(t) && !handled.has(t))) reviews.push(review(f, m, 'notPlainResult', { item: `${it.name.name}.${m.name.name}` }));
        }
        continue;
      }
      const nested: S.Type[] = [];
      for (const root of itemTypes(it)) walkType(root, (t) => { if (isOs(t) && !handled.has(t)) nested.push(t); });
      if (nested.length) {
        reviews.push(review(f, it, 'notPlainResult', { item: it.kind === 'use' ? 'use' : it.name.name }));
      }
    }
  }
  // A world's own functions (`export f: func() -> output-stream`), with the wasi:io names the world itself `use`s.
  for (const { file: f, world } of worlds(ctx.files)) {
    const io = worldIoNames(f, world);
    const os = localsOf(io, 'streams', 'output-stream');
    if (!os.size) continue;
    const own = errorType(world.items.filter((it): it is S.TypeDef => it.kind === 'type'));
    const others = new Set(io.filter((n) => n.iface !== 'error').map((n) => n.local));
    const handled = new Set<S.Type>();
    for (const it of world.items) {
      // A function the team decided to keep is left as written, as in an interface (util.ts decidedNodes).
      if ((it.kind !== 'import' && it.kind !== 'export') || it.extern.kind !== 'func' || isDecided(f, it)) continue;
      const { name, func } = it.extern;
      portFunc(f, name.name, name.name, func, it, os, own, others, handled, 'world');
      if (hasType(funcTypes(func), (t) => namesOneOf(t, os) && !handled.has(t))) {
        reviews.push(review(f, it, 'notPlainResult', { item: name.name }));
      }
    }
  }
  return { edits, reviews };

  /**
   * Ports a function returning an \`output-stream\` (plain or as a result's ok type). It stays 0.2, reported, when
   * its signature holds another wasi:io name (\`others\`, the output-stream included) besides that result: an
   * \`input-stream\` rule 4 kept, a \`pollable\`, an \`output-stream\` parameter; 0.2 and 0.3 never mix in one signature.
   */
  function portFunc(f: WitFile, label: string, name: string, func: S.Func, node: { span: S.Span; docs?: S.Docs }, os: ReadonlySet<string>, own: string | undefined, others: ReadonlySet<string>, handled: Set<S.Type>, scope: 'interface' | 'world'): void {
    const isOs = (t: S.Type | undefined) => namesOneOf(t, os);
    const r = func.result;
    if (!r) return;
    let err: string | undefined;
    if (isOs(r)) { /* plain */ } else if (r.kind === 'result' && isOs(r.ok)) {
      handled.add(r.ok!);
      if (r.err) err = src(f, r.err.span);
    } else return;
    handled.add(r);
    const other = mentionOf([...func.params.map((p) => p.type), ...(r.kind === 'result' && r.err ? [r.err] : [])], others);
    if (other) {
      reviews.push(review(f, node, 'heldBesideIo', { item: label, io: other }));
      return;
    }
    if (func.params.some((p) => p.name.name === 'data')) {
      reviews.push(review(f, node, 'hasDataParam', { func: name }));
      return;
    }
    const e = err ?? own ?? 'error-context';
    if (!err && !own) reviews.push(review(f, node, 'errorContext', { func: name, scope }));
    // \`result<output-stream>\`: the failure had no error to say what it was; it has one now, maybe one that cannot say it.
    else if (r.kind === 'result' && !r.err) reviews.push(review(f, node, 'bareError', { func: name, e }));
    const note = 'output-stream result flips to a data: stream<u8> parameter and a future outcome';
    const open = openParen(f, func);
    if (func.params.length === 0) {
      edits.push({ file: f.path, span: { start: open + 1, end: open + 1 }, text: 'data: stream<u8>', note });
    } else {
      const first = func.params[0]!;
      const at = first.docs.span?.start ?? first.span.start;
      const gap = f.text.slice(open + 1, at);
      edits.push({ file: f.path, span: { start: at, end: at }, text: `data: stream<u8>,${gap.includes('\n') ? gap.slice(gap.lastIndexOf('\n')) : ' '}`, note });
    }
    edits.push({ file: f.path, span: r.span, text: `future<result<_, ${e}>>`, note });
  }
}

const rule: Rule = {
  id: 'output-streams',
  number: 5,
  summary: 'a function returning an output-stream takes `data: stream<u8>` and returns future<result<_, e>>',
  docs,
  messages,
  kind: 'mechanical',
  apply: outputStreams,
  cases: [
    {
      name: 'result<output-stream, e> with parameters on several lines',
      before: `package my:codec@0.1.0;

interface sink {
  use wasi:io/streams@0.2.0.{output-stream};
  enum error-code { full }
  write-via-stream: func(
    offset: u64,
  ) -> result<output-stream, error-code>;
  append: func() -> result<output-stream, error-code>;
}
`,
      after: `package my:codec@0.1.0;

interface sink {
  use wasi:io/streams@0.2.0.{output-stream};
  enum error-code { full }
  write-via-stream: func(
    data: stream<u8>,
    offset: u64,
  ) -> future<result<_, error-code>>;
  append: func(data: stream<u8>) -> future<result<_, error-code>>;
}
`,
    },
    {
      name: 'the interface\'s own `type error = string` is the outcome type',
      before: `package my:blob@0.1.0;

interface types {
  use wasi:io/streams@0.2.2.{output-stream};
  type error = string;
  resource outgoing-value {
    write-body: func() -> result<output-stream>;
  }
}
`,
      after: `package my:blob@0.1.0;

interface types {
  use wasi:io/streams@0.2.2.{output-stream};
  type error = string;
  resource outgoing-value {
    // wasi-migrate(review): \`write-body\` returned \`result<output-stream>\`, whose bare error said only that the call failed (the body already written, say): that failure is now the outcome future's \`error\`; check \`error\` can say it, or keep a \`result<...>\` around the future
    write-body: func(data: stream<u8>) -> future<result<_, error>>;
  }
}
`,
      reviews: ['`write-body` returned `result<output-stream>`, whose bare error said only that the call failed'],
    },
    {
      // An MCP server kit's sessions (/tmp/s45/wprobe7/wasmcp-server): the note named the resource \`session\` and
      // stood above it, nine methods away from \`elicit\`, the one that takes the stream.
      name: 'an output-stream parameter of a resource method: the note names the method and stands above it',
      before: `package my:mcp@0.1.0;

interface sessions {
  use wasi:io/streams@0.2.3.{output-stream};
  resource session {
    id: func() -> string;
    /// Sends the request on the client's stream.
    elicit: func(client: borrow<output-stream>, request: string) -> result<_, string>;
  }
}
`,
      after: `package my:mcp@0.1.0;

interface sessions {
  use wasi:io/streams@0.2.3.{output-stream};
  resource session {
    id: func() -> string;
    // wasi-migrate(review): \`output-stream\` used in \`session.elicit\` outside a plain result: in 0.3 the writer passes \`data: stream<u8>\`; rewrite by hand
    /// Sends the request on the client's stream.
    elicit: func(client: borrow<output-stream>, request: string) -> result<_, string>;
  }
}
`,
      reviews: ['used in `session.elicit` outside a plain result'],
    },
    {
      name: 'plain output-stream on a resource, error-context reported',
      before: `package my:log@0.1.0;

interface logger {
  use wasi:io/streams@0.2.0.{output-stream};
  resource channel {
    open: func(level: u8) -> output-stream;
  }
}
`,
      after: `package my:log@0.1.0;

interface logger {
  use wasi:io/streams@0.2.0.{output-stream};
  resource channel {
    // wasi-migrate(review): \`open\`: the write's outcome uses \`error-context\` as the interface has no \`error-code\`; pick the error type
    open: func(data: stream<u8>, level: u8) -> future<result<_, error-context>>;
  }
}
`,
      reviews: ['error-context'],
    },
    {
      // Rule 4 keeps an input-stream beside an output-stream (and anything beside a pollable) at 0.2; this rule
      // ported the output-stream result anyway: \`pipe\` mixed \`data: stream<u8>\` with the 0.2 \`input-stream\`
      // (a second run then ported that too: not idempotent), \`sink-for\` with a \`pollable\`.
      name: 'a signature that holds another wasi:io name stays 0.2, reported',
      before: `package my:mix@0.1.0;

interface api {
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { denied }
  pipe: func(src: input-stream) -> result<output-stream, error-code>;
  sink-for: func(p: borrow<pollable>) -> result<output-stream, error-code>;
}
`,
      reviews: ['`pipe` holds wasi:io 0.2 `input-stream`', '`sink-for` holds wasi:io 0.2 `pollable`'],
    },
    {
      // A world may \`use\` wasi:io itself and declare functions on it: they were left at 0.2 (with the world's
      // \`use\`, which kept deps/io), as only interfaces were read.
      name: "a world's own functions: a result, a plain one, a parameter (reported)",
      before: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{output-stream};
  enum error-code { full }
  export open-log: func(name: string) -> result<output-stream, string>;
  import sink: func() -> output-stream;
  import dump: func(to: borrow<output-stream>);
}
`,
      after: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{output-stream};
  enum error-code { full }
  export open-log: func(data: stream<u8>, name: string) -> future<result<_, string>>;
  import sink: func(data: stream<u8>) -> future<result<_, error-code>>;
  // wasi-migrate(review): \`output-stream\` used in \`dump\` outside a plain result: in 0.3 the writer passes \`data: stream<u8>\`; rewrite by hand
  import dump: func(to: borrow<output-stream>);
}
`,
      reviews: ['outside a plain result'],
    },
    {
      // A world's own function with no \`error-code\` beside it: the note said "as the interface has no
      // \`error-code\`", about a world.
      name: "a world's own function with no `error-code` in the world: the note speaks of the world",
      before: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{output-stream};
  import sink: func() -> output-stream;
}
`,
      after: `package my:guest@0.1.0;

world guest {
  use wasi:io/streams@0.2.0.{output-stream};
  // wasi-migrate(review): \`sink\`: the write's outcome uses \`error-context\` as the world has no \`error-code\`; pick the error type
  import sink: func(data: stream<u8>) -> future<result<_, error-context>>;
}
`,
      reviews: ['as the world has no `error-code`'],
    },
    {
      // /tmp/s40/wprobe/topuse-io-world: the world took \`output-stream\` through a file-level alias of wasi:io's
      // interface (\`use wasi:io/streams@0.2.12 as io-streams;\`, then \`use io-streams.{output-stream};\`); only a
      // world's direct \`use wasi:io/...\` was read, so its function stayed 0.2, reported only at the file-level use.
      name: "a world's own function reaching `output-stream` through a file-level alias is ported as through a direct use",
      before: `package my:app@0.1.0;

use wasi:io/streams@0.2.12 as io-streams;

world app {
  use io-streams.{output-stream};
  enum error-code { full }
  import log-sink: func() -> output-stream;
}
`,
      after: `package my:app@0.1.0;

use wasi:io/streams@0.2.12 as io-streams;

world app {
  use io-streams.{output-stream};
  enum error-code { full }
  import log-sink: func(data: stream<u8>) -> future<result<_, error-code>>;
}
`,
    },
    {
      name: 'output-stream parameter: reported',
      before: `package my:log@0.1.0;

interface logger {
  use wasi:io/streams@0.2.0.{output-stream};
  dump: func(to: borrow<output-stream>);
}
`,
      reviews: ['outside a plain result'],
    },
    {
      name: 'through a type alias',
      before: `package my:log@0.1.0;

interface sink {
  use wasi:io/streams@0.2.3.{output-stream};
  type writer = output-stream;
  enum error-code { full }
  append: func() -> result<writer, error-code>;
}
`,
      after: `package my:log@0.1.0;

interface sink {
  use wasi:io/streams@0.2.3.{output-stream};
  type writer = output-stream;
  enum error-code { full }
  append: func(data: stream<u8>) -> future<result<_, error-code>>;
}
`,
    },
    {
      name: "an error type `use`d from another interface of the package is the outcome type",
      before: `package my:store@0.1.0;

interface types {
  variant error { denied, other(string) }
}

interface blobs {
  use wasi:io/streams@0.2.12.{output-stream};
  use types.{error};
  resource blob {
    writer: func() -> output-stream;
  }
}
`,
      after: `package my:store@0.1.0;

interface types {
  variant error { denied, other(string) }
}

interface blobs {
  use wasi:io/streams@0.2.12.{output-stream};
  use types.{error};
  resource blob {
    writer: func(data: stream<u8>) -> future<result<_, error>>;
  }
}
`,
    },
    {
      name: 'a writer that already takes `data`: reported, left alone',
      before: `package my:log@0.1.0;

interface sink {
  use wasi:io/streams@0.2.0.{output-stream};
  enum error-code { closed }
  append: func(name: string, data: list<u8>) -> result<output-stream, error-code>;
}
`,
      after: `package my:log@0.1.0;

interface sink {
  use wasi:io/streams@0.2.0.{output-stream};
  enum error-code { closed }
  // wasi-migrate(review): \`append\` returns an \`output-stream\` but already has a \`data\` parameter: add the \`stream<u8>\` parameter by hand
  append: func(name: string, data: list<u8>) -> result<output-stream, error-code>;
}
`,
      reviews: ['already has a `data` parameter'],
    },
  ],
};
export default rule;

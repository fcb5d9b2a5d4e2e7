import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { funcKeyword, hasType, ioLocals, ioNamesIn, funcTypes, mentionOf, resourceFuncs, resources, reviewer, scopes, src, walkType, writtenThisRun, type FuncRef } from './util.js';

const docs = `
WASI 0.2 had one way to avoid blocking the caller: a pollable (\`subscribe\`,
\`start-x\`/\`finish-x\` pairs, \`blocking-x\` twins). A resource that does I/O
(it hands out byte streams of its data) but has none of that machinery did
its other fallible operations synchronously: they blocked the whole
component (wasi:filesystem's \`descriptor\` is the known case). In 0.3 an
operation that can block is an \`async func\`, so the runtime can suspend the
caller instead of the component.

Applies to a resource that, after the stream rules ran:
- has a method whose signature carries a \`stream<...>\` one of them made
  of a 0.2 \`input-stream\` or \`output-stream\` (a read or write accessor,
  like \`read-via-stream\`; a \`stream\` the package already had is its own
  0.3 design, which kept its other methods sync), and
- has no \`async\` method, no method returning a \`pollable\`, and no
  \`start-\`/\`finish-\`/\`blocking-\` method (those mark an API that already
  made blocking explicit, whose other methods are non-blocking).

Then each of its methods and static functions that is not a stream
accessor and returns \`result<_, e>\` with the same error type \`e\` its
streams report in their outcome futures becomes an \`async func\`:
failing with the I/O error type is what shows it does I/O. Constructors and
infallible methods are left alone, and so (reported) is one whose signature
still holds a wasi:io 0.2 resource. This is a judgement from the shape, so
the resource gets one review marker listing what changed.
`;

const messages = {
  madeAsync: '`{{resource}}` does I/O (it hands out streams) and had no non-blocking forms, so its fallible operations blocked: made async: {{funcs}}; keep `func` for any that never waits',
  keptFor02: '`{{resource}}` does I/O with no non-blocking forms, but {{funcs}} still {{hold}} a wasi:io 0.2 resource: left `func` (an `async func` with a 0.2 resource would mix 0.2 and 0.3); port by hand',
} as const;
const { review } = reviewer(messages);

const STREAM = /\bstream</;

/** The error types of the `future<result<_, e>>` outcomes in a signature. */
function outcomeErrors(f: WitFile, func: S.Func): string[] {
  const out: string[] = [];
  for (const root of funcTypes(func)) {
    walkType(root, (t) => {
      if (t.kind === 'future' && t.type?.kind === 'result' && t.type.err) out.push(src(f, t.type.err.span).replace(/\s+/g, ''));
    });
  }
  return out;
}

function explicitlyNonBlocking(funcs: readonly FuncRef[], pollable: (t: S.Type) => boolean): boolean {
  return funcs.some((fr) => fr.func.async || /^(start|finish|blocking)-/.test(fr.name.name) || (fr.func.result !== undefined && pollable(fr.func.result)));
}

export function blockingHandles(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    // Any use of wasi:io's pollable (under any local name) or a `subscribe` method counts as readiness machinery.
    const pollableNames = new Set<string>();
    for (const it of scope.items) if (it.kind === 'use') for (const n of it.names) if (n.name.name === 'pollable') pollableNames.add((n.as ?? n.name).name);
    for (const n of ioLocals(ctx, scope, 'poll', 'pollable')) pollableNames.add(n);
    const isPollable = (t: S.Type) => (t.kind === 'name' || t.kind === 'own') && pollableNames.has(t.name.name);
    // The scope reads or writes bytes through wasi:io streams (a blob store's container, beside its object bodies).
    const byteIo = ioNamesIn(ctx, scope).some((n) => n.iface === 'streams');
    for (const res of resources(scope.items)) {
      const funcs = resourceFuncs(res);
      // Streams the stream rules made in this run: `stream<u8>` of 0.2 input/output-streams, and the `stream<t>` rule
      // 11 made of a hand-rolled sequence where the scope does byte I/O too (a blob store's object listing). A
      // `stream` the package already had is its own 0.3 design, whose other methods it chose to keep sync, and a
      // sequence in a scope with no byte I/O (a Prolog engine's query results) says nothing of I/O.
      const ported = (fr: FuncRef) => hasType(funcTypes(fr.func), (t) => t.kind === 'stream' && (byteIo || (t.type?.kind === 'primitive' && t.type.name === 'u8')) && writtenThisRun(ctx, f.path, t.span));
      const accessors = funcs.filter((fr) => fr.kind !== 'constructor' && STREAM.test(src(f, fr.func.span)) && ported(fr));
      if (!accessors.length || explicitlyNonBlocking(funcs, isPollable) || funcs.some((fr) => fr.name.name === 'subscribe')) continue;
      const errs = new Set(accessors.flatMap((fr) => outcomeErrors(f, fr.func)));
      if (!errs.size) continue;
      const changed: string[] = [];
      const kept02: string[] = [];
      // This rule runs after every stream rule: a wasi:io name still in a signature stays 0.2.
      const io = new Set(ioNamesIn(ctx, scope).map((n) => n.local));
      for (const fr of funcs) {
        // A `-sync` variant says it does not wait; nor does a constructor.
        if (fr.kind === 'constructor' || /-sync$/.test(fr.name.name) || accessors.includes(fr) || /\bfuture</.test(src(f, fr.func.span))) continue;
        const r = fr.func.result;
        if (r?.kind !== 'result' || !r.err || !errs.has(src(f, r.err.span).replace(/\s+/g, ''))) continue;
        const left = mentionOf(funcTypes(fr.func), io);
        if (left) {
          kept02.push(`\`${fr.name.name}\` (it holds \`${left}\`)`);
          continue;
        }
        const at = funcKeyword(f, fr.func);
        edits.push({ file: f.path, span: { start: at, end: at }, text: 'async ', note: `${res.name.name}.${fr.name.name} does I/O on a handle with no non-blocking form: async func` });
        changed.push(fr.name.name);
      }
      if (changed.length) {
        reviews.push(review(f, res, 'madeAsync', { resource: res.name.name, funcs: changed.map((n) => `\`${n}\``).join(', ') }));
      }
      if (kept02.length) {
        reviews.push(review(f, res, 'keptFor02', { resource: res.name.name, funcs: kept02.join(', '), hold: kept02.length > 1 ? 'hold' : 'holds' }));
      }
    }
  }
  return { edits, reviews };
}

const rule: Rule = {
  id: 'blocking-handles',
  number: 14,
  summary: 'fallible operations of an I/O resource with no non-blocking forms (it blocked) become async funcs',
  docs,
  messages,
  kind: 'needs-review',
  apply: blockingHandles,
  cases: [
    {
      name: 'a file handle: fallible operations become async, streams and infallible ones stay',
      with: [4],
      before: `package my:vfs@0.1.0;

interface files {
  use wasi:io/streams@0.2.12.{input-stream};
  variant error-code { not-found, io(string) }
  resource handle {
    constructor(path: string);
    read-via-stream: func(offset: u64) -> result<input-stream, error-code>;
    /// Size on disk.
    size: func() -> result<u64, error-code>;
    truncate: func(len: u64) -> result<_, error-code>;
    rename: static func(old: string, new: string) -> result<_, error-code>;
    name: func() -> string;
    parse-mode: func(s: string) -> result<u32, string>;
  }
}
`,
      after: `package my:vfs@0.1.0;

interface files {
  use wasi:io/streams@0.2.12.{input-stream};
  variant error-code { not-found, io(string) }
  // wasi-migrate(review): \`handle\` does I/O (it hands out streams) and had no non-blocking forms, so its fallible operations blocked: made async: \`size\`, \`truncate\`, \`rename\`; keep \`func\` for any that never waits
  resource handle {
    constructor(path: string);
    read-via-stream: func(offset: u64) -> tuple<stream<u8>, future<result<_, error-code>>>;
    /// Size on disk.
    size: async func() -> result<u64, error-code>;
    truncate: async func(len: u64) -> result<_, error-code>;
    rename: static async func(old: string, new: string) -> result<_, error-code>;
    name: func() -> string;
    parse-mode: func(s: string) -> result<u32, string>;
  }
}
`,
      reviews: ['`size`, `truncate`, `rename`'],
    },
    {
      name: 'a stream the package already had is its own 0.3 design: its sync methods stay, unreported',
      before: `package my:vfs@0.1.0;

interface files {
  variant error-code { not-found, io(string) }
  resource handle {
    constructor(path: string);
    read-via-stream: func(offset: u64) -> tuple<stream<u8>, future<result<_, error-code>>>;
    size: func() -> result<u64, error-code>;
  }
}
`,
    },
    {
      // wasi:blobstore's container (shared/corpus/thirdparty/wit/wasi-blobstore): rule 11 makes \`list-objects\` return a
      // \`stream<object-name>\`, in an interface that moves object bodies through wasi:io streams; a remote store's
      // container blocked on every call, and wasmCloud's own 0.3 port of it made them all async.
      name: 'a stream rule 11 made of a sequence, in a scope with wasi:io streams: the resource does I/O',
      with: [11],
      before: `package my:blobs@0.1.0;

interface container {
  use wasi:io/streams@0.2.2.{input-stream, output-stream};
  resource container {
    name: func() -> result<string, string>;
    list-objects: func() -> result<stream-object-names, string>;
  }
  resource stream-object-names {
    read-stream-object-names: func(len: u64) -> result<tuple<list<string>, bool>, string>;
  }
}
`,
      after: `package my:blobs@0.1.0;

interface container {
  use wasi:io/streams@0.2.2.{input-stream, output-stream};
  // wasi-migrate(review): \`container\` does I/O (it hands out streams) and had no non-blocking forms, so its fallible operations blocked: made async: \`name\`; keep \`func\` for any that never waits
  resource container {
    name: async func() -> result<string, string>;
    list-objects: func() -> tuple<stream<string>, future<result<_, string>>>;
  }
}
`,
      reviews: ['`container` does I/O'],
    },
    {
      // A Prolog engine's query handle (/tmp/s44/wprobe5/scryer-prolog): rule 11 made `run-query` return a
      // `stream<solution>`, and this rule took that for byte I/O: `consult` was made async, reported as a handle that
      // "does I/O (it hands out streams)" and blocked, which the engine never did.
      name: 'a stream rule 11 made of a sequence is no I/O: the resource that returns it keeps its funcs',
      with: [11],
      before: `package my:prolog@0.1.0;

interface core {
  use wasi:filesystem/types@0.2.12.{descriptor};
  resource machine {
    constructor();
    consult: func(program: string) -> result<_, string>;
    consult-file: func(file: borrow<descriptor>) -> result<_, string>;
    run-query: func(query: string) -> result<query-state, string>;
  }
  resource query-state {
    next: func() -> result<option<string>, string>;
  }
}
`,
      after: `package my:prolog@0.1.0;

interface core {
  use wasi:filesystem/types@0.2.12.{descriptor};
  resource machine {
    constructor();
    consult: func(program: string) -> result<_, string>;
    consult-file: func(file: borrow<descriptor>) -> result<_, string>;
    run-query: func(query: string) -> tuple<stream<string>, future<result<_, string>>>;
  }
}
`,
    },
    {
      name: 'a `-sync` variant says it does not wait: it keeps `func` (blobstore incoming-value)',
      with: [4],
      before: `package my:blob@0.1.0;

interface types {
  use wasi:io/streams@0.2.12.{input-stream};
  type error = string;
  resource incoming-value {
    consume-sync: static func(this: incoming-value) -> result<list<u8>, error>;
    consume-async: static func(this: incoming-value) -> result<input-stream, error>;
    size: func() -> u64;
  }
}
`,
    },
    {
      name: 'a socket that already made blocking explicit (async connect) keeps its other methods',
      with: [4],
      before: `package my:net@0.1.0;

interface sockets {
  use wasi:io/streams@0.2.12.{input-stream};
  enum error-code { refused }
  resource conn {
    connect: async func(host: string) -> result<_, error-code>;
    receive: func() -> result<input-stream, error-code>;
    set-nodelay: func(on: bool) -> result<_, error-code>;
  }
}
`,
    },
    {
      name: 'a resource without streams is left alone',
      before: `package my:db@0.1.0;

interface api {
  enum error-code { gone }
  resource row {
    get: func(col: u32) -> result<string, error-code>;
  }
}
`,
    },
    {
      name: 'an operation holding a 0.2 stream keeps `func` (reported) while the others become async',
      with: [4],
      before: `package my:vfs@0.1.0;

interface files {
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  variant error-code { not-found, io(string) }
  resource handle {
    read-via-stream: func(offset: u64) -> result<input-stream, error-code>;
    size: func() -> result<u64, error-code>;
    copy-to: func(out: borrow<output-stream>) -> result<u64, error-code>;
  }
}
`,
      after: `package my:vfs@0.1.0;

interface files {
  use wasi:io/streams@0.2.12.{input-stream, output-stream};
  variant error-code { not-found, io(string) }
  // wasi-migrate(review): \`handle\` does I/O (it hands out streams) and had no non-blocking forms, so its fallible operations blocked: made async: \`size\`; keep \`func\` for any that never waits
  // wasi-migrate(review): \`handle\` does I/O with no non-blocking forms, but \`copy-to\` (it holds \`output-stream\`) still holds a wasi:io 0.2 resource: left \`func\` (an \`async func\` with a 0.2 resource would mix 0.2 and 0.3); port by hand
  resource handle {
    read-via-stream: func(offset: u64) -> tuple<stream<u8>, future<result<_, error-code>>>;
    size: async func() -> result<u64, error-code>;
    copy-to: func(out: borrow<output-stream>) -> result<u64, error-code>;
  }
}
`,
      reviews: ['made async: `size`', '`copy-to` (it holds `output-stream`)'],
    },
  ],
};
export default rule;

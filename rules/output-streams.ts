import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';
import { errorType, funcGroups, ioLocals, itemTypes, namesOneOf, openParen, reviewer, scopes, src, walkType } from './util.js';

const docs = `
A WASI 0.2 function that returned an \`output-stream\` handed the caller a
sink to push bytes into (\`check-write\`, \`write\`, \`flush\`). In 0.3 the
direction flips: the caller passes the bytes as \`data: stream<u8>\` and gets
back \`future<result<_, e>>\` telling how the write ended (wasi:filesystem
\`write-via-stream\`, wasi:cli \`stdout\`).

- \`f(args) -> output-stream\` / \`-> result<output-stream, e>\` becomes
  \`f(data: stream<u8>, args) -> future<result<_, e>>\`; \`e\` is the result's
  error type, else the interface's \`error-code\`, else \`error-context\`
  (reported).
- Not touched, reported: a function that already has a parameter named
  \`data\`, an \`output-stream\` parameter (in 0.3 that function would return
  a \`stream<u8>\` instead: a redesign), and an \`output-stream\` nested in
  another type.

The stream is recognised under any name it arrives by when the package
resolves: a local interface's re-export, another package that re-exports
it, a \`type\` alias.
`;

const messages = {
  hasDataParam: '`{{func}}` returns an `output-stream` but already has a `data` parameter: add the `stream<u8>` parameter by hand',
  errorContext: '`{{func}}`: the write\'s outcome uses `error-context` as the interface has no `error-code`; pick the error type',
  notPlainResult: '`output-stream` used in `{{item}}` outside a plain result: in 0.3 the writer passes `data: stream<u8>`; rewrite by hand',
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
    for (const group of funcGroups(scope)) {
      for (const fr of group.funcs) {
        const r = fr.func.result;
        if (!r) continue;
        let err: string | undefined;
        if (isOs(r)) { /* plain */ } else if (r.kind === 'result' && isOs(r.ok)) {
          handled.add(r.ok!);
          if (r.err) err = src(f, r.err.span);
        } else continue;
        handled.add(r);
        if (fr.func.params.some((p) => p.name.name === 'data')) {
          reviews.push(review(f, fr.item, 'hasDataParam', { func: fr.name.name }));
          continue;
        }
        const e = err ?? own ?? 'error-context';
        if (!err && !own) reviews.push(review(f, fr.item, 'errorContext', { func: fr.name.name }));
        const note = 'output-stream result flips to a data: stream<u8> parameter and a future outcome';
        const open = openParen(f, fr.func);
        if (fr.func.params.length === 0) {
          edits.push({ file: f.path, span: { start: open + 1, end: open + 1 }, text: 'data: stream<u8>', note });
        } else {
          const first = fr.func.params[0]!;
          const at = first.docs.span?.start ?? first.span.start;
          const gap = f.text.slice(open + 1, at);
          edits.push({ file: f.path, span: { start: at, end: at }, text: `data: stream<u8>,${gap.includes('\n') ? gap.slice(gap.lastIndexOf('\n')) : ' '}`, note });
        }
        edits.push({ file: f.path, span: r.span, text: `future<result<_, ${e}>>`, note });
      }
    }
    for (const it of scope.items) {
      if (it.kind === 'type' && it.def === 'alias' && os.has(it.name.name)) continue; // another name for it, not a use
      const nested: S.Type[] = [];
      for (const root of itemTypes(it)) walkType(root, (t) => { if (isOs(t) && !handled.has(t)) nested.push(t); });
      if (nested.length) {
        reviews.push(review(f, it, 'notPlainResult', { item: it.kind === 'use' ? 'use' : it.name.name }));
      }
    }
  }
  return { edits, reviews };
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
    write-body: func(data: stream<u8>) -> future<result<_, error>>;
  }
}
`,
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

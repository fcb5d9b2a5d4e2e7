import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { Rule, RuleContext, ReviewNote } from './types.js';
import { resources, reviewer, scopes } from './util.js';

const docs = `
Documentation follows the change. A doc comment of an item an earlier rule
changed that still names what the migration removed is marked for review:
the wasi:io 0.2 vocabulary (\`input-stream\`, \`output-stream\`,
\`pollable\`, \`subscribe\`), wasi:http's \`response-outparam\` and
\`future-incoming-response\` (gone from functions the references rule
ported to 0.3's \`handle\`/\`send\` shape), and \`start-x\`/\`finish-x\`/\`blocking-x\`
functions that are gone from the package ("drop it before \`finish\`",
"call \`finish-get\` once \`subscribe\` is ready"). Prose cannot be
rewritten safely, so the rule only says which words to update; docs of
items no rule touched are left alone.
`;

const messages = {
  staleNames: 'the doc comment still names {{names}}, which the migration removed: update it to the 0.3 form',
} as const;
const { review } = reviewer(messages);

/**
 * 0.2 words that name machinery 0.3 does not have: wasi:io's, and wasi:http's response out-parameter and
 * response future (the references rule ports the functions that held them, and runs before this one).
 */
const IO_WORDS = ['input-stream', 'output-stream', 'pollable', 'subscribe', 'response-outparam', 'future-incoming-response'];

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function docsFollow(ctx: RuleContext) {
  const reviews: ReviewNote[] = [];
  // Names still declared anywhere in the package (functions, methods, types).
  const declared = new Set<string>();
  for (const scope of scopes(ctx.files)) {
    for (const it of scope.items) if (it.kind === 'func' || it.kind === 'type') declared.add(it.name.name);
    for (const r of resources(scope.items)) for (const m of r.funcs) declared.add(m.name.name);
  }
  for (const scope of scopes(ctx.files)) {
    const f = scope.file;
    const changed = ctx.changed[f.path] ?? [];
    if (!changed.length) continue;
    const items: { node: { span: Span; docs: S.Docs }; docs: S.Docs }[] = [];
    for (const it of scope.items) if (it.kind === 'func' || it.kind === 'type') items.push({ node: it, docs: it.docs });
    for (const r of resources(scope.items)) for (const m of r.funcs) items.push({ node: m, docs: m.docs });
    for (const { node, docs: d } of items) {
      if (!d.comments.length || !changed.some((s) => overlaps(s, node.span))) continue;
      const text = d.comments.join('\n');
      const stale = new Set<string>();
      for (const w of IO_WORDS) if (!declared.has(w) && new RegExp(`(^|[^a-z0-9-])${w}([^a-z0-9-]|$)`).test(text)) stale.add(w);
      for (const m of text.matchAll(/(?:^|[^a-z0-9-])((?:start|finish|blocking)-[a-z][a-z0-9-]*)/g)) if (!declared.has(m[1]!)) stale.add(m[1]!);
      if (!stale.size) continue;
      reviews.push(review(f, node, 'staleNames', { names: [...stale].map((w) => `\`${w}\``).join(', ') }));
    }
  }
  return { edits: [], reviews };
}

const rule: Rule = {
  id: 'docs-follow',
  number: 16,
  summary: 'doc comments of changed items that name removed 0.2 machinery (output-stream, subscribe, finish-x) are marked for review',
  docs,
  messages,
  kind: 'needs-review',
  apply: docsFollow,
  cases: [
    {
      name: 'a folded pair whose docs still talk about finish-x and subscribe',
      with: [1],
      before: `package my:kv@0.1.0;

interface store {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { not-found }
  resource bucket {
    /// Begin a read; call \`finish-get\` once \`subscribe\` says it is ready.
    start-get: func(key: string) -> result<_, error-code>;
    finish-get: func() -> result<list<u8>, error-code>;
    subscribe: func() -> pollable;
    /// The bucket's name.
    name: func() -> string;
  }
}
`,
      after: `package my:kv@0.1.0;

interface store {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { not-found }
  resource bucket {
    // wasi-migrate(review): the doc comment still names \`subscribe\`, \`finish-get\`, which the migration removed: update it to the 0.3 form
    /// Begin a read; call \`finish-get\` once \`subscribe\` says it is ready.
    get: async func(key: string) -> result<list<u8>, error-code>;
    /// The bucket's name.
    name: func() -> string;
  }
}
`,
      reviews: ['`subscribe`, `finish-get`'],
    },
    {
      // A handler-shaped function and one returning future-incoming-response, ported by rule 8 (which ran after this
      // rule): their docs kept telling callers to \`set\` the \`response-outparam\` and to poll the future's
      // \`subscribe\` pollable, with no review.
      name: 'docs of functions the references rule ported to 0.3 http shapes are checked too',
      with: [8],
      before: `package my:app@0.1.0;

interface router {
  use wasi:http/types@0.2.12.{incoming-request, outgoing-request, response-outparam, future-incoming-response, error-code};

  /// The response is sent by calling \`response-outparam.set\` on \`response-out\`.
  route: func(prefix: string, request: incoming-request, response-out: response-outparam);

  /// Poll the returned \`future-incoming-response\` (its \`subscribe\` pollable) until \`get\` returns the response.
  forward: func(request: outgoing-request) -> result<future-incoming-response, error-code>;
}
`,
      after: `package my:app@0.1.0;

interface router {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  // wasi-migrate(review): \`outgoing-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as incoming-request, request as outgoing-request, error-code, response};

  // wasi-migrate(review): the doc comment still names \`response-outparam\`, which the migration removed: update it to the 0.3 form
  /// The response is sent by calling \`response-outparam.set\` on \`response-out\`.
  route: async func(prefix: string, request: incoming-request) -> result<response, error-code>;

  // wasi-migrate(review): the doc comment still names \`pollable\`, \`subscribe\`, \`future-incoming-response\`, which the migration removed: update it to the 0.3 form
  /// Poll the returned \`future-incoming-response\` (its \`subscribe\` pollable) until \`get\` returns the response.
  forward: async func(request: outgoing-request) -> result<response, error-code>;
}
`,
      reviews: ['still names `response-outparam`', 'still names `pollable`, `subscribe`, `future-incoming-response`'],
    },
    {
      name: 'docs of untouched items are left alone',
      before: `package my:log@0.1.0;

interface sink {
  /// Like a 0.2 \`output-stream\`, but for lines.
  write-line: func(line: string);
}
`,
    },
  ],
};
export default rule;

import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { Rule, RuleContext, ReviewNote } from './types.js';
import { stripComments } from '../src/wit/text-scan.js';
import { officialWitText } from '../src/wit/official.js';
import { ownItems, resources, reviewer, scopes } from './util.js';
import { once } from '../src/util/once.js';

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

Two more signs of a doc written for the 0.2 shape, on a changed function or
type: a parameter the doc lists (\`- \\\`response-out\\\`: ...\`) that the
function no longer takes, and the words of a 0.2 readiness \`option\`
(\`none\` in backticks, \`Ok(None)\` as a Rust binding spells it,
"returns none") on an item that holds no \`option\` any more, as docs moved
from a removed future resource's \`get\` to the \`future<...>\` that
replaced it do, and those of an iterator's \`next\` ("\`Ok(None)\` if the
stream has ended") moved to the function that now returns a \`stream\`.

A changed world or interface (or a changed \`import\`, \`export\` or
\`include\` line of a world, whose own doc is read the same way) whose doc
names a WASI interface or world that 0.3.0 does not have and the package's
code no longer names (\`wasi:http/proxy\`,
now \`wasi:http/service\`; any \`wasi:io/...\`, as 0.3 has no wasi:io) is
marked the same way.

And a changed function whose doc compares it with itself in a sentence
about blocking ("Except for blocking, behavior is identical to \`read\`" in
\`read\`'s doc): the docs of a \`blocking-x\` merged into \`x\`, written when
they were two functions.

A function the port made an \`async func\` whose doc still describes a 0.2
call that returns at once when nothing is there ("empty when none are
ready", "if no data is available", "would block", "non-blocking"): it waits
now. And a changed world or interface that names WASI 0.3.0 now, whose doc
still speaks of WASI at 0.2 in a sentence that does not name 0.3 ("wasi is
declared at 0.2.0 ... 0.2.x is semver-compatible").
`;

const messages = {
  staleNames: 'the doc comment still names {{names}}, which the migration removed: update it to the 0.3 form',
  staleParams: 'the doc comment still describes {{names}}, which `{{func}}` no longer takes: update it to the 0.3 form',
  staleOption: 'the doc comment still speaks of {{words}} (a 0.2 `option` result: nothing yet, or nothing more), but `{{item}}` holds no `option` now: update it to the 0.3 form',
  staleSelf: 'the doc comment compares `{{func}}` with itself ({{words}}), written when it was two functions: update it to the 0.3 form',
  stalePolling: 'the doc comment still describes a call that returns at once when nothing is there ({{words}}), but `{{func}}` is an `async func` now, which waits: update it to the 0.3 form',
  staleVersion: 'the doc comment still speaks of WASI at {{words}}, but `{{item}}` names WASI 0.3.0 now: update it to the 0.3 form',
} as const;
const { review } = reviewer(messages);

/**
 * 0.2 words that name machinery 0.3 does not have: wasi:io's, and wasi:http's response out-parameter and
 * response future (the references rule ports the functions that held them, and runs before this one).
 */
const IO_WORDS = ['input-stream', 'output-stream', 'pollable', 'subscribe', 'response-outparam', 'future-incoming-response'];

/** Each of IO_WORDS as a whole word, made once (the rule asks for every changed item with docs). */
const IO_WORD_RES = IO_WORDS.map((w) => [w, new RegExp(`(^|[^a-z0-9-])${w}([^a-z0-9-]|$)`)] as const);

/**
 * What a 0.2 function that does not wait says it does when nothing is there: "none are ready", "no data is
 * available", "is not yet ready", "would block" (\`would-block\`), "non-blocking", "without blocking".
 */
const NOT_WAITING = /\b(?:(?:none|nothing|no(?:\s+[a-z][a-z0-9-]*){1,3}?)\s+(?:is|are)\s+(?:yet\s+|currently\s+)?(?:ready|available)|(?:is|are)\s+not\s+(?:yet\s+)?ready|would[\s-]block|non-?blocking|without\s+blocking)\b/gi;

/** A doc's prose: its comments' text without the comment markers, on one line. */
function prose(d: S.Docs): string {
  return d.comments.map((c) => c.replace(/^\s*(?:\/\/\/?|\/\*\*?|\*(?!\/))?/, '').replace(/\*\/\s*$/, '')).join(' ').replace(/\s+/g, ' ').trim();
}

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
    const items: { node: { span: Span; docs: S.Docs }; docs: S.Docs; name: string; func?: S.Func }[] = [];
    for (const it of scope.items) if (it.kind === 'func' || it.kind === 'type') items.push({ node: it, docs: it.docs, name: it.name.name, ...(it.kind === 'func' ? { func: it.func } : {}) });
    for (const r of resources(scope.items)) for (const m of r.funcs) items.push({ node: m, docs: m.docs, name: m.kind === 'constructor' ? `${r.name.name}.constructor` : m.name.name, func: m.func });
    for (const { node, docs: d, name, func } of items) {
      if (!d.comments.length || !changed.some((s) => overlaps(s, node.span))) continue;
      const text = d.comments.join('\n');
      // Parameters the doc lists (\`- \\\`name\\\`: ...\`) that the changed function no longer takes (wasi:http's
      // \`response-out\` went with the handler's new shape).
      if (func) {
        // A list names parameters when one of its names is one the function takes (else it lists error cases,
        // fields...); a listed name still written in the file's code (a case, a field) is not gone either.
        const params = new Set(func.params.map((p) => p.name.name));
        const listed = [...new Set([...text.matchAll(/^[ \t/]*[-*][ \t]+`([a-z][a-z0-9-]*)`[ \t]*:/gm)].map((m) => m[1]!))];
        const code = listed.some((p) => params.has(p)) ? stripComments(f.text) : '';
        const gone = code ? listed.filter((p) => !params.has(p) && !declared.has(p) && !new RegExp(`(^|[^a-z0-9-])${p}([^a-z0-9-]|$)`).test(code)) : [];
        if (gone.length) reviews.push(review(f, node, 'staleParams', { names: gone.map((w) => `\`${w}\``).join(', '), func: name }));
        // A doc that compares the function with itself ("identical to \`read\`" in \`read\`'s doc): the docs of a twin
        // folded into it (\`blocking-read\`'s "Except for blocking, behavior is identical to \`read\`").
        // Only in a sentence about blocking: "equivalent to \`send\` in POSIX" (wasi:sockets' \`send\`) is not one.
        const like = new RegExp(`\\b(?:(?:identical|similar|equivalent)\\s+to|same\\s+as|like)\\s+\`${name}\``, 'i');
        // (Only a doc that says \`block\` somewhere is split into sentences.)
        const self = !/block/i.test(text) ? [] : text.replace(/\s+/g, ' ').split(/(?<=[.!?]) /).filter((x) => /\bblock/i.test(x)).flatMap((x) => like.exec(x)?.[0] ?? []);
        if (self.length) reviews.push(review(f, node, 'staleSelf', { func: name, words: [...new Set(self)].map((w) => `"${w}"`).join(', ') }));
      }
      // The word of a 0.2 readiness \`option\` (\`none\` until ready) on an item that holds no \`option\` any more: docs
      // moved from a removed future resource's \`get\` to the \`future<...>\` that replaced it. Only \`none\`: \`some\`
      // and \`option\` also speak of fields and parameters (udp's \`send\`: "\`remote-address\` is \`some\` value").
      const sig = f.text.slice(node.span.start, node.span.end).replace(/\/\/[^\n]*/g, '');
      let option = false;
      if (!/\boption\s*</.test(sig)) {
        const words = new Set<string>();
        // Also as a Rust binding spells it in a \`result\` (zed's "Returns \`Ok(None)\` if the stream has ended").
        for (const m of text.matchAll(/`(ok\(none\)|none)`|\b(?:return|returns|returning|returned)\s+(none)\b/gi)) {
          const w = m[1] ?? m[2]!;
          words.add(/^none$/i.test(w) ? 'none' : w);
        }
        if (words.size) reviews.push(review(f, node, 'staleOption', { words: [...words].map((w) => `\`${w}\``).join(', '), item: name }));
        option = words.size > 0;
      }
      // A function the port made \`async func\` (its \`async\` is the run's) whose doc still says what the 0.2 call did
      // when nothing was there ("empty when none are ready"): it waits now. A readiness \`option\` said so above.
      if (func?.async && !option && changed.some((s) => overlaps(s, { start: func.span.start, end: func.span.start + 'async'.length }))) {
        const words = [...new Set([...prose(d).matchAll(NOT_WAITING)].map((m) => m[0].toLowerCase()))];
        if (words.length) reviews.push(review(f, node, 'stalePolling', { words: words.map((w) => `"${w}"`).join(', '), func: name }));
      }
    }
    for (const { node, docs: d } of items) {
      if (!d.comments.length || !changed.some((s) => overlaps(s, node.span))) continue;
      const text = d.comments.join('\n');
      const stale = new Set<string>();
      for (const [w, re] of IO_WORD_RES) if (!declared.has(w) && re.test(text)) stale.add(w);
      for (const m of text.matchAll(/(?:^|[^a-z0-9-])((?:start|finish|blocking)-[a-z][a-z0-9-]*)/g)) if (!declared.has(m[1]!)) stale.add(m[1]!);
      if (!stale.size) continue;
      reviews.push(review(f, node, 'staleNames', { names: [...stale].map((w) => `\`${w}\``).join(', ') }));
    }
  }
  // A changed world or interface whose doc names a WASI interface or world 0.3.0 does not have (\`wasi:http/proxy\`,
  // which the references rule made \`wasi:http/service\`) and no code of the package names any more.
  // Both read only once some doc names a WASI item (most packages: never).
  const code = once(() => ctx.files.map((f) => stripComments(f.text)).join('\n'));
  // Whether that code names \`wasi:pkg/name\` as wit-parser reads a path: white space between its tokens, a name \`%\`-escaped.
  const codeNames = (pkg: string, name: string) => new RegExp(String.raw`\bwasi\s*:\s*%?${pkg}\s*\/\s*%?${name}(?![a-z0-9-])`).test(code());
  // The package's own interfaces and worlds, by the name its docs give them (\`wasi:http/imports\` in wasi:http itself).
  const own = once(() => new Set(ctx.files.flatMap((f) => {
    const p = f.file.package?.name;
    return p ? ownItems(f).filter((it) => it.kind === 'interface' || it.kind === 'world').map((it) => `${p.namespace.name}:${p.name.name}/${it.name.name}`) : [];
  })));
  for (const f of ctx.files) {
    const changed = ctx.changed[f.path] ?? [];
    if (!changed.length) continue;
    // A world's \`import\`, \`export\` and \`include\` lines carry docs of their own (\"requests that do not upgrade go to
    // \`wasi:http/incoming-handler#handle\`\" above \`include wasi:http/proxy@0.2.0;\`), read as the world's are.
    const items = ownItems(f).flatMap((it): (S.TopItem | S.WorldItem)[] => (it.kind === 'world' ? [it, ...it.items.filter((w) => w.kind === 'import' || w.kind === 'export' || w.kind === 'include')] : [it]));
    for (const it of items) {
      if ((it.kind !== 'interface' && it.kind !== 'world' && it.kind !== 'import' && it.kind !== 'export' && it.kind !== 'include') || !it.docs.comments.length || !changed.some((s) => overlaps(s, it.span))) continue;
      const refs = new Set([...it.docs.comments.join('\n').matchAll(/\bwasi:([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)/g)].map((m) => m[0]));
      const stale = [...refs].filter((ref) => {
        const [pkg, name] = ref.slice(5).split('/') as [string, string];
        // wasi:io has no 0.3.0 package at all: any of its interfaces is gone once the code no longer names it.
        if (pkg === 'io') return !codeNames(pkg, name);
        const official = officialWitText('0.3.0', pkg);
        return official !== undefined && !own().has(ref) && !new RegExp(`\\b(?:interface|world)\\s+${name}\\s*\\{`).test(official) && !codeNames(pkg, name);
      });
      if (stale.length) reviews.push(review(f, it, 'staleNames', { names: stale.map((w) => `\`${w}\``).join(', ') }));
    }
  }
  // A changed world or interface that names WASI 0.3.0 now and no WASI 0.2, whose doc still speaks of WASI at 0.2
  // ("wasi is declared at 0.2.0 ... 0.2.x is semver-compatible"), in a sentence that does not name 0.3.
  for (const f of ctx.files) {
    const changed = ctx.changed[f.path] ?? [];
    if (!changed.length) continue;
    for (const it of ownItems(f)) {
      if ((it.kind !== 'interface' && it.kind !== 'world') || !it.docs.comments.length || !changed.some((s) => overlaps(s, it.span))) continue;
      const body = stripComments(f.text.slice(it.span.start, it.span.end));
      if (!/\bwasi:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*@0\.3\.0\b/.test(body) || /\bwasi:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*@0\.2\./.test(body)) continue;
      const words = new Set<string>();
      for (const sentence of prose(it.docs).split(/(?<=[.!?])\s+/)) {
        if (!/\bwasi\b/i.test(sentence) || /(?<![\w.])v?0\.3\b/.test(sentence)) continue;
        for (const m of sentence.matchAll(/(?<![\w.])v?0\.2(?:\.(?:\d+|x|\*))?(?:-[0-9a-z]+(?:[.-][0-9a-z]+)*)?(?![\w.]*\d)/gi)) words.add(m[0]);
      }
      if (words.size) reviews.push(review(f, it, 'staleVersion', { words: [...words].map((w) => `\`${w}\``).join(', '), item: it.name.name }));
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
      // Spin's websocket handler (/tmp/s40/wprobe/spin-ws): the comments above it list its parameters, and still
      // described \`response-out\` once the references rule had removed it, with no review.
      name: 'a ported function whose doc lists a parameter it no longer takes',
      with: [8],
      before: `package my:ws@0.1.0;

interface inbound {
  use wasi:http/types@0.2.0.{incoming-request, response-outparam};

  // Handle a new connection.
  //
  // - \`request\`: the request's method, path and headers.
  //
  // - \`response-out\`: where to send the response.
  handle-new: func(request: incoming-request, response-out: response-outparam);
}
`,
      after: `package my:ws@0.1.0;

interface inbound {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as incoming-request, response, error-code};

  // wasi-migrate(review): the doc comment still describes \`response-out\`, which \`handle-new\` no longer takes: update it to the 0.3 form
  // Handle a new connection.
  //
  // - \`request\`: the request's method, path and headers.
  //
  // - \`response-out\`: where to send the response.
  handle-new: async func(request: incoming-request) -> result<response, error-code>;
}
`,
      reviews: ['still describes `response-out`, which `handle-new` no longer takes'],
    },
    {
      // Golem's host API (/tmp/s40/wprobe/golem-api): the doc of a removed future resource's \`get\` ("returning none
      // if it is not yet ready") moved to the function now returning \`future<...>\`, where nothing returns none.
      name: 'docs moved from a removed future resource still speak of polling its option',
      with: [2],
      before: `package my:host@0.1.0;

interface host {
  use wasi:io/poll@0.2.3.{pollable};

  resource get-promise-result {
    subscribe: func() -> pollable;
    /// Poll the result of the promise, returning none if it is not yet ready.
    get: func() -> option<list<u8>>;
  }

  /// Look up a promise.
  get-promise: func(id: u64) -> get-promise-result;
  /// Its id, or \`none\` when unknown.
  find: func(name: string) -> option<u64>;
}
`,
      after: `package my:host@0.1.0;

interface host {
  use wasi:io/poll@0.2.3.{pollable};

  // wasi-migrate(review): the doc comment still speaks of \`none\` (a 0.2 \`option\` result: nothing yet, or nothing more), but \`get-promise\` holds no \`option\` now: update it to the 0.3 form
  /// Look up a promise.
  ///
  /// From the removed resource \`get-promise-result\`:
  /// \`get\`: Poll the result of the promise, returning none if it is not yet ready.
  get-promise: func(id: u64) -> future<list<u8>>;
  /// Its id, or \`none\` when unknown.
  find: func(name: string) -> option<u64>;
}
`,
      reviews: ['still speaks of `none`'],
    },
    {
      // zed's extension API (wprobe4 #6): the doc of a removed iterator's \`next-chunk\` ("Returns \`Ok(None)\` if the
      // stream has ended") moved to the function now returning the stream, with no review.
      name: 'docs moved from a removed iterator resource still speak of its `Ok(None)`',
      with: [11],
      before: `package my:net@0.1.0;

interface http-client {
  use wasi:clocks/monotonic-clock@0.2.0.{duration};
  /// A response stream.
  resource response-stream {
    /// The next chunk of the body.
    ///
    /// Returns \`Ok(None)\` if the stream has ended.
    next-chunk: func() -> result<option<list<u8>>, string>;
  }

  /// Sends a request and returns its body as a stream.
  fetch-stream: func(url: string, timeout: duration) -> result<response-stream, string>;
}
`,
      after: `package my:net@0.1.0;

interface http-client {
  use wasi:clocks/monotonic-clock@0.2.0.{duration};

  // wasi-migrate(review): the doc comment still speaks of \`Ok(None)\` (a 0.2 \`option\` result: nothing yet, or nothing more), but \`fetch-stream\` holds no \`option\` now: update it to the 0.3 form
  /// Sends a request and returns its body as a stream.
  ///
  /// From the removed resource \`response-stream\`:
  /// A response stream.
  /// \`next-chunk\`: The next chunk of the body.
  ///
  /// Returns \`Ok(None)\` if the stream has ended.
  fetch-stream: func(url: string, timeout: duration) -> tuple<stream<list<u8>>, future<result<_, string>>>;
}
`,
      reviews: ['still speaks of `Ok(None)`'],
    },
    {
      // A \`blocking-read\` merged into \`read\` (rule 6): its doc, added to \`read\`'s, said "Except for blocking,
      // behavior is identical to \`read\`", about what is one function now, with no review (as wasi:io's own did).
      name: 'docs of a twin folded into a function compare it with itself',
      with: [6],
      before: `package my:chan@0.1.0;

interface chan {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource reader {
    /// Read up to \`len\` bytes.
    read: func(len: u64) -> result<list<u8>, error-code>;
    /// Read bytes, after blocking until at least one byte can
    /// be read. Except for blocking, behavior is identical to \`read\`.
    blocking-read: func(len: u64) -> result<list<u8>, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:chan@0.1.0;

interface chan {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource reader {
    // wasi-migrate(review): the doc comment compares \`read\` with itself ("identical to \`read\`"), written when it was two functions: update it to the 0.3 form
    /// Read up to \`len\` bytes.
    ///
    /// Read bytes, after blocking until at least one byte can
    /// be read. Except for blocking, behavior is identical to \`read\`.
    read: async func(len: u64) -> result<list<u8>, error-code>;
  }
}
`,
      reviews: ['compares `read` with itself ("identical to `read`")'],
    },
    {
      // wasi:sockets' \`send\` ("equivalent to \`send\` in POSIX"), made async by the rc rule: the same words about
      // another \`send\`, in no sentence about blocking.
      name: 'a changed function compared with a namesake elsewhere, not about blocking: no review',
      with: [6],
      before: `package my:net@0.1.0;

interface udp {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource socket {
    /// Send a datagram. On a connected socket this is equivalent to \`send\` in POSIX.
    send: func(data: list<u8>) -> result<_, error-code>;
    blocking-send: func(data: list<u8>) -> result<_, error-code>;
    subscribe: func() -> pollable;
  }
}
`,
      after: `package my:net@0.1.0;

interface udp {
  use wasi:io/poll@0.2.0.{pollable};
  enum error-code { closed }
  resource socket {
    /// Send a datagram. On a connected socket this is equivalent to \`send\` in POSIX.
    send: async func(data: list<u8>) -> result<_, error-code>;
  }
}
`,
    },
    {
      // OpenWorkers' worker world (/tmp/s41/wprobe2/openworkers): its doc told guests to "target wasi:http/proxy
      // directly" once the references rule had made its include \`wasi:http/service@0.3.0\`, with no review.
      name: 'a changed world whose doc names a WASI world 0.3.0 does not have',
      with: [8],
      before: `package my:worker@0.1.0;

/// The standard wasi:http proxy plus cron. Guests that only serve HTTP can
/// target wasi:http/proxy directly; wasi:cli/environment is optional.
world worker {
  include wasi:http/proxy@0.2.0;
  export cron: func(at: u64);
}

/// Cron alone, beside a wasi:http/proxy guest.
world cron-only {
  export cron: func(at: u64);
}
`,
      after: `package my:worker@0.1.0;

// wasi-migrate(review): the doc comment still names \`wasi:http/proxy\`, which the migration removed: update it to the 0.3 form
/// The standard wasi:http proxy plus cron. Guests that only serve HTTP can
/// target wasi:http/proxy directly; wasi:cli/environment is optional.
world worker {
  include wasi:http/service@0.3.0;
  export cron: func(at: u64);
}

/// Cron alone, beside a wasi:http/proxy guest.
world cron-only {
  export cron: func(at: u64);
}
`,
      reviews: ['still names `wasi:http/proxy`'],
    },
    {
      // The SIP for Spin's inbound WebSockets (/tmp/s47/wprobe9 spin-ws): \`// Requests that do not upgrade go to
      // wasi:http/incoming-handler#handle\` above \`include wasi:http/proxy@0.2.0;\` stayed over \`include
      // wasi:http/service@0.3.0;\` with no review: only the docs of the world itself were read.
      name: 'a changed world item whose own doc names a WASI interface 0.3.0 does not have',
      with: [8],
      before: `package my:ws@0.1.0;

world handler {
  // Plain requests go to \`wasi:http/incoming-handler.handle\`.
  include wasi:http/proxy@0.2.0;
  // Upgrades go to \`wasi:http/incoming-handler\` too.
  export upgrade: func(token: string);
}
`,
      after: `package my:ws@0.1.0;

world handler {
  // wasi-migrate(review): the doc comment still names \`wasi:http/incoming-handler\`, which the migration removed: update it to the 0.3 form
  // Plain requests go to \`wasi:http/incoming-handler.handle\`.
  include wasi:http/service@0.3.0;
  // Upgrades go to \`wasi:http/incoming-handler\` too.
  export upgrade: func(token: string);
}
`,
      reviews: ['still names `wasi:http/incoming-handler`'],
    },
    {
      // imago's NanoKVM capture interface: "returns the first JPEG frame as \`wasi:io/streams.input-stream\`". Only
      // interfaces 0.3.0 ships were compared, and 0.3.0 has no wasi:io, so the stale name passed.
      name: 'a changed interface whose doc names a wasi:io interface the code no longer uses',
      with: [4, 7],
      before: `package my:cam@0.1.0;

/// \`session.capture\` returns the frame as \`wasi:io/streams.input-stream\`.
interface capture {
  use wasi:io/streams@0.2.0.{input-stream};
  resource session {
    capture: func() -> result<input-stream, string>;
  }
}
`,
      after: `package my:cam@0.1.0;

// wasi-migrate(review): the doc comment still names \`wasi:io/streams\`, which the migration removed: update it to the 0.3 form
/// \`session.capture\` returns the frame as \`wasi:io/streams.input-stream\`.
interface capture {
  resource session {
    capture: func() -> tuple<stream<u8>, future<result<_, string>>>;
  }
}
`,
      reviews: ['still names `wasi:io/streams`'],
    },
    {
      // WIT probe q5 (/tmp/s50/wesc/probe): the code still held \`use wasi:%io/%poll@0.2.3\`, which wit-parser reads as
      // \`wasi:io/poll\`; read only unescaped, the doc naming \`wasi:io/poll\` was reported as naming what was removed.
      name: 'a doc naming a wasi:io interface the code still uses, written with %-escaped names, is not stale',
      with: [4, 7],
      before: `package my:cam@0.1.0;

/// \`session.ready\` returns a \`wasi:io/poll\` pollable.
interface capture {
  use wasi:%io/%poll@0.2.0.{%pollable};
  use wasi : io / streams @0.2.0.{input-stream};
  resource session {
    capture: func() -> result<input-stream, string>;
    ready: func() -> tuple<u32, %pollable>;
  }
}
`,
      after: `package my:cam@0.1.0;

/// \`session.ready\` returns a \`wasi:io/poll\` pollable.
interface capture {
  // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:%io/%poll@0.2.0.{%pollable};
  resource session {
    capture: func() -> tuple<stream<u8>, future<result<_, string>>>;
    ready: func() -> tuple<u32, %pollable>;
  }
}
`,
    },
    {
      // A \`blocking-read\` merged into \`read\` (/tmp/s41/wprobe2/twins): \`read\`'s own doc, "empty when none are ready",
      // described the 0.2 call that returned at once, on what is an \`async func\` that waits now, with no review.
      name: 'a function made async whose doc still describes a call that returns at once when nothing is there',
      with: [6],
      before: `package my:chan@0.1.0;

interface chan {
  use wasi:io/poll@0.2.12.{pollable};
  enum error-code { closed }
  resource reader {
    /// Read up to \`len\` bytes; empty when none are ready.
    read: func(len: u64) -> result<list<u8>, error-code>;
    blocking-read: func(len: u64) -> result<list<u8>, error-code>;
    subscribe: func() -> pollable;
  }
  resource inbox {
    /// Take the messages received so far: returns an empty list when no new
    /// messages are ready. Non-blocking.
    take: func() -> result<list<string>, error-code>;
    blocking-take: func() -> result<list<string>, error-code>;
    subscribe: func() -> pollable;
    /// How many messages wait; never blocks, and none are ready at first.
    count: func() -> u32;
  }
}
`,
      after: `package my:chan@0.1.0;

interface chan {
  use wasi:io/poll@0.2.12.{pollable};
  enum error-code { closed }
  resource reader {
    // wasi-migrate(review): the doc comment still describes a call that returns at once when nothing is there ("none are ready"), but \`read\` is an \`async func\` now, which waits: update it to the 0.3 form
    /// Read up to \`len\` bytes; empty when none are ready.
    read: async func(len: u64) -> result<list<u8>, error-code>;
  }
  resource inbox {
    // wasi-migrate(review): the doc comment still describes a call that returns at once when nothing is there ("no new messages are ready", "non-blocking"), but \`take\` is an \`async func\` now, which waits: update it to the 0.3 form
    /// Take the messages received so far: returns an empty list when no new
    /// messages are ready. Non-blocking.
    take: async func() -> result<list<string>, error-code>;
    /// How many messages wait; never blocks, and none are ready at first.
    count: func() -> u32;
  }
}
`,
      reviews: ['("none are ready"), but `read` is an `async func` now', '("no new messages are ready", "non-blocking"), but `take` is an `async func` now'],
    },
    {
      // OpenWorkers' worker world (/tmp/s41/wprobe2/openworkers): "wasi is declared at 0.2.0 ... 0.2.x is
      // semver-compatible" stayed above a world that includes \`wasi:http/service@0.3.0\` now, with no review.
      name: 'a changed world that names WASI 0.3.0 now, whose doc still speaks of WASI at 0.2',
      with: [8],
      before: `package my:worker@0.2.0;

/// The wasi:http proxy plus cron.
///
/// wasi is declared at 0.2.0, not at the host's patch level (v0.2.6):
/// 0.2.x is semver-compatible, and hosts link the newer release. Pinning
/// higher locks out toolchains that lag.
world worker {
  include wasi:http/proxy@0.2.12;
  export cron: func(at: u64);
}

/// Serves HTTP. Written for WASI 0.2, ported to 0.3.0 by hand.
world server {
  include wasi:http/proxy@0.2.12;
}

/// Cron alone: version 0.2.0 of this package.
world cron-only {
  export cron: func(at: u64);
}

/// Like \`worker\`, but using WASI 0.2.0-rc-2023-10-18.
world worker-rc {
  include wasi:http/proxy@0.2.0-rc-2023-10-18;
  export cron: func(at: u64);
}
`,
      after: `package my:worker@0.2.0;

// wasi-migrate(review): the doc comment still speaks of WASI at \`0.2.0\`, \`v0.2.6\`, \`0.2.x\`, but \`worker\` names WASI 0.3.0 now: update it to the 0.3 form
/// The wasi:http proxy plus cron.
///
/// wasi is declared at 0.2.0, not at the host's patch level (v0.2.6):
/// 0.2.x is semver-compatible, and hosts link the newer release. Pinning
/// higher locks out toolchains that lag.
world worker {
  include wasi:http/service@0.3.0;
  export cron: func(at: u64);
}

/// Serves HTTP. Written for WASI 0.2, ported to 0.3.0 by hand.
world server {
  include wasi:http/service@0.3.0;
}

/// Cron alone: version 0.2.0 of this package.
world cron-only {
  export cron: func(at: u64);
}

// wasi-migrate(review): the doc comment still speaks of WASI at \`0.2.0-rc-2023-10-18\`, but \`worker-rc\` names WASI 0.3.0 now: update it to the 0.3 form
/// Like \`worker\`, but using WASI 0.2.0-rc-2023-10-18.
world worker-rc {
  include wasi:http/service@0.3.0;
  export cron: func(at: u64);
}
`,
      reviews: ['still speaks of WASI at `0.2.0`, `v0.2.6`, `0.2.x`, but `worker` names WASI 0.3.0 now', 'still speaks of WASI at `0.2.0-rc-2023-10-18`, but `worker-rc` names'],
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

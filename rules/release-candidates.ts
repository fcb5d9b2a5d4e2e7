import { T } from '../src/wit/lexer.js';
import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { lineSpan, ownItems, resources, scopes, src, tokenIn, reviewer } from './util.js';

const docs = `
Moves everything on a WASI 0.3 release candidate (\`0.3.0-rc-2026-01-06\`,
\`-02-09\`, \`-03-15\`, the versions early adopters pinned) to the 0.3.0
release:

- every \`wasi:*@0.3.0-rc-*\` reference (\`use\`, \`import\`, \`export\`,
  \`include\`) points at \`@0.3.0\`;
- a \`wasi:*@0.3.0-rc-*\` package itself (vendored, or kept as the user's own
  copy) takes version 0.3.0, its \`@since(version = 0.3.0-rc-*)\` gates
  become \`@since(version = 0.3.0)\`, and the items the final release changed
  change with it (the table \`RC_CHANGES\` below, from the WASI repository's
  tags): \`async func(...) -> result<...>\` writes that became
  \`func(...) -> future<result<...>>\` (rc-2026-01-06), \`read-directory\` no
  longer \`async\`, error enums that became variants with a catch-all
  \`other(option<string>)\` (and lost \`unknown\`), \`http\` error cases
  added, \`get-random-bytes(len)\` now \`max-len\`, and \`exit-with-code\`
  stable.

Code that matches on a changed error type must handle \`other\`; the change
notes say which. \`0.2.0-rc-2023-*\` pre-releases are 0.2 to every other rule
(they read \`0.2.\` versions), not to this one.
`;

const messages = {
  noResultToWrap: '{{item}} returns a future in 0.3.0; this copy has no result to wrap: compare it with the official 0.3.0 text',
} as const;
const { reviewAt } = reviewer(messages);

const TARGET = '0.3.0';
const RC = /^0\.3\.0-rc-(\d{4}-\d{2}-\d{2})$/;

type Change =
  /** `@unstable(feature = f)` the release stabilised: `@since(version = 0.3.0)`. */
  | { readonly kind: 'stabilise' }
  /** `async func(...) -> t` became `func(...) -> future<t>`. */
  | { readonly kind: 'returns-future' }
  /** `async func` became `func` (the result already carries its future). */
  | { readonly kind: 'not-async' }
  /** A parameter renamed. */
  | { readonly kind: 'param'; readonly from: string; readonly to: string }
  /**
   * Cases of an enum or variant: `variant` when the release made it one;
   * `drop` cases removed; `add` cases added (before `before`, else at the end).
   */
  | { readonly kind: 'cases'; readonly variant?: boolean; readonly drop?: readonly string[]; readonly add: readonly { readonly text: string; readonly doc: string; readonly before?: string }[] };

interface RcChange {
  /** `wasi:pkg/interface.item` or `wasi:pkg/interface.resource.method`. */
  readonly item: string;
  /** The last release candidate that still had the old form (earlier ones too). */
  readonly until: string;
  readonly change: Change;
  /** What a caller must know (shown in the change note). */
  readonly note: string;
}

const OTHER = { text: 'other(option<string>)', doc: 'A catch-all for errors not captured by the existing variants.' };

/** What WASI 0.3.0 changed against each release candidate (tags v0.3.0-rc-2026-01-06, -02-09, -03-15 against v0.3.0). */
export const RC_CHANGES: readonly RcChange[] = [
  { item: 'wasi:cli/exit.exit-with-code', until: '2026-03-15', change: { kind: 'stabilise' }, note: 'stable in 0.3.0 (no feature gate)' },
  { item: 'wasi:cli/stdout.write-via-stream', until: '2026-01-06', change: { kind: 'returns-future' }, note: 'returns future<result<_, error-code>> instead of being async' },
  { item: 'wasi:cli/stderr.write-via-stream', until: '2026-01-06', change: { kind: 'returns-future' }, note: 'returns future<result<_, error-code>> instead of being async' },
  { item: 'wasi:filesystem/types.descriptor.write-via-stream', until: '2026-01-06', change: { kind: 'returns-future' }, note: 'returns future<result<_, error-code>> instead of being async' },
  { item: 'wasi:filesystem/types.descriptor.append-via-stream', until: '2026-01-06', change: { kind: 'returns-future' }, note: 'returns future<result<_, error-code>> instead of being async' },
  { item: 'wasi:filesystem/types.descriptor.read-directory', until: '2026-01-06', change: { kind: 'not-async' }, note: 'no longer async (the stream and future are returned at once)' },
  { item: 'wasi:sockets/types.tcp-socket.send', until: '2026-01-06', change: { kind: 'returns-future' }, note: 'returns future<result<_, error-code>> instead of being async' },
  { item: 'wasi:filesystem/types.descriptor-type', until: '2026-02-09', change: { kind: 'cases', variant: true, drop: ['unknown'], add: [{ text: 'other(option<string>)', doc: 'The type of the descriptor or file is different from any of the other types specified.' }] }, note: 'a variant: `unknown` became `other(option<string>)`' },
  { item: 'wasi:filesystem/types.error-code', until: '2026-02-09', change: { kind: 'cases', variant: true, add: [OTHER] }, note: 'a variant with a catch-all `other(option<string>)`' },
  { item: 'wasi:http/types.header-error', until: '2026-02-09', change: { kind: 'cases', add: [{ text: 'size-exceeded', doc: 'The operation would exceed an implementation-defined limit on field sizes.' }, OTHER] }, note: 'new cases `size-exceeded` and `other(option<string>)`' },
  { item: 'wasi:http/types.request-options-error', until: '2026-02-09', change: { kind: 'cases', add: [OTHER] }, note: 'new case `other(option<string>)`' },
  { item: 'wasi:random/random.get-random-bytes', until: '2026-02-09', change: { kind: 'param', from: 'len', to: 'max-len' }, note: 'may return fewer bytes than asked for (parameter `max-len`)' },
  { item: 'wasi:random/insecure.get-insecure-random-bytes', until: '2026-02-09', change: { kind: 'param', from: 'len', to: 'max-len' }, note: 'may return fewer bytes than asked for (parameter `max-len`)' },
  { item: 'wasi:sockets/ip-name-lookup.error-code', until: '2026-02-09', change: { kind: 'cases', variant: true, drop: ['unknown'], add: [OTHER] }, note: 'a variant: `unknown` became `other(option<string>)`' },
  { item: 'wasi:sockets/types.error-code', until: '2026-02-09', change: { kind: 'cases', variant: true, drop: ['unknown'], add: [{ text: 'connection-broken', doc: 'The connection was broken.', before: 'connection-reset' }, OTHER] }, note: 'a variant: `unknown` became `other(option<string>)`; new case `connection-broken`' },
];

/** `2026-01-06` for `0.3.0-rc-2026-01-06`. */
export function rcDate(version: string | undefined): string | undefined {
  return version ? RC.exec(version)?.[1] : undefined;
}

/** Every node of a syntax tree (anything with a span), depth first. */
function* nodes(x: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(x)) {
    for (const y of x) yield* nodes(y);
    return;
  }
  if (!x || typeof x !== 'object') return;
  const o = x as Record<string, unknown>;
  if ('span' in o) yield o;
  for (const [k, v] of Object.entries(o)) if (k !== 'tokens' && k !== 'source' && k !== 'span' && v && typeof v === 'object') yield* nodes(v);
}

function isPackageName(n: Record<string, unknown>): n is S.PackageName & Record<string, unknown> {
  return 'namespace' in n && 'name' in n && !('kind' in n);
}

function indentAt(f: WitFile, offset: number): string {
  const ls = f.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(f.text.slice(ls))![0];
}

function applyChange(f: WitFile, node: S.NamedFunc | S.ResourceFunc | S.TypeDef, c: RcChange, edits: RuleEdit[], reviews: ReviewNote[]): void {
  const ch = c.change;
  const note = `${c.item}: ${c.note}`;
  if (ch.kind === 'stabilise') {
    const gate = node.attributes.find((a) => a.kind === 'unstable');
    if (gate && !node.attributes.some((a) => a.kind === 'since')) edits.push({ file: f.path, span: gate.span, text: `@since(version = ${TARGET})`, note });
    return;
  }
  if (ch.kind === 'returns-future' || ch.kind === 'not-async' || ch.kind === 'param') {
    if (node.kind === 'type') return;
    const fn = node.func;
    if (ch.kind === 'param') {
      const p = fn.params.find((x) => x.name.name === ch.from);
      if (p) edits.push({ file: f.path, span: p.name.span, text: ch.to, note });
      return;
    }
    if (!fn.async) return;
    const a = tokenIn(f, fn.span.start, fn.span.end, T.Async);
    const kw = tokenIn(f, fn.span.start, fn.span.end, T.Func);
    if (a < 0 || kw < 0) return;
    edits.push({ file: f.path, span: { start: a, end: kw }, text: '', note });
    if (ch.kind === 'returns-future') {
      if (fn.result) edits.push({ file: f.path, span: fn.result.span, text: `future<${src(f, fn.result.span)}>`, note });
      else reviews.push(reviewAt(f.path, node.docs.span?.start ?? node.span.start, 'noResultToWrap', { item: c.item }));
    }
    return;
  }
  if (node.kind !== 'type' || (node.def !== 'enum' && node.def !== 'variant')) return;
  const cases = node.cases;
  if (ch.variant && node.def === 'enum') {
    const kw = tokenIn(f, node.span.start, node.span.end, T.Enum);
    if (kw >= 0) edits.push({ file: f.path, span: { start: kw, end: kw + 4 }, text: 'variant', note });
  }
  for (const name of ch.drop ?? []) {
    const k = cases.find((x) => x.name.name === name);
    if (k) edits.push({ file: f.path, span: caseSpan(f, k), text: '', note });
  }
  const kept = cases.filter((x) => !(ch.drop ?? []).includes(x.name.name));
  const last = kept[kept.length - 1];
  if (!last) return;
  const indent = indentAt(f, last.span.start);
  const tail: string[] = [];
  for (const add of ch.add) {
    const name = /^[a-z0-9-]+/.exec(add.text)![0];
    if (cases.some((x) => x.name.name === name)) continue;
    const text = `${indent}/// ${add.doc}\n${indent}${add.text},\n`;
    const before = add.before ? cases.find((x) => x.name.name === add.before) : undefined;
    if (before) {
      const s = caseSpan(f, before);
      edits.push({ file: f.path, span: { start: s.start, end: s.start }, text, note });
    } else tail.push(text);
  }
  if (!tail.length) return;
  // After the last kept case and its comma, on a line of its own.
  let end = last.span.end;
  const comma = f.text.slice(end).match(/^[ \t]*,/);
  const needComma = !comma;
  if (comma) end += comma[0].length;
  const nl = f.text.indexOf('\n', end);
  const restOfLine = f.text.slice(end, nl < 0 ? f.text.length : nl);
  if (/^[ \t]*$/.test(restOfLine) && nl >= 0) {
    edits.push({ file: f.path, span: { start: nl + 1, end: nl + 1 }, text: `${needComma ? '' : ''}${tail.join('')}`, note });
    if (needComma) edits.push({ file: f.path, span: { start: last.span.end, end: last.span.end }, text: ',', note });
  } else {
    edits.push({ file: f.path, span: { start: end, end }, text: `${needComma ? ',' : ''}\n${tail.join('').replace(/\n$/, '')}`, note });
  }
}

/** A case's whole lines, its docs included (and the blank line after it when it sat between blanks). */
function caseSpan(f: WitFile, k: S.Case): Span {
  // The comma after the case belongs to it.
  const m = f.text.slice(k.span.end).match(/^[ \t]*,/);
  return lineSpan(f, { span: { start: k.span.start, end: k.span.end + (m ? m[0].length : 0) }, docs: k.docs });
}

export function releaseCandidates(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  // The package's own name: a wasi package on a release candidate is ported item by item.
  const decl = ctx.files.map((f) => f.file.package).find((d) => d);
  const own = decl && decl.name.namespace.name === 'wasi' ? rcDate(decl.name.version?.text) : undefined;
  const pkg = decl ? `${decl.name.namespace.name}:${decl.name.name.name}` : '';

  for (const f of ctx.files) {
    // Every version this loop edits is written `0.3.0-rc-...` in the text: a file without one has nothing to walk.
    if (!f.text.includes('0.3.0-rc-')) continue;
    // Inline WASI packages (nested `package wasi:x@0.3.0-rc-... { }` blocks) are rule 17's: replaced whole.
    for (const n of nodes(ownItems(f) as never[])) {
      if (isPackageName(n) && n.namespace.name === 'wasi' && rcDate(n.version?.text)) {
        edits.push({ file: f.path, span: n.version!.span, text: TARGET, note: `wasi:${n.name.name}@${n.version!.text} -> @${TARGET}` });
      }
      if (own && n.kind === 'since' && rcDate((n as unknown as { version: S.Version }).version.text)) {
        const v = (n as unknown as { version: S.Version }).version;
        edits.push({ file: f.path, span: v.span, text: TARGET, note: `gate ${v.text} -> ${TARGET}` });
      }
    }
    const d = f.file.package;
    if (d && d.name.namespace.name === 'wasi' && rcDate(d.name.version?.text)) {
      edits.push({ file: f.path, span: d.name.version!.span, text: TARGET, note: `package ${pkg}@${d.name.version!.text} -> @${TARGET}` });
      for (const a of d.attributes) if (a.kind === 'since' && rcDate(a.version.text)) edits.push({ file: f.path, span: a.version.span, text: TARGET, note: `gate ${a.version.text} -> ${TARGET}` });
    }
  }
  if (own) {
    const pending = RC_CHANGES.filter((c) => own <= c.until && c.item.startsWith(`${pkg}/`));
    for (const scope of scopes(ctx.files)) {
      const base = `${pkg}/${scope.name}`;
      for (const it of scope.items) {
        if (it.kind === 'func' || it.kind === 'type') {
          const c = pending.find((x) => x.item === `${base}.${it.name.name}`);
          if (c) applyChange(scope.file, it, c, edits, reviews);
        }
      }
      for (const r of resources(scope.items)) {
        for (const m of r.funcs) {
          const c = pending.find((x) => x.item === `${base}.${r.name.name}.${m.name.name}`);
          if (c) applyChange(scope.file, m, c, edits, reviews);
        }
      }
    }
  }
  return { edits, reviews };
}

const rule: Rule = {
  id: 'release-candidates',
  number: 15,
  summary: '`wasi:*@0.3.0-rc-*` references, gates and packages move to 0.3.0, with the items the final release changed',
  docs,
  messages,
  kind: 'mechanical',
  apply: releaseCandidates,
  cases: [
    {
      name: 'a user package on an rc: references follow, its own gates stay',
      before: `package my:app@0.1.0;

@since(version = 0.1.0)
interface api {
  use wasi:clocks/types@0.3.0-rc-2026-03-15.{duration};
  wait: async func(d: duration);
}

world app {
  import wasi:clocks/monotonic-clock@0.3.0-rc-2026-03-15;
  include wasi:cli/imports@0.3.0-rc-2026-02-09;
  export api;
}
`,
      after: `package my:app@0.1.0;

@since(version = 0.1.0)
interface api {
  use wasi:clocks/types@0.3.0.{duration};
  wait: async func(d: duration);
}

world app {
  import wasi:clocks/monotonic-clock@0.3.0;
  include wasi:cli/imports@0.3.0;
  export api;
}
`,
    },
    {
      name: 'rc-2026-01-06 cli: version, gates, async writes return futures, exit-with-code stable',
      before: {
        'stdio.wit': `package wasi:cli@0.3.0-rc-2026-01-06;

@since(version = 0.3.0-rc-2026-01-06)
interface types {
  @since(version = 0.3.0-rc-2026-01-06)
  enum error-code {
    io,
    illegal-byte-sequence,
    pipe,
  }
}

@since(version = 0.3.0-rc-2026-01-06)
interface stdout {
  use types.{error-code};

  /// Write the given stream to stdout.
  @since(version = 0.3.0-rc-2026-01-06)
  write-via-stream: async func(data: stream<u8>) -> result<_, error-code>;
}
`,
        'exit.wit': `package wasi:cli@0.3.0-rc-2026-01-06;

@since(version = 0.3.0-rc-2026-01-06)
interface exit {
  @since(version = 0.3.0-rc-2026-01-06)
  exit: func(status: result);

  @unstable(feature = cli-exit-with-code)
  exit-with-code: func(status-code: u8);
}
`,
      },
      after: {
        'stdio.wit': `package wasi:cli@0.3.0;

@since(version = 0.3.0)
interface types {
  @since(version = 0.3.0)
  enum error-code {
    io,
    illegal-byte-sequence,
    pipe,
  }
}

@since(version = 0.3.0)
interface stdout {
  use types.{error-code};

  /// Write the given stream to stdout.
  @since(version = 0.3.0)
  write-via-stream: func(data: stream<u8>) -> future<result<_, error-code>>;
}
`,
        'exit.wit': `package wasi:cli@0.3.0;

@since(version = 0.3.0)
interface exit {
  @since(version = 0.3.0)
  exit: func(status: result);

  @since(version = 0.3.0)
  exit-with-code: func(status-code: u8);
}
`,
      },
    },
    {
      name: 'rc-2026-02-09 sockets: an error enum becomes a variant with `other`, `unknown` goes, a case is added in place',
      before: `package wasi:sockets@0.3.0-rc-2026-02-09;

@since(version = 0.3.0-rc-2026-02-09)
interface types {
  @since(version = 0.3.0-rc-2026-02-09)
  enum error-code {
    /// Unknown error
    unknown,

    /// Access denied.
    access-denied,

    /// The connection was refused.
    connection-refused,

    /// The connection was reset.
    connection-reset,
  }
}
`,
      after: `package wasi:sockets@0.3.0;

@since(version = 0.3.0)
interface types {
  @since(version = 0.3.0)
  variant error-code {
    /// Access denied.
    access-denied,

    /// The connection was refused.
    connection-refused,

    /// The connection was broken.
    connection-broken,
    /// The connection was reset.
    connection-reset,
    /// A catch-all for errors not captured by the existing variants.
    other(option<string>),
  }
}
`,
    },
    {
      name: 'rc-2026-02-09 random: `len` is `max-len`',
      before: `package wasi:random@0.3.0-rc-2026-02-09;

interface random {
  get-random-bytes: func(len: u64) -> list<u8>;
  get-random-u64: func() -> u64;
}
`,
      after: `package wasi:random@0.3.0;

interface random {
  get-random-bytes: func(max-len: u64) -> list<u8>;
  get-random-u64: func() -> u64;
}
`,
    },
    {
      name: 'rc-2026-03-15 random already has `max-len`: only the version moves',
      before: `package wasi:random@0.3.0-rc-2026-03-15;

interface insecure {
  get-insecure-random-bytes: func(len: u64) -> list<u8>;
}
`,
      after: `package wasi:random@0.3.0;

interface insecure {
  get-insecure-random-bytes: func(len: u64) -> list<u8>;
}
`,
    },
    {
      name: 'a 0.2 pre-release and a final 0.3.0 are not release candidates of 0.3',
      before: `package my:app@0.1.0;

world app {
  import wasi:clocks/wall-clock@0.2.0-rc-2023-11-10;
  import wasi:clocks/monotonic-clock@0.3.0;
}
`,
    },
    {
      name: 'an rc function 0.3.0 makes return a future, with no result here: reported',
      before: `package wasi:cli@0.3.0-rc-2026-01-06;

@since(version = 0.3.0-rc-2026-01-06)
interface stdout {
  /// Write the given stream to stdout.
  @since(version = 0.3.0-rc-2026-01-06)
  write-via-stream: async func(data: stream<u8>);
}
`,
      after: `package wasi:cli@0.3.0;

@since(version = 0.3.0)
interface stdout {
  // wasi-migrate(review): wasi:cli/stdout.write-via-stream returns a future in 0.3.0; this copy has no result to wrap: compare it with the official 0.3.0 text
  /// Write the given stream to stdout.
  @since(version = 0.3.0)
  write-via-stream: func(data: stream<u8>);
}
`,
      reviews: ['has no result to wrap'],
    },
  ],
};
export default rule;

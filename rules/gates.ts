import type * as S from '../src/wit/syntax.js';
import type { Span } from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { reviewer } from './util.js';
import { byCodeUnit } from '../src/util/order.js';

const docs = `
\`@since(version = ...)\` says from which release of a package an item is
there. A migration changes items (a function becomes \`async\`, a \`use\`
points to \`wasi:io\`'s successor, a stream appears in a signature), so with
\`--bump <version>\` the package declaration takes the new version and every
item an earlier rule changed takes \`@since(version = <new>)\`; untouched items
keep their gate, since they are the same as in the release that introduced
them.

What counts as a changed item: the innermost function, resource method,
type, \`use\`, world import/export or \`include\` whose text an earlier rule
edited; an interface, world or resource only when its own header changed (a
change inside one of its members gates that member alone). An item a rule
removed takes its gate with it. Items without \`@since\` (unstable ones
included) are left alone, and so are nested \`package x:y { ... }\` blocks,
which are other packages with their own versions.

Nothing happens without \`--bump\`, nor when no other rule changed the
package (an already migrated package keeps its version, so \`--check\` with
\`--bump\` stays quiet after \`--write\`). A \`--bump\` older than the package's
current version is not applied and is reported.
`;

const messages = {
  olderBump: '--bump {{bump}} is older than the package\'s version {{version}}: gates and version left as they are',
} as const;
const { reviewAt } = reviewer(messages);

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Why `v` is not a usable `--bump` value, or undefined when it is. */
export function badBump(v: string): string | undefined {
  return SEMVER.test(v) ? undefined : `--bump ${JSON.stringify(v)} is not a semver version (like 0.2.0 or 1.0.0-rc.1)`;
}

/** Semver precedence (build metadata ignored): negative when a < b. */
function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return byCodeUnit(a, b);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d) return d;
  }
  if (pa[4] === pb[4]) return 0;
  if (pa[4] === undefined) return 1;
  if (pb[4] === undefined) return -1;
  const xa = pa[4].split('.');
  const xb = pb[4].split('.');
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    const na = /^\d+$/.test(xa[i]!);
    const nb = /^\d+$/.test(xb[i]!);
    const d = na && nb ? Number(xa[i]) - Number(xb[i]) : na ? -1 : nb ? 1 : byCodeUnit(xa[i]!, xb[i]!);
    if (d) return d;
  }
  return xa.length - xb.length;
}

/** An item that can carry a gate; `header` is set for containers (their members are items of their own). */
interface Gated {
  readonly span: Span;
  readonly attributes: readonly S.Attribute[];
  readonly header?: Span;
  readonly members: readonly Gated[];
}

function leaf(node: { span: Span; attributes: readonly S.Attribute[] }): Gated {
  return { span: node.span, attributes: node.attributes, members: [] };
}

function typeDef(f: WitFile, t: S.TypeDef): Gated {
  if (t.def !== 'resource' || !t.funcs.length) return leaf(t);
  return { span: t.span, attributes: t.attributes, header: { start: t.span.start, end: firstBrace(f, t.span) }, members: t.funcs.map(leaf) };
}

function firstBrace(f: WitFile, span: Span): number {
  const i = f.text.indexOf('{', span.start);
  return i < 0 || i > span.end ? span.end : i;
}

function interfaceItem(f: WitFile, it: S.InterfaceItem): Gated {
  return it.kind === 'type' ? typeDef(f, it) : leaf(it);
}

function worldItem(f: WitFile, it: S.WorldItem): Gated {
  if (it.kind === 'type') return typeDef(f, it);
  if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'interface') {
    return { span: it.span, attributes: it.attributes, header: { start: it.span.start, end: it.extern.body.start }, members: it.extern.items.map((x) => interfaceItem(f, x)) };
  }
  return leaf(it);
}

/** The gate-carrying items of a file's own package (nested packages left out). */
function fileItems(f: WitFile): Gated[] {
  return f.file.items.map((it): Gated => {
    if (it.kind === 'interface') return { span: it.span, attributes: it.attributes, header: { start: it.span.start, end: it.body.start }, members: it.items.map((x) => interfaceItem(f, x)) };
    if (it.kind === 'world') return { span: it.span, attributes: it.attributes, header: { start: it.span.start, end: it.body.start }, members: it.items.map((x) => worldItem(f, x)) };
    return leaf(it);
  });
}

function touches(item: Span, s: Span): boolean {
  // An insertion (empty span) counts only strictly inside the item, so that a
  // deletion just before or after an item does not gate its neighbour.
  if (s.start === s.end) return item.start < s.start && s.start < item.end;
  return s.start < item.end && s.end > item.start;
}

/** The innermost items `s` falls in: a container's header, or one of its members. */
function changedItems(items: readonly Gated[], s: Span, out: Set<Gated>): void {
  for (const g of items) {
    if (!touches(g.span, s)) continue;
    if (!g.header) {
      out.add(g);
      continue;
    }
    if (touches(g.header, s)) out.add(g);
    changedItems(g.members, s, out);
  }
}

export function gates(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const bump = ctx.bump;
  if (bump === undefined || badBump(bump)) return { edits, reviews };
  const changedFiles = ctx.files.filter((f) => (ctx.changed[f.path] ?? []).length > 0);
  if (!changedFiles.length) return { edits, reviews };
  const decls = ctx.files.flatMap((f) => (f.file.package ? [{ f, decl: f.file.package }] : []));
  const older = decls.find(({ decl }) => decl.name.version && compareVersions(bump, decl.name.version.text) < 0);
  if (older) {
    reviews.push(reviewAt(older.f.path, older.decl.span.start, 'olderBump', { bump, version: older.decl.name.version!.text }));
    return { edits, reviews };
  }
  const note = `gate follows --bump ${bump}`;
  for (const { f, decl } of decls) {
    const v = decl.name.version;
    if (!v) edits.push({ file: f.path, span: { start: decl.name.span.end, end: decl.name.span.end }, text: `@${bump}`, note: `package version ${bump} (--bump)` });
    else if (v.text !== bump) edits.push({ file: f.path, span: v.span, text: bump, note: `package version ${v.text} -> ${bump} (--bump)` });
  }
  for (const f of changedFiles) {
    const items = fileItems(f);
    const hit = new Set<Gated>();
    for (const s of ctx.changed[f.path]!) changedItems(items, s, hit);
    for (const g of hit) {
      for (const a of g.attributes) {
        if (a.kind === 'since' && a.version.text !== bump) edits.push({ file: f.path, span: a.version.span, text: bump, note });
      }
    }
  }
  return { edits, reviews };
}

const kv02 = `package acme:kv@0.1.0;

@since(version = 0.1.0)
interface store {
  @since(version = 0.1.0)
  use wasi:io/poll@0.2.0.{pollable};

  @since(version = 0.1.0)
  resource bucket {
    @since(version = 0.1.0)
    start-get: func(key: string) -> result<_, string>;
    @since(version = 0.1.0)
    finish-get: func() -> result<list<u8>, string>;
    @since(version = 0.1.0)
    subscribe: func() -> pollable;
    /// Unchanged by the migration: keeps its gate.
    @since(version = 0.1.0)
    name: func() -> string;
  }

  @since(version = 0.1.0)
  ping: func() -> bool;
}
`;

const rule: Rule = {
  id: 'gates',
  number: 10,
  summary: 'with `--bump <version>`, `@since` on changed items and the package version follow the new version',
  docs,
  messages,
  kind: 'mechanical',
  apply: gates,
  cases: [
    {
      name: 'changed items follow --bump, untouched ones keep their gate',
      with: [1, 7],
      bump: '0.2.0',
      before: kv02,
      after: `package acme:kv@0.2.0;

@since(version = 0.1.0)
interface store {
  @since(version = 0.1.0)
  resource bucket {
    @since(version = 0.2.0)
    get: async func(key: string) -> result<list<u8>, string>;
    /// Unchanged by the migration: keeps its gate.
    @since(version = 0.1.0)
    name: func() -> string;
  }

  @since(version = 0.1.0)
  ping: func() -> bool;
}
`,
    },
    {
      name: 'without --bump nothing changes',
      with: [1, 7],
      before: kv02,
    },
    {
      name: 'no other change: --bump alone does nothing',
      bump: '0.2.0',
      before: `package acme:kv@0.1.0;

@since(version = 0.1.0)
interface store {
  @since(version = 0.1.0)
  ping: func() -> bool;
}
`,
    },
    {
      name: 'a world import rewritten by rule 8 and an unversioned package',
      with: [8],
      bump: '1.0.0',
      before: `package acme:app;

world app {
  @since(version = 0.1.0)
  import wasi:clocks/wall-clock@0.2.0;
  @since(version = 0.1.0)
  import wasi:random/random@0.2.0;
  @unstable(feature = extra)
  import wasi:cli/environment@0.2.0;
}
`,
      after: `package acme:app@1.0.0;

world app {
  @since(version = 1.0.0)
  import wasi:clocks/system-clock@0.3.0;
  @since(version = 1.0.0)
  import wasi:random/random@0.3.0;
  @unstable(feature = extra)
  import wasi:cli/environment@0.3.0;
}
`,
    },
    {
      name: 'a --bump older than the package version is reported, not applied',
      with: [6],
      bump: '0.0.9',
      before: `package acme:db@0.1.0;

interface api {
  use wasi:io/poll@0.2.0.{pollable};
  @since(version = 0.1.0)
  flush: func() -> result<_, string>;
  @since(version = 0.1.0)
  blocking-flush: func() -> result<_, string>;
}
`,
      after: `// wasi-migrate(review): --bump 0.0.9 is older than the package's version 0.1.0: gates and version left as they are
package acme:db@0.1.0;

interface api {
  use wasi:io/poll@0.2.0.{pollable};
  @since(version = 0.1.0)
  flush: async func() -> result<_, string>;
}
`,
      reviews: ['older than the package'],
    },
  ],
};
export default rule;

import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { declaredIn } from '../src/wit/text-scan.js';
import { deleteItem, errorType, ownItems, funcTypes, hasType, ioNames, ioNamesIn, itemTypes, nameUses, pathNames, refName, reviewer, scopes, src, typesReached, useLines, useNameComments, joinUseNames, walkType, worlds, type IoName, type Scope, worldIoNames, isIo02, ioTopUses } from './util.js';

const docs = `
wasi:io is gone in 0.3: pollables, streams and the error resource became
Component Model built-ins (\`async func\`, \`stream<T>\`, \`future<T>\`,
\`error-context\`). Run after the other rules, this one removes what is left:

- \`use wasi:io/...\` names that nothing references any more are dropped
  (the whole \`use\` when none is left).
- \`wasi:io/error.error\` (often \`use ... {error as io-error}\`) still
  referenced is replaced by the interface's own \`error-code\` when it has
  one, else by \`error-context\` (also in \`error-code\` itself and the
  types it holds: a type cannot hold itself); each item is reported, since a function
  that only converted an io error (\`http-error-code(err: borrow<io-error>)\`)
  usually goes entirely. In a signature (a function, one of a resource's
  methods, a type) that keeps another wasi:io name no rule could port (an
  \`output-stream\` parameter), the io error stays too, and is reported: 0.2
  and 0.3 never mix in one signature.
- \`import\`/\`export\`/\`include\` of wasi:io in worlds are dropped; a
  world that held nothing else (a test world of wasi:io) is left empty,
  reported: it imports nothing now.
- A file-level \`use wasi:io/poll@0.2.x;\` (or \`... as name\`) goes once no
  \`use poll.{...}\` of the file is left; a world's \`import poll;\` of it
  goes with the other wasi:io imports. One still named stays, reported.
- A world's own \`use wasi:io/...\` (for the functions and types the world
  declares itself) loses the names none of them refers to any more, as an
  interface's does; a name still referred to stays, reported.
- Names still referenced (a \`pollable\` or stream another rule could not
  rewrite) keep their \`use\` and are reported: the output then still needs
  wasi:io 0.2 as a dependency.

When the package resolves, a wasi:io name is recognised under any name it
travels by: re-exported by a local interface
(\`interface api { use io-types.{pollable as p}; }\`) or given a \`type\`
alias. Such a re-export or alias counts as used only when what uses it is
kept, so a chain whose end no longer refers to it goes as a whole. In a
vendored package the run ports in place, what the main package or another
dep \`use\`s of it is used too.
`;

const messages = {
  stillUsed: 'wasi:io `{{name}}`{{through}} is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand',
  errorKept: 'wasi:io `error` stays in `{{item}}`: it holds wasi:io 0.2 `{{io}}` too, which no rule could port there (0.2 and 0.3 never mix in one signature); port it by hand',
  errorReplaced: 'wasi:io `error` replaced by `{{replacement}}` in `{{item}}`: check the meaning (a function that only converted an io error can usually go)',
  leftEmpty: '`{{scope}}` only held wasi:io names and is left empty: delete it (and its imports and exports) unless another package uses it',
  stillUsedInWorld: 'wasi:io `{{name}}` is still used here: no rule could rewrite its uses in this world, so this keeps a wasi:io 0.2 dependency; port those uses by hand',
  worldLeftEmpty: 'world `{{world}}` only held wasi:io, which 0.3 does not have (its streams, futures and errors are built in), and is left empty: it imports and exports nothing now; give it what its components need, or delete it',
} as const;
const { review } = reviewer(messages);

const isIoError = (n: IoName) => n.iface === 'error' && n.name === 'error';

export function ioRemoval(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const deletedUses = new Set<S.Use>();
  const all = [...scopes(ctx.files)];
  const names = new Map<Scope, readonly IoName[]>(all.map((s) => [s, ioNamesIn(ctx, s)]));
  const byUseName = new Map<S.UseName, IoName>();
  for (const list of names.values()) for (const n of list) if (n.kind === 'use') byUseName.set(n.useName, n);
  const scopeOf = new Map<IoName, Scope>();
  for (const [s, list] of names) for (const n of list) scopeOf.set(n, s);

  // What packages that use this one (ctx.users: the main package of a vendored dep the run ports in place) take from
  // its interfaces, by path or through a file-level \`use\` of one: as used as a re-export.
  const own = new Set(ctx.files.flatMap((f) => declaredIn(f.text)));
  const ownPath = (path: S.UsePath) => path.kind === 'package' && own.has(`${path.package.namespace.name}:${path.package.name.name}${path.package.version ? `@${path.package.version.text}` : ''}`);
  const users: { iface: string; names: Set<string> }[] = [];
  for (const f of ctx.users ?? []) {
    const through = new Map<string, string>();
    for (const it of ownItems(f)) if (it.kind === 'top-use' && ownPath(it.path)) through.set((it.as ?? it.path.name).name, it.path.name.name);
    const items = [...scopes([f]).map((s) => s.items), ...[...worlds([f])].map((w) => w.world.items)];
    for (const list of items) for (const it of list) {
      if (it.kind !== 'use') continue;
      const iface = ownPath(it.path) ? it.path.name.name : it.path.kind === 'local' ? through.get(it.path.name.name) : undefined;
      if (iface) users.push({ iface, names: new Set(it.names.map((n) => n.name.name)) });
    }
  }
  // Who re-exports a name of a scope: `use <scope>.{name ...}` in another interface or in a world.
  const reexports = (scope: Scope, local: string): { via?: IoName }[] => {
    const out: { via?: IoName }[] = [];
    for (const s of all) for (const it of s.items) {
      if (it.kind === 'use' && pathNames(it.path, scope)) for (const u of it.names) if (u.name.name === local) out.push({ via: byUseName.get(u) });
    }
    for (const { world } of worlds(ctx.files)) for (const it of world.items) {
      if (it.kind === 'use' && pathNames(it.path, scope) && it.names.some((u) => u.name.name === local)) out.push({});
    }
    for (const u of users) if (u.iface === scope.name && u.names.has(local)) out.push({});
    return out;
  };
  const aliasItems = (scope: Scope) => new Set<S.InterfaceItem>(names.get(scope)!.flatMap((n) => (n.kind === 'alias' ? [n.alias] : [])));
  const ownUses = new Map<Scope, Map<string, number>>();
  const ownRefs = (scope: Scope, local: string): number => {
    let m = ownUses.get(scope);
    if (!m) {
      const aliases = aliasItems(scope);
      ownUses.set(scope, (m = nameUses(scope.items.filter((it) => !aliases.has(it)))));
    }
    return m.get(local) ?? 0;
  };

  // Whether an item of a scope refers to a local name.
  const refers = (it: S.InterfaceItem | S.ResourceFunc, local: string): boolean => hasType(itemTypes(it), (t) => refName(t) === local);
  // A wasi:io name other than the error that an item still holds once this rule ran (kept): an io error beside it stays
  // 0.2 too, as `error-context` there would mix 0.2 and 0.3 in one signature.
  const keptIoIn = (scope: Scope, it: S.InterfaceItem | S.ResourceFunc): IoName | undefined => names.get(scope)!.find((m) => !isIoError(m) && refers(it, m.local) && isKept(m));
  // The signatures an item is read as: a resource's functions each (a pollable one method keeps says nothing of
  // another's io error, which the stream rules may have put in a 0.3 \`future\` already), any other item whole.
  const signatures = (it: S.InterfaceItem): { node: S.InterfaceItem | S.ResourceFunc; name: string }[] =>
    it.kind === 'type' && it.def === 'resource' ? it.funcs.map((m) => ({ node: m, name: `${it.name.name}.${m.name.name}` })) : [{ node: it, name: it.kind === 'use' ? 'use' : it.name.name }];

  // A name is kept when its own scope still refers to it (an io error only
  // where the item also keeps another wasi:io name: elsewhere it is
  // replaced), or when a kept re-export, a kept alias, a world or an
  // interface the model could not follow refers to it.
  const kept = new Map<IoName, boolean>();
  const isKept = (n: IoName): boolean => {
    const known = kept.get(n);
    if (known !== undefined) return known;
    kept.set(n, false); // a cycle keeps nothing by itself
    const scope = scopeOf.get(n)!;
    let v = ownRefs(scope, n.local) > 0;
    if (v && isIoError(n)) {
      const aliases = aliasItems(scope);
      v = scope.items.some((it) => !aliases.has(it) && signatures(it).some((s) => refers(s.node, n.local) && keptIoIn(scope, s.node) !== undefined));
    }
    if (!v) v = reexports(scope, n.local).some((r) => !r.via || isKept(r.via));
    if (!v) {
      for (const a of names.get(scope)!) {
        if (a.kind === 'alias' && a !== n && refers(a.alias, n.local) && isKept(a)) v = true;
      }
    }
    kept.set(n, v);
    return v;
  };

  for (const scope of all) {
    const f = scope.file;
    const list = names.get(scope)!;
    if (!list.length) continue;
    const aliases = aliasItems(scope);
    for (const n of list) {
      if (isKept(n)) {
        // Under its own name, only the way it came is said.
        const as = n.local === n.name ? '' : `as \`${n.local}\`, `;
        const through = n.kind === 'use' && n.direct ? '' : ` (${as}through ${n.kind === 'alias' ? 'a `type` alias' : `\`${src(f, n.use.path.span)}\``})`;
        reviews.push(review(f, n.kind === 'use' ? n.use : n.alias, 'stillUsed', { name: n.name, through }));
        // A kept io error is still replaced where nothing else of wasi:io stays beside it.
        if (!isIoError(n)) continue;
      } else if (n.kind === 'alias') edits.push(deleteItem(f, n.alias, 'wasi:io alias no longer needed'));
      if (!isIoError(n) || ownRefs(scope, n.local) === 0) continue;
      const own = errorType(scope.items);
      // What the error type itself holds cannot name it (\`variant error-code { io(io-error) }\`): there, error-context.
      const inside = own ? typesReached(scope.items, own) : new Set<string>();
      for (const it of scope.items) {
        if (aliases.has(it)) continue;
        const e = own && !(it.kind === 'type' && inside.has(it.name.name)) ? own : 'error-context';
        for (const s of signatures(it)) {
          const beside = refers(s.node, n.local) ? keptIoIn(scope, s.node) : undefined;
          if (beside) {
            reviews.push(review(f, s.node, 'errorKept', { item: s.name, io: beside.local }));
            continue;
          }
          let hit = false;
          for (const root of itemTypes(s.node)) {
            walkType(root, (t) => {
              if (refName(t) === n.local) {
                hit = true;
                edits.push({ file: f.path, span: t.span, text: e, note: `wasi:io/error.error becomes ${e}` });
              }
            });
          }
          if (hit) reviews.push(review(f, s.node, 'errorReplaced', { replacement: e, item: s.name }));
        }
      }
    }
    const gone = new Set(list.flatMap((n) => (n.kind === 'use' && !isKept(n) ? [n.useName] : [])));
    // An interface that only gathered wasi:io names is left empty: other packages may name it, so say so rather than delete it.
    const emptied = scope.node.kind === 'interface' && scope.items.length > 0 && scope.items.every((it) => it.kind === 'use' && it.names.every((u) => gone.has(u)));
    if (emptied) reviews.push(review(f, scope.node, 'leftEmpty', { scope: scope.name }));
    for (const use of new Set(list.flatMap((n) => (n.kind === 'use' ? [n.use] : [])))) trimUse(f, use, gone);
  }
  for (const { file: f, world } of worlds(ctx.files)) {
    // A world's own \`use\` of wasi:io (for the functions and types the world declares itself): names none of
    // them refers to any more go, as an interface's do; a name still referred to stays, reported.
    const own = worldIoNames(f, world);
    if (own.length) {
      const types: S.Type[] = [];
      for (const it of world.items) {
        let roots: S.Type[] = [];
        if (it.kind === 'import' || it.kind === 'export') {
          if (it.extern.kind === 'func') roots = funcTypes(it.extern.func);
          else if (it.extern.kind === 'interface') roots = it.extern.items.flatMap((x) => itemTypes(x));
        } else if (it.kind === 'type') roots = itemTypes(it);
        for (const r of roots) walkType(r, (t) => types.push(t));
      }
      const referred = new Set(types.map(refName));
      const gone = new Set<S.UseName>();
      for (const n of own) {
        if (!referred.has(n.local)) gone.add(n.useName);
        else reviews.push(review(f, n.use, 'stillUsedInWorld', { name: n.name }));
      }
      for (const use of new Set(own.map((n) => n.use))) trimUse(f, use, gone);
    }
    const local = ioTopUses(f);
    let removed = 0;
    for (const it of world.items) {
      const path = it.kind === 'include' ? it.path : (it.kind === 'import' || it.kind === 'export') && (it.extern.kind === 'path' || it.extern.kind === 'implements') ? it.extern.path : undefined;
      if ((path?.kind === 'package' && isIo02(path.package)) || (path?.kind === 'local' && local.has(path.name.name))) {
        edits.push(deleteItem(f, it, `wasi:io ${it.kind} removed`));
        removed++;
      } else if (it.kind === 'use' && deletedUses.has(it)) removed++;
    }
    // A world that held only wasi:io (a test world of wasi:io: \`import wasi:io/error@0.2.0; include wasi:io/imports@0.2.0;\`)
    // is valid WIT once empty, but imports nothing: say so rather than leave it silently.
    if (removed && removed === world.items.length) reviews.push(review(f, world, 'worldLeftEmpty', { world: world.name.name }));
  }
  // A file-level \`use wasi:io/x@0.2.y;\` (or \`... as name\`) goes once nothing of the file names it: a \`use x.{...}\` this
  // rule keeps still does (reported); a world's \`import x;\` of it went above, with the other wasi:io imports.
  for (const f of ctx.files) {
    for (const [local, top] of ioTopUses(f)) {
      const refs = localUses(f, local);
      if (refs.every((u) => deletedUses.has(u))) edits.push(deleteItem(f, top, 'file-level wasi:io use no longer needed'));
      else reviews.push(review(f, top, 'stillUsed', { name: top.path.name.name, through: top.as && local !== top.path.name.name ? ` (as \`${local}\`)` : '' }));
    }
  }
  return { edits, reviews };

  // The \`use <local>.{...}\` items of a file's interfaces and worlds.
  function localUses(f: WitFile, local: string): S.Use[] {
    const out: S.Use[] = [];
    const add = (items: readonly (S.InterfaceItem | S.WorldItem)[]) => {
      for (const it of items) if (it.kind === 'use' && it.path.kind === 'local' && it.path.name.name === local) out.push(it);
    };
    for (const s of all) if (s.file === f) add(s.items);
    for (const { file, world } of worlds(ctx.files)) if (file === f) add(world.items);
    return out;
  }

  // Drops the names of a \`use\` that are \`gone\` (the whole \`use\` when none is left).
  function trimUse(f: WitFile, use: S.Use, gone: ReadonlySet<S.UseName>): void {
    const keep = use.names.filter((u) => !gone.has(u));
    if (keep.length === use.names.length) return;
    if (keep.length === 0) {
      deletedUses.add(use);
      edits.push(deleteItem(f, use, use.path.kind === 'package' ? 'wasi:io use no longer needed' : 'use of wasi:io names no longer needed'));
      return;
    }
    // One name per line: each name that goes takes its own line (and the comment lines above it); the others keep theirs.
    const lines = useLines(f, use);
    if (lines) {
      for (const n of use.names) if (gone.has(n)) edits.push({ file: f.path, span: lines.names.get(n)!.span, text: '', note: 'drop wasi:io names no longer needed' });
      return;
    }
    // Names on one line: the comments among them stay in the list (\`pollable /* readiness */, poll\`), each with the
    // name it was written before or after; a dropped name's go to the kept name before it (or before the first kept
    // one). The first name's lead and the last name's trailing comments lie outside the span replaced, where they stay.
    const first = use.names[0]!.span.start;
    const lastName = use.names[use.names.length - 1]!;
    const { before, after } = useNameComments(f, use);
    const items: { text: string; before: string[]; after: string[] }[] = [];
    let carried: string[] = [];
    for (const n of use.names) {
      const own = [...(n === use.names[0] ? [] : before.get(n)!), ...(n === lastName ? [] : after.get(n)!)];
      if (gone.has(n)) {
        if (items.length) items[items.length - 1]!.after.push(...own);
        else carried.push(...own);
        continue;
      }
      const ahead = n === use.names[0] ? [] : before.get(n)!;
      items.push({ text: src(f, n.span), before: [...carried, ...ahead], after: n === lastName ? [] : [...after.get(n)!] });
      carried = [];
    }
    const ls = f.text.lastIndexOf('\n', use.span.start - 1) + 1;
    const base = /^[ \t]*/.exec(f.text.slice(ls))![0];
    edits.push({ file: f.path, span: { start: first, end: lastName.span.end }, text: joinUseNames(items, `${base}  `, base), note: 'drop wasi:io names no longer needed' });
  }
}

const rule: Rule = {
  id: 'io-removal',
  number: 7,
  summary: 'wasi:io uses, imports and includes go; wasi:io/error.error becomes the interface error-code or error-context',
  docs,
  messages,
  kind: 'needs-review',
  apply: ioRemoval,
  cases: [
    {
      name: 'unused names and world imports go',
      before: `package my:app@0.1.0;

interface api {
  use wasi:io/poll@0.2.0.{pollable};
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  run: func(src: stream<u8>) -> future<result<_, string>>;
}

world app {
  import wasi:io/poll@0.2.0;
  include wasi:io/imports@0.2.0;
  export api;
}
`,
      after: `package my:app@0.1.0;

interface api {
  run: func(src: stream<u8>) -> future<result<_, string>>;
}

world app {
  export api;
}
`,
    },
    {
      // A plugin world's imports under one `//` heading, wasi:io's first (/tmp/s44/wprobe5/openlist-driver): the
      // heading went with the first import, as if it were that import's alone, and the clock import kept none.
      name: 'a `//` heading over imports that stay is kept when the wasi:io imports under it go',
      before: `package my:plugin@0.1.0;

world driver {
    // the standard WASI interfaces the plugin needs
    import wasi:io/streams@0.2.12;
    import wasi:io/poll@0.2.12;
    import wasi:clocks/monotonic-clock@0.2.12;

    // a heading over wasi:io alone goes with it
    import wasi:io/error@0.2.12;

    export run: func();
}

interface api {
    // readiness of the runner
    use wasi:io/poll@0.2.12.{pollable};
    run: func();
}
`,
      after: `package my:plugin@0.1.0;

world driver {
    // the standard WASI interfaces the plugin needs
    import wasi:clocks/monotonic-clock@0.2.12;

    export run: func();
}

interface api {
    run: func();
}
`,
    },
    {
      // A Dart host's test worlds (/tmp/s42/wprobe3/dart-testsuite): \`world io-test\` held only wasi:io imports and
      // came out \`world io-test {}\` with no word: valid WIT that imports nothing.
      name: 'a world that only held wasi:io is left empty: reported',
      before: `package my:tests@0.1.0;

use wasi:io/poll@0.2.12;

world io-test {
  import wasi:io/error@0.2.12;
  include wasi:io/imports@0.2.12;
}

world poll-test {
  import poll;
}

world clock-test {
  import wasi:clocks/monotonic-clock@0.2.12;
  include wasi:io/imports@0.2.12;
}
`,
      after: `package my:tests@0.1.0;

// wasi-migrate(review): world \`io-test\` only held wasi:io, which 0.3 does not have (its streams, futures and errors are built in), and is left empty: it imports and exports nothing now; give it what its components need, or delete it
world io-test {
}

// wasi-migrate(review): world \`poll-test\` only held wasi:io, which 0.3 does not have (its streams, futures and errors are built in), and is left empty: it imports and exports nothing now; give it what its components need, or delete it
world poll-test {
}

world clock-test {
  import wasi:clocks/monotonic-clock@0.2.12;
}
`,
      reviews: ['world `io-test` only held wasi:io', 'world `poll-test` only held wasi:io'],
    },
    {
      // A world may \`use\` wasi:io itself for the functions it declares: the names nothing refers to any more
      // went nowhere before (the \`use\` kept deps/io in the tree); one still referred to is reported.
      name: 'a world\'s own use: names no longer referred to go, one still referred to stays (reported)',
      before: `package my:app@0.1.0;

world app {
  use wasi:io/poll@0.2.0.{pollable};
  use wasi:io/streams@0.2.0.{input-stream, output-stream};
  export feed: func(src: stream<u8>) -> u64;
  import tick: func() -> pollable;
}
`,
      after: `package my:app@0.1.0;

world app {
  // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses in this world, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/poll@0.2.0.{pollable};
  export feed: func(src: stream<u8>) -> u64;
  import tick: func() -> pollable;
}
`,
      reviews: ['`pollable` is still used here'],
    },
    {
      name: 'uses written last, after a blank line: the blank line goes with them',
      before: `package my:app@0.1.0;

interface api {
  run: func(src: stream<u8>) -> future<result<_, string>>;

  use wasi:io/poll@0.2.0.{pollable};
  use wasi:io/streams@0.2.0.{input-stream};
}

world app {
  export api;

  import wasi:io/poll@0.2.0;
}
`,
      after: `package my:app@0.1.0;

interface api {
  run: func(src: stream<u8>) -> future<result<_, string>>;
}

world app {
  export api;
}
`,
    },
    {
      // lay3r:avs (Lay3rLabs) opens its file with \`use wasi:io/poll@0.2.2;\` and friends that nothing names: they
      // stayed, and kept deps/io (two versions of it) in the tree with no word of why.
      name: 'file-level uses of wasi:io go once nothing of the file names them; one still named stays (reported)',
      before: `package my:app@0.1.0;

use wasi:io/poll@0.2.12;
use wasi:io/error@0.2.12 as io-error;
use wasi:io/streams@0.2.12 as streams;
use wasi:clocks/monotonic-clock@0.2.12;

interface api {
  use streams.{input-stream};
  run: func() -> u32;
  read: func() -> input-stream;
}

world app {
  import poll;
  export api;
}
`,
      after: `package my:app@0.1.0;

// wasi-migrate(review): wasi:io \`streams\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
use wasi:io/streams@0.2.12 as streams;
use wasi:clocks/monotonic-clock@0.2.12;

interface api {
  // wasi-migrate(review): wasi:io \`input-stream\` (through \`streams\`) is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use streams.{input-stream};
  run: func() -> u32;
  read: func() -> input-stream;
}

world app {
  export api;
}
`,
      reviews: ['`input-stream` (through `streams`) is still used', 'wasi:io `streams` is still used here'],
    },
    {
      // Names an interface \`use\`s through a file-level \`use wasi:io/... as x;\` were not known as wasi:io when the
      // package's interfaces \`use\`d no package themselves (the model was never asked): rules 3 and 4 left them.
      name: 'names used through a file-level use are wasi:io names: ported, then the whole chain goes',
      with: [3, 4],
      before: `package my:app@0.1.0;

use wasi:io/streams@0.2.12 as streams;
use wasi:io/poll@0.2.12 as poll;

interface api {
  use streams.{input-stream};
  use poll.{pollable};
  variant my-error { closed }
  open: func(name: string) -> result<input-stream, my-error>;
  subscribe-tick: func() -> pollable;
}
`,
      after: `package my:app@0.1.0;

interface api {
  variant my-error { closed }
  open: func(name: string) -> tuple<stream<u8>, future<result<_, my-error>>>;
  wait-tick: async func();
}
`,
    },
    {
      // A \`use\` written one name per line, each with its comment: dropping a name rejoined the others on one line
      // and lost their comments (\`output-stream, stream-error,   // the error both report\`).
      name: 'a use written one name per line: the names that go take their lines, the others keep theirs and their comments',
      with: [4],
      before: `package my:app@0.1.0;

interface files {
  use wasi:io/streams@0.2.12.{
    // reads
    input-stream,   // what \`open\` hands out
    output-stream,  // what \`append\` hands out
    stream-error,   // the error both report
  };

  enum error-code { missing, denied }

  open: func(name: string) -> result<input-stream, error-code>;
  append: func(name: string) -> result<tuple<u64, output-stream>, error-code>;
  last-error: func() -> option<stream-error>;
}
`,
      after: `package my:app@0.1.0;

interface files {
  // wasi-migrate(review): wasi:io \`output-stream\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  // wasi-migrate(review): wasi:io \`stream-error\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/streams@0.2.12.{
    output-stream,  // what \`append\` hands out
    stream-error,   // the error both report
  };

  enum error-code { missing, denied }

  open: func(name: string) -> tuple<stream<u8>, future<result<_, error-code>>>;
  append: func(name: string) -> result<tuple<u64, output-stream>, error-code>;
  last-error: func() -> option<stream-error>;
}
`,
      reviews: ['`output-stream` is still used', '`stream-error` is still used'],
    },
    {
      // Names on one line with comments among them: dropping a name rejoined the others bare and lost their comments
      // (\`use wasi:io/poll@0.2.12.{pollable /* readiness */, poll};\`, /tmp/s40/wprobe/use-comments).
      name: 'a use with its names on one line: the comments among them stay, after the name they followed',
      before: `package my:app@0.1.0;

interface files {
  use wasi:io/poll@0.2.12.{pollable /* readiness */, poll};
  use wasi:io/streams@0.2.12.{input-stream /* reads */, output-stream /* writes */, stream-error};

  ready: func() -> pollable;
  last-error: func() -> option<stream-error>;
}
`,
      after: `package my:app@0.1.0;

interface files {
  // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/poll@0.2.12.{pollable /* readiness */};
  // wasi-migrate(review): wasi:io \`stream-error\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/streams@0.2.12.{/* reads */ /* writes */ stream-error};

  ready: func() -> pollable;
  last-error: func() -> option<stream-error>;
}
`,
      reviews: ['wasi:io `pollable` is still used here', 'wasi:io `stream-error` is still used here'],
    },
    {
      name: 'io error becomes the interface error-code',
      before: `package my:app@0.1.0;

interface api {
  use wasi:io/error@0.2.0.{error as io-error};
  enum error-code { broken }
  explain: func(err: borrow<io-error>) -> option<error-code>;
}
`,
      after: `package my:app@0.1.0;

interface api {
  enum error-code { broken }
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-code\` in \`explain\`: check the meaning (a function that only converted an io error can usually go)
  explain: func(err: error-code) -> option<error-code>;
}
`,
      reviews: ['replaced by `error-code`'],
    },
    {
      // A WIT probe (/tmp/s49/wprobe/p7): \`last-error(io-error)\` in \`error-code\` became \`last-error(error-code)\`, and
      // the run stopped on wit-parser's "type \`error-code\` depends on itself" (exit 2, nothing written).
      name: 'in what the error-code itself holds, the io error becomes error-context, not error-code',
      before: `package my:app@0.1.0;

interface api {
  use wasi:io/error@0.2.0.{error as io-error};
  record io-failure { cause: io-error, at: u64 }
  variant error-code { closed, last-error(io-error), failed(list<io-failure>) }
  explain: func(err: borrow<io-error>) -> option<error-code>;
}
`,
      after: `package my:app@0.1.0;

interface api {
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`io-failure\`: check the meaning (a function that only converted an io error can usually go)
  record io-failure { cause: error-context, at: u64 }
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`error-code\`: check the meaning (a function that only converted an io error can usually go)
  variant error-code { closed, last-error(error-context), failed(list<io-failure>) }
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-code\` in \`explain\`: check the meaning (a function that only converted an io error can usually go)
  explain: func(err: error-code) -> option<error-code>;
}
`,
      reviews: ['replaced by `error-context` in `io-failure`', 'replaced by `error-context` in `error-code`', 'replaced by `error-code` in `explain`'],
    },
    {
      // A WIT probe (/tmp/s49/wprobe/p1): one method of \`job\` kept a pollable, so the io error stayed in every method of
      // it, in \`output\` too, where rule 4 had already written a 0.3 \`future\` around it: 0.2 and 0.3 in one signature.
      name: 'a resource\'s methods are signatures of their own: a pollable one keeps does not keep the io error in another',
      before: `package my:app@0.1.0;

interface jobs {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{error as stream-error};
  resource job {
    subscribe: func() -> pollable;
    output: func() -> tuple<stream<u8>, future<result<_, stream-error>>>;
  }
}
`,
      after: `package my:app@0.1.0;

interface jobs {
  // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/poll@0.2.3.{pollable};
  resource job {
    subscribe: func() -> pollable;
    // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`job.output\`: check the meaning (a function that only converted an io error can usually go)
    output: func() -> tuple<stream<u8>, future<result<_, error-context>>>;
  }
}
`,
      reviews: ['wasi:io `pollable` is still used', 'replaced by `error-context` in `job.output`'],
    },
    {
      name: 'the io error taken from `streams` (which re-exports it) is the io error: replaced the same way',
      before: `package my:app@0.1.0;

interface api {
  use wasi:io/streams@0.2.0.{error};
  enum error-code { broken }
  explain: func(err: borrow<error>) -> option<error-code>;
}
`,
      after: `package my:app@0.1.0;

interface api {
  enum error-code { broken }
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-code\` in \`explain\`: check the meaning (a function that only converted an io error can usually go)
  explain: func(err: error-code) -> option<error-code>;
}
`,
      reviews: ['replaced by `error-code`'],
    },
    {
      name: 'an io error beside a 0.2 stream that stays: kept there (reported), replaced elsewhere',
      before: `package my:log@0.1.0;

interface sink {
  use wasi:io/streams@0.2.12.{output-stream};
  use wasi:io/error@0.2.12.{error as io-error};
  last-error: func(out: borrow<output-stream>) -> option<io-error>;
  describe: func(err: borrow<io-error>) -> string;
}
`,
      after: `package my:log@0.1.0;

interface sink {
  // wasi-migrate(review): wasi:io \`output-stream\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/streams@0.2.12.{output-stream};
  // wasi-migrate(review): wasi:io \`error\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/error@0.2.12.{error as io-error};
  // wasi-migrate(review): wasi:io \`error\` stays in \`last-error\`: it holds wasi:io 0.2 \`output-stream\` too, which no rule could port there (0.2 and 0.3 never mix in one signature); port it by hand
  last-error: func(out: borrow<output-stream>) -> option<io-error>;
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`describe\`: check the meaning (a function that only converted an io error can usually go)
  describe: func(err: error-context) -> string;
}
`,
      reviews: ['`output-stream` is still used here', '`error` is still used here', '`error` stays in `last-error`', 'replaced by `error-context` in `describe`'],
    },
    {
      name: 'io error without error-code becomes error-context; a still-used pollable stays',
      before: `package my:app@0.1.0;

interface api {
  use wasi:io/error@0.2.0.{error};
  use wasi:io/poll@0.2.0.{pollable, poll};
  last-error: func() -> option<error>;
  ready: func() -> pollable;
}
`,
      after: `package my:app@0.1.0;

interface api {
  // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-context\` in \`last-error\`: check the meaning (a function that only converted an io error can usually go)
  last-error: func() -> option<error-context>;
  ready: func() -> pollable;
}
`,
      reviews: ['`error-context`', '`pollable` is still used'],
    },
    {
      name: 're-exported by a local interface: the whole chain goes once its end is rewritten',
      with: [3, 4],
      before: `package my:app@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
  use wasi:io/streams@0.2.3.{input-stream};
}

interface api {
  use io-types.{pollable as p, input-stream as bytes};
  enum error-code { closed }
  subscribe-tick: func() -> p;
  open: func() -> result<bytes, error-code>;
}
`,
      after: `package my:app@0.1.0;

// wasi-migrate(review): \`io-types\` only held wasi:io names and is left empty: delete it (and its imports and exports) unless another package uses it
interface io-types {
}

interface api {
  enum error-code { closed }
  wait-tick: async func();
  open: func() -> tuple<stream<u8>, future<result<_, error-code>>>;
}
`,
      reviews: ['`io-types` only held wasi:io names'],
    },
    {
      name: 'io error re-exported: replaced where it is used, the use beside it keeps its other names',
      before: `package my:app@0.1.0;

interface types {
  use wasi:io/error@0.2.3.{error};
  enum error-code { broken }
}

interface api {
  use types.{error as io-error, error-code};
  explain: func(err: borrow<io-error>) -> option<error-code>;
}
`,
      after: `package my:app@0.1.0;

interface types {
  enum error-code { broken }
}

interface api {
  use types.{error-code};
  // wasi-migrate(review): wasi:io \`error\` replaced by \`error-code\` in \`explain\`: check the meaning (a function that only converted an io error can usually go)
  explain: func(err: error-code) -> option<error-code>;
}
`,
      reviews: ['replaced by `error-code` in `explain`'],
    },
    {
      name: 'a type alias no longer used goes with its use',
      with: [3],
      before: `package my:app@0.1.0;

interface api {
  use wasi:io/poll@0.2.3.{pollable};
  type tick = pollable;
  subscribe-tick: func() -> tick;
}
`,
      after: `package my:app@0.1.0;

interface api {
  wait-tick: async func();
}
`,
    },
    {
      name: 'still used through a re-export and an alias: every link is kept and reported',
      before: `package my:app@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface api {
  use io-types.{pollable as p};
  type ready-signal = p;
  ready: func() -> ready-signal;
}
`,
      reviews: ['wasi:io `pollable` is still used', '`pollable` (as `p`, through `io-types`) is still used', '`pollable` (as `ready-signal`, through a `type` alias) is still used'],
    },
    {
      name: 'a package that does not resolve: a re-export counts as used (the syntax cannot tell)',
      before: `package my:app@0.1.0;

interface io-types {
  use wasi:io/poll@0.2.3.{pollable};
}

interface api {
  use io-types.{pollable as p};
  use acme:missing/things@1.0.0.{thing};
  run: func(t: thing);
}
`,
      reviews: ['wasi:io `pollable` is still used'],
    },
    {
      // A WIT probe (/tmp/s49/wprobe/p13): the alias was used only from another package of the file, by path
      // (\`use my:types/t@0.1.0.{ready}\`), which counted as no use: it went, and the run stopped on wit-parser's
      // "type \`ready\` not defined in interface" (exit 2, nothing written).
      name: 'a nested package\'s alias used by path from another package of the file is kept, with the wasi:io use it needs',
      before: `package my:app@0.1.0;

interface api {
  use my:types/t@0.1.0.{ready as r};
  wait: func() -> r;
}

package my:types@0.1.0 {
  interface t {
    use wasi:io/poll@0.2.3.{pollable};
    type ready = pollable;
  }
}
`,
      after: `package my:app@0.1.0;

interface api {
  // wasi-migrate(review): wasi:io \`pollable\` (as \`r\`, through \`my:types/t@0.1.0\`) is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use my:types/t@0.1.0.{ready as r};
  wait: func() -> r;
}

package my:types@0.1.0 {
  interface t {
    // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
    use wasi:io/poll@0.2.3.{pollable};
    // wasi-migrate(review): wasi:io \`pollable\` (as \`ready\`, through a \`type\` alias) is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
    type ready = pollable;
  }
}
`,
      reviews: ['`pollable` (as `r`, through `my:types/t@0.1.0`) is still used', 'wasi:io `pollable` is still used', '`pollable` (as `ready`, through a `type` alias) is still used'],
    },
    {
      // WIT probe (/tmp/s50/wesc/probe/r1): a vendored package's \`type sink = output-stream;\`, used by nothing of its
      // own but \`use\`d by the main package, went when the run ported the dep in place, and the run stopped on
      // wit-parser's "type \`sink\` not defined in interface" (exit 2, nothing written).
      name: 'a vendored package\'s alias the main package uses is kept when the dep is ported in place',
      with: [9],
      before: {
        'app.wit': `package my:app@0.1.0;

use acme:bytes/bytes@1.0.0 as b;

interface api {
  use acme:bytes/bytes@1.0.0.{sink};
  use b.{ready};
  push: func(s: sink);
  wait: func() -> ready;
}
`,
        'deps/acme-bytes/bytes.wit': `package acme:bytes@1.0.0;

interface bytes {
  use wasi:io/streams@0.2.0.{output-stream};
  use wasi:io/poll@0.2.0.{pollable};
  type sink = output-stream;
  type ready = pollable;
  type unused = pollable;
}
`,
      },
      after: {
        'deps/acme-bytes/bytes.wit': `package acme:bytes@1.0.0;

interface bytes {
  // wasi-migrate(review): wasi:io \`output-stream\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/streams@0.2.0.{output-stream};
  // wasi-migrate(review): wasi:io \`pollable\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  use wasi:io/poll@0.2.0.{pollable};
  // wasi-migrate(review): wasi:io \`output-stream\` (as \`sink\`, through a \`type\` alias) is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  type sink = output-stream;
  // wasi-migrate(review): wasi:io \`pollable\` (as \`ready\`, through a \`type\` alias) is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand
  type ready = pollable;
}
`,
      },
      reviews: ['`output-stream` (as `sink`, through `acme:bytes/bytes@1.0.0`) is still used', '`pollable` (as `ready`, through `b`) is still used', 'wasi:io `output-stream` is still used', 'wasi:io `pollable` is still used', '`output-stream` (as `sink`, through a `type` alias) is still used', '`pollable` (as `ready`, through a `type` alias) is still used'],
    },
  ],
};
export default rule;

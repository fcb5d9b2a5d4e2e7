import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';
import { deleteItem, errorType, ioNames, isWasi02, itemTypes, nameUses, review, scopes, src, walkType, worlds } from './util.js';

const docs = `
wasi:io is gone in 0.3: pollables, streams and the error resource became
Component Model built-ins (\`async func\`, \`stream<T>\`, \`future<T>\`,
\`error-context\`). Run after the other rules, this one removes what is left:

- \`use wasi:io/...\` names that nothing references any more are dropped
  (the whole \`use\` when none is left).
- \`wasi:io/error.error\` (often \`use ... {error as io-error}\`) still
  referenced is replaced by the interface's own \`error-code\` when it has
  one, else by \`error-context\`; each item is reported, since a function
  that only converted an io error (\`http-error-code(err: borrow<io-error>)\`)
  usually goes entirely.
- \`import\`/\`export\`/\`include\` of wasi:io in worlds are dropped.
- Names still referenced (a \`pollable\` or stream another rule could not
  rewrite) keep their \`use\` and are reported: the output then still needs
  wasi:io 0.2 as a dependency.
`;

export function ioRemoval(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const all = [...scopes(ctx.files)];
  for (const scope of all) {
    const f = scope.file;
    const names = ioNames(scope.items);
    if (!names.length) continue;
    const uses = nameUses(scope.items);
    // Names other interfaces of the package `use` from this one count as used.
    const reexported = new Set<string>();
    for (const s of all) for (const it of s.items) {
      if (it.kind === 'use' && it.path.kind === 'local' && it.path.name.name === scope.name) for (const n of it.names) reexported.add(n.name.name);
    }
    const keep = new Set<S.UseName>();
    for (const n of names) {
      const used = (uses.get(n.local) ?? 0) > 0 || reexported.has(n.local);
      if (!used) continue;
      if (n.iface === 'error' && n.name === 'error' && !reexported.has(n.local)) {
        const e = errorType(scope.items) ?? 'error-context';
        for (const it of scope.items) {
          let hit = false;
          for (const root of itemTypes(it)) {
            walkType(root, (t) => {
              if ((t.kind === 'name' || t.kind === 'borrow' || t.kind === 'own') && t.name.name === n.local) {
                hit = true;
                edits.push({ file: f.path, span: t.span, text: e, note: `wasi:io/error.error becomes ${e}` });
              }
            });
          }
          if (hit) reviews.push(review(f, it, `wasi:io \`error\` replaced by \`${e}\` in \`${it.kind === 'use' ? 'use' : it.name.name}\`: check the meaning (a function that only converted an io error can usually go)`));
        }
        continue;
      }
      keep.add(n.useName);
      reviews.push(review(f, n.use, `wasi:io \`${n.name}\` is still used here: no rule could rewrite its uses, so this keeps a wasi:io 0.2 dependency; port those uses by hand`));
    }
    const byUse = new Map<S.Use, S.UseName[]>();
    for (const n of names) {
      let l = byUse.get(n.use);
      if (!l) byUse.set(n.use, (l = []));
      if (keep.has(n.useName)) l.push(n.useName);
    }
    for (const [use, kept] of byUse) {
      if (kept.length === use.names.length) continue;
      if (kept.length === 0) {
        edits.push(deleteItem(f, use, 'wasi:io use no longer needed'));
        continue;
      }
      const first = use.names[0]!.span.start;
      const last = use.names[use.names.length - 1]!.span.end;
      edits.push({ file: f.path, span: { start: first, end: last }, text: kept.map((k) => src(f, k.span)).join(', '), note: 'drop wasi:io names no longer needed' });
    }
  }
  for (const { file: f, world } of worlds(ctx.files)) {
    for (const it of world.items) {
      const path = it.kind === 'include' ? it.path : (it.kind === 'import' || it.kind === 'export') && (it.extern.kind === 'path' || it.extern.kind === 'implements') ? it.extern.path : undefined;
      if (path?.kind === 'package' && path.package.namespace.name === 'wasi' && path.package.name.name === 'io' && isWasi02(path.package)) {
        edits.push(deleteItem(f, it, `wasi:io ${it.kind} removed`));
      }
    }
  }
  return { edits, reviews };
}

const rule: Rule = {
  id: 'io-removal',
  number: 7,
  summary: 'wasi:io uses, imports and includes go; wasi:io/error.error becomes the interface error-code or error-context',
  docs,
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
  ],
};
export default rule;

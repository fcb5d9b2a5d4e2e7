import { officialWitPackages, officialWitText } from '../src/validate/wit-parser.js';
import type { Span } from '../src/wit/syntax.js';
import type { FileOp, Rule, RuleContext, RuleEdit, ReviewNote } from './types.js';

const docs = `
Vendored \`wasi:*\` 0.2 packages under \`deps/\` are replaced by the official
0.3.0 WIT that \`@bytecodealliance/jco\` ships (lib/wit/builtin/0.3.0), in the
same folder; official 0.3.0 packages they depend on are added beside them.
\`deps/io\` goes, as nothing in 0.3 uses wasi:io. A \`deps.toml\` (wit-deps)
follows: the \`io\` entry goes, other wasi URLs point at v0.3.0 (the
\`v0.2.x\` tag and a \`wasi-wit-0.2.x\` release archive or prefix alike), and
pinned \`sha256\`/\`sha512\` go with the old URL.

A \`deps.lock\` cannot be brought up to date faithfully: wit-deps hashes a
tar encoding of each unpacked dependency folder, and only wit-deps itself
reproduces that encoding. So the entries of the deps this rule replaced or
removed are deleted (their hashes describe the 0.2 files), the others are
kept byte for byte, and the change is reported: run \`wit-deps lock\` to
record the 0.3.0 hashes. wit-deps treats a missing entry as "not locked yet"
and a stale one as an error, so a lock with fewer entries is the consistent
state.

A 0.2 package the migrated WIT still references (items reported by other
rules as having no 0.3.0 counterpart) is kept as it is; its 0.3.0
replacement is added as \`deps/<name>-0.3.0\`.

Only runs on packages with a \`deps/\` folder; reads jco's files, nothing else.
`;

const OFFICIAL_DEPS: Record<string, string[]> = {
  cli: ['clocks', 'filesystem', 'sockets', 'random'],
  filesystem: ['clocks'],
  sockets: ['clocks'],
  http: ['clocks', 'random', 'cli', 'filesystem', 'sockets'],
  clocks: [],
  random: [],
};

export function vendoredDeps(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const fileOps: FileOp[] = [];
  const wasi02 = ctx.deps.filter((d) => d.namespace === 'wasi' && d.version?.startsWith('0.2.'));
  if (!wasi02.length) return { edits, reviews, fileOps };
  const official = officialWitPackages('0.3.0');
  const mainText = ctx.files.map((f) => f.text).join('\n');
  const refs = (name: string, version: string) => new RegExp(`wasi:${name}/[a-z0-9%-]+@${version.replace(/\./g, '\\.')}`).test(mainText);
  const present = new Set(ctx.deps.filter((d) => d.namespace === 'wasi' && d.version === '0.3.0').map((d) => d.name!));
  const kept = new Set<string>();
  const want = new Set<string>();
  for (const d of wasi02) {
    const name = d.name!;
    if (refs(name, d.version!)) {
      kept.add(d.path);
      if (name !== 'io') want.add(name);
      continue;
    }
    for (const f of d.files) fileOps.push({ kind: 'delete', path: f, note: `vendored ${d.packageId} replaced` });
    if (name === 'io') continue;
    if (!official[name]) {
      reviews.push({ file: ctx.files[0]!.path, offset: 0, message: `vendored ${d.packageId} has no official 0.3.0 package in jco: replace it by hand` });
      continue;
    }
    want.add(name);
    if (!present.has(name)) {
      fileOps.push({ kind: 'write', path: `${d.path.replace(/\.wit$/, '')}/package.wit`, text: officialWitText('0.3.0', name)!, note: `official wasi:${name}@0.3.0 from jco` });
      present.add(name);
    }
  }
  // Official packages the new ones depend on.
  const queue = [...want];
  while (queue.length) {
    const n = queue.pop()!;
    if (!present.has(n) && official[n]) {
      const taken = ctx.deps.some((d) => d.path === `deps/${n}` && kept.has(d.path));
      fileOps.push({ kind: 'write', path: `deps/${taken ? `${n}-0.3.0` : n}/package.wit`, text: officialWitText('0.3.0', n)!, note: `official wasi:${n}@0.3.0 from jco` });
      present.add(n);
    }
    for (const m of OFFICIAL_DEPS[n] ?? []) if (!present.has(m)) queue.push(m);
  }
  const toml = ctx.extraFiles['deps.toml'];
  if (toml !== undefined) {
    let at = 0;
    for (const line of toml.split(/(?<=\n)/)) {
      const m = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(line);
      const span = { start: at, end: at + line.length };
      at += line.length;
      if (!m) continue;
      const dep = wasi02.find((d) => d.path === `deps/${m[1]}` || d.name === m[1]);
      if (!dep || kept.has(dep.path)) continue;
      if (dep.name === 'io') edits.push({ file: 'deps.toml', span, text: '', note: 'wasi:io is gone in 0.3' });
      else if (/(?:\bv|\bwasi-wit-)0\.2\.\d+/.test(line)) edits.push({ file: 'deps.toml', span, text: line.replace(/\bv0\.2\.\d+/g, 'v0.3.0').replace(/\bwasi-wit-0\.2\.\d+/g, 'wasi-wit-0.3.0').replace(/,?\s*sha(256|512)\s*=\s*"[^"]*"/g, ''), note: `wasi:${dep.name} -> 0.3.0 (re-run wit-deps update)` });
    }
  }
  const lock = ctx.extraFiles['deps.lock'];
  if (lock !== undefined) {
    const stale = new Set(wasi02.filter((d) => !kept.has(d.path)).map((d) => d.path.replace(/^deps\//, '').replace(/\.wit$/, '')));
    const removed: string[] = [];
    let first = -1;
    for (const entry of lockEntries(lock)) {
      if (!stale.has(entry.name)) continue;
      removed.push(entry.name);
      if (first < 0) first = entry.span.start;
      edits.push({ file: 'deps.lock', span: entry.span, text: '', note: `stale lock entry for the replaced deps/${entry.name}` });
    }
    if (removed.length) {
      reviews.push({
        file: 'deps.lock',
        offset: first,
        message: `deps.lock: entries ${removed.map((n) => `\`${n}\``).join(', ')} removed (their hashes were of the 0.2 files); run \`wit-deps lock\` to record the 0.3.0 ones`,
      });
    }
  }
  return { edits, reviews, fileOps };
}

/** A TOML key: double-quoted, single-quoted or bare (one capture group each). */
const KEY = String.raw`(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))`;
const TABLE_HEADER = new RegExp(String.raw`^\s*\[(?!\[)\s*${KEY}\s*\]`);
const INLINE_TABLE = new RegExp(String.raw`^\s*${KEY}\s*=\s*\{`);

function keyName(m: RegExpExecArray): string {
  return m[1] ?? m[2] ?? m[3]!;
}

/**
 * The top-level entries of a wit-deps lock: \`[name]\` tables (up to the next
 * table header) and \`name = { ... }\` inline tables, with the span to delete.
 */
export function lockEntries(text: string): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  let at = 0;
  let open: { name: string; start: number } | undefined;
  const close = (end: number) => {
    if (open) out.push({ name: open.name, span: { start: open.start, end } });
    open = undefined;
  };
  for (const line of text.split(/(?<=\n)/)) {
    const start = at;
    at += line.length;
    const header = TABLE_HEADER.exec(line);
    if (header) {
      close(start);
      open = { name: keyName(header), start };
      continue;
    }
    if (/^\s*\[/.test(line)) close(start);
    const inline = open ? null : INLINE_TABLE.exec(line);
    if (inline) out.push({ name: keyName(inline), span: { start, end: at } });
  }
  close(at);
  return out;
}

const rule: Rule = {
  id: 'vendored-deps',
  number: 9,
  summary: 'vendored wasi:* 0.2 deps are replaced by jco\'s official 0.3.0 WIT; deps/io goes; deps.toml follows; stale deps.lock entries go',
  docs,
  kind: 'mechanical',
  apply: vendoredDeps,
  cases: [
    {
      name: 'io removed, clocks replaced, deps.toml updated',
      before: {
        'app.wit': `package my:app@0.1.0;

world app {
  import wasi:clocks/monotonic-clock@0.3.0;
}
`,
        'deps/io/poll.wit': `package wasi:io@0.2.0;

interface poll {
  resource pollable;
}
`,
        'deps/clocks/monotonic-clock.wit': `package wasi:clocks@0.2.0;

interface monotonic-clock {
  type instant = u64;
}
`,
        'deps.toml': `io = "https://github.com/WebAssembly/wasi-io/archive/v0.2.0.tar.gz"
clocks = "https://github.com/WebAssembly/wasi-clocks/archive/v0.2.0.tar.gz"
`,
      },
      after: {
        'deps.toml': `clocks = "https://github.com/WebAssembly/wasi-clocks/archive/v0.3.0.tar.gz"
`,
        'deps/clocks/package.wit': officialWitText('0.3.0', 'clocks')!,
      },
    },
    {
      name: 'deps.lock: entries of replaced deps go (hashes cannot be recomputed), others stay byte for byte',
      before: {
        'app.wit': `package my:app@0.1.0;

world app {
  import wasi:random/random@0.3.0;
  import my:util/strings@1.0.0;
}
`,
        'deps/io/streams.wit': `package wasi:io@0.2.3;

interface streams {
  resource input-stream;
}
`,
        'deps/random/random.wit': `package wasi:random@0.2.3;

interface random {
  get-random-u64: func() -> u64;
}
`,
        'deps/util/strings.wit': `package my:util@1.0.0;

interface strings {
  upper: func(s: string) -> string;
}
`,
        'deps.toml': `io = { url = "https://github.com/WebAssembly/WASI/releases/download/v0.2.3/wasi-wit-0.2.3.tar.gz", prefix = "wasi-wit-0.2.3/io" }
random = { url = "https://github.com/WebAssembly/WASI/releases/download/v0.2.3/wasi-wit-0.2.3.tar.gz", prefix = "wasi-wit-0.2.3/random" }
util = { path = "../../util/wit" }
`,
        'deps.lock': `[io]
url = "https://github.com/WebAssembly/WASI/releases/download/v0.2.3/wasi-wit-0.2.3.tar.gz"
prefix = "wasi-wit-0.2.3/io"
sha256 = "${'1'.repeat(64)}"
sha512 = "${'2'.repeat(128)}"

[random]
url = "https://github.com/WebAssembly/WASI/releases/download/v0.2.3/wasi-wit-0.2.3.tar.gz"
prefix = "wasi-wit-0.2.3/random"
sha256 = "${'3'.repeat(64)}"
sha512 = "${'4'.repeat(128)}"

[util]
path = "../../util/wit"
sha256 = "${'5'.repeat(64)}"
sha512 = "${'6'.repeat(128)}"
`,
      },
      after: {
        'deps.toml': `random = { url = "https://github.com/WebAssembly/WASI/releases/download/v0.3.0/wasi-wit-0.3.0.tar.gz", prefix = "wasi-wit-0.3.0/random" }
util = { path = "../../util/wit" }
`,
        'deps.lock': `[util]
path = "../../util/wit"
sha256 = "${'5'.repeat(64)}"
sha512 = "${'6'.repeat(128)}"
`,
        'deps/util/strings.wit': `package my:util@1.0.0;

interface strings {
  upper: func(s: string) -> string;
}
`,
      },
      reviews: ['entries `io`, `random` removed'],
    },
  ],
};
export default rule;

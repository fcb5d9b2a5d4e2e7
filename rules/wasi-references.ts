import type * as S from '../src/wit/syntax.js';
import type { Rule, RuleContext, RuleEdit, ReviewNote, WitFile } from './types.js';
import { WASI_API_MAP } from './wasi-api-map.js';
import { isWasiPackage, releasedIn03 } from '../src/wit/official.js';
import { stripComments } from '../src/wit/text-scan.js';
import { deleteItem, funcKeyword, resultArrowSpan, isDecided, itemStart, itemTypes, norm, ownItems, refName, reviewer, scopes, scopeTypeNames, src, useLines, useNameComments, useWrap, joinUseNames, walkType, worlds } from './util.js';

const docs = `
Points every reference to a WASI 0.2 package (any 0.2.x release) at its
0.3.0 counterpart, using the WASI API map (rules/wasi-api-map.ts):

- \`import\`/\`export\`/\`include\` of an interface or world: the path is
  renamed (\`wall-clock\` -> \`system-clock\`, \`incoming-handler\` ->
  \`handler\`, \`outgoing-handler\` -> \`client\`, world \`proxy\` ->
  \`service\`, sockets \`network\`/\`tcp\`/\`udp\`/\`*-create-socket\` ->
  \`types\`) and the version set to 0.3.0; two imports (or includes that
  rename nothing) that now name the same interface or world collapse into
  one. Under \`@unstable\` gates the one always there stays: a gated
  duplicate of an ungated item goes, and an ungated duplicate of a gated
  one takes its gate away; two gated differently are reported. Two that
  named two versions, one of them 0.2 (\`import wasi:cli/environment@0.2.0;\`
  beside \`@0.2.3\`; \`wasi:http/outgoing-handler@0.2.6\` beside
  \`wasi:http/client\` of a 0.3 release candidate, 0.3.0 by then) were two
  instances: the one left names both, reported.
- \`use wasi:x/y@0.2.x.{a, b}\`, in an interface or a world: each name
  goes to the interface its 0.3.0 counterpart lives in; a renamed type
  keeps the local name with \`as\`
  (\`use wasi:clocks/system-clock@0.3.0.{instant as datetime}\`), so the
  rest of the file stays valid. A \`use\` may split into several.
- A file-level \`use wasi:x/y@0.2.x as z;\` moves as a path does, and the
  file's \`use z.{...}\` items are ported as a \`use\` of the path itself
  is: a renamed name keeps its local name (\`use z.{instant as datetime}\`),
  one that moved to another interface is taken from there (\`use
  wasi:clocks/types@0.3.0.{duration}\`). When a name taken through it has
  no 0.3.0 counterpart (or is not in the map), it stays 0.2, reported
  where it is taken with the note a \`use\` of the path gets there, and the
  file-level \`use\` stays 0.2 for it (reported too); the
  names that have one still move out of the \`use z.{...}\`, written with
  their 0.3.0 path (\`use wasi:http/types@0.3.0.{fields}\`).
- A \`wasi:*\` reference without a version (deps/ vendored as \`package
  wasi:http;\`) is left and reported: the text cannot say whether it is
  0.2 or 0.3.
- A reference to a package 0.3.0 has no release of is kept and reported:
  a WASI proposal still at 0.2 or a draft (\`wasi:keyvalue\`, \`wasi:nn\`,
  \`wasi:otel\`, \`wasi:logging@0.1.0-draft\`: any version before 0.3)
  has nothing to move to yet; a \`wasi:\` name no WASI
  release or proposal has (wit-parser's tests' \`wasi:foo\`) is said to be
  unknown instead. When the copy deps/ holds at that 0.2 version is
  already written for 0.3 (an \`async func\`, \`stream\` or \`future\`, no
  wasi:io: a fork, as no 0.2 text has them), the note says so: a host
  serving the published version serves its 0.2 text.
- Items with no 0.3.0 counterpart (\`response-outparam\`, the sockets
  \`network\` resource...) keep their 0.2 reference and are reported with
  what replaces them: that reference then still needs the 0.2 package as a
  dependency.
- A function returning wasi:http's \`future-incoming-response\` (or
  \`result<future-incoming-response, error-code>\`) becomes
  \`async func -> result<response, error-code>\`, and one shaped as 0.2's
  handler, \`(request: incoming-request, response-out: response-outparam)\`
  (after parameters of its own, if any) with no result, becomes \`async func(request: incoming-request) ->
  result<response, error-code>\`: what WASI's own \`outgoing-handler.handle\`
  and \`incoming-handler.handle\` became in 0.3.0 (\`client.send\`,
  \`handler.handle\`). The 0.2 name goes from the \`use\` once nothing holds it.
- 0.2 and 0.3 never mix in one signature: a function or type that still
  holds a name kept at 0.2 keeps the other WASI 0.2 names it holds at 0.2
  too (for the whole interface), reported. A name taken from one of the
  package's own interfaces that keeps it at 0.2
  (\`use http-types.{future-incoming-response}\`) counts too; one that
  interface moves to 0.3.0, held beside a name kept at 0.2, is reported
  where it comes in (that interface's \`use\` is its own to port).
- A world's \`import wasi:sockets/instance-network@0.2.x\` goes: it only
  handed out the \`network\` resource, and 0.3.0 sockets need none. It is
  kept (and reported) while the package still uses that resource. A world
  left with no item by that is reported: it imports nothing now.

wasi:io is left to the io-removal rule.
`;

const messages = {
  notInMap: '`{{ref}}` is not in the WASI API map: port this reference by hand',
  noRelease: '`{{ref}}`: wasi:{{name}} has no 0.3 release, so there is nothing to move it to: keep it at {{version}} (and mark it `// wasi-migrate(decided): why`) or drop it',
  noReleaseFork: '`{{ref}}`: wasi:{{name}} has no 0.3 release, and the vendored copy ({{dep}}) is already written for 0.3 (`async func`, `stream`, `future`) under the name of the published wasi:{{name}}@{{version}}, which has none of those: a host serving that version serves its 0.2 text; keep it (and mark it `// wasi-migrate(decided): why`) where the host serves this copy, or give the copy a version of its own',
  unknownPackage: '`{{ref}}`: wasi:{{name}} is no WASI package wasi-migrate knows (no WASI release or proposal has that name), so it is left as it is: if it is the component\'s own, mark it `// wasi-migrate(decided): why`',
  noCounterpart: '`{{ref}}` has no 0.3.0 counterpart ({{note}}): kept at {{version}}',
  nameNotInMap: '`{{ref}}` is not in the WASI API map: kept at {{version}}',
  namesNotInMap: '{{refs}} of `{{iface}}` are not in the WASI API map: kept at {{version}}',
  renamed: '`{{name}}` is `{{to}}` in 0.3.0: {{note}}',
  keptBeside: '{{names}} kept at {{version}}: `{{item}}` also holds `{{kept}}`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand',
  noVersion: '`{{ref}}` names no version, so wasi-migrate cannot tell WASI 0.2 from 0.3 and leaves it: give it the version deps/ holds (`@0.2.x`) and run again',
  noVersionNoRelease: '`{{ref}}` names no version, and wasi:{{name}} has no 0.3 release whatever its version: there is nothing to move it to; keep it (and mark it `// wasi-migrate(decided): why`) or drop it',
  topUseKept: 'file-level `use {{ref}}` kept: {{names}}, used through `{{local}}`, {{isAre}} in no 0.3.0 interface (no counterpart, or not in the WASI API map); port those `use`s by hand',
  gatedTwice: '`{{item}}` now names what an earlier item of the world names, under other `@unstable` gates: keep one, with the gates it needs',
  mixedThrough: '`{{item}}` holds {{names}}, which `{{iface}}` moves to 0.3.0, beside `{{kept}}`, which stays 0.2 (0.2 and 0.3 never mix in one signature): port them together by hand',
  versionsMerged: '`{{item}}` takes the place of the world\'s {{kind}}s {{refs}}, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it',
  worldLeftEmpty: 'world `{{world}}` is left empty: the port took what it still held ({{what}}), so it imports and exports nothing now; give it what its components need, or delete it',
} as const;
const { review } = reviewer(messages);

/**
 * A reference to a package 0.3.0 has no release of: a WASI proposal with nothing to be ported to yet (wasi:nn,
 * wasi:keyvalue's draft), or a package that was never WASI's (wit-parser's tests' \`wasi:foo\`).
 */
function unreleasedNote(f: WitFile, node: { span: S.Span; docs?: S.Docs }, name: string, ref: string, version: string, fork?: string): ReviewNote {
  if (fork && isWasiPackage(name)) return review(f, node, 'noReleaseFork', { ref, name, version, dep: fork });
  return review(f, node, isWasiPackage(name) ? 'noRelease' : 'unknownPackage', { ref, name, version });
}

/**
 * Vendored WASI packages at a 0.2 version whose text is written for 0.3 (an \`async func\`, a \`stream\` or \`future\`,
 * and no wasi:io), by id -> their deps/ path: a fork under a published draft's name (credibil/wrt's
 * \`wasi:keyvalue@0.2.0-draft2\` with every func async). No 0.2 text has those: the component model had no async then.
 */
function asyncForks(ctx: RuleContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of ctx.deps) {
    if (d.namespace !== 'wasi' || !d.packageId || !/^0\.2\./.test(d.version ?? '')) continue;
    const text = stripComments(d.files.map((p) => ctx.depFiles?.[p] ?? '').join('\n'));
    if (/\basync\s+func\b|\b(?:stream|future)\s*</.test(text) && !/\bwasi\s*:\s*%?io\s*\//.test(text)) out.set(d.packageId, d.path);
  }
  return out;
}

const TARGET = '0.3.0';

/** Worlds of the 2023 pre-releases of 0.2.0 (`0.2.0-rc-2023-*`) that 0.2.0 renamed; everything else they have is in the API map. */
const PRERELEASE: Readonly<Record<string, string>> = {
  // `reactor` was the cli world without `run`: what 0.2.0 and 0.3.0 call `imports`.
  'wasi:cli/reactor': 'wasi:cli/imports',
};

/**
 * World imports of 0.2 interfaces that 0.3.0 dropped without a replacement:
 * the import goes, unless the package still \`use\`s the item named in
 * \`unless\` (kept at 0.2 by this rule, so the 0.2 import stays useful).
 */
const DROPPED_IMPORTS: Readonly<Record<string, { unless: string; why: string }>> = {
  'wasi:sockets/instance-network': { unless: 'wasi:sockets/network.network', why: '0.3.0 sockets need no network handle: code that called `instance-network()` drops the call and the network it passed' },
};

function key(p: S.PackageName, iface: string): string {
  return `${p.namespace.name}:${p.name.name}/${iface}`;
}

/** A WASI reference without a version (\`wasi:http/types\`, as deps/ of \`package wasi:http;\` resolve): 0.2 or 0.3, the text cannot say (wasi:io is rule 7's: it is 0.2 whatever its version). */
function unversioned(p: S.PackageName): boolean {
  return p.namespace.name === 'wasi' && p.name.name !== 'io' && !p.version;
}

/** wasi:io at a 0.2 version: rule 7's, and 0.2 whatever rule 8 does. */
function isIo02Package(p: S.PackageName): boolean {
  return p.namespace.name === 'wasi' && p.name.name === 'io' && !!p.version && /^0\.2\./.test(p.version.text);
}

function is02(p: S.PackageName): boolean {
  return p.namespace.name === 'wasi' && p.name.name !== 'io' && !!p.version && /^0\.2\./.test(p.version.text);
}

/**
 * A reference older than 0.2 to a package 0.3.0 has no release of (\`wasi:logging@0.1.0-draft\`): as much left
 * behind as one at 0.2 (\`wasi:config@0.2.0-draft\`, which pathTarget reports), and reported alike. wasi:io is
 * rule 7's; a package 0.3.0 has is left to the map, which knows its 0.2 releases only.
 */
function isPre02Unreleased(p: S.PackageName): boolean {
  return p.namespace.name === 'wasi' && p.name.name !== 'io' && !!p.version && /^0\.[01]\./.test(p.version.text) && !releasedIn03(p.name.name);
}

/**
 * An unversioned WASI reference: which version it means decides the port (\`noVersion\`), unless its package
 * has no 0.3 release at all (an embedded proposal such as \`wasi:i2c\`, vendored as \`package wasi:i2c;\`): then
 * no version would make it portable, and giving it one the deps/ package lacks would break the tree.
 */
function noVersionNote(f: WitFile, node: { span: S.Span; docs?: S.Docs }, p: S.PackageName, iface: string): ReviewNote {
  const ref = key(p, iface);
  return releasedIn03(p.name.name) ? review(f, node, 'noVersion', { ref }) : review(f, node, 'noVersionNoRelease', { ref, name: p.name.name });
}

/** `wasi:pkg/iface` -> `wasi:pkg/iface@0.3.0` */
function withVersion(k: string): string {
  return `${k}@${TARGET}`;
}

/**
 * A path the rule writes (`wasi:random/random@0.3.0`) in the style of the one it replaces: each part the input wrote
 * escaped (`wasi:%random/%random@0.2.0`) stays escaped where its name is the same. A renamed part is written plain.
 */
function styled(f: WitFile, path: S.UsePath, target: string): string {
  const m = /^([^:]+):([^/]+)\/([^@]+)(@.*)?$/.exec(target);
  if (path.kind !== 'package' || !m) return target;
  const esc = (id: S.Id, part: string) => (f.text[id.span.start] === '%' && id.name === part ? `%${part}` : part);
  return `${esc(path.package.namespace, m[1]!)}:${esc(path.package.name, m[2]!)}/${esc(path.name, m[3]!)}${m[4] ?? ''}`;
}

export function wasiReferences(ctx: RuleContext) {
  const edits: RuleEdit[] = [];
  const reviews: ReviewNote[] = [];
  const note = (from: string, to: string) => `${from} -> ${to}`;
  const forks = asyncForks(ctx);
  const unreleased = (f: WitFile, node: { span: S.Span; docs?: S.Docs }, name: string, ref: string, version: string) => unreleasedNote(f, node, name, ref, version, forks.get(`wasi:${name}@${version}`));

  const pathTarget = (f: WitFile, node: { span: S.Span; docs?: S.Docs }, path: S.UsePath): string | undefined => {
    if (path.kind === 'package' && unversioned(path.package)) reviews.push(noVersionNote(f, node, path.package, path.name.name));
    if (path.kind === 'package' && isPre02Unreleased(path.package)) reviews.push(unreleased(f, node, path.package.name.name, `${key(path.package, path.name.name)}@${path.package.version!.text}`, path.package.version!.text));
    if (path.kind !== 'package' || !is02(path.package)) return undefined;
    const k = key(path.package, path.name.name);
    const pre = /^0\.2\.0-rc-/.test(path.package.version!.text) ? PRERELEASE[k] : undefined;
    if (pre) return withVersion(pre);
    const e = WASI_API_MAP[k];
    if (!e) {
      const [name, version] = [path.package.name.name, path.package.version!.text];
      reviews.push(releasedIn03(name) ? review(f, node, 'notInMap', { ref: `${k}@${version}` }) : unreleased(f, node, name, `${k}@${version}`, version));
      return undefined;
    }
    if (e.status === 'removed') {
      reviews.push(review(f, node, 'noCounterpart', { ref: k, note: e.note ?? '', version: path.package.version!.text }));
      return undefined;
    }
    return withVersion(e.to ?? k);
  };

  // Every `use` of the package: its interfaces' and its worlds' own (a world may `use` types for the
  // functions it imports or exports: `use wasi:http/types@0.2.0.{...}` in a world is ported as in an interface).
  const uses: { file: WitFile; use: S.Use }[] = [];
  const holders: { file: WitFile; items: readonly (S.InterfaceItem | S.WorldItem)[] }[] = [];
  for (const scope of scopes(ctx.files)) {
    holders.push({ file: scope.file, items: scope.items });
    for (const it of scope.items) if (it.kind === 'use') uses.push({ file: scope.file, use: it });
  }
  for (const { file, world } of worlds(ctx.files)) {
    holders.push({ file, items: world.items });
    for (const it of world.items) if (it.kind === 'use') uses.push({ file, use: it });
  }
  // File-level \`use\`s that stay 0.2 (no 0.3.0 counterpart, or a name the file takes through them has none): what
  // the file's \`use <local>.{...}\` take through them that has a counterpart moves out of them, taken from its 0.3.0
  // interface, as from a \`use\` of the 0.2 path itself; the rest stays 0.2, and a signature holding it keeps its
  // other WASI names at 0.2 (planHolder), as one holding a name kept by its own \`use\` does.
  const keptTop = new Map<WitFile, Map<string, string>>();
  const keptTopUse = new Map<WitFile, Map<string, S.TopUse>>();
  for (const f of ctx.files) {
    for (const it of ownItems(f)) {
      if (it.kind !== 'top-use' || it.path.kind !== 'package' || !is02(it.path.package)) continue;
      if (topUsePlan(f, it).off === undefined) continue;
      let m = keptTop.get(f);
      if (!m) keptTop.set(f, (m = new Map()));
      m.set((it.as ?? it.path.name).name, key(it.path.package, it.path.name.name));
      let u = keptTopUse.get(f);
      if (!u) keptTopUse.set(f, (u = new Map()));
      u.set((it.as ?? it.path.name).name, it);
    }
  }
  // File-level \`use\`s of 0.2 interfaces this rule moves, by the name the file knows each by: the file's
  // \`use <local>.{...}\` take their names through them, ported below as a \`use\` of the 0.2 path itself is.
  const topThrough = new Map<WitFile, Map<string, { top: S.TopUse; target: string }>>();
  const topPorted = new Map<WitFile, Map<string, string>>();
  for (const f of ctx.files) {
    for (const it of ownItems(f)) {
      if (it.kind !== 'top-use' || it.path.kind !== 'package' || !is02(it.path.package) || keptTop.get(f)?.has((it.as ?? it.path.name).name)) continue;
      let m = topPorted.get(f);
      if (!m) topPorted.set(f, (m = new Map()));
      m.set((it.as ?? it.path.name).name, key(it.path.package, it.path.name.name));
    }
  }
  const plans = new Map<S.Use, UsePlan>();
  // Names the package's own interfaces bring from WASI 0.2, and whether this rule moves them: a holder's
  // \`use <interface>.{...}\` of one kept at 0.2 (wasi:io's, one with no 0.3.0 counterpart or not in the map) holds a
  // 0.2 name too; of one moved, a 0.3.0 name, which a signature holding a kept 0.2 name would mix with it.
  const ownWasi = new Map<string, Map<string, { key: string; moves: boolean }>>();
  for (const scope of scopes(ctx.files)) {
    if (scope.node.kind !== 'interface') continue;
    for (const it of scope.items) {
      if (it.kind !== 'use' || it.path.kind !== 'package') continue;
      const p = it.path.package;
      const io = isIo02Package(p);
      if (!io && !is02(p)) continue;
      for (const n of it.names) {
        const k = `${key(p, it.path.name.name)}.${n.name.name}`;
        const e = WASI_API_MAP[k];
        let m = ownWasi.get(scope.name);
        if (!m) ownWasi.set(scope.name, (m = new Map()));
        m.set((n.as ?? n.name).name, { key: k, moves: !io && !!e && e.status !== 'removed' });
      }
    }
  }
  const mixed = (f: WitFile, use: S.Use, data: { item: string; names: string; iface: string; kept: string }) => reviews.push(review(f, use, 'mixedThrough', data));
  for (const h of holders) planHolder(h.file, h.items, plans, edits, keptTop.get(h.file), ownWasi, mixed, topPorted.get(h.file));
  // Items of 0.2 interfaces the package's own interfaces and worlds `use` (`wasi:sockets/network.network`).
  const used = new Set<string>();
  for (const { use: it } of uses) {
    if (it.path.kind === 'package' && is02(it.path.package)) for (const n of it.names) used.add(`${key(it.path.package, it.path.name.name)}.${n.name.name}`);
  }
  // File-level \`use\`s of 0.2 interfaces, first: a world's \`import <name>;\` of one follows where it moved.
  const topMoved = new Map<WitFile, Map<string, string>>();
  for (const f of ctx.files) {
    for (const it of ownItems(f)) {
      if (it.kind !== 'top-use' || it.path.kind !== 'package' || !(is02(it.path.package) || isPre02Unreleased(it.path.package))) continue;
      const t = pathTarget(f, it, it.path);
      if (!t) continue;
      const ik = key(it.path.package, it.path.name.name);
      const target = t.slice(0, t.lastIndexOf('@'));
      const local = (it.as ?? it.path.name).name;
      const { off } = topUsePlan(f, it);
      if (off?.length) {
        reviews.push(review(f, it, 'topUseKept', { ref: `${ik}@${it.path.package.version!.text}`, names: off.map((n) => `\`${n}\``).join(', '), isAre: off.length === 1 ? 'is' : 'are', local }));
        continue;
      }
      // The file knows the interface by the name the \`use\` gives it: a renamed interface keeps that name with \`as\`
      // (\`use wasi:clocks/system-clock@0.3.0 as wall-clock;\`), so \`import wall-clock;\` and \`use wall-clock.{...}\` stay valid.
      const renamed = !it.as && target.slice(target.lastIndexOf('/') + 1) !== local;
      edits.push({ file: f.path, span: it.path.span, text: renamed ? `${styled(f, it.path, t)} as ${local}` : styled(f, it.path, t), note: note(src(f, it.path.span), t) });
      let m = topMoved.get(f);
      if (!m) topMoved.set(f, (m = new Map()));
      m.set(local, t);
      let through = topThrough.get(f);
      if (!through) topThrough.set(f, (through = new Map()));
      through.set(local, { top: it, target: t });
    }
  }
  // World items this rule deletes, by what they named: a world left with none is reported (worldLeftEmpty).
  const gone = new Map<S.WorldItem | S.InterfaceItem, string>();
  for (const { file: f, world } of worlds(ctx.files)) {
    // What each import/include now names, with the item that named it first and how that one wrote it.
    const seen = new Map<string, { first: S.WorldItem; input: string; path: S.UsePath }>();
    // What the input wrote for a reference (a 0.3 release candidate rule 15 moved to 0.3.0 reads as the file had it).
    const inputOf = (span: S.Span) => ctx.wrote?.(f.path, span) ?? src(f, span);
    const tokensOf = (text: string) => text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
    // Items that references at two or more versions, one of them 0.2, collapsed into: what each wrote, and the versions.
    const merged = new Map<S.WorldItem, { item: string; refs: string[]; versions: Set<string> }>();
    for (const it of world.items) {
      let path: S.UsePath | undefined;
      let implName = '';
      let plain = false;
      // An include renaming nothing is one as much as a plain import is: two that now name the same world (spin's
      // \`include wasi:cli/imports@0.2.6\` beside its gated \`include wasi:cli/imports@0.3.0-rc-...\`) collapse too.
      if (it.kind === 'include') {
        path = it.path;
        plain = it.with.length === 0;
      }
      else if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'path') {
        path = it.extern.path;
        plain = true;
      } else if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'implements') {
        path = it.extern.path;
        implName = it.extern.name.name;
      }
      if (!path) continue;
      const dropped = it.kind === 'import' && plain && path.kind === 'package' && is02(path.package) ? DROPPED_IMPORTS[key(path.package, path.name.name)] : undefined;
      if (dropped && !used.has(dropped.unless)) {
        edits.push({ file: f.path, span: lineOf(f, it), text: '', note: `${src(f, path.span)} went: ${dropped.why}` });
        gone.set(it, src(f, path.span));
        continue;
      }
      const t = pathTarget(f, it, path);
      // \`import tcp; import udp;\` of file-level \`use\`s that both moved to \`wasi:sockets/types@0.3.0\` import it twice.
      const moved = path.kind === 'local' ? topMoved.get(f)?.get(path.name.name) : undefined;
      // A path as its tokens (\`wasi: http/\\n client@0.3.0\` is \`wasi:http/client@0.3.0\`, to wit-parser too).
      const dedupeKey = `${it.kind} ${t ?? moved ?? norm(f, path.span)} ${implName}${it.kind === 'include' ? it.with.map((w) => norm(f, w.span)).join(',') : ''}`;
      const earlier = seen.get(dedupeKey);
      const first = earlier?.first;
      // Only what the port made one collapses: two the input already wrote alike (\`include bar;\` twice, which
      // wit-parser takes) are the input's own, left as they are. What the input wrote, not the current text: a 0.3
      // release candidate rule 15 moved to 0.3.0 beside a 0.3.0 the file had is two the port made one.
      if (first && plain && tokensOf(earlier.input) !== tokensOf(inputOf(path.span))) {
        // Under \`@unstable\` gates the two are not the same: the later one goes only where the first is there
        // whenever it is (no gate of its own, or the later's); a later ungated one takes the first's gates away
        // with it, as together they were there always.
        const features = (x: S.WorldItem) => x.attributes.flatMap((a) => (a.kind === 'unstable' ? [a] : []));
        const firstGates = features(first);
        const laterGates = new Set(features(it).map((a) => a.feature.name));
        if (firstGates.length && !firstGates.every((a) => laterGates.has(a.feature.name))) {
          if (laterGates.size) {
            reviews.push(review(f, it, 'gatedTwice', { item: `${it.kind} ${t ?? moved ?? src(f, path.span)}` }));
            continue;
          }
          for (const a of firstGates) {
            // Its line when it has one of its own, else the attribute and the blanks after it.
            const rest = /^[ \t]*/.exec(f.text.slice(a.span.end))![0].length;
            const span = f.text[a.span.end + rest] === '\n' || a.span.end + rest === f.text.length ? lineOf(f, a) : { start: a.span.start, end: a.span.end + rest };
            edits.push({ file: f.path, span, text: '', note: `gate of an ${it.kind} an ungated duplicate made unconditional` });
          }
        }
        edits.push({ file: f.path, span: lineOf(f, it), text: '', note: `duplicate of an earlier ${it.kind} once renamed to ${t ?? moved ?? src(f, path.span)}` });
        // \`import wasi:cli/environment@0.2.0; import wasi:cli/environment@0.2.3;\` were two instances: said at the one left.
        // So were a 0.2 one and one at 0.3.0 (a 0.3 release candidate rule 15 moved: Spin's deny adapter exports
        // \`wasi:http/outgoing-handler@0.2.6\` and \`wasi:http/client@0.3.0-rc-...\`).
        // The versions as the input wrote them (an rc and 0.3.0 of one interface are two too).
        const was = earlier.path;
        const versionOf = (ref: string) => /@([^@\s]+)$/.exec(ref)?.[1];
        if (path.kind === 'package' && was.kind === 'package' && path.package.version && was.package.version) {
          let m = merged.get(first);
          // Quoted as tokens: a path written over lines would break the marker's comment.
          const [before, now] = [tokensOf(earlier.input), tokensOf(inputOf(path.span))];
          if (!m) merged.set(first, (m = { item: `${it.kind} ${t ?? norm(f, path.span)}`, refs: [before], versions: new Set([versionOf(before) ?? was.package.version.text]) }));
          if (!m.refs.includes(now)) m.refs.push(now);
          m.versions.add(versionOf(now) ?? path.package.version.text);
        }
        continue;
      }
      if (!first) seen.set(dedupeKey, { first: it, input: inputOf(path.span), path });
      if (t) edits.push({ file: f.path, span: path.span, text: styled(f, path, t), note: note(src(f, path.span), t) });
    }
    for (const [it, m] of merged) {
      if (m.versions.size < 2) continue;
      const refs = m.refs.map((r) => `\`${r}\``);
      reviews.push(review(f, it, 'versionsMerged', { item: m.item, kind: it.kind, refs: `${refs.slice(0, -1).join(', ')} and ${refs.at(-1)}` }));
    }
  }

  for (const { file: f, use: it } of uses) {
    if (it.path.kind === 'package' && unversioned(it.path.package)) reviews.push(noVersionNote(f, it, it.path.package, it.path.name.name));
    if (it.path.kind === 'package' && isPre02Unreleased(it.path.package)) reviews.push(unreleased(f, it, it.path.package.name.name, `${key(it.path.package, it.path.name.name)}@${it.path.package.version!.text}`, it.path.package.version!.text));
    // \`use <local>.{...}\` through a file-level \`use\` moved above: its names are the 0.2 interface's, ported as they
    // are in a \`use\` of its path (\`use wc.{instant as datetime}\`); what goes to the interface the file-level \`use\`
    // now names is still taken through \`<local>\`, the rest from its own 0.3.0 interface.
    const through = it.path.kind === 'local' ? topThrough.get(f)?.get(it.path.name.name) : undefined;
    // Through a file-level \`use\` kept at 0.2 (reported there, \`topUseKept\`): what has a counterpart moves out of this
    // \`use\`, to its own 0.3.0 interface; the rest stays, through \`<local>\`.
    const keptThrough = !through && it.path.kind === 'local' ? keptTopUse.get(f)?.get(it.path.name.name) : undefined;
    // Its names are reported here, as in a \`use\` of its path, with the same messages; only an interface kept whole
    // (no counterpart, not in the map) is the file-level \`use\`'s own note.
    const wholeKept = !!keptThrough && !topUsePlan(f, keptThrough).off?.length;
    const path02 = through ? through.top.path : keptThrough ? keptThrough.path : it.path;
    if (path02.kind !== 'package' || !is02(path02.package)) continue;
    const p = path02.package;
    const ik = key(p, path02.name.name);
    // The 0.2 path (a name kept at 0.2 is taken from it), and the path as this \`use\` writes it.
    const old = through ? norm(f, path02.span) : src(f, it.path.span);
    const written = src(f, it.path.span);
    const at = (target: string) => (through && target === through.target ? written : target);
    const groups = new Map<string, string[]>();
    // Each name's text, and the name it came from (its line's comment goes with it).
    const from = new Map<string, S.UseName>();
    const add = (target: string, text: string, n?: S.UseName) => {
      let g = groups.get(target);
      if (!g) groups.set(target, (g = []));
      g.push(text);
      if (n) from.set(`${target}\0${text}`, n);
    };
    let changedNames = false;
    const plan = plans.get(it);
    // Names kept at 0.2 beside another (keptBeside), one note per signature and name they are kept for.
    const besides = new Map<string, string[]>();
    // Names the map does not know, noted once per `use` (a draft package's `use` may list many).
    const unknown: string[] = [];
    for (const n of it.names) {
      const local = (n.as ?? n.name).name;
      const e = WASI_API_MAP[`${ik}.${n.name.name}`];
      if (plan?.drop.has(n)) {
        changedNames = true;
        continue;
      }
      const beside = plan?.keep.get(n);
      if (beside) {
        const why = `${beside.item}\0${beside.kept}`;
        besides.set(why, [...(besides.get(why) ?? []), local]);
        add(old, src(f, n.span), n);
        continue;
      }
      if (!e || e.status === 'removed') {
        if (e && !wholeKept) reviews.push(review(f, it, 'noCounterpart', { ref: `${ik}.${n.name.name}`, note: e.note ?? '', version: p.version!.text }));
        else if (!e && !wholeKept) unknown.push(n.name.name);
        add(old, src(f, n.span), n);
        continue;
      }
      const to = e.to ?? `${ik}.${n.name.name}`;
      const dot = to.lastIndexOf('.');
      const tIface = to.slice(0, dot);
      const tName = to.slice(dot + 1);
      if (tName !== n.name.name) changedNames = true;
      if (e.status === 'renamed' && e.note && e.kind !== 'function') reviews.push(review(f, it, 'renamed', { name: n.name.name, to: tName, note: e.note }));
      // As written (\`%pollable\`, \`x as y\`) where the name stays; a renamed one keeps its local name as written.
      add(at(withVersion(tIface)), tName === n.name.name ? src(f, n.span) : tName === local ? tName : `${tName} as ${src(f, (n.as ?? n.name).span)}`, n);
    }
    // A package 0.3.0 has no release of: the map knows none of its names, and the package is what to say.
    if (unknown.length && !releasedIn03(p.name.name)) reviews.push(unreleased(f, it, p.name.name, `${ik}@${p.version!.text}`, p.version!.text));
    else if (unknown.length === 1) reviews.push(review(f, it, 'nameNotInMap', { ref: `${ik}.${unknown[0]}`, version: p.version!.text }));
    else if (unknown.length) reviews.push(review(f, it, 'namesNotInMap', { refs: unknown.map((n) => `\`${n}\``).join(', '), iface: ik, version: p.version!.text }));
    for (const [why, names] of besides) {
      const [item, kept] = why.split('\0');
      reviews.push(review(f, it, 'keptBeside', { names: names.map((x) => `\`${x}\``).join(', '), version: p.version!.text, item: item!, kept: kept! }));
    }
    for (const [target, text] of plan?.add ?? []) {
      add(at(withVersion(target)), text);
      changedNames = true;
    }
    if (!groups.size) {
      edits.push(deleteItem(f, it, `${old} went: nothing uses its names once their functions were ported`));
      gone.set(it, old);
      continue;
    }
    // Names kept at 0.2 come first: their review markers sit above the item's first line, which a
    // second run finds above the kept `use` (so it adds nothing: idempotent).
    const entries = [...groups].sort(([a], [b]) => Number(b === old) - Number(a === old));
    if (entries.length === 1 && !changedNames) {
      if (entries[0]![0] !== written) edits.push({ file: f.path, span: it.path.span, text: styled(f, it.path, entries[0]![0]), note: note(written, entries[0]![0]) });
      continue;
    }
    const indent = indentOf(f, it.span.start);
    // A use written one name per line keeps that layout, each name with the comments of its line (and above it).
    const lines = useLines(f, it);
    // Names on one line keep the comments among them: each with the name it was written before or after, wherever
    // that name goes (a dropped name's with the first \`use\` written).
    const inline = lines ? undefined : useNameComments(f, it);
    // Names wrapped onto lines of their own (\`{\` ends the line): written back so, not pulled up onto the \`use\` line.
    const wrap = lines ? undefined : useWrap(f, it);
    const orphans = inline ? it.names.filter((n) => plan?.drop.has(n)).flatMap((n) => [...inline.before.get(n)!, ...inline.after.get(n)!]) : [];
    const list = (path: string, names: string[]): string => {
      if (!lines) {
        const items = names.map((text) => {
          const n = from.get(`${path}\0${text}`);
          return { text, before: n ? inline!.before.get(n)! : [], after: [...(n ? inline!.after.get(n)! : [])] };
        });
        if (path === entries[0]![0] && items.length) items[items.length - 1]!.after.push(...orphans);
        if (wrap) {
          const body = joinUseNames(items, wrap.indent, wrap.close);
          return body.endsWith(`\n${wrap.close}`) ? `{\n${wrap.indent}${body}}` : `{\n${wrap.indent}${body}${wrap.comma ? ',' : ''}\n${wrap.close}}`;
        }
        return `{${joinUseNames(items, `${indent}  `, indent)}}`;
      }
      const rows = names.map((text) => {
        const n = from.get(`${path}\0${text}`);
        const l = n ? lines.names.get(n) : undefined;
        const suffix = l?.suffix.trimStart().startsWith(',') ? l.suffix : `,${l?.suffix ?? ''}`;
        return `${l?.above ?? ''}${lines.indent}${text}${suffix}`;
      });
      return `{\n${rows.join('\n')}\n${lines.close}}`;
    };
    // Each \`use\` written beside it carries its gates (\`@since\`, \`@unstable\`): its names are there when they were.
    const gated = it.attributes.map((a) => `${src(f, a.span)}\n${indent}`).join('');
    // What it wrote between its path and \`{\` (\`@0.2.3 /* v */ .\`, comments and all) stays with the first.
    const opening = it.names.length ? f.text.slice(it.path.span.end, it.names[0]!.span.start) : '';
    const brace = stripComments(opening).lastIndexOf('{');
    const dot = brace >= 0 ? opening.slice(0, brace) : '.';
    const text = entries.map(([path, names], i) => `${i === 0 ? '' : `${indent}${gated}use `}${path === written ? path : styled(f, it.path, path)}${i === 0 ? dot : '.'}${list(path, names)};`).join('\n');
    edits.push({ file: f.path, span: { start: it.path.span.start, end: it.span.end }, text, note: note(written, entries.map(([p]) => p).join(' + ')) });
  }
  // A world whose every item went (a test world of \`wasi:sockets/instance-network\` alone, once rule 7 took its
  // wasi:io) is valid WIT, but imports nothing: say so rather than leave it silently.
  for (const { file: f, world } of worlds(ctx.files)) {
    if (world.items.length && world.items.every((it) => gone.has(it))) reviews.push(review(f, world, 'worldLeftEmpty', { world: world.name.name, what: world.items.map((it) => `\`${gone.get(it)}\``).join(', ') }));
  }
  return { edits, reviews };

  // Where a file-level \`use\` of a 0.2 interface goes, with no note: \`off\` is undefined when it moves, else the
  // names the file takes through it that keep it at 0.2 (none: the interface itself has no 0.3.0 counterpart).
  // The file's \`use <local>.{...}\` items are ported as a \`use\` of the 0.2 path itself is (below): a renamed name
  // keeps its local name with \`as\`, one that moved to another interface is taken from there. A name 0.3.0 has no
  // counterpart of (\`incoming-body\`), or the map does not know, keeps the file-level \`use\` at 0.2; one a ported
  // function replaces (\`response-outparam\`, REPLACED) does not: the holder plans it as it plans a \`use\` of the path.
  function topUsePlan(f: WitFile, it: S.TopUse): { off?: string[] } {
    const p = (it.path as { package: S.PackageName }).package;
    const ik = key(p, it.path.name.name);
    const pre = /^0\.2\.0-rc-/.test(p.version!.text) ? PRERELEASE[ik] : undefined;
    const e = WASI_API_MAP[ik];
    if (!pre && (!e || e.status === 'removed')) return { off: [] };
    const off = [...new Set(namesThrough(f, (it.as ?? it.path.name).name))].filter((n) => {
      const x = WASI_API_MAP[`${ik}.${n}`];
      return (!x || x.status === 'removed') && !REPLACED.has(`${ik}.${n}`);
    });
    return off.length ? { off } : {};
  }

  // The names a file's interfaces and worlds \`use\` through a file-level \`use ... as <local>\`.
  function namesThrough(f: WitFile, local: string): string[] {
    const out: string[] = [];
    for (const h of holders) {
      if (h.file !== f) continue;
      for (const it of h.items) if (it.kind === 'use' && it.path.kind === 'local' && it.path.name.name === local) out.push(...it.names.map((n) => n.name.name));
    }
    return out;
  }
}

/** What one `use` of a 0.2 package does besides moving each name: names that stay 0.2 (and why), names that go, names it gains. */
interface UsePlan {
  readonly keep: Map<S.UseName, { item: string; kept: string }>;
  readonly drop: Set<S.UseName>;
  /** [0.3.0 interface key, `name` or `name as local`] added to the `use` (the 0.3 types a ported function needs). */
  readonly add: [string, string][];
}

const HTTP_TYPES = 'wasi:http/types';
const FUTURE_RESPONSE = `${HTTP_TYPES}.future-incoming-response`;
const HTTP_ERROR = `${HTTP_TYPES}.error-code`;
const INCOMING_REQUEST = `${HTTP_TYPES}.incoming-request`;
const OUTPARAM = `${HTTP_TYPES}.response-outparam`;
/** The 0.2 names the ported functions replace. */
const REPLACED = new Set([FUTURE_RESPONSE, OUTPARAM]);
const RESPONSES = new Set([`${HTTP_TYPES}.incoming-response`, `${HTTP_TYPES}.outgoing-response`]);

/** One signature or type definition of a holder: the types it holds, one unit for mixing. */
interface Sig {
  readonly label: string;
  readonly types: readonly S.Type[];
  readonly func?: S.Func;
  readonly decided: boolean;
}

/**
 * Plans the `use`s of 0.2 packages of one interface or world (its items):
 *
 * - a function returning `future-incoming-response` or
 *   `result<future-incoming-response, error-code>` (wasi:http 0.2's) becomes
 *   `async func -> result<response, error-code>`, as WASI's own
 *   `outgoing-handler.handle` became `client.send`; a
 *   `future-incoming-response` nothing else uses then goes from the `use`.
 * - a signature (or record, variant, alias) that still holds a name kept at
 *   0.2 (no 0.3.0 counterpart, not in the map, or wasi:io's) keeps every
 *   other 0.2 name it holds at 0.2 too, reported: no signature mixes 0.2
 *   and 0.3. Such a name stays 0.2 for the whole interface, so the
 *   signatures it is in are read again, until nothing changes.
 */
function planHolder(
  f: WitFile,
  items: readonly (S.InterfaceItem | S.WorldItem)[],
  plans: Map<S.Use, UsePlan>,
  edits: RuleEdit[],
  keptTop?: ReadonlyMap<string, string>,
  ownWasi?: ReadonlyMap<string, ReadonlyMap<string, { key: string; moves: boolean }>>,
  mixed?: (f: WitFile, use: S.Use, data: { item: string; names: string; iface: string; kept: string }) => void,
  movedTop?: ReadonlyMap<string, string>,
): void {
  // The holder's names from 0.2 packages: where each comes from, and whether rule 8 moves it.
  const locals = new Map<string, { use?: S.Use; n?: S.UseName; key: string; moves: boolean }>();
  // Names the holder takes from the package's own interface that moves them to 0.3.0: the \`use\` and the interface.
  const movedThrough = new Map<string, { use: S.Use; iface: string }>();
  for (const it of items) {
    // \`use <local>.{...}\` through a file-level \`use\` this rule keeps at 0.2: a name with no 0.3.0 counterpart stays
    // 0.2; one with a counterpart moves out of this \`use\` (or stays 0.2 in it beside a name kept at 0.2).
    const top = it.kind === 'use' && it.path.kind === 'local' ? keptTop?.get(it.path.name.name) : undefined;
    if (top && it.kind === 'use') for (const n of it.names) {
      const k = `${top}.${n.name.name}`;
      const e = WASI_API_MAP[k];
      locals.set((n.as ?? n.name).name, e && e.status !== 'removed' ? { use: it, n, key: k, moves: true } : REPLACED.has(k) ? { use: it, n, key: k, moves: false } : { key: k, moves: false });
    }
    // \`use <local>.{...}\` through a file-level \`use\` this rule moves: 0.2 names of that interface, ported with this
    // \`use\` (or kept at 0.2 with it, taken from the 0.2 path, beside a name kept at 0.2).
    const moved = it.kind === 'use' && it.path.kind === 'local' ? movedTop?.get(it.path.name.name) : undefined;
    if (moved && it.kind === 'use') for (const n of it.names) locals.set((n.as ?? n.name).name, { use: it, n, key: `${moved}.${n.name.name}`, moves: !REPLACED.has(`${moved}.${n.name.name}`) });
    // \`use <interface>.{...}\` of a name that interface keeps at 0.2 (\`use http-types.{future-incoming-response}\`).
    const own = it.kind === 'use' && it.path.kind === 'local' ? ownWasi?.get(it.path.name.name) : undefined;
    if (own && it.kind === 'use') for (const n of it.names) {
      const w = own.get(n.name.name);
      if (w && !w.moves) locals.set((n.as ?? n.name).name, { key: w.key, moves: false });
      else if (w) movedThrough.set((n.as ?? n.name).name, { use: it, iface: it.path.name.name });
    }
    if (it.kind !== 'use' || it.path.kind !== 'package') continue;
    const p = it.path.package;
    const io = isIo02Package(p);
    if (!io && !is02(p)) continue;
    for (const n of it.names) {
      const k = `${key(p, it.path.name.name)}.${n.name.name}`;
      const e = WASI_API_MAP[k];
      locals.set((n.as ?? n.name).name, { use: it, n, key: k, moves: !io && !!e && e.status !== 'removed' });
    }
  }
  if (![...locals.values()].some((l) => !l.moves)) return;
  const sigs: Sig[] = [];
  for (const it of items) {
    if (it.kind === 'func') sigs.push({ label: it.name.name, types: itemTypes(it), func: it.func, decided: isDecided(f, it) });
    else if ((it.kind === 'import' || it.kind === 'export') && it.extern.kind === 'func') {
      const fn = it.extern.func;
      sigs.push({ label: it.extern.name.name, types: [...fn.params.map((x) => x.type), ...(fn.result ? [fn.result] : [])], func: fn, decided: isDecided(f, it) });
    } else if (it.kind === 'type' && it.def === 'resource') {
      for (const m of it.funcs) sigs.push({ label: `${it.name.name}.${m.kind === 'constructor' ? 'constructor' : m.name.name}`, types: itemTypes(m), func: m.func, decided: isDecided(f, it) || isDecided(f, m) });
    } else if (it.kind === 'type') sigs.push({ label: it.name.name, types: itemTypes(it as S.InterfaceItem), decided: false });
  }
  // A record, variant or alias of the holder holds what its fields hold: a function taking one holds that too.
  const defs = new Map<string, S.Type[]>();
  for (const it of items) if (it.kind === 'type' && it.def !== 'resource') defs.set(it.name.name, itemTypes(it as S.InterfaceItem));
  const mentions = (types: readonly S.Type[]): string[] => {
    const out = new Set<string>();
    const seen = new Set<string>();
    const visit = (ts: readonly S.Type[]) => {
      for (const t of ts) walkType(t, (x) => {
        const n = refName(x);
        if (!n) return;
        if (locals.has(n)) out.add(n);
        else if (defs.has(n) && !seen.has(n)) {
          seen.add(n);
          visit(defs.get(n)!);
        }
      });
    };
    visit(types);
    return [...out];
  };
  const local = (k: string) => [...locals].find(([, l]) => l.key === k && l.moves)?.[0];
  // Only names the holder's own \`use\`s bring: a port edits those \`use\`s.
  const named = (t: S.Type | undefined, k: string) => t?.kind === 'name' && !!locals.get(t.name.name)?.use && locals.get(t.name.name)?.key === k;
  // A function WASI's own port made `async func -> result<response, error-code>`: what it keeps of its
  // types (`rest`), and the error type its result already names.
  const portable = (s: Sig): { rest: S.Type[]; err?: string; outparam?: S.Param } | undefined => {
    const fn = s.func;
    if (!fn || fn.async || s.decided) return undefined;
    const params = fn.params.map((x) => x.type);
    const r = fn.result;
    // outgoing-handler.handle: `-> result<future-incoming-response, error-code>` (or the future alone).
    if (named(r, FUTURE_RESPONSE)) return { rest: params };
    if (r?.kind === 'result' && named(r.ok, FUTURE_RESPONSE) && named(r.err, HTTP_ERROR)) return { rest: [...params, r.err!], err: (r.err as { name: S.Id }).name.name };
    // incoming-handler.handle: `(request: incoming-request, response-out: response-outparam)`, no result; parameters
    // of its own may come first (Spin's websocket `handle-new: func(token: string, request: ..., response-out: ...)`).
    const n = fn.params.length;
    if (!r && n >= 2 && named(params[n - 2], INCOMING_REQUEST) && named(params[n - 1], OUTPARAM)) return { rest: params.slice(0, n - 1), outparam: fn.params[n - 1] };
    return undefined;
  };
  const kept = new Map<string, { item: string; kept: string }>();
  const isKept = (n: string) => !locals.get(n)!.moves || kept.has(n);
  let ported: Sig[] = [];
  for (let changed = true; changed;) {
    changed = false;
    ported = sigs.filter((s) => {
      const r = portable(s);
      return !!r && mentions(r.rest).every((n) => !isKept(n));
    });
    for (const s of sigs) {
      if (ported.includes(s)) continue;
      const names = mentions(s.types);
      const old = names.find(isKept);
      if (!old) continue;
      for (const n of names) {
        if (isKept(n)) continue;
        kept.set(n, { item: s.label, kept: old });
        changed = true;
      }
    }
  }
  // A signature that keeps a 0.2 name beside one its \`use\` takes from an interface that moves it to 0.3.0: that
  // interface's \`use\` is another holder's, planned on its own, so the mix is reported where the name comes in.
  for (const s of sigs) {
    if (ported.includes(s) || !movedThrough.size) continue;
    const old = mentions(s.types).find(isKept);
    if (!old) continue;
    const through = new Map<S.Use, { iface: string; names: Set<string> }>();
    for (const t of s.types) walkType(t, (x) => {
      const m = movedThrough.get(refName(x) ?? '');
      if (!m) return;
      let e = through.get(m.use);
      if (!e) through.set(m.use, (e = { iface: m.iface, names: new Set() }));
      e.names.add(refName(x)!);
    });
    for (const [use, e] of through) mixed?.(f, use, { item: s.label, names: [...e.names].map((n) => `\`${n}\``).join(', '), iface: e.iface, kept: old });
  }
  const plan = (u: S.Use): UsePlan => {
    let pl = plans.get(u);
    if (!pl) plans.set(u, (pl = { keep: new Map(), drop: new Set(), add: [] }));
    return pl;
  };
  for (const [n, why] of kept) plan(locals.get(n)!.use!).keep.set(locals.get(n)!.n!, why);
  if (!ported.length) return;
  // The 0.3 names the ported functions need: the holder's own where it has them, else added to the
  // `use` that held the 0.2 name they replace.
  const taken = scopeTypeNames(items as S.InterfaceItem[]);
  for (const it of items) if (it.kind === 'type') taken.add(it.name.name);
  const gone = [...locals].find(([, l]) => l.use && REPLACED.has(l.key))![1].use!;
  const need = (k: string, name: string): string => {
    const have = local(k);
    if (have) return have;
    const as = taken.has(name) ? `http-${name}` : name;
    plan(gone).add.push([HTTP_TYPES, as === name ? name : `${name} as ${as}`]);
    return as;
  };
  const response = [...RESPONSES].map(local).find((x) => x !== undefined) ?? need(`${HTTP_TYPES}.response`, 'response');
  const err = ported.some((s) => !portable(s)!.err) ? need(HTTP_ERROR, 'error-code') : undefined;
  for (const s of ported) {
    const fn = s.func!;
    const p = portable(s)!;
    const at = funcKeyword(f, fn);
    const result = `result<${response}, ${p.err ?? err!}>`;
    edits.push({ file: f.path, span: { start: at, end: at }, text: 'async ', note: `${s.label}: ${p.outparam ? 'returns its response' : 'the response arrives when it returns'}, as WASI's own handle did in 0.3.0` });
    if (p.outparam) {
      edits.push({ file: f.path, span: paramGone(f, fn.params[fn.params.length - 2]!, p.outparam), text: '', note: `${src(f, p.outparam.span)} went: the handler returns the response` });
      const end = resultArrowSpan(f, fn).end;
      edits.push({ file: f.path, span: { start: end, end }, text: ` -> ${result}`, note: `returns ${result}` });
    } else edits.push({ file: f.path, span: fn.result!.span, text: result, note: `${src(f, fn.result!.span)} -> ${result}` });
  }
  // A 0.2 name the ported functions no longer hold, and nothing else holds, goes.
  const still = new Set([...sigs.filter((s) => !ported.includes(s)).flatMap((s) => mentions(s.types)), ...ported.flatMap((s) => mentions(portable(s)!.rest))]);
  for (const [n, l] of locals) if (l.use && REPLACED.has(l.key) && !still.has(n)) plan(l.use).drop.add(l.n!);
}

/**
 * The text that goes with the last parameter \`gone\` (after \`prev\`): from the end of \`prev\`; or, when \`gone\` is written on
 * lines of its own (its doc comments above it, its comma and a trailing comment after it), those whole lines, so a
 * comment of its line does not end up after \`prev\`.
 */
function paramGone(f: WitFile, prev: S.Param, gone: S.Param): S.Span {
  const t = f.text;
  const prevEnd = t.indexOf('\n', prev.span.end);
  const ls = t.lastIndexOf('\n', gone.span.start - 1) + 1;
  const le = t.indexOf('\n', gone.span.end);
  const own =
    prevEnd >= 0 &&
    prevEnd < ls &&
    le >= 0 &&
    /^([ \t]*(\/\/[^\n]*)?\n)*$/.test(t.slice(prevEnd + 1, ls)) &&
    /^[ \t]*$/.test(t.slice(ls, gone.span.start)) &&
    /^[ \t]*,?[ \t]*(\/\/[^\n]*)?$/.test(t.slice(gone.span.end, le));
  return own ? { start: prevEnd + 1, end: le + 1 } : { start: prev.span.end, end: gone.span.end };
}

function indentOf(f: WitFile, offset: number): string {
  const ls = f.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(f.text.slice(ls))![0];
}

function lineOf(f: WitFile, node: { span: S.Span; docs?: S.Docs }): S.Span {
  const t = f.text;
  // Not from a comment trailing the line above (the parser's docs of this item): that line keeps it.
  let start = itemStart(f, node);
  const ls = t.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(t.slice(ls, start))) start = ls;
  const nl = t.indexOf('\n', node.span.end);
  return { start, end: nl < 0 ? t.length : nl + 1 };
}

const rule: Rule = {
  id: 'wasi-references',
  number: 8,
  summary: 'references to wasi:*@0.2.x point to their 0.3.0 counterparts (renamed interfaces, types and worlds; removed items reported)',
  docs,
  messages,
  kind: 'mechanical',
  apply: wasiReferences,
  cases: [
    {
      name: 'clocks: renamed interface and types keep their local names',
      before: `package my:app@0.1.0;

interface api {
  use wasi:clocks/wall-clock@0.2.3.{datetime};
  use wasi:clocks/monotonic-clock@0.2.0.{duration, instant};
  stamp: func() -> datetime;
  elapsed: func(since: instant) -> duration;
}

world app {
  import wasi:clocks/wall-clock@0.2.3;
  import wasi:clocks/monotonic-clock@0.2.3;
  export api;
}
`,
      after: `package my:app@0.1.0;

interface api {
  // wasi-migrate(review): \`datetime\` is \`instant\` in 0.3.0: seconds became s64
  use wasi:clocks/system-clock@0.3.0.{instant as datetime};
  use wasi:clocks/types@0.3.0.{duration};
  use wasi:clocks/monotonic-clock@0.3.0.{mark as instant};
  stamp: func() -> datetime;
  elapsed: func(since: instant) -> duration;
}

world app {
  import wasi:clocks/system-clock@0.3.0;
  import wasi:clocks/monotonic-clock@0.3.0;
  export api;
}
`,
      reviews: ['`datetime` is `instant` in 0.3.0'],
    },
    {
      // A file-level \`use wasi:http/types@0.2.0 as http-types;\` (lay3r:avs writes them so) moved to 0.3.0 while an
      // interface's \`use http-types.{incoming-request, ...}\` still named 0.2 types: wit-parser refused the output
      // (\`type incoming-request not defined\`) and the run ended in an error. It then stayed 0.2 (reported) whenever a
      // name used through it was not in the 0.3.0 interface under that name, where the same \`use\` written with the
      // path in the interface was ported (wfuzz, use-to-file on wasi:filesystem 0.2.0: \`datetime\` through a file-level
      // \`use wasi:clocks/wall-clock@0.2.0 as wc;\` kept deps/clocks at 0.2): the verdict hung on where the \`use\` was written.
      name: 'a file-level use moves, and the names used through it are ported as a use of its path is (renamed with `as`, moved to another interface); one with no 0.3.0 counterpart keeps it at 0.2 (reported)',
      before: `package my:app@0.1.0;

use wasi:http/types@0.2.12 as http-types;
use wasi:clocks/monotonic-clock@0.2.12 as mono;
use wasi:clocks/wall-clock@0.2.12;
use wasi:clocks/timezone@0.2.12 as tz;

interface api {
  use http-types.{incoming-request, error-code};
  use wall-clock.{datetime};
  use mono.{instant, duration};
  use tz.{timezone-display};
  last: func(r: borrow<incoming-request>) -> option<error-code>;
  stamp: func() -> datetime;
  since: func(i: instant) -> duration;
  show: func() -> timezone-display;
}

world app {
  use wall-clock.{datetime};
  import started: func() -> datetime;
  import mono;
  export api;
}
`,
      after: `package my:app@0.1.0;

use wasi:http/types@0.3.0 as http-types;
use wasi:clocks/monotonic-clock@0.3.0 as mono;
use wasi:clocks/system-clock@0.3.0 as wall-clock;
// wasi-migrate(review): file-level \`use wasi:clocks/timezone@0.2.12\` kept: \`timezone-display\`, used through \`tz\`, is in no 0.3.0 interface (no counterpart, or not in the WASI API map); port those \`use\`s by hand
use wasi:clocks/timezone@0.2.12 as tz;

interface api {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  use http-types.{request as incoming-request, error-code};
  // wasi-migrate(review): \`datetime\` is \`instant\` in 0.3.0: seconds became s64
  use wall-clock.{instant as datetime};
  use mono.{mark as instant};
  use wasi:clocks/types@0.3.0.{duration};
  // wasi-migrate(review): \`wasi:clocks/timezone.timezone-display\` has no 0.3.0 counterpart (replaced by timezone.iana-id and timezone.utc-offset): kept at 0.2.12
  use tz.{timezone-display};
  last: func(r: borrow<incoming-request>) -> option<error-code>;
  stamp: func() -> datetime;
  since: func(i: instant) -> duration;
  show: func() -> timezone-display;
}

world app {
  // wasi-migrate(review): \`datetime\` is \`instant\` in 0.3.0: seconds became s64
  use wall-clock.{instant as datetime};
  import started: func() -> datetime;
  import mono;
  export api;
}
`,
      reviews: ['`timezone-display`, used through `tz`, is in no 0.3.0 interface', '`incoming-request` is `request` in 0.3.0', '`datetime` is `instant` in 0.3.0', '`wasi:clocks/timezone.timezone-display` has no 0.3.0 counterpart', '`datetime` is `instant` in 0.3.0'],
    },
    {
      // Once a file-level \`use\` could stay 0.2 (above), a signature holding a name taken through it beside one its
      // interface's own \`use\` moved was written half 0.2, half 0.3 (\`answer(out: 0.2 incoming-body, h: 0.3 fields)\`).
      name: 'a name taken through a file-level use kept at 0.2 keeps what its signature holds beside it at 0.2',
      before: `package my:app@0.1.0;

use wasi:http/types@0.2.12 as http;

interface api {
  use http.{incoming-body};
  use wasi:http/types@0.2.12.{fields};
  answer: func(out: incoming-body, h: fields) -> u32;
}

world app {
  export api;
}
`,
      after: `package my:app@0.1.0;

// wasi-migrate(review): file-level \`use wasi:http/types@0.2.12\` kept: \`incoming-body\`, used through \`http\`, is in no 0.3.0 interface (no counterpart, or not in the WASI API map); port those \`use\`s by hand
use wasi:http/types@0.2.12 as http;

interface api {
  // wasi-migrate(review): \`wasi:http/types.incoming-body\` has no 0.3.0 counterpart (request/response.consume-body returns stream<u8> and a trailers future): kept at 0.2.12
  use http.{incoming-body};
  // wasi-migrate(review): \`fields\` kept at 0.2.12: \`answer\` also holds \`incoming-body\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use wasi:http/types@0.2.12.{fields};
  answer: func(out: incoming-body, h: fields) -> u32;
}

world app {
  export api;
}
`,
      reviews: ['`incoming-body`, used through `http`, is in no 0.3.0 interface', '`wasi:http/types.incoming-body` has no 0.3.0 counterpart', '`fields` kept at 0.2.12: `answer` also holds `incoming-body`'],
    },
    {
      // A file-level \`use\` that stays 0.2 for one name (\`incoming-body\`) kept every name taken through it at 0.2,
      // where the same \`use\` written with its path in the interface moved the others: the verdict hung on where the
      // \`use\` was written. Now the others move out of it, taken from their 0.3.0 interface, unless a signature holds
      // them beside a name kept at 0.2.
      name: 'names taken through a file-level use kept at 0.2 that have a 0.3.0 counterpart move out of it, as from a use of its path',
      before: `package my:app@0.1.0;

use wasi:http/types@0.2.12 as http;

interface api {
  use http.{fields, incoming-request, incoming-body};
  headers: func(h: borrow<fields>) -> u32;
  answer: func(out: incoming-body, r: borrow<incoming-request>) -> u32;
}

world app {
  import http;
  export api;
}
`,
      after: `package my:app@0.1.0;

// wasi-migrate(review): file-level \`use wasi:http/types@0.2.12\` kept: \`incoming-body\`, used through \`http\`, is in no 0.3.0 interface (no counterpart, or not in the WASI API map); port those \`use\`s by hand
use wasi:http/types@0.2.12 as http;

interface api {
  // wasi-migrate(review): \`wasi:http/types.incoming-body\` has no 0.3.0 counterpart (request/response.consume-body returns stream<u8> and a trailers future): kept at 0.2.12
  // wasi-migrate(review): \`incoming-request\` kept at 0.2.12: \`answer\` also holds \`incoming-body\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use http.{incoming-request, incoming-body};
  use wasi:http/types@0.3.0.{fields};
  headers: func(h: borrow<fields>) -> u32;
  answer: func(out: incoming-body, r: borrow<incoming-request>) -> u32;
}

world app {
  import http;
  export api;
}
`,
      reviews: ['`incoming-body`, used through `http`, is in no 0.3.0 interface', '`wasi:http/types.incoming-body` has no 0.3.0 counterpart', '`incoming-request` kept at 0.2.12: `answer` also holds `incoming-body`'],
    },
    {
      // WIT probe p10 (/tmp/s49/wprobe): through \`use wasi:http/types@0.2.3 as t;\` a function returning
      // \`future-incoming-response\` (or a handler taking a \`response-outparam\`) stayed 0.2, the file-level \`use\` kept
      // (topUseKept), where the same \`use\` written with its path in the interface ported the function: the names the
      // port replaces counted as names with no counterpart. Now the holder ports them however the \`use\` is written,
      // through a file-level \`use\` that moves or one kept at 0.2 for another name.
      name: 'a function the map ports (future-incoming-response, response-outparam) is ported through a file-level use as through its path',
      before: `package my:app@0.1.0;

use wasi:http/types@0.2.3 as t;
use wasi:http/types@0.2.3 as body-types;

interface client {
  use t.{future-incoming-response, fields};
  pending: func() -> future-incoming-response;
  hdrs: func() -> fields;
}

interface handler {
  use t.{incoming-request, response-outparam};
  handle: func(request: incoming-request, response-out: response-outparam);
}

interface both {
  use body-types.{incoming-body, future-incoming-response};
  body: func() -> incoming-body;
  pending: func() -> future-incoming-response;
}
`,
      after: `package my:app@0.1.0;

use wasi:http/types@0.3.0 as t;
// wasi-migrate(review): file-level \`use wasi:http/types@0.2.3\` kept: \`incoming-body\`, used through \`body-types\`, is in no 0.3.0 interface (no counterpart, or not in the WASI API map); port those \`use\`s by hand
use wasi:http/types@0.2.3 as body-types;

interface client {
  use t.{fields, response, error-code};
  pending: async func() -> result<response, error-code>;
  hdrs: func() -> fields;
}

interface handler {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  use t.{request as incoming-request, response, error-code};
  handle: async func(request: incoming-request) -> result<response, error-code>;
}

interface both {
  // wasi-migrate(review): \`wasi:http/types.incoming-body\` has no 0.3.0 counterpart (request/response.consume-body returns stream<u8> and a trailers future): kept at 0.2.3
  use body-types.{incoming-body};
  use wasi:http/types@0.3.0.{response, error-code};
  body: func() -> incoming-body;
  pending: async func() -> result<response, error-code>;
}
`,
      reviews: ['`incoming-body`, used through `body-types`, is in no 0.3.0 interface', '`incoming-request` is `request` in 0.3.0', '`wasi:http/types.incoming-body` has no 0.3.0 counterpart'],
    },
    {
      // WIT probe q3 (/tmp/s50/wesc/probe): a gated \`use\` split in two (a name kept at 0.2, the others moved) wrote
      // the second \`use\` without the gate: its names were there whatever the feature.
      name: 'a gated use split in two carries its gates on both',
      before: `package my:app@0.1.0;

interface api {
  /// Bodies, behind a feature.
  @unstable(feature = bodies)
  use wasi:http/types@0.2.12.{incoming-body, fields};
  @unstable(feature = bodies)
  body: func() -> incoming-body;
  @unstable(feature = bodies)
  hdrs: func() -> fields;
}
`,
      after: `package my:app@0.1.0;

interface api {
  // wasi-migrate(review): \`wasi:http/types.incoming-body\` has no 0.3.0 counterpart (request/response.consume-body returns stream<u8> and a trailers future): kept at 0.2.12
  /// Bodies, behind a feature.
  @unstable(feature = bodies)
  use wasi:http/types@0.2.12.{incoming-body};
  @unstable(feature = bodies)
  use wasi:http/types@0.3.0.{fields};
  @unstable(feature = bodies)
  body: func() -> incoming-body;
  @unstable(feature = bodies)
  hdrs: func() -> fields;
}
`,
      reviews: ['`wasi:http/types.incoming-body` has no 0.3.0 counterpart'],
    },
    {
      // WIT probe q7 (/tmp/s50/wesc/probe): a comment between a split \`use\`'s path and its \`.{\` was lost (the \`use\`
      // was written anew from its path on).
      name: 'a comment between a split use\'s path and its names stays with the first use',
      before: `package my:app@0.1.0;

interface api {
  use wasi:http/types@0.2.12 /* pinned */ .{incoming-body, fields};
  body: func() -> incoming-body;
  hdrs: func() -> fields;
}
`,
      after: `package my:app@0.1.0;

interface api {
  // wasi-migrate(review): \`wasi:http/types.incoming-body\` has no 0.3.0 counterpart (request/response.consume-body returns stream<u8> and a trailers future): kept at 0.2.12
  use wasi:http/types@0.2.12 /* pinned */ .{incoming-body};
  use wasi:http/types@0.3.0.{fields};
  body: func() -> incoming-body;
  hdrs: func() -> fields;
}
`,
      reviews: ['`wasi:http/types.incoming-body` has no 0.3.0 counterpart'],
    },
    {
      // The other way round: once names taken through a file-level \`use\` moved with it, one beside a name the
      // interface's own \`use\` keeps at 0.2 would have been 0.3 in a signature that is still 0.2. It stays 0.2 with the
      // signature, taken from the 0.2 path (the file-level \`use\` now names 0.3.0); the names nothing holds beside it move.
      name: 'a name taken through a file-level use that moves stays 0.2 beside a name kept at 0.2 in one signature',
      before: `package my:app@0.1.0;

use wasi:http/types@0.2.12 as http;

interface api {
  use http.{incoming-request, fields};
  use wasi:http/types@0.2.12.{response-outparam};
  inspect: func(r: borrow<incoming-request>, out: response-outparam) -> u32;
  headers: func(h: borrow<fields>) -> u32;
}

world app {
  export api;
}
`,
      after: `package my:app@0.1.0;

use wasi:http/types@0.3.0 as http;

interface api {
  // wasi-migrate(review): \`incoming-request\` kept at 0.2.12: \`inspect\` also holds \`response-outparam\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use wasi:http/types@0.2.12.{incoming-request};
  use http.{fields};
  // wasi-migrate(review): \`wasi:http/types.response-outparam\` has no 0.3.0 counterpart (handler.handle returns the response): kept at 0.2.12
  use wasi:http/types@0.2.12.{response-outparam};
  inspect: func(r: borrow<incoming-request>, out: response-outparam) -> u32;
  headers: func(h: borrow<fields>) -> u32;
}

world app {
  export api;
}
`,
      reviews: ['`incoming-request` kept at 0.2.12: `inspect` also holds `response-outparam`', '`wasi:http/types.response-outparam` has no 0.3.0 counterpart'],
    },
    {
      // A tree vendoring WASI 0.2 without versions (\`package wasi:http;\`, as Spin's websocket SIP writes its
      // references) came out 'nothing to migrate' with \`export wasi:http/incoming-handler;\` in place, and its
      // --check passed on the main package (only deps/io's wasi:io kept it red).
      name: 'a WASI reference without a version is left and reported',
      before: {
        'app.wit': `package my:app;

interface ext {
  use wasi:clocks/wall-clock.{datetime};
  stamp: func() -> datetime;
}

world app {
  import wasi:clocks/wall-clock;
  export ext;
}
`,
        'deps/clocks/wall-clock.wit': `package wasi:clocks;

interface wall-clock {
  record datetime {
    seconds: u64,
    nanoseconds: u32,
  }
  now: func() -> datetime;
}
`,
      },
      after: {
        'app.wit': `package my:app;

interface ext {
  // wasi-migrate(review): \`wasi:clocks/wall-clock\` names no version, so wasi-migrate cannot tell WASI 0.2 from 0.3 and leaves it: give it the version deps/ holds (\`@0.2.x\`) and run again
  use wasi:clocks/wall-clock.{datetime};
  stamp: func() -> datetime;
}

world app {
  // wasi-migrate(review): \`wasi:clocks/wall-clock\` names no version, so wasi-migrate cannot tell WASI 0.2 from 0.3 and leaves it: give it the version deps/ holds (\`@0.2.x\`) and run again
  import wasi:clocks/wall-clock;
  export ext;
}
`,
        'deps/clocks/wall-clock.wit': `package wasi:clocks;

interface wall-clock {
  record datetime {
    seconds: u64,
    nanoseconds: u32,
  }
  now: func() -> datetime;
}
`,
      },
      reviews: ['`wasi:clocks/wall-clock` names no version', '`wasi:clocks/wall-clock` names no version'],
    },
    {
      // jco-std's hono-fetch-event fixture: \`--check\` passed over this marker (its advice quotes the decided
      // marker, read as a decision), and a second run raised the review no more.
      name: 'a marker left on a proposal with no 0.3 release is not decided by its own advice: a second run raises it again, unchanged',
      before: `package my:app;

world app {
  // wasi-migrate(review): \`wasi:config/store@0.2.0-draft\`: wasi:config has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:config/store@0.2.0-draft;
}
`,
      reviews: ['`wasi:config/store@0.2.0-draft`: wasi:config has no 0.3 release'],
    },
    {
      // idlab's wasi-i2c guest: \`package wasi:i2c;\` vendored with no version. Told to give the reference the
      // version deps/ holds, a user had none to give, and any would break the tree; no version would port it anyway.
      name: 'an unversioned reference to a WASI package with no 0.3 release: nothing to move it to, said so',
      before: {
        'app.wit': `package my:pingpong;

world pingpong {
\timport wasi:i2c/i2c;
\texport run: func();
}
`,
        'deps/i2c/i2c.wit': `package wasi:i2c;

interface i2c {
  type address = u16;
  resource i2c {
    read: func(address: address, len: u64) -> result<list<u8>, string>;
  }
}
`,
      },
      after: {
        'app.wit': `package my:pingpong;

world pingpong {
\t// wasi-migrate(review): \`wasi:i2c/i2c\` names no version, and wasi:i2c has no 0.3 release whatever its version: there is nothing to move it to; keep it (and mark it \`// wasi-migrate(decided): why\`) or drop it
\timport wasi:i2c/i2c;
\texport run: func();
}
`,
        'deps/i2c/i2c.wit': `package wasi:i2c;

interface i2c {
  type address = u16;
  resource i2c {
    read: func(address: address, len: u64) -> result<list<u8>, string>;
  }
}
`,
      },
      reviews: ['`wasi:i2c/i2c` names no version, and wasi:i2c has no 0.3 release'],
    },
    {
      // wit-parser's own include-reps.wit: a clean tree, and the collapse of includes the port made one took its
      // repeated \`include bar;\` for a port's duplicate, a change to a tree with nothing to migrate.
      name: 'includes the input already wrote alike stay, renamed when 0.2',
      before: `package my:host@0.1.0;

world bar {}

world platform {
  include bar;
  include bar;
  include wasi:cli/imports@0.2.6;
  include wasi:cli/imports@0.2.6;
}
`,
      after: `package my:host@0.1.0;

world bar {}

world platform {
  include bar;
  include bar;
  include wasi:cli/imports@0.3.0;
  include wasi:cli/imports@0.3.0;
}
`,
    },
    {
      // Spin's platform world (/tmp/s42/wprobe3/spin-up-gated): \`include wasi:cli/imports@0.2.6\` beside a gated
      // \`include wasi:cli/imports@0.3.0-rc-...\` came out as the same include twice, the gated one adding nothing.
      name: 'includes that now name one world collapse; under gates the one always there stays',
      with: [15],
      before: `package my:host@0.1.0;

world platform {
  include wasi:cli/imports@0.2.6;
  @unstable(feature = p3)
  include wasi:cli/imports@0.3.0-rc-2026-03-15;
  @unstable(feature = p3)
  import wasi:http/client@0.3.0-rc-2026-03-15;
  import wasi:http/outgoing-handler@0.2.6;
}

world gated {
  @unstable(feature = a)
  include wasi:clocks/imports@0.2.6;
  @unstable(feature = b)
  include wasi:clocks/imports@0.3.0-rc-2026-03-15;
}
`,
      after: `package my:host@0.1.0;

world platform {
  // wasi-migrate(review): \`include wasi:cli/imports@0.3.0\` takes the place of the world's includes \`wasi:cli/imports@0.2.6\` and \`wasi:cli/imports@0.3.0-rc-2026-03-15\`, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it
  include wasi:cli/imports@0.3.0;
  // wasi-migrate(review): \`import wasi:http/client@0.3.0\` takes the place of the world's imports \`wasi:http/client@0.3.0-rc-2026-03-15\` and \`wasi:http/outgoing-handler@0.2.6\`, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it
  import wasi:http/client@0.3.0;
}

world gated {
  @unstable(feature = a)
  include wasi:clocks/imports@0.3.0;
  // wasi-migrate(review): \`include wasi:clocks/imports@0.3.0\` now names what an earlier item of the world names, under other \`@unstable\` gates: keep one, with the gates it needs
  @unstable(feature = b)
  include wasi:clocks/imports@0.3.0;
}
`,
      reviews: ['`include wasi:cli/imports@0.3.0` takes the place of the world\'s includes `wasi:cli/imports@0.2.6` and `wasi:cli/imports@0.3.0-rc-2026-03-15`, of different versions', '`import wasi:http/client@0.3.0` takes the place of the world\'s imports `wasi:http/client@0.3.0-rc-2026-03-15` and `wasi:http/outgoing-handler@0.2.6`', '`include wasi:clocks/imports@0.3.0` now names what an earlier item'],
    },
    {
      // An interface imported at a 0.3 release candidate and at 0.3.0: rule 15 moved the rc, and the two, now written
      // alike, were taken for the input's own duplicate and kept: wit-parser refused the output ('interface cannot be
      // imported more than once'). What the input wrote tells them apart: collapsed, and reported as two versions.
      name: 'an interface imported at a 0.3 release candidate and at 0.3.0 collapses into one import, reported with both',
      with: [15],
      before: `package my:app@0.1.0;

world app {
  import wasi:cli/environment@0.3.0-rc-2026-03-15;
  import wasi:cli/environment@0.3.0;
}
`,
      after: `package my:app@0.1.0;

world app {
  // wasi-migrate(review): \`import wasi:cli/environment@0.3.0\` takes the place of the world's imports \`wasi:cli/environment@0.3.0-rc-2026-03-15\` and \`wasi:cli/environment@0.3.0\`, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it
  import wasi:cli/environment@0.3.0;
}
`,
      reviews: ['`import wasi:cli/environment@0.3.0` takes the place of the world\'s imports `wasi:cli/environment@0.3.0-rc-2026-03-15` and `wasi:cli/environment@0.3.0`'],
    },
    {
      // credibil/wrt vendors wasi:keyvalue@0.2.0-draft2 with every func made async, its own fork (/tmp/s46/wprobe8
      // wrt-kv): the note said only that keyvalue has no 0.3 release, not that the copy is already 0.3 under a name
      // whose published text is 0.2. A copy that is 0.2 (the next world's) keeps noRelease.
      name: 'a proposal vendored as an async fork under its 0.2 draft name is reported as such',
      before: {
        'world.wit': `package my:kv@0.1.0;

world kv {
  include wasi:keyvalue/watch-service@0.2.0-draft2;
}

world blob {
  import wasi:blobstore/container@0.2.0-draft;
}
`,
        'deps/keyvalue/store.wit': `package wasi:keyvalue@0.2.0-draft2;

interface store {
  resource bucket {
    get: async func(key: string) -> result<option<list<u8>>, string>;
  }
  open: async func(identifier: string) -> result<bucket, string>;
}

world watch-service {
  import store;
}
`,
        'deps/blobstore/container.wit': `package wasi:blobstore@0.2.0-draft;

interface container {
  name: func() -> result<string, string>;
}
`,
      },
      after: {
        'world.wit': `package my:kv@0.1.0;

world kv {
  // wasi-migrate(review): \`wasi:keyvalue/watch-service@0.2.0-draft2\`: wasi:keyvalue has no 0.3 release, and the vendored copy (deps/keyvalue) is already written for 0.3 (\`async func\`, \`stream\`, \`future\`) under the name of the published wasi:keyvalue@0.2.0-draft2, which has none of those: a host serving that version serves its 0.2 text; keep it (and mark it \`// wasi-migrate(decided): why\`) where the host serves this copy, or give the copy a version of its own
  include wasi:keyvalue/watch-service@0.2.0-draft2;
}

world blob {
  // wasi-migrate(review): \`wasi:blobstore/container@0.2.0-draft\`: wasi:blobstore has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:blobstore/container@0.2.0-draft;
}
`,
        'deps/keyvalue/store.wit': `package wasi:keyvalue@0.2.0-draft2;

interface store {
  resource bucket {
    get: async func(key: string) -> result<option<list<u8>>, string>;
  }
  open: async func(identifier: string) -> result<bucket, string>;
}

world watch-service {
  import store;
}
`,
        'deps/blobstore/container.wit': `package wasi:blobstore@0.2.0-draft;

interface container {
  name: func() -> result<string, string>;
}
`,
      },
      reviews: ['`wasi:keyvalue/watch-service@0.2.0-draft2`: wasi:keyvalue has no 0.3 release, and the vendored copy (deps/keyvalue) is already written for 0.3', '`wasi:blobstore/container@0.2.0-draft`: wasi:blobstore has no 0.3 release, so there is nothing to move it to'],
    },
    {
      // /tmp/s45/wprobe7 multiver: \`import wasi:cli/environment@0.2.0;\` beside \`@0.2.3\` became one 0.3.0 import with
      // nothing said, though the two were two instances, each used by code built against its version.
      name: 'imports of two versions, one of them 0.2, that collapse into one: reported with both',
      before: `package my:app@0.1.0;

world app {
  import wasi:cli/environment@0.2.0;
  import wasi:clocks/wall-clock@0.2.0;
  import wasi:cli/environment@0.2.3;
  import wasi:sockets/tcp@0.2.3;
  import wasi:sockets/udp@0.2.3;
  import wasi:http/outgoing-handler@0.2.3;
  import wasi:http/client@0.3.0;
  export wasi:cli/run@0.2.3;
}
`,
      after: `package my:app@0.1.0;

world app {
  // wasi-migrate(review): \`import wasi:cli/environment@0.3.0\` takes the place of the world's imports \`wasi:cli/environment@0.2.0\` and \`wasi:cli/environment@0.2.3\`, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it
  import wasi:cli/environment@0.3.0;
  import wasi:clocks/system-clock@0.3.0;
  import wasi:sockets/types@0.3.0;
  // wasi-migrate(review): \`import wasi:http/client@0.3.0\` takes the place of the world's imports \`wasi:http/outgoing-handler@0.2.3\` and \`wasi:http/client@0.3.0\`, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it
  import wasi:http/client@0.3.0;
  export wasi:cli/run@0.3.0;
}
`,
      reviews: ['`import wasi:cli/environment@0.3.0` takes the place of the world\'s imports `wasi:cli/environment@0.2.0` and `wasi:cli/environment@0.2.3`, of different versions', '`import wasi:http/client@0.3.0` takes the place of the world\'s imports `wasi:http/outgoing-handler@0.2.3` and `wasi:http/client@0.3.0`'],
    },
    {
      // The path written with white space between its tokens names the same interface: it was kept beside the
      // import the port made of the 0.2 one, and wit-parser refused the world (\`interface cannot be imported more than once\`).
      name: 'imports that collapse into one where the path already at 0.3.0 is written with white space between its tokens',
      before: `package my:app@0.1.0;

world app {
  import wasi:cli/environment@0.2.0;
  import wasi: cli/
    environment@0.3.0;
}
`,
      after: `package my:app@0.1.0;

world app {
  // wasi-migrate(review): \`import wasi:cli/environment@0.3.0\` takes the place of the world's imports \`wasi:cli/environment@0.2.0\` and \`wasi:cli/environment@0.3.0\`, of different versions: each was an instance of its own, which code built against it used; after the port there is one: check that what used each works with it
  import wasi:cli/environment@0.3.0;
}
`,
      reviews: ['`import wasi:cli/environment@0.3.0` takes the place of the world\'s imports `wasi:cli/environment@0.2.0`'],
    },
    {
      // \`use wasi:sockets/tcp@0.2.12;\` and \`use wasi:sockets/udp@0.2.12;\` both move to \`wasi:sockets/types@0.3.0\`:
      // the world's \`import tcp; import udp;\` imported one interface twice and wit-parser refused the output.
      name: 'world imports of file-level uses that moved to one interface collapse into one',
      before: `package my:app@0.1.0;

use wasi:sockets/tcp@0.2.12;
use wasi:sockets/udp@0.2.12;
use wasi:sockets/network@0.2.12 as net;

interface api {
  use tcp.{tcp-socket};
  use net.{error-code};
  adopt: func(s: tcp-socket) -> result<_, error-code>;
}

world app {
  import tcp;
  import udp;
  import net;
  export api;
}
`,
      after: `package my:app@0.1.0;

use wasi:sockets/types@0.3.0 as tcp;
use wasi:sockets/types@0.3.0 as udp;
use wasi:sockets/types@0.3.0 as net;

interface api {
  use tcp.{tcp-socket};
  use net.{error-code};
  adopt: func(s: tcp-socket) -> result<_, error-code>;
}

world app {
  import tcp;
  export api;
}
`,
    },
    {
      // \`use wasi:clocks/wall-clock@0.2.12;\` became \`use wasi:clocks/system-clock@0.3.0;\`, which names the interface
      // \`system-clock\` in the file: the world's \`import wall-clock;\` named nothing and the run ended in an error.
      name: 'a file-level use of a renamed interface keeps the name the file knows it by',
      before: `package my:app@0.1.0;

use wasi:clocks/wall-clock@0.2.12;
use wasi:http/outgoing-handler@0.2.12;
use wasi:clocks/monotonic-clock@0.2.12;

world app {
  import wall-clock;
  import outgoing-handler;
  import monotonic-clock;
}
`,
      after: `package my:app@0.1.0;

use wasi:clocks/system-clock@0.3.0 as wall-clock;
use wasi:http/client@0.3.0 as outgoing-handler;
use wasi:clocks/monotonic-clock@0.3.0;

world app {
  import wall-clock;
  import outgoing-handler;
  import monotonic-clock;
}
`,
    },
    {
      // A \`use\` written one name per line, each with its comment: the split into 0.3.0's interfaces rejoined the names
      // on one line per \`use\` and lost every comment of the list.
      name: 'a use written one name per line keeps that layout and each name\'s comments when it splits',
      before: `package my:app@0.1.0;

interface timers {
  use wasi:clocks/monotonic-clock@0.2.12.{
    // the monotonic clock's own
    instant,   // a point on the clock
    duration,  // nanoseconds
  };

  after: func(d: duration) -> instant;
}
`,
      after: `package my:app@0.1.0;

interface timers {
  use wasi:clocks/monotonic-clock@0.3.0.{
    // the monotonic clock's own
    mark as instant,   // a point on the clock
  };
  use wasi:clocks/types@0.3.0.{
    duration,  // nanoseconds
  };

  after: func(d: duration) -> instant;
}
`,
    },
    {
      // Names on one line with comments among them: the split into 0.3.0's interfaces wrote the bare names and lost
      // the comments (/tmp/s40/wprobe/use-comments); then the comment before the first name went after the first
      // list's last name (\`{mark as instant /* a point */ /* clock */}\`).
      name: 'a use with its names on one line keeps each name\'s comments when it splits',
      before: `package my:app@0.1.0;

interface timers {
  use wasi:clocks/monotonic-clock@0.2.12.{/* clock */ instant /* a point */, duration /* ns */};

  after: func(d: duration) -> instant;
}
`,
      after: `package my:app@0.1.0;

interface timers {
  use wasi:clocks/monotonic-clock@0.3.0.{/* clock */ mark as instant /* a point */};
  use wasi:clocks/types@0.3.0.{duration /* ns */};

  after: func(d: duration) -> instant;
}
`,
    },
    {
      // The comment before the first name goes with that name when it lands in the second \`use\` written.
      name: 'a use split on one line: the comment before the first name stays before it, in whichever list it goes',
      before: `package my:app@0.1.0;

interface timers {
  use wasi:clocks/monotonic-clock@0.2.12.{/* span */ duration, instant};

  after: func(d: duration) -> instant;
}
`,
      after: `package my:app@0.1.0;

interface timers {
  use wasi:clocks/types@0.3.0.{/* span */ duration};
  use wasi:clocks/monotonic-clock@0.3.0.{mark as instant};

  after: func(d: duration) -> instant;
}
`,
    },
    {
      // A comment between two names after the comma went with the name before it: \`{incoming-body, /* hdrs */ fields}\`
      // became \`{incoming-body /* hdrs */}\` and \`{fields}\` (/tmp/s50/wesc/probe q5). One after the comma on the
      // comma's line, before a name on a later line, stays the first name's.
      name: 'a use split on one line: a comment written before a name goes with that name',
      before: `package my:app@0.1.0;

interface handler {
  use wasi:http/types@0.2.3.{incoming-body, /* hdrs */ fields}; // both from http
  use wasi:clocks/monotonic-clock@0.2.3.{duration, // span
    /* point */ instant};

  body: func() -> incoming-body;
  hdrs: func() -> fields;
  after: func(d: duration) -> instant;
}
`,
      after: `package my:app@0.1.0;

interface handler {
  // wasi-migrate(review): \`wasi:http/types.incoming-body\` has no 0.3.0 counterpart (request/response.consume-body returns stream<u8> and a trailers future): kept at 0.2.3
  use wasi:http/types@0.2.3.{incoming-body};
  use wasi:http/types@0.3.0.{/* hdrs */ fields}; // both from http
  use wasi:clocks/types@0.3.0.{duration, // span
  };
  use wasi:clocks/monotonic-clock@0.3.0.{/* point */ mark as instant};

  body: func() -> incoming-body;
  hdrs: func() -> fields;
  after: func(d: duration) -> instant;
}
`,
      reviews: ['`wasi:http/types.incoming-body` has no 0.3.0 counterpart'],
    },
    {
      // \`import wasi:%random/%random@0.2.0;\` was written back \`import wasi:random/random@0.3.0;\`, and a \`use\` split
      // wrote \`{%duration}\` as \`{duration}\` (/tmp/s50/wesc/probe): a part the file escaped keeps its \`%\` where its
      // name stays; a renamed one (\`wall-clock\` to \`system-clock\`) is written plain.
      name: 'escaped identifiers (`%random`) keep their escape where the name stays',
      before: `package my:app@0.1.0;

interface %timers {
  use wasi:%clocks/%monotonic-clock@0.2.0.{%duration, %instant as at};
  after: func(d: %duration) -> at;
}

world %app {
  import wasi:%random/%random@0.2.0;
  import wasi:%clocks/%wall-clock@0.2.0;
  include wasi:cli/%imports@0.2.0;
  export %timers;
}
`,
      after: `package my:app@0.1.0;

interface %timers {
  use wasi:%clocks/types@0.3.0.{%duration};
  use wasi:%clocks/%monotonic-clock@0.3.0.{mark as at};
  after: func(d: %duration) -> at;
}

world %app {
  import wasi:%random/%random@0.3.0;
  import wasi:%clocks/system-clock@0.3.0;
  include wasi:cli/%imports@0.3.0;
  export %timers;
}
`,
    },
    {
      // A world may `use` types itself, for the functions it imports or exports: its `use` moves as an
      // interface's does (it was left at 0.2, which kept every 0.2 dep it reached).
      name: 'a world\'s own `use` moves as an interface\'s does',
      before: `package my:host@0.1.0;

world host {
  use wasi:clocks/wall-clock@0.2.3.{datetime};
  use wasi:clocks/monotonic-clock@0.2.3.{duration};
  import started-at: func() -> datetime;
  export uptime: func() -> duration;
}
`,
      after: `package my:host@0.1.0;

world host {
  // wasi-migrate(review): \`datetime\` is \`instant\` in 0.3.0: seconds became s64
  use wasi:clocks/system-clock@0.3.0.{instant as datetime};
  use wasi:clocks/types@0.3.0.{duration};
  import started-at: func() -> datetime;
  export uptime: func() -> duration;
}
`,
      reviews: ['`datetime` is `instant` in 0.3.0'],
    },
    {
      name: 'http proxy world and handlers',
      before: `package my:mw@0.1.0;

world middleware {
  include wasi:http/proxy@0.2.0;
  import wasi:http/outgoing-handler@0.2.0;
  export wasi:http/incoming-handler@0.2.0;
}
`,
      after: `package my:mw@0.1.0;

world middleware {
  include wasi:http/service@0.3.0;
  import wasi:http/client@0.3.0;
  export wasi:http/handler@0.3.0;
}
`,
    },
    {
      name: 'trailing comments the file lined up stay in their column',
      before: `package my:plugin@1.0.0;

world plugin {
    import wasi:http/outgoing-handler@0.2.0;   // allowlisted hosts only
    import wasi:sockets/tcp@0.2.0;             // allowlisted host:port only
    import wasi:filesystem/preopens@0.2.0;     // its own data directory only
    import wasi:clocks/wall-clock@0.2.0; // one space: not lined up
}
`,
      after: `package my:plugin@1.0.0;

world plugin {
    import wasi:http/client@0.3.0;             // allowlisted hosts only
    import wasi:sockets/types@0.3.0;           // allowlisted host:port only
    import wasi:filesystem/preopens@0.3.0;     // its own data directory only
    import wasi:clocks/system-clock@0.3.0; // one space: not lined up
}
`,
    },
    {
      // 0.2's handler shape, as WASI's own incoming-handler.handle became handler.handle. It was split into
      // a 0.2 `use` of response-outparam and a 0.3 one of request: a signature mixing 0.2 and 0.3.
      name: 'a function shaped as 0.2\'s handler becomes an async func returning the response',
      before: `package my:app@0.1.0;

interface handler {
  use wasi:http/types@0.2.3.{incoming-request, response-outparam};
  handle: func(request: incoming-request, response-out: response-outparam);
}

world app {
  export handler;
}
`,
      after: `package my:app@0.1.0;

interface handler {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as incoming-request, response, error-code};
  handle: async func(request: incoming-request) -> result<response, error-code>;
}

world app {
  export handler;
}
`,
      reviews: ['`incoming-request` is `request`'],
    },
    {
      // Spin's inbound websocket SIP (fermyon/spin docs): \`handle-new: func(token: string, request: incoming-request,
      // response-out: response-outparam)\` answers the upgrade through the outparam, as handle does, with a parameter
      // of its own first: it stayed 0.2 (reported) while the world's \`include wasi:http/proxy\` moved to 0.3.0.
      name: 'a handler-shaped function with parameters of its own before the request is ported too',
      before: `package my:app@0.1.0;

interface receive {
  use wasi:http/types@0.2.3.{incoming-request, response-outparam};
  handle-new: func(token: string, request: incoming-request, response-out: response-outparam);
  handle-frames: func(token: string, frames: list<u8>);
}
`,
      after: `package my:app@0.1.0;

interface receive {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as incoming-request, response, error-code};
  handle-new: async func(token: string, request: incoming-request) -> result<response, error-code>;
  handle-frames: func(token: string, frames: list<u8>);
}
`,
      reviews: ['`incoming-request` is `request`'],
    },
    {
      // Parameters written one per line: the out-parameter's trailing comment (\`// set exactly once\`) was left after
      // the request, which it then seemed to describe.
      name: 'a handler whose parameters are written one per line: the out-parameter goes with its lines and their comments',
      before: `package my:app@0.1.0;

interface handler {
  use wasi:http/types@0.2.12.{incoming-request, response-outparam};

  handle: func(
    /// The request, as it arrived.
    request: incoming-request, // owned
    /// Where the response goes.
    response-out: response-outparam, // set exactly once
  );
}
`,
      after: `package my:app@0.1.0;

interface handler {
  // wasi-migrate(review): \`incoming-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as incoming-request, response, error-code};

  handle: async func(
    /// The request, as it arrived.
    request: incoming-request, // owned
  ) -> result<response, error-code>;
}
`,
      reviews: ['`incoming-request` is `request`'],
    },
    {
      // roxy's addon WIT (chain.next, endpoints.call): outgoing-request and error-code moved to 0.3.0 and
      // future-incoming-response stayed 0.2.0 in the same signature. Ported as outgoing-handler.handle
      // became client.send; a name a record still holds stays 0.2, and so does what a signature holds beside it.
      name: 'a function returning future-incoming-response becomes an async func returning the response; a signature that keeps a 0.2 name keeps them all',
      before: `package my:app@0.1.0;

interface chain {
  use wasi:http/types@0.2.0.{outgoing-request, future-incoming-response, error-code};
  /// Pass the request on.
  next: func(req: outgoing-request) -> result<future-incoming-response, error-code>;
}

interface fetch {
  use wasi:http/types@0.2.0.{outgoing-request, future-incoming-response};
  fetch: func(req: outgoing-request) -> future-incoming-response;
  record pending { id: u32, f: future-incoming-response }
  track: func(req: borrow<outgoing-request>) -> pending;
}

world app {
  use wasi:http/types@0.2.0.{outgoing-request, future-incoming-response};
  type response = string;
  import send: func(req: outgoing-request) -> future-incoming-response;
  export chain;
  export fetch;
}
`,
      after: `package my:app@0.1.0;

interface chain {
  // wasi-migrate(review): \`outgoing-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as outgoing-request, error-code, response};
  /// Pass the request on.
  next: async func(req: outgoing-request) -> result<response, error-code>;
}

interface fetch {
  // wasi-migrate(review): \`wasi:http/types.future-incoming-response\` has no 0.3.0 counterpart (client.send is an async func returning the response): kept at 0.2.0
  // wasi-migrate(review): \`outgoing-request\` kept at 0.2.0: \`track\` also holds \`future-incoming-response\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use wasi:http/types@0.2.0.{outgoing-request, future-incoming-response};
  fetch: func(req: outgoing-request) -> future-incoming-response;
  record pending { id: u32, f: future-incoming-response }
  track: func(req: borrow<outgoing-request>) -> pending;
}

world app {
  // wasi-migrate(review): \`outgoing-request\` is \`request\` in 0.3.0: one request resource for both directions
  use wasi:http/types@0.3.0.{request as outgoing-request, response as http-response, error-code};
  type response = string;
  import send: async func(req: outgoing-request) -> result<http-response, error-code>;
  export chain;
  export fetch;
}
`,
      reviews: ['`outgoing-request` is `request`', 'future-incoming-response` has no 0.3.0 counterpart', '`outgoing-request` kept at 0.2.0: `track` also holds `future-incoming-response`', '`outgoing-request` is `request`'],
    },
    {
      // An HTTP middleware's WIT (/tmp/s45/wprobe7/http-middleware): its \`use\` wraps the names onto a line of their
      // own; the port pulled them up onto the \`use\` line, one line of 95 columns.
      name: 'a use whose names are wrapped onto a line of their own keeps that layout when it is written anew',
      before: `package my:mw@0.1.0;

interface exec {
    use wasi:http/types@0.2.0.{
        outgoing-request, request-options, future-incoming-response, error-code
    };

    exec: func(request: outgoing-request, options: option<request-options>) -> result<future-incoming-response, error-code>;
}
`,
      after: `package my:mw@0.1.0;

interface exec {
    // wasi-migrate(review): \`outgoing-request\` is \`request\` in 0.3.0: one request resource for both directions
    use wasi:http/types@0.3.0.{
        request as outgoing-request, request-options, error-code, response
    };

    exec: async func(request: outgoing-request, options: option<request-options>) -> result<response, error-code>;
}
`,
      reviews: ['`outgoing-request` is `request`'],
    },
    {
      name: '2023 pre-releases of 0.2.0 are 0.2: their references move too, the old reactor world is imports',
      before: `package my:app@0.1.0;

world app {
  include wasi:cli/reactor@0.2.0-rc-2023-10-18;
  import wasi:http/outgoing-handler@0.2.0-rc-2023-11-10;
  export wasi:http/incoming-handler@0.2.0-rc-2023-11-10;
}
`,
      after: `package my:app@0.1.0;

world app {
  include wasi:cli/imports@0.3.0;
  import wasi:http/client@0.3.0;
  export wasi:http/handler@0.3.0;
}
`,
    },
    {
      // dial's signature holds network, which stays 0.2: the names beside it stay 0.2 too (they moved, and mixed).
      name: 'sockets interfaces collapse into types; network reported, and what a signature holds beside it stays 0.2',
      before: `package my:net@0.1.0;

interface dial {
  use wasi:sockets/network@0.2.0.{network, ip-socket-address, error-code};
  use wasi:sockets/tcp@0.2.0.{tcp-socket};
  dial: func(net: borrow<network>, to: ip-socket-address) -> result<tcp-socket, error-code>;
}

world client {
  import wasi:sockets/tcp@0.2.0;
  import wasi:sockets/network@0.2.0;
  import wasi:sockets/instance-network@0.2.0;
  export dial;
}
`,
      after: `package my:net@0.1.0;

interface dial {
  // wasi-migrate(review): \`wasi:sockets/network.network\` has no 0.3.0 counterpart (0.3.0 has no network resource): kept at 0.2.0
  // wasi-migrate(review): \`ip-socket-address\`, \`error-code\` kept at 0.2.0: \`dial\` also holds \`network\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use wasi:sockets/network@0.2.0.{network, ip-socket-address, error-code};
  // wasi-migrate(review): \`tcp-socket\` kept at 0.2.0: \`dial\` also holds \`network\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use wasi:sockets/tcp@0.2.0.{tcp-socket};
  dial: func(net: borrow<network>, to: ip-socket-address) -> result<tcp-socket, error-code>;
}

world client {
  import wasi:sockets/types@0.3.0;
  // wasi-migrate(review): \`wasi:sockets/instance-network\` has no 0.3.0 counterpart (0.3.0 has no network resource: sockets need no network handle): kept at 0.2.0
  import wasi:sockets/instance-network@0.2.0;
  export dial;
}
`,
      reviews: ['instance-network', 'network.network', '`ip-socket-address`, `error-code` kept at 0.2.0', '`tcp-socket` kept at 0.2.0'],
    },
    {
      // The comment after \`instance-network\` on its line is, to the parser, the docs of the import below it:
      // the two deletions (that import and its duplicate below) overlapped there, and the run ended in
      // 'conflicting edits', nothing written.
      name: 'imports that go after a line with a trailing comment: each deletion takes its own line, no conflict',
      before: `package my:echo@0.1.0;

world echo {
  import wasi:sockets/tcp@0.2.3; // allowlisted host:port only
  import wasi:sockets/instance-network@0.2.3; // the network handle
  import wasi:sockets/tcp-create-socket@0.2.3;
}
`,
      after: `package my:echo@0.1.0;

world echo {
  import wasi:sockets/types@0.3.0; // allowlisted host:port only
}
`,
    },
    {
      name: 'instance-network goes from a world that no longer uses a network',
      before: `package my:echo@0.1.0;

world echo {
  import wasi:sockets/instance-network@0.2.3;
  import wasi:sockets/tcp@0.2.3;
  import wasi:sockets/tcp-create-socket@0.2.3;

  export wasi:cli/run@0.2.3;
}
`,
      after: `package my:echo@0.1.0;

world echo {
  import wasi:sockets/types@0.3.0;

  export wasi:cli/run@0.3.0;
}
`,
    },
    {
      // A test world of sockets' network handle alone (beside wasi:io, which rule 7 takes first) came out empty with
      // no word: valid WIT that imports nothing.
      name: 'a world the port took every item of is left empty: reported',
      with: [7],
      before: `package my:tests@0.1.0;

world network-test {
  import wasi:sockets/instance-network@0.2.12;
  include wasi:io/imports@0.2.12;
}
`,
      after: `package my:tests@0.1.0;

// wasi-migrate(review): world \`network-test\` is left empty: the port took what it still held (\`wasi:sockets/instance-network@0.2.12\`), so it imports and exports nothing now; give it what its components need, or delete it
world network-test {
}
`,
      reviews: ['world `network-test` is left empty'],
    },
    {
      // A name kept at 0.2 that a holder takes from the package's own interface (\`use http-types.{...}\`) was not
      // seen as 0.2: \`forward\` came out holding 0.3's \`request\` and \`error-code\` beside 0.2's
      // \`future-incoming-response\` (/tmp/s43/wfix4/emptyif).
      name: 'a name kept at 0.2 through the package\'s own interface keeps the other names of its signature at 0.2',
      before: `package my:app@0.1.0;

interface http-types {
  use wasi:http/types@0.2.12.{future-incoming-response};
}

interface api {
  use http-types.{future-incoming-response as pending};
  use wasi:http/types@0.2.12.{outgoing-request, error-code};
  forward: func(r: outgoing-request) -> result<pending, error-code>;
}
`,
      after: `package my:app@0.1.0;

interface http-types {
  // wasi-migrate(review): \`wasi:http/types.future-incoming-response\` has no 0.3.0 counterpart (client.send is an async func returning the response): kept at 0.2.12
  use wasi:http/types@0.2.12.{future-incoming-response};
}

interface api {
  use http-types.{future-incoming-response as pending};
  // wasi-migrate(review): \`outgoing-request\`, \`error-code\` kept at 0.2.12: \`forward\` also holds \`pending\`, which stays 0.2 (0.2 and 0.3 never mix in one signature); port them together by hand
  use wasi:http/types@0.2.12.{outgoing-request, error-code};
  forward: func(r: outgoing-request) -> result<pending, error-code>;
}
`,
      reviews: ['future-incoming-response` has no 0.3.0 counterpart', '`outgoing-request`, `error-code` kept at 0.2.12: `forward` also holds `pending`'],
    },
    {
      // The other way round: \`types\` moves \`fields\` to 0.3.0, and \`reply\` held it beside 0.2's
      // \`response-outparam\` with no note naming the mix (/tmp/s43/wfix4/reverse-mix). The \`use\` of \`types\` is
      // another holder's, so the mix is reported where the name comes in.
      name: 'a name the package\'s own interface moves to 0.3.0, beside one kept at 0.2 in a signature: the mix is reported',
      before: `package my:app@0.1.0;

interface types {
  use wasi:http/types@0.2.12.{fields};
}

interface api {
  use types.{fields};
  use wasi:http/types@0.2.12.{response-outparam};
  reply: func(headers: fields, out: response-outparam);
  headers: func() -> fields;
}
`,
      after: `package my:app@0.1.0;

interface types {
  use wasi:http/types@0.3.0.{fields};
}

interface api {
  // wasi-migrate(review): \`reply\` holds \`fields\`, which \`types\` moves to 0.3.0, beside \`response-outparam\`, which stays 0.2 (0.2 and 0.3 never mix in one signature): port them together by hand
  use types.{fields};
  // wasi-migrate(review): \`wasi:http/types.response-outparam\` has no 0.3.0 counterpart (handler.handle returns the response): kept at 0.2.12
  use wasi:http/types@0.2.12.{response-outparam};
  reply: func(headers: fields, out: response-outparam);
  headers: func() -> fields;
}
`,
      reviews: ['`reply` holds `fields`, which `types` moves to 0.3.0', 'response-outparam` has no 0.3.0 counterpart'],
    },
    {
      name: 'an interface or a name the API map does not know: reported, kept',
      before: `package my:app@0.1.0;

world app {
  import wasi:keyvalue/store@0.2.0-draft;
  import wasi:clocks/sundial@0.2.0;
}

interface timing {
  use wasi:clocks/monotonic-clock@0.2.0.{instant, frobnicate};
  started: func() -> instant;
}
`,
      after: `package my:app@0.1.0;

world app {
  // wasi-migrate(review): \`wasi:keyvalue/store@0.2.0-draft\`: wasi:keyvalue has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:keyvalue/store@0.2.0-draft;
  // wasi-migrate(review): \`wasi:clocks/sundial@0.2.0\` is not in the WASI API map: port this reference by hand
  import wasi:clocks/sundial@0.2.0;
}

interface timing {
  // wasi-migrate(review): \`wasi:clocks/monotonic-clock.frobnicate\` is not in the WASI API map: kept at 0.2.0
  use wasi:clocks/monotonic-clock@0.2.0.{frobnicate};
  use wasi:clocks/monotonic-clock@0.3.0.{mark as instant};
  started: func() -> instant;
}
`,
      reviews: ['`wasi:keyvalue/store@0.2.0-draft`: wasi:keyvalue has no 0.3 release', '`wasi:clocks/sundial@0.2.0` is not in the WASI API map', '`wasi:clocks/monotonic-clock.frobnicate` is not in the WASI API map: kept at 0.2.0'],
    },
    {
      // wit-parser's own tests (../shared/corpus/wit-parser-ui/multi-package-gated-include.wit) include invented
      // packages (\`wasi:foo/imports@0.2.3\`): each was told "wasi:foo has no 0.3 release", as if a WASI proposal
      // had not reached 0.3. Proposals the tool ships no WIT of (wasi:config, wasi:otel) still are.
      name: 'a wasi: package no WASI release or proposal has: reported as unknown, not as a proposal with no 0.3 release',
      before: `package my:app@0.1.0;

world app {
  include wasi:foo/imports@0.2.3;
  import wasi:config/store@0.2.0-draft;
  import wasi:otel/tracing@0.2.0-rc.2;
}
`,
      after: `package my:app@0.1.0;

world app {
  // wasi-migrate(review): \`wasi:foo/imports@0.2.3\`: wasi:foo is no WASI package wasi-migrate knows (no WASI release or proposal has that name), so it is left as it is: if it is the component's own, mark it \`// wasi-migrate(decided): why\`
  include wasi:foo/imports@0.2.3;
  // wasi-migrate(review): \`wasi:config/store@0.2.0-draft\`: wasi:config has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:config/store@0.2.0-draft;
  // wasi-migrate(review): \`wasi:otel/tracing@0.2.0-rc.2\`: wasi:otel has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-rc.2 (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:otel/tracing@0.2.0-rc.2;
}
`,
      reviews: ['wasi:foo is no WASI package wasi-migrate knows', 'wasi:config has no 0.3 release', 'wasi:otel has no 0.3 release'],
    },
    {
      // A \`use\` of a proposal with no 0.3 release (wasi:nn), or of a package no WASI release or proposal has
      // (wit-parser's tests' \`use wasi:dep2/stable@0.2.3.{...}\`), was told its names "are not in the WASI API map",
      // as if the map had missed them; its imports were told what the package is. A \`use\` says so now too.
      name: 'a use of a package 0.3.0 has no release of (wasi:nn) or that no WASI release or proposal has: one note for the `use`, kept',
      before: `package my:ai@0.1.0;

interface infer {
  use wasi:nn/graph@0.2.0-rc-2024-10-28.{graph, graph-encoding, execution-target, load};
  use wasi:dep2/stable@0.2.3.{stable-resource};
  run: func(g: borrow<graph>, r: borrow<stable-resource>) -> list<u8>;
}
`,
      after: `package my:ai@0.1.0;

interface infer {
  // wasi-migrate(review): \`wasi:nn/graph@0.2.0-rc-2024-10-28\`: wasi:nn has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-rc-2024-10-28 (and mark it \`// wasi-migrate(decided): why\`) or drop it
  use wasi:nn/graph@0.2.0-rc-2024-10-28.{graph, graph-encoding, execution-target, load};
  // wasi-migrate(review): \`wasi:dep2/stable@0.2.3\`: wasi:dep2 is no WASI package wasi-migrate knows (no WASI release or proposal has that name), so it is left as it is: if it is the component's own, mark it \`// wasi-migrate(decided): why\`
  use wasi:dep2/stable@0.2.3.{stable-resource};
  run: func(g: borrow<graph>, r: borrow<stable-resource>) -> list<u8>;
}
`,
      reviews: ['wasi:nn has no 0.3 release', 'wasi:dep2 is no WASI package wasi-migrate knows'],
    },
    {
      // Only a 0.2.x version was looked at: wasmCloud's interfaces world (/tmp/s44/wprobe5/wasmcloud-ifaces) had its
      // \`wasi:config/store@0.2.0-draft\` import reported and its \`wasi:logging/logging@0.1.0-draft\` one pass untouched.
      name: 'a package 0.3.0 has no release of, at a version before 0.2 (wasi:logging@0.1.0-draft): reported as at 0.2, kept',
      before: `package my:app@0.1.0;

use wasi:logging/logging@0.1.0-draft as log;

interface report {
  use wasi:logging/logging@0.1.0-draft.{level};
  use log.{level as lvl};
  say: func(l: level, m: lvl);
}

world app {
  import wasi:config/store@0.2.0-draft;
  import wasi:logging/logging@0.1.0-draft;
  import wasi:foo/bar@0.1.0;
}
`,
      after: `package my:app@0.1.0;

// wasi-migrate(review): \`wasi:logging/logging@0.1.0-draft\`: wasi:logging has no 0.3 release, so there is nothing to move it to: keep it at 0.1.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
use wasi:logging/logging@0.1.0-draft as log;

interface report {
  // wasi-migrate(review): \`wasi:logging/logging@0.1.0-draft\`: wasi:logging has no 0.3 release, so there is nothing to move it to: keep it at 0.1.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  use wasi:logging/logging@0.1.0-draft.{level};
  use log.{level as lvl};
  say: func(l: level, m: lvl);
}

world app {
  // wasi-migrate(review): \`wasi:config/store@0.2.0-draft\`: wasi:config has no 0.3 release, so there is nothing to move it to: keep it at 0.2.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:config/store@0.2.0-draft;
  // wasi-migrate(review): \`wasi:logging/logging@0.1.0-draft\`: wasi:logging has no 0.3 release, so there is nothing to move it to: keep it at 0.1.0-draft (and mark it \`// wasi-migrate(decided): why\`) or drop it
  import wasi:logging/logging@0.1.0-draft;
  // wasi-migrate(review): \`wasi:foo/bar@0.1.0\`: wasi:foo is no WASI package wasi-migrate knows (no WASI release or proposal has that name), so it is left as it is: if it is the component's own, mark it \`// wasi-migrate(decided): why\`
  import wasi:foo/bar@0.1.0;
}
`,
      reviews: ['wasi:logging has no 0.3 release', 'wasi:config has no 0.3 release', 'wasi:logging has no 0.3 release', 'wasi:foo is no WASI package wasi-migrate knows', 'wasi:logging has no 0.3 release'],
    },
    {
      name: 'several names of a released package the map does not know: one note for the `use`, kept',
      before: `package my:app@0.1.0;

interface timing {
  use wasi:clocks/monotonic-clock@0.2.0.{tick, tock};
  started: func() -> tick;
  stopped: func() -> tock;
}
`,
      after: `package my:app@0.1.0;

interface timing {
  // wasi-migrate(review): \`tick\`, \`tock\` of \`wasi:clocks/monotonic-clock\` are not in the WASI API map: kept at 0.2.0
  use wasi:clocks/monotonic-clock@0.2.0.{tick, tock};
  started: func() -> tick;
  stopped: func() -> tock;
}
`,
      reviews: ['`tick`, `tock` of `wasi:clocks/monotonic-clock` are not in the WASI API map'],
    },
    {
      // A wrapped list with a comment before its first name (a line above it, a block comment on its line) or after its
      // last was pulled onto the `use` line when split or renamed (stop 52): `{// what we read\n    descriptor, error-code}`.
      name: 'a wrapped use list with comments before its first name and after its last keeps its layout when split',
      before: `package my:app@0.1.0;

interface x {
  use wasi:filesystem/types@0.2.3.{
    // what we read
    descriptor, error-code,
    directory-entry-stream
  };
  use wasi:clocks/wall-clock@0.2.3.{
    /* when */ datetime // wall time
  };
  open: func(d: borrow<descriptor>, at: datetime) -> result<_, error-code>;
  entries: func(s: directory-entry-stream) -> u32;
}
`,
      after: `package my:app@0.1.0;

interface x {
  // wasi-migrate(review): \`wasi:filesystem/types.directory-entry-stream\` has no 0.3.0 counterpart (descriptor.read-directory returns stream<directory-entry>): kept at 0.2.3
  use wasi:filesystem/types@0.2.3.{
    directory-entry-stream
  };
  use wasi:filesystem/types@0.3.0.{
    // what we read
    descriptor, error-code
  };
  // wasi-migrate(review): \`datetime\` is \`instant\` in 0.3.0: seconds became s64
  use wasi:clocks/system-clock@0.3.0.{
    /* when */ instant as datetime, // wall time
  };
  open: func(d: borrow<descriptor>, at: datetime) -> result<_, error-code>;
  entries: func(s: directory-entry-stream) -> u32;
}
`,
      reviews: ['`wasi:filesystem/types.directory-entry-stream` has no 0.3.0 ', '`datetime` is `instant` in 0.3.0: seconds became s64'],
    },
  ],
};
export default rule;

/**
 * Generated bindings: brings every jco-generated declaration tree of a
 * project to exactly what jco generates for the migrated WIT.
 *
 *   migrateDeclarations(projectDir, { wit?: string[] })
 *     : Promise<{ changes: FileChange[]; reviews: ReviewRecord[] }>
 *
 * - A tree is a folder with an `interfaces/` folder of jco interface files
 *   (`jco types` or `jco guest-types` output, see markers.ts) and the world
 *   files beside it. Only trees that name some `wasi:*@0.2.x` item are
 *   considered: other trees are not this tool's business.
 * - The WIT is looked up in `opts.wit` (folders, relative to `projectDir` or
 *   absolute), else `<projectDir>/wit`, else anywhere in the project. A world
 *   file names its world; a tree without one is matched to the world whose
 *   jco output has exactly its set of interface files.
 * - The WIT is migrated in memory by the WIT engine (nothing is written
 *   there) and jco 1.35's own generator (src/jco/types.ts) produces the new
 *   files with the tree's flavour (guest, host, `--instantiation`). A WIT
 *   that is already migrated gives the same result, so `wit --write` may run
 *   before or after this.
 * - `changes`: `path` is relative to `projectDir` (`/`-separated); `before`
 *   undefined = new file, `after` undefined = file to delete (e.g.
 *   `interfaces/wasi-io-poll.d.ts`); `rules` is `['bindings/declarations']`.
 *   Nothing is written: the caller writes (atomically) or shows the diff.
 * - `reviews`: a tree left as it is (no WIT found, WIT that does not
 *   migrate, jco failing), or migrated with something to look at (the old
 *   tree was not jco's output for the old WIT, e.g. hand edits that the new
 *   files do not keep; the WIT migration left review items); and each
 *   hand-written `declare module 'wasi:...@0.2.x'` outside the trees, which
 *   is `remaining` too (handWrittenWasi02).
 * A second run over the result finds nothing to do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileChange, ReviewRecord } from '../../migrate/engine.js';
import { leftAt, type Remaining } from '../../migrate/leftovers.js';
import { decidedAt } from '../../wit/decided.js';
import { generateTypes } from '../../jco/types.js';
import type { FeatureSet } from '../../validate/wit-parser.js';
import { describeFlavour, isWasi02 } from './markers.js';
import { scanDeclarations, type DeclarationScan, type DeclarationTree } from './trees.js';
import { findWitSources, makeScratch, prepare, sourceOfWorld, type PreparedWit, type WitSource } from './wit-sources.js';
import { byCodeUnit } from '../../util/order.js';
import { fillMessage, type MessageData } from '../../util/messages.js';

export const RULE = 'bindings/declarations';

/** The pass's review messages by stable id (src/util/messages.ts), as a transform's `messages`. */
export const messages = {
  mixesFlavours: 'declaration tree mixes `jco types` and `jco guest-types` files: left as it is; regenerate it with one of them',
  mixesInstantiation: 'declaration tree mixes world files generated with different `--instantiation` modes: left as it is',
  transpiled: 'output of `jco transpile` (declarations beside the component JS): left as it is; transpile the migrated component again',
  noPlan: '{{reason}}: declaration tree left as it is',
  witDoesNotMigrate: 'the WIT of {{wit}} does not migrate: {{error}}: declaration tree left as it is',
  cannotGenerate: 'cannot generate declarations for {{worlds}} ({{flavour}}): {{error}}: declaration tree left as it is',
  notJcoOutput: '{{count}} file(s) of this tree are not what jco generates ({{flavour}}) for the WIT before migration (hand edits, another jco version or other options): their new text is jco\'s output for the migrated WIT and keeps none of that; check the diff of {{files}}',
  witHasReviews: 'these declarations follow the WIT as migrated, which has review items (they change again when those are resolved): {{items}}',
  handWritten:
    '`{{module}}` is declared here by hand (no jco declaration tree holds this file): the code ported to WASI 0.3 imports 0.3.0 interfaces, which this file does not declare: add their declarations (jco guest-types prints them for the migrated WIT), then remove this 0.2 one',
} as const;

/** A review of the pass at line 1 of `file`. */
function review(file: string, messageId: keyof typeof messages, data?: MessageData): ReviewRecord {
  return { rule: RULE, file, line: 1, messageId, ...(data ? { data } : {}), message: fillMessage(messages[messageId], data) };
}

export interface DeclarationOptions {
  /** WIT folders to read (relative to the project or absolute). */
  readonly wit?: readonly string[];
  /** Active `@unstable` features for jco's type generator (default: jco's, none). */
  readonly features?: FeatureSet;
}

export interface DeclarationResult {
  readonly changes: FileChange[];
  readonly reviews: ReviewRecord[];
  /** Hand-written declarations of WASI 0.2 modules (handWrittenWasi02) and 0.2 trees left as they are (leftTree): left for a human, so `--check` fails while they are. */
  readonly remaining?: Remaining[];
}

interface WorldPlan {
  readonly source: WitSource;
  readonly world: string;
  /** Base name of the world file (jco's `--name`), when the tree has one. */
  readonly name?: string;
}

const WASI02_REF = /\bwasi:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*@0\.2\./;

const HAND_DECLARED = /^\s*declare\s+module\s+(['"])(wasi:[a-z][a-z0-9-]*\/[a-z%][a-z0-9-]*@0\.2\.[^'"]*)\1/;

/**
 * `declare module 'wasi:<pkg>/<iface>@0.2.x'` in a `.d.ts` file that no jco
 * declaration tree holds (a project's own types for the WASI imports its code
 * uses): nothing regenerates it, and the code ported to 0.3 imports modules it
 * does not declare. Each is reported where it is, and stays left (for
 * `--check`) until it goes or a `// wasi-migrate(decided): why` accepts it.
 */
export function handWrittenWasi02(projectDir: string, scan: DeclarationScan): { reviews: ReviewRecord[]; remaining: Remaining[] } {
  const inTrees = new Set(scan.trees.flatMap((t) => [...t.worlds, ...t.interfaces].map((f) => (t.root ? `${t.root}/${f.rel}` : f.rel))));
  const reviews: ReviewRecord[] = [];
  const remaining: Remaining[] = [];
  for (const q of scan.declarationFiles) {
    if (inTrees.has(q)) continue;
    const text = readFileSync(path.join(projectDir, q), 'utf8');
    if (!text.includes('@0.2.')) continue;
    let offset = 0;
    text.split('\n').forEach((line, i) => {
      const m = HAND_DECLARED.exec(line);
      if (m && !decidedAt(text, offset)) {
        reviews.push({ ...review(q, 'handWritten', { module: m[2]! }), line: i + 1 });
        remaining.push(leftAt('wasi-0.2', q, i + 1, line.trim()));
      }
      offset += line.length + 1;
    });
  }
  return { reviews, remaining };
}

export async function migrateDeclarations(projectDir: string, opts: DeclarationOptions = {}): Promise<DeclarationResult> {
  const changes: FileChange[] = [];
  const scan = scanDeclarations(projectDir);
  const trees = scan.trees;
  const hand = handWrittenWasi02(projectDir, scan);
  const reviews: ReviewRecord[] = [...hand.reviews];
  const wasi02 = trees.filter((t) => [...t.worlds, ...t.interfaces].some((f) => isWasi02(f.marker.id) || WASI02_REF.test(f.text)));
  const remaining = [...hand.remaining];
  for (const t of wasi02) {
    if (!t.problem) continue;
    reviews.push(review(t.problem.file, t.problem.messageId));
    // jco transpile's output is a build's, made again from the migrated component; a project's own tree stays 0.2.
    if (t.problem.messageId !== 'transpiled') remaining.push(...leftTree(t));
  }
  const todo = wasi02.filter((t) => !t.problem);
  const done = () => ({ changes, reviews, ...(remaining.length ? { remaining } : {}) });
  if (!todo.length) return done();

  const sources = findWitSources(projectDir, opts.wit);
  const scratch = makeScratch();
  const prepared = new Map<string, PreparedWit | Error>();
  const prep = (s: WitSource): PreparedWit => {
    let p = prepared.get(s.pkg.root);
    if (!p) {
      try {
        p = prepare(s, scratch.dir);
      } catch (e) {
        p = e instanceof Error ? e : new Error(String(e));
      }
      prepared.set(s.pkg.root, p);
    }
    if (p instanceof Error) throw p;
    return p;
  };
  try {
    for (const tree of todo) {
      const out = await migrateTree(tree, sources, prep, opts.features);
      changes.push(...out.changes);
      reviews.push(...out.reviews);
      remaining.push(...(out.remaining ?? []));
    }
  } finally {
    scratch.dispose();
  }
  changes.sort((a, b) => byCodeUnit(a.path, b.path));
  return done();
}

/**
 * A WASI 0.2 declaration tree left as it is (no WIT found for it, WIT that
 * does not migrate, jco failing, a mixed tree): the code ported to 0.3
 * imports modules it does not declare, so it is left for a human (`--check`
 * fails) at its first line naming WASI 0.2, until it is regenerated or a
 * `// wasi-migrate(decided): why` above that line accepts it.
 */
function leftTree(tree: DeclarationTree): Remaining[] {
  for (const f of [...tree.worlds, ...tree.interfaces]) {
    const m = WASI02_REF.exec(f.text);
    if (!m) continue;
    if (decidedAt(f.text, m.index)) return [];
    const line = f.text.slice(0, m.index).split('\n').length;
    return [leftAt('wasi-0.2', tree.root ? `${tree.root}/${f.rel}` : f.rel, line, f.text.split('\n')[line - 1]!.trim())];
  }
  return [];
}

async function migrateTree(tree: DeclarationTree, sources: readonly WitSource[], prep: (s: WitSource) => PreparedWit, features: FeatureSet | undefined): Promise<DeclarationResult> {
  const at = (rel: string) => (tree.root ? `${tree.root}/${rel}` : rel);
  const anchor = at(tree.worlds[0]?.rel ?? tree.interfaces[0]!.rel);
  const leave = (messageId: 'noPlan' | 'witDoesNotMigrate' | 'cannotGenerate', data: MessageData): DeclarationResult => ({ changes: [], reviews: [review(anchor, messageId, data)], remaining: leftTree(tree) });
  const existing = new Map([...tree.worlds, ...tree.interfaces].map((f) => [f.rel, f.text]));
  const gen = (dir: string, w: WorldPlan) => generateTypes({ witPath: dir, world: w.world, name: w.name, flavour: tree.flavour, features });

  let plans: WorldPlan[];
  try {
    plans = tree.worlds.length ? planFromWorldFiles(tree, sources) : await planFromInterfaces(tree, sources, prep, gen);
  } catch (e) {
    return leave('noPlan', { reason: (e as Error).message });
  }

  const target = new Map<string, string>();
  const before = new Map<string, string>();
  const witReviews = new Set<string>();
  try {
    for (const w of plans) {
      let p: PreparedWit;
      try {
        p = prep(w.source);
      } catch (e) {
        return leave('witDoesNotMigrate', { wit: w.source.label, error: firstLine(e, w.source.label) });
      }
      for (const r of p.migration.reviews) witReviews.add(`${w.source.label}/${r.file}:${r.line}: ${r.message}`);
      for (const [rel, text] of Object.entries(await gen(p.afterDir, w))) target.set(rel, text);
      for (const [rel, text] of Object.entries(await gen(p.beforeDir, w))) before.set(rel, text);
    }
  } catch (e) {
    return leave('cannotGenerate', { worlds: plans.map((p) => p.world).join(', '), flavour: describeFlavour(tree.flavour), error: firstLine(e) });
  }
  // A tree kept without its world file stays without one.
  if (!tree.worlds.length) for (const rel of [...target.keys()]) if (!rel.startsWith('interfaces/')) target.delete(rel);

  const changes: FileChange[] = [];
  for (const [rel, text] of target) {
    if (existing.get(rel) !== text) changes.push({ path: at(rel), before: existing.get(rel), after: text, rules: [RULE] });
  }
  for (const [rel, text] of existing) if (!target.has(rel)) changes.push({ path: at(rel), before: text, after: undefined, rules: [RULE] });
  const reviews: ReviewRecord[] = [];
  if (!changes.length) return { changes, reviews };

  const edited = [...existing].filter(([rel, text]) => before.get(rel) !== text).map(([rel]) => at(rel));
  if (edited.length) {
    reviews.push(review(edited[0]!, 'notJcoOutput', { count: edited.length, flavour: describeFlavour(tree.flavour), files: edited.join(', ') }));
  }
  if (witReviews.size) {
    reviews.push(review(anchor, 'witHasReviews', { items: [...witReviews].join('; ') }));
  }
  return { changes, reviews };
}

function planFromWorldFiles(tree: DeclarationTree, sources: readonly WitSource[]): WorldPlan[] {
  return tree.worlds.map((w) => {
    const source = sourceOfWorld(sources, w.marker.id);
    if (!source) throw new Error(`no WIT found for world ${w.marker.id} of ${w.rel} (${sources.length ? `looked in ${[...new Set(sources.map((s) => s.label))].join(', ')}` : 'no WIT package in the project'}; name the WIT folder explicitly)`);
    return { source, world: w.marker.id.replace(/^[^/]+\//, '').replace(/@.*$/, ''), name: path.basename(w.rel, '.d.ts') };
  });
}

/** A tree kept without its world file: the world whose (pre-migration) output has exactly the tree's interface files. */
async function planFromInterfaces(
  tree: DeclarationTree,
  sources: readonly WitSource[],
  prep: (s: WitSource) => PreparedWit,
  gen: (dir: string, w: WorldPlan) => Promise<Record<string, string>>,
): Promise<WorldPlan[]> {
  const want = tree.interfaces.map((f) => f.rel).sort().join('\n');
  for (const source of sources) {
    let p: PreparedWit;
    try {
      p = prep(source);
    } catch {
      continue;
    }
    for (const world of source.worlds) {
      let files: Record<string, string>;
      try {
        files = await gen(p.beforeDir, { source, world });
      } catch {
        continue;
      }
      const got = Object.keys(files).filter((k) => k.startsWith('interfaces/')).sort().join('\n');
      if (got === want) return [{ source, world }];
    }
  }
  throw new Error(`no world file, and no world of the WIT (${sources.length ? [...new Set(sources.map((s) => s.label))].join(', ') : 'none found'}) generates exactly these interface files`);
}

/** One line for a review: the message's first line, and for rendered diagnostics the first `file:line:col: error`. */
function firstLine(e: unknown, dir?: string): string {
  const s = e instanceof Error ? e.message : String(e);
  const lines = s.split('\n');
  const head = (lines.find((l) => l.trim()) ?? s).replace(/:$/, '');
  const err = lines.findIndex((l) => l.startsWith('error: '));
  const at = err >= 0 ? /^\s*--> (.*)$/.exec(lines[err + 1] ?? '') : null;
  return err >= 0 && at ? `${head}: ${dir && dir !== '.' ? `${dir}/` : ''}${at[1]}: ${lines[err]!.slice('error: '.length)}` : head;
}

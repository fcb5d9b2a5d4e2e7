/**
 * Several trees checked by one wit-parser call, where that gives each tree's
 * own verdict: the trees of a run that vendor the same deps (a repository of
 * components, each with its `deps/` of the same WASI release) have those
 * deps parsed and resolved once for all of them instead of once per tree.
 *
 * The one text: a package of our own holding the empty world the call
 * selects, each tree's main package as a nested `package` block under a
 * name of its own, and the deps once (one-text.ts lays out each tree; the
 * deps part must be the same text in every tree of a batch).
 *
 * Each main package is renamed in the one text: its namespace becomes a
 * fresh one (`wasi-migrate-batch-t<k>`, a name no text of the batch holds),
 * in its header and in every reference to it (`use`, `import`, `export`,
 * `include` paths: the only places an `ns:name` followed by `/` can stand).
 * wit-parser parses each package on its own and resolves each against the
 * packages it names, by name. Renamed, a main package names what it named
 * alone: itself (now under its fresh name, at the versions it wrote), and
 * the deps, the same text as alone. It cannot name another tree's main
 * package, whose name is fresh too, nor meet it in a clash: two trees of one
 * name, or trees naming each other, share a call as well as any. So each
 * renamed package resolves in the batch exactly when the tree resolves
 * alone, provided that the deps neither name nor declare the tree's package
 * (alone, a clash or a cycle; renamed, they would no longer meet), that the
 * namespace renamed is a plain lower-case kebab name (an identifier
 * wit-parser refuses alone must not be renamed away), and that the deps
 * text holds no comment (one between the tokens of a name would hide it
 * from the deps search). A comment in the main package may hide a reference
 * to itself from the renaming: that reference then names a package no
 * member of the batch declares, and the batch is refused, never wrongly
 * accepted. A tree is batched only where its own check would be one call
 * on an empty world too (validateWit: few enough types, no world asked for)
 * and its main package can be a nested block (no top-level `use`, no nested
 * blocks of its own). Only an accept is
 * taken from a batch: a batch wit-parser refuses is tried again in halves,
 * and a small one tree by tree, by validateWit, which gives wit-parser's own
 * message.
 */
import { lexPackedOrUndefined, T } from '../wit/lexer.js';
import { oneTextParts, typeNodeBound, type OneTextParts } from './one-text.js';
import { EMPTY_WORLD_MAX_TYPES, jcoEmbed, validateWit, type ValidateOpts, type ValidateResult, type WitInput } from './wit-parser.js';

/** Our package in the one text, and the world the call selects. */
const OWN = 'wasi-migrate-batch';
const WORLD = 'check';

/** At most this many trees, and this many bytes of text, in one call. */
const MAX_TREES = 64;
const MAX_BYTES = 4 * 1024 * 1024;

/** A refused batch of at least this many trees is tried again in halves. */
const BISECT_FROM = 4;

/**
 * A tree that may share a call: its layout, and its main header and body cut
 * at each namespace token that names the main package (joined with a fresh
 * namespace, the package renamed).
 */
interface Member {
  readonly parts: OneTextParts;
  readonly header: readonly string[];
  readonly body: readonly string[];
}

interface Waiting extends Member {
  readonly input: WitInput;
  readonly opts: ValidateOpts;
  readonly resolve: (r: ValidateResult) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * A validateWit that batches: trees asked for in one turn of the event loop
 * are checked together where they may be (see the module comment); any
 * other input goes to validateWit as it is. `embed` is the raw call
 * (jcoEmbed; a test counts calls with its own).
 */
export function batchingValidateWit(embed: typeof jcoEmbed = jcoEmbed): (input: WitInput, opts?: ValidateOpts) => Promise<ValidateResult> {
  let queue: Waiting[] = [];
  const flush = async () => {
    const q = queue;
    queue = [];
    for (const batch of batches(q)) await settle(batch);
  };
  // A refused batch of BISECT_FROM trees or more is tried again in halves (one broken tree among many costs a few
  // calls, not one per tree); a smaller one goes tree by tree.
  const settle = async (batch: readonly Waiting[]): Promise<void> => {
    if (batch.length > 1 && (await together(batch, embed))) {
      for (const w of batch) w.resolve({ ok: true });
    } else if (batch.length >= BISECT_FROM) {
      await settle(batch.slice(0, batch.length >> 1));
      await settle(batch.slice(batch.length >> 1));
    } else {
      for (const w of batch) validateWit(w.input, w.opts).then(w.resolve, w.reject);
    }
  };
  return (input, opts = {}) => {
    const member = 'files' in input && opts.world === undefined ? batchable(input.files) : undefined;
    if (!member) return validateWit(input, opts);
    return new Promise<ValidateResult>((resolve, reject) => {
      if (!queue.length) setImmediate(flush);
      queue.push({ ...member, input, opts, resolve, reject });
    });
  };
}

/** Whether wit-parser accepts the batch as one text (a call that throws is no accept: each tree is then checked alone). */
async function together(batch: readonly Waiting[], embed: typeof jcoEmbed): Promise<boolean> {
  const features = batch[0]!.opts.features;
  try {
    return (await embed({ witSource: unionText(batch), world: WORLD, ...(features ? { features } : {}) })).ok;
  } catch {
    return false;
  }
}

/** The tree as a member of a batch, where it may share a call (see the module comment). */
function batchable(files: Readonly<Record<string, string>>): Member | undefined {
  const parts = oneTextParts(files);
  if (!parts?.name || parts.topUse || parts.nestedBlocks > 0) return undefined;
  // A comment between the tokens of a name (`c0/* x */:app`) would hide it from `named`: only deps oneText left none in.
  if (/\/[/*]/.test(parts.rest)) return undefined;
  if (typeNodeBound(files) > EMPTY_WORLD_MAX_TYPES) return undefined;
  if (Object.values(files).some((t) => t.includes(OWN))) return undefined;
  const { namespace, name } = parts.name;
  // Renamed, an identifier wit-parser would refuse (`Wasi`, `a--b`) would be gone: only plain lower-case kebab names.
  if (!/^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/.test(namespace)) return undefined;
  // `ns:name`, each part with or without `%`, spaces around `:` allowed, outside words. Both are WIT identifiers
  // (letters, digits, `-`): nothing to escape.
  const pattern = new RegExp(`(?<![A-Za-z0-9-])%?${namespace}\\s*:\\s*%?${name}(?![A-Za-z0-9-])`);
  // (A text without the namespace is not searched: the deps text is long, and most never hold it.)
  const named = { test: (s: string) => s.includes(namespace) && pattern.test(s) };
  // The deps name the main package, or declare it (their headers are in the text): alone, a cycle or a clash, which
  // the renamed package would not meet.
  if (named.test(parts.rest)) return undefined;
  const header = cutAtNamespace(parts.headerRaw, namespace, name, [T.At, T.Eof]);
  // Most bodies never name their own package (`import types;`): cut only those the text search finds it in.
  const body = named.test(parts.body) ? cutAtNamespace(parts.body, namespace, name, [T.Slash]) : [parts.body];
  if (header?.length !== 2 || !body) return undefined;
  return { parts, header, body };
}

/**
 * `text` cut around each identifier token `ns` (with or without `%`) that is
 * followed by `:`, the identifier `name` and a token of `follows`, white
 * space allowed between them (not a comment: see the module comment). In a body,
 * `ns:name/` is the start of a package path, the one place a package is
 * named; in a header (`follows`: `@` or the end) the name itself. Undefined
 * where our lexer refuses the text.
 */
function cutAtNamespace(text: string, ns: string, name: string, follows: readonly T[]): string[] | undefined {
  const toks = lexPackedOrUndefined(text);
  if (!toks) return undefined;
  const n = toks.length;
  const next = (i: number) => {
    while (i < n && toks.kind(i) === T.Whitespace) i++;
    return i;
  };
  const isId = (i: number, want: string) => {
    const k = toks.kind(i);
    if (k !== T.Id && k !== T.ExplicitId) return false;
    const s = toks.start(i) + (k === T.ExplicitId ? 1 : 0);
    return toks.end(i) - s === want.length && text.startsWith(want, s);
  };
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (!isId(i, ns)) continue;
    const colon = next(i + 1);
    if (toks.kind(colon) !== T.Colon) continue;
    const pkg = next(colon + 1);
    if (!isId(pkg, name) || !follows.includes(toks.kind(next(pkg + 1)))) continue;
    out.push(text.slice(at, toks.start(i)));
    at = toks.end(i);
  }
  out.push(text.slice(at));
  return out;
}

/** The waiting trees in batches: same features and the same deps text, within the caps. */
function batches(q: readonly Waiting[]): Waiting[][] {
  const out: Waiting[][] = [];
  const open = new Map<string, { trees: Waiting[]; bytes: number }>();
  for (const w of q) {
    const key = `${JSON.stringify(w.opts.features ?? null)}\n${w.parts.rest}`;
    const b = open.get(key);
    if (b && b.trees.length < MAX_TREES && b.bytes + w.parts.body.length <= MAX_BYTES) {
      b.trees.push(w);
      b.bytes += w.parts.body.length;
    } else {
      const fresh = { trees: [w], bytes: w.parts.rest.length + w.parts.body.length };
      open.set(key, fresh);
      out.push(fresh.trees);
    }
  }
  return out;
}

/** Our package with the empty world, each tree's main package as a nested block under a fresh namespace, and the deps once. */
function unionText(batch: readonly Waiting[]): string {
  const out = [`package ${OWN}:batch;\nworld ${WORLD} {}\n`];
  batch.forEach((w, k) => {
    const fresh = `${OWN}-t${k}`;
    out.push(`package${w.header.join(fresh)} {\n`, w.body.join(fresh), '\n}\n');
  });
  out.push(batch[0]!.parts.rest);
  return out.join('');
}

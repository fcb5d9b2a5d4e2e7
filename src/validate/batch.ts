/**
 * Several trees checked by one wit-parser call, where that gives each tree's
 * own verdict: the trees of a run that vendor the same deps (a repository of
 * components, each with its `deps/` of the same WASI release) have those
 * deps parsed and resolved once for all of them instead of once per tree.
 *
 * The one text: a package of our own holding the empty world the call
 * selects, each tree's main package as a nested `package` block, and the
 * deps once (one-text.ts lays out each tree; the deps part must be the same
 * text in every tree of a batch). wit-parser parses each package on its own
 * and resolves each against the packages it names, so the one text is
 * accepted only if every tree's packages parse and resolve, and each would
 * resolve alike alone, provided that nothing in a batch names another
 * tree's package: no main package names another's (`ns:name`, any version),
 * the deps name none of them, and no two main packages, nor a main package
 * and a dep, share an `ns:name`. A tree is batched only where its own check
 * would be one call on an empty world too (validateWit: few enough types, no
 * world asked for), its main package can be a nested block (no top-level
 * `use`, no nested blocks of its own), and its text holds no comment (one
 * between the tokens of a name would hide the name). Only an accept is taken from a batch:
 * a batch wit-parser refuses is checked again tree by tree, by validateWit.
 */
import { oneTextParts, typeNodeBound, type OneTextParts } from './one-text.js';
import { EMPTY_WORLD_MAX_TYPES, jcoEmbed, validateWit, type ValidateOpts, type ValidateResult, type WitInput } from './wit-parser.js';

/** Our package in the one text, and the world the call selects. */
const OWN = 'wasi-migrate-batch';
const WORLD = 'check';

/** At most this many trees, and this many bytes of text, in one call. */
const MAX_TREES = 64;
const MAX_BYTES = 4 * 1024 * 1024;

/** A tree that may share a call: its layout, its main package's `ns:name`, and a pattern that finds that name in a text. */
interface Member {
  readonly parts: OneTextParts;
  readonly id: string;
  readonly named: RegExp;
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
    for (const batch of batches(q)) {
      if (batch.length > 1 && (await together(batch, embed))) {
        for (const w of batch) w.resolve({ ok: true });
        continue;
      }
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
  // A comment between the tokens of a name (`c0/* x */:app`) would hide it from `named`: only texts oneText left none in.
  if (/\/[/*]/.test(parts.body) || /\/[/*]/.test(parts.rest)) return undefined;
  if (typeNodeBound(files) > EMPTY_WORLD_MAX_TYPES) return undefined;
  if (Object.values(files).some((t) => t.includes(OWN))) return undefined;
  const { namespace, name } = parts.name;
  // `ns:name`, each part with or without `%`, spaces around `:` allowed, outside words. Both are WIT identifiers
  // (letters, digits, `-`): nothing to escape.
  const named = new RegExp(`(?<![A-Za-z0-9-])%?${namespace}\\s*:\\s*%?${name}(?![A-Za-z0-9-])`);
  // The deps name the main package, or declare it (their headers are in the text): alone, a cycle or a clash; in a
  // batch it could meet another tree's.
  if (named.test(parts.rest)) return undefined;
  return { parts, id: `${namespace}:${name}`, named };
}

/** The waiting trees in batches: same features and the same deps text, no two naming each other, within the caps. */
function batches(q: readonly Waiting[]): Waiting[][] {
  const out: Waiting[][] = [];
  const open = new Map<string, { trees: Waiting[]; bytes: number }[]>();
  for (const w of q) {
    const key = `${JSON.stringify(w.opts.features ?? null)}\n${w.parts.rest}`;
    let list = open.get(key);
    if (!list) open.set(key, (list = []));
    // (The deps, the same text for all, name none of them: batchable.)
    const fits = (b: { trees: Waiting[]; bytes: number }) =>
      b.trees.length < MAX_TREES &&
      b.bytes + w.parts.body.length <= MAX_BYTES &&
      b.trees.every((o) => o.id !== w.id && !o.named.test(w.parts.body) && !w.named.test(o.parts.body));
    const b = list.find(fits);
    if (b) {
      b.trees.push(w);
      b.bytes += w.parts.body.length;
    } else {
      const fresh = { trees: [w], bytes: w.parts.rest.length + w.parts.body.length };
      list.push(fresh);
      out.push(fresh.trees);
    }
  }
  return out;
}

/** Our package with the empty world, each tree's main package as a nested block, and the deps once. */
function unionText(batch: readonly Waiting[]): string {
  const out = [`package ${OWN}:batch;\nworld ${WORLD} {}\n`];
  for (const w of batch) out.push(`package${w.parts.headerRaw} {\n`, w.parts.body, '\n}\n');
  out.push(batch[0]!.parts.rest);
  return out.join('');
}

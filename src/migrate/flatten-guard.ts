/**
 * A bound on what the real wit-parser check can be asked to do. Checking a
 * world, wit-component flattens each function's signature by the Canonical
 * ABI (wit-parser `abi.rs` `push_flat`, run by `dummy_module`): a fixed-size
 * list `list<T, n>` pushes T's flat values n times and stops once a signature
 * holds more than fit in registers, so a T that flattens to no value at all
 * (`tuple<>`, an empty record, `list<u8, 0>`) is walked n times, and nested
 * such lists multiply. `list<list<tuple<>, 4000000000>, 4000000000>` resolves
 * in a blink and then never finishes (issue 18's research: still running after
 * 60 s, about 5.5 ns an element), in a synchronous call nothing can interrupt.
 *
 * So a tree with a fixed-size list is resolved here first, and one whose
 * zero-width walks exceed LIMIT element steps is not handed over: the check
 * fails, saying why. Every fixed-size list type counts, used in a signature
 * or not (a safe side: such a type has no use a component could make either).
 */
import type * as M from '../wit/model.js';
import { resolveFiles } from './package-model.js';

/** Element steps allowed (about half a second of wit-component's flattening). */
const LIMIT = 1e8;

/** A fixed-size list in the text: `, <digits> >` appears in no other WIT type. */
const FIXED = /,\s*\d+\s*>/;

/** Why the tree is too costly to flatten, or undefined (no fixed-size list, or none that costly, or it does not resolve here). */
export function flatteningTooCostly(files: Readonly<Record<string, string>>): string | undefined {
  if (!Object.values(files).some((t) => FIXED.test(t))) return undefined;
  const side = resolveFiles(files);
  if ('error' in side) return undefined;
  const memo = new Map<M.TypeDef, Cost>();
  for (const t of side.resolve.types) {
    if (t.kind.kind !== 'fixed-length-list') continue;
    const c = cost(t, memo);
    if (c.steps > LIMIT) {
      const name = t.name ?? `list<..., ${t.kind.size}>`;
      return `not checked: flattening \`${name}\` takes wit-component about ${c.steps.toExponential(1)} steps (fixed-size lists of elements with no Canonical ABI value, walked one by one), more than the ${LIMIT.toExponential(0)} it is given: it would not finish`;
    }
  }
  return undefined;
}

interface Cost {
  /** Flat values (capped: past MAX_FLAT, flattening stops). */
  readonly flat: number;
  /** Element steps to flatten it. */
  readonly steps: number;
}

/** More flat values than any signature keeps in registers (wit-parser stops pushing past them). */
const MAX_FLAT = 17;

function cost(t: M.Type, memo: Map<M.TypeDef, Cost>): Cost {
  if (typeof t === 'string') return { flat: t === 'string' ? 2 : 1, steps: 1 };
  const known = memo.get(t);
  if (known) return known;
  // A cycle cannot resolve; counted as one value.
  memo.set(t, { flat: 1, steps: 1 });
  const c = kindCost(t.kind, memo);
  const capped = { flat: Math.min(c.flat, MAX_FLAT), steps: c.steps };
  memo.set(t, capped);
  return capped;
}

function kindCost(k: M.TypeDefKind, memo: Map<M.TypeDef, Cost>): Cost {
  const sum = (ts: readonly (M.Type | undefined)[]) =>
    ts.reduce<Cost>((a, x) => {
      if (x === undefined) return a;
      const c = cost(x, memo);
      return { flat: a.flat + c.flat, steps: a.steps + c.steps };
    }, { flat: 0, steps: 1 });
  switch (k.kind) {
    case 'record': return sum(k.fields.map((f) => f.type));
    case 'tuple': return sum(k.types);
    case 'flags': return { flat: Math.ceil(k.flags.length / 32), steps: 1 };
    case 'variant': case 'option': case 'result': {
      const cases = k.kind === 'variant' ? k.cases.map((c) => c.type) : k.kind === 'option' ? [k.type] : [k.ok, k.err];
      const costs = cases.map((x) => (x === undefined ? { flat: 0, steps: 1 } : cost(x, memo)));
      return { flat: 1 + Math.max(0, ...costs.map((c) => c.flat)), steps: costs.reduce((a, c) => a + c.steps, 1) };
    }
    case 'fixed-length-list': {
      const e = cost(k.element, memo);
      // Elements with values fill the registers within MAX_FLAT pushes; elements without are walked to the end.
      const walked = e.flat === 0 ? k.size : Math.min(k.size, MAX_FLAT + 1);
      return { flat: e.flat * k.size, steps: 1 + walked * e.steps };
    }
    case 'type': return cost(k.type, memo);
    case 'list': case 'map': return { flat: 2, steps: 1 };
    case 'enum': case 'handle': case 'future': case 'stream': case 'resource': return { flat: 1, steps: 1 };
  }
}

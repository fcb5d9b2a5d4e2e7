/**
 * Seeded randomness. Two needs, two tools:
 * - `Prng`: a sequential stream (mulberry32) for choices made in run order,
 *   e.g. which of several same-instant ready events runs first.
 * - `hashJitter`: a stateless value derived from (seed, key), so that the latency
 *   of "the 2nd request to upstream A" is the same for the 0.2 and the 0.3 guest
 *   of a fixture even though they issue their requests in different run orders.
 */
import { Mulberry32 } from '../util/mulberry32.js';

export class Prng extends Mulberry32 {
  constructor(seed: number) {
    // Mixed so that small seeds (0, 1, 2...) do not start from near-zero states.
    super((seed ^ 0x9e3779b9) >>> 0);
  }
  u64(): bigint {
    const hi = BigInt(Math.floor(this.next() * 4294967296));
    const lo = BigInt(Math.floor(this.next() * 4294967296));
    return (hi << 32n) | lo;
  }
}

/** FNV-1a over the key, mixed with the seed: a stable number in [0, 1). */
export function hashUnit(seed: number, key: string): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return new Prng(h).next();
}

/** A latency in [lo, hi] chosen by (seed, key); a single number means no jitter. */
export function jitter(seed: number, key: string, range: number | [number, number]): number {
  if (typeof range === 'number') return range;
  const [lo, hi] = range;
  return lo + Math.round(hashUnit(seed, key) * (hi - lo));
}

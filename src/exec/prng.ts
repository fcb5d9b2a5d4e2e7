/**
 * Seeded randomness. Two needs, two tools:
 * - `Prng`: a sequential stream (mulberry32) for choices made in run order,
 *   e.g. which of several same-instant ready events runs first.
 * - `hashJitter`: a stateless value derived from (seed, key), so that the latency
 *   of "the 2nd request to upstream A" is the same for the 0.2 and the 0.3 guest
 *   of a fixture even though they issue their requests in different run orders.
 */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
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

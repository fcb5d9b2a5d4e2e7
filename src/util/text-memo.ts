/**
 * A function of a text, memoised by the text: the same texts (dep files, the
 * official WASI packages above all) are scanned at every phase of every
 * package of a run. Bounded: at most `max` entries, the least recently used
 * dropped first (first-in-first-out would drop the shared deps a run cycles
 * back to after each package's own texts, and keep nothing), texts over
 * 1 MiB are not kept.
 */
export function memoByText<R>(fn: (text: string) => R, max = 1024): (text: string) => R {
  const memo = new Lru<string, R>(max);
  return (text) => {
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
    const out = fn(text);
    if (text.length <= 1 << 20) memo.set(text, out);
    return out;
  };
}

/** A map of at most `max` entries that drops the least recently read or written one. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

/**
 * One string object for each distinct text read: the memos and caches of a
 * run are keyed by texts, and a Map hashes a key string once and keeps its
 * hash in the string, but each fresh read of the same file is a fresh
 * string, hashed and compared whole at every lookup. The deps a tree's
 * packages vendor are the same files again and again (the official WASI
 * packages above all): read once, found by pointer after. It is memoByText
 * of the text itself (the first string seen of each text); below Lru, which
 * memoByText builds at once.
 */
export const intern: (text: string) => string = memoByText((text) => text, 4096);

/**
 * A function of a text, memoised by the text: the same texts (dep files, the
 * official WASI packages above all) are scanned at every phase of every
 * package of a run. Bounded: at most `max` entries (oldest dropped first),
 * texts over 1 MiB are not kept.
 */
export function memoByText<R>(fn: (text: string) => R, max = 1024): (text: string) => R {
  const memo = new Map<string, R>();
  return (text) => {
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
    const out = fn(text);
    if (text.length <= 1 << 20) {
      if (memo.size >= max) memo.delete(memo.keys().next().value!);
      memo.set(text, out);
    }
    return out;
  };
}

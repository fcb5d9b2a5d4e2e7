/**
 * "Did you mean": the known flag closest to an unknown one, by
 * Damerau-Levenshtein distance (an adjacent swap counts as one edit), as
 * cargo and git suggest. Nothing is suggested when the closest flag is more
 * than two edits, or a third of the name, away.
 */
export function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== null && bestD <= Math.min(2, Math.max(1, Math.floor(name.length / 3))) ? best : null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
export function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** yargs' "Unknown argument(s): a, b" with a suggestion for each unknown flag that has a close known one. */
export function unknownFlagMessage(msg: string, known: readonly string[]): string | null {
  const m = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!m) return null;
  const names = m[1]!.split(', ').map((s) => s.trim());
  return names
    .map((n) => {
      const flag = n.length === 1 ? `-${n}` : `--${n}`;
      const c = closest(n, known.filter((k) => k.length > 1));
      return c ? `unknown option ${flag} (did you mean --${c}?)` : `unknown option ${flag}`;
    })
    .join('\n');
}

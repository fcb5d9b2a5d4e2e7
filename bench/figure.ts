/** One benchmark figure. `peer`, when present, was measured in the same run. */
export type Figure = {
  name: string;
  value: number;
  unit: string;
  peer?: { name: string; value: number };
};

/** A suite: a module exporting `run`. */
export type Suite = { run(): Promise<Figure[]> };

/** Median of samples (mean of the middle two for an even count). */
export function median(samples: number[]): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Iterations per measurement: BENCH_ITERATIONS, else the given default. */
export function iterations(fallback: number): number {
  const n = Number(process.env.BENCH_ITERATIONS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

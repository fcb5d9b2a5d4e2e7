/**
 * Starts `run(i)` for i = 0 .. n-1 in order, never more than `ahead` past
 * the oldest that has not settled (each start waits for the one `ahead`
 * before it); the results in order. A rejection stops the starts and is
 * thrown.
 */
export async function inOrderAhead<T>(n: number, ahead: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const started: Promise<T>[] = [];
  for (let i = 0; i < n; i++) {
    if (i >= ahead) await started[i - ahead];
    started.push(run(i));
  }
  return Promise.all(started);
}

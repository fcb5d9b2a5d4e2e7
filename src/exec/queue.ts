/**
 * A first-in first-out list whose storage is kept when it empties: the
 * loop's ready steps and a waitable set's waiters, which empty and refill
 * once per step. A plain array's `pop`/`shift` down to length 0 drops its
 * backing store (V8), and the next `push` allocates a new one (152 bytes),
 * once per stream copy.
 */
export class Queue<T> {
  /**
   * Made with one `undefined` in it (`n` counts the items), so that its
   * elements are of V8's kind for any value from the start: made empty, a
   * queue's array changed kind at its first push, and the code V8 had
   * compiled for `push` (and `repost`, `enqueue`, which inline it) was thrown
   * away while the executor bench's first streams ran (--trace-deopt:
   * "wrong map", "not a Smi"); with this, none.
   */
  private items: (T | undefined)[] = [undefined];
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(x: T): void {
    if (this.n < this.items.length) this.items[this.n] = x;
    else this.items.push(x);
    this.n++;
  }

  /** The `i`-th item (0 is the oldest). */
  at(i: number): T {
    return this.items[i] as T;
  }

  /** Remove and return the `i`-th item; the others keep their order (as `splice(i, 1)`). */
  removeAt(i: number): T {
    const items = this.items;
    const x = items[i] as T;
    const last = --this.n;
    for (let j = i; j < last; j++) items[j] = items[j + 1];
    items[last] = undefined;
    return x;
  }

  shift(): T | undefined {
    return this.n === 0 ? undefined : this.removeAt(0);
  }

  toArray(): T[] {
    return this.items.slice(0, this.n) as T[];
  }
}

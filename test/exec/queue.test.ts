/**
 * The loop's and waitable sets' FIFO (queue.ts) must behave as the arrays it
 * replaced (push, splice(i, 1), shift), or the seeded picks would choose
 * other steps: checked against an array over random operations.
 */
import { Queue } from '../../src/exec/queue.js';
import { Prng } from '../../src/exec/prng.js';

test('push, removeAt and shift give what an array gives', () => {
  const rng = new Prng(42);
  const q = new Queue<number>();
  const a: number[] = [];
  for (let step = 0; step < 20_000; step++) {
    const op = rng.int(3);
    if (op === 0 || a.length === 0) {
      q.push(step);
      a.push(step);
    } else if (op === 1) {
      const i = rng.int(a.length);
      expect(q.removeAt(i)).toBe(a.splice(i, 1)[0]);
    } else expect(q.shift()).toBe(a.shift());
    expect(q.length).toBe(a.length);
    if (a.length > 0) expect(q.at(a.length - 1)).toBe(a[a.length - 1]);
  }
  expect(q.toArray()).toEqual(a);
  while (a.length) expect(q.shift()).toBe(a.shift());
  expect(q.shift()).toBeUndefined();
});

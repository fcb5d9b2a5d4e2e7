/**
 * The bindings fuzzer's mutations keep what a program does (src/fuzz/bindings-mutate.ts): each one applied to
 * programs full of `break`, `continue` (labelled too), `return` in loops, switches, try/finally and closures, with
 * calls whose order shows, a closure naming a `let` declared after it, calls that give `null`, under many seeds; the mutated program run must log what the original logs. A mutation
 * that moved a jump out of its meaning (switch-wrap wrapping a loop's `break`), reordered calls or threw on a `null`
 * the program handles (assert-present) fails here.
 */
import { MUTATIONS, mutationProject } from '../../src/fuzz/bindings-mutate.js';
import { Rng } from '../../src/fuzz/mutate.js';

const PROGRAMS = [
  `function step(i) {
  log.push('step ' + i);
  return i;
}

function order(a, b) {
  log.push('order ' + a + ' ' + b);
  return a + b;
}

function loops(n) {
  const items = [];
  for (let i = 0; i < n; i++) {
    const v = step(i);
    if (v === 1) continue;
    if (v === 4) break;
    items.push(v);
  }
  outer: for (const a of [1, 2, 3]) {
    const b = step(a * 10);
    for (const c of [1, 2, 3]) {
      const d = step(c);
      if (d === 2 && b === 10) continue outer;
      if (b === 20) break outer;
      log.push('inner ' + b + ' ' + d);
    }
  }
  let k = 0;
  while (true) {
    const m = step(k++);
    switch (m) {
      case 0:
        continue;
      case 1:
        log.push('one');
        break;
      default:
        return items;
    }
    log.push('after switch ' + m);
  }
}

function calls() {
  const s = order(step(1), step(2));
  log.push('sum ' + s);
  return order(step(s), step(4));
}

function guarded(x) {
  try {
    const y = step(x);
    if (y > 1) return 'big';
    do {
      const z = step(y + 1);
      if (z > 1) break;
    } while (false);
    return 'small';
  } finally {
    log.push('finally ' + x);
  }
}

function found(list, want) {
  for (const item of list) {
    const hit = step(item);
    if (hit !== want) continue;
    const label = order(hit, 100);
    return label;
  }
  return -1;
}

log.push(String(loops(6)), String(calls()), guarded(0), guarded(2), String(found([3, 5, 7], 5)));
`,
  `const handlers = {
  pick(xs) {
    const seen = [];
    for (const x of xs) {
      const y = note(x);
      switch (y) {
        case 'skip':
          continue;
        case 'stop':
          return seen;
      }
      seen.push(y);
    }
    return seen;
  },
};

function note(x) {
  log.push('note ' + x);
  return x;
}

function countdown(n) {
  let left = n;
  const tick = () => note('tick ' + left);
  while (left > 0) {
    const t = tick();
    left--;
    if (left === 1) {
      const last = note('last');
      log.push(last);
      break;
    }
    log.push(t);
  }
  const out = note('done ' + left);
  return out;
}

function scoped() {
  const read = () => total;
  const first = note('first');
  let total = 5;
  return read() + first;
}

log.push(handlers.pick(['a', 'skip', 'b', 'stop', 'c']).join(','), countdown(4), scoped());
`,
  `function lookup(key) {
  log.push('lookup ' + key);
  if (key === 'none') return null;
  return key.length;
}

function lookups() {
  const found = lookup('abc');
  log.push('found ' + found);
  const missing = lookup('none');
  log.push('missing ' + (missing === null ? 'null' : missing));
  const match = 'x1'.match(/y/);
  log.push('match ' + match);
  const parts = 'a b'.split(' ');
  log.push(parts.join('+'));
}

lookups();
`,
];

function run(text: string): string[] {
  const log: string[] = [];
  new Function('log', text)(log);
  return log;
}

describe.each(MUTATIONS.filter((m) => m.apply).map((m) => [m.id, m] as const))('%s', (_id, m) => {
  test.each(PROGRAMS.map((p, i) => [i, p] as const))('keeps what program %i logs, under 60 seeds', (_i, text) => {
    const want = run(text);
    const broken: string[] = [];
    // One in-memory project for all seeds (making one per seed was most of this test's time), mutateModule's: each seed's file replaces the last.
    const project = mutationProject();
    for (let seed = 1; seed <= 60; seed++) {
      // As mutateModule: a mutation that throws did nothing.
      const sf = project.createSourceFile('/m/guest.js', text, { overwrite: true });
      let mutated: string;
      try {
        if (!m.apply!(sf, new Rng(seed), false)) continue;
        mutated = sf.getFullText();
      } catch {
        continue;
      }
      let got: string[] | string;
      try {
        got = run(mutated);
      } catch (e) {
        got = String(e);
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) broken.push(`seed ${seed}:\n${mutated}\nlogged ${JSON.stringify(got)}`);
    }
    expect(broken.slice(0, 1)).toEqual([]);
  });
});

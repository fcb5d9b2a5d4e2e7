/**
 * The bindings verdict fuzzer (src/fuzz/bindings-check.ts), a small seeded
 * run: a few fixtures' 0.2 guests and a corpus unit, each mutated in ways
 * that keep its meaning, through the built CLI. A port `--check` calls done
 * must type-check against jco's 0.3 types with no error its 0.2 module did
 * not have, a second run must change nothing, the CLI must never end with an
 * internal error, and a pure mutation (names, layout) must not change the
 * verdict. `npm run fuzz:bindings` runs it on every input, for longer.
 */
import { baselines, corpusInputs, disposeTypeCache, fixtureInputs, makeBindingsCase, newErrors, runBindingsCase, verdictDrift } from '../../src/fuzz/bindings-check.js';
import { mutateModule } from '../../src/fuzz/bindings-mutate.js';
import { requireBuiltCli } from '../review/helpers.js';

const SEED = 4747;
const COUNT = Number(process.env.BFUZZ_COUNT) || 4;
const PICK = ['fixture file-copy', 'fixture tcp-echo', 'fixture http-hello', 'corpus wasmcloud http-hello-world'];

beforeAll(requireBuiltCli);
afterAll(disposeTypeCache);

test('newErrors counts an error the port has more often than the original', () => {
  expect(newErrors(['a: TS1 x', 'a: TS1 x'], ['a: TS1 x', 'a: TS1 x', 'a: TS1 x', 'b: TS2 y'])).toEqual(['a: TS1 x', 'b: TS2 y']);
  expect(newErrors(['a: TS1 x'], [])).toEqual([]);
});

test('mutations are seeded: the same seed gives the same module, a pure run only pure mutations', async () => {
  const text = `import { getStdout } from 'wasi:cli/stdout@0.2.12';\n\nfunction say(line) {\n  const out = getStdout();\n  out.blockingWriteAndFlush(new TextEncoder().encode(line));\n}\n\nexport const run = {\n  run() {\n    say('hi');\n  },\n};\n`;
  const a = await mutateModule(text, 'guest.js', 99, 4);
  const b = await mutateModule(text, 'guest.js', 99, 4);
  expect(a).toEqual(b);
  expect(a.ops.length).toBe(4);
  const pure = await mutateModule(text, 'guest.js', 7, 3, true);
  expect(pure.pure).toBe(true);
  expect(pure.ops.length).toBe(3);
});

test(`${COUNT} mutated units (seed ${SEED}): a port called done type-checks, a second run changes nothing, pure mutations keep the verdict`, async () => {
  const inputs = [...fixtureInputs(), ...corpusInputs()].filter((i) => PICK.includes(i.name));
  expect(inputs.map((i) => i.name).sort()).toEqual([...PICK].sort());
  const cases = Array.from({ length: COUNT }, (_, i) => makeBindingsCase(inputs, SEED, i));
  const base = await baselines([...new Set(cases.map((c) => c.input))]);
  const failures: string[] = [];
  for (const c of cases) {
    const r = await runBindingsCase(c);
    const drift = r.mutated.pure && r.mutated.ops.length ? verdictDrift(base.get(c.input), r.verdict) : undefined;
    const v = [...r.violations, ...(drift ? [drift] : [])];
    if (v.length) failures.push(`case ${c.index} ${c.input.name} [${r.mutated.ops.join(' ')}]: ${v.join('\n')}`);
  }
  expect(failures).toEqual([]);
}, 300_000);

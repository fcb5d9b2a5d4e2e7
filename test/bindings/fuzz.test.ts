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
import { MUTATIONS, mutateModule, mutationProject } from '../../src/fuzz/bindings-mutate.js';
import { Rng } from '../../src/fuzz/mutate.js';
import { Project } from 'ts-morph';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanTmps, requireBuiltCli, tmp } from '../review/helpers.js';

const SEED = 4747;
const COUNT = Number(process.env.BFUZZ_COUNT) || 4;
const PICK = ['fixture file-copy', 'fixture tcp-echo', 'fixture http-hello', 'corpus wasmcloud http-hello-world'];

beforeAll(requireBuiltCli);
afterAll(() => {
  disposeTypeCache();
  cleanTmps();
});

test('newErrors counts an error the port has more often than the original', () => {
  expect(newErrors(['a: TS1 x', 'a: TS1 x'], ['a: TS1 x', 'a: TS1 x', 'a: TS1 x', 'b: TS2 y'])).toEqual(['a: TS1 x', 'b: TS2 y']);
  expect(newErrors(['a: TS1 x'], [])).toEqual([]);
});

test('verdictDrift tells a pure mutation that changed the verdict', () => {
  const done = { done: true, reviews: [] };
  expect(verdictDrift(done, { done: true, reviews: [] })).toBeUndefined();
  expect(verdictDrift(done, { done: false, reviews: ['bindings/specifiers:gone'] })).toMatch(/changed the verdict/);
  expect(verdictDrift({ done: false, reviews: ['a:x'] }, { done: false, reviews: ['a:x', 'b:y'] })).toMatch(/changed the verdict/);
});

/**
 * The checks can fail: a stand-in CLI (WASI_MIGRATE_BIN) that writes a port with a type error and
 * calls it done, one whose second run still has a file to change, one that crashes.
 */
test.each([
  ['a port called done with a new tsc error', `if (args.includes('--write')) writeFileSync('guest-0.2.js', "/** @type {number} */\\nconst n = 'one';\\nexport const run = { async run() { void n; } };\\n"); report([]); process.exit(0);`, /tsc errors the 0\.2 module did not.*TS2322/s],
  ['a second run that still changes a file', `report(args.includes('--check') ? ['guest-0.2.js'] : []); process.exit(args.includes('--check') ? 1 : 0);`, /a second run still changes guest-0\.2\.js/],
  ['an internal error', `throw new Error('boom');`, /first run \(--write\) ended 1: .*boom/s],
])('the checks catch %s', async (_what, body, expected) => {
  const bin = path.join(tmp(), 'stand-in.mjs');
  writeFileSync(bin, `import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';\nconst args = process.argv.slice(2);\nconst report = (files) => console.log(JSON.stringify({ units: [{ root: '.', files: files.map((p) => ({ path: p })), reviews: [] }] }));\n${body}\n`);
  const [input] = fixtureInputs().filter((i) => i.name === 'fixture cli-hello');
  const saved = process.env.WASI_MIGRATE_BIN;
  process.env.WASI_MIGRATE_BIN = bin;
  try {
    const r = await runBindingsCase({ index: 0, seed: 1, input: input!, count: 0, pureOnly: true });
    expect(r.violations.join('\n')).toMatch(expected);
  } finally {
    if (saved === undefined) delete process.env.WASI_MIGRATE_BIN;
    else process.env.WASI_MIGRATE_BIN = saved;
  }
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

test('switch-wrap leaves a `break` of the loop around it where it is (in the switch it would end the switch, the loop running on); one of a loop it wraps is no matter', () => {
  const wrap = MUTATIONS.find((m) => m.id === 'switch-wrap')!;
  const project = new Project({ useInMemoryFileSystem: true });
  const mutate = (text: string) => {
    const sf = project.createSourceFile('/m/guest.js', text, { overwrite: true });
    return wrap.apply!(sf, new Rng(1), false) ? sf.getFullText() : undefined;
  };
  expect(mutate(`export function drain(read) {\n  for (;;) {\n    const chunk = read();\n    if (!chunk) break;\n  }\n}\n`)).toBeUndefined();
  expect(mutate(`export function drain(read) {\n  for (;;) {\n    const chunk = read();\n    if (!chunk) {\n      break;\n    }\n  }\n}\n`)).toBeUndefined();
  expect(mutate(`export function drain(read) {\n  const chunks = [];\n  for (;;) {\n    if (!read()) break;\n  }\n  return chunks;\n}\n`)).toContain('switch (typeof chunks)');
});

test('mutations that add a line indent it as the line beside it, in the file\'s own unit (two spaces, a tab), not by the formatter\'s four', () => {
  const project = mutationProject();
  for (const unit of ['  ', '\t']) {
    const at = (depth: number) => unit.repeat(depth);
    const text = [
      `export const run = {`,
      `${at(1)}run() {`,
      `${at(2)}while (more()) {`,
      `${at(3)}const woke = [1, 2].map((i) => i + 1);`,
      `${at(3)}// a comment`,
      `${at(3)}use(read(woke.length), woke);`,
      `${at(3)}if (done()) {`,
      `${at(4)}return total(woke);`,
      `${at(3)}}`,
      `${at(2)}}`,
      `${at(1)}},`,
      `};`,
      `function more() { return ok; }`,
      ``,
    ].join('\n');
    for (const id of ['add-comment', 'return-via-const', 'arg-to-const', 'method-to-helper', 'assert-present']) {
      const m = MUTATIONS.find((x) => x.id === id)!;
      for (let seed = 1; seed <= 4; seed++) {
        const sf = project.createSourceFile('/m/guest.js', text, { overwrite: true });
        expect(`${id}: ${m.apply!(sf, new Rng(seed), false)}`).toBe(`${id}: true`);
        const out = sf.getFullText();
        const added = out.split('\n').filter((l) => !text.split('\n').includes(l) && l.trim() && !/^ \*/.test(l));
        // Every line the mutation wrote is indented by whole units; the ones inside `run` by the depth of what is beside them.
        for (const line of added) expect(`${id}: ${JSON.stringify(/^\s*/.exec(line)![0].split(unit).join(''))}`).toBe(`${id}: ""`);
        if (id === 'assert-present') expect(out).toMatch(new RegExp(`\n${at(3)}\\w*ssertPresent\\w*\\(woke\\);\n`));
        if (id === 'return-via-const') expect(out).toMatch(new RegExp(`\n${at(4)}return \\w+;\n`));
      }
    }
  }
});

test("namespace-import leaves the export an import type names (`import('wasi:...').Fields`) as it is, only the local binding's uses move", () => {
  const ns = MUTATIONS.find((m) => m.id === 'namespace-import')!;
  const project = mutationProject();
  // As jco's types declare it (the fuzzer hands them in): only then is the import type's `Fields` the imported one.
  project.createSourceFile('/types/http.d.ts', `declare module 'wasi:http/types@0.2.12' {\n  export class Fields {\n    static fromList(entries: [string, Uint8Array][]): Fields;\n    entries(): [string, Uint8Array][];\n  }\n}\n`);
  const sf = project.createSourceFile(
    '/m/guest.js',
    `import { Fields } from 'wasi:http/types@0.2.12';\n\n/** @param {import('wasi:http/types@0.2.12').Fields} from @returns {Fields} */\nexport function copy(from) {\n  return Fields.fromList(from.entries());\n}\n`,
  );
  expect(ns.apply!(sf, new Rng(1), false)).toBe(true);
  const text = sf.getFullText();
  const name = /import \* as (\w+)/.exec(text)![1]!;
  expect(text).toContain(`{import('wasi:http/types@0.2.12').Fields}`);
  expect(text).toContain(`@returns {${name}.Fields}`);
  expect(text).toContain(`return ${name}.Fields.fromList(`);
});

test('widen-tuple loosens a local tuple type; on the tcp-echo service (its address alias as `number[]`) the port is not called done with the tsc error jco\'s types give', async () => {
  const widen = MUTATIONS.find((m) => m.id === 'widen-tuple')!;
  const service = corpusInputs().find((i) => i.name === 'corpus wasmcloud tcp-echo service')!;
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile('/m/service.ts', readFileSync(path.join(service.source, service.entry), 'utf8'));
  expect(widen.apply!(sf, new Rng(1), true)).toBe(true);
  expect(sf.getFullText()).toContain('type Ipv4Address = number[];');
  const dir = tmp();
  cpSync(service.source, dir, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', dir]);
  writeFileSync(path.join(dir, service.entry), sf.getFullText());
  const r = await runBindingsCase({ index: 0, seed: 0, input: { ...service, source: dir }, count: 0, pureOnly: false });
  expect(r.violations).toEqual([]);
  expect(r.verdict?.reviews).toContain('bindings/local-mirrors:argumentUnchecked');
}, 180_000);

test(`${COUNT} mutated units (seed ${SEED}): a port called done type-checks, a second run changes nothing, pure mutations keep the verdict`, async () => {
  const inputs = [...fixtureInputs(), ...corpusInputs()].filter((i) => PICK.includes(i.name));
  expect(inputs.map((i) => i.name).sort()).toEqual([...PICK].sort());
  const cases = Array.from({ length: COUNT }, (_, i) => makeBindingsCase(inputs, SEED, i));
  const base = await baselines([...new Set(cases.map((c) => c.input))]);
  const failures: string[] = [];
  for (const c of cases) {
    const r = await runBindingsCase(c, false, base.get(c.input));
    if (r.violations.length) failures.push(`case ${c.index} ${c.input.name} [${r.mutated.ops.join(' ')}]: ${r.violations.join('\n')}`);
  }
  expect(failures).toEqual([]);
}, 300_000);

/**
 * Real Wasm on the same hosts: fixtures whose guests also ship as
 * componentize-qjs sources (component-0.2.js built with --sync,
 * component-0.3.js with the component-model async runtime and an async
 * export) are built in this run, transpiled by jco (instantiation async),
 * instantiated per run on the executor's 0.2 / 0.3 hosts, and validated
 * against the fixture's scenario like the JS guests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import { buildComponent } from '../../src/exec/component-build.js';
import { componentRunner, requireNode24, transpileComponent, type TranspiledComponent } from '../../src/exec/real-component.js';
import { validateFixture, type Runner } from '../../src/exec/validate.js';

const REAL: Array<{ fixture: string; wasi: '0.2' | '0.3'; world: string }> = [
  { fixture: 'cli-hello', wasi: '0.2', world: 'hello-0-2' },
  { fixture: 'cli-hello', wasi: '0.3', world: 'hello-0-3' },
  { fixture: 'http-hello', wasi: '0.3', world: 'http-hello-0-3' },
  { fixture: 'http-router', wasi: '0.3', world: 'http-router-0-3' },
];

const built = new Map<string, TranspiledComponent>();
let out = '';

function runner(fixture: string, wasi: '0.2' | '0.3'): Runner {
  const c = built.get(`${fixture}@${wasi}`)!;
  // Isolated, under the default budgets, like the sandboxed guests (isolate.ts).
  return componentRunner(c, wasi);
}

beforeAll(async () => {
  requireNode24();
  out = mkdtempSync(join(tmpdir(), 'wasi-migrate-real-'));
  for (const r of REAL) {
    const dir = join(process.cwd(), 'fixtures/components', r.fixture);
    const wasm = await buildComponent({ witFile: join(dir, 'world.wit'), world: r.world, sourceFile: join(dir, `component-${r.wasi}.js`), sync: r.wasi === '0.2', outDir: join(out, r.world) });
    built.set(`${r.fixture}@${r.wasi}`, await transpileComponent(wasm, join(out, r.world, 'js'), r.world.replace(/-/g, '_')));
  }
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('real components on the executor hosts', () => {
  test('this Node can run them (>= 24)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  test.each(REAL)('$fixture $wasi as a real component runs cleanly and leaves the same trace as the JS guest of that version', async ({ fixture, wasi }) => {
    const fx = loadFixture(fixture, process.cwd());
    const real = runner(fixture, wasi);
    for (const seed of [0, 1, 2]) {
      const r = await real(fx, seed);
      const js = wasi === '0.2' ? await run02(fx, seed) : await run03(fx, seed);
      expect(r.verdict).toBeNull();
      expect(r.trace.length).toBeGreaterThan(2);
      expect(r.trace.map((e) => `${e.ch}: ${e.text}`)).toEqual(js.trace.map((e) => `${e.ch}: ${e.text}`));
    }
  });

  test('validate: cli-hello with its 0.2 version as a real component agrees with the 0.3 port', async () => {
    const v = await validateFixture(loadFixture('cli-hello', process.cwd()), 3, { v02: runner('cli-hello', '0.2') });
    if (!v.ok) throw new Error(v.report);
    expect(v.seedsRun).toBe(3);
  });

  test('validate: cli-hello with both versions as real components (0.2 --sync, 0.3 async export) agree', async () => {
    const v = await validateFixture(loadFixture('cli-hello', process.cwd()), 3, { v02: runner('cli-hello', '0.2'), v03: runner('cli-hello', '0.3') });
    if (!v.ok) throw new Error(v.report);
    expect(v.seedsRun).toBe(3);
  });

  test('validate: http-hello with its 0.3 version as a real component (async handle export) agrees with the 0.2 guest', async () => {
    const v = await validateFixture(loadFixture('http-hello', process.cwd()), 3, { v03: runner('http-hello', '0.3') });
    if (!v.ok) throw new Error(v.report);
    expect(v.seedsRun).toBe(3);
  });

  test('validate catches a wrong port against a real 0.2 component', async () => {
    const v = await validateFixture(loadFixture('fixtures/components/cli-hello/wrong/writes-swapped.js', process.cwd()), 3, { v02: runner('cli-hello', '0.2') });
    expect(v.ok).toBe(false);
    expect(`${v.divergence!.left!.ch}: ${v.divergence!.left!.text}`).toBe('stdout: hi, world!\\n');
  });
});

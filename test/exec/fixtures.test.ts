/**
 * Every fixture's 0.3 port behaves like its 0.2 original on every seed tried,
 * and every deliberately wrong port is caught, with the divergent event named.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import { showBytes } from '../../src/exec/trace.js';
import { validateFixture } from '../../src/exec/validate.js';

const ROOT = join(process.cwd(), 'fixtures/components');
const fixtures = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'scenario.json'))).sort();

describe('fixtures: 0.2 and 0.3 agree', () => {
  test('there are at least 10 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  test.each(fixtures)('%s: both versions run cleanly and agree on 6 seeds', async (name) => {
    const fx = loadFixture(name, process.cwd());
    const a = await run02(fx, 0);
    const b = await run03(fx, 0);
    expect(a.verdict).toBeNull();
    expect(b.verdict).toBeNull();
    expect(a.trace.length).toBeGreaterThan(1);
    const v = await validateFixture(fx, 6);
    if (!v.ok) throw new Error(v.report);
    expect(v.ok).toBe(true);
  });
});

test('cat: all of stdin reaches stdout, on every seed and in both versions (the end of stdin never overtakes its last chunk)', async () => {
  const fx = loadFixture('cat', process.cwd());
  const stdin = (fx.scenario.stdin ?? []).join('');
  expect(stdin.length).toBeGreaterThan(0);
  for (let seed = 0; seed < 12; seed++) {
    for (const r of [await run02(fx, seed), await run03(fx, seed)]) {
      expect(r.verdict).toBeNull();
      expect(r.trace.filter((e) => e.ch === 'stdout').map((e) => e.text).join('')).toBe(showBytes(new TextEncoder().encode(stdin)));
    }
  }
});

describe('validate catches deliberately wrong 0.3 ports', () => {
  const wrong: Array<[string, RegExp]> = [
    ['http-stream-transform/wrong/lost-trailer.js', /http\.response: trailer x-checksum: abc123/],
    ['http-stream-transform/wrong/truncated-body.js', /http\.response: body/],
    ['stream-error-vs-close/wrong/swallowed-error.js', /stdout: \/broken: "some of it" \(error: HTTP-response-incomplete\)/],
    ['cli-hello/wrong/writes-swapped.js', /stdout: hi, world!/],
    ['http-fanout/wrong/wrong-await-order.js', /http\.response: body a=alpha/],
    // A failed send rejects with jco's ComponentError: the error-code is its `payload`, not the rejection itself.
    ['fanout-aggregate/wrong/bare-error-code.js', /stdout: billing: failed: connection-refused/],
  ];

  test.each(wrong)('%s is reported as a divergence with the first divergent event', async (port, expected) => {
    const v = await validateFixture(loadFixture(join('fixtures/components', port), process.cwd()), 16);
    expect(v.ok).toBe(false);
    expect(v.report).toMatch(/^DIVERGED .* at seed \d+, event #\d+/);
    expect(`${v.divergence!.left!.ch}: ${v.divergence!.left!.text}`).toMatch(expected);
    expect(v.report).toContain('>>');
    // The reported seed reproduces the divergence on its own.
    const fx = loadFixture(join('fixtures/components', port), process.cwd());
    const again = await run03(fx, v.seed!);
    expect(again.trace).toEqual(v.traces!.v03);
  });

  // Ports that keep 0.2's order deadlock on a real 0.3 runtime: the verdict says so and names the stuck stream.
  const deadlocks: Array<[string, RegExp]> = [
    ['http-hello/wrong/body-before-return.js', /blocked: a write to response contents that nothing reads/],
    ['http-proxy/wrong/unfinished-get-body.js', /blocked: a read of request contents, whose producer never finishes it/],
  ];
  test.each(deadlocks)('%s is reported as a deadlock naming the stream', async (port, stuck) => {
    const v = await validateFixture(loadFixture(join('fixtures/components', port), process.cwd()), 8);
    expect(v.ok).toBe(false);
    expect(v.seed).toBe(0);
    const verdict = v.traces!.v03.find((e) => e.ch === 'verdict')!.text;
    expect(verdict).toMatch(/^deadlock: deadlock detected: wasi:http\/handler\.handle waits and nothing is scheduled; /);
    expect(verdict).toMatch(stuck);
  });

  test('wrong-await-order only shows on some schedules: seed 0..N matters', async () => {
    const fx = loadFixture('fixtures/components/http-fanout/wrong/wrong-await-order.js', process.cwd());
    const outcomes = new Set<string>();
    for (let s = 0; s < 16; s++) outcomes.add((await run03(fx, s)).trace.map((e) => e.text).join('|'));
    expect(outcomes.size).toBeGreaterThan(1);
  });
});

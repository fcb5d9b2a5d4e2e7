/**
 * Every fixture's 0.3 port behaves like its 0.2 original on every seed tried,
 * and every deliberately wrong port is caught, with the divergent event named.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixture, run02, run03 } from '../../src/exec/fixture.js';
import { validateFixture } from '../../src/exec/validate.js';

const ROOT = join(process.cwd(), 'fixtures/components');
const fixtures = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'scenario.json'))).sort();

describe('fixtures: 0.2 and 0.3 agree', () => {
  test('there are at least 10 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  test.each(fixtures)('%s: both versions run cleanly and agree on 6 seeds', async (name) => {
    const fx = loadFixture(name, process.cwd());
    const a = run02(fx, 0);
    const b = await run03(fx, 0);
    expect(a.verdict).toBeNull();
    expect(b.verdict).toBeNull();
    expect(a.trace.length).toBeGreaterThan(1);
    const v = await validateFixture(fx, 6);
    if (!v.ok) throw new Error(v.report);
    expect(v.ok).toBe(true);
  });
});

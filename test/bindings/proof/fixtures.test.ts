/**
 * The rewriter's proof on every fixture component: the 0.2 guest, rewritten by
 * the tool with no hand edit, type-checks (real tsc) against jco's guest types
 * for the fixture's 0.2 world migrated by the WIT engine, and behaves as the
 * 0.2 guest on the executor's simulated world for 50 seeds. A second run over
 * the generated guest finds nothing to do. The hand-written 0.3 port
 * type-checks against the same migrated world (a cross-check of that WIT).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { proveFixture } from '../../../src/bindings/code/proof.js';
import { migrateCode } from '../../../src/bindings/code/rewrite.js';
import { KNOWN_FAILING } from '../../../src/bindings/code/known-failing.js';

const ROOT = join(process.cwd(), 'fixtures/components');
const fixtures = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'guest-0.2.js'))).sort();
const SEEDS = 50;

describe('generated 0.3 guests', () => {
  test('every known-failing entry names a fixture', () => {
    for (const name of Object.keys(KNOWN_FAILING)) expect(fixtures).toContain(name);
  });

  test.each(fixtures)('%s', async (name) => {
    const p = await proveFixture(join(ROOT, name), SEEDS);
    if (name in KNOWN_FAILING) {
      expect(p.ok).toBe(false);
      return;
    }
    expect(p.typeErrors).toEqual([]);
    expect(p.divergence).toBeNull();
    expect(p.seeds).toBe(SEEDS);
    expect(p.handPortTypeErrors).toEqual([]);
    // The generated guest is 0.3 code: nothing left to rewrite.
    expect(migrateCode({ 'guest.js': p.guest }).changes).toEqual([]);
    expect(p.guest).not.toMatch(/@0\.2\.\d+/);
  });
});

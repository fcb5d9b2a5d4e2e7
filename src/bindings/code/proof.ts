/**
 * The proof of the code rewriter on a fixture component: its 0.2 guest,
 * rewritten by the tool with no hand edit, must
 *  1. type-check (real tsc, checkJs) against the guest types jco generates
 *     for the fixture's 0.2 world after the WIT engine migrated it, and
 *  2. behave as the 0.2 guest on the executor's simulated world for N seeds.
 * The hand-written 0.3 port is checked against the same migrated world, as a
 * cross-check of the migrated WIT.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadFixture } from '../../exec/fixture.js';
import { formatTypeError, typecheckGuests, worldsOf } from '../../exec/guest-typecheck.js';
import { validateFixture } from '../../exec/validate.js';
import { migrateInput } from '../../migrate/run.js';
import { migrateCode } from './rewrite.js';

export interface FixtureProof {
  fixture: string;
  /** The generated 0.3 guest. */
  guest: string;
  /** Review items the rewriter left (the guest may still pass). */
  reviews: string[];
  /** tsc errors of the generated guest against jco's types for the migrated world. */
  typeErrors: string[];
  /** tsc errors of the hand-written 0.3 port against the same world. */
  handPortTypeErrors: string[];
  /** null when the executor found no divergence over every seed. */
  divergence: string | null;
  seeds: number;
  ok: boolean;
}

/** The fixture's 0.2 world, alone in a WIT file, migrated by the WIT engine. */
export function migratedWorld(fixtureDir: string): { wit: string; world: string } {
  const file = join(fixtureDir, 'world.wit');
  const text = readFileSync(file, 'utf8');
  const w = worldsOf(file).find((x) => x.wasi === '0.2');
  if (!w) throw new Error(`${file}: no 0.2 world`);
  const pkg = /^package[^;]*;/m.exec(text)?.[0];
  const block = new RegExp(`^world\\s+${w.name}\\s*\\{[^}]*\\}`, 'm').exec(text)?.[0];
  if (!pkg || !block) throw new Error(`${file}: cannot find package or world ${w.name}`);
  const res = migrateInput({ label: basename(fixtureDir), files: { 'world.wit': `${pkg}\n\n${block}\n` }, deps: [], depFiles: {}, extraFiles: {} });
  return { wit: res.files['world.wit']!, world: w.name };
}

export async function proveFixture(fixtureDir: string, seeds = 50): Promise<FixtureProof> {
  const fx = loadFixture(fixtureDir);
  const tmp = mkdtempSync(join(tmpdir(), 'wasi-migrate-proof-'));
  try {
    const code = migrateCode({ 'guest.js': readFileSync(fx.guest02, 'utf8') });
    const guest = code.files['guest.js']!;
    const guestFile = join(tmp, 'guest-0.3.js');
    writeFileSync(guestFile, guest);
    const { wit, world } = migratedWorld(fx.dir);
    const witFile = join(tmp, 'world.wit');
    writeFileSync(witFile, wit);
    const errs = await typecheckGuests(witFile, world, [guestFile, fx.guest03]);
    const typeErrors = (errs.get(guestFile) ?? []).map(formatTypeError);
    const handPortTypeErrors = (errs.get(fx.guest03) ?? []).map(formatTypeError);
    const v = await validateFixture({ ...fx, name: `${fx.name} (generated)`, guest03: guestFile }, seeds);
    return {
      fixture: fx.name,
      guest,
      reviews: code.reviews.map((r) => `${r.line}: [${r.rule}] ${r.message}`),
      typeErrors,
      handPortTypeErrors,
      divergence: v.ok ? null : (v.report ?? 'diverged'),
      seeds: v.seedsRun,
      ok: typeErrors.length === 0 && v.ok,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A report a worker thread posts (src/migrate/report-transfer.ts) is, once
 * unpacked on the calling thread, the report checkPackage made: every
 * snapshot whole, keys in the same order, nothing added or lost; and it
 * crosses threads in fewer bytes. Checked on real packages: fixtures whose
 * migration runs several phases, one that changes nothing, one that fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { findPackages } from '../../src/migrate/load.js';
import { packReport, unpackReport } from '../../src/migrate/report-transfer.js';
import { checkPackage, type PackageReport } from '../../src/migrate/run.js';
import { cleanTmps, copyFixture, tmp } from '../review/helpers.js';

afterAll(cleanTmps);

/** Every key of every object, depth first, in order: what key order a JSON rendering of the report shows. */
function keyOrder(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) keyOrder(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      keyOrder(x, out);
    }
  }
  return out;
}

it('unpacks to the report checkPackage made, in fewer bytes', async () => {
  const root = tmp();
  copyFixture('http-client', 'input', root, 'a-http-02');
  copyFixture('kv-store', 'input', root, 'b-kv-02');
  copyFixture('kv-store', 'expected', root, 'c-kv-03');
  mkdirSync(path.join(root, 'd-broken'));
  writeFileSync(path.join(root, 'd-broken', 'a.wit'), 'package a:b;\ninterface i { f: func(; }\n');
  const pkgs = findPackages(root);
  expect(pkgs.map((p) => path.basename(p.root))).toEqual(['a-http-02', 'b-kv-02', 'c-kv-03', 'd-broken']);
  const reports: PackageReport[] = [];
  for (const p of pkgs) reports.push(await checkPackage(p, {}));
  // The cases this is about: phases that changed files, a package with nothing to change, one with no result.
  expect(reports[0]!.result!.snapshots.length).toBeGreaterThan(2);
  expect(reports[2]!.result!.changes).toEqual([]);
  expect(reports[3]!.errors.length).toBeGreaterThan(0);
  let whole = 0;
  let packed = 0;
  for (const [i, r] of reports.entries()) {
    const posted = serialize(packReport(r));
    whole += serialize({ ...r, pkg: undefined }).length;
    packed += posted.length;
    const back = unpackReport(deserialize(posted), pkgs[i]!);
    expect(back.pkg).toBe(pkgs[i]);
    // (Deserialised objects are of Node's realm, not jest's: compared by value and key order.)
    expect(back).toEqual(r);
    expect(keyOrder(back)).toEqual(keyOrder(r));
    expect(JSON.stringify(back)).toBe(JSON.stringify(r));
  }
  expect(packed).toBeLessThan(whole / 2);
});

/**
 * With several packages, `wit` runs their checks on a worker thread, or
 * whole packages on several (src/migrate/package-pool.ts), beside the main
 * thread. What a user reads must not change: each package's verdict, in path
 * order, is what a run over that package alone says, and the whole report is
 * the same run after run, with one worker, two, or none.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, copyFixture, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const official = (v: string, name: string) => readFileSync(path.join(process.cwd(), 'official-wit', v, `wasi-${name}`, 'package.wit'), 'utf8');

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

type Unit = { label: string; status: string; errors: unknown[]; remaining: unknown[]; standIns: string[] };

test('several packages: each verdict in path order is the verdict of that package alone', () => {
  const root = tmp();
  copyFixture('kv-store', 'input', root, 'a-kv-02');
  copyFixture('kv-store', 'expected', root, 'b-kv-03');
  copyFixture('http-client', 'input', root, 'c-http-02');
  // A 0.2.3 reference nothing vendors: ported to 0.3.0, checked with the official 0.3.0 stand-in.
  write(path.join(root, 'd-clocks-023'), {
    'a.wit': 'package a:b@0.1.0;\ninterface i { use wasi:clocks/wall-clock@0.2.3.{datetime}; stamp: func() -> datetime; }\n',
  });
  copyFixture('job-queue', 'input', root, 'e-jobs-02');
  copyFixture('cli-tool', 'expected', root, 'f-cli-03');
  write(path.join(root, 'g-broken'), { 'a.wit': 'package a:b;\ninterface i { f: func(; }\n' });

  // One worker thread beside the main one, whatever the machine's load (workerCount): it runs the checks of what the main one migrates.
  const whole = cli(root, ['wit', '.', '--check', '--format', 'json'], { WASI_MIGRATE_WORKERS: '1' });
  const units = (JSON.parse(whole.out) as { units: Unit[] }).units;
  expect(units.map((u) => u.label)).toEqual(['a-kv-02', 'b-kv-03', 'c-http-02', 'd-clocks-023', 'e-jobs-02', 'f-cli-03', 'g-broken']);
  for (const u of units) {
    const alone = cli(root, ['wit', u.label, '--check', '--format', 'json']);
    expect((JSON.parse(alone.out) as { units: Unit[] }).units).toEqual([u]);
  }
  expect(units.find((u) => u.label === 'g-broken')!.errors.length).toBeGreaterThan(0);
  expect(units.find((u) => u.label === 'd-clocks-023')!.standIns).toContain('wasi:clocks@0.3.0');
  expect(units.find((u) => u.label === 'b-kv-03')!.errors).toEqual([]);
  expect(cli(root, ['wit', '.', '--check', '--format', 'json'], { WASI_MIGRATE_WORKERS: '1' }).out).toBe(whole.out);
  // Every package on the main thread: the same report.
  expect(cli(root, ['wit', '.', '--check', '--format', 'json'], { WASI_MIGRATE_WORKERS: '0' }).out).toBe(whole.out);
  // Two workers, each running whole packages beside the main thread: the same report.
  expect(cli(root, ['wit', '.', '--check', '--format', 'json'], { WASI_MIGRATE_WORKERS: '2' }).out).toBe(whole.out);
  expect(whole.code).toBe(2);
});

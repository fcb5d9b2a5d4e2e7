/**
 * bin/wasi-migrate runs the CLI's bundle (scripts/bundle-cli.mjs, made by
 * `npm run build`) only while it is current: at least as new as the
 * compiled dist/src/cli/main.js. A `tsc` after the bundle (the compiled
 * modules newer) runs the compiled CLI, so a stale bundle is never used; no
 * bundle at all runs the compiled CLI too. Checked on a copy of the launcher
 * beside two stand-in builds that say which of them ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-launcher-'));
  mkdirSync(path.join(dir, 'bin'));
  copyFileSync(path.join(REPO, 'bin', 'wasi-migrate'), path.join(dir, 'bin', 'wasi-migrate'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [sub, name] of [['cli', 'compiled'], ['cli-bundle', 'bundle']]) {
    mkdirSync(path.join(dir, 'dist', 'src', sub), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'src', sub, 'main.js'), `export function main(argv) { process.stdout.write(${JSON.stringify(name)} + ' ' + argv.join(' ')); }\n`);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sets main.js's modification times (seconds) and runs the launcher with `wit x`. */
function run(compiled: number, bundle: number | undefined): string {
  utimesSync(path.join(dir, 'dist', 'src', 'cli', 'main.js'), compiled, compiled);
  const b = path.join(dir, 'dist', 'src', 'cli-bundle', 'main.js');
  if (bundle === undefined) rmSync(b, { force: true });
  else utimesSync(b, bundle, bundle);
  const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'wasi-migrate'), 'wit', 'x'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

it('runs the bundle when it is as new as the compiled CLI or newer', () => {
  expect(run(1_700_000_000, 1_700_000_000)).toBe('bundle wit x');
  expect(run(1_700_000_000, 1_700_000_100)).toBe('bundle wit x');
});

it('runs the compiled CLI when the bundle is older than it (a tsc after the bundle), or missing', () => {
  expect(run(1_700_000_100, 1_700_000_000)).toBe('compiled wit x');
  expect(run(1_700_000_100, undefined)).toBe('compiled wit x');
});

/**
 * The committed lock file is exactly what `npm install` writes for
 * package.json (so `npm ci` accepts it and a fresh `npm install` leaves
 * `git status` clean): npm itself re-resolves package.json against the lock
 * in a temp folder (`--package-lock-only`: nothing installed) and the result
 * must be byte-identical to the committed lock.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function relock(pkgText: string): { code: number | null; lock: string; err: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-lock-'));
  try {
    writeFileSync(path.join(dir, 'package.json'), pkgText);
    copyFileSync(path.join(REPO, 'package-lock.json'), path.join(dir, 'package-lock.json'));
    const r = spawnSync(npm, ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
    return { code: r.status, lock: readFileSync(path.join(dir, 'package-lock.json'), 'utf8'), err: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('package-lock.json is what npm install writes for package.json', () => {
  const r = relock(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  expect(r.err).not.toMatch(/npm error/);
  expect(r.code).toBe(0);
  expect(r.lock).toBe(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
});

test('the check fails when package.json and the lock disagree', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  delete pkg.dependencies.diff; // a runtime dependency the lock still lists
  const r = relock(`${JSON.stringify(pkg, null, 2)}\n`);
  expect(r.code).toBe(0);
  expect(r.lock).not.toBe(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
});

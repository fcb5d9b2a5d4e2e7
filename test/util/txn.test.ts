/**
 * Whole-run transactions (src/util/txn.ts), proven by seeded fault injection:
 * the writer is killed (SIGKILL, `WASI_MIGRATE_TXN_KILL_AT`) at many points
 * of a real migration's write over a tree of 220+ files; the next run of a
 * command (`wasi-migrate parse`) recovers, and the tree must then be
 * entirely old or entirely new, parse, and hold no temp file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Mulberry32 } from '../../src/util/mulberry32.js';
import { BIN, cleanTmps, cli, requireBuiltCli, tmp, tree } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const JCO = path.join(process.cwd(), 'official-wit', '0.2.12'); // jco 1.35's snapshot of the official WASI WIT, vendored
const FILES = 220;

/** A package of FILES interfaces, each using a 0.2.12 type, with clocks and io vendored: every file changes, deps/io goes. */
function makeTree(dir: string): void {
  mkdirSync(path.join(dir, 'deps', 'clocks'), { recursive: true });
  mkdirSync(path.join(dir, 'deps', 'io'), { recursive: true });
  cpSync(path.join(JCO, 'wasi-clocks', 'package.wit'), path.join(dir, 'deps', 'clocks', 'package.wit'));
  cpSync(path.join(JCO, 'wasi-io', 'package.wit'), path.join(dir, 'deps', 'io', 'package.wit'));
  for (let i = 0; i < FILES; i++) {
    const head = i === 0 ? 'package t:big@0.1.0;\n' : '';
    writeFileSync(path.join(dir, `f${i}.wit`), `${head}interface i${i} {\n  use wasi:clocks/monotonic-clock@0.2.12.{duration};\n  fn-${i}: func(d: duration);\n}\n`);
  }
}

/** The driver: runs one transaction from a JSON list of ops (the child the test kills). */
const DRIVER = `
import { readFileSync } from 'node:fs';
import { recoverAround, runTransaction } from ${JSON.stringify(path.join(process.cwd(), 'dist', 'src', 'util', 'txn.js'))};
if (process.argv[1] === 'recover') process.stderr.write(recoverAround([process.argv[2]]).join('\\n'));
else runTransaction(JSON.parse(readFileSync(process.argv[2], 'utf8')));
`;
const driver = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, ['--input-type=module', '-e', DRIVER, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

interface Outcome {
  readonly at: number;
  readonly killed: boolean;
  readonly state: 'old' | 'new' | 'torn';
  readonly recovery: string;
}

describe('a kill at any point of the write leaves the tree entirely old or entirely new after recovery', () => {
  const work = tmp();
  const oldDir = path.join(work, 'old');
  const newDir = path.join(work, 'new');
  let oldTree: Record<string, string>;
  let newTree: Record<string, string>;
  const opsFile = path.join(work, 'ops.json');
  const opsFor = (root: string) =>
    JSON.stringify([
      ...Object.entries(newTree).map(([rel, text]) => ({ kind: 'write', path: path.join(root, rel), text })),
      ...Object.keys(oldTree)
        .filter((rel) => !(rel in newTree))
        .map((rel) => ({ kind: 'delete', path: path.join(root, rel) })),
    ]);

  beforeAll(() => {
    makeTree(oldDir);
    oldTree = tree(oldDir);
    cpSync(oldDir, newDir, { recursive: true });
    const r = cli(work, ['wit', 'new', '--write', '--allow-no-vcs']);
    expect(r.code).toBe(0);
    newTree = tree(newDir);
    // Both whole states parse, so a recovered tree equal to one of them parses.
    expect(cli(work, ['parse', 'old']).code).toBe(0);
    expect(cli(work, ['parse', 'new']).code).toBe(0);
    expect(Object.keys(oldTree).length).toBeGreaterThanOrEqual(200);
    expect(Object.keys(newTree).length).toBeLessThan(Object.keys(oldTree).length); // deps/io went
  });

  const check = (p: string): Outcome['state'] => {
    const t = tree(p);
    return JSON.stringify(t) === JSON.stringify(oldTree) ? 'old' : JSON.stringify(t) === JSON.stringify(newTree) ? 'new' : 'torn';
  };

  it('30 seeded kills of the transaction writer: 0 torn trees, no temp file left', () => {
    const rng = new Mulberry32(20261203);
    // Steps of one whole transaction: owner, one per data file, journal, commit, one per rename/delete, prunes, cleanup.
    const total = 2 * Object.keys(oldTree).length + 8;
    const outcomes: Outcome[] = [];
    for (let k = 0; k < 30; k++) {
      const at = 1 + rng.int(total);
      const p = path.join(work, `k${k}`);
      cpSync(oldDir, p, { recursive: true });
      writeFileSync(opsFile, opsFor(p));
      const run = driver(['run', opsFile], { WASI_MIGRATE_TXN_KILL_AT: String(at) });
      const killed = run.signal === 'SIGKILL';
      // Every fifth recovery is the next run of a command (`parse`), the others the recovery alone.
      const rec = k % 5 === 0 ? cli(work, ['parse', p]) : ((d) => ({ code: d.status, err: d.stderr }))(driver(['recover', p]));
      expect(rec.code).toBe(0);
      const state = check(p);
      outcomes.push({ at, killed, state, recovery: /completed/.test(rec.err) ? 'completed' : /rolled back/.test(rec.err) ? 'rolled back' : 'none' });
      expect(existsSync(path.join(p, '.wasi-migrate-txn'))).toBe(false);
      expect(Object.keys(tree(p)).filter((f) => /tmp|wasi-migrate/.test(f))).toEqual([]);
      rmSync(p, { recursive: true, force: true });
    }
    const table = outcomes.map((o) => `${o.at}\t${o.killed ? 'killed' : 'ran to the end'}\t${o.recovery}\t${o.state}`).join('\n');
    process.stdout.write(`fault injection (step, kill, recovery, tree after):\n${table}\n`);
    expect(outcomes.filter((o) => o.state === 'torn')).toEqual([]);
    // The seeds must hit both sides of the commit point, or the test proves little.
    expect(outcomes.some((o) => o.killed && o.state === 'old')).toBe(true);
    expect(outcomes.some((o) => o.killed && o.state === 'new' && o.recovery === 'completed')).toBe(true);
  });

  it('a kill of `wit --write` itself: the next run says what it recovered, the tree is whole and --check agrees', () => {
    for (const at of [3, 200, 300]) {
      const p = path.join(work, `cli${at}`);
      cpSync(oldDir, p, { recursive: true });
      const run = spawnSync(process.execPath, [BIN, 'wit', p, '--write', '--allow-no-vcs'], { env: { ...process.env, WASI_MIGRATE_TXN_KILL_AT: String(at) }, encoding: 'utf8' });
      expect(run.signal).toBe('SIGKILL');
      const next = cli(work, ['wit', p, '--check']);
      expect(next.err).toMatch(/wasi-migrate: (completed|rolled back) an interrupted write/);
      const state = check(p);
      expect(state).not.toBe('torn');
      expect(next.code).toBe(state === 'new' ? 0 : 1);
      rmSync(p, { recursive: true, force: true });
    }
  });

  /** `wit <p> --write` in a child; resolves with its exit code and stderr. */
  const writer = (p: string, env: NodeJS.ProcessEnv = {}) => {
    const c = spawn(process.execPath, [BIN, 'wit', p, '--write', '--allow-no-vcs'], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let err = '';
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<{ code: number | null; err: string }>((r) => c.on('exit', (code) => r({ code, err })));
    return { pid: c.pid!, done };
  };
  const stopped = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] === 'T';
  const leftovers = (p: string) => [...readdirSync(p), ...readdirSync(path.join(p, 'deps'))].filter((n) => n.includes('wasi-migrate'));

  it('two writers at once: one writes, the other is refused or finds the tree written; never a torn tree or a temp file', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const p = path.join(work, `race${round}`);
      cpSync(oldDir, p, { recursive: true });
      const [a, b] = [writer(p), writer(p)];
      const runs = await Promise.all([a.done, b.done]);
      for (const r of runs) {
        expect(r.err).not.toMatch(/\n\s+at /);
        if (r.code === 0) seen.add('ok');
        else {
          expect(r.code).toBe(2);
          expect(r.err).toMatch(/another wasi-migrate run is writing here/);
          seen.add('refused');
        }
      }
      expect(runs.some((r) => r.code === 0)).toBe(true);
      expect(check(p)).toBe('new');
      expect(leftovers(p)).toEqual([]);
      rmSync(p, { recursive: true, force: true });
    }
    process.stdout.write(`two writers, 4 rounds: ${[...seen].join(', ')}\n`);
  }, 120_000);

  it('a folder deleted in the middle of the write: not re-created, the run says so, and the write completes once it is back', async () => {
    // The first step after the commit (the journal is on disk, no file is in place yet): found by stopping the writer,
    // from where the count of steps puts it (src/util/txn.ts: the claim, one step per file written, the journal, the
    // commit) onward; a step before it lets the writer finish, and the search goes on.
    const writes = Object.keys(newTree).filter((rel) => newTree[rel] !== oldTree[rel]).length;
    const from = writes + 1;
    for (let at = from; at < from + 16; at++) {
      const p = path.join(work, `gone${at}`);
      cpSync(oldDir, p, { recursive: true });
      const w = writer(p, { WASI_MIGRATE_TXN_STOP_AT: String(at) });
      while (!stopped(w.pid)) await new Promise((r) => setTimeout(r, 10));
      const committed = existsSync(path.join(p, '.wasi-migrate-txn', 'journal.json'));
      if (committed) rmSync(path.join(p, 'deps'), { recursive: true, force: true });
      process.kill(w.pid, 'SIGCONT');
      const r = await w.done;
      if (!committed) {
        expect(r.code).toBe(0);
        rmSync(p, { recursive: true, force: true });
        continue;
      }
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/deps\/clocks disappeared during the write: not re-created\. 0 of \d+ file\(s\) are in place; restore the folder/);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(p, 'deps'))).toBe(false);
      // Every later run says the same until the folder is back...
      expect(cli(work, ['wit', p, '--check']).code).toBe(2);
      expect(existsSync(path.join(p, 'deps'))).toBe(false);
      // ...and then completes the write.
      cpSync(path.join(oldDir, 'deps'), path.join(p, 'deps'), { recursive: true });
      const next = cli(work, ['wit', p, '--check']);
      expect(next.err).toMatch(/completed an interrupted write/);
      expect(check(p)).toBe('new');
      expect(next.code).toBe(0);
      return;
    }
    throw new Error(`no step between ${from} and ${from + 15} stopped the writer after its commit`);
  }, 120_000);

  it('a journal held by a live run is not touched', () => {
    const p = path.join(work, 'live');
    cpSync(oldDir, p, { recursive: true });
    mkdirSync(path.join(p, '.wasi-migrate-txn'));
    writeFileSync(path.join(p, '.wasi-migrate-txn', 'owner'), String(process.pid));
    const r = cli(work, ['parse', p]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/another wasi-migrate run is writing here/);
    expect(readFileSync(path.join(p, '.wasi-migrate-txn', 'owner'), 'utf8')).toBe(String(process.pid));
  });
});

import { jest } from '@jest/globals';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { benchExecutor } from '../../src/exec/bench.js';

async function runCli(fixtures: string[], seeds = 4): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const before = process.exitCode;
  try {
    await (validateCommand.handler as (a: unknown) => Promise<void>)({ fixtures, seeds, _: [], $0: 'wasi-migrate' });
    return { out, err, code: Number(process.exitCode ?? 0) };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = before;
  }
}

describe('wasi-migrate validate', () => {
  test('exit 0 with one ok line per agreeing fixture', async () => {
    const r = await runCli(['cli-hello', 'fixtures/components/cat']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok\s+cli-hello \(4 seeds\)\nok\s+cat \(4 seeds\)\n$/);
  });

  test('exit 1 on divergence, with the first divergent event, both traces side by side and the seed', async () => {
    const r = await runCli(['fixtures/components/cli-hello/wrong/writes-swapped.js']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('DIVERGED cli-hello (port wrong/writes-swapped.js) at seed 0, event #1');
    expect(r.out).toContain('0.2: stdout: hi, world!\\n');
    expect(r.out).toContain('0.3: stdout: bye\\n');
    expect(r.out).toMatch(/>>\s+1\s+stdout: hi, world!\\n\s+\| stdout: bye\\n/);
    expect(r.out).toContain('(seed 0)');
  });

  test('exit 2 on errors such as a missing fixture', async () => {
    const r = await runCli(['no-such-fixture']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error\s+no-such-fixture: no such fixture/);
  });
});

describe('benchExecutor', () => {
  test('returns positive figures with units', async () => {
    const rows = await benchExecutor();
    expect(rows.map((r) => r.unit)).toEqual(['MB/s', 'MB/s', 'MB/s', 'MB/s', 'runs/s']);
    for (const r of rows) expect(r.value).toBeGreaterThan(0);
    // Every throughput figure has preview3-shim measured in the same run as its peer.
    for (const r of rows.filter((x) => x.unit === 'MB/s')) {
      expect(r.peer?.name).toMatch(/^preview3-shim/);
      expect(r.peer!.value).toBeGreaterThan(0);
    }
  });
});

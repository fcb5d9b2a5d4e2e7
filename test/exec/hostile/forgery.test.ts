/**
 * Verdict forgery: a known-wrong port (cli-hello with its writes swapped) plus
 * a trick aimed at the code that compares the traces, decides the exit code
 * and prints the verdict. Each must still be caught: not ok, its report names
 * the divergence (or the guest's failure), the report carries no raw control
 * character the guest wrote, and the marker file the payload aims at does not
 * exist. The comparison runs in this process, out of the guest's reach (the
 * guest runs in QuickJS in a worker thread).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFixture } from '../../../src/exec/fixture.js';
import { validateFixture } from '../../../src/exec/validate.js';
import { FAKE_OK, tricks, wrongPort } from './forgery-ports.js';
import { ROOMY } from './helpers.js';
import { marker, noTrace } from './payload.js';

/** Validate `port` (a wrong/forged.js written into a temp copy of cli-hello, given that copy's folder) over 8 seeds; the copy is removed after. */
async function validateForged(port: (dir: string) => string): Promise<Awaited<ReturnType<typeof validateFixture>>> {
  const tmp = mkdtempSync(join(tmpdir(), 'wm-forgery-'));
  const dir = join(tmp, 'cli-hello');
  try {
    cpSync(join(process.cwd(), 'fixtures/components/cli-hello'), dir, { recursive: true });
    const path = join(dir, 'wrong', 'forged.js');
    writeFileSync(path, port(dir));
    return await validateFixture(loadFixture(path), 8, {}, ROOMY);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe('hostile guests: verdict forgery', () => {
  test.each(tricks)('%s: the wrong port is still caught', async (_what, trick) => {
    const m = marker();
    try {
      const t0 = performance.now();
      const v = await validateForged(() => wrongPort(m.path, trick));
      if (process.env.WM_TIMES) process.stderr.write(`hostile forgery | ${_what} | ${v.ok ? 'ok' : v.report!.split('\n')[0].slice(0, 40)} | ${Math.round(performance.now() - t0)} ms\n`);
      expect(v.ok).toBe(false);
      expect(v.seed).toBe(0);
      expect(v.report).toMatch(/^DIVERGED cli-hello \(port wrong\/forged\.js\) at seed 0/);
      // What the guest wrote is shown escaped: it cannot redraw the terminal the report is printed on.
      expect(v.report).not.toMatch(/[\r\x1b]/);
      noTrace(m.path);
    } finally {
      m.done();
    }
  });

  test('the same port without a trick is caught the same way (the baseline the tricks must not change)', async () => {
    const v = await validateForged((dir) => wrongPort(join(dir, 'unused'), {}));
    expect(v.report?.split('\n')[0]).toBe('DIVERGED cli-hello (port wrong/forged.js) at seed 0, event #1');
  });

  test("a port whose only output is a fake 'ok' line: the report shows it escaped, as data", async () => {
    const v = await validateForged(() => `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';\nexport const run = { async run() { await writeViaStream((async function* () { yield* new TextEncoder().encode('${FAKE_OK}'); })()); } };\n`);
    expect(v.ok).toBe(false);
    expect(v.report).toContain('stdout: \\x0d\\x1b[2K\\x1b[1A\\x1b[2Kok       cli-hello (8 seeds)\\n');
    expect(v.report).not.toMatch(/[\r\x1b]/);
  });
});

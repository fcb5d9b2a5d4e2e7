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

describe('hostile guests: verdict forgery', () => {
  test.each(tricks)('%s: the wrong port is still caught', async (_what, trick) => {
    const m = marker();
    const tmp = mkdtempSync(join(tmpdir(), 'wm-forgery-'));
    const dir = join(tmp, 'cli-hello');
    try {
      cpSync(join(process.cwd(), 'fixtures/components/cli-hello'), dir, { recursive: true });
      const port = join(dir, 'wrong', 'forged.js');
      writeFileSync(port, wrongPort(m.path, trick));
      const t0 = performance.now();
      const v = await validateFixture(loadFixture(port), 8, {}, ROOMY);
      if (process.env.WM_TIMES) process.stderr.write(`hostile forgery | ${_what} | ${v.ok ? 'ok' : v.report!.split('\n')[0].slice(0, 40)} | ${Math.round(performance.now() - t0)} ms\n`);
      expect(v.ok).toBe(false);
      expect(v.seed).toBe(0);
      expect(v.report).toMatch(/^DIVERGED cli-hello \(port wrong\/forged\.js\) at seed 0/);
      // What the guest wrote is shown escaped: it cannot redraw the terminal the report is printed on.
      expect(v.report).not.toMatch(/[\r\x1b]/);
      noTrace(m.path);
    } finally {
      m.done();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the same port without a trick is caught the same way (the baseline the tricks must not change)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'wm-forgery-'));
    const dir = join(tmp, 'cli-hello');
    try {
      cpSync(join(process.cwd(), 'fixtures/components/cli-hello'), dir, { recursive: true });
      writeFileSync(join(dir, 'wrong', 'forged.js'), wrongPort(join(dir, 'unused'), {}));
      const v = await validateFixture(loadFixture(join(dir, 'wrong', 'forged.js')), 8, {}, ROOMY);
      expect(v.report?.split('\n')[0]).toBe('DIVERGED cli-hello (port wrong/forged.js) at seed 0, event #1');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("a port whose only output is a fake 'ok' line: the report shows it escaped, as data", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'wm-forgery-'));
    const dir = join(tmp, 'cli-hello');
    try {
      cpSync(join(process.cwd(), 'fixtures/components/cli-hello'), dir, { recursive: true });
      const port = join(dir, 'wrong', 'forged.js');
      writeFileSync(port, `import { writeViaStream } from 'wasi:cli/stdout@0.3.0';\nexport const run = { async run() { await writeViaStream((async function* () { yield* new TextEncoder().encode('${FAKE_OK}'); })()); } };\n`);
      const v = await validateFixture(loadFixture(port), 8, {}, ROOMY);
      expect(v.ok).toBe(false);
      expect(v.report).toContain('stdout: \\x0d\\x1b[2K\\x1b[1A\\x1b[2Kok       cli-hello (8 seeds)\\n');
      expect(v.report).not.toMatch(/[\r\x1b]/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

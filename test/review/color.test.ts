/**
 * Colour in the text review: on when stdout is a terminal (a real pty, from
 * util-linux `script`), off when NO_COLOR is set or stdout is a pipe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BIN, cleanTmps, cli, copyFixture, requireBuiltCli, tmp } from './helpers.js';

const SCRIPT = '/usr/bin/script';
const ESC = '\u001b[';

function onTerminal(cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(SCRIPT, ['-qfec', `${process.execPath} ${BIN} wit kv --no-validate`, '/dev/null'], { cwd, encoding: 'utf8', env, timeout: 60000 });
  return r.stdout;
}

beforeAll(() => {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} (util-linux) is missing: this test needs it to give the CLI a terminal`);
  requireBuiltCli();
});
afterAll(cleanTmps);

test('a terminal gets coloured +/- lines; NO_COLOR or a pipe gets plain text', () => {
  const dir = tmp();
  copyFixture('kv-store', 'input', dir, 'kv');
  const env = { ...process.env };
  delete env.NO_COLOR;
  const tty = onTerminal(dir, env);
  expect(tty).toContain(`${ESC}31m-  use wasi:io/poll@0.2.0.{pollable};${ESC}0m`);
  expect(tty).toContain(`${ESC}32m+    get: async func(key: string) -> result<option<list<u8>>, error-code>;${ESC}0m`);
  expect(onTerminal(dir, { ...env, NO_COLOR: '1' })).not.toContain(ESC);
  const piped = cli(dir, ['wit', 'kv', '--no-validate'], { NO_COLOR: '' });
  expect(piped.out).toContain('-  use wasi:io/poll@0.2.0.{pollable};');
  expect(piped.out).not.toContain(ESC);
});

/**
 * Issue 16 class 4 through `migrate`, which changes the WIT and the code in
 * one run: an export the port makes async becomes an `async func` in the
 * one world the file can implement (the real wit-parser checks the package
 * as written), and the code's review item says so. Where two worlds could
 * hold the file's export, the WIT stays and the review asks.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, git, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const GUEST = `import { Fields, OutgoingRequest } from 'wasi:http/types@0.2.3';
import { handle } from 'wasi:http/outgoing-handler@0.2.3';

export function getStatus() {
  const request = new OutgoingRequest(new Fields());
  const future = handle(request);
  future.subscribe().block();
  return future.get().val.val.status();
}
`;

function project(worlds: string): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'wit'));
  writeFileSync(path.join(dir, 'wit', 'world.wit'), `package my:app@0.1.0;\n${worlds}`);
  writeFileSync(path.join(dir, 'guest.js'), GUEST);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'original');
  return dir;
}

const CLI_WORLD = `
world cli {
  import wasi:cli/stdout@0.2.3;
  export get-status: func() -> u16;
}
`;
const WEB_WORLD = `
world web {
  import wasi:http/outgoing-handler@0.2.3;
  export get-status: func() -> u16;
}
`;

it('the one world the file can implement gets an async export; the run validates it and a second run changes nothing', () => {
  // `cli` exports get-status too, but imports nothing from wasi:http: the guest cannot be its component.
  const dir = project(`${CLI_WORLD}${WEB_WORLD}`);
  const r = cli(dir, ['migrate', '.', '--write']);
  expect(r.code).toBe(0);
  const wit = readFileSync(path.join(dir, 'wit', 'world.wit'), 'utf8');
  expect(wit).toContain('world web {\n  import wasi:http/client@0.3.0;\n  export get-status: async func() -> u16;');
  expect(wit).toContain('world cli {\n  import wasi:cli/stdout@0.3.0;\n  export get-status: func() -> u16;');
  expect(r.out).toContain("`getStatus` now awaits a WASI 0.3 call, so world `web`'s `get-status` becomes an `async func` in the WIT");
  expect(readFileSync(path.join(dir, 'guest.js'), 'utf8')).toContain('export async function getStatus()');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'port');
  const again = cli(dir, ['migrate', '.', '--check']);
  expect(again.out).toContain('0 files to change');
});

it('two worlds the file could implement: the WIT stays and the review asks which', () => {
  const dir = project(`${WEB_WORLD}${WEB_WORLD.replace('world web', 'world web2')}`);
  const r = cli(dir, ['migrate', '.', '--write']);
  expect(r.code).toBe(0);
  expect(readFileSync(path.join(dir, 'wit', 'world.wit'), 'utf8')).not.toContain('async func');
  expect(r.out).toContain('but the worlds `web`, `web2` export `get-status` as a sync `func`: make it an `async func` in the WIT of the world this file implements');
});

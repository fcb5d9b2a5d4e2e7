/**
 * A project's own declarations of the WASI modules its code imports (a
 * `.d.ts` that no jco tree holds, `declare module 'wasi:cli/environment@0.2.x'`):
 * nothing regenerates them, and the code ported to 0.3 imports a module they
 * do not declare. `migrate` reports each on its line and `--check` stays red
 * until it is replaced or decided.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, git, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const DTS = `// Types of the WASI imports the code uses
declare module "wasi:cli/environment@0.2.3" {
  export function getEnvironment(): Array<[string, string]>;
}
`;

function project(): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'wit'));
  writeFileSync(path.join(dir, 'wit', 'world.wit'), 'package my:app;\n\nworld app {\n  import wasi:cli/environment@0.2.3;\n  export greet: func() -> string;\n}\n');
  writeFileSync(path.join(dir, 'app.ts'), 'import { getEnvironment } from "wasi:cli/environment@0.2.3";\n\nexport function greet(): string {\n  return `${getEnvironment().length}`;\n}\n');
  writeFileSync(path.join(dir, 'wasi.d.ts'), DTS);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'original');
  return dir;
}

it('a hand-written 0.2 module declaration is reported on its line and left for --check; a decided marker accepts it', () => {
  const dir = project();
  const r = cli(dir, ['migrate', '.', '--write']);
  expect(r.code).toBe(0);
  expect(readFileSync(path.join(dir, 'app.ts'), 'utf8')).toContain('"wasi:cli/environment@0.3.0"');
  expect(r.out).toContain('wasi.d.ts:2 [bindings/declarations] `wasi:cli/environment@0.2.3` is declared here by hand');
  git(dir, 'commit', '-qam', 'port');
  const check = cli(dir, ['migrate', '.', '--check', '--format', 'json']);
  expect(check.code).toBe(1);
  const unit = JSON.parse(check.out).units.find((u: { kind: string }) => u.kind === 'ts-project');
  expect(unit.remaining).toEqual([{ kind: 'wasi-0.2', file: 'wasi.d.ts', line: 2, message: 'a WASI 0.2 reference: declare module "wasi:cli/environment@0.2.3" {' }]);
  expect(unit.reviews.map((v: { messageId: string; line: number }) => [v.messageId, v.line])).toEqual([['handWritten', 2]]);
  writeFileSync(path.join(dir, 'wasi.d.ts'), DTS.replace('declare module', '// wasi-migrate(decided): kept for the 0.2 build\ndeclare module'));
  expect(cli(dir, ['migrate', '.', '--check', '--allow-dirty']).code).toBe(0);
});

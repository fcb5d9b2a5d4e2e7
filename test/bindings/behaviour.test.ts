/**
 * Issue 16 proof (d), on our faithful executor: a third-party unit that the
 * executor can run as a JS guest (an http handler importing only WASI, in
 * jco's guest shapes) is migrated with `migrate --write`, and the 0.2
 * original and the port must behave the same on one scenario over several
 * schedules (`validate --before --after --scenario`, exit 0). TypeScript
 * units are transpiled to JavaScript first, as their build does.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { corpusPath } from '../../src/util/corpus.js';
import { cleanTmps, cli, git, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const UNITS = [
  { name: 'componentizejs http-server', project: 'componentizejs-tests', entry: 'cases/http-server/source.js' },
  { name: 'wasmcloud http-hello-world', project: 'wasmcloud-http-hello-world', entry: 'src/http-hello-world.ts' },
];

const SCENARIO = { description: 'one GET to the handler', entry: 'http', request: { method: 'GET', path: '/', headers: [['accept', 'text/plain']] } };

function asJs(file: string, text: string): string {
  return file.endsWith('.ts') ? ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText : text;
}

it.each(UNITS.map((u) => [u.name, u] as const))('%s: the 0.2 original and its port answer alike on every schedule', (_name, u) => {
  const repo = tmp();
  git(repo, 'init', '-q');
  const project = path.join(repo, 'p');
  cpSync(corpusPath('thirdparty', 'code', u.project), project, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', project]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'corpus');
  const before = readFileSync(path.join(project, u.entry), 'utf8');
  const w = cli(repo, ['migrate', 'p', '--write'], {}, 300000);
  expect(w.code).toBeLessThanOrEqual(1);
  const after = readFileSync(path.join(project, u.entry), 'utf8');
  expect(after).not.toBe(before);
  writeFileSync(path.join(repo, 'before.js'), asJs(u.entry, before));
  writeFileSync(path.join(repo, 'after.js'), asJs(u.entry, after));
  writeFileSync(path.join(repo, 'scenario.json'), JSON.stringify(SCENARIO));
  const v = cli(repo, ['validate', '--before', 'before.js', '--after', 'after.js', '--scenario', 'scenario.json', '--seeds', '4'], {}, 300000);
  expect({ code: v.code, out: v.out.trim(), err: v.err }).toEqual({ code: 0, out: 'ok       before.js -> after.js (4 seeds)', err: '' });
}, 300000);

// Not a corpus unit: positional descriptor.read/write (issue 16 class 3), which 0.3 has only as streams.
it('a guest using a descriptor\'s positional read and write behaves the same after the rewrite', () => {
  const dir = tmp();
  const before = `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

export const run = {
  run() {
    const [[dir]] = getDirectories();
    const file = dir.openAt({}, 'out.txt', { create: true }, { read: true, write: true });
    const written = file.write(new TextEncoder().encode('hello, file'), 0n);
    const [data, eof] = file.read(5n, 7n);
    const [rest, end] = file.read(100n, 0n);
    getStdout().blockingWriteAndFlush(new TextEncoder().encode(\`\${written} \${new TextDecoder().decode(data)} \${eof} \${rest.length} \${end}\\n\`));
  },
};
`;
  writeFileSync(path.join(dir, 'guest.js'), before);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'guest');
  expect(cli(dir, ['bindings', '.', '--write']).code).toBeLessThanOrEqual(1);
  const after = readFileSync(path.join(dir, 'guest.js'), 'utf8');
  expect(after).toContain('await wasiWriteAt(file, ');
  expect(after).toContain('await wasiReadAt(file, 5n, 7n)');
  writeFileSync(path.join(dir, 'before.js'), before);
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify({ description: 'a file written, then read back', entry: 'cli', files: {} }));
  const v = cli(dir, ['validate', '--before', 'before.js', '--after', 'guest.js', '--scenario', 'scenario.json', '--seeds', '3'], {}, 300000);
  expect({ code: v.code, out: v.out.trim() }).toEqual({ code: 0, out: 'ok       before.js -> guest.js (3 seeds)' });
}, 300000);

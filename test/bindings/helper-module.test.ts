/**
 * Issue 16 class 7: the helpers a port needs live once per project. A
 * project that bundles its modules gets one `wasi-helpers` module beside its
 * sources, imported where used (no copy in each file); a project whose guest
 * is handed to the componentizer as one file keeps them inline (it can import
 * nothing but its world).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanTmps, cli, git, requireBuiltCli, tmp } from '../review/helpers.js';
import { caseTypeErrors } from './code/case-types.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

const WRITER = (word: string) => `import { getStdout } from 'wasi:cli/stdout@0.2.3';

function ${word}(): void {
  const out = getStdout();
  out.blockingWriteAndFlush(new TextEncoder().encode('${word}\\n'));
}

export const run = {
  run(): void {
    ${word}();
  },
};
`;

function project(pkg: object | undefined): string {
  const dir = tmp();
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  if (pkg) writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  writeFileSync(path.join(dir, 'src', 'a.ts'), WRITER('hello'));
  writeFileSync(path.join(dir, 'src', 'lib', 'b.ts'), WRITER('bye'));
  // The component's world, whose wasi:cli/run export each module implements: with no WIT beside the code, the exports
  // the port makes async would be reported (async-callers' exportNoWit), and so would a module's exported function
  // no world exports (exportBeyondWorld), and `--check` would fail on the markers.
  mkdirSync(path.join(dir, 'wit'));
  writeFileSync(path.join(dir, 'wit', 'world.wit'), 'package p:app;\n\nworld app {\n  import wasi:cli/stdout@0.2.3;\n  export wasi:cli/run@0.2.3;\n}\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'original');
  return dir;
}

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

it('a bundling project: one helpers module, imported by each file that uses it; type-checks; a second run changes nothing', async () => {
  const dir = project({ name: 'p', type: 'module', devDependencies: { rolldown: '^1.0.0' } });
  const first = cli(dir, ['bindings', '.', '--write']);
  expect(first.code).toBe(0);
  const a = read(dir, 'src/a.ts');
  const b = read(dir, 'src/lib/b.ts');
  const helpers = read(dir, 'src/wasi-helpers.ts');
  expect(a).toContain("import { wasiSink } from './wasi-helpers';");
  expect(b).toContain("import { wasiSink } from '../wasi-helpers';");
  for (const f of [a, b]) expect(f).not.toContain('function wasiSink');
  expect(helpers.match(/export function wasiSink\(/g)).toHaveLength(1);
  expect(await caseTypeErrors({ 'a.ts': a, 'lib/b.ts': b, 'wasi-helpers.ts': helpers })).toEqual([]);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'port');
  const again = cli(dir, ['bindings', '.', '--check']);
  expect(again.out + again.err).toContain('nothing to migrate');
  expect(again.code).toBe(0);
});

it('a project with no bundler keeps the helpers inline, in each file', () => {
  const dir = project(undefined);
  expect(cli(dir, ['bindings', '.', '--write']).code).toBe(0);
  expect(existsSync(path.join(dir, 'src', 'wasi-helpers.ts'))).toBe(false);
  for (const f of ['src/a.ts', 'src/lib/b.ts']) expect(read(dir, f)).toContain('function wasiSink(');
});

it('every helper, put in the helpers module, is exported (async ones too), in TypeScript and JavaScript', async () => {
  const { Project } = await import('ts-morph');
  const { HELPERS, addHelpersToModule } = await import('../../src/bindings/code/helpers.js');
  const files = new Project({ useInMemoryFileSystem: true });
  for (const ext of ['ts', 'js']) {
    const module = files.createSourceFile(`wasi-helpers.${ext}`, '');
    addHelpersToModule(module, Object.keys(HELPERS));
    const exported = module.getFunctions().filter((f) => f.isExported()).map((f) => f.getName()).sort();
    expect({ ext, exported }).toEqual({ ext, exported: Object.keys(HELPERS).sort() });
  }
});

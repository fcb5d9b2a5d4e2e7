/**
 * Issue 16 class 6: project files follow the port. A tsconfig.json whose
 * `paths` map a WASI 0.2 specifier to jco's declarations is moved to the
 * 0.3.0 specifier the code now imports; without that, the migrated project
 * does not compile with its own tsconfig (TS2307 on `wasi:http/types@0.3.0`).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tsconfigOptions, tsconfigPaths } from '../../src/bindings/project-files.js';
import { corpusPath } from '../../src/util/corpus.js';
import { cleanTmps, cli, git, requireBuiltCli, tmp } from '../review/helpers.js';

beforeAll(requireBuiltCli);
afterAll(cleanTmps);

it('moves 0.2 keys to the 0.3.0 specifier (renamed interfaces too) and their jco declaration files; comments and other keys stay', () => {
  const text = `{
  // paths for jco's types
  "compilerOptions": {
    "paths": {
      "wasi:http/types@0.2.3": ["./generated/types/interfaces/wasi-http-types.d.ts"],
      "wasi:http/incoming-handler@0.2.3": ["./generated/types/interfaces/wasi-http-incoming-handler.d.ts"], /* the export */
      "acme:util/strings@1.0.0": ["./types/strings.d.ts"]
    }
  }
}
`;
  const r = tsconfigPaths(text)!;
  expect(r.text).toBe(`{
  // paths for jco's types
  "compilerOptions": {
    "paths": {
      "wasi:http/types@0.3.0": ["./generated/types/interfaces/wasi-http-types.d.ts"],
      "wasi:http/handler@0.3.0": ["./generated/types/interfaces/wasi-http-handler.d.ts"], /* the export */
      "acme:util/strings@1.0.0": ["./types/strings.d.ts"]
    }
  }
}
`);
  expect(r.notes.map((n) => n.line)).toEqual([5, 6]);
  expect(tsconfigPaths('{ "compilerOptions": { "paths": { "wasi:http/types@0.3.0": ["x.d.ts"] } } }')).toBeUndefined();
});

it('wasmCloud http-hello-world: after `migrate --write` the project compiles with its own tsconfig, as the original did', () => {
  const repo = tmp();
  git(repo, 'init', '-q');
  const project = path.join(repo, 'p');
  cpSync(corpusPath('thirdparty', 'code', 'wasmcloud-http-hello-world'), project, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', project]);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'corpus');
  // The project's tsconfig pairs `module: es2022` with `moduleResolution: nodenext`, which the TypeScript here
  // rejects (TS5110) before and after the port alike; both runs set module to nodenext.
  const tsc = () => {
    try {
      execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', path.join(project, 'tsconfig.json'), '--noEmit', '--module', 'nodenext'], { encoding: 'utf8', stdio: 'pipe' });
      return '';
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? e);
    }
  };
  expect(tsc()).toBe('');
  const w = cli(repo, ['migrate', 'p', '--write'], {}, 300000);
  expect(w.code).toBeLessThanOrEqual(1);
  expect(readFileSync(path.join(project, 'tsconfig.json'), 'utf8')).toContain('"wasi:http/types@0.3.0": ["./generated/types/interfaces/wasi-http-types.d.ts"]');
  expect(tsc()).toBe('');
}, 300000);

test("tsconfigOptions: the lib a tsconfig sets, through its `extends` (the checks against jco's types see it); text that does not parse gives none", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wm-tsconfig-'));
  try {
    writeFileSync(path.join(dir, 'base.json'), '{ "compilerOptions": { "lib": ["es2022", "dom"] } }');
    expect(tsconfigOptions('{ "extends": "./base.json", "compilerOptions": { "strict": true } }', dir)?.lib).toEqual(['lib.es2022.d.ts', 'lib.dom.d.ts']);
    expect(tsconfigOptions('{ "compilerOptions": { "target": "es2020" } }', dir)?.lib).toBeUndefined();
    expect(tsconfigOptions('{ "compilerOptions": ', dir)).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

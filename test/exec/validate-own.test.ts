/**
 * `validate --before --after --scenario`: a team's own components, built
 * outside this repository's fixture layout, on a world described by its own
 * scenario file. Components are built here by componentize-qjs (0.2 with
 * --sync, 0.3 with the async runtime) and handed to the CLI as .wasm files;
 * a JavaScript guest can stand in for either version.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildComponent } from '../../src/exec/component-build.js';
import { requireNode24 } from '../../src/exec/real-component.js';
import { cleanTmps, cli, requireBuiltCli, tmp } from '../review/helpers.js';

const WIT = `package acme:greeter;

world greeter-0-2 {
  import wasi:cli/environment@0.2.12;
  import wasi:cli/stdout@0.2.12;
  export wasi:cli/run@0.2.12;
}

interface audit {
  note: func(line: string);
}

world greeter-audit-0-2 {
  import wasi:cli/environment@0.2.12;
  import wasi:cli/stdout@0.2.12;
  import audit;
  export wasi:cli/run@0.2.12;
}

world greeter-0-3 {
  import wasi:cli/environment@0.3.0;
  import wasi:cli/stdout@0.3.0;
  export wasi:cli/run@0.3.0;
}
`;
const HELLO = path.join(process.cwd(), 'fixtures', 'components', 'cli-hello');
const source = (f: string) => readFileSync(path.join(HELLO, f), 'utf8');

let dir = '';
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  requireNode24();
  requireBuiltCli();
  dir = tmp();
  writeFileSync(file('greeter.wit'), WIT);
  writeFileSync(file('before.js'), source('component-0.2.js'));
  writeFileSync(file('after.js'), source('component-0.3.js'));
  // The 0.3 port with its two writes swapped: a wrong port.
  writeFileSync(file('wrong.js'), source('component-0.3.js').replace(/(yield utf8\(`\$\{greeting\}[^\n]*\n)(\s*yield utf8\('bye\\n'\);\n)/, '$2$1'));
  expect(readFileSync(file('wrong.js'), 'utf8')).not.toBe(source('component-0.3.js'));
  // The 0.2 greeter in a world that also imports the team's own audit interface, which no executor host implements.
  writeFileSync(file('audit.js'), `import audit from 'acme:greeter/audit';\n${source('component-0.2.js').replace('  run() {\n', "  run() {\n    audit.note('greeting');\n")}`);
  expect(readFileSync(file('audit.js'), 'utf8')).toContain("audit.note('greeting');");
  for (const [name, world, sync] of [['before', 'greeter-0-2', true], ['after', 'greeter-0-3', false], ['wrong', 'greeter-0-3', false], ['audit', 'greeter-audit-0-2', true]] as const) {
    const wasm = await buildComponent({ witFile: file('greeter.wit'), world, sourceFile: file(`${name}.js`), sync, outDir: file(`build-${name}`) });
    writeFileSync(file(`${name}.wasm`), readFileSync(wasm));
  }
  writeFileSync(file('world.json'), JSON.stringify({ entry: 'cli', args: ['greeter', 'grace', 'hopper'], env: [['GREETING', 'hi']], clockStart: '2026-01-01T00:00:00Z', seeds: 3 }));
}, 180_000);
afterAll(cleanTmps);

const validate = (...args: string[]) => cli(dir, ['validate', ...args]);

describe('validate --before --after --scenario', () => {
  test('the same behaviour: exit 0, on the scenario\'s seeds', () => {
    const r = validate('--before', 'before.wasm', '--after', 'after.wasm', '--scenario', 'world.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('ok       before.wasm -> after.wasm (3 seeds)\n');
  });

  test('a JavaScript guest stands in for a version', () => {
    const r = validate('--before', path.join(HELLO, 'guest-0.2.js'), '--after', 'after.wasm', '--scenario', 'world.json', '--seeds', '2');
    expect(r.code).toBe(0);
    expect(r.out).toBe('ok       guest-0.2.js -> after.wasm (2 seeds)\n');
  });

  test('a wrong port: exit 1, the first divergence shown', () => {
    const r = validate('--before', 'before.wasm', '--after', 'wrong.wasm', '--scenario', 'world.json');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^DIVERGED before\.wasm -> wrong\.wasm at seed 0, event #1\n  0\.2: stdout: hi, grace hopper!\\n/);
    expect(r.out).toMatch(/0\.3: stdout: bye\\n/);
  });

  test.each([
    ['a field of the wrong type', { entry: 'cli', args: ['a', 1] }, /\/args\/1: must be string/],
    ['an unknown field', { entry: 'cli', argz: [] }, /\/: unknown field "argz"/],
    ['a bad entry', { entry: 'daemon' }, /\/entry: must be one of "cli", "http"/],
    ['a bad upstream status', { entry: 'http', request: { path: '/' }, upstreams: { 'api.example': [{ path: '/', status: 'ok' }] } }, /\/upstreams\/api\.example\/0\/status: must be integer/],
    ['a clock start that is not a date', { entry: 'cli', clockStart: 'yesterday' }, /\/clockStart: must match pattern/],
  ])('a bad scenario (%s): exit 2 with the path of the field', (_what, scenario, message) => {
    writeFileSync(file('bad.json'), JSON.stringify(scenario));
    const r = validate('--before', 'before.wasm', '--after', 'after.wasm', '--scenario', 'bad.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: bad\.json: not a valid scenario/);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  test('a scenario that is not JSON: exit 2 at line:col', () => {
    writeFileSync(file('broken.json'), '{\n  "entry": "cli",\n  "args": [oops]\n}\n');
    const r = validate('--before', 'before.wasm', '--after', 'after.wasm', '--scenario', 'broken.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: broken\.json:3:12: not JSON/);
  });

  test('flags that go together, and files that are not components: exit 2 with a message', () => {
    expect(validate('--before', 'before.wasm', '--after', 'after.wasm')).toMatchObject({ code: 2 });
    expect(validate('--before', 'before.wasm', '--after', 'after.wasm').err).toMatch(/--before, --after and --scenario go together/);
    const notWasm = validate('--before', 'world.json', '--after', 'after.wasm', '--scenario', 'world.json');
    expect(notWasm.code).toBe(2);
    expect(notWasm.err).toMatch(/--before world\.json: a \.wasm component or a \.js guest/);
    writeFileSync(file('junk.wasm'), 'not wasm');
    const junk = validate('--before', 'junk.wasm', '--after', 'after.wasm', '--scenario', 'world.json');
    expect(junk.code).toBe(2);
    expect(junk.err).toMatch(/junk\.wasm: jco could not transpile it/);
    expect(junk.err).not.toMatch(/\n\s+at /);
  });

  test('a component importing what the host lacks: exit 2 naming the import, never ok or DIVERGED', () => {
    const r = validate('--before', 'audit.wasm', '--after', 'after.wasm', '--scenario', 'world.json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: CANNOT RUN audit\.wasm -> after\.wasm at seed 0: the 0\.2 version did not run on this executor\n/);
    expect(r.err).toMatch(/0\.2: host-error: the executor.s host does not implement acme:greeter\/audit, which the component imports/);
  });
});

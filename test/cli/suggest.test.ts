/**
 * An unknown flag is refused with the closest known flag of that command, as
 * cargo and git do; nothing is suggested when no flag is close.
 */
import { closest, distance } from '../../src/cli/suggest.js';
import { cli, FIXTURES, requireBuiltCli } from '../review/helpers.js';
import path from 'node:path';

beforeAll(requireBuiltCli);

describe('closest flag', () => {
  test('distance counts an adjacent swap as one edit', () => {
    expect(distance('wirte', 'write')).toBe(1);
    expect(distance('chek', 'check')).toBe(1);
    expect(distance('format', 'format')).toBe(0);
    expect(distance('', 'abc')).toBe(3);
  });

  test('a close flag is suggested, a far one is not', () => {
    const known = ['write', 'check', 'json', 'format', 'features', 'all-features', 'seeds'];
    expect(closest('chek', known)).toBe('check');
    expect(closest('seed', known)).toBe('seeds');
    expect(closest('feature', known)).toBe('features');
    expect(closest('zzzzzz', known)).toBeNull();
    expect(closest('x', known)).toBeNull();
  });
});

describe('the CLI', () => {
  const input = path.join(FIXTURES, 'kv-store', 'input');
  test.each([
    [['wit', input, '--chek'], 'error: unknown option --chek (did you mean --check?)'],
    [['wit', input, '--wirte'], 'error: unknown option --wirte (did you mean --write?)'],
    [['validate', 'cat', '--seed', '3'], 'error: unknown option --seed (did you mean --seeds?)'],
    [['parse', input, '--josn'], 'error: unknown option --josn (did you mean --json?)'],
    [['wit', input, '--zzzzzz'], 'error: unknown option --zzzzzz\n'],
  ])('%j: exit 2, %s', (args, message) => {
    const r = cli(process.cwd(), args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('run `wasi-migrate --help` for usage');
    expect(r.out).toBe('');
  });
});

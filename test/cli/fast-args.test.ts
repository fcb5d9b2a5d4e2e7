/**
 * The CLI parses plain command lines without yargs (src/cli/fast-args.ts).
 * Whatever it parses must reach the command's handler exactly as yargs would
 * hand it over; whatever it does not take must be left to yargs (which then
 * gives its help, version or usage error).
 */
import type { CommandModule } from 'yargs';
import { allCommands, plainCommand, yargsCli } from '../../src/cli/main.js';

/** The arguments yargs hands the handler of the command `argv` names. */
async function viaYargs(argv: string[]): Promise<Record<string, unknown>> {
  let got: Record<string, unknown> | undefined;
  const commands = (await allCommands()).map((c) => ({ ...c, handler: (a: unknown) => void (got = a as Record<string, unknown>) }) as CommandModule<object, never>);
  const cli = (await yargsCli(argv, commands)).fail((msg, err) => {
    throw err ?? new Error(msg);
  });
  await cli.parseAsync();
  if (!got) throw new Error(`yargs ran no command for ${argv.join(' ')}`);
  return got;
}

const PLAIN: string[][] = [
  ['wit', '--check', 'fixtures/wit/kv-store/expected'],
  ['wit', 'a', 'b', '--check', '--no-validate'],
  ['wit', '--format', 'json', 'a'],
  ['wit', '--format=sarif', '--out', 'review.sarif', 'a'],
  ['wit', '-q', '--write', '--allow-dirty', '--allow-no-vcs', 'a'],
  ['wit', '--quiet', '--json', 'a'],
  ['wit', '--features', 'x', 'y', '--check', 'a'],
  ['wit', '--all-features', '--bump', '0.3.1', 'a'],
  ['wit', '--patch=-', '--color', 'never', 'a'],
  ['wit', '--patch', 'p.diff', '--out=o.html', '--format', 'html', 'a'],
  ['wit', '--explain', 'io-removal'],
  ['wit'],
  ['parse', 'x.wit', '--json'],
  ['parse', 'a', 'b', '--features', 'f', '--all-features', '-q'],
  ['bindings', 'proj', '--check'],
  ['bindings', '--wit', 'wit', 'other', '--diff'],
  ['migrate', '--no-validate'],
  ['migrate', 'proj', '--write', '--allow-dirty'],
];

describe('a plain command line reaches the handler as yargs would hand it over', () => {
  it.each(PLAIN.map((a) => [a.join(' '), a]))('%s', async (_name, argv) => {
    const plain = await plainCommand(argv as string[]);
    expect(plain).toBeDefined();
    expect(plain!.args).toEqual(await viaYargs(argv as string[]));
  });
});

const LEFT_TO_YARGS: string[][] = [
  ['wit', '--help'],
  ['wit', '-h', 'a'],
  ['wit', '--version'],
  ['wit', '--chek', 'a'],
  ['wit', '--check', '--check', 'a'],
  ['wit', '--format', 'nope', 'a'],
  ['wit', '--format'],
  ['wit', '--', 'a'],
  ['wit', '--check=true', 'a'],
  ['wit', '--check', 'false', 'a'],
  ['wit', '-qz', 'a'],
  ['wit', '--features', '--check', 'a'],
  ['wit', '--allowDirty', 'a'],
  ['wit', '42'],
  ['bindings', 'a', 'b'],
  ['parse', '--json'],
  ['parse'],
  ['-q', 'wit', 'a'],
  ['validate', 'fixtures/components/x'],
  ['frobnicate', 'a'],
  [],
];

describe('any other command line is left to yargs', () => {
  it.each(LEFT_TO_YARGS.map((a) => [a.join(' ') || '(nothing)', a]))('%s', async (_name, argv) => {
    expect(await plainCommand(argv as string[])).toBeUndefined();
  });
});

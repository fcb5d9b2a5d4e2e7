import yargs from 'yargs';
import { parseCommand } from './commands/parse.js';
import { witCommand } from './commands/wit.js';
import { validateCommand } from './commands/validate.js';
import { bindingsCommand } from './commands/bindings.js';
import { migrateCommand } from './commands/migrate.js';

import { existsSync } from 'node:fs';
import { EXIT } from './exit.js';
import { unknownFlagMessage } from './suggest.js';
import { packageVersion } from '../util/package-root.js';
import { recoverAround, TxnError } from '../util/txn.js';
import { LoadError } from '../wit/loader.js';
import { NoPackageError } from '../migrate/load.js';

export { EXIT };

/** `--patch -` (stdout, as git and diff spell it): yargs would read the `-` as a positional and leave the flag empty. */
function dashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--patch' && argv[i + 1] === '-') out.push(`--patch=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

export async function main(rawArgv: string[]): Promise<void> {
  const argv = dashValues(rawArgv);
  const cli = yargs(argv)
    .scriptName('wasi-migrate')
    .usage('$0 <command> [options]')
    .command(parseCommand)
    .command(witCommand)
    .command(validateCommand)
    .command(bindingsCommand)
    .command(migrateCommand)
    .option('quiet', { alias: 'q', type: 'boolean', default: false, global: true, describe: 'print only errors and what the run exists to produce (no text review, no ok lines, no progress); the exit code carries the verdict' })
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .alias('h', 'help')
    .version('version', 'show the version of wasi-migrate', packageVersion())
    .alias('V', 'version')
    .fail((msg, err) => {
      // yargs reports usage errors as a message, a YError, or (a .check that returned a string) that string.
      const e = err as Error | string | undefined;
      if (e && typeof e !== 'string' && e.name !== 'YError') throw e;
      msg ||= typeof e === 'string' ? e : (e?.message ?? 'bad usage');
      // The options yargs knows at this point: the running command's and the global ones.
      const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
      const text = unknownFlagMessage(msg, known) ?? msg;
      process.stderr.write(`${text.split('\n').map((l) => `error: ${l}`).join('\n')}\nrun \`wasi-migrate --help\` for usage\n`);
      process.exit(EXIT.error);
    });
  try {
    // An interrupted write is completed or rolled back before anything reads the tree.
    const paths = argv.filter((a) => !a.startsWith('-') && existsSync(a));
    for (const m of recoverAround(paths.length ? paths : ['.'])) process.stderr.write(`wasi-migrate: ${m}\n`);
  } catch (e) {
    if (!(e instanceof TxnError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = EXIT.error;
    return;
  }
  try {
    await cli.parseAsync();
  } catch (e) {
    if (e instanceof LoadError || e instanceof NoPackageError) {
      // Bad input that surfaced outside a command's own handling: a message, no stack.
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = EXIT.error;
      return;
    }
    // A bug, not bad input: bad input is reported by the commands themselves.
    process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = EXIT.error;
  }
}

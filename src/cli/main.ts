import yargs from 'yargs';
import { parseCommand } from './commands/parse.js';
import { witCommand } from './commands/wit.js';
import { validateCommand } from './commands/validate.js';
import { bindingsCommand } from './commands/bindings.js';
import { migrateCommand } from './commands/migrate.js';

import { EXIT } from './exit.js';
import { packageVersion } from '../util/package-root.js';

export { EXIT };

export async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('wasi-migrate')
    .usage('$0 <command> [options]')
    .command(parseCommand)
    .command(witCommand)
    .command(validateCommand)
    .command(bindingsCommand)
    .command(migrateCommand)
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .alias('h', 'help')
    .version('version', 'show the version of wasi-migrate', packageVersion())
    .alias('V', 'version')
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`error: ${msg}\nrun \`wasi-migrate --help\` for usage\n`);
      process.exit(EXIT.error);
    });
  try {
    await cli.parseAsync();
  } catch (e) {
    // A bug, not bad input: bad input is reported by the commands themselves.
    process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = EXIT.error;
  }
}

import yargs from 'yargs';
import { parseCommand } from './commands/parse.js';
import { validateCommand } from './commands/validate.js';

/** Exit codes shared by every command: see README "Exit codes". */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

export async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('wasi-migrate')
    .usage('$0 <command> [options]')
    .command(parseCommand)
    .command(validateCommand)
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`error: ${msg}\nrun \`wasi-migrate --help\` for usage\n`);
      process.exit(EXIT.error);
    });
  await cli.parseAsync();
}

/**
 * The CLI: `wasi-migrate <command> [options]`. Only the named command's
 * module is loaded, and a plain command line (fast-args.ts) is parsed
 * without yargs: start-up is most of a small `wit --check` (issue 18).
 * yargs, with every command, parses the rest: `--help`, `--version`, usage
 * errors and every less common form. This module's own imports are few, so
 * that `wit` starts compiling wit-parser's wasm (on a background thread)
 * before the command's modules load.
 */
import type { Argv, CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { EXIT } from './exit.js';
import { plainArgs } from './fast-args.js';
import { packageVersion } from '../util/package-root.js';
import { recoverAround, TxnError } from '../util/txn.js';

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

/** Each command's module, loaded only when that command runs (or yargs needs them all). */
const COMMANDS: Record<string, () => Promise<CommandModule<object, never>>> = {
  parse: async () => (await import('./commands/parse.js')).parseCommand as CommandModule<object, never>,
  wit: async () => (await import('./commands/wit.js')).witCommand as CommandModule<object, never>,
  validate: async () => (await import('./commands/validate.js')).validateCommand as CommandModule<object, never>,
  bindings: async () => (await import('./commands/bindings.js')).bindingsCommand as CommandModule<object, never>,
  migrate: async () => (await import('./commands/migrate.js')).migrateCommand as CommandModule<object, never>,
};

/** The options of every command. */
const GLOBAL_OPTIONS = {
  quiet: { alias: 'q', type: 'boolean', default: false, global: true, describe: 'print only errors and what the run exists to produce (no text review, no ok lines, no progress); the exit code carries the verdict' },
} as const;

const SCRIPT = 'wasi-migrate';

/** The yargs CLI with every command (`commands`, in COMMANDS order); `.fail` is the caller's. */
export async function yargsCli(argv: string[], commands: readonly CommandModule<object, never>[]): Promise<Argv> {
  const { default: yargs } = await import('yargs');
  let cli = yargs(argv).scriptName(SCRIPT).usage('$0 <command> [options]');
  for (const c of commands) cli = cli.command(c);
  return cli
    .option('quiet', GLOBAL_OPTIONS.quiet)
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .alias('h', 'help')
    .version('version', 'show the version of wasi-migrate', packageVersion())
    .alias('V', 'version');
}

/** Every command's module, in COMMANDS order. */
export function allCommands(): Promise<CommandModule<object, never>[]> {
  return Promise.all(Object.values(COMMANDS).map((load) => load()));
}

/**
 * The named command and the arguments yargs would give its handler, when the
 * command line is a plain one (fast-args.ts); else undefined.
 */
export async function plainCommand(argv: readonly string[]): Promise<{ command: CommandModule<object, never>; args: Record<string, unknown> } | undefined> {
  const load = Object.hasOwn(COMMANDS, argv[0] ?? '') ? COMMANDS[argv[0]!] : undefined;
  if (!load) return undefined;
  const command = await load();
  const args = plainArgs(argv, command as never, GLOBAL_OPTIONS, SCRIPT);
  return args && { command, args };
}

export async function main(rawArgv: string[]): Promise<void> {
  process.once('beforeExit', endedEarly);
  try {
    await run(rawArgv);
  } finally {
    process.off('beforeExit', endedEarly);
  }
}

/**
 * A `beforeExit` listener, there while a command runs: the event loop has
 * emptied with the command not finished. Node then ends the process even
 * though a promise is pending: one that waits on work nothing holds open (a
 * wasm compile, nodejs/node#36616) would end the run with exit 0 and no
 * output, a pass no check made. An internal error instead. (`process.exit`,
 * as yargs calls it for `--version`, emits no `beforeExit`.)
 */
function endedEarly(): void {
  process.stderr.write('internal error: the process ended before the command finished (it waited on something nothing kept alive)\n');
  process.exitCode = EXIT.error;
}

async function run(rawArgv: string[]): Promise<void> {
  const argv = dashValues(rawArgv);
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
  // `wit` checks its output with the real wit-parser: its wasm compiles on a background
  // thread while the command's modules load and the migration runs. Its load is started
  // before the command's, which the loader would otherwise serve first. (A failure to
  // load surfaces where the check runs.)
  // The command runs once that compile has begun (its loader needs a few turns of the event loop,
  // which the migration, never yielding, would not give it until it ends).
  let compiling: Promise<void> | undefined;
  if (argv[0] === 'wit') growYoungGenerationAtOnce();
  if (argv[0] === 'wit' && !argv.some((a) => a === '--no-validate' || a === '--help' || a === '-h' || a.startsWith('--explain'))) {
    const parser = await import('../validate/wit-parser.js').catch(() => undefined);
    if (parser) {
      parser.preloadTextParser();
      compiling = parser.textParserCompiling();
    }
  }
  try {
    const plain = await plainCommand(argv);
    await compiling;
    if (plain) await plain.command.handler(plain.args as never);
    else await (await yargsParser(argv)).parseAsync();
  } catch (e) {
    const bad = await inputError(e);
    if (bad) {
      // Bad input that surfaced outside a command's own handling: a message, no stack.
      process.stderr.write(`error: ${bad.message}\n`);
      process.exitCode = EXIT.error;
      return;
    }
    // A bug, not bad input: bad input is reported by the commands themselves.
    process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = EXIT.error;
  }
}

/**
 * `wit` keeps much of what it allocates for a while: a package's syntax trees
 * for its two runs, and every package's report to the end of the run (the
 * checks are batched, run.ts). In a young generation that stays at its first
 * size (1 MB a semi-space) most of that survived a scavenge or two and was
 * copied each time (258 scavenges on the bench's 1,000-file 0.2 tree). Grown
 * at the first chance, by 16 rather than V8's 2 (1 MB, then 16, then the 64
 * MB V8 allows here), the tree takes 7, and this thread 5.7% less CPU
 * (issue 18, Node 24, 2 cores under load, median of 15 interleaved pairs;
 * the process 5% less), for about 80 MB more peak memory (135 -> 215 MB).
 * The factor is read each time V8 would grow the space, so it takes effect
 * when set at run time (the size limits are fixed at start-up: a larger
 * first size needs a command-line flag). Left as it is for the other
 * commands: ts-morph's runs showed no difference.
 */
function growYoungGenerationAtOnce(): void {
  setFlagsFromString('--semi-space-growth-factor=16');
}

/** `e` when it is bad input, a LoadError or NoPackageError (their modules are loaded by then, if one was thrown); else undefined. */
async function inputError(e: unknown): Promise<Error | undefined> {
  const [{ LoadError }, { NoPackageError }] = await Promise.all([import('../wit/loader.js'), import('../migrate/load.js')]);
  return e instanceof LoadError || e instanceof NoPackageError ? e : undefined;
}

/** yargs with every command, and usage errors reported as the CLI reports them (exit 2). */
async function yargsParser(argv: string[]): Promise<Argv> {
  // Loaded here: only a line yargs parses can be a usage error (start-up of a plain line, issue 18).
  const [cli, { unknownFlagMessage }] = await Promise.all([allCommands().then((c) => yargsCli(argv, c)), import('./suggest.js')]);
  return cli.fail((msg, err) => {
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
}

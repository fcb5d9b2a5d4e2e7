/**
 * The command line of a run, parsed without loading yargs (about 60 modules,
 * and a help text it renders on every run of a command): start-up is what a
 * CI step of `wasi-migrate wit --check` waits for most (issue 18).
 *
 * It reads a command's options from the command's own yargs builder, run on
 * a recorder (so the options are defined once, for both parsers), and
 * parses only the plain forms: `cmd [--flag] [--no-flag] [--opt value]
 * [--opt=value] [--list a b] [-q] [path ...]`. Anything else is left to
 * yargs, which stays the authority for every other form, every usage error
 * and `--help`/`--version`: an unknown or repeated option, a value outside
 * its choices, `--`, `-`, a number-like word, `--flag=true`, a builder that
 * uses more of yargs than `option` and `positional`. test/cli/fast-args.test.ts
 * checks that whatever this parses, yargs parses to the same arguments.
 */

/** An option as a yargs builder declares it (the keys this parser understands). */
interface OptionSpec {
  type?: 'boolean' | 'string';
  array?: boolean;
  default?: unknown;
  choices?: readonly unknown[];
  alias?: string | readonly string[];
  describe?: string;
  global?: boolean;
}

const KNOWN_KEYS = new Set(['type', 'array', 'default', 'choices', 'alias', 'describe', 'global']);
/** A positional may also be demanded (`<paths...>` says so too). */
const POSITIONAL_KEYS = new Set([...KNOWN_KEYS, 'demandOption']);

/** Why the fast parser leaves a command line to yargs. */
class NotPlain extends Error {}

/** What a command's builder declared: its options and its positionals. */
interface Declared {
  readonly options: Map<string, OptionSpec>;
  readonly positionals: Map<string, OptionSpec>;
}

/** Runs a yargs builder on a recorder of `option`/`positional`; any other call means "not plain". */
function declared(builder: unknown, globals: Record<string, OptionSpec>): Declared {
  const options = new Map<string, OptionSpec>(Object.entries(globals));
  const positionals = new Map<string, OptionSpec>();
  const add = (into: Map<string, OptionSpec>, keys: Set<string>) => (name: string, spec: OptionSpec) => {
    if (into.has(name) || Object.keys(spec).some((k) => !keys.has(k))) throw new NotPlain();
    if (spec.type !== 'boolean' && spec.type !== 'string' && spec.choices === undefined) throw new NotPlain();
    into.set(name, spec);
    return recorder;
  };
  const target = { option: add(options, KNOWN_KEYS), positional: add(positionals, POSITIONAL_KEYS) };
  const recorder: object = new Proxy(target, {
    get: (t, key) => {
      if (key === 'option' || key === 'positional') return t[key];
      throw new NotPlain();
    },
  });
  if (typeof builder !== 'function') throw new NotPlain();
  (builder as (y: unknown) => unknown)(recorder);
  return { options, positionals };
}

/** yargs' camel-case expansion of `allow-dirty`. */
const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A word yargs-parser would read as a number (it converts those). */
const numberLike = (s: string) => /^[-+]?(?:\d|\.\d)|^0x/i.test(s) || /^(?:Infinity|NaN)$/.test(s);

export interface CommandShape {
  /** yargs' `command` string, e.g. `wit [paths...]`. */
  readonly command: string | readonly string[];
  readonly builder?: unknown;
}

/**
 * The arguments yargs would hand the command's handler for `argv` (the
 * words after the program name, command first), or undefined when the
 * command line is not one of the plain forms (see the module comment).
 */
export function plainArgs(argv: readonly string[], cmd: CommandShape, globals: Record<string, OptionSpec>, scriptName: string): Record<string, unknown> | undefined {
  try {
    return parse(argv, cmd, globals, scriptName);
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

function parse(argv: readonly string[], cmd: CommandShape, globals: Record<string, OptionSpec>, scriptName: string): Record<string, unknown> {
  if (typeof cmd.command !== 'string') throw new NotPlain();
  // `name [list...]`, `name <list...>`, `name [one]` or just `name`: one positional at most.
  const m = /^([a-z][a-z0-9-]*)(?: ([[<])([a-z][a-z0-9-]*)(\.\.\.)?[\]>])?$/.exec(cmd.command);
  if (!m || argv[0] !== m[1]) throw new NotPlain();
  const { options, positionals } = declared(cmd.builder, globals);
  const listName = m[3];
  if (positionals.size > (listName ? 1 : 0) || (listName && !positionals.has(listName))) throw new NotPlain();
  const byName = new Map<string, string>();
  for (const [name, spec] of options) {
    for (const n of [name, ...[spec.alias ?? []].flat()]) {
      if (byName.has(n)) throw new NotPlain();
      byName.set(n, name);
    }
  }
  const given = new Map<string, unknown>();
  const set = (name: string, v: unknown) => {
    if (given.has(name)) throw new NotPlain();
    given.set(name, v);
  };
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || a === '-' || numberLike(a)) throw new NotPlain();
    if (!a.startsWith('-')) {
      words.push(a);
      continue;
    }
    const long = a.startsWith('--');
    const eq = a.indexOf('=');
    const flag = a.slice(long ? 2 : 1, eq < 0 ? undefined : eq);
    if (!long && flag.length !== 1) throw new NotPlain();
    if (long && flag.length < 2) throw new NotPlain();
    let name = byName.get(flag);
    if (name === undefined && long && flag.startsWith('no-') && eq < 0) {
      name = byName.get(flag.slice(3));
      if (name === undefined || options.get(name)!.type !== 'boolean') throw new NotPlain();
      set(name, false);
      continue;
    }
    if (name === undefined) throw new NotPlain();
    const spec = options.get(name)!;
    if (spec.type === 'boolean') {
      if (eq >= 0 || argv[i + 1] === 'true' || argv[i + 1] === 'false') throw new NotPlain();
      set(name, true);
    } else if (spec.array) {
      if (eq >= 0) throw new NotPlain();
      const vals: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) {
        if (numberLike(argv[i + 1]!)) throw new NotPlain();
        vals.push(argv[++i]!);
      }
      if (!vals.length) throw new NotPlain();
      set(name, vals);
    } else {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      // A number-like value stays a string only where the option says it is one.
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('-')) || (numberLike(v) && spec.type !== 'string')) throw new NotPlain();
      if (spec.choices && !spec.choices.includes(v)) throw new NotPlain();
      set(name, v);
    }
  }
  const variadic = m[4] !== undefined;
  if (words.length > (!listName ? 0 : variadic ? Infinity : 1)) throw new NotPlain();
  if (m[2] === '<' && !words.length) throw new NotPlain();
  const out: Record<string, unknown> = { _: [m[1]] };
  const put = (name: string, v: unknown, spec: OptionSpec) => {
    for (const n of [name, ...[spec.alias ?? []].flat()]) {
      out[n] = v;
      if (n.includes('-')) out[camel(n)] = v;
    }
  };
  for (const [name, spec] of options) {
    if (given.has(name)) put(name, given.get(name), spec);
    else if ('default' in spec) put(name, spec.default, spec);
  }
  // yargs gives a variadic positional an empty list, and leaves a single one out, when none is named.
  if (listName && variadic) put(listName, words, positionals.get(listName)!);
  else if (listName && words.length) put(listName, words[0], positionals.get(listName)!);
  out.$0 = scriptName;
  return out;
}

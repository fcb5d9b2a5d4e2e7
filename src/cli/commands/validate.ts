import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { Fixture } from '../../exec/fixture.js';
import { DEFAULT_LIMITS, type Limits, limitsOf } from '../../exec/limits.js';
import type { FixtureVerdict, Runner, Runners } from '../../exec/validate.js';
import { EXIT } from '../exit.js';

interface Args {
  fixtures?: string[];
  seeds?: number;
  before?: string;
  after?: string;
  scenario?: string;
  'cpu-ms'?: number;
  'memory-mb'?: number;
  'output-bytes'?: number;
  tasks?: number;
  quiet?: boolean;
}

/**
 * `wasi-migrate validate <fixture...> [--seeds N]`, or
 * `wasi-migrate validate --before <0.2> --after <0.3> --scenario <file>`:
 * run the 0.2 and the 0.3 version on the same simulated world for seeds
 * 0..N-1. A version is a JavaScript guest (jco's guest binding shapes) or a
 * `.wasm` component from any toolchain (transpiled by jco in-process; Node >=
 * 24). Exit 0 when all agree, 1 on the first divergence or exhausted budget,
 * 2 on errors (a bad scenario names the field). Guests run isolated with
 * per-run budgets (src/exec/limits.ts, docs/executor.md).
 */
export const validateCommand: CommandModule<object, Args> = {
  command: 'validate [fixtures...]',
  describe: 'run the 0.2 and the 0.3 version of a component on one simulated world and compare what they do',
  builder: (y) =>
    y
      .positional('fixtures', { type: 'string', array: true, describe: 'fixture folders, names under fixtures/components, or 0.3 guest files inside a fixture' })
      .option('before', { type: 'string', describe: 'the 0.2 version: a .wasm component or a .js guest (with --after and --scenario)' })
      .option('after', { type: 'string', describe: 'the 0.3 version: a .wasm component or a .js guest (with --before and --scenario)' })
      .option('scenario', { type: 'string', describe: 'the world to run them in: a JSON file (docs/scenario.md)' })
      .option('seeds', { type: 'number', describe: "number of schedules (seeds 0..N-1) to try (a positive integer; default: the scenario's, else 8)" })
      .option('cpu-ms', { type: 'number', describe: `real milliseconds one run may compute (default ${DEFAULT_LIMITS.cpuMs})` })
      .option('memory-mb', { type: 'number', describe: `MiB of guest heap per run (default ${DEFAULT_LIMITS.memoryMb})` })
      .option('output-bytes', { type: 'number', describe: `bytes one run may write to stdout, stderr, files and its response (default ${DEFAULT_LIMITS.outputBytes})` })
      .option('tasks', { type: 'number', describe: `promises pending between guest and host at once (default ${DEFAULT_LIMITS.tasks})` })
      .check((argv) => {
        const n = argv.seeds as number | undefined;
        if (n !== undefined && !(Number.isInteger(n) && n >= 1)) return `--seeds must be a positive integer (got ${String(process.argv[process.argv.indexOf('--seeds') + 1] ?? n)})`;
        const own = [argv.before, argv.after, argv.scenario].filter((x) => x !== undefined).length;
        if (own > 0 && own < 3) return '--before, --after and --scenario go together: name all three';
        if (own === 3 && (argv.fixtures as string[] | undefined)?.length) return 'name fixtures, or --before/--after/--scenario, not both';
        if (own === 0 && !(argv.fixtures as string[] | undefined)?.length) return 'name a fixture, or --before, --after and --scenario';
        return true;
      })
      .epilogue('Guest code is untrusted: it runs isolated and reaches only its WASI imports; see docs/executor.md. Scenario files: docs/scenario.md.') as never,
  handler: async (argv) => {
    let limits: Limits;
    try {
      limits = limitsOf({ cpuMs: argv['cpu-ms'], memoryMb: argv['memory-mb'], outputBytes: argv['output-bytes'], tasks: argv.tasks });
    } catch (e) {
      process.stderr.write(`error    ${(e as Error).message.replace(/^budget (\w+)/, (_m, k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)}\n`);
      process.exitCode = EXIT.error;
      return;
    }
    // Seeds done / total on a terminal, erased at the end.
    const tty = process.stderr.isTTY && !argv.quiet;
    const progress =
      (name: string) =>
      (done: number, total: number): void => {
        if (tty) process.stderr.write(`\r\u001b[K[seed ${done + 1}/${total}] ${name}${done + 1 === total ? '\r\u001b[K' : ''}`);
      };
    const print = (v: FixtureVerdict): number => {
      if (v.ok) {
        if (!argv.quiet) process.stdout.write(`ok       ${v.fixture} (${v.seedsRun} seeds)\n`);
        return EXIT.ok;
      }
      if (v.error) {
        process.stderr.write(`error: ${v.report}\n`);
        return EXIT.error;
      }
      process.stdout.write(`${v.report}\n`);
      return EXIT.findings;
    };
    if (argv.scenario !== undefined) {
      process.exitCode = await validateOwn(argv as Required<Pick<Args, 'before' | 'after' | 'scenario'>> & Args, limits, print, progress);
      return;
    }
    // The executor (the guest sandbox, QuickJS) loads only when this command runs: not for --help or another command.
    const { loadFixture } = await import('../../exec/fixture.js');
    const { validateFixture } = await import('../../exec/validate.js');
    let code = 0;
    for (const target of argv.fixtures ?? []) {
      try {
        const fx = loadFixture(target);
        const v = await validateFixture(fx, argv.seeds ?? fx.scenario.seeds ?? 8, {}, limits, progress(fx.name));
        code = Math.max(code, print(v));
      } catch (e) {
        process.stderr.write(`error    ${target}: ${e instanceof Error ? e.message : String(e)}\n`);
        code = EXIT.error;
      }
    }
    process.exitCode = code;
  },
};

/** `--before/--after/--scenario`: the user's own components or guests, on the user's own world. */
async function validateOwn(
  argv: Required<Pick<Args, 'before' | 'after' | 'scenario'>> & Args,
  limits: Limits,
  print: (v: FixtureVerdict) => number,
  progress: (name: string) => (done: number, total: number) => void,
): Promise<number> {
  const { validateFixture } = await import('../../exec/validate.js');
  const { readScenario, ScenarioError } = await import('../../exec/scenario.js');
  const scratch = mkdtempSync(path.join(tmpdir(), 'wasi-migrate-validate-'));
  try {
    const scenario = readScenario(argv.scenario);
    for (const [flag, file] of [['--before', argv.before], ['--after', argv.after]] as const) {
      if (!/\.(wasm|js|mjs)$/.test(file)) throw new ScenarioError(`${flag} ${file}: a .wasm component or a .js guest`);
    }
    const fx: Fixture = {
      name: `${path.basename(argv.before)} -> ${path.basename(argv.after)}`,
      dir: path.dirname(path.resolve(argv.scenario)),
      scenario,
      guest02: path.resolve(argv.before),
      guest03: path.resolve(argv.after),
    };
    const runners: Runners = {};
    for (const [version, file] of [['0.2', argv.before], ['0.3', argv.after]] as const) {
      if (!file.endsWith('.wasm')) continue;
      const runner = await componentRunnerFor(file, version, scratch, limits);
      if (version === '0.2') runners.v02 = runner;
      else runners.v03 = runner;
    }
    return print(await validateFixture(fx, argv.seeds ?? scenario.seeds ?? 8, runners, limits, progress(fx.name)));
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A `.wasm` component transpiled by jco into `scratch`, run isolated (Node >= 24: JSPI). */
async function componentRunnerFor(file: string, version: '0.2' | '0.3', scratch: string, limits: Limits): Promise<Runner> {
  const { ScenarioError } = await import('../../exec/scenario.js');
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    throw new ScenarioError(
      `${file}: running a .wasm component needs Node >= 24 (JSPI and the Wasm features jco's output uses); this is Node ${process.versions.node}. ` +
        `Install Node 24 (for example \`npm install -g node@24\`, or nvm install 24) and run wasi-migrate with it.`,
    );
  }
  const { componentRunner, transpileComponent } = await import('../../exec/real-component.js');
  const name = `v${version.replace('.', '')}`;
  let c;
  try {
    c = await transpileComponent(path.resolve(file), path.join(scratch, name), name);
  } catch (e) {
    throw new ScenarioError(`${file}: jco could not transpile it: ${e instanceof Error ? e.message : String(e)}`);
  }
  return componentRunner(c, version, limits);
}

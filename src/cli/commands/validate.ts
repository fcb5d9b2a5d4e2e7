import type { CommandModule } from 'yargs';
import { loadFixture } from '../../exec/fixture.js';
import { DEFAULT_LIMITS, type Limits, limitsOf } from '../../exec/limits.js';
import { validateFixture } from '../../exec/validate.js';

interface Args {
  fixtures: string[];
  seeds: number;
  'cpu-ms'?: number;
  'memory-mb'?: number;
  'output-bytes'?: number;
  tasks?: number;
  quiet?: boolean;
}

/**
 * `wasi-migrate validate <fixture...> [--seeds N]`: run the 0.2 and the 0.3
 * version of each fixture on the same simulated world for seeds 0..N-1.
 * Exit 0 when all agree, 1 on the first divergence or exhausted budget per
 * fixture, 2 on errors. Guests run in QuickJS (Wasm) with per-run budgets
 * (src/exec/limits.ts, docs/executor.md).
 */
export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <fixtures...>',
  describe: 'run 0.2 and 0.3 versions of fixture components on one simulated world and compare their traces',
  builder: (y) =>
    y
      .positional('fixtures', { type: 'string', array: true, demandOption: true, describe: 'fixture folders, names under fixtures/components, or 0.3 guest files inside a fixture' })
      .option('seeds', { type: 'number', default: 8, describe: 'number of schedules (seeds 0..N-1) to try (a positive integer)' })
      .option('cpu-ms', { type: 'number', describe: `real milliseconds one run may compute (default ${DEFAULT_LIMITS.cpuMs})` })
      .option('memory-mb', { type: 'number', describe: `MiB of guest heap per run (default ${DEFAULT_LIMITS.memoryMb})` })
      .option('output-bytes', { type: 'number', describe: `bytes one run may write to stdout, stderr, files and its response (default ${DEFAULT_LIMITS.outputBytes})` })
      .option('tasks', { type: 'number', describe: `promises pending between guest and host at once (default ${DEFAULT_LIMITS.tasks})` })
      .check((argv) => {
        const n = argv.seeds as number;
        return Number.isInteger(n) && n >= 1 ? true : `--seeds must be a positive integer (got ${String(process.argv[process.argv.indexOf('--seeds') + 1] ?? n)})`;
      })
      .epilogue('Guest code is untrusted: it runs in QuickJS compiled to WebAssembly and reaches only its WASI imports; see docs/executor.md.') as never,
  handler: async (argv) => {
    let code = 0;
    let limits: Limits;
    try {
      limits = limitsOf({ cpuMs: argv['cpu-ms'], memoryMb: argv['memory-mb'], outputBytes: argv['output-bytes'], tasks: argv.tasks });
    } catch (e) {
      process.stderr.write(`error    ${(e as Error).message.replace(/^budget (\w+)/, (_m, k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)}\n`);
      process.exitCode = 2;
      return;
    }
    for (const target of argv.fixtures) {
      try {
        const fx = loadFixture(target);
        const v = await validateFixture(fx, argv.seeds, {}, limits);
        if (v.ok) {
          if (!argv.quiet) process.stdout.write(`ok       ${v.fixture} (${v.seedsRun} seeds)\n`);
        }
        else {
          process.stdout.write(`${v.report}\n`);
          code = Math.max(code, 1);
        }
      } catch (e) {
        process.stderr.write(`error    ${target}: ${e instanceof Error ? e.message : String(e)}\n`);
        code = 2;
      }
    }
    process.exitCode = code;
  },
};

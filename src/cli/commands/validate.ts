import type { CommandModule } from 'yargs';
import { loadFixture } from '../../exec/fixture.js';
import { validateFixture } from '../../exec/validate.js';

interface Args {
  fixtures: string[];
  seeds: number;
}

/**
 * `wasi-migrate validate <fixture...> [--seeds N]`: run the 0.2 and the 0.3
 * version of each fixture on the same simulated world for seeds 0..N-1.
 * Exit 0 when all agree, 1 on the first divergence per fixture, 2 on errors.
 */
export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <fixtures...>',
  describe: 'run 0.2 and 0.3 versions of fixture components on one simulated world and compare their traces',
  builder: (y) =>
    y
      .positional('fixtures', { type: 'string', array: true, demandOption: true, describe: 'fixture folders, names under fixtures/components, or 0.3 guest files inside a fixture' })
      .option('seeds', { type: 'number', default: 8, describe: 'number of schedules (seeds 0..N-1) to try (a positive integer)' })
      .check((argv) => {
        const n = argv.seeds as number;
        return Number.isInteger(n) && n >= 1 ? true : `--seeds must be a positive integer (got ${String(process.argv[process.argv.indexOf('--seeds') + 1] ?? n)})`;
      }) as never,
  handler: async (argv) => {
    let code = 0;
    for (const target of argv.fixtures) {
      try {
        const fx = loadFixture(target);
        const v = await validateFixture(fx, argv.seeds);
        if (v.ok) process.stdout.write(`ok       ${v.fixture} (${v.seedsRun} seeds)\n`);
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

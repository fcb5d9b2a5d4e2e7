import type { CommandModule } from 'yargs';

export const parseCommand: CommandModule = {
  command: 'parse <paths...>',
  describe: 'parse and resolve each path as its own package root',
  handler: () => {
    throw new Error('not built yet');
  },
};

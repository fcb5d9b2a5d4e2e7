/**
 * The benchmark suites `npm run bench` runs, in order. A suite is a module
 * exporting `async function run(): Promise<Figure[]>` (see figure.ts); it is
 * imported only when it runs. Add yours here.
 */
import type { Suite } from './figure.js';

export const suites: Array<{ name: string; load: () => Promise<Suite> }> = [
  { name: 'jco-peer', load: () => import('./jco-peer.js') },
  { name: 'parser', load: () => import('./parser.js') },
  { name: 'executor', load: () => import('./executor.js') },
  { name: 'bindings', load: () => import('./bindings.js') },
  { name: 'startup', load: () => import('./startup.js') },
  { name: 'wit-check', load: () => import('./wit-check.js') },
];

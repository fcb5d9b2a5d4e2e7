/**
 * Executor suite: stream<u8> throughput through the reference runtime and
 * fixture runs per second. No peer yet: preview3-shim's streams need Node 24.
 */
import { benchExecutor } from '../src/exec/bench.js';
import type { Figure } from './figure.js';

export async function run(): Promise<Figure[]> {
  return benchExecutor();
}

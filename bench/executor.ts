/**
 * Executor suite: stream<u8> throughput through the reference runtime and
 * through its guest boundary, each against preview3-shim's stream measured
 * in the same run, and fixture runs per second.
 */
import { benchExecutor } from '../src/exec/bench.js';
import type { Figure } from './figure.js';

export async function run(): Promise<Figure[]> {
  return benchExecutor();
}

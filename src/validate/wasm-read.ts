/**
 * The `node:fs/promises` that the in-memory wasm-tools instance sees (the
 * resolve hook in wit-parser.ts hands it this module instead): its one use
 * there, `readFile` of the core wasm in jco's `fetchCompile`, read in one
 * synchronous call.
 *
 * Why (issue 18): `fs/promises.readFile` reads 512 KiB at a time, each read
 * needing a turn of the event loop. While the CLI loads its modules and
 * migrates (work that does not yield), those turns do not come, so the
 * 2.4 MB compile that `wit` starts before loading its command only began
 * once the thread went idle, waiting for the check: about 40 ms of a
 * `wit --check` start-up. Read in one call, the bytes go to
 * `WebAssembly.compile` at once, which compiles on V8's background threads
 * while this thread works. Loading node:fs/promises itself (about 30 of
 * Node's own modules) is saved too.
 *
 * Only `readFile` is provided: were a later jco to use another function
 * here, its instance would fail to load, and the check with it (never a
 * silent pass).
 */
import { readFileSync } from 'node:fs';

let signal: () => void;

/**
 * Settles a turn of the event loop after the first read here: by then jco's
 * loader has handed the bytes to `WebAssembly.compile` (the CLI waits for
 * this before it migrates, whose work never yields, so that the compile runs
 * beside the migration rather than after it). Never rejects.
 */
export const coreWasmRead: Promise<void> = new Promise((resolve) => (signal = resolve));

/** `fs/promises.readFile`, read in one synchronous call (errors reject, as there). */
export async function readFile(...args: Parameters<typeof readFileSync>): Promise<string | Buffer> {
  try {
    return readFileSync(...args);
  } finally {
    setImmediate(signal);
  }
}

/**
 * The `node:fs/promises` that the in-memory wasm-tools instance sees (the
 * resolve hook in wit-parser.ts hands it this module instead): its one use
 * there, `readFile` of the core wasm in jco's `fetchCompile`, read in one
 * synchronous call; and the modules compiled from what it read, kept so
 * that worker threads get them compiled (issue 18).
 *
 * Why one call: `fs/promises.readFile` reads 512 KiB at a time, each read
 * needing a turn of the event loop. While the CLI loads its modules and
 * migrates (work that does not yield), those turns do not come, so the
 * 2.4 MB compile that `wit` starts before loading its command only began
 * once the thread went idle, waiting for the check: about 40 ms of a
 * `wit --check` start-up. Read in one call, the bytes go to
 * `WebAssembly.compile` at once, which compiles on V8's background threads
 * while this thread works. Loading node:fs/promises itself (about 30 of
 * Node's own modules) is saved too.
 *
 * Why keep the modules: jco's loader compiles the bytes it read
 * (`WebAssembly.compile(await readFile(url))`) and keeps the module to
 * itself. A worker thread that compiled them again would also compile each
 * function again (V8 compiles wasm functions lazily, on first call, and
 * optimises the hot ones later, per module), work this thread has done.
 * So the compile of bytes read here is caught (compiledModules), and a
 * worker handed those modules (useCompiled) gets them back from its own
 * loader's compile of the same file: the same module, instantiated anew,
 * the same code as the calling thread's.
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
    const bytes = readFileSync(...args);
    // Its compile comes next (caught below).
    if (typeof bytes !== 'string') pending.set(bytes, String(args[0]));
    return bytes;
  } finally {
    setImmediate(signal);
  }
}

/** Compiled modules by the file they were read from (its URL or path as the loader named it). */
const modules = new Map<string, Promise<WebAssembly.Module>>();

/** Bytes read here and not yet compiled: the file each came from. */
const pending = new WeakMap<object, string>();

/**
 * jco's loader compiles the bytes right after the read, but it looks up
 * `WebAssembly.compile` before it reads (`WebAssembly.compile(await
 * readFile(url))`, once this module has loaded): so the compile is caught
 * from the moment this module loads, in this thread, for good. Only bytes
 * read here are caught (a file's first compile is kept, and every later one
 * of that file is served that module); any other compile passes through.
 */
const compile = WebAssembly.compile;
WebAssembly.compile = function (source: BufferSource): Promise<WebAssembly.Module> {
  const from = pending.get(source);
  if (from === undefined) return compile.call(WebAssembly, source);
  pending.delete(source);
  let m = modules.get(from);
  if (!m) modules.set(from, (m = compile.call(WebAssembly, source)));
  return m;
};

/** The modules compiled from files read here so far, each once compiled: `[file, module]` (a failed compile is left out). */
export async function compiledModules(): Promise<[string, WebAssembly.Module][]> {
  const out: [string, WebAssembly.Module][] = [];
  for (const [file, m] of modules) {
    const mod = await m.catch(() => undefined);
    if (mod) out.push([file, mod]);
  }
  return out;
}

/** Modules another thread compiled (compiledModules there): a read of the same file here is compiled to that module. */
export function useCompiled(list: readonly (readonly [string, WebAssembly.Module])[]): void {
  for (const [file, mod] of list) if (!modules.has(file)) modules.set(file, Promise.resolve(mod));
}

/**
 * Guest sandbox: a guest module runs in its own QuickJS runtime, a JavaScript
 * engine compiled to WebAssembly (`quickjs-emscripten`). Guest objects live in
 * the Wasm instance's memory; no host object is ever inside it, so no chain of
 * `constructor`, `__proto__`, caught errors or `Error.prepareStackTrace` leads
 * from a guest value to the host's `Function`, `process` or module loader.
 * docs/executor.md says what this guards against and what it does not.
 *
 * Only plain data crosses the boundary: JSON text and copied ArrayBuffers.
 * A host object the guest may use (an import, a resource, a stream end) goes
 * in as a numbered handle; the guest's kernel (kernel.ts) builds a stand-in
 * whose methods send `(handle, method name, arguments)` back. The host calls
 * only methods it listed for that handle when it handed it out (own and
 * prototype methods of the object, never `constructor`), so a guest cannot
 * name anything it was not given. Guest values the host calls back (exports,
 * async iterables, promises) are numbered on the guest's side the same way.
 *
 * Guests are written as ES modules against jco-style bindings; the loader
 * accepts that module subset and rewrites it to a script (`toScript`). An
 * import of anything that is not in the import object (`node:fs`, `http`)
 * fails with a sandbox verdict, and touching the Node globals a component
 * cannot have (`process`, `require`, `fetch`, ...) is recorded as a
 * violation even if the guest catches the exception.
 *
 * Budgets (limits.ts): QuickJS's interrupt handler stops the guest once the
 * run's CPU budget is spent, and measures its heap (QuickJS's own malloc
 * limit is not enforced in this Emscripten build: malloc_usable_size is
 * unavailable, so its count stays 0); the host checks both on every call
 * from the guest; promises pending across the boundary are counted. An
 * exhausted budget is uncatchable by the guest and ends the run; the guest
 * is never entered again. The interrupt handler is polled by operation
 * count, so slow operations can outrun it: isolate.ts's watchdog is the
 * backstop.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import { GuestByteStream } from './bindings.js';
import { installDirectCalls } from './direct-calls.js';
import { ExecError, SandboxViolation, Trap } from './errors.js';
import { KERNEL } from './kernel.js';
import { ImportOwns, ownedIn } from './own.js';
import { BudgetExceeded, CLOCK, cpuClock, DEFAULT_LIMITS, type Limits } from './limits.js';
import { compatibleKey } from './versions.js';
import { ExitSignal } from './world.js';

export type Imports = Record<string, Record<string, unknown>>;

const FORBIDDEN = ['process', 'require', 'module', 'fetch', 'Buffer', 'setTimeout', 'setInterval', 'setImmediate', 'WebAssembly', 'XMLHttpRequest', 'WebSocket', 'queueMicrotask'];

export interface LoadedGuest {
  exports: Record<string, unknown>;
  violations: SandboxViolation[];
  sandbox: Sandbox;
}

/** Rewrite the accepted ESM subset to a script over `__import` / `__exports`. */
export function toScript(source: string, file: string): string {
  const exported: [string, string][] = [];
  let out = source.replace(/^\s*import\s*\{([^}]*)\}\s*from\s*(['"])([^'"]+)\2\s*;?/gm, (_m, names: string, _q, spec: string) => {
    const binds = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => n.replace(/\s+as\s+/, ': '));
    return `const { ${binds.join(', ')} } = __import(${JSON.stringify(spec)});`;
  });
  out = out.replace(/^\s*import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s*(['"])([^'"]+)\2\s*;?/gm, (_m, name: string, _q, spec: string) => `const ${name} = __import(${JSON.stringify(spec)});`);
  out = out.replace(/^\s*import\s*(['"])([^'"]+)\1\s*;?/gm, (_m, _q, spec: string) => `__import(${JSON.stringify(spec)});`);
  out = out.replace(/^export\s+(const|let|var|function|async\s+function|class)\s+([A-Za-z_$][\w$]*)/gm, (_m, kw: string, name: string) => {
    exported.push([name, name]);
    return `${kw} ${name}`;
  });
  // `export { a, b as c };`: the list form bundlers (rolldown, esbuild) end a module with.
  out = out.replace(/^export\s*\{([^}]*)\}\s*;?/gm, (m, names: string) => {
    for (const n of names.split(',').map((x) => x.trim()).filter(Boolean)) {
      const parts = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(n);
      if (!parts) return m;
      exported.push([parts[2] ?? parts[1]!, parts[1]!]);
    }
    return '';
  });
  if (/^\s*export\s/m.test(out)) throw new Error(`${file}: unsupported export form (use \`export const|function|class name\` or \`export { name, local as name }\`)`);
  return `${out}\n;${exported.map(([as, local]) => `__exports[${JSON.stringify(as)}] = ${local};`).join('\n')}\n`;
}


// ------------------------------------------------------------------ guest images

/**
 * A guest image: the compiled guest, reused between runs (seeds) without
 * reusing a realm. It is one QuickJS Wasm instance of its own, in which a
 * runtime and context were made, the kernel ran and the guest module was
 * compiled into a function not yet called; then the instance's linear
 * memory was copied (`pristine`). Each run of the guest begins by writing
 * that copy back over the memory, byte for byte: every global the last run
 * set, prototype it patched or object it left is gone, and the run starts in
 * the realm as it was before any guest code ran. QuickJS keeps all its state
 * in that memory (heap, atoms, its runtime and context, the job queue, the
 * interrupt counter, Math.random's seed); what lives outside it is the Wasm
 * stack pointer, which is back at its base between calls, and the
 * quickjs-emscripten wrappers, whose handles for the kernel and the guest
 * were made before the copy. A run that ends abnormally (a budget, a Wasm
 * trap) spoils the image: it is not used again.
 *
 * What that saves per run: a runtime and context, compiling the kernel
 * (11 KB, about 1.2 ms in QuickJS here) and the guest, and freeing them:
 * about 1.9 ms against about 0.3 ms to write back the memory QuickJS used.
 */
class GuestImage {
  readonly rt: QuickJSRuntime;
  readonly vm: QuickJSContext;
  readonly kernel: QuickJSHandle;
  readonly invokeFn: QuickJSHandle;
  readonly settleFn: QuickJSHandle;
  readonly nextFn: QuickJSHandle;
  readonly nextReplyFn: QuickJSHandle;
  /** The guest module's code as a function (run by `Sandbox.load`), or why it does not compile. */
  readonly body: QuickJSHandle | null = null;
  readonly compileError: { name: string; message: string } | null = null;
  readonly memory: WebAssembly.Memory;
  private readonly pristine: MemoryImage;
  /** The run using the image: the guest's calls to the host, and QuickJS's interrupt polls, go to it. */
  user: Sandbox | null = null;
  inUse = false;
  /** The memory differs from `pristine` (a run used it since it was written back). */
  private dirty = false;
  spoiled = false;

  private constructor(
    private readonly mod: QuickJSWASMModule,
    source: string,
    file: string,
  ) {
    this.rt = mod.newRuntime();
    this.rt.setInterruptHandler(() => this.user?.interrupted() ?? false);
    const vm = (this.vm = this.rt.newContext());
    installDirectCalls(vm);
    const host = vm.newFunction('__wm_host', (...args) => this.userOf().fromGuestCall(args));
    const settle = vm.newFunction('__wm_settle', (...args) => this.userOf().fromGuestSettle(args));
    vm.setProp(vm.global, '__wm_host', host);
    vm.setProp(vm.global, '__wm_settle', settle);
    host.dispose();
    settle.dispose();
    this.kernel = vm.unwrapResult(vm.evalCode(KERNEL, 'wasi-migrate:kernel.js'));
    this.invokeFn = vm.getProp(this.kernel, 'invoke');
    this.settleFn = vm.getProp(this.kernel, 'settle');
    this.nextFn = vm.getProp(this.kernel, 'next');
    this.nextReplyFn = vm.getProp(this.kernel, 'nextReply');
    const forbid = vm.getProp(this.kernel, 'forbid');
    for (const name of FORBIDDEN) {
      const n = vm.newString(name);
      vm.unwrapResult(vm.callFunction(forbid, this.kernel, n)).dispose();
      n.dispose();
    }
    forbid.dispose();
    // The module's code, as a function over the kernel's `__import` and `__exports` (module scope, as in ES modules);
    // on the guest's first line, so QuickJS's line numbers stay the guest's.
    const compiled = vm.evalCode(`(function () {${toScript(source, file)}\n})`, file);
    if (compiled.error) {
      const err = vm.dump(compiled.error) as { name?: string; message?: string } | string;
      compiled.error.dispose();
      this.compileError = typeof err === 'object' && err ? { name: String(err.name ?? 'Error'), message: String(err.message ?? '') } : { name: 'Error', message: String(err) };
    } else this.body = compiled.value;
    // What the wrappers make once, when first asked for (the global object, the runtime's own context that
    // `computeMemoryUsage` uses): asked for now, so it lives in the copy; made during a run, it would not survive it.
    void [vm.undefined, vm.true, vm.false, vm.null, vm.global];
    const stackAt = stackAddress(vm);
    this.rt.computeMemoryUsage().dispose();
    this.memory = mod.getWasmMemory();
    this.pristine = MemoryImage.of(this.memory, stackAt);
  }

  /** A fresh Wasm instance (a fresh memory: `writtenLength` is then exact) with the guest compiled in it. */
  static async make(source: string, file: string): Promise<GuestImage> {
    return new GuestImage(spareInstances.pop() ?? (await newQuickJSWASMModule(QUICKJS)), source, file);
  }

  /**
   * Dropped from the kept images: empty the instance for another guest's
   * image. Back to the pristine memory (so the wrappers' handles are valid),
   * the runtime freed, and the pages above the image that runs wrote zeroed:
   * the instance is then as a fresh one would be below the allocator's top,
   * and zero above what it used. A spoiled image's instance is not reused.
   */
  retire(): void {
    if (this.spoiled || this.inUse) return;
    try {
      if (this.dirty) this.pristine.restore(this.memory, true);
      for (const h of [this.body, this.invokeFn, this.settleFn, this.nextFn, this.nextReplyFn, this.kernel]) h?.dispose();
      this.vm.dispose();
      this.rt.dispose();
    } catch {
      return;
    }
    this.pristine.clearAbove(this.memory);
    spareInstances.push(this.mod);
  }

  private userOf(): Sandbox {
    if (!this.user) throw new TypeError('no run is using this guest');
    return this.user;
  }

  /** Begin a run: the memory as it was when the image was made. */
  begin(user: Sandbox): void {
    if (this.dirty) this.pristine.restore(this.memory);
    this.dirty = true;
    this.user = user;
  }

  end(spoiled: boolean): void {
    this.user = null;
    this.inUse = false;
    this.spoiled ||= spoiled;
  }
}

/**
 * An address on QuickJS's Wasm stack, near its base (or null): the `this`
 * a host function receives is a pointer to the C trampoline's own copy of
 * `this_val`, a local of a frame a few calls deep.
 */
function stackAddress(vm: QuickJSContext): number | null {
  let at: number | null = null;
  const probe = vm.newFunction('__wm_stack', function (this: QuickJSHandle) {
    at = this.value as unknown as number;
  });
  try {
    vm.unwrapResult(vm.callFunction(probe, vm.undefined)).dispose();
  } finally {
    probe.dispose();
  }
  return typeof at === 'number' ? at : null;
}

/**
 * The written part of a fresh instance's memory, in 4 KiB pages: the pages
 * holding data, and the runs of zero pages between them (most of it: the
 * Wasm stack's reserve). It ends with the last non-zero page; everything
 * QuickJS allocated lies below it, since the allocator's top chunk, whose
 * header is non-zero, follows the last allocation. Above it the memory was
 * zero and unallocated, and what a run leaves there stays unallocated after a
 * restore.
 *
 * The stack's reserve (5 MiB, below the stack's base, which lies in the
 * pages just above it) is written by a run from its top down, as deep as the
 * run's calls went (QuickJS stops a guest's recursion at 512 KiB): a restore
 * zeroes its 64 KiB blocks from the top down and stops at the first block
 * that is still zero. Below that lies stack memory no call of the run
 * reached; if a frame left a whole untouched block inside what it reserved
 * (none of QuickJS's frames reserves that much), bytes below it may stay
 * from a run, dead memory below the stack pointer that C code writes before
 * it reads, as it does the unallocated memory above the image. Scanning the
 * whole reserve was about 0.3 ms of a run of 7 ms. Found from an address on
 * the stack (`stackAddress`); without one, or if the layout is not the one
 * expected (a zero run of at least 1 MiB ending within 256 KiB below that
 * address), every zero run is scanned whole.
 */
class MemoryImage {
  private constructor(
    private readonly segments: Array<{ at: number; bytes: Uint8Array | null; length: number }>,
    /** Where the image ends: zero above, when it was taken. */
    private readonly end: number,
    /** The segment of the stack's reserve, or null. */
    private readonly stack: { at: number; bytes: Uint8Array | null; length: number } | null,
  ) {}

  static of(memory: WebAssembly.Memory, stackAt: number | null = null): MemoryImage {
    const all = Buffer.from(memory.buffer);
    // The end: blocks of 64 KiB looked at from the top (one memcmp each), then pages within the last written block.
    let end = all.length - (all.length % BLOCK);
    while (end > 0 && isZero(all, end - BLOCK, BLOCK)) end -= BLOCK;
    while (end > 0 && isZero(all, end - PAGE, PAGE)) end -= PAGE;
    const segments: Array<{ at: number; bytes: Uint8Array | null; length: number }> = [];
    // Which pages are zero: a 64 KiB block at a time (one memcmp), page by page only within a block that is not
    // (most of the memory is zero runs; a compare per page was about 5% of a worker's time in the bench's fixture runs).
    const zero = new Uint8Array(end / PAGE);
    for (let b = 0; b < end; b += BLOCK) {
      const n = Math.min(BLOCK, end - b);
      if (isZero(all, b, n)) zero.fill(1, b / PAGE, (b + n) / PAGE);
      else for (let at = b; at < b + n; at += PAGE) zero[at / PAGE] = isZero(all, at, PAGE) ? 1 : 0;
    }
    for (let at = 0; at < end; ) {
      const z = zero[at / PAGE] === 1;
      let next = at + PAGE;
      while (next < end && (zero[next / PAGE] === 1) === z) next += PAGE;
      // A copy (`Buffer#slice` would be a view of the live memory).
      segments.push({ at, bytes: z ? null : new Uint8Array(memory.buffer, at, next - at).slice(), length: next - at });
      at = next;
    }
    const stack =
      stackAt === null
        ? undefined
        : segments.find((s) => s.bytes === null && s.length >= STACK_RESERVE_MIN && s.at + s.length <= stackAt && stackAt - (s.at + s.length) < STACK_BASE_NEAR);
    return new MemoryImage(segments, end, stack ?? null);
  }

  /** Zero what runs wrote above the image (the blocks that are not zero now). */
  clearAbove(memory: WebAssembly.Memory): void {
    const all = Buffer.from(memory.buffer);
    for (let at = this.end; at < all.length; at += BLOCK) {
      const n = Math.min(BLOCK, all.length - at);
      if (!isZero(all, at, n)) all.fill(0, at, at + n);
    }
  }

  /**
   * Write the image back: byte for byte as it was, up to its last non-zero
   * page, except below what the runs used of the stack's reserve (`whole`:
   * that too, when the instance is emptied for another image). Zero runs
   * are written only where a run left something: writing zeros over a page
   * never touched would make the system back it with memory.
   */
  restore(memory: WebAssembly.Memory, whole = false): void {
    const all = Buffer.from(memory.buffer);
    for (const s of this.segments) {
      if (s.bytes) all.set(s.bytes, s.at);
      else if (s === this.stack && !whole) {
        for (let top = s.at + s.length; top > s.at; ) {
          const at = Math.max(s.at, top - BLOCK);
          if (isZero(all, at, top - at)) break;
          all.fill(0, at, top);
          top = at;
        }
      } else {
        for (let at = s.at, stop = s.at + s.length; at < stop; at += BLOCK) {
          const n = Math.min(BLOCK, stop - at);
          if (!isZero(all, at, n)) all.fill(0, at, at + n);
        }
      }
    }
  }
}
/** The stack's reserve is a zero run at least this long... */
const STACK_RESERVE_MIN = 1024 * 1024;
/** ...ending this close below an address on the stack. */
const STACK_BASE_NEAR = 256 * 1024;
const PAGE = 4096;
const BLOCK = 64 * 1024;
const ZEROS = Buffer.alloc(BLOCK);
/** `n` bytes of `all` from `at` are zero (n <= BLOCK). */
const isZero = (all: Buffer, at: number, n: number): boolean => ZEROS.compare(all, at, at + n, 0, n) === 0;


/**
 * QuickJS's release build, its Wasm compiled once per thread: an image is an
 * instantiation (a fresh memory), not a compile. The Wasm file is the one the
 * variant loads (`@jitl/quickjs-wasmfile-release-sync`: package.json pins it
 * and quickjs-emscripten to the same exact version, so this file is the one
 * the variant's glue expects); Emscripten's
 * `instantiateWasm` hook hands it over.
 */
let compiledQuickJS: Promise<WebAssembly.Module> | null = null;
const QUICKJS: typeof RELEASE_SYNC = {
  ...RELEASE_SYNC,
  importModuleLoader: async () => {
    compiledQuickJS ??= (async () => {
      return WebAssembly.compile(await readFile(createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
    })();
    const [imported, wasm] = await Promise.all([RELEASE_SYNC.importModuleLoader(), compiledQuickJS]);
    type Loader = (arg?: object) => Promise<unknown>;
    const load = (typeof imported === 'function' ? imported : imported.default) as unknown as Loader;
    type Hook = { instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void): object };
    const withCompiled: Loader = (arg = {}) =>
      load({
        ...arg,
        instantiateWasm: (imports, done) => {
          void WebAssembly.instantiate(wasm, imports).then((instance) => done(instance, wasm));
          return {};
        },
      } satisfies Hook);
    return withCompiled as unknown as Awaited<ReturnType<typeof RELEASE_SYNC.importModuleLoader>>;
  },
};

/** Images kept per thread (each a Wasm instance, 16 MiB and up): `validate` alternates two, a fixture's 0.2 and 0.3 guest. */
const IMAGES_KEPT = 2;
const images = new Map<string, GuestImage>();
/**
 * Instances of retired images, emptied, for new images. A fresh instance's
 * memory is untouched, and the first pass over it (`MemoryImage.of`) costs a
 * page fault per 4 KiB page: on this project's 2-core VM 100-300 ms per
 * instance, against a few ms once its pages are mapped.
 */
const spareInstances: QuickJSWASMModule[] = [];

/** An image of `source` no other run is using, claimed for the caller: the kept one, or a new one. */
async function claimImage(source: string, file: string): Promise<GuestImage> {
  const key = `${file}\0${source}`;
  const kept = images.get(key);
  if (kept && !kept.spoiled && !kept.inUse) {
    kept.inUse = true;
    images.delete(key);
    images.set(key, kept);
    return kept;
  }
  if (kept?.spoiled) images.delete(key);
  // A busy kept image (runs of one guest at once, in tests) stays; a new one serves this run only.
  const busy = kept !== undefined && kept.inUse && !kept.spoiled;
  if (!busy) {
    // Room first, so that the new image can take the instance of the one it replaces.
    for (const [k, old] of [...images]) {
      if (images.size < IMAGES_KEPT) break;
      if (old.inUse) continue;
      images.delete(k);
      old.retire();
    }
  }
  const made = await GuestImage.make(source, file);
  made.inUse = true;
  if (!busy && !images.get(key)?.inUse) {
    images.delete(key);
    images.set(key, made);
  }
  return made;
}

type Msg = unknown;
/** How a guest promise settled, in the kernel's report (kernel.ts, reportSettle). */
const SETTLED_OK = 1;
const SETTLED_BYTE = 2;
interface HostEntry {
  value: unknown;
  methods: Set<string>;
  statics: Set<string>;
}

/** Typed arrays other than Uint8Array (which goes as a buffer) travel as their elements. */
const TYPED = new Map<string, { from(a: ArrayLike<never>): unknown }>(
  [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array].map((C) => [C.name, C as never]),
);

const isPlain = (v: object): boolean => {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

/** A host object's method names, and `@@dispose` when it has `[Symbol.dispose]` (a resource the guest may drop). */
function methodsOf(v: object): string[] {
  const out: string[] = [];
  if (typeof (v as { [Symbol.dispose]?: unknown })[Symbol.dispose] === 'function') out.push('@@dispose');
  methodsAt(v, out);
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto && proto !== Object.prototype && proto !== Function.prototype) {
    let inherited = inheritedMethods.get(proto);
    if (!inherited) {
      inherited = [];
      for (let o: object | null = proto; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) methodsAt(o, inherited);
      inheritedMethods.set(proto, inherited);
    }
    for (const k of inherited) if (!out.includes(k)) out.push(k);
  }
  return out;
}

/**
 * The method names along a prototype chain (nearest first, each once), per
 * prototype: listed once, not for every host object handed to a guest (a
 * stream handle, a resource), as the hosts' classes do not change.
 */
const inheritedMethods = new WeakMap<object, string[]>();

/** `o`'s own function-valued properties but `constructor`, appended to `out` unless already there. */
function methodsAt(o: object, out: string[]): void {
  for (const k of Object.getOwnPropertyNames(o)) {
    if (k === 'constructor' || out.includes(k)) continue;
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (d && typeof d.value === 'function') out.push(k);
  }
}

/** Static methods of a class, inherited ones included (a subclass's `Fields.fromList`). */
function staticsOf(f: object): string[] {
  const out: string[] = [];
  for (let o: object | null = f; o && o !== Function.prototype && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) {
      if (['length', 'name', 'prototype', 'caller', 'arguments'].includes(k) || out.includes(k)) continue;
      if (typeof Object.getOwnPropertyDescriptor(o, k)?.value === 'function') out.push(k);
    }
  }
  return out;
}

export interface SandboxOptions {
  limits?: Partial<Limits>;
  /** Called with every failure the sandbox detects (violation, budget); the run records the first. */
  onFailure: (e: ExecError) => void;
}

/** One guest's QuickJS runtime and the membrane around it. */
export class Sandbox {
  private readonly rt: QuickJSRuntime;
  private readonly vm: QuickJSContext;
  private readonly kernel: QuickJSHandle;
  private readonly invokeFn: QuickJSHandle;
  private readonly settleFn: QuickJSHandle;
  private readonly nextFn: QuickJSHandle;
  private readonly limits: Limits;
  private readonly startedAt = cpuClock();
  /** Real time at the start: the thread's CPU time cannot have grown more than this since (see `spent`). */
  private readonly startedReal = performance.now();
  /** An exception other than the guest's own came out of QuickJS (a Wasm trap): the image is not used again. */
  private broken = false;
  /** Set once a budget is exhausted or the runtime is disposed: the guest never runs again. */
  dead: ExecError | null = null;
  private disposed = false;
  private depth = 0;
  private pumping = false;
  private calls = 0;

  // host values handed to the guest
  private readonly hostById = new Map<number, HostEntry>();
  private readonly hostIdOf = new Map<unknown, number>();
  private nextHostId = 1;
  // guest values held by the host: id -> stand-in, stand-in -> id
  private readonly guestById = new Map<number, unknown>();
  private readonly guestIdOf = new WeakMap<object, number>();
  private readonly guestPromises = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  /** Promises pending across the boundary, both ways. */
  private pending = 0;
  /** What each import's calls move (own.ts), by the official WIT. */
  private readonly owns: ImportOwns;
  /** Handles of resources the guest moved into a host call (an `own` argument) or dropped: why, for the trap a later use is. */
  private readonly gone = new Map<number, string>();
  /** The host values the call being decoded passed, with the handle each came as (`dec`), or null outside one. */
  private passed: Array<[unknown, number]> | null = null;
  readonly violations: SandboxViolation[] = [];

  private constructor(
    private readonly image: GuestImage,
    readonly file: string,
    private readonly imports: Imports,
    private readonly opts: SandboxOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    image.begin(this);
    ({ rt: this.rt, vm: this.vm, kernel: this.kernel, invokeFn: this.invokeFn, settleFn: this.settleFn, nextFn: this.nextFn } = image);
    this.rt.setMemoryLimit(Math.floor(this.limits.memoryMb * 1024 * 1024));
    this.rt.setMaxStackSize(512 * 1024);
    this.hostById.set(0, { value: imports, methods: new Set(), statics: new Set() });
    this.owns = new ImportOwns(imports);
  }

  /** A sandbox for a run of `source`: a fresh realm from the guest's image (the guest compiled once per thread). */
  static async create(source: string, file: string, imports: Imports, opts: SandboxOptions): Promise<Sandbox> {
    return new Sandbox(await claimImage(source, file), file, imports, opts);
  }

  /** Run the module's code; its exports as host-side stand-ins. */
  load(): Record<string, unknown> {
    const bad = this.image.compileError;
    if (bad) {
      const e = new Error(`${this.file}: ${bad.message}`);
      e.name = bad.name;
      throw e;
    }
    this.enter(() => this.unwrap(this.vm.callFunction(this.image.body!, this.vm.undefined), 'load').dispose());
    const fn = this.vm.getProp(this.kernel, 'exports');
    const r = this.enter(() => this.unwrap(this.vm.callFunction(fn, this.kernel), 'exports'));
    fn.dispose();
    const exports = this.decodeReply(r) as Record<string, unknown>;
    this.pump();
    return exports;
  }

  // ------------------------------------------------------------------ budgets

  /** QuickJS's interrupt poll (through the image): true stops the guest. */
  interrupted(): boolean {
    if (this.dead) return true;
    const spent = this.spent();
    if (spent > this.limits.cpuMs) {
      this.kill(new BudgetExceeded('cpu', `the run spent ${Math.round(spent)} ms of ${CLOCK} computing, over its ${this.limits.cpuMs} ms budget (--cpu-ms)`));
      return true;
    }
    if (this.heapNearLimit()) {
      this.kill(this.memoryBudget());
      return true;
    }
    return false;
  }

  private memoryBudget(): BudgetExceeded {
    return new BudgetExceeded('memory', `the guest's heap reached its ${this.limits.memoryMb} MiB budget (--memory-mb)`);
  }

  private heapNearLimit(): boolean {
    const near = this.limits.memoryMb * 1024 * 1024 * 0.8;
    // The heap lives in the instance's linear memory: while that is smaller than the mark, so is the heap (the
    // exact figure, computed inside QuickJS, was a twentieth of a guest stream's time, polled on every interrupt).
    if (this.image.memory.buffer.byteLength < near) return false;
    const h = this.rt.computeMemoryUsage();
    try {
      const used = (this.vm.dump(h) as { memory_used_size?: number }).memory_used_size ?? 0;
      return used >= near;
    } finally {
      h.dispose();
    }
  }

  /** Real time spent by the run so far; the host checks it between loop steps too. */
  checkCpu(): void {
    if (this.dead) throw this.dead;
    const spent = this.spent();
    if (spent > this.limits.cpuMs) this.kill(new BudgetExceeded('cpu', `the run spent ${Math.round(spent)} ms of ${CLOCK}, over its ${this.limits.cpuMs} ms budget (--cpu-ms)`));
    if (this.dead) throw this.dead;
  }

  /**
   * Milliseconds of `CLOCK` the run has spent. The thread's CPU clock is a
   * system call, asked on every call from the guest; a thread cannot spend
   * more CPU time than real time passes, so while the real time since the
   * start is within the budget that is the answer's upper bound, and enough.
   */
  private spent(): number {
    const real = performance.now() - this.startedReal;
    return real <= this.limits.cpuMs ? real : cpuClock() - this.startedAt;
  }

  private kill(e: ExecError): void {
    if (!this.dead) {
      this.dead = e;
      this.opts.onFailure(e);
    }
  }

  private countPending(delta: number): void {
    this.pending += delta;
    if (this.pending > this.limits.tasks) this.kill(new BudgetExceeded('tasks', `more than ${this.limits.tasks} promises pending between guest and host (--tasks)`));
  }

  // ------------------------------------------------------------------ entering the guest

  private unwrap(r: { error?: QuickJSHandle; value?: QuickJSHandle }, what: string): QuickJSHandle {
    if (r.error) {
      const err = this.vm.dump(r.error) as { name?: string; message?: string } | string;
      r.error.dispose();
      if (this.dead) throw this.dead;
      const name = typeof err === 'object' && err ? String(err.name ?? 'Error') : 'Error';
      const message = typeof err === 'object' && err ? String(err.message ?? '') : String(err);
      if (name === 'InternalError' && /out of memory/.test(message)) {
        this.kill(this.memoryBudget());
        throw this.dead!;
      }
      const e = new Error(`${what === 'load' ? `${this.file}: ` : ''}${message}`);
      e.name = name;
      this.guestErrors.add(e);
      throw e;
    }
    return r.value!;
  }

  private enter<T>(fn: () => T): T {
    if (this.dead) throw this.dead;
    if (this.disposed) throw new ExecError('guest-error', 'the guest was called after its run ended');
    this.depth++;
    try {
      return fn();
    } catch (e) {
      // Errors the guest threw come back as `unwrap`'s; anything else came out of the Wasm instance itself.
      if (!(e instanceof ExecError) && !this.guestErrors.has(e as object)) this.broken = true;
      throw e;
    } finally {
      this.depth--;
    }
  }

  /** Errors made by `unwrap` from what the guest threw (the others out of `enter` spoil the image). */
  private readonly guestErrors = new WeakSet<object>();

  /** Run the guest's queued promise jobs until none is left (not while the guest itself is running). */
  pump(): void {
    if (this.pumping || this.depth > 0 || this.dead || this.disposed) return;
    this.pumping = true;
    try {
      while (this.rt.hasPendingJob() && !this.dead) {
        const r = this.enter(() => this.rt.executePendingJobs());
        if (r.error) {
          const err = this.vm.dump(r.error) as { message?: string };
          r.error.dispose();
          if (!this.dead && /out of memory/.test(String(err?.message))) this.kill(this.memoryBudget());
          if (!this.dead) this.kill(new ExecError('guest-error', `a guest job failed: ${String(err?.message ?? err)}`));
        } else r.dispose?.();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Call a guest function or method the host holds by id; the result decoded. */
  private invoke(id: number, method: string, args: unknown[]): unknown {
    // After its run the image belongs to another run: a stand-in kept past the end must not touch it.
    if (this.disposed) throw new ExecError('guest-error', 'the guest was called after its run ended');
    const bufs: ArrayBuffer[] = [];
    const msg = JSON.stringify(args.map((a) => this.enc(a, bufs)));
    const hs = [this.vm.newNumber(id), this.vm.newString(method), this.vm.newString(msg), ...bufs.map((b) => this.vm.newArrayBuffer(b))];
    let reply: QuickJSHandle;
    try {
      reply = this.enter(() => this.unwrap(this.vm.callFunction(this.invokeFn, this.kernel, ...hs), 'call'));
    } finally {
      for (const h of hs) h.dispose();
    }
    return this.replied(reply);
  }

  /**
   * `invoke(id, 'next', [])` through the kernel's `next`, which answers with
   * a number (no type to ask of the handle, no message): the id of the
   * promise the iterator returned, or 0 for anything else, whose reply (as
   * `invoke`'s) the kernel's `nextReply` then gives.
   */
  private invokeNext(id: number): unknown {
    if (this.disposed) throw new ExecError('guest-error', 'the guest was called after its run ended');
    const h = this.vm.newNumber(id);
    let reply: QuickJSHandle;
    try {
      reply = this.enter(() => this.unwrap(this.vm.callFunction(this.nextFn, this.kernel, h), 'call'));
    } finally {
      h.dispose();
    }
    const pid = this.vm.getNumber(reply);
    reply.dispose();
    if (pid === 0) return this.replied(this.enter(() => this.unwrap(this.vm.callFunction(this.image.nextReplyFn, this.kernel), 'call')));
    const p = this.guestPromise(pid);
    if (this.dead) throw this.dead;
    this.pump();
    return p;
  }

  /** The kernel's reply to a call of a guest value: its result, or what it threw thrown (after the guest's jobs ran). */
  private replied(reply: QuickJSHandle): unknown {
    const res = this.decodeReply(reply) as { r?: unknown; t?: unknown; thrown: boolean };
    // A budget exhausted inside the call ends it, whatever the guest's own try/catch made of the unwinding.
    if (this.dead) throw this.dead;
    this.pump();
    if (res.thrown) throw res.t;
    return res.r;
  }

  /** A kernel reply `[json, ...buffers]` decoded into host values (disposes the handle). */
  private decodeReply(h: QuickJSHandle): unknown {
    try {
      let json: string;
      let bufs: Uint8Array[] = [];
      if (this.vm.typeof(h) === 'string') json = this.vm.getString(h);
      else {
        const len = this.vm.getProp(h, 'length');
        const n = this.vm.getNumber(len);
        len.dispose();
        const parts: QuickJSHandle[] = [];
        for (let i = 0; i < n; i++) parts.push(this.vm.getProp(h, i));
        json = this.vm.getString(parts[0]);
        bufs = parts.slice(1).map((p) => this.readBuf(p));
        for (const p of parts) p.dispose();
      }
      const raw = JSON.parse(json) as Msg;
      if (raw && typeof raw === 'object' && !Array.isArray(raw) && ('r' in raw || 't' in raw)) {
        const o = raw as { r?: Msg; t?: Msg };
        return 't' in o ? { thrown: true, t: this.dec(o.t, bufs) } : { thrown: false, r: this.dec(o.r, bufs) };
      }
      return this.dec(raw, bufs);
    } finally {
      h.dispose();
    }
  }

  // ------------------------------------------------------------------ the guest calls the host

  /** A guest ArrayBuffer, copied out of the guest's memory. */
  private readBuf(h: QuickJSHandle): Uint8Array {
    if (this.vm.typeof(h) !== 'object') throw new TypeError('malformed message from the guest');
    const lt = this.vm.getArrayBuffer(h);
    try {
      return lt.value.slice();
    } finally {
      lt.dispose();
    }
  }

  /** A call from the guest (`__wm_host`, through the image). */
  fromGuestCall(args: QuickJSHandle[]): QuickJSHandle {
    let res: { r: Msg } | { t: Msg };
    const out: ArrayBuffer[] = [];
    try {
      // Host calls count against the run's time too: a guest that mostly calls the host rarely trips QuickJS's interrupt counter.
      this.checkCpu();
      if ((++this.calls & 63) === 0 && this.heapNearLimit()) this.kill(this.memoryBudget());
      if (this.dead) throw this.dead;
      const id = this.vm.getNumber(args[0]);
      const method = this.vm.getString(args[1]);
      const bufs = args.slice(3).map((h) => this.readBuf(h));
      this.passed = [];
      let callArgs: unknown;
      let passed: Array<[unknown, number]>;
      try {
        callArgs = this.dec(JSON.parse(this.vm.getString(args[2])), bufs);
      } finally {
        passed = this.passed;
        this.passed = null;
      }
      if (!Array.isArray(callArgs)) throw new TypeError('malformed call');
      res = { r: this.enc(this.callHost(id, method, callArgs, passed), out) };
    } catch (e) {
      // A trap, runaway or budget raised by the host is the run's failure even if the guest catches it.
      if (e instanceof ExecError) this.opts.onFailure(e);
      out.length = 0;
      res = { t: this.enc(e, out) };
    }
    // The reply: the JSON text alone unless buffers come with it (kernel.ts).
    if (out.length === 0) return this.vm.newString(JSON.stringify(res));
    const arr = this.vm.newArray();
    const s = this.vm.newString(JSON.stringify(res));
    this.vm.setProp(arr, 0, s);
    s.dispose();
    out.forEach((b, i) => {
      const h = this.vm.newArrayBuffer(b);
      this.vm.setProp(arr, i + 1, h);
      h.dispose();
    });
    return arr;
  }

  private violation(message: string): never {
    const v = new SandboxViolation(message);
    this.violations.push(v);
    this.opts.onFailure(v);
    throw v;
  }

  private callHost(id: number, method: string, args: unknown[], passed: Array<[unknown, number]> = []): unknown {
    const entry = this.hostById.get(id);
    // jco's bindings give a resource they move or drop an empty `[Symbol.dispose]` (its lowering of an `own`):
    // dropping it again does nothing. Any other use of the handle traps.
    if (!entry && method === '@@dispose' && this.gone.has(id)) return undefined;
    if (!entry) throw this.goneHandle(id) ?? new TypeError(`no host value #${id}`);
    const v = entry.value as Record<string, (...a: unknown[]) => unknown> & ((...a: unknown[]) => unknown);
    if (id === 0) {
      if (method === '@@import') {
        const spec = String(args[0]);
        // An import at an earlier compatible version (`@0.2.10`) is served by the host's (`@0.2.12`), as a linker does.
        const key = Object.hasOwn(this.imports, spec) ? spec : spec === '__internal' ? undefined : compatibleKey(this.imports, spec);
        const m = key !== undefined && Object.hasOwn(this.imports, key) ? this.imports[key] : undefined;
        if (!m || spec === '__internal') this.violation(`guest ${this.file} imports '${spec}', which is not one of its world's imports; a component reaches the outside only through the WASI interfaces it imports`);
        return m;
      }
      if (method === '@@console') {
        // The host's own line writer (`__internal.console`), which the guest cannot import.
        const write = (this.imports.__internal as { console?: (ch: string, text: string) => void } | undefined)?.console;
        write?.(String(args[0]) === 'stderr' ? 'stderr' : 'stdout', String(args[1]));
        return undefined;
      }
      if (method === '@@violation') this.violation(`guest ${this.file} touched '${String(args[0])}', a Node.js API a component does not have; use its WASI imports instead`);
      throw new TypeError(`no such host operation ${method}`);
    }
    this.move(v, method, args, passed);
    if (method === '@@call') {
      if (typeof v !== 'function') throw new TypeError(`not a function: #${id} is ${typeof v} ${(v as object)?.constructor?.name}`);
      return Reflect.apply(v, undefined, args);
    }
    if (method === '@@new') {
      if (typeof v !== 'function') throw new TypeError('not a constructor');
      return Reflect.construct(v, args);
    }
    if (method === '@@then') return Promise.resolve(v as unknown as PromiseLike<unknown>);
    if (method === '@@dispose') {
      if (!entry.methods.has(method)) throw new TypeError('not disposable');
      // `resource.drop`: the handle leaves the guest's table.
      if (this.owns.resourceOf(v)) this.forget(id, 'dropped');
      const dispose = (v as unknown as { [Symbol.dispose]?: () => void })[Symbol.dispose];
      return typeof dispose === 'function' ? Reflect.apply(dispose, v, []) : undefined;
    }
    if (method === '@@byteChunks') {
      if (!(v instanceof GuestByteStream)) throw new TypeError('not a byte stream');
      return GuestByteStream.chunks(v);
    }
    if (method === '@@asyncIterator') {
      const f = (v as unknown as { [Symbol.asyncIterator]?: () => unknown })[Symbol.asyncIterator];
      if (typeof f !== 'function') throw new TypeError('not async iterable');
      return Reflect.apply(f, v, []);
    }
    if (method.startsWith('static:')) {
      const k = method.slice(7);
      if (!entry.statics.has(k)) throw new TypeError(`no static method ${k}`);
      return Reflect.apply(v[k], v, args);
    }
    if (!entry.methods.has(method)) throw new TypeError(`no method ${method}`);
    return Reflect.apply(v[method], v, args);
  }

  /**
   * The resources a call's `own` arguments hold (by the WIT signature of the
   * call, own.ts) leave the guest's table before the host runs, as a lifted
   * `own` does, whatever the call then does: a later use of the handle traps.
   * A handle passed twice in one call is moved twice: a trap.
   */
  private move(target: unknown, method: string, args: unknown[], passed: Array<[unknown, number]>): void {
    const call = this.owns.moving(target, method);
    if (!call) return;
    const owned: unknown[] = [];
    for (const [i, t] of call.params) ownedIn(t, args[i], owned);
    for (const o of owned) {
      const at = passed.findIndex(([v]) => v === o);
      if (at < 0) continue;
      const [, id] = passed.splice(at, 1)[0];
      if (!this.hostById.has(id)) throw this.goneHandle(id)!;
      this.forget(id, `moved into ${call.label}`);
    }
  }

  /** Handle `id` leaves the guest's table. */
  private forget(id: number, why: string): void {
    const e = this.hostById.get(id);
    this.hostById.delete(id);
    if (e && this.hostIdOf.get(e.value) === id) this.hostIdOf.delete(e.value);
    this.gone.set(id, why);
  }

  /** The trap a use of a moved or dropped handle is (undefined for a number never handed out). */
  private goneHandle(id: number): Trap | undefined {
    const why = this.gone.get(id);
    return why === undefined ? undefined : new Trap(`the guest used a resource handle it no longer owns: it was ${why} (an own<T> passed to a call moves the handle; a later use traps)`);
  }

  /** A guest promise the host holds settled (`__wm_settle`, through the image). */
  fromGuestSettle(args: QuickJSHandle[]): void {
    const id = this.vm.getNumber(args[0]);
    // How it settled (kernel.ts, reportSettle): 0 rejected, 1 fulfilled, with a message; 2 an iterator's
    // { done: false, value } with a byte value, the number alone.
    // Numbers, passed by the kernel alone (the guest cannot reach `__wm_settle`): read without asking their type.
    const how = this.vm.getNumber(args[1]);
    const bufs = how === SETTLED_BYTE ? [] : args.slice(3).map((h) => this.readBuf(h));
    const p = this.guestPromises.get(id);
    if (!p) return;
    this.guestPromises.delete(id);
    this.countPending(-1);
    if (how === SETTLED_BYTE) {
      const value = this.vm.getNumber(args[2]);
      if (Number.isInteger(value) && value >= 0 && value <= 255) p.resolve({ value, done: false });
      else p.reject(new TypeError('malformed message from the guest'));
      return;
    }
    let value: unknown;
    try {
      value = this.dec(JSON.parse(this.vm.getString(args[2])), bufs);
    } catch (e) {
      p.reject(e);
      return;
    }
    (how === SETTLED_OK ? p.resolve : p.reject)(value);
  }

  // ------------------------------------------------------------------ host value <-> message

  private hostId(v: unknown, kind: 'f' | 'o' | 'p'): number {
    // A resource goes as a handle of its own each time, as a lifted `own`/`borrow` is: moving or dropping one leaves the others.
    const fresh = kind === 'o' && this.owns.resourceOf(v) !== undefined;
    let id = fresh ? undefined : this.hostIdOf.get(v);
    if (id === undefined) {
      id = this.nextHostId++;
      if (!fresh) this.hostIdOf.set(v, id);
      const obj = v as object;
      const methods = new Set(kind === 'p' ? [] : methodsOf(obj));
      // Every WIT resource can be dropped, as jco's bindings give each one a `[Symbol.dispose]`, whether or not the host's class has one.
      if (fresh) methods.add('@@dispose');
      this.hostById.set(id, { value: v, methods, statics: new Set(kind === 'f' ? staticsOf(obj) : []) });
      if (kind === 'p') {
        this.countPending(1);
        (v as Promise<unknown>).then(
          (x) => this.settleGuest(id!, true, x),
          (e) => this.settleGuest(id!, false, e),
        );
      }
    }
    return id;
  }

  private settleGuest(id: number, ok: boolean, value: unknown): void {
    this.countPending(-1);
    if (this.dead || this.disposed) return;
    const bufs: ArrayBuffer[] = [];
    let msg: string;
    try {
      msg = JSON.stringify(this.enc(value, bufs));
    } catch (e) {
      ok = false;
      msg = JSON.stringify(this.enc(e, bufs));
    }
    const hs = [this.vm.newNumber(id), ok ? this.vm.true : this.vm.false, this.vm.newString(msg), ...bufs.map((b) => this.vm.newArrayBuffer(b))];
    try {
      this.enter(() => this.unwrap(this.vm.callFunction(this.settleFn, this.kernel, ...hs), 'settle').dispose());
    } catch (e) {
      if (!(e instanceof ExecError)) this.kill(new ExecError('guest-error', `settling a promise failed: ${(e as Error).message}`));
      return;
    } finally {
      for (const h of hs) if (h !== this.vm.true && h !== this.vm.false) h.dispose();
    }
    this.pump();
  }

  /** A host value as a message: data copied, everything else a handle. */
  private enc(v: unknown, bufs: ArrayBuffer[]): Msg {
    switch (typeof v) {
      case 'undefined':
        return { $: 'u' };
      case 'number':
        return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: 'n', v: String(v) };
      case 'bigint':
        return { $: 'b', v: String(v) };
      case 'string':
      case 'boolean':
        return v;
      case 'symbol':
        return { $: 'u' };
      case 'function': {
        const g = this.guestIdOf.get(v);
        if (g !== undefined) return { $: 'g', id: g };
        return { $: 'h', id: this.hostId(v, 'f'), k: 'f', name: (v as { name?: string }).name ?? '', s: staticsOf(v) };
      }
    }
    if (v === null) return null;
    const obj = v as object;
    const g = this.guestIdOf.get(obj);
    if (g !== undefined) return { $: 'g', id: g };
    if (obj instanceof ExitSignal) return { $: 'x', code: obj.code };
    if (obj instanceof Uint8Array) {
      bufs.push(obj.slice().buffer);
      return { $: 'a', i: bufs.length - 1 };
    }
    if (Array.isArray(obj)) return obj.map((e) => this.enc(e, bufs));
    if (obj instanceof Error) {
      const e: Record<string, Msg> = { $: 'e', name: obj instanceof ExecError ? 'Error' : obj.name, message: obj.message };
      // A ComponentError's own `payload` (the error of a `result`, as jco's bindings throw it) crosses with it.
      const p = Object.getOwnPropertyDescriptor(obj, 'payload');
      if (p && 'value' in p) Object.assign(e, { p: this.enc(p.value, bufs), pe: p.enumerable ? 1 : 0 });
      return e;
    }
    if (obj instanceof Promise) return { $: 'h', id: this.hostId(obj, 'p'), k: 'p' };
    const ai = typeof (obj as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
    if (ArrayBuffer.isView(obj) && TYPED.has(obj.constructor.name)) return { $: 't', t: obj.constructor.name, v: Array.from(obj as unknown as ArrayLike<number | bigint>, (e) => this.enc(e, bufs)) };
    // A plain object (a record, an interface's functions) is copied; its functions go as handles of their own.
    if (isPlain(obj) && !ai) {
      const o: Record<string, Msg> = {};
      for (const k of Object.keys(obj)) o[k] = this.enc((obj as Record<string, unknown>)[k], bufs);
      return { $: 'o', v: o };
    }
    // Its methods, listed once per object (when it gets its handle).
    const id = this.hostId(obj, 'o');
    const methods = [...this.hostById.get(id)!.methods];
    // A stream<u8> the host hands over is read by the kernel a chunk at a time (`bs`; GuestByteStream.chunks).
    return { $: 'h', id, k: 'o', m: methods, t: methods.includes('then') ? 1 : 0, ai: ai ? 1 : 0, ...(obj instanceof GuestByteStream ? { bs: 1 } : {}) };
  }

  /** A message from the guest as host values: data copied, guest objects as host-side stand-ins. */
  private dec(x: Msg, bufs: Uint8Array[]): unknown {
    if (x === null || typeof x !== 'object') {
      if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean' || x === null) return x;
      throw new TypeError('malformed message from the guest');
    }
    if (Array.isArray(x)) return x.map((e) => this.dec(e, bufs));
    const m = x as Record<string, unknown>;
    switch (m.$) {
      case 'u':
        return undefined;
      case 'n':
        return Number(m.v);
      case 'b':
        return BigInt(String(m.v));
      case 'a': {
        const b = bufs[Number(m.i)];
        if (!(b instanceof Uint8Array)) throw new TypeError('malformed message from the guest');
        return b.slice();
      }
      case 'o': {
        const o: Record<string, unknown> = {};
        const src = m.v as Record<string, Msg>;
        for (const k of Object.keys(src)) if (k !== '__proto__') o[k] = this.dec(src[k], bufs);
        return o;
      }
      case 'e': {
        const e = new Error(String(m.message));
        e.name = String(m.name);
        if ('p' in m) Object.defineProperty(e, 'payload', { value: this.dec(m.p, bufs), enumerable: m.pe === 1 });
        // QuickJS's own out-of-memory error, reaching the host through a rejection or a throw: the heap budget is spent.
        if (e.name === 'InternalError' && e.message === 'out of memory') this.kill(this.memoryBudget());
        return e;
      }
      case 'x':
        return new ExitSignal(Number(m.code));
      case 't': {
        const C = TYPED.get(String(m.t));
        if (!C || !Array.isArray(m.v)) throw new TypeError('malformed message from the guest');
        return C.from((m.v as Msg[]).map((e) => this.dec(e, bufs)) as never[]);
      }
      case 'h': {
        const e = this.hostById.get(Number(m.id));
        if (!e || Number(m.id) === 0) throw this.goneHandle(Number(m.id)) ?? new TypeError('the guest passed a host value it was never given');
        this.passed?.push([e.value, Number(m.id)]);
        return e.value;
      }
      case 'q':
        return this.guestPromise(Number(m.id));
      case 'g':
        return this.guestStandIn(m, bufs);
    }
    throw new TypeError('malformed message from the guest');
  }

  private guestPromise(id: number): Promise<unknown> {
    const known = this.guestById.get(id);
    if (known) return known as Promise<unknown>;
    const p = new Promise<unknown>((resolve, reject) => this.guestPromises.set(id, { resolve, reject }));
    // A guest promise nobody on the host awaits may still reject: that is the guest's business, not an unhandled host rejection.
    p.catch(() => undefined);
    this.countPending(1);
    this.guestById.set(id, p);
    this.guestIdOf.set(p, id);
    return p;
  }

  private guestStandIn(m: Record<string, unknown>, bufs: Uint8Array[]): unknown {
    const id = Number(m.id);
    const known = this.guestById.get(id);
    if (known) return known;
    let s: object;
    if (m.f) {
      s = (...args: unknown[]) => this.invoke(id, '', args);
    } else {
      const o: Record<string | symbol, unknown> = {};
      const data = (m.d ?? {}) as Record<string, Msg>;
      for (const k of Object.keys(data)) if (k !== '__proto__') o[k] = this.dec(data[k], bufs);
      for (const k of (m.m as string[] | undefined) ?? []) {
        if (k === '__proto__') continue;
        // An iterator's next() without arguments (the host pulling a guest's stream) takes the kernel's shorter way.
        o[k] = k === 'next' ? (...args: unknown[]) => (args.length === 0 ? this.invokeNext(id) : this.invoke(id, k, args)) : (...args: unknown[]) => this.invoke(id, String(k), args);
      }
      if (m.ai) o[Symbol.asyncIterator] = () => this.invoke(id, '@@asyncIterator', []);
      s = o;
    }
    this.guestById.set(id, s);
    this.guestIdOf.set(s, id);
    return s;
  }

  /** End of the run: the guest cannot run after this; its image serves the next run (from its pristine memory). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A run a budget stopped, or one QuickJS failed under, may have left the instance mid-operation or grown.
    this.image.end(this.dead !== null || this.broken);
  }
}

/** Load a guest module into a fresh sandbox. */
export async function loadGuest(source: string, file: string, imports: Imports, onFailure: (e: ExecError) => void, limits?: Partial<Limits>, created?: (s: Sandbox) => void): Promise<LoadedGuest> {
  const sandbox = await Sandbox.create(source, file, imports, { onFailure, limits });
  created?.(sandbox);
  const exports = sandbox.load();
  return { exports, violations: sandbox.violations, sandbox };
}

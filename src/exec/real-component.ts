/**
 * Real components on the executor's hosts: a component (built, for the
 * tests, by component-build.ts with componentize-qjs), transpiled with jco
 * (`--instantiation async`), and instantiated once per run on that run's
 * host import object, so a real Wasm component runs on the same simulated
 * world, loop and seeds as the sandboxed JS guests.
 *
 * jco's instantiation-mode output asks for its imports by unversioned
 * interface name (`imports['wasi:cli/stdout']`), while our hosts key them by
 * versioned name. A componentize-qjs component imports its runtime's WASI
 * 0.2.12 interfaces besides its world's, so one component may need 0.2.12 and
 * 0.3.0 interfaces at once; the version of each is read from the transpiled
 * code (jco names every import function `<iface>@<version>#<fn>`), and an
 * interface it names no version for (a resource-only one such as
 * `wasi:io/error`) is taken at 0.2.12, componentize-qjs's runtime version, and
 * one of a package without a version by its bare name. An import the host
 * lacks at its version is served at a later semver-compatible one
 * (`compatibleKey`).
 * When one interface is imported at both versions (`wasi:cli/stdout`: the
 * runtime's `get-stdout` and the world's `write-via-stream`), jco asks for
 * both under the one unversioned key, so the two hosts' objects are merged,
 * 0.3.0's names winning where both have one (the fixtures' hosts give the
 * same behaviour under a shared name, e.g. `getArguments`).
 *
 * A run of a component happens where the sandboxed guests' runs do: in the
 * isolated runner's worker thread (isolate.ts), under the same budgets
 * (limits.ts), enforced as `ComponentBudget` below says.
 *
 * Needs Node >= 24: JSPI and Wasm features jco's output uses.
 */
import { compatibleKey } from './versions.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Fixture, type GuestLoader, run02With, run03With, type RunResult } from './fixture.js';
import { runIsolated } from './isolate.js';
import { isResourceClass } from './bindings.js';
import { HostError } from './errors.js';
import { BudgetExceeded, CLOCK, cpuClock, type Limits, limitsOf } from './limits.js';
import type { Runtime } from './runtime.js';
import { jcoTranspilePath } from '../validate/wit-parser.js';

/** Throws a clear error unless this Node can run jco-transpiled components. */
export function requireNode24(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    throw new Error(
      `real components need Node >= 24 (JSPI and the Wasm features jco's output uses); this is Node ${process.versions.node}. ` +
        'Run through npm (`npm test`), which puts node_modules/.bin/node (the node@24 devDependency) first on PATH.',
    );
  }
}

type Instantiate = (
  getCoreModule: (name: string) => Promise<WebAssembly.Module>,
  imports: Record<string, unknown>,
  instantiateCore: (m: WebAssembly.Module, imports: WebAssembly.Imports) => Promise<WebAssembly.Instance>,
) => Promise<Record<string, unknown>>;

export class TranspiledComponent {
  private readonly modules = new Map<string, Promise<WebAssembly.Module>>();
  private instantiateFn: Promise<Instantiate> | null = null;

  constructor(
    /** The transpiled ES module (`<name>.js`) beside its core .wasm files. */
    readonly mainJs: string,
    /** Unversioned interface names the component imports (jco's list). */
    readonly imports: string[],
    /** Interface -> the versions the component imports it at. */
    readonly versions: Map<string, string[]>,
  ) {}

  /** Plain data naming this component: what crosses to the worker that runs it. */
  ref(): ComponentRef {
    return { mainJs: this.mainJs, imports: this.imports, versions: [...this.versions] };
  }

  static fromRef(r: ComponentRef): TranspiledComponent {
    return new TranspiledComponent(r.mainJs, r.imports, new Map(r.versions));
  }

  /** The import object jco's `instantiate` expects, taken from a host's versioned one. */
  importObject(host: Record<string, Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const iface of this.imports) {
      // An interface jco names no version for is a resource-only WASI one (at componentize-qjs's 0.2.12) or one of an unversioned package.
      const keys = this.versions.get(iface)?.map((v) => `${iface}@${v}`) ?? [iface.startsWith('wasi:') ? `${iface}@0.2.12` : iface];
      const served = keys.map((k) => host[k] ?? host[compatibleKey(host, k) ?? ''] ?? (missing.push(k), {}));
      out[iface] = Object.assign({}, ...served);
    }
    if (missing.length) throw new HostError(`the executor's host does not implement ${missing.join(', ')}, which the component imports`);
    return out;
  }

  /**
   * A loader for run02With/run03With: a fresh instance per run, core modules
   * compiled once, the run's budgets around it (in this thread: runs on
   * Node's main thread have no watchdog; `componentRunner` runs it isolated).
   */
  loader(limits?: Partial<Limits>): GuestLoader {
    return async (host, rt) => {
      const budget = new ComponentBudget(limitsOf(limits), rt);
      this.instantiateFn ??= import(pathToFileURL(this.mainJs).href).then((m: { instantiate: Instantiate }) => m.instantiate);
      const instantiate = await this.instantiateFn;
      // jco's instantiate tells promises from values by `instanceof Promise`
      // of its own realm; node:fs hands back the main realm's promises, which
      // under a vm context (jest) fail that test. `async` functions return
      // promises of this module's realm, the transpiled module's too.
      const getCoreModule = async (name: string): Promise<WebAssembly.Module> => {
        let m = this.modules.get(name);
        if (!m) {
          m = readFile(join(dirname(this.mainJs), name)).then((b) => WebAssembly.compile(b));
          this.modules.set(name, m);
        }
        return await m;
      };
      const instantiateCore = async (m: WebAssembly.Module, imports: WebAssembly.Imports): Promise<WebAssembly.Instance> => budget.track(await WebAssembly.instantiate(m, imports));
      rt.watchdog = () => budget.check();
      try {
        return await instantiate(getCoreModule, budget.guard(this.importObject(host)), instantiateCore);
      } catch (e) {
        // jco's check that every function the component imports is there: the host lacks one.
        const m = /unexpectedly undefined instance import '([^']+)'/.exec((e as Error)?.message ?? '');
        if (m) throw new HostError(`the executor's host does not implement ${m[1]}, which the component imports (from one of ${this.imports.join(', ')})`);
        throw e;
      }
    };
  }
}

/** Plain data naming a transpiled component (see TranspiledComponent.ref). */
export interface ComponentRef {
  mainJs: string;
  imports: string[];
  versions: Array<[string, string[]]>;
}

const MiB = 1024 * 1024;

/**
 * A real component's budgets (limits.ts). Its code is Wasm that calls the
 * host only through its imports, so each budget is checked where the
 * component meets the host, and at every step of the run's event loop:
 *
 * - cpu: this thread's CPU time since the run began. A component that
 *   computes without ever calling the host is stopped from outside: the
 *   isolated runner's watchdog terminates the worker (isolate.ts).
 * - memory: the component's linear memories (every memory its core
 *   instances export), which only grow. Between two checks a component can
 *   grow them up to Wasm32's 4 GiB; the isolated runner also stops a worker
 *   whose process outgrows the budget (isolate.ts, `componentRssSlackMb`).
 * - output: the world's meter, as for every guest (world.ts).
 * - tasks: promises returned by the host's imports that have not settled.
 *
 * Exceeding one makes it the run's failure (the first one wins), which the
 * run reports as its `budget: <what>` verdict however the component reacts
 * to the trap.
 */
class ComponentBudget {
  private readonly memories: WebAssembly.Memory[] = [];
  private readonly startedAt = cpuClock();
  private pending = 0;

  constructor(
    private readonly limits: Limits,
    private readonly rt: Runtime,
  ) {}

  track(instance: WebAssembly.Instance): WebAssembly.Instance {
    for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) this.memories.push(v);
    this.check();
    return instance;
  }

  check(): void {
    if (this.rt.failure) throw this.rt.failure;
    const spent = cpuClock() - this.startedAt;
    if (spent > this.limits.cpuMs) this.stop(new BudgetExceeded('cpu', `the run spent ${Math.round(spent)} ms of ${CLOCK} computing, over its ${this.limits.cpuMs} ms budget (--cpu-ms)`));
    let bytes = 0;
    for (const m of this.memories) bytes += m.buffer.byteLength;
    if (bytes > this.limits.memoryMb * MiB) this.stop(new BudgetExceeded('memory', `the component's linear memory reached ${Math.round(bytes / MiB)} MiB, over its ${this.limits.memoryMb} MiB budget (--memory-mb)`));
  }

  /** The import object with every host function checked on entry and its pending promises counted. */
  guard(imports: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [iface, ns] of Object.entries(imports)) {
      const g: Record<string, unknown> = {};
      // Resource classes are constructed and carry statics: they pass through as they are.
      for (const [name, v] of Object.entries(ns as Record<string, unknown>)) g[name] = typeof v === 'function' && !isResourceClass(v) ? this.wrap(v as (...a: unknown[]) => unknown) : v;
      out[iface] = g;
    }
    return out;
  }

  private wrap(f: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
    const budget = this;
    return function (this: unknown, ...args: unknown[]) {
      budget.check();
      const r = f.apply(this, args);
      if (r instanceof Promise) budget.count(r);
      return r;
    };
  }

  private count(p: Promise<unknown>): void {
    if (++this.pending > this.limits.tasks) this.stop(new BudgetExceeded('tasks', `more than ${this.limits.tasks} host calls pending at once (--tasks)`));
    const done = (): void => void this.pending--;
    p.then(done, done);
  }

  private stop(e: BudgetExceeded): never {
    this.rt.failure ??= e;
    throw this.rt.failure;
  }
}

/**
 * A validate runner for one version of a fixture as a real component: each
 * run isolated (isolate.ts: worker thread, watchdog, budgets), like the
 * sandboxed guests' runs.
 */
export function componentRunner(c: TranspiledComponent, version: '0.2' | '0.3', limits?: Partial<Limits>): (fx: Fixture, seed: number) => Promise<RunResult> {
  return (fx, seed) => runIsolated({ version, fx, seed, limits, component: c.ref() });
}

/** In the worker: one run of a component (isolate.ts sends the request). */
export function runComponentInThread(version: '0.2' | '0.3', fx: Fixture, seed: number, ref: ComponentRef, limits?: Partial<Limits>): Promise<RunResult> {
  const c = (cache.get(ref.mainJs) ?? cache.set(ref.mainJs, TranspiledComponent.fromRef(ref)).get(ref.mainJs))!;
  const opts = { limits, realTimeGraceMs: COMPONENT_GRACE_MS };
  return version === '0.2' ? run02With(fx, seed, c.loader(limits), opts) : run03With(fx, seed, c.loader(limits), { ...opts, with02: true, realComponent: true });
}

/** jco's output awaits real promises (JSPI) between loop steps: the runtime waits this long for them while idle. */
const COMPONENT_GRACE_MS = 250;
const cache = new Map<string, TranspiledComponent>();

/**
 * jco transpile of a component into `outDir` as an ES module `<name>.js`, its path returned.
 * `wasiShim: false` with `instantiation: 'async'` is our hosts' form (an `instantiate(getCoreModule,
 * imports)` export); `wasiShim: true` without it is what `jco transpile` gives by default: the
 * component wired to preview2-shim / preview3-shim, instantiated on import.
 */
export async function transpileToFolder(wasmPath: string, outDir: string, name: string, opts: { instantiation?: 'async'; wasiShim: boolean }): Promise<{ mainJs: string; imports: string[] }> {
  const { transpileBytes } = (await import(pathToFileURL(jcoTranspilePath()).href)) as {
    transpileBytes(bytes: Uint8Array, opts: { name: string; instantiation?: 'async'; wasiShim: boolean }): Promise<{ files: Record<string, Uint8Array>; imports: string[] }>;
  };
  const r = await transpileBytes(readFileSync(wasmPath), { name, ...opts });
  for (const [f, bytes] of Object.entries(r.files)) {
    mkdirSync(dirname(join(outDir, f)), { recursive: true });
    writeFileSync(join(outDir, f), bytes);
  }
  // The output is an ES module; make sure Node (and jest) load it as one.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  return { mainJs: join(outDir, `${name}.js`), imports: r.imports };
}

/** jco transpile (instantiation async) of a component into `outDir`, for our hosts. */
export async function transpileComponent(wasmPath: string, outDir: string, name: string): Promise<TranspiledComponent> {
  const { mainJs, imports } = await transpileToFolder(wasmPath, outDir, name, { instantiation: 'async', wasiShim: false });
  const code = readFileSync(mainJs, 'utf8');
  const versions = new Map<string, string[]>();
  for (const m of code.matchAll(/([a-z][a-z0-9-]*:[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*)@(\d+\.\d+\.\d+)[#"]/g)) {
    const vs = versions.get(m[1]) ?? [];
    if (!vs.includes(m[2])) versions.set(m[1], [...vs, m[2]].sort());
  }
  return new TranspiledComponent(mainJs, imports, versions);
}

/**
 * Fixtures and runs. A fixture is a folder:
 *   scenario.json   the world (inputs, upstreams, peers) and the entry point
 *   world.wit       the component's WIT world (0.2 and 0.3 worlds)
 *   guest-0.2.js    the 0.2 guest, typed by jco's 0.2 guest types, blocking calls
 *   guest-0.3.js    the 0.3 guest, hand-written port typed by jco's 0.3 guest types
 *   wrong/*.js      deliberately wrong 0.3 ports (validate must catch them)
 *   component-0.x.js  optional: the same guest in componentize-qjs's dialect,
 *                   built into a real component (see real-component.ts)
 * A run = one version of the guest, one seed, one fresh world: its trace.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Deadlock, ExecError, isThrownErr, thrownPayload } from './errors.js';
import { runIsolated } from './isolate.js';
import { makeHost02 } from './host02.js';
import { makeHost03 } from './host03.js';
import { Runtime } from './runtime.js';
import { type Limits, OutputMeter, limitsOf } from './limits.js';
import { loadGuest, type Sandbox } from './sandbox.js';
import { canonical, type TraceEvent } from './trace.js';
import { readScenario } from './scenario.js';
import { ExitSignal, type Scenario, World } from './world.js';

export interface Fixture {
  name: string;
  dir: string;
  scenario: Scenario;
  guest02: string;
  guest03: string;
}

/** `target` is a fixture folder, a fixture name under fixtures/components, or a 0.3 guest file inside a fixture (a port to check). */
export function loadFixture(target: string, root = process.cwd()): Fixture {
  let dir = resolve(root, target);
  let guest03: string | null = null;
  if (!existsSync(dir) && existsSync(resolve(root, 'fixtures/components', target))) dir = resolve(root, 'fixtures/components', target);
  if (!existsSync(dir)) throw new Error(`no such fixture: ${target}`);
  if (statSync(dir).isFile()) {
    guest03 = dir;
    dir = dirname(dir);
    if (!existsSync(join(dir, 'scenario.json'))) dir = dirname(dir);
  }
  const scenarioPath = join(dir, 'scenario.json');
  if (!existsSync(scenarioPath)) throw new Error(`${dir}: not a fixture (no scenario.json)`);
  const scenario = readScenario(scenarioPath);
  for (const f of ['guest-0.2.js', 'guest-0.3.js']) if (!existsSync(join(dir, f))) throw new Error(`${dir}: missing ${f}`);
  const name = guest03 ? `${basename(dir)} (port ${guest03.slice(dir.length + 1)})` : basename(dir);
  return { name, dir, scenario, guest02: join(dir, 'guest-0.2.js'), guest03: guest03 ?? join(dir, 'guest-0.3.js') };
}

export interface RunResult {
  trace: TraceEvent[];
  verdict: string | null;
  steps: number;
  virtualMs: number;
}

function budgetOf(s: Scenario): { maxSteps?: number; maxTimeNs?: number } {
  return { maxSteps: s.budget?.steps, maxTimeNs: s.budget?.virtualMs ? s.budget.virtualMs * 1e6 : undefined };
}

/**
 * `wasi:cli/run.run` returned `err`: `run: func() -> result` (0.3: `async
 * func() -> result`) has no error payload. A real component's glue throws
 * the payload of an `err` result, `undefined`; a guest written to jco's
 * guest types returns `err` by throwing, and jco's bindings take anything
 * thrown but an `Error` with no `payload` as that `err` (`isThrownErr`): a
 * ComponentError it caught and threw on (its `payload` is dropped, `run`'s
 * `result` has no room for it), a bare value. The run ends with exit status
 * 1, as wasmtime and jco's hosts end it; it is not a failure of the executor.
 */
function runReturnedErr(world: World, rt: Runtime, e: unknown): boolean {
  if (!isThrownErr(e) || rt.failure) return false;
  world.exit(1);
  return true;
}

function verdictOf(e: unknown): string {
  if (e instanceof ExecError) return `${e.kind}: ${e.message}`;
  return `host-error: ${e instanceof Error ? e.message : String(e)}`;
}

function finish(world: World, rt: Runtime, verdict: string | null): RunResult {
  if (world.scenario.entry === 'http') {
    const rec = world.finish(null).filter((e) => e.ch === 'http.response');
    if (rec.length === 0) world.record('http.response', 'none');
    else if (!rec.some((e) => e.text.startsWith('end ') || e.text.startsWith('error '))) world.responseEnd({ error: 'body not finished' });
  }
  return { trace: canonical(world.finish(verdict)), verdict, steps: rt.loop.steps, virtualMs: rt.loop.now / 1e6 };
}

/** A guest's exports, given the import object its host built: the sandboxed JS guest, or an instantiated real component. */
export type GuestLoader = (imports: Record<string, Record<string, unknown>>, rt: Runtime) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface RunOptions {
  /** See RuntimeOptions.realTimeGraceMs: needed by jco-transpiled components. */
  realTimeGraceMs?: number;
  /** The run's budgets (limits.ts); defaults suit the fixtures. */
  limits?: Partial<Limits>;
}

/** A fresh runtime and world for one run, with the run's output budget. */
function setUp(fx: Fixture, seed: number, opts: RunOptions): { rt: Runtime; world: World; limits: Limits } {
  const limits = limitsOf(opts.limits);
  const rt = new Runtime({ seed, budget: budgetOf(fx.scenario), realTimeGraceMs: opts.realTimeGraceMs });
  const world = new World(fx.scenario, seed, rt.loop, new OutputMeter(limits.outputBytes));
  return { rt, world, limits };
}

/** A loader for a JS guest in its own sandbox; `done` frees the sandbox after the run. */
function sandboxed(source: string, file: string, limits: Limits): { load: GuestLoader; done: () => void } {
  let box: Sandbox | null = null;
  return {
    load: async (imports, rt) => {
      const g = await loadGuest(source, file, imports, (v) => (rt.failure ??= v), limits, (b) => (box = b));
      rt.watchdog = () => g.sandbox.checkCpu();
      return g.exports;
    },
    done: () => (box as Sandbox | null)?.dispose(),
  };
}

/** A real component's trap as the run's failure: a deadlock jco's runtime detected is a deadlock verdict. */
function trapOf(e: Error, where: string): ExecError {
  const m = /deadlock detected[^]*$/.exec(e.message);
  return m ? new Deadlock(`${m[0]} (jco's runtime, in ${where})`) : new ExecError('trap', `${where}: ${e.message}`);
}

function failureVerdict(rt: Runtime, e: unknown): string {
  return verdictOf(rt.failure ?? (e instanceof Error && !(e instanceof ExecError) ? new ExecError('guest-error', `${e.name}: ${e.message}`) : e));
}

/** Call the 0.2 entry point (blocking calls run the loop inline), then let scheduled world events play out. */
function enter02(fx: Fixture, rt: Runtime, world: World, imports: Record<string, Record<string, unknown>>, exports: Record<string, unknown>): void {
  const internal = imports.__internal as { IncomingRequest: new (r: unknown) => unknown; ResponseOutparam: new () => unknown };
  try {
    if (fx.scenario.entry === 'cli') {
      const run = exports.run as { run(): void };
      if (!run?.run) throw new Error('guest does not export run.run (wasi:cli/run@0.2.12)');
      run.run();
    } else {
      const h = exports.incomingHandler as { handle(req: unknown, out: unknown): void };
      if (!h?.handle) throw new Error('guest does not export incomingHandler.handle (wasi:http/incoming-handler@0.2.12)');
      h.handle(new internal.IncomingRequest(world.incomingRequest()), new internal.ResponseOutparam());
    }
  } catch (e) {
    // `incoming-handler.handle` returns no `result`: what it throws is a trap in a component, never an `err`.
    if (!(e instanceof ExitSignal) && !(fx.scenario.entry === 'cli' && runReturnedErr(world, rt, e))) throw rt.failure ?? e;
  }
  if (rt.failure) throw rt.failure;
  while (rt.loop.step()) {
    /* let scheduled world events (peer closes, timers) play out */
  }
}

/** A run of the fixture's 0.2 guest (or `source`) in a sandbox, in this thread (the isolated runner's worker uses it). */
export async function run02InThread(fx: Fixture, seed: number, source = readFileSync(fx.guest02, 'utf8'), opts: RunOptions = {}): Promise<RunResult> {
  const g = sandboxed(source, fx.guest02, limitsOf(opts.limits));
  try {
    return await run02With(fx, seed, g.load, opts);
  } finally {
    g.done();
  }
}

/**
 * A run of the fixture's 0.2 guest (or `source`): in the sandbox, in a worker
 * thread a watchdog terminates if the run outlives its cpu budget
 * (isolate.ts).
 */
export function run02(fx: Fixture, seed: number, source?: string, opts: Pick<RunOptions, 'limits'> = {}): Promise<RunResult> {
  return isolatedRun('0.2', fx, seed, source, opts);
}

/** A run of the fixture's 0.3 guest (or `source`); see run02. */
export function run03(fx: Fixture, seed: number, source?: string, opts: Pick<RunOptions, 'limits'> = {}): Promise<RunResult> {
  return isolatedRun('0.3', fx, seed, source, opts);
}

/**
 * The guest's text is read here, in the thread asking for the run, and sent
 * with it: the worker, which is the busy one (runs are handed to it one
 * ahead), no longer opens and reads the file for every run.
 */
function isolatedRun(version: '0.2' | '0.3', fx: Fixture, seed: number, source: string | undefined, opts: Pick<RunOptions, 'limits'>): Promise<RunResult> {
  try {
    source ??= readFileSync(version === '0.2' ? fx.guest02 : fx.guest03, 'utf8');
  } catch (e) {
    return Promise.reject(e);
  }
  return runIsolated({ version, fx, seed, source, limits: opts.limits });
}

/** A 0.2 run whose guest comes from `load` (e.g. a real component instantiated on this run's host). */
export async function run02With(fx: Fixture, seed: number, load: GuestLoader, opts: RunOptions = {}): Promise<RunResult> {
  const { rt, world } = setUp(fx, seed, opts);
  const imports = makeHost02(world);
  let verdict: string | null = null;
  try {
    enter02(fx, rt, world, imports, await load(imports, rt));
  } catch (e) {
    verdict = failureVerdict(rt, e);
  }
  return finish(world, rt, verdict);
}

/** A run of the fixture's 0.3 guest (or `source`) in a sandbox, in this thread (the isolated runner's worker uses it). */
export async function run03InThread(fx: Fixture, seed: number, source = readFileSync(fx.guest03, 'utf8'), opts: RunOptions = {}): Promise<RunResult> {
  const g = sandboxed(source, fx.guest03, limitsOf(opts.limits));
  try {
    return await run03With(fx, seed, g.load, opts);
  } finally {
    g.done();
  }
}

/**
 * A 0.3 run whose guest comes from `load`. `extraImports` is merged into the
 * import object first (a componentize-qjs component also imports its
 * runtime's WASI 0.2.12 interfaces, so it gets the 0.2 host's too).
 */
export async function run03With(fx: Fixture, seed: number, load: GuestLoader, opts: RunOptions & { with02?: boolean; realComponent?: boolean } = {}): Promise<RunResult> {
  const { rt, world } = setUp(fx, seed, opts);
  const guest = rt.instance('guest');
  const host03 = makeHost03(rt, world, guest, { realComponent: opts.realComponent });
  const imports = opts.with02 ? { ...makeHost02(world), ...host03 } : host03;
  let verdict: string | null = null;
  // A guest task that fails with nobody awaiting it is still a failure of the run.
  const unhandled = (reason: unknown): void => rt.fail(reason, 'an unawaited guest task');
  process.on('unhandledRejection', unhandled);
  try {
    const exports = await load(imports, rt);
    const internal = host03.__internal as { incomingRequest(): unknown; transmit(r: unknown): Promise<void> };
    const exitOk = (e: unknown): void => {
      if (!(e instanceof ExitSignal) && !runReturnedErr(world, rt, e)) throw e;
    };
    let main: Promise<unknown>;
    if (fx.scenario.entry === 'cli') {
      const run = exports.run as { run(): Promise<void> };
      if (!run?.run) throw new Error('guest does not export run.run (wasi:cli/run@0.3.0)');
      main = Promise.resolve().then(() => run.run()).catch(exitOk);
    } else {
      const h = exports.handler as { handle(req: unknown): Promise<unknown> };
      if (!h?.handle) throw new Error('guest does not export handler.handle (wasi:http/handler@0.3.0)');
      main = (async () => {
        let resp: unknown;
        try {
          resp = await h.handle(internal.incomingRequest());
        } catch (e) {
          if (e instanceof ExitSignal || e instanceof ExecError) throw e;
          // A real component's trap (jco's glue throws a WebAssembly.RuntimeError) ends the run; it is not an error-code result.
          if (e instanceof WebAssembly.RuntimeError || (e as Error)?.name === 'RuntimeError') throw trapOf(e as Error, 'wasi:http/handler.handle');
          // jco's bindings take an export's throw as its `err` (thrownPayload); an Error with no payload they throw on: the task fails.
          if (!isThrownErr(e)) throw e;
          const err = thrownPayload(e);
          world.record('http.response', `error ${(err as { tag?: string })?.tag ?? String(err)}`);
          return;
        }
        await internal.transmit(resp);
      })();
    }
    await rt.drive(main, fx.scenario.entry === 'cli' ? 'wasi:cli/run.run' : 'wasi:http/handler.handle');
    await rt.quiesce();
  } catch (e) {
    verdict = failureVerdict(rt, e);
  } finally {
    process.off('unhandledRejection', unhandled);
  }
  return finish(world, rt, verdict);
}

/**
 * A direct path for the guest's calls into the host functions a context
 * made with `newFunction` (for us: `__wm_host` and `__wm_settle`).
 *
 * Why: quickjs-emscripten dispatches every such call through a generator
 * (`Scope.withScopeMaybeAsync`: a generator, a scope with a Set of
 * lifetimes, a step function per call) so that a host function may return
 * a promise under asyncify. The release-sync build has no asyncify and our
 * host functions are synchronous; that machinery was about a fifth of the
 * guest-to-host membrane's time. This does the same work in a plain call:
 * borrowed argument handles, the result's pointer duplicated for QuickJS
 * before its handle is disposed, an exception thrown into the guest as the
 * wrapper's `errorToHandle` + `QTS_Throw` does.
 *
 * It replaces one entry of the context's own callback table, which the
 * module's dispatcher looks up on every call. quickjs-emscripten is pinned to
 * an exact version (package.json); `installDirectCalls` checks the shape it
 * relies on and leaves the context as it was if that shape is not there.
 */
import { Lifetime, type QuickJSContext, type QuickJSHandle, WeakLifetime } from 'quickjs-emscripten';

/** The members of quickjs-emscripten's QuickJSContext (0.32.0) the direct path uses (private in its types). */
interface ContextInternals {
  ctx: { value: number };
  ffi: {
    QTS_ArgvGetJSValueConstPointer(argv: number, i: number): number;
    QTS_DupValuePointer(ctx: number, value: number): number;
    QTS_Throw(ctx: number, error: number): number;
  };
  memory: { copyJSValue: unknown; freeJSValue: unknown };
  runtime: unknown;
  cToHostCallbacks: { callFunction: (ctx: number, thisPtr: number, argc: number, argv: number, fnId: number) => number };
  getFunction(fnId: number): (this: QuickJSHandle, ...args: QuickJSHandle[]) => QuickJSHandle | undefined | void;
  errorToHandle(e: unknown): QuickJSHandle;
}

/** Whether `vm` has the members the direct path uses (its version's internals). */
function hasInternals(vm: unknown): vm is ContextInternals {
  const c = vm as Partial<ContextInternals> | null;
  return (
    typeof c?.ctx?.value === 'number' &&
    typeof c.ffi?.QTS_ArgvGetJSValueConstPointer === 'function' &&
    typeof c.ffi.QTS_DupValuePointer === 'function' &&
    typeof c.ffi.QTS_Throw === 'function' &&
    typeof c.cToHostCallbacks?.callFunction === 'function' &&
    typeof c.getFunction === 'function' &&
    typeof c.errorToHandle === 'function' &&
    c.memory !== undefined &&
    c.runtime !== undefined
  );
}

/** Route `vm`'s calls into host functions through the direct path; false if its internals are not the expected ones. */
export function installDirectCalls(context: QuickJSContext): boolean {
  const vm: unknown = context;
  if (!hasInternals(vm)) return false;
  const { ffi, memory, runtime } = vm;
  const ctx = vm.ctx.value;
  // A borrowed handle: what the generator path makes for each argument (disposing it frees nothing).
  const borrow = (ptr: number): QuickJSHandle => new WeakLifetime(ptr, memory.copyJSValue as never, memory.freeJSValue as never, runtime as never) as unknown as QuickJSHandle;
  vm.cToHostCallbacks.callFunction = (ctxPtr, thisPtr, argc, argv, fnId) => {
    if (ctxPtr !== ctx) throw new Error('QuickJSContext instance received C -> JS call with mismatched ctx');
    const fn = vm.getFunction(fnId);
    const args = new Array<QuickJSHandle>(argc);
    for (let i = 0; i < argc; i++) args[i] = borrow(ffi.QTS_ArgvGetJSValueConstPointer(argv, i));
    try {
      const returned = fn.apply(borrow(thisPtr), args) as QuickJSHandle | { error?: QuickJSHandle; value?: QuickJSHandle } | undefined;
      if (!returned) return 0;
      // A host function may return a handle or a call result ({ value } / { error }), as with the library's dispatch.
      if ('error' in returned && returned.error) throw returned.error;
      const result = returned instanceof Lifetime ? (returned as QuickJSHandle) : (returned as { value: QuickJSHandle }).value;
      try {
        return ffi.QTS_DupValuePointer(ctx, result.value);
      } finally {
        result.dispose();
      }
    } catch (e) {
      const h = vm.errorToHandle(e);
      try {
        return ffi.QTS_Throw(ctx, h.value);
      } finally {
        h.dispose();
      }
    }
  };
  return true;
}

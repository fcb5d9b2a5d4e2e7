/**
 * The direct path for guest-to-host calls (direct-calls.ts): on the pinned
 * quickjs-emscripten it is installed, and a host function called through it
 * behaves as through the library's own dispatch: arguments and `this`
 * readable, a returned value (or none) reaching the guest, a host exception
 * thrown into the guest as an Error with its message, the guest's own
 * exceptions through nested calls unchanged.
 */
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten';
import { installDirectCalls } from '../../src/exec/direct-calls.js';

async function context(direct: boolean): Promise<QuickJSContext> {
  const vm = (await newQuickJSWASMModule(RELEASE_SYNC)).newContext();
  if (direct) expect(installDirectCalls(vm)).toBe(true);
  const join = vm.newFunction('join', function (this: QuickJSHandle, ...args: QuickJSHandle[]) {
    const self = vm.typeof(this) === 'object' ? String(vm.dump(vm.getProp(this, 'tag'))) : 'none';
    return vm.newString([self, ...args.map((a) => String(vm.dump(a)))].join(','));
  });
  const nothing = vm.newFunction('nothing', () => undefined);
  const fail = vm.newFunction('fail', (a: QuickJSHandle) => {
    throw new TypeError(`host refused ${vm.getString(a)}`);
  });
  const again = vm.newFunction('again', (f: QuickJSHandle) => vm.unwrapResult(vm.callFunction(f, vm.undefined)));
  for (const [name, h] of [['join', join], ['nothing', nothing], ['fail', fail], ['again', again]] as const) {
    vm.setProp(vm.global, name, h);
    h.dispose();
  }
  return vm;
}

const PROGRAM = `
  const out = [];
  out.push(join(1, 'two', true));
  out.push(join.call({ tag: 'obj' }, 3));
  out.push(typeof nothing());
  try { fail('x'); } catch (e) { out.push(e instanceof Error, e.name, e.message); }
  out.push(again(() => join('inner')));
  try { again(() => { throw new RangeError('guest'); }); } catch (e) { out.push(e.name, e.message); }
  JSON.stringify(out);
`;

describe('direct guest-to-host calls', () => {
  it('give the guest what the library dispatch gives it', async () => {
    const results: string[] = [];
    for (const direct of [false, true]) {
      const vm = await context(direct);
      results.push(vm.getString(vm.unwrapResult(vm.evalCode(PROGRAM))));
      vm.dispose();
    }
    expect(JSON.parse(results[1])).toEqual(['none,1,two,true', 'obj,3', 'undefined', true, 'TypeError', 'host refused x', 'none,inner', 'RangeError', 'guest']);
    expect(results[1]).toBe(results[0]);
  });
});

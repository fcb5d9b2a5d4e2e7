/**
 * The Component Model's own async test suite (WebAssembly/component-model,
 * test/async/*.wast), re-expressed against the executor's value-level runtime.
 * Each test names the scenario it mirrors and checks the same observable
 * results (BLOCKED, COMPLETED/DROPPED/CANCELLED with progress, subtask states,
 * traps). Written from reading the scenarios, not translated line by line.
 */
import { Runtime } from '../../src/exec/runtime.js';
import { CopyResult, EventCode, packCopy } from '../../src/exec/waitable.js';
import { SubtaskState } from '../../src/exec/task.js';
import { Deadlock, Trap } from '../../src/exec/errors.js';
import { eventOf, stream } from '../../src/exec/bindings.js';
import { BLOCKED } from '../../src/exec/stream.js';

const { COMPLETED, DROPPED, CANCELLED } = CopyResult;
const done = (result: CopyResult, progress: number) => expect.objectContaining({ result, progress });

describe('component-model test/async scenarios', () => {
  test('futures-must-write: dropping the readable end first is fine, dropping an unwritten writable end traps', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    const [r, w] = rt.futureNew<number>(c);
    r.transfer(rt.instance('D'));
    r.drop();
    expect(w.write(42)).toEqual({ result: DROPPED });
    w.drop(); // allowed: the write attempt finished the end

    const [, w2] = rt.futureNew<number>(c);
    expect(() => w2.drop()).toThrow(new Trap('cannot drop the writable end of a future without first writing a value'));
    expect(rt.failure).toBeInstanceOf(Trap);
  });

  test('closed-stream: an instance may create a stream and hand out its readable end without trapping', async () => {
    const rt = new Runtime();
    const a = rt.instance('A');
    const s = rt.call<unknown>(a, 'get-stream-reader', (task) => {
      const [r] = rt.streamNew<number>('number', a);
      task.return(r);
    });
    expect(s.state).toBe(SubtaskState.RETURNED);
    await rt.quiesce();
    expect(rt.failure).toBeNull();
  });

  test('zero-length: zero-length ops rendezvous without moving data, then a 4-byte payload moves', async () => {
    const rt = new Runtime();
    const producer = rt.instance('Producer');
    const consumer = rt.instance('Consumer');
    const log: string[] = [];
    const [sr, sw] = rt.streamNew<number>('number', producer);
    // Producer: zero-length write blocks until the consumer shows up.
    expect(sw.write([])).toBe('blocked');
    sr.transfer(consumer);
    // Consumer: a zero-length read blocks too, even with a pending zero-length write;
    // it completes the producer's zero-length write and becomes pending itself.
    expect(sr.read(0)).toBe('blocked');
    expect(sw.hasPendingEvent()).toBe(true);
    const producerSide = (async () => {
      expect(await eventOf(rt, sw)).toBe(packCopy(COMPLETED, 0));
      expect(sw.write([0x78, 0x56, 0x34, 0x12])).toBe('blocked'); // non-zero write blocks per spec
      expect(await eventOf(rt, sw)).toBe(packCopy(DROPPED, 4));
      sw.drop();
      log.push('producer done');
    })();
    const consumerSide = (async () => {
      expect(await eventOf(rt, sr)).toBe(packCopy(COMPLETED, 0));
      expect(sr.read(100)).toEqual(done(COMPLETED, 4));
      sr.drop();
      log.push('consumer done');
    })();
    await rt.drive(Promise.all([producerSide, consumerSide]));
    expect(log.sort()).toEqual(['consumer done', 'producer done']);
  });

  test('partial-stream-copies: small writes fill one pending 12-byte read buffer until its event is delivered', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    const d = rt.instance('D');
    const [insr, insw] = rt.streamNew<number>('number', d);
    insr.transfer(c);
    expect(insr.read(12)).toBe('blocked');
    const eight = [0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01];
    expect(insw.write(eight)).toEqual(done(COMPLETED, 8));
    expect(insw.write(eight)).toEqual(done(COMPLETED, 4));
    const twelve = [0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x10, 0x32, 0x54, 0x76];
    expect(insw.write(twelve)).toBe('blocked');
    const reader = (async () => {
      expect(await eventOf(rt, insr)).toBe(packCopy(COMPLETED, 12));
      expect(insr.lastRead).toEqual([...eight, ...eight.slice(0, 4)]);
      expect(insr.read(4)).toEqual({ result: COMPLETED, progress: 4, values: twelve.slice(0, 4) });
      expect(insr.read(2)).toEqual({ result: COMPLETED, progress: 2, values: twelve.slice(4, 6) });
      expect(insr.read(8)).toEqual({ result: COMPLETED, progress: 6, values: twelve.slice(6) });
      insr.drop();
    })();
    const writer = (async () => {
      expect(await eventOf(rt, insw)).toBe(packCopy(DROPPED, 12));
      insw.drop();
    })();
    await rt.drive(Promise.all([reader, writer]));
  });

  test('cancel-stream: cancelling reads and writes reports CANCELLED or DROPPED with the progress made', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    const d = rt.instance('D');
    let [sr, sw] = rt.streamNew<number>('number', c);
    sr.transfer(d);
    expect(sr.read(100)).toBe('blocked');
    expect(sr.cancel()).toEqual(done(CANCELLED, 0));
    expect(sr.read(100)).toBe('blocked');
    expect(sw.write([0xcd, 0xab, 0, 0])).toEqual(done(COMPLETED, 4));
    expect(sr.cancel()).toEqual({ result: CANCELLED, progress: 4, values: [0xcd, 0xab, 0, 0] });
    expect(sr.read(100)).toBe('blocked');
    expect(sw.write([0xcd, 0xab, 0, 0])).toEqual(done(COMPLETED, 4));
    sw.drop();
    expect(sr.cancel()).toEqual(done(DROPPED, 4));
    sr.drop();

    [sr, sw] = rt.streamNew<number>('number', c);
    sr.transfer(d);
    expect(sw.write([1, 2, 3, 4, 5, 6, 7, 8])).toBe('blocked');
    expect(sw.cancel()).toEqual(done(CANCELLED, 0));
    expect(sw.write([0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01])).toBe('blocked');
    expect(sr.read(4)).toEqual({ result: COMPLETED, progress: 4, values: [0xef, 0xcd, 0xab, 0x89] });
    expect(sw.cancel()).toEqual(done(CANCELLED, 4));
    expect(rt.failure).toBeNull();
  });

  test('cancel-subtask: a cancel request reaches the callee, which may cancel or still return', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    const d = rt.instance('D');
    // f: waits on nothing; honours the cancellation with task.cancel.
    const f = rt.call<number>(c, 'f', async (task) => {
      expect(await task.cancelled()).toBe(EventCode.TASK_CANCELLED);
      task.cancel();
    });
    expect(f.state).toBe(SubtaskState.STARTED);
    expect(f.cancel()).toBe('blocked');
    const main = (async () => {
      await rt.awaitSubtask(f);
      expect(f.state).toBe(SubtaskState.CANCELLED_BEFORE_RETURNED);
      expect(f.result).toBeUndefined();
      f.drop();
      // g: waits for a future the caller writes; returns 42 despite the cancel request.
      const [futr, futw] = rt.futureNew<void>(d);
      futr.transfer(c);
      const g = rt.call<number>(c, 'g', async (task) => {
        expect(futr.read()).toBe('blocked');
        expect(await eventOf(rt, futr)).toBe(packCopy(COMPLETED, 0));
        task.return(42);
      });
      expect(g.cancel()).toBe('blocked');
      expect(futw.write(undefined)).toEqual({ result: COMPLETED });
      expect(await rt.awaitSubtask(g)).toBe(42);
      expect(g.state).toBe(SubtaskState.RETURNED);
    })();
    await rt.drive(main);
  });

  test('drop-stream: dropping an end with a copy still pending traps, even after a partial copy', () => {
    const rt = new Runtime();
    const [sr, sw] = rt.streamNew<number>('number', rt.instance('C'));
    sr.transfer(rt.instance('D'));
    expect(sr.read(100)).toBe('blocked');
    expect(sw.write([0x78, 0x56, 0x34, 0x12])).toEqual(done(COMPLETED, 4));
    expect(() => sr.drop()).toThrow(/cannot drop a stream end while a copy is in progress/);

    const rt2 = new Runtime();
    const [r2, w2] = rt2.streamNew<number>('number', rt2.instance('C'));
    r2.transfer(rt2.instance('D'));
    expect(w2.write([1, 2, 3, 4, 5, 6, 7, 8])).toBe('blocked');
    expect(r2.read(4)).toEqual(done(COMPLETED, 4));
    expect(() => w2.drop()).toThrow(Trap);
    expect(rt2.failure?.message).toMatch(/while a copy is in progress/);
  });

  test('deadlock: a task waiting on a subtask that waits on an empty waitable set ends in a deadlock verdict', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    const f = rt.call<number>(c, 'f', async () => {
      await rt.waitableSet().wait(); // empty set: nothing can ever wake it
    });
    const verdict = rt.drive(rt.awaitSubtask(f), 'D.g');
    await expect(verdict).rejects.toThrow(Deadlock);
    await expect(verdict).rejects.toThrow(/deadlock detected: D.g waits and nothing is scheduled/);
  });

  test('cross-task-future: a future created in one task is read in a later task of the same instance', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    const caller = rt.instance('D');
    let held: ReturnType<Runtime['futureNew']>[0] | null = null;
    const [r, w] = rt.futureNew<unknown>(caller);
    r.transfer(c);
    const t1 = rt.call<void>(c, 'stash', (task) => {
      held = r;
      task.return(undefined);
    });
    expect(t1.state).toBe(SubtaskState.RETURNED);
    const t2 = rt.call<unknown>(c, 'consume', async (task) => {
      expect(held!.read()).toBe('blocked');
      await eventOf(rt, held!);
      task.return(held!.value);
    });
    expect(w.write('hello')).toEqual({ result: COMPLETED });
    expect(await rt.drive(rt.awaitSubtask(t2))).toBe('hello');
  });

  test('same-component-stream-future: numeric streams/futures may loop back inside one instance; char ones trap', () => {
    const rt = new Runtime();
    const m = rt.instance('M');
    const [fr, fw] = rt.futureNew<number>(m);
    expect(fr.read()).toBe('blocked');
    expect(fw.write(42)).toEqual({ result: COMPLETED });
    const [sr, sw] = rt.streamNew<number>('number', m);
    expect(sw.write([1, 2, 3, 4, 5, 6, 7, 8])).toBe('blocked');
    expect(sr.read(8)).toEqual({ result: COMPLETED, progress: 8, values: [1, 2, 3, 4, 5, 6, 7, 8] });

    const [cr, cw] = rt.futureNew<string>(m, 'other');
    expect(cr.read()).toBe('blocked');
    expect(() => cw.write('x')).toThrow(/cannot read from and write to a non-numeric future inside one instance/);
  });

  test('drop-waitable-set: dropping a set while a task waits on it traps', async () => {
    const rt = new Runtime();
    const ws = rt.waitableSet();
    void ws.wait();
    expect(() => ws.drop()).toThrow(/while a task waits on it/);
  });

  test('empty-wait: a task may wait on an empty set and is woken once a member joins with an event', async () => {
    const rt = new Runtime();
    const ws = rt.waitableSet();
    const [r, w] = rt.futureNew<number>(rt.instance('A'));
    r.transfer(rt.instance('B'));
    const waiting = ws.wait();
    expect(r.read()).toBe('blocked');
    expect(w.write(7)).toEqual({ result: COMPLETED });
    r.join(ws);
    const ev = await rt.drive(waiting);
    expect(ev).toEqual({ code: EventCode.FUTURE_READ, waitable: r, payload: packCopy(COMPLETED, 0) });
    expect(r.value).toBe(7);
  });

  test('trap-if-done: reading a stream end after it reported DROPPED traps', () => {
    const rt = new Runtime();
    const [sr, sw] = rt.streamNew<number>('number', rt.instance('A'));
    sr.transfer(rt.instance('B'));
    sw.drop();
    expect(sr.read(1)).toEqual(done(DROPPED, 0));
    expect(() => sr.read(1)).toThrow(/after it reported DROPPED/);
  });

  test('backpressure (cancellable / subtasks): a call held by backpressure stays STARTING and can be cancelled before starting', async () => {
    const rt = new Runtime();
    const c = rt.instance('C');
    c.backpressureInc();
    const order: string[] = [];
    const a = rt.call<number>(c, 'a', (t) => (order.push('a'), t.return(1)));
    const b = rt.call<number>(c, 'b', (t) => (order.push('b'), t.return(2)));
    expect([a.state, b.state]).toEqual([SubtaskState.STARTING, SubtaskState.STARTING]);
    expect(a.cancel()).toBe(SubtaskState.CANCELLED_BEFORE_STARTED);
    c.backpressureDec();
    expect(await rt.drive(rt.awaitSubtask(b))).toBe(2);
    expect(order).toEqual(['b']);
  });
});

describe('stream handles over the canonical operations', () => {
  test('stream.read / stream.write return BLOCKED, or result | progress << 4 for a copy that ended at once', () => {
    const rt = new Runtime();
    const [sr, sw] = rt.streamNew<number>('number', rt.instance('W'));
    sr.transfer(rt.instance('R'));
    expect(sr.copy(4)).toBe(BLOCKED);
    expect(sw.copy([1, 2, 3, 4, 5, 6])).toBe(packCopy(COMPLETED, 4));
    expect(sw.copy([7])).toBe(BLOCKED);
    expect(sr.getPendingEvent().payload).toBe(packCopy(COMPLETED, 4));
    sr.drop();
    expect(sw.getPendingEvent().payload).toBe(packCopy(DROPPED, 0));
  });

  test('a blocked read settles in the delivery step of its event: what awaits it runs before any later step', async () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const rt = new Runtime({ seed });
      const { tx, rx } = stream(rt, rt.instance('W'));
      rx.transfer(rt.instance('R'));
      const log: string[] = [];
      const reader = (async () => {
        const c = await rx.read({ count: 8 });
        log.push(`read ${Array.from(c ?? []).join(',')}`);
      })();
      const writer = (async () => {
        await tx.write(new Uint8Array([1, 2]));
        // Ready at the same instant as the read's delivery: the seed picks which runs first.
        rt.loop.post('other', () => log.push(rx.end.hasPendingEvent() ? 'other, read not delivered' : 'other, read delivered'));
      })();
      await rt.drive(Promise.all([reader, writer]));
      await rt.quiesce();
      orders.add(log.join(' / '));
      // Once the read's event was delivered, its continuation ran before the next step.
      expect(['read 1,2 / other, read delivered', 'other, read not delivered / read 1,2']).toContain(log.join(' / '));
    }
    expect(orders.size).toBe(2);
  });
});

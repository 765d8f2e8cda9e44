// WaitGroup and Semaphore: across real worker threads, and loud on misuse.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Semaphore, WaitGroup } from '../../dist/index.js';

const script = new URL('../fixtures/scripts/sync-worker.mjs', import.meta.url);
let workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
  workers = [];
});

function start(workerData: Record<string, unknown>): Worker {
  const worker = new Worker(script, { workerData });
  workers.push(worker);
  return worker;
}

const counters = () => new Int32Array(new SharedArrayBuffer(16));

describe('WaitGroup', () => {
  it('waitAsync resolves once every worker called done()', async () => {
    const wg = new WaitGroup();
    const c = counters();
    wg.add(8);
    for (let id = 1; id <= 8; id++) start({ op: 'done-after-work', state: wg.state, counters: c, id });
    await wg.waitAsync();
    expect(wg.count).toBe(0);
    expect(Atomics.load(c, 0)).toBe(36); // every worker's work is visible after the wait
  });

  it('wait() blocks workers until the main thread counts down', async () => {
    const wg = new WaitGroup();
    const c = counters();
    wg.add(2);
    const released = [0, 1].map(() => {
      const worker = start({ op: 'block-until-zero', state: wg.state, counters: c });
      return new Promise((resolve) => worker.on('message', (m) => m === 'released' && resolve(m)));
    });
    while (Atomics.load(c, 0) < 2) await new Promise((r) => setTimeout(r, 5));
    expect(Atomics.load(c, 1)).toBe(0); // both are blocked
    wg.done();
    expect(Atomics.load(c, 1)).toBe(0); // still one to go
    wg.done();
    await Promise.all(released);
    expect(Atomics.load(c, 1)).toBe(2);
  });

  it('can live in a slot of your own shared memory', async () => {
    const slots = new Int32Array(new SharedArrayBuffer(64));
    const wg = new WaitGroup(slots, 5);
    wg.add(3);
    expect(slots[5]).toBe(3);
    expect(new WaitGroup(slots, 5).count).toBe(3);
  });

  it('fails loudly on a negative counter and leaves it as it was', () => {
    const wg = new WaitGroup();
    expect(() => wg.done()).toThrow(/negative WaitGroup counter/);
    expect(wg.count).toBe(0);
    wg.add(2);
    expect(() => wg.add(-3)).toThrow(RangeError);
    expect(wg.count).toBe(2);
  });

  it('rejects bad arguments', () => {
    expect(() => new WaitGroup(new Int32Array(4))).toThrow(/SharedArrayBuffer/);
    expect(() => new WaitGroup(new Int32Array(new SharedArrayBuffer(8)), 2)).toThrow(RangeError);
    expect(() => new WaitGroup().add(1.5)).toThrow(TypeError);
    expect(() => new WaitGroup().wait(-1)).toThrow(TypeError);
  });

  it('waitAsync honours a signal and a timeout in wait()', async () => {
    const wg = new WaitGroup();
    wg.add(1);
    const controller = new AbortController();
    const waiting = wg.waitAsync({ signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(wg.wait(5)).toBe(false);
    await expect(wg.waitAsync({ signal: 'nope' as never })).rejects.toThrow(TypeError);
  });
});

describe('WaitGroup, seen from another thread', () => {
  it('a refused done() is never visible, not even for a moment', async () => {
    const wg = new WaitGroup();
    const c = counters();
    start({ op: 'watch', state: wg.state, counters: c });
    while (Atomics.load(c, 2) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    // Once, a refused done() stored -1 and then took it back: another thread could see it (and its
    // add(1) would then report the counter reaching zero).
    let refused = 0;
    for (let i = 0; i < 200_000; i++) {
      try {
        wg.done();
      } catch (error) {
        if (error instanceof RangeError) refused++;
      }
    }
    expect(refused).toBe(200_000);
    Atomics.store(c, 0, 1);
    await new Promise((resolve) => workers.at(-1)!.once('exit', resolve));
    expect(Atomics.load(c, 1)).toBe(0);
  });
});

/** The garbage collector, for tests that measure what stays reachable. */
function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('Semaphore', () => {
  it('a waiter on one object is woken by a release on another, after a hand-off on the first', async () => {
    const a = new Semaphore(1);
    await a.acquire();
    // A waiter on `a`, then a local hand-off: `a`'s wait on the counter is left pending.
    const first = a.acquire();
    a.release();
    await first;
    // A waiter on another object for the same semaphore, then a release through a third.
    const b = Semaphore.from(a.state);
    let woken = false;
    const second = b.acquire().then(() => { woken = true; });
    await new Promise((resolve) => setTimeout(resolve, 5));
    Semaphore.from(a.state).release();
    // Once, that release woke only the oldest wait, `a`'s stale one: `b`'s waiter slept on with a
    // permit free. Every waiter is woken now, and re-checks.
    const deadline = Date.now() + 2000;
    while (!woken && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(woken).toBe(true);
    await second;
    expect(a.available).toBe(0);
    b.release();
  });

  it('hand-offs and aborts leave nothing behind: 100,000 of them keep the heap flat', async () => {
    const collect = gc();
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const round = async (abort: boolean) => {
      const controller = new AbortController();
      const waiting = semaphore.acquire({ signal: controller.signal });
      if (abort) {
        controller.abort();
        await waiting.catch(() => undefined);
      } else {
        semaphore.release(); // handed to the waiter
        await waiting;
      }
    };
    for (let i = 0; i < 2_000; i++) await round(i % 2 === 0); // warm up
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) await round(i % 2 === 0);
    collect();
    const grown = process.memoryUsage().heapUsed - before;
    // Once, each left a pending Atomics.waitAsync behind: about 0.5 KB each, 50 MB in all.
    expect(grown).toBeLessThan(4 << 20);
    expect(semaphore.pending).toBe(0);
    semaphore.release();
    expect(semaphore.available).toBe(1);
  });


  it('never lets more than its limit in at once, across workers', async () => {
    const semaphore = new Semaphore(2);
    const c = counters();
    const finished = Array.from({ length: 6 }, () => {
      const worker = start({ op: 'critical-section', state: semaphore.state, counters: c });
      return new Promise((resolve, reject) => {
        worker.on('message', (m) => m === 'finished' && resolve(m));
        worker.on('error', reject);
      });
    });
    await Promise.all(finished);
    expect(Atomics.load(c, 2)).toBe(6);
    expect(Atomics.load(c, 1)).toBeLessThanOrEqual(2);
    expect(Atomics.load(c, 1)).toBeGreaterThanOrEqual(1);
    expect(semaphore.available).toBe(2);
  });

  it('wakes a waiter on this thread when a worker releases', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const waiting = semaphore.acquire();
    expect(semaphore.pending).toBe(1);
    start({ op: 'release', state: semaphore.state });
    await waiting; // only the worker's release can satisfy it
    expect(semaphore.available).toBe(0);
    semaphore.release();
    expect(semaphore.available).toBe(1);
  });

  it('serves waiters first in, first out, and tryAcquire does not jump the queue', async () => {
    const semaphore = new Semaphore(1);
    expect(semaphore.tryAcquire()).toBe(true);
    const order: number[] = [];
    const waiters = [0, 1, 2].map((i) => semaphore.acquire().then(() => order.push(i)));
    expect(semaphore.pending).toBe(3);
    semaphore.release();
    expect(semaphore.tryAcquire()).toBe(false);
    await waiters[0];
    semaphore.release();
    await waiters[1];
    semaphore.release();
    await waiters[2];
    semaphore.release();
    expect(order).toEqual([0, 1, 2]);
    expect(semaphore.available).toBe(1);
  });

  it('an aborted acquire rejects with the reason and holds no permit', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    expect(semaphore.pending).toBe(0);
    semaphore.release();
    expect(semaphore.available).toBe(1);
    await expect(semaphore.acquire({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(semaphore.available).toBe(1);
  });

  it('fails loudly on a release beyond the limit and on bad arguments', async () => {
    const semaphore = new Semaphore(2);
    expect(() => semaphore.release()).toThrow(/released more times than acquired/);
    expect(semaphore.available).toBe(2);
    for (const bad of [0, -1, 1.5, NaN, 2 ** 31]) expect(() => new Semaphore(bad)).toThrow(RangeError);
    expect(() => new Semaphore('2' as never)).toThrow(TypeError);
    expect(() => new Semaphore(new Int32Array(new SharedArrayBuffer(4)))).toThrow(RangeError);
    await expect(semaphore.acquire({ signal: {} as never })).rejects.toThrow(/`signal` to be an AbortSignal/);
  });
});

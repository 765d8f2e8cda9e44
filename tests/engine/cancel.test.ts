// Abort: the call rejects with signal.reason, workers stop at the next chunk boundary, and the engine
// is idle and correct right after. Every promise settles; no listener is left on the signal.
import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum } from '../../dist/index.js';
import { until } from '../fixtures/engine.js';

const engine = new ParallelSum({ maxWorkers: 2 });
afterAll(() => engine.close());

// 32M doubles = 1024 chunks: hundreds of milliseconds even on a busy machine.
const n = 32 * 1024 * 1024;
const chunks = n / 32768;
const big = engine.alloc(Float64Array, n).fill(0.5);

describe('cancellation', () => {
  it('stops a running sum mid-way', async () => {
    const before = engine.stats().chunks;
    const controller = new AbortController();
    const promise = engine.sum(big, { signal: controller.signal });
    const outcome = promise.then(() => 'resolved', (error: unknown) => error);
    await until(() => engine.stats().chunks > before);   // workers are summing
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(engine.stats().chunks - before).toBeLessThan(chunks);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(await engine.sum(big)).toBe(n / 2);
  });

  it('rejects with the caller\'s own reason', async () => {
    const controller = new AbortController();
    const reason = new Error('changed my mind');
    const promise = engine.sum(big, { signal: controller.signal });
    controller.abort(reason);
    await expect(promise).rejects.toBe(reason);
  });

  it('rejects an already-aborted signal before any work', async () => {
    const fresh = new ParallelSum({ maxWorkers: 2 });
    const xs = fresh.alloc(Float64Array, 1 << 20).fill(1);
    await expect(fresh.sum(xs, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fresh.stats()).toMatchObject({ workers: 0, chunks: 0, pending: 0 });
    await fresh.close();
  });

  it('takes a queued call out of the queue without disturbing the running one', async () => {
    const one = new ParallelSum({ maxWorkers: 1 });
    const xs = one.alloc(Float64Array, 4 << 20).fill(1);
    const first = one.sum(xs);
    const controller = new AbortController();
    const second = one.sum(xs, { signal: controller.signal });
    await until(() => one.stats().queued === 1);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(one.stats().queued).toBe(0);
    expect(await first).toBe(4 << 20);
    expect(await one.sum(xs)).toBe(4 << 20);
    await one.close();
  });

  it('stops a long sum on the calling thread (an ordinary array) between slices', async () => {
    const plain = new Float64Array(n).fill(1);
    const controller = new AbortController();
    const promise = engine.sum(plain, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(await engine.sum(plain.subarray(0, 1000))).toBe(1000);
  });

  it('resolves normally when the signal never aborts, and removes its listener', async () => {
    const controller = new AbortController();
    expect(await engine.sum(big, { signal: controller.signal })).toBe(n / 2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('survives many aborts in a row with the engine staying correct', async () => {
    for (let i = 0; i < 20; i++) {
      const controller = new AbortController();
      const promise = engine.sum(big, { signal: controller.signal });
      if (i % 2 === 0) controller.abort();
      else setImmediate(() => controller.abort());
      await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    }
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
    expect(await engine.sum(big)).toBe(n / 2);
  });
});

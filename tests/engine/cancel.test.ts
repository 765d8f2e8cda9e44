// Abort: the call rejects with signal.reason, workers stop at the next chunk boundary, and the engine
// is idle and correct right after. Every promise settles; no listener is left on the signal, and one
// signal may be shared by any number of calls.
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { debug, expectPaths, kChunkDoubles, sizes, testEngine, until } from '../fixtures/engine.js';

// The schedule fuzzer slows the workers (random pauses at every step of a chunk), so that an abort
// lands while a sum is running however fast or loaded the machine is.
const engine = testEngine({ maxWorkers: 2, fuzz: 3 });
const n = 8 * sizes.workers;
const chunks = Math.ceil(n / kChunkDoubles);
const big = engine.alloc(Float64Array, n).fill(0.5);

const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => { process.on('warning', onWarning); });
afterEach(() => {
  process.off('warning', onWarning);
  expect(warnings.splice(0)).toEqual([]);
});

describe('cancellation', () => {
  it('stops a running sum mid-way', async () => {
    const before = engine.stats().chunks;
    const controller = new AbortController();
    const outcome = expectPaths(engine, { workers: 1 }, () => engine.sum(big, { signal: controller.signal }))
      .then(() => 'resolved', (error: unknown) => error);
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

  it('rejects with the caller\'s own reason, whatever it is', async () => {
    for (const reason of [new Error('changed my mind'), 'a string', 42, { code: 7 }, null]) {
      const controller = new AbortController();
      const promise = engine.sum(big, { signal: controller.signal });
      controller.abort(reason);
      await expect(promise).rejects.toBe(reason);
    }
  });

  it('rejects an already-aborted signal before any work', async () => {
    const fresh = testEngine({ maxWorkers: 2 });
    const xs = fresh.alloc(Float64Array, sizes.workers).fill(1);
    for (const data of [xs, xs.subarray(0, sizes.inline), [1, 2, 3]]) {
      await expect(fresh.sum(data, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    }
    expect(fresh.stats()).toMatchObject({ workers: 0, chunks: 0, pending: 0 });
    expect(debug(fresh).paths()).toMatchObject({ inline: 0, assisted: 0, workers: 0, sliced: 0 });
  });

  it('takes a queued call out of the queue without disturbing the running one', async () => {
    const one = testEngine({ maxWorkers: 1, fuzz: 4 });
    const xs = one.alloc(Float64Array, 4 * sizes.workers).fill(1);
    const first = one.sum(xs);
    const controller = new AbortController();
    const second = one.sum(xs, { signal: controller.signal });
    await until(() => one.stats().queued === 1);
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(one.stats().queued).toBe(0);
    expect(await first).toBe(4 * sizes.workers);
    expect(await one.sum(xs)).toBe(4 * sizes.workers);
  });

  it('stops a long sum on the calling thread (an ordinary array) between slices', async () => {
    const plain = new Float64Array(n).fill(1);
    const controller = new AbortController();
    const promise = expectPaths(engine, { sliced: 1 }, () => engine.sum(plain, { signal: controller.signal }));
    setImmediate(() => controller.abort());
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(await engine.sum(plain.subarray(0, 1000))).toBe(1000);
  });

  it('resolves normally when the signal never aborts, and removes its listener', async () => {
    const controller = new AbortController();
    expect(await engine.sum(big, { signal: controller.signal })).toBe(n / 2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('one signal shared by many calls: one listener, no warning, every call rejects with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('all of them');
    const calls = Array.from({ length: 40 }, (_, i) => engine.sum(i % 2 ? big : Array.from({ length: 10 }, () => 1),
      { signal: controller.signal, maxWorkers: 1 + (i % 2) }));
    // Node warns (MaxListenersExceededWarning) past 10 listeners for one event: there is only one.
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
    controller.abort(reason);
    const outcomes = await Promise.allSettled(calls);
    // The small ones finished synchronously, before the abort; every other one rejects with the reason.
    for (const [i, outcome] of outcomes.entries()) {
      if (i % 2 === 0) expect(outcome).toEqual({ status: 'fulfilled', value: 10 });
      else expect(outcome).toEqual({ status: 'rejected', reason });
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });

  it('AbortSignal.timeout and AbortSignal.any', async () => {
    await expect(engine.sum(big, { signal: AbortSignal.timeout(1) })).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const any = AbortSignal.any([controller.signal, AbortSignal.timeout(60_000)]);
    const promise = engine.sum(big, { signal: any });
    controller.abort('stop');
    await expect(promise).rejects.toBe('stop');
    expect(await engine.sum(big, { signal: AbortSignal.any([AbortSignal.timeout(60_000)]) })).toBe(n / 2);
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
    expect(debug(engine).waiting()).toBe(0);
    expect(await engine.sum(big)).toBe(n / 2);
  });
});

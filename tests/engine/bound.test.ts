// The worker bound: never more than maxWorkers threads, whatever the load; calls beyond it queue in
// FIFO order and all settle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debug, expectPaths, kChunkBytes, kChunkDoubles, sizes, testEngine, tick } from '../fixtures/engine.js';

/** OS threads of this process (Linux), as an independent witness of the thread count. */
function osThreads(): number | undefined {
  try {
    return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
  } catch {
    return undefined;
  }
}


describe('the worker bound', () => {
  it('holds under 100 concurrent calls', async () => {
    const baseline = osThreads();
    const engine = testEngine({ maxWorkers: 3 });
    const n = sizes.workers; // queued for the workers (smaller sums are run by the calling thread)
    const xs = engine.alloc(Float64Array, n).fill(2);
    let peakWorkers = 0, peakBusy = 0, peakThreads = 0, sawQueue = false;
    let done = false;
    const watcher = (async () => {
      while (!done) {
        const { workers, busy, queued } = engine.stats();
        peakWorkers = Math.max(peakWorkers, workers);
        peakBusy = Math.max(peakBusy, busy);
        sawQueue ||= queued > 0;
        peakThreads = Math.max(peakThreads, osThreads() ?? 0);
        await tick();
      }
    })();
    const results = await expectPaths(engine, { workers: 100 },
      () => Promise.all(Array.from({ length: 100 }, (_, i) => engine.sum(xs, { maxWorkers: 1 + (i % 4) }))));
    done = true;
    await watcher;
    expect(results.every((r) => r === 2 * n)).toBe(true);
    expect(peakWorkers).toBeLessThanOrEqual(3);
    expect(peakBusy).toBeLessThanOrEqual(3);
    expect(engine.stats().workers).toBeLessThanOrEqual(3);
    expect(sawQueue).toBe(true);
    if (baseline !== undefined) expect(peakThreads - baseline).toBeLessThanOrEqual(3);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });

  it('serves queued calls first in, first out', async () => {
    const engine = testEngine({ maxWorkers: 1 });
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    const order: number[] = [];
    await expectPaths(engine, { workers: 12 },
      () => Promise.all(Array.from({ length: 12 }, (_, i) => engine.sum(xs).then(() => order.push(i)))));
    expect(order).toHaveLength(12);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('uses no more workers than a call allows, nor than it has chunks', async () => {
    const engine = testEngine({ maxWorkers: 4 });
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    await expectPaths(engine, { workers: 1 }, () => engine.sum(xs, { maxWorkers: 2 }));
    expect(engine.stats().workers).toBe(2);
    // A 3-chunk sum queued for the workers (thresholds moved below it) takes 3 threads at most.
    const few = testEngine({ maxWorkers: 4 });
    debug(few).inlineBytes(kChunkBytes);
    debug(few).assistBytes(2 * kChunkBytes);
    const small = few.alloc(Float64Array, 3 * kChunkDoubles).fill(1);
    expect(await expectPaths(few, { workers: 1 }, () => few.sum(small, { maxWorkers: 4 }))).toBe(3 * kChunkDoubles);
    expect(few.stats().workers).toBeLessThanOrEqual(3);
  });

  it('caps a per-call maxWorkers above the engine\'s at the engine\'s', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(xs, { maxWorkers: 64 }))).toBe(sizes.workers);
    expect(engine.stats().workers).toBeLessThanOrEqual(2);
  });
});

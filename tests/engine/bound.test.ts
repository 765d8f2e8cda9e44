// The worker bound: never more than maxWorkers threads, whatever the load; calls beyond it queue in
// FIFO order and all settle.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum } from '../../dist/index.js';
import { tick } from '../fixtures/engine.js';

/** OS threads of this process (Linux), as an independent witness of the thread count. */
function osThreads(): number | undefined {
  try {
    return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
  } catch {
    return undefined;
  }
}

const engines: ParallelSum[] = [];
afterAll(() => Promise.all(engines.map((engine) => engine.close())));

describe('the worker bound', () => {
  it('holds under 100 concurrent calls', async () => {
    const baseline = osThreads();
    const engine = new ParallelSum({ maxWorkers: 3 });
    engines.push(engine);
    const n = 1 << 22; // 32 MiB: queued for the workers (smaller sums are run by the calling thread)
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
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => engine.sum(xs, { maxWorkers: 1 + (i % 4) })));
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
    const engine = new ParallelSum({ maxWorkers: 1 });
    engines.push(engine);
    const xs = engine.alloc(Float64Array, 4 << 20).fill(1);
    const order: number[] = [];
    await Promise.all(Array.from({ length: 12 }, (_, i) => engine.sum(xs).then(() => order.push(i))));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('uses no more workers than a call allows, nor than it has chunks', async () => {
    const engine = new ParallelSum({ maxWorkers: 4 });
    engines.push(engine);
    const xs = engine.alloc(Float64Array, 8 << 20).fill(1);
    await engine.sum(xs, { maxWorkers: 2 });
    expect(engine.stats().workers).toBe(2);
    const small = engine.alloc(Float64Array, 3 * 32768);  // 3 chunks, above the inline threshold
    await engine.sum(small, { maxWorkers: 4 });
    expect(engine.stats().workers).toBeLessThanOrEqual(3);
  });

  it('caps a per-call maxWorkers above the engine\'s at the engine\'s', async () => {
    const engine = new ParallelSum({ maxWorkers: 2 });
    engines.push(engine);
    const xs = engine.alloc(Float64Array, 8 << 20).fill(1);
    expect(await engine.sum(xs, { maxWorkers: 64 })).toBe(8 << 20);
    expect(engine.stats().workers).toBeLessThanOrEqual(2);
  });
});

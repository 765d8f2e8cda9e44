// An engine's life: alloc'd memory and its reuse, stats, close (graceful: calls already made finish,
// new ones are refused), and `await using`.
import { describe, expect, it } from 'vitest';
import { EngineClosedError, ParallelSum } from '../../dist/index.js';
import { expectPaths, kChunkDoubles, sizes, testEngine } from '../fixtures/engine.js';

describe('alloc', () => {
  it('returns zeroed views in shared memory that the workers sum without copying', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    const n = 2 * sizes.workers + 2 * kChunkDoubles - 22; // whole chunks; its half is a parallel sum too
    const a = engine.alloc(Float64Array, n);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.every((x) => x === 0)).toBe(true);
    a.fill(3);
    const before = engine.stats().chunks;
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(a))).toBe(3 * n);
    expect(engine.stats().chunks - before).toBe(n / kChunkDoubles); // in 256 KiB chunks, on the parallel path
    // A subarray of an allocated view is in shared memory too.
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(a.subarray(1000, 1000 + n / 2)))).toBe(1.5 * n);
    // Memory handed back is reused, and zeroed again.
    engine.free(a);
    const b = engine.alloc(Float64Array, n);
    expect(b.byteOffset).toBe(a.byteOffset);
    expect(b.every((x) => x === 0)).toBe(true);
    expect(engine.stats().memory.used).toBeGreaterThanOrEqual(8 * n);
  });

  it('grows the memory on demand and keeps earlier views valid', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    const first = engine.alloc(Int32Array, 1000).fill(7);
    const size = engine.stats().memory.size;
    const big = engine.alloc(Float32Array, 2 * sizes.workers).fill(0.5); // the memory must grow
    expect(engine.stats().memory.size).toBeGreaterThan(size);
    expect(await expectPaths(engine, { inline: 1 }, () => engine.sum(first))).toBe(7000);
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(big))).toBe(sizes.workers);
  });

  it('works for every element type', async () => {
    const engine = new ParallelSum({ maxWorkers: 2 });
    for (const ctor of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
      Uint32Array, Float32Array, Float64Array] as const) {
      const view = engine.alloc(ctor, 300_000).fill(2);
      expect(view).toBeInstanceOf(ctor);
      expect(await engine.sum(view)).toBe(600_000);
    }
    const wide = engine.alloc(BigInt64Array, 300_000).fill(-2n);
    expect(await engine.sum(wide)).toBe(-600_000n);
    expect(engine.alloc(Float64Array, 0).length).toBe(0);
    await engine.close();
  });
});

describe('close', () => {
  it('lets calls already made finish, refuses new ones, and ends every thread', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    const running = expectPaths(engine, { workers: 3 }, () => Promise.all([engine.sum(xs), engine.sum(xs), engine.sum(xs)]));
    const closed = engine.close();
    expect(engine.close()).toBe(closed);
    await expect(engine.sum(xs)).rejects.toBeInstanceOf(EngineClosedError);
    expect(() => engine.alloc(Float64Array, 1)).toThrow(EngineClosedError);
    expect(await running).toEqual([sizes.workers, sizes.workers, sizes.workers]);
    await closed;
    expect(engine.stats()).toMatchObject({ workers: 0, busy: 0, pending: 0 });
    engine.free(xs); // giving memory back after close is allowed
  });

  it('closes an engine that never started a worker', async () => {
    const engine = new ParallelSum();
    await engine.close();
    await expect(engine.sum([1])).rejects.toThrow(/closed/);
  });

  it('closes at the end of an `await using` block', async () => {
    let seen: ParallelSum | undefined;
    {
      await using engine = new ParallelSum({ maxWorkers: 2 });
      seen = engine;
      const xs = engine.alloc(Float64Array, 4 << 20).fill(1);
      expect(await engine.sum(xs)).toBe(4 << 20);
      expect(engine.stats().workers).toBeGreaterThan(0);
    }
    expect(seen.stats().workers).toBe(0);
    await expect(seen.sum([1])).rejects.toBeInstanceOf(EngineClosedError);
  });
});

describe('stats', () => {
  it('reports live, busy and queued work', async () => {
    const engine = testEngine({ maxWorkers: 1 });
    expect(engine.stats()).toEqual({
      workers: 0, busy: 0, queued: 0, pending: 0, chunks: 0, fallback: undefined,
      memory: { size: expect.any(Number), used: expect.any(Number), max: 2 ** 32 },
    });
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    const calls = expectPaths(engine, { workers: 3 }, () => {
      const started = [engine.sum(xs), engine.sum(xs), engine.sum(xs)];
      expect(engine.stats().pending).toBe(3);
      return Promise.all(started);
    });
    await calls;
    const chunks = Math.ceil(sizes.workers / kChunkDoubles);
    expect(engine.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0, pending: 0, chunks: 3 * chunks });
  });
});

// precision: 'exact' under the engine's machinery: a worker killed mid-sum (its chunks are summed
// again, the result is still exact), cancellation on the workers and on the calling thread, and bad
// `precision` values, all as in the fast mode.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parallelSum, type ParallelSum } from '../../dist/index.js';
import { doubles } from '../fixtures/data.js';
import { debug, expectPaths, kChunkDoubles, sizes, testEngine, until } from '../fixtures/engine.js';
import { fromFixed, toFixed } from '../fixtures/reference.js';

// With the test thresholds, and the schedule fuzzer slowing the workers down, so that there is time
// to act while they sum however fast the machine is.
const newEngine = (maxWorkers: number, fuzz = 11): ParallelSum => testEngine({ maxWorkers, fuzz });

// 512 chunks, queued for the workers. The data repeats one block of varied doubles, so its exact sum
// is the block's times the number of copies.
const n = 512 * kChunkDoubles;
const block = doubles(1 << 17, 77);
const blockFixed = Array.from(block, toFixed).reduce((a, b) => a + b, 0n);
const expected = fromFixed(blockFixed * BigInt(n / block.length));

function fill(engine: ParallelSum): Float64Array {
  const xs = engine.alloc(Float64Array, n);
  for (let at = 0; at < n; at += block.length) xs.set(block, at);
  return xs;
}

describe('a worker killed mid-sum', () => {
  it('is replaced, its chunks are summed again, and the sum is still exact', async () => {
    const engine = newEngine(2);
    const xs = fill(engine);
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(xs, { precision: 'exact' }))).toBe(expected); // warm: both workers exist
    const before = engine.stats().chunks;
    const promise = engine.sum(xs, { precision: 'exact' });
    await until(() => engine.stats().chunks > before);
    await debug(engine).workers()[0]!.terminate();
    expect(await promise).toBe(expected);
    expect(engine.stats()).toMatchObject({ busy: 0, pending: 0 });
    expect(await engine.sum(xs, { precision: 'exact' })).toBe(expected);
  });

  it('survives losing every worker at once', async () => {
    const engine = newEngine(3);
    const xs = fill(engine);
    await engine.sum(xs, { precision: 'exact' });
    const before = engine.stats().chunks;
    const promise = engine.sum(xs, { precision: 'exact' });
    await until(() => engine.stats().chunks > before);
    await Promise.all(debug(engine).workers().map((worker) => worker.terminate()));
    expect(await promise).toBe(expected);
  });
});

describe('cancellation', () => {
  it('stops an exact sum on the workers mid-way; the engine is idle and exact right after', async () => {
    const engine = newEngine(2);
    const xs = fill(engine);
    const before = engine.stats().chunks;
    const controller = new AbortController();
    const outcome = expectPaths(engine, { workers: 1 }, () => engine.sum(xs, { precision: 'exact', signal: controller.signal }))
      .then(() => 'resolved', (error: unknown) => error);
    await until(() => engine.stats().chunks > before);
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(engine.stats().chunks - before).toBeLessThan(n / kChunkDoubles);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(await engine.sum(xs, { precision: 'exact' })).toBe(expected);
  });

  it('rejects an already-aborted signal before any work', async () => {
    const engine = newEngine(2);
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    await expect(engine.sum(xs, { precision: 'exact', signal: AbortSignal.abort() }))
      .rejects.toMatchObject({ name: 'AbortError' });
    await expect(engine.sum([1, 2], { precision: 'exact', signal: AbortSignal.abort() }))
      .rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.stats()).toMatchObject({ workers: 0, chunks: 0, pending: 0 });
  });

  it('stops a long exact sum on the calling thread between slices, with the caller\'s reason', async () => {
    const engine = newEngine(2);
    const plain = new Float64Array(n).fill(0.1);
    const controller = new AbortController();
    const reason = new Error('enough');
    const promise = expectPaths(engine, { sliced: 1 }, () => engine.sum(plain, { precision: 'exact', signal: controller.signal }));
    setImmediate(() => controller.abort(reason));
    await expect(promise).rejects.toBe(reason);
    expect(await engine.sum(plain.subarray(0, 10), { precision: 'exact' })).toBe(1);
  });
});

describe('bad input', () => {
  const engine = newEngine(2);

  it.each([
    ['a misspelt string', 'exakt', RangeError],
    ['an empty string', '', RangeError],
    ['upper case', 'EXACT', RangeError],
    ['null', null, TypeError],
    ['a number', 1, TypeError],
    ['a boolean', true, TypeError],
    ['an object', { exact: true }, TypeError],
  ])('precision: %s is refused with a message naming `precision`', async (_, precision, type) => {
    const error = await engine.sum([1, 2], { precision: precision as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(/^Expected `precision` to be 'fast' or 'exact', got /);
    await expect(parallelSum([1], { precision: precision as never })).rejects.toBeInstanceOf(type);
  });

  it('a number[] holding a non-number is refused in exact mode too, naming the element', async () => {
    const data: unknown[] = Array.from(doubles(100_000, 1));
    data[70_000] = '3';
    await expect(engine.sum(data as number[], { precision: 'exact' }))
      .rejects.toThrow(/^Expected `data\[70000\]` to be a number, got a string/);
    const sparse = [1, 2, 3];
    delete sparse[1];
    await expect(engine.sum(sparse, { precision: 'exact' })).rejects.toThrow(/a hole/);
    expect(await engine.sum([1, 2, 3], { precision: 'exact' })).toBe(6);
  });

  it('bad data is refused in exact mode as in fast mode', async () => {
    await expect(engine.sum(null as never, { precision: 'exact' })).rejects.toBeInstanceOf(TypeError);
    await expect(engine.sum(new DataView(new ArrayBuffer(8)) as never, { precision: 'exact' }))
      .rejects.toBeInstanceOf(TypeError);
  });
});

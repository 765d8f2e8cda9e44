// Memory that grows: between jobs and while they run, with threads (workers, and the calling thread's
// own runner) that took their views of the memory before the growth. A thread must see a job block
// whole whatever growth happened since it last looked; once, a block whose header lay inside a thread's
// old view and whose chunk states lay past it made the thread throw (a rejected sum, or a worker that
// died and was replaced).
import { describe, expect, it } from 'vitest';
import type { ParallelSum } from '../../dist/index.js';
import { assistedPath, debug, expectPaths, sizes, testEngine } from '../fixtures/engine.js';

/**
 * Fills the engine's memory up to `room` bytes below its current end, so that the next block (a job's)
 * starts there and runs past the end: the memory grows under it, and its header lies inside the views
 * threads took before.
 */
function leaveRoom(engine: ParallelSum, room: number): Uint8Array {
  const probe = engine.alloc(Uint8Array, 1);
  const start = probe.byteOffset;
  engine.free(probe);
  const end = engine.stats().memory.size;
  const filler = engine.alloc(Uint8Array, end - room - start);
  expect(filler.byteOffset + filler.byteLength).toBe(end - room);
  expect(engine.stats().memory.size).toBe(end);
  return filler;
}

describe('a job block across the end of the memory a thread last saw', () => {
  for (const precision of ['fast', 'exact'] as const) {
    it(`on the calling thread beside a worker and on workers started before the growth (${precision})`, async () => {
      const engine = testEngine({ maxWorkers: 1 });
      const mid = engine.alloc(Float64Array, sizes.assisted).fill(1);
      const big = engine.alloc(Float64Array, sizes.workers).fill(2);
      // The worker and the calling thread's runner take their views of the memory as it is now.
      await engine.ready({ workers: 1 });
      const workers = debug(engine).workers();
      for (const [view, path, total] of [[mid, assistedPath, sizes.assisted], [big, 'workers', 2 * sizes.workers]] as const) {
        const filler = leaveRoom(engine, 128); // room for a job header (128 bytes) and no more
        const size = engine.stats().memory.size;
        expect(await expectPaths(engine, { [path]: 1 }, () => engine.sum(view, { precision }))).toBe(total);
        expect(engine.stats().memory.size).toBeGreaterThan(size); // the job's block grew the memory
        engine.free(filler);
      }
      // Nobody died on the way: the same thread did the work, and no round was spent recovering.
      expect(debug(engine).workers()).toEqual(workers);
      expect(debug(engine).workers()[0]).toBe(workers[0]);
      expect(engine.stats()).toMatchObject({ workers: 1, busy: 0, pending: 0, fallback: undefined });
    });
  }
});

describe('growth while jobs run', () => {
  it('sums stay right while other calls allocate, grow and free memory, on every path', async () => {
    // The fuzzer makes the workers pause at random points, so allocations land at every moment of a job.
    const engine = testEngine({ maxWorkers: 2, fuzz: 5 });
    const base = engine.alloc(Float64Array, sizes.workers).fill(1);
    await engine.ready({ workers: 2 });
    const workers = debug(engine).workers();
    const pending: Array<Promise<void>> = [];
    const check = (promise: Promise<number>, expected: number) => {
      const checked = promise.then((got) => expect(got).toBe(expected));
      pending.push(checked);
      return checked;
    };
    const views: Array<{ view: Float64Array; summed: Promise<void> }> = [];
    for (let round = 0; round < 24; round++) {
      check(engine.sum(base), sizes.workers);
      check(engine.sum(base, { precision: 'exact' }), sizes.workers);
      // New views past the old end of the memory; older ones are freed once their sums settled (a view
      // must not be freed while a sum over it runs), leaving holes for later blocks.
      const n = round % 3 === 0 ? sizes.workers : round % 3 === 1 ? sizes.assisted : sizes.inline;
      const view = engine.alloc(Float64Array, n + round).fill(round);
      views.push({ view, summed: check(engine.sum(view), round * (n + round)) });
      if (views.length > 4) {
        const old = views.shift()!;
        void old.summed.then(() => engine.free(old.view));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    expect(engine.stats().memory.size).toBeGreaterThan(sizes.workers * 8 * 3);
    expect(debug(engine).workers()).toEqual(workers);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0, fallback: undefined });
  });
});

// Each engine suite runs in two projects (vitest.config.ts): with Atomics.waitAsync, and without it,
// where the last participant of a round posts a message. This pins which one this run exercises, and
// what once went wrong without waitAsync: a "finished" message from an earlier round, keyed by the
// job block's reused address, ended a later round early and returned the earlier job's partials.
import { describe, expect, it } from 'vitest';
import { capabilities } from '../../dist/index.js';
import { assistedPath, debug, expectPaths, kChunkDoubles, sizes, testEngine } from '../fixtures/engine.js';

const message = typeof (Atomics as { waitAsync?: unknown }).waitAsync !== 'function';

describe(`the wake-up mechanism (${message ? 'message' : 'waitAsync'})`, () => {
  it('is the one this project runs with', () => {
    expect(capabilities().wakeUp).toBe(message ? 'message' : 'waitAsync');
  });

  it('alternating mid-size and queued sums of different data all return their own sums', async () => {
    // The schedule fuzzer makes workers pause at random points, so that rounds end every way: the
    // calling thread storing the last chunk, a worker storing it within the calling thread's spin, or
    // after it (only then does the calling thread wait for the message).
    const engine = testEngine({ maxWorkers: 2, fuzz: 9 });
    // Different data per size, so a result taken from another job's partials shows.
    const a = engine.alloc(Float64Array, sizes.assisted).fill(1);
    const b = engine.alloc(Float64Array, sizes.assisted + kChunkDoubles).fill(2);
    const c = engine.alloc(Float64Array, sizes.workers).fill(3);
    await engine.ready({ workers: 2 });
    const expected = new Map<Float64Array, number>([[a, a.length], [b, 2 * b.length], [c, 3 * c.length]]);
    const order = [a, b, c, b, a, c];
    for (let round = 0; round < 120; round++) {
      const view = order[round % order.length]!;
      const path = view === c ? 'workers' : assistedPath;
      expect(await expectPaths(engine, { [path]: 1 }, () => engine.sum(view))).toBe(expected.get(view));
    }
    // Concurrently too: the queued sums wait for the workers while the mid-size ones run beside them.
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => engine.sum(order[i % order.length]!)));
    results.forEach((r, i) => expect(r).toBe(expected.get(order[i % order.length]!)));
    // No round is left waiting for a message.
    expect(debug(engine).waiting()).toBe(0);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });
});

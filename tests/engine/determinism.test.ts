// The result depends on the data only: the same bits for every worker count and every run, because
// chunks have a fixed size and their partials are combined in chunk order.
import { describe, expect, it } from 'vitest';
import { mirrorArray } from '../../src/kinds/mirror.js';
import { doubles } from '../fixtures/data.js';
import { assistedPath, expectPaths, kChunkDoubles, sizes, testEngine } from '../fixtures/engine.js';

const engine = testEngine({ maxWorkers: 8 });

describe('determinism', () => {
  // 140 chunks and a ragged tail (queued for the workers), values over six decades so that order matters.
  const n = 140 * kChunkDoubles + 12345;
  const data = doubles(n, 42);
  const shared = engine.alloc(Float64Array, n);
  shared.set(data);

  it('the data is order-sensitive (so the test below could fail)', () => {
    const values = Array.from(data);
    expect(mirrorArray(values.slice().reverse(), 0, n)).not.toBe(mirrorArray(values, 0, n));
  });

  it('gives identical bits for maxWorkers 1 to 8, three runs each, and on the calling thread', async () => {
    const results: number[] = [];
    for (let maxWorkers = 1; maxWorkers <= 8; maxWorkers++) {
      for (let run = 0; run < 3; run++) results.push(await expectPaths(engine, { workers: 1 }, () => engine.sum(shared, { maxWorkers })));
    }
    // An ordinary array: summed on the calling thread.
    results.push(await expectPaths(engine, { sliced: 1 }, () => engine.sum(data)));
    expect(engine.stats().workers).toBeGreaterThan(1);
    expect(new Set(results.map((r) => r.toString(16) + (Object.is(r, -0) ? '-' : ''))).size).toBe(1);
  });

  it('gives the same bits for a mid-size sum, where the calling thread works beside the workers', async () => {
    const mid = shared.subarray(1000, 1000 + sizes.assisted);
    const expected = engine.sumSync(data.subarray(1000, 1000 + sizes.assisted));
    for (let maxWorkers = 1; maxWorkers <= 8; maxWorkers++) {
      expect(await expectPaths(engine, { [assistedPath]: 1 }, () => engine.sum(mid, { maxWorkers }))).toBe(expected);
    }
  });

  it('gives identical bits under concurrency (calls interleaving on the same workers)', async () => {
    const expected = await engine.sum(shared);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => engine.sum(shared, { maxWorkers: 1 + (i % 8) })));
    for (const r of results) expect(r).toBe(expected);
  });
});

// Schedule fuzzing: the workers and the calling thread pause at random points of each chunk (claim,
// sum, store, count done, take a task, clear the running flag: src/parallel/fuzz.ts), driven by a seed,
// so that the interleavings a quiet machine never shows happen here: a worker that wakes after the
// calling thread ran out of chunks, the last chunk stored by either side, aborts and new calls landing
// mid-round. Every answer is checked against an independent reference (the documented order written
// out in JavaScript, and exact BigInt sums). `npm run stress` replays many more seeds; FUZZ_SEEDS=n
// runs n here.
import { describe, expect, it } from 'vitest';
import type { ParallelSum } from '../../dist/index.js';
import { doubles, integers, rng } from '../fixtures/data.js';
import { debug, kChunkDoubles, sizes, testEngine } from '../fixtures/engine.js';
import { engineOrderSum } from '../fixtures/lanes.js';
import { referenceIntSum, referenceSum } from '../fixtures/reference.js';

const seeds = Number(process.env.FUZZ_SEEDS ?? 8);

interface Case {
  view: Float64Array | Int32Array;
  fast: number;
  exact: number;
}

function cases(engine: ParallelSum, seed: number): Case[] {
  const out: Case[] = [];
  for (const [i, n] of [sizes.inline, sizes.assisted, sizes.workers, 2 * kChunkDoubles * 5 + 3].entries()) {
    const values = doubles(n, seed * 10 + i);
    const view = engine.alloc(Float64Array, n);
    view.set(values);
    out.push({ view, fast: engineOrderSum(values, kChunkDoubles), exact: referenceSum(values).rounded });
  }
  const ints = integers(Int32Array, sizes.workers + 17, seed) as Int32Array;
  const view = engine.alloc(Int32Array, ints.length);
  view.set(ints);
  const total = Number(referenceIntSum(ints));
  out.push({ view, fast: total, exact: total });
  return out;
}

describe('schedule fuzzing', () => {
  it(`${seeds} seeds: concurrent sums on every path, with aborts, all right and the engine idle after`, async () => {
    for (let seed = 1; seed <= seeds; seed++) {
      const random = rng(seed);
      const engine = testEngine({ maxWorkers: 1 + (seed % 3), fuzz: seed });
      const all = cases(engine, seed);
      const calls: Array<Promise<void>> = [];
      for (let call = 0; call < 24; call++) {
        const c = all[Math.floor(random() * all.length)]!;
        const precision = random() < 0.3 ? 'exact' as const : 'fast' as const;
        const maxWorkers = 1 + Math.floor(random() * 3);
        const controller = random() < 0.2 ? new AbortController() : undefined;
        const promise = engine.sum(c.view, { precision, maxWorkers, signal: controller?.signal });
        const expected = precision === 'exact' ? c.exact : c.fast;
        calls.push(promise.then(
          (got) => expect(Object.is(got, expected), `seed ${seed}, call ${call}: ${got} != ${expected}`).toBe(true),
          (error: unknown) => expect(error, `seed ${seed}, call ${call}`).toBe(controller?.signal.reason),
        ));
        if (controller !== undefined) {
          const delay = random() * 3;
          setTimeout(() => controller.abort(new Error(`abort ${call}`)), delay);
        }
        if (random() < 0.3) await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(calls);
      expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0, fallback: undefined });
      expect(debug(engine).waiting()).toBe(0);
      await engine.close();
    }
  });
});

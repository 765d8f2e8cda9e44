// Property: calls made together give what each gives alone. A batch of 2 to 8 sums of arbitrary kinds,
// sizes, places (engine memory, a subarray of it, an ordinary TypedArray, a number[]), precisions and
// maxWorkers is started at once, with sumSync calls in between, under one of the path regimes
// (tests/fixtures/paths.ts); every result must equal its own independent reference: the documented
// order for fast float sums, the correctly rounded exact sum for precision 'exact', the exact integer
// sum for integers. Calls interleave on the same workers, job blocks and calling-thread buffers.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum, type NumericArray } from '../../dist/index.js';
import { build, f32, f64, fraction, specs } from '../fixtures/arbitraries.js';
import { bigints, integers } from '../fixtures/data.js';
import { engineOrderSum } from '../fixtures/lanes.js';
import '../fixtures/matchers.js';
import { kChunkBytes, regimes, useRegime } from '../fixtures/paths.js';
import { params, timeout } from '../fixtures/property.js';
import { referenceIntSum, referenceSum } from '../fixtures/reference.js';

const engine = new ParallelSum({ maxWorkers: 4 });
afterAll(() => engine.close());

type Type = 'f64' | 'f32' | 'i16' | 'u32' | 'i64';
const ctors = { f64: Float64Array, f32: Float32Array, i16: Int16Array, u32: Uint32Array, i64: BigInt64Array } as const;

const calls = fc.record({
  type: fc.constantFrom<Type>('f64', 'f64', 'f32', 'i16', 'u32', 'i64'),
  // A few elements, or up to 6.5 chunks.
  size: fc.oneof(fc.integer({ min: 0, max: 40 }), fraction.map((f) => ({ chunks: 6.5 * f }))),
  spec: specs(fc.constant(0), f64),
  seed: fc.nat(),
  where: fc.constantFrom('alloc', 'subarray', 'plain', 'array'),
  precision: fc.constantFrom('fast', 'exact'),
  maxWorkers: fc.integer({ min: 1, max: 4 }),
  sync: fc.boolean(),
});

interface Prepared {
  what: string;
  data: NumericArray | number[];
  expected: number | bigint;
  options: { precision: 'fast' | 'exact'; maxWorkers: number };
  sync: boolean;
}

const runs = 25;

describe('concurrent calls', () => {
  it('each give their own reference sum, whatever runs beside them', async () => {
    const batch = fc.record({ calls: fc.array(calls, { minLength: 2, maxLength: 8 }), regime: fc.constantFrom(...regimes) });
    await fc.assert(fc.asyncProperty(batch, async ({ calls: list, regime }) => {
      useRegime(engine, regime);
      const views: NumericArray[] = [];
      try {
        const prepared = list.map((c, i): Prepared => {
          const ctor = ctors[c.type];
          const per = kChunkBytes / ctor.BYTES_PER_ELEMENT;
          const n = typeof c.size === 'number' ? c.size : Math.floor(c.size.chunks * per);
          const values = c.type === 'f64' || c.type === 'f32'
            ? build({ ...c.spec, n }, c.type === 'f64' ? f64 : f32)
            : c.type === 'i64' ? bigints(BigInt64Array, n, c.seed) : integers(ctor as Int16ArrayConstructor, n, c.seed);
          const float = c.type === 'f64' || c.type === 'f32';
          const expected = !float ? (c.type === 'i64' ? referenceIntSum(values) : Number(referenceIntSum(values)))
            : c.precision === 'exact' ? referenceSum(values as Float64Array).rounded
            : engineOrderSum(values as Float64Array, per);
          let data: NumericArray | number[] = values;
          if (c.where === 'alloc' || c.where === 'subarray') {
            const offset = c.where === 'subarray' ? 1 + (c.seed % 31) : 0;
            const view = engine.alloc(ctor as never, n + offset) as NumericArray;
            views.push(view);
            (view as Float64Array).set(values as Float64Array, offset);
            data = view.subarray(offset, offset + n);
          } else if (c.where === 'array' && c.type === 'f64') {
            data = Array.from(values as Float64Array);
          }
          const what = `call ${i}: ${c.type} n = ${n} in ${c.where}, ${c.precision}, maxWorkers ${c.maxWorkers}`;
          return { what, data, expected, options: { precision: c.precision, maxWorkers: c.maxWorkers }, sync: c.sync };
        });
        // All started before any settles; the sumSync calls run between the starts.
        const pending = prepared.map((p) => {
          const started = engine.sum(p.data as Float64Array, p.options);
          if (p.sync) expect(engine.sumSync(p.data as Float64Array, { precision: p.options.precision }), `${p.what} (sumSync)`).toBeSameBits(p.expected);
          return started;
        });
        const results = await Promise.allSettled(pending);
        results.forEach((r, i) => {
          const p = prepared[i]!;
          expect(r.status, p.what).toBe('fulfilled');
          expect((r as PromiseFulfilledResult<number | bigint>).value, `${p.what} (${regime.name})`).toBeSameBits(p.expected);
        });
      } finally {
        for (const view of views) engine.free(view);
      }
    }), params(runs));
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  }, timeout(runs, 1000));
});

// The exact-mode option's public type, checked by the type checker (vitest typecheck).
import { describe, expectTypeOf, it } from 'vitest';
import { ParallelSum, parallelSum, type Precision, type SumOptions } from '../../dist/index.js';

describe('precision', () => {
  it("is 'fast' | 'exact', optional, on parallelSum and engine.sum; results keep their types", () => {
    expectTypeOf<Precision>().toEqualTypeOf<'fast' | 'exact'>();
    expectTypeOf<SumOptions['precision']>().toEqualTypeOf<Precision | undefined>();
    expectTypeOf(parallelSum([1, 2], { precision: 'exact' })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(parallelSum(new Float32Array(1), { precision: 'fast' })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(parallelSum(new BigInt64Array(1), { precision: 'exact' })).toEqualTypeOf<Promise<bigint>>();
    const engine = new ParallelSum();
    expectTypeOf(engine.sum(new Float64Array(1), { precision: 'exact', maxWorkers: 2 })).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error only 'fast' or 'exact'
    void parallelSum([1], { precision: 'exakt' });
    // @ts-expect-error not a boolean
    void engine.sum([1], { precision: true });
  });
});

// The public signatures, checked by the type checker (vitest typecheck).
import { describe, expectTypeOf, it } from 'vitest';
import {
  EngineClosedError, ParallelSum, Semaphore, WaitGroup, WorkerError, alloc, free, parallelSum, sumSync,
  type Stats, type SumOptions, type SumSyncOptions,
} from '../../dist/index.js';

describe('public API types', () => {
  it('parallelSum returns number, or bigint for 64-bit integer arrays', () => {
    expectTypeOf(parallelSum([1, 2, 3])).toEqualTypeOf<Promise<number>>();
    expectTypeOf(parallelSum(new Float32Array(1))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(parallelSum(new Uint8ClampedArray(1))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(parallelSum(new BigInt64Array(1))).toEqualTypeOf<Promise<bigint>>();
    expectTypeOf(parallelSum(new BigUint64Array(1), { maxWorkers: 2 })).toEqualTypeOf<Promise<bigint>>();
    // @ts-expect-error strings are not numbers
    void parallelSum(['1']);
    // @ts-expect-error a DataView is not a TypedArray
    void parallelSum(new DataView(new ArrayBuffer(8)));
  });

  it('options', () => {
    expectTypeOf<SumOptions>().toMatchTypeOf<{ signal?: AbortSignal; maxWorkers?: number }>();
    // @ts-expect-error signal must be an AbortSignal
    void parallelSum([1], { signal: new AbortController() });
  });

  it('ParallelSum', async () => {
    const engine = new ParallelSum({ maxWorkers: 4 });
    expectTypeOf(engine.alloc(Float64Array, 10)).toEqualTypeOf<Float64Array>();
    expectTypeOf(engine.alloc(BigInt64Array, 10)).toEqualTypeOf<BigInt64Array>();
    expectTypeOf(alloc(Int16Array, 10)).toEqualTypeOf<Int16Array>();
    expectTypeOf(engine.sum(engine.alloc(Int32Array, 1))).toEqualTypeOf<Promise<number>>();
    expectTypeOf(engine.stats()).toEqualTypeOf<Stats>();
    expectTypeOf(engine.sumSync(engine.alloc(Int32Array, 1))).toEqualTypeOf<number>();
    expectTypeOf(engine.sumSync([1, 2], { precision: 'exact' })).toEqualTypeOf<number>();
    expectTypeOf(engine.sumSync(new BigUint64Array(1))).toEqualTypeOf<bigint>();
    expectTypeOf(sumSync(new BigInt64Array(1))).toEqualTypeOf<bigint>();
    expectTypeOf(sumSync(new Float32Array(1))).toEqualTypeOf<number>();
    // No worker bound or signal: it runs on the calling thread, start to end.
    expectTypeOf<SumSyncOptions>().not.toHaveProperty('maxWorkers');
    expectTypeOf<SumSyncOptions>().not.toHaveProperty('signal');
    expectTypeOf(engine.ready()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(engine.ready({ workers: 2 })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(engine.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf<Float64Array>().toMatchTypeOf<Parameters<typeof engine.free>[0]>();
    const ctor: Int32ArrayConstructor | Float64ArrayConstructor = Math.random() < 2 ? Int32Array : Float64Array;
    expectTypeOf(engine.alloc(ctor, 1)).toEqualTypeOf<Int32Array | Float64Array>();
    expectTypeOf(free).returns.toBeVoid();
    expectTypeOf(engine[Symbol.asyncDispose]).returns.toEqualTypeOf<Promise<void>>();
  });

  it('sync primitives and errors', () => {
    expectTypeOf(new WaitGroup().waitAsync()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(new WaitGroup().wait).returns.toBeBoolean();
    expectTypeOf(new WaitGroup().state).toEqualTypeOf<Int32Array>();
    expectTypeOf(new Semaphore(2).acquire({ signal: AbortSignal.timeout(1) })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(new Semaphore(2).tryAcquire()).toBeBoolean();
    expectTypeOf(new EngineClosedError()).toMatchTypeOf<Error>();
    expectTypeOf(new WorkerError('x')).toMatchTypeOf<Error>();
  });
});

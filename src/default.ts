import { ParallelSum, type InstanceOf, type NumericArrayConstructor, type SumOptions, type SumSyncOptions } from './engine.js';
import type { BigIntArray, NumericArray } from './kinds.js';

let engine: ParallelSum | undefined;

/** The shared default engine behind `parallelSum`, `alloc` and `free`, created on first use. */
export function defaultEngine(): ParallelSum {
  engine ??= new ParallelSum();
  return engine;
}

/**
 * A zeroed TypedArray in the default engine's shared memory: `parallelSum` sums it on the workers
 * without copying. Give it back with `free()`.
 */
export function alloc<C extends NumericArrayConstructor>(ctor: C, length: number): InstanceOf<C> {
  return defaultEngine().alloc(ctor, length);
}

/** Returns memory from `alloc()` to the default engine. */
export function free(view: NumericArray): void {
  defaultEngine().free(view);
}

/**
 * The sum of `data`, on the shared default engine (created on first use with the default options; its
 * idle workers never keep a process alive). `maxWorkers` is capped at the number of logical CPUs:
 * create a `ParallelSum` for a different bound.
 */
export function parallelSum(data: BigIntArray, options?: SumOptions): Promise<bigint>;
export function parallelSum(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumOptions): Promise<number>;
export function parallelSum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint>;
export function parallelSum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint> {
  let target: ParallelSum;
  try {
    target = defaultEngine();
  } catch (error) {
    return Promise.reject(error);
  }
  return target.sum(data, options);
}

/**
 * The sum of `data`, now, on the calling thread, with the default engine's kernels: no promise, no
 * worker, the same bits as `parallelSum`. For small inputs. In a browser, `await defaultEngine().ready()`
 * once first.
 */
export function sumSync(data: BigIntArray, options?: SumSyncOptions): bigint;
export function sumSync(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumSyncOptions): number;
export function sumSync(data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint;
export function sumSync(data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint {
  return defaultEngine().sumSync(data, options);
}

import { ParallelSum, type SumOptions } from './engine.js';
import type { BigIntArray, NumericArray } from './kinds.js';

let engine: ParallelSum | undefined;

/**
 * The sum of `data`, on the shared default engine (created on first use with the default options; its
 * idle workers never keep a process alive). `maxWorkers` is capped at the number of logical CPUs:
 * create a `ParallelSum` for a different bound.
 */
export function parallelSum(data: BigIntArray, options?: SumOptions): Promise<bigint>;
export function parallelSum(data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumOptions): Promise<number>;
export function parallelSum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint>;
export function parallelSum(data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint> {
  try {
    engine ??= new ParallelSum();
  } catch (error) {
    return Promise.reject(error);
  }
  return engine.sum(data, options);
}

// The functions on a shared default engine (`parallelSum`, `sumSync`, `alloc`, `free`,
// `defaultEngine`), made for one entry point from that entry's own `ParallelSum`: each entry calls
// `defaults()` with its class, so these functions reach their platform through plain imports.
import type { Engine } from './engine.js';
import type { InstanceOf, NumericArrayConstructor, SumOptions, SumSyncOptions } from './options.js';
import type { BigIntArray, NumericArray } from './kinds/kinds.js';
import type { SumStreamFunction } from './streams.js';

/** `parallelSum`: a number, or a bigint for BigInt64Array and BigUint64Array. */
export interface ParallelSumFunction {
  (data: BigIntArray, options?: SumOptions): Promise<bigint>;
  (data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumOptions): Promise<number>;
  (data: readonly number[] | NumericArray, options?: SumOptions): Promise<number | bigint>;
}

/** `sumSync`: as `parallelSum`, returned now. */
export interface SumSyncFunction {
  (data: BigIntArray, options?: SumSyncOptions): bigint;
  (data: readonly number[] | Exclude<NumericArray, BigIntArray>, options?: SumSyncOptions): number;
  (data: readonly number[] | NumericArray, options?: SumSyncOptions): number | bigint;
}

export interface Defaults<E extends Engine> {
  defaultEngine(): E;
  alloc<C extends NumericArrayConstructor>(ctor: C, length: number): InstanceOf<C>;
  free(view: NumericArray): void;
  parallelSum: ParallelSumFunction;
  sumSync: SumSyncFunction;
  sumStream: SumStreamFunction;
  /** `fn` on the default engine; a promise that rejects (never a throw) if the engine cannot be made. */
  later<T>(fn: (engine: E) => Promise<T>): Promise<T>;
}

/** The default-engine functions over one engine made by `create` on first use. */
export function defaults<E extends Engine>(create: () => E): Defaults<E> {
  let engine: E | undefined;
  const defaultEngine = (): E => (engine ??= create());
  const later = <T>(fn: (target: E) => Promise<T>): Promise<T> => {
    let target: E;
    try {
      target = defaultEngine();
    } catch (error) {
      return Promise.reject(error);
    }
    return fn(target);
  };
  return {
    defaultEngine,
    later,
    alloc: (ctor, length) => defaultEngine().alloc(ctor, length),
    free: (view) => defaultEngine().free(view),
    parallelSum: ((data: readonly number[] | NumericArray, options?: SumOptions) =>
      later((target) => target.sum(data, options))) as ParallelSumFunction,
    sumSync: ((data: readonly number[] | NumericArray, options?: SumSyncOptions) =>
      defaultEngine().sumSync(data, options)) as SumSyncFunction,
    sumStream: ((source, options) => later((target) => target.sumStream(source, options))) as SumStreamFunction,
  };
}

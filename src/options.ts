// The public option and result types of the engine, in one place for both entry points.

/** `'fast'`: IEEE double additions, pairwise over chunks; `'exact'`: correctly rounded. */
export type Precision = 'fast' | 'exact';

export interface ParallelSumOptions {
  /** Worker threads at most. Default: the number of logical CPUs (`os.availableParallelism()`). */
  maxWorkers?: number;
  /** Bytes of shared memory at most (a multiple of 64 KiB, up to 4 GiB). Default: 4 GiB. */
  maxMemory?: number;
}

export interface SumOptions {
  /** Cancels the sum: the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Worker threads at most for this call; capped at the engine's `maxWorkers`. */
  maxWorkers?: number;
  /**
   * `'fast'` (default): IEEE double additions, pairwise over chunks. `'exact'`: the exact sum, rounded
   * once to the nearest double, as `Math.sumPrecise` does; the same for every `maxWorkers`.
   */
  precision?: Precision;
}

/** The options of `sumSync`: it runs on the calling thread, so there is no worker bound and nothing to cancel. */
export interface SumSyncOptions {
  /** As for `sum`. */
  precision?: Precision;
}

export interface ReadyOptions {
  /** Worker threads to have started and ready (from 0 to `maxWorkers`). Default: 0. */
  workers?: number;
}

export interface Stats {
  /** Worker threads alive. */
  workers: number;
  /** Worker threads running a sum now. */
  busy: number;
  /** Calls waiting for a worker. */
  queued: number;
  /** Calls in progress (running, queued, or summing on the calling thread). */
  pending: number;
  /** Chunks (256 KiB each) summed on the parallel paths so far: by workers and by the calling thread beside them. */
  chunks: number;
  /**
   * Why sums that would run on worker threads run on the calling thread instead (no shared memory
   * here, or workers that failed to start); undefined while the parallel path is on.
   */
  fallback: string | undefined;
  /** Shared memory: bytes now, bytes allocated, bytes at most. */
  memory: { size: number; used: number; max: number };
}

/** A TypedArray constructor, as accepted by `alloc`. */
export type NumericArrayConstructor =
  | Float64ArrayConstructor | Float32ArrayConstructor
  | Int8ArrayConstructor | Uint8ArrayConstructor | Uint8ClampedArrayConstructor
  | Int16ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor
  | BigInt64ArrayConstructor | BigUint64ArrayConstructor;

/** The TypedArray a constructor makes (distributes over unions). */
export type InstanceOf<C extends NumericArrayConstructor> =
  C extends Float64ArrayConstructor ? Float64Array
    : C extends Float32ArrayConstructor ? Float32Array
    : C extends Int8ArrayConstructor ? Int8Array
    : C extends Uint8ClampedArrayConstructor ? Uint8ClampedArray
    : C extends Uint8ArrayConstructor ? Uint8Array
    : C extends Int16ArrayConstructor ? Int16Array
    : C extends Uint16ArrayConstructor ? Uint16Array
    : C extends Int32ArrayConstructor ? Int32Array
    : C extends Uint32ArrayConstructor ? Uint32Array
    : C extends BigInt64ArrayConstructor ? BigInt64Array
    : BigUint64Array;

// The Node entry: the API on worker_threads. Nothing here runs for its effect: `ParallelSum` passes
// Node's platform to the engine, and the default-engine functions are made from this `ParallelSum`,
// so whatever a program (or a bundler) keeps of this module carries the platform with it.
import { Engine } from './engine.js';
import type { ParallelSumOptions } from './options.js';
import { defaults } from './default.js';
import { nodePlatform } from './endpoint/node.js';
import { capabilitiesOf, type Capabilities } from './capabilities.js';
import { fileReader } from './stream/file.js';
import type { FilePath, StreamSource } from './stream/types.js';
import {
  fileSourceOf, type BigIntArrayConstructor, type FileOptions, type NumberArrayConstructor, type SumFileFunction,
} from './streams.js';

/**
 * An engine: one shared `WebAssembly.Memory`, up to `maxWorkers` worker threads started on demand,
 * and a FIFO queue for calls beyond the bound.
 */
export class ParallelSum extends Engine {
  constructor(options?: ParallelSumOptions) {
    super(nodePlatform, options);
  }

  /**
   * The sum of a file's bytes (or of `length` bytes from `offset`) as elements of `type`, read
   * straight into the engine's ring of buffers: the same bits as `sum` of the same values. A file it
   * opens is closed on every path. See docs/streams.md.
   */
  sumFile(path: FilePath, options: FileOptions & { type: BigIntArrayConstructor }): Promise<bigint>;
  sumFile(path: FilePath, options: FileOptions & { type: NumberArrayConstructor }): Promise<number>;
  sumFile(path: FilePath, options: FileOptions): Promise<number | bigint>;
  sumFile(path: FilePath, options: FileOptions): Promise<number | bigint> {
    let source: StreamSource;
    try {
      source = fileSourceOf(path, options, fileReader);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sumStream(source, options);
  }
}

const shared = /* @__PURE__ */ defaults(() => new ParallelSum());

/**
 * The sum of `data` on the shared default engine (created on first use with the default options; its
 * idle workers never keep a process alive): a number, or a bigint for BigInt64Array/BigUint64Array.
 */
export const parallelSum = shared.parallelSum;

/** The sum of `data`, now, on the calling thread: the same bits as `parallelSum`. For small inputs. */
export const sumSync = shared.sumSync;

/** A zeroed TypedArray in the default engine's shared memory, summed on the workers without copying. */
export const alloc = shared.alloc;

/** Returns memory from `alloc()` to the default engine. */
export const free = shared.free;

/** The shared default engine behind `parallelSum`, `sumSync`, `alloc` and `free`, created on first use. */
export const defaultEngine = shared.defaultEngine;

/** The sum of everything a stream, iterable, Blob or Response gives, on the default engine (docs/streams.md). */
export const sumStream = shared.sumStream;

/** The sum of a file (or a byte range of it) as elements of `type`, on the default engine (docs/streams.md). */
export const sumFile = ((path: FilePath, options: FileOptions) =>
  shared.later((engine) => engine.sumFile(path, options))) as SumFileFunction;

/** What this runtime offers (shared memory, SIMD, Atomics.waitAsync) and which path runs. */
export function capabilities(): Capabilities {
  return capabilitiesOf(nodePlatform);
}

export * from './api.js';

// The public API that does not depend on the platform, shared by both entry points (src/index.ts for
// Node, src/browser.ts for browsers) and listed once so the two can never drift apart. Each entry adds
// what is bound to its platform: `ParallelSum`, the default-engine functions and `capabilities()`.
export type { Capabilities } from './capabilities.js';
export type { ParallelSumOptions, SumOptions, SumSyncOptions, ReadyOptions, Stats, NumericArrayConstructor, InstanceOf } from './engine.js';
export type { ParallelSumFunction, SumSyncFunction } from './default.js';
export { WaitGroup } from './sync/wait-group.js';
export { Semaphore } from './sync/semaphore.js';
export { EngineClosedError, OutOfMemoryError, WorkerError } from './errors.js';
export type { NumericArray, BigIntArray } from './kinds.js';
export type { Precision } from './validate.js';
export { Accumulator } from './accumulator.js';
export type { AccumulatorOptions, AddOptions, AccumulatorMaker, AccumulatorFunction } from './accumulator.js';
export { AccumulatorBusyError } from './errors.js';
export type {
  StreamSource, StreamChunk, StreamProgress, FilePath, FileHandleLike, ReadableStreamLike, ReadableStreamReaderLike,
  BlobLike, ResponseLike,
} from './stream/types.js';
export type {
  StreamOptions, FileOptions, SumStreamFunction, SumFileFunction, BigIntArrayConstructor, NumberArrayConstructor,
} from './streams.js';

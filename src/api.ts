// The public API shared by both entry points (src/index.ts for Node, src/browser.ts for browsers),
// listed once so the two can never drift apart. Each entry adds its platform and `capabilities()`.
export type { Capabilities } from './capabilities.js';
export { ParallelSum, type ParallelSumOptions, type SumOptions, type SumSyncOptions, type ReadyOptions, type Stats, type NumericArrayConstructor, type InstanceOf } from './engine.js';
export { parallelSum, sumSync, alloc, free, defaultEngine } from './default.js';
export { WaitGroup } from './sync/wait-group.js';
export { Semaphore } from './sync/semaphore.js';
export { EngineClosedError, OutOfMemoryError, WorkerError } from './errors.js';
export type { NumericArray, BigIntArray } from './kinds.js';
export type { Precision } from './validate.js';

import { usePlatform } from './engine.js';
import { nodePlatform } from './endpoint/node.js';

usePlatform(nodePlatform);

export { ParallelSum, type ParallelSumOptions, type SumOptions, type Stats, type NumericArrayConstructor, type InstanceOf } from './engine.js';
export { parallelSum, alloc, free, defaultEngine } from './default.js';
export { WaitGroup } from './sync/wait-group.js';
export { Semaphore } from './sync/semaphore.js';
export { EngineClosedError, WorkerError } from './errors.js';
export type { NumericArray, BigIntArray } from './kinds.js';
export type { Precision } from './validate.js';

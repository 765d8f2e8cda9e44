import { usePlatform } from './engine.js';
import { nodePlatform } from './endpoint/node.js';
import { capabilitiesOf, type Capabilities } from './capabilities.js';

usePlatform(nodePlatform);

/** What this runtime offers (shared memory, SIMD, Atomics.waitAsync) and which path runs. */
export function capabilities(): Capabilities {
  return capabilitiesOf(nodePlatform);
}

export type { Capabilities } from './capabilities.js';
export { ParallelSum, type ParallelSumOptions, type SumOptions, type Stats, type NumericArrayConstructor } from './engine.js';
export { parallelSum, alloc, free, defaultEngine } from './default.js';
export { WaitGroup } from './sync/wait-group.js';
export { Semaphore } from './sync/semaphore.js';
export { EngineClosedError, WorkerError } from './errors.js';
export type { NumericArray, BigIntArray } from './kinds.js';

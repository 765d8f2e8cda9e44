// The browser entry (the `browser` export condition): the same API as the Node entry, on Web Workers.
import { usePlatform } from './engine.js';
import { browserPlatform } from './endpoint/browser.js';
import { capabilitiesOf, type Capabilities } from './capabilities.js';

usePlatform(browserPlatform);

/** What this page offers (isolation, shared memory, SIMD, Atomics.waitAsync) and which path runs. */
export function capabilities(): Capabilities {
  return capabilitiesOf(browserPlatform);
}

export type { Capabilities } from './capabilities.js';
export { ParallelSum, type ParallelSumOptions, type SumOptions, type Stats, type NumericArrayConstructor } from './engine.js';
export { parallelSum } from './default.js';
export { WaitGroup } from './sync/wait-group.js';
export { Semaphore } from './sync/semaphore.js';
export { EngineClosedError, WorkerError } from './errors.js';
export type { NumericArray, BigIntArray } from './kinds.js';

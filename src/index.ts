// The Node entry: the API on worker_threads.
import { usePlatform } from './engine.js';
import { nodePlatform } from './endpoint/node.js';
import { capabilitiesOf, type Capabilities } from './capabilities.js';

usePlatform(nodePlatform);

/** What this runtime offers (shared memory, SIMD, Atomics.waitAsync) and which path runs. */
export function capabilities(): Capabilities {
  return capabilitiesOf(nodePlatform);
}

export * from './api.js';

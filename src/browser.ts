// The browser entry (the `browser` export condition): the same API as the Node entry, on Web Workers.
import { usePlatform } from './engine.js';
import { browserPlatform } from './endpoint/browser.js';
import { capabilitiesOf, type Capabilities } from './capabilities.js';

usePlatform(browserPlatform);

/** What this page offers (isolation, shared memory, SIMD, Atomics.waitAsync) and which path runs. */
export function capabilities(): Capabilities {
  return capabilitiesOf(browserPlatform);
}

export * from './api.js';

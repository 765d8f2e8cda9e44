// The browser entry (the `browser` export condition): the same API as the Node entry, on Web Workers.
// Nothing here runs for its effect: `ParallelSum` passes the browser platform to the engine (and with
// it the literal URLs of the worker and the .wasm files), and the default-engine functions are made
// from this `ParallelSum`, so whatever a bundler keeps of this module carries the platform with it.
import { Engine } from './engine.js';
import type { ParallelSumOptions } from './options.js';
import { defaults } from './default.js';
import { browserPlatform } from './endpoint/browser.js';
import { capabilitiesOf, type Capabilities } from './capabilities.js';

/**
 * An engine: one shared `WebAssembly.Memory`, up to `maxWorkers` Web Workers started on demand, and a
 * FIFO queue for calls beyond the bound. On a page that is not cross-origin isolated, every sum runs
 * on the calling thread.
 */
export class ParallelSum extends Engine {
  constructor(options?: ParallelSumOptions) {
    super(browserPlatform, options);
  }
}

const shared = /* @__PURE__ */ defaults(() => new ParallelSum());

/**
 * The sum of `data` on the shared default engine (created on first use with the default options): a
 * number, or a bigint for BigInt64Array/BigUint64Array.
 */
export const parallelSum = shared.parallelSum;

/**
 * The sum of `data`, now, on the calling thread: the same bits as `parallelSum`. For small inputs.
 * `await defaultEngine().ready()` once first: a page compiles WebAssembly asynchronously.
 */
export const sumSync = shared.sumSync;

/** A zeroed TypedArray in the default engine's shared memory, summed on the workers without copying. */
export const alloc = shared.alloc;

/** Returns memory from `alloc()` to the default engine. */
export const free = shared.free;

/** The shared default engine behind `parallelSum`, `sumSync`, `alloc` and `free`, created on first use. */
export const defaultEngine = shared.defaultEngine;

/** The sum of everything a stream, iterable, Blob or Response gives, on the default engine (docs/streams.md). */
export const sumStream = shared.sumStream;

/** What this page offers (isolation, shared memory, SIMD, Atomics.waitAsync) and which path runs. */
export function capabilities(): Capabilities {
  return capabilitiesOf(browserPlatform);
}

export * from './api.js';

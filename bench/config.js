// The two profiles of the suite. `full` is what docs/performance.md publishes; `quick` has the same phases and
// outputs with fewer sizes and samples, to check the suite itself in under a minute.
import { availableParallelism } from 'node:os';

/** Element types: the TypedArray, and the precision a float contender should be checked against. */
export const types = {
  f64: { ctor: Float64Array, bytes: 8 },
  f32: { ctor: Float32Array, bytes: 4 },
  i32: { ctor: Int32Array, bytes: 4 },
};

/** The size of the headline case: 64M doubles, 512 MiB (far beyond every cache). */
export const kHeadline = 64_000_000;

const threads = availableParallelism();

/**
 * Worker counts for the scaling phase: 1, 2, 4, ... and the machine's own count.
 * @param {number} max
 */
function workerCounts(max) {
  const counts = [];
  for (let w = 1; w < max; w *= 2) counts.push(w);
  counts.push(max);
  return counts;
}

/** @type {import('./types.js').Profile} */
const full = {
  name: 'full',
  threads,
  // Element counts per type. Every size is summed by every contender in one interleaved comparison.
  sizes: {
    f64: [1e3, 1e4, 1e5, 1e6, 1e7, kHeadline],
    f32: [1e3, 1e4, 1e5, 1e6, 1e7, kHeadline],
    i32: [1e3, 1e4, 1e5, 1e6, 1e7, kHeadline],
  },
  sampling: {
    rounds: 5,          // interleaved rounds; contenders take turns within each, in a rotating order
    timeMs: 250,        // time budget per contender per round
    iterations: 2,      // and at least this many samples per contender per round
    warmupMs: 150,      // warm-up per contender, before the first round only
    batchMs: 2,         // a sample repeats a call until it lasts about this long (small sizes)
  },
  scaling: { n: kHeadline, workers: workerCounts(threads) },
  latency: { small: 1e4, smallMs: 1000, coldEngines: 12, coldBytes: 64 << 20, aborts: 500, abortN: 1e7 },
  memory: { n: kHeadline },
  threshold: { fromBytes: 64 << 10, toBytes: 64 << 20 },
};

/** @type {import('./types.js').Profile} */
const quick = {
  ...full,
  name: 'quick',
  sizes: {
    f64: [1e3, 1e5, kHeadline],
    f32: [1e4, 1e6],
    i32: [1e4, 1e6],
  },
  sampling: { rounds: 2, timeMs: 40, iterations: 1, warmupMs: 20, batchMs: 2 },
  latency: { small: 1e4, smallMs: 150, coldEngines: 3, coldBytes: 64 << 20, aborts: 60, abortN: 1e7 },
  memory: { n: 1e7 },
  threshold: { fromBytes: 64 << 10, toBytes: 8 << 20 },
};

export const profiles = { full, quick };

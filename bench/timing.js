// Timing several contenders fairly on a machine that is never perfectly quiet:
// - all contenders of a comparison run in one process, in interleaved rounds (each round gives each
//   of them a time budget, in an order rotated from round to round), so a slow minute of background
//   load spreads over all of them instead of landing on one;
// - a warm-up before the first round lets the JIT and the worker pool settle;
// - calls far shorter than a millisecond are repeated back to back within one sample, and the sample
//   is the mean per call (tinybench's overriddenDuration), so the timer's own cost and resolution do
//   not dominate; async calls are awaited one after another, as a user's loop would;
// - the figure is the median over all samples, with the interquartile range as its spread.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';

setFlagsFromString('--expose-gc');
/** A full garbage collection, between comparisons, so one case's garbage is not collected in the next. */
export const collectGarbage = runInNewContext('gc');

/**
 * Written by every timed call, so no result is ever unused.
 * @type {unknown}
 */
export let sink;

/**
 * The latency statistics of a task that ran to the end; throws for one that errored or was aborted,
 * whose figures would be partial or missing.
 * @param {import('tinybench').Bench} bench
 * @param {string} name
 * @returns {import('tinybench').Statistics}
 */
export function completed(bench, name) {
  const result = bench.getTask(name)?.result;
  if (result === undefined) throw new Error(`no task named ${name} in this bench`);
  if (result.state === 'errored') throw new Error(`task ${name} failed: ${result.error.message}`, { cause: result.error });
  if (result.state !== 'completed') throw new Error(`task ${name} did not complete (${result.state})`);
  return result.latency;
}

/**
 * @typedef {{ id: string, call: () => unknown }} Task
 * @typedef {{ samples: number[], batch: number }} Raced
 */

/**
 * The raced figures of `id` from `race`'s result; throws if that task was not raced.
 * @param {Map<string, Raced>} timed
 * @param {string} id
 * @returns {Raced}
 */
export function raced(timed, id) {
  const figures = timed.get(id);
  if (figures === undefined) throw new Error(`task ${id} was not raced`);
  return figures;
}

/**
 * @param {Task[]} tasks  calls already checked for correctness
 * @param {import('./types.js').Sampling} sampling
 * @returns {Promise<Map<string, Raced>>} per-call times in ms
 */
export async function race(tasks, sampling) {
  /** @type {(Task & { async: boolean, batch: number, samples: number[] })[]} */
  const runs = [];
  for (const task of tasks) runs.push({ ...task, ...(await calibrate(task.call, sampling.batchMs)), samples: [] });
  for (let round = 0; round < sampling.rounds; round++) {
    collectGarbage();
    const bench = new Bench({
      time: sampling.timeMs,
      iterations: sampling.iterations,
      warmup: round === 0,
      warmupTime: sampling.warmupMs,
      warmupIterations: 1,
      retainSamples: true,
      throws: true,
    });
    for (let i = 0; i < runs.length; i++) {
      const run = /** @type {(typeof runs)[number]} */ (runs[(i + round) % runs.length]);
      bench.add(run.id, batched(run), { async: run.async });
    }
    await bench.run();
    // A loop, not push(...samples): a fast call can leave more samples than a call's argument limit.
    for (const run of runs) for (const sample of completed(bench, run.id).samples ?? []) run.samples.push(sample);
  }
  return new Map(runs.map((run) => [run.id, { samples: run.samples, batch: run.batch }]));
}

// How many calls make one sample: the most that ran in `batchMs` in three passes of calls back to
// back (after a first pass that lets the JIT and any thread pool wake up; on a busy machine a pass
// can lose the CPU for a while, which only ever lowers its count). A call that takes far longer than
// `batchMs` even cold is a sample by itself, without the passes (they would cost seconds at 64M
// elements); a shorter one is never judged by one call, which a busy machine can stretch.
// Also tells whether the call is async.
/**
 * @param {() => unknown} call
 * @param {number} batchMs
 * @returns {Promise<{ async: boolean, batch: number }>}
 */
async function calibrate(call, batchMs) {
  const t0 = performance.now();
  const first = call();
  const async = first instanceof Promise;
  sink = await first;
  if (performance.now() - t0 >= 20 * batchMs) return { async, batch: 1 };
  let most = 0;
  for (let pass = 0; pass < 4; pass++) {
    let calls = 0;
    const start = performance.now();
    do {
      sink = async ? await call() : call();
      calls++;
    } while (performance.now() - start < batchMs);
    if (pass > 0) most = Math.max(most, calls);
  }
  return { async, batch: Math.min(most, 100_000) };
}

/**
 * One sample: `batch` calls back to back, reported to tinybench as the time per call.
 * @param {{ call: () => unknown, async: boolean, batch: number }} run
 */
function batched({ call, async, batch }) {
  /** @param {number} t0 */
  const report = (t0) => {
    const ms = performance.now() - t0;
    return { overriddenDuration: ms / batch, overriddenIterationCost: ms };
  };
  if (async) {
    return async () => {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) sink = await call();
      return report(t0);
    };
  }
  return () => {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink = call();
    return report(t0);
  };
}

/**
 * Median, quartiles and extremes of `samples` (ms). Refuses no samples: a summary of nothing would be
 * NaN throughout.
 * @param {number[]} samples
 * @returns {import('./types.js').Stats}
 */
export function summarize(samples) {
  if (samples.length === 0) throw new RangeError('summarize() of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  /** @param {number} i */
  const get = (i) => /** @type {number} */ (sorted[i]);
  /** @param {number} q */
  const at = (q) => {
    const i = q * (sorted.length - 1);
    const lo = Math.floor(i);
    return get(lo) + (get(Math.min(lo + 1, sorted.length - 1)) - get(lo)) * (i - lo);
  };
  return {
    median: at(0.5), p25: at(0.25), p75: at(0.75), p99: at(0.99),
    min: get(0), max: get(sorted.length - 1), count: sorted.length,
  };
}

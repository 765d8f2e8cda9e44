// Where do workers start to pay off? For shared f64 inputs from 64 KiB up (8 MiB quick, 64 MiB full),
// raced per size:
// - the engine as shipped (the calling thread alone below its inline threshold, workers above),
// - the parallel path at every size, on all workers and on one, on a second engine whose inline
//   threshold is set to 0 through the engine's debug hook (its own copy of the input); below the
//   engine's second threshold (32 MiB) that path is the calling thread with the free workers,
// - the single-thread kernel alone.
// Which path a call took is read from the engine's counter of chunks summed by workers. The crossover
// (report/fit.js) is reported two ways: the smallest measured size at which the worker path beats the
// kernel, and where straight lines fitted to both (time = fixed cost + bytes / rate) cross.
import { crossover } from './report/fit.js';
import { trim } from './throughput.js';
import { race, raced, summarize } from './timing.js';
import { verify } from './verify.js';

const kDebug = Symbol.for('parallel-sum.debug');

/** @typedef {import('./timing.js').Task} Task */

/**
 * The engine's test seam, if it has one: `inlineBytes(n)` sets its inline threshold.
 * @param {import('parallel-sum').ParallelSum} engine
 * @returns {((bytes: number) => void) | undefined}
 */
function inlineBytesHook(engine) {
  const hook = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (engine))[kDebug];
  if (typeof hook !== 'object' || hook === null || !('inlineBytes' in hook)) return undefined;
  const set = hook.inlineBytes;
  return typeof set === 'function' ? (bytes) => set.call(hook, bytes) : undefined;
}

/**
 * @param {import('./fixture.js').Env} env
 * @param {import('./types.js').Profile} profile
 * @returns {Promise<import('./types.js').Threshold>}
 */
export async function threshold(env, profile) {
  const { fromBytes, toBytes } = profile.threshold;
  const forced = new env.ParallelSum({ maxWorkers: env.threads });
  const setInline = inlineBytesHook(forced);
  const canForce = setInline !== undefined;
  setInline?.(0);
  /** @type {import('./types.js').ThresholdRow[]} */
  const rows = [];
  for (let bytes = fromBytes; bytes <= toBytes; bytes *= 2) {
    const fx = env.fixtures.get('f64', bytes / 8);
    const view = fx.shared();
    // Without the hook, the "workers" figures are the shipped engine's, held to N or 1 workers.
    const other = canForce ? forced : env.engine;
    const otherView = canForce ? forced.alloc(Float64Array, fx.n) : view;
    if (canForce) otherView.set(fx.plain);
    /** @type {[Task, Task, Task, Task]} */
    const tasks = [
      { id: 'engine', call: () => env.engine.sum(view) },
      { id: 'workers', call: () => other.sum(otherView) },
      { id: 'one-worker', call: () => other.sum(otherView, { maxWorkers: 1 }) },
      { id: 'kernel', call: fx.kernelSum() },
    ];
    // Checks each call, and tells whether it ran on workers (the engine's chunk counter moved).
    /** @param {import('parallel-sum').ParallelSum} engine @param {Task} task */
    const onWorkers = async (engine, task) => {
      const chunks = engine.stats().chunks;
      verify(`${task.id} at ${bytes} bytes`, 'f64', fx.data, await task.call());
      return engine.stats().chunks > chunks;
    };
    const path = (await onWorkers(env.engine, tasks[0])) ? 'workers' : 'inline';
    const workersPath = (await onWorkers(other, tasks[1])) ? 'workers' : 'inline';
    await onWorkers(other, tasks[2]);
    await onWorkers(env.engine, tasks[3]);
    const timed = await race(tasks, profile.sampling);
    if (canForce) forced.free(otherView);
    env.fixtures.release(fx);
    /** @param {string} id @returns {import('./types.js').Timed} */
    const figures = (id) => {
      const { samples } = raced(timed, id);
      return { ...summarize(samples), samples: trim(samples) };
    };
    rows.push({
      bytes, n: fx.n, path, workersPath,
      engine: figures('engine'), workers: figures('workers'), 'one-worker': figures('one-worker'), kernel: figures('kernel'),
    });
  }
  await forced.close();
  return { forced: canForce, rows, crossover: crossover(rows) };
}

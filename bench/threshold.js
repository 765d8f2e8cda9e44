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
import { race, summarize } from './timing.js';
import { verify } from './verify.js';

const kDebug = Symbol.for('parallel-sum.debug');

export async function threshold(env, profile) {
  const { fromBytes, toBytes } = profile.threshold;
  const forced = new env.ParallelSum({ maxWorkers: env.threads });
  const hook = forced[kDebug];
  const canForce = typeof hook?.inlineBytes === 'function';
  if (canForce) hook.inlineBytes(0);
  const rows = [];
  for (let bytes = fromBytes; bytes <= toBytes; bytes *= 2) {
    const fx = env.fixtures.get('f64', bytes / 8);
    const view = fx.shared();
    // Without the hook, the "workers" figures are the shipped engine's, held to N or 1 workers.
    const other = canForce ? forced : env.engine;
    const otherView = canForce ? forced.alloc(Float64Array, fx.n) : view;
    if (canForce) otherView.set(fx.plain);
    const tasks = [
      { id: 'engine', call: () => env.engine.sum(view) },
      { id: 'workers', call: () => other.sum(otherView) },
      { id: 'one-worker', call: () => other.sum(otherView, { maxWorkers: 1 }) },
      { id: 'kernel', call: fx.kernelSum() },
    ];
    // Checks each call, and tells whether it ran on workers (the engine's chunk counter moved).
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
    const row = { bytes, n: fx.n, path, workersPath };
    for (const { id } of tasks) row[id] = { ...summarize(timed.get(id).samples), samples: trim(timed.get(id).samples) };
    rows.push(row);
  }
  await forced.close();
  return { forced: canForce, rows, crossover: crossover(rows) };
}

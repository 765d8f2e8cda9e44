// Where do workers start to pay off? For shared f64 inputs from 64 KiB to 8 MiB, the engine's sum
// (inline below its threshold, on workers above), the same with one worker, and the single-thread
// kernel alone, raced per size. Which path a call took is read from the engine's own counter of
// chunks summed by workers. The crossover is reported two ways: the smallest measured size at which
// the worker path beats the kernel, and where straight lines fitted to both (time = fixed cost +
// bytes / rate) cross, which also speaks for sizes the engine never sends to workers today.
import { trim } from './throughput.js';
import { race, summarize } from './timing.js';
import { verify } from './verify.js';

export async function threshold(env, profile) {
  const { fromBytes, toBytes } = profile.threshold;
  const rows = [];
  for (let bytes = fromBytes; bytes <= toBytes; bytes *= 2) {
    const fx = env.fixtures.get('f64', bytes / 8);
    const view = fx.shared();
    const tasks = [
      { id: 'engine', call: () => env.engine.sum(view) },
      { id: 'one-worker', call: () => env.engine.sum(view, { maxWorkers: 1 }) },
      { id: 'kernel', call: fx.kernelSum() },
    ];
    const before = env.engine.stats().chunks;
    for (const task of tasks) verify(`${task.id} at ${bytes} bytes`, 'f64', fx.data, await task.call());
    const path = env.engine.stats().chunks > before ? 'workers' : 'inline';
    const timed = await race(tasks, profile.sampling);
    env.fixtures.release(fx);
    const row = { bytes, n: fx.n, path };
    for (const { id } of tasks) row[id] = { ...summarize(timed.get(id).samples), samples: trim(timed.get(id).samples) };
    rows.push(row);
  }
  return { rows, crossover: crossover(rows) };
}

/** The crossover, measured and modelled, from the rows of `threshold`. */
export function crossover(rows) {
  const onWorkers = rows.filter((r) => r.path === 'workers');
  const measured = onWorkers.find((r) => r.engine.median < r.kernel.median)?.bytes;
  const workers = fit(onWorkers.map((r) => [r.bytes, r.engine.median]));
  const kernel = fit(rows.map((r) => [r.bytes, r.kernel.median]));
  let modelled;
  // Lines cross at a positive size only if workers cost more up front and less per byte.
  if (workers !== undefined && kernel !== undefined && kernel.slope > workers.slope) {
    modelled = Math.max(0, (workers.intercept - kernel.intercept) / (kernel.slope - workers.slope));
  }
  return {
    inlineBelowBytes: onWorkers[0]?.bytes,
    measuredBytes: measured,
    modelledBytes: modelled === undefined ? undefined : Math.round(modelled),
    workerFixedMs: workers?.intercept,
    kernelGBps: kernel && 1 / (kernel.slope * 1e6),
    workersGBps: workers && 1 / (workers.slope * 1e6),
  };
}

// Least-squares line through [x, y] points; undefined with fewer than two.
function fit(points) {
  if (points.length < 2) return undefined;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

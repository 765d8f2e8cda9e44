// Latencies a user feels: a cold first call, a small call, and how long an abort takes to land.
import { makeData } from './data.js';
import { trim } from './throughput.js';
import { race, raced, summarize } from './timing.js';
import { verify } from './verify.js';

/**
 * @typedef {import('./fixture.js').Env} Env
 * @typedef {import('./types.js').Profile} Profile
 * @typedef {import('./types.js').Latency} Latency
 * @typedef {import('parallel-sum').ParallelSum} Engine
 */

/**
 * The first sum on a new engine, whose workers are not started yet, then the second (warm) one.
 * Runs before anything else has used the package in this process, so the first engine's first call
 * also pays for compiling the wasm kernels (the compiled module is then cached for the process).
 * @param {Env} env
 * @param {Profile} profile
 * @returns {Promise<NonNullable<Latency['cold']>>}
 */
export async function cold(env, profile) {
  const { coldEngines, coldBytes } = profile.latency;
  const data = makeData('f64', coldBytes / 8);
  // A new engine holding the data, its workers not started.
  const fresh = () => {
    const engine = new env.ParallelSum({ maxWorkers: env.threads });
    const view = engine.alloc(Float64Array, data.values.length);
    view.set(data.values);
    return { engine, view };
  };
  /** @type {{ firstMs: number, secondMs: number, workers: number }[]} */
  const runs = [];
  for (let i = 0; i < coldEngines; i++) {
    const { engine, view } = fresh();
    let t0 = performance.now();
    const first = await engine.sum(view);
    const firstMs = performance.now() - t0;
    t0 = performance.now();
    const second = await engine.sum(view);
    const secondMs = performance.now() - t0;
    verify('a cold engine', 'f64', data, first);
    verify('a cold engine (second call)', 'f64', data, second);
    runs.push({ firstMs, secondMs, workers: engine.stats().workers });
    await engine.close();
  }
  // The same with the workers started in advance: ready({ workers }) pays the start-up, the first
  // sum should then cost what a warm one does.
  /** @type {{ readyMs: number, firstMs: number }[]} */
  const prestarted = [];
  for (let i = 1; i < coldEngines; i++) {
    const { engine, view } = fresh();
    let t0 = performance.now();
    await engine.ready({ workers: env.threads });
    const readyMs = performance.now() - t0;
    t0 = performance.now();
    const first = await engine.sum(view);
    const firstMs = performance.now() - t0;
    verify('an engine after ready({ workers })', 'f64', data, first);
    prestarted.push({ readyMs, firstMs });
    await engine.close();
  }
  const later = runs.slice(1).map((r) => r.firstMs);
  const first = runs[0];
  if (first === undefined) throw new RangeError(`profile.latency.coldEngines must be 1 or more, got ${coldEngines}`);
  return {
    bytes: coldBytes,
    firstInProcessMs: first.firstMs,
    newEngine: later.length > 0 ? summarize(later) : undefined,
    warm: summarize(runs.map((r) => r.secondMs)),
    prestarted: prestarted.length > 0 ? {
      ready: summarize(prestarted.map((r) => r.readyMs)),
      first: summarize(prestarted.map((r) => r.firstMs)),
    } : undefined,
    runs,
  };
}

/**
 * Single calls on 1e4 doubles (no batching: each sample is one call), to give p50 and p99.
 * @param {Env} env
 * @param {Profile} profile
 * @returns {Promise<NonNullable<Latency['small']>>}
 */
export async function small(env, profile) {
  const { small: n, smallMs } = profile.latency;
  const fx = env.fixtures.get('f64', n);
  const shared = fx.shared();
  const kernel = fx.kernelSum();
  const loopContender = env.contenders.find((c) => c.id === 'js-loop');
  if (loopContender === undefined) throw new Error('no js-loop contender');
  const loop = loopContender.make(fx);
  const tasks = [
    { id: 'ps-shared', call: () => env.engine.sum(shared) },
    { id: 'ps-typed', call: () => env.engine.sum(fx.plain) },
    { id: 'ps-sync', call: () => env.engine.sumSync(shared) },
    { id: 'kernel', call: kernel },
    { id: 'js-loop', call: loop },
  ];
  for (const task of tasks) verify(task.id, 'f64', fx.data, await task.call());
  const timed = await race(tasks, { rounds: 3, timeMs: smallMs / 3, iterations: 50, warmupMs: 50, batchMs: 0 });
  env.fixtures.release(fx);
  return {
    n,
    results: tasks.map(({ id }) => ({ id, ...summarize(raced(timed, id).samples) })),
  };
}

/**
 * From `controller.abort()` to the rejection, for a sum on the workers (shared input) and one on the
 * calling thread (plain TypedArray, which yields every ~4 MiB). Each abort lands at a random moment
 * within the sum; aborts that came after the sum had finished are counted, not timed (up to three
 * tries per wanted sample). Afterwards the engine must be idle and sum correctly.
 * @param {Env} env
 * @param {Profile} profile
 * @returns {Promise<NonNullable<Latency['abort']>>}
 */
export async function abort(env, profile) {
  const { aborts, abortN } = profile.latency;
  const fx = env.fixtures.get('f64', abortN);
  const shared = fx.shared();
  const plain = fx.plain;
  /** @type {import('./types.js').AbortPath[]} */
  const paths = [];
  for (const [id, input] of /** @type {const} */ ([['ps-shared', shared], ['ps-typed', plain]])) {
    const full = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await env.engine.sum(input);
      full.push(performance.now() - t0);
    }
    const sumMs = summarize(full).median;
    /** @type {number[]} */
    const samples = [];
    let late = 0;
    for (let i = 0; i < 3 * aborts && samples.length < aborts; i++) {
      const ms = await abortOnce(env.engine, input, sumMs * (0.05 + 0.7 * Math.random()));
      if (ms === undefined) late++;
      else samples.push(ms);
    }
    // No abort may land before the sum ends (a tiny input): then there is nothing to summarize.
    paths.push({ id, n: abortN, sumMs, late, ...(samples.length > 0 ? summarize(samples) : { count: 0 }), samples: trim(samples) });
  }
  const stats = env.engine.stats();
  if (stats.busy !== 0 || stats.pending !== 0 || stats.queued !== 0) {
    throw new Error(`engine not idle after the aborts: ${JSON.stringify(stats)}`);
  }
  verify('parallelSum right after the aborts', 'f64', fx.data, await env.engine.sum(shared));
  env.fixtures.release(fx);
  return { aborts, paths };
}

/**
 * One abort, `delayMs` after the call starts. The wait polls the event loop (setImmediate), which
 * keeps the calling thread free for the sum's own turns. Returns the latency in ms, or undefined if
 * the sum finished first.
 * @param {Engine} engine
 * @param {Float64Array | Float32Array | Int32Array} input
 * @param {number} delayMs
 * @returns {Promise<number | undefined>}
 */
async function abortOnce(engine, input, delayMs) {
  const controller = new AbortController();
  let rejectedAt = 0;
  const outcome = engine.sum(input, { signal: controller.signal }).then(
    () => 'finished',
    (/** @type {unknown} */ error) => {
      rejectedAt = performance.now();
      return error;
    },
  );
  const until = performance.now() + delayMs;
  while (performance.now() < until) await new Promise((resolve) => setImmediate(resolve));
  const abortedAt = performance.now();
  controller.abort();
  const result = await outcome;
  if (result === 'finished') return undefined;
  if (!(result instanceof Error) || result.name !== 'AbortError') throw new Error(`an aborted sum rejected with ${result}, not an AbortError`);
  return rejectedAt - abortedAt;
}

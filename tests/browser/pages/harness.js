// Page-side half of the browser tests: each export runs one scenario in the page and returns plain
// data (numbers, strings, booleans) for the vitest side to assert on. Loaded by index.html after the
// test has had its chance to take features away (Atomics.waitAsync, SIMD) with an init script.
import { EngineClosedError, ParallelSum, WaitGroup, capabilities, parallelSum } from 'parallel-sum';
import * as api from 'parallel-sum';
import { fill, lengthFor, reference } from './data.js';

// Through the engine's test seam: sums from 1 MiB up take the parallel path (the calling thread with
// free workers), so the scenarios below stay small whatever the shipped threshold is tuned to.
function parallelFromOneMiB(engine) {
  engine[Symbol.for('parallel-sum.debug')].inlineBytes(1 << 20);
  return engine;
}

// WebKit has no `await using` yet: each scenario closes its engine in a `finally` instead.
async function withEngine(engine, body) {
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}

// Runs `f` on each task of the event loop until `done()`: a sampler that never blocks the page.
function everyTask(f, done) {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      f();
      if (done()) {
        channel.port1.close();
        resolve();
      } else channel.port2.postMessage(null);
    };
    channel.port2.postMessage(null);
  });
}

const show = (value) => (typeof value === 'bigint' ? `${value}n` : value);

export { capabilities };

/** The names the browser entry exports. */
export async function exportNames() {
  return Object.keys(api).sort();
}

/** The classic example, through the default engine. */
export async function classic() {
  return parallelSum([1, 2, 3, 4, 5, 6, 7, 8]);
}

/**
 * One element type: the sum of seeded data in the engine's memory (the parallel path where there is
 * one), of the same data in an ordinary TypedArray, and the reference.
 */
export async function correctness(type, mib, seed) {
  return withEngine(parallelFromOneMiB(new ParallelSum({ maxWorkers: 4 })), async (engine) => {
    const ctor = globalThis[type];
    const view = fill(engine.alloc(ctor, lengthFor(type, mib)), seed);
    const plain = ctor.from(view);
    const inMemory = await engine.sum(view);
    const outside = await engine.sum(plain);
    const sharedBuffer = typeof SharedArrayBuffer === 'function' && view.buffer instanceof SharedArrayBuffer;
    return {
      inMemory: show(inMemory), outside: show(outside), reference: reference(plain),
      length: view.length, sharedBuffer, chunks: engine.stats().chunks,
    };
  });
}

/**
 * sumSync: a browser compiles WebAssembly asynchronously, so before ready() it throws (and says so);
 * after, it gives the bits sum gives, in the engine's memory and out of it.
 */
export async function syncSum(type, mib, seed) {
  return withEngine(new ParallelSum({ maxWorkers: 2 }), async (engine) => {
    let before = 'no error';
    try {
      engine.sumSync([1, 2]);
    } catch (error) {
      before = `${error.name}: ${error.message}`;
    }
    await engine.ready();
    const ctor = globalThis[type];
    const view = fill(engine.alloc(ctor, lengthFor(type, mib)), seed);
    const plain = ctor.from(view);
    await engine.ready({ workers: 2 }); // started in advance (none on the single-thread path)
    return {
      prestarted: engine.stats().workers,
      before,
      classic: engine.sumSync([1, 2, 3, 4, 5, 6, 7, 8]),
      inMemory: show(engine.sumSync(view)),
      outside: show(engine.sumSync(plain)),
      promised: show(await engine.sum(view)),
    };
  });
}

/** The same seeded data summed with every per-call bound from 1 to 8 (and as a number[] for f64). */
export async function determinism(type, mib, seed) {
  return withEngine(new ParallelSum({ maxWorkers: 8 }), async (engine) => {
    const view = fill(engine.alloc(globalThis[type], lengthFor(type, mib)), seed);
    const sums = [];
    for (let workers = 1; workers <= 8; workers++) sums.push(await engine.sum(view, { maxWorkers: workers }));
    const array = type === 'Float64Array' ? await engine.sum(Array.from(view)) : undefined;
    return { sums, array, workers: engine.stats().workers };
  });
}

/** Aborts a long sum once workers have started on it; then the engine must be idle and correct. */
export async function cancellation(length) {
  return withEngine(new ParallelSum({ maxWorkers: 2 }), async (engine) => {
    const xs = engine.alloc(Float64Array, length);
    xs.fill(1);
    const before = engine.stats().chunks;
    const controller = new AbortController();
    const { platform } = engine[Symbol.for('parallel-sum.debug')];
    const real = platform.yield;
    if (capabilities().path !== 'parallel') {
      // Single thread: abort when the sum first yields to the event loop, which is mid-sum. (A task
      // queued beside it may only run after the sum: WebKit runs the sum's turns first.)
      let yields = 0;
      platform.yield = () => {
        if (yields++ === 0) controller.abort();
        return real();
      };
    }
    const pending = engine.sum(xs, { signal: controller.signal });
    // Parallel path: wait until a worker has stored a chunk.
    if (capabilities().path === 'parallel') {
      await everyTask(() => undefined, () => engine.stats().chunks > before);
      controller.abort();
    }
    let error;
    try {
      await pending;
    } catch (caught) {
      error = caught;
    } finally {
      platform.yield = real;
    }
    const chunksSummed = engine.stats().chunks - before;
    const after = engine.stats();
    const again = await engine.sum(xs);
    const aborted = new AbortController();
    aborted.abort();
    const early = await engine.sum(xs, { signal: aborted.signal }).then(() => 'resolved', (e) => e.name);
    return {
      name: error?.name, isReason: error === controller.signal.reason, chunksSummed,
      totalChunks: Math.ceil((length * 8) / 262144), busy: after.busy, pending: after.pending, again, early,
    };
  });
}

/** Many concurrent calls with assorted per-call bounds: the engine never holds more workers than its bound. */
export async function bound(maxWorkers, calls, length) {
  return withEngine(new ParallelSum({ maxWorkers }), async (engine) => {
    const xs = engine.alloc(Float64Array, length);
    for (let i = 0; i < xs.length; i++) xs[i] = i % 7;
    const expected = await engine.sum(Float64Array.from(xs));
    let peak = { workers: 0, busy: 0, queued: 0 };
    let settled = 0;
    const sample = () => {
      const { workers, busy, queued } = engine.stats();
      peak = { workers: Math.max(peak.workers, workers), busy: Math.max(peak.busy, busy), queued: Math.max(peak.queued, queued) };
    };
    const sums = Array.from({ length: calls }, (_, i) =>
      engine.sum(xs, { maxWorkers: 1 + (i % (maxWorkers + 2)) }).finally(() => { settled++; sample(); }));
    await everyTask(sample, () => settled === calls);
    const results = await Promise.all(sums);
    return { peak, allCorrect: results.every((r) => r === expected), after: engine.stats() };
  });
}

/** close() while sums run: they finish, then every worker is gone and new work is refused. */
export async function close(length) {
  const engine = parallelFromOneMiB(new ParallelSum({ maxWorkers: 3 }));
  const xs = engine.alloc(Float64Array, length);
  xs.fill(2);
  await engine.sum(xs); // starts the workers
  const sums = [engine.sum(xs), engine.sum(xs, { maxWorkers: 1 }), engine.sum(xs)];
  const workersBefore = engine.stats().workers;
  const closing = engine.close();
  const same = engine.close() === closing;
  const results = await Promise.all(sums);
  await closing;
  const refused = await engine.sum(xs).then(() => 'resolved', (e) => e instanceof EngineClosedError && e.name);
  let allocError;
  try {
    engine.alloc(Float64Array, 8);
  } catch (e) {
    allocError = e.name;
  }
  return { results, same, workersBefore, after: engine.stats(), refused, allocError };
}

/** Keeps an engine with live workers for the test to count from the outside, then closes it. */
let held;
export async function hold(workers, length) {
  held = new ParallelSum({ maxWorkers: workers });
  const xs = held.alloc(Float64Array, length);
  xs.fill(1);
  await held.sum(xs);
  return held.stats().workers;
}
export async function release() {
  await held.close();
  return held.stats().workers;
}

/** The sync primitives need shared memory: without it they must fail at once, with a clear error. */
export async function syncWithoutSharedMemory() {
  try {
    new WaitGroup();
    return 'constructed';
  } catch (error) {
    return `${error.name}: ${error.message}`;
  }
}

/** Sums when the worker script cannot be loaded: a clear rejection, never a hang; small sums still work. */
export async function workerMissing() {
  const engine = new ParallelSum({ maxWorkers: 2 });
  const xs = engine.alloc(Float64Array, 1 << 22); // 32 MiB: meant for the workers
  xs.fill(1);
  const outcome = (promise) => promise.then((value) => ({ value }), (e) => ({ name: e.name, message: e.message, cause: e.cause?.message }));
  // Workers cannot start: the calling thread sums it instead, with the same bits, and says why.
  const first = await outcome(engine.sum(xs));
  const second = await outcome(engine.sum(xs));
  const small = await outcome(engine.sum(xs.subarray(0, 1000)));
  // ready({ workers }) asked for workers explicitly: it still rejects.
  const ready = await outcome(engine.ready({ workers: 1 }));
  // The call may settle before the last failing worker is reported gone (its task was revoked): give
  // it a moment, bounded.
  for (let i = 0; i < 200 && engine.stats().workers > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const after = engine.stats();
  const { paths } = engine[Symbol.for('parallel-sum.debug')];
  const taken = paths();
  await engine.close();
  return { first, second, small, ready, after, fallbacks: taken.fallback };
}

/**
 * What a page served with some set of headers gets: whether it is isolated, and whether a 64 MiB sum
 * in shared memory (past every calling-thread threshold) ran on workers or fell back, and why.
 */
export async function isolation() {
  const engine = new ParallelSum({ maxWorkers: 2 });
  const outcome = (promise) => promise.then((value) => ({ value }), (e) => ({ name: e.name, message: e.message, cause: e.cause?.message }));
  try {
    const xs = engine.alloc(Float64Array, 1 << 23);
    xs.fill(1);
    const sum = await outcome(engine.sum(xs));
    const stats = engine.stats();
    const ready = await outcome(engine.ready({ workers: 1 }));
    const { paths } = engine[Symbol.for('parallel-sum.debug')];
    return { crossOriginIsolated, sum, chunks: stats.chunks, fallback: stats.fallback, ready, paths: paths() };
  } finally {
    await engine.close();
  }
}

/**
 * Terminates one worker (through the engine's test seam) once a sum is under way: the sum still
 * completes, correctly.
 */
export async function killed(length) {
  return withEngine(new ParallelSum({ maxWorkers: 2 }), async (engine) => {
    const seam = engine[Symbol.for('parallel-sum.debug')];
    const xs = engine.alloc(Float64Array, length);
    xs.fill(1);
    await engine.sum(xs); // both workers started
    const before = engine.stats().chunks;
    const pending = engine.sum(xs);
    await everyTask(() => undefined, () => engine.stats().chunks > before);
    const victims = seam.workers();
    await victims[0].terminate();
    const sum = await pending;
    return { sum, after: engine.stats() };
  });
}

/**
 * precision: 'exact' on `copies` copies of `values` (a number[]): in the engine's memory with every
 * per-call bound from 1 to 4, as an ordinary Float64Array, and as the number[] itself.
 */
export async function exact(values, copies) {
  return withEngine(parallelFromOneMiB(new ParallelSum({ maxWorkers: 4 })), async (engine) => {
    const view = engine.alloc(Float64Array, values.length * copies);
    for (let at = 0; at < view.length; at += values.length) view.set(values, at);
    const sums = [];
    for (let workers = 1; workers <= 4; workers++) sums.push(await engine.sum(view, { precision: 'exact', maxWorkers: workers }));
    const plain = await engine.sum(Float64Array.from(view), { precision: 'exact' });
    const array = await engine.sum(values, { precision: 'exact' });
    return { sums, plain, array, chunks: engine.stats().chunks };
  });
}

// The real-client scenarios (a File, a fetch Response): tests/browser-clients.test.ts.
export * from './clients.js';

// A worker that dies mid-sum never hangs the call: what it left undone is summed again by a
// replacement. Workers that cannot start at all (a page whose worker script is refused, a CSP that
// forbids workers, a thread that never gets ready) leave the calling thread to do the work, with the
// same bits; the engine says why, and only ready({ workers }), which asked for threads, rejects.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { capabilities, WorkerError } from '../../dist/index.js';
import { debug, expectPaths, sizes, testEngine, until } from '../fixtures/engine.js';

describe('a worker killed mid-sum', () => {
  it('is replaced, and the sum is still exact', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    const n = 32 * sizes.workers; // long enough to kill a worker while it sums
    const xs = engine.alloc(Float64Array, n).fill(0.25);
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(xs))).toBe(n / 4); // warm: both workers exist
    const before = engine.stats().chunks;
    const promise = engine.sum(xs);
    await until(() => engine.stats().chunks > before);
    await debug(engine).workers()[0]!.terminate();
    expect(await promise).toBe(n / 4);
    expect(engine.stats().workers).toBeLessThanOrEqual(2);
    expect(engine.stats()).toMatchObject({ busy: 0, pending: 0, fallback: undefined });
    expect(await engine.sum(xs)).toBe(n / 4);
  });

  it('survives losing every worker at once', async () => {
    const engine = testEngine({ maxWorkers: 3 });
    const n = 32 * sizes.workers;
    const xs = engine.alloc(Float64Array, n).fill(1);
    await engine.sum(xs);
    const before = engine.stats().chunks;
    const promise = engine.sum(xs);
    await until(() => engine.stats().chunks > before);
    await Promise.all(debug(engine).workers().map((worker) => worker.terminate()));
    expect(await promise).toBe(n);
    expect(engine.stats().workers).toBeLessThanOrEqual(3);
  });
});

/** A worker endpoint whose thread throws before it ever gets ready. */
function brokenEndpoint() {
  const worker = new Worker('throw new Error("cannot start")', { eval: true });
  let error: Error | undefined;
  worker.on('error', (e) => { error = e; });
  return endpointOf(worker, () => error);
}

/** A worker endpoint whose thread runs but never says it is ready (and never ends by itself). */
function silentEndpoint() {
  return endpointOf(new Worker('setInterval(() => {}, 1000)', { eval: true }), () => undefined);
}

function endpointOf(worker: Worker, error: () => Error | undefined) {
  return {
    postMessage: (m: unknown) => worker.postMessage(m),
    onMessage: (listener: (m: unknown) => void) => worker.on('message', listener),
    onExit: (listener: (e: Error | undefined, gone: boolean) => void) => worker.once('exit', () => listener(error(), true)),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: async () => { await worker.terminate(); },
  };
}

describe('workers that fail at start-up', () => {
  it('leave the sum to the calling thread, with the same bits; the pool stops spawning and says why', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    let spawned = 0;
    debug(engine).platform.spawn = () => {
      spawned++;
      return brokenEndpoint();
    };
    const xs = engine.alloc(Float64Array, sizes.workers);
    xs.forEach((_, i) => { xs[i] = 1 / (i + 1); });
    const expected = engine.sumSync(xs);
    // The first call finds out (three threads fail in a row), then sums on the calling thread.
    expect(Object.is(await expectPaths(engine, { workers: 1, fallback: 1 }, () => engine.sum(xs)), expected)).toBe(true);
    const afterFirst = spawned;
    expect(afterFirst).toBeGreaterThanOrEqual(3); // three in a row; a fourth may have been started beside them
    expect(afterFirst).toBeLessThanOrEqual(4);
    expect(engine.stats().fallback).toMatch(/workers failed to start: .*cannot start/);
    expect(capabilities()).toMatchObject({ path: 'single-thread', reason: expect.stringMatching(/workers failed to start/) });
    // Later calls go straight to the calling thread: no thread is started again, every path still works.
    expect(Object.is(await expectPaths(engine, { fallback: 1 }, () => engine.sum(xs)), expected)).toBe(true);
    expect(Object.is(await engine.sum(xs, { precision: 'exact' }), engine.sumSync(xs, { precision: 'exact' }))).toBe(true);
    expect(await expectPaths(engine, { fallback: 1 }, () => engine.sum(xs.subarray(0, sizes.assisted)))).toBe(engine.sumSync(xs.subarray(0, sizes.assisted)));
    expect(await engine.sum(new Float64Array(1000).fill(1))).toBe(1000);
    // An abort still works on the calling thread's path (it checks between slices).
    await expect(engine.sum(xs, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    // Asking for threads explicitly is still an error.
    await expect(engine.ready({ workers: 1 })).rejects.toBeInstanceOf(WorkerError);
    expect(spawned).toBe(afterFirst);
    expect(engine.stats()).toMatchObject({ busy: 0, pending: 0, queued: 0 });
    await until(() => engine.stats().workers === 0); // the last broken thread may still be dying
  });

  it('a thread that never gets ready is given up on after the start-up deadline', async () => {
    const engine = testEngine({ maxWorkers: 1 });
    debug(engine).startupMs(150);
    debug(engine).platform.spawn = silentEndpoint;
    const xs = engine.alloc(Float64Array, sizes.workers).fill(2);
    expect(await expectPaths(engine, { workers: 1, fallback: 1 }, () => engine.sum(xs))).toBe(2 * sizes.workers);
    expect(engine.stats().fallback).toMatch(/not ready 150 ms after it started/);
  });

  it('a spawn that throws (new Worker refused) keeps its mailbox for the next thread', async () => {
    const engine = testEngine({ maxWorkers: 1 });
    const platform = debug(engine).platform;
    const real = platform.spawn;
    let refusals = 1;
    platform.spawn = () => {
      if (refusals-- > 0) throw new Error('refused by policy');
      return real();
    };
    const xs = engine.alloc(Float64Array, sizes.workers).fill(1);
    const used = engine.stats().memory.used;
    // The refusal costs that call a round (its job restarts with a new thread); the answer is right.
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(xs))).toBe(sizes.workers);
    expect(engine.stats()).toMatchObject({ workers: 1, fallback: undefined });
    expect(engine.stats().memory.used).toBe(used); // the refused thread's mailbox was not lost
  });
});

describe('kernels that fail to load', () => {
  it('reject that call, and the next call tries again', async () => {
    const engine = testEngine({ maxWorkers: 1 });
    const platform = debug(engine).platform;
    const real = platform.kernels;
    let failures = 1;
    platform.kernels = (shared) => (failures-- > 0 ? Promise.reject(new Error('offline')) : real(shared));
    await expect(engine.sum([1, 2, 3])).rejects.toThrow('offline');
    expect(await engine.sum([1, 2, 3])).toBe(6);
    expect(engine.stats().pending).toBe(0);
  });
});

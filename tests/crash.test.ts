// A worker that dies mid-sum never hangs the call: what it left undone is summed again by a
// replacement. Workers that fail at start-up make calls reject with a WorkerError, and the pool
// stops starting new ones.
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum, WorkerError } from '../dist/index.js';
import { debug, until } from './fixtures/engine.js';

const engines: ParallelSum[] = [];
afterAll(() => Promise.all(engines.map((engine) => engine.close())));

const n = 32 * 1024 * 1024; // 1024 chunks

describe('a worker killed mid-sum', () => {
  it('is replaced, and the sum is still exact', async () => {
    const engine = new ParallelSum({ maxWorkers: 2 });
    engines.push(engine);
    const xs = engine.alloc(Float64Array, n).fill(0.25);
    expect(await engine.sum(xs)).toBe(n / 4); // warm: both workers exist
    const before = engine.stats().chunks;
    const promise = engine.sum(xs);
    await until(() => engine.stats().chunks > before);
    await debug(engine).workers()[0]!.terminate();
    expect(await promise).toBe(n / 4);
    expect(engine.stats().workers).toBeLessThanOrEqual(2);
    expect(engine.stats()).toMatchObject({ busy: 0, pending: 0 });
    expect(await engine.sum(xs)).toBe(n / 4);
  });

  it('survives losing every worker at once', async () => {
    const engine = new ParallelSum({ maxWorkers: 3 });
    engines.push(engine);
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
  return {
    postMessage: (m: unknown) => worker.postMessage(m),
    onMessage: (listener: (m: unknown) => void) => worker.on('message', listener),
    onExit: (listener: (e: Error | undefined) => void) => worker.once('exit', () => listener(error)),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: async () => { await worker.terminate(); },
  };
}

describe('workers that fail at start-up', () => {
  it('make the call reject with a WorkerError, and the pool stops spawning', async () => {
    const engine = new ParallelSum({ maxWorkers: 2 });
    engines.push(engine);
    let spawned = 0;
    debug(engine).platform.spawn = () => {
      spawned++;
      return brokenEndpoint();
    };
    const xs = engine.alloc(Float64Array, 1 << 22).fill(1);
    const error = await engine.sum(xs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).message).toMatch(/failed to start/);
    expect(((error as WorkerError).cause as Error).message).toMatch(/cannot start/);
    const afterFirst = spawned;
    expect(afterFirst).toBeGreaterThanOrEqual(3);
    await expect(engine.sum(xs)).rejects.toBeInstanceOf(WorkerError);
    expect(spawned).toBe(afterFirst);
    expect(engine.stats()).toMatchObject({ busy: 0, pending: 0, queued: 0 });
    await until(() => engine.stats().workers === 0); // the last broken thread may still be dying
    // Work the calling thread can do alone still runs: small and mid-size sums, ordinary arrays.
    expect(await engine.sum(new Float64Array(1000).fill(1))).toBe(1000);
    expect(await engine.sum(xs.subarray(0, 1 << 20))).toBe(1 << 20);
    expect(spawned).toBe(afterFirst);
  });
});

describe('kernels that fail to load', () => {
  it('reject that call, and the next call tries again', async () => {
    const engine = new ParallelSum({ maxWorkers: 1 });
    engines.push(engine);
    const platform = debug(engine).platform as unknown as { kernels: (shared: boolean) => Promise<unknown> };
    const real = platform.kernels;
    let failures = 1;
    platform.kernels = (shared) => (failures-- > 0 ? Promise.reject(new Error('offline')) : real(shared));
    await expect(engine.sum([1, 2, 3])).rejects.toThrow('offline');
    expect(await engine.sum([1, 2, 3])).toBe(6);
    expect(engine.stats().pending).toBe(0);
  });
});

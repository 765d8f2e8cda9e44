// Every fallback in real browsers (Chromium, Firefox, WebKit), each on its own page: a page served
// without the isolation headers (single thread, no SharedArrayBuffer), a page without
// Atomics.waitAsync (workers wake the page with a message), and a page without WebAssembly SIMD (the
// scalar kernels). Each must still give the same bits as the Node build, cancel, respect the bound
// and close cleanly. Where the engine has no SharedArrayBuffer at all (WebKitGTK by default), every
// page takes the single-thread path, and so do these.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closed, expectBound, expectCorrect, nodeSum, type Bound, type Correctness } from './browser/checks.js';
import { kPageTimeout, typesFor } from './browser/engines.js';
import {
  call, fetched, forEachEngine, mainThreadWaits, openHarness, pageErrors, type Features, type HarnessTab,
} from './browser/pages-setup.js';

interface Scenario {
  name: string;
  isolated: boolean;
  features: Features;
  capabilities: Record<string, unknown>;
  /** Files the page must have fetched, and must not have. */
  fetched: string[];
  notFetched: string[];
}

const scenarios: Scenario[] = [
  {
    name: 'not cross-origin isolated: one thread, ordinary memory',
    isolated: false,
    features: {},
    capabilities: {
      crossOriginIsolated: false, sharedMemory: false, simd: true, path: 'single-thread', kernels: 'simd', wakeUp: undefined,
    },
    fetched: ['kernels-simd-unshared.wasm'],
    notFetched: ['worker.browser.js', 'kernels-simd.wasm'],
  },
  {
    name: 'no Atomics.waitAsync: workers post a message when they are done',
    isolated: true,
    features: { noWaitAsync: true },
    capabilities: { crossOriginIsolated: true, waitAsync: false, path: 'parallel', kernels: 'simd', wakeUp: 'message' },
    fetched: ['kernels-simd.wasm', 'worker.browser.js'],
    notFetched: [],
  },
  {
    name: 'no WebAssembly SIMD: the scalar kernels',
    isolated: true,
    features: { noSimd: true },
    capabilities: { crossOriginIsolated: true, simd: false, path: 'parallel', kernels: 'scalar', wakeUp: 'waitAsync' },
    fetched: ['kernels-scalar.wasm'],
    notFetched: ['kernels-simd.wasm', 'kernels-simd-unshared.wasm'],
  },
];

forEachEngine((engine, browser) => {
  // Without threads in the engine, a page without Atomics.waitAsync is just another one-thread page.
  describe.each(scenarios.filter((s) => engine.threads || !s.features.noWaitAsync))('$name', { timeout: kPageTimeout }, (scenario) => {
    let tab: HarnessTab;
    const run = <T>(name: string, ...args: unknown[]): Promise<T> => call<T>(tab, name, ...args);
    // No SharedArrayBuffer in the engine: every page is on one thread, isolated or not.
    const parallel = scenario.capabilities.path === 'parallel' && engine.threads;
    const capabilities = parallel ? scenario.capabilities : {
      crossOriginIsolated: scenario.isolated, sharedMemory: engine.sharedEverywhere, path: 'single-thread', wakeUp: undefined,
      kernels: scenario.capabilities.kernels,
    };

    beforeAll(async () => {
      tab = await openHarness(browser(), { isolated: scenario.isolated, features: scenario.features });
    }, kPageTimeout);

    afterAll(() => tab?.close());

    test('capabilities() reports it', async () => {
      expect(await run('capabilities')).toMatchObject({ platform: 'browser', ...capabilities });
      expect(await run('classic')).toBe(36);
    });

    test.each(typesFor(engine, ['Float64Array', 'Float32Array', 'Int8Array', 'Uint16Array', 'Int32Array', 'BigInt64Array', 'BigUint64Array']))(
      '%s: correct, and the same bits as in Node', async (type) => {
        const result = await run<Correctness>('correctness', type, 6, 5);
        // alloc() gives shared memory only where there is some; elsewhere an ordinary TypedArray.
        expect(result.sharedBuffer).toBe(parallel);
        expect(result.chunks > 0).toBe(parallel);
        await expectCorrect(result, type, 6, 5);
      });

    test.each(['Float64Array', 'Int32Array', 'BigUint64Array'])('%s: sumSync after ready(), the same bits as sum and as Node; ready({ workers }) starts them', async (type) => {
      const result = await run<Record<string, unknown>>('syncSum', type, 3, 13);
      expect(result.before).toMatch(/^NotReadyError: .*ready\(\)/);
      expect(result.prestarted).toBe(parallel ? 2 : 0);
      expect(result.classic).toBe(36);
      expect(result.outside).toEqual(result.inMemory);
      expect(result.promised).toEqual(result.inMemory);
      expect(result.inMemory).toEqual(await nodeSum(type, 3, 13));
    });

    test('bit-identical for maxWorkers 1 to 8', async () => {
      const { sums, array } = await run<{ sums: number[]; array: number }>('determinism', 'Float64Array', 6, 11);
      for (const sum of [...sums, array]) expect(Object.is(sum, sums[0])).toBe(true);
      expect(sums[0]).toBe(await nodeSum('Float64Array', 6, 11));
    });

    test('cancellation: AbortError, then idle and correct', async () => {
      const length = 32 * 2 ** 20;
      const result = await run<Record<string, number | string | boolean>>('cancellation', length);
      expect(result).toMatchObject({ name: 'AbortError', isReason: true, busy: 0, pending: 0, again: length, early: 'AbortError' });
      if (parallel) expect(result.chunksSummed).toBeLessThan(result.totalChunks as number);
    });

    test('the worker bound holds under 100 concurrent calls', async () => {
      expectBound(await run<Bound>('bound', 3, 100, 2 ** 22), parallel ? 3 : 0);
    });

    test('close(): running sums finish, new work is refused, no worker is left', async () => {
      expect(await run<Record<string, unknown>>('close', 2 ** 20)).toMatchObject(closed);
      if (tab.liveWorkers !== undefined) await expect.poll(tab.liveWorkers, { timeout: kPageTimeout }).toBe(0);
    });

    test('fetched the right files, never blocked the main thread, threw nothing', async () => {
      const files = parallel ? scenario.fetched : [scenario.capabilities.kernels === 'simd' ? 'kernels-simd-unshared.wasm' : 'kernels-scalar-unshared.wasm'];
      const never = parallel ? scenario.notFetched : ['worker.browser.js', 'kernels-simd.wasm', 'kernels-scalar.wasm'];
      for (const file of files) expect(fetched(tab, file), file).toBe(true);
      for (const file of never) expect(fetched(tab, file), file).toBe(false);
      expect(await mainThreadWaits(tab)).toBe(0);
      expect(await pageErrors(tab)).toEqual([]);
    });

    // WebKitGTK's flag gives every page SharedArrayBuffer, isolated or not: there they work.
    test.runIf(!parallel && !engine.sharedEverywhere)('WaitGroup and Semaphore refuse to start without shared memory, clearly', async () => {
      expect(await run('syncWithoutSharedMemory')).toMatch(/^TypeError: .*(cross-origin isolated|SharedArrayBuffer)/);
    });
  });
});

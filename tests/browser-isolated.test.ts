// The full parallel path in real browsers: a cross-origin isolated page using the package with no
// bundler (an import map), checked against a reference and against the Node build, bit for bit, in
// Chromium, Firefox and WebKit. WebKitGTK without JSC_useSharedArrayBuffer is isolated but has no
// SharedArrayBuffer: there the same page runs every sum on its own thread, and must say why.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closed, expectBound, expectCorrect, nodeSum, type Bound, type Correctness } from './browser/checks.js';
import { kPageTimeout, typesFor } from './browser/engines.js';
import { call, fetched, forEachEngine, mainThreadWaits, openHarness, pageErrors, type HarnessTab } from './browser/pages-setup.js';
import { types } from './browser/pages/data.js';

forEachEngine((engine, browser) => {
  const parallel = engine.threads;
  let tab: HarnessTab;
  const run = <T>(name: string, ...args: unknown[]): Promise<T> => call<T>(tab, name, ...args);

  beforeAll(async () => {
    tab = await openHarness(browser(), { isolated: true });
  }, kPageTimeout);
  afterAll(() => tab?.close());

  describe.sequential('cross-origin isolated page', { timeout: kPageTimeout }, () => {
    test(parallel ? 'detects the parallel path' : 'no SharedArrayBuffer although isolated: one thread, and the reason says so', async () => {
      const capabilities = await run<Record<string, unknown>>('capabilities');
      expect(capabilities).toMatchObject({ platform: 'browser', crossOriginIsolated: true, simd: true, kernels: 'simd' });
      if (parallel) {
        expect(capabilities).toMatchObject({ sharedMemory: true, path: 'parallel', reason: undefined });
        expect(capabilities.wakeUp).toBe(capabilities.waitAsync ? 'waitAsync' : 'message');
      } else {
        expect(capabilities).toMatchObject({ sharedMemory: false, path: 'single-thread', wakeUp: undefined });
        expect(capabilities.reason).toMatch(/SharedArrayBuffer is not available/);
        expect(capabilities.reason).not.toMatch(/not cross-origin isolated/);
      }
      expect(await run('classic')).toBe(36);
    });

    test('the browser entry exports exactly what the Node entry does, but sumFile (files are Node\'s)', async () => {
      const node = Object.keys(await import('../dist/index.js')).sort();
      expect(node).toContain('sumFile');
      expect(await run('exportNames')).toEqual(node.filter((name) => name !== 'sumFile'));
    });

    test.each(typesFor(engine, types))('%s: correct in shared memory and out of it, and the same bits as in Node', async (type) => {
      const result = await run<Correctness>('correctness', type, 6, 7);
      expect(result.sharedBuffer).toBe(parallel);
      if (parallel) expect(result.chunks).toBeGreaterThan(1); // the workers really summed it
      else expect(result.chunks).toBe(0);
      await expectCorrect(result, type, 6, 7);
    });

    test.each(['Float64Array', 'Float32Array'])('%s: bit-identical for maxWorkers 1 to 8', async (type) => {
      const { sums, array, workers } = await run<{ sums: number[]; array?: number; workers: number }>(
        'determinism', type, 40, 11); // above 32 MiB: queued for the workers
      expect(workers > 1).toBe(parallel);
      for (const sum of sums) expect(Object.is(sum, sums[0])).toBe(true);
      if (array !== undefined) expect(Object.is(array, sums[0])).toBe(true);
      expect(sums[0]).toBe(await nodeSum(type, 40, 11));
    });

    test('cancellation mid-sum: AbortError, then idle and correct', async () => {
      const length = 32 * 2 ** 20;
      const result = await run<Record<string, unknown>>('cancellation', length);
      expect(result).toMatchObject({ name: 'AbortError', isReason: true, busy: 0, pending: 0, again: length, early: 'AbortError' });
      if (parallel) {
        expect(result.chunksSummed).toBeGreaterThan(0);
        expect(result.chunksSummed).toBeLessThan(result.totalChunks as number);
      }
    });

    test('the worker bound holds under 100 concurrent calls', async () => {
      const result = await run<Bound>('bound', 3, 100, 2 ** 22); // 32 MiB: queued for the workers
      expectBound(result, parallel ? 3 : 0);
      if (parallel) expect(result.peak.queued).toBeGreaterThan(0); // the calls really contended
    });

    test('close(): running sums finish, every worker ends, new work is refused', async () => {
      const result = await run<Record<string, unknown>>('close', 2 ** 20);
      expect(result).toMatchObject(closed);
      expect((result.workersBefore as number) > 0).toBe(parallel);
    });

    test.runIf(parallel)('the page really runs that many Web Workers, and none after close()', async () => {
      // As the browser reports them, where the driver can see workers (not WebKit's: there the
      // engine's own count is all there is). Engines of earlier tests were closed; browsers report
      // their workers gone a little later.
      const live = tab.liveWorkers;
      if (live !== undefined) await expect.poll(live, { timeout: kPageTimeout }).toBe(0);
      expect(await run('hold', 3, 2 ** 22)).toBe(3);
      if (live !== undefined) await expect.poll(live, { timeout: kPageTimeout }).toBe(3);
      expect(await run('release')).toBe(0);
      if (live !== undefined) await expect.poll(live, { timeout: kPageTimeout }).toBe(0);
    });

    test('the main thread never called Atomics.wait, and the page threw nothing', async () => {
      expect(await mainThreadWaits(tab)).toBe(0);
      expect(await pageErrors(tab)).toEqual([]);
      expect(fetched(tab, parallel ? 'kernels-simd.wasm' : 'kernels-simd-unshared.wasm')).toBe(true);
      expect(fetched(tab, 'worker.browser.js')).toBe(parallel);
    });
  });
});

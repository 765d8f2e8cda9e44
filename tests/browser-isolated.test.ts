// The full parallel path in real Chromium: a cross-origin isolated page using the package with no
// bundler (an import map), checked against a reference and against the Node build, bit for bit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  call, kPageTimeout, launchChromium, mainThreadWaits, openPage, type Browser, type OpenPage,
} from './browser/chromium.js';
import { closed, expectBound, expectCorrect, nodeSum, type Bound, type Correctness } from './browser/checks.js';
import { types } from './browser/pages/data.js';
import { startSite } from './browser/site.js';

let browser: Browser;
let site: Awaited<ReturnType<typeof startSite>>;
let tab: OpenPage;

const run = <T>(name: string, ...args: unknown[]): Promise<T> => call<T>(tab, name, ...args);

beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startSite(true)]);
  tab = await openPage(browser, site.url);
}, kPageTimeout);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe.sequential('cross-origin isolated page', { timeout: kPageTimeout }, () => {
  test('detects the parallel path', async () => {
    expect(await run('capabilities')).toMatchObject({
      platform: 'browser', crossOriginIsolated: true, sharedMemory: true, simd: true, waitAsync: true,
      path: 'parallel', kernels: 'simd', wakeUp: 'waitAsync',
    });
    expect(await run('classic')).toBe(36);
  });

  test('the browser entry exports exactly what the Node entry does', async () => {
    expect(await run('exportNames')).toEqual(Object.keys(await import('../dist/index.js')).sort());
  });

  test.each(types)('%s: correct in shared memory and out of it, and the same bits as in Node', async (type) => {
    const result = await run<Correctness>('correctness', type, 6, 7);
    expect(result.sharedBuffer).toBe(true);
    expect(result.chunks).toBeGreaterThan(1); // the workers really summed it
    await expectCorrect(result, type, 6, 7);
  });

  test.each(['Float64Array', 'Float32Array'])('%s: bit-identical for maxWorkers 1 to 8', async (type) => {
    const { sums, array, workers } = await run<{ sums: number[]; array?: number; workers: number }>(
      'determinism', type, 40, 11); // above 32 MiB: queued for the workers
    expect(workers).toBeGreaterThan(1);
    for (const sum of sums) expect(Object.is(sum, sums[0])).toBe(true);
    if (array !== undefined) expect(Object.is(array, sums[0])).toBe(true);
    expect(sums[0]).toBe(await nodeSum(type, 40, 11));
  });

  test('cancellation mid-sum: AbortError, then idle and correct', async () => {
    const length = 32 * 2 ** 20;
    const result = await run<Record<string, unknown>>('cancellation', length);
    expect(result).toMatchObject({ name: 'AbortError', isReason: true, busy: 0, pending: 0, again: length, early: 'AbortError' });
    expect(result.chunksSummed).toBeGreaterThan(0);
    expect(result.chunksSummed).toBeLessThan(result.totalChunks as number);
  });

  test('the worker bound holds under 100 concurrent calls', async () => {
    const result = await run<Bound>('bound', 3, 100, 2 ** 22); // 32 MiB: queued for the workers
    expectBound(result, 3);
    expect(result.peak.queued).toBeGreaterThan(0); // the calls really contended
  });

  test('close(): running sums finish, every worker ends, new work is refused', async () => {
    const result = await run<Record<string, unknown>>('close', 2 ** 20);
    expect(result).toMatchObject(closed);
    expect(result.workersBefore).toBeGreaterThan(0);
  });

  test('the page really runs that many Web Workers, and none after close()', async () => {
    // Engines of earlier tests were closed; Chromium reports their workers gone a little later.
    await expect.poll(() => tab.liveWorkers(), { timeout: kPageTimeout }).toBe(0);
    expect(await run('hold', 3, 2 ** 22)).toBe(3);
    await expect.poll(() => tab.liveWorkers(), { timeout: kPageTimeout }).toBe(3);
    expect(await run('release')).toBe(0);
    await expect.poll(() => tab.liveWorkers(), { timeout: kPageTimeout }).toBe(0);
  });

  test('the main thread never called Atomics.wait, and the page threw nothing', async () => {
    expect(await mainThreadWaits(tab)).toBe(0);
    expect(tab.errors).toEqual([]);
    expect(tab.requests.some((url) => url.endsWith('/dist/kernels-simd.wasm'))).toBe(true);
    expect(tab.requests.some((url) => url.endsWith('/dist/worker.browser.js'))).toBe(true);
  });
});

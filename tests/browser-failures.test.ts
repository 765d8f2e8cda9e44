// Failures in a real browser settle every promise: a worker script that cannot be loaded makes sums
// reject with a WorkerError that names the cause (and small sums, which need no worker, still work),
// and a worker terminated mid-sum has its chunks redone by another.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, kPageTimeout, launchChromium, openPage, type Browser } from './browser/chromium.js';
import { startSite } from './browser/site.js';

let browser: Browser;
const sites: Array<Awaited<ReturnType<typeof startSite>>> = [];

beforeAll(async () => {
  browser = await launchChromium();
}, kPageTimeout);

afterAll(async () => {
  await browser?.close();
  await Promise.all(sites.map((site) => site.close()));
});

describe('failures', { timeout: kPageTimeout }, () => {
  test('the worker script is missing: WorkerError with the cause, no hang, small sums still work', async () => {
    const site = await startSite(true, ['worker.browser.js']);
    sites.push(site);
    const tab = await openPage(browser, site.url);
    const result = await call<Record<string, Record<string, unknown>>>(tab, 'workerMissing');
    expect(result.first).toMatchObject({ name: 'WorkerError', cause: expect.stringContaining('worker script failed to load') });
    expect(result.second).toMatchObject({ name: 'WorkerError' });
    expect(result.small).toEqual({ value: 1000 });
    expect(result.after).toMatchObject({ workers: 0, busy: 0, pending: 0 });
    await tab.context.close();
  });

  test('a worker terminated mid-sum: the sum completes, correctly', async () => {
    const site = await startSite(true);
    sites.push(site);
    const tab = await openPage(browser, site.url);
    const length = 16 * 2 ** 20;
    const result = await call<{ sum: number; after: Record<string, number> }>(tab, 'killed', length);
    expect(result.sum).toBe(length);
    expect(result.after).toMatchObject({ busy: 0, pending: 0 });
    expect(tab.errors).toEqual([]);
    await tab.context.close();
  });
});

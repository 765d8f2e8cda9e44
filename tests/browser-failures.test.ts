// Failures in real browsers (wherever a page has workers: Chromium, Firefox, WebKit with
// SharedArrayBuffer) settle every promise: a worker script that cannot be loaded makes sums reject
// with a WorkerError that names the cause (and small sums, which need no worker, still work), and a
// worker terminated mid-sum has its chunks redone by another.
import { describe, expect, test } from 'vitest';
import { kPageTimeout } from './browser/engines.js';
import { call, forEachEngine, openHarness, pageErrors } from './browser/pages-setup.js';

forEachEngine((engine, browser) => {
  describe.runIf(engine.threads)('failures', { timeout: kPageTimeout }, () => {
    test('the worker script is missing: WorkerError with the cause, no hang, small sums still work', async () => {
      const tab = await openHarness(browser(), { isolated: true, missing: ['worker.browser.js'] });
      try {
        const result = await call<Record<string, Record<string, unknown>>>(tab, 'workerMissing');
        expect(result.first).toMatchObject({ name: 'WorkerError', cause: expect.stringContaining('worker script failed to load') });
        expect(result.second).toMatchObject({ name: 'WorkerError' });
        expect(result.small).toEqual({ value: 1000 });
        expect(result.after).toMatchObject({ workers: 0, busy: 0, pending: 0 });
      } finally {
        await tab.close();
      }
    });

    test('a worker terminated mid-sum: the sum completes, correctly', async () => {
      const tab = await openHarness(browser(), { isolated: true });
      try {
        const length = 16 * 2 ** 20;
        const result = await call<{ sum: number; after: Record<string, number> }>(tab, 'killed', length);
        expect(result.sum).toBe(length);
        expect(result.after).toMatchObject({ busy: 0, pending: 0 });
        expect(await pageErrors(tab)).toEqual([]);
      } finally {
        await tab.close();
      }
    });
  });
});

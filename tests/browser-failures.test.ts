// Failures in real browsers (wherever a page has workers: Chromium, Firefox, WebKit with
// SharedArrayBuffer) settle every promise: a worker script that cannot be loaded makes large sums run
// on the calling thread with the same bits (stats().fallback names the cause; ready({ workers }),
// which asks for workers explicitly, rejects with a WorkerError), and a worker terminated mid-sum has
// its chunks redone by another.
import { describe, expect, test } from 'vitest';
import { kPageTimeout } from './browser/engines.js';
import { call, forEachEngine, openHarness, pageErrors } from './browser/pages-setup.js';

forEachEngine((engine, browser) => {
  describe.runIf(engine.threads)('failures', { timeout: kPageTimeout }, () => {
    test('the worker script is missing: sums fall back to the calling thread, ready({ workers }) rejects with the cause', async () => {
      const tab = await openHarness(browser(), { isolated: true, missing: ['worker.browser.js'] });
      try {
        const result = await call<Record<string, Record<string, unknown> | number>>(tab, 'workerMissing');
        expect(result.first).toEqual({ value: 4 * 2 ** 20 });
        expect(result.second).toEqual({ value: 4 * 2 ** 20 });
        expect(result.small).toEqual({ value: 1000 });
        expect(result.fallbacks).toBe(2);
        expect(result.ready).toMatchObject({ name: 'WorkerError' });
        expect(result.after).toMatchObject({ workers: 0, busy: 0, pending: 0, fallback: expect.stringContaining('worker script failed to load') });
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

// Which responses need which header, in every engine that has workers (docs/browser.md, "Which
// responses need which header"). COOP and COEP on the HTML alone make the page cross-origin isolated,
// but a dedicated worker takes its embedder policy from its own script's response: without COEP there
// the worker is refused (WebKit also refuses the modules the worker imports without it), and sums run
// on the calling thread. With COEP on the package's JavaScript too, the workers run.
import { extname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isolationHeaders, type HeaderRule } from '../demo/web/server.js';
import { kPageTimeout } from './browser/engines.js';
import { call, forEachEngine, openHarness } from './browser/pages-setup.js';

const coep = { 'Cross-Origin-Embedder-Policy': isolationHeaders['Cross-Origin-Embedder-Policy']! };
const isHtml = (file: string): boolean => extname(file) === '.html';

/** Both headers on the HTML page, nothing on any other response. */
const htmlOnly: HeaderRule = (_path, file) => (isHtml(file) ? isolationHeaders : undefined);

/**
 * What the docs prescribe, and no more: both headers on the HTML, COEP on the package's JavaScript
 * (the worker script and the chunks it imports). The page's own modules and the .wasm files get none.
 */
const prescribed: HeaderRule = (path, file) => {
  if (isHtml(file)) return isolationHeaders;
  return path.startsWith('/dist/') && extname(file) === '.js' ? coep : undefined;
};

interface Isolation {
  crossOriginIsolated: boolean;
  sum: { value?: number; name?: string };
  chunks: number;
  fallback: string | undefined;
  ready: { value?: unknown; name?: string; message?: string };
  paths: Record<string, number>;
}

const kLength = 2 ** 23; // 64 MiB of Float64 ones

forEachEngine((engine, browser) => {
  describe.runIf(engine.threads)('headers', { timeout: kPageTimeout }, () => {
    test('COOP and COEP on the HTML only: the page is isolated, the workers are refused, sums run on the calling thread', async () => {
      const tab = await openHarness(browser(), { isolated: htmlOnly });
      try {
        const result = await call<Isolation>(tab, 'isolation');
        expect(result.crossOriginIsolated).toBe(true);
        expect(result.sum).toEqual({ value: kLength });
        expect(result.fallback).toMatch(/workers failed to start.*worker script failed to load/);
        expect(result.chunks).toBe(0);
        expect(result.paths).toMatchObject({ fallback: 1 });
        expect(result.ready).toMatchObject({ name: 'WorkerError' });
        // The worker script was asked for, and refused for its headers (it is there).
        expect(tab.site.requests).toContain('/dist/worker.browser.js');
      } finally {
        await tab.close();
      }
    });

    test('the headers the docs prescribe: the workers run', async () => {
      const tab = await openHarness(browser(), { isolated: prescribed });
      try {
        const result = await call<Isolation>(tab, 'isolation');
        expect(result.crossOriginIsolated).toBe(true);
        expect(result.sum).toEqual({ value: kLength });
        expect(result.fallback).toBeUndefined();
        expect(result.chunks).toBeGreaterThan(0);
        expect(result.paths).toMatchObject({ fallback: 0, workers: 1 });
        expect(result.ready).toEqual({ value: undefined });
      } finally {
        await tab.close();
      }
    });
  });
});

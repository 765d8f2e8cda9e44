// A Vite app built from the packed package (npm pack → npm install of the tarball, offline), served
// cross-origin isolated and run in Chromium: proof that a bundler finds the worker and the .wasm
// through the package's literal `new URL(…, import.meta.url)`s, with no configuration. Then the same
// app under Vite's dev server, whose dependency pre-bundling moves the package's code elsewhere.
import { build, createServer, type ViteDevServer } from 'vite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, isolationHeaders } from '../demo/web/server.js';
import { expected, usePackedApp } from './browser/app.js';
import { kPageTimeout } from './browser/chromium.js';

const app = usePackedApp();

describe('an app built with Vite from the packed package', { timeout: 2 * kPageTimeout }, () => {
  test('vite build: the worker and the kernels are found, the sums run on workers', async () => {
    const outDir = join(app.dir(), 'dist');
    await build({ root: app.dir(), configFile: false, logLevel: 'warn', build: { outDir } });
    const site = await startServer({ mounts: [['/', outDir]] });
    try {
      const { outcome, workerUrls, errors } = await app.run(site.url);
      expect(outcome.error).toBeUndefined();
      expect(outcome).toMatchObject({
        classic: 36, inMemory: expected, workers: 2,
        capabilities: { path: 'parallel', kernels: 'simd', crossOriginIsolated: true },
      });
      // The worker is Vite's own emitted copy, not a file reached back inside node_modules.
      expect(workerUrls.length).toBeGreaterThan(0);
      for (const url of workerUrls) expect(url).toMatch(/\/assets\/worker\.browser-[\w-]+\.js$/);
      expect(errors).toEqual([]);
    } finally {
      await site.close();
    }
  });

  // Vite 8 pre-bundles dependencies with Rolldown into node_modules/.vite/deps and rebases their
  // relative `new URL(…, import.meta.url)`s back to the package (vitejs/vite#21434); before that,
  // `optimizeDeps.exclude` was the known fix. Both set-ups must work.
  describe.each([
    { name: 'pre-bundled (the default)', exclude: [] as string[] },
    { name: "with optimizeDeps.exclude: ['parallel-sum']", exclude: ['parallel-sum'] },
  ])('vite dev server, $name', ({ exclude }) => {
    let server: ViteDevServer;
    let cacheDir: string;

    beforeAll(async () => {
      cacheDir = join(app.dir(), `.vite-${exclude.length}`);
      server = await createServer({
        root: app.dir(),
        configFile: false,
        logLevel: 'warn',
        cacheDir,
        optimizeDeps: { exclude },
        server: { host: '127.0.0.1', port: 0, headers: isolationHeaders, ws: false },
      });
      await server.listen();
    }, kPageTimeout);

    afterAll(() => server?.close());

    test('finds the worker and the kernels', async () => {
      const { outcome, workerUrls, errors } = await app.run(server.resolvedUrls!.local[0]!);
      expect(outcome.error).toBeUndefined();
      expect(outcome).toMatchObject({ classic: 36, inMemory: expected, workers: 2, capabilities: { path: 'parallel' } });
      expect(workerUrls.length).toBeGreaterThan(0);
      for (const url of workerUrls) expect(url).toContain('/node_modules/parallel-sum/dist/worker.browser.js');
      expect(errors).toEqual([]);
      // The package really went through the pre-bundler, or really did not.
      expect(existsSync(join(cacheDir, 'deps', 'parallel-sum.js'))).toBe(exclude.length === 0);
    });
  });
});

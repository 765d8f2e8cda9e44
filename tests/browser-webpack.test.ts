// The same app as the Vite test (tests/browser/vite-app/main.js, installed from the packed package),
// bundled by webpack 5 with no configuration beyond entry and output: webpack must turn the package's
// literal `new Worker(new URL(…, import.meta.url))` into a worker chunk and its `new URL('./x.wasm',
// import.meta.url)`s into emitted assets, and pick the `browser` export condition, by itself.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import webpack from 'webpack';
import { describe, expect, test } from 'vitest';
import { startServer } from '../demo/web/server.js';
import { expected, usePackedApp } from './browser/app.js';
import { kPageTimeout } from './browser/chromium.js';

const app = usePackedApp();

function bundle(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) reject(error);
      else if (stats === undefined || stats.hasErrors()) reject(new Error(stats?.toString('errors-only') ?? 'no stats'));
      else resolve(stats);
    });
  });
}

describe('an app built with webpack from the packed package', { timeout: 2 * kPageTimeout }, () => {
  test('webpack build: the worker and the kernels are found, the sums run on workers', async () => {
    const outDir = join(app.dir(), 'webpack-dist');
    await bundle({
      mode: 'production',
      context: app.dir(),
      entry: './main.js',
      output: { path: outDir, filename: 'main.js' },
      target: 'web',
      performance: { hints: false },
    });
    await writeFile(join(outDir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><script src="main.js"></script><output id="out">running…</output>\n');
    const emitted = await readdir(outDir);
    expect(emitted.filter((file) => file.endsWith('.wasm')).length).toBeGreaterThan(0); // assets, not inlined
    const site = await startServer({ mounts: [['/', outDir]] });
    try {
      const { outcome, workerUrls, errors } = await app.run(site.url);
      expect(outcome.error).toBeUndefined();
      expect(outcome).toMatchObject({
        classic: 36, inMemory: expected, workers: 2,
        capabilities: { path: 'parallel', kernels: 'simd', crossOriginIsolated: true },
      });
      // The workers run webpack's own emitted chunk.
      expect(workerUrls.length).toBeGreaterThan(0);
      for (const url of workerUrls) expect(url.startsWith(site.url)).toBe(true);
      for (const url of workerUrls) expect(url).not.toContain('node_modules');
      expect(errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

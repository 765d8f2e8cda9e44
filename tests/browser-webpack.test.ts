// The app of the Vite test (tests/browser/vite-app/main.js: the README's Usage imports, installed
// from the packed package), bundled by webpack 5 in production and in development mode with no
// configuration beyond entry and output: webpack must turn the package's literal `new Worker(new
// URL(…, import.meta.url))` into a worker chunk and its `new URL('./x.wasm', import.meta.url)`s into
// emitted assets, pick the `browser` export condition, and (with "sideEffects": false) keep the
// platform, by itself. Each build runs in every browser engine.
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from '../demo/web/server.js';
import { expectRan, runApp, usePackedApp } from './browser/app.js';
import { kPageTimeout } from './browser/engines.js';
import { forEachEngine } from './browser/pages-setup.js';

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

const modes = ['production', 'development'] as const;
const sites = new Map<string, { url: string; dir: string; requests: string[]; close(): Promise<void> }>();

beforeAll(async () => {
  for (const mode of modes) {
    const outDir = join(app.dir(), `webpack-${mode}`);
    await bundle({
      mode, context: app.dir(), entry: './main.js', output: { path: outDir, filename: 'main.js' }, target: 'web',
      performance: { hints: false },
    });
    await writeFile(join(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><script>window.pageErrors = [];'
      + "addEventListener('error', (e) => pageErrors.push(String(e.error ?? e.message)));</script>"
      + '<script src="main.js"></script><output id="out">running…</output>\n');
    // The .wasm files are emitted as assets, not inlined.
    expect((await readdir(outDir)).filter((file) => file.endsWith('.wasm')).length).toBeGreaterThan(0);
    const requests: string[] = [];
    sites.set(mode, { ...(await startServer({ mounts: [['/', outDir]], requests })), dir: outDir, requests });
  }
}, 4 * kPageTimeout);

afterAll(() => Promise.all([...sites.values()].map((site) => site.close())));

forEachEngine((engine, browser) => {
  describe.each(modes)('webpack --mode %s', { timeout: 2 * kPageTimeout }, (mode) => {
    test('the app sums, on workers where the engine has them, from webpack\'s own worker chunk', async () => {
      const site = sites.get(mode)!;
      site.requests.length = 0;
      expectRan(engine, await runApp(browser(), site.url));
      // The workers run webpack's emitted chunk: every file asked for is one of the build's own.
      const scripts = site.requests.filter((path) => path.endsWith('.js') && path !== '/main.js');
      expect(scripts.length > 0).toBe(engine.threads);
      for (const path of site.requests.filter((p) => p !== '/favicon.ico')) expect(existsSync(join(site.dir, path)), path).toBe(true);
    });
  });
});

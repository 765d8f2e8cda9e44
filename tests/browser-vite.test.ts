// A Vite app built from the packed package (npm pack → npm install of the tarball, offline), importing
// exactly what the README's Usage imports, served cross-origin isolated and run in every browser
// engine: proof that a bundler finds the worker and the .wasm through the package's literal `new
// URL(…, import.meta.url)`s, and keeps the platform, with no configuration. Then the same build under
// `vite preview` and the same app under Vite's dev server (whose dependency pre-bundling moves the
// package's code elsewhere), each with the headers the docs give them (docs/browser.md, "Recipes").
import { build, createServer, preview, type Plugin, type PreviewServer, type ViteDevServer } from 'vite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, isolationHeaders } from '../demo/web/server.js';
import { expectRan, importLines, runApp, usePackedApp } from './browser/app.js';
import { kPageTimeout } from './browser/engines.js';
import { forEachEngine } from './browser/pages-setup.js';

const app = usePackedApp();

test("the app imports exactly what the README's Usage imports", async () => {
  const { readme, app: imports } = await importLines();
  expect(imports).toEqual(["import { ParallelSum, parallelSum } from 'parallel-sum';"]);
  expect(readme[0]).toBe(imports[0]);
});

// Every path the dev server is asked for, through a plugin (the dev server is Vite's, not ours).
function logRequests(requests: string[]): Plugin {
  return {
    name: 'log-requests',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        requests.push(new URL(request.url!, 'http://localhost').pathname);
        next();
      });
    },
  };
}

// Vite 8 pre-bundles dependencies with Rolldown into node_modules/.vite/deps and rebases their
// relative `new URL(…, import.meta.url)`s back to the package (vitejs/vite#21434); before that,
// `optimizeDeps.exclude` was the known fix. Both set-ups must work.
const devSetups = [
  { name: 'pre-bundled (the default)', exclude: [] as string[] },
  { name: "with optimizeDeps.exclude: ['parallel-sum']", exclude: ['parallel-sum'] },
];

let site: { url: string; requests: string[]; close(): Promise<void> };
let previewServer: PreviewServer | undefined;
const servers: Array<{ server: ViteDevServer; cacheDir: string; requests: string[] }> = [];

// Built and served once; each engine then opens the build and both dev servers.
beforeAll(async () => {
  const outDir = join(app.dir(), 'dist');
  await build({ root: app.dir(), configFile: false, logLevel: 'warn', build: { outDir } });
  const requests: string[] = [];
  site = { ...(await startServer({ mounts: [['/', outDir]], requests })), requests };
  previewServer = await preview({
    root: app.dir(), configFile: false, logLevel: 'warn', build: { outDir },
    preview: { host: '127.0.0.1', port: 0, headers: isolationHeaders },
  });
  for (const { exclude } of devSetups) {
    const cacheDir = join(app.dir(), `.vite-${exclude.length}`);
    const logged: string[] = [];
    const server = await createServer({
      root: app.dir(),
      configFile: false,
      logLevel: 'warn',
      cacheDir,
      optimizeDeps: { exclude },
      plugins: [logRequests(logged)],
      server: { host: '127.0.0.1', port: 0, headers: isolationHeaders, ws: false },
    });
    await server.listen();
    servers.push({ server, cacheDir, requests: logged });
  }
}, 4 * kPageTimeout);

afterAll(async () => {
  await site?.close();
  await previewServer?.close();
  await Promise.all(servers.map(({ server }) => server.close()));
});

forEachEngine((engine, browser) => {
  test('vite build: the worker and the kernels are found, the sums run on workers where the engine has them', async () => {
    site.requests.length = 0;
    expectRan(engine, await runApp(browser(), site.url));
    // The worker is Vite's own emitted copy, not a file reached back inside node_modules.
    const workers = site.requests.filter((path) => /\/assets\/worker\.browser-[\w-]+\.js$/.test(path));
    expect(workers.length > 0).toBe(engine.threads);
    expect(site.requests.some((path) => path.includes('node_modules'))).toBe(false);
  }, 2 * kPageTimeout);

  test('vite preview with preview.headers: the workers run', async () => {
    expectRan(engine, await runApp(browser(), previewServer!.resolvedUrls!.local[0]!));
  }, 2 * kPageTimeout);

  test.each(devSetups.map((setup, i) => ({ ...setup, i })))('vite dev server, $name: finds the worker and the kernels', async ({ exclude, i }) => {
    const { server, cacheDir, requests } = servers[i]!;
    requests.length = 0;
    expectRan(engine, await runApp(browser(), server.resolvedUrls!.local[0]!));
    const workers = requests.filter((path) => path.endsWith('/node_modules/parallel-sum/dist/worker.browser.js'));
    expect(workers.length > 0).toBe(engine.threads);
    // The package really went through the pre-bundler, or really did not.
    expect(existsSync(join(cacheDir, 'deps', 'parallel-sum.js'))).toBe(exclude.length === 0);
  }, 2 * kPageTimeout);
});

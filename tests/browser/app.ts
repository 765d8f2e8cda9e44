// A throwaway app that installs the packed package the way a user would: `npm pack`, then
// `npm install` of the tarball, offline (the package has no dependencies, so nothing is fetched).
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { kPageTimeout, launchChromium, type Browser } from './chromium.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

// `npm test` exports its own npm_* settings (prefix, lifecycle, config); a nested npm must not
// inherit them, or it would install into this repository instead of the app.
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

/** A temp dir holding tests/browser/vite-app with the packed package installed. Remove it when done. */
export async function packedApp(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'parallel-sum-app-'));
  const env = cleanEnv();
  // dist/ is already built (npm test's pretest); --ignore-scripts keeps pack from rebuilding it.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, env });
  const tarball = join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
  await cp(join(root, 'tests/browser/vite-app'), dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: dir, env });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** What the app's main.js reports in `window.outcome`. */
export interface Outcome {
  error?: string;
  capabilities: Record<string, unknown>;
  classic: number;
  inMemory: number;
  workers: number;
}

/** The app's sum: main.js sums i % 10 for i below 2^22. */
export const expected = Math.floor(2 ** 22 / 10) * 45 + [0, 1, 2, 3].reduce((a, b) => a + b);

/**
 * Registers the file's beforeAll/afterAll: one Chromium and one packed app for the whole file.
 * `dir()` is the app's directory; `run(url)` opens a build of it served at `url`.
 */
export function usePackedApp(): { dir: () => string; run: (url: string) => ReturnType<typeof runApp> } {
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof packedApp>> | undefined;
  beforeAll(async () => {
    [browser, app] = await Promise.all([launchChromium(), packedApp()]);
  }, 2 * kPageTimeout);
  afterAll(async () => {
    await browser?.close();
    await app?.remove();
  });
  return { dir: () => app!.dir, run: (url) => runApp(browser!, url) };
}

// Opens `url`, waits for the app to finish, and returns what it reported plus the page's workers.
async function runApp(browser: Browser, url: string): Promise<{ outcome: Outcome; workerUrls: string[]; errors: string[] }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const workerUrls: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('worker', (worker) => workerUrls.push(worker.url()));
    await page.goto(url);
    await page.waitForFunction(() => 'outcome' in globalThis, undefined, { timeout: kPageTimeout });
    const outcome = await page.evaluate(() => (globalThis as unknown as { outcome: Outcome }).outcome);
    return { outcome, workerUrls, errors };
  } finally {
    await context.close();
  }
}

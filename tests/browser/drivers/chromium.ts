// Chromium through playwright-core: the binary the run's global setup chose (system or npm), with
// flags for a closed network, never one of Playwright's downloads.
import { chromium, type Browser as PlaywrightBrowser } from 'playwright-core';
import { inject } from 'vitest';
import { kPageTimeout, type Browser, type Engine, type Tab } from '../engines.js';

// Without the background-networking flags Chromium keeps trying to reach Google's hosts at start-up.
// Not @sparticuz/chromium's own `args`: they include --disable-web-security, which turns off
// cross-origin isolation. Playwright adds a fresh --user-data-dir of its own.
export const chromiumFlags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Playwright's own Browser, for the tests that click through a page (the demo). */
export function launchPlaywright(): Promise<PlaywrightBrowser> {
  const binary = inject('chromium');
  return chromium.launch({
    executablePath: binary.path, headless: true, args: chromiumFlags, timeout: kPageTimeout,
    env: { ...process.env, ...binary.env } as Record<string, string>,
  });
}

export async function launchChromium(engine: Engine): Promise<Browser> {
  const browser = await launchPlaywright();
  return {
    engine,
    async open(url) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(kPageTimeout);
      const workers = new Set<unknown>();
      page.on('worker', (worker) => {
        workers.add(worker);
        worker.on('close', () => workers.delete(worker));
      });
      await page.goto(url);
      const tab: Tab = {
        evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as never,
        liveWorkers: () => workers.size,
        setInputFiles: (selector, path) => page.setInputFiles(selector, path),
        close: () => context.close(),
      };
      return tab;
    },
    close: () => browser.close(),
  };
}

// Headless Chromium for the browser tests: Debian's package, driven by playwright-core. Nothing is
// ever downloaded: a missing browser is a clear failure, not a fetch.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags for a closed network: without the background-networking ones Chromium keeps trying to reach
// Google's hosts at start-up.
const flags = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Generous: on a loaded two-core machine a page can take seconds to start its workers. */
export const kPageTimeout = 60_000;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}. The browser tests need Debian's chromium `
      + '(apt-get install -y chromium), or CHROMIUM_PATH pointing at another Chromium binary.');
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags, timeout: kPageTimeout });
}

export interface Features {
  /** Delete Atomics.waitAsync before any page script runs. */
  noWaitAsync?: boolean;
  /** Make WebAssembly.validate reject modules that use v128, as a browser without SIMD does. */
  noSimd?: boolean;
}

/**
 * A new page in its own context, with features taken away as asked, loaded from `url`. Collects page
 * errors and the URLs it requested; counts Atomics.wait calls on the main thread (there must be none).
 */
export async function openPage(browser: Browser, url: string, features: Features = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(kPageTimeout);
  const errors: string[] = [];
  const requests: string[] = [];
  // The engine's Web Workers alive now, as Chromium itself reports them (not as the engine says).
  const workers = new Set<unknown>();
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => requests.push(request.url()));
  page.on('worker', (worker) => {
    if (!worker.url().endsWith('/worker.browser.js')) return;
    workers.add(worker);
    worker.on('close', () => workers.delete(worker));
  });
  await page.addInitScript(({ noWaitAsync, noSimd }) => {
    const atomics = Atomics as unknown as Record<string, unknown>;
    const wait = Atomics.wait;
    (globalThis as Record<string, unknown>).mainThreadWaits = 0;
    atomics.wait = (...args: Parameters<typeof Atomics.wait>) => {
      (globalThis as unknown as { mainThreadWaits: number }).mainThreadWaits++;
      return wait(...args);
    };
    if (noWaitAsync) delete atomics.waitAsync;
    if (noSimd) {
      const validate = WebAssembly.validate;
      // Crude but enough: the engine validates one module only, its SIMD probe, which declares the
      // value type v128 (byte 0x7b). A browser without SIMD rejects it; so does this.
      WebAssembly.validate = (bytes: BufferSource) => {
        const u8 = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
          : new Uint8Array(bytes);
        return !u8.includes(0x7b) && validate(bytes);
      };
    }
  }, { noWaitAsync: features.noWaitAsync ?? false, noSimd: features.noSimd ?? false });
  await page.goto(url);
  await page.waitForFunction(() => 'harness' in globalThis);
  return { page, context, errors, requests, liveWorkers: () => workers.size };
}

export type OpenPage = Awaited<ReturnType<typeof openPage>>;

type Harness = Record<string, (...args: never[]) => Promise<unknown>>;

/** Runs `harness[name](...args)` (tests/browser/pages/harness.js) in the page and returns its result. */
export function call<T>(tab: OpenPage, name: string, ...args: unknown[]): Promise<T> {
  return tab.page.evaluate(([name, args]) => {
    const harness = (globalThis as unknown as { harness: Harness }).harness;
    return harness[name]!(...(args as never[]));
  }, [name, args] as const) as Promise<T>;
}

/** Calls to Atomics.wait the page's main thread made (it must make none: it would block the page). */
export function mainThreadWaits(tab: OpenPage): Promise<number> {
  return tab.page.evaluate(() => (globalThis as unknown as { mainThreadWaits: number }).mainThreadWaits);
}
export type { Browser, Page };

// What every browser test file shares: the engines to run in (each launched once per file), and the
// harness page (tests/browser/pages), opened on a site of its own and called through one door.
import { afterAll, beforeAll, describe } from 'vitest';
import { engines, kPageTimeout, launch, waitFor, type Browser, type Engine, type Tab } from './engines.js';
import { decode, encode } from './pages/wire.js';
import type { HeaderRule } from '../../demo/web/server.js';
import { startSite, type Site } from './site.js';

/**
 * Runs `body` once per engine, in a `describe` of its own with the engine launched around it. An
 * engine missing here is skipped, with the reason in the title; under CI=true it is not skipped (its
 * launch fails, and so do its tests): CI must run all of them.
 */
export function forEachEngine(body: (engine: Engine, browser: () => Browser) => void): void {
  for (const engine of engines) {
    const why = engine.missing();
    const skip = why !== undefined && process.env.CI !== 'true';
    describe.skipIf(skip)(skip ? `${engine.label}: SKIPPED, ${why}` : engine.label, () => {
      let browser: Browser | undefined;
      beforeAll(async () => {
        browser = await launch(engine.name);
      }, 2 * kPageTimeout);
      afterAll(() => browser?.close());
      body(engine, () => browser!);
    });
  }
}

export interface Features {
  /** Delete Atomics.waitAsync before any page script runs. */
  noWaitAsync?: boolean;
  /** Make WebAssembly.validate reject modules that use v128, as a browser without SIMD does. */
  noSimd?: boolean;
}

export interface HarnessTab extends Tab {
  site: Site;
  engine: Engine;
}

/** The harness page on a new site, isolated or not (or per response), with features taken away as asked. */
export async function openHarness(browser: Browser, options: { isolated: boolean | HeaderRule; features?: Features; missing?: string[] }):
  Promise<HarnessTab> {
  const site = await startSite(options.isolated, options.missing);
  const flags = Object.entries(options.features ?? {}).filter(([, on]) => on).map(([flag]) => flag);
  try {
    const tab = await browser.open(`${site.url}${flags.length > 0 ? `?${flags.join('&')}` : ''}`);
    await waitFor(tab, () => 'harnessCall' in globalThis);
    return {
      ...tab, site, engine: browser.engine,
      close: async () => {
        await tab.close();
        await site.close();
      },
    };
  } catch (error) {
    await site.close();
    throw error;
  }
}

/** Runs `harness[name](...args)` (tests/browser/pages/harness.js) in the page and returns its result. */
export async function call<T>(tab: Tab, name: string, ...args: unknown[]): Promise<T> {
  const text = await tab.evaluate(([n, a]) => (globalThis as unknown as {
    harnessCall(name: string, args: string): Promise<string>;
  }).harnessCall(n, a), [name, encode(args)] as const);
  const { value, thrown } = decode(text) as { value: T; thrown?: string };
  if (thrown !== undefined) throw new Error(`harness.${name} threw ${thrown}`);
  return value;
}

/** Uncaught errors and unhandled rejections on the page so far. */
export function pageErrors(tab: Tab): Promise<string[]> {
  return tab.evaluate(() => (globalThis as unknown as { pageErrors: string[] }).pageErrors, undefined);
}

/** Calls to Atomics.wait the page's main thread made (it must make none: it would block the page). */
export function mainThreadWaits(tab: Tab): Promise<number> {
  return tab.evaluate(() => (globalThis as unknown as { mainThreadWaits: number }).mainThreadWaits, undefined);
}

/** Whether the page (or its workers) requested `file` under /dist/. */
export const fetched = (tab: HarnessTab, file: string): boolean => tab.site.requests.includes(`/dist/${file}`);

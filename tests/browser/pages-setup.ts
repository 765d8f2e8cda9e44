// One Chromium and the repository served twice (with and without the isolation headers) for the
// whole of a test file: the setup every scenario-by-scenario browser test shares.
import { afterAll, beforeAll } from 'vitest';
import { kPageTimeout, launchChromium, openPage, type Browser, type Features, type OpenPage } from './chromium.js';
import { startSite } from './site.js';

/** Registers the file's beforeAll/afterAll; `open` gives a fresh page, isolated or not. */
export function useBrowser(): { open: (isolated: boolean, features: Features) => Promise<OpenPage> } {
  let browser: Browser;
  const sites = new Map<boolean, Awaited<ReturnType<typeof startSite>>>();
  beforeAll(async () => {
    const [launched, isolated, plain] = await Promise.all([launchChromium(), startSite(true), startSite(false)]);
    browser = launched;
    sites.set(true, isolated).set(false, plain);
  }, kPageTimeout);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([...sites.values()].map((site) => site.close()));
  });
  return { open: (isolated, features) => openPage(browser, sites.get(isolated)!.url, features) };
}

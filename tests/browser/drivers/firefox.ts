// Firefox through puppeteer-core over WebDriver BiDi: Debian's firefox-esr, headless, with a fresh
// profile that puppeteer makes (and fills with prefs that keep it off the network). No geckodriver.
import puppeteer, { type ElementHandle } from 'puppeteer-core';
import { firefoxPath, kPageTimeout, type Browser, type Engine, type Tab } from '../engines.js';

export async function launchFirefox(engine: Engine): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: firefoxPath, headless: true, protocol: 'webDriverBiDi', timeout: kPageTimeout,
  });
  return {
    engine,
    async open(url) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.setDefaultTimeout(kPageTimeout);
      const workers = new Set<unknown>();
      page.on('workercreated', (worker) => workers.add(worker));
      page.on('workerdestroyed', (worker) => workers.delete(worker));
      await page.goto(url);
      const tab: Tab = {
        evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => unknown, arg) as never,
        liveWorkers: () => workers.size,
        async setInputFiles(selector, path) {
          const input = await page.$(selector);
          if (input === null) throw new Error(`no element matches ${selector}`);
          await (input as ElementHandle<HTMLInputElement>).uploadFile(path);
        },
        close: () => context.close(),
      };
      return tab;
    },
    close: () => browser.close(),
  };
}

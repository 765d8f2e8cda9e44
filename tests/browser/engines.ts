// The browser engines the browser tests run in, and the small driver interface every test uses:
// launch a browser, open a page, evaluate in it, close. One implementation per engine, each with the
// driver library that does the job: playwright-core for Chromium (CDP), puppeteer-core for Firefox
// (WebDriver BiDi), webdriverio for WebKitGTK (WebKitWebDriver). No test talks to a driver directly.
import { existsSync } from 'node:fs';
import { inject } from 'vitest';

export type EngineName = 'chromium' | 'firefox' | 'webkit' | 'webkit-sab';

export interface Engine {
  name: EngineName;
  /** For test titles. */
  label: string;
  /** Whether an isolated page gets SharedArrayBuffer, and so the parallel path. */
  threads: boolean;
  /** Whether a page that is not isolated gets SharedArrayBuffer too (WebKitGTK's flag gives it to every page). */
  sharedEverywhere: boolean;
  /** Why the engine cannot run here, or undefined if it can. */
  missing(): string | undefined;
}

export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const webkitDriverPath = '/usr/bin/WebKitWebDriver';
export const miniBrowserPath = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const webkitMissing = (): string | undefined => {
  if (!existsSync(webkitDriverPath)) return `${webkitDriverPath} not found (apt-get install webkit2gtk-driver)`;
  if (!existsSync(miniBrowserPath)) return `${miniBrowserPath} not found (apt-get install webkit2gtk-driver)`;
  if (!['/usr/bin/Xvfb', '/bin/Xvfb'].some(existsSync)) return 'Xvfb not found (apt-get install xvfb): MiniBrowser has no headless mode';
  return undefined;
};

export const engines: Engine[] = [
  // Always there: the system's Chromium or the one from npm (tests/browser/drivers/chromium-binary.ts).
  { name: 'chromium', label: 'Chromium', threads: true, sharedEverywhere: false, missing: () => undefined },
  {
    name: 'firefox', label: 'Firefox', threads: true, sharedEverywhere: false,
    missing: () => (existsSync(firefoxPath) ? undefined : `${firefoxPath} not found (apt-get install firefox-esr)`),
  },
  // WebKitGTK offers no SharedArrayBuffer unless JSC_useSharedArrayBuffer=1: by default every page
  // takes the single-thread path, isolated or not.
  { name: 'webkit', label: 'WebKit (no SharedArrayBuffer)', threads: false, sharedEverywhere: false, missing: webkitMissing },
  { name: 'webkit-sab', label: 'WebKit (JSC_useSharedArrayBuffer=1)', threads: true, sharedEverywhere: true, missing: webkitMissing },
];

/**
 * The element types a per-type scenario covers in `engine`: every one in Chromium; elsewhere one or
 * two per partial strategy (float, 64-bit lanes, 128-bit lanes), to keep the matrix lean. Generating
 * and checking integer data in the page is slow in WebKit.
 */
export function typesFor(engine: Engine, all: readonly string[]): string[] {
  if (engine.name === 'chromium') return [...all];
  return all.filter((type) => ['Float64Array', 'Float32Array', 'Int8Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'].includes(type));
}

export const engine = (name: EngineName): Engine => engines.find((e) => e.name === name)!;

/** Generous: on a loaded two-core machine a page can take seconds to start its workers. */
export const kPageTimeout = 60_000;

/** A page, whichever the engine. */
export interface Tab {
  /** Runs `fn(arg)` in the page (an async function is awaited); `arg` and the result must be JSON. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Engine workers (Web Workers) alive now, as the browser reports them; undefined where the driver cannot tell (WebKit). */
  liveWorkers: (() => number) | undefined;
  /** Picks the file at `path` (on this machine) in the page's `<input type=file>` matching `selector`, as a user would. */
  setInputFiles(selector: string, path: string): Promise<void>;
  close(): Promise<void>;
}

export interface Browser {
  engine: Engine;
  /** Opens `url` in a fresh page (WebKit: the session's one window, navigated). One at a time. */
  open(url: string): Promise<Tab>;
  close(): Promise<void>;
}

/** Launches `name`. Fails if it is missing: callers skip missing engines first (see `forEachEngine`). */
export async function launch(name: EngineName): Promise<Browser> {
  const why = engine(name).missing();
  if (why !== undefined) throw new Error(`${engine(name).label} cannot run: ${why}`);
  let browser: Browser;
  if (name === 'chromium') browser = await (await import('./drivers/chromium.js')).launchChromium(engine(name));
  else if (name === 'firefox') browser = await (await import('./drivers/firefox.js')).launchFirefox(engine(name));
  else browser = await (await import('./drivers/webkit.js')).launchWebKit(engine(name));
  await ran(name);
  return browser;
}

/** Polls `fn` in the page until it returns true (or fails after `timeout`). */
export async function waitFor(tab: Tab, fn: () => boolean, timeout = kPageTimeout): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await tab.evaluate(fn, undefined))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(fn)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Tells the run's global teardown which engines really launched (tests/global-setup.ts), so that CI
// fails when one did not.
async function ran(name: EngineName): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const dir = inject('enginesRan');
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/${name}`, '');
}

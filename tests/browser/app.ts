// A throwaway app that installs the packed package the way a user would (npm pack, then npm install
// of the tarball, offline), for the bundler tests: tests/browser/vite-app, built by Vite or webpack,
// then opened in every browser engine.
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { packedApp, root } from '../fixtures/packed.js';
import { kPageTimeout, waitFor, type Browser, type Engine } from './engines.js';

/** Registers the file's beforeAll/afterAll: one packed app for the whole file. `dir()` is its folder. */
export function usePackedApp(): { dir: () => string } {
  let app: Awaited<ReturnType<typeof packedApp>> | undefined;
  beforeAll(async () => {
    app = await packedApp('bundled');
    await cp(join(root, 'tests/browser/vite-app'), app.app, { recursive: true });
  }, 2 * kPageTimeout);
  afterAll(() => app?.remove());
  return { dir: () => app!.app };
}

/** What the app's main.js reports in `window.outcome`. */
export interface Outcome {
  error?: string;
  classic: number;
  inMemory: number;
  workers: number;
  shared: boolean;
}

/** The app's sum: main.js sums i % 10 for i below 2^22. */
export const expected = Math.floor(2 ** 22 / 10) * 45 + [0, 1, 2, 3].reduce((a, b) => a + b);

/** Opens `url` in `browser`, waits for the app to finish, and returns what it reported and any page errors. */
export async function runApp(browser: Browser, url: string): Promise<{ outcome: Outcome; errors: string[] }> {
  const tab = await browser.open(url);
  try {
    await waitFor(tab, () => 'outcome' in globalThis);
    const outcome = await tab.evaluate(() => (globalThis as unknown as { outcome: Outcome }).outcome, undefined);
    const errors = await tab.evaluate(() => (globalThis as unknown as { pageErrors: string[] }).pageErrors, undefined);
    return { outcome, errors };
  } finally {
    await tab.close();
  }
}

/** The app ran as it should in `engine`: on workers where the engine has SharedArrayBuffer, else on one thread. */
export function expectRan(engine: Engine, { outcome, errors }: Awaited<ReturnType<typeof runApp>>): void {
  expect(outcome.error).toBeUndefined();
  expect(outcome).toMatchObject({ classic: 36, inMemory: expected, shared: engine.threads });
  // Workers start on demand: a second one may find the chunks gone before it starts (1 or 2).
  expect(outcome.workers > 0).toBe(engine.threads);
  expect(outcome.workers).toBeLessThanOrEqual(2);
  expect(errors).toEqual([]);
}

/** The import statements of the README's code snippets, and of the app. */
export async function importLines(): Promise<{ readme: string[]; app: string[] }> {
  const pattern = /^import \{[^}]*\} from 'parallel-sum';$/gm;
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const app = await readFile(join(root, 'tests/browser/vite-app/main.js'), 'utf8');
  return { readme: readme.match(pattern) ?? [], app: app.match(pattern) ?? [] };
}

// Once per test run (vitest globalSetup): find or unpack the Chromium to drive, say loudly which
// browser engines will run and which are missing, and under CI=true make the run fail unless every
// engine really ran.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveChromium, type ChromiumBinary } from './browser/drivers/chromium-binary.js';
import { engines } from './browser/engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumBinary;
    /** A folder where each engine that launched leaves a file named after itself. */
    enginesRan: string;
  }
}

const ci = process.env.CI === 'true';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = await resolveChromium();
  const ran = await mkdtemp(join(tmpdir(), 'parallel-sum-engines-'));
  project.provide('chromium', chromium);
  project.provide('enginesRan', ran);

  const lines = engines.map((engine) => {
    const why = engine.missing();
    const detail = engine.name === 'chromium' ? ` (${chromium.version}, ${chromium.source}: ${chromium.path})` : '';
    return why === undefined ? `  ✓ ${engine.label}${detail}` : `  ✗ ${engine.label}: MISSING, its browser tests are skipped: ${why}`;
  });
  console.log(['Browser engines for this run:', ...lines].join('\n'));
  const missing = engines.filter((engine) => engine.missing() !== undefined);
  if (ci && missing.length > 0) {
    throw new Error(`CI=true, and ${missing.map((e) => e.label).join(', ')} cannot run here: install them (bash .ci/run does)`);
  }

  return async () => {
    const launched = existsSync(ran) ? readdirSync(ran) : [];
    await rm(ran, { recursive: true, force: true });
    // A run with no browser test at all (a single Node test file, say) is not a browser run.
    const absent = engines.filter((engine) => !launched.includes(engine.name));
    if (launched.length > 0 && absent.length > 0) {
      const message = `Browser engines that never launched in this run: ${absent.map((e) => e.label).join(', ')}`;
      if (!ci) {
        console.warn(`WARNING: ${message}`);
        return;
      }
      // Vitest only logs an error thrown here ("error during close") and still exits with 0: the
      // exit code is the one way left to fail the run (tests/ci-engines.test.ts).
      console.error(`FAILED, CI=true: ${message}`);
      process.exitCode = 1;
    }
  };
}

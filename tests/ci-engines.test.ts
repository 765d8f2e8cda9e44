// Under CI=true a run in which a browser engine never launched must fail, so that CI cannot pass with
// Firefox or WebKit silently skipped; locally it only warns. This runs vitest itself, with the real
// global setup, and reads its exit code: an error thrown in a global teardown is only logged by
// vitest, which then exits with 0 (how the check failed to fail before).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { engines } from './browser/engines.js';
import { root } from './fixtures/packed.js';

const run = promisify(execFile);

async function vitest(env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['CI', 'VITEST', 'TEST', 'VITEST_MODE'].includes(key) && !key.startsWith('VITEST_')));
  const args = [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'tests/fixtures/ci-engines/vitest.config.ts', '--root', root];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, env: { ...base, ...env }, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout}${e.stderr}` };
  }
}

// With an engine missing on this machine, the global setup itself fails a CI=true run (before any
// test): that is the other half of the check, and the launch marks cannot be told apart from it here.
const missing = engines.filter((engine) => engine.missing() !== undefined).map((engine) => engine.label);

describe.skipIf(missing.length > 0)(missing.length > 0 ? `CI engine check: SKIPPED, missing here: ${missing.join(', ')}` : 'CI engine check', () => {
  it('fails a CI=true run in which Firefox and WebKit never launched, naming them', async () => {
    const { code, output } = await vitest({ CI: 'true', ENGINES_RAN: 'chromium' });
    expect(code, output).toBe(1);
    expect(output).toContain('FAILED, CI=true: Browser engines that never launched in this run: Firefox, WebKit (no SharedArrayBuffer), WebKit (JSC_useSharedArrayBuffer=1)');
  });

  it('fails a CI=true run in which one WebKit mode never launched', async () => {
    const { code, output } = await vitest({ CI: 'true', ENGINES_RAN: 'chromium,firefox,webkit' });
    expect(code, output).toBe(1);
    expect(output).toContain('never launched in this run: WebKit (JSC_useSharedArrayBuffer=1)');
  });

  it('passes a CI=true run in which all four launched', async () => {
    const { code, output } = await vitest({ CI: 'true', ENGINES_RAN: 'chromium,firefox,webkit,webkit-sab' });
    expect(code, output).toBe(0);
    expect(output).not.toContain('never launched');
  });

  it('only warns without CI', async () => {
    const { code, output } = await vitest({ ENGINES_RAN: 'chromium' });
    expect(code, output).toBe(0);
    expect(output).toContain('WARNING: Browser engines that never launched in this run: Firefox');
  });
});

// The other half, which runs anywhere: an engine missing at the start fails a CI=true run at once.
it('fails a CI=true run at the start when an engine is missing (here: Firefox, by FIREFOX_PATH)', async () => {
  const { code, output } = await vitest({ CI: 'true', FIREFOX_PATH: '/nonexistent/firefox-esr', ENGINES_RAN: 'chromium' });
  expect(code, output).toBe(1);
  expect(output).toContain('CI=true, and Firefox');
});

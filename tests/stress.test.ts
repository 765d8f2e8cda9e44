// The stress suite's short form in `npm test`: `npm run stress -- --quick` (tests/stress/run.mjs) in
// both wake-up modes, each in its own process. Fewer calls, aborts, kills, seeds and a shorter soak
// than the full suite; the same checks (docs/stress.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const scenarios = ['concurrent', 'aborts', 'churn', 'kills', 'soak', 'fuzz'];

describe('npm run stress -- --quick', () => {
  it('passes every scenario in both wake-up modes', () => {
    // The outer vitest's variables would make the inner one think it runs inside a test.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const run = spawnSync(process.execPath, ['tests/stress/run.mjs', '--quick'], { cwd: root, env, encoding: 'utf8' });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    // Each scenario reported its summary, once per mode.
    const summary = output.slice(output.indexOf('== summary'));
    for (const mode of ['waitAsync', 'message']) {
      for (const scenario of scenarios) expect(summary, output).toMatch(new RegExp(`^${mode}\\s+${scenario}\\s`, 'm'));
    }
  }, 180_000);
});

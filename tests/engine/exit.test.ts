// A script that uses parallelSum and then ends must exit by itself: the default engine's idle
// workers are unref'd. And while a sum runs, the process must stay alive until it settles.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../fixtures/scripts/exit-on-its-own.mjs', import.meta.url));

function run(mode: string) {
  return spawnSync(process.execPath, [script, mode], { encoding: 'utf8', timeout: 30_000 });
}

describe('process exit', () => {
  it('exits on its own after awaiting sums on workers', () => {
    const child = run('await');
    expect(child.error).toBeUndefined();     // no timeout: it exited by itself
    expect(child.status).toBe(0);
    expect(child.stdout).toContain(`sum ${(4 << 20) / 4}`);
    expect(child.stdout).toContain('classic 36');
    expect(Number(/workers (\d+)/.exec(child.stdout)?.[1])).toBeGreaterThan(0); // workers were really used
  });

  it('stays alive while it awaits workers started in advance, then exits on its own', () => {
    const child = run('prestart');
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('ready true 0');
  });

  it('exits on its own with workers still starting that it did not wait for', () => {
    const child = run('prestart-no-await');
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
  });

  it('stays alive until a sum it did not await settles, then exits', () => {
    const child = run('no-await');
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    expect(child.stdout).toContain(`sum ${(4 << 20) / 4}`);
  });
});

// What ships: `npm pack`, installed into an empty app with no network, must work there: the
// worker script and the .wasm are found next to the entry point, and the app exits on its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });

describe('the packed package', () => {
  it('installs into an empty app and sums on workers there', () => {
    // --ignore-scripts: the tests already built dist/; rebuilding it now would pull it from under
    // the other test files.
    npm(['pack', '--ignore-scripts', '--pack-destination', dir], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)], app);
    writeFileSync(join(app, 'main.js'), `
      import { ParallelSum, alloc, parallelSum } from 'parallel-sum';
      const xs = alloc(Float64Array, 1 << 22).fill(1);
      const engine = new ParallelSum({ maxWorkers: 2 });
      const ys = engine.alloc(Int32Array, 1 << 23).fill(-3);
      console.log(JSON.stringify({
        shared: await parallelSum(xs),
        engine: await engine.sum(ys),
        classic: await parallelSum([1, 2, 3, 4, 5, 6, 7, 8]),
        workers: engine.stats().workers,
      }));
      await engine.close();
    `);
    const child = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ shared: 1 << 22, engine: -3 * (1 << 23), classic: 36, workers: 2 });
  });
});

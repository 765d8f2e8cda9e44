// The command as users get it: `npm pack`, installed into an empty app with no network, then run
// through node_modules/.bin (what `npx parallel-sum` runs), binary and text (its worker script
// must ship beside it, and `parallel-sum` must resolve to the installed package).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceSum } from '../fixtures/reference.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-cli-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });

describe('the installed command', () => {
  it('runs from node_modules/.bin', () => {
    // --ignore-scripts: dist/ is built already; rebuilding it would pull it from under other tests.
    npm(['pack', '--ignore-scripts', '--pack-destination', dir], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const listing = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' });
    expect(listing).toContain('package/bin/parallel-sum.js');
    expect(listing).toContain('package/bin/lib/text-worker.js');
    expect(listing).not.toContain('tsconfig.json');
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)], app);
    writeFileSync(join(app, 'a.f64'), new Uint8Array(new Float64Array([1e308, 1, -1e308]).buffer));
    // Over one 4 MiB segment, so worker threads parse it.
    writeFileSync(join(app, 'a.txt'), '0.1\n'.repeat(2 << 20));
    const bin = join(app, 'node_modules', '.bin', 'parallel-sum');
    const binary = spawnSync(bin, ['a.f64', '--type', 'f64', '--exact'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(binary).toMatchObject({ status: 0, stdout: '1\n', stderr: '' });
    const text = spawnSync(bin, ['a.txt', '--text', '--exact', '--json'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(text).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(text.stdout)).toMatchObject({ count: 2 << 20, sum: referenceSum(new Float64Array(2 << 20).fill(0.1)).rounded });
  });
});

// A throwaway app that installs the packed package the way a user would: `npm pack`, then
// `npm install` of the tarball, offline (the package has no dependencies, so nothing is fetched).
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

// `npm test` exports its own npm_* settings (prefix, lifecycle, config); a nested npm must not
// inherit them, or it would install into this repository instead of the app.
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
}

/** A temp dir holding tests/browser/vite-app with the packed package installed. Remove it when done. */
export async function packedApp(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'parallel-sum-app-'));
  const env = cleanEnv();
  // dist/ is already built (npm test's pretest); --ignore-scripts keeps pack from rebuilding it.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, env });
  const tarball = join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
  await cp(join(root, 'tests/browser/vite-app'), dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: dir, env });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

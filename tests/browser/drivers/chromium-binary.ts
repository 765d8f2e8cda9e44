// Which Chromium the tests drive: `CHROMIUM_PATH` if set, else Debian's /usr/bin/chromium, else the
// Chromium that ships inside the npm package @sparticuz/chromium (a devDependency), so `npm install &&
// npm test` needs no browser on the machine. `PARALLEL_SUM_CHROMIUM=npm` forces the npm one.
// Nothing is ever downloaded: the npm Chromium is unpacked from the installed package.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChromiumBinary {
  path: string;
  /** Where it came from, for the run's banner. */
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
  /** Environment to add when launching it (LD_LIBRARY_PATH for the npm build on a bare system). */
  env: Record<string, string>;
  version: string;
}

export const systemChromium = '/usr/bin/chromium';

/** Finds (and if needed unpacks) the Chromium to use. Run once per test run (vitest globalSetup). */
export async function resolveChromium(): Promise<ChromiumBinary> {
  const forced = process.env.CHROMIUM_PATH;
  if (forced) {
    if (!existsSync(forced)) throw new Error(`CHROMIUM_PATH=${forced} does not exist`);
    return { path: forced, source: 'CHROMIUM_PATH', env: {}, version: await version(forced, {}) };
  }
  if (process.env.PARALLEL_SUM_CHROMIUM !== 'npm' && existsSync(systemChromium)) {
    return { path: systemChromium, source: 'system', env: {}, version: await version(systemChromium, {}) };
  }
  return npmChromium();
}

// @sparticuz/chromium's executablePath() unpacks the browser (about 200 MB) into os.tmpdir(), and its
// NSS, NSPR and expat libraries (bin/al2023.tar.br) only where it believes it runs on Amazon Linux
// 2023, which AWS_EXECUTION_ENV tells it. So it runs in a child process whose TMPDIR is a cache
// folder under node_modules/.cache: unpacked once, kept across runs, gone with node_modules.
async function npmChromium(): Promise<ChromiumBinary> {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@sparticuz/chromium/package.json', { paths: [root] });
  const { version: packageVersion } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  const cache = join(root, 'node_modules/.cache/parallel-sum', `sparticuz-chromium-${packageVersion}`);
  const path = join(cache, 'chromium');
  if (!existsSync(join(cache, 'complete'))) {
    // Unpacked beside, then moved in place: an interrupted unpack never passes for a complete one.
    const partial = `${cache}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await run(process.execPath, ['--input-type=module', '-e',
      "const { default: chromium } = await import('@sparticuz/chromium'); console.log(await chromium.executablePath());"],
    { cwd: dirname(pkg), env: { ...process.env, TMPDIR: partial, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' } });
    if (!existsSync(join(partial, 'chromium')) || !existsSync(join(partial, 'al2023/lib'))) {
      throw new Error(`@sparticuz/chromium did not unpack chromium and al2023/lib into ${partial}`);
    }
    await mkdir(join(partial, 'complete'));
    await rm(cache, { recursive: true, force: true });
    await rename(partial, cache);
  }
  // Use the system's NSS/NSPR/expat where it has them; where any library is missing (a bare Debian
  // has none of them), the package's own.
  const env: Record<string, string> = {};
  if ((await missingLibraries(path, {})).length > 0) {
    env.LD_LIBRARY_PATH = [join(cache, 'al2023/lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    const missing = await missingLibraries(path, env);
    if (missing.length > 0) throw new Error(`The npm Chromium (${path}) needs libraries this system lacks: ${missing.join(', ')}`);
  }
  return { path, source: 'npm', env, version: await version(path, env) };
}

async function missingLibraries(binary: string, env: Record<string, string>): Promise<string[]> {
  const { stdout } = await run('ldd', [binary], { env: { ...process.env, ...env } });
  return [...stdout.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1]!);
}

async function version(binary: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(binary, ['--version'], { env: { ...process.env, ...env } });
  return stdout.trim();
}

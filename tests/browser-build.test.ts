// The shape of the browser build, checked on the files themselves: the browser entry and its worker
// reach only relative files in dist/ (no Node built-ins, whatever chunks esbuild split off), and
// every `new URL('./…', import.meta.url)` in them names a file that sits beside the file holding it.
// Last, what capabilities() says on the Node entry.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');

// Every file reachable from `entry` through static imports and exports.
function graph(entry: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    files.set(file, specifiers);
    for (const specifier of specifiers) if (specifier.startsWith('./')) visit(join(dirname(file), specifier));
  };
  visit(join(dist, entry));
  return files;
}

describe.each(['browser.js', 'worker.browser.js'])('dist/%s', (entry) => {
  const files = graph(entry);

  test('imports nothing but files beside it in dist/', () => {
    for (const [file, specifiers] of files) {
      expect(dirname(file)).toBe(dist);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w.-]+\.js$/);
    }
  });

  test('every new URL(…, import.meta.url) names an existing file beside it', () => {
    const urls = [...files.keys()].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new URL\(\s*["'](\.\/[^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)]
        .map((m) => join(dirname(file), m[1]!)));
    if (entry === 'browser.js') {
      // the worker and the four kernel builds, each a literal bundlers can see
      expect(urls.map((url) => url.slice(dist.length + 1)).sort()).toEqual([
        'kernels-scalar-unshared.wasm', 'kernels-scalar.wasm', 'kernels-simd-unshared.wasm', 'kernels-simd.wasm',
        'worker.browser.js',
      ]);
    }
    for (const url of urls) expect(existsSync(url), url).toBe(true);
  });
});

test('package.json: the browser condition picks the browser build, types first', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, Record<string, string>>;
  };
  const main = pkg.exports['.']!;
  expect(Object.keys(main)[0]).toBe('types');
  expect(main.browser).toBe('./dist/browser.js');
  expect(pkg.exports['./browser']).toEqual({ types: './dist/browser.d.ts', default: './dist/browser.js' });
});

test('capabilities() on the Node entry: the parallel path, SIMD, Atomics.waitAsync', async () => {
  const { capabilities } = await import('../dist/index.js');
  expect(capabilities()).toMatchObject({
    platform: 'node', crossOriginIsolated: undefined, sharedMemory: true, simd: true, waitAsync: true,
    path: 'parallel', kernels: 'simd', wakeUp: 'waitAsync', reason: undefined,
  });
  expect(capabilities().parallelism).toBeGreaterThanOrEqual(1);
});

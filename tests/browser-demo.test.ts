// `npm run demo:web` end to end, in Chromium (clicking through the page with Playwright): the server script starts, the page detects the parallel path, one
// run fills the chart, and Cancel stops a long run and leaves the page ready for the next. "Sum a
// file": a file picked in the page is summed as it streams in, with the bits Node gives, the progress
// bar full at the end; Cancel stops a large one; a file that is not whole numbers says so.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { truncateSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ParallelSum } from '../dist/index.js';
import { fill } from './browser/pages/data.js';
import { writeTemp } from './fixtures/clients.js';
import { launchPlaywright } from './browser/drivers/chromium.js';
import { kPageTimeout } from './browser/engines.js';

const root = fileURLToPath(new URL('../', import.meta.url));

let browser: Browser;
let server: ChildProcess;
let page: Page;
const errors: string[] = [];

// Starts the demo server on a free port, as `npm run demo:web` would, and reads its URL off stdout.
async function startDemo(): Promise<string> {
  server = spawn(process.execPath, ['demo/web/server.js', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0];
      if (url !== undefined) resolve(url);
    });
    server.once('exit', (code) => reject(new Error(`the demo server exited (${code}) before printing its URL: ${output}`)));
  });
}

beforeAll(async () => {
  const [launched, url] = await Promise.all([launchPlaywright(), startDemo()]);
  browser = launched;
  page = await browser.newPage();
  page.setDefaultTimeout(kPageTimeout);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
}, kPageTimeout);

afterAll(async () => {
  await browser?.close();
  if (server?.exitCode === null) {
    server.kill();
    await once(server, 'exit');
  }
});

describe.sequential('demo page', { timeout: 2 * kPageTimeout }, () => {
  test('reports the parallel path', async () => {
    await expect.poll(() => page.textContent('#capabilities')).toMatch(/workers over shared memory, SIMD kernels/);
  });

  test('a run shows both times and the speedup as bars', async () => {
    await page.selectOption('#size', '1000000');
    await page.selectOption('#passes', '1');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')!.textContent!.startsWith('Done'));
    expect(await page.isVisible('#chart')).toBe(true);
    for (const id of ['loop', 'parallel']) {
      expect(await page.textContent(`#time-${id}`)).toMatch(/^[\d.]+ ms · [\d.]+ GB\/s$/);
      const width = await page.$eval(`#bar-${id}`, (bar) => bar.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(0);
    }
    expect(await page.textContent('#speedup')).toMatch(/^parallelSum: [\d.]+× the speed of the JS loop$/);
  });

  test('Cancel stops a long run; the next run completes', async () => {
    await page.selectOption('#size', '10000000');
    await page.selectOption('#passes', '100');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')!.textContent!.startsWith('parallelSum: pass'));
    await page.click('#cancel');
    await page.waitForFunction(() => document.querySelector('#status')!.textContent!.startsWith('Cancelled'));
    expect(await page.isEnabled('#run')).toBe(true);
    expect(await page.isDisabled('#cancel')).toBe(true);
    await page.selectOption('#passes', '1');
    await page.click('#run');
    await page.waitForFunction(() => document.querySelector('#status')!.textContent!.startsWith('Done'));
    expect(errors).toEqual([]);
  });

  test('Sum a file: the bits Node gives, the progress bar full', async () => {
    const data = fill(new Float64Array(4_000_003), 5);
    const path = writeTemp('demo.f64', data);
    const expected = await (async () => {
      await using engine = new ParallelSum({ maxWorkers: 2 });
      return engine.sum(data);
    })();
    await page.setInputFiles('#file', path);
    await page.selectOption('#file-type', 'Float64Array');
    await page.click('#file-sum');
    await page.waitForFunction(() => document.querySelector('#file-status')!.textContent!.startsWith('Sum of'));
    expect(await page.textContent('#file-status')).toContain(`Sum of demo.f64: ${expected} (4,000,003 numbers`);
    expect(await page.$eval('#file-progress', (bar) => (bar as HTMLProgressElement).value)).toBe(1);
    expect(await page.isEnabled('#file-sum')).toBe(true);
  });

  test('Sum a file: Cancel stops a large file; a ragged file is refused with the bytes left over', async () => {
    const big = writeTemp('big.f64', new Uint8Array(0));
    truncateSync(big, 2 ** 31); // sparse: 2 GiB of zeros, made at once
    await page.setInputFiles('#file', big);
    await page.click('#file-sum');
    await page.waitForFunction(() => document.querySelector('#file-status')!.textContent!.startsWith('Summing'));
    await page.click('#file-cancel');
    await page.waitForFunction(() => document.querySelector('#file-status')!.textContent!.startsWith('Cancelled'));
    expect(await page.$eval('#file-progress', (bar) => (bar as HTMLProgressElement).value)).toBeLessThan(1);
    expect(await page.isEnabled('#file-sum')).toBe(true);
    const ragged = writeTemp('ragged.f64', new Uint8Array(8 * 1000 + 3));
    await page.setInputFiles('#file', ragged);
    await page.click('#file-sum');
    await page.waitForFunction(() => document.querySelector('#file-status')!.textContent!.startsWith('Error'));
    expect(await page.textContent('#file-status')).toMatch(/\b3\b/);
    expect(errors).toEqual([]);
  });
});

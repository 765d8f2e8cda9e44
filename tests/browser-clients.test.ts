// Real clients in real browsers (Chromium, Firefox, WebKit where installed): a `File` made in the
// page, a `File` picked through an <input type=file> by the driver, and a `fetch` Response from the
// test server, each summed with sumStream as it arrives. Each must equal engine.sum of the same bytes
// in memory, in the page and in Node, to the bit, and report progress that ends with the whole input.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startServer } from '../demo/web/server.js';
import { nodeSum } from './browser/checks.js';
import { kPageTimeout, waitFor, type Tab } from './browser/engines.js';
import { call, forEachEngine, pageErrors } from './browser/pages-setup.js';
import { fill, lengthFor } from './browser/pages/data.js';
import { writeTemp } from './fixtures/clients.js';

const root = fileURLToPath(new URL('../', import.meta.url));

interface Streamed {
  sum: number | string;
  last: { bytes: number; elements: number; totalBytes?: number };
  reports: number;
}

// The file the server and the file input hand to the page: 3 MiB of seeded doubles.
const [type, mib, seed] = ['Float64Array', 3, 17] as const;
const data = fill(new Float64Array(lengthFor(type, mib)), seed);
const path = writeTemp('data.f64', data);
const folder = path.slice(0, path.lastIndexOf('/'));

describe.sequential('real clients in the browser', { timeout: 2 * kPageTimeout }, () => {
  forEachEngine((engine, browser) => {
    let site: Awaited<ReturnType<typeof startServer>>;
    let tab: Tab;
    beforeAll(async () => {
      site = await startServer({
        mounts: [['/', `${root}tests/browser/pages`], ['/dist/', `${root}dist`], ['/data/', folder]], isolated: true,
      });
      tab = await browser().open(site.url);
      await waitFor(tab, () => 'harnessCall' in globalThis);
    }, 2 * kPageTimeout);
    afterAll(async () => {
      await tab?.close();
      await site?.close();
    });

    test(`${engine.label}: a File made in the page, as a Blob and as its stream()`, async () => {
      const got = await call<{ size: number; inMemory: number; file: Streamed; stream: Streamed }>(tab, 'fileSum', type, mib, seed);
      const expected = await nodeSum(type, mib, seed);
      expect(got.inMemory).toBe(expected);
      for (const way of [got.file, got.stream]) {
        expect(way.sum).toBe(expected);
        expect(way.last).toMatchObject({ bytes: got.size, elements: got.size / 8 });
      }
      expect(got.file.last.totalBytes).toBe(got.size); // a Blob knows its size
    });

    test(`${engine.label}: a fetch Response from the test server, with Content-Length`, async () => {
      const got = await call<{ status: number; contentLength: number; inMemory: number; response: Streamed }>(
        tab, 'fetchSum', '/data/data.f64', type);
      expect(got.status).toBe(200);
      expect(got.contentLength).toBe(data.byteLength);
      const expected = await nodeSum(type, mib, seed);
      expect(got.inMemory).toBe(expected);
      expect(got.response.sum).toBe(expected);
      expect(got.response.last).toEqual({ bytes: data.byteLength, elements: data.length, totalBytes: data.byteLength });
    });

    test(`${engine.label}: a File picked in an <input type=file> by the driver`, async () => {
      await call(tab, 'fileInput');
      await tab.setInputFiles('#file', path);
      const got = await call<{ name: string; size: number; inMemory: number; file: Streamed }>(tab, 'inputFileSum', type);
      expect(got).toMatchObject({ name: 'data.f64', size: data.byteLength });
      const expected = await nodeSum(type, mib, seed);
      expect(got.inMemory).toBe(expected);
      expect(got.file.sum).toBe(expected);
      expect(got.file.last).toEqual({ bytes: data.byteLength, elements: data.length, totalBytes: data.byteLength });
      expect(await pageErrors(tab)).toEqual([]);
    });
  });
});

// sumFile as users call it: with a path, a file: URL, or a FileHandle they opened themselves (which
// sumFile must leave open: it closes only what it opened). Same bits as the in-memory sum; progress
// knows the size; abort and errors leave no descriptor open.
import { getEventListeners } from 'node:events';
import { open } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sumFile } from '../../dist/index.js';
import { canCountFds, leakedSince, openFiles, openTempFiles, writeTemp } from '../fixtures/clients.js';
import { doubles } from '../fixtures/data.js';
import { kChunkDoubles, testEngine } from '../fixtures/engine.js';

const engine = testEngine({ maxWorkers: 2 });
const data = doubles(41 * kChunkDoubles + 3, 31);
const path = writeTemp('data.f64', data);

describe('sumFile', () => {
  it('a path, a URL and a FileHandle give the bits of the in-memory sum', async () => {
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(data, { precision });
      expect(await engine.sumFile(path, { type: Float64Array, precision })).toBe(expected);
      expect(await engine.sumFile(pathToFileURL(path), { type: Float64Array, precision })).toBe(expected);
      expect(await sumFile(pathToFileURL(path), { type: Float64Array, precision })).toBe(expected);
      const handle = await open(path);
      try {
        expect(await engine.sumFile(handle, { type: Float64Array, precision })).toBe(expected);
      } finally {
        await handle.close();
      }
    }
  });

  it('leaves a FileHandle it was given open and usable, and reads it from offset 0 however it was read before', async () => {
    const handle = await open(path);
    try {
      await handle.read(new Uint8Array(13), 0, 13, null); // the handle's own position moves to 13
      const expected = await engine.sum(data);
      expect(await engine.sumFile(handle, { type: Float64Array })).toBe(expected);
      expect(await engine.sumFile(handle, { type: Float64Array })).toBe(expected);
      const { bytesRead } = await handle.read(new Uint8Array(8), 0, 8, 0);
      expect(bytesRead).toBe(8);
    } finally {
      await handle.close();
    }
  });

  it('offset and length select a range, through every kind of file argument', async () => {
    const from = 1234, count = 20 * kChunkDoubles + 77;
    const expected = await engine.sum(data.subarray(from, from + count));
    const range = { type: Float64Array, offset: from * 8, length: count * 8 };
    expect(await engine.sumFile(path, range)).toBe(expected);
    expect(await engine.sumFile(pathToFileURL(path), range)).toBe(expected);
    const handle = await open(path);
    try {
      expect(await engine.sumFile(handle, range)).toBe(expected);
    } finally {
      await handle.close();
    }
  });

  it('progress knows the total: the file size, or the range', async () => {
    const seen: Array<{ bytes: number; elements: number; totalBytes?: number }> = [];
    await engine.sumFile(path, { type: Float64Array, onProgress: (p) => seen.push({ ...p }) });
    expect(seen.at(-1)).toEqual({ bytes: data.byteLength, elements: data.length, totalBytes: data.byteLength });
    seen.length = 0;
    await engine.sumFile(path, { type: Float64Array, offset: 800, length: 8000, onProgress: (p) => seen.push({ ...p }) });
    expect(seen.at(-1)).toEqual({ bytes: 8000, elements: 1000, totalBytes: 8000 });
  });

  it.skipIf(!canCountFds)('no descriptor left behind: after sums, an abort, a missing file and a range past the end', async () => {
    const before = openFiles();
    await engine.sumFile(path, { type: Float64Array });
    await engine.sumFile(pathToFileURL(path), { type: Float64Array });
    const controller = new AbortController();
    const reason = new Error('stop');
    const aborted = engine.sumFile(path, {
      type: Float64Array, signal: controller.signal, onProgress: ({ bytes }) => { if (bytes < data.byteLength) controller.abort(reason); },
    }).catch((error: unknown) => error);
    queueMicrotask(() => controller.abort(reason));
    expect(await aborted).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const missing = await engine.sumFile(`${path}.missing`, { type: Float64Array }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'ENOENT' });
    await expect(engine.sumFile(path, { type: Float64Array, offset: data.byteLength + 8 })).rejects.toBeInstanceOf(RangeError);
    await expect(engine.sumFile(pathToFileURL(path), { type: Float64Array, length: data.byteLength + 8 })).rejects.toBeInstanceOf(RangeError);
    expect(openTempFiles()).toEqual([]);
    expect(leakedSince(before).filter((line) => line.includes('data.f64'))).toEqual([]);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });

  it('a FileHandle that was closed: the fs error, unchanged', async () => {
    const handle = await open(path);
    await handle.close();
    const error = await engine.sumFile(handle, { type: Float64Array }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toMatch(/^E/);
  });
});

// A Node fs.createReadStream, as users hold one: raw little-endian bytes in Buffers of whatever size
// the stream's highWaterMark gives (odd sizes here, so elements split across chunks at every byte
// offset), summed with `type` to the bits of the in-memory sum; abort destroys the stream and closes
// its file; nothing stays open or registered afterwards.
import { getEventListeners } from 'node:events';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sumStream } from '../../dist/index.js';
import { canCountFds, openTempFiles, writeTemp } from '../fixtures/clients.js';
import { doubles } from '../fixtures/data.js';
import { kChunkDoubles, testEngine, until } from '../fixtures/engine.js';

const engine = testEngine({ maxWorkers: 2 });
// Several 256 KiB chunks and a ragged tail: big enough that the stream's data crosses the chunk grid.
const big = doubles(9 * kChunkDoubles + 13, 11);
const bigFile = writeTemp('big.f64', big);
const small = doubles(1001, 12);
const smallFile = writeTemp('small.f64', small);

describe('fs.createReadStream', () => {
  // 1..7 split every element at every byte offset; 65537 and 1000003 are odd sizes across chunks.
  it.each([1, 3, 5, 7])('highWaterMark %i: same bits as the in-memory sum (small file)', async (highWaterMark) => {
    for (const precision of ['fast', 'exact'] as const) {
      const got = await engine.sumStream(createReadStream(smallFile, { highWaterMark }), { type: Float64Array, precision });
      expect(got).toBe(await engine.sum(small, { precision }));
    }
  });

  it.each([4093, 65537, 1_000_003, undefined])('highWaterMark %s: same bits for every maxWorkers and precision', async (highWaterMark) => {
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(big, { precision });
      for (const maxWorkers of [1, 2]) {
        const stream = createReadStream(bigFile, { highWaterMark });
        expect(await engine.sumStream(stream, { type: Float64Array, precision, maxWorkers })).toBe(expected);
        expect(stream.destroyed).toBe(true);
      }
    }
  });

  it('through the default engine too', async () => {
    expect(await sumStream(createReadStream(bigFile, { highWaterMark: 65537 }), { type: Float64Array }))
      .toBe(await engine.sum(big));
  });

  it('reports progress in bytes and elements, ending with the whole file', async () => {
    const seen: Array<{ bytes: number; elements: number; totalBytes?: number }> = [];
    await engine.sumStream(createReadStream(bigFile, { highWaterMark: 65537 }), {
      type: Float64Array, onProgress: (progress) => seen.push({ ...progress }),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ bytes: big.byteLength, elements: big.length });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes);
  });

  it('without `type`, Buffers are bytes: a TypeError that names `type`, and the stream is destroyed', async () => {
    const stream = createReadStream(smallFile);
    const error = await engine.sumStream(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).toMatch(/`type`/);
    await expect.poll(() => stream.destroyed).toBe(true);
    if (canCountFds) await expect.poll(openTempFiles).toEqual([]);
  });

  it('without `type`, an object-mode Readable of Float64Arrays (the file cut into views) sums to the same bits', async () => {
    const views: Float64Array[] = [];
    for (let at = 0; at < big.length; at += 77_777) views.push(big.slice(at, at + 77_777));
    expect(await engine.sumStream(Readable.from(views))).toBe(await engine.sum(big));
  });

  it('a byte total that is not a whole number of elements: a RangeError naming the bytes left over', async () => {
    const ragged = writeTemp('ragged.f64', new Uint8Array(8 * 100 + 3));
    const error = await engine.sumStream(createReadStream(ragged, { highWaterMark: 7 }), { type: Float64Array })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toMatch(/3/);
  });

  // One byte per read (a syscall each): the file takes seconds to stream, so the abort and the
  // failure below land mid-file on any machine.
  it('abort mid-file: rejects with the reason, destroys the stream, closes its file, removes its listener', async () => {
    const controller = new AbortController();
    const stream = createReadStream(bigFile, { highWaterMark: 1 });
    const reason = new Error('stop here');
    const outcome = engine.sumStream(stream, { type: Float64Array, signal: controller.signal })
      .then(() => 'resolved', (error: unknown) => error);
    await until(() => stream.bytesRead > 1000);
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(stream.bytesRead).toBeLessThan(big.byteLength);
    await expect.poll(() => stream.destroyed).toBe(true);
    if (canCountFds) await expect.poll(openTempFiles).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
    // The engine is whole afterwards.
    expect(await engine.sumStream(createReadStream(bigFile), { type: Float64Array })).toBe(await engine.sum(big));
  });

  it('a stream that errors mid-way rejects with that error and leaves nothing open', async () => {
    const boom = new Error('disk on fire');
    const stream = createReadStream(bigFile, { highWaterMark: 1 });
    const outcome = engine.sumStream(stream, { type: Float64Array }).then(() => 'resolved', (error: unknown) => error);
    await until(() => stream.bytesRead > 1000);
    stream.destroy(boom);
    expect(await outcome).toBe(boom);
    if (canCountFds) await expect.poll(openTempFiles).toEqual([]);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });

  it('after many calls, no file of this test is open and no listener is left on a shared signal', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) {
      await engine.sumStream(createReadStream(smallFile, { highWaterMark: 997 }), { type: Float64Array, signal: controller.signal });
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    if (canCountFds) await expect.poll(openTempFiles).toEqual([]);
  });
});

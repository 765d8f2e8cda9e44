// sumFile: a file (or a byte range of it) read straight into the ring, with sum()'s bits; paths, file:
// URLs and FileHandles (left open); a file it opened is closed on every path, an abort mid-file
// included; a missing file rejects with the fs error unchanged, a range past the end with a RangeError.
import { mkdtempSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sumFile } from '../../dist/index.js';
import { doubles, integers } from '../fixtures/data.js';
import { kChunkBytes, until } from '../fixtures/engine.js';
import '../fixtures/matchers.js';
import { bytesOf, streamEngine } from '../fixtures/stream.js';

const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = doubles(7 * (kChunkBytes / 8) + 123, 51);
const path = join(dir, 'data.f64');
writeFileSync(path, bytesOf(data));

/** File descriptors of this process open on `file` (Linux: /proc/self/fd). */
function openOn(file: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}
const linux = process.platform === 'linux';

describe('sumFile', () => {
  const engine = streamEngine(3);

  it.each([1, 3])('gives the bits of sum(), maxWorkers %i, both precisions', async (maxWorkers) => {
    for (const precision of ['fast', 'exact'] as const) {
      const got = await engine.sumFile(path, { type: Float64Array, precision, maxWorkers });
      expect(got, precision).toBeSameBits(await engine.sum(data, { precision }));
    }
  });

  it('a byte range: offset and length, at any byte', async () => {
    for (const [offset, length] of [[8, 800_000], [3, 8 * 100_001], [kChunkBytes + 5, 8 * 40_000], [8 * 123, undefined], [0, 0], [data.byteLength, undefined]] as const) {
      const end = length === undefined ? data.byteLength : offset + length;
      const copy = new Float64Array(bytesOf(data).slice(offset, end).buffer);
      const got = await engine.sumFile(path, { type: Float64Array, offset, length });
      expect(got, `offset ${offset}, length ${length}`).toBeSameBits(await engine.sum(copy));
    }
  });

  it('other types: bytes of Int16 and BigInt64 values', async () => {
    const ints = integers(Int16Array, 3 * kChunkBytes + 7, 52);
    const file = join(dir, 'data.i16');
    writeFileSync(file, bytesOf(ints));
    expect(await engine.sumFile(file, { type: Int16Array })).toBe(await engine.sum(ints));
    const big = new BigInt64Array(1000).map((_, i) => BigInt(i) * 0x7fff_ffff_ffffn - 123n);
    writeFileSync(file, bytesOf(big));
    expect(await engine.sumFile(file, { type: BigInt64Array })).toBe(await engine.sum(big));
  });

  it('reads each buffer as parallel preads, and a short read is continued: the same bits', async () => {
    const real = await open(path, 'r');
    let calls = 0;
    let inFlight = 0;
    let most = 0;
    const handle = {
      fd: real.fd,
      stat: () => real.stat(),
      async read(buffer: Uint8Array, offset: number, length: number, position: number) {
        calls++;
        most = Math.max(most, ++inFlight);
        try {
          return await real.read(buffer, offset, Math.min(length, 100_003), position);
        } finally {
          inFlight--;
        }
      },
    };
    try {
      expect(await engine.sumFile(handle, { type: Float64Array })).toBeSameBits(await engine.sum(data));
      expect(most, 'reads in flight at once').toBeGreaterThan(1);
      expect(calls).toBeGreaterThan(data.byteLength / 100_003);
    } finally {
      await real.close();
    }
  });

  it('a file that ends before the size it had at the start: a RangeError, once no read is in flight', async () => {
    const real = await open(path, 'r');
    const half = data.byteLength / 2;
    let inFlight = 0;
    let inFlightAtRejection = -1;
    const handle = {
      fd: real.fd,
      stat: () => real.stat(),
      async read(buffer: Uint8Array, offset: number, length: number, position: number) {
        inFlight++;
        try {
          // The reads past the new end come back at once; the others are slow and still writing.
          await new Promise((resolve) => setTimeout(resolve, position < half ? 30 : 0));
          return position < half ? await real.read(buffer, offset, length, position) : { bytesRead: 0 };
        } finally {
          inFlight--;
        }
      },
    };
    try {
      const outcome = await engine.sumFile(handle, { type: Float64Array }).then(() => 'resolved', (error: unknown) => {
        inFlightAtRejection = inFlight;
        return error;
      });
      expect(outcome).toBeInstanceOf(RangeError);
      expect((outcome as Error).message).toMatch(/to hold the \d+ bytes it had when the sum started/);
      expect(inFlightAtRejection, 'reads still writing into freed buffers').toBe(0);
    } finally {
      await real.close();
    }
  });

  it('a file: URL, and a FileHandle, which it leaves open', async () => {
    const expected = await engine.sum(data);
    expect(await engine.sumFile(pathToFileURL(path), { type: Float64Array })).toBeSameBits(expected);
    const handle = await open(path, 'r');
    try {
      expect(await engine.sumFile(handle, { type: Float64Array, offset: 0 })).toBeSameBits(expected);
      expect((await handle.stat()).size, 'still open').toBe(data.byteLength);
    } finally {
      await handle.close();
    }
  });

  it('the default engine\'s sumFile', async () => {
    expect(await sumFile(path, { type: Float64Array })).toBeSameBits(await engine.sum(data));
  });

  it('reports progress with the total', async () => {
    const seen: Array<{ bytes: number; totalBytes: number | undefined }> = [];
    await engine.sumFile(path, { type: Float64Array, offset: 16, onProgress: (p) => { seen.push(p); } });
    expect(seen.at(-1)).toEqual({ bytes: data.byteLength - 16, elements: data.length - 2, totalBytes: data.byteLength - 16 });
  });
});

describe('sumFile: closing and failing', () => {
  const engine = streamEngine(2);
  const big = join(dir, 'big.f64');
  const bigData = doubles(6 << 20, 53); // 48 MiB: many ring buffers, time to abort mid-file
  writeFileSync(big, bytesOf(bigData));

  it.runIf(linux)('abort mid-file: rejects with the reason, the file closed, the ring given back', async () => {
    const reason = new Error('enough');
    const used = engine.stats().memory.used;
    const controller = new AbortController();
    let progressed = 0;
    const sum = engine.sumFile(big, {
      type: Float64Array, signal: controller.signal, onProgress: (p) => { progressed = p.bytes; },
    });
    await until(() => openOn(big) > 0);
    controller.abort(reason);
    await expect(sum).rejects.toBe(reason);
    expect(openOn(big), 'the file is closed').toBe(0);
    expect(progressed, 'it stopped before the end').toBeLessThan(bigData.byteLength);
    expect(engine.stats().memory.used).toBe(used);
    // And the engine goes on.
    expect(await engine.sumFile(big, { type: Float64Array })).toBeSameBits(await engine.sum(bigData));
    expect(openOn(big)).toBe(0);
  });

  it('a missing file: the fs error, unchanged', async () => {
    const missing = join(dir, 'nope.f64');
    const fsError = await open(missing, 'r').catch((e: NodeJS.ErrnoException) => e);
    const error = await engine.sumFile(missing, { type: Float64Array }).catch((e: NodeJS.ErrnoException) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'ENOENT', syscall: 'open', path: missing, message: (fsError as Error).message });
  });

  it.runIf(linux)('a range past the end: RangeError, and the file closed', async () => {
    for (const [offset, length] of [[data.byteLength + 1, undefined], [8, data.byteLength], [data.byteLength, 8]] as const) {
      await expect(engine.sumFile(path, { type: Float64Array, offset, length })).rejects.toThrow(RangeError);
      await expect(engine.sumFile(path, { type: Float64Array, offset, length })).rejects.toThrow(/within the file's/);
    }
    expect(openOn(path)).toBe(0);
  });

  it.runIf(linux)('bytes left over: RangeError saying how many, and the file closed', async () => {
    const odd = join(dir, 'odd.f64');
    writeFileSync(odd, bytesOf(data).subarray(0, 8 * 1000 + 5));
    await expect(engine.sumFile(odd, { type: Float64Array })).rejects.toThrow(/8005 bytes: 5 left over/);
    await expect(engine.sumFile(odd, { type: Float64Array })).rejects.toThrow(RangeError);
    expect(openOn(odd)).toBe(0);
  });

  it('bad arguments name themselves', async () => {
    await expect(engine.sumFile(42 as never, { type: Float64Array })).rejects.toThrow(/`path`/);
    await expect(engine.sumFile(path, {} as never)).rejects.toThrow(/`type`/);
    await expect(engine.sumFile(path, undefined as never)).rejects.toThrow(TypeError);
    await expect(engine.sumFile(path, { type: Float64Array, offset: -1 })).rejects.toThrow(RangeError);
    await expect(engine.sumFile(path, { type: Float64Array, offset: -1 })).rejects.toThrow(/`offset`/);
    await expect(engine.sumFile(path, { type: Float64Array, length: 1.5 })).rejects.toThrow(/`length`/);
    await expect(engine.sumFile(path, { type: Float64Array, length: '8' as never })).rejects.toThrow(TypeError);
    await expect(engine.sumFile(path, { type: Array as never })).rejects.toThrow(/`type`/);
  });
});

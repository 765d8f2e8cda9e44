// The whole 4 GiB of a wasm32 memory: views and job blocks at and above 2 GiB and up to the last byte
// below 4 GiB, on every path, in fast and exact mode, without a write outside the input. (Byte
// addresses turned into indices with `>> 2` go negative at 2^31: sums of 0, rejections, and zeroed user
// data elsewhere were the result.) Streams, files and accumulators whose ring lies up there. And a memory too full for a job's block: the sum still succeeds.
// A 4 GiB engine reserves its address space but only the pages written become resident: the large
// fillers below are never written (memory never handed out is zero already).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutOfMemoryError } from '../../dist/index.js';
import { assistedPath, debug, expectPaths, kChunkDoubles, sizes, testEngine, thresholds } from '../fixtures/engine.js';
import { referenceIntSum, referenceSum } from '../fixtures/reference.js';
import { doubles } from '../fixtures/data.js';
import { bytesOf, cutAnywhere, streamEngine } from '../fixtures/stream.js';

const kGiB = 2 ** 30;
const top = 4 * kGiB;
const roundUp = (n: number): number => Math.ceil(n / 64) * 64;

/** A pattern written at both ends of a filler, to find any write that lands outside an input. */
function guard(view: Uint8Array): () => void {
  const ends = [view.subarray(0, 1 << 20), view.subarray(view.length - (1 << 20))];
  ends.forEach((end, e) => end.forEach((_, i) => { end[i] = (i * 7 + e) & 0xff; }));
  return () => ends.forEach((end, e) => {
    const bad = end.findIndex((x, i) => x !== ((i * 7 + e) & 0xff));
    expect(bad, 'a byte of user memory outside the input was overwritten').toBe(-1);
  });
}

/**
 * Sums `view` every way the engine can (the path its size takes, sumSync, each worker bound), in both
 * precisions, and checks each against `expected` (by Object.is): fast mode's bits from a copy outside
 * the engine, exact mode's from an independent BigInt reference.
 */
async function everyPath(engine: ReturnType<typeof testEngine>, view: Float64Array, expected: { fast: number; exact: number }) {
  const bytes = view.length * 8;
  const path = bytes >= thresholds.assist ? 'workers' : bytes >= thresholds.inline ? assistedPath : 'inline';
  for (const precision of ['fast', 'exact'] as const) {
    const got = await expectPaths(engine, { [path]: 1 }, () => engine.sum(view, { precision }));
    expect(Object.is(got, expected[precision]), `${precision} on ${path}`).toBe(true);
    expect(Object.is(engine.sumSync(view, { precision }), expected[precision]), `${precision} sumSync`).toBe(true);
    for (const maxWorkers of [1, 2]) {
      expect(Object.is(await engine.sum(view, { precision, maxWorkers }), expected[precision])).toBe(true);
    }
  }
}

describe('addresses from 2 GiB up', () => {
  it('every path sums views and runs jobs above 2 GiB, fast and exact, writing nowhere else', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    // The filler takes the bottom 2 GiB, so every later block (views and job blocks) lies above it.
    const filler = engine.alloc(Uint8Array, 2 * kGiB);
    expect(filler.byteOffset).toBeLessThan(1 << 20);
    const intact = guard(filler);
    for (const n of [sizes.oneChunk, sizes.inline, sizes.assisted, sizes.workers]) {
      const values = doubles(n, n);
      const view = engine.alloc(Float64Array, n);
      view.set(values);
      expect(view.byteOffset).toBeGreaterThanOrEqual(2 * kGiB);
      const expected = { fast: engine.sumSync(values), exact: referenceSum(values).rounded };
      await everyPath(engine, view, expected);
      // A subarray with ragged ends: other addresses, the same arithmetic as a copy of it.
      const inner = view.subarray(3, n - 5);
      expect(Object.is(await engine.sum(inner), engine.sumSync(values.subarray(3, n - 5)))).toBe(true);
    }
    // Integer kinds, whose partials are i64 (returned) or i128 (written by the kernel into the block).
    const ints = engine.alloc(Int16Array, 2 * sizes.workers + 3);
    ints.forEach((_, i) => { ints[i] = (i * 7919) % 65536 - 32768; });
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(ints))).toBe(Number(referenceIntSum(ints)));
    const wide = engine.alloc(BigInt64Array, sizes.workers).fill(-(2n ** 62n));
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(wide))).toBe(-(2n ** 62n) * BigInt(sizes.workers));
    expect(ints.byteOffset).toBeGreaterThan(2 * kGiB);
    intact();
    expect(engine.stats()).toMatchObject({ busy: 0, pending: 0, fallback: undefined });
  });
});

describe('streams, files and accumulators from 2 GiB up', () => {
  it('their ring lies above 2 GiB, in memory grown after the workers started: sum()\'s bits, fast and exact, on workers', async () => {
    const engine = streamEngine(2);
    await engine.ready({ workers: 2 });
    // Grown after the workers started; every later block (the ring, job blocks) lies above 2 GiB.
    const filler = engine.alloc(Uint8Array, 2 * kGiB);
    const intact = guard(filler);
    const values = doubles(12 * kChunkDoubles + 77, 29);
    const expected = { fast: engine.sumSync(values), exact: referenceSum(values).rounded };
    const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-high-'));
    try {
      const path = join(dir, 'values.f64');
      writeFileSync(path, bytesOf(values));
      for (const precision of ['fast', 'exact'] as const) {
        const before = engine.stats().chunks;
        const streamed = await engine.sumStream(cutAnywhere(bytesOf(values), 100_003, 7), { type: Float64Array, precision });
        expect(Object.is(streamed, expected[precision]), `sumStream, ${precision}`).toBe(true);
        expect(engine.stats().chunks - before, 'chunks the workers summed').toBeGreaterThan(0);
        const filed = await engine.sumFile(path, { type: Float64Array, precision });
        expect(Object.is(filed, expected[precision]), `sumFile, ${precision}`).toBe(true);
      }
      const acc = engine.accumulator(Float64Array, { precision: 'exact' });
      for (const piece of cutAnywhere(bytesOf(values), 300_007, 11)) await acc.add(piece);
      expect(Object.is(acc.result(), expected.exact), 'accumulator').toBe(true);
      expect(engine.stats().memory.size).toBeGreaterThan(2 * kGiB);
      expect(debug(engine).paths()).toMatchObject({ fallback: 0 });
      intact();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      engine.free(filler);
    }
  });
});

describe('the last bytes below 4 GiB', () => {
  it('a view ending at the highest address a block may end at (4 GiB - 64), with its job blocks below it', async () => {
    const engine = testEngine({ maxWorkers: 2 });
    const probe = engine.alloc(Uint8Array, 1);
    const start = probe.byteOffset;
    engine.free(probe);
    const n = sizes.workers + 5; // 8n is a multiple of 64: the view ends exactly at the top
    expect((8 * n) % 64).toBe(0);
    const jobRoom = 1 << 20;
    const filler = engine.alloc(Uint8Array, top - 64 - start - 8 * n - jobRoom);
    const intact = guard(filler);
    const hole = engine.alloc(Uint8Array, jobRoom);
    const view = engine.alloc(Float64Array, n);
    // The last 64 bytes are never handed out: a kernel's end pointer (ptr + length) would wrap to 0.
    expect(view.byteOffset + view.byteLength).toBe(top - 64);
    expect(engine.stats().memory.size).toBe(top);
    engine.free(hole); // the only free room: every job block goes here, above 4 GiB - 12 MiB
    const values = doubles(n, 4);
    view.set(values);
    await everyPath(engine, view, { fast: engine.sumSync(values), exact: referenceSum(values).rounded });
    const tail = view.subarray(n - kChunkDoubles - 9);
    expect(Object.is(await engine.sum(tail), engine.sumSync(values.subarray(n - kChunkDoubles - 9)))).toBe(true);
    intact();
    // With the hole taken too, a job has no room for its block: the calling thread sums it instead.
    const last = engine.alloc(Uint8Array, roundUp(jobRoom));
    expect(() => engine.alloc(Uint8Array, 64)).toThrow(OutOfMemoryError);
    expect(await expectPaths(engine, { workers: 1, fallback: 1 }, () => engine.sum(view))).toBe(engine.sumSync(values));
    engine.free(last);
  });
});

describe('a full memory', () => {
  it('a sum of an allocated view never fails for lack of room for its job', async () => {
    const engine = testEngine({ maxWorkers: 2, maxMemory: 64 << 20 });
    const xs = engine.alloc(Float64Array, 6 << 20).fill(0.5);     // 48 MiB
    // Everything else taken, in ever smaller blocks, down to the last 64 bytes.
    const rest: Uint8Array[] = [];
    for (let size = 1 << 20; size >= 64; size /= 2) {
      for (;;) {
        try {
          rest.push(engine.alloc(Uint8Array, size));
        } catch (error) {
          expect(error).toBeInstanceOf(OutOfMemoryError);
          expect(error).toBeInstanceOf(RangeError);
          break;
        }
      }
    }
    expect(engine.stats().memory.used).toBe((64 << 20) - 64); // all but the reserved first 64 bytes
    expect(await expectPaths(engine, { workers: 1, fallback: 1 }, () => engine.sum(xs))).toBe(3 << 20);
    expect(await engine.sum(xs, { precision: 'exact' })).toBe(3 << 20);
    const mid = xs.subarray(0, sizes.assisted);
    expect(await expectPaths(engine, { [assistedPath]: 1, ...(assistedPath === 'assisted' ? { fallback: 1 } : {}) },
      () => engine.sum(mid))).toBe(sizes.assisted / 2);
    // Room again: the next sum runs on the workers.
    for (const block of rest.splice(0, 64)) engine.free(block);
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(xs))).toBe(3 << 20);
  });
});

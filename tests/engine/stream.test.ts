// sumStream gives the bits of engine.sum of the same data, however the data is cut: at every byte
// offset of an element, into pieces of any size, with every maxWorkers, in both precisions, for floats,
// integers and 64-bit integers; from every kind of source. The ring is small here (2-chunk buffers, 3
// of them), so a few MiB go through many buffers, wrap around the ring, and run as many worker jobs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParallelSum } from '../../dist/index.js';
import { bigints, doubles, integers } from '../fixtures/data.js';
import { kChunkBytes } from '../fixtures/engine.js';
import { engineOrderSum } from '../fixtures/lanes.js';
import '../fixtures/matchers.js';
import { params } from '../fixtures/property.js';
import {
  asyncPieces, bytesOf, cutAnywhere, cutAt, nodeReadable, readableStream, streamEngine, testRing,
} from '../fixtures/stream.js';

type Typed = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array | BigInt64Array | BigUint64Array;

// 5.5 chunks of data: three full ring buffers (one reused) and a last one partly filled.
const chunks = 5.5;
const cases: Array<{ name: string; make: () => Typed }> = [
  { name: 'Float64Array', make: () => doubles((chunks * kChunkBytes) / 8, 11) },
  { name: 'Float32Array', make: () => Float32Array.from(doubles((chunks * kChunkBytes) / 4, 12)) },
  { name: 'Int32Array', make: () => integers(Int32Array, (chunks * kChunkBytes) / 4, 13) as Int32Array },
  { name: 'Int16Array', make: () => integers(Int16Array, (chunks * kChunkBytes) / 2 + 3, 14) as Int16Array },
  { name: 'Uint8Array', make: () => integers(Uint8Array, chunks * kChunkBytes + 5, 15) as Uint8Array },
  { name: 'BigInt64Array', make: () => bigints(BigInt64Array, (chunks * kChunkBytes) / 8, 16) as BigInt64Array },
  { name: 'BigUint64Array', make: () => bigints(BigUint64Array, (chunks * kChunkBytes) / 8 + 1, 17) as BigUint64Array },
];

const engines = new Map<number, ParallelSum>();
const engineWith = (maxWorkers: number): ParallelSum => {
  let engine = engines.get(maxWorkers);
  if (engine === undefined) engines.set(maxWorkers, engine = streamEngine(maxWorkers));
  return engine;
};

/** Runs `run` and returns its value with the chunks workers summed meanwhile and the memory afterwards. */
async function measured<T>(engine: ParallelSum, run: () => Promise<T>): Promise<{ value: T; workerChunks: number }> {
  const before = engine.stats();
  const value = await run();
  const after = engine.stats();
  expect(after.memory.used, 'every ring buffer freed').toBe(before.memory.used);
  return { value, workerChunks: after.chunks - before.chunks };
}

describe.each(cases)('$name', ({ make }) => {
  const data = make();
  const bytes = bytesOf(data);
  const size = data.BYTES_PER_ELEMENT;
  const type = data.constructor as Float64ArrayConstructor;

  it.each([1, 2, 4])('gives the bits of sum() for cuts at every byte offset of an element, maxWorkers %i, both precisions', async (maxWorkers) => {
    const engine = engineWith(maxWorkers);
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(data, { precision, maxWorkers });
      for (let offset = 0; offset < size; offset++) {
        const pieces = cutAt(bytes, size, offset, 100_000, 1000 * maxWorkers + offset);
        const { value, workerChunks } = await measured(engine, () =>
          engine.sumStream(asyncPieces(pieces), { type, precision, maxWorkers }));
        expect(value, `${precision}, cuts at byte ${offset} of each element`).toBeSameBits(expected);
        // The full buffers (2 chunks each) went to the workers; the last, half-full one too (1.5 chunks).
        expect(workerChunks, 'chunks summed by workers').toBe(Math.ceil(bytes.length / kChunkBytes));
      }
    }
  });
});

describe('Float64Array from every kind of source', () => {
  const data = doubles(7 * (kChunkBytes / 8) + 13, 21);
  const bytes = bytesOf(data);
  const pieces = cutAnywhere(bytes, 50_000, 22);
  const engine = engineWith(3);
  const type = Float64Array;
  const sources: Array<[string, () => unknown]> = [
    ['an async generator', () => asyncPieces(pieces)],
    ['an array (Iterable)', () => pieces],
    ['a ReadableStream', () => readableStream(pieces)],
    ['a Node Readable', () => nodeReadable(pieces)],
    ['a Blob', () => new Blob(pieces as Array<Uint8Array<ArrayBuffer>>)],
    ['a Response', () => new Response(readableStream(pieces))],
    ['one ArrayBuffer', () => bytes.slice().buffer],
    ['ArrayBuffers', () => pieces.map((p) => p.slice().buffer)],
    ['DataViews', () => pieces.map((p) => new DataView(p.buffer, p.byteOffset, p.byteLength))],
  ];

  it.each(sources)('%s', async (_, source) => {
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(data, { precision });
      const { value } = await measured(engine, () => engine.sumStream(source() as Iterable<Uint8Array>, { type, precision }));
      expect(value, precision).toBeSameBits(expected);
    }
  });

  it('TypedArrays without `type`: the element type comes from the chunks', async () => {
    const views: Float64Array[] = [];
    for (let at = 0, i = 0; at < data.length; i++) {
      const n = (i * 7919) % 40_000;
      views.push(data.subarray(at, at + n));
      at += n;
    }
    const { value } = await measured(engine, () => engine.sumStream(asyncPieces(views)));
    expect(value).toBeSameBits(await engine.sum(data));
    expect(value, 'the documented order').toBeSameBits(engineOrderSum(data, kChunkBytes / 8));
    await expect(engine.sumStream([new BigInt64Array([1n, 2n]), new BigInt64Array([3n])])).resolves.toBe(6n);
  });

  it('the sum of nothing is what sum() gives for no elements', async () => {
    await expect(engine.sumStream([], { type: Float64Array })).resolves.toBeSameBits(-0);
    await expect(engine.sumStream([new Uint8Array(0)], { type: Int32Array })).resolves.toBeSameBits(0);
    await expect(engine.sumStream([], { type: BigInt64Array })).resolves.toBe(0n);
    await expect(engine.sumStream([], { type: Float32Array, precision: 'exact' })).resolves.toBeSameBits(-0);
    await expect(engine.sumStream([])).resolves.toBeSameBits(-0);
    await expect(engine.sumStream(new Response(null), { type: Float64Array })).resolves.toBeSameBits(-0);
  });

  it('special values: NaN, infinities and -0 as sum() has them', async () => {
    const special = new Float64Array([-0, -0, Infinity, 1, -Infinity, NaN, 2 ** 1023, 2 ** 1023]);
    for (const values of [special.subarray(0, 2), special.subarray(0, 4), special.subarray(2, 5), special.subarray(6)]) {
      for (const precision of ['fast', 'exact'] as const) {
        const got = await engine.sumStream(cutAt(bytesOf(values), 8, 3, 8, 5), { type, precision });
        expect(got, `${values.join()} ${precision}`).toBeSameBits(await engine.sum(values, { precision }));
      }
    }
  });
});

describe('the combine order', () => {
  it('is one a stream can build as chunks arrive (failed with the halving split, which needs the count)', async () => {
    // Six chunks whose partials are 2^53, 1, 1, 0, 0, 0: (p0 + p1) + (p2 + p3) loses both ones to ties
    // to even; the halving split added p1 + p2 first and gave 2^53 + 2, which no stream can know to do.
    const chunk = kChunkBytes / 8;
    const data = new Float64Array(6 * chunk - 5);
    data[0] = 2 ** 53;
    data[chunk] = 1;
    data[2 * chunk] = 1;
    const engine = engineWith(2);
    expect(await engine.sum(data)).toBe(2 ** 53);
    expect(await engine.sumStream(cutAnywhere(bytesOf(data), 70_000, 3), { type: Float64Array })).toBe(2 ** 53);
    const acc = engine.accumulator(Float64Array);
    for (const piece of cutAnywhere(bytesOf(data), 300_000, 4)) await acc.add(piece);
    expect(acc.result()).toBe(2 ** 53);
  });
});

describe('random data and random cuts (property)', () => {
  it('gives the bits of sum() for any length and any cuts', async () => {
    const engine = engineWith(2);
    const chunk = kChunkBytes / 8;
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 4 * chunk + 100 }), fc.integer(), fc.integer({ min: 1, max: 300_000 }),
      fc.constantFrom('fast' as const, 'exact' as const),
      async (n, seed, mean, precision) => {
        const data = doubles(n, seed);
        const got = await engine.sumStream(cutAnywhere(bytesOf(data), mean, seed), { type: Float64Array, precision });
        expect(got).toBeSameBits(await engine.sum(data, { precision }));
      }), params(25));
  });
});

describe('buffers outside shared memory', () => {
  it('a memory too small for the ring: ordinary buffers summed on the calling thread, the same bits', async () => {
    // 1 MiB of shared memory at most, 8 MiB ring buffers: none fits, every one is an ordinary buffer.
    const small = new ParallelSum({ maxMemory: 16 * 65536, maxWorkers: 2 });
    try {
      const data = doubles(5 * (kChunkBytes / 8) + 9, 81);
      for (const precision of ['fast', 'exact'] as const) {
        const before = small.stats();
        const got = await small.sumStream(cutAnywhere(bytesOf(data), 200_000, 82), { type: Float64Array, precision });
        expect(got).toBeSameBits(await engineWith(2).sum(data, { precision }));
        expect(small.stats().chunks, 'no worker job').toBe(before.chunks);
        expect(small.stats().memory.used).toBe(before.memory.used);
      }
    } finally {
      await small.close();
    }
  });
});

describe('bounded memory and backpressure', () => {
  it('never pulls more than the ring holds ahead of the workers', async () => {
    const engine = streamEngine(2);
    const data = doubles(20 * (kChunkBytes / 8), 31);
    const piece = 64 * 1024;
    const start = engine.stats();
    let pulled = 0;
    let worst = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      const bytes = bytesOf(data);
      for (let at = 0; at < bytes.length; at += piece) {
        // Ahead of the workers: bytes handed out minus bytes the workers have summed.
        const summed = (engine.stats().chunks - start.chunks) * kChunkBytes;
        worst = Math.max(worst, pulled - summed);
        pulled += piece;
        yield bytes.subarray(at, at + piece);
      }
    }
    const used = [] as number[];
    const value = await engine.sumStream(source(), {
      type: Float64Array, onProgress: () => { used.push(engine.stats().memory.used); },
    });
    expect(value).toBeSameBits(await engine.sum(data));
    expect(worst).toBeLessThanOrEqual(testRing.slots * testRing.slotBytes);
    expect(worst, 'the ring did fill (the bound is not vacuous)').toBeGreaterThan(testRing.slotBytes);
    expect(engine.stats().memory.used).toBe(start.memory.used);
  });
});

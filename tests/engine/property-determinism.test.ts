// Property: a fast sum depends on the values only. For arbitrary data and lengths around and across
// the 256 KiB chunk, through the public API, engine.sum gives the same bits
//   - for every maxWorkers from 1 to 4, on every path (the engine's thresholds scaled down so that
//     these small inputs reach the assisted and queued parallel paths; each call's path is checked),
//   - as sumSync, as the same values in an ordinary TypedArray (and a subarray of one), in a view from
//     engine.alloc, in a subarray of such a view at an arbitrary element offset, and as a number[],
// and those bits are the documented order: the kernel's lanes per chunk, chunks combined pairwise
// (tests/fixtures/lanes.ts). Integer kinds give the exact sum everywhere.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum, type NumericArray } from '../../dist/index.js';
import { build, f32, f64, fraction, intValues, lengths, specs, type Format } from '../fixtures/arbitraries.js';
import { rng } from '../fixtures/data.js';
import { engineOrderSum } from '../fixtures/lanes.js';
import { everyPath, kChunkBytes, seen } from '../fixtures/paths.js';
import { params, timeout } from '../fixtures/property.js';

const engine = new ParallelSum({ maxWorkers: 4 });
afterAll(() => engine.close());

describe.each([
  { ctor: Float64Array, format: f64, runs: 40 },
  { ctor: Float32Array, format: f32, runs: 15 },
] as const)('$ctor.name', ({ ctor, format, runs }) => {
  const chunk = kChunkBytes / ctor.BYTES_PER_ELEMENT;
  const inputs = fc.record({ spec: specs(lengths(chunk, 7), format as Format), offset: fc.integer({ min: 0, max: 100 }) });
  it('has the same bits on every path, for every maxWorkers and every place the data lives, in the documented order', async () => {
    await fc.assert(fc.asyncProperty(inputs, async ({ spec, offset }) => {
      const data = build(spec, format);
      await everyPath(engine, data, engineOrderSum(data, chunk), { offset, poison: NaN });
    }), params(runs));
    // The sizes reached every path (an assisted call takes a worker only with 2 cores or more).
    for (const path of ['shipped: calling thread', 'scaled: calling thread', 'scaled: parallel', 'queued: parallel']) {
      expect(seen.get(path), path).toBeGreaterThan(0);
    }
  }, timeout(runs, 400));
});

// Integers: exact sums (in 64-bit lanes; 128-bit for the 64-bit kinds), so every path gives the exact
// sum, rounded once for the 8- to 32-bit kinds.
describe.each([
  { ctor: Int8Array, bits: 8, signed: true },
  { ctor: Uint8Array, bits: 8, signed: false },
  { ctor: Uint8ClampedArray, bits: 8, signed: false },
  { ctor: Int16Array, bits: 16, signed: true },
  { ctor: Uint16Array, bits: 16, signed: false },
  { ctor: Int32Array, bits: 32, signed: true },
  { ctor: Uint32Array, bits: 32, signed: false },
  { ctor: BigInt64Array, bits: 64, signed: true },
  { ctor: BigUint64Array, bits: 64, signed: false },
] as const)('$ctor.name', ({ ctor, bits, signed }) => {
  const chunk = kChunkBytes / ctor.BYTES_PER_ELEMENT;
  const runs = 6;
  const inputs = fc.record({
    n: lengths(chunk, 6),
    seed: fc.nat(),
    // Share of the elements set to one extreme (the rest are uniform over the type's range).
    extremes: fc.constantFrom(0, 0.1, 1),
    sprinkles: fc.array(fc.tuple(fraction, intValues(Math.min(bits, 32), signed)), { maxLength: 4 }),
    offset: fc.integer({ min: 0, max: 100 }),
  });
  it('gives the exact sum on every path, for every maxWorkers and every place the data lives', async () => {
    await fc.assert(fc.asyncProperty(inputs, async ({ n, seed, extremes, sprinkles, offset }) => {
      const data = integers(ctor, bits, signed, n, seed, extremes);
      for (const [at, v] of sprinkles) data[Math.floor(at * n)] = bits === 64 ? BigInt(v) : v;
      const sum = exactSum(data);
      const top = signed ? 2n ** BigInt(bits - 1) - 1n : 2n ** BigInt(bits) - 1n;
      await everyPath(engine, data, bits === 64 ? sum : Number(sum), { offset, poison: bits === 64 ? top : Number(top) });
    }), params(runs));
  }, timeout(runs, 2000));
});

/** n integers of the kind, uniform over its range, a share `extremes` of them at its top or bottom. */
function integers(ctor: new (n: number) => NumericArray, bits: number, signed: boolean, n: number, seed: number, extremes: number): NumericArray {
  const r = rng(seed);
  const out = new ctor(n);
  const min = signed ? -(2n ** BigInt(bits - 1)) : 0n;
  const span = 2n ** BigInt(bits);
  const word = (): bigint => BigInt(Math.floor(r() * 2 ** 32));
  const high = r() < 0.5;
  for (let i = 0; i < n; i++) {
    let v: bigint;
    if (r() < extremes) v = high ? min + span - 1n : min;
    else if (bits === 64) v = min + ((word() << 32n) | word());
    else v = min + BigInt(Math.floor(r() * Number(span)));
    out[i] = bits === 64 ? v : Number(v);
  }
  return out;
}

/** The exact sum: in doubles for at most 2^20 elements of at most 32 bits at a time (below 2^53), in bigints beyond. */
function exactSum(data: NumericArray): bigint {
  let total = 0n;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) total += data[i]!;
    return total;
  }
  for (let at = 0; at < data.length; at += 1 << 20) {
    let part = 0;
    for (let i = at, end = Math.min(data.length, at + (1 << 20)); i < end; i++) part += data[i]!;
    total += BigInt(part);
  }
  return total;
}

// Property: precision 'exact' is the exact sum rounded once (ties to even), with Math.sumPrecise's
// NaN, infinity and -0 rules, for arbitrary doubles and floats: every exponent, cancellation (x and -x
// pairs with a small residue), values near MAX_VALUE whose partial sums overflow but cancel,
// subnormals, ties, ±0, NaN, ±Infinity, in stretches that start and end anywhere across the kernel's
// 2048-input blocks and the 256 KiB chunks. The result must be the same on every path, for every
// maxWorkers and every place the data lives (tests/fixtures/paths.ts).
//
// The expected value comes from two references that share nothing with the package or each other:
// tests/fixtures/reference.ts (a BigInt multiple of 2^-1074, rounded by its own code) and core-js's
// Math.sumPrecise; they must agree first. Integer kinds must give their exact BigInt sum: as a number
// rounded once for 8 to 32 bits (also beyond 2^53), as a bigint for 64 bits.
import 'core-js/actual/math/sum-precise.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum, type NumericArray } from '../../dist/index.js';
import { build, f32, f64, fraction, intValues, lengths, specs, type Format } from '../fixtures/arbitraries.js';
import { bigints, integers } from '../fixtures/data.js';
import '../fixtures/matchers.js';
import { chunksDuring, everyPath, kChunkBytes, parallelChunks, regimes, seen, useRegime } from '../fixtures/paths.js';
import { params, timeout } from '../fixtures/property.js';
import { fromFixed, referenceIntSum, referenceSum } from '../fixtures/reference.js';

const engine = new ParallelSum({ maxWorkers: 4 });
afterAll(() => engine.close());

/** Every call in shared memory queued for the workers, whatever its size. */
const queued = regimes.find((r) => r.name === 'queued')!;
function useQueued(): void {
  useRegime(engine, queued);
}

const sumPrecise = (Math as unknown as { sumPrecise(xs: Iterable<number>): number }).sumPrecise;

/** The correctly rounded sum, from the BigInt reference, after checking core-js agrees. */
function reference(data: Float64Array | Float32Array): number {
  const expected = referenceSum(data).rounded;
  expect(sumPrecise(data), 'core-js Math.sumPrecise agrees with the BigInt reference').toBeSameBits(expected);
  return expected;
}

describe.each([
  { ctor: Float64Array, format: f64, runs: 30 },
  { ctor: Float32Array, format: f32, runs: 12 },
] as const)('$ctor.name', ({ ctor, format, runs }) => {
  const chunk = kChunkBytes / ctor.BYTES_PER_ELEMENT;
  const inputs = fc.record({ spec: specs(lengths(chunk, 7), format as Format), offset: fc.integer({ min: 0, max: 100 }) });
  it('is the correctly rounded exact sum on every path, for every maxWorkers and every place the data lives', async () => {
    await fc.assert(fc.asyncProperty(inputs, async ({ spec, offset }) => {
      const data = build(spec, format);
      await everyPath(engine, data, reference(data), { offset, poison: NaN, precision: 'exact' });
    }), params(runs));
    for (const path of ['scaled: calling thread', 'scaled: parallel', 'queued: parallel']) expect(seen.get(path), path).toBeGreaterThan(0);
  }, timeout(runs, 1500));
});

describe('Float64Array, dense in the hard cases', () => {
  // Small inputs made only of the values where exact summation is hard, so that they meet often:
  // many binades apart, x next to -x, at the edge of overflow, ties, subnormals, zeros and specials.
  const hard = fc.oneof(
    fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE - 2 ** 971, 2 ** 970, -(2 ** 970), 2 ** 1023,
      1, -1, 2 ** -53, -(2 ** -53), 1 + 2 ** -52, 2 ** -1074, -(2 ** -1074), 2 ** -1022, 2 ** -1022 - 2 ** -1074, 0, -0,
      NaN, Infinity, -Infinity, 0.1, -0.1),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  // Each array goes in twice: once as it is, once with its values' negations appended, so that most
  // of it cancels and the residue decides.
  const arrays = fc.tuple(fc.array(hard, { maxLength: 60 }), fc.boolean(), fc.array(hard, { maxLength: 4 }))
    .map(([xs, cancel, residue]) => new Float64Array(cancel ? [...xs, ...residue, ...xs.map((x) => -x).reverse()] : [...xs, ...residue]));
  const runs = 300;
  it('is the correctly rounded exact sum on the calling thread and on the workers', async () => {
    useQueued();
    await fc.assert(fc.asyncProperty(arrays, fc.integer({ min: 1, max: 4 }), async (data, maxWorkers) => {
      const expected = reference(data);
      expect(engine.sumSync(data, { precision: 'exact' }), 'sumSync').toBeSameBits(expected);
      expect(await engine.sum(Array.from(data), { precision: 'exact' }), 'number[]').toBeSameBits(expected);
      const view = engine.alloc(Float64Array, data.length);
      try {
        view.set(data);
        const { value, chunks } = await chunksDuring(engine, () => engine.sum(view, { precision: 'exact', maxWorkers }));
        expect(value, 'workers').toBeSameBits(expected);
        expect(chunks, 'chunks summed on the workers').toBe(parallelChunks(queued, data.byteLength, maxWorkers));
      } finally {
        engine.free(view);
      }
    }), params(runs));
  }, timeout(runs, 20));
});

// Integers are summed exactly with or without precision: 'exact'. Extremes at every position.
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
] as const)("$ctor.name with precision: 'exact'", ({ ctor, bits }) => {
  const chunk = kChunkBytes / ctor.BYTES_PER_ELEMENT;
  const runs = 4;
  const inputs = fc.record({ n: lengths(chunk, 5), seed: fc.nat(), offset: fc.integer({ min: 0, max: 100 }) });
  it('is the exact sum on every path', async () => {
    await fc.assert(fc.asyncProperty(inputs, async ({ n, seed, offset }) => {
      const data = (bits === 64 ? bigints(ctor as BigInt64ArrayConstructor, n, seed) : integers(ctor as Int8ArrayConstructor, n, seed)) as NumericArray;
      const sum = referenceIntSum(data);
      const poison = bits === 64 ? -1n : 1;
      await everyPath(engine, data, bits === 64 ? sum : fromFixed(sum << 1074n), { offset, poison, precision: 'exact' });
    }), params(runs));
  }, timeout(runs, 3000));
});

describe.each([
  { ctor: Int32Array, bits: 32, signed: true },
  { ctor: Uint32Array, bits: 32, signed: false },
] as const)('$ctor.name sums beyond 2^53', ({ ctor, bits, signed }) => {
  // 2^21 to 2^22 elements near the type's extreme: sums of 2^52 to 2^54 in magnitude, where a double
  // has no room for every integer and the exact sum must be rounded once, ties to even. Filled with one
  // value, then a few arbitrary ones anywhere, so that the last bits vary.
  const inputs = fc.record({
    n: fc.integer({ min: 2 ** 21, max: 2 ** 22 }),
    fill: fc.constantFrom(signed ? -(2 ** 31) : 2 ** 32 - 1, signed ? 2 ** 31 - 1 : 2 ** 32 - 3),
    sprinkles: fc.array(fc.tuple(fraction, intValues(bits, signed)), { maxLength: 6 }),
    maxWorkers: fc.integer({ min: 1, max: 4 }),
  });
  const runs = 6;
  it('are the exact sum rounded once, fast and exact, on the workers and the calling thread', async () => {
    useQueued();
    await fc.assert(fc.asyncProperty(inputs, async ({ n, fill, sprinkles, maxWorkers }) => {
      const view = engine.alloc(ctor, n);
      try {
        view.fill(fill);
        let sum = BigInt(fill) * BigInt(n);
        for (const [at, v] of sprinkles) {
          const i = Math.floor(at * n);
          sum += BigInt(v) - BigInt(view[i]!);
          view[i] = v;
        }
        const expected = fromFixed(sum << 1074n);
        expect(expected, 'the reference rounds as Number(bigint) does').toBe(Number(sum));
        for (const precision of ['fast', 'exact'] as const) {
          const { value, chunks } = await chunksDuring(engine, () => engine.sum(view, { precision, maxWorkers }));
          expect(value, `${precision}, workers`).toBe(expected);
          expect(chunks, 'chunks summed on the workers').toBe(parallelChunks(queued, view.byteLength, maxWorkers));
          expect(engine.sumSync(view, { precision }), `${precision}, sumSync`).toBe(expected);
        }
      } finally {
        engine.free(view);
      }
    }), params(runs));
  }, timeout(runs, 3000));
});

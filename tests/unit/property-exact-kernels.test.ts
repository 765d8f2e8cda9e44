// Property: the exact-sum kernels (exact_f64, exact_f32), in all four builds, for arbitrary inputs at
// any byte address, write an accumulator that holds the exact sum of the finite inputs, to the last
// bit, and flags that say what the non-finite ones were. The accumulator is decoded here from its
// documented layout (assembly/exact.ts, assembly/layout.ts), not by the package's ExactTotal:
//
//   0       4       8                                         544
//   | flags | pad   | digit 0 | digit 1 | ...       | digit 66 |      value = Σ digit[k] · 2^(32k − 1074)
//
// digits 0..65 normalized to [0, 2^32), digit 66 signed; flags NaN 1, +Infinity 2, -Infinity 4, and 8
// when not every input was -0. The four builds must write the very same bytes and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f32, f64, floatArrays, lengths, specs, build as buildInput, type Format } from '../fixtures/arbitraries.js';
import { buildNames, call, instantiate, type Build, type Placement } from '../fixtures/builds.js';
import { params, timeout } from '../fixtures/property.js';
import { toFixed } from '../fixtures/reference.js';

const builds: Build[] = buildNames.map((name) => instantiate(name, 4 * 65536));

const kAccBytes = 544;
const kDigits = 67;

interface Decoded {
  flags: number;
  /** The value in units of 2^-1074. */
  value: bigint;
  normalized: boolean;
}

function decode(acc: Uint8Array): Decoded {
  const view = new DataView(acc.buffer, acc.byteOffset, kAccBytes);
  let value = 0n;
  let normalized = true;
  for (let k = kDigits - 1; k >= 0; k--) {
    const digit = view.getBigInt64(8 + 8 * k, true);
    if (k < kDigits - 1 && (digit < 0n || digit >= 1n << 32n)) normalized = false;
    value = (value << 32n) + digit;
  }
  return { flags: view.getInt32(0, true), value, normalized };
}

interface Expected {
  value: bigint;
  nan: boolean;
  plus: boolean;
  minus: boolean;
  allNegativeZero: boolean;
}

function expected(data: ArrayLike<number>): Expected {
  const e: Expected = { value: 0n, nan: false, plus: false, minus: false, allNegativeZero: true };
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    if (Number.isNaN(x)) e.nan = true;
    else if (x === Infinity) e.plus = true;
    else if (x === -Infinity) e.minus = true;
    else e.value += toFixed(x);
    if (!Object.is(x, -0)) e.allNegativeZero = false;
  }
  return e;
}

const placements = (bytes: number): fc.Arbitrary<Placement> => fc.oneof(
  fc.record({ offset: fc.integer({ min: 0, max: 4095 }).map((o) => o - (o % bytes)) }),
  fc.record({ offset: fc.integer({ min: 0, max: 4095 }) }),
  fc.constant('end' as const),
);
const poisons = fc.constantFrom(0xff, 0x7f, 0x80, 0x01);

describe.each([
  { kernel: 'exact_f64', ctor: Float64Array, format: f64 },
  { kernel: 'exact_f32', ctor: Float32Array, format: f32 },
] as const)('$kernel', ({ kernel, ctor, format }) => {
  function check(data: Float64Array | Float32Array, placement: Placement, poison: number): void {
    const want = expected(data);
    let first: Uint8Array | undefined;
    for (const b of builds) {
      const run = call(b, kernel, data, placement, poison);
      const acc = run.out.subarray(0, kAccBytes);
      const got = decode(acc);
      const what = `${b.name} (n = ${data.length})`;
      expect(run.untouched, `${what}: touched memory outside its input and accumulator`).toBe(true);
      expect(run.out.subarray(kAccBytes).every((x) => x === poison), `${what}: wrote past the accumulator`).toBe(true);
      expect(got.value, `${what}: the digits' value (units of 2^-1074)`).toBe(want.value);
      expect(got.normalized, `${what}: digits 0..65 in [0, 2^32)`).toBe(true);
      expect({ nan: (got.flags & 1) !== 0, plus: (got.flags & 2) !== 0, minus: (got.flags & 4) !== 0 }, `${what}: flags`)
        .toEqual({ nan: want.nan, plus: want.plus, minus: want.minus });
      // Whether every input was -0 matters only when nothing non-finite decides the result.
      if (!want.nan && !want.plus && !want.minus) {
        expect((got.flags & 8) !== 0, `${what}: the "not all -0" flag`).toBe(!want.allNegativeZero);
      }
      first ??= acc.slice();
      expect(Buffer.from(acc).equals(first), `${what}: the same bytes as ${builds[0]!.name}`).toBe(true);
    }
  }

  const runs = 150;
  it('writes the exact sum of arbitrary values (every exponent, specials, any mixture) in every build', () => {
    fc.assert(fc.property(floatArrays(format, 5000), placements(ctor.BYTES_PER_ELEMENT), poisons, (values, placement, poison) => {
      check(ctor.from(values), placement, poison);
    }), params(runs));
  }, timeout(runs, 30));

  // The kernels work in blocks of 2048 inputs, adding a block on grids guessed from the previous
  // block's largest magnitude: stretches of differently scaled data that start and end anywhere
  // across those blocks, cancellations, overflowing partial sums, ties and tiny outliers.
  const structured = specs(lengths(2048, 5), format as Format);
  it('writes the exact sum of inputs whose scale changes anywhere across its blocks', () => {
    fc.assert(fc.property(structured, placements(ctor.BYTES_PER_ELEMENT), poisons, (spec, placement, poison) => {
      check(buildInput(spec, format), placement, poison);
    }), params(runs));
  }, timeout(runs, 30));
});

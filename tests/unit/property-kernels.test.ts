// Property: every summation kernel, in all four builds (SIMD and scalar, shared and ordinary memory),
// for arbitrary lengths, at any byte address (the kernels allow any; the engine only ever passes
// element-aligned ones) or ending at the memory's last byte, returns
//   - integers: the exact sum (an exact BigInt reference; as a number from the *_f64 exports),
//   - floats: bit for bit the sum in the kernel's documented lane order (tests/fixtures/lanes.ts),
// and reads nothing but its input and writes nothing but its out-parameter (the memory around the
// input is poisoned, and checked afterwards).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigValues, f32, f64, floatArrays, fraction, intValues } from '../fixtures/arbitraries.js';
import { buildNames, call, instantiate, type Build, type Placement } from '../fixtures/builds.js';
import { kernelOrderSum } from '../fixtures/lanes.js';
import '../fixtures/matchers.js';
import { params, timeout } from '../fixtures/property.js';
import { referenceIntSum } from '../fixtures/reference.js';

const builds: Build[] = buildNames.map((name) => instantiate(name, 8 * 65536));

const placements: fc.Arbitrary<Placement> = fc.oneof(
  fc.record({ offset: fc.integer({ min: 0, max: 4095 }) }),
  fc.constant('end' as const),
);
const poisons = fc.constantFrom(0xff, 0x7f, 0x80, 0x01, 0x55);

/** The out block must be as the poison left it from byte `from` on (a kernel writes only what it returns). */
function outIntact(out: Uint8Array, poison: number, from = 0): boolean {
  return out.subarray(from).every((b) => b === poison);
}

describe.each([
  { kernel: 'sum_f64', ctor: Float64Array, format: f64 },
  { kernel: 'sum_f32', ctor: Float32Array, format: f32 },
] as const)('$kernel', ({ kernel, ctor, format }) => {
  const runs = 300;
  it('is bit for bit the documented lane order in every build, and reads and writes nothing else', () => {
    fc.assert(fc.property(floatArrays(format, 3000), placements, poisons, (values, placement, poison) => {
      const data = ctor.from(values);
      const expected = kernelOrderSum(data);
      for (const build of builds) {
        const run = call<number>(build, kernel, data, placement, poison);
        expect(run.untouched, `${build.name}: touched memory outside its input`).toBe(true);
        expect(outIntact(run.out, poison), `${build.name}: wrote to the out block`).toBe(true);
        expect(run.result, `${build.name} (n = ${data.length})`).toBeSameBits(expected);
      }
    }), params(runs));
  }, timeout(runs, 10));
});

const intKinds = [
  { kernel: 'sum_i8', ctor: Int8Array, bits: 8, signed: true },
  { kernel: 'sum_u8', ctor: Uint8Array, bits: 8, signed: false },
  { kernel: 'sum_u8', ctor: Uint8ClampedArray, bits: 8, signed: false },
  { kernel: 'sum_i16', ctor: Int16Array, bits: 16, signed: true },
  { kernel: 'sum_u16', ctor: Uint16Array, bits: 16, signed: false },
  { kernel: 'sum_i32', ctor: Int32Array, bits: 32, signed: true },
  { kernel: 'sum_u32', ctor: Uint32Array, bits: 32, signed: false },
] as const;

type IntCtor = (typeof intKinds)[number]['ctor'];

describe.each(intKinds)('$kernel on $ctor.name', ({ kernel, ctor, bits, signed }) => {
  const values = intValues(bits, signed);
  const arrays = fc.oneof(fc.array(values, { maxLength: 80 }), fc.array(values, { maxLength: 4000, size: 'max' }));

  // Both exports on the same input: the i64 sum (a bigint) and its f64 twin (a number, exact here).
  function check(data: InstanceType<IntCtor>, placement: Placement, poison: number): void {
    const expected = referenceIntSum(data);
    for (const build of builds) {
      for (const [name, want] of [[kernel, expected], [`${kernel}_f64`, Number(expected)]] as const) {
        const run = call(build, name, data, placement, poison);
        expect(run.untouched, `${build.name} ${name}: touched memory outside its input`).toBe(true);
        expect(outIntact(run.out, poison), `${build.name} ${name}: wrote to the out block`).toBe(true);
        expect(run.result, `${build.name} ${name} (n = ${data.length})`).toBe(want);
      }
    }
  }

  const runs = 150;
  it('is the exact sum in every build, as i64 and as f64, for any length and address', () => {
    fc.assert(fc.property(arrays, placements, poisons, (xs, placement, poison) => {
      check(ctor.from(xs), placement, poison);
    }), params(runs));
  }, timeout(runs, 10));

  // The 8- and 16-bit kernels add into i32 lanes that are flushed into i64 every 4096 steps of 32
  // bytes: lengths around those flushes, filled with one extreme value (the largest running sums) and
  // a few arbitrary values anywhere.
  const flush = (4096 * 32) / ctor.BYTES_PER_ELEMENT;
  const big = fc.record({
    n: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: -40, max: 40 })).map(([k, d]) => k * flush + d),
    fill: fc.constantFrom(signed ? -(2 ** (bits - 1)) : 2 ** bits - 1, signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 2),
    sprinkles: fc.array(fc.tuple(fraction, values), { maxLength: 8 }),
  });
  const bigRuns = 12;
  if (bits < 32) it('is exact across the i32 -> i64 flushes, with every lane at its extreme', () => {
    fc.assert(fc.property(big, placements, poisons, ({ n, fill, sprinkles }, placement, poison) => {
      const data = new ctor(n).fill(fill);
      for (const [at, v] of sprinkles) data[Math.floor(at * n)] = v;
      check(data, placement, poison);
    }), params(bigRuns));
  }, timeout(bigRuns, 200));
});

describe.each([
  { kernel: 'sum_i64', ctor: BigInt64Array, signed: true },
  { kernel: 'sum_u64', ctor: BigUint64Array, signed: false },
] as const)('$kernel', ({ kernel, ctor, signed }) => {
  const values = bigValues(signed);
  const arrays = fc.oneof(fc.array(values, { maxLength: 40 }), fc.array(values, { maxLength: 2000, size: 'max' }));
  const runs = 200;
  it('writes the exact 128-bit sum in every build, and nothing else', () => {
    fc.assert(fc.property(arrays, placements, poisons, (xs, placement, poison) => {
      const data = (ctor as BigInt64ArrayConstructor).from(xs as bigint[]);
      const expected = referenceIntSum(data);
      for (const build of builds) {
        const run = call(build, kernel, data, placement, poison);
        const words = new DataView(run.out.buffer, run.out.byteOffset, 16);
        const got = (words.getBigInt64(8, true) << 64n) + words.getBigUint64(0, true);
        expect(run.untouched, `${build.name}: touched memory outside its input and out block`).toBe(true);
        expect(outIntact(run.out, poison, 16), `${build.name}: wrote past its 16-byte out-parameter`).toBe(true);
        expect(got, `${build.name} (n = ${data.length})`).toBe(expected);
      }
    }), params(runs));
  }, timeout(runs, 10));
});

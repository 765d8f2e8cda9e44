// The exact-sum kernels on their own (exact_f64, exact_f32), both builds, on a shared memory of the
// test's own: the accumulator they write holds the exact sum (checked against a BigInt reference and
// core-js's Math.sumPrecise), the SIMD and scalar builds write the very same bytes, and nothing
// outside the accumulator is touched.
import 'core-js/actual/math/sum-precise.js';
import { describe, expect, it } from 'vitest';
import { ExactTotal } from '../../src/kinds/exact.js';
import { kExactBytes } from '../../src/memory/layout.js';
import { cases, float32Cases } from '../fixtures/exact-cases.js';
import { harness, type Build, type KernelHarness } from '../fixtures/kernels.js';
import { referenceSum } from '../fixtures/reference.js';

const builds: Build[] = ['simd', 'scalar'];
const sumPrecise = (Math as unknown as { sumPrecise(xs: Iterable<number>): number }).sumPrecise;

// The kernels work in blocks of 2048 inputs, four at a time, with a tail of at most 3.
const sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 2047, 2048, 2049, 2051, 2052, 4096 + 5, 32768, 32769];

// The accumulator goes between two guard zones filled with a pattern the kernel must leave alone
// (the harness places data at 1024; the accumulator ends well before that).
const acc = 128;
const guard = 64;

function run(h: KernelHarness, kernel: string, data: Float64Array | Float32Array, misalign = 0): Uint8Array {
  const bytes = new Uint8Array(h.memory.buffer);
  bytes.fill(0xa5, acc - guard, acc + kExactBytes + guard);
  h.exports[kernel]!(h.place(data, misalign), data.length, acc);
  expect(bytes.subarray(acc - guard, acc).every((b) => b === 0xa5)).toBe(true);
  expect(bytes.subarray(acc + kExactBytes, acc + kExactBytes + guard).every((b) => b === 0xa5)).toBe(true);
  return bytes.slice(acc, acc + kExactBytes);
}

function value(h: KernelHarness): number {
  const total = new ExactTotal();
  total.add(new Int32Array(h.memory.buffer), acc);
  return total.result();
}

const kernels: Array<{ kernel: string; misalign: number; cases: Record<string, (n: number, seed: number) => Float64Array | Float32Array> }> = [
  { kernel: 'exact_f64', misalign: 8, cases },
  { kernel: 'exact_f32', misalign: 4, cases: float32Cases },
];

describe.each(kernels)('$kernel', ({ kernel, misalign, cases: inputs }) => {
  describe.each(Object.entries(inputs))('%s', (_, make) => {
    it.each(sizes)('n = %i: exact, the same bytes from both builds and any alignment', (n) => {
      const data = make(n, n + 1);
      const expected = referenceSum(data).rounded;
      expect(Object.is(sumPrecise(data), expected)).toBe(true);
      let first: Uint8Array | undefined;
      for (const build of builds) {
        const h = harness(build, data.byteLength + 64);
        for (const offset of [0, misalign]) {
          const bytes = run(h, kernel, data, offset);
          expect(Object.is(value(h), expected)).toBe(true);
          first ??= bytes;
          expect(bytes).toEqual(first);
        }
      }
    });
  });
});

describe.each(builds)('%s build', (build) => {
  it('overwrites whatever the accumulator held before', () => {
    const h = harness(build, 1024);
    const data = new Float64Array([1.5, -0.25]);
    new Uint8Array(h.memory.buffer).fill(0xff, acc, acc + kExactBytes);
    h.exports.exact_f64!(h.place(data), data.length, acc);
    expect(value(h)).toBe(1.25);
  });

  it('measures a block right when a NaN sits next to its largest input', () => {
    // The NaN makes the sum NaN, but the digits must still be the exact sum of the other inputs.
    const data = new Float64Array(4096).fill(1);
    data[2048 + 100] = NaN;
    data[2048 + 101] = 2 ** 70;
    data[2048 + 102] = NaN;
    data[2048 + 103] = -(2 ** 70);
    const h = harness(build, data.byteLength + 64);
    const bytes = run(h, 'exact_f64', data);
    expect(value(h)).toBeNaN();
    data[2048 + 100] = 0;
    data[2048 + 102] = 0;
    const clean = run(h, 'exact_f64', data);
    expect(value(h)).toBe(4092);
    expect(bytes.subarray(8)).toEqual(clean.subarray(8));
  });

  it('keeps a million inputs of the largest magnitude exact (digits carry, none overflows)', () => {
    const n = 1 << 20;
    const data = new Float64Array(n).fill(Number.MAX_VALUE);
    const h = harness(build, data.byteLength + 64);
    h.exports.exact_f64!(h.place(data), n, acc);
    expect(value(h)).toBe(Infinity);
    data.fill(-Number.MAX_VALUE, n / 2);
    data[0] = 2 ** 971 * 3;
    h.exports.exact_f64!(h.place(data), n, acc);
    expect(value(h)).toBe(3 * 2 ** 971 - Number.MAX_VALUE);
  });
});

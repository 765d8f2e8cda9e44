// The wasm kernels on their own, both builds, against exact references at every boundary size:
// empty, one element, one SIMD step ±1, one chunk ±1, and about a million elements.
import { describe, expect, it } from 'vitest';
import { mirrorArray } from '../../src/kinds/mirror.js';
import { bigints, doubles, edgeSizes, integers } from '../fixtures/data.js';
import { harness, readWide, type Build } from '../fixtures/kernels.js';
import { fastErrorBound, referenceIntSum, referenceSum } from '../fixtures/reference.js';

const kChunkBytes = 256 * 1024;
const builds: Build[] = ['simd', 'scalar'];
const big = 1_000_003;

const floatKinds = [
  { name: 'sum_f64', ctor: Float64Array, step: 8 },
  { name: 'sum_f32', ctor: Float32Array, step: 8 },
] as const;

const intKinds = [
  { name: 'sum_i8', ctor: Int8Array, step: 32 },
  { name: 'sum_u8', ctor: Uint8Array, step: 32 },
  { name: 'sum_u8', ctor: Uint8ClampedArray, step: 32 },
  { name: 'sum_i16', ctor: Int16Array, step: 16 },
  { name: 'sum_u16', ctor: Uint16Array, step: 16 },
  { name: 'sum_i32', ctor: Int32Array, step: 8 },
  { name: 'sum_u32', ctor: Uint32Array, step: 8 },
] as const;

const wideKinds = [
  { name: 'sum_i64', ctor: BigInt64Array, step: 4 },
  { name: 'sum_u64', ctor: BigUint64Array, step: 4 },
] as const;

function sizes(ctor: { BYTES_PER_ELEMENT: number }, step: number): number[] {
  return [...edgeSizes(step, kChunkBytes / ctor.BYTES_PER_ELEMENT), big];
}

describe.each(floatKinds)('$name', ({ name, ctor, step }) => {
  it.each(sizes(ctor, step))('n = %i: within the error bound, and SIMD, scalar and JS agree to the bit', (n) => {
    const data = new ctor(doubles(n, n + 7));
    const results = builds.map((build) => {
      const h = harness(build, data.byteLength + 16);
      return [0, 8].map((misalign) => h.exports[name]!(h.place(data, misalign), n) as number);
    }).flat();
    const { rounded, magnitude } = referenceSum(data);
    expect(Math.abs(results[0]! - rounded)).toBeLessThanOrEqual(fastErrorBound(n, magnitude));
    for (const r of results) expect(Object.is(r, results[0])).toBe(true);
    expect(Object.is(mirrorArray(Array.from(data), 0, n), results[0])).toBe(true);
  });

  it.each(builds)('%s build: NaN, infinities and signed zeros follow IEEE addition', (build) => {
    const h = harness(build, 4096);
    const sum = (values: number[]): number => {
      const data = new ctor(values);
      return h.exports[name]!(h.place(data), data.length) as number;
    };
    const pad = (values: number[]): number[] => [...values, ...new Array(21).fill(1)];
    expect(sum([])).toBe(-0);
    expect(sum(new Array(19).fill(-0))).toBe(-0);
    expect(sum([-0, 0, -0])).toBe(0);
    expect(sum(pad([NaN]))).toBeNaN();
    expect(sum([...new Array(17).fill(2), NaN])).toBeNaN();        // NaN in the scalar tail
    expect(sum(pad([Infinity, -Infinity]))).toBeNaN();
    expect(sum(pad([Infinity]))).toBe(Infinity);
    expect(sum([...new Array(16).fill(1), -Infinity])).toBe(-Infinity);
  });
});

describe.each(intKinds)('$name on $ctor.name', ({ name, ctor, step }) => {
  it.each(sizes(ctor, step))('n = %i: exact in both builds', (n) => {
    const data = integers(ctor, n, n + 3);
    const expected = referenceIntSum(data);
    for (const build of builds) {
      const h = harness(build, data.byteLength + 16);
      expect(h.exports[name]!(h.place(data, 1), n)).toBe(expected);
    }
  });
});

describe.each(intKinds)('${name}_f64 on $ctor.name (one chunk, as a number)', ({ name, ctor, step }) => {
  const chunk = kChunkBytes / ctor.BYTES_PER_ELEMENT;
  it.each(edgeSizes(step, chunk).filter((n) => n <= chunk))('n = %i: the exact sum in both builds', (n) => {
    const data = integers(ctor, n, n + 11);
    const expected = Number(referenceIntSum(data));
    for (const build of builds) {
      const h = harness(build, data.byteLength + 16);
      expect(h.exports[`${name}_f64`]!(h.place(data, 1), n)).toBe(expected);
    }
  });

  it.each(builds)('%s build: a full chunk of the extreme values is exact', (build) => {
    const h = harness(build, kChunkBytes + 16);
    const bits = 8 * ctor.BYTES_PER_ELEMENT;
    const signed = ctor.name.startsWith('Int');
    for (const value of signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [2 ** bits - 1]) {
      const data = new ctor(chunk).fill(value);
      expect(h.exports[`${name}_f64`]!(h.place(data), chunk)).toBe(value * chunk);
    }
  });
});

describe.each(wideKinds)('$name', ({ name, ctor, step }) => {
  it.each(sizes(ctor, step))('n = %i: exact 128-bit sum in both builds', (n) => {
    const data = bigints(ctor, n, n + 5);
    const expected = referenceIntSum(data);
    for (const build of builds) {
      const h = harness(build, data.byteLength + 16);
      h.exports[name]!(h.place(data), n, h.out);
      expect(readWide(h)).toBe(expected);
    }
  });
});

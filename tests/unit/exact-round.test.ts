// The calling thread's half of exact mode on its own: merging accumulators (src/kinds/exact.ts ExactTotal)
// and the one rounding (roundScaled), against the BigInt reference's rounding.
import { describe, expect, it } from 'vitest';
import { ExactTotal, roundScaled } from '../../src/kinds/exact.js';
import { kExactBytes } from '../../src/memory/layout.js';
import { rng } from '../fixtures/data.js';
import { fromFixed } from '../fixtures/reference.js';

const kDigits = 67;

/** An accumulator image (flags, then normalized digits) holding n * 2^-1074; n >= 0 below 2^2112. */
function image(n: bigint, flags = 0): Int32Array {
  const i32 = new Int32Array(kExactBytes / 4);
  i32[0] = flags;
  for (let k = 0; k < kDigits; k++) {
    const digit = (n >> BigInt(32 * k)) & 0xffff_ffffn;
    i32[2 + 2 * k] = Number(BigInt.asIntN(32, digit));
  }
  return i32;
}

function randomBig(next: () => number, bits: number): bigint {
  let n = 0n;
  for (let b = 0; b < bits; b += 24) n = (n << 24n) | BigInt(Math.floor(next() * 2 ** 24));
  return n >> BigInt(Math.max(0, Math.ceil(bits / 24) * 24 - bits));
}

describe('roundScaled', () => {
  const next = rng(42);
  const lengths = [1, 2, 52, 53, 54, 55, 64, 100, 1000, 1074, 1075, 1076, 2000, 2097, 2098, 2099, 2100, 2200];
  it.each(lengths)('rounds random integers of %i bits like the reference, both signs', (bits) => {
    for (let i = 0; i < 200; i++) {
      const n = randomBig(next, bits) | (1n << BigInt(bits - 1));
      expect(Object.is(roundScaled(n, -1074), fromFixed(n))).toBe(true);
      expect(Object.is(roundScaled(-n, -1074), fromFixed(-n))).toBe(true);
    }
  });

  it('rounds exact ties to even, and just-above ties up', () => {
    const one = 1n << 1074n; // 1.0
    expect(roundScaled(one + (1n << 1021n), -1074)).toBe(1);                   // 1 + 2^-53: tie, even is 1
    expect(roundScaled(one + (3n << 1021n), -1074)).toBe(1 + 2 ** -51);        // 1 + 3 * 2^-53: tie, even is up
    expect(roundScaled(one + (1n << 1021n) + 1n, -1074)).toBe(1 + 2 ** -52);   // a hair above the tie
    expect(roundScaled(one + (1n << 1021n) - 1n, -1074)).toBe(1);
  });

  it('rounds at the top of the range: half an ulp above MAX_VALUE goes to Infinity', () => {
    const max = ((1n << 53n) - 1n) << (971n + 1074n);
    const halfUlp = 1n << (970n + 1074n);
    expect(roundScaled(max, -1074)).toBe(Number.MAX_VALUE);
    expect(roundScaled(max + halfUlp - 1n, -1074)).toBe(Number.MAX_VALUE);
    expect(roundScaled(max + halfUlp, -1074)).toBe(Infinity);
    expect(roundScaled(-(max + halfUlp), -1074)).toBe(-Infinity);
    expect(roundScaled(1n << 2100n, -1074)).toBe(Infinity);
  });

  it('keeps subnormals exact', () => {
    expect(roundScaled(1n, -1074)).toBe(2 ** -1074);
    expect(roundScaled(-3n, -1074)).toBe(-3 * 2 ** -1074);
    expect(roundScaled((1n << 52n) - 1n, -1074)).toBe(2 ** -1022 - 2 ** -1074);
  });
});

describe('ExactTotal', () => {
  it('is -0 when nothing was added', () => {
    expect(Object.is(new ExactTotal().result(), -0)).toBe(true);
  });

  it('follows the flags: NaN, infinities of one or both signs, the sign of zero', () => {
    const cases: Array<[number, number]> = [[1, NaN], [2, Infinity], [4, -Infinity], [6, NaN], [3, NaN], [8, 0], [0, -0]];
    for (const [flags, expected] of cases) {
      const total = new ExactTotal();
      total.add(image(0n, flags), 0);
      total.add(image(123n), 0);
      total.add(image(0n), 0);
      expect(Object.is(total.result(), flags === 0 || flags === 8 ? 123 * 2 ** -1074 : expected)).toBe(true);
      const zero = new ExactTotal();
      zero.add(image(0n, flags), 0);
      expect(Object.is(zero.result(), expected)).toBe(true);
    }
  });

  it('stays exact over more merges than its digits hold before a carry', () => {
    const total = new ExactTotal();
    const big = (1n << 1100n) - 1n;            // 34 full digits, about 2^26 in all
    const acc = image(big);
    const merges = (1 << 20) + 3;
    for (let i = 0; i < merges; i++) total.add(acc, 0);
    expect(total.result()).toBe(fromFixed(big * BigInt(merges)));
  });

  it('reads a negative accumulator (the top digit signed, the others not)', () => {
    const i32 = image((1n << 2112n) - 1n);      // digits 0..65 all 2^32 - 1
    i32[2 + 2 * 66] = -1;                       // digit 66 = -1: -2^2112, so -1 unit in all
    i32[2 + 2 * 66 + 1] = -1;
    const total = new ExactTotal();
    total.add(i32, 0);
    expect(total.result()).toBe(-(2 ** -1074));
  });
});

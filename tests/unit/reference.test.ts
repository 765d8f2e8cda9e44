// The test oracle itself, checked against cases whose answer is known.
import { describe, expect, it } from 'vitest';
import { fromFixed, referenceSum, toFixed } from '../fixtures/reference.js';

describe('reference sum', () => {
  it('round-trips every kind of double', () => {
    for (const x of [0, 1, -1, 0.1, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** -1022, 2 ** -1023, 123.456e-300]) {
      expect(fromFixed(toFixed(x))).toBe(x);
    }
  });

  it('rounds once, ties to even', () => {
    expect(referenceSum([1, 2 ** -53]).rounded).toBe(1);                       // tie -> even (1)
    expect(referenceSum([1 + 2 ** -52, 2 ** -53]).rounded).toBe(1 + 2 ** -51); // tie -> even (up)
    expect(referenceSum([1, 2 ** -53, 2 ** -80]).rounded).toBe(1 + 2 ** -52);  // just above the tie
    expect(referenceSum([0.1, 0.2]).rounded).toBe(0.30000000000000004);
    expect(referenceSum([1e308, 1e308, -1e308]).rounded).toBe(1e308);          // no intermediate overflow
    expect(referenceSum([Number.MAX_VALUE, Number.MAX_VALUE]).rounded).toBe(Infinity);
    expect(referenceSum([1e16, 1, -1e16]).rounded).toBe(1);
  });

  it('follows IEEE rules for NaN, infinities and -0', () => {
    expect(referenceSum([]).rounded).toBe(-0);
    expect(referenceSum([-0, -0]).rounded).toBe(-0);
    expect(referenceSum([-0, 0]).rounded).toBe(0);
    expect(referenceSum([1, NaN]).rounded).toBeNaN();
    expect(referenceSum([Infinity, -Infinity]).rounded).toBeNaN();
    expect(referenceSum([Infinity, 1e308, 1e308]).rounded).toBe(Infinity);
  });
});

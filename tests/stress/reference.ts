// References fast enough for millions of elements per scenario, each exact and independent of the
// package: integers summed in blocks small enough that a double holds each block's sum exactly, then
// added as bigints; doubles split into 27- and 26-bit halves of their significands, summed per binary
// exponent (each of those sums is exact while fewer than 2^26 values go in), then put together as one
// bigint and rounded once. Both are checked against the slow BigInt references of tests/fixtures on
// every run (see checkReferences), so a defect here cannot hide one in the package.
import { engineOrderSum } from '../fixtures/lanes.js';
import { fromFixed, referenceIntSum, referenceSum } from '../fixtures/reference.js';
import { doubles, integers } from '../fixtures/data.js';

/** The exact sum of integers of at most 32 bits, as a bigint. */
export function exactIntSum(values: ArrayLike<number>): bigint {
  // |x| < 2^32, so 2^20 of them sum to less than 2^52: exact in a double.
  let total = 0n;
  for (let from = 0; from < values.length; from += 1 << 20) {
    let block = 0;
    for (let i = from, to = Math.min(values.length, from + (1 << 20)); i < to; i++) block += values[i]!;
    total += BigInt(block);
  }
  return total;
}

const f64 = new Float64Array(1);
const words = new Uint32Array(f64.buffer);

/**
 * The sum of finite doubles, rounded once to the nearest double (ties to even); NaN, infinities and an
 * all-negative-zero input follow IEEE rules through the slow reference.
 */
export function exactFloatSum(values: ArrayLike<number>): number {
  if (values.length >= 1 << 26) throw new RangeError('exactFloatSum: too many values for exact half sums');
  // Exponent field 0 and 1 both scale by 2^-1074 (subnormals have no implicit bit): bucket max(e, 1).
  const high = new Float64Array(2048);
  const low = new Float64Array(2048);
  let special = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    f64[0] = x;
    const hi = words[1]!;
    const lo = words[0]!;
    const e = (hi >>> 20) & 0x7ff;
    if (e === 0x7ff) return referenceSum(values).rounded;
    if (!Object.is(x, -0)) special = false;
    // significand = H * 2^32 + lo, H of 21 bits (with the implicit bit): split at bit 26.
    const H = (hi & 0xfffff) + (e === 0 ? 0 : 0x100000);
    const top = H * 64 + (lo >>> 26);   // < 2^27
    const bottom = lo & 0x3ffffff;        // < 2^26
    const sign = hi >>> 31 ? -1 : 1;
    const bucket = Math.max(e, 1);
    high[bucket]! += sign * top;
    low[bucket]! += sign * bottom;
  }
  if (special) return referenceSum(values).rounded; // empty (-0 from the engine? see referenceSum) or all -0
  // value = significand * 2^(bucket - 1075) = significand * 2^(bucket - 1) units of 2^-1074.
  let fixed = 0n;
  for (let b = 1; b < 2048; b++) {
    if (high[b] !== 0) fixed += BigInt(high[b]!) << BigInt(b - 1 + 26);
    if (low[b] !== 0) fixed += BigInt(low[b]!) << BigInt(b - 1);
  }
  return fromFixed(fixed);
}

/**
 * Throws unless the fast references agree with the slow ones of tests/fixtures on inputs that reach
 * their corners: mixed magnitudes, subnormals, cancellation, halfway cases, the extremes of each
 * integer type.
 */
export function checkReferences(): void {
  const inputs: number[][] = [
    [...doubles(5000, 1)],
    [1e308, 1e308, -1e308, 2 ** -1074, 3 * 2 ** -1074, -(2 ** -1022)],
    [1, 2 ** -53, 2 ** -53],            // halfway: ties to even
    [1, 2 ** -53, 2 ** -106],           // just above halfway
    [2 ** 53, 1, -(2 ** 53)],
    [0.1, 0.2, 0.3, -0.6],
    [-0, -0], [-0, 0], [],
  ];
  for (const values of inputs) {
    const fast = exactFloatSum(values);
    const slow = referenceSum(values).rounded;
    if (!Object.is(fast, slow)) throw new Error(`exactFloatSum(${values.slice(0, 6)}…) = ${fast}, the slow reference ${slow}`);
  }
  // Past one block of 2^20 values, with the largest magnitudes.
  for (const ctor of [Int32Array, Uint32Array]) {
    const values = integers(ctor, (1 << 20) + 77, 7);
    if (exactIntSum(values) !== referenceIntSum(values)) throw new Error(`exactIntSum disagrees on ${ctor.name}`);
  }
}

/** The fast-mode float sum of `values` in the engine's documented order, for `bytes`-byte elements. */
export function fastFloatSum(values: ArrayLike<number>, bytes: 4 | 8): number {
  return engineOrderSum(values, (256 * 1024) / bytes);
}

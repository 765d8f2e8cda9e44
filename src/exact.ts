// precision: 'exact', the calling thread's half: the per-chunk accumulators that the kernels write
// (assembly/exact.ts, layout in src/memory/layout.ts) are merged here exactly, and the sum is rounded
// once, to the nearest double, ties to even. The semantics are Math.sumPrecise's:
//   any NaN -> NaN; +Infinity and -Infinity -> NaN; else an infinity -> that infinity;
//   a finite exact sum beyond the double range -> ±Infinity; no values, or only -0 -> -0.
// Merging is integer addition, so the result cannot depend on how the input was cut or who summed it.

const kDigits = 67;
const kDigitsAt = 2;          // Int32 index of digit 0
const kLowest = -1074;        // digit 0 counts units of 2^-1074, digit k units of 2^(32k - 1074)

// Flags (the accumulator's first Int32), as assembly/exact.ts sets them.
const kNaN = 1;
const kPosInf = 2;
const kNegInf = 4;
const kNotAllNegativeZero = 8; // not every input was -0: a zero sum is +0

/**
 * Merges before the digits are carried: a kernel leaves every digit below 2^32 in magnitude, so 2^20
 * of them add up to less than 2^52, still exact in a double.
 */
const kCarryEvery = 1 << 20;

/** The exact sum of any number of accumulators. */
export class ExactTotal {
  // Plain doubles holding integers: exact while below 2^53, which kCarryEvery guarantees.
  readonly #digits = new Float64Array(kDigits);
  #flags = 0;
  #merged = 0;

  /** Adds the accumulator at byte address `acc` (as a kernel left it) of the memory `i32` views. */
  add(i32: Int32Array, acc: number): void {
    const at = (acc >>> 2) + kDigitsAt;
    this.#flags |= i32[acc >>> 2]!;
    for (let k = 0; k < kDigits; k++) {
      this.#digits[k] = this.#digits[k]! + i32[at + 2 * k + 1]! * 2 ** 32 + (i32[at + 2 * k]! >>> 0);
    }
    if (++this.#merged === kCarryEvery) this.#carry();
  }

  /** The sum, rounded once to the nearest double (ties to even). */
  result(): number {
    return roundExact(this.#flags, this.units());
  }

  /** The flags of every accumulator added (NaN, infinities, not all -0). */
  get flags(): number {
    return this.#flags;
  }

  /** The exact sum of the finite inputs, in units of 2^-1074 (for portable accumulator states). */
  units(): bigint {
    let n = 0n;
    for (let k = kDigits - 1; k >= 0; k--) n = (n << 32n) + BigInt(this.#digits[k]!);
    return n;
  }

  // Moves everything above 32 bits of each digit into the next one; the value is unchanged.
  #carry(): void {
    const d = this.#digits;
    for (let k = 0; k < kDigits - 1; k++) {
      const carry = Math.floor(d[k]! / 2 ** 32);
      d[k] = d[k]! - carry * 2 ** 32;
      d[k + 1] = d[k + 1]! + carry;
    }
    this.#merged = 0;
  }
}

/**
 * An exact sum given as the accumulators' `flags` and the sum of its finite inputs in units of
 * 2^-1074, rounded once to the nearest double (ties to even), with Math.sumPrecise's special cases.
 */
export function roundExact(flags: number, units: bigint): number {
  if ((flags & kNaN) !== 0 || (flags & (kPosInf | kNegInf)) === (kPosInf | kNegInf)) return NaN;
  if ((flags & kPosInf) !== 0) return Infinity;
  if ((flags & kNegInf) !== 0) return -Infinity;
  if (units === 0n) return (flags & kNotAllNegativeZero) !== 0 ? 0 : -0;
  return roundScaled(units, kLowest);
}

/**
 * n * 2^scale (n a nonzero integer) rounded to the nearest double, ties to even; ±Infinity beyond the
 * range. IEEE round-to-nearest keeps the 53 leading bits of a normal result and the bits at and above
 * 2^-1074 of a subnormal one: that is, rounds at bit max(bitLength - 53, -1074 - scale) of n.
 */
export function roundScaled(n: bigint, scale: number): number {
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  const length = magnitude.toString(2).length;
  let shift = Math.max(length - 53, kLowest - scale);
  let kept = magnitude;
  if (shift > 0) {
    const s = BigInt(shift);
    kept = magnitude >> s;
    const dropped = magnitude - (kept << s);
    const half = 1n << (s - 1n);
    if (dropped > half || (dropped === half && (kept & 1n) === 1n)) kept++;
    // Rounding up can carry into a 54th bit: 2^53 * 2^shift is 2^52 * 2^(shift + 1), still exact.
  } else {
    shift = 0;
  }
  // kept <= 2^53 is exact as a double, and so is the product, a power of two times it whose lowest bit
  // is at or above 2^-1074, unless it reaches 2^1024: then IEEE multiplication overflows to Infinity,
  // which is the right rounding of a sum that large.
  const value = Number(kept) * pow2(scale + shift);
  return negative ? -value : value;
}

const bits = new BigUint64Array(1);
const asDouble = new Float64Array(bits.buffer);

/** 2^e exactly, for -1074 <= e <= 1023 (e outside: 0 or Infinity). */
function pow2(e: number): number {
  if (e > 1023) return Infinity;
  if (e < kLowest) return 0;
  bits[0] = e >= -1022 ? BigInt(e + 1023) << 52n : 1n << BigInt(e - kLowest);
  return asDouble[0]!;
}

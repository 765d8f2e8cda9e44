// Benchmark inputs whose exact sum is known by construction, so every contender can be checked before
// it is timed, at any size, without a slow high-precision pass over 64M elements.
//
// Every value is an integer k times a power of two, drawn so that sums of the integer parts stay
// exact in doubles:
//   f64  x = k * 2^-52, k = a * 2^26 + b, a in [-2^26, 2^26), b in [0, 2^26): full 53-bit values in [-1, 1)
//   f32  x = k * 2^-23, k in [-2^23, 2^23): full 24-bit values in [-1, 1)
//   i32  x in [-2^15, 2^15): small enough that the total fits an int32 too (tf.sum on int32 wraps
//        around beyond that; the package, the JS loops and native C are exact for any int32 data)
// The exact sum is kept as a BigInt numerator over 2^scale.

// Exact partial sums are flushed into a BigInt every kFlush elements, long before a double could
// lose a bit (kFlush * 2^26 < 2^53).
const kFlush = 1 << 20;

/**
 * @typedef {{ values: Float64Array | Float32Array | Int32Array, exact: bigint, scale: number,
 *   reference: number, absSum: number }} Data
 */

/**
 * `n` values of `type` in a new plain TypedArray, with their exact sum (`exact` * 2^-`scale`), that
 * sum rounded once to a double (`reference`), and the sum of magnitudes (for error bounds).
 * @param {import('./types.js').ElementType} type
 * @param {number} n
 * @returns {Data}
 */
export function makeData(type, n, seed = 1) {
  if (type === 'f64') return fill(new Float64Array(n), seed, 52, 2 ** 26, 5, 6);
  if (type === 'f32') return fill(new Float32Array(n), seed, 23, 1, 8, 32);
  if (type === 'i32') return fill(new Int32Array(n), seed, 0, 1, 16, 32);
  throw new TypeError(`Expected \`type\` to be f64, f32 or i32, got ${type}`);
}

// Each value is k * 2^-scale with k = hi * weight + lo, where hi is a random int32 shifted right by
// hiShift (signed) and lo a random uint32 shifted right by loShift (a shift of 32 makes it 0: JS
// shifts count mod 32, so that case is handled apart). His and los are summed apart, each exactly.
// The generator is a 32-bit xorshift with a multiplicative output mix, inlined: this loop makes 64M
// values, and a closure call per draw made it several times slower.
/**
 * @param {Float64Array | Float32Array | Int32Array} values
 * @param {number} seed
 * @param {number} scale
 * @param {number} weight
 * @param {number} hiShift
 * @param {number} loShift
 * @returns {Data}
 */
function fill(values, seed, scale, weight, hiShift, loShift) {
  const unit = 2 ** -scale;
  const big = BigInt(weight);
  const withLo = loShift < 32;
  let s = ((seed + values.length) >>> 0) || 0x9e3779b9;
  let exact = 0n;
  let his = 0;
  let los = 0;
  let absSum = 0;
  for (let i = 0; i < values.length; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const hi = Math.imul(s, 0x2c1b3c6d) >> hiShift;
    let lo = 0;
    if (withLo) {
      s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
      lo = Math.imul(s, 0x2c1b3c6d) >>> loShift;
    }
    const k = hi * weight + lo;
    values[i] = k * unit;
    his += hi;
    los += lo;
    absSum += Math.abs(k);
    if ((i & (kFlush - 1)) === kFlush - 1) {
      exact += BigInt(his) * big + BigInt(los);
      his = 0;
      los = 0;
    }
  }
  exact += BigInt(his) * big + BigInt(los);
  // Number(bigint) rounds to nearest, ties to even; the power-of-two scaling is exact.
  return { values, exact, scale, reference: Number(exact) * unit, absSum: absSum * unit };
}

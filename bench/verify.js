// The check every contender passes before it is timed: a benchmark of a wrong sum must fail loudly.
//
// Integer sums must be exact. Floating-point contenders add in different orders, so their last bits
// differ; each must lie within the classic bound for recursive summation in its accumulator's
// precision, |result - exact| <= n * eps * sum(|x|), around the exact sum. That bound is loose, but it
// is the one every honest order meets, and a sum that skips or repeats a 256 KiB chunk misses it by
// far (see data.js: values are spread over [-1, 1)).

/** Machine epsilon of the accumulator a contender adds in. */
export const kEpsilon = { f64: 2 ** -52, f32: 2 ** -23 };

export class WrongSumError extends Error {
  name = 'WrongSumError';
}

/**
 * Throws a WrongSumError unless `got` is a correct sum of `data` (from data.js) for `type`.
 * @param {string} who  the contender, for the message
 * @param {import('./types.js').ElementType} type
 * @param {import('./data.js').Data} data
 * @param {unknown} got
 * @param {'f64' | 'f32'} [accumulator]  precision of a float contender's running sums (default f64)
 */
export function verify(who, type, data, got, accumulator = 'f64') {
  const n = data.values.length;
  const value = typeof got === 'bigint' ? Number(got) : got;
  if (typeof value !== 'number') {
    throw new WrongSumError(`${who} on ${n} ${type}: expected a number, got ${typeof got}`);
  }
  if (type === 'i32') {
    if (typeof got === 'bigint' ? got === data.exact : value === Number(data.exact)) return;
    throw new WrongSumError(`${who} on ${n} ${type}: got ${got}, the exact sum is ${data.exact}`);
  }
  const tolerance = n * kEpsilon[accumulator] * data.absSum;
  const error = Math.abs(value - data.reference);
  if (error <= tolerance) return;
  throw new WrongSumError(`${who} on ${n} ${type}: got ${value}, expected ${data.reference} `
    + `within ${tolerance.toPrecision(3)} (n * eps(${accumulator}) * sum|x|), off by ${error.toPrecision(3)}`);
}

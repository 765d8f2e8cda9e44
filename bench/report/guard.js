// The report's last line of defence: every figure it publishes passes through here first, and a
// figure that cannot be true (a negative or zero time, NaN, Infinity, a ratio over no samples, a
// throughput no memory delivers, a fitted line with a negative cost) stops the report with an
// ImpossibleFigureError naming the figure, instead of being printed. A wrong figure in the docs is
// worse than no docs: the report once published a fitted fixed cost of -5.93e4 ns.

/**
 * @typedef {import('../types.js').Stats} Stats
 * @typedef {import('../types.js').Results} Results
 * @typedef {import('../types.js').Fit} Fit
 */

/**
 * Above this a "throughput" is a measurement error: 1 TB/s is beyond the memory bandwidth of any
 * machine this suite runs on (a single DDR5 channel gives about 50 GB/s, a whole server socket with
 * twelve channels under 500 GB/s), and beyond what even cache-resident data reaches on two cores.
 */
export const kMaxGBps = 1000;

export class ImpossibleFigureError extends Error {
  name = 'ImpossibleFigureError';
}

/**
 * @param {string} what
 * @param {unknown} value
 * @param {string} expected
 * @returns {never}
 */
function refuse(what, value, expected) {
  const shown = typeof value === 'number' || typeof value === 'bigint' ? String(value) : JSON.stringify(value);
  throw new ImpossibleFigureError(`Refusing to publish ${what}: expected ${expected}, got ${shown}`);
}

/**
 * A finite number, else refused.
 * @param {string} what
 * @param {unknown} x
 * @returns {number}
 */
export function finite(what, x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) refuse(what, x, 'a finite number');
  return x;
}

/**
 * A measured duration in ms: finite and above zero (nothing is summed in no time).
 * @param {string} what
 * @param {unknown} ms
 */
export function time(what, ms) {
  const x = finite(what, ms);
  if (x <= 0) refuse(what, x, 'a time above zero');
  return x;
}

/**
 * A cost in ms (a fitted fixed cost, say): finite and not negative.
 * @param {string} what
 * @param {unknown} ms
 */
export function cost(what, ms) {
  const x = finite(what, ms);
  if (x < 0) refuse(what, x, 'a cost of zero or more');
  return x;
}

/**
 * A byte count: a whole number, zero or more.
 * @param {string} what
 * @param {unknown} n
 */
export function bytes(what, n) {
  const x = finite(what, n);
  if (x < 0 || !Number.isInteger(x)) refuse(what, x, 'a whole number of bytes, zero or more');
  return x;
}

/**
 * A size that something is divided by: a whole number above zero.
 * @param {string} what
 * @param {unknown} n
 */
export function size(what, n) {
  const x = bytes(what, n);
  if (x === 0) refuse(what, x, 'a size above zero');
  return x;
}

/**
 * A throughput in GB/s: above zero and at most kMaxGBps.
 * @param {string} what
 * @param {unknown} gbps
 */
export function throughput(what, gbps) {
  const x = finite(what, gbps);
  if (x <= 0 || x > kMaxGBps) refuse(what, x, `a throughput above 0 and at most ${kMaxGBps} GB/s`);
  return x;
}

/**
 * The GB/s of reading `size` bytes in `ms`, checked.
 * @param {string} what
 * @param {number} size
 * @param {number} ms
 */
export function rate(what, size, ms) {
  return throughput(what, bytes(`${what} (bytes)`, size) / time(`${what} (time)`, ms) / 1e6);
}

/**
 * A summary of samples: at least one sample, every figure a time above zero, in order
 * (min ≤ p25 ≤ median ≤ p75 ≤ max, p99 ≤ max).
 * @param {string} what
 * @param {Partial<Stats> | undefined} s
 * @returns {Stats}
 */
export function stats(what, s) {
  if (s === undefined || s === null || typeof s !== 'object') refuse(what, s, 'a summary of samples');
  if (typeof s.count !== 'number' || !(s.count >= 1)) refuse(`${what}: sample count`, s.count, 'at least one sample');
  const keys = /** @type {const} */ (['min', 'p25', 'median', 'p75', 'p99', 'max']);
  for (const key of keys) time(`${what}: ${key}`, s[key]);
  const order = /** @type {const} */ (['min', 'p25', 'median', 'p75', 'max']);
  for (let i = 1; i < order.length; i++) {
    const [a, b] = [/** @type {number} */ (s[order[i - 1]]), /** @type {number} */ (s[order[i]])];
    if (a > b) refuse(`${what}: ${order[i - 1]} ${a} above ${order[i]}`, b, `${order[i]} ≥ ${order[i - 1]}`);
  }
  if (/** @type {number} */ (s.p99) > /** @type {number} */ (s.max)) refuse(`${what}: p99 above max`, s.p99, `at most ${s.max}`);
  return /** @type {Stats} */ (s);
}

/**
 * How many times faster `ours` is than `theirs` (theirs.median / ours.median), from two checked
 * summaries: never a ratio over no samples or a zero time.
 * @param {string} what
 * @param {Partial<Stats> | undefined} ours
 * @param {Partial<Stats> | undefined} theirs
 */
export function ratio(what, ours, theirs) {
  const a = stats(`${what} (numerator)`, theirs).median;
  const b = stats(`${what} (denominator)`, ours).median;
  const x = finite(what, a / b);
  if (x <= 0) refuse(what, x, 'a ratio above zero');
  return x;
}

/**
 * A fitted line time = intercept + slope * bytes that means what it says: a fixed cost of zero or
 * more, a positive time per byte, and a rate within kMaxGBps.
 * @param {string} what
 * @param {Fit | undefined} line
 * @returns {Fit}
 */
export function fit(what, line) {
  if (line === undefined) refuse(what, line, 'a fitted line');
  cost(`${what}: fixed cost (ms)`, line.intercept);
  const slope = finite(`${what}: ms per byte`, line.slope);
  if (slope <= 0) refuse(`${what}: ms per byte`, slope, 'a time per byte above zero');
  throughput(`${what}: rate`, 1 / (slope * 1e6));
  return line;
}

/** A percentage-like share: finite, zero or more. @param {string} what @param {unknown} x */
export function share(what, x) {
  const y = finite(what, x);
  if (y < 0) refuse(what, y, 'zero or more');
  return y;
}

// Where the parallel path starts to beat the single-thread kernel, from the threshold phase's rows:
// measured (the smallest size at which it is faster) and modelled (where straight lines
// time = fixed cost + bytes / rate, fitted to both, cross). A line is a model only if its fixed cost
// is zero or more and its rate positive; when the times do not follow such a line (inputs that fit
// in a cache run faster per byte than those that do not, which tilts the line below zero at small
// sizes), no crossing is modelled and `unfit` says why, rather than reporting an impossible cost.

/**
 * @typedef {import('../types.js').Fit} Fit
 * @typedef {import('../types.js').ThresholdRow} ThresholdRow
 * @typedef {import('../types.js').Crossover} Crossover
 */

/**
 * Least-squares line through [x, y] points; undefined with fewer than two distinct x.
 * @param {[number, number][]} points
 * @returns {Fit | undefined}
 */
export function fit(points) {
  if (points.length < 2) return undefined;
  const mx = points.reduce((s, [x]) => s + x, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * Why `line` is not a model of time = fixed cost + bytes / rate, or undefined if it is one.
 * @param {string} who
 * @param {Fit} line
 */
export function unphysical(who, line) {
  if (!Number.isFinite(line.slope) || !Number.isFinite(line.intercept)) return `the line fitted to ${who} is not finite`;
  if (line.slope <= 0) return `the line fitted to ${who} falls with size (a rate below zero)`;
  if (line.intercept < 0) return `the line fitted to ${who} has a fixed cost below zero`;
  return undefined;
}

/**
 * The crossover, measured and modelled, from the rows of the threshold phase.
 * @param {ThresholdRow[]} rows
 * @returns {Crossover}
 */
export function crossover(rows) {
  const onWorkers = rows.filter((r) => r.workersPath === 'workers');
  const measured = onWorkers.find((r) => r.workers.median < r.kernel.median)?.bytes;
  const out = {
    shippedInlineBelowBytes: rows.find((r) => r.path === 'workers')?.bytes,
    measuredBytes: measured,
    modelledBytes: /** @type {number | undefined} */ (undefined),
    workerFixedMs: /** @type {number | undefined} */ (undefined),
    kernelGBps: /** @type {number | undefined} */ (undefined),
    workersGBps: /** @type {number | undefined} */ (undefined),
  };
  const workers = fit(onWorkers.map((r) => [r.bytes, r.workers.median]));
  const kernel = fit(rows.map((r) => [r.bytes, r.kernel.median]));
  if (workers === undefined || kernel === undefined) return out;
  const unfit = unphysical('the parallel path\'s times', workers) ?? unphysical('the kernel\'s times', kernel);
  if (unfit !== undefined) return { ...out, unfit };
  // Lines cross at a positive size only if workers cost more up front and less per byte.
  const modelled = kernel.slope > workers.slope
    ? Math.max(0, (workers.intercept - kernel.intercept) / (kernel.slope - workers.slope)) : undefined;
  return {
    ...out,
    modelledBytes: modelled === undefined ? undefined : Math.round(modelled),
    workerFixedMs: workers.intercept,
    kernelGBps: 1 / (kernel.slope * 1e6),
    workersGBps: 1 / (workers.slope * 1e6),
  };
}

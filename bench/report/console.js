// The console side of the report: a table per case as the run goes, then the other phases and the
// targets at the end.
import { caseRows, targets, verdict } from './derive.js';
import { bytes, count, duration, gbps, rate, ratio, spread, textTable } from './format.js';

/**
 * @typedef {import('../types.js').Results} Results
 * @typedef {import('../types.js').Latency} Latency
 */

/** @param {Results} results @param {import('../types.js').ThroughputCase} entry */
export function printCase(results, entry) {
  const rows = caseRows(results, entry);
  console.log(`\n${entry.type} x ${count(entry.n)} (${bytes(entry.bytes)})`);
  console.log(textTable(
    ['contender', 'median', 'spread', 'GB/s', 'vs loop', 'vs native'],
    rows.map((r) => [r.label, duration(r.median), spread(r), rate(r.gbps), ratio(r.vsLoop), ratio(r.vsNative)]),
  ));
  for (const s of entry.skipped) console.log(`  skipped ${s.id}: ${s.reason}`);
}

/** @param {import('../types.js').Scaling} scaling */
export function printScaling(scaling) {
  console.log(`\nscaling: f64 x ${count(scaling.n)} (${bytes(scaling.bytes)}), GB/s (median, spread)`);
  console.log(textTable(
    ['contender', ...scaling.workers.map((w) => `${w} thread${w > 1 ? 's' : ''}`)],
    scaling.series.map((s) => [s.label, ...s.points.map((p) => `${rate(gbps(scaling.bytes, p.median))} ${spread(p)}`)]),
  ));
}

/** @param {Latency} latency */
export function printLatency(latency) {
  const { cold, small, abort } = latency;
  if (cold !== undefined) {
    console.log(`\ncold first call (${bytes(cold.bytes)} of doubles, workers not started):`);
    console.log(`  first engine in the process (compiles the kernels): ${duration(cold.firstInProcessMs)}`);
    if (cold.newEngine) console.log(`  a new engine: median ${duration(cold.newEngine.median)}, max ${duration(cold.newEngine.max)}`);
    console.log(`  the second call (warm): median ${duration(cold.warm.median)}`);
    if (cold.prestarted) {
      console.log(`  ready({ workers }) on a new engine: median ${duration(cold.prestarted.ready.median)}; `
        + `then its first call: median ${duration(cold.prestarted.first.median)}`);
    }
  }
  if (small !== undefined) {
    console.log(`\nsmall call, ${count(small.n)} doubles, one call per sample:`);
    console.log(textTable(['contender', 'p50', 'p99'], small.results.map((r) => [r.id, duration(r.median), duration(r.p99)])));
  }
  if (abort !== undefined) {
    console.log('\nabort latency, abort() to the rejection:');
    console.log(textTable(['path', 'n', 'full sum', 'aborts', 'p50', 'p99', 'max', 'after the end'], abort.paths.map((p) => [
      p.id, count(p.n), duration(p.sumMs), p.count, ...('median' in p ? [duration(p.median), duration(p.p99), duration(p.max)] : ['—', '—', '—']), p.late,
    ])));
  }
}

/** @param {import('../types.js').Memory} mem */
export function printMemory(mem) {
  console.log(`\npeak RSS growth during one sum (${mem.method}):`);
  console.log(textTable(['input', 'size', 'growth', 'of input'], mem.rows.map((r) => [
    r.label, bytes(r.inputBytes), bytes(r.growthBytes), `${((100 * r.growthBytes) / r.inputBytes).toFixed(2)}%`,
  ])));
}

/** @param {import('../types.js').Threshold} th */
export function printThreshold(th) {
  console.log(`\ninline threshold: shared f64; the engine as shipped, the parallel path${th.forced ? ' forced at every size' : ''}, the kernel`);
  console.log(textTable(['size', 'shipped path', 'engine', 'workers', '1 worker', 'kernel', 'kernel/workers'], th.rows.map((r) => [
    bytes(r.bytes), r.path, duration(r.engine.median), duration(r.workers.median), duration(r['one-worker'].median),
    duration(r.kernel.median), ratio(r.kernel.median / r.workers.median),
  ])));
  const c = th.crossover;
  console.log(`  workers beat the kernel from ${c.measuredBytes ? bytes(c.measuredBytes) : 'no measured size'}`
    + `; fitted lines cross at ${c.modelledBytes !== undefined ? bytes(c.modelledBytes) : '—'}`
    + (c.unfit !== undefined ? ` (no model: ${c.unfit})` : ` (parallel path fixed cost ${duration(c.workerFixedMs)})`)
    + '; the engine ships with workers from '
    + `${c.shippedInlineBelowBytes ? bytes(c.shippedInlineBelowBytes) : 'beyond the measured sizes'}`);
}

/** @param {import('../types.js').ExactReport} exact */
export function printExact(exact) {
  console.log('\nexact summation (bench/exact.js):');
  if (exact.rows.length > 0) console.table(exact.rows);
  else console.log(JSON.stringify(exact, null, 2));
}

/** @param {Results} results */
export function printTargets(results) {
  console.log('\ntargets:');
  for (const t of targets(results)) {
    console.log(`  [${verdict(t)}] ${t.goal}: ${t.detail}`);
    for (const miss of t.misses ?? []) console.log(`      ${miss}`);
  }
}

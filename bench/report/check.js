// Checks every figure of a results JSON that the report publishes, through guard.js, before a line
// of it is written: one impossible figure (see guard.js) and the report stops, naming it. The
// crossover is derived again from the threshold rows (report/fit.js), never read from the JSON: a
// file written before the fit was checked may hold an impossible one.
import { caseRows } from './derive.js';
import { crossover } from './fit.js';
import * as guard from './guard.js';

/**
 * @typedef {import('../types.js').Results} Results
 * @typedef {import('../types.js').Crossover} Crossover
 */

/**
 * Throws an ImpossibleFigureError at the first figure of `results` that cannot be true; returns the
 * crossover to publish.
 * @param {Results} results
 * @returns {Crossover | undefined}
 */
export function checkResults(results) {
  for (const entry of results.throughput) {
    const where = `${entry.type} x ${entry.n}`;
    guard.size(`${where}: input bytes`, entry.bytes);
    for (const r of entry.results) {
      guard.stats(`${where}: ${r.id}`, r);
      guard.rate(`${where}: ${r.id} throughput`, entry.bytes, r.median);
    }
    // The ratios a case prints, each over two checked summaries.
    caseRows(results, entry);
  }
  for (const s of results.scaling?.series ?? []) {
    for (const p of s.points) {
      guard.stats(`scaling: ${s.id} with ${p.workers} threads`, p);
      guard.rate(`scaling: ${s.id} with ${p.workers} threads`, /** @type {number} */ (results.scaling?.bytes), p.median);
    }
  }
  let published;
  const th = results.threshold;
  if (th !== undefined) {
    for (const row of th.rows) {
      for (const key of /** @type {const} */ (['engine', 'workers', 'one-worker', 'kernel'])) {
        guard.stats(`threshold at ${row.bytes} bytes: ${key}`, row[key]);
        guard.rate(`threshold at ${row.bytes} bytes: ${key}`, row.bytes, row[key].median);
      }
    }
    published = crossover(th.rows);
    if (published.modelledBytes !== undefined) {
      guard.bytes('modelled crossover', published.modelledBytes);
      guard.cost('fitted fixed cost of the parallel path', published.workerFixedMs);
      guard.throughput('fitted rate of the kernel', published.kernelGBps);
      guard.throughput('fitted rate of the parallel path', published.workersGBps);
    }
  }
  const l = results.latency;
  for (const r of l?.small?.results ?? []) guard.stats(`small call: ${r.id}`, r);
  if (l?.cold !== undefined) {
    guard.time('cold first call in the process', l.cold.firstInProcessMs);
    if (l.cold.newEngine) guard.stats('cold first call on a new engine', l.cold.newEngine);
    guard.stats('warm second call', l.cold.warm);
    if (l.cold.prestarted) {
      guard.stats('ready({ workers })', l.cold.prestarted.ready);
      guard.stats('first call after ready({ workers })', l.cold.prestarted.first);
    }
  }
  for (const p of l?.abort?.paths ?? []) {
    guard.time(`abort on ${p.id}: the full sum`, p.sumMs);
    // Without statistics when no abort landed mid-sum (count 0): the report says so instead.
    if (p.count !== 0 || 'median' in p) guard.stats(`abort latency on ${p.id}`, p);
  }
  for (const row of results.memory?.rows ?? []) {
    guard.size(`memory: ${row.label}: input`, row.inputBytes);
    guard.bytes(`memory: ${row.label}: growth`, row.growthBytes);
  }
  const ex = results.exact;
  if (ex !== undefined) {
    for (const row of ex.rows ?? []) {
      guard.time(`exact: ${row.sum}: median ms`, row['median ms']);
      guard.throughput(`exact: ${row.sum}: GB/s`, row['GB/s']);
    }
    for (const [key, figure] of Object.entries(ex.results ?? {})) {
      if (!(figure.samples >= 1)) guard.stats(`exact: ${key}`, { count: figure.samples });
      guard.rate(`exact: ${key}`, ex.input.bytes, figure.ms);
    }
  }
  return published;
}

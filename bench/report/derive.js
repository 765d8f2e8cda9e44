// Figures derived from a results JSON: ratios per case and the targets of the core issue. The console
// summary and the docs both read them from here, so they never disagree. Every ratio and rate goes
// through guard.js: one over no samples or a zero time throws instead of reaching a page.
import { kHeadline } from '../config.js';
import { count, duration, ratio } from './format.js';
import * as guard from './guard.js';

/**
 * @typedef {import('../types.js').Results} Results
 * @typedef {import('../types.js').ThroughputCase} ThroughputCase
 * @typedef {import('../types.js').ContenderResult} ContenderResult
 * @typedef {import('../types.js').ContenderMeta} ContenderMeta
 * @typedef {ContenderResult & { label: string, group: ContenderMeta['group'] | undefined, single: boolean,
 *   reference: boolean, gbps: number, vsLoop: number | undefined, vsNative: number | undefined }} CaseRow
 * @typedef {{ id: string, goal: string, met: boolean | null, detail: string, misses?: string[] }} Target
 */

/**
 * Contender metadata by id.
 * @param {Results} results
 * @returns {Map<string, ContenderMeta>}
 */
export const byId = (results) => new Map(results.contenders.map((c) => [c.id, c]));

/**
 * The rows of one throughput case, with throughput and the ratios against the JS loop and native
 * (undefined where there is nothing to compare with).
 * @param {Results} results
 * @param {ThroughputCase} entry
 * @returns {CaseRow[]}
 */
export function caseRows(results, entry) {
  const meta = byId(results);
  /** @param {string} id */
  const find = (id) => entry.results.find((r) => r.id === id);
  const loop = find('js-loop');
  const native = find('native');
  return entry.results.map((r) => {
    const m = meta.get(r.id);
    const what = `${entry.type} x ${count(entry.n)}: ${r.id}`;
    return {
      ...r,
      label: m?.label ?? r.id,
      group: m?.group,
      single: m?.single ?? false,
      reference: m?.reference ?? false,
      gbps: guard.rate(`${what} throughput`, entry.bytes, r.median),
      // Both as "how many times the other's throughput": 4x the loop; 0.95x native.
      vsLoop: m?.reference || loop === undefined ? undefined : guard.ratio(`${what} vs the JS loop`, r, loop),
      vsNative: m?.reference || native === undefined ? undefined : guard.ratio(`${what} vs native`, r, native),
    };
  });
}

/**
 * The fastest single-threaded contender of a case (by median).
 * @param {CaseRow[]} rows
 * @returns {CaseRow | undefined}
 */
export function bestSingle(rows) {
  return rows.filter((r) => r.single).reduce(
    (/** @type {CaseRow | undefined} */ best, r) => (best === undefined || r.median < best.median ? r : best), undefined);
}

/**
 * The headline case: 64M doubles, if this run measured it.
 * @param {Results} results
 */
export const headline = (results) => results.throughput.find((e) => e.type === 'f64' && e.n === kHeadline);

/**
 * Every target of the core issue, met (true), missed (false) or not measured (null), with the figure
 * that decides it.
 * @param {Results} results
 * @returns {Target[]}
 */
export function targets(results) {
  /** @type {Target[]} */
  const out = [];
  const head = headline(results);
  const rows = head && caseRows(results, head);
  const ps = rows?.find((r) => r.id === 'ps-shared');
  const noHead = `not measured: this run has no 64M-double case`;

  const native = rows?.find((r) => r.id === 'native');
  out.push({
    id: 'native',
    goal: 'parallelSum ≥ 0.9x native OpenMP throughput on 64M shared doubles',
    ...(head === undefined || ps === undefined ? { met: null, detail: noHead }
      : native === undefined ? { met: null, detail: `not measured: ${skipReason(head, 'native')}` }
        : { met: /** @type {number} */ (ps.vsNative) >= 0.9, detail: `${ratio(ps.vsNative)} (${ps.gbps.toPrecision(3)} vs ${native.gbps.toPrecision(3)} GB/s)` }),
  });

  const loop = rows?.find((r) => r.id === 'js-loop');
  out.push({
    id: 'loop',
    goal: 'parallelSum ≥ 4x the plain JS loop on 64M shared doubles',
    ...(ps === undefined || loop === undefined ? { met: null, detail: noHead }
      : { met: /** @type {number} */ (ps.vsLoop) >= 4, detail: `${ratio(ps.vsLoop)} (${ps.gbps.toPrecision(3)} vs ${loop.gbps.toPrecision(3)} GB/s)` }),
  });

  /** @type {string[]} */
  const misses = [];
  /** @type {{ x: number, entry: ThroughputCase, best: CaseRow } | undefined} */
  let worst;
  for (const entry of results.throughput) {
    const caseR = caseRows(results, entry);
    const mine = caseR.find((r) => r.id === 'ps-shared');
    const best = bestSingle(caseR);
    if (mine === undefined || best === undefined) continue;
    const x = guard.ratio(`${entry.type} x ${count(entry.n)}: parallelSum vs ${best.id}`, mine, best);
    if (worst === undefined || x < worst.x) worst = { x, entry, best };
    if (x < 0.9) {
      // The package's own kernel is the strictest yardstick, but no user can call it: say how the
      // call compares with the best a user could reach for instead, too.
      const other = best.group === 'package' ? bestSingle(caseR.filter((r) => r.group !== 'package')) : undefined;
      misses.push(`${entry.type} ${count(entry.n)}: ${ratio(x)} of ${best.label} `
        + `(${duration(mine.median)} vs ${duration(best.median)} per call)`
        + (other ? `; ${ratio(guard.ratio(`${entry.type} x ${count(entry.n)}: parallelSum vs ${other.id}`, mine, other))} of ${other.label}, the best outside the package` : ''));
    }
  }
  const sizes = [...new Set(results.throughput.map((e) => e.n))].sort((a, b) => a - b);
  out.push({
    id: 'single',
    goal: `parallelSum (shared memory) ≥ 0.9x the best single-threaded contender at every size${
      sizes.length > 0 ? ` (${sizes.map(count).join(', ')})` : ''}`,
    ...(worst === undefined ? { met: null, detail: 'not measured' }
      : { met: misses.length === 0, detail: misses.length === 0
        ? `lowest ${ratio(worst.x)} (${worst.entry.type} ${count(worst.entry.n)}, against ${worst.best.label})`
        : `missed at ${misses.length} of ${results.throughput.length} cases`, misses }),
  });

  // The package's best way in at each size: sumSync below the inline threshold (no promise to settle),
  // parallelSum above it (the workers). A caller who knows the size can pick it.
  /** @type {string[]} */
  const syncMisses = [];
  /** @type {{ x: number, entry: ThroughputCase, best: CaseRow, mine: CaseRow } | undefined} */
  let syncWorst;
  let syncCases = 0;
  for (const entry of results.throughput) {
    const caseR = caseRows(results, entry);
    const mine = caseR.filter((r) => r.id === 'ps-shared' || r.id === 'ps-sync')
      .reduce((/** @type {CaseRow | undefined} */ a, r) => (a === undefined || r.median < a.median ? r : a), undefined);
    const best = bestSingle(caseR);
    if (mine === undefined || best === undefined || !caseR.some((r) => r.id === 'ps-sync')) continue;
    syncCases++;
    const x = guard.ratio(`${entry.type} x ${count(entry.n)}: ${mine.id} vs ${best.id}`, mine, best);
    if (syncWorst === undefined || x < syncWorst.x) syncWorst = { x, entry, best, mine };
    if (x < 0.9) {
      syncMisses.push(`${entry.type} ${count(entry.n)}: ${ratio(x)} of ${best.label} (${mine.label}, `
        + `${duration(mine.median)} vs ${duration(best.median)} per call)`);
    }
  }
  out.push({
    id: 'single-best',
    goal: `the better of sumSync and parallelSum (shared memory) ≥ 0.9x the best single-threaded contender at every size`,
    ...(syncWorst === undefined ? { met: null, detail: 'not measured' }
      : { met: syncMisses.length === 0, detail: syncMisses.length === 0
        ? `lowest ${ratio(syncWorst.x)} (${syncWorst.entry.type} ${count(syncWorst.entry.n)}, ${syncWorst.mine.label} against ${syncWorst.best.label})`
        : `missed at ${syncMisses.length} of ${syncCases} cases`, misses: syncMisses }),
  });

  for (const path of results.latency?.abort?.paths ?? []) {
    out.push({
      id: `abort-${path.id}`,
      goal: `abort latency p99 < 5 ms (${path.id === 'ps-shared' ? 'sum on workers, shared input' : 'sum on the calling thread, plain input'})`,
      met: 'p99' in path ? path.p99 < 5 : null,
      detail: 'p99' in path ? `p99 ${duration(path.p99)}, p50 ${duration(path.median)} over ${path.count} aborts` : 'no abort landed mid-sum',
    });
  }
  return out;
}

/** @param {ThroughputCase} entry @param {string} id */
function skipReason(entry, id) {
  return entry.skipped.find((s) => s.id === id)?.reason ?? 'no figure';
}

/** "met", "MISSED" or "not measured", for text output. @param {Target} t */
export const verdict = (t) => (t.met === true ? 'met' : t.met === false ? 'MISSED' : 'not measured');

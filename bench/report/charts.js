// The suite's charts, drawn from a results JSON: throughput against size for each element type
// (log-log, one line per contender, the native memory-read probe dashed as the limit), and throughput
// against thread count on the headline input.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byId } from './derive.js';
import { count, gbps } from './format.js';
import { kPalette, lineChart } from './svg.js';

/** @typedef {import('../types.js').Results} Results */

/** @param {number} y */
const gb = (y) => (y >= 1 ? String(+y.toPrecision(3)) : String(+y.toPrecision(2)));

/**
 * Writes the charts into `dir` as <name>-throughput-<type>.svg and <name>-scaling.svg; returns their file names.
 * @param {Results} results
 * @param {string} dir
 * @returns {string[]}
 */
export function writeCharts(results, dir) {
  const meta = byId(results);
  // One colour per contender in every chart, whichever contenders a chart has.
  /** @param {string} id */
  const colour = (id) => (meta.get(id)?.reference ? '#555555'
    : kPalette[results.contenders.findIndex((c) => c.id === id) % kPalette.length]);
  const files = [];
  const machine = `${results.machine.cpu}, ${results.machine.availableParallelism} threads, Node ${results.machine.node}`;
  for (const type of [...new Set(results.throughput.map((e) => e.type))]) {
    const cases = results.throughput.filter((e) => e.type === type);
    const ids = [...new Set(cases.flatMap((e) => e.results.map((r) => r.id)))];
    // Contenders first, the limit last (drawn on top, listed at the end of the legend).
    ids.sort((a, b) => Number(meta.get(a)?.reference ?? false) - Number(meta.get(b)?.reference ?? false));
    const series = ids.map((id) => ({
      label: meta.get(id)?.label ?? id,
      dashed: meta.get(id)?.reference ?? false,
      color: colour(id),
      points: cases.flatMap((e) => e.results.filter((r) => r.id === id)
        .map((r) => /** @type {[number, number]} */ ([e.n, gbps(e.bytes, r.median)]))),
    }));
    const file = `${results.name}-throughput-${type}.svg`;
    writeFileSync(join(dir, file), lineChart({
      title: `Sum of ${type} arrays: throughput by size (median, higher is better)`,
      subtitle: `${machine}; ${results.date.slice(0, 10)}; dashed: native memory-read probe (the machine's limit)`,
      xLabel: 'elements (log scale)',
      yLabel: 'GB/s read (log scale)',
      xLog: true,
      yLog: true,
      xFormat: count,
      yFormat: gb,
      series,
    }));
    files.push(file);
  }
  if (results.scaling !== undefined) {
    const s = results.scaling;
    const file = `${results.name}-scaling.svg`;
    writeFileSync(join(dir, file), lineChart({
      title: `Scaling: ${count(s.n)} doubles (${Math.round(s.bytes / 2 ** 20)} MiB) in shared memory`,
      subtitle: `${machine}; ${results.date.slice(0, 10)}; dashed: native memory-read probe`,
      xLabel: 'threads (maxWorkers, OpenMP threads)',
      yLabel: 'GB/s read',
      xIntegers: true,
      yFormat: gb,
      series: s.series.map((line) => ({
        label: line.label,
        dashed: line.id === 'probe',
        color: colour(line.id),
        points: line.points.map((p) => /** @type {[number, number]} */ ([p.workers, gbps(s.bytes, p.median)])),
      })),
    }));
    files.push(file);
  }
  return files;
}

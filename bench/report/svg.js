// A small line-chart drawer that writes SVG text: axes (linear or log), grid, one polyline with
// markers per series, dashed reference series, a legend on the right. No dependencies, so the suite
// draws its own charts anywhere it runs.

const kWidth = 860;
const kHeight = 460;
const kPlot = { left: 70, top: 48, right: 600, bottom: 390 };
// Tableau 10 (its grey swapped for near-black, so no line looks like the grey dashed limit): colours
// that stay apart from each other, also for most colour-blind readers.
export const kPalette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#1f1f1f'];

/** @type {Record<string, string>} */
const kEntities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** @param {unknown} s */
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => kEntities[c] ?? c);
/** @param {number} x */
const fixed = (x) => Math.round(x * 10) / 10;

/**
 * @typedef {{ lo: number, hi: number, step: number, at: (v: number) => number }} Scale
 */

/**
 * Maps data to pixels along one axis; log axes span whole decades (their `step` is unused, 0).
 * @param {number[]} values
 * @param {boolean} log
 * @param {number} from
 * @param {number} to
 * @param {boolean} zeroBased
 * @returns {Scale}
 */
function scale(values, log, from, to, zeroBased) {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (log) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
    if (lo === hi) hi = lo * 10;
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return { lo, hi, step: 0, at: (v) => from + ((Math.log10(v) - a) / (b - a)) * (to - from) };
  }
  if (zeroBased) lo = Math.min(0, lo);
  if (lo === hi) hi = lo + 1;
  const step = niceStep((hi - lo) / 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  return { lo, hi, step, at: (v) => from + ((v - lo) / (hi - lo)) * (to - from) };
}

/**
 * The smallest of 1, 2, 5 or 10 times a power of ten that is at least `raw`.
 * @param {number} raw
 */
function niceStep(raw) {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

// Tick values: every decade (and 2x, 5x while decades are few) on log axes, every step on linear ones.
/**
 * @param {Scale} s
 * @param {boolean} log
 * @param {boolean | undefined} integers
 */
function ticks(s, log, integers) {
  /** @type {number[]} */
  const out = [];
  if (log) {
    const decades = Math.round(Math.log10(s.hi / s.lo));
    for (let d = s.lo; d <= s.hi * 1.0001; d *= 10) {
      for (const m of decades <= 3 ? [1, 2, 5] : [1]) if (d * m <= s.hi * 1.0001) out.push(d * m);
    }
    return out;
  }
  // lo + i * step, rounded: adding step repeatedly drifts (1 + 5 * 0.2 is not 2).
  for (let i = 0; s.lo + i * s.step <= s.hi + s.step / 2; i++) {
    const v = +(s.lo + i * s.step).toPrecision(12);
    if (!integers || Number.isInteger(v)) out.push(v);
  }
  return out;
}

/**
 * @param {object} chart
 * @param {string} chart.title
 * @param {string} [chart.subtitle]
 * @param {string} chart.xLabel
 * @param {string} chart.yLabel
 * @param {boolean} [chart.xLog]
 * @param {boolean} [chart.yLog]
 * @param {boolean} [chart.xIntegers]  linear x axis with whole-number ticks only
 * @param {(x: number) => string} [chart.xFormat]
 * @param {(y: number) => string} [chart.yFormat]
 * @param {{ label: string, points: [number, number][], dashed?: boolean, color?: string }[]} chart.series
 *   (without a colour, solid lines take the palette in turn and dashed ones grey)
 * @returns {string} an SVG document
 */
export function lineChart(chart) {
  const { xLog = false, yLog = false, xFormat = String, yFormat = String } = chart;
  const series = chart.series.filter((s) => s.points.length > 0);
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => !yLog || y > 0);
  const sx = scale(xs, xLog, kPlot.left, kPlot.right, false);
  const sy = scale(ys, yLog, kPlot.bottom, kPlot.top, true);
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${kWidth}" height="${kHeight}" viewBox="0 0 ${kWidth} ${kHeight}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${kWidth}" height="${kHeight}" fill="#ffffff"/>`);
  out.push(`<text x="${kPlot.left}" y="22" font-size="15" font-weight="600">${escape(chart.title)}</text>`);
  if (chart.subtitle) out.push(`<text x="${kPlot.left}" y="38" fill="#555">${escape(chart.subtitle)}</text>`);

  for (const v of ticks(sx, xLog, chart.xIntegers)) {
    const x = fixed(sx.at(v));
    out.push(`<line x1="${x}" y1="${kPlot.top}" x2="${x}" y2="${kPlot.bottom}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${x}" y="${kPlot.bottom + 16}" text-anchor="middle" fill="#333">${escape(xFormat(v))}</text>`);
  }
  for (const v of ticks(sy, yLog, false)) {
    const y = fixed(sy.at(v));
    out.push(`<line x1="${kPlot.left}" y1="${y}" x2="${kPlot.right}" y2="${y}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${kPlot.left - 6}" y="${y + 4}" text-anchor="end" fill="#333">${escape(yFormat(v))}</text>`);
  }
  out.push(`<rect x="${kPlot.left}" y="${kPlot.top}" width="${kPlot.right - kPlot.left}" height="${kPlot.bottom - kPlot.top}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${(kPlot.left + kPlot.right) / 2}" y="${kPlot.bottom + 36}" text-anchor="middle" fill="#333">${escape(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${(kPlot.top + kPlot.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="#333">${escape(chart.yLabel)}</text>`);

  let colour = 0;
  series.forEach((s, i) => {
    const stroke = s.color ?? (s.dashed ? '#555555' : kPalette[colour++ % kPalette.length]);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const points = s.points.filter(([, y]) => !yLog || y > 0).map(([x, y]) => `${fixed(sx.at(x))},${fixed(sy.at(y))}`);
    out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${stroke}" stroke-width="2"${dash}/>`);
    if (!s.dashed) for (const p of points) out.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${stroke}"/>`);
    const ly = kPlot.top + 8 + i * 20;
    out.push(`<line x1="${kPlot.right + 18}" y1="${ly}" x2="${kPlot.right + 44}" y2="${ly}" stroke="${stroke}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${kPlot.right + 50}" y="${ly + 4}" fill="#222">${escape(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

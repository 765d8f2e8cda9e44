// Number formatting shared by the console tables, the docs and the charts. `undefined` is "nothing
// to show" and prints as "—"; NaN, an infinity or a negative duration is a bug upstream and throws
// (guard.js) rather than print.
import { cost, finite } from './guard.js';

/**
 * A duration given in ms, in the unit that reads best: "850 ns", "12.3 µs", "4.56 ms", "1.20 s"; "—"
 * for none.
 * @param {number | undefined} ms
 */
export function duration(ms) {
  if (ms === undefined) return '—';
  cost('a duration', ms);
  if (ms < 1e-3) return `${(ms * 1e6).toPrecision(3)} ns`;
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/**
 * Bytes as "64 KiB", "8 MiB", "488 MiB".
 * @param {number} n
 */
export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 2 ** 20) return `${+(n / 1024).toPrecision(3)} KiB`;
  if (n < 2 ** 30) return `${+(n / 2 ** 20).toPrecision(3)} MiB`;
  return `${+(n / 2 ** 30).toPrecision(3)} GiB`;
}

/**
 * An element count as the suite names sizes: 1000 -> "1e3", 64000000 -> "6.4e7".
 * @param {number} n
 */
export function count(n) {
  const exponent = Math.floor(Math.log10(n));
  const mantissa = +(n / 10 ** exponent).toPrecision(3);
  return mantissa === 1 ? `1e${exponent}` : `${mantissa}e${exponent}`;
}

/**
 * GB/s (10^9 bytes per second) from bytes and ms.
 * @param {number} size
 * @param {number} ms
 */
export const gbps = (size, ms) => size / ms / 1e6;
/**
 * A rate to 3 significant digits, or "—" for none.
 * @param {number | undefined} x
 */
export const rate = (x) => (x === undefined ? '—' : finite('a rate', x).toPrecision(3));

/**
 * A ratio as "4.12x", or "—" when there is nothing to compare with.
 * @param {number | undefined} x
 */
export const ratio = (x) => (x === undefined ? '—' : `${finite('a ratio', x).toPrecision(3)}x`);

/**
 * Half the interquartile range, relative to the median: the "±" after a median.
 * @param {Pick<import('../types.js').Stats, 'p25' | 'p75' | 'median'>} s
 */
export const spread = (s) => `±${((100 * (s.p75 - s.p25)) / 2 / s.median).toFixed(1)}%`;

/**
 * A plain-text table with aligned columns (the first left-aligned, the rest right-aligned).
 * @param {string[]} header
 * @param {unknown[][]} rows
 */
export function textTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  /** @param {unknown[]} cells */
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i] ?? 0) : String(c).padStart(widths[i] ?? 0)))
    .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * A Markdown table (first column left-aligned, the rest right-aligned).
 * @param {string[]} header
 * @param {unknown[][]} rows
 */
export function markdownTable(header, rows) {
  /** @param {unknown} c */
  const escape = (c) => String(c).replaceAll('|', '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}

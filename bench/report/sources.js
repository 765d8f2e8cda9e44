// The performance page's section on data from outside: sumFile and sumStream against read loops
// (bench/results/stream.json, from bench/stream.js) and the command line against awk
// (bench/results/cli.json, from bench/cli.js). Every figure passes the guards first.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable } from './format.js';
import { finite, throughput, time } from './guard.js';

/** @typedef {import('../types.js').StreamResults} StreamResults */
/**
 * bench/results/cli.json's rows, as bench/cli.js writes them.
 * @typedef {{ command: string, seconds: number, samples: number[], cpuSeconds: number, peakRssMiB: number,
 *   speedupVsAwk: number, printed: string, ulpsOff: number, correctlyRounded: boolean }} CliRow
 * @typedef {{ date: string, command: string, input: { bytes: number, lines: number, awk: string },
 *   machine: { loadAverage?: number[] }, rows: CliRow[] }} CliResults
 */

/**
 * The section's lines, from whichever of the two files exist under `dir` (none: no section).
 * @param {string} dir  bench/results
 * @returns {string[]}
 */
export function sourcesSection(dir) {
  const out = [];
  const streamFile = join(dir, 'stream.json');
  const cliFile = join(dir, 'cli.json');
  if (existsSync(streamFile)) out.push(...streams(/** @type {StreamResults} */ (JSON.parse(readFileSync(streamFile, 'utf8')))));
  if (existsSync(cliFile)) out.push(...cli(/** @type {CliResults} */ (JSON.parse(readFileSync(cliFile, 'utf8')))));
  return out.length === 0 ? [] : ['## Files, streams and the command line', '', ...out];
}

/** @param {StreamResults} r */
function streams(r) {
  const t = r.throughput;
  if (t === undefined) return [];
  const file = t.rows.find((row) => row.id === 'sumFile');
  const sumFileMs = time('stream: sumFile median ms', file?.ms);
  const rows = t.rows.map((row) => {
    const ms = time(`stream: ${row.label} median ms`, row.ms);
    const gibps = throughput(`stream: ${row.label} GB/s`, row.gibps * 2 ** 30 / 1e9) / (2 ** 30 / 1e9);
    return [`\`${row.label}\``, ms.toFixed(1), gibps.toFixed(2), (sumFileMs / ms).toFixed(2), row.cpuMs.toFixed(0)];
  });
  const out = [`A ${(t.bytes / 2 ** 30).toFixed(2)} GiB file of doubles in the page cache, read whole by each contender `
    + `(\`${r.command}\`, ${r.date.slice(0, 10)}; every result checked first). Ratios are to \`sumFile\`'s time.`, '',
  markdownTable(['contender', 'median ms', 'GiB/s', 'x sumFile', 'CPU ms'], rows), ''];
  if (r.rss !== undefined && r.rss.length > 0) {
    out.push('Peak RSS a `sumFile` call adds, in a fresh process per size: '
      + r.rss.map((x) => `${(x.bytes / 2 ** 20).toFixed(0)} MiB file: ${(finite('stream: RSS growth', x.sumFile.growthBytes) / 2 ** 20).toFixed(1)} MiB`).join('; ')
      + ` (\`fs.readFile\` of the same: ${r.rss.map((x) => `${(x.control.growthBytes / 2 ** 20).toFixed(0)} MiB`).join(', ')}).`, '');
  }
  for (const v of r.verdicts ?? []) out.push(`- ${v.target}: ${finite(`stream: ${v.target}`, v.ratio).toFixed(2)} (${v.met ? 'met' : '**missed**'})`);
  return [...out, ''];
}

/** @param {CliResults} r */
function cli(r) {
  const rows = r.rows.map((row) => [`\`${row.command}\``, time(`cli: ${row.command} s`, row.seconds * 1000).toFixed(0),
    time(`cli: ${row.command} CPU s`, row.cpuSeconds * 1000).toFixed(0), String(row.peakRssMiB),
    finite(`cli: ${row.command} speed-up`, row.speedupVsAwk).toFixed(2), row.correctlyRounded ? 'correctly rounded' : `${row.ulpsOff} ulps off`]);
  return [`\`parallel-sum --text\` against ${r.input.awk} on ${(r.input.bytes / 2 ** 30).toFixed(2)} GiB of decimal text `
    + `(${r.input.lines.toLocaleString('en-US')} numbers; \`${r.command}\`, ${r.date.slice(0, 10)}, load average `
    + `${(r.machine.loadAverage ?? []).map((x) => x.toFixed(1)).join(' ')}): whole commands in interleaved rounds, medians. `
    + 'On a shared machine the CPU time is the steadier figure.', '',
  markdownTable(['command', 'wall ms', 'CPU ms', 'peak MiB', 'x awk', 'result'], rows), ''];
}

// `npm run bench:report`: redraws the charts, rewrites docs/performance.md and the README's short
// Performance section from the latest results JSON (by its date), or from bench/results/<name>.json
// with `--from <name>`. Nothing is measured; the figures are the JSON's, each checked first
// (report/check.js): an impossible one stops the report before anything is written.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCharts } from './report/charts.js';
import { checkResults } from './report/check.js';
import { printTargets } from './report/console.js';
import { kPage, writeDocs } from './report/docs.js';

/** @typedef {import('./types.js').Results} Results */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'bench', 'results');
const { values: args } = parseArgs({ options: { from: { type: 'string' } } });

const candidates = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((f) => /** @type {Partial<Results>} */ (JSON.parse(readFileSync(join(dir, f), 'utf8'))))
  // The engine suite's runs only (full, quick): stream.json and the others are read by their sections.
  .filter((r) => r.schema === 1 && (r.profile === 'full' || r.profile === 'quick') && (args.from === undefined || r.name === args.from));
if (candidates.length === 0) {
  throw new Error(args.from ? `no bench/results/${args.from}.json` : 'no results in bench/results: run `npm run bench` first');
}
const results = /** @type {Results} */ (candidates.reduce((a, b) => (String(a.date) > String(b.date) ? a : b)));
// Before the charts too: a chart of an impossible figure is as wrong as a table of one.
checkResults(results);
const charts = writeCharts(results, dir);
writeDocs(root, results, charts);
printTargets(results);
console.log(`\nrewrote ${kPage} and the Performance section of README.md from bench/results/${results.name}.json (${results.date})`);
if (results.profile !== 'full') console.log(`note: a ${results.profile} run (git-ignored); publish a full one`);

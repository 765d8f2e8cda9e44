// `npm run bench:report`: redraws the charts and rewrites the README's Performance section from the
// latest results JSON (by its date), or from bench/results/<name>.json with `--from <name>`.
// Nothing is measured; the figures are the JSON's.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCharts } from './report/charts.js';
import { printTargets } from './report/console.js';
import { section, writeSection } from './report/readme.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'bench', 'results');
const { values: args } = parseArgs({ options: { from: { type: 'string' } } });

const candidates = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
  .filter((r) => r.schema === 1 && (args.from === undefined || r.name === args.from));
if (candidates.length === 0) {
  throw new Error(args.from ? `no bench/results/${args.from}.json` : 'no results in bench/results: run `npm run bench` first');
}
const results = candidates.reduce((a, b) => (a.date > b.date ? a : b));
const charts = writeCharts(results, dir);
writeSection(join(root, 'README.md'), section(results, charts));
printTargets(results);
console.log(`\nrewrote the Performance section of README.md from bench/results/${results.name}.json (${results.date})`);
if (results.profile !== 'full') console.log(`note: a ${results.profile} run (git-ignored); publish a full one`);

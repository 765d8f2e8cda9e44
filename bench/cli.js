// The command line against awk: `parallel-sum --text --exact` and `awk '{s+=$1} END {print s}'` on one
// generated file of decimal numbers (1 GiB; `--quick`: 64 MiB), whole commands timed in interleaved
// rounds in one run, with ratios; then how far each printed sum is from the correctly rounded one
// (Python's math.fsum over float(), both correctly rounded, as an independent reference), and the CPU
// time and peak memory each command took (GNU time, where there is one).
//
//   npm run build && node bench/cli.js [--quick] [--rounds N]
//
// The data goes to the temp dir (never the repo) and is kept for the next run. Results:
// bench/results/cli.json (full) or bench/results/quick-cli.json (git-ignored).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine } from './machine.js';

const { values: flags } = parseArgs({ options: { quick: { type: 'boolean' }, rounds: { type: 'string' } } });
const quick = flags.quick === true;
const bytes = quick ? 64 << 20 : 1 << 30;
const rounds = Number(flags.rounds ?? 3);
const bin = fileURLToPath(new URL('../bin/parallel-sum.js', import.meta.url));
const awk = ['mawk', 'gawk', 'awk'].find((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0);
if (awk === undefined) throw new Error('bench/cli.js needs awk (mawk or gawk)');

/** Mulberry32: the same file from the same seed on every machine. @param {number} seed */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * About `size` bytes of lines holding one decimal number each, as data exports write them: mostly
 * 2 to 6 decimals on magnitudes from 1e-3 to 1e6, some in exponent form, some integers.
 */
/** @param {string} path @param {number} size @returns {Promise<number>} the lines written */
async function generate(path, size) {
  const next = random(20261207);
  const out = createWriteStream(path);
  let written = 0, lines = 0;
  while (written < size) {
    const parts = [];
    for (let i = 0; i < 10_000; i++) {
      const x = (next() - 0.5) * 10 ** Math.floor(next() * 10 - 3);
      const form = next();
      parts.push(form < 0.8 ? x.toFixed(2 + Math.floor(next() * 5)) : form < 0.9 ? x.toExponential(Math.floor(next() * 9)) : String(Math.round(x)));
    }
    const block = `${parts.join('\n')}\n`;
    lines += parts.length;
    written += block.length;
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', () => resolve(undefined)));
  }
  await new Promise((resolve, reject) => out.end(() => resolve(undefined)).once('error', reject));
  return lines;
}

// GNU time, where there is one, reports the CPU time of each command (user + system, all threads),
// which on a shared machine says more than the wall time, and its peak resident memory.
const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0;
const cpuFile = join(tmpdir(), `parallel-sum-cli-bench-cpu-${process.pid}`);

/**
 * Runs a command to its end: wall time and CPU time (or undefined) in seconds, and its stdout.
 * @param {string} command @param {string[]} args
 * @returns {Promise<{ seconds: number, cpu: number | undefined, rss: number | undefined, stdout: string }>}
 */
function time(command, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const [file, argv] = gnuTime ? ['/usr/bin/time', ['-o', cpuFile, '-f', '%U %S %M', command, ...args]] : [command, args];
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
      const [user = NaN, system = NaN, rssKiB = NaN] = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number) : [];
      resolve({ seconds, cpu: gnuTime ? user + system : undefined, rss: gnuTime ? rssKiB * 1024 : undefined, stdout: stdout.trim() });
    });
  });
}

const median = (/** @type {number[]} */ xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Units in the last place of `reference` between `value` and it. @param {number} value @param {number} reference */
function ulps(value, reference) {
  if (value === reference) return 0;
  const exponent = Math.floor(Math.log2(Math.abs(reference)));
  return Math.abs(value - reference) / 2 ** (Math.max(exponent, -1022) - 52);
}

const dir = join(tmpdir(), 'parallel-sum-cli-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `numbers-${bytes}.txt`);
const meta = `${file}.json`;
if (!existsSync(meta) || !existsSync(file) || statSync(file).size !== JSON.parse(readFileSync(meta, 'utf8')).size) {
  console.log(`generating ${file} …`);
  const lines = await generate(file, bytes);
  console.log('the reference sum (python3 math.fsum) …');
  const py = spawnSync('python3', ['-c', 'import math,sys\nwith open(sys.argv[1]) as f: print(repr(math.fsum(float(l) for l in f)))', file], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
  writeFileSync(meta, JSON.stringify({ size: statSync(file).size, lines, reference: py.stdout.trim() }));
}
const data = JSON.parse(readFileSync(meta, 'utf8'));
const reference = Number(data.reference);
console.log(`${file}: ${(data.size / 2 ** 20).toFixed(0)} MiB, ${data.lines} lines; exact sum ${data.reference}`);

/** @typedef {{ name: string, command: string, args: string[], output: string, samples: number[], cpu: number[], rss: number[] }} Contender */
/** @type {Contender[]} */
const contenders = [
  { name: 'parallel-sum --text --exact', command: process.execPath, args: [bin, file, '--text', '--exact'], output: '', samples: [], cpu: [], rss: [] },
  { name: 'parallel-sum --text', command: process.execPath, args: [bin, file, '--text'], output: '', samples: [], cpu: [], rss: [] },
  { name: `${awk} '{s+=$1} END {print s}'`, command: awk, args: ['{s+=$1} END {print s}', file], output: '', samples: [], cpu: [], rss: [] },
  { name: `${awk} '{s+=$1} END {printf "%.17g\\n", s}'`, command: awk, args: ['{s+=$1} END {printf "%.17g\\n", s}', file], output: '', samples: [], cpu: [], rss: [] },
];
// Warm the page cache (and check each output) before timing.
for (const c of contenders) c.output = (await time(c.command, c.args)).stdout;
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < contenders.length; k++) {
    const c = /** @type {Contender} */ (contenders[(k + round) % contenders.length]);
    const { seconds, cpu, rss, stdout } = await time(c.command, c.args);
    if (stdout !== c.output) throw new Error(`${c.name} printed ${stdout}, then ${c.output}`);
    c.samples.push(seconds);
    if (cpu !== undefined) c.cpu.push(cpu);
    if (rss !== undefined) c.rss.push(rss);
  }
}
const awkPrint = /** @type {Contender} */ (contenders[2]);
const rows = contenders.map((c) => {
  const seconds = median(c.samples);
  const value = Number(c.output);
  return {
    command: c.name,
    seconds: Math.round(seconds * 1000) / 1000,
    min: Math.round(Math.min(...c.samples) * 1000) / 1000,
    samples: c.samples.map((x) => Math.round(x * 1000) / 1000),
    cpuSeconds: c.cpu.length > 0 ? Math.round(median(c.cpu) * 100) / 100 : undefined,
    peakRssMiB: c.rss.length > 0 ? Math.round(Math.max(...c.rss) / 2 ** 20) : undefined,
    mbPerSecond: Math.round(data.size / 1e6 / seconds),
    speedupVsAwk: Math.round((median(awkPrint.samples) / seconds) * 100) / 100,
    printed: c.output,
    ulpsOff: ulps(value, reference),
    correctlyRounded: Object.is(value, reference),
  };
});
rmSync(cpuFile, { force: true });
console.table(rows.map(({ printed, samples, ...row }) => row));
const result = {
  command: `node bench/cli.js${quick ? ' --quick' : ''}${flags.rounds ? ` --rounds ${rounds}` : ''}`,
  date: new Date().toISOString(),
  machine: machine(),
  input: { bytes: data.size, lines: data.lines, reference: data.reference, awk },
  rounds,
  rows,
};
const target = fileURLToPath(new URL(`./results/${quick ? 'quick-cli' : 'cli'}.json`, import.meta.url));
writeFileSync(target, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${target}`);

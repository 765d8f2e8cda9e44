// Exact mode's benchmark (issue 5): 2^24 doubles in the engine's shared memory, summed with 2 workers
// by precision: 'exact' and by the fast mode, and by core-js's Math.sumPrecise on the same array, all
// in one run. Prints the medians, GB/s and the ratios, and writes bench/results/exact.json.
//
//   node bench/exact.js            about half a minute
//   node bench/exact.js --quick    a few seconds (fewer samples; core-js once), to quick-exact.json
//
// The main suite (bench/run.js) calls benchExact({ quick }) and gets the same figures back, with
// `rows` and `notes` for its table in docs/performance.md.
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { completed } from './timing.js';
import { ParallelSum } from 'parallel-sum';

const kLength = 2 ** 24;
const kWorkers = 2;
// Quick runs are for checking the benchmark, not for publishing: bench/results/quick* is git-ignored.
/** @param {boolean} quick */
const resultsFile = (quick) => new URL(`./results/${quick ? 'quick-exact' : 'exact'}.json`, import.meta.url);

/** Issue 5's targets for 2^24 doubles with 2 workers. */
export const targets = { exactGBps: 5, overSumPrecise: 50, timeVsFast: 4 };

/**
 * xorshift32: a seeded PRNG, so every run sums the same numbers. Floats in [0, 1).
 * @param {number} seed
 */
function rng(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * Both signs, magnitudes from 1e-3 to 1e3: ordinary data, where exact mode takes its SIMD path.
 * @param {Float64Array} xs
 * @param {number} seed
 */
function fillMixed(xs, seed) {
  const next = rng(seed);
  for (let i = 0; i < xs.length; i++) xs[i] = (next() - 0.5) * 10 ** Math.floor(next() * 7 - 3);
}

/**
 * Any finite double, every exponent equally likely: the worst case, input-by-input for most blocks.
 * @param {Float64Array} xs
 * @param {number} seed
 */
function fillAnyFinite(xs, seed) {
  const next = rng(seed);
  const words = new Uint32Array(xs.buffer, xs.byteOffset, 2 * xs.length); // little-endian: low word first
  for (let i = 0; i < xs.length; i++) {
    const sign = next() < 0.5 ? 0x8000_0000 : 0;
    const exponent = Math.floor(next() * 2047);        // 0 (subnormal) to 2046 (the largest finite)
    words[2 * i] = Math.floor(next() * 2 ** 32);
    words[2 * i + 1] = (sign | (exponent << 20) | Math.floor(next() * 2 ** 20)) >>> 0;
  }
}

/**
 * Compensated (Kahan) summation, the usual JavaScript way to a better but still inexact sum.
 * @param {Float64Array} xs
 */
function kahan(xs) {
  let sum = 0, carry = 0;
  for (let i = 0; i < xs.length; i++) {
    const y = xs[i] - carry;
    const t = sum + y;
    carry = (t - sum) - y;
    sum = t;
  }
  return sum;
}

/**
 * The median time of a finished task, its GB/s and its sample count.
 * @param {Bench} bench
 * @param {string} name
 * @param {number} bytes
 * @returns {import('./types.js').ExactFigure}
 */
const figure = (bench, name, bytes) => {
  const latency = completed(bench, name);
  const ms = latency.p50;
  return { ms: round(ms, 3), gbps: round(bytes / ms / 1e6, 2), samples: latency.samplesCount };
};
/** @param {number} x @param {number} digits */
const round = (x, digits) => Number(x.toFixed(digits));

/**
 * Runs the benchmark and returns its figures (times are medians in ms). Writes
 * bench/results/exact.json unless `write` is false.
 * @param {{ quick?: boolean, write?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<import('./types.js').ExactReport>}
 */
export async function benchExact({ quick = false, write = true, log = console.log } = {}) {
  // core-js's polyfill replaces any native Math.sumPrecise (it is forced), so this measures core-js.
  await import('core-js/actual/math/sum-precise.js');
  const sumPrecise = Math.sumPrecise;
  if (typeof sumPrecise !== 'function') throw new Error('core-js did not install Math.sumPrecise');
  const bytes = kLength * 8;
  const engine = new ParallelSum({ maxWorkers: kWorkers });
  try {
    const xs = engine.alloc(Float64Array, kLength);
    const wide = engine.alloc(Float64Array, kLength);
    fillMixed(xs, 1);
    fillAnyFinite(wide, 2);
    const plain = xs.slice();   // the same values outside the engine's memory: the calling thread's path

    /** @type {import('parallel-sum').SumOptions} */
    const exact = { precision: 'exact', maxWorkers: kWorkers };
    // The worst case is checked against core-js on its first 2^20 values (all of them would take long);
    // the main array below, on all of them, with the values the timed core-js calls return.
    const prefix = wide.subarray(0, 2 ** 20);
    const [gotPrefix, wantPrefix] = [await engine.sum(prefix, exact), sumPrecise(prefix)];
    if (!Object.is(gotPrefix, wantPrefix)) throw new Error(`exact mode gave ${gotPrefix}, Math.sumPrecise ${wantPrefix}`);
    let oracle;

    const bench = new Bench({
      time: quick ? 400 : 3000, iterations: quick ? 8 : 30, warmupTime: quick ? 100 : 500, warmupIterations: 5,
    });
    bench
      .add('exact', () => engine.sum(xs, exact))
      .add('fast', () => engine.sum(xs, { maxWorkers: kWorkers }))
      .add('exact, any finite double', () => engine.sum(wide, exact))
      .add('exact, ordinary Float64Array', () => engine.sum(plain, exact))
      .add('exact, 1 worker', () => engine.sum(xs, { ...exact, maxWorkers: 1 }))
      .add('JavaScript Kahan loop', () => kahan(plain));
    // core-js takes seconds per call: a few calls are enough.
    const slow = new Bench({ time: 0, iterations: quick ? 1 : 3, warmupTime: 0, warmupIterations: quick ? 0 : 1 });
    slow.add('core-js Math.sumPrecise', () => { oracle = sumPrecise(xs); });
    await bench.run();
    await slow.run();
    const got = await engine.sum(xs, exact);
    const gotPlain = await engine.sum(plain, exact);
    if (!Object.is(got, oracle) || !Object.is(gotPlain, oracle)) {
      throw new Error(`exact mode gave ${got} (${gotPlain} on the calling thread), Math.sumPrecise ${oracle}`);
    }

    const results = {
      exact: figure(bench, 'exact', bytes),
      fast: figure(bench, 'fast', bytes),
      exactAnyFinite: figure(bench, 'exact, any finite double', bytes),
      exactCallingThread: figure(bench, 'exact, ordinary Float64Array', bytes),
      exactOneWorker: figure(bench, 'exact, 1 worker', bytes),
      kahan: figure(bench, 'JavaScript Kahan loop', bytes),
      sumPrecise: figure(slow, 'core-js Math.sumPrecise', bytes),
    };
    const ratios = {
      exactOverSumPrecise: round(results.sumPrecise.ms / results.exact.ms, 1),
      exactTimeVsFast: round(results.exact.ms / results.fast.ms, 2),
    };
    const met = {
      exactGBps: results.exact.gbps >= targets.exactGBps,
      overSumPrecise: ratios.exactOverSumPrecise >= targets.overSumPrecise,
      timeVsFast: ratios.exactTimeVsFast <= targets.timeVsFast,
    };
    /** @type {[string, import('./types.js').ExactFigure, string][]} */
    const table = [
      ['precision: exact', results.exact, `${ratios.exactTimeVsFast}x the fast mode's time`],
      ['precision: fast', results.fast, ''],
      ['exact, 1 worker', results.exactOneWorker, ''],
      ['exact, doubles of every exponent (worst case)', results.exactAnyFinite, ''],
      ['exact, an ordinary Float64Array (calling thread)', results.exactCallingThread, ''],
      ['JavaScript Kahan loop (inexact)', results.kahan, ''],
      ['core-js Math.sumPrecise', results.sumPrecise, `exact is ${ratios.exactOverSumPrecise}x faster`],
    ];
    const rows = table.map(([sum, { ms, gbps }, note]) => ({ sum, 'median ms': ms, 'GB/s': gbps, note }));
    /** @param {boolean} ok */
    const verdict = (ok) => (ok ? 'met' : 'MISSED');
    const notes = [`2^24 doubles in the engine's memory, ${kWorkers} workers (the calling thread for the ordinary `
      + `array). Targets: at least ${targets.exactGBps} GB/s (${verdict(met.exactGBps)}), at least `
      + `${targets.overSumPrecise}x core-js (${verdict(met.overSumPrecise)}), at most ${targets.timeVsFast}x the fast `
      + `mode's time (${verdict(met.timeVsFast)}).`];
    const report = {
      benchmark: /** @type {const} */ ('exact'),
      command: `node bench/exact.js${quick ? ' --quick' : ''}`,
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, logicalCpus: availableParallelism(), node: process.version },
      input: { doubles: kLength, bytes, where: 'engine shared memory', workers: kWorkers },
      rows, notes, results, ratios, targets, met,
    };

    log(`exact mode, ${kLength} doubles (${bytes / 2 ** 20} MiB) in shared memory, ${kWorkers} workers`);
    log(`  ${'precision: exact'.padEnd(32)} ${fmt(results.exact)}`);
    log(`  ${'precision: fast'.padEnd(32)} ${fmt(results.fast)}`);
    log(`  ${'exact, any finite double'.padEnd(32)} ${fmt(results.exactAnyFinite)}`);
    log(`  ${'exact, ordinary Float64Array'.padEnd(32)} ${fmt(results.exactCallingThread)}`);
    log(`  ${'exact, 1 worker'.padEnd(32)} ${fmt(results.exactOneWorker)}`);
    log(`  ${'JavaScript Kahan loop'.padEnd(32)} ${fmt(results.kahan)}`);
    log(`  ${'core-js Math.sumPrecise'.padEnd(32)} ${fmt(results.sumPrecise)}`);
    log(`  exact is ${ratios.exactOverSumPrecise}x core-js (target >= ${targets.overSumPrecise}x),`
      + ` takes ${ratios.exactTimeVsFast}x the fast mode's time (target <= ${targets.timeVsFast}x),`
      + ` runs at ${results.exact.gbps} GB/s (target >= ${targets.exactGBps})`);
    if (write) {
      const file = resultsFile(quick);
      await mkdir(new URL('.', file), { recursive: true });
      await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
      log(`  written to ${fileURLToPath(file)}`);
    }
    return report;
  } finally {
    await engine.close();
  }
}

/** @param {import('./types.js').ExactFigure} figure */
function fmt({ ms, gbps }) {
  return `${ms.toFixed(2).padStart(9)} ms  ${gbps.toFixed(2).padStart(7)} GB/s`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchExact({ quick: process.argv.includes('--quick') });
}

// A/B of two builds of the package in one process: the same calls on each, interleaved round by round
// (the order flips every round), median nanoseconds per call and the ratio after/before, and whether
// the two gave the same bits. For checking
// that a change kept the speed: build the old commit in a worktree, then
//   node bench/ab.js <old checkout>/dist/index.js dist/index.js [rounds]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [beforePath, afterPath, roundsArg] = process.argv.slice(2);
if (beforePath === undefined || afterPath === undefined) {
  console.error('usage: node bench/ab.js <before>/dist/index.js <after>/dist/index.js [rounds]');
  process.exit(1);
}
/** @typedef {import('parallel-sum').ParallelSum} Engine */
/** @type {Array<{ ParallelSum: new (options?: { maxWorkers?: number }) => Engine }>} */
const builds = await Promise.all([beforePath, afterPath].map((p) => import(pathToFileURL(resolve(p)).href)));
const engines = builds.map((m) => new m.ParallelSum({ maxWorkers: 2 }));
for (const e of engines) await e.ready({ workers: 2 });

/**
 * The calls compared, on engine `e`: every path from a small sumSync to a sum on workers.
 * @param {Engine} e
 * @returns {Record<string, () => unknown>}
 */
function cases(e) {
  const a1k = e.alloc(Float64Array, 1000).fill(0.1);
  const a100k = e.alloc(Float64Array, 100_000).fill(0.1);
  const big = e.alloc(Float64Array, 8_000_000).fill(0.1);
  const t10k = new Float64Array(10_000).fill(0.1);
  const arr100k = Array.from({ length: 100_000 }, () => 0.1);
  const i1m = new Int32Array(1_000_000).fill(3);
  const x1m = new Float64Array(1_000_000).fill(0.1);
  const w100k = e.alloc(BigInt64Array, 100_000).fill(3n);
  return {
    'sumSync alloc f64 1e3': () => e.sumSync(a1k),
    'sum alloc f64 1e3': () => e.sum(a1k),
    'sum alloc f64 1e5 (4 chunks)': () => e.sum(a100k),
    'sum typed f64 1e4': () => e.sum(t10k),
    'sum number[] 1e5': () => e.sum(arr100k),
    'sum i32 1e6 (copied)': () => e.sum(i1m),
    'sum bigint64 alloc 1e5': () => e.sum(w100k),
    'sum exact f64 1e6': () => e.sum(x1m, { precision: 'exact' }),
    'sum alloc f64 8e6 (workers)': () => e.sum(big),
  };
}

const sides = engines.map(cases);
const names = Object.keys(sides[0] ?? {});
const rounds = Number(roundsArg ?? 7);
/** @type {Record<string, [number[], number[]]>} */
const samples = Object.fromEntries(names.map((n) => [n, [[], []]]));
// Every result is compared before anything is timed, and a difference is printed beside the times
// (a change that moves the combine order on purpose changes the last bits of a multi-chunk float sum).
/** @type {Record<string, string>} */
const differs = {};
for (const n of names) {
  const [a, b] = await Promise.all(sides.map((c) => c[n]?.()));
  if (!Object.is(a, b)) differs[n] = `bits differ: ${String(a)} vs ${String(b)}`;
}
for (let r = 0; r < rounds; r++) {
  for (const n of names) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const side of order) {
      const f = sides[side]?.[n];
      if (f === undefined) throw new Error(`no case ${n}`);
      // Calls per sample: about 20 ms of them.
      const t0 = performance.now();
      await f();
      const one = performance.now() - t0;
      const reps = Math.max(1, Math.min(20000, Math.round(20 / Math.max(one, 0.0005))));
      const s = performance.now();
      for (let i = 0; i < reps; i++) await f();
      samples[n]?.[side]?.push(((performance.now() - s) / reps) * 1e6);
    }
  }
}
/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s[s.length >> 1];
  if (m === undefined || !(m > 0)) throw new Error('no samples, or an impossible time');
  return m;
};
console.log(`node ${process.version}, ${rounds} interleaved rounds, median ns per call`);
console.log('case'.padEnd(32), 'before'.padStart(12), 'after'.padStart(12), 'ratio'.padStart(7));
for (const n of names) {
  const [a, b] = samples[n] ?? [[], []];
  const before = median(a);
  const after = median(b);
  console.log(n.padEnd(32), before.toFixed(0).padStart(12), after.toFixed(0).padStart(12), (after / before).toFixed(2).padStart(7),
    differs[n] ?? '');
}
for (const e of engines) await e.close();

// Files and streams (issue 11): sumFile and sumStream against merely reading the same file, side by
// side in one process, and the peak memory a sumFile adds, in a fresh child process per file size.
//
//   node bench/stream.js            a 2 GiB file (less one 4 KiB page: fs.readFile refuses 2 GiB),
//                                   RSS at 256 MiB and 2 GiB
//   node bench/stream.js --quick    a 256 MiB file, RSS at 64 MiB and 256 MiB: checks the suite
//   --name <name>                   results file, bench/results/<name>.json (default stream / quick-stream)
//
// The files are made in the temp folder (never the repository) and read once before timing, so every
// contender reads from the page cache: the figures are memory and system-call speeds, not a disk's.
// Every value is a multiple of 1/4 of magnitude at most 2^9, so every partial sum of up to 2^28 of them
// is exact in a double (under 2^39 quarters): every order of addition gives the exact sum, and every
// contender must return the very same number.
import { spawn } from 'node:child_process';
import { createReadStream, openSync, readSync, closeSync, statSync, writeSync, mkdirSync, writeFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine } from './machine.js';
import { collectGarbage, race, raced, summarize } from './timing.js';

/** @typedef {import('./types.js').StreamRow} StreamRow */
/** @typedef {import('./types.js').StreamRss} StreamRss */
/** @typedef {import('./types.js').StreamThroughput} StreamThroughput */
/** @typedef {import('./types.js').Verdict} Verdict */
/**
 * A contender: a sum, or a reader (returns the bytes read).
 * @typedef {{ id: string, label: string, reader?: boolean, call: () => Promise<number> | number }} Contender
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const kMiB = 2 ** 20;
const kPeriod = 4096; // the pattern repeats every 4096 doubles

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, name: { type: 'string' } } });
const profile = args.quick
  ? { name: 'quick-stream', bytes: 256 * kMiB, rss: [64 * kMiB, 256 * kMiB],
    sampling: { rounds: 6, timeMs: 1, iterations: 1, warmupMs: 1, batchMs: 2 } }
  : { name: 'stream', bytes: 2048 * kMiB - 4096, rss: [256 * kMiB, 2048 * kMiB - 4096],
    sampling: { rounds: 12, timeMs: 1, iterations: 1, warmupMs: 1, batchMs: 2 } };
// One call per contender per round, in a rotating order: on a shared machine whose load swings within
// seconds, contenders that take turns call by call see the same weather; long turns each would not.
const targets = { readLoop: 0.8, readFileLoop: 2, streamVsFile: 0.8, rssBytes: 64 * kMiB };

/**
 * The value at index i, and the exact sum of the first n values (exact in any order).
 * @param {number} i
 */
const valueAt = (i) => ((i % kPeriod) - kPeriod / 2) * 0.25;
/** @param {number} n */
function exactSum(n) {
  let tail = 0;
  for (let i = 0; i < n % kPeriod; i++) tail += valueAt(i);
  return Math.floor(n / kPeriod) * -(kPeriod / 2) * 0.25 + tail;
}

/**
 * The data file of `bytes` bytes in the temp folder, made once and kept for later runs.
 * @param {number} bytes
 * @returns {string}
 */
export function dataFile(bytes) {
  const dir = join(tmpdir(), 'parallel-sum-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `stream-${bytes}.f64`);
  if (statSync(path, { throwIfNoEntry: false })?.size === bytes) return path;
  const block = new Float64Array(8 * kMiB / 8); // a whole number of periods
  for (let i = 0; i < block.length; i++) block[i] = valueAt(i);
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < bytes; at += block.byteLength) {
      writeSync(fd, new Uint8Array(block.buffer, 0, Math.min(block.byteLength, bytes - at)));
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/**
 * Reads the whole file once, so that it sits in the page cache.
 * @param {string} path
 */
function warm(path) {
  const buffer = Buffer.allocUnsafe(4 * kMiB);
  const fd = openSync(path, 'r');
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * @param {import('parallel-sum').ParallelSum} engine
 * @param {string} path
 * @returns {Contender[]}
 */
function contenders(engine, path) {
  const type = Float64Array;
  return [
    { id: 'sumFile', label: 'sumFile(path)', call: () => engine.sumFile(path, { type }) },
    { id: 'sumStream', label: 'sumStream(fs.createReadStream(path))', call: () => engine.sumStream(createReadStream(path), { type }) },
    {
      id: 'sumStream-1m', label: 'sumStream(fs.createReadStream(path, { highWaterMark: 1 MiB }))',
      call: () => engine.sumStream(createReadStream(path, { highWaterMark: kMiB }), { type }),
    },
    // The yardsticks: merely reading the file, into one reused buffer, and merely iterating a Node
    // stream of it (the ceiling of any sum over that stream). Each returns the bytes read.
    { id: 'read-sync-64k', label: 'read loop: fs.readSync, one 64 KiB buffer (no sum)', reader: true, call: () => readLoop(path, 64 << 10) },
    { id: 'read-async-1m', label: 'read loop: FileHandle.read, one 1 MiB buffer (no sum)', reader: true, call: () => readLoopAsync(path, kMiB) },
    {
      id: 'iterate-stream', label: 'for await over fs.createReadStream(path) (no sum)', reader: true,
      call: async () => {
        let total = 0;
        for await (const chunk of createReadStream(path)) total += chunk.length;
        return total;
      },
    },
    {
      id: 'readFile-loop', label: 'fs.readFile + JS for loop',
      call: async () => {
        const buffer = await readFile(path);
        const xs = new Float64Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 8);
        let sum = 0;
        for (let i = 0; i < xs.length; i++) sum += xs[i];
        return sum;
      },
    },
  ];
}

/** @param {string} path @param {number} size */
function readLoop(path, size) {
  const buffer = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  let total = 0;
  try {
    for (let n; (n = readSync(fd, buffer, 0, size, null)) > 0;) total += n;
  } finally {
    closeSync(fd);
  }
  return total;
}

/** @param {string} path @param {number} size */
async function readLoopAsync(path, size) {
  const buffer = Buffer.allocUnsafe(size);
  const handle = await open(path, 'r');
  let total = 0;
  try {
    for (let n; ({ bytesRead: n } = await handle.read(buffer, 0, size, null)), n > 0;) total += n;
  } finally {
    await handle.close();
  }
  return total;
}

/**
 * @param {typeof import('parallel-sum').ParallelSum} ParallelSum
 * @param {string} path
 * @param {number} bytes
 * @returns {Promise<StreamThroughput>}
 */
async function throughput(ParallelSum, path, bytes) {
  const engine = new ParallelSum();
  const list = contenders(engine, path);
  const expected = exactSum(bytes / 8);
  // The check before timing: every sum exact, every reader read every byte.
  for (const c of list) {
    const got = await c.call();
    const want = c.reader ? bytes : expected;
    if (got !== want) throw new Error(`${c.label}: got ${got}, expected ${want}`);
  }
  const times = await race(list.map(({ id, call }) => ({ id, call })), profile.sampling);
  const cpu = await cpuTimes(list);
  await engine.close();
  const rows = list.map(({ id, label }) => {
    const s = summarize(raced(times, id).samples);
    const cpuMs = cpu.get(id);
    if (cpuMs === undefined) throw new Error(`${id}: no CPU time`);
    return {
      id, label, ms: s.median, p25: s.p25, p75: s.p75, samples: s.count, gibps: bytes / 2 ** 30 / (s.median / 1000),
      cpuMs,
    };
  });
  return { path, bytes, expected, maxWorkers: engine.maxWorkers, rows };
}

// CPU time per call, all threads of the process (the calling thread, libuv's pool, the workers):
// what a call costs the machine, which the load of other processes changes far less than the wall
// time. The median of 3 calls per contender, taking turns.
/**
 * @param {Contender[]} list
 * @returns {Promise<Map<string, number>>}
 */
async function cpuTimes(list) {
  /** @type {Map<string, number[]>} */
  const samples = new Map(list.map(({ id }) => [id, []]));
  for (let round = 0; round < 3; round++) {
    for (const { id, call } of list) {
      const before = process.cpuUsage();
      await call();
      const { user, system } = process.cpuUsage(before);
      const ms = samples.get(id);
      if (ms === undefined) throw new Error(`${id}: no samples`);
      ms.push((user + system) / 1000);
    }
  }
  return new Map([...samples].map(([id, ms]) => [id, summarize(ms).median]));
}

// One child per size: a fresh process, so the peak is that call's own.
/**
 * @param {string} path
 * @param {number} bytes
 * @returns {Promise<StreamRss & { bytes: number }>}
 */
async function rss(path, bytes) {
  const child = spawn(process.execPath, ['--expose-gc', join(root, 'bench/stream-rss.js'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of child.stdout) out += chunk;
  /** @type {number | null} */
  const code = await new Promise((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new Error(`bench/stream-rss.js ${path} exited with ${code}`);
  const { method, maxWorkers, sumFile, again, control } = /** @type {Partial<StreamRss>} */ (JSON.parse(out));
  if (method === undefined || maxWorkers === undefined || !sumFile || !again || !control) {
    throw new Error(`bench/stream-rss.js ${path} printed an unexpected line: ${out}`);
  }
  return { bytes, method, maxWorkers, sumFile, again, control };
}

/**
 * @param {StreamThroughput} throughputResult
 * @param {(StreamRss & { bytes: number })[]} rssRows
 * @returns {Verdict[]}
 */
function judge(throughputResult, rssRows) {
  /** @param {string} id */
  const rate = (id) => row(throughputResult.rows, id).gibps;
  const bestRead = Math.max(rate('read-sync-64k'), rate('read-async-1m'));
  const growth = rssRows.map((r) => r.sumFile.growthBytes);
  return [
    { target: `sumFile >= ${targets.readLoop}x the fastest read loop`, ratio: rate('sumFile') / bestRead, met: rate('sumFile') / bestRead >= targets.readLoop },
    { target: `sumFile >= ${targets.readFileLoop}x fs.readFile + JS loop`, ratio: rate('sumFile') / rate('readFile-loop'), met: rate('sumFile') / rate('readFile-loop') >= targets.readFileLoop },
    { target: `sumStream(createReadStream) >= ${targets.streamVsFile}x sumFile`, ratio: rate('sumStream') / rate('sumFile'), met: rate('sumStream') / rate('sumFile') >= targets.streamVsFile },
    {
      target: `peak RSS growth of sumFile < ${targets.rssBytes / kMiB} MiB at every size`, ratio: Math.max(...growth) / kMiB,
      met: growth.every((g) => g < targets.rssBytes),
    },
    {
      // "The same": within 8 MiB of each other, whatever the size (a ring of fixed size).
      target: 'peak RSS growth of sumFile the same (within 8 MiB) at every size', ratio: (Math.max(...growth) - Math.min(...growth)) / kMiB,
      met: Math.max(...growth) - Math.min(...growth) <= 8 * kMiB,
    },
  ];
}

/**
 * The row of contender `id`; throws if it has none.
 * @param {StreamRow[]} rows
 * @param {string} id
 */
function row(rows, id) {
  const found = rows.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no row for ${id}`);
  return found;
}

async function main() {
  const { ParallelSum } = await import('parallel-sum');
  /** @type {import('./types.js').StreamResults} */
  const results = {
    schema: 1, name: args.name ?? profile.name, command: ['node bench/stream.js', ...process.argv.slice(2)].join(' '),
    date: new Date().toISOString(), machine: machine(), targets,
  };
  const path = dataFile(profile.bytes);
  warm(path);
  console.log(`parallel-sum stream bench (${profile.name}): ${results.machine.cpu}, ${results.machine.availableParallelism} threads, `
    + `Node ${results.machine.node}, load ${results.machine.loadAverage.join(' ')}; file ${path} (${(profile.bytes / kMiB).toFixed(2)} MiB, page cache)`);
  collectGarbage();
  const measured = await throughput(ParallelSum, path, profile.bytes);
  results.throughput = measured;
  const base = row(measured.rows, 'sumFile').gibps;
  console.table(measured.rows.map((r) => ({
    contender: r.label, 'median ms': r.ms.toFixed(1), 'GiB/s': r.gibps.toFixed(2), 'x sumFile': (r.gibps / base).toFixed(2),
    'CPU ms': r.cpuMs.toFixed(0),
  })));
  /** @type {(StreamRss & { bytes: number })[]} */
  const rssRows = [];
  results.rss = rssRows;
  for (const bytes of profile.rss) {
    const file = dataFile(bytes);
    warm(file);
    rssRows.push(await rss(file, bytes));
  }
  console.table(rssRows.map((r) => ({
    file: `${(r.bytes / kMiB).toFixed(0)} MiB`, method: r.method,
    'sumFile growth MiB': (r.sumFile.growthBytes / kMiB).toFixed(1), 'second sumFile MiB': (r.again.growthBytes / kMiB).toFixed(1),
    'control (readFile) MiB': (r.control.growthBytes / kMiB).toFixed(1),
  })));
  const verdicts = judge(measured, rssRows);
  results.verdicts = verdicts;
  console.table(verdicts.map((v) => ({ target: v.target, value: v.ratio.toFixed(2), met: v.met ? 'yes' : 'NO' })));
  results.machine.loadAverageEnd = machine().loadAverage;
  const out = join(root, 'bench/results', `${results.name}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();

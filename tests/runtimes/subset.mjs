// The Node-API subset each runtime of the matrix runs (tests/runtimes.test.ts), against the packed
// package installed in a throwaway app: plain JavaScript that Node, Bun and Deno all run unchanged.
// It checks nothing itself: it prints what it saw as one JSON line, and the test asserts on it, so a
// runtime that crashes, hangs or prints something else fails there with the whole story.
//
//   <runtime> subset.mjs suite       the sums, streams and files, abort, exact mode, the bound; prints a report
//   <runtime> subset.mjs close       sums on workers, awaits close(), then ends
//   <runtime> subset.mjs no-close    sums on workers (own engine and the default one), then ends
//   <runtime> subset.mjs probe       a worker that throws: shows the error count below sees it here
//
// Worker 'error'/'messageerror' events are counted by wrapping node:worker_threads' Worker.prototype
// (the class the package's workers are made from, in every runtime): the package listens to them
// itself, so an error there would otherwise be absorbed into a respawn or a fallback.
import process from 'node:process';
import { Worker } from 'node:worker_threads';

const seen = { errors: [], created: new Set() };
const emit = Worker.prototype.emit;
Worker.prototype.emit = function (name, ...args) {
  if (name === 'error' || name === 'messageerror') seen.errors.push(`${name}: ${args[0]?.stack ?? String(args[0])}`);
  return emit.call(this, name, ...args);
};
// Every worker gets its init message first: the set of workers ever posted to is every worker made.
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (...args) {
  seen.created.add(this);
  return post.apply(this, args);
};
process.on('exit', () => {
  console.log(JSON.stringify({ exit: { workerErrors: seen.errors, workersCreated: seen.created.size } }));
});

if (process.argv[2] === 'probe') {
  const worker = new Worker(new URL('data:text/javascript,throw new Error("probe")'));
  worker.on('error', () => {}); // listened to, as the package's workers are
  await new Promise((resolve) => worker.once('exit', resolve));
  process.exit(0);
}

const { Accumulator, ParallelSum, alloc, capabilities, defaultEngine, parallelSum, sumFile, sumSync } = await import('parallel-sum');

const kChunkBytes = 256 * 1024;
const kLarge = 8 << 20; // doubles: 64 MiB, on the workers' path (32 MiB and up)
const tick = () => new Promise((resolve) => setImmediate(resolve));
const settled = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
const json = (value) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));

const mode = process.argv[2];
if (mode === 'suite') console.log(json(await suite()));
else if (mode === 'close' || mode === 'no-close') await exits(mode === 'close');
else throw new Error(`unknown mode ${mode}`);

async function suite() {
  const report = { runtime: runtime(), capabilities: capabilities() };

  // number[]: the calling thread, through parallelSum and sumSync.
  const halves = Array.from({ length: 1_000_000 }, (_, i) => (i % 2 === 0 ? 0.5 : 1.5));
  report.numbers = { small: await parallelSum([1, 2, 3, 4, 5, 6, 7, 8]), large: await parallelSum(halves), sync: sumSync(halves) };

  const fallback = await allocSums(report);
  report.streams = await streams();
  report.abort = await abortMidSum();
  report.bound = await bound();
  report.fallback = { engine: fallback, default: defaultEngine().stats().fallback ?? null };
  report.workerErrors = seen.errors;
  return report;
}

// Each part has an engine of its own, closed at its end: its memory can go before the next part.
async function allocSums(report) {
  // alloc'd views: on the workers, every chunk counted in stats().chunks.
  const engine = new ParallelSum({ maxWorkers: 2 });
  const f64 = engine.alloc(Float64Array, kLarge);
  for (let i = 0; i < f64.length; i++) f64[i] = i % 7;
  const i32 = engine.alloc(Int32Array, 2 * kLarge).fill(-3);
  const big = engine.alloc(BigInt64Array, kLarge).fill(1n << 62n);
  const chunks0 = engine.stats().chunks;
  report.alloc = {
    f64: await engine.sum(f64),
    i32: await engine.sum(i32),
    big: await engine.sum(big),
    chunks: engine.stats().chunks - chunks0,
    expectedChunks: 3 * (kLarge * 8) / kChunkBytes,
    workers: engine.stats().workers,
    subarray: await engine.sum(f64.subarray(7, 7 + 7 * (kLarge / 8))),
    defaultEngine: await parallelSum(alloc(Float32Array, 2 * kLarge).fill(0.25)),
    defaultWorkers: defaultEngine().stats().workers,
  };

  // Exact mode, on the workers and on the calling thread: 1e300 absorbs every 1 in fast mode. The
  // view is allocated after the workers started, so the memory grows under them (Deno's workers once
  // died of that).
  const sizeBefore = engine.stats().memory.size;
  const spiky = engine.alloc(Float64Array, kLarge).fill(1);
  const grew = engine.stats().memory.size > sizeBefore;
  spiky[0] = 1e300;
  spiky[spiky.length - 1] = -1e300;
  const chunks1 = engine.stats().chunks;
  report.exact = {
    workers: await engine.sum(spiky, { precision: 'exact' }),
    chunks: engine.stats().chunks - chunks1,
    fast: await engine.sum(spiky),
    local: await parallelSum([1e100, 1, -1e100], { precision: 'exact' }),
    sync: sumSync(Float64Array.of(0.1, 0.2, -0.3), { precision: 'exact' }),
    grew,
  };
  await engine.close();
  return engine.stats().fallback ?? null;
}

// values.f64 (written by the test beside this script): streamed in odd pieces (on the workers), read
// with sumFile whole and in a range (the default engine), added to an exact accumulator whose state
// merges with itself.
async function streams() {
  const engine = new ParallelSum({ maxWorkers: 2 });
  const path = new URL('./values.f64', import.meta.url);
  const { readFile } = await import('node:fs/promises');
  const bytes = new Uint8Array(await readFile(path));
  const pieces = async function* () {
    for (let at = 0; at < bytes.length; at += 100_003) yield bytes.slice(at, at + 100_003);
  };
  const chunks0 = engine.stats().chunks;
  const streamed = await engine.sumStream(pieces(), { type: Float64Array });
  const streamChunks = engine.stats().chunks - chunks0;
  const acc = engine.accumulator(Float64Array, { precision: 'exact' });
  await acc.add(bytes);
  const result = {
    inMemory: await engine.sum(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)),
    streamed,
    streamChunks,
    file: await engine.sumFile(path, { type: Float64Array }),
    range: await sumFile(path, { type: Float64Array, offset: 8, length: 16 }),
    exact: acc.result(),
    merged: Accumulator.from(acc.state()).merge(acc.state()).result(),
  };
  await engine.close();
  return result;
}

// An abort once the workers have summed some chunks and before they are done: the promise rejects
// with the signal's reason, the rest of the chunks are never summed, and the engine sums correctly
// afterwards. A loaded machine can let one worker finish 128 MiB before this thread polls again: then
// it tries again (at most 5 times; the test asserts it landed).
async function abortMidSum() {
  const engine = new ParallelSum({ maxWorkers: 1 });
  const xs = engine.alloc(Float64Array, 2 * kLarge).fill(1);
  const total = (xs.length * 8) / kChunkBytes;
  const reason = new Error('stop');
  const attempts = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const controller = new AbortController();
    const before = engine.stats().chunks;
    const result = settled(engine.sum(xs, { signal: controller.signal }));
    let done = false;
    result.then(() => { done = true; });
    while (!done && engine.stats().chunks === before) await tick();
    const atAbort = engine.stats().chunks - before;
    controller.abort(reason);
    const { value, error } = await result;
    const after = engine.stats().chunks - before;
    attempts.push({ atAbort, after, total, resolved: value, rejectedWithReason: error === reason });
    // An abort that arrived after the worker had summed every chunk still rejects, but shows nothing
    // stopped: on a loaded machine the worker can outrun this thread's turns, so try again.
    if (error !== undefined && after < total) break;
  }
  const preAborted = await settled(engine.sum(xs, { signal: AbortSignal.abort(reason) }));
  const afterwards = await engine.sum(xs);
  await engine.close();
  return { attempts, preAbortedWithReason: preAborted.error === reason, afterwards, expected: xs.length };
}

// maxWorkers: 2 and six large calls at once: never more than 2 threads made or busy, the rest queued.
async function bound() {
  const madeBefore = seen.created.size;
  const engine = new ParallelSum({ maxWorkers: 2 });
  const views = Array.from({ length: 6 }, (_, i) => engine.alloc(Float64Array, kLarge / 2).fill(i));
  let done = false;
  const all = Promise.all(views.map((view) => engine.sum(view))).finally(() => { done = true; });
  const max = { workers: 0, busy: 0, queued: 0 };
  while (!done) {
    const stats = engine.stats();
    max.workers = Math.max(max.workers, stats.workers);
    max.busy = Math.max(max.busy, stats.busy);
    max.queued = Math.max(max.queued, stats.queued);
    await tick();
  }
  const sums = await all;
  await engine.close();
  return { max, made: seen.created.size - madeBefore, sums, elements: kLarge / 2 };
}

async function exits(close) {
  const engine = new ParallelSum({ maxWorkers: 2 });
  const xs = engine.alloc(Float64Array, kLarge).fill(2);
  console.log(json({ sum: await engine.sum(xs), workers: engine.stats().workers }));
  if (close) {
    await engine.close();
    console.log(json({ closed: true }));
  } else {
    // The default engine's workers too, and one sum still running when the script's code ends.
    console.log(json({ default: await parallelSum(alloc(Float64Array, kLarge).fill(3)) }));
    parallelSum(alloc(Float64Array, kLarge).fill(4)).then((sum) => console.log(json({ pending: sum })));
  }
}

function runtime() {
  if (globalThis.Deno !== undefined) return { name: 'deno', version: globalThis.Deno.version.deno };
  if (process.versions.bun !== undefined) return { name: 'bun', version: process.versions.bun };
  return { name: 'node', version: process.versions.node };
}

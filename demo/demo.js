// npm run demo: sum tens of millions of doubles in shared memory on worker threads, compare with a
// plain JavaScript loop, then cancel a sum mid-way. Runs in well under a minute.
import { availableParallelism } from 'node:os';
import { ParallelSum } from '../dist/index.js';

const n = Number(process.env.DEMO_N ?? 50_000_000);
const format = (ms) => `${ms.toFixed(1).padStart(7)} ms`;
const rate = (ms) => `${((n * 8) / ms / 1e6).toFixed(1).padStart(5)} GB/s`;

function best(runs, fn) {
  let fastest = Infinity;
  let value;
  return (async () => {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      value = await fn();
      fastest = Math.min(fastest, performance.now() - start);
    }
    return { ms: fastest, value };
  })();
}

const engine = new ParallelSum();
console.log(`parallel-sum demo: ${n.toLocaleString('en')} doubles (${((n * 8) / 2 ** 20).toFixed(0)} MiB), `
  + `${engine.maxWorkers} workers on ${availableParallelism()} logical CPUs\n`);

// The data lives in the engine's shared memory: the workers read it where it is, no copy.
const xs = engine.alloc(Float64Array, n);
for (let i = 0; i < n; i++) xs[i] = (i % 1000) * 0.001;

await engine.sum(xs); // start the workers
const parallel = await best(5, () => engine.sum(xs));
const loop = await best(3, () => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
});

console.log(`parallelSum   ${format(parallel.ms)}  ${rate(parallel.ms)}  sum = ${parallel.value}`);
console.log(`JS for loop   ${format(loop.ms)}  ${rate(loop.ms)}  sum = ${loop.value}`);
console.log(`speedup       ${(loop.ms / parallel.ms).toFixed(1)}x (best of several runs each)\n`);

// Cancel a sum mid-way: abort as soon as the workers have started on it.
const controller = new AbortController();
const started = engine.stats().chunks;
const pending = engine.sum(xs, { signal: controller.signal });
while (engine.stats().chunks === started) await new Promise((resolve) => setImmediate(resolve));
const abortedAt = performance.now();
controller.abort();
try {
  await pending;
  console.log('the sum finished before the abort reached it');
} catch (error) {
  const total = Math.ceil(n / 32768);
  const done = engine.stats().chunks - started;
  console.log(`cancelled:    ${error.name} ${(performance.now() - abortedAt).toFixed(2)} ms after abort(), `
    + `${done} of ${total} chunks summed`);
}
console.log(`engine after the abort: ${JSON.stringify(engine.stats())}`);
console.log(`and it sums correctly again: ${await engine.sum(xs)}`);
await engine.close();

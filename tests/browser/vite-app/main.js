// A user's app: imports the installed package by name, exactly the names the README's Usage imports
// (a test checks they stay the same), and runs sums. The test reads window.outcome.
import { ParallelSum, parallelSum } from 'parallel-sum';

async function main() {
  const engine = new ParallelSum({ maxWorkers: 2 });
  const xs = engine.alloc(Float64Array, 1 << 22);
  for (let i = 0; i < xs.length; i++) xs[i] = i % 10;
  const inMemory = await engine.sum(xs);
  const workers = engine.stats().workers;
  const shared = typeof SharedArrayBuffer === 'function' && xs.buffer instanceof SharedArrayBuffer;
  await engine.close();
  return { classic: await parallelSum([1, 2, 3, 4, 5, 6, 7, 8]), inMemory, workers, shared };
}

main().then(
  (outcome) => { window.outcome = outcome; },
  (error) => { window.outcome = { error: `${error.name}: ${error.message}` }; },
).finally(() => {
  document.querySelector('#out').textContent = JSON.stringify(window.outcome);
});

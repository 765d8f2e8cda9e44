// `await using` on an engine (tests/runtimes.test.ts): the block's end closes it, so its threads are
// gone after. A syntax error on runtimes without explicit resource management (Node 20 and 22),
// which is what the README's claim about it rests on.
import { ParallelSum } from 'parallel-sum';

let outer;
{
  await using engine = new ParallelSum({ maxWorkers: 2 });
  outer = engine;
  const sum = await engine.sum(engine.alloc(Float64Array, 8 << 20).fill(1));
  console.log(JSON.stringify({ sum, workers: engine.stats().workers }));
}
console.log(JSON.stringify({ afterBlock: outer.stats().workers, closed: await outer.sum([1]).then(() => false, (error) => error.name === 'EngineClosedError') }));

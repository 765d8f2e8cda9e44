// The Node build summing the same seeded data as the page: the bits a browser sum must reproduce.
import { ParallelSum } from '../../dist/index.js';
import { fill, lengthFor } from './pages/data.js';

type Ctor = new (length: number) => Parameters<ParallelSum['sum']>[0] & ArrayLike<number | bigint>;

/** The sum of `type` data for (`mib`, `seed`) as the page's harness makes it, as the page shows it. */
export async function nodeSum(type: string, mib: number, seed: number): Promise<number | string> {
  await using engine = new ParallelSum({ maxWorkers: 2 });
  const ctor = (globalThis as unknown as Record<string, Ctor>)[type]!;
  const view = fill(new ctor(lengthFor(type, mib)) as Parameters<typeof fill>[0], seed);
  const sum = await engine.sum(view);
  return typeof sum === 'bigint' ? `${sum}n` : sum;
}

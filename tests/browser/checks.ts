// Assertions shared by the browser test files. The Node build, summing the same seeded data as the
// page, is the oracle: a browser sum must reproduce its bits on every path.
import { expect } from 'vitest';
import { ParallelSum } from '../../dist/index.js';
import { fill, lengthFor } from './pages/data.js';

type Ctor = new (length: number) => Parameters<typeof fill>[0];

/** The sum of `type` data for (`mib`, `seed`) as the page's harness makes it, shown as the page shows it. */
export async function nodeSum(type: string, mib: number, seed: number): Promise<number | string> {
  await using engine = new ParallelSum({ maxWorkers: 2 });
  const ctor = (globalThis as unknown as Record<string, Ctor>)[type]!;
  const sum = await engine.sum(fill(new ctor(lengthFor(type, mib)), seed));
  return typeof sum === 'bigint' ? `${sum}n` : sum;
}

/** What harness.correctness() returns. */
export interface Correctness {
  inMemory: number | string;
  outside: number | string;
  sharedBuffer: boolean;
  chunks: number;
  length: number;
  reference: { exact: string } | { approx: number; tolerance: number };
}

/** Both sums agree with each other, with the reference, and with Node to the bit. */
export async function expectCorrect(result: Correctness, type: string, mib: number, seed: number): Promise<void> {
  expect(result.outside).toEqual(result.inMemory);
  if ('exact' in result.reference) {
    // BigInt sums come back as "123n"; 8..32-bit ones as numbers, exact while they are safe integers.
    const got = typeof result.inMemory === 'string' ? result.inMemory.slice(0, -1) : result.inMemory;
    expect(String(got)).toBe(result.reference.exact);
  } else {
    const error = Math.abs((result.inMemory as number) - result.reference.approx);
    expect(error).toBeLessThanOrEqual(result.reference.tolerance);
  }
  expect(result.inMemory).toEqual(await nodeSum(type, mib, seed));
}

/** What harness.bound() returns. */
export interface Bound {
  peak: { workers: number; busy: number; queued: number };
  allCorrect: boolean;
  after: Record<string, number>;
}

/** Every call was right, no more than `limit` workers ever existed or ran, and the engine is idle. */
export function expectBound(result: Bound, limit: number): void {
  expect(result.allCorrect).toBe(true);
  expect(result.peak.workers).toBeLessThanOrEqual(limit);
  expect(result.peak.busy).toBeLessThanOrEqual(limit);
  expect(result.after).toMatchObject({ busy: 0, queued: 0, pending: 0 });
}

/** What harness.close() must return: sums made before close() finished, then nothing is accepted. */
export const closed = {
  results: [2 ** 21, 2 ** 21, 2 ** 21], same: true, after: { workers: 0, busy: 0, pending: 0 },
  refused: 'EngineClosedError', allocError: 'EngineClosedError',
};

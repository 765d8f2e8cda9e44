// parallelSum and ParallelSum#sum: every element type, from every place an input can live (the
// engine's shared memory, an ordinary TypedArray, a number[]), on every path (calling thread or
// workers), against exact references.
import { afterAll, describe, expect, it } from 'vitest';
import { parallelSum } from '../../dist/index.js';
import { bigints, doubles, integers } from '../fixtures/data.js';
import { fastErrorBound, referenceIntSum, referenceSum } from '../fixtures/reference.js';
import { debug, kChunkDoubles, testEngine, thresholds } from '../fixtures/engine.js';

// The test thresholds (tests/fixtures/engine.ts), so that modest inputs take every path.
const engine = testEngine({ maxWorkers: 3 });
afterAll(() => {
  // Every path was taken (a threshold that moved would show here).
  expect(debug(engine).paths()).toMatchObject({ inline: expect.any(Number), sliced: expect.any(Number) });
  for (const path of ['inline', 'sliced', 'assisted', 'workers'] as const) expect(debug(engine).paths()[path], path).toBeGreaterThan(0);
});

// Around the chunk size, both thresholds (in doubles), and a ragged tail.
const inline = thresholds.inline / 8, assist = thresholds.assist / 8;
const floatSizes = [0, 1, 7, 9, kChunkDoubles - 1, kChunkDoubles, kChunkDoubles + 1, inline - 1, inline + 1,
  assist - 1, assist + 1, 2 * assist + 3];

async function inEngine<T extends ArrayBufferView & ArrayLike<unknown>>(data: T): Promise<T> {
  const view = engine.alloc(data.constructor as never, data.length) as unknown as T & { set(a: T): void };
  view.set(data);
  return view;
}

describe('the classic example', () => {
  it('parallelSum([1..8]) is 36', async () => {
    expect(await parallelSum([1, 2, 3, 4, 5, 6, 7, 8])).toBe(36);
  });
});

describe.each([Float64Array, Float32Array])('%o', (ctor) => {
  it.each(floatSizes)('n = %i: shared, plain and number[] give the same bits, within the bound', async (n) => {
    const data = new ctor(doubles(n, n));
    const shared = await inEngine(data);
    const results = [await engine.sum(shared), await engine.sum(data), await parallelSum(data)];
    if (ctor === Float64Array) results.push(await engine.sum(Array.from(data)));
    const { rounded, magnitude } = referenceSum(data);
    expect(Math.abs(results[0]! - rounded)).toBeLessThanOrEqual(fastErrorBound(n, magnitude));
    for (const r of results) expect(Object.is(r, results[0])).toBe(true);
    engine.free(shared);
  });
});

describe.each([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array])('%o', (ctor) => {
  const chunk = (256 * 1024) / ctor.BYTES_PER_ELEMENT;
  it.each([0, 1, 33, chunk - 1, chunk + 1, 4 * chunk + 5])('n = %i: exact, shared and plain', async (n) => {
    const data = integers(ctor, n, n);
    const expected = Number(referenceIntSum(data));
    const shared = await inEngine(data);
    expect(await engine.sum(shared)).toBe(expected);
    expect(await engine.sum(data)).toBe(expected);
    engine.free(shared);
  });
});

describe.each([BigInt64Array, BigUint64Array])('%o', (ctor) => {
  it.each([0, 1, 5, 32769, 200_001])('n = %i: the exact bigint, beyond 64 bits', async (n) => {
    const data = bigints(ctor, n, n);
    const expected = referenceIntSum(data);
    const shared = await inEngine(data);
    const got = await engine.sum(shared);
    expect(typeof got).toBe('bigint');
    expect(got).toBe(expected);
    expect(await engine.sum(data)).toBe(expected);
    engine.free(shared);
  });

  it('exceeds the 64-bit range exactly', async () => {
    const data = new ctor(300_000).fill(ctor === BigInt64Array ? -(2n ** 63n) : 2n ** 64n - 1n);
    const shared = await inEngine(data);
    expect(await engine.sum(shared)).toBe(referenceIntSum(data));
    engine.free(shared);
  });
});

describe('integer sums beyond 2^53', () => {
  it('are the exact sum rounded once to the nearest double', async () => {
    // 2^32 - 1 times 2^22 + 1 elements: about 2^54, past the safe-integer range.
    const n = 2 ** 22 + 1;
    const shared = engine.alloc(Uint32Array, n).fill(0xffff_ffff);
    const exact = BigInt(n) * 0xffff_ffffn;
    expect(await engine.sum(shared)).toBe(Number(exact));
    engine.free(shared);
  });
});

describe('special values', () => {
  const cases: Array<[string, number[], number]> = [
    ['NaN anywhere', [1, 2, NaN, 4], NaN],
    ['+Infinity and -Infinity', [Infinity, 1, -Infinity], NaN],
    ['+Infinity', [1, Infinity, 1e308], Infinity],
    ['-Infinity', [-Infinity, -1e308, 1], -Infinity],
    ['only -0', [-0, -0, -0], -0],
    ['nothing', [], -0],
    ['-0 and +0', [-0, 0], 0],
  ];
  it.each(cases)('%s', async (_, values, expected) => {
    // Spread the special value over a large input so the workers see it, not just the calling thread.
    const padded = values.length === 0 ? [] : [...values, ...new Array(300_000).fill(Object.is(expected, -0) ? -0 : 0)];
    const shared = engine.alloc(Float64Array, padded.length);
    shared.set(padded);
    for (const input of [values, new Float64Array(values), shared]) {
      expect(Object.is(await engine.sum(input), expected)).toBe(true);
    }
    engine.free(shared);
  });
});

// sumSync: the synchronous entry point. It must give, bit for bit, what the promise-returning sum
// gives (on any path) for every element type and every place an input lives, refuse what sum refuses
// (synchronously, by throwing), and work on a fresh engine before anything async has run.
import { afterAll, describe, expect, it } from 'vitest';
import { EngineClosedError, NotReadyError, ParallelSum, sumSync, parallelSum, type NumericArray } from '../../dist/index.js';
import { bigints, doubles, integers } from '../fixtures/data.js';
import { referenceIntSum, referenceSum, fastErrorBound } from '../fixtures/reference.js';
import { debug, expectPaths, testEngine } from '../fixtures/engine.js';

// The test thresholds, so that sum's results below come from the workers too (sumSync never uses them).
const engine = testEngine({ maxWorkers: 3 });
afterAll(() => {
  for (const path of ['inline', 'sync', 'assisted', 'workers'] as const) expect(debug(engine).paths()[path], path).toBeGreaterThan(0);
});

function inEngine<T extends NumericArray>(data: T): T {
  const view = engine.alloc(data.constructor as never, data.length) as unknown as T;
  (view as unknown as { set(values: T): void }).set(data);
  return view;
}

const same = (a: unknown, b: unknown): boolean => Object.is(a, b);

describe('a fresh engine', () => {
  it('sums synchronously before any promise has run (Node compiles the kernels on first use)', async () => {
    await using fresh = new ParallelSum({ maxWorkers: 2 });
    const xs = fresh.alloc(Float64Array, 5);
    xs.set([1, 2, 3, 4, 5.5]);
    expect(fresh.sumSync(xs)).toBe(15.5);
    expect(fresh.sumSync([1, 2, 3])).toBe(6);
    expect(await fresh.sum(xs)).toBe(15.5);
    expect(fresh.stats().workers).toBe(0); // nothing needed a worker
  });

  it('where the platform cannot compile synchronously (a browser), throws a NotReadyError until ready()', async () => {
    await using fresh = new ParallelSum({ maxWorkers: 2 });
    delete (debug(fresh).platform as { kernelsSync?: unknown }).kernelsSync;
    const xs = fresh.alloc(Float64Array, 3).fill(2);
    let error: unknown;
    try {
      fresh.sumSync([1, 2]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NotReadyError);
    expect(error).toMatchObject({ name: 'NotReadyError', message: expect.stringMatching(/ready\(\)/) });
    expect(() => fresh.sumSync(xs)).toThrow(NotReadyError);
    await fresh.ready();
    expect(fresh.sumSync([1, 2])).toBe(3);
    expect(fresh.sumSync(xs)).toBe(6);
  });

  it('ready() resolves without starting a worker, and sumSync works after it', async () => {
    await using fresh = new ParallelSum();
    await fresh.ready();
    await fresh.ready();
    expect(fresh.stats().workers).toBe(0);
    expect(fresh.sumSync(new Int16Array([-3, 4]))).toBe(1);
  });

  it('the top-level sumSync uses the default engine', async () => {
    expect(sumSync([1, 2, 3, 4, 5, 6, 7, 8])).toBe(36);
    expect(sumSync(new BigInt64Array([2n ** 62n, 2n ** 62n, 2n ** 62n]))).toBe(3n * 2n ** 62n);
    const data = doubles(100_003, 9);
    expect(same(sumSync(data), await parallelSum(data))).toBe(true);
  });
});

describe.each([Float64Array, Float32Array])('%o', (ctor) => {
  // Around the chunk size (32768 doubles), past the scaled thresholds, and ragged tails.
  it.each([0, 1, 7, 32767, 32768, 32769, 131073, 1_000_003])('n = %i: the same bits as sum, from every place', async (n) => {
    const data = new ctor(doubles(n, n + 1));
    const shared = inEngine(data);
    const expected = await engine.sum(shared);
    const { rounded, magnitude } = referenceSum(data);
    expect(Math.abs(expected - rounded)).toBeLessThanOrEqual(fastErrorBound(n, magnitude));
    const results = [engine.sumSync(shared), engine.sumSync(data), engine.sumSync(shared.subarray(0))];
    if (ctor === Float64Array) results.push(engine.sumSync(Array.from(data)));
    for (const r of results) expect(same(r, expected)).toBe(true);
    if (n > 2) {
      // A subarray is not what alloc() returned: it takes the general path, with the same chunking.
      const tail = shared.subarray(1, n - 1);
      expect(same(engine.sumSync(tail), await engine.sum(tail))).toBe(true);
    }
    engine.free(shared);
  });

  it.each([0, 5, 32769, 300_001])("n = %i: precision 'exact' is the correctly rounded sum, as sum gives it", async (n) => {
    const data = new ctor(doubles(n, 3 * n + 1).map((x, i) => (i % 2 ? -x * 1e10 : x)));
    const shared = inEngine(data);
    const expected = referenceSum(data).rounded;
    expect(same(await engine.sum(shared, { precision: 'exact' }), expected)).toBe(true);
    expect(same(engine.sumSync(shared, { precision: 'exact' }), expected)).toBe(true);
    expect(same(engine.sumSync(data, { precision: 'exact' }), expected)).toBe(true);
    engine.free(shared);
  });
});

describe.each([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array])('%o', (ctor) => {
  const chunk = (256 * 1024) / ctor.BYTES_PER_ELEMENT;
  it.each([0, 1, 33, chunk - 1, chunk, chunk + 1, 4 * chunk + 5])('n = %i: exact, shared and plain', (n) => {
    const data = integers(ctor, n, n + 2);
    const expected = Number(referenceIntSum(data));
    const shared = inEngine(data);
    expect(engine.sumSync(shared)).toBe(expected);
    expect(engine.sumSync(data)).toBe(expected);
    engine.free(shared);
  });

  it('one full chunk of the largest values (the one-call path) is exact', () => {
    const max = ctor === Int8Array ? -128 : ctor === Int16Array ? -32768 : ctor === Int32Array ? -(2 ** 31) : 2 ** (8 * ctor.BYTES_PER_ELEMENT) - 1;
    const shared = engine.alloc(ctor, chunk).fill(max);
    expect(engine.sumSync(shared)).toBe(max * chunk);
    engine.free(shared);
  });
});

describe.each([BigInt64Array, BigUint64Array])('%o', (ctor) => {
  it.each([0, 1, 5, 32769, 200_001])('n = %i: the exact bigint', (n) => {
    const data = bigints(ctor, n, n);
    const expected = referenceIntSum(data);
    const shared = inEngine(data);
    const got = engine.sumSync(shared);
    expect(typeof got).toBe('bigint');
    expect(got).toBe(expected);
    expect(engine.sumSync(data)).toBe(expected);
    engine.free(shared);
  });
});

describe('special values', () => {
  it.each([
    ['NaN anywhere', [1, 2, NaN, 4], NaN],
    ['+Infinity and -Infinity', [Infinity, 1, -Infinity], NaN],
    ['+Infinity', [1, Infinity, 1e308], Infinity],
    ['only -0', [-0, -0, -0], -0],
    ['nothing', [], -0],
    ['-0 and +0', [-0, 0], 0],
  ] as Array<[string, number[], number]>)('%s', (_, values, expected) => {
    const shared = engine.alloc(Float64Array, values.length);
    shared.set(values);
    for (const input of [values, new Float64Array(values), shared]) expect(same(engine.sumSync(input), expected)).toBe(true);
    engine.free(shared);
  });
});

describe('bad input throws, synchronously, and leaves the engine working', () => {
  it.each([
    ['a string', 'abc', TypeError, /data/],
    ['a DataView', new DataView(new ArrayBuffer(8)), TypeError, /data/],
    ['a number[] holding a string', [1, '2', 3], TypeError, /data\[1\]/],
  ] as Array<[string, unknown, ErrorConstructor, RegExp]>)('%s', (_, data, type, message) => {
    expect(() => engine.sumSync(data as never)).toThrow(type);
    expect(() => engine.sumSync(data as never)).toThrow(message);
    expect(engine.sumSync([1, 2])).toBe(3);
  });

  it('bad options', () => {
    const xs = engine.alloc(Float64Array, 4);
    expect(() => engine.sumSync(xs, { precision: 'exactly' as never })).toThrow(RangeError);
    expect(() => engine.sumSync(xs, null as never)).toThrow(TypeError);
    expect(() => engine.sumSync(xs, { precision: 1 as never })).toThrow(/precision/);
    engine.free(xs);
  });

  it('a freed view is refused, even on the fast path it took before', () => {
    const xs = engine.alloc(Float64Array, 10).fill(1);
    expect(engine.sumSync(xs)).toBe(10);
    engine.free(xs);
    expect(() => engine.sumSync(xs)).toThrow(/freed/);
  });

  it('a closed engine throws EngineClosedError, and ready() rejects with it', async () => {
    const closing = new ParallelSum();
    const xs = closing.alloc(Float64Array, 10);
    expect(closing.sumSync(xs)).toBe(0);
    await closing.close();
    expect(() => closing.sumSync(xs)).toThrow(EngineClosedError);
    expect(() => closing.sumSync([1])).toThrow(EngineClosedError);
    await expect(closing.ready()).rejects.toThrow(EngineClosedError);
  });
});

describe('ready({ workers })', () => {
  it('starts the workers in advance, idle and ready; sums then use them', async () => {
    await using fresh = new ParallelSum({ maxWorkers: 2 });
    await fresh.ready({ workers: 2 });
    expect(fresh.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0, pending: 0 });
    const workers = debug(fresh).workers();
    // The same thread objects (toEqual would pass for any two endpoints: they have no public fields).
    const sameThreads = (now: unknown[]): boolean => now.length === workers.length && now.every((w, i) => w === workers[i]);
    await fresh.ready({ workers: 1 }); // already more: nothing to do
    expect(sameThreads(debug(fresh).workers())).toBe(true);
    const n = (32 << 20) / 8; // the shipped thresholds: 32 MiB and up are queued for the workers
    const xs = fresh.alloc(Float64Array, n).fill(0.5);
    expect(await expectPaths(fresh, { workers: 1 }, () => fresh.sum(xs))).toBe(n / 2);
    expect(sameThreads(debug(fresh).workers())).toBe(true);   // the same threads: none started on demand
  });

  it('refuses a bad count, and rejects once the engine is closed', async () => {
    const fresh = new ParallelSum({ maxWorkers: 2 });
    await expect(fresh.ready({ workers: 3 })).rejects.toThrow(RangeError);
    await expect(fresh.ready({ workers: 3 })).rejects.toThrow(/options\.workers.*0 to 2/);
    await expect(fresh.ready({ workers: -1 })).rejects.toThrow(RangeError);
    await expect(fresh.ready({ workers: 1.5 })).rejects.toThrow(RangeError);
    await expect(fresh.ready({ workers: '2' as never })).rejects.toThrow(TypeError);
    await expect(fresh.ready(null as never)).rejects.toThrow(TypeError);
    expect(fresh.stats().workers).toBe(0);
    const starting = fresh.ready({ workers: 2 });
    await fresh.close();
    await expect(starting).rejects.toThrow(EngineClosedError);
    expect(fresh.stats().workers).toBe(0);
    await expect(fresh.ready()).rejects.toThrow(EngineClosedError);
  });
});

// precision: 'exact' through the engine: the correctly rounded sum (a BigInt reference and core-js's
// Math.sumPrecise agree on every expected value), the same for every maxWorkers from 1 to 8, on the
// workers and on the calling thread, for inputs in the engine's memory, ordinary TypedArrays and
// number[], at sizes around the block (2048) and chunk (32768) boundaries, and on every path.
import 'core-js/actual/math/sum-precise.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parallelSum } from '../../dist/index.js';
import { bigints, doubles, integers, rng } from '../fixtures/data.js';
import { cases, float32Cases } from '../fixtures/exact-cases.js';
import { fastErrorBound, referenceIntSum, referenceSum } from '../fixtures/reference.js';
import { debug, kChunkDoubles, testEngine, thresholds } from '../fixtures/engine.js';

// The test thresholds (tests/fixtures/engine.ts), so that modest inputs take every path.
const engine = testEngine({ maxWorkers: 8 });
afterAll(() => {
  for (const path of ['inline', 'sliced', 'assisted', 'workers'] as const) expect(debug(engine).paths()[path], path).toBeGreaterThan(0);
});

const sumPrecise = (Math as unknown as { sumPrecise(xs: Iterable<number>): number }).sumPrecise;
const exact = { precision: 'exact' } as const;
const workerCounts = [1, 2, 3, 4, 5, 6, 7, 8];

// Around the block (2048), the chunk and both thresholds (in doubles).
const inline = thresholds.inline / 8, assist = thresholds.assist / 8;
const sizes = [0, 1, 3, 2049, kChunkDoubles - 1, kChunkDoubles + 1, inline - 1, inline + 4096 + 1, assist + kChunkDoubles + 5];

function inEngine<T extends Float64Array | Float32Array>(data: T): T {
  const view = engine.alloc(data.constructor as Float64ArrayConstructor, data.length) as unknown as T;
  view.set(data);
  return view;
}

describe.each(Object.entries(cases))('%s', (_, make) => {
  it.each(sizes)('n = %i: the correctly rounded sum on every path and worker count', async (n) => {
    const data = make(n, n + 3);
    const expected = referenceSum(data).rounded;
    expect(Object.is(sumPrecise(data), expected)).toBe(true);
    const shared = inEngine(data);
    try {
      for (const maxWorkers of workerCounts) {
        expect(Object.is(await engine.sum(shared, { precision: 'exact', maxWorkers }), expected)).toBe(true);
      }
      expect(Object.is(await engine.sum(data, exact), expected)).toBe(true);
      expect(Object.is(await engine.sum(Array.from(data), exact), expected)).toBe(true);
      expect(Object.is(await parallelSum(data, exact), expected)).toBe(true);
    } finally {
      engine.free(shared);
    }
  });
});

describe.each(Object.entries(float32Cases))('Float32Array, %s', (_, make) => {
  // Float32 chunks hold twice the elements; the thresholds are at twice as many elements too.
  it.each([0, 1, 5, 2 * kChunkDoubles - 1, 2 * kChunkDoubles + 1, 2 * inline - 1, 2 * inline + 1, 2 * assist + 2 * kChunkDoubles + 1])('n = %i', async (n) => {
    const data = make(n, n + 5);
    const expected = referenceSum(data).rounded;
    expect(Object.is(sumPrecise(data), expected)).toBe(true);
    const shared = inEngine(data);
    try {
      for (const maxWorkers of [1, 2, 5, 8]) {
        expect(Object.is(await engine.sum(shared, { precision: 'exact', maxWorkers }), expected)).toBe(true);
      }
      expect(Object.is(await engine.sum(data, exact), expected)).toBe(true);
    } finally {
      engine.free(shared);
    }
  });
});

describe('property: random mixtures of every case', () => {
  // Each input is a concatenation of stretches from random cases, of random lengths, so that the
  // adversarial patterns meet each other at random places, across block and chunk boundaries.
  const names = Object.keys(cases);
  it.each(Array.from({ length: 24 }, (_, i) => i + 1))('seed %i', async (seed) => {
    const next = rng(seed * 7919);
    const n = Math.floor(next() ** 2 * 400_000);
    const data = new Float64Array(n);
    for (let at = 0; at < n;) {
      const length = Math.min(n - at, 1 + Math.floor(next() ** 3 * 100_000));
      data.set(cases[names[Math.floor(next() * names.length)]!]!(length, seed + at), at);
      at += length;
    }
    const expected = referenceSum(data).rounded;
    expect(Object.is(sumPrecise(data), expected)).toBe(true);
    const shared = inEngine(data);
    try {
      const maxWorkers = 1 + Math.floor(next() * 8);
      expect(Object.is(await engine.sum(shared, { precision: 'exact', maxWorkers }), expected)).toBe(true);
      expect(Object.is(await engine.sum(data, exact), expected)).toBe(true);
    } finally {
      engine.free(shared);
    }
  });
});

describe('exact and fast', () => {
  it('exact is the reference in every run; fast is within its error bound', async () => {
    const data = inEngine(doubles(1_000_003, 9));
    const { rounded: expected, magnitude } = referenceSum(data);
    const fast = await engine.sum(data);
    const results = new Set<number>();
    for (let run = 0; run < 3; run++) results.add(await engine.sum(data, exact));
    expect([...results]).toEqual([expected]);
    expect(Math.abs(fast - expected)).toBeLessThanOrEqual(fastErrorBound(data.length, magnitude));
    engine.free(data);
  });

  it('fixes what ordered float addition gets wrong', async () => {
    expect(await engine.sum([1e20, 0.1, -1e20], exact)).toBe(0.1);
    expect(await engine.sum([1e20, 0.1, -1e20])).not.toBe(0.1);
    expect(await engine.sum([0.1, 0.2], exact)).toBe(0.30000000000000004);
    expect(await engine.sum(new Array(10).fill(0.1), exact)).toBe(1);
    expect(await engine.sum([Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE], exact)).toBe(Number.MAX_VALUE);
  });

  it('signed zeros: nothing or only -0 is -0, anything else that cancels is +0', async () => {
    expect(Object.is(await engine.sum([], exact), -0)).toBe(true);
    expect(Object.is(await engine.sum([-0, -0], exact), -0)).toBe(true);
    expect(Object.is(await engine.sum([-0, 0], exact), 0)).toBe(true);
    expect(Object.is(await engine.sum([1, -1], exact), 0)).toBe(true);
    expect(Object.is(await engine.sum([-1, 1, -0], exact), 0)).toBe(true);
    expect(Object.is(await engine.sum(new Float32Array(0), exact), -0)).toBe(true);
  });

  it("'fast' is the default, and an explicit 'fast' is the same", async () => {
    const data = doubles(50_000, 3);
    expect(Object.is(await engine.sum(data, { precision: 'fast' }), await engine.sum(data))).toBe(true);
    expect(Object.is(await engine.sum(data, { precision: undefined }), await engine.sum(data))).toBe(true);
  });
});

describe('integer inputs', () => {
  it.each([Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array])(
    '%o: exact already; precision: \'exact\' gives the same, correctly rounded', async (ctor) => {
      const n = 4 * (262144 / ctor.BYTES_PER_ELEMENT) + 9;
      const data = integers(ctor, n, 4);
      const shared = engine.alloc(ctor as Int32ArrayConstructor, n);
      shared.set(data);
      const expected = Number(referenceIntSum(data));
      expect(await engine.sum(shared, exact)).toBe(expected);
      expect(await engine.sum(data, exact)).toBe(expected);
      expect(await engine.sum(shared)).toBe(expected);
      engine.free(shared);
    });

  it.each([BigInt64Array, BigUint64Array])('%o: the exact bigint either way', async (ctor) => {
    const data = bigints(ctor, 200_001, 6);
    expect(await engine.sum(data, exact)).toBe(referenceIntSum(data));
  });
});

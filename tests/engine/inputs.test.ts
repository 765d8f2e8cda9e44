// Inputs users actually pass, beyond plain arrays: resizable and growable buffers (resized before or
// while a sum runs), detached ones, TypedArray subclasses (their own constructors, species and
// getters), Proxies, sparse and mutated arrays, boxed numbers, empty allocations, and views from other
// memories. Each gets the right sum or a TypeError/RangeError that names `data`; never a hang, a wrong
// number, or a read of bytes that are not the input's.
import { describe, expect, it } from 'vitest';
import { debug, expectPaths, kChunkDoubles, sizes, testEngine } from '../fixtures/engine.js';

const engine = testEngine({ maxWorkers: 2 });

// ES2024 resizable and growable buffers (Node 20 has them; the project's type library stops at ES2023).
type Resizable = ArrayBuffer & { resize(bytes: number): void };
type Growable = SharedArrayBuffer & { grow(bytes: number): void };
const resizable = (bytes: number, max: number): Resizable =>
  new (ArrayBuffer as unknown as new (bytes: number, options: object) => Resizable)(bytes, { maxByteLength: max });
const growable = (bytes: number, max: number): Growable =>
  new (SharedArrayBuffer as unknown as new (bytes: number, options: object) => Growable)(bytes, { maxByteLength: max });

/** Doubles 1, 2, 3, … n in `buffer` (from byte 0), and their sum. */
function ramp(buffer: ArrayBufferLike, n: number): number {
  const view = new Float64Array(buffer, 0, n);
  for (let i = 0; i < n; i++) view[i] = i + 1;
  return (n * (n + 1)) / 2;
}

// Long enough for the calling thread to yield between slices (it yields every few milliseconds).
const long = 32 * 8 * kChunkDoubles; // 64 MiB of doubles: several milliseconds of work
// For the detach test: long enough that the sum is still far from its end when it first yields,
// even on a loaded machine where a slice is cut short.
const longest = 4 * long;

/**
 * Runs `action` when the engine's calling thread first yields to the event loop in the middle of a
 * sum (between two slices). Returns the function that puts the engine's yield back and says how many
 * yields there were.
 */
function atFirstYield(action: () => void): () => number {
  const platform = debug(engine).platform;
  const real = platform.yield;
  let yields = 0;
  platform.yield = () => {
    if (yields++ === 0) action();
    return real();
  };
  return () => {
    platform.yield = real;
    return yields;
  };
}

describe('resizable and growable buffers', () => {
  it('a length-tracking view is summed at its length when the call is made', async () => {
    const buffer = resizable(8 * 1000, 8 * 4000);
    const expected = ramp(buffer, 1000);
    const view = new Float64Array(buffer);
    const promise = engine.sum(view);
    buffer.resize(8 * 4000); // after the call: not part of it
    expect(await promise).toBe(expected);
    expect(engine.sumSync(new Float64Array(buffer, 0, 1000))).toBe(expected);
  });

  it('a fixed-length view that its buffer shrank below is refused, not summed as nothing', async () => {
    const buffer = resizable(64, 128);
    const view = new Float64Array(buffer, 16, 4);
    buffer.resize(24);
    await expect(engine.sum(view)).rejects.toThrow(/`data` to be a Float64Array in bounds of a live buffer/);
    expect(() => engine.sumSync(view)).toThrow(TypeError);
  });

  for (const precision of ['fast', 'exact'] as const) {
    it(`a buffer shrunk while the calling thread sums it in slices: a TypeError, never stale data (${precision})`, async () => {
      for (const tracking of [true, false]) {
        const buffer = resizable(8 * long, 8 * long);
        ramp(buffer, long);
        const view = tracking ? new Float64Array(buffer) : new Float64Array(buffer, 0, long);
        const restore = atFirstYield(() => buffer.resize(8 * kChunkDoubles));
        const error = await engine.sum(view, { precision }).then(() => 'resolved', (e: unknown) => e);
        expect(restore()).toBeGreaterThan(0);
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/`data` to stay readable while it is summed/);
      }
    });
  }

  it('a buffer detached while the calling thread sums it: a TypeError', async () => {
    const buffer = new ArrayBuffer(8 * longest);
    ramp(buffer, longest);
    const restore = atFirstYield(() => structuredClone(buffer, { transfer: [buffer] }));
    const outcome = await engine.sum(new Float64Array(buffer)).then(() => 'resolved', (error: unknown) => error);
    expect(restore()).toBeGreaterThan(0);
    expect(outcome).toBeInstanceOf(TypeError);
  });

  it('a growable SharedArrayBuffer that grows while summed: the length at call time', async () => {
    const buffer = growable(8 * long, 16 * long);
    const expected = ramp(buffer, long);
    const promise = expectPaths(engine, { sliced: 1 }, () => engine.sum(new Float64Array(buffer)));
    buffer.grow(16 * long);
    new Float64Array(buffer).fill(1e300, long);
    expect(await promise).toBe(expected);
  });
});

describe('TypedArray subclasses', () => {
  class Vec extends Float64Array {
    constructor(n: number) {
      super(n); // refuses (buffer, offset, length): a species-created view would fail
    }
  }

  class Narrowing extends Float64Array {
    static get [Symbol.species]() {
      return Float32Array; // a species view would read the doubles' bytes as floats
    }
  }

  class Lying extends Float64Array {
    override get length(): number { return 3; }
    override get byteOffset(): number { return 8; }
    override get buffer(): ArrayBuffer { throw new Error('buffer getter ran'); }
    override subarray(): Float64Array<ArrayBuffer> { throw new Error('subarray ran'); }
  }

  for (const [name, make] of [
    ['a constructor that takes only a length', (n: number) => new Vec(n)],
    ['species set to Float32Array', (n: number) => new Narrowing(n)],
    ['overridden length, byteOffset, buffer and subarray', (n: number) => new Lying(n)],
  ] as const) {
    it(`${name}: the subclass's code never runs, the sum is right on every path`, async () => {
      for (const n of [10, sizes.oneChunk, long + 5]) {
        const view = make(n);
        Float64Array.prototype.fill.call(view, 1);
        expect(await engine.sum(view)).toBe(n);
        expect(await engine.sum(view, { precision: 'exact' })).toBe(n);
        expect(engine.sumSync(view)).toBe(n);
      }
    });
  }

  it('a subclass view on the engine\'s memory is recognized and summed on the workers', async () => {
    const base = engine.alloc(Float64Array, sizes.workers).fill(0.5);
    class Shared extends Float64Array {
      static get [Symbol.species]() { return Float32Array; }
      override get length(): number { return 1; }
    }
    const view = new Shared(base.buffer as ArrayBuffer, base.byteOffset, base.length);
    expect(await expectPaths(engine, { workers: 1 }, () => engine.sum(view))).toBe(sizes.workers / 2);
    engine.free(base);
  });
});

describe('other inputs', () => {
  it('a Proxy of an array of numbers is read through its traps; a Proxy of a TypedArray is refused', async () => {
    expect(await engine.sum(new Proxy([1, 2, 3, 4.5], {}))).toBe(10.5);
    expect(await engine.sum(new Proxy([1, 2, 3], {}), { precision: 'exact' })).toBe(6);
    await expect(engine.sum(new Proxy(new Float64Array(4), {}) as Float64Array))
      .rejects.toThrow(/`data` to be an array of numbers or a TypedArray.*only looks like one/);
  });

  it('boxed numbers and objects with valueOf are refused by index, not coerced', async () => {
    await expect(engine.sum([1, new Number(2) as number])).rejects.toThrow(/`data\[1\]` to be a number, got a Number/);
    await expect(engine.sum([1, { valueOf: () => 2 } as unknown as number])).rejects.toThrow(/`data\[1\]`.*plain object/);
  });

  it('an array shortened while the calling thread sums it: a TypeError saying so', async () => {
    const array = new Array<number>(long).fill(1);
    const restore = atFirstYield(() => { array.length = 10; });
    const outcome = await engine.sum(array).then(() => 'resolved', (error: unknown) => error);
    expect(restore()).toBeGreaterThan(0);
    expect(String(outcome)).toMatch(/TypeError: Expected `data\[\d+\]` to be a number, got nothing: the array was shortened/);
  });

  it('a sparse array with its hole far in: a TypeError naming the index', async () => {
    const array = new Array<number>(long).fill(2);
    delete array[long - 3];
    await expect(engine.sum(array)).rejects.toThrow(new RegExp(`\`data\\[${long - 3}\\]\` to be a number, got a hole`));
  });

  it('empty allocations sum to the identity of their kind, and free', async () => {
    for (const [ctor, zero] of [[Float64Array, -0], [Float32Array, -0], [Int32Array, 0], [Uint8Array, 0], [BigInt64Array, 0n]] as const) {
      const view = engine.alloc(ctor, 0);
      expect(Object.is(await engine.sum(view), zero)).toBe(true);
      expect(Object.is(engine.sumSync(view), zero)).toBe(true);
      engine.free(view);
    }
  });

  it('views on a SharedArrayBuffer from elsewhere, and on another engine\'s memory, are copied and summed right', async () => {
    const sab = new SharedArrayBuffer(8 * long);
    const expected = ramp(sab, long);
    expect(await expectPaths(engine, { sliced: 1 }, () => engine.sum(new Float64Array(sab)))).toBe(expected);
    const other = testEngine({ maxWorkers: 1 });
    const theirs = other.alloc(Float64Array, sizes.workers).fill(3);
    expect(await expectPaths(engine, { sliced: 1 }, () => engine.sum(theirs))).toBe(3 * sizes.workers);
    expect(await expectPaths(other, { workers: 1 }, () => other.sum(theirs))).toBe(3 * sizes.workers);
  });

  it('free of a subarray, or of a view from elsewhere, is a TypeError that names `view`', () => {
    const view = engine.alloc(Float64Array, 16);
    expect(() => engine.free(view.subarray(1))).toThrow(/`view` to be a TypedArray returned by this engine's alloc\(\)/);
    expect(() => engine.free(new Float64Array(16))).toThrow(TypeError);
    engine.free(view);
  });
});

// Every wrong argument gets a TypeError or RangeError naming the argument and the expectation; the
// promise-returning calls reject (they never throw synchronously), nothing hangs, and later calls work.
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum, parallelSum } from '../../dist/index.js';

const engine = new ParallelSum({ maxWorkers: 2 });
afterAll(() => engine.close());

function detached(): Float64Array {
  const buffer = new ArrayBuffer(64);
  const view = new Float64Array(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
}

const badData: Array<[string, unknown, RegExp]> = [
  ['null', null, /`data` to be an array of numbers or a TypedArray.*got null/],
  ['undefined', undefined, /`data`.*got undefined/],
  ['a string', 'hello', /`data`.*got a string/],
  ['a number', 42, /`data`.*got 42/],
  ['a plain object', { a: 1 }, /`data`.*got a plain object/],
  ['an array-like', { length: 2, 0: 1, 1: 2 }, /`data`.*got a plain object/],
  ['a DataView', new DataView(new ArrayBuffer(8)), /`data`.*got a DataView/],
  ['an ArrayBuffer', new ArrayBuffer(8), /`data`.*got an ArrayBuffer/],
  ['an array holding a string', [1, '2', 3], /`data\[1\]` to be a number, got a string/],
  ['an array holding null', [1, 2, 3, 4, 5, 6, 7, 8, null], /`data\[8\]` to be a number, got null/],
  ['an array holding a bigint', [1n], /`data\[0\]` to be a number, got 1n/],
  ['an array holding an object', [1, {}, 3], /`data\[1\]` to be a number, got a plain object/],
  ['a sparse array', [1, , 3], /`data\[1\]` to be a number, got a hole/], // eslint-disable-line no-sparse-arrays
  ['a detached buffer', detached(), /detached/],
];

const badOptions: Array<[string, unknown, ErrorConstructor, RegExp]> = [
  ['options: a string', 'fast', TypeError, /`options` to be an object, got a string/],
  ['options: null', null, TypeError, /`options` to be an object, got null/],
  ['maxWorkers: 0', { maxWorkers: 0 }, RangeError, /`maxWorkers` to be an integer from 1 to 1024, got 0/],
  ['maxWorkers: -1', { maxWorkers: -1 }, RangeError, /`maxWorkers`.*got -1/],
  ['maxWorkers: 1.5', { maxWorkers: 1.5 }, RangeError, /`maxWorkers`.*got 1.5/],
  ['maxWorkers: NaN', { maxWorkers: NaN }, RangeError, /`maxWorkers`.*got NaN/],
  ['maxWorkers: Infinity', { maxWorkers: Infinity }, RangeError, /`maxWorkers`.*got Infinity/],
  ['maxWorkers: 1e9', { maxWorkers: 1e9 }, RangeError, /`maxWorkers`.*got 1000000000/],
  ['maxWorkers: a string', { maxWorkers: '2' }, TypeError, /`maxWorkers`.*got a string/],
  ['signal: a plain object', { signal: { aborted: false } }, TypeError, /`signal` to be an AbortSignal, got a plain object/],
  ['signal: an AbortController', { signal: new AbortController() }, TypeError, /`signal` to be an AbortSignal, got an AbortController/],
  ['signal: a string', { signal: 'stop' }, TypeError, /`signal`.*got a string/],
  ['signal: an object that claims to be one', { signal: { aborted: false, reason: undefined, addEventListener() {},
    removeEventListener() {}, throwIfAborted() {}, [Symbol.toStringTag]: 'AbortSignal' } }, TypeError, /`signal` to be an AbortSignal/],
];

describe('bad data', () => {
  it.each(badData)('%s: rejects with a TypeError', async (_, data, message) => {
    const viaEngine = engine.sum(data as never);
    const viaFunction = parallelSum(data as never);
    await expect(viaEngine).rejects.toThrow(TypeError);
    await expect(viaEngine).rejects.toThrow(message);
    await expect(viaFunction).rejects.toThrow(message);
    expect(await engine.sum([1, 2, 3])).toBe(6);
  });

  it('finds a non-number deep inside a long array, after slices already summed', async () => {
    const data: unknown[] = new Array(3_000_000).fill(1);
    data[2_500_001] = '1';
    await expect(engine.sum(data as number[])).rejects.toThrow(/`data\[2500001\]` to be a number, got a string/);
    expect(engine.stats().pending).toBe(0);
  });
});

describe('bad options', () => {
  it.each(badOptions)('%s', async (_, options, type, message) => {
    const shared = engine.alloc(Float64Array, 1 << 18).fill(1);
    for (const call of [engine.sum(shared, options as never), parallelSum([1], options as never)]) {
      await expect(call).rejects.toThrow(type);
      await expect(call).rejects.toThrow(message);
    }
    expect(await engine.sum(shared)).toBe(1 << 18);
    engine.free(shared);
  });
});

describe('bad engine options', () => {
  it.each([
    [{ maxWorkers: 0 }, RangeError, /`options.maxWorkers`.*got 0/],
    [{ maxWorkers: '4' }, TypeError, /`options.maxWorkers`.*got a string/],
    [{ maxMemory: 12345 }, RangeError, /`options.maxMemory` to be a whole number of 64 KiB pages/],
    [{ maxMemory: 2 ** 33 }, RangeError, /`options.maxMemory`/],
    [{ maxMemory: '1GB' }, TypeError, /`options.maxMemory`/],
    [42, TypeError, /`options` to be an object, got 42/],
  ])('%o', (options, type, message) => {
    expect(() => new ParallelSum(options as never)).toThrow(type);
    expect(() => new ParallelSum(options as never)).toThrow(message);
  });
});

describe('alloc and free misuse', () => {
  it.each([
    ['a DataView constructor', DataView],
    ['Array', Array],
    ['null', null],
    ['a string', 'Float64Array'],
  ])('alloc(%s) throws a TypeError naming `ctor`', (_, ctor) => {
    expect(() => engine.alloc(ctor as never, 4)).toThrow(TypeError);
    expect(() => engine.alloc(ctor as never, 4)).toThrow(/`ctor` to be a TypedArray constructor/);
  });

  it.each([
    [-1, RangeError], [1.5, RangeError], [NaN, RangeError], [Infinity, RangeError],
    [2 ** 40, RangeError], ['8', TypeError], [undefined, TypeError],
  ])('alloc(Float64Array, %s) throws naming `length`', (length, type) => {
    expect(() => engine.alloc(Float64Array, length as never)).toThrow(type);
    expect(() => engine.alloc(Float64Array, length as never)).toThrow(/`length`/);
  });

  it('alloc beyond the memory limit throws a RangeError and leaves the engine usable', async () => {
    const small = new ParallelSum({ maxWorkers: 1, maxMemory: 64 * 65536 }); // 4 MiB
    const a = small.alloc(Float64Array, 256 * 1024);                         // 2 MiB fits
    expect(() => small.alloc(Float64Array, 1 << 20)).toThrow(RangeError);    // 8 MiB: over the limit
    expect(() => small.alloc(Float64Array, 1 << 20)).toThrow(/`length`/);
    expect(() => small.alloc(Float64Array, 300 * 1024)).toThrow(/memory is limited to 4194304 bytes/);
    a.fill(1);
    expect(await small.sum(a)).toBe(256 * 1024);
    small.free(a);
    const b = small.alloc(Float64Array, 400 * 1024);                         // fits once a is back
    expect(b.length).toBe(400 * 1024);
    await small.close();
  });

  it('free of a view the engine did not allocate, or twice, throws a TypeError', async () => {
    const view = engine.alloc(Float64Array, 100);
    expect(() => engine.free(new Float64Array(100))).toThrow(/`view` to be a TypedArray returned by this engine's alloc\(\); it is not one/);
    expect(() => engine.free(view.subarray(1))).toThrow(TypeError);
    const other = new ParallelSum({ maxWorkers: 1 });
    expect(() => other.free(view)).toThrow(TypeError);
    await other.close();
    engine.free(view);
    expect(() => engine.free(view)).toThrow(/freed already/);
    await expect(engine.sum(view)).rejects.toThrow(/already freed/);
  });
});

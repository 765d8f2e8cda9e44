// The public signatures of streamed sums and accumulators, checked by the type checker.
import { Readable } from 'node:stream';
import { open } from 'node:fs/promises';
import { describe, expectTypeOf, it } from 'vitest';
import {
  Accumulator, ParallelSum, sumFile, sumStream, type StreamProgress,
} from '../../dist/index.js';
import { sumStream as browserSumStream } from '../../dist/browser.js';

describe('streams and accumulators', () => {
  it('sumStream: number, or bigint for the 64-bit integer types', () => {
    const engine = new ParallelSum();
    const bytes = [new Uint8Array(8)];
    expectTypeOf(sumStream(bytes, { type: Float64Array })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(sumStream(bytes, { type: BigInt64Array })).toEqualTypeOf<Promise<bigint>>();
    expectTypeOf(engine.sumStream(bytes, { type: BigUint64Array, precision: 'exact' })).toEqualTypeOf<Promise<bigint>>();
    expectTypeOf(engine.sumStream([new Float32Array(1)])).toEqualTypeOf<Promise<number | bigint>>();
    expectTypeOf(browserSumStream(new Blob([]), { type: Int16Array })).toEqualTypeOf<Promise<number>>();
    // Sources users hold: a Node Readable, a ReadableStream, a Blob, a Response, an async generator.
    void sumStream(Readable.from([Buffer.alloc(8)]), { type: Float64Array });
    void sumStream(new ReadableStream<Uint8Array>(), { type: Float64Array });
    void sumStream(new Response(''), { type: Float64Array });
    void sumStream((async function* () { yield new Float64Array(1); })());
    void sumStream(new ArrayBuffer(8), { type: Float64Array, onProgress: (p) => expectTypeOf(p).toEqualTypeOf<StreamProgress>() });
    // @ts-expect-error not a source
    void sumStream(42);
    // @ts-expect-error type must be a TypedArray constructor
    void sumStream(bytes, { type: Array });
  });

  it('sumFile: a path, URL or FileHandle; type required', async () => {
    const engine = new ParallelSum();
    expectTypeOf(sumFile('a.f64', { type: Float64Array, offset: 8, length: 80 })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(engine.sumFile(new URL('file:///a.i64'), { type: BigInt64Array })).toEqualTypeOf<Promise<bigint>>();
    expectTypeOf(engine.sumFile(await open('a'), { type: Int8Array })).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error a file holds bytes: type is required
    void sumFile('a.f64', {});
  });

  it('Accumulator', () => {
    const engine = new ParallelSum();
    const acc = engine.accumulator(Float64Array, { precision: 'exact' });
    expectTypeOf(acc).toEqualTypeOf<Accumulator<number>>();
    expectTypeOf(acc.add(new Float64Array(1))).toEqualTypeOf<Promise<void>>();
    expectTypeOf(acc.add(new Uint8Array(8), { signal: AbortSignal.timeout(10) })).toEqualTypeOf<Promise<void>>();
    expectTypeOf(acc.result()).toEqualTypeOf<number>();
    expectTypeOf(engine.accumulator(BigInt64Array).result()).toEqualTypeOf<bigint>();
    expectTypeOf(acc.state()).toEqualTypeOf<Uint8Array>();
    expectTypeOf(Accumulator.from(acc.state()).merge(acc.state()).result()).toEqualTypeOf<number | bigint>();
    expectTypeOf(Accumulator.from(acc.state(), { engine }).merge(acc)).toEqualTypeOf<Accumulator>();
    // @ts-expect-error precision is 'fast' or 'exact'
    void engine.accumulator(Float64Array, { precision: 'best' });
  });
});

// Bad input to streamed sums: a TypeError or RangeError that names the argument and says what was
// expected (mixed element types, bytes without `type`, bytes left over, sources that are none), and
// never a hang, a partial result or a ring buffer kept.
import { describe, expect, it } from 'vitest';
import { sumStream } from '../../dist/index.js';
import { streamEngine } from '../fixtures/stream.js';

const engine = streamEngine(2);

async function refuses(source: unknown, options: unknown, error: new (...args: never[]) => Error, message: RegExp): Promise<void> {
  const used = engine.stats().memory.used;
  const got = await engine.sumStream(source as never, options as never).then(
    (value) => new Error(`resolved with ${String(value)}`), (e: unknown) => e);
  expect(got).toBeInstanceOf(error);
  expect((got as Error).message).toMatch(message);
  expect(engine.stats().memory.used).toBe(used);
}

describe('sumStream refuses', () => {
  it('chunks of mixed element types: TypeError naming `source`', async () => {
    await refuses([new Float64Array(3), new Float32Array(2)], undefined, TypeError, /`source`.*Float32Array after Float64Arrays/);
    await refuses([new Int16Array(1), new Uint16Array(1)], undefined, TypeError, /`source`/);
    await refuses([new Float64Array(3), new Int32Array(2)], { type: Float64Array }, TypeError, /`source`.*Float64Arrays or bytes.*Int32Array/);
  });

  it('bytes without `type`: TypeError naming `type`', async () => {
    await refuses([new Uint8Array(8)], undefined, TypeError, /`type`.*Uint8Array/);
    await refuses([Buffer.alloc(8)], undefined, TypeError, /`type`/);
    await refuses([new ArrayBuffer(8)], undefined, TypeError, /`type`.*ArrayBuffer/);
    await refuses([new Float64Array(2), new DataView(new ArrayBuffer(8))], undefined, TypeError, /`type`.*DataView/);
    await refuses(new Blob([new Uint8Array(8)]), undefined, TypeError, /`type`/);
  });

  it('a byte total that is not whole elements: RangeError saying how many bytes are left over', async () => {
    await refuses([new Uint8Array(8 * 1000 + 3)], { type: Float64Array }, RangeError, /8003 bytes: 3 left over/);
    await refuses([new Uint8Array(5), new Uint8Array(6)], { type: Int32Array }, RangeError, /11 bytes: 3 left over/);
    await refuses([new Uint8Array((9 << 20) + 1)], { type: BigInt64Array }, RangeError, /1 left over/);
  });

  it('what is not a source: TypeError naming `source`', async () => {
    for (const source of [undefined, null, 42, 'text', { not: 'a source' }, Symbol('s')]) {
      await refuses(source, { type: Float64Array }, TypeError, /`source`/);
    }
    await refuses([1, 2, 3], { type: Float64Array }, TypeError, /`source`.*got 1/);
    await refuses(['text'], { type: Float64Array }, TypeError, /`source`/);
    const read = new Response('abc');
    await read.text();
    await refuses(read, { type: Uint8Array }, TypeError, /`source`.*already read/);
  });

  it('bad options: TypeError or RangeError naming the option', async () => {
    await refuses([], { type: Array }, TypeError, /`type`/);
    await refuses([], { type: DataView }, TypeError, /`type`/);
    await refuses([], { onProgress: 'yes' }, TypeError, /`onProgress`/);
    await refuses([], { precision: 'best' }, RangeError, /`precision`/);
    await refuses([], { maxWorkers: 0 }, RangeError, /`maxWorkers`/);
    await refuses([], { signal: { aborted: true } }, TypeError, /`signal`/);
    await refuses([], 'fast', TypeError, /`options`/);
  });

  it('a detached chunk', async () => {
    const chunk = new Float64Array(4);
    structuredClone(chunk.buffer, { transfer: [chunk.buffer] });
    await refuses([chunk], undefined, TypeError, /`source`.*detached/);
  });

  it('the default engine\'s sumStream rejects the same way (never throws)', async () => {
    const call = sumStream(42 as never, { type: Float64Array });
    expect(call).toBeInstanceOf(Promise);
    await expect(call).rejects.toThrow(/`source`/);
  });
});

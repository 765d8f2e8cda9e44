// Accumulators: the bits of sum() of everything added, however it was cut into adds; exact ones (and
// integer ones) have a portable state that round-trips and merges, in any order, into the exact sum of
// all of it; states of another version or type, and merges of fast float sums, are refused clearly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Accumulator, AccumulatorBusyError } from '../../dist/index.js';
import { bigints, doubles, integers } from '../fixtures/data.js';
import { kChunkBytes } from '../fixtures/engine.js';
import '../fixtures/matchers.js';
import { params } from '../fixtures/property.js';
import { bytesOf, cutAnywhere, cutAt, streamEngine } from '../fixtures/stream.js';

const engine = streamEngine(3);
const other = streamEngine(1);

type Typed = Float64Array | Float32Array | Int32Array | Uint8Array | BigInt64Array | BigUint64Array;
const cases: Array<{ name: string; data: Typed }> = [
  { name: 'Float64Array', data: doubles(3.5 * (kChunkBytes / 8) + 3, 61) },
  { name: 'Float32Array', data: Float32Array.from(doubles(2.5 * (kChunkBytes / 4), 62)) },
  { name: 'Int32Array', data: integers(Int32Array, 2.5 * (kChunkBytes / 4), 63) as Int32Array },
  { name: 'Uint8Array', data: integers(Uint8Array, 2.5 * kChunkBytes + 1, 64) as Uint8Array },
  { name: 'BigInt64Array', data: bigints(BigInt64Array, 1.5 * (kChunkBytes / 8), 65) as BigInt64Array },
  { name: 'BigUint64Array', data: bigints(BigUint64Array, 1.5 * (kChunkBytes / 8), 66) as BigUint64Array },
];

describe.each(cases)('$name', ({ data }) => {
  const type = data.constructor as Float64ArrayConstructor;
  const size = data.BYTES_PER_ELEMENT;

  it('gives the bits of sum() of everything added, for adds cut at every byte offset of an element', async () => {
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(data, { precision });
      for (let offset = 0; offset < size; offset++) {
        const acc = engine.accumulator(type, { precision });
        for (const piece of cutAt(bytesOf(data), size, offset, 150_000, offset + 7)) await acc.add(piece);
        expect(acc.result(), `${precision}, cut at byte ${offset}`).toBeSameBits(expected);
      }
      // TypedArrays of the type, in pieces of any length.
      const acc = engine.accumulator(type, { precision });
      for (let at = 0, i = 1; at < data.length; i++) {
        const n = (i * 104_729) % 70_001;
        await acc.add(data.subarray(at, at + n));
        at += n;
      }
      expect(acc.result(), `${precision}, TypedArray adds`).toBeSameBits(expected);
    }
  });

  it('a state round-trips and merges, in any order and any split, into the exact sum', async () => {
    const bytes = bytesOf(data);
    const expected = await engine.sum(data, { precision: 'exact' });
    await fc.assert(fc.asyncProperty(
      fc.uniqueArray(fc.integer({ min: 0, max: data.length }), { maxLength: 5 }), fc.infiniteStream(fc.nat()), fc.boolean(),
      async (cuts, picks, asTree) => {
        const bounds = [0, ...cuts.sort((a, b) => a - b), data.length];
        const states: Uint8Array[] = [];
        for (let i = 0; i + 1 < bounds.length; i++) {
          // Every part on its own accumulator, some on another engine, bytes cut anywhere.
          const acc = (i % 2 === 0 ? engine : other).accumulator(type, { precision: 'exact' });
          for (const piece of cutAnywhere(bytes.subarray(bounds[i]! * size, bounds[i + 1]! * size), 90_000, i)) await acc.add(piece);
          states.push(acc.state());
        }
        const order = [...states];
        for (let i = order.length - 1; i > 0; i--) {
          const j = picks.next().value % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        let merged: Accumulator;
        if (asTree && order.length > 2) {
          // Pairs merged first, then the merged states merged.
          const half = Math.floor(order.length / 2);
          const left = Accumulator.from(order[0]!);
          for (const s of order.slice(1, half)) left.merge(s);
          const right = Accumulator.from(order[half]!);
          for (const s of order.slice(half + 1)) right.merge(s);
          merged = Accumulator.from(right.state()).merge(left);
        } else {
          merged = Accumulator.from(order[0]!);
          for (const s of order.slice(1)) merged.merge(s);
        }
        expect(merged.result()).toBeSameBits(expected);
      }), params(15));
  });
});

describe('exact states', () => {
  it('are versioned little-endian bytes: "PSUM", version 1, type, precision, flags, words', async () => {
    const acc = engine.accumulator(Float64Array, { precision: 'exact' });
    await acc.add(Float64Array.of(1, 2 ** -1074, -0));
    const state = acc.state();
    expect([...state.subarray(0, 8)]).toEqual([0x50, 0x53, 0x55, 0x4d, 1, 0, 1, 8]);
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const words = view.getUint32(8, true);
    expect(state.length).toBe(12 + 4 * words);
    let units = 0n;
    for (let i = words - 1; i >= 0; i--) units = (units << 32n) | BigInt(view.getUint32(12 + 4 * i, true));
    expect(units).toBe((1n << 1074n) + 1n);
    const ints = engine.accumulator(BigInt64Array);
    await ints.add(BigInt64Array.of(-5n));
    expect([...ints.state()]).toEqual([0x50, 0x53, 0x55, 0x4d, 1, 9, 1, 0, 1, 0, 0, 0, 0xfb, 0xff, 0xff, 0xff]);
  });

  it('keep NaN, infinities and the sign of zero through merges', async () => {
    const stateOf = async (...values: number[]): Promise<Uint8Array> => {
      const acc = engine.accumulator(Float64Array, { precision: 'exact' });
      await acc.add(Float64Array.from(values));
      return acc.state();
    };
    const merged = async (...parts: number[][]): Promise<number> => {
      const states = await Promise.all(parts.map((p) => stateOf(...p)));
      const acc = Accumulator.from(states[0]!);
      for (const s of states.slice(1)) acc.merge(s);
      return acc.result() as number;
    };
    expect(await merged([-0], [-0, -0], [])).toBeSameBits(-0);
    expect(await merged([-0], [0])).toBeSameBits(0);
    expect(await merged([1], [-1])).toBeSameBits(0);
    expect(await merged([Infinity], [1])).toBe(Infinity);
    expect(await merged([Infinity], [-Infinity])).toBeNaN();
    expect(await merged([1], [NaN])).toBeNaN();
    expect(await merged([Number.MAX_VALUE], [Number.MAX_VALUE], [-Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
    expect(await merged([2 ** 53], [1], [1])).toBe(2 ** 53 + 2);
    expect(Accumulator.from(await stateOf()).result()).toBeSameBits(-0);
  });

  it('a state from Accumulator.from takes more adds given an engine', async () => {
    const a = engine.accumulator(Int32Array);
    await a.add(Int32Array.of(1, 2, 3));
    const b = Accumulator.from(a.state(), { engine: other });
    await b.add(Int32Array.of(4));
    expect(b.result()).toBe(10);
    expect(b.precision).toBe('exact');
  });
});

describe('refusals', () => {
  it('a state of another version or type, or not a state at all', async () => {
    const acc = engine.accumulator(Float64Array, { precision: 'exact' });
    await acc.add(Float64Array.of(1.5));
    const state = acc.state();
    const newer = state.slice();
    newer[4] = 2;
    expect(() => Accumulator.from(newer)).toThrow(RangeError);
    expect(() => acc.merge(newer)).toThrow(/format version 1, got version 2/);
    const f32 = engine.accumulator(Float32Array, { precision: 'exact' });
    expect(() => f32.merge(state)).toThrow(TypeError);
    expect(() => f32.merge(state)).toThrow(/Float32Array accumulator, got one of a Float64Array/);
    expect(() => engine.accumulator(Int32Array).merge(state)).toThrow(/Int32Array accumulator, got one of a Float64Array/);
    for (const bad of [new Uint8Array(3), state.subarray(0, state.length - 1), new Uint8Array([1, 2, 3, 4, 1, 0, 1, 0, 0, 0, 0, 0])]) {
      expect(() => Accumulator.from(bad)).toThrow(TypeError);
      expect(() => Accumulator.from(bad)).toThrow(/`state`/);
    }
    expect(() => Accumulator.from('PSUM' as never)).toThrow(/`state`/);
    const fast = state.slice();
    fast[6] = 0;
    expect(() => Accumulator.from(fast)).toThrow(/fast float sum/);
    const code = state.slice();
    code[5] = 200;
    expect(() => Accumulator.from(code)).toThrow(/type code 200/);
  });

  it('fast float accumulators: no state, no merge', async () => {
    const fast = engine.accumulator(Float64Array);
    await fast.add(Float64Array.of(1));
    expect(fast.mergeable).toBe(false);
    expect(() => fast.state()).toThrow(TypeError);
    expect(() => fast.state()).toThrow(/precision: 'exact'/);
    const exact = engine.accumulator(Float64Array, { precision: 'exact' });
    expect(() => fast.merge(exact.state())).toThrow(/cannot be merged/);
    expect(() => new (Accumulator as unknown as new () => unknown)()).toThrow(TypeError);
  });

  it('bytes left over, bad types and chunks, an add on an accumulator without an engine', async () => {
    const acc = engine.accumulator(Int32Array);
    await acc.add(new Uint8Array([7, 0, 0, 0, 1, 0]));
    expect(() => acc.result()).toThrow(RangeError);
    expect(() => acc.result()).toThrow(/2 bytes left over/);
    expect(() => acc.state()).toThrow(/2 bytes left over/);
    await acc.add(new Uint8Array([0, 0]));
    expect(acc.result()).toBe(8);
    expect(() => engine.accumulator(Array as never)).toThrow(/`type`/);
    expect(() => engine.accumulator(Float64Array, { precision: 'best' as never })).toThrow(/`precision`/);
    await expect(acc.add(new Float64Array(1))).rejects.toThrow(/`chunk`.*Int32Arrays or bytes.*Float64Array/);
    await expect(acc.add('1' as never)).rejects.toThrow(/`chunk`/);
    await expect(Accumulator.from(acc.state()).add(Int32Array.of(1))).rejects.toThrow(/without `\{ engine \}`/);
  });

  it('reading while an add is in progress: AccumulatorBusyError; adds run in call order', async () => {
    const data = doubles(3 * (kChunkBytes / 8) + 5, 67);
    const acc = engine.accumulator(Float64Array);
    const first = acc.add(data.subarray(0, 40_000));
    const second = acc.add(data.subarray(40_000));
    expect(() => acc.result()).toThrow(AccumulatorBusyError);
    await Promise.all([first, second]);
    expect(acc.result()).toBeSameBits(await engine.sum(data));
  });

  it('an aborted add rejects with the reason and leaves the accumulator as it was', async () => {
    const data = doubles(6 * (kChunkBytes / 8) + 5, 68);
    for (const precision of ['fast', 'exact'] as const) {
      const acc = engine.accumulator(Float64Array, { precision });
      await acc.add(data.subarray(0, 1000));
      const before = acc.result();
      const used = engine.stats().memory.used;
      const reason = new Error('no');
      await expect(acc.add(data.subarray(1000), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      const controller = new AbortController();
      const adding = acc.add(data.subarray(1000), { signal: controller.signal });
      controller.abort(reason);
      await expect(adding).rejects.toBe(reason);
      expect(acc.result()).toBeSameBits(before);
      expect(engine.stats().memory.used).toBe(used);
      await acc.add(data.subarray(1000));
      expect(acc.result()).toBeSameBits(await engine.sum(data, { precision }));
    }
  });
});

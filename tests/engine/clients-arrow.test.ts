// An Apache Arrow column, as users hold one: a Table of several record batches, whose column is a
// Vector whose chunks (`vector.data`) each hold a TypedArray of values. Summed chunk by chunk with
// sumStream, and with an accumulator fed batch by batch, it has the bits of engine.sum of the whole
// column; read back from an Arrow IPC file batch by batch, too; and exact states of two halves merge.
import { createReadStream } from 'node:fs';
import { RecordBatchReader, Table, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../dist/index.js';
import { canCountFds, openTempFiles, writeTemp } from '../fixtures/clients.js';
import { bigints, doubles, integers } from '../fixtures/data.js';
import { kChunkDoubles, testEngine } from '../fixtures/engine.js';

const engine = testEngine({ maxWorkers: 2 });

// Batch lengths that cut the 256 KiB chunk grid anywhere: ragged, one tiny, one across many chunks.
const batchLengths = [1, 3 * kChunkDoubles + 5, 77, 9 * kChunkDoubles + 11, 2];
type Column = Float64Array | Float32Array | Int32Array | BigInt64Array;

/** A Table with one column `x`, one record batch per piece of `values`. */
function tableOf(values: Column): Table {
  const pieces: Vector[] = [];
  let at = 0;
  for (const length of batchLengths) {
    const n = Math.max(1, Math.round((length * values.length) / batchLengths.reduce((a, b) => a + b)));
    pieces.push(makeVector(values.slice(at, at + n) as Float64Array));
    at += n;
  }
  pieces.push(makeVector(values.slice(at) as Float64Array));
  return new Table({ x: pieces.reduce((a, b) => a.concat(b)) });
}

/** The TypedArrays an Arrow column's chunks hold: only the first `length` values of each are the chunk's. */
const chunksOf = (vector: Vector): Column[] => vector.data.map((d) => (d.values as Column).subarray(0, d.length));

const columns: Array<[string, Column]> = [
  ['Float64', doubles(batchLengths.reduce((a, b) => a + b), 41)],
  ['Float32', Float32Array.from(doubles(200_003, 42))],
  ['Int32', integers(Int32Array, 300_007, 43) as Int32Array],
  ['Int64', bigints(BigInt64Array, 100_003, 44) as BigInt64Array],
];

describe('Apache Arrow column', () => {
  it.each(columns)('%s: sumStream of the chunks\' TypedArrays has the bits of engine.sum of the column', async (_, values) => {
    const table = tableOf(values);
    const vector = table.getChild('x')!;
    expect(table.batches.length).toBeGreaterThan(3);
    expect(vector.nullCount).toBe(0);
    const whole = vector.toArray() as Column;
    expect(whole).toEqual(values);
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(whole, { precision });
      expect(await engine.sumStream(chunksOf(vector), { precision })).toBe(expected);
      // Batch by batch, as a reader hands them out: an async source.
      async function* batches() {
        for (const batch of table.batches) yield* chunksOf(batch.getChild('x')!);
      }
      expect(await engine.sumStream(batches(), { precision })).toBe(expected);
    }
  });

  it.each(columns)('%s: an accumulator fed chunk by chunk gives the same bits', async (_, values) => {
    const vector = tableOf(values).getChild('x')!;
    for (const precision of ['fast', 'exact'] as const) {
      const acc = engine.accumulator(values.constructor as Float64ArrayConstructor, { precision });
      for (const chunk of chunksOf(vector)) await acc.add(chunk);
      expect(acc.result()).toBe(await engine.sum(vector.toArray() as Column, { precision }));
    }
  });

  it('exact states of two halves of the batches merge, in either order, into the exact sum of the column', async () => {
    const values = columns[0]![1] as Float64Array;
    const table = tableOf(values);
    const half = Math.floor(table.batches.length / 2);
    const state = async (batches: typeof table.batches) => {
      const acc = engine.accumulator(Float64Array, { precision: 'exact' });
      for (const batch of batches) for (const chunk of chunksOf(batch.getChild('x')!)) await acc.add(chunk);
      return acc.state();
    };
    const [a, b] = [await state(table.batches.slice(0, half)), await state(table.batches.slice(half))];
    const expected = await engine.sum(values, { precision: 'exact' });
    expect(Accumulator.from(a).merge(b).result()).toBe(expected);
    expect(Accumulator.from(b).merge(a).result()).toBe(expected);
  });

  it('read back from an Arrow IPC file batch by batch (fs stream -> RecordBatchReader -> sumStream): same bits, file closed', async () => {
    const values = columns[0]![1] as Float64Array;
    const file = writeTemp('column.arrow', tableToIPC(tableOf(values), 'stream'));
    async function* column() {
      const reader = await RecordBatchReader.from(createReadStream(file));
      for await (const batch of reader) yield* chunksOf(batch.getChild('x')!);
    }
    expect(await engine.sumStream(column())).toBe(await engine.sum(values));
    if (canCountFds) await expect.poll(openTempFiles).toEqual([]);
  });
});

// Cancellation and failure of streamed sums: an abort stops reading, stops the source (return() on an
// iterator, cancel(reason) on a ReadableStream, destroy() on a Node Readable) and rejects with
// signal.reason, even while the source is stuck or workers are summing; a source that fails rejects
// with its error; onProgress's schedule; every path gives every ring buffer back.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EngineClosedError, type ParallelSum } from '../../dist/index.js';
import { doubles } from '../fixtures/data.js';
import { kChunkBytes, until } from '../fixtures/engine.js';
import '../fixtures/matchers.js';
import { bytesOf, streamEngine } from '../fixtures/stream.js';

const data = doubles(12 * (kChunkBytes / 8), 41);
const bytes = bytesOf(data);
const piece = 32 * 1024;

/** The pieces of `bytes`, forever (wrapping around), with a hook before each. */
async function* endless(before: (i: number) => void | Promise<void>, state: { finished: boolean }): AsyncGenerator<Uint8Array> {
  try {
    for (let i = 0; ; i++) {
      await before(i);
      const at = (i * piece) % bytes.length;
      yield bytes.subarray(at, at + piece);
    }
  } finally {
    state.finished = true;
  }
}

/** Asserts that `run` leaves the engine's memory as it found it, and the engine summing right after. */
async function leavesNoTrace(engine: ParallelSum, run: () => Promise<void>): Promise<void> {
  const before = engine.stats().memory.used;
  await run();
  expect(engine.stats().memory.used, 'every ring buffer given back').toBe(before);
  expect(engine.stats().pending).toBe(0);
  expect(await engine.sumStream([bytes], { type: Float64Array })).toBeSameBits(await engine.sum(data));
}

describe('abort', () => {
  const engine = streamEngine(2);
  const reason = new Error('stop here');

  it('mid-stream, with sums in flight on the workers: rejects with the reason and returns the iterator', async () => {
    await leavesNoTrace(engine, async () => {
      const controller = new AbortController();
      const state = { finished: false };
      const chunksBefore = engine.stats().chunks;
      // Once the workers are summing buffers (and more are full behind them).
      const source = endless(() => { if (engine.stats().chunks - chunksBefore >= 2) controller.abort(reason); }, state);
      await expect(engine.sumStream(source, { type: Float64Array, signal: controller.signal })).rejects.toBe(reason);
      await until(() => state.finished);
    });
  });

  it('while the source is stuck in a read that never ends', async () => {
    await leavesNoTrace(engine, async () => {
      const controller = new AbortController();
      const state = { finished: false };
      const never = new Promise<void>(() => {});
      const source = endless((i) => (i === 20 ? never : undefined), state);
      setTimeout(() => controller.abort(reason), 50);
      const started = performance.now();
      await expect(engine.sumStream(source, { type: Float64Array, signal: controller.signal })).rejects.toBe(reason);
      expect(performance.now() - started).toBeLessThan(5000);
    });
  });

  it('cancels a ReadableStream with the reason', async () => {
    await leavesNoTrace(engine, async () => {
      const controller = new AbortController();
      const cancelled: unknown[] = [];
      let i = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (++i === 30) controller.abort(reason);
          c.enqueue(bytes.slice(0, piece));
        },
        cancel(why) { cancelled.push(why); },
      }, { highWaterMark: 0 });
      await expect(engine.sumStream(stream, { type: Float64Array, signal: controller.signal })).rejects.toBe(reason);
      await until(() => cancelled.length > 0);
      expect(cancelled).toEqual([reason]);
    });
  });

  it('destroys a Node Readable', async () => {
    await leavesNoTrace(engine, async () => {
      const controller = new AbortController();
      let i = 0;
      const readable = new Readable({
        read() {
          if (++i === 30) controller.abort(reason);
          this.push(Buffer.from(bytes.subarray(0, piece)));
        },
      });
      await expect(engine.sumStream(readable, { type: Float64Array, signal: controller.signal })).rejects.toBe(reason);
      expect(readable.destroyed).toBe(true);
    });
  });

  it('an already-aborted signal: rejects at once and stops the source', async () => {
    await leavesNoTrace(engine, async () => {
      const cancelled: unknown[] = [];
      const stream = new ReadableStream({ cancel(why) { cancelled.push(why); } });
      await expect(engine.sumStream(stream, { type: Float64Array, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      await until(() => cancelled.length > 0);
      expect(cancelled).toEqual([reason]);
    });
  });

  it('by a timeout signal, from no listener left behind', async () => {
    await leavesNoTrace(engine, async () => {
      const state = { finished: false };
      const source = endless(() => new Promise((r) => setTimeout(r, 5)), state);
      const error = await engine.sumStream(source, { type: Float64Array, signal: AbortSignal.timeout(60) }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('TimeoutError');
      await until(() => state.finished);
    });
  });
});

describe('a source that fails', () => {
  const engine = streamEngine(2);
  const failure = new Error('disk on fire');

  it('an iterator that throws: rejects with its error', async () => {
    await leavesNoTrace(engine, async () => {
      const source = endless((i) => { if (i === 45) throw failure; }, { finished: false });
      await expect(engine.sumStream(source, { type: Float64Array })).rejects.toBe(failure);
    });
  });

  it('a ReadableStream that errors: rejects with its error', async () => {
    await leavesNoTrace(engine, async () => {
      let i = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (++i === 25) c.error(failure);
          else c.enqueue(bytes.slice(0, piece));
        },
      }, { highWaterMark: 0 });
      await expect(engine.sumStream(stream, { type: Float64Array })).rejects.toBe(failure);
    });
  });

  it('a Node Readable that errors: rejects with its error', async () => {
    await leavesNoTrace(engine, async () => {
      let i = 0;
      const readable = new Readable({
        read() {
          if (++i === 25) this.destroy(failure);
          else this.push(Buffer.from(bytes.subarray(0, piece)));
        },
      });
      await expect(engine.sumStream(readable, { type: Float64Array })).rejects.toBe(failure);
    });
  });

  it('onProgress that throws: rejects with its error and stops the source', async () => {
    await leavesNoTrace(engine, async () => {
      const state = { finished: false };
      const source = endless(() => new Promise((r) => setTimeout(r, 2)), state);
      await expect(engine.sumStream(source, { type: Float64Array, onProgress: () => { throw failure; } })).rejects.toBe(failure);
      await until(() => state.finished);
    });
  });
});

describe('onProgress', () => {
  const engine = streamEngine(2);

  it('at most every 100 ms while reading, and once at the end with the totals', async () => {
    const calls: Array<{ at: number; bytes: number; elements: number; totalBytes: number | undefined }> = [];
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += piece) {
        await new Promise((r) => setTimeout(r, 3));
        yield bytes.subarray(at, at + piece);
      }
    }
    const started = performance.now();
    await engine.sumStream(slow(), { type: Float64Array, onProgress: (p) => { calls.push({ at: performance.now(), ...p }); } });
    const took = performance.now() - started;
    const last = calls.at(-1)!;
    expect(last).toMatchObject({ bytes: bytes.length, elements: data.length, totalBytes: undefined });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(Math.floor(took / 100) + 1);
    // 100 ms apart by the sum's clock; read here, inside the callbacks, a pause (GC, a busy machine)
    // between the sum's reading of its clock and the call can shift a time by a few ms.
    for (let i = 1; i < calls.length - 1; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(90);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.bytes).toBeGreaterThanOrEqual(calls[i - 1]!.bytes);
  });

  it('knows the total of a Blob and of a Response with a Content-Length', async () => {
    const seen: Array<number | undefined> = [];
    await engine.sumStream(new Blob([bytes as Uint8Array<ArrayBuffer>]), { type: Float64Array, onProgress: (p) => { seen.push(p.totalBytes); } });
    const response = new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), { headers: { 'content-length': String(bytes.length) } });
    await engine.sumStream(response, { type: Float64Array, onProgress: (p) => { seen.push(p.totalBytes); } });
    expect(seen).toEqual([bytes.length, bytes.length]);
  });
});

describe('the engine', () => {
  it('close() waits for a stream in progress; a stream after close() is refused', async () => {
    const engine = streamEngine(2);
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    async function* gated(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, piece);
      await gate;
      yield bytes.subarray(piece);
    }
    const expected = engine.sumSync(data);
    const sum = engine.sumStream(gated(), { type: Float64Array });
    await new Promise((r) => setTimeout(r, 20));
    let closed = false;
    const closing = engine.close().then(() => { closed = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    release();
    expect(await sum).toBeSameBits(expected);
    await closing;
    await expect(engine.sumStream([bytes], { type: Float64Array })).rejects.toBeInstanceOf(EngineClosedError);
  });
});


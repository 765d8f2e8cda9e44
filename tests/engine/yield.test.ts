// A long sum on the calling thread (an input outside shared memory) gives the event loop a turn by
// the clock, not by the byte: every 2 ms of work where a turn is cheap (so an abort lands within a few
// milliseconds), and less often where a turn is dear (WebKitGTK's MessageChannel takes 0.5 to 1 ms),
// so that yielding never costs more than a few percent of the sum.
import { afterAll, describe, expect, test } from 'vitest';
import { ParallelSum } from '../../dist/index.js';
import { debug } from '../fixtures/engine.js';

const engines: ParallelSum[] = [];
afterAll(() => Promise.all(engines.map((engine) => engine.close())));

const busy = (ms: number): void => {
  for (const end = performance.now() + ms; performance.now() < end;);
};

/** An engine whose yield to the event loop is `turn`, counted and timed. */
function engineWith(turn: () => Promise<void>) {
  const engine = new ParallelSum({ maxWorkers: 1 });
  engines.push(engine);
  const record = { yields: 0, yieldMs: 0, gaps: [] as number[] };
  let last = 0;
  debug(engine).platform.yield = async () => {
    const start = performance.now();
    if (record.yields > 0) record.gaps.push(start - last);
    record.yields++;
    await turn();
    last = performance.now();
    record.yieldMs += last - start;
  };
  return { engine, record };
}

// 128 MiB of doubles outside shared memory: tens of milliseconds of kernel work, 32 slices of 4 MiB.
const xs = new Float64Array(16 << 20).fill(0.5);

describe('the calling thread yields by elapsed time', () => {
  test('a dear turn (2 ms, as in WebKitGTK or worse): 16 ms slices, so turns cost a few percent', async () => {
    const { engine, record } = engineWith(async () => busy(2));
    const start = performance.now();
    expect(await engine.sum(xs)).toBe(xs.length / 2);
    const work = performance.now() - start - record.yieldMs;
    expect(record.yields).toBeGreaterThan(0);
    // After a 2 ms turn a slice lasts 16 ms (20 turns' worth, at most one frame); only the first,
    // before the cost of a turn is known, is shorter (2 ms). Yielding every 4 MiB, as before, made
    // 31 turns here: 62 ms of turns for a sum of about 30 ms.
    expect(record.yields).toBeLessThanOrEqual(1 + Math.ceil(work / 16));
    for (const gap of record.gaps) expect(gap).toBeGreaterThanOrEqual(16);
  });

  test('a cheap turn: a yield at least every few milliseconds of work, so an abort lands soon', async () => {
    // A microtask, not a real turn: its cost is microseconds whatever else the process is doing.
    const { engine, record } = engineWith(() => Promise.resolve());
    const start = performance.now();
    expect(await engine.sum(xs)).toBe(xs.length / 2);
    const work = performance.now() - start - record.yieldMs;
    // 2 ms slices (a chunk more at most): far more yields than one per 8 ms of work.
    expect(record.yields).toBeGreaterThanOrEqual(Math.floor(work / 8));
    expect(record.yields).toBeGreaterThan(0);
  });

  test('an abort between slices rejects with the reason, and the engine stays correct', async () => {
    const { engine, record } = engineWith(() => new Promise((resolve) => setImmediate(resolve)));
    const controller = new AbortController();
    const reason = new Error('stop');
    const promise = engine.sum(xs, { signal: controller.signal });
    setImmediate(() => controller.abort(reason));
    await expect(promise).rejects.toBe(reason);
    expect(record.yields).toBeGreaterThan(0);
    expect(await engine.sum(xs.subarray(0, 1000))).toBe(500);
  });
});

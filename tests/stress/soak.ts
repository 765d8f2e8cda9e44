// Scenario "soak": many small sums (inline, with options, exact, number[] inputs, signals that never
// abort, sumSync) and many large ones (assisted and queued on workers, several at once so that calls
// wait for permits and hand them on), every answer checked. After a warm-up (the first tenth), the
// process's resident memory, the JavaScript heap (after full collections) and the engine's memory in
// use must stay flat: a few bytes kept per call (once, ~580 bytes per queued call in the semaphore)
// add up to megabytes here. Bounds: heap +2 MiB, RSS +48 MiB, engine memory in use +0 bytes.
import { expect } from 'vitest';
import { doubles } from '../fixtures/data.js';
import { sizes } from '../fixtures/engine.js';
import { Checker, closeEngine, expectIdle, scale, settleAll, stressEngine, type Result } from './common.js';
import { exactFloatSum, fastFloatSum } from './reference.js';

const kHeapBound = 2 * 2 ** 20;
const kRssBound = 48 * 2 ** 20;
const MiB = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

function measure(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the soak needs --expose-gc (tests/stress/vitest.config.ts passes it)');
  // Several passes: weak maps and finalizers need more than one to let go.
  for (let i = 0; i < 4; i++) gc();
  return { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
}

export async function soak(): Promise<Result> {
  const small = scale(200_000, 20_000);
  const large = scale(2_000, 200);
  const check = new Checker();
  const engine = stressEngine({ maxWorkers: 2 });
  const values = doubles(1000, 11);
  const view = engine.alloc(Float64Array, values.length);
  view.set(values);
  const ints = engine.alloc(Int32Array, 3000).fill(-7);
  const array = [...values.subarray(0, 16)];
  const bigValues = doubles(sizes.workers, 12);
  const big = engine.alloc(Float64Array, bigValues.length);
  big.set(bigValues);
  const mid = big.subarray(0, sizes.assisted);
  const expected = {
    view: fastFloatSum(values, 8), viewExact: exactFloatSum(values), ints: -7 * 3000, array: fastFloatSum(array, 8),
    big: fastFloatSum(bigValues, 8), bigExact: exactFloatSum(bigValues), mid: fastFloatSum(bigValues.subarray(0, sizes.assisted), 8),
  };
  const used = engine.stats().memory.used;

  // One batch: 1,000 small calls at once, then ten large ones at once.
  let smallDone = 0;
  let largeDone = 0;
  const batch = async (smallCount: number, largeCount: number): Promise<void> => {
    const calls: Array<Promise<void>> = [];
    for (let i = 0; i < smallCount; i++) {
      const k = (smallDone + i) % 6;
      if (k === 0) calls.push(engine.sum(view).then((got) => check.same('small view', got, expected.view)));
      else if (k === 1) calls.push(engine.sum(view, { precision: 'exact' }).then((got) => check.same('small exact', got, expected.viewExact)));
      else if (k === 2) calls.push(engine.sum(array).then((got) => check.same('number[16]', got, expected.array)));
      else if (k === 3) {
        calls.push(engine.sum(ints, { signal: new AbortController().signal }).then((got) => check.same('ints with a signal', got, expected.ints)));
      }
      else if (k === 4) calls.push(engine.sum(view, { maxWorkers: 1 }).then((got) => check.same('small, maxWorkers 1', got, expected.view)));
      else check.same('sumSync', engine.sumSync(view), expected.view);
    }
    smallDone += smallCount;
    for (let i = 0; i < largeCount; i++) {
      const k = (largeDone + i) % 4;
      const label = `large ${largeDone + i}`;
      if (k === 0) calls.push(engine.sum(big).then((got) => check.same(label, got, expected.big)));
      else if (k === 1) calls.push(engine.sum(big, { precision: 'exact', maxWorkers: 1 }).then((got) => check.same(label, got, expected.bigExact)));
      else if (k === 2) calls.push(engine.sum(mid).then((got) => check.same(label, got, expected.mid)));
      else calls.push(engine.sum(big, { signal: new AbortController().signal }).then((got) => check.same(label, got, expected.big)));
    }
    largeDone += largeCount;
    await settleAll(calls, 60_000, `soak batch ${smallDone / 1000}`);
  };
  const batches = small / 1000;
  const largePerBatch = large / batches;
  const warmUp = batches / 10;
  for (let b = 0; b < warmUp; b++) await batch(1000, largePerBatch);
  const before = { ...measure(), used: engine.stats().memory.used };
  for (let b = warmUp; b < batches; b++) await batch(1000, largePerBatch);
  const after = { ...measure(), used: engine.stats().memory.used };
  check.done();
  expect(smallDone).toBe(small);
  expect(largeDone).toBe(large);
  const growth = { heap: after.heap - before.heap, rss: after.rss - before.rss, used: after.used - before.used };
  expect(growth.heap, `heap growth after warm-up (${MiB(growth.heap)} MiB)`).toBeLessThan(kHeapBound);
  expect(growth.rss, `RSS growth after warm-up (${MiB(growth.rss)} MiB)`).toBeLessThan(kRssBound);
  expect(growth.used, 'engine memory in use').toBe(0);
  expectIdle(engine, used, 'after the soak');
  for (const v of [view, ints, big]) engine.free(v);
  await closeEngine(engine);
  return {
    scenario: 'soak',
    facts: {
      small, large, checked: check.checked,
      'heap MiB after warm-up': MiB(before.heap), 'heap growth MiB': MiB(growth.heap),
      'rss MiB after warm-up': MiB(before.rss), 'rss growth MiB': MiB(growth.rss), 'used growth bytes': growth.used,
    },
  };
}

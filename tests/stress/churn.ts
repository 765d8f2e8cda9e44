// Scenario "churn": views allocated and freed at random while sums run, so that the engine's memory
// grows (a larger buffer, blocks past the end every thread saw so far) and holes open and close under
// running jobs, on every path, with the schedule fuzzer on and off. Values are small integers, so
// every sum is exact in any order and its reference is a plain JavaScript sum; each view also keeps a
// weighted checksum, verified before it is freed and at the end: a write outside a job's input, or a
// growth that moved or lost data, shows. A third engine has a 32 MiB limit (12 MiB quick) and is filled to the last
// byte: allocations are refused with OutOfMemoryError, and sums that find no room for their job block
// run on the calling thread instead, with the same answers. Each engine ends idle with the memory use
// it started with.
import { expect } from 'vitest';
import type { ParallelSum } from '../../dist/index.js';
import { rng } from '../fixtures/data.js';
import { debug, thresholds } from '../fixtures/engine.js';
import { bounded, Checker, closeEngine, expectIdle, scale, settleAll, stressEngine, tick, type Result } from './common.js';

type View = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array;
const ctors = [Float64Array, Float32Array, Int32Array, Int16Array, Uint8Array] as const;

interface Live {
  view: View;
  sum: number;
  checksum: number;
  /** Sums over this view not settled yet: it must not be freed before (see the README). */
  busy: number;
}

// A weighted sum, so that values moved within the view show as well as changed ones.
function checksum(view: View): number {
  let total = 0;
  for (let i = 0; i < view.length; i++) total += view[i]! * ((i % 7) + 1);
  return total;
}

function fill(view: View, seed: number): number {
  let s = seed >>> 0 || 1;
  let total = 0;
  const low = view instanceof Uint8Array ? 0 : -100;
  for (let i = 0; i < view.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const value = low + ((s >>> 0) % (101 - low));
    view[i] = value;
    total += value;
  }
  return total;
}

interface Counts {
  allocs: number;
  'allocs refused (full)': number;
  'sums with no room for a job': number;
  frees: number;
  sums: number;
  growths: number;
  'growths while sums ran': number;
  'memory MiB': number;
}

async function churnOne(engine: ParallelSum, seed: number, check: Checker, counts: Counts): Promise<void> {
  const random = rng(seed);
  // Fewer steps on a limited memory: once full, each step tops it up and waits a turn.
  const max = engine.stats().memory.max;
  const steps = max < 2 ** 32 ? scale(80, 30) : scale(240, 50);
  // Live bytes the churn climbs to, growing the memory on the way (past a limited memory's end).
  const cap = max < 2 ** 32 ? 2 * max : scale(96, 24) * 2 ** 20;
  const used = engine.stats().memory.used;
  const live: Live[] = [];
  const sums: Array<Promise<void>> = [];
  let liveBytes = 0;
  const verify = (item: Live, when: string): void => {
    const got = checksum(item.view);
    const name = `${item.view.constructor.name}[${item.view.length}]`;
    if (got !== item.checksum) check.fail(`${when}: a ${name} changed (checksum ${got}, expected ${item.checksum})`);
  };
  // A new view, filled and tracked; undefined if the memory is full (a `maxMemory` engine).
  const allocate = (ctor: typeof ctors[number], bytes: number, fillSeed: number): Live | undefined => {
    const size = engine.stats().memory.size;
    const running = engine.stats().pending;
    let view: View;
    try {
      view = engine.alloc(ctor, Math.max(1, Math.floor(bytes / ctor.BYTES_PER_ELEMENT))) as View;
    } catch (error) {
      if ((error as Error).name !== 'OutOfMemoryError' || max === 2 ** 32) throw error;
      counts['allocs refused (full)']++;
      return undefined;
    }
    if (engine.stats().memory.size > size) {
      counts.growths++;
      if (running > 0) counts['growths while sums ran']++;
    }
    const item: Live = { view, sum: fill(view, fillSeed), checksum: 0, busy: 0 };
    item.checksum = checksum(view);
    live.push(item);
    liveBytes += view.byteLength;
    counts.allocs++;
    return item;
  };
  for (let step = 0; step < steps; step++) {
    // A new view: 64 bytes to 6 MiB, log-uniform (most small, some on the assisted and workers paths).
    const ctor = ctors[Math.floor(random() * ctors.length)]!;
    // The first two steps are sure to reach the workers and the assisted path.
    // On a limited memory the third asks for all of it: refused, so the memory is topped up to full.
    const bytes = step === 0 ? 5 << 20 : step === 1 ? 2 << 20 : step === 2 && max < 2 ** 32 ? max
      : Math.round(64 * 2 ** (random() * Math.log2((6 << 20) / 64)));
    const made = allocate(ctor, bytes, seed * 1000 + step);
    if (made === undefined) {
      // Earlier sums settle first: then the new ones below hold no queue place behind them, and look
      // for room for their job blocks within this step.
      await settleAll(sums, 120_000, 'churn sums');
      // Full: top it up with views of half the size, then a quarter, ..., down to 64 bytes, so that
      // the sums below find no room for their job blocks and run on the calling thread (the
      // documented fallback).
      for (let piece = bytes >> 1, k = 0; piece >= 64; k++) {
        if (allocate(Uint8Array, piece, seed * 1000 + step + k) === undefined) piece >>= 1;
      }
    }
    // Sums over random live views, left running while the next views are allocated and freed.
    // When the memory is full, the first sum is over a view too large to be summed inline: it needs a
    // job block, and there is no room for one.
    const full = made === undefined;
    const large = live.filter((l) => l.view.byteLength >= thresholds.inline);
    for (let k = step < 2 || full ? 1 + Math.floor(random() * 3) : Math.floor(random() * 4); k > 0; k--) {
      const target = step < 2 && made !== undefined ? made
        : full && large.length > 0 ? large[Math.floor(random() * large.length)]! : live[Math.floor(random() * live.length)]!;
      const precision = random() < 0.3 ? 'exact' as const : 'fast' as const;
      const maxWorkers = 1 + Math.floor(random() * 2);
      target.busy++;
      const label = `step ${step}: ${target.view.constructor.name}[${target.view.length}] (${precision})`;
      sums.push(engine.sum(target.view, { precision, maxWorkers }).then(
        (got) => check.same(label, got, target.sum),
        (error: unknown) => check.fail(`${label} rejected: ${String(error)}`),
      ).finally(() => { target.busy--; }));
      counts.sums++;
    }
    // Sums started on a full memory look for room for their job blocks before anything is freed.
    if (full) await tick();
    // Free views whose sums have settled, more often as the live bytes near the cap.
    while (liveBytes > cap * random()) {
      const idle = live.filter((l) => l.busy === 0);
      if (idle.length === 0) break;
      const gone = idle[Math.floor(random() * idle.length)]!;
      verify(gone, `step ${step}`);
      engine.free(gone.view);
      live.splice(live.indexOf(gone), 1);
      liveBytes -= gone.view.byteLength;
      counts.frees++;
    }
    if (random() < 0.5) await tick();
  }
  await settleAll(sums, 120_000, 'churn sums');
  for (const item of live) {
    verify(item, 'at the end');
    const got = await bounded(engine.sum(item.view), 30_000, 'a sum at the end');
    check.same(`at the end: ${item.view.constructor.name}[${item.view.length}]`, got, item.sum);
    engine.free(item.view);
  }
  counts['memory MiB'] = Math.max(counts['memory MiB'], Math.round(engine.stats().memory.size / 2 ** 20));
  expectIdle(engine, used, 'after the churn');
}

export async function churn(seed = 3): Promise<Result> {
  const check = new Checker();
  const counts: Counts = {
    allocs: 0, 'allocs refused (full)': 0, frees: 0, sums: 0, 'sums with no room for a job': 0, growths: 0,
    'growths while sums ran': 0, 'memory MiB': 0,
  };
  // With the fuzzer (workers pause at random points, so growths land mid-chunk) and without; then with
  // a 32 MiB [12 MiB] limit that the churn fills, so allocations are refused and sums find no room for a job.
  for (const [fuzz, maxMemory] of [[seed, undefined], [undefined, undefined], [seed + 2, scale(32, 12) << 20]] as const) {
    const engine = stressEngine({ maxWorkers: 2, fuzz, maxMemory });
    await churnOne(engine, seed + (fuzz ?? 1), check, counts);
    const paths = debug(engine).paths();
    expect(paths.workers, 'sums on workers').toBeGreaterThan(0);
    expect(paths.assisted, 'assisted sums').toBeGreaterThan(0);
    if (maxMemory !== undefined) {
      counts['sums with no room for a job'] += paths.fallback;
      expect(counts['allocs refused (full)'], 'allocations refused by a full memory').toBeGreaterThan(0);
      expect(paths.fallback, 'sums with no room for their job block').toBeGreaterThan(0);
    } else expect(paths.fallback, 'sums on the calling thread instead of workers').toBe(0);
    await closeEngine(engine);
  }
  check.done();
  expect(counts['growths while sums ran'], 'growths while sums ran').toBeGreaterThan(scale(20, 4));
  return { scenario: 'churn', facts: { checked: check.checked, ...counts } };
}

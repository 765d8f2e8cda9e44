// Scenario "churn": views allocated and freed at random while sums run, so that the engine's memory
// grows (a larger buffer, blocks past the end every thread saw so far) and holes open and close under
// running jobs, on every path, with the schedule fuzzer on and off. Values are small integers, so
// every sum is exact in any order and its reference is a plain JavaScript sum; each view also keeps a
// weighted checksum, verified before it is freed and at the end: a write outside a job's input, or a
// growth that moved or lost data, shows. The engine ends idle with the memory use it started with.
import { expect } from 'vitest';
import type { ParallelSum } from '../../dist/index.js';
import { rng } from '../fixtures/data.js';
import { debug, testEngine } from '../fixtures/engine.js';
import { bounded, Checker, expectIdle, scale, settleAll, tick, type Result } from './common.js';

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
  frees: number;
  sums: number;
  growths: number;
  'growths while sums ran': number;
  'memory MiB': number;
}

async function churnOne(engine: ParallelSum, seed: number, check: Checker, counts: Counts): Promise<void> {
  const random = rng(seed);
  const steps = scale(240, 50);
  const cap = scale(96, 24) * 2 ** 20; // live bytes the churn climbs to, growing the memory on the way
  const used = engine.stats().memory.used;
  const live: Live[] = [];
  const sums: Array<Promise<void>> = [];
  let liveBytes = 0;
  const verify = (item: Live, when: string): void => {
    const got = checksum(item.view);
    if (got !== item.checksum) check.fail(`${when}: a ${item.view.constructor.name}[${item.view.length}] changed (checksum ${got}, expected ${item.checksum})`);
  };
  for (let step = 0; step < steps; step++) {
    // A new view: 64 bytes to 6 MiB, log-uniform (most small, some on the assisted and workers paths).
    const ctor = ctors[Math.floor(random() * ctors.length)]!;
    const bytes = Math.round(64 * 2 ** (random() * Math.log2((6 << 20) / 64)));
    const size = engine.stats().memory.size;
    const running = engine.stats().pending;
    const view = engine.alloc(ctor, Math.max(1, Math.floor(bytes / ctor.BYTES_PER_ELEMENT))) as View;
    if (engine.stats().memory.size > size) {
      counts.growths++;
      if (running > 0) counts['growths while sums ran']++;
    }
    const item: Live = { view, sum: fill(view, seed * 1000 + step), checksum: 0, busy: 0 };
    item.checksum = checksum(view);
    live.push(item);
    liveBytes += view.byteLength;
    // Sums over random live views, left running while the next views are allocated and freed.
    for (let k = Math.floor(random() * 4); k > 0; k--) {
      const target = live[Math.floor(random() * live.length)]!;
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
    check.same(`at the end: ${item.view.constructor.name}[${item.view.length}]`, await bounded(engine.sum(item.view), 30_000, 'a sum at the end'), item.sum);
    engine.free(item.view);
  }
  counts.allocs += steps;
  counts['memory MiB'] = Math.max(counts['memory MiB'], Math.round(engine.stats().memory.size / 2 ** 20));
  expectIdle(engine, used, 'after the churn');
}

export async function churn(seed = 3): Promise<Result> {
  const check = new Checker();
  const counts: Counts = { allocs: 0, frees: 0, sums: 0, growths: 0, 'growths while sums ran': 0, 'memory MiB': 0 };
  // With the fuzzer (workers pause at random points, so growths land mid-chunk) and without.
  for (const fuzz of [seed, undefined]) {
    const engine = testEngine({ maxWorkers: 2, fuzz });
    await churnOne(engine, seed + (fuzz === undefined ? 1 : 0), check, counts);
    const paths = debug(engine).paths();
    expect(paths.workers, 'sums on workers').toBeGreaterThan(0);
    expect(paths.assisted, 'assisted sums').toBeGreaterThan(0);
    await engine.close();
  }
  check.done();
  expect(counts['growths while sums ran'], 'growths while sums ran').toBeGreaterThan(scale(20, 4));
  return { scenario: 'churn', facts: { checked: check.checked, ...counts } };
}

// Scenario "fuzz": schedule fuzzing over many seeds. Each seed makes an engine whose workers and
// calling thread pause at random points of every chunk (claim, sum, store, count done, take a task,
// clear the running flag: src/worker/fuzz.ts), and drives a random mix of calls on every path,
// precision and bound, some aborted at random moments, some made before the workers are ready, now
// and then with close() called in the middle (calls made before it finish; those after reject); every
// answer is checked against the independent references, and the engine must be idle with its memory
// given back after each seed. A failure names its seed: `npm run stress -- --seed=N` replays it
// (`--seeds=N` runs N seeds per mode instead of 600). Most of a seed's time is its threads' start-up.
import { expect } from 'vitest';
import { rng } from '../fixtures/data.js';
import { makeSpecs, place, type Spec } from './cases.js';
import { bounded, Checker, closeEngine, expectIdle, scale, settleAll, show, sleep, stressEngine, tick, type Result } from './common.js';

/** The inputs every seed sums: a few kinds, on each path, whole and ragged. */
function inputs(): Spec[] {
  const wanted = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'BigUint64Array', 'Uint8Array']);
  return makeSpecs(1).filter((s) => s.place === 'engine' && s.size !== 'tiny' && s.size !== 'oneChunk'
    && wanted.has(s.values.constructor.name) && (s.size !== 'inline' || s.range !== undefined));
}

interface Counts {
  calls: number;
  aborted: number;
  'closed mid-run': number;
}

async function runSeed(seed: number, specs: Spec[], check: Checker, counts: Counts): Promise<void> {
  const random = rng(seed);
  const engine = stressEngine({ maxWorkers: 1 + (seed % 3), fuzz: seed });
  // A few inputs per seed (copying all of them would cost more than the sums).
  const chosen = Array.from({ length: 4 }, () => specs[Math.floor(random() * specs.length)]!);
  const { cases, free } = place(engine, [...new Set(chosen)]);
  const used = engine.stats().memory.used;
  if (random() < 0.5) await bounded(engine.ready({ workers: engine.maxWorkers }), 60_000, `seed ${seed}: ready`);
  const calls: Array<Promise<void>> = [];
  const n = 6 + Math.floor(random() * 10);
  // Now and then the engine is closed mid-run: calls made before finish, calls made after reject.
  const closeAt = random() < 0.15 ? Math.floor(random() * n) : -1;
  let closing: Promise<void> | undefined;
  for (let call = 0; call < n; call++) {
    if (call === closeAt) {
      closing = engine.close();
      counts['closed mid-run']++;
    }
    const closed = closing !== undefined;
    const c = cases[Math.floor(random() * cases.length)]!;
    const precision = random() < 0.3 ? 'exact' as const : 'fast' as const;
    const maxWorkers = 1 + Math.floor(random() * 3);
    const controller = random() < 0.2 ? new AbortController() : undefined;
    const label = `seed ${seed}, call ${call} (${c.spec.label}, ${precision}, maxWorkers ${maxWorkers})`;
    const expected = precision === 'exact' ? c.spec.exact : c.spec.fast;
    counts.calls++;
    calls.push(engine.sum(c.data as Float64Array, { precision, maxWorkers, signal: controller?.signal }).then(
      (got) => {
        if (closed) check.fail(`${label}: resolved although made after close()`);
        check.same(label, got, expected);
      },
      (error: unknown) => {
        check.checked++;
        if (closed) {
          if ((error as Error | undefined)?.name !== 'EngineClosedError') check.fail(`${label} after close() rejected with ${show(error)}`);
          return;
        }
        counts.aborted++;
        if (controller === undefined || !Object.is(error, controller.signal.reason)) check.fail(`${label} rejected with ${show(error)}`);
      },
    ));
    if (controller !== undefined) void sleep(random() * 3).then(() => controller.abort(new Error(`abort ${call}`)));
    if (random() < 0.3) await tick();
  }
  await settleAll(calls, 60_000, `seed ${seed}`);
  if (closing !== undefined) {
    await bounded(closing, 60_000, `seed ${seed}: close()`);
    expect(engine.stats().workers, `seed ${seed}: threads after close()`).toBe(0);
  }
  expectIdle(engine, used, `seed ${seed}`);
  free();
  await closeEngine(engine);
}

export async function fuzz(): Promise<Result> {
  const replay = process.env.STRESS_SEED === undefined ? undefined : Number(process.env.STRESS_SEED);
  const seeds = replay !== undefined ? 1 : process.env.STRESS_SEEDS !== undefined ? Number(process.env.STRESS_SEEDS) : scale(600, 30);
  const first = replay ?? 1;
  const specs = inputs();
  const check = new Checker();
  const counts = { seeds, calls: 0, aborted: 0, 'closed mid-run': 0 };
  for (let seed = first; seed < first + seeds; seed++) {
    await runSeed(seed, specs, check, counts);
    // Stop at the first failing seed: its name is the replay.
    if (check.failures > 0) break;
  }
  check.done();
  return { scenario: 'fuzz', facts: { checked: check.checked, ...counts } };
}

// Scenario "kills": worker threads killed (terminated through the debug seam, as a crash would end
// them) at random moments: mid-chunk, between rounds, while idle, one or all at once, while sums of
// every path and both precisions run, some of them aborted too. Each call resolves with the right sum
// (what a dead worker left undone is summed again by a replacement), rejects with the documented
// WorkerError (workers died four rounds in a row during one sum) or with its own abort reason; nothing
// else. The engine never has more threads than its bound, even while replacing dead ones. Afterwards the engine has recovered: right
// sums, no more threads than its bound, idle, the parallel path still on, the memory it had before.
// Only threads that reported ready are killed: one killed while starting counts as a failed start-up,
// and three in a row switch the pool off for good (tests/engine/crash.test.ts covers that).
import { expect } from 'vitest';
import { rng } from '../fixtures/data.js';
import { makeSpecs, place } from './cases.js';
import { bounded, Checker, closeEngine, expectIdle, scale, settleAll, show, sleep, stressEngine, tick, trackReady, watchBound, type Result } from './common.js';

export async function kills(seed = 4): Promise<Result> {
  const total = scale(150, 15);
  const random = rng(seed);
  const check = new Checker();
  const counts = { kills: 0, 'all at once': 0, 'while busy': 0, calls: 0, resolved: 0, 'WorkerError': 0, aborted: 0 };
  // Slowed by the fuzzer, so a kill lands mid-sum; three workers, so some survive a single kill.
  const engine = stressEngine({ maxWorkers: 3, fuzz: seed });
  const ready = trackReady(engine);
  const specs = makeSpecs(1).filter((s) => s.place === 'engine' && (s.size === 'workers' || s.size === 'assisted'));
  const { cases, free } = place(engine, specs);
  const used = engine.stats().memory.used;
  await engine.ready({ workers: 3 });
  const stop = watchBound(engine);
  while (counts.kills < total) {
    const calls: Array<Promise<void>> = [];
    for (let k = 1 + Math.floor(random() * 5); k > 0; k--) {
      const c = cases[Math.floor(random() * cases.length)]!;
      const precision = random() < 0.3 ? 'exact' as const : 'fast' as const;
      // Some are aborted too, at a random moment: a death and an abort in the same round.
      const controller = random() < 0.2 ? new AbortController() : undefined;
      if (controller !== undefined) void sleep(random() * 6).then(() => controller.abort());
      const label = `${c.spec.label} (${precision}${controller ? ', aborted' : ''})`;
      counts.calls++;
      calls.push(engine.sum(c.data as Float64Array, { precision, maxWorkers: 1 + Math.floor(random() * 3), signal: controller?.signal }).then(
        (got) => {
          counts.resolved++;
          check.same(label, got, precision === 'exact' ? c.spec.exact : c.spec.fast);
        },
        (error: unknown) => {
          check.checked++;
          if (controller !== undefined && Object.is(error, controller.signal.reason)) counts.aborted++;
          else if ((error as Error).name === 'WorkerError' && /workers died \d+ times during one sum/.test((error as Error).message)) {
            counts.WorkerError++;
          }
          else check.fail(`${label} rejected with ${show(error)}`);
        },
      ));
    }
    // A random moment: right away, a few turns, a few milliseconds, or once workers have summed a chunk.
    const r = random();
    if (r < 0.2) await tick();
    else if (r < 0.5) await sleep(random() * 6);
    else {
      const chunks = engine.stats().chunks;
      const deadline = performance.now() + 20;
      while (engine.stats().chunks === chunks && performance.now() < deadline) await tick();
    }
    const victims = ready();
    if (victims.length > 0) {
      const all = random() < 0.15;
      const chosen = all ? victims : [victims[Math.floor(random() * victims.length)]!];
      if (all) counts['all at once']++;
      if (engine.stats().busy > 0) counts['while busy']++;
      counts.kills += chosen.length;
      await bounded(Promise.all(chosen.map((worker) => worker.terminate())), 30_000, 'terminate');
    }
    await settleAll(calls, 60_000, 'sums with workers killed');
    // Recovered: a sum after the kills is right, on workers.
    const c = cases[Math.floor(random() * cases.length)]!;
    check.same(`after a kill: ${c.spec.label}`, await bounded(engine.sum(c.data as Float64Array), 30_000, c.spec.label), c.spec.fast);
  }
  await settleAll([engine.ready({ workers: 3 })], 60_000, 'threads started again');
  for (const c of cases) {
    check.same(`at the end: ${c.spec.label}`, await bounded(engine.sum(c.data as Float64Array), 30_000, c.spec.label), c.spec.fast);
  }
  stop();
  expectIdle(engine, used, 'after the kills');
  expect(engine.stats().workers).toBe(3);
  check.done();
  free();
  await closeEngine(engine);
  return { scenario: 'kills', facts: { checked: check.checked, ...counts } };
}

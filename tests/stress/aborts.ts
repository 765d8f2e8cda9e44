// Scenario "aborts": calls aborted at random moments with every kind of reason: abort() with no reason
// (an AbortError DOMException), an Error, a string, AbortSignal.timeout, AbortSignal.any of
// controllers and timeouts, an already-aborted signal; at random moments: before the call, right
// after it, a microtask, a few event-loop turns or milliseconds later, once workers have summed a
// chunk of something. Sometimes one signal is shared by a whole batch. Every promise settles; each
// either resolves with the right sum (it finished before the abort landed) or rejects with exactly
// `signal.reason`; a call whose signal was aborted before it was made always rejects. No listener is
// left on any signal, no warning is printed, and the engines are idle and right afterwards.
import { getEventListeners } from 'node:events';
import { expect } from 'vitest';
import type { ParallelSum } from '../../dist/index.js';
import { rng } from '../fixtures/data.js';
import { makeSpecs, place, type Case } from './cases.js';
import { bounded, Checker, closeEngine, collectWarnings, expectIdle, scale, settleAll, show, sleep, stressEngine, tick, type Result } from './common.js';

const reasonKinds = ['none', 'error', 'string', 'timeout', 'any', 'any-timeout', 'pre-aborted'] as const;
const moments = ['before', 'sync', 'microtask', 'immediate', 'timer', 'running'] as const;
type Moment = typeof moments[number];

/** A signal, and what aborts it (nothing: it aborts by itself, from a timeout). */
interface Abort {
  signal: AbortSignal;
  kind: typeof reasonKinds[number];
  trigger: (() => void) | undefined;
}

function makeAbort(random: () => number, id: number): Abort {
  const kind = reasonKinds[Math.floor(random() * reasonKinds.length)]!;
  const reason = (): unknown => {
    const r = random();
    return r < 0.25 ? undefined : r < 0.5 ? new Error(`abort ${id}`) : r < 0.75 ? `abort ${id}` : { id };
  };
  const controller = new AbortController();
  switch (kind) {
    case 'none': return { kind, signal: controller.signal, trigger: () => controller.abort() };
    case 'error': return { kind, signal: controller.signal, trigger: () => controller.abort(new Error(`abort ${id}`)) };
    case 'string': return { kind, signal: controller.signal, trigger: () => controller.abort(`abort ${id}`) };
    case 'timeout': return { kind, signal: AbortSignal.timeout(Math.floor(random() * 6)), trigger: undefined };
    case 'any': {
      const other = new AbortController();
      const which = random() < 0.5 ? controller : other;
      const why = reason();
      return { kind, signal: AbortSignal.any([controller.signal, other.signal]), trigger: () => which.abort(why) };
    }
    case 'any-timeout': {
      // Whichever comes first: the timeout, or the controller at the chosen moment.
      const why = reason();
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(1 + Math.floor(random() * 5))]);
      return { kind, signal, trigger: () => controller.abort(why) };
    }
    case 'pre-aborted': return { kind, signal: AbortSignal.abort(reason()), trigger: undefined };
  }
}

/** Runs `trigger` at `moment` (after the call was made; 'before' is handled by the caller). */
async function at(moment: Moment, trigger: () => void, engine: ParallelSum, random: () => number): Promise<void> {
  switch (moment) {
    case 'before':
    case 'sync': return trigger();
    case 'microtask': return queueMicrotask(trigger);
    case 'immediate': {
      for (let turns = 1 + Math.floor(random() * 3); turns > 0; turns--) await tick();
      return trigger();
    }
    case 'timer': return sleep(random() * 4).then(trigger);
    case 'running': {
      // Once workers have summed a chunk more (or a few milliseconds have passed: this call may run on
      // the calling thread, or be over already).
      const chunks = engine.stats().chunks;
      const deadline = performance.now() + 5;
      while (engine.stats().chunks === chunks && performance.now() < deadline) await tick();
      return trigger();
    }
  }
}

export async function aborts(seed = 2): Promise<Result> {
  const total = scale(1_000, 200);
  const random = rng(seed);
  const check = new Checker();
  const warnings = collectWarnings();
  // The fuzzer slows one engine's workers with random pauses, so aborts land mid-sum however fast or
  // loaded the machine is; the other runs at full speed.
  const engines = [stressEngine({ maxWorkers: 2, fuzz: seed }), stressEngine({ maxWorkers: 3 })].map((engine) => {
    const specs = makeSpecs(1).filter((s) => s.size !== 'oneChunk' && (s.size !== 'plain' || s.values.length > 1000));
    const placed = place(engine, specs);
    return { engine, ...placed, used: engine.stats().memory.used };
  });
  const outcomes = { resolved: 0, rejected: 0, 'aborted before the call': 0, 'landed mid-call': 0, 'shared signals': 0 };
  const byKind: Record<string, number> = {};
  let aborted = 0;
  for (let batch = 0; aborted < total; batch++) {
    const { engine, cases } = engines[batch % engines.length]!;
    const size = 5 + Math.floor(random() * 20);
    const shared = random() < 0.2 ? makeAbort(random, batch * 100) : undefined;
    if (shared !== undefined) {
      outcomes['shared signals']++;
      aborted++;
      byKind[`reason ${shared.kind}`] = (byKind[`reason ${shared.kind}`] ?? 0) + 1;
    }
    const calls: Array<Promise<void>> = [];
    const triggers: Array<Promise<void>> = [];
    const signals = new Set<AbortSignal>();
    for (let i = 0; i < size; i++) {
      const id = batch * 100 + i;
      const c: Case = cases[Math.floor(random() * cases.length)]!;
      // Some calls in a batch are never aborted: they run beside the aborted ones and must be right.
      const abort = shared ?? (random() < 0.85 ? makeAbort(random, id) : undefined);
      // Half of those have a signal that never aborts: its listener must be gone once the call settles.
      const quiet = abort === undefined && random() < 0.5 ? new AbortController().signal : undefined;
      if (quiet !== undefined) signals.add(quiet);
      const moment = moments[Math.floor(random() * moments.length)]!;
      if (abort !== undefined && abort !== shared) {
        aborted++;
        byKind[`reason ${abort.kind}`] = (byKind[`reason ${abort.kind}`] ?? 0) + 1;
      }
      if (abort?.trigger !== undefined && moment === 'before' && abort !== shared) abort.trigger();
      const abortedBefore = abort?.signal.aborted === true;
      const precision = random() < 0.3 ? 'exact' as const : 'fast' as const;
      const maxWorkers = random() < 0.5 ? undefined : 1 + Math.floor(random() * 3);
      const label = `batch ${batch} call ${i} (${c.spec.label}, ${precision}, ${abort?.kind ?? 'never'} at ${moment})`;
      const expected = precision === 'exact' ? c.spec.exact : c.spec.fast;
      if (abort !== undefined) signals.add(abort.signal);
      calls.push(engine.sum(c.data as Float64Array, { precision, maxWorkers, signal: abort?.signal ?? quiet }).then(
        (got) => {
          outcomes.resolved++;
          check.same(label, got, expected);
          if (abortedBefore) check.fail(`${label}: resolved although its signal was aborted before the call`);
        },
        (error: unknown) => {
          outcomes.rejected++;
          outcomes[abortedBefore ? 'aborted before the call' : 'landed mid-call']++;
          check.checked++;
          if (abort === undefined || !abort.signal.aborted) check.fail(`${label}: rejected without an abort: ${show(error)}`);
          else if (!Object.is(error, abort.signal.reason)) {
            check.fail(`${label}: rejected with ${show(error)}, not the signal's reason ${show(abort.signal.reason)}`);
          }
        },
      ));
      if (abort?.trigger !== undefined && abort !== shared && moment !== 'before') triggers.push(at(moment, abort.trigger, engine, random));
    }
    if (shared?.trigger !== undefined) triggers.push(at(moments[1 + Math.floor(random() * (moments.length - 1))]!, shared.trigger, engine, random));
    await settleAll(calls, 60_000, `batch ${batch}`);
    await bounded(Promise.all(triggers), 30_000, 'abort triggers');
    for (const signal of signals) {
      const left = getEventListeners(signal, 'abort').length;
      if (left !== 0) check.fail(`batch ${batch}: ${left} abort listeners left on a signal`);
    }
  }
  // The engines still give the right sums, and are idle with every job block given back.
  for (const { engine, cases, used, free } of engines) {
    for (const c of cases) {
      const got = await bounded(engine.sum(c.data as Float64Array), 30_000, c.spec.label);
      check.same(`after the aborts: ${c.spec.label}`, got, c.spec.fast);
    }
    expectIdle(engine, used, `engine with maxWorkers ${engine.maxWorkers}`);
    free();
    await closeEngine(engine);
  }
  check.done();
  expect(warnings()).toEqual([]);
  // Many aborts land while their call runs (others find it finished): the scenario tests something.
  expect(outcomes['landed mid-call'], 'aborts that landed mid-call').toBeGreaterThan(total / 10);
  return { scenario: 'aborts', facts: { aborts: aborted, ...outcomes, ...byKind } };
}

// Scenario "concurrent": thousands of calls in flight at once on three engines (maxWorkers 1, 2 and
// 4, the last more than this machine has cores), of every element kind, at sizes that take every path
// (inline, sliced, assisted, workers), whole views and ragged subarrays, fast and exact, with call
// bounds from 1 to above the engine's and with signals that never abort. Every answer is checked
// against the independent references of cases.ts; the engines never run more workers than their
// bound, every path is taken, and each engine is idle afterwards with the memory it had before.
import { getEventListeners } from 'node:events';
import { expect } from 'vitest';
import type { ParallelSum, SumOptions } from '../../dist/index.js';
import { rng } from '../fixtures/data.js';
import { debug, type Path } from '../fixtures/engine.js';
import { makeSpecs, place, type Case, type SizeClass } from './cases.js';
import { Checker, closeEngine, expectIdle, scale, settleAll, since, stressEngine, watchBound, type Result } from './common.js';

/** How often each size class is drawn (the large ones cost the most time, so they are drawn less). */
const weights: Record<SizeClass, number> = { tiny: 30, oneChunk: 18, inline: 16, assisted: 14, workers: 10, plain: 8, array: 4 };

function draw(random: () => number, bySize: Map<SizeClass, Case[]>): Case {
  let r = random() * Object.values(weights).reduce((a, b) => a + b, 0);
  for (const [size, weight] of Object.entries(weights) as Array<[SizeClass, number]>) {
    if ((r -= weight) < 0) {
      const cases = bySize.get(size)!;
      return cases[Math.floor(random() * cases.length)]!;
    }
  }
  throw new Error('unreachable');
}

export async function concurrent(seed = 1): Promise<Result> {
  const calls = scale(10_000, 1_000);
  const start = performance.now();
  const specs = makeSpecs(seed);
  const prepared = since(start);
  const random = rng(seed);
  const check = new Checker();
  const engines = [1, 2, 4].map((maxWorkers) => {
    const engine = stressEngine({ maxWorkers });
    const placed = place(engine, specs);
    const bySize = new Map<SizeClass, Case[]>();
    for (const c of placed.cases) bySize.set(c.spec.size, [...(bySize.get(c.spec.size) ?? []), c]);
    return { engine, ...placed, bySize, used: engine.stats().memory.used, stop: watchBound(engine) };
  });
  // The references are the documented results: the engine's own sumSync must agree with each of them
  // (fast mode's bits are the same on every path, so this pins the reference for every call below).
  for (const c of engines[0]!.cases) {
    check.same(`sumSync ${c.spec.label}`, engines[0]!.engine.sumSync(c.data as Float64Array), c.spec.fast);
    check.same(`sumSync exact ${c.spec.label}`, engines[0]!.engine.sumSync(c.data as Float64Array, { precision: 'exact' }), c.spec.exact);
  }

  const running = performance.now();
  const pending: Array<Promise<void>> = [];
  const signals: AbortSignal[] = [];
  for (let call = 0; call < calls; call++) {
    const { engine, bySize } = engines[Math.floor(random() * engines.length)]!;
    const c = draw(random, bySize);
    const precision = random() < 0.3 ? 'exact' as const : random() < 0.5 ? 'fast' as const : undefined;
    const r = random();
    const maxWorkers = r < 0.4 ? undefined : 1 + Math.floor((r - 0.4) / 0.6 * 5);
    const signal = random() < 0.1 ? new AbortController().signal : undefined;
    if (signal !== undefined) signals.push(signal);
    const options: SumOptions | undefined = precision === undefined && maxWorkers === undefined && signal === undefined
      ? undefined : { precision, maxWorkers, signal };
    const expected = precision === 'exact' ? c.spec.exact : c.spec.fast;
    const label = `call ${call} (${c.spec.label}, ${JSON.stringify({ precision, maxWorkers, max: engine.maxWorkers })})`;
    pending.push((engine as ParallelSum).sum(c.data as Float64Array, options).then(
      (got) => check.same(label, got, expected),
      (error: unknown) => check.fail(`${label} rejected: ${String(error)}`),
    ));
  }
  await settleAll(pending, 180_000, 'concurrent calls');
  const ms = since(running);

  const paths: Partial<Record<Path, number>> = {};
  let most = { busy: 0, workers: 0 };
  for (const { engine, free, used, stop } of engines) {
    const bound = stop();
    most = { busy: Math.max(most.busy, bound.busy), workers: Math.max(most.workers, bound.workers) };
    for (const [path, n] of Object.entries(debug(engine).paths())) paths[path as Path] = (paths[path as Path] ?? 0) + n;
    expectIdle(engine, used, `engine with maxWorkers ${engine.maxWorkers}`);
    free();
    await closeEngine(engine);
  }
  for (const signal of signals) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  check.done();
  // Every path was taken, many times.
  for (const path of ['inline', 'sliced', 'assisted', 'workers'] as const) {
    expect(paths[path] ?? 0, `sums on the ${path} path`).toBeGreaterThan(calls / 50);
  }
  return {
    scenario: 'concurrent',
    facts: {
      calls, checked: check.checked, 'distinct inputs': specs.length,
      inline: paths.inline ?? 0, sliced: paths.sliced ?? 0, assisted: paths.assisted ?? 0, workers: paths.workers ?? 0,
      'most busy': most.busy, 'references ms': prepared, 'calls ms': ms,
    },
  };
}

// What every stress scenario shares: the report a scenario returns, a checker that counts wrong
// answers (and keeps the first few, with what was expected) instead of stopping at the first, the
// check that an engine is idle after a scenario, and a way to know which workers are ready (a test
// kills only those: a thread killed while starting counts as a failed start-up, and three in a row
// switch the pool off for good, which tests/engine/crash.test.ts covers on its own).
import { afterAll, expect } from 'vitest';
import { ParallelSum, type ParallelSumOptions } from '../../dist/index.js';
import { debug, thresholds } from '../fixtures/engine.js';

/** What a scenario did, for the summary `npm run stress` prints. */
export interface Result {
  scenario: string;
  /** Counts and measurements, in the order they are printed. */
  facts: Record<string, number | string>;
}

/** `--quick`: the short form `npm test` runs. */
export const quick = process.env.STRESS_QUICK === '1';

/** Engines not closed yet: closed after the suite even when a scenario fails. */
const open = new Set<ParallelSum>();
afterAll(() => Promise.all([...open].map((engine) => closeEngine(engine))));

/**
 * A new engine with the test thresholds (as testEngine() of tests/fixtures makes them), and the
 * schedule fuzzer on if `fuzz` is given. Unlike testEngine(), it is forgotten once closeEngine()
 * closed it: a scenario makes thousands of engines, and keeping each one's memory to the end of the
 * file took gigabytes.
 */
export function stressEngine(options?: ParallelSumOptions & { fuzz?: number | undefined }): ParallelSum {
  const { fuzz, ...rest } = options ?? {};
  const engine = new ParallelSum(rest);
  open.add(engine);
  debug(engine).inlineBytes(thresholds.inline);
  debug(engine).assistBytes(thresholds.assist);
  if (fuzz !== undefined) debug(engine).fuzz(fuzz);
  return engine;
}

/** Closes an engine from stressEngine() and forgets it. */
export async function closeEngine(engine: ParallelSum): Promise<void> {
  await bounded(engine.close(), 60_000, 'close()');
  open.delete(engine);
}

/** Full size, or quick size. */
export const scale = (full: number, short: number): number => (quick ? short : full);

/** Resolves on the next turn of the event loop. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counts answers, and keeps the first few that were wrong. A scenario makes thousands of calls: one
 * failure report naming the call, the value and the expectation beats ten thousand assertions.
 */
export class Checker {
  checked = 0;
  readonly wrong: string[] = [];
  #wrongCount = 0;

  /** `got` must be `expected`, bit for bit (Object.is: -0 and NaN count). */
  same(label: string, got: unknown, expected: unknown): void {
    this.checked++;
    if (!Object.is(got, expected)) this.fail(`${label}: got ${show(got)}, expected ${show(expected)}`);
  }

  fail(message: string): void {
    if (++this.#wrongCount <= 8) this.wrong.push(message);
  }

  get failures(): number {
    return this.#wrongCount;
  }

  /** Fails the test if anything was wrong. */
  done(): void {
    expect(this.wrong, `${this.#wrongCount} of ${this.checked} checks failed`).toEqual([]);
  }
}

/** A value as a failure message shows it: bigints with `n`, errors by name and message. */
export function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (Object.is(value, -0)) return '-0';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * An engine after a scenario's calls have settled: no worker busy, nothing queued or pending, no round
 * waiting for a message, the parallel path still on, no more threads than its bound, and exactly the
 * memory in use it had before the calls (`used`): every job block was given back.
 */
export function expectIdle(engine: ParallelSum, used: number, label: string): void {
  const stats = engine.stats();
  expect(stats, label).toMatchObject({ busy: 0, queued: 0, pending: 0, fallback: undefined });
  expect(stats.workers, label).toBeLessThanOrEqual(engine.maxWorkers);
  expect(debug(engine).waiting(), `${label}: rounds waiting for a message`).toBe(0);
  expect(stats.memory.used, `${label}: memory in use against the baseline`).toBe(used);
}

/**
 * Watches an engine's load every millisecond while a scenario runs: the most busy workers and live
 * threads seen, which must never pass the engine's bound. `stop()` returns them.
 */
export function watchBound(engine: ParallelSum): () => { busy: number; workers: number } {
  const most = { busy: 0, workers: 0 };
  const timer = setInterval(() => {
    const { busy, workers } = engine.stats();
    most.busy = Math.max(most.busy, busy);
    most.workers = Math.max(most.workers, workers);
  }, 1);
  return () => {
    clearInterval(timer);
    expect(most.busy, 'busy workers beyond maxWorkers').toBeLessThanOrEqual(engine.maxWorkers);
    expect(most.workers, 'threads beyond maxWorkers').toBeLessThanOrEqual(engine.maxWorkers);
    return most;
  };
}

/** The worker endpoints of `engine` that reported ready, as they start (install before the first sum). */
export function trackReady(engine: ParallelSum): () => Array<{ terminate(): Promise<void> }> {
  const platform = debug(engine).platform as unknown as { spawn: () => WorkerLike };
  const spawn = platform.spawn;
  const ready = new WeakSet<object>();
  platform.spawn = () => {
    const endpoint = spawn();
    endpoint.onMessage((message) => {
      if ((message as { type?: unknown } | null)?.type === 'parallel-sum:ready') ready.add(endpoint);
    });
    return endpoint;
  };
  return () => (debug(engine).workers() as WorkerLike[]).filter((endpoint) => ready.has(endpoint));
}

interface WorkerLike {
  onMessage(listener: (message: unknown) => void): void;
  terminate(): Promise<void>;
}

/** Milliseconds since `start`, rounded. */
export const since = (start: number): number => Math.round(performance.now() - start);

/**
 * Waits for every promise to settle, failing (naming how many never did) if some have not within
 * `ms`: a promise that never settles is a defect, and must not hang the suite.
 */
export async function settleAll(promises: ReadonlyArray<Promise<unknown>>, ms: number, label: string): Promise<void> {
  let settled = 0;
  const all = Promise.all(promises.map((p) => p.finally(() => { settled++; })));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), ms); });
  const outcome = await Promise.race([all, late]);
  clearTimeout(timer);
  if (outcome === 'late') throw new Error(`${label}: ${promises.length - settled} of ${promises.length} promises unsettled after ${ms} ms`);
}

/** Collects process warnings (a MaxListenersExceededWarning, say) while a scenario runs. */
export function collectWarnings(): () => string[] {
  const warnings: string[] = [];
  const listener = (warning: Error): void => { warnings.push(`${warning.name}: ${warning.message}`); };
  process.on('warning', listener);
  return () => {
    process.off('warning', listener);
    return warnings;
  };
}

/** `promise`, or a rejection naming `label` if it has not settled within `ms`. */
export async function bounded<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: unsettled after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

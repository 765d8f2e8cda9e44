// The main race: every contender on every element type and size, each case one interleaved
// comparison (timing.js). A contender's sum is checked (verify.js) before it is timed.
import { race, raced, summarize } from './timing.js';
import { verify } from './verify.js';

/** @typedef {import('./types.js').ThroughputCase} ThroughputCase */

/**
 * Keeps raw samples in the JSON at 4 significant digits: plenty for ms timings, and a smaller file.
 * @param {number[]} samples
 */
export const trim = (samples) => samples.map((x) => Number(x.toPrecision(4)));

/**
 * Checks each contender's sum on `fx`, then races those that can run it.
 * @param {import('./fixture.js').Fixture} fx
 * @param {import('./contenders.js').Contender[]} contenders
 * @param {import('./types.js').Sampling} sampling
 * @returns {Promise<Pick<ThroughputCase, 'results' | 'skipped'>>}
 */
export async function raceCase(fx, contenders, sampling) {
  /** @type {import('./timing.js').Task[]} */
  const entries = [];
  /** @type {ThroughputCase['skipped']} */
  const skipped = [];
  for (const contender of contenders) {
    const reason = contender.skip?.(fx);
    if (reason !== undefined) {
      skipped.push({ id: contender.id, reason });
      continue;
    }
    const call = contender.make(fx);
    if (!contender.reference) {
      verify(contender.label, fx.type, fx.data, await call(), contender.accumulator?.(fx.type));
    }
    entries.push({ id: contender.id, call });
  }
  const timed = await race(entries, sampling);
  const results = entries.map(({ id }) => {
    const { samples, batch } = raced(timed, id);
    return { id, ...summarize(samples), batch, samples: trim(samples) };
  });
  return { results, skipped };
}

/**
 * Every (type, size) of the profile. `log` gets each case as it finishes.
 * @param {import('./fixture.js').Env} env
 * @param {import('./types.js').Profile} profile
 * @param {(entry: ThroughputCase) => void} log
 * @returns {Promise<ThroughputCase[]>}
 */
export async function throughput(env, profile, log) {
  /** @type {ThroughputCase[]} */
  const cases = [];
  for (const type of /** @type {import('./types.js').ElementType[]} */ (Object.keys(profile.sizes))) {
    const sizes = profile.sizes[type];
    for (const n of sizes) {
      const fx = env.fixtures.get(type, n);
      const { results, skipped } = await raceCase(fx, env.contenders, profile.sampling);
      env.fixtures.release(fx);
      const entry = { type, n, bytes: fx.bytes, results, skipped };
      cases.push(entry);
      log(entry);
    }
  }
  return cases;
}

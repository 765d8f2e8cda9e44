// The main race: every contender on every element type and size, each case one interleaved
// comparison (timing.js). A contender's sum is checked (verify.js) before it is timed.
import { race, summarize } from './timing.js';
import { verify } from './verify.js';

/** Keeps raw samples in the JSON at 4 significant digits: plenty for ms timings, and a smaller file. */
export const trim = (samples) => samples.map((x) => Number(x.toPrecision(4)));

/**
 * Checks each contender's sum on `fx`, then races those that can run it.
 * @returns {Promise<{ results: object[], skipped: { id: string, reason: string }[] }>}
 */
export async function raceCase(fx, contenders, sampling) {
  const entries = [];
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
    const { samples, batch } = timed.get(id);
    return { id, ...summarize(samples), batch, samples: trim(samples) };
  });
  return { results, skipped };
}

/** Every (type, size) of the profile. `log` gets each case as it finishes. */
export async function throughput(env, profile, log) {
  const cases = [];
  for (const [type, sizes] of Object.entries(profile.sizes)) {
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

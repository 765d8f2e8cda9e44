// Throughput against thread count on the headline input (64M doubles in shared memory): the engine
// with `maxWorkers` w, native OpenMP with w threads, and the memory-read probe with w threads, all
// in one interleaved comparison. Where the probe flattens, memory is the limit, not the code.
import { trim } from './throughput.js';
import { race, raced, summarize } from './timing.js';
import { verify } from './verify.js';

/**
 * @param {import('./fixture.js').Env} env
 * @param {import('./types.js').Profile} profile
 * @returns {Promise<import('./types.js').Scaling>}
 */
export async function scaling(env, profile) {
  const { n, workers } = profile.scaling;
  const fx = env.fixtures.get('f64', n);
  const view = fx.shared();
  /** @type {{ id: string, label: string, reference?: boolean, make: (w: number) => () => unknown }[]} */
  const series = [
    { id: 'ps-shared', label: 'parallelSum, shared memory', make: (w) => () => env.engine.sum(view, { maxWorkers: w }) },
  ];
  if (env.native.ok) {
    const { sum, probe } = env.native.addon;
    series.push(
      { id: 'native', label: 'native C OpenMP', make: (w) => () => sum(view, w) },
      { id: 'probe', label: 'memory read (limit)', reference: true, make: (w) => () => probe(view, w) },
    );
  }
  /** @type {import('./timing.js').Task[]} */
  const entries = [];
  for (const s of series) {
    for (const w of workers) {
      const call = s.make(w);
      if (!s.reference) verify(`${s.label} with ${w} threads`, 'f64', fx.data, await call());
      entries.push({ id: `${s.id}@${w}`, call });
    }
  }
  const timed = await race(entries, profile.sampling);
  env.fixtures.release(fx);
  return {
    type: 'f64',
    n,
    bytes: fx.bytes,
    workers,
    series: series.map((s) => ({
      id: s.id,
      label: s.label,
      points: workers.map((w) => {
        const { samples, batch } = raced(timed, `${s.id}@${w}`);
        return { workers: w, ...summarize(samples), batch, samples: trim(samples) };
      }),
    })),
  };
}

// Peak resident memory added by one sum: near zero for input already in shared memory, and bounded
// (a few chunks of scratch, never a copy of the input) for input outside it.
//
// On Linux the kernel keeps the process's peak RSS (VmHWM) and resets it on request
// (/proc/self/clear_refs, "5"), which catches a peak however short. Elsewhere the RSS is sampled
// every millisecond during the sum, which can miss a short peak: the result says which was used.
import { readFileSync, writeFileSync } from 'node:fs';
import { collectGarbage } from './timing.js';
import { verify } from './verify.js';

function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  /** @param {string} field */
  const kib = (field) => Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

function peakResettable() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return Number.isFinite(status().peak);
  } catch {
    return false;
  }
}

/**
 * Bytes the peak RSS rose by while `run` ran.
 * @param {() => Promise<void>} run
 * @param {'vmhwm' | 'sampled'} method
 */
async function growth(run, method) {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (method === 'vmhwm') {
    writeFileSync('/proc/self/clear_refs', '5');
    const before = status().rss;
    await run();
    return status().peak - before;
  }
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 1);
  await run();
  clearInterval(timer);
  return Math.max(peak, process.memoryUsage.rss()) - before;
}

/**
 * @param {import('./fixture.js').Env} env
 * @param {import('./types.js').Profile} profile
 * @returns {Promise<import('./types.js').Memory>}
 */
export async function memory(env, profile) {
  /** @type {'vmhwm' | 'sampled'} */
  const method = peakResettable() ? 'vmhwm' : 'sampled';
  const f64 = env.fixtures.get('f64', profile.memory.n);
  const i32 = env.fixtures.get('i32', profile.memory.n);
  const inputs = [
    { id: 'ps-shared', label: 'shared memory, Float64Array', fx: f64, input: f64.shared() },
    { id: 'ps-typed', label: 'plain Float64Array', fx: f64, input: f64.plain },
    { id: 'ps-typed-i32', label: 'plain Int32Array (staged copies)', fx: i32, input: i32.plain },
    { id: 'ps-array', label: 'number[]', fx: f64, input: f64.array() },
  ];
  /** @type {import('./types.js').MemoryRow[]} */
  const rows = [];
  for (const { id, label, fx, input } of inputs) {
    // A first sum starts the workers and the calling thread's scratch: those are the engine's
    // standing cost, not the cost of a sum.
    verify(`parallelSum on ${label}`, fx.type, fx.data, await env.engine.sum(input));
    /** @type {unknown} */
    let result;
    const bytes = await growth(async () => { result = await env.engine.sum(input); }, method);
    verify(`parallelSum on ${label}`, fx.type, fx.data, result);
    rows.push({ id, label, type: fx.type, n: fx.n, inputBytes: fx.bytes, growthBytes: Math.max(0, bytes) });
  }
  // The control: a full copy of the input must show up as about its size, or the method is blind.
  /** @type {ArrayLike<number> | undefined} */
  let copy;
  const copied = await growth(async () => { copy = f64.plain.slice(); }, method);
  if (copy?.length !== f64.n) throw new Error('the control copy failed');
  copy = undefined;
  rows.push({ id: 'control', label: 'control: plain Float64Array .slice()', type: 'f64', n: f64.n, inputBytes: f64.bytes,
    growthBytes: Math.max(0, copied) });
  env.fixtures.release(i32);
  env.fixtures.release(f64);
  return { method, rows };
}

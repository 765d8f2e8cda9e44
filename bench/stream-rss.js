// Child process of bench/stream.js: the peak resident memory that sumFile adds, on a file given by
// path, in a process that has done nothing else. Prints one JSON line.
//
// On Linux the kernel keeps the peak RSS (VmHWM) and resets it on request (/proc/self/clear_refs,
// "5"), which catches a peak however short; elsewhere the lifetime peak, process.resourceUsage()
// .maxRSS, is all there is, and it only counts when it rises past everything before the call.
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ParallelSum } from 'parallel-sum';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: node --expose-gc bench/stream-rss.js <file>');

function vm() {
  const text = readFileSync('/proc/self/status', 'utf8');
  /** @param {string} field */
  const kib = (field) => Number(text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

const resettable = (() => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return Number.isFinite(vm().peak);
  } catch {
    return false;
  }
})();

/**
 * @param {() => Promise<number>} run
 * @returns {Promise<import('./types.js').RssGrowth>}
 */
async function growth(run) {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const before = process.memoryUsage.rss();
  if (resettable) writeFileSync('/proc/self/clear_refs', '5');
  const result = await run();
  const peak = resettable ? vm().peak : process.resourceUsage().maxRSS * 1024;
  return { result, beforeBytes: before, peakBytes: peak, growthBytes: Math.max(0, peak - before) };
}

// Workers started first: their threads and kernels are the engine's standing cost, not a sum's.
const engine = new ParallelSum();
await engine.ready({ workers: engine.maxWorkers });
const sumFile = await growth(() => engine.sumFile(path, { type: Float64Array }));
const again = await growth(() => engine.sumFile(path, { type: Float64Array }));
await engine.close();
// The control: reading the whole file into memory must show up as about its size, or the method is blind.
const control = await growth(async () => (await readFile(path)).byteLength);
process.stdout.write(`${JSON.stringify({
  method: resettable ? 'VmHWM (reset before each call)' : 'resourceUsage().maxRSS',
  maxWorkers: engine.maxWorkers, sumFile, again, control,
})}\n`);

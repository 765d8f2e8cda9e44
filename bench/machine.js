// What the figures were measured on: they mean little without it.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** CPU model, core counts, memory, OS, Node and V8 versions, and the load when the run started. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    caches: caches(),
    // A load average near the core count means other work shared the machine during the run.
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// The cache sizes, from lscpu where it exists (Linux); undefined elsewhere.
function caches() {
  const out = spawnSync('lscpu', [], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  /** @param {string} label */
  const pick = (label) => out.stdout.match(new RegExp(`^${label}:\\s+(.+)$`, 'm'))?.[1]?.trim();
  return { l1d: pick('L1d cache'), l2: pick('L2 cache'), l3: pick('L3 cache') };
}


// The engine's test seam, not API: `engine[Symbol.for('parallel-sum.debug')]` gives this engine's own
// copy of the platform (so a test can make `spawn` fail), its live worker endpoints (so a test can kill
// one), setters for the thresholds (so a benchmark can time both sides of them), and counters.
import type { Platform } from './endpoint/types.js';
import type { Path } from './plan.js';

export const kDebug = Symbol.for('parallel-sum.debug');

export interface Debug {
  platform: Platform;
  workers: () => unknown[];
  inlineBytes: (bytes: number) => void;
  assistBytes: (bytes: number) => void;
  /** How many sums took each path so far. */
  paths: () => Record<Path, number>;
  /** Turns the schedule fuzzer on (see src/parallel/fuzz.ts), before the engine's first sum. */
  fuzz: (seed: number) => void;
  /** The deadline for a worker to be ready (ms), before the pool is made. */
  startupMs: (ms: number) => void;
  /** Rounds waiting for a "finished" message now. */
  waiting: () => number;
  /** Moves the shape of streamed sums' ring of buffers (bytes per buffer, buffers, least bytes for workers). */
  ring: (shape: Partial<{ slotBytes: number; slots: number; workerBytes: number; readBytes: number }>) => void;
}

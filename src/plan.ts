// Where a sum runs: the thresholds, and a pure plan(input) -> { path, workers } that reads nothing but
// its arguments (unit-tested without threads: tests/unit/plan.test.ts).
import { kChunkBytes } from './memory/layout.js';

/**
 * Inputs in shared memory smaller than this are summed on the calling thread alone: below it, even
 * posting work to a worker costs more than the sum (measured with `npm run bench -- --only threshold`).
 */
export const kInlineBytes = 16 << 20;

/**
 * Inputs in shared memory smaller than this (and at least kInlineBytes) are summed by the calling
 * thread with whatever workers are free and awake in time, synchronously: they take well under a
 * millisecond, so waiting for idle workers to wake (50 to 150 µs on a virtual machine) and for the
 * event loop to deliver their result would dominate. Larger inputs are queued for the workers and
 * leave the calling thread free.
 */
export const kAssistBytes = 32 << 20;

/** Chunks an input outside shared memory may have and still be summed without yielding (4 MiB). */
const kSliceChunks = 16;

/** Bytes outside shared memory the calling thread sums without yielding to the event loop. */
export const kSliceBytes = kSliceChunks * kChunkBytes;

/**
 * Where a sum ran: on the calling thread (now, for `sum` or `sumSync`; or in slices that yield), on
 * the calling thread with free workers beside it, or on workers; `fallback` counts sums meant for
 * workers that the calling thread did instead.
 */
export type Path = 'inline' | 'sync' | 'sliced' | 'assisted' | 'workers' | 'fallback';

/** What the planner needs to know of one call. */
export interface PlanInput {
  /** Bytes to sum. */
  readonly bytes: number;
  /** The input is in the engine's shared memory (workers can read it in place). */
  readonly shared: boolean;
  /** Workers at most for this call: the call's bound within the engine's. */
  readonly maxWorkers: number;
  /** Logical CPUs. */
  readonly cores: number;
  /** The thresholds (kInlineBytes and kAssistBytes, unless a test or benchmark moved them). */
  readonly inlineBytes: number;
  readonly assistBytes: number;
}

/** A planned sum: `inline` now, `sliced` (yielding), or on `workers` participants beside the caller or not. */
export type Plan =
  | { readonly path: 'inline' | 'sliced'; readonly workers: 0 }
  | { readonly path: 'assisted' | 'workers'; readonly workers: number };

const kInline: Plan = Object.freeze({ path: 'inline', workers: 0 });
const kSliced: Plan = Object.freeze({ path: 'sliced', workers: 0 });

/** Where one sum runs, and with how many workers at most. */
export function plan({ bytes, shared, maxWorkers, cores, inlineBytes, assistBytes }: PlanInput): Plan {
  // Outside shared memory the calling thread sums alone, yielding if it takes long.
  if (!shared) return bytes <= kSliceBytes ? kInline : kSliced;
  if (bytes < inlineBytes) return kInline;
  if (bytes >= assistBytes) return { path: 'workers', workers: maxWorkers };
  // Beside the calling thread: leave it a core, and give each worker a few chunks at least.
  const chunks = Math.ceil(bytes / kChunkBytes);
  const workers = Math.min(maxWorkers, cores - 1, Math.floor(chunks / 4));
  return workers > 0 ? { path: 'assisted', workers } : kInline;
}

/** Where a planned parallel sum runs when the workers cannot take it: the calling thread, alone. */
export function alone(planned: Plan): Plan {
  return planned.path === 'assisted' ? kInline : kSliced;
}

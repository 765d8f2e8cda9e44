// What streamed sums and accumulators need from their engine: its kernels, its memory, its workers and
// its bookkeeping of calls in progress. The engine hands out one of these; nothing else reaches inside.
import type { JobContext } from '../job.js';
import type { LocalContext } from '../local.js';
import type { Arena } from '../memory/arena.js';

/**
 * The ring of buffers a streamed sum fills: `slots` buffers of `slotBytes` each (a multiple of the
 * chunk size, so a chunk never straddles two buffers), in the engine's shared memory.
 *
 * Why 4 x 8 MiB: while the workers sum one buffer the calling thread fills the next, so two would
 * pipeline; two more let a slow moment on either side pass without stalling the other. A job of 32
 * chunks keeps several workers busy for long enough that posting it is cheap beside the work.
 * Buffers (the last, partly filled one) under `workerBytes` are summed on the calling thread: posting
 * a job costs tens of microseconds, about what the kernel takes for 1 MiB.
 */
export const kRing = { slotBytes: 8 << 20, slots: 4, workerBytes: 1 << 20 };

export interface StreamHost {
  /** The engine's bound on workers. */
  readonly maxWorkers: number;
  /** The shared memory, when there is one (threads available); else buffers are ordinary ArrayBuffers. */
  readonly arena: Arena | undefined;
  /** The ring's shape (the debug seam moves it). */
  readonly ring: { slotBytes: number; slots: number; workerBytes: number };
  /** The calling thread's kernels, compiled on first use. */
  load(): Promise<LocalContext>;
  /** Where worker jobs run; undefined when the parallel path is off (no shared memory, broken pool). */
  jobs(local: LocalContext): JobContext | undefined;
  /** Counts a call in progress (close() waits for it). Throws EngineClosedError once closed. */
  enter(): void;
  leave(): void;
}

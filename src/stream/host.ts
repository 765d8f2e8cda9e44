// What streamed sums and accumulators need from their engine: its kernels, its memory, its workers and
// its bookkeeping of calls in progress. The engine hands out one of these; nothing else reaches inside.
import type { JobContext } from '../parallel/context.js';
import type { LocalContext } from '../local/place.js';
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
 *
 * A file's reads are the bottleneck (copies out of the page cache): its buffers are `readBytes`,
 * small enough to stay in cache between the read and the sum, each read by parallel preads
 * (src/stream/file.ts), and the calling thread sums each while the next is being read. Summing them
 * on workers instead cost a round trip through memory and a core the reads need: 0.44-0.61x the
 * rate of a read loop with one 1 MiB buffer, against 1.2-1.4x this way (2 cores; 2 MiB buffers gave
 * 1.23-1.30x, 8 MiB 1.18-1.23x, 4 MiB 1.35-1.40x).
 */
export const kRing = { slotBytes: 8 << 20, slots: 4, workerBytes: 1 << 20, readBytes: 4 << 20 };

export interface StreamHost {
  /** The engine's bound on workers. */
  readonly maxWorkers: number;
  /** The shared memory, when there is one (threads available); else buffers are ordinary ArrayBuffers. */
  readonly arena: Arena | undefined;
  /** The ring's shape (the debug seam moves it). */
  readonly ring: { slotBytes: number; slots: number; workerBytes: number; readBytes: number };
  /** The calling thread's kernels, compiled on first use. */
  load(): Promise<LocalContext>;
  /** Where worker jobs run; undefined when the parallel path is off (no shared memory, broken pool). */
  jobs(local: LocalContext): JobContext | undefined;
  /** Counts a call in progress (close() waits for it). Throws EngineClosedError once closed. */
  enter(): void;
  leave(): void;
}

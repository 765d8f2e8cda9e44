// One call's run on the workers: a job block in shared memory, a wait-group counting down its chunks,
// the abort flag the workers read at every chunk boundary, and the recovery when a worker dies mid-sum.
import { workersKeptDying } from '../errors.js';
import { onAbort } from '../sync/abort.js';
import { chunkLength, type Kind } from '../kinds/kinds.js';
import {
  jobBytes, kCancel, kChunkLength, kChunks, kData, kJobHeaderBytes, kKernel, kLength, kNotify, kPartials, kRounds, kStatus,
} from './protocol.js';
import type { JobContext } from './context.js';
import type { PoolWorker } from './pool.js';
import type { ChunkRunner } from './chunks.js';
import { runRound } from './round.js';
import { hasWaitAsync } from '../sync/wait.js';

/** Reads the per-chunk partial sums (8 or 16 bytes each, in chunk order) out of shared memory. */
export type Collect<R> = (buffer: ArrayBufferLike, partials: number, chunks: number) => R;

export interface JobOptions {
  /** Workers at most. */
  maxWorkers: number;
  signal: AbortSignal | undefined;
  /**
   * The calling thread's own runner, for mid-size sums: it claims chunks beside the workers, right
   * away, instead of waiting for them to wake up (on a virtual machine an idle thread can take 50 to
   * 150 µs to wake). Workers are then only taken if free now, never waited for, and a task a worker
   * has not picked up by the time the calling thread ran out of chunks is revoked.
   */
  assist?: ChunkRunner;
}

/**
 * Sums `length` elements of `kind` at byte address `data` on workers and hands the partial sums to
 * `collect`. Rejects with `signal.reason` if the signal aborts; by then no worker is still on the job.
 * Without `assist`, waits FIFO for a worker behind earlier calls.
 */
export async function runJob<R>(ctx: JobContext, kind: Kind, data: number, length: number,
  { maxWorkers, signal, assist }: JobOptions, collect: Collect<R>): Promise<R> {
  const perChunk = chunkLength(kind);
  const chunks = Math.ceil(length / perChunk);
  const want = Math.max(1, Math.min(maxWorkers, chunks));

  // The bound: one permit per worker. The first is awaited in FIFO order; more are taken only if free
  // now, so a call never waits for several at once while holding some. An assisted call only takes
  // what is free: the calling thread can do all of it alone.
  let permits = 0;
  if (assist === undefined) {
    await ctx.permits.acquire({ signal });
    permits = 1;
  }
  while (permits < want && ctx.permits.tryAcquire()) permits++;

  const bytes = kind.partials.bytes;
  const partialsAt = kJobHeaderBytes + Math.ceil((permits * 4) / 16) * 16;
  let block = 0;
  // The workers this job holds, one per permit after the first, kept from round to round.
  const held: PoolWorker[] = [];
  let i32!: Int32Array;
  // A fresh job block: header, chunk states zeroed, every chunk still to do.
  const open = (): void => {
    block = ctx.arena.alloc(jobBytes(chunks, permits, bytes));
    i32 = new Int32Array(ctx.arena.buffer);
    // Addresses are below 4 GiB but may be 2 GiB or more: indices by >>>, never >> (see layout.ts).
    const j = block >>> 2;
    const partials = block + partialsAt;
    const status = partials + chunks * bytes;
    i32.fill(0, j, j + (kJobHeaderBytes >>> 2));
    i32.fill(0, status >>> 2, (status >>> 2) + chunks);
    i32[j + kKernel] = kind.id;
    i32[j + kChunks] = chunks;
    i32[j + kChunkLength] = perChunk;
    i32[j + kData] = data;
    i32[j + kLength] = length;
    i32[j + kPartials] = partials;
    i32[j + kStatus] = status;
    i32[j + kNotify] = hasWaitAsync ? 0 : 1;
    if (signal?.aborted) i32[j + kCancel] = 1;
  };
  let forgetAbort: (() => void) | undefined;
  try {
    open();
    // The abort sets the flag workers read at each chunk boundary, and wakes the round below so that
    // it stops waiting for chunks that will never be summed.
    const aborted = new Promise<void>((resolve) => {
      if (signal === undefined) return;
      const abort = (): void => {
        Atomics.store(i32, (block >>> 2) + kCancel, 1);
        resolve();
      };
      if (signal.aborted) abort();
      else forgetAbort = onAbort(signal, abort);
    });

    for (let round = 0; ; round++) {
      const { lost, abandon } = await runRound(ctx, i32, block, round, permits, held, aborted, assist);
      if (signal?.aborted) throw signal.reason;
      if (!lost) break;
      if (round + 1 === kRounds) {
        throw workersKeptDying(kRounds, lost);
      }
      // A worker that may still be running (told to stop, not yet stopped) could write to this block
      // for a moment more: leave the block to it, never to be reused, and start over in a new one.
      if (abandon) open();
    }
    return collect(ctx.arena.buffer, block + partialsAt, chunks);
  } finally {
    forgetAbort?.();
    for (const worker of held) ctx.pool.release(worker);
    for (let i = 0; i < permits; i++) ctx.permits.release();
    if (block !== 0) ctx.arena.free(block);
  }
}

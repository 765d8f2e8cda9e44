// One call's run on the workers: a job block in shared memory, a wait-group the workers count down,
// the abort flag they read at every chunk boundary, and the recovery when a worker dies mid-sum.
import { WorkerError } from './errors.js';
import { partialBytes, type Kind } from './kinds.js';
import type { Arena } from './memory/arena.js';
import {
  jobBytes, kCancel, kChunkBytes, kChunkLength, kChunks, kCursor, kData, kJobHeaderBytes, kKernel, kLength,
  kNotify, kPartials, kRound, kRounds, kRunning, kStatus, kWaitGroups,
} from './memory/layout.js';
import type { Pool, PoolWorker } from './pool/pool.js';
import { Semaphore } from './sync/semaphore.js';
import { changed, hasWaitAsync } from './sync/wait.js';
import { WaitGroup } from './sync/wait-group.js';

/** What a job needs from its engine. */
export interface JobContext {
  readonly arena: Arena;
  readonly pool: Pool;
  readonly permits: Semaphore;
  /** Resolves when a worker posts "job finished" (used only without Atomics.waitAsync). */
  finished(job: number): Promise<void>;
}

/** Reads the per-chunk partial sums (8 or 16 bytes each, in chunk order) out of shared memory. */
export type Collect<R> = (buffer: ArrayBufferLike, partials: number, chunks: number) => R;

/** Elements per chunk for `kind`. */
export const chunkLength = (kind: Kind): number => kChunkBytes / kind.bytes;

/**
 * Sums `length` elements of `kind` at byte address `data` on up to `maxWorkers` workers and hands the
 * partial sums to `collect`. Rejects with `signal.reason` if the signal aborts; by then no worker is
 * still on the job. Waits FIFO for workers behind earlier calls.
 */
export async function runJob<R>(ctx: JobContext, kind: Kind, data: number, length: number, maxWorkers: number,
  signal: AbortSignal | undefined, collect: Collect<R>): Promise<R> {
  const perChunk = chunkLength(kind);
  const chunks = Math.ceil(length / perChunk);
  const want = Math.max(1, Math.min(maxWorkers, chunks));

  // The bound: one permit per worker. The first is awaited in FIFO order; more are taken only if free
  // now, so a call never waits for several at once while holding some.
  await ctx.permits.acquire({ signal });
  let permits = 1;
  while (permits < want && ctx.permits.tryAcquire()) permits++;

  const bytes = partialBytes(kind);
  const partialsAt = kJobHeaderBytes + Math.ceil((permits * 4) / 16) * 16;
  let block = 0;
  const crew: PoolWorker[] = [];
  let i32!: Int32Array;
  let j = 0;
  const onAbort = (): void => {
    Atomics.store(i32, j + kCancel, 1);
  };
  try {
    block = ctx.arena.alloc(jobBytes(chunks, permits, bytes));
    i32 = new Int32Array(ctx.arena.buffer);
    j = block >> 2;
    const partials = block + partialsAt;
    const status = partials + chunks * bytes;
    i32.fill(0, j, j + (kJobHeaderBytes >> 2));
    i32.fill(0, status >> 2, (status >> 2) + chunks);
    i32[j + kKernel] = kind.id;
    i32[j + kChunks] = chunks;
    i32[j + kChunkLength] = perChunk;
    i32[j + kData] = data;
    i32[j + kLength] = length;
    i32[j + kPartials] = partials;
    i32[j + kStatus] = status;
    i32[j + kNotify] = hasWaitAsync ? 0 : 1;
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    for (let round = 0; ; round++) {
      const lost = await runRound(ctx, i32, block, round, permits, crew);
      if (!lost) break;
      if (round + 1 === kRounds) {
        throw new WorkerError(`parallel-sum: workers died ${kRounds} times during one sum`, { cause: lost });
      }
    }
    signal?.throwIfAborted();
    return collect(ctx.arena.buffer, partials, chunks);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const worker of crew) ctx.pool.release(worker);
    for (let i = 0; i < permits; i++) ctx.permits.release();
    if (block !== 0) ctx.arena.free(block);
  }
}

/**
 * One round: every participant claims chunks until none are left (or the job is cancelled).
 * Returns the error of a worker that died during the round (the next round redoes what it left),
 * or undefined when every chunk is stored. Returns only once no live participant touches the job.
 */
async function runRound(ctx: JobContext, i32: Int32Array, block: number, round: number, permits: number,
  crew: PoolWorker[]): Promise<Error | undefined> {
  const j = block >> 2;
  let lost: Error | undefined;
  let onLost!: () => void;
  const died = new Promise<void>((resolve) => {
    onLost = resolve;
  });
  // A dead participant will never clear its running flag; the calling thread does it for it (the
  // thread is gone, so nothing else can write there), which also wakes quiesce() below.
  const task = (slot: number) => ({
    lost(error: Error | undefined) {
      Atomics.store(i32, j + kRunning + slot, 0);
      Atomics.notify(i32, j + kRunning + slot);
      lost ??= error ?? new Error('worker died');
      onLost();
    },
  });

  i32[j + kRound] = round;
  i32[j + kCursor] = 0;
  const wg = new WaitGroup(i32, j + kWaitGroups + round);
  wg.add(permits);
  const slots: PoolWorker[] = [];
  try {
    for (let slot = 0; slot < permits; slot++) {
      // Survivors of the last round first; a dead one's place goes to a new thread.
      let worker = crew[slot];
      if (worker === undefined || !worker.alive) {
        if (worker !== undefined) ctx.pool.release(worker);
        worker = ctx.pool.take();
        crew[slot] = worker;
      }
      Atomics.store(i32, j + kRunning + slot, 1);
      ctx.pool.post(worker, block, slot, task(slot));
      slots.push(worker);
    }
    const finished = hasWaitAsync ? drained(i32, j + kWaitGroups + round) : ctx.finished(block);
    await Promise.race([finished, died]);
  } catch (error) {
    // Could not start every participant (the pool is broken): stop the ones that did start.
    Atomics.store(i32, j + kCancel, 1);
    await quiesce(i32, j, slots);
    throw error;
  }
  await quiesce(i32, j, slots);
  for (const worker of slots) worker.task = undefined;
  return lost;
}

// Resolves when a round's wait-group counter reaches zero. Unlike WaitGroup#waitAsync it holds no
// keep-alive: the participants are ref'd while they work, and if one dies this wait is abandoned.
async function drained(i32: Int32Array, index: number): Promise<void> {
  for (let value; (value = Atomics.load(i32, index)) !== 0;) await changed(i32, index, value);
}

// Waits until no participant will write to the job again: a running flag is a participant's last
// write (or cleared for it when it died).
async function quiesce(i32: Int32Array, j: number, slots: PoolWorker[]): Promise<void> {
  for (let slot = 0; slot < slots.length; slot++) {
    while (Atomics.load(i32, j + kRunning + slot) !== 0) await changed(i32, j + kRunning + slot, 1);
  }
}

// One call's run on the workers: a job block in shared memory, a wait-group counting down its chunks,
// the abort flag the workers read at every chunk boundary, and the recovery when a worker dies mid-sum.
import { WorkerError } from '../errors.js';
import { onAbort } from '../sync/abort.js';
import { partialBytes, type Kind } from '../kinds/kinds.js';
import type { Arena } from '../memory/arena.js';
import { kChunkBytes } from '../memory/layout.js';
import {
  jobBytes, kCancel, kChunkLength, kChunks, kCursor, kData, kDone, kJobHeaderBytes, kKernel, kLength,
  kNotify, kPartials, kRound, kRounds, kRunning, kStatus, kTicket, kWaitGroups,
} from './protocol.js';
import type { Pool, PoolWorker } from './pool.js';
import type { ChunkRunner } from './chunks.js';
import { Semaphore } from '../sync/semaphore.js';
import { changed, hasWaitAsync } from '../sync/wait.js';
import { WaitGroup } from '../sync/wait-group.js';

/** What a job needs from its engine. */
export interface JobContext {
  readonly arena: Arena;
  readonly pool: Pool;
  readonly permits: Semaphore;
  /** A ticket for a new round: never the ticket of a round still in progress. */
  ticket(): number;
  /**
   * Settles when a participant posts "round finished" for `ticket` (only without Atomics.waitAsync).
   * `forget()` ends the registration, by whatever path the round ended.
   */
  finished(ticket: number): { readonly promise: Promise<void>; forget(): void };
}

/** Reads the per-chunk partial sums (8 or 16 bytes each, in chunk order) out of shared memory. */
export type Collect<R> = (buffer: ArrayBufferLike, partials: number, chunks: number) => R;

/** Elements per chunk for `kind`. */
export const chunkLength = (kind: Kind): number => kChunkBytes / kind.bytes;

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

  const bytes = partialBytes(kind);
  const partialsAt = kJobHeaderBytes + Math.ceil((permits * 4) / 16) * 16;
  let block = 0;
  const crew: PoolWorker[] = [];
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
      const { lost, abandon } = await runRound(ctx, i32, block, round, permits, crew, aborted, assist);
      if (signal?.aborted) throw signal.reason;
      if (!lost) break;
      if (round + 1 === kRounds) {
        throw new WorkerError(`parallel-sum: workers died ${kRounds} times during one sum`, { cause: lost });
      }
      // A worker that may still be running (told to stop, not yet stopped) could write to this block
      // for a moment more: leave the block to it, never to be reused, and start over in a new one.
      if (abandon) open();
    }
    return collect(ctx.arena.buffer, block + partialsAt, chunks);
  } finally {
    forgetAbort?.();
    for (const worker of crew) ctx.pool.release(worker);
    for (let i = 0; i < permits; i++) ctx.permits.release();
    if (block !== 0) ctx.arena.free(block);
  }
}

/**
 * One round: the participants claim chunks until every chunk not yet done is stored, the job is
 * cancelled, or a participant dies. Returns the error of a worker that died (the next round redoes
 * what is left), and whether that worker may still be running (`abandon`: the block must not be
 * reused). Returns only once no live participant will touch the job again.
 *
 * The round's counter counts chunks, not participants: it reaches zero when the last partial is
 * stored, even if a participant was slow to wake and has not started yet. Such a participant's task is
 * taken back from its mailbox (revoked) instead of being waited for, so a late thread never delays a
 * result or an abort.
 */
async function runRound(ctx: JobContext, i32: Int32Array, block: number, round: number, permits: number,
  crew: PoolWorker[], aborted: Promise<void>, assist: ChunkRunner | undefined):
  Promise<{ lost: Error | undefined; abandon: boolean }> {
  const j = block >>> 2;
  const status = (i32[j + kStatus]! >>> 0) >>> 2;
  let todo = 0;
  for (let c = 0, chunks = i32[j + kChunks]!; c < chunks; c++) if (i32[status + c] !== kDone) todo++;
  if (todo === 0) return { lost: undefined, abandon: false };

  let lost: Error | undefined;
  let abandon = false;
  let onLost!: () => void;
  const died = new Promise<void>((resolve) => {
    onLost = resolve;
  });
  // A dead participant will never clear its running flag; the calling thread does it for it (the
  // thread is gone, so nothing else can write there), which also wakes quiesce() below.
  const task = (slot: number) => ({
    lost(error: Error | undefined, gone: boolean) {
      release(i32, j, slot);
      lost ??= error ?? new WorkerError('parallel-sum: a worker ended during a sum');
      abandon ||= !gone;
      onLost();
    },
  });

  const counter = j + kWaitGroups + round;
  i32[j + kRound] = round;
  i32[j + kCursor] = 0;
  // Written before any participant is posted the round: the message that ends it carries this ticket.
  const ticket = ctx.ticket();
  i32[j + kTicket] = ticket;
  new WaitGroup(i32, counter).add(todo);
  const message = hasWaitAsync ? undefined : ctx.finished(ticket);
  const slots: PoolWorker[] = [];
  try {
    for (let slot = 0; slot < permits; slot++) {
      // Survivors of the last round first; a dead one's place goes to a new thread.
      let worker = crew[slot];
      if (worker === undefined || !worker.alive) {
        if (worker !== undefined) ctx.pool.release(worker);
        try {
          worker = ctx.pool.take();
        } catch (error) {
          // No more threads this round. With the calling thread in the job, it does what is left. A
          // pool broken for good ends the job (the engine sums on the calling thread instead); a
          // thread that could not start this time leaves the round to those that did, or, if none
          // did, ends it as if a worker had died, and the next round tries again.
          if (assist === undefined && ctx.pool.broken !== undefined) throw error;
          if (assist === undefined && slots.length === 0) lost ??= error as Error;
          break;
        }
        crew[slot] = worker;
      }
      Atomics.store(i32, j + kRunning + slot, 1);
      ctx.pool.post(worker, block, slot, task(slot));
      slots.push(worker);
    }
    if (assist !== undefined) {
      assist.run(block);
      // No chunk is left to claim: a worker that has not started by now never will.
      revokeAll(ctx, i32, block, slots);
      // The others are finishing their last chunk; wait for them awake rather than asleep.
      spin(i32, counter);
    }
    // Until the counter is zero (already, when the calling thread stored the last chunk itself: then
    // no worker posts), a participant dies, or the job is aborted. Without Atomics.waitAsync the first
    // wake-up is the message the last participant posts; the counter decides, whatever woke us.
    let heard = false;
    for (let value; lost === undefined && (value = Atomics.load(i32, counter)) !== 0;) {
      const wake = message !== undefined && !heard ? message.promise.then(() => { heard = true; })
        : changed(i32, counter, value);
      await Promise.race([wake, died, aborted]);
      if (Atomics.load(i32, j + kCancel) !== 0) break;
    }
  } catch (error) {
    // Could not start every participant (the pool is broken): stop the ones that did start.
    Atomics.store(i32, j + kCancel, 1);
    throw error;
  } finally {
    message?.forget();
    // Our wait on the counter, if the round ended another way (an abort, a death), is still
    // registered: wake it, so it does not linger until the block is reused.
    Atomics.notify(i32, counter);
    revokeAll(ctx, i32, block, slots);
    await quiesce(i32, j, slots.length);
    for (const worker of slots) worker.task = undefined;
  }
  return { lost, abandon };
}

// Takes back every task not yet picked up, and clears those participants' running flags.
function revokeAll(ctx: JobContext, i32: Int32Array, block: number, slots: PoolWorker[]): void {
  for (let slot = 0; slot < slots.length; slot++) {
    if (ctx.pool.revoke(slots[slot]!, block)) release(i32, block >>> 2, slot);
  }
}

/** How long the calling thread busy-waits for workers finishing their last chunks: a few chunks' time. */
const kSpinMs = 0.25;

// Busy-waits (bounded) for a counter to reach zero. Only after the calling thread summed chunks
// itself, so the workers it waits for are mid-chunk; past the bound, the caller waits asleep.
function spin(i32: Int32Array, index: number): void {
  const deadline = performance.now() + kSpinMs;
  while (Atomics.load(i32, index) !== 0 && performance.now() < deadline);
}

// Clears a participant's running flag on its behalf (its task was revoked, or its thread died).
function release(i32: Int32Array, j: number, slot: number): void {
  Atomics.store(i32, j + kRunning + slot, 0);
  Atomics.notify(i32, j + kRunning + slot);
}

// Waits until no participant will write to the job again: a running flag is a participant's last
// write (or cleared for it when its task was revoked or its thread died).
async function quiesce(i32: Int32Array, j: number, slots: number): Promise<void> {
  for (let slot = 0; slot < slots; slot++) {
    while (Atomics.load(i32, j + kRunning + slot) !== 0) await changed(i32, j + kRunning + slot, 1);
  }
}

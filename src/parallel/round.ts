// One round of a job: the participants are posted (or the calling thread joins), the round's counter
// is awaited (Atomics.waitAsync, or the message carrying the round's ticket), and then every
// participant is made sure to be off the job before the block may be reused or freed.
import { workerEnded } from '../errors.js';
import type { JobContext } from './context.js';
import type { PoolWorker } from './pool.js';
import type { ChunkRunner } from './chunks.js';
import { kCancel, kChunks, kCursor, kDone, kRound, kRunning, kStatus, kTicket, kWaitGroups } from './protocol.js';
import { changed, hasWaitAsync } from '../sync/wait.js';
import { WaitGroup } from '../sync/wait-group.js';

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
export async function runRound(ctx: JobContext, i32: Int32Array, block: number, round: number, permits: number,
  held: PoolWorker[], aborted: Promise<void>, assist: ChunkRunner | undefined):
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
      lost ??= error ?? workerEnded();
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
  // The participants posted this round, by slot.
  const posted: PoolWorker[] = [];
  try {
    for (let slot = 0; slot < permits; slot++) {
      // Survivors of the last round first; a dead one's place goes to a new thread.
      let worker = held[slot];
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
          if (assist === undefined && posted.length === 0) lost ??= error as Error;
          break;
        }
        held[slot] = worker;
      }
      Atomics.store(i32, j + kRunning + slot, 1);
      ctx.pool.post(worker, block, slot, task(slot));
      posted.push(worker);
    }
    if (assist !== undefined) {
      assist.run(block);
      // No chunk is left to claim: a worker that has not started by now never will.
      revokeAll(ctx, i32, block, posted);
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
    revokeAll(ctx, i32, block, posted);
    await quiesce(i32, j, posted.length);
    for (const worker of posted) worker.task = undefined;
  }
  return { lost, abandon };
}

// Takes back every task not yet picked up, and clears those participants' running flags.
function revokeAll(ctx: JobContext, i32: Int32Array, block: number, posted: PoolWorker[]): void {
  for (let slot = 0; slot < posted.length; slot++) {
    if (ctx.pool.revoke(posted[slot]!, block)) release(i32, block >>> 2, slot);
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

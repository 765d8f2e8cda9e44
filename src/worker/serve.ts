// The code that runs inside every worker, whatever the platform: instantiate the kernels on the
// engine's shared memory, then sleep on the mailbox and run each job posted there.
import { ChunkRunner } from '../parallel/chunks.js';
import { fuzzer, kPauseExit, kPauseTake } from '../parallel/fuzz.js';
import {
  kChunksDone, kExit, kFinished, kJob, kMailboxBytes, kReady, kRunning, kSeq, kSlot,
  type FinishedMessage, type InitMessage, type ReadyMessage,
} from '../parallel/protocol.js';

/**
 * Runs until the mailbox says "exit". Blocks this thread between jobs (Atomics.wait), so a worker
 * needs no event-loop turn to start work: waking it costs one futex wake-up.
 */
export function serve(init: InitMessage, post: (message: unknown) => void): void {
  const { memory, mailbox } = init;
  const pause = init.fuzz === undefined ? undefined : fuzzer(init.fuzz);
  // This worker counts its chunks in its own mailbox: a cache line no other participant writes per chunk.
  const runner = new ChunkRunner(memory, init.module, mailbox + kChunksDone * 4, pause);
  const box = mailbox >>> 2;
  const end = mailbox + kMailboxBytes;
  const finished = (ticket: number): void => post({ type: kFinished, ticket } satisfies FinishedMessage);
  post({ type: kReady } satisfies ReadyMessage);

  for (let seen = 0; ;) {
    // Why wait on kSeq rather than a flag: a task posted before this thread first got here has
    // already bumped it, so the first compare falls straight through instead of missing the wake-up.
    const i32 = runner.i32(end);
    Atomics.wait(i32, box + kSeq, seen);
    seen = Atomics.load(i32, box + kSeq);
    pause?.(kPauseTake);
    // Take the task; 0 means the calling thread revoked it first (the job ended without us).
    const task = Atomics.exchange(i32, box + kJob, 0);
    if (task === kExit) return;
    if (task === 0) continue;
    const job = task >>> 0;
    const slot = Atomics.load(i32, box + kSlot);
    runner.run(job, finished);
    pause?.(kPauseExit);
    // The participant's last write to the job: after it the calling thread may free the block.
    const running = (job >>> 2) + kRunning + slot;
    const flags = runner.i32((running + 1) * 4);
    Atomics.store(flags, running, 0);
    Atomics.notify(flags, running);
  }
}

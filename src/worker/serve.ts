// The code that runs inside every worker, whatever the platform: instantiate the kernels on the
// engine's shared memory, then sleep on the mailbox and run each job posted there.
import { kExit, kJob, kRunning, kSeq, kSlot } from '../memory/layout.js';
import { ChunkRunner } from './chunks.js';

export const kInit = 'parallel-sum:init';
export const kReady = 'parallel-sum:ready';
export const kFinished = 'parallel-sum:done';

export interface InitMessage {
  type: typeof kInit;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  header: number;   // byte address of the engine header
  mailbox: number;  // byte address of this worker's mailbox
}

/**
 * Runs until the mailbox says "exit". Blocks this thread between jobs (Atomics.wait), so a worker
 * needs no event-loop turn to start work: waking it costs one futex wake-up.
 */
export function serve(init: InitMessage, post: (message: unknown) => void): void {
  const { memory, header, mailbox } = init;
  const runner = new ChunkRunner(memory, init.module, header);
  const box = mailbox >> 2;
  post({ type: kReady });

  for (let seen = 0; ;) {
    // Why wait on kSeq rather than a flag: a task posted before this thread first got here has
    // already bumped it, so the first compare falls straight through instead of missing the wake-up.
    const i32 = runner.i32;
    Atomics.wait(i32, box + kSeq, seen);
    seen = Atomics.load(i32, box + kSeq);
    // Take the task; 0 means the calling thread revoked it first (the job ended without us).
    const job = Atomics.exchange(i32, box + kJob, 0);
    if (job === kExit) return;
    if (job === 0) continue;
    const slot = Atomics.load(i32, box + kSlot);
    runner.run(job, () => post({ type: kFinished, job }));
    // The participant's last write to the job: after it the calling thread may free the block.
    const j = job >> 2;
    Atomics.store(runner.i32, j + kRunning + slot, 0);
    Atomics.notify(runner.i32, j + kRunning + slot);
  }
}

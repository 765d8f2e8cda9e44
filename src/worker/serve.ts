// The code that runs inside every worker, whatever the platform: instantiate the kernels on the
// engine's shared memory, then sleep on the mailbox and run each job posted there.
import { kinds, partialBytes } from '../kinds.js';
import {
  kCancel, kChunkLength, kChunks, kChunksDone, kCursor, kData, kDone, kExit, kJob, kKernel, kLength, kNotify,
  kPartials, kRound, kRunning, kSeq, kSlot, kStatus, kWaitGroups,
} from '../memory/layout.js';
import { WaitGroup } from '../sync/wait-group.js';

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

type Kernel = (ptr: number, length: number, out?: number) => number | bigint | undefined;

/**
 * Runs until the mailbox says "exit". Blocks this thread between jobs (Atomics.wait), so a worker
 * needs no event-loop turn to start work: waking it costs one futex wake-up.
 */
export function serve(init: InitMessage, post: (message: unknown) => void): void {
  const { memory, header, mailbox } = init;
  const exports = new WebAssembly.Instance(init.module, { env: { memory } }).exports;
  const kernels = kinds.map((kind) => exports[kind.kernel] as Kernel);

  let i32 = new Int32Array(memory.buffer);
  let f64 = new Float64Array(memory.buffer);
  let i64 = new BigInt64Array(memory.buffer);
  // The memory grows while workers sleep; views made earlier do not see the new part.
  const reach = (end: number): void => {
    if (end <= i32.byteLength) return;
    i32 = new Int32Array(memory.buffer);
    f64 = new Float64Array(memory.buffer);
    i64 = new BigInt64Array(memory.buffer);
  };

  const box = mailbox >> 2;
  post({ type: kReady });

  for (let seen = 0; ;) {
    // Why wait on kSeq rather than a flag: a task posted before this thread first got here has
    // already bumped it, so the first compare falls straight through instead of missing the wake-up.
    Atomics.wait(i32, box + kSeq, seen);
    seen = Atomics.load(i32, box + kSeq);
    // Take the task; 0 means the calling thread revoked it first (the job ended without us).
    const job = Atomics.exchange(i32, box + kJob, 0);
    if (job === kExit) return;
    if (job !== 0) run(job, Atomics.load(i32, box + kSlot));
  }

  function run(job: number, slot: number): void {
    reach(job + 256);
    const j = job >> 2;
    const kind = kinds[i32[j + kKernel]!]!;
    const kernel = kernels[kind.id]!;
    const chunks = i32[j + kChunks]!;
    const chunkLength = i32[j + kChunkLength]!;
    const data = i32[j + kData]! >>> 0;
    const length = i32[j + kLength]! >>> 0;
    const partials = i32[j + kPartials]! >>> 0;
    const status = (i32[j + kStatus]! >>> 0) >> 2;
    const notify = i32[j + kNotify] === 1;
    const bytes = partialBytes(kind);
    const wg = new WaitGroup(i32, j + kWaitGroups + i32[j + kRound]!);
    reach((status << 2) + chunks * 4);

    for (;;) {
      // The cancel flag is read once per chunk: a chunk is the unit of work abort cannot split.
      if (Atomics.load(i32, j + kCancel) !== 0) break;
      const chunk = Atomics.add(i32, j + kCursor, 1);
      if (chunk >= chunks) break;
      // Only after a worker died: chunks a finished participant already stored are skipped.
      if (Atomics.load(i32, status + chunk) === kDone) continue;
      const start = chunk * chunkLength;
      const ptr = data + start * kind.bytes;
      const n = Math.min(chunkLength, length - start);
      if (kind.partial === 'float') f64[(partials >> 3) + chunk] = kernel(ptr, n) as number;
      else if (kind.partial === 'int') i64[(partials >> 3) + chunk] = kernel(ptr, n) as bigint;
      else kernel(ptr, n, partials + chunk * bytes);   // 'wide' and 'exact' write their partial
      // Publish the partial (plain store above) before the state: Atomics.store is a full fence.
      Atomics.store(i32, status + chunk, kDone);
      Atomics.add(i32, (header >> 2) + kChunksDone, 1);
      // The round's counter counts chunks: whoever stores the last one wakes the calling thread.
      if (wg.done() && notify) post({ type: kFinished, job });
    }

    // The participant's last write to the job: after it the calling thread may free the block.
    Atomics.store(i32, j + kRunning + slot, 0);
    Atomics.notify(i32, j + kRunning + slot);
  }
}

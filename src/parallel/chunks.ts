// Claiming and summing a job's chunks: what every participant does, the workers and, for mid-size
// sums, the calling thread too. Chunks are claimed with Atomics.add on the job's cursor, so any number
// of participants can share a job and each chunk is summed exactly once per round.
import { jobPastMemory } from '../errors.js';
import type { Kernel, Kernels } from '../kinds/kernels.js';
import { kernelsOf, kinds } from '../kinds/kinds.js';
import type { Views } from '../kinds/partials.js';
import {
  kCancel, kChunkLength, kChunks, kCursor, kData, kDone, kJobHeaderBytes, kKernel, kLength, kNotify,
  kPartials, kRound, kStatus, kTicket, kWaitGroups,
} from './protocol.js';
import { WaitGroup } from '../sync/wait-group.js';
import { kPauseClaim, kPauseDone, kPauseStore, kPauseSum, type Pause } from './fuzz.js';

/** One thread's kernels on the engine's shared memory, with views that follow the memory's growth. */
export class ChunkRunner {
  readonly #memory: WebAssembly.Memory;
  /** The kernel instance's exports, by kind (the calling thread sums small inputs with them too). */
  readonly kernels: Kernels;
  readonly #kernels: readonly Kernel[];
  readonly #counter: number;
  readonly #pause: Pause | undefined;
  #i32: Int32Array;
  #views: Views;

  /**
   * `counter`: byte address of this participant's own chunk counter (its mailbox's kChunksDone, or
   * the engine header's kCallerChunks for the calling thread). `pause`: the schedule fuzzer's hook
   * (tests only; see fuzz.ts).
   */
  constructor(memory: WebAssembly.Memory, module: WebAssembly.Module, counter: number, pause?: Pause) {
    this.#memory = memory;
    this.kernels = kernelsOf(new WebAssembly.Instance(module, { env: { memory } }).exports);
    this.#kernels = this.kernels.sum;
    this.#counter = counter;
    this.#pause = pause;
    this.#i32 = new Int32Array(memory.buffer);
    this.#views = { f64: new Float64Array(memory.buffer), i64: new BigInt64Array(memory.buffer) };
  }

  /** An Int32 view of the memory that reaches at least byte `end`. */
  i32(end: number): Int32Array {
    return this.#reach(end);
  }

  /**
   * Claims and sums chunks of the job at byte address `job` until none is left or the job is
   * cancelled. `finished(ticket)` is called by whoever stores the round's last chunk, when the job
   * asks for a message (no Atomics.waitAsync on the calling thread).
   */
  run(job: number, finished?: (ticket: number) => void): void {
    const j = job >>> 2;
    // The header says where the block ends; only then are the views taken, so that every view used
    // below reaches the end of the block, whatever growth happened since this thread last looked.
    const head = this.#reach(job + kJobHeaderBytes);
    const chunks = head[j + kChunks]!;
    const status = head[j + kStatus]! >>> 0;
    this.#reach(status + chunks * 4);
    const i32 = this.#i32;
    const views = this.#views;

    const kind = kinds[i32[j + kKernel]!]!;
    const kernel = this.#kernels[kind.id]!;
    const chunkLength = i32[j + kChunkLength]!;
    const data = i32[j + kData]! >>> 0;
    const length = i32[j + kLength]! >>> 0;
    const partials = i32[j + kPartials]! >>> 0;
    const ticket = i32[j + kTicket]!;
    const notify = finished !== undefined && i32[j + kNotify] === 1;
    const { partials: strategy } = kind;
    const bytes = strategy.bytes;
    const wg = new WaitGroup(i32, j + kWaitGroups + i32[j + kRound]!);
    const states = status >>> 2;
    const counted = this.#counter >>> 2;
    const pause = this.#pause;

    for (;;) {
      // The cancel flag is read once per chunk: a chunk is the unit of work abort cannot split.
      if (Atomics.load(i32, j + kCancel) !== 0) break;
      pause?.(kPauseClaim);
      const chunk = Atomics.add(i32, j + kCursor, 1);
      if (chunk >= chunks) break;
      // Only after a worker died: chunks a finished participant already stored are skipped.
      if (Atomics.load(i32, states + chunk) === kDone) continue;
      const start = chunk * chunkLength;
      const ptr = data + start * kind.bytes;
      const n = Math.min(chunkLength, length - start);
      pause?.(kPauseSum);
      strategy.store(kernel, ptr, n, partials + chunk * bytes, views);
      pause?.(kPauseStore);
      // Publish the partial (plain store above) before the state: Atomics.store is a full fence.
      Atomics.store(i32, states + chunk, kDone);
      Atomics.add(i32, counted, 1);
      pause?.(kPauseDone);
      // The round's counter counts chunks: whoever stores the last one wakes the calling thread.
      if (wg.done() && notify) finished(ticket);
    }
  }

  // The memory grows while a thread is not looking; views made earlier do not see the new part. A
  // runtime may also show a thread the new size only a little later (Deno was seen to): asking the
  // memory itself (grow by 0 pages) brings this thread's view of it up to date.
  #reach(end: number): Int32Array {
    if (end <= this.#i32.byteLength) return this.#i32;
    let buffer = this.#memory.buffer;
    if (buffer.byteLength < end) {
      this.#memory.grow(0);
      buffer = this.#memory.buffer;
    }
    if (buffer.byteLength < end) {
      throw jobPastMemory(end, buffer.byteLength);
    }
    this.#i32 = new Int32Array(buffer);
    this.#views = { f64: new Float64Array(buffer), i64: new BigInt64Array(buffer) };
    return this.#i32;
  }
}

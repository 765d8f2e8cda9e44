// Claiming and summing a job's chunks: what every participant does, the workers and, for mid-size
// sums, the calling thread too. Chunks are claimed with Atomics.add on the job's cursor, so any number
// of participants can share a job and each chunk is summed exactly once per round.
import { kinds, partialBytes } from '../kinds.js';
import {
  kCancel, kChunkLength, kChunks, kChunksDone, kCursor, kData, kDone, kKernel, kLength, kNotify, kPartials,
  kRound, kStatus, kWaitGroups,
} from '../memory/layout.js';
import { WaitGroup } from '../sync/wait-group.js';

type Kernel = (ptr: number, length: number, out?: number) => number | bigint | undefined;

/** One thread's kernels on the engine's shared memory, with views that follow the memory's growth. */
export class ChunkRunner {
  readonly #memory: WebAssembly.Memory;
  /** The kernel instance's exports. */
  readonly exports: WebAssembly.Exports;
  readonly #kernels: Kernel[];
  readonly #header: number;
  #i32: Int32Array;
  #f64: Float64Array;
  #i64: BigInt64Array;

  constructor(memory: WebAssembly.Memory, module: WebAssembly.Module, header: number) {
    this.#memory = memory;
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    this.exports = exports;
    this.#kernels = kinds.map((kind) => exports[kind.kernel] as Kernel);
    this.#header = header;
    this.#i32 = new Int32Array(memory.buffer);
    this.#f64 = new Float64Array(memory.buffer);
    this.#i64 = new BigInt64Array(memory.buffer);
  }

  /** An Int32 view of the whole memory as it is now. */
  get i32(): Int32Array {
    this.#reach(this.#memory.buffer.byteLength);
    return this.#i32;
  }

  /**
   * Claims and sums chunks of the job at byte address `job` until none is left or the job is
   * cancelled. `finished` is called by whoever stores the job's last chunk.
   */
  run(job: number, finished?: () => void): void {
    this.#reach(job + 256);
    const i32 = this.#i32;
    const j = job >> 2;
    const kind = kinds[i32[j + kKernel]!]!;
    const kernel = this.#kernels[kind.id]!;
    const chunks = i32[j + kChunks]!;
    const chunkLength = i32[j + kChunkLength]!;
    const data = i32[j + kData]! >>> 0;
    const length = i32[j + kLength]! >>> 0;
    const partials = i32[j + kPartials]! >>> 0;
    const status = (i32[j + kStatus]! >>> 0) >> 2;
    const notify = finished !== undefined && i32[j + kNotify] === 1;
    const bytes = partialBytes(kind);
    const wg = new WaitGroup(i32, j + kWaitGroups + i32[j + kRound]!);
    this.#reach((status << 2) + chunks * 4);
    const { f64, i64 } = { f64: this.#f64, i64: this.#i64 };

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
      Atomics.add(i32, (this.#header >> 2) + kChunksDone, 1);
      // The round's counter counts chunks: whoever stores the last one wakes the calling thread.
      if (wg.done() && notify) finished();
    }
  }

  // The memory grows while a thread is not looking; views made earlier do not see the new part.
  #reach(end: number): void {
    if (end <= this.#i32.byteLength) return;
    const buffer = this.#memory.buffer;
    this.#i32 = new Int32Array(buffer);
    this.#f64 = new Float64Array(buffer);
    this.#i64 = new BigInt64Array(buffer);
  }
}

// Text input: the bytes are cut into segments of whole lines, parsed in parallel by worker threads
// (bin/lib/text-worker.js), and their numbers handed to a sink in input order, so a fast-mode sum
// gets the same bits for any number of workers. Memory stays bounded: at most `2 * workers` segments
// are out at once, and their buffers come back to be refilled.
import { Worker } from 'node:worker_threads';
import { CliError, TextWorkerError } from './errors.js';
import { parseSegment } from './parse.js';

/** Bytes per segment: large enough that posting one costs nothing beside parsing it. */
export const kSegmentBytes = 4 << 20;
/**
 * Parsing threads at most, whatever `--workers` says: each parses about 150 MB/s, and past a dozen the
 * main thread (reading, adding) is the bound, while each one adds two segments to the memory in flight.
 * (Not measured beyond 2 cores: this machine has no more.)
 */
export const kMaxTextWorkers = 16;
/** Doubles per batch handed to the sink. */
const kBatch = 1 << 16;
const kNewline = 10, kSpace = 32;

/**
 * @typedef {{ seq: number, buffer: ArrayBuffer, length: number }} Segment
 * @typedef {{ seq: number, buffer: ArrayBuffer, values: Float64Array[], count: number, lines: number,
 *   error: { line: number, message: string } | undefined }} Parsed
 * @typedef {object} TextOptions
 * @property {string} name the input's name, for messages
 * @property {number} column 1-based, or 0 for every number
 * @property {number} workers parsing threads at most
 * @property {AbortSignal} signal
 * @property {(values: Float64Array) => unknown} sink gets every number, in order (awaited)
 * @property {(bytes: number) => void} [progress] bytes read so far
 */

/**
 * Parses every number of `reader`'s text and gives them to `sink`. Rejects with a CliError naming the
 * line of the first token that is not a number, or with `signal.reason` on abort; either way every
 * worker is gone when it settles.
 * @param {import('./source.js').Reader} reader
 * @param {TextOptions} options
 * @returns {Promise<{ count: number, lines: number, bytes: number }>}
 */
export async function parseText(reader, { name, column, workers: asked, signal, sink, progress }) {
  const workers = Math.min(asked, kMaxTextWorkers);
  const pool = new Pool(column, workers, signal);
  try {
    const window = 2 * workers;
    /** @type {ArrayBuffer[]} */
    const free = [];
    let tail = new Uint8Array(0);
    let seq = 0, bytes = 0, next = 0, lineBase = 0, count = 0;
    // Hands the parsed segments to the sink in order while more than `keep` are out.
    const drain = async (/** @type {number} */ keep) => {
      while (seq - next > keep) {
        const parsed = await pool.take(next);
        for (const values of parsed.values) if (values.length > 0) await sink(values);
        if (parsed.error !== undefined) {
          throw new CliError(`${name}: line ${lineBase + parsed.error.line + 1}: ${parsed.error.message}`);
        }
        lineBase += parsed.lines;
        count += parsed.count;
        if (parsed.buffer.byteLength === kSegmentBytes) free.push(parsed.buffer);
        next++;
      }
    };
    for (let end = false; !end;) {
      let view = new Uint8Array(free.pop() ?? new ArrayBuffer(kSegmentBytes));
      view.set(tail);
      let filled = tail.length, cut = 0;
      for (;;) {
        while (filled < view.length) {
          signal.throwIfAborted();
          const n = await reader.read(view, filled);
          if (n === 0) { end = true; break; }
          filled += n;
          bytes += n;
          progress?.(bytes);
        }
        if (end) { cut = filled; break; }
        cut = view.lastIndexOf(kNewline, filled - 1) + 1;
        if (cut > 0) break;
        // One line longer than the buffer: a larger buffer for this segment only.
        const larger = new Uint8Array(view.length * 2);
        larger.set(view);
        view = larger;
      }
      // A byte order mark (as spreadsheets write UTF-8 CSV) is not part of the first number.
      if (seq === 0 && view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf) view.fill(kSpace, 0, 3);
      tail = view.slice(cut, filled);
      // The whole input in one segment: parsed here, no worker started.
      const inline = seq === 0 && end;
      pool.post({ seq: seq++, buffer: view.buffer, length: cut }, inline);
      await drain(window - 1);
    }
    await drain(0);
    return { count, lines: lineBase, bytes };
  } finally {
    await pool.close();
  }
}

/** The parsing threads, started on demand, and the segments they have parsed, by sequence number. */
class Pool {
  /** @type {{ worker: Worker, out: number }[]} */
  #threads = [];
  /** @type {Map<number, Parsed>} */
  #done = new Map();
  /** @type {(() => void) | undefined} */
  #wake;
  /** @type {unknown} */
  #failure;
  #closed = false;
  #column; #max; #signal;

  /** @param {number} column @param {number} max @param {AbortSignal} signal */
  constructor(column, max, signal) {
    this.#column = column;
    this.#max = max;
    this.#signal = signal;
  }

  /** Parses `segment` on a thread, or here if `inline`. @param {Segment} segment @param {boolean} inline */
  post(segment, inline) {
    if (inline) {
      const { values, count, lines, error } = parseSegment(new Uint8Array(segment.buffer), segment.length, this.#column, kBatch);
      this.#done.set(segment.seq, { seq: segment.seq, buffer: segment.buffer, values, count, lines, error });
      return;
    }
    let thread = this.#threads.find((t) => t.out === 0);
    if (thread === undefined && this.#threads.length < this.#max) thread = this.#spawn();
    thread ??= this.#threads.reduce((a, b) => (b.out < a.out ? b : a));
    thread.out++;
    thread.worker.postMessage(segment, [segment.buffer]);
  }

  /** The parsed segment `seq`, when it is. @param {number} seq @returns {Promise<Parsed>} */
  async take(seq) {
    for (;;) {
      this.#signal.throwIfAborted();
      if (this.#failure !== undefined) throw this.#failure;
      const parsed = this.#done.get(seq);
      if (parsed !== undefined) {
        this.#done.delete(seq);
        return parsed;
      }
      await new Promise((resolve) => {
        this.#wake = () => resolve(undefined);
        this.#signal.addEventListener('abort', this.#wake, { once: true });
      });
      this.#signal.removeEventListener('abort', /** @type {() => void} */ (this.#wake));
    }
  }

  #spawn() {
    const worker = new Worker(new URL('./text-worker.js', import.meta.url), { workerData: { column: this.#column, batch: kBatch } });
    const thread = { worker, out: 0 };
    worker.on('message', (/** @type {Parsed} */ parsed) => {
      thread.out--;
      this.#done.set(parsed.seq, parsed);
      this.#wake?.();
    });
    worker.on('error', (error) => { this.#failure ??= error; this.#wake?.(); });
    worker.on('exit', (code) => {
      if (!this.#closed) this.#failure ??= new TextWorkerError(`a text worker exited with code ${code}`);
      this.#wake?.();
    });
    this.#threads.push(thread);
    return thread;
  }

  async close() {
    this.#closed = true;
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }
}

// The sums behind the command line, on the package's public API only. One input: sumFile/sumStream
// (binary) or an accumulator fed by the text parsers. Several: an accumulator per input; the total
// merges their states (exact mode and integers: the correctly rounded sum of everything) or, in fast
// mode, is one more accumulator that sees every element in input order (the fast sum of the
// concatenation, as `parallelSum` would give it).
import { Accumulator } from 'parallel-sum';
import { kTypes } from './args.js';
import { progressBar } from './progress.js';
import { CliError } from './errors.js';
import { fileReader, openRange, streamReader } from './source.js';
import { parseText } from './text.js';

/** Bytes per read when the tool feeds an accumulator itself. */
const kReadBytes = 8 << 20;

/**
 * @typedef {import('parallel-sum').ParallelSum} Engine
 * @typedef {import('./output.js').InputSum} InputSum
 * @typedef {import('parallel-sum').Accumulator} Acc
 */

/**
 * Sums every input. @param {Engine} engine @param {import('./args.js').Args} args
 * @param {AbortSignal} signal @param {NodeJS.WriteStream} stderr
 * @returns {Promise<{ inputs: InputSum[], total: number | bigint }>}
 */
export async function sumInputs(engine, args, signal, stderr) {
  const precision = /** @type {import('parallel-sum').Precision} */ (args.exact ? 'exact' : 'fast');
  const ctor = kTypes[args.type];
  if (!args.text && args.inputs.length === 1) {
    const name = /** @type {string} */ (args.inputs[0]);
    const input = await sumOneBinary(engine, args, name, signal, stderr).catch((error) => { throw withPath(name, error); });
    return { inputs: [input], total: input.sum };
  }
  const mergeable = args.exact || !(ctor === Float64Array || ctor === Float32Array);
  /** @type {Acc | undefined} */
  const all = !mergeable && args.inputs.length > 1 ? engine.accumulator(ctor, { precision }) : undefined;
  /** @type {InputSum[]} */
  const inputs = [];
  /** @type {Uint8Array[]} */
  const states = [];
  for (const name of args.inputs) {
    const { sum, bytes, count, state } = await sumOne(name).catch((error) => { throw withPath(name, error); });
    inputs.push({ name, sum, bytes, count });
    if (state !== undefined) states.push(state);
  }
  if (all !== undefined) return { inputs, total: all.result() };
  if (inputs.length === 1) return { inputs, total: /** @type {InputSum} */ (inputs[0]).sum };
  const [first, ...rest] = states;
  const total = rest.reduce((merged, state) => merged.merge(state), Accumulator.from(/** @type {Uint8Array} */ (first)));
  return { inputs, total: total.result() };

  /** One input into its own accumulator (and `all`). @param {string} name */
  async function sumOne(name) {
    /** @type {Acc} */
    const acc = engine.accumulator(ctor, { precision });
    const element = args.text ? undefined : { bytes: ctor.BYTES_PER_ELEMENT, name: args.type };
    const reader = name === '-' ? streamReader(process.stdin, signal) : await fileReader(name, args.offset, args.length, element);
    const bar = progressBar(stderr, reader.size, name);
    try {
      const sink = async (/** @type {ArrayBufferView} */ chunk) => {
        await acc.add(chunk, { signal });
        if (all !== undefined) await all.add(chunk, { signal });
      };
      let bytes = 0, count = 0;
      if (args.text) {
        ({ bytes, count } = await parseText(reader, {
          name, column: args.column, workers: args.workers, signal, sink, progress: (n) => bar?.update(n),
        }));
      } else {
        bytes = await feed(reader, sink, signal, (n) => bar?.update(n));
        count = bytes / ctor.BYTES_PER_ELEMENT;
      }
      return { sum: named(name, () => acc.result()), bytes, count, state: mergeable ? acc.state() : undefined };
    } finally {
      bar?.done();
      await reader.close();
    }
  }
}

/**
 * An fs error that does not name its file (a read of a directory: `EISDIR: illegal operation on a
 * directory, read`), told with the input's name; any other error as it is.
 * @param {string} name @param {unknown} error
 */
function withPath(name, error) {
  const fsError = /** @type {{ code?: unknown, syscall?: unknown, path?: unknown, message?: unknown }} */ (error);
  if (error instanceof Error && typeof fsError.code === 'string' && typeof fsError.syscall === 'string' && fsError.path === undefined) {
    return new CliError(`${name}: ${error.message}`);
  }
  return error;
}

/**
 * One binary input with sumFile or sumStream: the package's pipelined readers.
 * @param {Engine} engine @param {import('./args.js').Args} args @param {string} name
 * @param {AbortSignal} signal @param {NodeJS.WriteStream} stderr @returns {Promise<InputSum>}
 */
async function sumOneBinary(engine, args, name, signal, stderr) {
  const ctor = kTypes[args.type];
  const precision = /** @type {import('parallel-sum').Precision} */ (args.exact ? 'exact' : 'fast');
  let bytes = 0;
  /** @type {ReturnType<typeof progressBar>} */
  let bar;
  const onProgress = (/** @type {{ bytes: number, totalBytes?: number }} */ p) => {
    bytes = p.bytes;
    bar ??= progressBar(stderr, p.totalBytes, name);
    bar?.update(p.bytes);
  };
  if (name === '-') {
    try {
      const sum = await engine.sumStream(process.stdin, { type: ctor, signal, precision, onProgress }).catch((error) => named(name, () => { throw error; }));
      return { name, sum, bytes, count: bytes / ctor.BYTES_PER_ELEMENT };
    } finally {
      bar?.done();
    }
  }
  // Opened (and its range checked) here, so a bad range or a ragged file is named in the tool's words.
  const { handle, start, end } = await openRange(name, args.offset, args.length, { bytes: ctor.BYTES_PER_ELEMENT, name: args.type });
  try {
    const sum = await engine.sumFile(handle, { type: ctor, signal, precision, onProgress, offset: start, length: end - start });
    return { name, sum, bytes: end - start, count: (end - start) / ctor.BYTES_PER_ELEMENT };
  } finally {
    bar?.done();
    await handle.close();
  }
}

/**
 * `get()`, with a TypeError or RangeError about the input (bytes that are not whole elements) told as
 * a CliError naming the input. @template T @param {string} name @param {() => T} get @returns {T}
 */
function named(name, get) {
  try {
    return get();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new CliError(`${name}: ${error.message}`);
    throw error;
  }
}

/**
 * Reads `reader` to its end into two buffers in turn: one fills while the other is summed.
 * @param {import('./source.js').Reader} reader @param {(chunk: Uint8Array) => Promise<void>} sink
 * @param {AbortSignal} signal @param {(bytes: number) => void} progress @returns {Promise<number>}
 */
async function feed(reader, sink, signal, progress) {
  const buffers = [new Uint8Array(kReadBytes), new Uint8Array(kReadBytes)];
  let pending = Promise.resolve();
  let bytes = 0;
  for (let turn = 0; ; turn ^= 1) {
    const buffer = /** @type {Uint8Array} */ (buffers[turn]);
    let filled = 0;
    for (let n = -1; filled < buffer.length && n !== 0;) {
      signal.throwIfAborted();
      n = await reader.read(buffer, filled);
      filled += n;
    }
    await pending;
    if (filled === 0) return bytes;
    bytes += filled;
    progress(bytes);
    pending = sink(buffer.subarray(0, filled));
  }
}

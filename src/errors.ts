// Every error this package throws on purpose, in one place. Validation errors are plain TypeError and
// RangeError whose message names the argument and what was expected; failures of the machinery
// have named classes with stable `name`s so callers can tell them apart.

/** The engine was closed: no new work is accepted. */
export class EngineClosedError extends Error {
  override name = 'EngineClosedError';
  constructor(message = 'The ParallelSum engine is closed') {
    super(message);
  }
}

/** A worker thread failed to start, or kept dying while it summed. The cause is attached. */
export class WorkerError extends Error {
  override name = 'WorkerError';
}

/**
 * The engine's memory cannot hold a block of the size asked for (its `maxMemory`, or what the runtime
 * would give). A RangeError, as before it had a name of its own, but never an argument error.
 */
export class OutOfMemoryError extends RangeError {
  override name = 'OutOfMemoryError';
}

/** A short description of a value for error messages: `null`, `a string`, `Int8Array`, `3.5`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined': return 'undefined';
    case 'number': return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint': return `${value}n`;
    case 'string': return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)})`;
    case 'boolean': return String(value);
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default: {
      const name = (value as object).constructor?.name;
      if (Array.isArray(value)) return 'an array';
      return name && name !== 'Object' ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}` : 'a plain object';
    }
  }
}

export function typeError(argument: string, expected: string, got: unknown): TypeError {
  return new TypeError(`Expected \`${argument}\` to be ${expected}, got ${describe(got)}`);
}

export function rangeError(argument: string, expected: string, got: unknown): RangeError {
  return new RangeError(`Expected \`${argument}\` to be ${expected}, got ${describe(got)}`);
}

// Streams, files and accumulators (src/stream/, src/streams.ts, src/accumulator*.ts). In chunk errors,
// `argument` is 'source' (its chunks: "to yield") or 'chunk' (an accumulator's add: "to be").

/** An accumulator was read (result, state, merge) while an add() to it was still in progress. */
export class AccumulatorBusyError extends Error {
  override name = 'AccumulatorBusyError';
  constructor(method = 'result') {
    super(`Accumulator.${method}() was called while an add() is in progress; await it first`);
  }
}

export const notASource = (source: unknown): TypeError => typeError('source', 'an AsyncIterable or Iterable of '
  + 'TypedArrays or bytes, a ReadableStream, a Blob, a Response, a Node Readable, or one TypedArray or ArrayBuffer', source);
export const responseAlreadyRead = (): TypeError =>
  new TypeError('Expected `source` to be a Response whose body was not read yet, got one already read');
const yields = (argument: string): string => (argument === 'source' ? 'to yield' : 'to be');
export const notAChunk = (argument: string, chunk: unknown): TypeError =>
  new TypeError(`Expected \`${argument}\` ${yields(argument)} TypedArrays, ArrayBuffers or bytes, got ${describe(chunk)}`);
export const detachedChunk = (argument: string): TypeError =>
  new TypeError(`Expected \`${argument}\` ${yields(argument)} readable chunks, got a TypedArray whose buffer is detached`);
export const chunkOfOtherType = (argument: string, type: string, got: string): TypeError =>
  new TypeError(`Expected \`${argument}\` ${yields(argument)} ${type}s or bytes (the type is ${type}), got a ${got}`);
export const mixedChunks = (got: string, seen: string): TypeError =>
  new TypeError(`Expected \`source\` to yield TypedArrays of one element type, got a ${got} after ${seen}s `
    + '(pass `type` to read every chunk as raw bytes of one type)');
export const bytesWithoutType = (what: string): TypeError =>
  new TypeError(`Expected \`type\` to say what the bytes of \`source\` hold (e.g. { type: Float64Array }), got ${what} `
    + 'chunk without `type`');
export const bytesLeftOver = (type: string, size: number, total: number, left: number): RangeError =>
  new RangeError(`Expected \`source\` to hold whole ${type} elements of ${size} bytes, got ${total} bytes: ${left} left over`);
export const addedLeftOver = (type: string, size: number, left: number): RangeError =>
  new RangeError(`Expected whole ${type} elements of ${size} bytes to have been added, got ${left} bytes left over`);
export const fileWithoutType = (): TypeError =>
  new TypeError('Expected `type` to say what the file holds (e.g. { type: Float64Array }), got undefined');
export const rangePastEnd = (size: number, offset: number, length: number | undefined): RangeError =>
  new RangeError(`Expected \`offset\` and \`length\` to select bytes within the file's ${size}, got `
    + `${length === undefined ? `offset ${offset}` : `bytes ${offset} to ${offset + length}`}`);
export const fileShrank = (bytes: number, at: number): RangeError =>
  new RangeError(`Expected the file to hold the ${bytes} bytes it had when the sum started; it ended at byte ${at}`);
export const notAState = (why: string): TypeError =>
  new TypeError(`Expected \`state\` to be a Uint8Array from an accumulator's state(), got ${why}`);
export const stateVersion = (expected: number, got: number): RangeError =>
  new RangeError(`Expected \`state\` in format version ${expected}, got version ${got} (made by another release of parallel-sum)`);
export const stateOfOtherType = (mine: string, theirs: string): TypeError =>
  new TypeError(`Expected \`state\` of a ${mine} accumulator, got one of a ${theirs} accumulator`);
export const stateNotExact = (type: string): TypeError =>
  new TypeError(`Expected \`state\` of an exact ${type} accumulator, got a fast one`);
export const notMergeable = (method: string, type: string): TypeError =>
  new TypeError(`Expected an exact accumulator for ${method}(): a fast ${type} sum depends on how the data was cut, `
    + "so it cannot be merged (make it with { precision: 'exact' })");
export const accumulatorConstructed = (): TypeError =>
  new TypeError('Expected an accumulator to be made by engine.accumulator(type) or Accumulator.from(state)');
export const accumulatorWithoutEngine = (): TypeError =>
  new TypeError('Expected an accumulator from engine.accumulator() to add to; this one came from '
    + 'Accumulator.from(state) without `{ engine }`');

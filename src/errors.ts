// Every error this package throws on purpose, in one place: no other file under src/ constructs one.
// Validation errors are plain TypeError and RangeError whose message names the argument and what was
// expected; failures of the machinery have named classes with stable `name`s so callers can tell them
// apart. Every room may import this file, and it imports nothing.

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

/**
 * `sumSync()` was called before the engine's kernels were compiled, on a platform that compiles
 * WebAssembly only asynchronously (a browser): `await engine.ready()` once first.
 */
export class NotReadyError extends Error {
  override name = 'NotReadyError';
  constructor(message = 'parallel-sum: sumSync() needs the kernels compiled first; `await engine.ready()` once '
    + '(this platform compiles WebAssembly asynchronously)') {
    super(message);
  }
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

// Arguments that are not what they claim to be, or no longer readable.

/** `data` passes instanceof TypedArray but is not one (a Proxy of one has no elements of its own). */
export function lookalikeData(expected: string): TypeError {
  return new TypeError(`Expected \`data\` to be ${expected}, got an object that only looks like one (a Proxy?)`);
}

/** `data` is a view whose buffer is detached, or resized below it. */
export function unreadableData(kindName: string): TypeError {
  return new TypeError(`Expected \`data\` to be a ${kindName} in bounds of a live buffer, got one whose buffer `
    + 'is detached or was resized below it');
}

/** `data` is a view this engine freed. */
export function freedData(): TypeError {
  return new TypeError('Expected `data` to be live memory, got a view this engine already freed');
}

/** free() was given something other than a live view from this engine's alloc(). */
export function notAnAllocation(freedAlready: boolean): TypeError {
  const why = freedAlready ? 'it was freed already' : 'it is not one';
  return new TypeError(`Expected \`view\` to be a TypedArray returned by this engine's alloc(); ${why}`);
}

/** A sum that yielded came back to an input whose buffer was detached or shrunk meanwhile. */
export function bufferShrunk(cause: unknown): TypeError {
  return new TypeError('Expected `data` to stay readable while it is summed, but its buffer was detached or '
    + 'shrunk before the sum ended', { cause });
}

/** The first element of `x[from..to)` that is not a number, said plainly (holes and shortening too). */
export function notANumber(x: readonly unknown[], from: number, to: number): TypeError {
  let i = from;
  while (i < to - 1 && typeof x[i] === 'number') i++;
  const got = i in x ? describe(x[i]) : i >= x.length ? 'nothing: the array was shortened while it was summed'
    : 'a hole (the array is sparse)';
  return new TypeError(`Expected \`data[${i}]\` to be a number, got ${got}`);
}

// Misuse of a primitive: fails loudly at once, as Go's sync package does.

export function overReleased(limit: number): RangeError {
  return new RangeError(`Semaphore released more times than acquired (limit ${limit})`);
}

export function waitGroupCounter(now: number, delta: number): RangeError {
  return new RangeError(now < 0 ? `negative WaitGroup counter: ${now} after add(${delta})`
    : `WaitGroup counter overflow: ${now} after add(${delta})`);
}

export function noSharedMemory(): TypeError {
  return new TypeError('SharedArrayBuffer is not available: in browsers the page must be cross-origin isolated');
}

/** The arena was asked to free an address it never handed out. */
export function notABlock(ptr: number): RangeError {
  return new RangeError(`No block at ${ptr} to free`);
}

/** The test seam's fuzz() came after the engine's first sum. */
export function fuzzTooLate(): Error {
  return new Error('fuzz() must come before the first sum');
}

// Workers: how they fail to start, end, or are found out of step.

/** A worker's first message was not the init message. */
export function unexpectedMessage(expected: string, type: unknown): Error {
  return new Error(`parallel-sum worker: expected ${expected}, got ${String(type)}`);
}

/** A job block lies past the shared memory this thread sees, even after asking the memory itself. */
export function jobPastMemory(end: number, byteLength: number): RangeError {
  return new RangeError(`parallel-sum: a job block ends at byte ${end}, past the ${byteLength} bytes `
    + 'of shared memory this thread sees');
}

/** Why a worker ended, as its platform reports it (no error of its own). */
export function workerExit(message: string): Error {
  return new Error(message);
}

export function notReadyInTime(ms: number): Error {
  return new Error(`parallel-sum: a worker was not ready ${ms} ms after it started`);
}

export function couldNotStart(cause: unknown): WorkerError {
  return new WorkerError('parallel-sum: could not start a worker', { cause });
}

export function endedBeforeReady(cause: unknown): WorkerError {
  return new WorkerError('parallel-sum: a worker ended before it was ready', { cause });
}

export function startsFailed(attempts: number, cause: unknown): WorkerError {
  return new WorkerError(`parallel-sum: ${attempts} workers in a row failed to start; not starting more`, { cause });
}

export function workerEnded(): WorkerError {
  return new WorkerError('parallel-sum: a worker ended during a sum');
}

export function workersKeptDying(rounds: number, cause: unknown): WorkerError {
  return new WorkerError(`parallel-sum: workers died ${rounds} times during one sum`, { cause });
}

/** A kernel file could not be fetched. */
export function loadFailed(href: string, status: number): Error {
  return new Error(`parallel-sum: could not load ${href} (HTTP ${status})`);
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

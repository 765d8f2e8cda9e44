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

/** An accumulator was read (result, state, merge) while an add() to it was still in progress. */
export class AccumulatorBusyError extends Error {
  override name = 'AccumulatorBusyError';
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

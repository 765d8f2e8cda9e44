// Every argument check, for every entry point. Each failure names the argument and the expectation.
import { lookalikeData, rangeError, typeError, unreadableData } from './errors.js';
import { kindOf, kindOfConstructor, float64, placeOf, type Kind, type NumericArray, type Place } from './kinds/kinds.js';
import { kMaxMemoryBytes, kPageBytes } from './memory/arena.js';
import type { Precision, SumOptions } from './options.js';
import { checkSignal } from './sync/abort.js';

/** The most workers one engine may have: far beyond any core count, far below what would exhaust memory. */
export const kMaxWorkers = 1024;

export type Input =
  | { kind: Kind; length: number; view: NumericArray; place: Place; array?: undefined }
  | { kind: Kind; length: number; view?: undefined; place?: undefined; array: readonly unknown[] };

const TypedArray = Object.getPrototypeOf(Int8Array) as abstract new () => object;

/** Classifies `data`, or throws a TypeError saying what was expected. */
export function checkData(data: unknown): Input {
  if (Array.isArray(data)) return { kind: float64, length: data.length, array: data };
  const kind = kindOf(data);
  if (kind === undefined) {
    const expected = 'an array of numbers or a TypedArray (Float64Array, Int32Array, …)';
    // A Proxy of a TypedArray passes instanceof but has no elements of its own to read.
    if (data instanceof TypedArray) throw lookalikeData(expected);
    throw typeError('data', expected, data);
  }
  const view = data as NumericArray;
  const place = placeOf(view);
  // Refused rather than summed as nothing: a detached buffer, or a resizable one shrunk below the view.
  if (place === undefined) throw unreadableData(kind.name);
  return { kind, length: place.length, view, place };
}

/** `maxWorkers`: an integer from 1 to kMaxWorkers. */
export function checkMaxWorkers(value: unknown, argument = 'maxWorkers'): number {
  if (typeof value !== 'number') throw typeError(argument, `an integer from 1 to ${kMaxWorkers}`, value);
  if (!Number.isInteger(value) || value < 1 || value > kMaxWorkers) {
    throw rangeError(argument, `an integer from 1 to ${kMaxWorkers}`, value);
  }
  return value;
}

/** An options bag: undefined or a plain object. */
export function checkOptions<T extends object>(options: unknown, argument = 'options'): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw typeError(argument, 'an object', options);
  }
  return options as Partial<T>;
}

/** The options of one sum. */
export function checkCallOptions(options: unknown):
  { signal: AbortSignal | undefined; maxWorkers: number | undefined; precision: Precision } {
  if (options === undefined) return kDefaultCall;
  const { signal, maxWorkers, precision } = checkOptions<SumOptions>(options);
  checkSignal(signal);
  return {
    signal,
    maxWorkers: maxWorkers === undefined ? undefined : checkMaxWorkers(maxWorkers),
    precision: precision === undefined ? 'fast' : checkPrecision(precision),
  };
}

// The options of a call that passed none (the common case: no allocation).
const kDefaultCall = Object.freeze({ signal: undefined, maxWorkers: undefined, precision: 'fast' as Precision });

/** `precision`: 'fast' or 'exact'. */
function checkPrecision(value: unknown): Precision {
  if (value === 'fast' || value === 'exact') return value;
  const expected = "'fast' or 'exact'";
  throw typeof value === 'string' ? rangeError('precision', expected, value) : typeError('precision', expected, value);
}


/** `options.workers` of ready(): an integer from 0 to the engine's maxWorkers. */
export function checkWorkerCount(value: unknown, max: number): number {
  const expected = `an integer from 0 to ${max} (the engine's maxWorkers)`;
  if (typeof value !== 'number') throw typeError('options.workers', expected, value);
  if (!Number.isInteger(value) || value < 0 || value > max) throw rangeError('options.workers', expected, value);
  return value;
}

/** `options.maxMemory`: whole 64 KiB pages, from 1 MiB to 4 GiB. */
export function checkMaxMemory(value: unknown): number {
  const expected = `a whole number of 64 KiB pages from ${16 * kPageBytes} to ${kMaxMemoryBytes} bytes`;
  if (typeof value !== 'number') throw typeError('options.maxMemory', expected, value);
  if (!Number.isInteger(value) || value % kPageBytes !== 0 || value < 16 * kPageBytes || value > kMaxMemoryBytes) {
    throw rangeError('options.maxMemory', expected, value);
  }
  return value;
}

/** The arguments of alloc(): a TypedArray constructor, and a length that fits in `maxBytes`. */
export function checkAlloc(ctor: unknown, length: unknown, maxBytes: number): Kind {
  const kind = kindOfConstructor(ctor);
  if (kind === undefined) throw typeError('ctor', 'a TypedArray constructor such as Float64Array', ctor);
  const limit = Math.floor(maxBytes / kind.bytes);
  if (typeof length !== 'number') throw typeError('length', `an integer from 0 to ${limit}`, length);
  if (!Number.isInteger(length) || length < 0 || length > limit) {
    throw rangeError('length', `an integer from 0 to ${limit} (the engine's memory limit)`, length);
  }
  return kind;
}

// Argument checks shared by every entry point. Each failure names the argument and the expectation.
import { rangeError, typeError } from './errors.js';
import { kindOf, float64, placeOf, type Kind, type NumericArray, type Place } from './kinds/kinds.js';
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
    if (data instanceof TypedArray) throw new TypeError(`Expected \`data\` to be ${expected}, got an object that only looks like one (a Proxy?)`);
    throw typeError('data', expected, data);
  }
  const view = data as NumericArray;
  const place = placeOf(view);
  // Refused rather than summed as nothing: a detached buffer, or a resizable one shrunk below the view.
  if (place === undefined) {
    throw new TypeError(`Expected \`data\` to be a ${kind.name} in bounds of a live buffer, got one whose buffer `
      + 'is detached or was resized below it');
  }
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

export type Precision = 'fast' | 'exact';

export interface CallOptions {
  signal?: AbortSignal;
  maxWorkers?: number;
  precision?: Precision;
}

/** The options of one sum. */
export function checkCallOptions(options: unknown):
  { signal: AbortSignal | undefined; maxWorkers: number | undefined; precision: Precision } {
  if (options === undefined) return kDefaultCall;
  const { signal, maxWorkers, precision } = checkOptions<CallOptions>(options);
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


// Accumulator: a sum that data is added to piece by piece (engine.accumulator(Float64Array)), with the
// same bits as the in-memory sum of everything added. Exact ones (precision 'exact', and every integer
// type) also have a portable state that merges with states made anywhere else, in any order.
import { decodeState, encodeState } from './accumulator-state.js';
import {
  AccumulatorBusyError, accumulatorConstructed, accumulatorWithoutEngine, addedLeftOver, notMergeable, stateNotExact,
  stateOfOtherType, typeError,
} from './errors.js';
import { exactKind, kindOfConstructor, type Kind } from './kinds/kinds.js';
import type { LocalContext } from './local/place.js';
import { kChunkBytes } from './memory/layout.js';
import type { StreamHost } from './stream/host.js';
import { Pump } from './stream/pump.js';
import { Ring } from './stream/ring.js';
import { Sink } from './stream/sink.js';
import { chunkBytes } from './stream/sources.js';
import type { StreamChunk } from './stream/types.js';
import type { NumberArrayConstructor } from './streams.js';
import type { Precision } from './options.js';
import { checkCallOptions, checkOptions } from './validate.js';

export interface AccumulatorOptions {
  /** As for `sum`. Integer types are exact either way (and say 'exact'). Default: 'fast'. */
  precision?: Precision;
}

export interface AddOptions {
  /** Cancels this add: it rejects with `signal.reason` and the accumulator is as it was before it. */
  signal?: AbortSignal;
  /** Worker threads at most for this add; capped at the engine's `maxWorkers`. */
  maxWorkers?: number;
}

/** `engine.accumulator(type, options?)`: a bigint sum for the 64-bit integer types, else a number. */
export interface AccumulatorFunction {
  (type: BigInt64ArrayConstructor | BigUint64ArrayConstructor, options?: AccumulatorOptions): Accumulator<bigint>;
  (type: NumberArrayConstructor, options?: AccumulatorOptions): Accumulator<number>;
  (type: NumberArrayConstructor | BigInt64ArrayConstructor | BigUint64ArrayConstructor, options?: AccumulatorOptions): Accumulator;
}

/** Something that makes accumulators (an engine), for `Accumulator.from`. */
export interface AccumulatorMaker {
  accumulator(type: abstract new (...args: never[]) => unknown, options?: AccumulatorOptions): Accumulator;
}

const kMake = Symbol('make');

export class Accumulator<R extends number | bigint = number | bigint> {
  /** The element type's name, such as 'Float64Array'. */
  readonly type: string;
  /** 'exact' for exact float accumulators and every integer one. */
  readonly precision: Precision;
  readonly #host: StreamHost | undefined;
  readonly #kind: Kind;
  readonly #sink: Sink;
  /** Bytes added but not summed yet: a float sum's part of a chunk, or part of an element. */
  #carry: Uint8Array = new Uint8Array(0);
  #local: LocalContext | undefined;
  #queue: Promise<void> = Promise.resolve();
  #busy = 0;

  /** Not for use: make one with `engine.accumulator(type, options)` or `Accumulator.from(state)`. */
  constructor(make: typeof kMake, host: StreamHost | undefined, kind: Kind, precision: Precision) {
    if (make !== kMake) throw accumulatorConstructed();
    this.#host = host;
    this.#kind = kind;
    this.type = kind.name;
    const exact = precision === 'exact' || kind.partials.total !== undefined;
    this.precision = exact ? 'exact' : 'fast';
    this.#sink = new Sink(exact ? exactKind(kind) : kind);
  }

  /** An accumulator holding `state`; with `engine`, more can be added to it. */
  static from(state: Uint8Array, options?: { engine?: AccumulatorMaker }): Accumulator {
    const { kind, precision, flags, units } = decodeState(state);
    const { engine } = checkOptions<{ engine: AccumulatorMaker }>(options);
    const acc = engine === undefined ? new Accumulator(kMake, undefined, kind, precision)
      : engine.accumulator(kind.ctor as unknown as Float64ArrayConstructor, { precision });
    acc.#sink.merge(units, flags);
    return acc;
  }

  /** Whether state() and merge() work: exact float accumulators and every integer one. */
  get mergeable(): boolean {
    return this.#sink.exact;
  }

  /**
   * Adds `chunk`: a TypedArray of the accumulator's type, or raw little-endian bytes (an element may
   * be split across adds at any byte). Adds run one after another, in the order they were called;
   * `chunk` must stay as it is until the promise settles. A rejected add leaves no trace.
   */
  add(chunk: StreamChunk, options?: AddOptions): Promise<void> {
    try {
      if (this.#host === undefined) {
        throw accumulatorWithoutEngine();
      }
      const { signal, maxWorkers } = checkCallOptions(options);
      const { bytes } = chunkBytes(chunk, this.#kind, undefined, 'chunk');
      this.#busy++;
      // Counted down before the caller's own continuation runs: result() right after `await add()` works.
      const run = this.#queue.then(() => this.#add(bytes, signal, maxWorkers)).finally(() => { this.#busy--; });
      this.#queue = run.catch(() => {});
      return run;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #add(bytes: Uint8Array, signal: AbortSignal | undefined, maxWorkers: number | undefined): Promise<void> {
    const host = this.#host!;
    signal?.throwIfAborted();
    host.enter();
    let pump: Pump | undefined;
    const restore = this.#sink.snapshot();
    try {
      const local = this.#local ??= await host.load();
      signal?.throwIfAborted();
      const total = this.#carry.length + bytes.length;
      pump = new Pump(host, local, this.#sink, new Ring(host.arena, host.ring, total), { signal, maxWorkers, overlap: undefined });
      await pump.write(this.#carry);
      await pump.write(bytes);
      // A float sum keeps its last part-chunk for later, so its chunks are the in-memory sum's.
      const keep = this.#sink.exact ? pump.pending % this.#kind.bytes : pump.pending % kChunkBytes;
      const carry = await pump.end(keep);
      pump.close();
      this.#carry = carry;
    } catch (error) {
      await pump?.abandon();
      restore();
      throw error;
    } finally {
      host.leave();
    }
  }

  /** The sum of everything added (and merged): a number, or a bigint for the 64-bit integer types. */
  result(): R {
    this.#idle('result');
    const left = this.#carry.length % this.#kind.bytes;
    if (left !== 0) throw addedLeftOver(this.#kind.name, this.#kind.bytes, left);
    const sink = this.#sink;
    const length = this.#carry.length / this.#kind.bytes;
    if (length === 0) return sink.result() as R;
    const carry = this.#carry;
    const source = { where: 'typed' as const, place: { buffer: carry.buffer, byteOffset: carry.byteOffset, length } };
    return sink.result(sink.here(this.#local!, source, length)) as R;
  }

  /** The portable state (mergeable accumulators only): a versioned little-endian Uint8Array. */
  state(): Uint8Array {
    this.#idle('state');
    this.#mergeableOrThrow('state');
    if (this.#carry.length !== 0) throw addedLeftOver(this.#kind.name, this.#kind.bytes, this.#carry.length);
    return encodeState({ kind: this.#kind, precision: this.precision, flags: this.#sink.flags, units: this.#sink.units });
  }

  /** Adds another accumulator's state (or the accumulator itself) of the same type. Returns this. */
  merge(other: Uint8Array | Accumulator): this {
    this.#idle('merge');
    this.#mergeableOrThrow('merge');
    const state = decodeState(other instanceof Accumulator ? other.state() : other);
    if (state.kind.name !== this.type) {
      throw stateOfOtherType(this.type, state.kind.name);
    }
    if (state.kind.partials.total === undefined && state.precision !== 'exact') throw stateNotExact(this.type);
    this.#sink.merge(state.units, state.flags);
    return this;
  }

  #idle(method: string): void {
    if (this.#busy > 0) throw new AccumulatorBusyError(method);
  }

  #mergeableOrThrow(method: string): void {
    if (this.mergeable) return;
    throw notMergeable(method, this.type);
  }
}

/** Makes an engine's accumulator (src/engine.ts): `type` a TypedArray constructor, `options` AccumulatorOptions. */
export function makeAccumulator(host: StreamHost, type: unknown, options: unknown): Accumulator {
  const kind = kindOfConstructor(type);
  if (kind === undefined) throw typeError('type', 'a TypedArray constructor such as Float64Array', type);
  const { precision } = checkCallOptions(options);
  return new Accumulator(kMake, host, kind, precision);
}

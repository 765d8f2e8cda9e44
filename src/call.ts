// One call of sum() or sumSync(), checked and planned: what it sums (kind, length, where the elements
// are), its signal and worker bound, and where it will run.
import type { Allocations } from './allocations.js';
import { freedData } from './errors.js';
import { exactKind, type Kind } from './kinds/kinds.js';
import type { Source } from './local/place.js';
import type { Arena } from './memory/arena.js';
import { plan, type Plan } from './plan.js';
import { checkCallOptions, checkData } from './validate.js';

export interface Call {
  readonly kind: Kind;
  readonly length: number;
  readonly source: Source;
  readonly signal: AbortSignal | undefined;
  readonly plan: Plan;
}

/** What checking and planning a call needs from its engine (the thresholds move for tests). */
export interface CallContext {
  readonly arena: Arena;
  readonly allocations: Allocations;
  /** The parallel path is on (shared memory here). */
  readonly threads: boolean;
  readonly maxWorkers: number;
  readonly cores: number;
  inlineBytes: number;
  assistBytes: number;
  /** Throws if the engine is closed. */
  ensureOpen(): void;
}

/**
 * Checks one call's arguments (every failure a TypeError or RangeError naming the argument), then
 * that the engine is open and the signal not aborted, and plans it.
 */
export function checkCall(ctx: CallContext, data: unknown, options: unknown): Call {
  const input = checkData(data);
  const { signal, maxWorkers, precision } = checkCallOptions(options);
  if (input.view !== undefined && ctx.allocations.freed(input.view)) throw freedData();
  ctx.ensureOpen();
  signal?.throwIfAborted();
  const { length, place } = input;
  const kind = precision === 'exact' ? exactKind(input.kind) : input.kind;
  const shared = ctx.threads && place !== undefined && ctx.arena.owns(place.buffer);
  const source: Source = place === undefined ? { where: 'array', array: input.array }
    : shared ? { where: 'shared', ptr: place.byteOffset } : { where: 'typed', place };
  const planned = plan({
    bytes: length * kind.bytes,
    shared,
    maxWorkers: Math.min(maxWorkers ?? ctx.maxWorkers, ctx.maxWorkers),
    cores: ctx.cores,
    inlineBytes: ctx.inlineBytes,
    assistBytes: ctx.assistBytes,
  });
  return { kind, length, source, signal, plan: planned };
}

// The planner on its own, without threads: where a sum runs for every size, place, worker bound and
// core count (src/plan.ts is pure, so its whole table can be checked here rather than through timing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kChunkBytes } from '../../src/memory/layout.js';
import { alone, kAssistBytes, kInlineBytes, kSliceBytes, plan, type PlanInput } from '../../src/plan.js';
import { params } from '../fixtures/property.js';

const base: PlanInput = {
  bytes: 0, shared: true, maxWorkers: 8, cores: 8, inlineBytes: kInlineBytes, assistBytes: kAssistBytes,
};
const at = (input: Partial<PlanInput>) => plan({ ...base, ...input });

describe('plan', () => {
  it('keeps inputs outside shared memory on the calling thread: now up to kSliceBytes, in slices beyond', () => {
    expect(at({ shared: false, bytes: 0 })).toEqual({ path: 'inline', workers: 0 });
    expect(at({ shared: false, bytes: kSliceBytes })).toEqual({ path: 'inline', workers: 0 });
    expect(at({ shared: false, bytes: kSliceBytes + 1 })).toEqual({ path: 'sliced', workers: 0 });
    // However large, and whatever the thresholds for shared memory say.
    expect(at({ shared: false, bytes: 2 ** 32 })).toEqual({ path: 'sliced', workers: 0 });
  });

  it('sums shared inputs below the inline threshold on the calling thread', () => {
    expect(at({ bytes: 0 })).toEqual({ path: 'inline', workers: 0 });
    expect(at({ bytes: kInlineBytes - 1 })).toEqual({ path: 'inline', workers: 0 });
  });

  it('queues shared inputs from the assist threshold up for every worker the call may have', () => {
    expect(at({ bytes: kAssistBytes })).toEqual({ path: 'workers', workers: 8 });
    expect(at({ bytes: kAssistBytes, maxWorkers: 3 })).toEqual({ path: 'workers', workers: 3 });
    // The core count does not bound queued sums: the calling thread is free meanwhile.
    expect(at({ bytes: kAssistBytes, cores: 1 })).toEqual({ path: 'workers', workers: 8 });
  });

  it('assists mid-size sums with workers that leave the calling thread a core and get 4 chunks each', () => {
    const bytes = kInlineBytes;
    const chunks = Math.ceil(bytes / kChunkBytes);
    expect(at({ bytes })).toEqual({ path: 'assisted', workers: Math.min(8, 7, Math.floor(chunks / 4)) });
    expect(at({ bytes, cores: 3 })).toEqual({ path: 'assisted', workers: 2 });
    expect(at({ bytes, maxWorkers: 1 })).toEqual({ path: 'assisted', workers: 1 });
    // One core, or too few chunks for one worker: the calling thread alone.
    expect(at({ bytes, cores: 1 })).toEqual({ path: 'inline', workers: 0 });
    expect(at({ bytes: 3 * kChunkBytes, inlineBytes: kChunkBytes })).toEqual({ path: 'inline', workers: 0 });
    expect(at({ bytes: 4 * kChunkBytes, inlineBytes: kChunkBytes })).toEqual({ path: 'assisted', workers: 1 });
  });

  it('follows thresholds moved by a test or a benchmark', () => {
    expect(at({ bytes: 100, inlineBytes: 0, assistBytes: 0 })).toEqual({ path: 'workers', workers: 8 });
    expect(at({ bytes: kAssistBytes, inlineBytes: 2 ** 40, assistBytes: 2 ** 41 })).toEqual({ path: 'inline', workers: 0 });
  });

  it('falls back to the calling thread alone: now for an assisted sum, in slices for a queued one', () => {
    expect(alone(at({ bytes: kInlineBytes }))).toEqual({ path: 'inline', workers: 0 });
    expect(alone(at({ bytes: kAssistBytes }))).toEqual({ path: 'sliced', workers: 0 });
  });

  it('never plans more workers than the call allows, nor workers for what is not in shared memory', () => {
    const inputs = fc.record({
      bytes: fc.integer({ min: 0, max: 2 ** 32 }),
      shared: fc.boolean(),
      maxWorkers: fc.integer({ min: 1, max: 1024 }),
      cores: fc.integer({ min: 1, max: 256 }),
      inlineBytes: fc.integer({ min: 0, max: 2 ** 31 }),
      assistBytes: fc.integer({ min: 0, max: 2 ** 32 }),
    });
    fc.assert(fc.property(inputs, (input) => {
      const planned = plan(input);
      expect(planned.workers).toBeLessThanOrEqual(input.maxWorkers);
      if (planned.path === 'inline' || planned.path === 'sliced') expect(planned.workers).toBe(0);
      else expect(planned.workers).toBeGreaterThan(0);
      if (!input.shared) expect(['inline', 'sliced']).toContain(planned.path);
      if (planned.path === 'assisted') {
        expect(planned.workers).toBeLessThan(input.cores);
        expect(planned.workers * 4 * kChunkBytes).toBeLessThanOrEqual(Math.ceil(input.bytes / kChunkBytes) * kChunkBytes);
      }
      if (input.shared && input.bytes < input.inlineBytes) expect(planned.path).toBe('inline');
    }), params(500));
  });
});

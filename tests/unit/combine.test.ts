// The float combine order: a tree over chunk order whose left side is always the largest power of
// two below the count, so a stream can build it as partials arrive (PartialTree) with the same bits
// as combineFloat over all of them at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineFloat, PartialTree } from '../../src/combine.js';
import '../fixtures/matchers.js';
import { params } from '../fixtures/property.js';

const tree = (values: number[]): number => {
  const t = new PartialTree();
  for (const v of values) t.push(v);
  return t.result();
};

describe('combineFloat and PartialTree', () => {
  it('split after the largest power of two below the count (a shape a stream can build)', () => {
    // Six partials: (p0 + p1) + (p2 + p3), then + (p4 + p5). The halving split of before, p0 + (p1 + p2)
    // first, rounds 2^53 + 2 exactly; this one loses both ones to ties to even.
    const six = [2 ** 53, 1, 1, 0, 0, 0];
    expect(combineFloat(Float64Array.from(six))).toBe(2 ** 53);
    expect(tree(six)).toBe(2 ** 53);
    // Three: (p0 + p1) + p2.
    expect(combineFloat(Float64Array.from([2 ** 53, 1, 1]))).toBe(2 ** 53);
    expect(combineFloat(new Float64Array(0))).toBeSameBits(-0);
    expect(tree([])).toBeSameBits(-0);
  });

  it('PartialTree gives combineFloat\'s bits for every count, with later partials passed to result()', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(2 ** 53, 1, -1, 0.5, -0, 2 ** -1074)), { maxLength: 300 }),
      fc.nat(),
      (values, split) => {
        const all = Float64Array.from(values);
        const cut = values.length === 0 ? 0 : split % (values.length + 1);
        const t = new PartialTree();
        for (const v of values.slice(0, cut)) t.push(v);
        expect(t.result(all.subarray(cut))).toBeSameBits(combineFloat(all));
        expect(t.result(), 'result(more) leaves the tree as it was').toBeSameBits(combineFloat(all.subarray(0, cut)));
      }), params(300));
  });

  it('every partial goes through at most ⌈log₂ count⌉ additions', () => {
    for (let count = 1; count <= 1100; count++) {
      // The depth of partial i: additions on its way to the root, counted on the recursive shape.
      let worst = 0;
      const walk = (from: number, to: number, depth: number): void => {
        if (to - from === 1) {
          worst = Math.max(worst, depth);
          return;
        }
        let left = 1;
        while (left * 2 < to - from) left *= 2;
        walk(from, from + left, depth + 1);
        walk(from + left, to, depth + 1);
      };
      walk(0, count, 0);
      expect(worst, `count ${count}`).toBe(count === 1 ? 0 : Math.ceil(Math.log2(count)));
    }
  });
});

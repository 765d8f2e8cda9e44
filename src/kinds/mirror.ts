// The JavaScript twin of the f64 kernel (assembly/index.ts, sum_f64), for `number[]` inputs: they must
// be read element by element anyway (to refuse what is not a number), so the twin sums as it reads.
// It keeps the kernel's eight running sums, lanes and combine order exactly, so a chunk gives the same
// bits whether the kernel or its twin summed it.

import { notANumber } from '../errors.js';

/**
 * Sum of `x[from..to)` in sum_f64's order. A `number[]` may hold anything: every element is checked
 * to be a number (a string, null or a hole would otherwise be coerced or concatenated silently).
 */
export function mirrorArray(x: readonly unknown[], from: number, to: number): number {
  const body = from + ((to - from) & ~7);
  let l0 = -0, h0 = -0, l1 = -0, h1 = -0, l2 = -0, h2 = -0, l3 = -0, h3 = -0;
  for (let i = from; i < body; i += 8) {
    const v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
    const v4 = x[i + 4], v5 = x[i + 5], v6 = x[i + 6], v7 = x[i + 7];
    if (typeof v0 !== 'number' || typeof v1 !== 'number' || typeof v2 !== 'number' || typeof v3 !== 'number'
      || typeof v4 !== 'number' || typeof v5 !== 'number' || typeof v6 !== 'number' || typeof v7 !== 'number') {
      throw notANumber(x, i, i + 8);
    }
    l0 += v0; h0 += v1; l1 += v2; h1 += v3; l2 += v4; h2 += v5; l3 += v6; h3 += v7;
  }
  let r = ((l0 + l1) + (l2 + l3)) + ((h0 + h1) + (h2 + h3));
  for (let i = body; i < to; i++) {
    const v = x[i];
    if (typeof v !== 'number') throw notANumber(x, i, i + 1);
    r += v;
  }
  return r;
}

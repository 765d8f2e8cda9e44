// Property: the error of a fast sum is within its worst-case bound. For finite inputs whose Σ|x| is
// far from overflow (beyond it, no rounding-error bound holds: a partial sum may overflow while the
// exact sum does not), with D the most roundings any input goes through on its way to the result,
//
//   |fast − exact| ≤ γ_D · Σ|x|,   γ_D = D·2⁻⁵³ / (1 − D·2⁻⁵³)   (Higham, Accuracy and Stability, ch. 4),
//
// where "exact" is the real sum (a BigInt multiple of 2^-1074, tests/fixtures/reference.ts) and the
// comparison is made exactly, in BigInts. Two values of D are checked:
//   - the README's, ⌊min(n, 32768)/8⌋ + ⌈log₂ chunks⌉ + 9 (for Float64Array and number[]), and
//   - the one the documented order implies (tests/fixtures/lanes.ts, derivedBoundSteps), which adds up
//     to 7 roundings for the scalar tail of a chunk whose length is not a multiple of 8.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelSum } from '../../dist/index.js';
import { build, f32, f64, lengths, specs, type Format, type Pattern } from '../fixtures/arbitraries.js';
import { derivedBoundSteps, readmeBoundSteps } from '../fixtures/lanes.js';
import '../fixtures/matchers.js';
import { chunksDuring, kChunkBytes, parallelChunks, regimes, useRegime } from '../fixtures/paths.js';
import { params, timeout } from '../fixtures/property.js';
import { toFixed } from '../fixtures/reference.js';

const engine = new ParallelSum({ maxWorkers: 4 });
afterAll(() => engine.close());

// Finite data far from overflow: no pattern or special value near MAX_VALUE, so Σ|x| < 2^1023.
const finitePatterns: Pattern[] = ['uniform', 'decades', 'subnormal', 'pairs', 'ties', 'zeros', 'integers', 'outliers'];
const finiteValues = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2 ** -53, 2 ** -1074, -(2 ** -1074), 2 ** -1022, 1e300, -1e300),
  fc.double({ min: -1e300, max: 1e300, noNaN: true }),
);

interface Measured {
  /** |fast − exact| and Σ|x|, in units of 2^-1074. */
  error: bigint;
  magnitude: bigint;
}

function measure(data: Float64Array | Float32Array, fast: number): Measured {
  let exact = 0n;
  let magnitude = 0n;
  for (let i = 0; i < data.length; i++) {
    const x = toFixed(data[i]!);
    exact += x;
    magnitude += x < 0n ? -x : x;
  }
  const error = toFixed(fast) - exact;
  return { error: error < 0n ? -error : error, magnitude };
}

/** Whether error ≤ γ_D·Σ|x| for D = steps: error·(2^53 − D) ≤ D·Σ|x|, scaled by 8 (D is a multiple of 1/8). */
function within({ error, magnitude }: Measured, steps: number): boolean {
  const d8 = BigInt(Math.round(steps * 8));
  return error * ((8n << 53n) - d8) <= d8 * magnitude;
}

const overflowSafe = ({ magnitude }: Measured): boolean => magnitude < 1n << (1023n + 1074n);

/** The fast sum of `data` from the calling thread and, from engine memory, from the workers (both must agree). */
async function fastSums(data: Float64Array | Float32Array, maxWorkers: number): Promise<number> {
  const local = engine.sumSync(data);
  const view = engine.alloc(data.constructor as Float64ArrayConstructor, data.length);
  try {
    view.set(data);
    const regime = regimes.find((r) => r.name === 'queued')!;
    useRegime(engine, regime);
    const { value, chunks } = await chunksDuring(engine, () => engine.sum(view, { maxWorkers }));
    expect(chunks, 'summed on the workers').toBe(parallelChunks(regime, data.byteLength, maxWorkers));
    expect(value, 'the workers give the calling thread\'s bits').toBeSameBits(local);
  } finally {
    engine.free(view);
  }
  return local;
}

/** |fast − exact| in units of 2⁻⁵³·Σ|x|, for messages. */
function ratio({ error, magnitude }: Measured): string {
  return magnitude === 0n ? '0' : (Number((error << 53n) * 1000n / magnitude) / 1000).toString();
}

/**
 * Small inputs where rounding errs the most: one power of two 2^k (first, or anywhere), and values of half its ulp
 * (2^(k-53): every addition to it is a tie, lost) most often, else minus that, a quarter or three
 * quarters of it, or zero.
 */
function worstCases(format: Format): fc.Arbitrary<Float64Array | Float32Array> {
  const multiples = fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0, 0.5, 1.5) });
  return fc.record({
    k: fc.integer({ min: -40, max: 40 }),
    sign: fc.constantFrom(1, -1),
    rest: fc.oneof(fc.array(multiples, { minLength: 4, maxLength: 12 }), fc.array(multiples, { maxLength: 100 })),
    at: fc.oneof(fc.constant(0), fc.nat()),
  }).map(({ k, sign, rest, at }) => {
    const values = rest.map((c) => sign * c * 2 ** (k - 53));
    values.splice(at % (values.length + 1), 0, sign * 2 ** k);
    return format.name === 'f64' ? Float64Array.from(values) : Float32Array.from(values);
  });
}

/** Large finite inputs in stretches of patterns, and the worst cases (`worst` times as often). */
function inputs(format: Format, chunk: number, worst = 1) {
  const stretches = specs(lengths(chunk, 5), format, { patterns: finitePatterns, specialValues: finiteValues })
    .map((spec) => build(spec, format));
  return fc.record({
    data: fc.oneof({ weight: 1, arbitrary: stretches }, { weight: worst, arbitrary: worstCases(format) }),
    maxWorkers: fc.integer({ min: 1, max: 4 }),
  });
}

describe.each([
  { ctor: Float64Array, format: f64, runs: 60 },
  { ctor: Float32Array, format: f32, runs: 25 },
] as const)('$ctor.name', ({ ctor, format, runs }) => {
  const chunk = kChunkBytes / ctor.BYTES_PER_ELEMENT;
  it('is within the bound that the documented order implies', async () => {
    await fc.assert(fc.asyncProperty(inputs(format as Format, chunk), async ({ data, maxWorkers }) => {
      const m = measure(data, await fastSums(data, maxWorkers));
      fc.pre(overflowSafe(m));
      const steps = derivedBoundSteps(data.length, chunk);
      expect(within(m, steps), `n = ${data.length}: |fast - exact| = ${ratio(m)} · 2^-53 Σ|x| > γ_${steps}`).toBe(true);
    }), params(runs));
  }, timeout(runs, 300));
});

describe('Float64Array, the README bound', () => {
  // Once too small (it allowed 4 roundings besides the lanes' and the pairwise combine's, where the
  // order has 3 to combine the lanes and up to 7 in a chunk's scalar tail): fast-check shrank it to
  //   [1, 2^-53, 2^-53, 2^-53, 2^-53, 2^-53]: fast = 1, exact = 1 + 5·2^-53, |error| = 5·2^-53
  //   > (6/8 + 0 + 4)·2^-53·Σ|x|.
  const runs = 100;
  it('holds: |fast − exact| ≤ γ_D·Σ|x|, D = ⌊min(n, 32768)/8⌋ + ⌈log₂ chunks⌉ + 9', async () => {
    await fc.assert(fc.asyncProperty(inputs(f64, kChunkBytes / 8, 4), async ({ data, maxWorkers }) => {
      const m = measure(data, await fastSums(data, maxWorkers));
      fc.pre(overflowSafe(m));
      const steps = readmeBoundSteps(data.length);
      expect(within(m, steps), `n = ${data.length}: |fast - exact| = ${ratio(m)} · 2^-53 Σ|x| > γ_${steps}`).toBe(true);
    }), params(runs));
  }, timeout(runs, 300));
});

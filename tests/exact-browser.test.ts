// precision: 'exact' in real browsers (Chromium, Firefox, WebKit), on each path a page can take:
// workers with the SIMD kernels, workers with the scalar kernels (no WebAssembly SIMD), and one thread
// on ordinary memory (a page that is not cross-origin isolated, or an engine without
// SharedArrayBuffer). Every path must give the correctly rounded sum.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kPageTimeout } from './browser/engines.js';
import { call, forEachEngine, openHarness, pageErrors, type Features, type HarnessTab } from './browser/pages-setup.js';
import { cases } from './fixtures/exact-cases.js';
import { fromFixed, referenceSum, toFixed } from './fixtures/reference.js';

const scenarios: Array<{ name: string; isolated: boolean; features: Features; parallel: boolean; kernels: string }> = [
  { name: 'workers, SIMD kernels', isolated: true, features: {}, parallel: true, kernels: 'simd' },
  { name: 'workers, scalar kernels (no WebAssembly SIMD)', isolated: true, features: { noSimd: true }, parallel: true, kernels: 'scalar' },
  { name: 'one thread, ordinary memory (not cross-origin isolated)', isolated: false, features: {}, parallel: false, kernels: 'simd' },
];

// Finite adversarial stretches, 4099 values in all; 197 copies make about 6 MiB, above the inline
// threshold, so an isolated page sums them on its workers.
const values = [
  ...cases['huge cancellation']!(1000, 1), ...cases['any finite double']!(1000, 2),
  ...cases['tie broken far away']!(99, 3), ...cases['rare tiny outliers']!(1000, 4), ...cases.subnormals!(1000, 5),
];
const copies = 197;
const expected = fromFixed(values.reduce((sum, x) => sum + toFixed(x), 0n) * BigInt(copies));

forEachEngine((engine, browser) => {
  describe.each(scenarios)('$name', { timeout: kPageTimeout }, (scenario) => {
    let tab: HarnessTab;
    const parallel = scenario.parallel && engine.threads;
    beforeAll(async () => {
      tab = await openHarness(browser(), { isolated: scenario.isolated, features: scenario.features });
    }, kPageTimeout);
    afterAll(() => tab?.close());

    test('adversarial data: the correctly rounded sum on every path and bound', async () => {
      expect(await call(tab, 'capabilities')).toMatchObject({ kernels: scenario.kernels });
      const result = await call<{ sums: number[]; plain: number; array: number; chunks: number }>(tab, 'exact', values, copies);
      for (const sum of [...result.sums, result.plain]) expect(Object.is(sum, expected)).toBe(true);
      expect(Object.is(result.array, referenceSum(values).rounded)).toBe(true);
      expect(result.chunks > 0).toBe(parallel);
      expect(await pageErrors(tab)).toEqual([]);
    });

    test('specials and signed zeros', async () => {
      const cases: Array<[number[], number]> = [
        [[], -0], [[-0, -0], -0], [[-0, 0], 0], [[1, -1], 0], [[1, NaN], NaN], [[Infinity, -Infinity], NaN],
        [[-Infinity, 1e308, 1e308], -Infinity], [[Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE], Number.MAX_VALUE],
      ];
      for (const [input, want] of cases) {
        const { sums, array } = await call<{ sums: number[]; array: number }>(tab, 'exact', input, 3);
        const three = referenceSum([...input, ...input, ...input]).rounded;
        for (const sum of sums) expect(Object.is(sum, three)).toBe(true);
        expect(Object.is(array, want)).toBe(true);
      }
    });
  });
});

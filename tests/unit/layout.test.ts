// The exact accumulator's layout crosses the language boundary from one file (assembly/layout.ts): the
// kernels compile it and export it as globals, the engine compiles it in. Every build in dist/ must
// export the very numbers the engine uses (a stale or mixed build would merge accumulators wrongly).
import { describe, expect, it } from 'vitest';
import * as layout from '../../assembly/layout.js';
import { kExactBytes, kOutBytes } from '../../src/memory/layout.js';
import { buildNames, instantiate } from '../fixtures/builds.js';

describe.each(buildNames)('kernels-%s.wasm', (name) => {
  it('exports the accumulator layout the engine compiles in', () => {
    const exports = instantiate(name, 65536).exports as unknown as Record<string, unknown>;
    const names = Object.keys(layout);
    expect(names.length).toBeGreaterThan(0);
    for (const key of names) {
      const global = exports[key];
      expect(global, key).toBeInstanceOf(WebAssembly.Global);
      expect((global as WebAssembly.Global).value, key).toBe(layout[key as keyof typeof layout]);
    }
  });
});

describe('the engine side', () => {
  it('sizes a partial and the out block from that layout', () => {
    expect(kExactBytes).toBe(layout.EXACT_BYTES);
    expect(layout.EXACT_DIGITS_AT + 8 * layout.EXACT_DIGITS).toBe(layout.EXACT_BYTES);
    expect(kOutBytes).toBeGreaterThanOrEqual(kExactBytes);
  });
});

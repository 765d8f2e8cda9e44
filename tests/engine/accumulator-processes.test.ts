// States from other processes: several child processes (node:child_process) each add one slice of a
// file to an exact accumulator and print its state in base64; the parent merges the states in random
// orders and gets the exact sum of the whole file, bit for bit, whatever the order or the split.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Accumulator } from '../../dist/index.js';
import { bigints, doubles, rng } from '../fixtures/data.js';
import '../fixtures/matchers.js';
import { referenceSum } from '../fixtures/reference.js';
import { bytesOf, streamEngine } from '../fixtures/stream.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../fixtures/scripts/sum-slice.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parallel-sum-processes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const engine = streamEngine(2);

/** The states of `processes` children, each summing one slice of `file` (cut at element boundaries or not). */
async function childStates(file: string, type: string, total: number, size: number, processes: number, seed: number): Promise<Uint8Array[]> {
  const next = rng(seed);
  const cuts = Array.from({ length: processes - 1 }, () => Math.floor(next() * (total / size)) * size).sort((a, b) => a - b);
  const bounds = [0, ...cuts, total];
  const outputs = await Promise.all(bounds.slice(1).map((end, i) =>
    run(process.execPath, [script, file, type, String(bounds[i]), String(end - bounds[i]!), 'exact'])));
  return outputs.map(({ stdout }) => new Uint8Array(Buffer.from(stdout, 'base64')));
}

function shuffled<T>(items: T[], seed: number): T[] {
  const next = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('states merged across child processes', () => {
  it('Float64Array, exact: any merge order gives the correctly rounded sum of the whole file', async () => {
    // Values of wildly different scales, where the order of additions matters most.
    const data = doubles(400_000, 71).map((x, i) => (i % 1000 === 0 ? x * 1e300 : i % 1000 === 1 ? -x * 1e300 : x));
    const file = join(dir, 'data.f64');
    writeFileSync(file, bytesOf(data));
    const states = await childStates(file, 'Float64Array', data.byteLength, 8, 5, 72);
    const expected = await engine.sum(data, { precision: 'exact' });
    expect(expected, 'the engine agrees with an independent reference').toBeSameBits(referenceSum(data).rounded);
    for (let seed = 0; seed < 20; seed++) {
      const [first, ...rest] = shuffled(states, seed);
      const merged = Accumulator.from(first!);
      for (const state of rest) merged.merge(state);
      expect(merged.result(), `order ${seed}`).toBeSameBits(expected);
    }
  }, 120_000);

  it('BigInt64Array: the exact bigint, in any order', async () => {
    const data = bigints(BigInt64Array, 100_000, 73) as BigInt64Array;
    const file = join(dir, 'data.i64');
    writeFileSync(file, bytesOf(data));
    const states = await childStates(file, 'BigInt64Array', data.byteLength, 8, 4, 74);
    let expected = 0n;
    for (const x of data) expected += x;
    for (let seed = 0; seed < 10; seed++) {
      const [first, ...rest] = shuffled(states, seed);
      const merged = Accumulator.from(first!);
      for (const state of rest) merged.merge(state);
      expect(merged.result()).toBe(expected);
    }
  }, 120_000);
});

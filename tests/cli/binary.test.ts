// Binary input through the command line: every element type, several files, standard input,
// --offset/--length, --json, exact mode against a BigInt reference, and bad input (exit 1, one line).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sumSync } from '../../dist/index.js';
import { bytesOf, run, scratch } from '../fixtures/cli.js';
import { bigints, doubles, integers } from '../fixtures/data.js';
import { referenceIntSum, referenceSum } from '../fixtures/reference.js';

let tmp: ReturnType<typeof scratch>;
beforeEach(() => { tmp = scratch(); });
afterEach(() => tmp.remove());

/** The sum as the tool prints it. */
const show = (x: number | bigint) => (Object.is(x, -0) ? '-0' : String(x));

const integerTypes = [
  ['i8', Int8Array], ['u8', Uint8Array], ['i16', Int16Array], ['u16', Uint16Array], ['i32', Int32Array], ['u32', Uint32Array],
] as const;

describe('binary input', () => {
  it('sums every integer type exactly', async () => {
    for (const [name, ctor] of integerTypes) {
      const data = integers(ctor, 100_003, 7);
      const result = await run([tmp.file(`${name}.bin`, bytesOf(data)), '--type', name]);
      expect(result, name).toMatchObject({ code: 0, stderr: '', stdout: `${Number(referenceIntSum(data))}\n` });
    }
  });

  it('sums i64 and u64 as exact bigints, past 2^64', async () => {
    const i64 = new BigInt64Array([2n ** 63n - 1n, 2n ** 63n - 1n, 2n ** 63n - 1n, -5n]);
    const u64 = new BigUint64Array([2n ** 64n - 1n, 2n ** 64n - 1n, 3n]);
    expect((await run([tmp.file('a.i64', bytesOf(i64)), '-t', 'i64'])).stdout).toBe(`${3n * (2n ** 63n - 1n) - 5n}\n`);
    expect((await run([tmp.file('a.u64', bytesOf(u64)), '-t', 'u64'])).stdout).toBe(`${2n * (2n ** 64n - 1n) + 3n}\n`);
    const many = bigints(BigInt64Array, 50_001, 3);
    expect((await run([tmp.file('b.i64', bytesOf(many)), '-t', 'i64'])).stdout).toBe(`${referenceIntSum(many)}\n`);
  });

  it('sums f64 and f32 with the bits of the in-memory sum (fast mode)', async () => {
    const f64 = doubles(300_001, 5);
    const f32 = Float32Array.from(doubles(200_003, 6));
    expect((await run([tmp.file('a.f64', bytesOf(f64)), '-t', 'f64'])).stdout).toBe(`${show(sumSync(f64))}\n`);
    expect((await run([tmp.file('a.f32', bytesOf(f32)), '-t', 'f32'])).stdout).toBe(`${show(sumSync(f32))}\n`);
  });

  it('--exact: the correctly rounded sum on hard cases', async () => {
    const cases: Array<[string, Float64Array]> = [
      ['cancellation', new Float64Array([1e308, 1, -1e308])],
      ['0.1 x 10', new Float64Array(10).fill(0.1)],
      ['0.1 x 1e6', new Float64Array(1_000_000).fill(0.1)],
      ['tiny beside huge', Float64Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? 2 ** 60 : 1) * (i % 4 < 2 ? 1 : -1) + 2 ** -40)],
      ['mixed', doubles(250_000, 9)],
      ['only -0', new Float64Array([-0, -0])],
    ];
    for (const [name, data] of cases) {
      const expected = referenceSum(data).rounded;
      const result = await run([tmp.file('x.f64', bytesOf(data)), '-t', 'f64', '--exact']);
      expect(result.stdout, name).toBe(`${show(expected)}\n`);
    }
    expect((await run([tmp.file('c.f64', bytesOf(new Float64Array([1e308, 1, -1e308]))), '-t', 'f64'])).stdout).toBe('0\n');
  });

  it('several files: each file\'s sum, then the total of everything (exact: the merged states)', async () => {
    const a = new Float64Array([1e308, 0.1]);
    const b = new Float64Array([1, 0.2]);
    const c = new Float64Array([-1e308, 0.3]);
    const paths = [tmp.file('a.f64', bytesOf(a)), tmp.file('b.f64', bytesOf(b)), tmp.file('c.f64', bytesOf(c))];
    const all = new Float64Array([...a, ...b, ...c]);
    const exact = await run([...paths, '-t', 'f64', '--exact']);
    expect(exact.code).toBe(0);
    expect(exact.stdout).toBe([
      `${referenceSum(a).rounded}\t${paths[0]}`, `${referenceSum(b).rounded}\t${paths[1]}`,
      `${referenceSum(c).rounded}\t${paths[2]}`, `${referenceSum(all).rounded}\ttotal`, '',
    ].join('\n'));
    const fast = await run([...paths, '-t', 'f64']);
    expect(fast.stdout.split('\n').at(-2)).toBe(`${sumSync(all)}\ttotal`);
    const ints = [new Int32Array([2 ** 31 - 1, 5]), new Int32Array([-3])];
    const intRun = await run([tmp.file('a.i32', bytesOf(ints[0]!)), tmp.file('b.i32', bytesOf(ints[1]!)), '-t', 'i32']);
    expect(intRun.stdout.split('\n').at(-2)).toBe(`${2 ** 31 - 1 + 5 - 3}\ttotal`);
  });

  it('reads standard input with no file or -', async () => {
    const data = doubles(100_000, 11);
    expect((await run(['-t', 'f64', '--exact'], bytesOf(data))).stdout).toBe(`${referenceSum(data).rounded}\n`);
    expect((await run(['-', '-t', 'f64'], bytesOf(data))).stdout).toBe(`${sumSync(data)}\n`);
    const file = tmp.file('a.f64', bytesOf(new Float64Array([1.5])));
    expect((await run([file, '-', '-t', 'f64', '--exact'], bytesOf(new Float64Array([2.25])))).stdout).toBe(`1.5\t${file}\n2.25\t-\n3.75\ttotal\n`);
  });

  it('--offset and --length select bytes of each file', async () => {
    const data = Int32Array.from({ length: 1000 }, (_, i) => i);
    const path = tmp.file('a.i32', bytesOf(data));
    const slice = (from: number, to: number) => data.slice(from, to).reduce((a, b) => a + b, 0);
    expect((await run([path, '-t', 'i32', '--offset', '400'])).stdout).toBe(`${slice(100, 1000)}\n`);
    expect((await run([path, '-t', 'i32', '--offset', '400', '--length', '40'])).stdout).toBe(`${slice(100, 110)}\n`);
    expect((await run([path, path, '-t', 'i32', '--length', '8'])).stdout).toBe(`1\t${path}\n1\t${path}\n2\ttotal\n`);
  });

  it('--json: one object with the total, the type, and each input', async () => {
    const a = tmp.file('a.u64', bytesOf(new BigUint64Array([2n ** 64n - 1n, 2n])));
    const b = tmp.file('b.u64', bytesOf(new BigUint64Array([7n])));
    const result = await run([a, b, '-t', 'u64', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      type: 'u64', input: 'binary', precision: 'fast', sum: `${2n ** 64n + 8n}`, bytes: 24, count: 3,
      inputs: [{ name: a, sum: `${2n ** 64n + 1n}`, bytes: 16, count: 2 }, { name: b, sum: '7', bytes: 8, count: 1 }],
    });
    const f = await run([tmp.file('c.f64', bytesOf(new Float64Array([0.1, 0.2]))), '-t', 'f64', '--json', '--exact']);
    expect(JSON.parse(f.stdout)).toMatchObject({ sum: 0.30000000000000004, precision: 'exact', count: 2, bytes: 16 });
    const z = await run([tmp.file('z.f64', bytesOf(new Float64Array([-0]))), '-t', 'f64', '--json', '--exact']);
    expect(z.stdout).toContain('"sum":-0,');
    const nan = await run([tmp.file('n.f64', bytesOf(new Float64Array([Infinity, -Infinity]))), '-t', 'f64', '--json', '--exact']);
    expect(JSON.parse(nan.stdout)).toMatchObject({ sum: 'NaN' });
  });

  it('refuses bad input with one line and exit 1', async () => {
    const missing = await run([`${tmp.dir}/nope.f64`, '-t', 'f64']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^parallel-sum: ENOENT: no such file or directory, open '.*nope\.f64'\n$/);
    const ragged = await run([tmp.file('r.f64', new Uint8Array(13)), '-t', 'f64']);
    expect(ragged).toMatchObject({ code: 1, stdout: '' });
    expect(ragged.stderr).toMatch(/^parallel-sum: .*r\.f64: 13 bytes are not whole f64 elements of 8 bytes: 5 left over\n$/);
    const raggedRange = await run([tmp.file('q.u16', new Uint8Array(16)), '-t', 'u16', '--offset', '1', '--length', '5']);
    expect(raggedRange.stderr).toMatch(/q\.u16: 5 bytes are not whole u16 elements of 2 bytes: 1 left over\n$/);
    const raggedStdin = await run(['-t', 'f64'], new Uint8Array(13));
    expect(raggedStdin).toMatchObject({ code: 1, stdout: '' });
    expect(raggedStdin.stderr).toMatch(/^parallel-sum: -: [^\n]*5 left over\n$/);
    const raggedSeveral = await run([tmp.file('s.f64', new Uint8Array(8)), '-', '-t', 'f64'], new Uint8Array(12));
    expect(raggedSeveral).toMatchObject({ code: 1, stdout: '' });
    expect(raggedSeveral.stderr).toMatch(/^parallel-sum: -: [^\n]*4 bytes left over\n$/);
    const past = await run([tmp.file('p.f64', new Uint8Array(16)), '-t', 'f64', '--offset', '8', '--length', '16']);
    expect(past).toMatchObject({ code: 1, stdout: '' });
    expect(past.stderr).toMatch(/^parallel-sum: .*p\.f64: --offset 8 --length 16 runs past the end of the file \(16 bytes\)\n$/);
    const dir = await run([tmp.dir, '-t', 'f64']);
    expect(dir).toMatchObject({ code: 1, stdout: '' });
    // Node's message for a read of a directory names no file: the tool adds it.
    expect(dir.stderr).toBe(`parallel-sum: ${tmp.dir}: EISDIR: illegal operation on a directory, read\n`);
    const dirs = await run([tmp.dir, tmp.dir, '-t', 'f64']);
    expect(dirs).toMatchObject({ code: 1, stdout: '', stderr: `parallel-sum: ${tmp.dir}: EISDIR: illegal operation on a directory, read\n` });
    const second = await run([tmp.file('ok.f64', bytesOf(new Float64Array([1]))), `${tmp.dir}/nope.f64`, '-t', 'f64']);
    expect(second).toMatchObject({ code: 1, stdout: '' });
  });
});

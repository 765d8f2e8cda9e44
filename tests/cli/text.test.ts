// Text input through the command line: numbers parsed in parallel (segments of whole lines across
// worker threads), the same output for every worker count, exact sums against a BigInt reference,
// columns, and bad tokens refused with their line number.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sumSync } from '../../dist/index.js';
import { run, scratch } from '../fixtures/cli.js';
import { rng } from '../fixtures/data.js';
import { referenceSum } from '../fixtures/reference.js';

let tmp: ReturnType<typeof scratch>;
beforeEach(() => { tmp = scratch(); });
afterEach(() => tmp.remove());

/** Lines of numbers written every way the parser reads them, with the values they stand for. */
function numbersText(lines: number, seed: number): { text: string; values: Float64Array } {
  const next = rng(seed);
  const values: number[] = [];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const x = (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
    const form = i % 5;
    const token = form === 0 ? String(x) : form === 1 ? x.toExponential(i % 17) : form === 2 ? x.toFixed(i % 12)
      : form === 3 ? x.toPrecision(1 + (i % 21)) : `${(i % 1000) - 500}`;
    values.push(Number(token));
    out.push(token);
  }
  return { text: `${out.join('\n')}\n`, values: Float64Array.from(values) };
}

describe('text input', () => {
  it('sums numbers separated by whitespace, commas and newlines', async () => {
    const path = tmp.file('a.txt', '1 2\t3\r\n4,5 , 6\n\n  \n-7.5e1,,8,\n.5');
    expect(await run([path, '--text'])).toMatchObject({ code: 0, stdout: `${1 + 2 + 3 + 4 + 5 + 6 - 75 + 8 + 0.5}\n`, stderr: '' });
  });

  it('--exact: the correctly rounded sum of the parsed numbers', async () => {
    const hard = tmp.file('hard.txt', '1e308\n1\n-1e308\n');
    expect((await run([hard, '--text', '--exact'])).stdout).toBe('1\n');
    expect((await run([hard, '--text'])).stdout).toBe('0\n');
    const tenth = tmp.file('tenth.txt', '0.1\n'.repeat(1000));
    expect((await run([tenth, '--text', '--exact'])).stdout).toBe(`${referenceSum(new Float64Array(1000).fill(0.1)).rounded}\n`);
    const { text, values } = numbersText(20_000, 3);
    expect((await run([tmp.file('mixed.txt', text), '--text', '--exact'])).stdout).toBe(`${referenceSum(values).rounded}\n`);
  });

  it('gives the same output for every worker count, over many segments (exact and fast)', async () => {
    // Over 4 MiB segments: the workers parse several in parallel, and their numbers are summed in order.
    const { text, values } = numbersText(700_000, 4);
    expect(text.length).toBeGreaterThan(2 * (4 << 20));
    const path = tmp.file('big.txt', text);
    const exact = `${referenceSum(values).rounded}\n`;
    const fast = `${sumSync(values)}\n`;
    for (const workers of ['1', '2', '3']) {
      expect((await run([path, '--text', '--exact', '--workers', workers])).stdout, workers).toBe(exact);
      expect((await run([path, '--text', '--workers', workers])).stdout, workers).toBe(fast);
    }
    expect((await run(['--text', '--exact'], text)).stdout).toBe(exact);
  });

  it('reads a line longer than a segment (4 MiB), between ordinary ones', async () => {
    const long = '0.5 '.repeat(1_500_000); // 6 MB on one line
    const rest = '0.25\n'.repeat(1_000_000); // 5 MB more: segments after the long one go to workers
    const path = tmp.file('long.txt', `1\n${long}\n${rest}`);
    const expected = 1 + 0.5 * 1_500_000 + 0.25 * 1_000_000;
    for (const workers of ['1', '2']) {
      const result = await run([path, '--text', '--exact', '--json', '--workers', workers]);
      expect(JSON.parse(result.stdout), workers).toMatchObject({ sum: expected, count: 2_500_001 });
    }
    const bad = await run([tmp.file('bad.txt', `1\n${long}\n${rest}x\n`), '--text']);
    expect(bad.stderr).toMatch(/: line 1000003: "x" is not a number\n$/);
  });

  it('skips a UTF-8 byte order mark before the first number', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('1.5,x\n2.5,y\n')]);
    expect((await run([tmp.file('bom.csv', bom), '--text', '--column', '1'])).stdout).toBe('4\n');
  });

  it('--column K sums one field of each line (CSV with other columns)', async () => {
    const path = tmp.file('a.csv', 'x,1.5,a\ny,2.25,b\r\n\nz , -1 ,c\n');
    expect((await run([path, '--text', '--column', '2'])).stdout).toBe(`${1.5 + 2.25 - 1}\n`);
    const missing = await run([path, '--text', '-k', '4']);
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: `parallel-sum: ${path}: line 1: has no column 4 (3 fields)\n` });
  });

  it('reads inf and nan as IEEE values (exact mode: +inf and -inf make NaN)', async () => {
    expect((await run([tmp.file('a.txt', '1\ninf\n'), '--text', '--exact'])).stdout).toBe('Infinity\n');
    expect((await run([tmp.file('b.txt', 'inf\n-Infinity\n'), '--text', '--exact'])).stdout).toBe('NaN\n');
    expect((await run([tmp.file('c.txt', '1\nnan\n'), '--text'])).stdout).toBe('NaN\n');
  });

  it('several text files: per-file sums and the exact total', async () => {
    const a = tmp.file('a.txt', '1e308\n0.1\n');
    const b = tmp.file('b.txt', '-1e308\n0.2\n');
    const total = referenceSum(new Float64Array([1e308, 0.1, -1e308, 0.2])).rounded;
    expect((await run([a, b, '--text', '--exact'])).stdout).toBe(`${1e308}\t${a}\n${-1e308}\t${b}\n${total}\ttotal\n`);
    const json = JSON.parse((await run([a, b, '--text', '--exact', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ type: 'f64', input: 'text', precision: 'exact', sum: total, count: 4 });
  });

  it('refuses a token that is not a number with its line number, in any segment', async () => {
    const small = await run([tmp.file('a.txt', '1\n2\n3 abc\n4\n'), '--text']);
    expect(small).toMatchObject({ code: 1, stdout: '' });
    expect(small.stderr).toMatch(/^parallel-sum: .*a\.txt: line 3: "abc" is not a number\n$/);
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `${i}.25`);
    lines[876_543] = '12..5';
    const big = await run([tmp.file('b.txt', lines.join('\n')), '--text', '--workers', '3']);
    expect(big).toMatchObject({ code: 1, stdout: '' });
    expect(big.stderr).toMatch(/: line 876544: "12\.\.5" is not a number\n$/);
    const stdin = await run(['--text'], '1\n0x1F\n');
    expect(stdin.stderr).toBe('parallel-sum: -: line 2: "0x1F" is not a number\n');
    const missing = await run([`${tmp.dir}/nope.txt`, '--text']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^parallel-sum: ENOENT: no such file or directory, open '.*nope\.txt'\n$/);
    const dir = await run([tmp.dir, '--text']);
    expect(dir).toMatchObject({ code: 1, stdout: '', stderr: `parallel-sum: ${tmp.dir}: EISDIR: illegal operation on a directory, read\n` });
  });

  it('sums an empty input as -0, as Math.sumPrecise does (exact), and as sumSync does (fast)', async () => {
    expect((await run([tmp.file('e.txt', '\n\n'), '--text', '--exact'])).stdout).toBe('-0\n');
    const fast = sumSync(new Float64Array(0));
    expect((await run([tmp.file('f.txt', ''), '--text'])).stdout).toBe(`${Object.is(fast, -0) ? '-0' : fast}\n`);
  });
});

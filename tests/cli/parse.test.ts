// The text parser of the command line (bin/lib/parse.js): every number correctly rounded (the
// same double as V8's Number(), which rounds correctly), the field and column rules, and the tokens
// it refuses with their line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber, parseSegment } from '../../bin/lib/parse.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** Every number of `text`, or the error, with a small batch so that batches fill and roll over. */
function parse(text: string, column = 0) {
  const bytes = encode(text);
  const { values, count, lines, error } = parseSegment(bytes, bytes.length, column, 3);
  return { numbers: values.flatMap((v) => [...v]), count, lines, error };
}

function one(token: string): number {
  const bytes = encode(token);
  return parseNumber(bytes, 0, bytes.length);
}

/** Decimal tokens of every shape the grammar allows: signs, 0 to 24 digits on either side of a point, exponents. */
const decimalToken = fc.tuple(
  fc.constantFrom('', '-', '+'),
  fc.stringMatching(/^[0-9]{0,24}$/),
  fc.option(fc.stringMatching(/^[0-9]{0,24}$/)),
  fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 400 }))),
).map(([sign, whole, fraction, exponent]) => {
  const digits = fraction === null ? whole : `${whole}.${fraction}`;
  const mantissa = /[0-9]/.test(digits) ? digits : `${digits}0`;
  return `${sign}${mantissa}${exponent === null ? '' : `${exponent[0]}${exponent[1]}${exponent[2]}`}`;
});

/**
 * Every number of a segment (parseSegment's quick path and parseNumber), the tokens separated in
 * turn by `separators`; with an odd count of separators, the last token ends the segment.
 */
function all(tokens: string[], separators: string[]): number[] {
  const text = tokens.map((t, i) => `${t}${separators[i % separators.length]}`).join('');
  return parse(separators.length % 2 === 1 ? text.slice(0, -separators[(tokens.length - 1) % separators.length]!.length) : text).numbers;
}

describe('parseNumber', () => {
  it('reads hard cases as Number() does, -0 included', () => {
    const tokens = [
      '0', '-0', '+0', '0.0', '-0.0e5', '0e999', '-0e-999', '1', '-1', '.5', '5.', '+.5e+1', '0.1', '0.3',
      '9007199254740991', '9007199254740992', '9007199254740993', '18014398509481985',
      '123456789012345678901234567890', '1e22', '1e23', '9e22', '4.5e15', '1.7976931348623157e308',
      '1.7976931348623158e308', '1.7976931348623159e308', '1e308', '1e309', '-1e400',
      '2.2250738585072011e-308', '2.2250738585072014e-308', '4.9e-324', '2.4703282292062327e-324',
      '2.4703282292062328e-324', '1e-400', '0.000000000000000000000000000001', '1E5', '1e-22', '1e-23',
      '3.14159265358979323846264338327950288', '00000000000000000000000001.5', '7e0000000000000000000001',
      '1' + '0'.repeat(400) + 'e-400', '0.' + '0'.repeat(330) + '1e330',
    ];
    for (const token of tokens) expect(Object.is(one(token), Number(token)), token).toBe(true);
  });

  it('reads a token whose exponent is too long to add up digit by digit with Number()', () => {
    // 10^-100001 * 10^1000015: with the exponent cut at 100001 it looked like 1 (fast path, scale 0).
    const token = `0.${'0'.repeat(100_000)}1e1000015`;
    expect(one(token)).toBe(Infinity);
    expect(one(`-0.${'0'.repeat(100_000)}1e100010`)).toBe(-1e9);
  });

  it('reads inf, infinity and nan in any case, with a sign', () => {
    expect(one('inf')).toBe(Infinity);
    expect(one('-INF')).toBe(-Infinity);
    expect(one('+Infinity')).toBe(Infinity);
    expect(one('-infinity')).toBe(-Infinity);
    expect(one('NaN')).toBeNaN();
    expect(one('-nan')).toBeNaN();
  });

  it('equals Number() on random decimal tokens (fast path and fallback)', () => {
    fc.assert(fc.property(decimalToken, (t) => Object.is(one(t), Number(t))), { numRuns: 20_000 });
  });

  it('equals Number() on printed doubles (shortest, exponential, fixed)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
      for (const text of [String(x), x.toExponential(digits), Math.abs(x) < 1e21 ? x.toFixed(digits) : String(x)]) {
        if (!Object.is(one(text), Number(text))) return false;
      }
      return true;
    }), { numRuns: 20_000 });
  });

  it('equals Number() inside a segment too (its quick path), whatever separates the tokens', () => {
    const separators = fc.array(fc.constantFrom(' ', '\n', ',', '\t', '\r\n', ' , ', '\n\n'), { minLength: 1, maxLength: 4 });
    const printed = fc.tuple(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }))
      .map(([x, k]) => (k % 3 === 0 ? String(x) : k % 3 === 1 ? x.toExponential(k) : Math.abs(x) < 1e21 ? x.toFixed(k) : String(x)));
    const token = fc.oneof(decimalToken, printed);
    fc.assert(fc.property(fc.array(token, { minLength: 1, maxLength: 30 }), separators, (tokens, seps) => {
      const numbers = all(tokens, seps);
      return numbers.length === tokens.length && numbers.every((x, i) => Object.is(x, Number(tokens[i])));
    }), { numRuns: 5_000 });
  });
});

describe('parseSegment', () => {
  it('reads numbers separated by whitespace, commas and newlines (LF and CRLF)', () => {
    const parsed = parse('1 2\t3\r\n4,5 , 6\n\n  \n7,,8,\n9');
    expect(parsed.numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(parsed.count).toBe(9);
    expect(parsed.lines).toBe(5);
    expect(parsed.error).toBeUndefined();
  });

  it('picks a column: fields split by whitespace runs or one comma each', () => {
    expect(parse('a,1,x\nb,2,y\r\n\nc , 3 ,z\n', 2).numbers).toEqual([1, 2, 3]);
    expect(parse('id 1.5 x\nid 2.5 y\n', 2).numbers).toEqual([1.5, 2.5]);
    expect(parse(',5\n,6\n', 2).numbers).toEqual([5, 6]);
    // Only the picked column must be a number.
    expect(parse('name,value\n', 1).error).toEqual({ line: 0, message: '"name" is not a number' });
  });

  it('refuses a missing or empty column with its line', () => {
    expect(parse('1,2\n3\n', 2).error).toEqual({ line: 1, message: 'has no column 2 (1 field)' });
    expect(parse('1,2\n3,,4\n', 2).error).toEqual({ line: 1, message: 'column 2 is empty' });
    expect(parse('1,2\n3,\n', 2).error).toEqual({ line: 1, message: 'column 2 is empty' });
    expect(parse('1,2\n3', 2).error).toEqual({ line: 1, message: 'has no column 2 (1 field)' });
    expect(parse('1 2 3\n', 4).error).toEqual({ line: 0, message: 'has no column 4 (3 fields)' });
  });

  it('refuses a token that is not a number, with the line it is on', () => {
    for (const bad of ['abc', '-', '+', '.', 'e5', '1e', '1e+', '0x10', '1_000', '1.2.3', '--1', '1-', '1e5.5',
      'infinit', 'nan1', 'Infinityx', '"1"', '١']) {
      const parsed = parse(`1\n2\n${bad}\n4\n`);
      expect(parsed.error?.line, bad).toBe(2);
      expect(parsed.error?.message, bad).toMatch(/is not a number$/);
      expect(parsed.numbers).toEqual([1, 2]);
    }
  });

  it('quotes a long bad token shortened', () => {
    expect(parse(`${'x'.repeat(100)}\n`).error?.message).toBe(`"${'x'.repeat(40)}…" is not a number`);
  });

  it('gives the numbers in order across batches', () => {
    const values = Array.from({ length: 50 }, (_, i) => i * 0.25 - 3);
    expect(parse(values.join('\n')).numbers).toEqual(values);
  });
});

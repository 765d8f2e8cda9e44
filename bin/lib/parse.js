// Numbers as text: one segment of whole lines (bytes) to doubles, each correctly rounded. Runs in the
// text workers (bin/lib/text-worker.js); pure, so tests call it directly.

/** 10^0 .. 10^22: every one is exact as a double (10^22 = 2^22 * 5^22 and 5^22 < 2^53). */
const kPowers = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const kTwo53 = 2 ** 53;
/** An exponent this large is not added up digit by digit (it could overflow); such tokens take the slow path. */
const kExponentCap = 100_000;

const kNewline = 10, kReturn = 13, kSpace = 32, kTab = 9, kComma = 44;
const kPlus = 43, kMinus = 45, kDot = 46, kZero = 48, kNine = 57;

/**
 * @typedef {object} Parsed
 * @property {Float64Array[]} values the numbers, in order, in batches (each full but the last)
 * @property {number} count how many numbers
 * @property {number} lines newlines seen in the segment
 * @property {{ line: number, message: string } | undefined} error the first bad line (0-based in the
 *   segment) and why; parsing stops there
 */

/**
 * Parses `bytes[0, length)`: numbers separated by whitespace or commas, one or more per line. With
 * `column` (1-based), only the column-th field of each line that has any field; fields are separated
 * by runs of whitespace or by one comma (so `1,,3` has an empty second field: CSV's reading).
 * @param {Uint8Array} bytes
 * @param {number} length
 * @param {number} column 0 for every number
 * @param {number} batch doubles per batch
 * @returns {Parsed}
 */
export function parseSegment(bytes, length, column, batch) {
  /** @type {Float64Array[]} */
  const values = [];
  let out = new Float64Array(batch);
  let n = 0, count = 0, lines = 0;
  let field = 0;          // fields begun on this line
  let filled = false;     // the current field has a token (a comma after it ends it, not an empty one)
  let any = false;        // the line has a field (tokens or commas)
  const want = column - 1;
  // The last separator: a token that starts before it ends at or before it, so the quick path below
  // can read such a token with no bounds checks.
  let last = length - 1;
  while (last >= 0 && !separator(bytes[last])) last--;
  let i = 0;
  while (i < length) {
    const c = bytes[i] | 0;
    if (c === kNewline) {
      if (column !== 0 && any && lacks(field, filled, want)) return fail(values, out, n, count, lines, missing(column, field, filled));
      lines++; field = 0; filled = false; any = false; i++;
      continue;
    }
    if (c === kSpace || c === kTab || c === kReturn) { i++; continue; }
    if (c === kComma) {
      if (!filled && field === want) return fail(values, out, n, count, lines, `column ${column} is empty`);
      field++; filled = false; any = true; i++;
      continue;
    }
    if (filled) field++; // whitespace between two tokens starts a new field
    let end = i + 1;
    if (column === 0 || field === want) {
      // `value` is always a number and failure is `stop === -1`: a variable that may hold undefined
      // keeps its doubles boxed, one allocation per token.
      let value = 0;
      stop = -1;
      if (i < last) {
        // The quick path, for most tokens data holds: [-]digits[.digits], at most 15 digits, so the
        // mantissa and 10^digits after the point are exact and one division rounds correctly.
        let j = i, d = c, mantissa = 0, digits = 0, point = 0;
        if (d === kMinus) d = bytes[++j];
        while (d >= kZero && d <= kNine) { mantissa = mantissa * 10 + (d - kZero); digits++; d = bytes[++j]; }
        if (d === kDot) {
          d = bytes[++j];
          while (d >= kZero && d <= kNine) { mantissa = mantissa * 10 + (d - kZero); digits++; point++; d = bytes[++j]; }
        }
        if (digits !== 0 && digits <= 15 && separator(d)) {
          value = mantissa / kPowers[point];
          if (c === kMinus) value = -value;
          stop = j;
        }
      }
      if (stop === -1) value = parseNumber(bytes, i, length);
      end = stop === -1 ? i : stop;
      if (stop === -1 || (end < length && !separator(bytes[end] | 0))) {
        while (end < length && !separator(bytes[end] | 0)) end++;
        return fail(values, out, n, count, lines, `${quote(bytes, i, end)} is not a number`);
      }
      if (n === batch) { values.push(out); out = new Float64Array(batch); n = 0; }
      out[n++] = value;
      count++;
    } else {
      while (end < length && !separator(bytes[end] | 0)) end++;
    }
    filled = true; any = true; i = end;
  }
  if (column !== 0 && any && lacks(field, filled, want)) return fail(values, out, n, count, lines, missing(column, field, filled));
  values.push(out.subarray(0, n));
  return { values, count, lines, error: undefined };
}

/** @param {number} c */
function separator(c) {
  return c === kSpace || c === kComma || c === kNewline || c === kTab || c === kReturn;
}

/**
 * At the end of a line whose current field is `field` (0-based; empty unless `filled`): whether the
 * wanted field was never read. @param {number} field @param {boolean} filled @param {number} want
 */
function lacks(field, filled, want) {
  return want > field || (want === field && !filled);
}

/** @param {number} column @param {number} field @param {boolean} filled */
function missing(column, field, filled) {
  const fields = field + 1;
  return column === fields && !filled ? `column ${column} is empty` : `has no column ${column} (${fields} field${fields === 1 ? '' : 's'})`;
}

/**
 * @param {Float64Array[]} values @param {Float64Array} out @param {number} n @param {number} count
 * @param {number} lines @param {string} message @returns {Parsed}
 */
function fail(values, out, n, count, lines, message) {
  values.push(out.subarray(0, n));
  return { values, count, lines, error: { line: lines, message } };
}

/** The token for a message: at most 40 characters, JSON-quoted. @param {Uint8Array} bytes @param {number} from @param {number} to */
function quote(bytes, from, to) {
  const text = new TextDecoder().decode(bytes.subarray(from, Math.min(to, from + 40)));
  return JSON.stringify(to - from > 40 ? `${text}…` : text);
}

/** Where the last parseNumber() stopped: one past the number it read, or -1 if it read none. */
let stop = 0;

/**
 * The double nearest the decimal number at `bytes[from]`, read up to the first byte that cannot
 * continue it (left in `stop`, never past `to`); if none starts there, NaN with `stop` at -1. Grammar: `[+-]`,
 * digits with at most one `.` (at least one digit), then optionally `e`/`E`, `[+-]`, digits; or `inf`,
 * `infinity`, `nan` in any case, signed or not. Not hexadecimal, not `1_000`. The caller checks that a
 * separator follows.
 * @param {Uint8Array} bytes @param {number} from @param {number} to @returns {number}
 */
export function parseNumber(bytes, from, to) {
  let i = from;
  let c = i < to ? bytes[i] | 0 : 0;
  const negative = c === kMinus;
  if (negative || c === kPlus) c = ++i < to ? bytes[i] | 0 : 0;
  if ((c < kZero || c > kNine) && c !== kDot) {
    const special = word(bytes, i, to);
    return negative ? -special : special;
  }
  let mantissa = 0, digits = 0, scale = 0;
  while (c >= kZero && c <= kNine) {
    mantissa = mantissa * 10 + (c - kZero);
    digits++;
    c = ++i < to ? bytes[i] | 0 : 0;
  }
  if (c === kDot) {
    c = ++i < to ? bytes[i] | 0 : 0;
    while (c >= kZero && c <= kNine) {
      mantissa = mantissa * 10 + (c - kZero);
      digits++;
      scale--;
      c = ++i < to ? bytes[i] | 0 : 0;
    }
  }
  if (digits === 0) return fail0();
  if (c === 101 || c === 69) { // e, E
    c = ++i < to ? bytes[i] | 0 : 0;
    const down = c === kMinus;
    if (down || c === kPlus) c = ++i < to ? bytes[i] | 0 : 0;
    let exponent = 0, expDigits = 0;
    while (c >= kZero && c <= kNine) {
      if (exponent < kExponentCap) exponent = exponent * 10 + (c - kZero);
      expDigits++;
      c = ++i < to ? bytes[i] | 0 : 0;
    }
    if (expDigits === 0) return fail0();
    // A capped exponent is not the token's: only Number() may read that token.
    scale = exponent >= kExponentCap ? NaN : scale + (down ? -exponent : exponent);
  }
  stop = i;
  // The steps above are exact while the mantissa stays below 2^53; a rounded step reaching 2^53 is
  // the first that may not be, and rounding is monotonic, so one test at the end covers every step.
  let value;
  if (mantissa < kTwo53 && scale >= 0 && scale <= 22) {
    value = mantissa * /** @type {number} */ (kPowers[scale]); // Clinger: both exact, one rounding
  } else if (mantissa < kTwo53 && scale < 0 && scale >= -22) {
    value = mantissa / /** @type {number} */ (kPowers[-scale]);
  } else if (mantissa === 0) {
    value = 0;
  } else {
    // Beyond the fast path: V8's string-to-number conversion is correctly rounded for any length.
    value = Math.abs(Number(latin1(bytes, from, i)));
  }
  return negative ? -value : value;
}

/** parseNumber's failure: NaN, with `stop` at -1. */
function fail0() {
  stop = -1;
  return NaN;
}

/** `inf`, `infinity` or `nan`, any case, up to a separator (else parseNumber's failure). @param {Uint8Array} bytes @param {number} from @param {number} to */
function word(bytes, from, to) {
  let i = from;
  while (i < to && !separator(bytes[i] | 0)) i++;
  stop = i;
  const text = latin1(bytes, from, i).toLowerCase();
  if (text === 'inf' || text === 'infinity') return Infinity;
  if (text === 'nan') return NaN;
  return fail0();
}

/** @param {Uint8Array} bytes @param {number} from @param {number} to */
function latin1(bytes, from, to) {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(/** @type {number} */ (bytes[i]));
  return text;
}

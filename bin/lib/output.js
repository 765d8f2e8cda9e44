// What the command line prints: sums as text that reads back to the same value, or one JSON object.

/**
 * A sum as text: the shortest decimal that reads back as the same double (`-0` kept), the integer of
 * a bigint, `NaN`, `Infinity`, `-Infinity`. @param {number | bigint} value
 */
export function formatSum(value) {
  if (typeof value === 'bigint') return value.toString();
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * A sum as a JSON value: a number when JSON can hold it exactly (finite doubles), otherwise a string
 * (bigints, which JSON parsers commonly read as doubles, and NaN and the infinities, which JSON lacks).
 * @param {number | bigint} value
 */
function jsonSum(value) {
  return typeof value === 'number' && Number.isFinite(value) ? formatSum(value) : JSON.stringify(formatSum(value));
}

/**
 * @typedef {object} InputSum
 * @property {string} name
 * @property {number | bigint} sum
 * @property {number} bytes
 * @property {number} count numbers summed
 */

/**
 * The lines to print: the sum alone for one input; for several, `sum<TAB>name` per input and then
 * `sum<TAB>total`. @param {InputSum[]} inputs @param {number | bigint} total
 */
export function formatText(inputs, total) {
  if (inputs.length === 1) return `${formatSum(total)}\n`;
  return `${inputs.map((input) => `${formatSum(input.sum)}\t${input.name}\n`).join('')}${formatSum(total)}\ttotal\n`;
}

/**
 * One JSON object (see docs/cli.md). Written by hand so that -0 stays -0 and bigints stay exact.
 * @param {{ type: string, text: boolean, precision: string, inputs: InputSum[], total: number | bigint }} result
 */
export function formatJson({ type, text, precision, inputs, total }) {
  const rows = inputs.map((input) => `{"name":${JSON.stringify(input.name)},"sum":${jsonSum(input.sum)},"bytes":${input.bytes},"count":${input.count}}`);
  const bytes = inputs.reduce((a, b) => a + b.bytes, 0);
  const count = inputs.reduce((a, b) => a + b.count, 0);
  return `{"type":${JSON.stringify(type)},"input":${JSON.stringify(text ? 'text' : 'binary')},"precision":${JSON.stringify(precision)},`
    + `"sum":${jsonSum(total)},"bytes":${bytes},"count":${count},"inputs":[${rows.join(',')}]}\n`;
}

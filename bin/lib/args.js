// The command line's arguments: parsed with node:util parseArgs, checked, and turned into options.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CliError } from './errors.js';

/** `--type` names and the TypedArray each reads. */
export const kTypes = {
  f64: Float64Array, f32: Float32Array,
  i8: Int8Array, u8: Uint8Array, i16: Int16Array, u16: Uint16Array, i32: Int32Array, u32: Uint32Array,
  i64: BigInt64Array, u64: BigUint64Array,
};

/** @typedef {keyof typeof kTypes} TypeName */

export const kUsage = `Usage: parallel-sum [FILE...] --type TYPE [options]
       parallel-sum [FILE...] --text [--column K] [options]

Sums numbers from binary files (little-endian elements of TYPE) or text, and prints the sum.
With several files, prints each file's sum and name, then the total. No FILE, or -, reads
standard input.

Options:
  -t, --type TYPE    element type: f64 f32 i8 u8 i16 u16 i32 u32 i64 u64
      --text         numbers as decimal text, separated by whitespace, commas or newlines
  -k, --column K     with --text: only the K-th field of each line (1-based)
  -e, --exact        the exact sum, rounded once (floats; integers are always exact)
  -w, --workers N    threads at most (default: the number of CPUs)
      --offset B     binary: start B bytes into each file
      --length B     binary: read B bytes of each file (the range must be in it)
      --json         print one JSON object
  -h, --help         this text
  -V, --version      the version

Exit status: 0 done, 1 bad usage or input, 130 interrupted.`;

/**
 * @typedef {object} Args
 * @property {'help' | 'version' | 'sum'} command
 * @property {string[]} inputs file names, '-' for standard input
 * @property {TypeName} type
 * @property {boolean} text
 * @property {number} column 0 for every field
 * @property {boolean} exact
 * @property {number} workers
 * @property {number | undefined} offset
 * @property {number | undefined} length
 * @property {boolean} json
 */

/** @param {string[]} argv the arguments after the script @returns {Args} */
export function readArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        type: { type: 'string', short: 't' },
        text: { type: 'boolean' },
        column: { type: 'string', short: 'k' },
        exact: { type: 'boolean', short: 'e' },
        workers: { type: 'string', short: 'w' },
        offset: { type: 'string' },
        length: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    // parseArgs explains unknown options and missing values well; keep its first line only.
    throw new CliError(`${String(/** @type {Error} */ (error).message).split('\n')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  const base = { inputs: positionals.length === 0 ? ['-'] : positionals, type: /** @type {TypeName} */ ('f64'), text: false, column: 0, exact: false, workers: 1, offset: undefined, length: undefined, json: false };
  if (values.help) return { command: 'help', ...base };
  if (values.version) return { command: 'version', ...base };
  const text = values.text === true;
  if (values.type === undefined && !text) throw new CliError('expected --type TYPE (f64, f32, i8, u8, i16, u16, i32, u32, i64, u64) or --text (see --help)');
  if (values.type !== undefined && !Object.hasOwn(kTypes, values.type)) {
    throw new CliError(`expected --type to be one of ${Object.keys(kTypes).join(', ')}, got ${JSON.stringify(values.type)}`);
  }
  const type = /** @type {TypeName} */ (values.type ?? 'f64');
  if (text && type !== 'f64') throw new CliError(`--text reads numbers as f64; --type ${type} cannot go with it`);
  if (!text && values.column !== undefined) throw new CliError('--column goes with --text');
  if (text && (values.offset !== undefined || values.length !== undefined)) throw new CliError('--offset and --length go with binary input, not --text');
  if (base.inputs.filter((p) => p === '-').length > 1) throw new CliError('standard input (-) can be read once only');
  const offset = values.offset === undefined ? undefined : integer('--offset', values.offset, 0, Number.MAX_SAFE_INTEGER);
  const length = values.length === undefined ? undefined : integer('--length', values.length, 0, Number.MAX_SAFE_INTEGER);
  if (base.inputs.includes('-') && (offset !== undefined || length !== undefined)) {
    throw new CliError('--offset and --length select bytes of files, not of standard input');
  }
  return {
    command: 'sum',
    inputs: base.inputs,
    type,
    text,
    column: values.column === undefined ? 0 : integer('--column', values.column, 1, 2 ** 31),
    exact: values.exact === true,
    workers: values.workers === undefined ? availableParallelism() : integer('--workers', values.workers, 1, 1024),
    offset,
    length,
    json: values.json === true,
  };
}

/** @param {string} name @param {string} text @param {number} min @param {number} max */
function integer(name, text, min, max) {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new CliError(`expected ${name} to be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

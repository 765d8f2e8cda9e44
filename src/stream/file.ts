// sumFile (Node only): a file, or a byte range of it, read straight into the ring's buffers in shared
// memory (no copy between the read and the kernels), through the same pump as any stream. A file the
// call opened is closed on every path; a FileHandle it was given stays open, as it was.
import { open, type FileHandle } from 'node:fs/promises';
import { rangeError, typeError } from '../errors.js';
import { checkOptions } from '../validate.js';
import { kEnd, kOpenReader, type Reader } from './sources.js';
import type { FileHandleLike, FileOptions } from './types.js';

const isHandle = (value: unknown): value is FileHandleLike => typeof value === 'object' && value !== null
  && typeof (value as FileHandleLike).fd === 'number' && typeof (value as FileHandleLike).read === 'function'
  && typeof (value as FileHandleLike).stat === 'function';

const kMaxOffset = Number.MAX_SAFE_INTEGER;

function checkRange(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const expected = 'an integer number of bytes from 0 up';
  if (typeof value !== 'number') throw typeError(name, expected, value);
  if (!Number.isInteger(value) || value < 0 || value > kMaxOffset) throw rangeError(name, expected, value);
  return value;
}

/**
 * The source sumStream reads for sumFile: checks the arguments now, opens the file when the sum
 * starts. `type` is required (a file holds bytes).
 */
export function fileSource(path: unknown, options: unknown): { [kOpenReader]: () => Reader } {
  if (!isHandle(path) && typeof path !== 'string' && !(path instanceof URL)) {
    throw typeError('path', 'a path (a string or a file: URL) or a FileHandle', path);
  }
  const { type, offset: o, length: l } = checkOptions<FileOptions>(options);
  if (type === undefined) throw new TypeError('Expected `type` to say what the file holds (e.g. { type: Float64Array }), got undefined');
  const offset = checkRange(o, 'offset') ?? 0;
  const length = checkRange(l, 'length');
  return { [kOpenReader]: () => fileReader(path, offset, length) };
}

function fileReader(path: string | URL | FileHandleLike, offset: number, length: number | undefined): Reader {
  let handle: FileHandleLike | undefined;
  const owned = !isHandle(path);
  let opening: Promise<unknown> | undefined;
  let reading: Promise<unknown> | undefined;
  let position = offset;
  let end = 0;
  let closed = false;
  const release = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Wait for a read in flight first: it writes into a ring buffer, which is freed after this.
    await opening?.catch(() => {});
    await reading?.catch(() => {});
    if (owned && handle !== undefined) await (handle as FileHandle).close().catch(() => {});
  };
  const reader: Reader = {
    totalBytes: undefined,
    async start() {
      const opened = owned ? open(path as string | URL, 'r') : Promise.resolve(path as FileHandleLike);
      opening = opened;
      handle = await opened;
      const { size } = await handle.stat();
      if (offset > size || (length !== undefined && offset + length > size)) {
        const range = length === undefined ? `offset ${offset}` : `bytes ${offset} to ${offset + length}`;
        throw new RangeError(`Expected \`offset\` and \`length\` to select bytes within the file's ${size}, got ${range}`);
      }
      end = length === undefined ? size : offset + length;
      (reader as { totalBytes: number }).totalBytes = end - offset;
    },
    async readInto(view) {
      const want = Math.min(view.length, end - position);
      if (want === 0) return 0;
      const read = handle!.read(view, 0, want, position);
      reading = read;
      const { bytesRead } = await read;
      reading = undefined;
      if (bytesRead === 0) {
        throw new RangeError(`Expected the file to hold the ${end - offset} bytes it had when the sum started; it ended `
          + `at byte ${position}`);
      }
      position += bytesRead;
      return bytesRead;
    },
    next: async () => kEnd,
    cancel: release,
    close: release,
  };
  return reader;
}

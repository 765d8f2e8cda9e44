// The reader of a file for sumFile (Node only): a byte range read straight into the ring's buffers in
// shared memory (no copy between the read and the kernels), through the same pump as any stream. A
// file it opened is closed on every path; a FileHandle it was given stays open, as it was. Its
// arguments were checked by src/streams.ts.
import { open, type FileHandle } from 'node:fs/promises';
import { fileShrank, rangePastEnd } from '../errors.js';
import { kEnd, type Reader } from './sources.js';
import type { FileHandleLike, FilePath } from './types.js';

const isPath = (path: FilePath): path is string | URL => typeof path === 'string' || path instanceof URL;

/** A reader of bytes [offset, offset + length) of `path` (to the end without `length`). */
export function fileReader(path: FilePath, offset: number, length: number | undefined): Reader {
  let handle: FileHandleLike | undefined;
  const owned = isPath(path);
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
      const opened = isPath(path) ? open(path, 'r') : Promise.resolve(path);
      opening = opened;
      handle = await opened;
      const { size } = await handle.stat();
      if (offset > size || (length !== undefined && offset + length > size)) throw rangePastEnd(size, offset, length);
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
      if (bytesRead === 0) throw fileShrank(end - offset, position);
      position += bytesRead;
      return bytesRead;
    },
    next: async () => kEnd,
    cancel: release,
    close: release,
  };
  return reader;
}

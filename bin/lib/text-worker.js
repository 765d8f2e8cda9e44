// A text worker: parses the segments the main thread posts (whole lines, see bin/lib/text.js) and
// posts back their numbers, with the segment's buffer so the main thread can reuse it.
import { parentPort, workerData } from 'node:worker_threads';
import { parseSegment } from './parse.js';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { column, batch } = /** @type {{ column: number, batch: number }} */ (workerData);

port.on('message', (/** @type {import('./text.js').Segment} */ { seq, buffer, length }) => {
  const { values, count, lines, error } = parseSegment(new Uint8Array(buffer), length, column, batch);
  /** @type {import('./text.js').Parsed} */
  const reply = { seq, buffer, values, count, lines, error };
  port.postMessage(reply, [buffer, ...values.map((v) => /** @type {ArrayBuffer} */ (v.buffer))]);
});

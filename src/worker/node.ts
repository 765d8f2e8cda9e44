// Worker entry for Node's worker_threads.
import { parentPort } from 'node:worker_threads';
import { kInit, type InitMessage } from '../parallel/protocol.js';
import { unexpectedMessage } from '../errors.js';
import { serve } from './serve.js';

const port = parentPort!;
port.once('message', (message: InitMessage) => {
  if (message?.type !== kInit) throw unexpectedMessage(kInit, message?.type);
  serve(message, (reply) => port.postMessage(reply));
  // Lets the thread end once the serve loop is over. Deno's parentPort has no close(): there the
  // loop's end is enough.
  if (typeof port.close === 'function') port.close();
});

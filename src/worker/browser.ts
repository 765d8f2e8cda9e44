// Worker entry for browsers (a module Web Worker): the same serve loop as in Node, fed by the first
// message the page posts.
import { kInit, type InitMessage } from '../parallel/protocol.js';
import { unexpectedMessage } from '../errors.js';
import { serve } from './serve.js';

// The DOM typings describe a window; a dedicated worker's global scope has the one-argument postMessage.
const scope = globalThis as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void, options: { once: true }): void;
};

scope.addEventListener('message', (event) => {
  const message = event.data as InitMessage;
  if (message?.type !== kInit) throw unexpectedMessage(kInit, message?.type);
  // serve() only returns when the engine closes the pool, which also terminates this worker.
  serve(message, (reply) => scope.postMessage(reply));
}, { once: true });

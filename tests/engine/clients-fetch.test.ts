// A fetch Response from a local HTTP server, as users hold one: the body arrives in network-sized
// pieces (odd sizes here), with or without Content-Length. The sum has the bits of the in-memory sum,
// progress knows the total when the server says it, and abort mid-body closes the connection.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumStream } from '../../dist/index.js';
import { bytesOf, serveBytes, type ByteServer } from '../fixtures/clients.js';
import { doubles } from '../fixtures/data.js';
import { kChunkDoubles, testEngine, until } from '../fixtures/engine.js';

const engine = testEngine({ maxWorkers: 2 });
const data = doubles(9 * kChunkDoubles + 5, 21);
const body = new Uint8Array(bytesOf(data));
const ints = Int32Array.from({ length: 300_001 }, (_, i) => (i * 2654435761) | 0);

let server: ByteServer;
beforeAll(async () => {
  server = await serveBytes({
    'data.f64': { body },
    'chunked.f64': { body, contentLength: false, piece: 4099 },
    'ints.i32': { body: new Uint8Array(bytesOf(ints)), piece: 1021 },
    'stall.f64': { body, stallAfter: body.byteLength / 2 + 3 },
    'drop.f64': { body, dropAfter: body.byteLength / 2 + 3 },
  });
});
afterAll(() => server?.close());

describe('fetch Response', () => {
  it('same bits as the in-memory sum, both precisions, every maxWorkers', async () => {
    for (const precision of ['fast', 'exact'] as const) {
      const expected = await engine.sum(data, { precision });
      for (const maxWorkers of [1, 2]) {
        const response = await fetch(`${server.url}data.f64`);
        expect(await engine.sumStream(response, { type: Float64Array, precision, maxWorkers })).toBe(expected);
        expect(response.bodyUsed).toBe(true);
      }
    }
  });

  it('its body (a WHATWG ReadableStream) and a chunked response sum the same', async () => {
    const expected = await engine.sum(data);
    expect(await engine.sumStream((await fetch(`${server.url}data.f64`)).body!, { type: Float64Array })).toBe(expected);
    expect(await sumStream(await fetch(`${server.url}chunked.f64`), { type: Float64Array })).toBe(expected);
  });

  it('integers: exact, as in memory', async () => {
    expect(await engine.sumStream(await fetch(`${server.url}ints.i32`), { type: Int32Array })).toBe(await engine.sum(ints));
  });

  it('progress has totalBytes from Content-Length, and none without it', async () => {
    for (const [name, total] of [['data.f64', body.byteLength], ['chunked.f64', undefined]] as const) {
      const seen: Array<{ bytes: number; elements: number; totalBytes?: number }> = [];
      await engine.sumStream(await fetch(`${server.url}${name}`), { type: Float64Array, onProgress: (p) => seen.push({ ...p }) });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.at(-1)).toMatchObject({ bytes: body.byteLength, elements: data.length });
      for (const progress of seen) expect(progress.totalBytes).toBe(total);
    }
  });

  it('abort mid-body: rejects with the reason, and the connection closes', async () => {
    const controller = new AbortController();
    const reason = new Error('enough');
    const response = await fetch(`${server.url}stall.f64`);
    const outcome = engine.sumStream(response, { type: Float64Array, signal: controller.signal })
      .then(() => 'resolved', (error: unknown) => error);
    // The server sends half the body, then holds the connection open: the sum waits for more.
    await until(() => server.stalled() === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(server.stalledOpen()).toBe(1);
    await until(() => server.stalledOpen() === 0, 5000);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });

  it('a connection dropped mid-body rejects with fetch\'s error, never a partial sum', async () => {
    const error = await engine.sumStream(await fetch(`${server.url}drop.f64`), { type: Float64Array })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError); // undici: "terminated"
    expect(engine.stats()).toMatchObject({ busy: 0, queued: 0, pending: 0 });
  });
});

// Page-side half of the real-client browser tests: a `File` (made in the page, or picked through an
// <input type=file> by the driver) and a `fetch` Response from the test server, each summed with
// sumStream and compared with engine.sum of the same bytes held in memory. Each returns plain data.
import { ParallelSum } from 'parallel-sum';
import { fill, lengthFor } from './data.js';

const show = (value) => (typeof value === 'bigint' ? `${value}n` : value);

async function withEngine(body) {
  const engine = new ParallelSum({ maxWorkers: 2 });
  try {
    return await body(engine);
  } finally {
    await engine.close();
  }
}

// Sums `source` with progress, keeping the last report and how many there were.
async function streamed(engine, source, type) {
  const reports = [];
  const sum = await engine.sumStream(source, { type: globalThis[type], onProgress: (p) => reports.push({ ...p }) });
  return { sum: show(sum), last: reports.at(-1), reports: reports.length };
}

/**
 * A File made in the page from seeded data, in three pieces (its parts join in the middle of an
 * element): summed as a File (a Blob), and as its stream(); and the in-memory sum of the same data.
 */
export async function fileSum(type, mib, seed) {
  return withEngine(async (engine) => {
    const ctor = globalThis[type];
    const data = fill(new ctor(lengthFor(type, mib)), seed);
    const bytes = new Uint8Array(data.buffer);
    const cut = [0, 1_000_003, bytes.length - 5, bytes.length];
    const parts = cut.slice(1).map((end, i) => bytes.slice(cut[i], end));
    const file = new File(parts, 'data.bin', { type: 'application/octet-stream' });
    return {
      size: file.size,
      inMemory: show(await engine.sum(data)),
      file: await streamed(engine, file, type),
      stream: await streamed(engine, file.stream(), type),
    };
  });
}

/** A fetch Response from the test server, summed as it arrives; and the sum of the same body read whole. */
export async function fetchSum(path, type) {
  return withEngine(async (engine) => {
    const whole = await (await fetch(path)).arrayBuffer();
    const response = await fetch(path);
    return {
      status: response.status,
      contentLength: Number(response.headers.get('Content-Length')),
      inMemory: show(await engine.sum(new globalThis[type](whole))),
      response: await streamed(engine, response, type),
    };
  });
}

/** Puts an <input type=file> on the page for the driver to fill (id "file"). */
export async function fileInput() {
  if (document.getElementById('file') === null) {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'file';
    document.body.append(input);
  }
  return true;
}

/** The file the driver picked in the input: its name and size, its sum as a File, and its bytes' sum read whole. */
export async function inputFileSum(type) {
  const file = document.getElementById('file').files[0];
  if (file === undefined) throw new Error('no file was picked');
  return withEngine(async (engine) => ({
    name: file.name,
    size: file.size,
    inMemory: show(await engine.sum(new globalThis[type](await file.arrayBuffer()))),
    file: await streamed(engine, file, type),
  }));
}

// The demo: fill N doubles in the engine's shared memory, then time parallelSum against a plain JS
// loop over the very same array. Everything stays on this machine: no network beyond localhost.
import { ParallelSum, capabilities } from 'parallel-sum';

const $ = (id) => document.getElementById(id);
const caps = capabilities();
const engine = new ParallelSum();
let data;          // the current array, in shared memory where the page is cross-origin isolated
let controller;    // aborts the run in progress
let fileController; // aborts the file sum in progress

describeCapabilities();
$('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  run().catch(showError);
});
$('cancel').addEventListener('click', () => controller?.abort());
$('file-controls').addEventListener('submit', (event) => {
  event.preventDefault();
  sumFile().catch((error) => fileStatus(`Error: ${error?.message ?? error}`));
});
$('file-cancel').addEventListener('click', () => fileController?.abort());

function describeCapabilities() {
  const parts = caps.path === 'parallel'
    ? [`<b>${engine.maxWorkers} workers</b> over shared memory`]
    : [`<b class="warn">one thread</b> (${caps.reason})`];
  parts.push(`${caps.kernels === 'simd' ? 'SIMD' : 'scalar'} kernels`);
  if (caps.path === 'parallel') parts.push(caps.waitAsync ? 'Atomics.waitAsync' : 'message wake-ups (no Atomics.waitAsync)');
  $('capabilities').innerHTML = `This page runs on ${parts.join(', ')}.`;
}

async function run() {
  const size = Number($('size').value);
  const passes = Number($('passes').value);
  controller = new AbortController();
  const { signal } = controller;
  setRunning(true);
  try {
    await prepare(size, signal);
    // parallelSum first: its passes are the long, cancellable part.
    let parallel = Infinity, parallelSum = 0;
    for (let pass = 1; pass <= passes; pass++) {
      status(`parallelSum: pass ${pass} of ${passes}…`);
      const start = performance.now();
      parallelSum = await engine.sum(data, { signal });
      parallel = Math.min(parallel, performance.now() - start);
    }
    let loop = Infinity, loopSum = 0;
    for (let pass = 1; pass <= passes; pass++) {
      status(`JS loop: pass ${pass} of ${passes}…`);
      await nextFrame(); // a loop cannot be interrupted: give Cancel its chance between passes
      signal.throwIfAborted();
      const start = performance.now();
      loopSum = jsLoop(data);
      loop = Math.min(loop, performance.now() - start);
    }
    show({ size, loop, parallel, loopSum, parallelSum });
    status(`Done: ${size.toLocaleString()} doubles, best of ${passes} pass${passes === 1 ? '' : 'es'} each.`);
  } catch (error) {
    if (error?.name !== 'AbortError') throw error;
    status('Cancelled. The engine is idle again: press Run for another go.');
  } finally {
    setRunning(false);
  }
}

// Allocates (or reuses) the array and fills it with random doubles in [-1, 1).
async function prepare(size, signal) {
  if (data?.length === size) return;
  if (data !== undefined) engine.free(data);
  data = undefined;
  status(`Filling ${size.toLocaleString()} random doubles…`);
  const xs = engine.alloc(Float64Array, size);
  for (let from = 0; from < size; from += 1 << 22) {
    await nextFrame();
    if (signal.aborted) {
      engine.free(xs);
      signal.throwIfAborted();
    }
    const to = Math.min(size, from + (1 << 22));
    for (let i = from; i < to; i++) xs[i] = Math.random() * 2 - 1;
  }
  data = xs;
}

function jsLoop(xs) {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum;
}

function show({ size, loop, parallel, loopSum, parallelSum }) {
  const slowest = Math.max(loop, parallel);
  const bar = (id, ms) => { $(`bar-${id}`).style.width = `${(100 * ms) / slowest}%`; };
  const label = (id, ms) => {
    const gbps = (size * 8) / (ms * 1e6);
    $(`time-${id}`).textContent = `${ms.toFixed(ms < 10 ? 2 : 1)} ms · ${gbps.toFixed(1)} GB/s`;
  };
  $('chart').hidden = false;
  bar('loop', loop);
  bar('parallel', parallel);
  label('loop', loop);
  label('parallel', parallel);
  $('speedup').textContent = `parallelSum: ${(loop / parallel).toFixed(1)}× the speed of the JS loop`;
  // The two orders of addition differ, so the last bits may too.
  $('sums').textContent = `Sums: parallelSum ${parallelSum}, JS loop ${loopSum}.`;
}

function setRunning(running) {
  $('run').disabled = running;
  $('size').disabled = running;
  $('passes').disabled = running;
  $('cancel').disabled = !running;
}

function status(text) {
  $('status').textContent = text;
}

function showError(error) {
  status(`Error: ${error?.message ?? error}`);
}

// "Sum a file": the File is read as a stream into the engine's ring of buffers and summed as it
// arrives, so a file of any size needs only a few MB; onProgress moves the bar (at most every 100 ms).
async function sumFile() {
  const file = $('file').files[0];
  if (file === undefined) return fileStatus('Pick a file first.');
  const type = globalThis[$('file-type').value];
  const precision = $('file-exact').checked ? 'exact' : 'fast';
  fileController = new AbortController();
  const progress = $('file-progress');
  progress.value = 0;
  setFileRunning(true);
  const start = performance.now();
  try {
    const sum = await engine.sumStream(file, {
      type, precision, signal: fileController.signal,
      onProgress: ({ bytes, totalBytes }) => {
        progress.value = totalBytes ? bytes / totalBytes : 0;
        fileStatus(`Summing ${file.name}: ${(bytes / 1e6).toFixed(1)} of ${(file.size / 1e6).toFixed(1)} MB…`);
      },
    });
    const seconds = (performance.now() - start) / 1000;
    const count = file.size / type.BYTES_PER_ELEMENT;
    fileStatus(`Sum of ${file.name}: ${sum} (${count.toLocaleString()} numbers, ${(file.size / 1e6 / seconds).toFixed(0)} MB/s).`);
  } catch (error) {
    if (error?.name !== 'AbortError') throw error;
    fileStatus('Cancelled: nothing is left open. Press Sum for another go.');
  } finally {
    setFileRunning(false);
  }
}

function setFileRunning(running) {
  $('file-sum').disabled = running;
  $('file').disabled = running;
  $('file-cancel').disabled = !running;
}

function fileStatus(text) {
  $('file-status').textContent = text;
}

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

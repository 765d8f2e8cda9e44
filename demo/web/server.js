// A tiny static file server for the browser demo and the browser tests: localhost only, no
// dependencies, and (unless asked not to) the two headers that make a page cross-origin isolated,
// which is what unlocks SharedArrayBuffer and so the parallel path.
//
//   node demo/web/server.js [--port 8080]     serves demo/web/ at / and the built dist/ at /dist/
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  // compileStreaming accepts nothing else.
  '.wasm': 'application/wasm',
};

/** The headers of cross-origin isolation: without both, a page gets no SharedArrayBuffer. */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Serves each `[prefix, folder]` of `mounts` (longest prefix first) on 127.0.0.1.
 * Resolves to the base URL and a close function. `requests`, if given, collects every path asked for.
 * `isolated`: true (the default) sends COOP, COEP and CORP with every response, false with none; a
 * function `(path, file) => headers` chooses each response's own (the request path and the file
 * served), so the tests can find out which responses need which header (docs/browser.md).
 */
export async function startServer({ mounts, isolated = true, port = 0, host = '127.0.0.1', requests }) {
  const table = mounts
    .map(([prefix, folder]) => [prefix, resolve(folder)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer((request, response) => {
    requests?.push(new URL(request.url, 'http://localhost').pathname);
    serveFile(table, isolated, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise((ready, fail) => {
    server.once('error', fail);
    server.listen(port, host, ready);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

async function serveFile(table, isolated, request, response) {
  const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  const mount = table.find(([prefix]) => path.startsWith(prefix));
  let file = mount && normalize(join(mount[1], path.slice(mount[0].length)));
  // Nothing outside the mounted folder, whatever `..` the path holds.
  if (file === undefined || (file !== mount[1] && !file.startsWith(mount[1] + sep))) return notFound(response);
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return notFound(response);
  response.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    ...headersFor(isolated, path, file),
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file).pipe(response);
}

function headersFor(isolated, path, file) {
  if (typeof isolated === 'function') return isolated(path, file) ?? {};
  return isolated ? { ...isolationHeaders, 'Cross-Origin-Resource-Policy': 'same-origin' } : {};
}

function notFound(response) {
  response.writeHead(404, { 'Content-Type': 'text/plain' });
  response.end('not found');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const at = process.argv.indexOf('--port');
  const port = at === -1 ? Number(process.env.PORT ?? 8080) : Number(process.argv[at + 1]);
  const dist = join(root, 'dist');
  if (!(await stat(join(dist, 'browser.js')).catch(() => undefined))) {
    console.error('dist/browser.js is missing: run `npm run build` first.');
    process.exit(1);
  }
  const mounts = [['/', join(root, 'demo/web')], ['/dist/', dist]];
  const { url } = await startServer({ mounts, port }).catch((error) => {
    console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use: try --port <another>.` : String(error));
    process.exit(1);
  });
  console.log(`parallel-sum browser demo: ${url}  (cross-origin isolated; Ctrl+C to stop)`);
}

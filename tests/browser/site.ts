// The test site: tests/browser/pages at / and the built package at /dist/, served with or without the
// cross-origin isolation headers.
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/web/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function startSite(isolated: boolean) {
  return startServer({ mounts: [['/', `${root}tests/browser/pages`], ['/dist/', `${root}dist`]], isolated });
}

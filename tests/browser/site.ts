// The test site: tests/browser/pages at / and the built package at /dist/, served with or without the
// cross-origin isolation headers.
import { fileURLToPath } from 'node:url';
import { startServer } from '../../demo/web/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `missing`: files under /dist/ to answer with a 404, as a misconfigured deployment would. */
export function startSite(isolated: boolean, missing: string[] = []) {
  const gone = missing.map((file): [string, string] => [`/dist/${file}`, `${root}tests/browser/no-such-folder`]);
  return startServer({ mounts: [['/', `${root}tests/browser/pages`], ['/dist/', `${root}dist`], ...gone], isolated });
}

// The test site: tests/browser/pages at / and the built package at /dist/, served with or without the
// cross-origin isolation headers. Each page gets a site of its own, so its request log is its own.
import { fileURLToPath } from 'node:url';
import { startServer, type HeaderRule } from '../../demo/web/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Site {
  url: string;
  /** Every path requested so far (by the page and by its workers). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * `isolated`: every response with the headers, none, or each its own (a `HeaderRule`). `missing`:
 * files under /dist/ to answer with a 404, as a misconfigured deployment would.
 */
export async function startSite(isolated: boolean | HeaderRule, missing: string[] = []): Promise<Site> {
  const gone = missing.map((file): [string, string] => [`/dist/${file}`, `${root}tests/browser/no-such-folder`]);
  const requests: string[] = [];
  const server = await startServer({
    mounts: [['/', `${root}tests/browser/pages`], ['/dist/', `${root}dist`], ...gone], isolated, requests,
  });
  return { ...server, requests };
}

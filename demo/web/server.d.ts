// Types for server.js, which stays plain JavaScript so that `npm run demo:web` needs no build step.

export const isolationHeaders: Readonly<Record<string, string>>;

/** The headers for one response: `path` as requested (`/`, `/dist/worker.browser.js`), `file` as served. */
export type HeaderRule = (path: string, file: string) => Record<string, string> | undefined;

export interface StartServerOptions {
  /** `[url prefix, folder]` pairs, e.g. `['/', 'demo/web']`, `['/dist/', 'dist']`. */
  mounts: Array<[string, string]>;
  /**
   * true (the default): COOP, COEP and CORP on every response; false: none; a function: the headers of
   * each response, given its request path and the file served.
   */
  isolated?: boolean | HeaderRule;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Collects the path of every request, in order. */
  requests?: string[];
}

export function startServer(options: StartServerOptions): Promise<{ url: string; close(): Promise<void> }>;

// Types for server.js, which stays plain JavaScript so that `npm run demo:web` needs no build step.

export const isolationHeaders: Readonly<Record<string, string>>;

export interface StartServerOptions {
  /** `[url prefix, folder]` pairs, e.g. `['/', 'demo/web']`, `['/dist/', 'dist']`. */
  mounts: Array<[string, string]>;
  /** Send COOP/COEP (default true). */
  isolated?: boolean;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Collects the path of every request, in order. */
  requests?: string[];
}

export function startServer(options: StartServerOptions): Promise<{ url: string; close(): Promise<void> }>;

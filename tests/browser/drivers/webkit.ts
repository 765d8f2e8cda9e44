// WebKitGTK through webdriverio and WebKitWebDriver (Debian's webkit2gtk-driver), driving MiniBrowser
// in automation mode under a private Xvfb (MiniBrowser has no headless mode). The driver's environment
// decides whether pages get SharedArrayBuffer: JSC_useSharedArrayBuffer=1 for the `webkit-sab` engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { remote } from 'webdriverio';
import { kPageTimeout, miniBrowserPath, webkitDriverPath, type Browser, type Engine, type Tab } from '../engines.js';

// Children of this test process, ended when it ends, however it ends.
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function start(command: string, args: string[], env: NodeJS.ProcessEnv, fd3 = false): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'ignore', ...(fd3 ? ['pipe' as const] : [])] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

// Xvfb picks a free display itself and writes its number to fd 3 once it accepts clients.
async function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  const xvfb = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], process.env, true);
  const [data] = await Promise.race([
    once(xvfb.stdio[3]!, 'data') as Promise<[Buffer]>,
    once(xvfb, 'exit').then(([code]) => { throw new Error(`Xvfb exited (${code}) before it was ready`); }),
  ]);
  return { xvfb, display: `:${String(data).trim()}` };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function startDriver(env: NodeJS.ProcessEnv): Promise<{ driver: ChildProcess; port: number }> {
  const port = await freePort();
  const driver = start(webkitDriverPath, [`--port=${port}`], env);
  const deadline = Date.now() + kPageTimeout;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
    if (ready) return { driver, port };
    if (Date.now() > deadline) throw new Error('WebKitWebDriver did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function launchWebKit(engine: Engine): Promise<Browser> {
  const { xvfb, display } = await startXvfb();
  let driver: ChildProcess | undefined;
  try {
    const env = { ...process.env, DISPLAY: display, ...(engine.threads ? { JSC_useSharedArrayBuffer: '1' } : {}) };
    const started = await startDriver(env);
    driver = started.driver;
    const session = await remote({
      hostname: '127.0.0.1', port: started.port, logLevel: 'error', connectionRetryTimeout: kPageTimeout,
      capabilities: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
        // Classic WebDriver: WebKitGTK's BiDi support is partial, and nothing here needs it.
        'wdio:enforceWebDriverClassic': true,
        timeouts: { script: kPageTimeout, pageLoad: kPageTimeout, implicit: 0 },
      } as WebdriverIO.Capabilities,
    });
    let open = false;
    return {
      engine,
      // One window per session (a session is a MiniBrowser process, seconds to start): each page
      // is that window navigated anew, and leaving it for about:blank ends its workers.
      async open(url) {
        if (open) throw new Error('WebKit driver: one page at a time');
        open = true;
        await session.url(url);
        const tab: Tab = {
          evaluate: (fn, arg) => session.execute(fn as never, arg as never) as never,
          liveWorkers: undefined,
          // Classic WebDriver picks files by sending the path as keys to the input.
          setInputFiles: async (selector, path) => {
            await session.$(selector).addValue(path);
          },
          close: async () => {
            await session.url('about:blank');
            open = false;
          },
        };
        return tab;
      },
      async close() {
        await session.deleteSession().catch(() => undefined);
        await stop(driver);
        await stop(xvfb);
      },
    };
  } catch (error) {
    await stop(driver);
    await stop(xvfb);
    throw error;
  }
}
